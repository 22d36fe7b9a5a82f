//! The text forms of a certificate: PEM blocks and bare base64 (as in `ds:X509Certificate` and metadata).

use std::ops::Range;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{DecodeError, Engine as _};

use super::CertError;

/// One `-----BEGIN label-----` … `-----END label-----` block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PemBlock<'a> {
    /// The label, e.g. `CERTIFICATE`.
    pub label: &'a str,
    /// The text between the BEGIN and END lines, RFC 1421 header lines (`Proc-Type: …`) removed later.
    pub body: &'a str,
}

impl PemBlock<'_> {
    /// True for the labels that hold an X.509 certificate (RFC 7468 §5.1 plus OpenSSL's two variants).
    pub fn is_certificate(&self) -> bool {
        is_certificate_label(self.label)
    }

    /// The decoded body.
    pub fn decode(&self) -> Result<Vec<u8>, CertError> {
        let base64: String = self.body.lines().filter(|line| !line.contains(':')).collect::<Vec<_>>().join("\n");
        decode_base64(&base64)
    }
}

/// Every PEM block of `text`, in order, with its byte range (`-----BEGIN` to the end of the END line, or for an
/// unterminated block to the next BEGIN or the end of the text); an unterminated block becomes an error and
/// scanning goes on after its BEGIN line. Lines are not required: a PEM text whose line breaks were lost (one long
/// line) is read too. The one PEM scanner of the crate: decoding (free text, pasted files) uses it as well.
pub(crate) fn pem_blocks(text: &str) -> Vec<(Range<usize>, Result<PemBlock<'_>, CertError>)> {
    const BEGIN: &str = "-----BEGIN ";
    const DASHES: &str = "-----";
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(found) = rest.find(BEGIN) {
        let start = text.len() - rest.len() + found;
        let after_begin = rest.get(found + BEGIN.len()..).unwrap_or_default();
        // A block ends before the next BEGIN at the latest: searching no further keeps the scan linear even on
        // a text made of BEGIN lines only.
        let (segment, next) =
            after_begin.find(BEGIN).and_then(|index| after_begin.split_at_checked(index)).unwrap_or((after_begin, ""));
        rest = next;
        let segment_end = text.len() - next.len();
        let Some((label, after_label)) = segment.split_once(DASHES) else {
            blocks.push((start..segment_end, Err(CertError::UnterminatedPem { label: shown_label(segment) })));
            continue;
        };
        let label = label.trim();
        if label.len() > MAX_LABEL_LEN || label.contains(['\n', '\r']) {
            blocks.push((start..segment_end, Err(CertError::UnterminatedPem { label: shown_label(label) })));
            continue;
        }
        let end_marker = format!("-----END {label}-----");
        match after_label.find(end_marker.as_str()) {
            Some(index) => {
                let body = after_label.get(..index).unwrap_or_default();
                let after_label_start = start + BEGIN.len() + segment.len() - after_label.len();
                let end = after_label_start + index + end_marker.len();
                blocks.push((start..end, Ok(PemBlock { label, body })));
            }
            None => blocks.push((start..segment_end, Err(CertError::UnterminatedPem { label: label.to_owned() }))),
        }
    }
    blocks
}

/// True for the labels that hold an X.509 certificate (RFC 7468 §5.1 plus OpenSSL's two variants).
pub(crate) fn is_certificate_label(label: &str) -> bool {
    matches!(label, "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE")
}

/// Labels are short words (`CERTIFICATE`, `ENCRYPTED PRIVATE KEY`); anything longer is not a BEGIN line.
const MAX_LABEL_LEN: usize = 64;

/// Decodes standard base64, ignoring every ASCII whitespace character (line breaks, indentation, the
/// carriage returns of `&#13;`), with or without `=` padding.
pub(crate) fn decode_base64(text: &str) -> Result<Vec<u8>, CertError> {
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    let mut compact = Vec::with_capacity(text.len());
    let mut positions = Vec::with_capacity(text.len());
    for (position, &byte) in text.as_bytes().iter().enumerate() {
        if !byte.is_ascii_whitespace() {
            compact.push(byte);
            positions.push(position);
        }
    }
    if compact.is_empty() {
        return Err(CertError::Empty);
    }
    LENIENT.decode(&compact).map_err(|err| {
        let describe_at = |offset: usize| {
            let position = positions.get(offset).copied().unwrap_or(text.len());
            let character = text
                .get(position..)
                .and_then(|s| s.chars().next())
                .map_or_else(|| "a non-text byte".to_owned(), describe_char);
            format!("{character} at byte {position}")
        };
        let reason = match err {
            DecodeError::InvalidByte(offset, _) => format!("invalid character {}", describe_at(offset)),
            DecodeError::InvalidLastSymbol(offset, _) => {
                format!("the last character {} has bits that belong to no byte", describe_at(offset))
            }
            DecodeError::InvalidLength(len) => {
                format!("{len} base64 characters cannot encode whole bytes: the text is probably cut off")
            }
            DecodeError::InvalidPadding => "misplaced \"=\" padding".to_owned(),
        };
        CertError::InvalidBase64 { reason }
    })
}

