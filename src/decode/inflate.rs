//! Bounded DEFLATE inflation for the HTTP-Redirect binding (SAML Bindings §3.4.4.1: raw DEFLATE, RFC 1951).
//!
//! Some SP libraries send a zlib stream (RFC 1950: a two-byte header and an Adler-32 trailer around the DEFLATE
//! data) instead; a valid zlib header is tried first and raw DEFLATE after. The output is read through
//! `take(MAX_MESSAGE_BYTES + 1)`, so a deflate bomb (a few KB that inflate to gigabytes) costs at most 10 MB; and
//! the first bytes must look like XML before the rest is inflated, so a bomb of anything else costs next to nothing.

use std::io::Read as _;

use flate2::read::{DeflateDecoder, ZlibDecoder};

use super::MAX_MESSAGE_BYTES;

/// Why inflation gave no output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum InflateError {
    /// The output would exceed [`MAX_MESSAGE_BYTES`].
    TooLarge,
    /// Not a DEFLATE stream: the inflater's message.
    Failed(String),
    /// A DEFLATE stream, but not of XML: its first bytes.
    NotXml(Vec<u8>),
}

/// How much is inflated before deciding whether the output is XML.
const HEAD_BYTES: u64 = 256;

/// Inflates raw DEFLATE (or a zlib stream) of XML into at most `MAX_MESSAGE_BYTES` bytes.
pub(crate) fn inflate_xml(bytes: &[u8]) -> Result<Vec<u8>, InflateError> {
    if has_zlib_header(bytes) {
        match read_bounded(ZlibDecoder::new(bytes)) {
            // Raw DEFLATE data can start with two bytes that happen to form a zlib header: try it as such too.
            Err(InflateError::Failed(_)) => {}
            zlib => return zlib,
        }
    }
    read_bounded(DeflateDecoder::new(bytes))
}

fn read_bounded(reader: impl std::io::Read) -> Result<Vec<u8>, InflateError> {
    let mut reader = reader.take(MAX_MESSAGE_BYTES as u64 + 1);
    let mut out = Vec::new();
    let head = (&mut reader).take(HEAD_BYTES).read_to_end(&mut out);
    let starts_like_xml =
        match out.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&out).iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'<') => true,
            Some(_) if head.is_ok() => return Err(InflateError::NotXml(out)),
            _ => false,
        };
    match head.and_then(|_| reader.read_to_end(&mut out)) {
        Ok(_) => {}
        // A stream cut short (a Redirect URL copied in part): keep what inflated, so that the XML parser can say
        // where the text ends (decode.truncated) instead of a bare "incomplete deflate stream".
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof && starts_like_xml => {}
        Err(e) => return Err(InflateError::Failed(e.to_string())),
    }
    if out.len() > MAX_MESSAGE_BYTES {
        return Err(InflateError::TooLarge);
    }
    if out.is_empty() {
        return Err(InflateError::Failed("the stream inflates to nothing".to_owned()));
    }
    Ok(out)
}

/// RFC 1950 §2.2: CM = 8 (deflate), CINFO ≤ 7, no preset dictionary, and the header is a multiple of 31.
fn has_zlib_header(bytes: &[u8]) -> bool {
    match bytes {
        [cmf, flg, ..] => {
            cmf & 0x0f == 8 && cmf >> 4 <= 7 && flg & 0x20 == 0 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use flate2::write::ZlibEncoder;
    use flate2::Compression;

    use super::*;

    use super::super::encode::deflate;

    #[test]
    fn inflates_raw_deflate_and_zlib() {
        let xml = b"<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>";
        assert_eq!(inflate_xml(&deflate(xml)).unwrap(), xml);
        let mut z = ZlibEncoder::new(Vec::new(), Compression::best());
        z.write_all(xml).unwrap();
        let zlib = z.finish().unwrap();
        assert!(has_zlib_header(&zlib));
        assert_eq!(inflate_xml(&zlib).unwrap(), xml);
    }

    #[test]
    fn stops_a_deflate_bomb() {
        let bomb = deflate(&vec![b'<'; MAX_MESSAGE_BYTES + 4096]);
        assert!(bomb.len() < 64 * 1024, "the bomb is small: {}", bomb.len());
        assert_eq!(inflate_xml(&bomb), Err(InflateError::TooLarge));
        // A bomb of anything but XML stops after the first bytes.
        let other = deflate(&vec![b'A'; MAX_MESSAGE_BYTES * 10]);
        assert!(matches!(inflate_xml(&other), Err(InflateError::NotXml(head)) if head.len() == HEAD_BYTES as usize));
    }

    #[test]
    fn keeps_what_a_cut_stream_inflates_to() {
        let xml = format!(
            "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">{}</samlp:AuthnRequest>",
            "<a>hello world</a>".repeat(50)
        );
        let full = deflate(xml.as_bytes());
        let partial = inflate_xml(&full[..full.len() - 3]).unwrap();
        assert!(partial.len() > 500 && xml.as_bytes().starts_with(&partial), "{}", partial.len());
        // Cut before any XML came out: still an error.
        assert!(matches!(inflate_xml(&full[..2]), Err(InflateError::Failed(_))));
    }

    #[test]
    fn reports_garbage() {
        assert!(matches!(inflate_xml(&[0xff, 0xff, 0xff, 0x00]), Err(InflateError::Failed(_))));
        assert!(matches!(inflate_xml(&[]), Err(InflateError::Failed(_))));
    }
}
