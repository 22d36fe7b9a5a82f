//! One value (a parameter, a form field, a pasted blob) to what it carries: SAML XML, a certificate or a private
//! key, recording each decoding step and each repair.
//!
//! The order follows how the bindings build a value, undone from the outside in: percent-decoding (repeated for a
//! value encoded twice), then base64, then — when the bytes are not XML — DEFLATE.

use super::base64::{self, Base64Value};
use super::inflate::{self, InflateError};
use super::pem::{self, Der};
use super::url;
use super::{DecodeStep, MAX_MESSAGE_BYTES};

/// What a value carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Payload {
    /// XML text (a SAML message, if all goes well), with the steps that produced it.
    Xml {
        /// The XML, BOM removed and surrounding whitespace trimmed.
        xml: String,
        /// The steps applied, in order.
        steps: Vec<DecodeStep>,
    },
    /// A DER certificate.
    Certificate(Vec<u8>),
    /// A DER private key (bytes dropped): the encoding's name.
    PrivateKey(&'static str),
}

/// Why a value carries nothing usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PayloadError {
    /// Not base64: what is wrong.
    Base64(String),
    /// Base64, but neither XML nor a DEFLATE stream: the inflater's message.
    Inflate(String),
    /// The value, its decoded bytes or their inflated form exceed [`MAX_MESSAGE_BYTES`]; `inflated` says which.
    TooLarge {
        /// Whether the limit was hit while inflating.
        inflated: bool,
    },
    /// Decoded (and inflated) fine, but the result is not XML: the first characters, for the message.
    NotXml(String),
}

/// The result of decoding a value, with the repairs made on the way (reported only when decoding succeeds or the
/// value was expected to be SAML).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoding {
    /// What the value carries, or why not.
    pub result: Result<Payload, PayloadError>,
    /// Spaces turned back into `+`.
    pub plus_as_space: usize,
    /// Whether `=` padding was repaired.
    pub padding_repaired: bool,
}

/// Longest encoded value looked at: base64 of [`MAX_MESSAGE_BYTES`] is 4/3 as long, percent-encoding of that at
/// most three times longer again, plus room for line breaks.
const MAX_ENCODED_BYTES: usize = MAX_MESSAGE_BYTES / 3 * 4 * 3 + 4096;

/// Decodes a value (see the module docs).
pub(crate) fn decode(raw: &str) -> Decoding {
    let mut decoding =
        Decoding { result: Err(PayloadError::TooLarge { inflated: false }), plus_as_space: 0, padding_repaired: false };
    if raw.len() > MAX_ENCODED_BYTES {
        return decoding;
    }
    let mut steps = Vec::new();
    let mut text = std::borrow::Cow::Borrowed(raw.trim());
    for _ in 0..3 {
        if starts_like_xml(&text) {
            break;
        }
        match url::percent_decode(&text) {
            std::borrow::Cow::Owned(decoded) => {
                steps.push(DecodeStep::UrlDecode);
                text = std::borrow::Cow::Owned(decoded.trim().to_owned());
            }
            std::borrow::Cow::Borrowed(_) => break,
        }
    }
    if starts_like_xml(&text) {
        decoding.result = xml_from_text(&text, steps);
        return decoding;
    }
    let value: Base64Value = match base64::decode(&text) {
        Ok(v) => v,
        Err(detail) => {
            decoding.result = match decode_cut_value(&text, steps) {
                Some(xml) => Ok(xml),
                None => Err(PayloadError::Base64(detail)),
            };
            return decoding;
        }
    };
    decoding.plus_as_space = value.plus_as_space;
    decoding.padding_repaired = value.padding_repaired;
    steps.push(if value.url_alphabet { DecodeStep::Base64Url } else { DecodeStep::Base64 });
    decoding.result = from_bytes(value.bytes, steps);
    decoding
}

