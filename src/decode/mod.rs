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
//! and its inflated form [`MAX_MESSAGE_BYTES`]; a trace [`MAX_MESSAGES`] messages.
//! Nothing here panics on any input.

mod base64;
mod detect;
#[cfg(test)]
pub(crate) mod encode;
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
    /// Where, in words: `input 1 "trace.har", HAR entry 12 (POST https://…), POST body SAMLResponse`. A HAR entry's
    /// URL is shown without its query (which may hold a whole SAML message).
    pub fn describe(&self) -> String {
        let mut s = format!("input {} \"{}\"", self.input + 1, self.input_name);
        if let Some(h) = &self.har_entry {
            s.push_str(&format!(", HAR entry {} ({} {})", h.index + 1, h.method, short_url(&h.url)));
        }
        if !self.location.is_empty() {
            s.push_str(", ");
            s.push_str(&self.location);
        }
        s
    }
}

/// A URL for a message: up to the query (which may hold a whole SAML message), shortened past 100 characters.
fn short_url(url: &str) -> String {
    const MAX: usize = 100;
    let (base, query) = match url.split_once('?') {
        Some((base, _)) => (base, "?…"),
        None => (url, ""),
    };
    if base.chars().count() > MAX {
        let cut: String = base.chars().take(MAX - 1).collect();
        format!("{cut}…")
    } else {
        format!("{base}{query}")
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
    decode_with_progress(inputs, &mut |_| {})
}

/// How far decoding has come, for a progress display (see [`decode_with_progress`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeProgress {
    /// Inputs fully decoded so far.
    pub inputs_done: usize,
    /// Inputs in the trace.
    pub inputs_total: usize,
    /// While a HAR capture is scanned: its entries scanned so far and the entries it has.
    pub har_entries: Option<(usize, usize)>,
}

