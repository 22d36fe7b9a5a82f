//! PEM blocks (RFC 7468) and bare DER: certificates are kept as DER; private keys are only *recognised*, so the
//! user can be warned, and their bytes are dropped at once.

use std::ops::Range;

use super::base64;

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

const BEGIN: &str = "-----BEGIN ";
const DASHES: &str = "-----";

/// Every PEM block in `text`, in order.
pub(crate) fn blocks(text: &str) -> Vec<PemBlock> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find(BEGIN)) {
        let start = from + found;
        let label_start = start + BEGIN.len();
        let Some(label_len) = text.get(label_start..).and_then(|rest| rest.find(DASHES)) else {
            break;
        };
        let label = text.get(label_start..label_start + label_len).unwrap_or("").trim().to_owned();
        let body_start = label_start + label_len + DASHES.len();
        if label.is_empty() || label.len() > 64 || label.contains('\n') {
            from = body_start;
            continue;
        }
        let end_line = format!("-----END {label}-----");
        let (body_end, block_end, closed) = if let Some(i) =
            text.get(body_start..).and_then(|rest| rest.find(&end_line))
        {
            (body_start + i, body_start + i + end_line.len(), true)
        } else {
            // No END line: the block runs to the next BEGIN or to the end of the text.
            let next = text.get(body_start..).and_then(|rest| rest.find(BEGIN)).map_or(text.len(), |i| body_start + i);
            (next, next, false)
        };
        let body = text.get(body_start..body_end).unwrap_or("");
        out.push(PemBlock { content: classify(&label, body, closed), label, range: start..block_end });
        from = block_end.max(body_start);
    }
    out
}

fn classify(label: &str, body: &str, closed: bool) -> PemContent {
    if label.ends_with("PRIVATE KEY") {
        return PemContent::PrivateKey;
    }
    if !matches!(label, "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE") {
        return PemContent::Other;
    }
    if !closed {
        return PemContent::Invalid(format!("the block has no \"-----END {label}-----\" line (cut short?)"));
    }
    // RFC 7468 allows no headers in certificates, but RFC 1421 style `Name: value` lines do turn up; skip them.
    let base64_lines: String = body.lines().filter(|l| !l.contains(':')).collect::<Vec<_>>().join("\n");
    match base64::decode(&base64_lines) {
        Ok(v) => PemContent::Certificate(v.bytes),
        Err(detail) => PemContent::Invalid(detail),
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
