//! The serialisable view of a certificate used by the JSON report and the UI.

use serde::Serialize;

use super::Certificate;

/// What reports and the UI show about a certificate. Times are RFC 3339 (UTC); thumbprints are given both as
/// Entra ID shows them and with colons as OpenSSL prints them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateSummary {
    /// The subject distinguished name.
    pub subject: String,
    /// The issuer distinguished name.
    pub issuer: String,
    /// The serial number, uppercase hex.
    pub serial: String,
    /// Start of the validity period, e.g. `2024-01-01T00:00:00Z`.
    pub not_before: String,
    /// End of the validity period (inclusive).
    pub not_after: String,
    /// The key, e.g. `RSA 2048`.
    pub key: String,
    /// The key size in bits, when known.
    pub key_bits: Option<u32>,
    /// SHA-1 thumbprint, uppercase hex without separators (Entra ID's "Thumbprint").
    pub thumbprint_sha1: String,
    /// SHA-1 thumbprint with colons.
    pub thumbprint_sha1_colons: String,
    /// SHA-256 thumbprint, uppercase hex without separators.
    pub thumbprint_sha256: String,
    /// SHA-256 thumbprint with colons.
    pub thumbprint_sha256_colons: String,
    /// Whether the certificate is self-signed.
    pub self_signed: bool,
    /// The algorithm the certificate is signed with.
    pub signature_algorithm: String,
    /// Whether the base64 held a PEM text instead of DER.
    pub wrapped_pem: bool,
}

impl CertificateSummary {
    pub(super) fn of(cert: &Certificate) -> Self {
        Self {
            subject: cert.subject.clone(),
            issuer: cert.issuer.clone(),
            serial: cert.serial_hex.clone(),
            not_before: rfc3339(cert.not_before),
            not_after: rfc3339(cert.not_after),
            key: cert.key_description.clone(),
            key_bits: cert.key_bits,
            thumbprint_sha1: cert.thumbprint_sha1_entra(),
            thumbprint_sha1_colons: cert.thumbprint_sha1_colons(),
            thumbprint_sha256: cert.thumbprint_sha256_entra(),
            thumbprint_sha256_colons: cert.thumbprint_sha256_colons(),
            self_signed: cert.self_signed(),
            signature_algorithm: cert.signature_algorithm.clone(),
            wrapped_pem: cert.wrapped_pem,
        }
    }
}

/// Unix seconds as RFC 3339 in UTC; outside RFC 3339's years 0–9999 the plain number of seconds, marked.
pub(crate) fn rfc3339(unix_seconds: i64) -> String {
    ::time::OffsetDateTime::from_unix_timestamp(unix_seconds)
        .ok()
        .and_then(|t| t.format(&::time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_else(|| format!("unix time {unix_seconds}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap (team rule).
mod tests {
    use super::*;

    #[test]
    fn rfc3339_formats_utc_and_falls_back_out_of_range() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_704_067_200), "2024-01-01T00:00:00Z");
        assert_eq!(rfc3339(i64::MAX), format!("unix time {}", i64::MAX));
    }
}