fn describe_char(c: char) -> String {
    if c.is_ascii_graphic() {
        format!("'{c}'")
    } else {
        format!("U+{:04X}", u32::from(c))
    }
}

/// The first line of what follows `-----BEGIN `, cut to a length fit for an error message.
fn shown_label(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    let mut shown: String = line.chars().take(MAX_LABEL_LEN).collect();
    if shown.len() < line.len() {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap (team rule).
mod tests {
    use super::*;

    #[test]
    fn blocks_are_found_with_and_without_line_breaks() {
        let text = "junk\n-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n\
                    -----BEGIN PRIVATE KEY----- REVG -----END PRIVATE KEY-----";
        let blocks = pem_blocks(text);
        assert_eq!(blocks.len(), 2);
        let first = blocks[0].1.as_ref().unwrap();
        assert_eq!(&text[blocks[0].0.clone()], "-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----");
        assert_eq!(first.label, "CERTIFICATE");
        assert_eq!(first.decode().unwrap(), b"ABC");
        let second = blocks[1].1.as_ref().unwrap();
        assert!(text[blocks[1].0.clone()].ends_with("-----END PRIVATE KEY-----"));
        assert_eq!(second.label, "PRIVATE KEY");
        assert!(!second.is_certificate());
        assert_eq!(second.decode().unwrap(), b"DEF");
    }

    #[test]
    fn a_block_without_end_is_reported_and_the_next_one_read() {
        let text = "-----BEGIN CERTIFICATE-----\nQUJD\n-----BEGIN CERTIFICATE-----\nREVG\n-----END CERTIFICATE-----";
        let blocks = pem_blocks(text);
        assert_eq!(blocks[0].1, Err(CertError::UnterminatedPem { label: "CERTIFICATE".to_owned() }));
        assert_eq!(&text[blocks[0].0.clone()], "-----BEGIN CERTIFICATE-----\nQUJD\n");
        assert_eq!(blocks[1].1.as_ref().unwrap().decode().unwrap(), b"DEF");
        assert_eq!(blocks.len(), 2);
    }

    #[test]
    fn a_text_of_begin_lines_only_is_scanned_quickly_and_labels_are_cut() {
        let text = "-----BEGIN CERTIFICATE-----\n".repeat(200_000);
        let blocks = pem_blocks(&text);
        assert_eq!(blocks.len(), 200_000);
        let long = format!("-----BEGIN {}", "X".repeat(1000));
        let blocks = pem_blocks(&long);
        let [(_, Err(CertError::UnterminatedPem { label }))] = blocks.as_slice() else {
            panic!("one unterminated block expected")
        };
        assert_eq!(label.chars().count(), MAX_LABEL_LEN + 1);
    }

    #[test]
    fn rfc1421_headers_are_skipped() {
        let block = PemBlock { label: "CERTIFICATE", body: "\nProc-Type: 4,ENCRYPTED\n\nQUJD\n" };
        assert_eq!(block.decode().unwrap(), b"ABC");
    }

    #[test]
    fn base64_ignores_whitespace_and_missing_padding() {
        assert_eq!(decode_base64(" QU\r\n JD\tRA ").unwrap(), b"ABCD");
        assert_eq!(decode_base64("QUJDRA==").unwrap(), b"ABCD");
    }

    #[test]
    fn invalid_base64_names_the_character_and_its_position() {
        let err = decode_base64("QUJD\nR\u{a0}A=").unwrap_err();
        let CertError::InvalidBase64 { reason } = err else { panic!("{err:?}") };
        assert!(reason.contains("U+00A0 at byte 6"), "{reason}");
        let err = decode_base64("QUJD*").unwrap_err();
        assert!(err.to_string().contains("'*' at byte 4"), "{err}");
    }
}
