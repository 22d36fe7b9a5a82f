//! Input detection and decoding: whatever the user has — raw XML, base64, a Redirect URL, a POST body, an auto-post
//! HTML page, a HAR export, a certificate, a log excerpt with error texts — becomes a list of [`Item`]s, plus the
//! [`DecodeProblem`]s met on the way (repairs made, parts that could not be decoded).
//!
//! How an input is recognised (see `detect.rs` for the order):
//!
//! | input | what comes out |
//! |---|---|
//! | raw XML (message or metadata; BOM, declaration, leading whitespace allowed; UTF-16 with BOM too) | a [`Binding::Raw`] message |
//! | base64 (POST binding; wrapped lines fine) / base64 of raw DEFLATE or zlib (Redirect binding), also percent-encoded once or twice | a message |
//! | a URL or a query string with `SAMLRequest=`/`SAMLResponse=` (also inside another URL's parameter) | a [`Item::Request`] and a message with `RelayState` and the Redirect [`RedirectSignature`] |
//! | a form body `SAMLResponse=…&RelayState=…` | a message |
//! | an HTML page with the auto-post form | a message per SAML field, `url` = the form's `action` |
//! | a HAR 1.2 capture | per entry a [`Item::Request`], the SAML messages of its URL, body and response, and error texts |
//! | PEM certificates, base64 DER certificates, a DER certificate file | [`Item::Certificate`]s |
//! | a PEM or DER private key | a [`DecodeProblem::PrivateKey`] warning (the key bytes are not kept) |
//! | free text mixing the above | each part, in order |
//!
//! Any input that mentions an AADSTS code or a Cognito error also yields an [`Item::Text`] for the explainer.
//!
//! Limits: an input may be [`MAX_INPUT_BYTES`] (200 MB, enough for a long HAR capture); a message, its decoded bytes
//! and its inflated form [`MAX_MESSAGE_BYTES`]; a trace [`MAX_MESSAGES`](crate::analysis::MAX_MESSAGES) messages.
//! Nothing here panics on any input.

mod base64;
mod detect;
mod har;
mod html;
mod inflate;
mod payload;
mod pem;
mod text;
mod url;

use serde::Serialize;

use crate::analysis::MAX_MESSAGES;

pub use text::MAX_TEXT_BYTES;

/// Largest decoded message accepted (and largest inflate output): 10 MB, so a deflate bomb cannot exhaust memory.
pub const MAX_MESSAGE_BYTES: usize = 10 * 1024 * 1024;

/// Largest input accepted: 200 MB. A HAR capture of a whole sign-in with every script and image stays well under;
/// anything larger is refused before it is read (in the browser the whole input is in memory at once).
pub const MAX_INPUT_BYTES: usize = 200 * 1024 * 1024;

/// One thing the user gave us: a pasted text or a file.
#[derive(Debug, Clone)]
pub struct Input {
    /// A file name, or a label such as `pasted text`.
    pub name: String,
    /// The bytes as given.
    pub bytes: Vec<u8>,
}

impl Input {
    /// An input from text.
    pub fn text(name: impl Into<String>, text: impl Into<String>) -> Self {
        Input { name: name.into(), bytes: text.into().into_bytes() }
    }
}

/// Where an item was found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Index of the input (0-based).
    pub input: usize,
    /// The input's name.
    pub input_name: String,
    /// The HAR entry it came from, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub har_entry: Option<HarEntryRef>,
    /// Where inside the input or entry: `query SAMLRequest`, `POST body SAMLResponse`, `HTML form`, `response body`,
    /// `Location header`, `line 12` …
    pub location: String,
}

impl Source {
    /// Where, in words: `input 1 "trace.har", HAR entry 12 (POST https://…), POST body SAMLResponse`.
    pub fn describe(&self) -> String {
        let mut s = format!("input {} \"{}\"", self.input + 1, self.input_name);
        if let Some(h) = &self.har_entry {
            s.push_str(&format!(", HAR entry {} ({} {})", h.index + 1, h.method, h.url));
        }
        if !self.location.is_empty() {
            s.push_str(", ");
            s.push_str(&self.location);
        }
        s
    }
}

/// The HAR entry an item came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HarEntryRef {
    /// Index of the entry in `log.entries` (0-based).
    pub index: usize,
    /// HTTP method.
    pub method: String,
    /// Request URL.
    pub url: String,
    /// HTTP status of the response (0 if absent).
    pub status: u16,
    /// `startedDateTime` as Unix seconds, if it parsed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started: Option<i64>,
}

/// How a SAML message travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Binding {
    /// HTTP-Redirect: deflate + base64 + URL encoding in a query string.
    Redirect,
    /// HTTP-POST: base64 in a form field.
    Post,
    /// Pasted as XML (or base64 of XML) with no binding context.
    Raw,
}

