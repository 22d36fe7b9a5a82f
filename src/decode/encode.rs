//! The encodings a SAML binding applies to a message, for tests: what a browser, an IdP or an SP produces, so the
//! tests decode real-looking input. Used by the decoder's unit tests and, through `#[path]`, by the integration
//! tests (tests/common).
#![allow(dead_code)] // each test binary uses a different subset.

use std::io::Write as _;

use ::base64::Engine as _;

/// Standard base64 with padding, as the POST binding and the Redirect binding (after DEFLATE) use it.
pub(crate) fn b64(data: &[u8]) -> String {
    ::base64::engine::general_purpose::STANDARD.encode(data)
}

/// Raw DEFLATE (RFC 1951) at the default level, as the HTTP-Redirect binding compresses a message.
pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    deflate_with(data, flate2::Compression::default())
}

/// Raw DEFLATE (RFC 1951) at a chosen compression level.
pub(crate) fn deflate_with(data: &[u8], level: flate2::Compression) -> Vec<u8> {
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), level);
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

/// RFC 3986 percent-encoding of everything but unreserved characters (§2.3).
pub(crate) fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
