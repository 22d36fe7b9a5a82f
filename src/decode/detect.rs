//! What a whole input is, in this order:
//!
//! 1. over [`MAX_INPUT_BYTES`]: refused (`TooLarge`);
//! 2. binary DER (a `.cer` file, a DER key): a certificate, or the private-key warning;
//! 3. a JSON object with a `"log"` key near the start: a HAR capture ([`super::har`]);
//! 4. starting with `<`: an HTML page with a SAML form, another HTML page (scanned as free text), or XML — the
//!    raw message, whatever it holds (a DOCTYPE or broken XML is reported by the `xml.*` rules, not here);
//! 5. one token (line breaks inside a URL or a base64 value are joined; spaces inside base64 are `+` signs a
//!    form-decoder turned into spaces): a URL or query string with SAML parameters, another URL, percent-encoded
//!    XML, or base64 — here every failure is reported, because the whole input was meant as that value;
//! 6. anything else: free text ([`super::text::scan`]).
//!
//! Then, for every input but a HAR (which does it per entry), an [`Item::Text`] if the text mentions an AADSTS
//! code or a Cognito error, and `Unrecognized` if nothing at all came out of the input.

use std::borrow::Cow;

use super::pem::{self, Der};
use super::text::{self, LineIndex};
use super::{
    base64, carried, har, html, query_messages, url, Binding, Carrier, DecodeProblem, DecodeStep, DecodedMessage,
    Decoder, Found, Input, Item, Place, QueryCarrier, MAX_INPUT_BYTES, MAX_MESSAGE_BYTES,
};

/// Inputs up to this size are also run through the explainer when nothing else was recognised, so that a pasted
/// Cognito message without `error_description` (`User is disabled.`) still reaches the flow rules.
const EXPLAIN_FALLBACK_BYTES: usize = 1024 * 1024;

/// Decodes one input into the decoder; a HAR capture calls `on_har_entry(entries scanned, entries)` as it goes.
pub(super) fn decode_input(d: &mut Decoder, index: usize, input: &Input, on_har_entry: &mut dyn FnMut(usize, usize)) {
    let place = Place { input: index, input_name: input.name.clone(), har_entry: None };
    let before = d.count();
    if input.bytes.len() > MAX_INPUT_BYTES {
        d.push(Found::Problem(DecodeProblem::TooLarge { source: place.at(""), limit: MAX_INPUT_BYTES }));
        return;
    }
    if input.bytes.first() == Some(&0x30) {
        match pem::sniff_der(&input.bytes) {
            Der::Certificate => {
                d.push(Found::Item(Item::Certificate { source: place.at("DER file"), der: input.bytes.clone() }));
                return;
            }
            Der::PrivateKey(label) => {
                d.push(Found::Problem(DecodeProblem::PrivateKey {
                    source: place.at("DER file"),
                    label: label.to_owned(),
                }));
                return;
            }
            Der::Unknown => {}
        }
    }
    let (full, bom) = to_text(&input.bytes);
    let full = full.trim_start_matches('\u{feff}');
    let trimmed = full.trim();
    if trimmed.is_empty() {
        d.push(Found::Problem(DecodeProblem::Unrecognized { source: place.at(""), preview: String::new() }));
        return;
    }
    if is_har(trimmed) {
        har::decode(d, &place, trimmed, on_har_entry);
        return;
    }
    if trimmed.starts_with('<') {
        markup(d, &place, full, trimmed, bom);
    } else if let Some(token) = single_token(trimmed) {
        single(d, &place, full, &token);
    } else {
        free_text(d, &place, full);
    }
    if let Some(at) = text::first_error_mention(full) {
        let line = LineIndex::new(full).line(at);
        d.push(Found::Item(Item::Text {
            source: place.at(format!("line {line}")),
            text: text::error_excerpt(trimmed),
        }));
    }
    if d.count() == before {
        if trimmed.len() <= EXPLAIN_FALLBACK_BYTES && !crate::explain::explain_text(trimmed).is_empty() {
            d.push(Found::Item(Item::Text { source: place.at("line 1"), text: trimmed.to_owned() }));
        } else {
            let preview: String = trimmed.chars().take(60).map(|c| if c.is_control() { ' ' } else { c }).collect();
            d.push(Found::Problem(DecodeProblem::Unrecognized { source: place.at(""), preview }));
        }
    }
}

