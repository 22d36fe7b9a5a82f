//! `signature.embedded-key-only`: a signature could only be checked against the certificate it carries.

use crate::analysis::Analysis;
use crate::dsig::SignatureStatus;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

use super::{checks, describe};

/// The rule.
pub struct EmbeddedKeyOnly;

static DOC: RuleDoc = rule_doc! {
    id: "signature.embedded-key-only",
    severity: Severity::Info,
    title: "The signature was checked only against the certificate it carries",
    what: "Reports each valid signature when the trace and the profile say nothing about who should have signed it \
           (no `certificate_thumbprints` in the profile, no metadata and no certificate in the trace): it verified \
           with the certificate in its own KeyInfo only. When the expected signer is known, a signature that verifies \
           only with its own certificate is reported by `cert.thumbprint-mismatch` instead.",
    why: "Anyone can sign a response with a certificate of their own and put that certificate in KeyInfo; such a \
          signature verifies with its own certificate. It proves the content is intact, not that Entra signed it. \
          Cognito checks against the certificate in the metadata NumlyEngage was given.",
    example: "A pasted response with no profile thumbprint gives: `the signature on Assertion ID=\"_a7c3…\" verifies \
              with its own KeyInfo certificate (CN=…, thumbprint 4F2A…) only; nothing says which certificate to expect`.",
    fix: "Tell sso-doctor which certificate to expect: copy the Thumbprint from Entra ID → Enterprise applications → \
          the NumlyEngage app → Single sign-on → SAML Certificates into the profile's certificate_thumbprints, or add \
          the App Federation Metadata (or the certificate file) to the trace.",
    fix_summary: "Add Entra's signing-certificate thumbprint to the profile, or the App Federation Metadata to the trace.",
    references: &[
        "XML Signature Syntax and Processing §4.5 (KeyInfo is a hint, not a trust decision)",
        "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/tutorial-manage-certificates-for-federated-single-sign-on",
    ],
};

impl Rule for EmbeddedKeyOnly {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        if analysis.knows_expected_signer() {
            return;
        }
        for (m, _, check) in checks(analysis) {
            if check.status() != SignatureStatus::VerifiedEmbeddedOnly {
                continue;
            }
            let Some(attempt) = check.attempts.iter().find(|a| a.source.is_embedded() && check.is_valid_with(a)) else {
                continue;
            };
            let who = match (&attempt.subject, &attempt.thumbprint_sha1) {
                (Some(s), Some(t)) => format!("{} ({s}, thumbprint {t})", attempt.source),
                _ => format!("{} ({})", attempt.source, attempt.key),
            };
            let mut finding = Finding::new(
                &DOC,
                format!(
                    "{} verifies with its own {who} only; nothing says which certificate to expect",
                    describe(check)
                ),
            )
            .subject(m.reference())
            .at(check.path.clone());
            if let Some(t) = &attempt.thumbprint_sha1 {
                finding = finding.actual(t.clone());
            }
            out.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dsig::fixtures::{profile_pinning, thumbprint, AT, IDP_CERT, IDP_METADATA, SIGNED_ASSERTION};
    use crate::finding::Severity;
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_when_no_expected_certificate_is_known() {
        let f = findings_of("signature.embedded-key-only", &[SIGNED_ASSERTION], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Info);
        assert_eq!(f[0].actual, Some(thumbprint(IDP_CERT)));
    }

    #[test]
    fn quiet_when_a_thumbprint_is_pinned_or_metadata_is_given() {
        assert!(
            findings_of("signature.embedded-key-only", &[SIGNED_ASSERTION], &profile_pinning(IDP_CERT), AT).is_empty()
        );
        assert!(findings_of("signature.embedded-key-only", &[SIGNED_ASSERTION, IDP_METADATA], &Profile::default(), AT)
            .is_empty());
    }
}
