//! Why a certificate could not be read.

use std::fmt;

/// Why a certificate could not be read. Messages are lowercase and say what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CertError {
    /// The input is empty (or only whitespace).
    Empty,
    /// The input is larger than any real certificate.
    TooLarge {
        /// Size of the input in bytes.
        len: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The base64 text does not decode.
    InvalidBase64 {
        /// What is wrong, with the position in the original text.
        reason: String,
    },
    /// The bytes are not a DER X.509 certificate.
    MalformedDer {
        /// What the DER parser reported.
        reason: String,
    },
    /// The certificate is followed by bytes that belong to no certificate.
    TrailingData {
        /// How many bytes follow the certificate.
        extra_bytes: usize,
    },
    /// A PEM text was expected but it has no `-----BEGIN …-----` line.
    NoPemBlock,
    /// A `-----BEGIN label-----` line has no matching `-----END label-----` line.
    UnterminatedPem {
        /// The label of the BEGIN line.
        label: String,
    },
    /// A PEM block holds something other than a certificate (a private key, a public key, a CSR, …).
    NotACertificate {
        /// The label of the block, e.g. `PRIVATE KEY`.
        label: String,
    },
    /// The base64 text decodes to a PEM document that is not valid UTF-8.
    WrappedPemNotText,
}

impl fmt::Display for CertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("no certificate: the input is empty"),
            Self::TooLarge { len, limit } => write!(
                f,
                "the certificate input is {len} bytes, more than the {limit} bytes any real certificate needs"
            ),
            Self::InvalidBase64 { reason } => write!(f, "the certificate is not valid base64: {reason}"),
            Self::MalformedDer { reason } => write!(f, "not a DER X.509 certificate: {reason}"),
            Self::TrailingData { extra_bytes } => write!(
                f,
                "{extra_bytes} unexpected bytes follow the certificate: was more than one value pasted together?"
            ),
            Self::NoPemBlock => {
                f.write_str("no \"-----BEGIN CERTIFICATE-----\" line found: paste the whole PEM text")
            }
            Self::UnterminatedPem { label } => {
                write!(f, "\"-----BEGIN {label}-----\" has no matching \"-----END {label}-----\" line")
            }
            Self::NotACertificate { label } if label.contains("PRIVATE KEY") => write!(
                f,
                "this PEM block is a {label}, not a certificate: a private key must never be shared or pasted; use the certificate instead"
            ),
            Self::NotACertificate { label } => {
                write!(f, "this PEM block is a {label}, not a certificate")
            }
            Self::WrappedPemNotText => {
                f.write_str("the base64 decodes to a PEM header followed by bytes that are not text")
            }
        }
    }
}

impl std::error::Error for CertError {}
