//! Input detection and decoding: whatever the user has — raw XML, base64, a Redirect URL, a POST body, an auto-post
//! HTML page, a HAR export, a certificate, a log excerpt with error texts — becomes a list of [`Item`]s, plus the
//! [`DecodeProblem`]s met on the way (repairs made, parts that could not be decoded).

use serde::Serialize;

/// Largest decoded message accepted (and largest inflate output): 10 MB, so a deflate bomb cannot exhaust memory.
pub const MAX_MESSAGE_BYTES: usize = 10 * 1024 * 1024;

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
    /// Raw DEFLATE inflation.
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
            | DecodeProblem::TooManyMessages { source, .. } => source,
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
    let mut out = Decoded::default();
    for (index, input) in inputs.iter().enumerate() {
        let source = Source { input: index, input_name: input.name.clone(), har_entry: None, location: String::new() };
        let text = String::from_utf8_lossy(&input.bytes);
        let trimmed = text.trim_start_matches('\u{feff}').trim();
        if trimmed.starts_with('<') {
            out.items.push(Item::Message(DecodedMessage {
                source,
                parameter: None,
                binding: Binding::Raw,
                steps: Vec::new(),
                xml: trimmed.to_owned(),
                relay_state: None,
                redirect_signature: None,
                url: None,
            }));
        } else {
            let preview: String = trimmed.chars().take(60).collect();
            out.problems.push(DecodeProblem::Unrecognized { source, preview });
        }
    }
    out
}
