//! `signature.unsupported-algorithm`: a signature uses an algorithm sso-doctor cannot check.

use crate::analysis::Analysis;
use crate::dsig::{RedirectProblem, ReferenceProblem, SignatureProblem, SignatureStatus};
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

use super::{checks, describe};

/// The rule.
pub struct UnsupportedAlgorithm;

static DOC: RuleDoc = rule_doc! {
    id: "signature.unsupported-algorithm",
    severity: Severity::Warning,
    title: "A signature uses an algorithm sso-doctor cannot check",
    what: "Reports each signature whose canonicalization, signature, digest or transform algorithm is not one \
           sso-doctor implements. Supported: exclusive and inclusive canonicalization 1.0/1.1 (with or without \
           comments), the enveloped-signature transform, SHA-1/256/384/512 digests, RSA PKCS#1 v1.5, ECDSA P-256/P-384 \
           and DSA signatures. Such a signature is never reported as valid.",
    why:
        "Entra ID signs with exclusive canonicalization and rsa-sha256 (or rsa-sha1 if chosen). Anything else did not \
          come from Entra's SAML endpoint unchanged, or uses an algorithm Cognito may not accept either (HMAC, \
          RSA-PSS, XPath transforms, SHA-224).",
    example: "A SignatureMethod of hmac-sha256 gives: `the signature on Assertion ID=\"_a7c3…\" uses \
              http://www.w3.org/2001/04/xmldsig-more#hmac-sha256, which sso-doctor cannot check`.",
    fix:
        "In Entra ID → Enterprise applications → the NumlyEngage app → Single sign-on → SAML Certificates → Edit, set \
          Signing Algorithm to SHA-256 and check that the response reaching Cognito is the one Entra produced.",
    fix_summary: "Set Entra's Signing Algorithm to SHA-256 and check that nothing re-signs the response on the way.",
    references: &[
        "XML Signature Syntax and Processing §6 (Algorithms)",
        "RFC 6931 (Additional XML Security URIs)",
        "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/certificate-signing-options",
    ],
};

impl Rule for UnsupportedAlgorithm {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for (m, _, check) in checks(analysis) {
            if check.status() != SignatureStatus::Unsupported {
                continue;
            }
            let mut uris: Vec<String> = Vec::new();
            for p in &check.problems {
                if let SignatureProblem::UnsupportedCanonicalization { uri }
                | SignatureProblem::UnsupportedSignatureMethod { uri } = p
                {
                    uris.push(uri.clone());
                }
            }
            for r in &check.references {
                match &r.problem {
                    Some(
                        ReferenceProblem::UnsupportedDigest { uri } | ReferenceProblem::UnsupportedTransform { uri },
                    ) => {
                        uris.push(uri.clone());
                    }
                    Some(
                        p @ (ReferenceProblem::UnsupportedTransformChain { .. } | ReferenceProblem::TooLarge { .. }),
                    ) => {
                        uris.push(p.to_string());
                    }
                    _ => {}
                }
            }
            out.push(
                Finding::new(
                    &DOC,
                    format!("{} uses {}, which sso-doctor cannot check", describe(check), uris.join(", ")),
                )
                .actual(uris.join(", "))
                .subject(m.reference())
                .at(check.path.clone()),
            );
        }
        for m in &analysis.messages {
            if let Some(RedirectProblem::UnsupportedAlgorithm { sig_alg }) =
                m.redirect_signature.as_ref().and_then(|r| r.problem.as_ref())
            {
                out.push(
                    Finding::new(
                        &DOC,
                        format!(
                            "the Redirect-binding query signature uses SigAlg {sig_alg}, which sso-doctor cannot check"
                        ),
                    )
                    .actual(sig_alg.clone())
                    .subject(m.reference())
                    .at(m.decoded.source.describe()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dsig::fixtures::{AT, SIGNED_ASSERTION, UNSUPPORTED_DIGEST, UNSUPPORTED_SIGNATURE_METHOD};
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_on_hmac_and_sha224() {
        let f =
            findings_of("signature.unsupported-algorithm", &[UNSUPPORTED_SIGNATURE_METHOD], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].actual.as_deref(), Some("http://www.w3.org/2001/04/xmldsig-more#hmac-sha256"));
        let f = findings_of("signature.unsupported-algorithm", &[UNSUPPORTED_DIGEST], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].actual.as_deref(), Some("http://www.w3.org/2001/04/xmldsig-more#sha224"));
    }

    #[test]
    fn quiet_on_rsa_sha256() {
        assert!(findings_of("signature.unsupported-algorithm", &[SIGNED_ASSERTION], &Profile::default(), AT).is_empty());
    }
}