/// One decoded step, for showing the user how the bytes were decoded (`url-decode`, `base64`, `inflate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DecodeStep {
    /// Percent-decoding (once per application).
    UrlDecode,
    /// Base64 decoding.
    Base64,
    /// Base64 decoding with the URL-safe alphabet (`-` and `_` instead of `+` and `/`).
    Base64Url,
    /// Raw DEFLATE inflation (or a zlib stream).
    Inflate,
    /// A UTF-8 byte-order mark was removed.
    StripBom,
}

/// A SAML message (or metadata document) found in the input, decoded to XML text.
#[derive(Debug, Clone, Serialize)]
pub struct DecodedMessage {
    /// Where it was found.
    pub source: Source,
    /// The query/form parameter that carried it (`SAMLRequest`, `SAMLResponse`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// How it travelled.
    pub binding: Binding,
    /// The decoding steps applied, in order.
    pub steps: Vec<DecodeStep>,
    /// The XML text.
    pub xml: String,
    /// `RelayState`, if present next to it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relay_state: Option<String>,
    /// For the Redirect binding: the detached signature parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_signature: Option<RedirectSignature>,
    /// The full URL it came from, if any (for the sign-on and ACS checks).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The HTTP-Redirect binding's detached signature (SAML Bindings §3.4.4.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RedirectSignature {
    /// `SigAlg` (percent-decoded).
    pub sig_alg: String,
    /// `Signature` (percent-decoded, still base64).
    pub signature: String,
    /// The exact octets that were signed: `SAMLRequest=…&RelayState=…&SigAlg=…` as they appear in the query
    /// (still percent-encoded).
    pub signed_octets: String,
}

/// Something found in the input.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Item {
    /// A SAML message or metadata document.
    Message(DecodedMessage),
    /// A certificate (PEM or base64 DER), as DER bytes.
    Certificate {
        /// Where it was found.
        source: Source,
        /// The DER bytes.
        #[serde(skip)]
        der: Vec<u8>,
    },
    /// A text that may hold error messages (an error page, a StatusMessage, a Cognito `error_description`, a log
    /// line); the flow rules scan these for AADSTS codes and Cognito errors.
    Text {
        /// Where it was found.
        source: Source,
        /// The text.
        text: String,
    },
    /// A request in a HAR capture or a URL in pasted text, for the timeline (sign-on page, Cognito, Entra, ACS).
    Request {
        /// Where it was found.
        source: Source,
        /// HTTP method (`GET` for pasted URLs).
        method: String,
        /// The URL.
        url: String,
        /// HTTP status (0 if unknown).
        status: u16,
        /// The `Location` header of a redirect response.
        #[serde(skip_serializing_if = "Option::is_none")]
        redirect_to: Option<String>,
    },
}

impl Item {
    /// Where the item was found.
    pub fn source(&self) -> &Source {
        match self {
            Item::Message(m) => &m.source,
            Item::Certificate { source, .. } | Item::Text { source, .. } | Item::Request { source, .. } => source,
        }
    }
}

/// A problem met while decoding; the `decode.*` rules report them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DecodeProblem {
    /// Nothing SAML-related was recognised in an input.
    Unrecognized {
        /// Where.
        source: Source,
        /// The first characters of the input, for the message.
        preview: String,
    },
    /// A value looked like base64 but is not valid base64.
    Base64Invalid {
        /// Where.
        source: Source,
        /// What is wrong (e.g. `invalid character '#' at offset 17`).
        detail: String,
    },
    /// `+` characters had been turned into spaces (a URL-decoding mistake or a paste through a form); repaired.
    PlusAsSpace {
        /// Where.
        source: Source,
        /// How many spaces were turned back into `+`.
        count: usize,
    },
    /// Missing `=` padding was added back; repaired.
    PaddingRepaired {
        /// Where.
        source: Source,
    },
    /// Inflating the Redirect-binding payload failed.
    InflateFailed {
        /// Where.
        source: Source,
        /// The inflater's message.
        detail: String,
    },
    /// A message or its inflated form exceeds [`MAX_MESSAGE_BYTES`] (or an input exceeds the input limit).
    TooLarge {
        /// Where.
        source: Source,
        /// The limit in bytes.
        limit: usize,
    },
    /// The decoded XML ends before its root element closes (a copy cut short).
    Truncated {
        /// Where.
        source: Source,
        /// The element still open at the end.
        open_element: String,
    },
    /// A HAR file that is not valid JSON or not HAR 1.2 shaped.
    HarInvalid {
        /// Where.
        source: Source,
        /// What is wrong.
        detail: String,
    },
    /// More messages than the per-trace limit; the rest were ignored.
    TooManyMessages {
        /// Where.
        source: Source,
        /// The limit.
        limit: usize,
    },
    /// A private key was pasted (PEM or DER). Its bytes are not kept.
    PrivateKey {
        /// Where.
        source: Source,
        /// The PEM label (`RSA PRIVATE KEY`) or the DER encoding (`PKCS#8 private key`).
        label: String,
    },
    /// A URL or query string was broken over several lines (an e-mail or ticket wrapped it); the line breaks were
    /// removed.
    LineBreaksRemoved {
        /// Where.
        source: Source,
        /// How many line breaks were removed.
        count: usize,
    },
}

