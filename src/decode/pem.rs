//! PEM blocks (RFC 7468) and bare DER: certificates are kept as DER; private keys are only *recognised*, so the
//! user can be warned, and their bytes are dropped at once.

use std::ops::Range;

use crate::x509::pem::{is_certificate_label, pem_blocks};
use crate::x509::{self, CertError};

/// What a PEM block holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PemContent {
    /// A certificate, as DER.
    Certificate(Vec<u8>),
    /// A private key; only its label is kept.
    PrivateKey,
    /// A certificate block whose body is not valid base64 (the detail says why) or that has no END line.
    Invalid(String),
    /// Another kind of block (public key, CSR …): ignored.
    Other,
}

/// One PEM block found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PemBlock {
    /// The label between `BEGIN ` and `-----` (`CERTIFICATE`, `RSA PRIVATE KEY` …).
    pub label: String,
    /// Byte range of the block, `-----BEGIN` to the end of the END line (or the end of the text).
    pub range: Range<usize>,
    /// What it holds.
    pub content: PemContent,
}

/// What bare DER bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Der {
    /// An X.509 certificate.
    Certificate,
    /// A private key in one of the usual encodings; the name of the encoding.
    PrivateKey(&'static str),
    /// Something else.
    Unknown,
}

/// Every PEM block in `text`, in order (scanned by [`crate::x509`]'s PEM reader), classified.
pub(crate) fn blocks(text: &str) -> Vec<PemBlock> {
    pem_blocks(text)
        .into_iter()
        .filter_map(|(range, block)| {
            let (label, content) = match block {
                Ok(block) => (block.label.to_owned(), classify(&block)),
                Err(CertError::UnterminatedPem { label }) => {
                    let content = classify_unterminated(&label)?;
                    (label, content)
                }
                Err(_) => return None,
            };
            Some(PemBlock { label, range, content })
        })
        .collect()
}

fn classify(block: &x509::pem::PemBlock<'_>) -> PemContent {
    if block.label.ends_with("PRIVATE KEY") {
        PemContent::PrivateKey
    } else if !block.is_certificate() {
        PemContent::Other
    } else {
        match block.decode() {
            Ok(der) => PemContent::Certificate(der),
            Err(err) => PemContent::Invalid(err.to_string()),
        }
    }
}

/// A block without END line: a private key is still one (warn about it); a certificate is cut short.
fn classify_unterminated(label: &str) -> Option<PemContent> {
    if label.ends_with("PRIVATE KEY") {
        Some(PemContent::PrivateKey)
    } else if is_certificate_label(label) {
        Some(PemContent::Invalid(format!("the block has no \"-----END {label}-----\" line (cut short?)")))
    } else {
        None
    }
}

/// Recognises DER certificates and private keys (PKCS#1 RSA, PKCS#8, SEC1 EC).
pub(crate) fn sniff_der(bytes: &[u8]) -> Der {
    let Some(content) = der_sequence_content(bytes) else {
        return Der::Unknown;
    };
    match content {
        [0x02, 0x01, 0x00, 0x02, ..] => return Der::PrivateKey("PKCS#1 RSA private key"),
        [0x02, 0x01, 0x00, 0x30, ..] => return Der::PrivateKey("PKCS#8 private key"),
        [0x02, 0x01, 0x01, 0x04, ..] => return Der::PrivateKey("SEC1 EC private key"),
        _ => {}
    }
    if x509_parser::parse_x509_certificate(bytes).is_ok() {
        Der::Certificate
    } else {
        Der::Unknown
    }
}

/// The content of a DER SEQUENCE that spans exactly `bytes`.
fn der_sequence_content(bytes: &[u8]) -> Option<&[u8]> {
    let (&tag, rest) = bytes.split_first()?;
    if tag != 0x30 {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 {
            return None;
        }
        let (len_bytes, rest) = (rest.get(..n)?, rest.get(n..)?);
        (len_bytes.iter().fold(0usize, |acc, b| acc << 8 | usize::from(*b)), rest)
    };
    (len == rest.len()).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real certificate from the shared fixtures (crewjam-saml sp_cert.pem), as PEM.
    fn sample_certificate_pem() -> String {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/public");
        let dir = if dir.exists() { dir } else { std::path::PathBuf::from("/work/shared/fixtures/public") };
        std::fs::read_to_string(dir.join("crewjam-saml/testdata/sp_cert.pem")).unwrap()
    }

    #[test]
    fn finds_certificates_and_keys() {
        let cert = sample_certificate_pem();
        let text = format!(
            "before\n{cert}\nmiddle\n-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----\nafter"
        );
        let found = blocks(&text);
        assert_eq!(found.len(), 2);
        assert!(matches!(&found[0].content, PemContent::Certificate(der) if sniff_der(der) == Der::Certificate));
        assert_eq!(found[1].label, "RSA PRIVATE KEY");
        assert_eq!(found[1].content, PemContent::PrivateKey);
        assert!(text[found[1].range.clone()].ends_with("-----END RSA PRIVATE KEY-----"));
    }

    #[test]
    fn reports_cut_certificates() {
        let cert = sample_certificate_pem();
        let cut = &cert[..cert.len() / 2];
        let found = blocks(cut);
        assert_eq!(found.len(), 1);
        assert!(matches!(&found[0].content, PemContent::Invalid(d) if d.contains("END")));
    }

    #[test]
    fn sniffs_der_keys() {
        // SEQUENCE { INTEGER 0, INTEGER … }: the start of a PKCS#1 RSA key.
        assert_eq!(
            sniff_der(&[0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x05]),
            Der::PrivateKey("PKCS#1 RSA private key")
        );
        assert_eq!(
            sniff_der(&[0x30, 0x81, 0x09, 0x02, 0x01, 0x00, 0x02, 0x01, 0x05]),
            Der::Unknown,
            "length must match"
        );
        assert_eq!(sniff_der(b"<xml/>"), Der::Unknown);
        assert_eq!(sniff_der(&[]), Der::Unknown);
    }
}