/// A value cut short often ends in the middle of a percent escape (`…%2`) or of a base64 quantum (one character
/// past a multiple of four). Without those last characters the rest decodes; the result is kept only if it is XML,
/// whose parse then reports where the text ends (`decode.truncated`), which says more than "not base64".
fn decode_cut_value(text: &str, mut steps: Vec<DecodeStep>) -> Option<Payload> {
    let mut whole = text.trim_end();
    for dangling in ["%", "%2", "%3"] {
        whole = whole.strip_suffix(dangling).unwrap_or(whole);
    }
    let significant = whole.chars().filter(|c| base64::is_alphabet(*c) && *c != '=').count();
    if significant % 4 == 1 {
        whole = whole.get(..whole.len().saturating_sub(1))?;
    }
    if whole.len() == text.trim_end().len() {
        return None;
    }
    let value = base64::decode(whole).ok()?;
    steps.push(if value.url_alphabet { DecodeStep::Base64Url } else { DecodeStep::Base64 });
    match from_bytes(value.bytes, steps) {
        Ok(xml @ Payload::Xml { .. }) => Some(xml),
        _ => None,
    }
}

/// Whether a text starts like XML (after a BOM and whitespace).
pub(crate) fn starts_like_xml(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').trim_start().starts_with('<')
}

/// Whether XML text looks like SAML (a SAML namespace near the start), for blobs found in free text.
pub(crate) fn looks_like_saml(xml: &str) -> bool {
    let head = xml.get(..xml.len().min(8192)).unwrap_or(xml);
    head.contains("urn:oasis:names:tc:SAML:")
}

fn xml_from_text(text: &str, mut steps: Vec<DecodeStep>) -> Result<Payload, PayloadError> {
    if text.len() > MAX_MESSAGE_BYTES {
        return Err(PayloadError::TooLarge { inflated: false });
    }
    let trimmed = match text.trim_start().strip_prefix('\u{feff}') {
        Some(rest) => {
            steps.push(DecodeStep::StripBom);
            rest
        }
        None => text,
    };
    Ok(Payload::Xml { xml: trimmed.trim().to_owned(), steps })
}

fn from_bytes(bytes: Vec<u8>, mut steps: Vec<DecodeStep>) -> Result<Payload, PayloadError> {
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(PayloadError::TooLarge { inflated: false });
    }
    if let Some(xml) = xml_from_bytes(&bytes, &mut steps) {
        return xml;
    }
    match pem::sniff_der(&bytes) {
        Der::Certificate => return Ok(Payload::Certificate(bytes)),
        Der::PrivateKey(kind) => return Ok(Payload::PrivateKey(kind)),
        Der::Unknown => {}
    }
    let inflated = match inflate::inflate_xml(&bytes) {
        Ok(out) => out,
        Err(InflateError::TooLarge) => return Err(PayloadError::TooLarge { inflated: true }),
        Err(InflateError::Failed(detail)) => return Err(PayloadError::Inflate(detail)),
        Err(InflateError::NotXml(head)) => return Err(PayloadError::NotXml(preview_bytes(&head))),
    };
    steps.push(DecodeStep::Inflate);
    match xml_from_bytes(&inflated, &mut steps) {
        Some(xml) => xml,
        None => Err(PayloadError::NotXml(preview_bytes(&inflated))),
    }
}

/// The bytes as XML text if they start like XML (UTF-8, BOM removed; invalid UTF-8 replaced).
fn xml_from_bytes(bytes: &[u8], steps: &mut Vec<DecodeStep>) -> Option<Result<Payload, PayloadError>> {
    let (body, bom) = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'<') {
        return None;
    }
    if bom {
        steps.push(DecodeStep::StripBom);
    }
    let text = String::from_utf8_lossy(body);
    Some(Ok(Payload::Xml { xml: text.trim().to_owned(), steps: std::mem::take(steps) }))
}

/// The first characters of some bytes, printable, for a message.
pub(crate) fn preview_bytes(bytes: &[u8]) -> String {
    let head = bytes.get(..bytes.len().min(40)).unwrap_or(bytes);
    String::from_utf8_lossy(head).chars().map(|c| if c.is_control() { '.' } else { c }).collect()
}

