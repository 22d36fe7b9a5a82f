//! The serialisable view of signature checks and certificates for the JSON report and the web app.

use serde::Serialize;

use super::redirect::RedirectCheck;
use super::trace::{CertificateOrigin, ExpectedBecause, SeenCertificate};
use super::verify::{ElementRef, KeyAttempt, KeySource, ReferenceCheck, SignatureCheck, SignatureStatus};
use crate::x509::{CertificateSummary, Validity};

/// One `ds:Signature` as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureSummary {
    /// The `ds:Signature` element's path.
    pub path: String,
    /// The element that encloses it (the one SAML says it must sign).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signed_element: Option<ElementRef>,
    /// The overall result.
    pub status: SignatureStatus,
    /// Valid with some key (expected or embedded).
    pub verified: bool,
    /// Valid with an expected certificate.
    pub trusted: bool,
    /// `CanonicalizationMethod` URI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonicalization: Option<String>,
    /// `SignatureMethod` URI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature_algorithm: Option<String>,
    /// One entry per `Reference`.
    pub references: Vec<ReferenceSummary>,
    /// Every key tried.
    pub keys: Vec<KeySummary>,
    /// The `KeyInfo` certificates (or why one could not be read).
    pub certificates: Vec<EmbeddedCertificateSummary>,
    /// Problems with the signature as a whole, in words.
    pub problems: Vec<String>,
    /// Present only in the analysis of a redacted share link: the reference digests are the result the link's
    /// sender reported (the redacted copy cannot be re-verified), or why the reported result was not used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported: Option<super::reported::ReportedUse>,
}

/// One `Reference` as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferenceSummary {
    /// The `URI` attribute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// The element it resolves to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<ElementRef>,
    /// Covers the whole document.
    pub whole_document: bool,
    /// Points at the element enclosing the signature.
    pub enveloped: bool,
    /// The enveloped-signature transform was applied.
    pub excludes_signature: bool,
    /// Transform URIs.
    pub transforms: Vec<String>,
    /// `DigestMethod` URI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest_algorithm: Option<String>,
    /// The digest matched.
    pub digest_ok: bool,
    /// The digest computed (base64), when it does not match `DigestValue`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub computed_digest: Option<String>,
    /// What went wrong, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// One key tried on a signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeySummary {
    /// Where the key came from, in words (`KeyInfo certificate 1`, `expected certificate 2`).
    pub source: String,
    /// Where the key came from, structured.
    pub origin: KeySource,
    /// The key, e.g. `RSA 2048`.
    pub key: String,
    /// The certificate subject.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// SHA-1 thumbprint (uppercase hex).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumbprint_sha1: Option<String>,
    /// SHA-256 thumbprint (uppercase hex).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumbprint_sha256: Option<String>,
    /// The key is an expected certificate's.
    pub expected: bool,
    /// The signature value verified with this key.
    pub verified: bool,
    /// Why not, if it did not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A `KeyInfo` certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmbeddedCertificateSummary {
    /// The certificate, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateSummary>,
    /// Why it could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A Redirect-binding query signature as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RedirectSummary {
    /// `SigAlg`.
    pub sig_alg: String,
    /// Valid with an expected certificate.
    pub verified: bool,
    /// Every key tried.
    pub keys: Vec<KeySummary>,
    /// What prevented a check, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// A certificate of the trace as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateEntry {
    /// The certificate.
    #[serde(flatten)]
    pub certificate: CertificateSummary,
    /// Where it was seen.
    pub origins: Vec<CertificateOrigin>,
    /// Why it is expected (empty: it is not).
    pub expected_because: Vec<ExpectedBecause>,
    /// Its validity at the evaluation time.
    pub validity: Validity,
    /// Whole days from the evaluation time to `notAfter` (negative once expired).
    pub days_until_expiry: i64,
}

impl SignatureSummary {
    /// The summary of a check.
    pub fn of(check: &SignatureCheck) -> Self {
        SignatureSummary {
            path: check.path.clone(),
            signed_element: check.enclosing.clone(),
            status: check.status(),
            verified: check.is_verified(),
            trusted: check.verified_with_expected(),
            canonicalization: check.canonicalization.clone(),
            signature_algorithm: check.signature_method.clone(),
            references: check.references.iter().map(ReferenceSummary::of).collect(),
            keys: check.attempts.iter().map(KeySummary::of).collect(),
            certificates: check
                .certificates
                .iter()
                .map(|c| match &c.certificate {
                    Ok(cert) => EmbeddedCertificateSummary { certificate: Some(cert.summary()), error: None },
                    Err(e) => EmbeddedCertificateSummary { certificate: None, error: Some(e.to_string()) },
                })
                .collect(),
            problems: check.problems.iter().map(ToString::to_string).collect(),
            reported: check.reported.clone(),
        }
    }
}

