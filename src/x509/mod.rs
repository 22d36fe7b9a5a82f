//! X.509 certificates as SAML carries them: in `ds:X509Certificate` (bare base64), in metadata, in PEM files,
//! and pinned by thumbprint.
//!
//! Only what a SAML diagnosis needs is read: names, serial, validity, the public key, thumbprints and whether
//! the certificate is self-signed. Trust chains and extensions are not evaluated (SAML trusts certificates by
//! pinning, not by PKI path validation). Times are unix seconds; the evaluation time is always passed in.
//!
//! ```
//! use sso_doctor::x509::{normalize_thumbprint, Certificate, Validity};
//!
//! let pem = include_str!("../../tests/data/keys/rsa2048-cert.pem");
//! let cert = Certificate::from_pem(pem)?;
//! assert_eq!(cert.key_description, "RSA 2048");
//! assert!(cert.self_signed());
//!
//! // A thumbprint pasted from Entra ID (any case, colons optional) is compared with the certificate's.
//! let pinned = normalize_thumbprint(&cert.thumbprint_sha1_colons().to_lowercase()).unwrap();
//! assert!(cert.matches_thumbprint(&pinned));
//!
//! // 2024-06-01T00:00:00Z, passed in: the core never reads the clock.
//! assert!(matches!(cert.validity_at(1_717_200_000), Validity::Valid { .. }));
//! # Ok::<(), sso_doctor::x509::CertError>(())
//! ```

mod error;
mod names;
pub(crate) mod pem;
mod summary;
mod thumbprint;
mod validity;

use sha1::Sha1;
use sha2::{Digest, Sha256};
use x509_parser::certificate::{X509Certificate, X509CertificateParser};
use x509_parser::nom::Parser as _;

use crate::crypto::{self, KeyError, PublicKey, SignatureAlgorithm, SignatureEncoding, VerifyError};

pub use error::CertError;
pub use summary::CertificateSummary;
pub use thumbprint::normalize_thumbprint;
pub use validity::Validity;

/// Largest DER certificate accepted, in bytes. Real certificates are 0.5–4 KB.
pub const MAX_CERTIFICATE_DER_LEN: usize = 64 * 1024;
/// Largest base64 or PEM text accepted for one certificate, in bytes (base64 plus generous whitespace).
pub const MAX_CERTIFICATE_TEXT_LEN: usize = 4 * MAX_CERTIFICATE_DER_LEN;
/// Largest PEM text accepted by [`Certificate::parse_pem_all`], in bytes (the core's input cap).
pub const MAX_PEM_BUNDLE_LEN: usize = 10 * 1024 * 1024;

const SECONDS_PER_DAY: i64 = 86_400;

/// A parsed X.509 certificate with the facts a SAML diagnosis reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// The DER bytes of the certificate.
    pub der: Vec<u8>,
    /// The subject distinguished name, e.g. `CN=Microsoft Azure Federated SSO Certificate`.
    pub subject: String,
    /// The common name of the subject, when there is one.
    pub subject_common_name: Option<String>,
    /// The issuer distinguished name.
    pub issuer: String,
    /// The serial number in uppercase hex, without leading zero bytes (as `openssl x509 -serial` prints it).
    pub serial_hex: String,
    /// Start of the validity period, unix seconds.
    pub not_before: i64,
    /// End of the validity period (inclusive), unix seconds.
    pub not_after: i64,
    /// The public key, when it is of a kind that can verify signatures (RSA, EC P-256/P-384, DSA).
    pub key: Option<PublicKey>,
    /// Why [`Certificate::key`] is `None`.
    pub key_error: Option<KeyError>,
    /// What the key is: `RSA 2048`, `EC P-256`, or a description of an unsupported key.
    pub key_description: String,
    /// The key size in bits, when known.
    pub key_bits: Option<u32>,
    /// SHA-1 of the DER bytes (the "thumbprint" of Entra ID and ADFS).
    pub sha1: [u8; 20],
    /// SHA-256 of the DER bytes.
    pub sha256: [u8; 32],
    /// Whether the certificate is self-signed, computed on first use by [`Certificate::self_signed`] (the
    /// check is an RSA operation, as costly as verifying a document signature, and most callers never ask).
    self_signed: DerivedFlag,
    /// The algorithm the issuer signed the certificate with, e.g. `sha256WithRSAEncryption` (or the OID).
    pub signature_algorithm: String,
    /// True when the base64 text decoded to a PEM document instead of DER and was unwrapped (ruby-saml's ADFS
    /// fixture stores a certificate that way in `ds:X509Certificate`; strict verifiers reject it).
    pub wrapped_pem: bool,
    /// Issuer and subject are the same name.
    same_names: bool,
    tbs_der: Vec<u8>,
    signature_value: Vec<u8>,
    signature_algorithm_oid: String,
}