impl DecodeProblem {
    /// Where the problem was met.
    pub fn source(&self) -> &Source {
        match self {
            DecodeProblem::Unrecognized { source, .. }
            | DecodeProblem::Base64Invalid { source, .. }
            | DecodeProblem::PlusAsSpace { source, .. }
            | DecodeProblem::PaddingRepaired { source }
            | DecodeProblem::InflateFailed { source, .. }
            | DecodeProblem::TooLarge { source, .. }
            | DecodeProblem::Truncated { source, .. }
            | DecodeProblem::HarInvalid { source, .. }
            | DecodeProblem::TooManyMessages { source, .. }
            | DecodeProblem::PrivateKey { source, .. }
            | DecodeProblem::LineBreaksRemoved { source, .. } => source,
        }
    }
}

/// The result of decoding all inputs of one trace.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Decoded {
    /// Items in the order they occur (inputs in order; HAR entries in order).
    pub items: Vec<Item>,
    /// Problems met.
    pub problems: Vec<DecodeProblem>,
}

/// Decodes every input of a trace.
pub fn decode(inputs: &[Input]) -> Decoded {
    let mut decoder = Decoder::default();
    for (index, input) in inputs.iter().enumerate() {
        detect::decode_input(&mut decoder, index, input);
    }
    decoder.out
}

/// Collects what decoding finds, enforcing the per-trace message limit.
#[derive(Debug, Default)]
struct Decoder {
    out: Decoded,
    messages: usize,
    overflow_reported: bool,
}

impl Decoder {
    /// Adds an item or a problem. Messages beyond [`MAX_MESSAGES`] are dropped with one `TooManyMessages`; a
    /// message whose decoded XML mentions an error that its encoding hid also yields an [`Item::Text`].
    fn push(&mut self, found: Found) {
        match found {
            Found::Problem(p) => self.out.problems.push(p),
            Found::Item(Item::Message(m)) => {
                if self.messages >= MAX_MESSAGES {
                    if !self.overflow_reported {
                        self.overflow_reported = true;
                        self.out
                            .problems
                            .push(DecodeProblem::TooManyMessages { source: m.source, limit: MAX_MESSAGES });
                    }
                    return;
                }
                self.messages += 1;
                let base64 = m.steps.iter().any(|s| matches!(s, DecodeStep::Base64 | DecodeStep::Base64Url));
                let hidden_error = base64 && text::mentions_error(&m.xml);
                let text = hidden_error.then(|| Item::Text {
                    source: Source { location: join_location(&m.source.location, "decoded XML"), ..m.source.clone() },
                    text: text::error_excerpt(&m.xml),
                });
                self.out.items.push(Item::Message(m));
                self.out.items.extend(text);
            }
            Found::Item(item) => self.out.items.push(item),
        }
    }

    fn extend(&mut self, found: impl IntoIterator<Item = Found>) {
        for f in found {
            self.push(f);
        }
    }

    /// How many items and problems so far (to tell whether an input yielded anything).
    fn count(&self) -> usize {
        self.out.items.len() + self.out.problems.len() + usize::from(self.overflow_reported)
    }
}

/// An item or a problem, before it is added.
#[derive(Debug)]
enum Found {
    Item(Item),
    Problem(DecodeProblem),
}

/// The input (and HAR entry) being decoded, to build [`Source`]s.
#[derive(Debug, Clone)]
struct Place {
    input: usize,
    input_name: String,
    har_entry: Option<HarEntryRef>,
}

impl Place {
    fn at(&self, location: impl Into<String>) -> Source {
        Source {
            input: self.input,
            input_name: self.input_name.clone(),
            har_entry: self.har_entry.clone(),
            location: location.into(),
        }
    }
}

fn join_location(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_owned()
    } else {
        format!("{a}, {b}")
    }
}