impl ReferenceSummary {
    fn of(r: &ReferenceCheck) -> Self {
        ReferenceSummary {
            uri: r.uri.clone(),
            target: r.target.clone(),
            whole_document: r.whole_document,
            enveloped: r.enveloped,
            excludes_signature: r.excludes_signature,
            transforms: r.transforms.clone(),
            digest_algorithm: r.digest_algorithm.clone(),
            digest_ok: r.digest_ok,
            computed_digest: match &r.problem {
                Some(super::verify::ReferenceProblem::DigestMismatch { actual, .. }) => Some(actual.clone()),
                _ => None,
            },
            problem: r.problem.as_ref().map(ToString::to_string),
        }
    }
}

impl KeySummary {
    /// The summary of one key attempt.
    pub fn of(a: &KeyAttempt) -> Self {
        KeySummary {
            source: a.source.to_string(),
            origin: a.source,
            key: a.key.clone(),
            subject: a.subject.clone(),
            thumbprint_sha1: a.thumbprint_sha1.clone(),
            thumbprint_sha256: a.thumbprint_sha256.clone(),
            expected: a.expected,
            verified: a.verified(),
            error: a.error.as_ref().map(ToString::to_string),
        }
    }
}

impl RedirectSummary {
    /// The summary of a Redirect check.
    pub fn of(check: &RedirectCheck) -> Self {
        RedirectSummary {
            sig_alg: check.sig_alg.clone(),
            verified: check.is_verified(),
            keys: check.attempts.iter().map(KeySummary::of).collect(),
            problem: check.problem.as_ref().map(ToString::to_string),
        }
    }
}

impl CertificateEntry {
    /// The entry of a seen certificate at evaluation time `at` (Unix seconds).
    pub fn of(seen: &SeenCertificate, at: i64) -> Self {
        CertificateEntry {
            certificate: seen.certificate.summary(),
            origins: seen.origins.clone(),
            expected_because: seen.expected_because.clone(),
            validity: seen.certificate.validity_at(at),
            days_until_expiry: seen.certificate.days_until_expiry(at),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::decode::Input;
    use crate::dsig::fixtures::{thumbprint, AT, IDP_CERT, IDP_METADATA, RESIGNED_BY_ROTATED, ROTATED_CERT};
    use crate::profile::Profile;
    use crate::time::EvaluationTime;

    #[test]
    fn the_json_report_lists_signatures_keys_and_certificates() {
        let inputs = [Input::text("response", RESIGNED_BY_ROTATED), Input::text("metadata", IDP_METADATA)];
        let report = crate::analyze(&inputs, &Profile::default(), EvaluationTime::at(AT));
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
        let signature = &json["messages"][0]["signatures"][0];
        assert_eq!(signature["status"], "verified-embedded-only");
        assert_eq!(signature["verified"], true);
        assert_eq!(signature["trusted"], false);
        assert_eq!(signature["signed_element"]["local"], "Assertion");
        assert_eq!(signature["references"][0]["enveloped"], true);
        assert_eq!(signature["keys"][0]["origin"]["kind"], "key-info-certificate");
        assert_eq!(signature["keys"][0]["thumbprint_sha1"], thumbprint(ROTATED_CERT).as_str());
        assert_eq!(signature["keys"][1]["source"], "expected certificate 1");
        assert_eq!(signature["keys"][1]["verified"], false);
        let certificates = json["certificates"].as_array().unwrap();
        assert_eq!(certificates.len(), 2);
        let idp = certificates.iter().find(|c| c["thumbprint_sha1"] == thumbprint(IDP_CERT).as_str()).unwrap();
        assert_eq!(idp["expected_because"][0], "metadata-signing-key");
        assert_eq!(idp["origins"][0]["kind"], "metadata");
        assert_eq!(idp["validity"]["state"], "valid");
        assert!(json["messages"][1]["signatures"].as_array().unwrap().is_empty());
    }
}