/// The input as text: UTF-8 (invalid sequences replaced), or UTF-16 when it starts with a UTF-16 byte-order mark
/// (Windows PowerShell 5 writes files that way). The flag says whether a BOM was removed.
fn to_text(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    match bytes {
        [0xef, 0xbb, 0xbf, rest @ ..] => (String::from_utf8_lossy(rest), true),
        [0xff, 0xfe, rest @ ..] => (Cow::Owned(utf16(rest, u16::from_le_bytes)), true),
        [0xfe, 0xff, rest @ ..] => (Cow::Owned(utf16(rest, u16::from_be_bytes)), true),
        _ => (String::from_utf8_lossy(bytes), false),
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| unit([c.first().copied().unwrap_or(0), c.get(1).copied().unwrap_or(0)]));
    char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
}

/// A JSON object with `"log"` near its start.
fn is_har(trimmed: &str) -> bool {
    trimmed.starts_with('{')
        && trimmed.as_bytes().get(..4096).unwrap_or(trimmed.as_bytes()).windows(5).any(|w| w == b"\"log\"")
}

/// Markup: an HTML page with a SAML form, another HTML page, or XML.
fn markup(d: &mut Decoder, place: &Place, full: &str, trimmed: &str, bom: bool) {
    if html::has_saml_field(trimmed) {
        for form in html::forms(trimmed) {
            let relay_state = form.value("RelayState").map(str::to_owned);
            for field in form.fields.iter().filter(|f| html::is_saml_name(&f.name)) {
                let mut carrier =
                    Carrier::new(place.at(format!("HTML form {}", field.name))).expected().parameter(&field.name);
                carrier.relay_state.clone_from(&relay_state);
                carrier.url.clone_from(&form.action);
                d.extend(carried(&field.value, carrier));
            }
        }
    } else if is_html(trimmed) {
        free_text(d, place, full);
    } else if trimmed.len() > MAX_MESSAGE_BYTES {
        d.push(Found::Problem(DecodeProblem::TooLarge { source: place.at(""), limit: MAX_MESSAGE_BYTES }));
    } else {
        d.push(Found::Item(Item::Message(DecodedMessage {
            source: place.at(""),
            parameter: None,
            binding: Binding::Raw,
            steps: if bom { vec![DecodeStep::StripBom] } else { Vec::new() },
            xml: trimmed.to_owned(),
            relay_state: None,
            redirect_signature: None,
            url: None,
        })));
    }
}

/// Tags that start an HTML page (an error page, a sign-in page) rather than an XML document.
const HTML_TAGS: [&str; 16] = [
    "html", "head", "body", "form", "div", "meta", "script", "title", "p", "span", "table", "link", "style",
    "noscript", "h1", "input",
];

fn is_html(trimmed: &str) -> bool {
    let mut rest = trimmed;
    loop {
        rest = rest.trim_start();
        let skip_to = if rest.starts_with("<?") {
            "?>"
        } else if rest.starts_with("<!--") {
            "-->"
        } else {
            break;
        };
        match rest.find(skip_to) {
            Some(i) => rest = rest.get(i + skip_to.len()..).unwrap_or(""),
            None => return false,
        }
    }
    let head: String = rest.chars().take(16).collect::<String>().to_ascii_lowercase();
    if head.starts_with("<!doctype") {
        return head.starts_with("<!doctype html");
    }
    let name: String = head.chars().skip(1).take_while(char::is_ascii_alphanumeric).collect();
    HTML_TAGS.contains(&name.as_str())
}

/// A whole input that is one value: lines joined (each trimmed), `None` if it is prose or several values.
#[derive(Debug, PartialEq, Eq)]
struct Token {
    text: String,
    line_breaks: usize,
}

fn single_token(trimmed: &str) -> Option<Token> {
    let lines: Vec<&str> = trimmed.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    // A later line that starts a URL or a parameter of its own is a second value, not a continuation.
    let starts_value =
        |l: &&str| l.starts_with("http") || l.starts_with("SAMLRequest=") || l.starts_with("SAMLResponse=");
    if lines.iter().skip(1).any(starts_value) {
        return None;
    }
    let text = lines.concat();
    let line_breaks = lines.len().saturating_sub(1);
    if !text.contains(char::is_whitespace) {
        return Some(Token { text, line_breaks });
    }
    // Spaces inside a base64 value or a form body: `+` signs read as spaces. Prose has far more spaces, and other
    // characters.
    let spaces = text.matches(' ').count();
    let value_chars = text.chars().all(|c| c == ' ' || base64::is_alphabet(c) || matches!(c, '%' | '&'));
    (value_chars && text.len() >= 40 && spaces * 20 < text.len()).then_some(Token { text, line_breaks })
}