impl Certificate {
    /// Reads a DER certificate. Bytes after the certificate are an error.
    pub fn from_der(der: &[u8]) -> Result<Self, CertError> {
        if der.is_empty() {
            return Err(CertError::Empty);
        }
        if der.len() > MAX_CERTIFICATE_DER_LEN {
            return Err(CertError::TooLarge { len: der.len(), limit: MAX_CERTIFICATE_DER_LEN });
        }
        let (rest, cert) = parse_certificate(der)?;
        if !rest.is_empty() {
            return Err(CertError::TrailingData { extra_bytes: rest.len() });
        }
        Ok(Self::from_parsed(&cert, der.to_vec()))
    }

    /// Reads a certificate from base64 text as found in `ds:X509Certificate` and metadata: whitespace and line
    /// breaks anywhere are ignored, padding is optional.
    ///
    /// Two other forms are accepted because people paste them: a PEM text (`-----BEGIN CERTIFICATE-----`,
    /// read with [`Certificate::from_pem`]), and base64 of a PEM text, which is unwrapped and flagged with
    /// [`Certificate::wrapped_pem`].
    pub fn from_base64(text: &str) -> Result<Self, CertError> {
        if text.len() > MAX_CERTIFICATE_TEXT_LEN {
            return Err(CertError::TooLarge { len: text.len(), limit: MAX_CERTIFICATE_TEXT_LEN });
        }
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(CertError::Empty);
        }
        if trimmed.starts_with("-----BEGIN") {
            return Self::from_pem(trimmed);
        }
        let der = pem::decode_base64(trimmed)?;
        if der.trim_ascii_start().starts_with(b"-----BEGIN") {
            let inner = std::str::from_utf8(&der).map_err(|_| CertError::WrappedPemNotText)?;
            let mut cert = Self::from_pem(inner)?;
            cert.wrapped_pem = true;
            return Ok(cert);
        }
        Self::from_der(&der)
    }

    /// Reads the first certificate of a PEM text. Blocks of other kinds (keys, CSRs) before it are skipped;
    /// if there is no certificate block, the error says what was found instead.
    pub fn from_pem(text: &str) -> Result<Self, CertError> {
        let mut first_error = None;
        for result in Self::parse_pem_all(text) {
            match result {
                Ok(cert) => return Ok(cert),
                Err(err) => {
                    first_error.get_or_insert(err);
                }
            }
        }
        Err(first_error.unwrap_or(CertError::NoPemBlock))
    }

    /// Reads every PEM block of a text (a file with one or several certificates): one result per block, in
    /// order. A block that is not a certificate gives [`CertError::NotACertificate`]; a text with no block at
    /// all gives a single [`CertError::NoPemBlock`].
    pub fn parse_pem_all(text: &str) -> Vec<Result<Self, CertError>> {
        if text.len() > MAX_PEM_BUNDLE_LEN {
            return vec![Err(CertError::TooLarge { len: text.len(), limit: MAX_PEM_BUNDLE_LEN })];
        }
        let blocks = pem::pem_blocks(text);
        if blocks.is_empty() {
            return vec![Err(CertError::NoPemBlock)];
        }
        blocks
            .into_iter()
            .map(|(_, block)| {
                let block = block?;
                if !block.is_certificate() {
                    return Err(CertError::NotACertificate { label: block.label.to_owned() });
                }
                if block.body.len() > MAX_CERTIFICATE_TEXT_LEN {
                    return Err(CertError::TooLarge { len: block.body.len(), limit: MAX_CERTIFICATE_TEXT_LEN });
                }
                let der = block.decode()?;
                if block.label == "TRUSTED CERTIFICATE" {
                    // OpenSSL appends its trust settings after the certificate.
                    return Self::from_der_prefix(&der);
                }
                Self::from_der(&der)
            })
            .collect()
    }

    /// The SHA-1 thumbprint as Entra ID shows it: uppercase hex without separators.
    pub fn thumbprint_sha1_entra(&self) -> String {
        thumbprint::hex_upper(&self.sha1, "")
    }

    /// The SHA-1 thumbprint as OpenSSL prints it: uppercase hex bytes separated by colons.
    pub fn thumbprint_sha1_colons(&self) -> String {
        thumbprint::hex_upper(&self.sha1, ":")
    }

    /// The SHA-256 thumbprint in uppercase hex without separators.
    pub fn thumbprint_sha256_entra(&self) -> String {
        thumbprint::hex_upper(&self.sha256, "")
    }

    /// The SHA-256 thumbprint in uppercase hex bytes separated by colons.
    pub fn thumbprint_sha256_colons(&self) -> String {
        thumbprint::hex_upper(&self.sha256, ":")
    }

    /// True when `thumbprint` (20 bytes: SHA-1, 32 bytes: SHA-256, as [`normalize_thumbprint`] returns) is
    /// this certificate's.
    pub fn matches_thumbprint(&self, thumbprint: &[u8]) -> bool {
        match thumbprint.len() {
            20 => thumbprint == self.sha1,
            32 => thumbprint == self.sha256,
            _ => false,
        }
    }

    /// Where `time` (unix seconds) falls in the validity period.
    pub fn validity_at(&self, time: i64) -> Validity {
        Validity::at(self.not_before, self.not_after, time)
    }

    /// Whole days from `time` (unix seconds) to `notAfter`, rounded down: 0 on the last day, negative once
    /// expired (-1 during the first day after expiry).
    pub fn days_until_expiry(&self, time: i64) -> i64 {
        self.not_after.saturating_sub(time).div_euclid(SECONDS_PER_DAY)
    }

    /// Verifies the certificate's signature with `issuer_key` (its own key for a self-signed certificate).
    /// An algorithm this crate cannot verify gives [`VerifyError::Unsupported`].
    pub fn verify_signed_by(&self, issuer_key: &PublicKey) -> Result<(), VerifyError> {
        let alg = SignatureAlgorithm::from_x509_oid(&self.signature_algorithm_oid)
            .ok_or_else(|| VerifyError::Unsupported { alg: self.signature_algorithm.clone() })?;
        crypto::verify_encoded(issuer_key, alg, &self.tbs_der, &self.signature_value, SignatureEncoding::Der)
    }

    /// True when issuer and subject are the same name and the certificate's own key verifies its signature.
    /// When the signature cannot be checked (an algorithm such as RSA-PSS or an unsupported key), equal
    /// names alone decide. Computed once, on first use.
    pub fn self_signed(&self) -> bool {
        *self.self_signed.0.get_or_init(|| {
            self.same_names
                && match &self.key {
                    Some(own_key) => {
                        matches!(self.verify_signed_by(own_key), Ok(()) | Err(VerifyError::Unsupported { .. }))
                    }
                    None => true,
                }
        })
    }

    /// The view of the certificate that reports and the UI show.
    pub fn summary(&self) -> CertificateSummary {
        CertificateSummary::of(self)
    }

    /// Reads a certificate at the start of `der`, ignoring what follows.
    fn from_der_prefix(der: &[u8]) -> Result<Self, CertError> {
        let (rest, cert) = parse_certificate(der)?;
        let len = der.len() - rest.len();
        Ok(Self::from_parsed(&cert, der.get(..len).unwrap_or(der).to_vec()))
    }

    fn from_parsed(cert: &X509Certificate<'_>, der: Vec<u8>) -> Self {
        let tbs = &cert.tbs_certificate;
        let spki = tbs.public_key();
        let (key, key_error) = match PublicKey::from_spki(spki) {
            Ok(key) => (Some(key), None),
            Err(err) => (None, Some(err)),
        };
        let key_description = match (&key, &key_error) {
            (Some(key), _) => key.kind_name(),
            (None, Some(KeyError::UnsupportedCurve { curve })) => {
                format!("EC {curve} (unsupported curve)")
            }
            (None, Some(KeyError::UnsupportedKeyAlgorithm { algorithm })) => {
                format!("{algorithm} (unsupported key algorithm)")
            }
            (None, Some(err)) => format!("unusable key: {err}"),
            (None, None) => "unknown key".to_owned(),
        };
        let key_bits = key.as_ref().map(PublicKey::bits).or_else(|| {
            spki.parsed()
                .ok()
                .map(|parsed| parsed.key_size())
                .filter(|&bits| bits > 0)
                .and_then(|bits| u32::try_from(bits).ok())
        });
        let signature_algorithm_oid = cert.signature_algorithm.algorithm.to_id_string();
        let signature_algorithm = names::signature_algorithm_name(&signature_algorithm_oid)
            .map_or_else(|| signature_algorithm_oid.clone(), str::to_owned);
        let mut certificate = Self {
            subject: names::distinguished_name(tbs.subject()),
            subject_common_name: tbs
                .subject()
                .iter_common_name()
                .next()
                .and_then(|cn| cn.as_str().ok())
                .map(str::to_owned),
            issuer: names::distinguished_name(tbs.issuer()),
            serial_hex: serial_hex(tbs.raw_serial()),
            not_before: tbs.validity().not_before.timestamp(),
            not_after: tbs.validity().not_after.timestamp(),
            key,
            key_error,
            key_description,
            key_bits,
            sha1: Sha1::digest(&der).into(),
            sha256: Sha256::digest(&der).into(),
            self_signed: DerivedFlag::default(),
            signature_algorithm,
            wrapped_pem: false,
            same_names: false,
            tbs_der: tbs.as_ref().to_vec(),
            signature_value: cert.signature_value.data.to_vec(),
            signature_algorithm_oid,
            der,
        };
        certificate.same_names = tbs.subject().as_raw() == tbs.issuer().as_raw();
        certificate
    }
}