/// What carried a value, and what to do when it does not decode.
#[derive(Debug)]
struct Carrier {
    source: Source,
    parameter: Option<String>,
    relay_state: Option<String>,
    redirect_signature: Option<RedirectSignature>,
    url: Option<String>,
    /// The value is known to be meant as SAML (a `SAMLResponse` field, a whole pasted input): failures are
    /// reported. Otherwise (a blob in free text) only SAML XML, certificates and keys are kept, silently.
    expected: bool,
    /// Percent-decodings applied to the enclosing token before the value was found.
    outer_decodes: usize,
}

impl Carrier {
    fn new(source: Source) -> Self {
        Carrier {
            source,
            parameter: None,
            relay_state: None,
            redirect_signature: None,
            url: None,
            expected: false,
            outer_decodes: 0,
        }
    }

    fn expected(mut self) -> Self {
        self.expected = true;
        self
    }

    fn parameter(mut self, name: &str) -> Self {
        self.parameter = Some(name.to_owned());
        self
    }
}

/// Decodes one value and says what it carries.
fn carried(raw: &str, carrier: Carrier) -> Vec<Found> {
    use payload::{Payload, PayloadError};
    let decoding = payload::decode(raw);
    let mut out = Vec::new();
    let keep = match &decoding.result {
        Ok(Payload::Xml { xml, .. }) => carrier.expected || payload::looks_like_saml(xml),
        Ok(_) => true,
        Err(_) => carrier.expected,
    };
    if !keep {
        return out;
    }
    let source = carrier.source;
    if decoding.plus_as_space > 0 {
        out.push(Found::Problem(DecodeProblem::PlusAsSpace { source: source.clone(), count: decoding.plus_as_space }));
    }
    if decoding.padding_repaired {
        out.push(Found::Problem(DecodeProblem::PaddingRepaired { source: source.clone() }));
    }
    match decoding.result {
        Ok(Payload::Xml { xml, steps: inner }) => {
            let mut steps = vec![DecodeStep::UrlDecode; carrier.outer_decodes];
            steps.extend(inner);
            let binding = if steps.contains(&DecodeStep::Inflate) {
                Binding::Redirect
            } else if carrier.parameter.is_some() {
                Binding::Post
            } else {
                Binding::Raw
            };
            out.push(Found::Item(Item::Message(DecodedMessage {
                source,
                parameter: carrier.parameter,
                binding,
                steps,
                xml,
                relay_state: carrier.relay_state,
                redirect_signature: carrier.redirect_signature,
                url: carrier.url,
            })));
        }
        Ok(Payload::Certificate(der)) => out.push(Found::Item(Item::Certificate { source, der })),
        Ok(Payload::PrivateKey(label)) => {
            out.push(Found::Problem(DecodeProblem::PrivateKey { source, label: label.to_owned() }));
        }
        Err(PayloadError::Base64(detail)) => out.push(Found::Problem(DecodeProblem::Base64Invalid { source, detail })),
        Err(PayloadError::Inflate(detail)) => out.push(Found::Problem(DecodeProblem::InflateFailed { source, detail })),
        Err(PayloadError::NotXml(preview)) => out.push(Found::Problem(DecodeProblem::InflateFailed {
            source,
            detail: format!("the value inflates, but not to XML (it starts with \"{preview}\")"),
        })),
        Err(PayloadError::TooLarge { inflated }) => {
            let source = if inflated {
                Source { location: join_location(&source.location, "inflated"), ..source }
            } else {
                source
            };
            out.push(Found::Problem(DecodeProblem::TooLarge { source, limit: MAX_MESSAGE_BYTES }));
        }
    }
    out
}

/// The context of a query string or form body.
#[derive(Debug)]
struct QueryCarrier<'a> {
    place: &'a Place,
    /// Put before the location (`line 3, `), or empty.
    prefix: &'a str,
    /// `query`, `POST body`, `Location header`.
    label: &'a str,
    url: Option<String>,
    outer_decodes: usize,
    /// Whether a Redirect signature (`SigAlg`, `Signature`) may be present (query strings, not form bodies).
    signature: bool,
}

/// Decodes the SAML parameters of a query string or form body.
fn query_messages(raw_query: &str, ctx: &QueryCarrier<'_>) -> Vec<Found> {
    let query = url::Query::parse(raw_query);
    let relay_state = query.decoded("RelayState");
    let mut out = Vec::new();
    for pair in query.saml_pairs() {
        let mut carrier = Carrier::new(ctx.place.at(format!("{}{} {}", ctx.prefix, ctx.label, pair.name))).expected();
        carrier.parameter = Some(pair.name.clone());
        carrier.relay_state.clone_from(&relay_state);
        carrier.redirect_signature = if ctx.signature { query.redirect_signature(pair) } else { None };
        carrier.url.clone_from(&ctx.url);
        carrier.outer_decodes = ctx.outer_decodes;
        out.extend(carried(pair.raw_value.unwrap_or(""), carrier));
    }
    out
}