/// The whole input is one value: every failure is reported.
fn single(d: &mut Decoder, place: &Place, full: &str, token: &Token) {
    let text = token.text.as_str();
    let wrapped =
        || Found::Problem(DecodeProblem::LineBreaksRemoved { source: place.at(""), count: token.line_breaks });
    if let Some(q) = url::mentions_saml_parameter(text).then(|| url::find_saml_query(text)).flatten() {
        if token.line_breaks > 0 {
            d.push(wrapped());
        }
        if let Some(u) = &q.url {
            d.push(Found::Item(text::request_item(place.at(""), u)));
        }
        let label = if q.url.is_some() { "query" } else { "parameter" };
        let ctx = QueryCarrier {
            place,
            prefix: "",
            label,
            url: q.url.clone(),
            outer_decodes: q.outer_decodes,
            signature: true,
        };
        d.extend(query_messages(&q.query, &ctx));
    } else if text.starts_with("https://") || text.starts_with("http://") {
        if token.line_breaks > 0 {
            d.push(wrapped());
        }
        d.push(Found::Item(text::request_item(place.at(""), text)));
    } else if text.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("%3C")) || base64::looks_like_base64(text) {
        let found = carried(text, Carrier::new(place.at("")).expected());
        let failed =
            !found.iter().any(|f| matches!(f, Found::Item(_) | Found::Problem(DecodeProblem::PrivateKey { .. })));
        if failed && token.line_breaks > 0 {
            // Several values on several lines, rather than one wrapped value?
            let scanned = text::scan(place, full);
            if !scanned.is_empty() {
                d.extend(scanned.into_iter().map(|(_, f)| f));
                return;
            }
        }
        d.extend(found);
    } else {
        free_text(d, place, full);
    }
}

fn free_text(d: &mut Decoder, place: &Place, full: &str) {
    d.extend(text::scan(place, full).into_iter().map(|(_, f)| f));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_html_from_xml() {
        assert!(is_html("<!DOCTYPE html><html>"));
        assert!(is_html("<?xml version=\"1.0\"?><!-- x --><HTML>"));
        assert!(is_html("<form action=x>"));
        assert!(!is_html("<samlp:Response>"));
        assert!(!is_html("<!DOCTYPE Response [<!ENTITY x 'y'>]><Response/>"));
        assert!(!is_html("<?xml version=\"1.0\"?>\n<md:EntityDescriptor>"));
        assert!(!is_html("<!-- never closed"));
    }

    #[test]
    fn single_tokens() {
        let t = single_token("https://login.example/saml2?SAMLRequest=ab\n  cd&RelayState=x\n").unwrap();
        assert_eq!(
            t,
            Token { text: "https://login.example/saml2?SAMLRequest=abcd&RelayState=x".into(), line_breaks: 1 }
        );
        assert!(single_token("https://a.example/x\nhttps://b.example/y").is_none(), "two URLs");
        let spaced = format!("{} {}", "PHNhbWxw".repeat(10), "OlJlc3Bv".repeat(10));
        assert_eq!(single_token(&spaced).unwrap().text, spaced);
        assert!(single_token("this is some prose, not a value at all, with words").is_none());
    }

    #[test]
    fn utf16_inputs() {
        let mut le = vec![0xff, 0xfe];
        le.extend("<a/>".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(to_text(&le), (Cow::Owned("<a/>".to_owned()), true));
        let mut be = vec![0xfe, 0xff];
        be.extend("<a/>".encode_utf16().flat_map(u16::to_be_bytes));
        be.push(0x00); // odd trailing byte ignored
        assert_eq!(to_text(&be).0, "<a/>");
    }

    #[test]
    fn har_sniffing() {
        assert!(is_har("{\n  \"log\": {\"version\": \"1.2\"}}"));
        assert!(!is_har("{\"strict\": false}"));
        assert!(!is_har("\"log\""));
    }
}
