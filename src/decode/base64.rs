//! Lenient base64: what SAML Bindings §3.5.4 (HTTP-POST) and §3.4.4 (HTTP-Redirect) put in a form field or a query
//! parameter, after it went through a browser, an e-mail and a ticket system.
//!
//! Accepted and silently normalised: line breaks and indentation (RFC 2045 allows line breaks, and tools wrap at 64
//! or 76 characters) and the URL-safe alphabet (`-`, `_`; reported as a [`DecodeStep::Base64Url`] step, not as a
//! problem, because the bytes are unambiguous). Repaired and reported: spaces inside the value (a `+` that a
//! form-decoder turned into a space) and missing or wrong `=` padding. Anything else is an error that names the
//! first offending character and its offset in the value with line breaks removed.
//!
//! [`DecodeStep::Base64Url`]: super::DecodeStep::Base64Url

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

/// The bytes of a base64 value and the repairs needed to get them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Base64Value {
    /// The decoded bytes.
    pub bytes: Vec<u8>,
    /// Whether the URL-safe alphabet (`-`, `_`) was used.
    pub url_alphabet: bool,
    /// How many spaces inside the value were turned back into `+`.
    pub plus_as_space: usize,
    /// Whether `=` padding was missing or wrong and was fixed.
    pub padding_repaired: bool,
}

/// Standard alphabet, padding optional (we strip it and check it ourselves), non-zero trailing bits tolerated (a value
/// cut short by one character still yields the bytes before the cut).
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Decodes a base64 value leniently (see the module docs). `Err` holds what is wrong, in words.
pub(crate) fn decode(text: &str) -> Result<Base64Value, String> {
    let mut cleaned = String::with_capacity(text.len());
    let mut plus_as_space = 0;
    for line in text.lines() {
        for c in line.trim().chars() {
            match c {
                ' ' => {
                    cleaned.push('+');
                    plus_as_space += 1;
                }
                '\t' | '\r' => {}
                c => cleaned.push(c),
            }
        }
    }
    let unpadded = cleaned.trim_end_matches('=');
    let pad_count = cleaned.len() - unpadded.len();
    if unpadded.is_empty() {
        return Err("the value is empty".to_owned());
    }
    let mut url_alphabet = false;
    let mut standard = String::with_capacity(unpadded.len());
    for (offset, c) in unpadded.char_indices() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '+' | '/' => standard.push(c),
            '-' => {
                url_alphabet = true;
                standard.push('+');
            }
            '_' => {
                url_alphabet = true;
                standard.push('/');
            }
            '=' => {
                return Err(format!(
                    "padding '=' at offset {offset} in the middle of the value (two values run together, or the \
                     value was cut and pasted twice)"
                ))
            }
            c => return Err(format!("invalid character {c:?} at offset {offset}")),
        }
    }
    let rest = standard.len() % 4;
    if rest == 1 {
        return Err(format!(
            "{} base64 characters cannot encode whole bytes (one character too many, or the value is cut short)",
            standard.len()
        ));
    }
    let expected_pad = (4 - rest) % 4;
    let padding_repaired = pad_count != expected_pad;
    let bytes = LENIENT.decode(standard.as_bytes()).map_err(|e| e.to_string())?;
    Ok(Base64Value { bytes, url_alphabet, plus_as_space, padding_repaired })
}

/// Whether a character can appear in a (standard or URL-safe) base64 value.
pub(crate) fn is_alphabet(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_')
}

/// Whether a whole pasted token is most likely meant as base64: long enough and made of the base64 alphabet
/// (percent escapes allowed), with at most a stray character or two, so that the error names the stray. A JWT
/// (`eyJ…`, base64 of `{"`) is not: it is JSON, never SAML, and is left to be reported as unrecognised.
pub(crate) fn looks_like_base64(token: &str) -> bool {
    if token.starts_with("eyJ") {
        return false;
    }
    let mut len = 0usize;
    let mut stray = 0usize;
    for c in token.chars() {
        if c.is_whitespace() {
            continue;
        }
        len += 1;
        if !(is_alphabet(c) || c == '%') {
            stray += 1;
        }
    }
    len >= 40 && stray <= 1 + len / 200
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_plain_and_wrapped() {
        let v = decode("PHNhbWw+\n  PC9zYW1sPg==\r\n").unwrap();
        assert_eq!(v.bytes, b"<saml></saml>");
        assert!(!v.padding_repaired && v.plus_as_space == 0 && !v.url_alphabet);
    }

    #[test]
    fn repairs_spaces_and_padding() {
        // "<a>>?" encodes to "PGE+Pj8=": a form-decoder turned '+' into ' ' and the '=' got lost.
        let v = decode("PGE Pj8").unwrap();
        assert_eq!(v.bytes, b"<a>>?");
        assert_eq!(v.plus_as_space, 1);
        assert!(v.padding_repaired);
        assert!(decode("PGE+Pj8==").unwrap().padding_repaired, "one '=' too many is repaired too");
    }

    #[test]
    fn accepts_url_alphabet() {
        let v = decode("PGE-Pj8").unwrap();
        assert_eq!(v.bytes, b"<a>>?");
        assert!(v.url_alphabet);
    }

    #[test]
    fn names_the_offending_character() {
        let e = decode("PGE+P#j8=").unwrap_err();
        assert!(e.contains("'#' at offset 5"), "{e}");
        assert!(decode("PGE=PGE=").unwrap_err().contains("middle"));
        assert!(decode("PGE+P").unwrap_err().contains("cannot encode whole bytes"));
        assert!(decode(" \n").is_err());
    }

    #[test]
    fn recognises_base64_looking_tokens() {
        assert!(looks_like_base64(&"PHNhbWxwOlJlc3BvbnNl".repeat(3)));
        assert!(looks_like_base64(&format!("{}#{}", "A".repeat(30), "B".repeat(30))));
        assert!(!looks_like_base64("hello"));
        assert!(!looks_like_base64(&format!(
            "eyJhbGciOiJSUzI1NiJ9.{}.{}",
            "eyJzdWIiOiIxIn0".repeat(3),
            "c2ln".repeat(20)
        )));
        assert!(!looks_like_base64(&"no way, this is prose. ".repeat(5)));
    }
}