/// A boolean computed from the other fields on first use. It takes no part in equality: two certificates with
/// the same bytes are equal whether or not one of them has been asked yet.
#[derive(Debug, Clone, Default)]
struct DerivedFlag(std::sync::OnceLock<bool>);

impl PartialEq for DerivedFlag {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for DerivedFlag {}

/// The serial in uppercase hex without the sign byte, at least one byte.
fn serial_hex(raw: &[u8]) -> String {
    let first = raw.iter().position(|&b| b != 0).unwrap_or(raw.len().saturating_sub(1));
    let significant = raw.get(first..).filter(|s| !s.is_empty()).unwrap_or(&[0]);
    thumbprint::hex_upper(significant, "")
}

/// Parses one certificate at the start of `der`. Extensions are not parsed: nothing here uses them, and an
/// extension that x509-parser cannot read must not make a usable signing certificate unreadable.
fn parse_certificate(der: &[u8]) -> Result<(&[u8], X509Certificate<'_>), CertError> {
    X509CertificateParser::new()
        .with_deep_parse_extensions(false)
        .parse(der)
        .map_err(|err| CertError::MalformedDer { reason: describe_parse_error(&err) })
}

fn describe_parse_error(err: &x509_parser::nom::Err<x509_parser::error::X509Error>) -> String {
    match err {
        x509_parser::nom::Err::Incomplete(_) => "the data ends in the middle of the certificate".to_owned(),
        x509_parser::nom::Err::Error(inner) | x509_parser::nom::Err::Failure(inner) => {
            crypto::lowercase_first(&inner.to_string())
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap (team rule).
mod tests {
    use super::*;

    #[test]
    fn serial_hex_drops_the_sign_byte_but_keeps_zero() {
        assert_eq!(serial_hex(&[0x00, 0x9a, 0x01]), "9A01");
        assert_eq!(serial_hex(&[0x10, 0x01]), "1001");
        assert_eq!(serial_hex(&[0x00]), "00");
        assert_eq!(serial_hex(&[]), "00");
    }

    #[test]
    fn validity_bounds_are_inclusive() {
        assert_eq!(Validity::at(100, 200, 99), Validity::NotYetValid { starts_in_secs: 1 });
        assert_eq!(Validity::at(100, 200, 100), Validity::Valid { expires_in_secs: 100 });
        assert_eq!(Validity::at(100, 200, 200), Validity::Valid { expires_in_secs: 0 });
        assert_eq!(Validity::at(100, 200, 201), Validity::Expired { expired_secs_ago: 1 });
        assert_eq!(Validity::at(i64::MIN, i64::MAX, 0), Validity::Valid { expires_in_secs: i64::MAX });
    }
}