#[cfg(test)]
mod tests {

    use super::*;

    const XML: &str = "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_a\"/>";

    use super::super::encode::{b64, deflate};

    fn xml_of(d: &Decoding) -> (&str, &[DecodeStep]) {
        match &d.result {
            Ok(Payload::Xml { xml, steps }) => (xml, steps),
            other => panic!("not XML: {other:?}"),
        }
    }

    #[test]
    fn post_binding_value() {
        let d = decode(&b64(XML.as_bytes()));
        assert_eq!(xml_of(&d), (XML, &[DecodeStep::Base64][..]));
    }

    #[test]
    fn redirect_binding_value_url_encoded_twice() {
        let once = b64(&deflate(XML.as_bytes())).replace('+', "%2B").replace('/', "%2F").replace('=', "%3D");
        let twice = once.replace('%', "%25");
        let d = decode(&twice);
        assert_eq!(
            xml_of(&d),
            (XML, &[DecodeStep::UrlDecode, DecodeStep::UrlDecode, DecodeStep::Base64, DecodeStep::Inflate][..])
        );
    }

    #[test]
    fn url_encoded_xml_and_bom() {
        let d = decode("%EF%BB%BF%3Ca%2F%3E");
        assert_eq!(xml_of(&d), ("<a/>", &[DecodeStep::UrlDecode, DecodeStep::StripBom][..]));
        let d = decode(&b64(b"\xef\xbb\xbf  <a/>"));
        assert_eq!(xml_of(&d), ("<a/>", &[DecodeStep::Base64, DecodeStep::StripBom][..]));
    }

    #[test]
    fn repairs_are_recorded() {
        let value = b64(XML.as_bytes());
        assert!(value.contains('+') || value.ends_with('='), "the sample exercises a repair: {value}");
        let damaged = value.replace('+', " ").trim_end_matches('=').to_owned();
        let d = decode(&damaged);
        assert_eq!(xml_of(&d).0, XML);
        assert_eq!(d.plus_as_space, value.matches('+').count());
        assert_eq!(d.padding_repaired, value.ends_with('='));
    }

    #[test]
    fn cut_values_decode_as_far_as_they_go() {
        let long = format!(
            "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">{}</samlp:AuthnRequest>",
            "<a>x</a>".repeat(40)
        );
        let value = b64(&deflate(long.as_bytes())).replace('+', "%2B").replace('/', "%2F").replace('=', "%3D");
        for cut in [value.len() / 2, value.len() / 2 + 1, value.len() / 2 + 2, value.len() / 2 + 3] {
            let d = decode(&value[..cut]);
            let Ok(Payload::Xml { xml, .. }) = &d.result else { panic!("cut at {cut}: {:?}", d.result) };
            assert!(long.starts_with(xml.as_str()), "cut at {cut}");
        }
        // Not XML once decoded: the base64 error stands.
        assert!(matches!(decode("QUJDREVGR").result, Err(PayloadError::Base64(_))));
    }

    #[test]
    fn failures_say_why() {
        assert!(matches!(decode("not base64 at all!").result, Err(PayloadError::Base64(_))));
        assert!(matches!(decode(&b64(b"\x01\x02 random bytes")).result, Err(PayloadError::Inflate(_))));
        assert!(
            matches!(decode(&b64(&deflate(b"plain text"))).result, Err(PayloadError::NotXml(ref p)) if p == "plain text")
        );
        let bomb = b64(&deflate(&vec![b'<'; MAX_MESSAGE_BYTES + 1]));
        assert_eq!(decode(&bomb).result, Err(PayloadError::TooLarge { inflated: true }));
        assert_eq!(decode(&"A".repeat(MAX_ENCODED_BYTES + 1)).result, Err(PayloadError::TooLarge { inflated: false }));
    }
}
