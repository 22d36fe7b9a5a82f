//! `cert.thumbprint-mismatch`: a message is signed with a certificate that is not the expected one.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::signature::{checks, describe};
use crate::rules::{Rule, RuleDoc};
use crate::x509::Certificate;

/// The rule.
pub struct ThumbprintMismatch;

static DOC: RuleDoc = rule_doc! {
    id: "cert.thumbprint-mismatch",
    severity: Severity::Error,
    title: "Signed with a certificate that is not the expected one",
    what: "When the expected signing certificate is known (the profile's certificate_thumbprints, a metadata document \
           or a certificate in the trace), reports each signature that verifies with none of the expected \
           certificates while its KeyInfo carries a different certificate. The message says whether the signature \
           verifies with that embedded certificate (it was signed by it) or not.",
    why: "Cognito verifies responses against the certificate in the IdP metadata NumlyEngage uploaded. When Entra \
          rotates its SAML signing certificate (automatically before expiry, or when an admin makes a new one active) \
          and NumlyEngage still holds the old metadata, every sign-in fails with `Invalid SAML response`. The same \
          evidence is what a response re-signed by an attacker with their own certificate looks like, so the \
          certificate must be confirmed against Entra, never simply trusted.",
    example: "A response signed by a newly activated certificate, checked against the old metadata, gives: `the \
              signature on Assertion ID=\"_a7c3…\" is signed by certificate CN=… (thumbprint 9C1E…), not by an \
              expected certificate (4F2A…); it verifies with that embedded certificate`.",
    fix: "In Entra ID → Enterprise applications → the NumlyEngage app → Single sign-on → SAML Certificates, check which \
          certificate is Active and compare its Thumbprint with the one in this finding. If Entra's active certificate \
          is the one in the response, copy the App Federation Metadata URL from that page and send it to NumlyEngage \
          support so they update the IdP metadata in Cognito. If Entra's thumbprint matches neither, the response was \
          not signed by your tenant: treat it as forged.",
    fix_summary: "Compare the thumbprint with Entra's active SAML certificate, then send the App Federation Metadata URL \
                  to NumlyEngage support.",
    references: &[
        "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/tutorial-manage-certificates-for-federated-single-sign-on",
        "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-managing-saml-idp.html",
        "SAML 2.0 Metadata §2.4.1.1 (KeyDescriptor)",
    ],
};

impl Rule for ThumbprintMismatch {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        if !analysis.knows_expected_signer() {
            return;
        }
        let pinned = analysis.profile.thumbprints();
        let mut expected: Vec<String> = analysis.profile.certificate_thumbprints.clone();
        for c in analysis.expected_certificates() {
            let t = c.certificate.thumbprint_sha1_entra();
            if !pinned.iter().any(|p| c.certificate.matches_thumbprint(p)) {
                expected.push(t);
            }
        }
        let is_expected = |cert: &Certificate| {
            pinned.iter().any(|p| cert.matches_thumbprint(p))
                || analysis.expected_certificates().any(|e| e.certificate.der == cert.der)
        };
        for (m, _, check) in checks(analysis) {
            if check.verified_with_expected() {
                continue;
            }
            let embedded: Vec<&Certificate> =
                check.certificates.iter().filter_map(|c| c.certificate.as_ref().ok()).collect();
            let Some(first) = embedded.first().copied() else { continue };
            if embedded.iter().any(|c| is_expected(c)) {
                continue;
            }
            let signer = embedded.iter().find(|c| {
                check.attempts.iter().any(|a| {
                    a.thumbprint_sha256.as_deref() == Some(&c.thumbprint_sha256_entra())
                        && a.source.is_embedded()
                        && check.is_valid_with(a)
                })
            });
            let (cert, verdict) = match signer {
                Some(c) => (*c, "it verifies with that embedded certificate"),
                None => (first, "the signature does not verify with it either"),
            };
            let name = cert.subject_common_name.as_ref().map_or_else(|| cert.subject.clone(), |cn| format!("CN={cn}"));
            out.push(
                Finding::new(
                    &DOC,
                    format!(
                        "{} is signed by certificate {name} (thumbprint {}), not by an expected certificate ({}); {verdict}",
                        describe(check),
                        cert.thumbprint_sha1_entra(),
                        expected.join(", ")
                    ),
                )
                .expected(expected.join(", "))
                .actual(cert.thumbprint_sha1_entra())
                .subject(m.reference())
                .at(check.path.clone()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dsig::fixtures::{
        profile_pinning, thumbprint, AT, IDP_CERT, IDP_METADATA, RESIGNED_BY_ATTACKER, RESIGNED_BY_ROTATED,
        ROTATED_CERT, SIGNED_ASSERTION,
    };
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_when_entra_signs_with_a_rotated_certificate_and_the_metadata_is_old() {
        let f = findings_of("cert.thumbprint-mismatch", &[RESIGNED_BY_ROTATED, IDP_METADATA], &Profile::default(), AT);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].actual, Some(thumbprint(ROTATED_CERT)));
        assert_eq!(f[0].expected, Some(thumbprint(IDP_CERT)));
        assert!(f[0].message.contains("it verifies with that embedded certificate"), "{}", f[0].message);
    }

    #[test]
    fn fires_on_a_response_re_signed_by_an_attacker_against_a_pinned_thumbprint() {
        let f = findings_of("cert.thumbprint-mismatch", &[RESIGNED_BY_ATTACKER], &profile_pinning(IDP_CERT), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("sso-doctor test attacker"), "{}", f[0].message);
    }

    #[test]
    fn quiet_when_signed_by_the_expected_certificate_or_when_nothing_is_expected() {
        assert!(findings_of("cert.thumbprint-mismatch", &[SIGNED_ASSERTION, IDP_METADATA], &Profile::default(), AT)
            .is_empty());
        assert!(findings_of("cert.thumbprint-mismatch", &[SIGNED_ASSERTION], &profile_pinning(IDP_CERT), AT).is_empty());
        assert!(findings_of("cert.thumbprint-mismatch", &[RESIGNED_BY_ATTACKER], &Profile::default(), AT).is_empty());
    }
}
