//! The HTTP-Redirect binding's detached signature (SAML Bindings §3.4.4.1): `SigAlg` and `Signature` query
//! parameters signing the octets `SAMLRequest=…&RelayState=…&SigAlg=…` exactly as they appear in the query.
//!
//! There is no `KeyInfo` in a query string, so only expected certificates can verify it.

use std::fmt;

use serde::Serialize;

use super::verify::{decode_base64, KeyAttempt, KeySource};
use crate::crypto::{self, SignatureAlgorithm};
use crate::decode::RedirectSignature;
use crate::x509::Certificate;

/// The check of a Redirect-binding query signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedirectCheck {
    /// `SigAlg` as given.
    pub sig_alg: String,
    /// The algorithm, when `SigAlg` names one sso-doctor implements.
    pub algorithm: Option<SignatureAlgorithm>,
    /// Every expected certificate tried.
    pub attempts: Vec<KeyAttempt>,
    /// What prevented a check, if anything.
    pub problem: Option<RedirectProblem>,
}

/// Why a Redirect-binding signature could not be checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RedirectProblem {
    /// `SigAlg` names an algorithm sso-doctor does not implement.
    UnsupportedAlgorithm {
        /// The `SigAlg` value.
        sig_alg: String,
    },
    /// `Signature` is not valid base64.
    MalformedSignature {
        /// What is wrong.
        reason: String,
    },
    /// There is no expected certificate to check the signature with.
    NoKey,
}

impl fmt::Display for RedirectProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnsupportedAlgorithm { sig_alg } => write!(f, "SigAlg {sig_alg} is not supported"),
            Self::MalformedSignature { reason } => write!(f, "the Signature parameter is not valid base64: {reason}"),
            Self::NoKey => f.write_str("no expected certificate to check the query signature with"),
        }
    }
}

impl RedirectCheck {
    /// Whether the signature verified with an expected certificate.
    pub fn is_verified(&self) -> bool {
        self.problem.is_none() && self.attempts.iter().any(KeyAttempt::verified)
    }
}

/// Verifies a Redirect-binding signature with each expected certificate.
pub fn verify_redirect(signature: &RedirectSignature, expected: &[&Certificate]) -> RedirectCheck {
    let mut check =
        RedirectCheck { sig_alg: signature.sig_alg.clone(), algorithm: None, attempts: Vec::new(), problem: None };
    let Some(alg) = SignatureAlgorithm::from_uri(signature.sig_alg.trim()) else {
        check.problem = Some(RedirectProblem::UnsupportedAlgorithm { sig_alg: signature.sig_alg.clone() });
        return check;
    };
    check.algorithm = Some(alg);
    let value = match decode_base64(&signature.signature) {
        Ok(v) => v,
        Err(reason) => {
            check.problem = Some(RedirectProblem::MalformedSignature { reason });
            return check;
        }
    };
    for (index, cert) in expected.iter().enumerate() {
        let Some(key) = &cert.key else { continue };
        check.attempts.push(KeyAttempt {
            source: KeySource::Expected { index },
            key: key.kind_name(),
            subject: Some(cert.subject.clone()),
            thumbprint_sha1: Some(cert.thumbprint_sha1_entra()),
            thumbprint_sha256: Some(cert.thumbprint_sha256_entra()),
            expected: true,
            error: crypto::verify(key, alg, signature.signed_octets.as_bytes(), &value).err(),
        });
    }
    if check.attempts.is_empty() {
        check.problem = Some(RedirectProblem::NoKey);
    }
    check
}