/// [`decode`], telling `on_progress` where it is: once a HAR capture is parsed (0 entries scanned) and after each of
/// its entries, and after each input. The counts only grow; the last report has every input done.
pub fn decode_with_progress(inputs: &[Input], on_progress: &mut dyn FnMut(DecodeProgress)) -> Decoded {
    let mut decoder = Decoder::default();
    let inputs_total = inputs.len();
    for (index, input) in inputs.iter().enumerate() {
        let mut on_har_entry = |scanned: usize, entries: usize| {
            on_progress(DecodeProgress { inputs_done: index, inputs_total, har_entries: Some((scanned, entries)) });
        };
        detect::decode_input(&mut decoder, index, input, &mut on_har_entry);
        on_progress(DecodeProgress { inputs_done: index + 1, inputs_total, har_entries: None });
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
    // Repairs are worth reporting only when they led somewhere; a value that fails anyway gets one problem.
    let repaired = decoding.result.is_ok();
    if repaired && decoding.plus_as_space > 0 {
        out.push(Found::Problem(DecodeProblem::PlusAsSpace { source: source.clone(), count: decoding.plus_as_space }));
    }
    if repaired && decoding.padding_repaired {
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

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use flate2::write::ZlibEncoder;
    use flate2::Compression;

    use super::*;

    const AUTHN_REQUEST: &str = r#"<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_8e8dc5f69a98cc4c1ff3427e5ce34606fd672f91e6" Version="2.0" IssueInstant="2024-05-01T12:00:00Z" Destination="https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2" AssertionConsumerServiceURL="https://numly.auth.eu-west-1.amazoncognito.com/saml2/idpresponse" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"><saml:Issuer>urn:amazon:cognito:sp:eu-west-1_AbCdEfGhI</saml:Issuer><samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" AllowCreate="true"/></samlp:AuthnRequest>"#;
    const RESPONSE: &str = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1" Version="2.0" IssueInstant="2024-05-01T12:00:05Z" Destination="https://numly.auth.eu-west-1.amazoncognito.com/saml2/idpresponse" InResponseTo="_8e8dc5f69a98cc4c1ff3427e5ce34606fd672f91e6"><Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">https://sts.windows.net/00000000-0000-0000-0000-000000000000/</Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:Response>"#;
    const LOGOUT_REQUEST: &str = r#"<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_l1" Version="2.0" IssueInstant="2024-05-01T12:00:00Z"><saml:Issuer>urn:amazon:cognito:sp:eu-west-1_AbCdEfGhI</saml:Issuer><saml:NameID>user@example.com</saml:NameID></samlp:LogoutRequest>"#;
    const LOGOUT_RESPONSE: &str = r#"<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_lr1" Version="2.0" IssueInstant="2024-05-01T12:00:00Z" InResponseTo="_l1"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>"#;
    const ENTITY_DESCRIPTOR: &str = r#"<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" ID="_m1" entityID="https://sts.windows.net/00000000-0000-0000-0000-000000000000/"><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2"/></IDPSSODescriptor></EntityDescriptor>"#;
    const ENTITIES_DESCRIPTOR: &str = r#"<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"><md:EntityDescriptor entityID="urn:a"/><md:EntityDescriptor entityID="urn:b"/></md:EntitiesDescriptor>"#;

    use super::encode::{b64, deflate, urlencode};

    fn decode_text(text: &str) -> Decoded {
        decode(&[Input::text("pasted", text)])
    }

    fn messages(d: &Decoded) -> Vec<&DecodedMessage> {
        d.items
            .iter()
            .filter_map(|i| match i {
                Item::Message(m) => Some(m),
                _ => None,
            })
            .collect()
    }

    fn only_message(d: &Decoded) -> &DecodedMessage {
        let m = messages(d);
        assert_eq!(m.len(), 1, "{d:#?}");
        m[0]
    }

    fn texts(d: &Decoded) -> Vec<&str> {
        d.items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn raw_xml_of_every_kind() {
        for xml in [AUTHN_REQUEST, RESPONSE, LOGOUT_REQUEST, LOGOUT_RESPONSE, ENTITY_DESCRIPTOR, ENTITIES_DESCRIPTOR] {
            for pasted in [xml.to_owned(), format!("\n  <?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{xml}\n")] {
                let d = decode_text(&pasted);
                let m = only_message(&d);
                assert_eq!((m.binding, m.steps.as_slice(), m.xml.as_str()), (Binding::Raw, &[][..], pasted.trim()));
                assert!(d.problems.is_empty(), "{:?}", d.problems);
            }
            let mut with_bom = b"\xef\xbb\xbf".to_vec();
            with_bom.extend_from_slice(xml.as_bytes());
            let d = decode(&[Input { name: "bom.xml".into(), bytes: with_bom }]);
            assert_eq!(only_message(&d).steps, [DecodeStep::StripBom]);
            assert_eq!(only_message(&d).xml, xml);
        }
    }

    #[test]
    fn post_binding_base64_with_wrapped_lines() {
        let encoded = b64(RESPONSE.as_bytes());
        let wrapped: String =
            encoded.as_bytes().chunks(76).map(|c| ["  ", &String::from_utf8_lossy(c), "\r\n"].concat()).collect();
        let d = decode_text(&wrapped);
        let m = only_message(&d);
        assert_eq!(
            (m.binding, m.steps.as_slice(), m.xml.as_str()),
            (Binding::Raw, &[DecodeStep::Base64][..], RESPONSE)
        );
        assert!(d.problems.is_empty(), "line breaks in base64 are legal (RFC 2045): {:?}", d.problems);
    }

    #[test]
    fn redirect_binding_deflate_and_zlib() {
        let d = decode_text(&b64(&deflate(AUTHN_REQUEST.as_bytes())));
        let m = only_message(&d);
        assert_eq!(
            (m.binding, m.steps.as_slice()),
            (Binding::Redirect, &[DecodeStep::Base64, DecodeStep::Inflate][..])
        );
        assert_eq!(m.xml, AUTHN_REQUEST);

        let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
        z.write_all(AUTHN_REQUEST.as_bytes()).unwrap();
        let d = decode_text(&b64(&z.finish().unwrap()));
        assert_eq!(only_message(&d).xml, AUTHN_REQUEST);
    }

    #[test]
    fn url_encoded_once_and_twice() {
        let once = urlencode(&b64(&deflate(AUTHN_REQUEST.as_bytes())));
        for (pasted, decodes) in [(once.clone(), 1), (urlencode(&once), 2)] {
            let d = decode_text(&pasted);
            let m = only_message(&d);
            assert_eq!(m.steps.iter().filter(|s| **s == DecodeStep::UrlDecode).count(), decodes);
            assert_eq!(m.xml, AUTHN_REQUEST);
        }
        let d = decode_text(&urlencode(RESPONSE));
        assert_eq!(only_message(&d).steps, [DecodeStep::UrlDecode]);
    }

    #[test]
    fn whole_redirect_url_keeps_relay_state_and_signature() {
        let value = urlencode(&b64(&deflate(AUTHN_REQUEST.as_bytes())));
        let sig_alg = urlencode("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        let url = format!(
            "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2?SAMLRequest={value}&RelayState=H4sI%2Bx&SigAlg={sig_alg}&Signature=c2ln%2Bbg%3D%3D"
        );
        let d = decode_text(&url);
        let m = only_message(&d);
        assert_eq!((m.binding, m.parameter.as_deref()), (Binding::Redirect, Some("SAMLRequest")));
        assert_eq!(m.relay_state.as_deref(), Some("H4sI+x"));
        assert_eq!(m.url.as_deref(), Some(url.as_str()));
        assert_eq!(m.source.location, "query SAMLRequest");
        let sig = m.redirect_signature.as_ref().unwrap();
        assert_eq!(sig.signed_octets, format!("SAMLRequest={value}&RelayState=H4sI%2Bx&SigAlg={sig_alg}"));
        assert_eq!(sig.signature, "c2ln+bg==");
        assert_eq!(sig.sig_alg, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        assert!(matches!(&d.items[0], Item::Request { url: u, method, .. } if *u == url && method == "GET"));
    }

    #[test]
    fn query_string_and_form_body() {
        let value = urlencode(&b64(&deflate(LOGOUT_REQUEST.as_bytes())));
        let d = decode_text(&format!("SAMLRequest={value}&SigAlg=x&Signature=y"));
        let m = only_message(&d);
        assert_eq!((m.binding, m.url.as_ref()), (Binding::Redirect, None));
        assert_eq!(m.redirect_signature.as_ref().unwrap().signed_octets, format!("SAMLRequest={value}&SigAlg=x"));

        let body = format!("SAMLResponse={}&RelayState=state%201", urlencode(&b64(RESPONSE.as_bytes())));
        let d = decode_text(&body);
        let m = only_message(&d);
        assert_eq!(
            (m.binding, m.parameter.as_deref(), m.relay_state.as_deref()),
            (Binding::Post, Some("SAMLResponse"), Some("state 1"))
        );
        assert_eq!(m.xml, RESPONSE);
        assert!(m.redirect_signature.is_none());
    }

    #[test]
    fn entra_auto_post_page() {
        let value = b64(RESPONSE.as_bytes()).replace('+', "&#43;");
        let page = format!(
            "<html><head><title>Working...</title></head><body><form method=\"POST\" name=\"hiddenform\" action=\"https://numly.auth.eu-west-1.amazoncognito.com/saml2/idpresponse\"><input type=\"hidden\" name=\"SAMLResponse\" value=\"{value}\" /><input type=\"hidden\" name=\"RelayState\" value=\"abc&amp;def\" /><noscript><p>Script is disabled. Click Submit to continue.</p><input type=\"submit\" value=\"Submit\" /></noscript></form><script language=\"javascript\">window.setTimeout('document.forms[0].submit()', 0);</script></body></html>"
        );
        let d = decode_text(&page);
        let m = only_message(&d);
        assert_eq!((m.binding, m.xml.as_str()), (Binding::Post, RESPONSE));
        assert_eq!(m.url.as_deref(), Some("https://numly.auth.eu-west-1.amazoncognito.com/saml2/idpresponse"));
        assert_eq!(m.relay_state.as_deref(), Some("abc&def"));
        assert_eq!(m.source.location, "HTML form SAMLResponse");
    }

    #[test]
    fn har_capture() {
        let value = urlencode(&b64(&deflate(AUTHN_REQUEST.as_bytes())));
        let location = format!("https://login.microsoftonline.com/t/saml2?SAMLRequest={value}");
        let post = format!("SAMLResponse={}&RelayState=r", urlencode(&b64(RESPONSE.as_bytes())));
        let har = serde_json::json!({"log": {"version": "1.2", "entries": [
            {"startedDateTime": "2024-05-01T12:00:00.000Z",
             "request": {"method": "GET", "url": "https://numly.auth.eu-west-1.amazoncognito.com/oauth2/authorize?client_id=x"},
             "response": {"status": 302, "headers": [{"name": "location", "value": location}], "content": {"mimeType": "text/html", "text": ""}}},
            {"startedDateTime": "2024-05-01T12:00:01.000Z",
             "request": {"method": "GET", "url": location},
             "response": {"status": 200, "headers": [], "content": {"mimeType": "text/html; charset=utf-8", "encoding": "base64",
                 "text": b64(b"<html>AADSTS50105: Your administrator has configured the application to block users</html>")}}},
            {"startedDateTime": "2024-05-01T12:00:09.000Z",
             "request": {"method": "POST", "url": "https://numly.auth.eu-west-1.amazoncognito.com/saml2/idpresponse",
                         "postData": {"mimeType": "application/x-www-form-urlencoded", "text": post}},
             "response": {"status": 302, "headers": [{"name": "Location", "value": "https://x.numly.io/?error_description=Invalid+samlResponse+or+relayState+from+identity+provider&error=invalid_request"}]}}
        ]}});
        let d = decode_text(&har.to_string());
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let requests: Vec<_> = d.items.iter().filter(|i| matches!(i, Item::Request { .. })).collect();
        assert_eq!(requests.len(), 3);
        assert!(matches!(requests[0], Item::Request { status: 302, redirect_to: Some(l), .. } if *l == location));
        let m = messages(&d);
        assert_eq!(m.len(), 2, "the Location copy of the AuthnRequest is the same message as entry 2's URL");
        assert_eq!(m[0].source.har_entry.as_ref().map(|h| (h.index, h.started)), Some((1, Some(1_714_564_801))));
        assert_eq!((m[0].binding, m[0].source.location.as_str()), (Binding::Redirect, "query SAMLRequest"));
        assert_eq!((m[1].binding, m[1].source.location.as_str()), (Binding::Post, "POST body SAMLResponse"));
        assert_eq!(m[1].url.as_deref(), Some("https://numly.auth.eu-west-1.amazoncognito.com/saml2/idpresponse"));
        let t = texts(&d);
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t[0].contains("AADSTS50105"));
        assert!(t[1].contains("error_description=Invalid+samlResponse"));
    }

    #[test]
    fn certificates_pem_many_and_der() {
        let pem = std::fs::read_to_string(fixture("crewjam-saml/testdata/sp_cert.pem")).unwrap();
        let d = decode_text(&format!("{pem}\n{pem}"));
        let certs: Vec<_> = d.items.iter().filter(|i| matches!(i, Item::Certificate { .. })).collect();
        assert_eq!(certs.len(), 2);
        let Item::Certificate { der, .. } = certs[0] else { unreachable!() };
        // The same certificate pasted as bare base64 (as Entra shows it), and as a binary .cer file.
        let bare = b64(der);
        assert!(matches!(decode_text(&bare).items.as_slice(), [Item::Certificate { der: d2, .. }] if d2 == der));
        let file = decode(&[Input { name: "entra.cer".into(), bytes: der.clone() }]);
        assert!(matches!(file.items.as_slice(), [Item::Certificate { .. }]));
    }

    #[test]
    fn private_keys_are_flagged_and_dropped() {
        let pem = std::fs::read_to_string(fixture("crewjam-saml/testdata/sp_key.pem")).unwrap();
        let d = decode_text(&pem);
        assert!(d.items.is_empty());
        assert!(
            matches!(d.problems.as_slice(), [DecodeProblem::PrivateKey { label, .. }] if label == "RSA PRIVATE KEY")
        );
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let key_line = pem.lines().nth(1).unwrap();
        assert!(!serde_json::to_string(&d).unwrap().contains(key_line), "no key material is kept");
        // The same key as bare base64 DER.
        let d = decode_text(&body);
        assert!(matches!(d.problems.as_slice(), [DecodeProblem::PrivateKey { label, .. }] if label.contains("PKCS#1")));
    }

    #[test]
    fn log_excerpt_with_everything() {
        let cert = std::fs::read_to_string(fixture("crewjam-saml/testdata/sp_cert.pem")).unwrap();
        let redirect = format!(
            "https://login.microsoftonline.com/t/saml2?SAMLRequest={}",
            urlencode(&b64(&deflate(AUTHN_REQUEST.as_bytes())))
        );
        let log = format!(
            "2024-05-01 12:00:00 INFO redirecting to \"{redirect}\"\n\
             2024-05-01 12:00:05 DEBUG SAMLResponse: {}\n\
             2024-05-01 12:00:05 ERROR AADSTS50011: The redirect URI specified in the request does not match.\n\
             idp cert:\n{cert}\n\
             {}\n",
            b64(RESPONSE.as_bytes()),
            b64(LOGOUT_RESPONSE.as_bytes())
                .as_bytes()
                .chunks(64)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join("\n"),
        );
        let d = decode_text(&log);
        let kinds: Vec<&str> = d
            .items
            .iter()
            .map(|i| match i {
                Item::Message(m) if m.xml == AUTHN_REQUEST => "authn",
                Item::Message(m) if m.xml == RESPONSE => "response",
                Item::Message(m) if m.xml == LOGOUT_RESPONSE => "logout-response",
                Item::Message(_) => "other message",
                Item::Certificate { .. } => "cert",
                Item::Text { .. } => "text",
                Item::Request { .. } => "request",
            })
            .collect();
        assert_eq!(kinds, ["request", "authn", "response", "cert", "logout-response", "text"]);
        let m = messages(&d);
        assert_eq!(m[0].source.location, "line 1, query SAMLRequest");
        assert_eq!(m[1].source.location, "line 2");
        assert!(matches!(d.items.last(), Some(Item::Text { source, .. }) if source.location == "line 3"));
        assert!(d.problems.is_empty(), "{:?}", d.problems);
    }

    #[test]
    fn error_texts_reach_the_rules() {
        let d = decode_text("AADSTS700016: Application with identifier 'urn:amazon:cognito:sp:x' was not found");
        assert_eq!(texts(&d).len(), 1);
        assert!(d.problems.is_empty());
        let cognito = "https://x.numly.io/?error_description=Invalid+samlResponse+or+relayState+from+identity+provider&error=invalid_request";
        let d = decode_text(cognito);
        assert!(matches!(d.items.as_slice(), [Item::Request { .. }, Item::Text { text, .. }] if text == cognito));
        // A Cognito message without any marker still reaches the explainer.
        let d = decode_text("User is disabled.");
        assert_eq!(texts(&d), ["User is disabled."]);
        // An AADSTS code hidden in a base64 Response's StatusMessage is surfaced too.
        let failed = RESPONSE.replace(
            "<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/>",
            "<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Requester\"/><samlp:StatusMessage>AADSTS50105: blocked</samlp:StatusMessage>",
        );
        let d = decode_text(&b64(failed.as_bytes()));
        assert!(
            matches!(d.items.as_slice(), [Item::Message(_), Item::Text { text, source }] if text.contains("AADSTS50105") && source.location == "decoded XML")
        );
    }

    #[test]
    fn repairs_are_reported() {
        // A Response whose base64 has '+' signs and '=' padding (a trailing comment is still the same XML).
        let (xml, value) = (0..64)
            .map(|n| format!("{RESPONSE}<!--{}-->", "~>".repeat(n)))
            .map(|x| {
                let v = b64(x.as_bytes());
                (x, v)
            })
            .find(|(_, v)| v.contains('+') && v.ends_with('='))
            .unwrap();
        let pluses = value.matches('+').count();
        let damaged = value.replace('+', " ").trim_end_matches('=').to_owned();
        let d = decode_text(&damaged);
        assert_eq!(only_message(&d).xml, xml);
        assert!(d
            .problems
            .contains(&DecodeProblem::PlusAsSpace { source: only_message(&d).source.clone(), count: pluses }));
        assert!(d.problems.iter().any(|p| matches!(p, DecodeProblem::PaddingRepaired { .. })));

        let url =
            format!("https://idp.example/sso?SAMLRequest={}", urlencode(&b64(&deflate(AUTHN_REQUEST.as_bytes()))));
        let (a, b) = url.split_at(60);
        let d = decode_text(&format!("{a}\n{b}"));
        assert_eq!(only_message(&d).xml, AUTHN_REQUEST);
        assert!(matches!(d.problems.as_slice(), [DecodeProblem::LineBreaksRemoved { count: 1, .. }]));
    }

    #[test]
    fn a_cut_redirect_url_still_shows_its_xml() {
        let value = urlencode(&b64(&deflate(AUTHN_REQUEST.as_bytes())));
        let cut = &value[..value.len() * 3 / 4];
        let d = decode_text(&format!("https://login.microsoftonline.com/t/saml2?SAMLRequest={cut}"));
        let m = only_message(&d);
        assert!(AUTHN_REQUEST.starts_with(&m.xml) && m.xml.len() > 100, "{}", m.xml);
    }

    #[test]
    fn failures_are_reported_where_saml_was_expected() {
        let d = decode_text(&format!("SAMLResponse={}!{}", "A".repeat(50), "B".repeat(50)));
        assert!(
            matches!(d.problems.as_slice(), [DecodeProblem::Base64Invalid { detail, .. }] if detail.contains("'!' at offset 50")),
            "{:?}",
            d.problems
        );
        let d = decode_text(&format!("SAMLRequest={}", b64(&[0xff; 64])));
        assert!(matches!(d.problems.as_slice(), [DecodeProblem::InflateFailed { .. }]), "{:?}", d.problems);
        let d = decode_text("hello world");
        assert!(
            matches!(d.problems.as_slice(), [DecodeProblem::Unrecognized { preview, .. }] if preview == "hello world")
        );
    }

    #[test]
    fn limits() {
        let big = decode(&[Input { name: "huge.har".into(), bytes: vec![b' '; MAX_INPUT_BYTES + 1] }]);
        assert!(matches!(big.problems.as_slice(), [DecodeProblem::TooLarge { limit: MAX_INPUT_BYTES, .. }]));

        let huge_xml = format!("<a>{}</a>", "x".repeat(MAX_MESSAGE_BYTES));
        let d = decode_text(&huge_xml);
        assert!(matches!(d.problems.as_slice(), [DecodeProblem::TooLarge { limit: MAX_MESSAGE_BYTES, .. }]));
        assert!(messages(&d).is_empty());

        let bomb = b64(&deflate(&vec![b'<'; MAX_MESSAGE_BYTES * 3]));
        let d = decode_text(&format!("SAMLRequest={}", urlencode(&bomb)));
        assert!(
            matches!(d.problems.as_slice(), [DecodeProblem::TooLarge { limit: MAX_MESSAGE_BYTES, source }] if source.location.ends_with("inflated")),
            "{:?}",
            d.problems
        );

        let one = format!("SAMLResponse={}", urlencode(&b64(RESPONSE.as_bytes())));
        let many = vec![one; MAX_MESSAGES + 5].join("\n");
        let d = decode_text(&many);
        assert_eq!(messages(&d).len(), MAX_MESSAGES);
        assert!(
            matches!(d.problems.as_slice(), [DecodeProblem::TooManyMessages { limit: MAX_MESSAGES, source }] if source.location == format!("line {}, parameter SAMLResponse", MAX_MESSAGES + 1))
        );
    }

    #[test]
    fn never_panics_on_cut_or_mangled_input() {
        let value = urlencode(&b64(&deflate(AUTHN_REQUEST.as_bytes())));
        let samples = [
            format!("https://idp.example/sso?SAMLRequest={value}&RelayState=x&SigAlg=a&Signature=b"),
            format!("<html><form action='x'><input name=SAMLResponse value='{}'></form></html>", b64(RESPONSE.as_bytes())),
            format!("{{\"log\":{{\"entries\":[{{\"request\":{{\"method\":\"GET\",\"url\":\"https://a/?SAMLRequest={value}\"}}}}]}}}}"),
            std::fs::read_to_string(fixture("crewjam-saml/testdata/sp_cert.pem")).unwrap(),
            format!("\u{feff}<?xml version=\"1.0\"?>{RESPONSE}"),
            format!("é{}ü AADSTS50011 ✓ error_description=%E2%9C", b64(LOGOUT_REQUEST.as_bytes())),
        ];
        let mut seed = 0x2545_f491_u32;
        for sample in &samples {
            let bytes = sample.as_bytes();
            for cut in (0..=bytes.len()).step_by(7) {
                let _ = decode(&[Input { name: "cut".into(), bytes: bytes[..cut].to_vec() }]);
                let _ = decode(&[Input { name: "tail".into(), bytes: bytes[cut..].to_vec() }]);
            }
            for _ in 0..50 {
                let mut mangled = bytes.to_vec();
                for _ in 0..4 {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    let at = seed as usize % mangled.len().max(1);
                    if let Some(b) = mangled.get_mut(at) {
                        *b = (seed >> 8) as u8;
                    }
                }
                let _ = decode(&[Input { name: "mangled".into(), bytes: mangled }]);
            }
        }
    }

    fn fixture(path: &str) -> std::path::PathBuf {
        let from_env = std::env::var_os("SSO_DOCTOR_FIXTURES").map(std::path::PathBuf::from);
        let relative = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/public");
        let dir = from_env.filter(|d| d.exists()).unwrap_or_else(|| {
            if relative.exists() {
                relative
            } else {
                std::path::PathBuf::from("/work/shared/fixtures/public")
            }
        });
        dir.join(path)
    }
}
