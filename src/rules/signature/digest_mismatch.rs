//! `signature.digest-mismatch`: the signed content changed after signing.

use crate::analysis::Analysis;
use crate::dsig::ReferenceProblem;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

use super::{checks, describe};

/// The rule.
pub struct DigestMismatch;

static DOC: RuleDoc = rule_doc! {
    id: "signature.digest-mismatch",
    severity: Severity::Error,
    title: "The signed content was changed after signing (digest mismatch)",
    what: "Recomputes the digest of every signature Reference (transforms and canonicalization included, as \
           xmlsec1 does) and reports each one that differs from its DigestValue.",
    why: "A digest mismatch means the bytes that were signed are not the bytes received: a value was edited, the XML \
          was pretty-printed or re-encoded by a proxy, a tool decoded and re-serialised it, or the text was cut and \
          pasted with changes. Cognito rejects the response (`Invalid SAML response`). If the SignatureValue itself \
          still verifies, only the content changed, not the signer.",
    example: "After changing the NameID of a signed assertion: `the signature on Assertion ID=\"_a7c3…\": digest \
              mismatch: DigestValue is xgld… but the content now digests to 3Qb1…`.",
    fix: "Capture the SAMLResponse exactly as the browser posted it (browser developer tools → Network → the POST to \
          …amazoncognito.com/saml2/idpresponse → Payload, or a HAR export), without reformatting it. If a corporate \
          proxy, WAF or browser extension rewrites form posts, exclude login.microsoftonline.com and \
          amazoncognito.com from it.",
    fix_summary: "Capture the SAMLResponse exactly as posted (HAR export) and stop any proxy from rewriting it.",
    references: &[
        "XML Signature Syntax and Processing §3.2.1 (Reference Validation)",
        "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/debug-saml-sso-issues",
    ],
};

impl Rule for DigestMismatch {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for (m, _, check) in checks(analysis) {
            for r in &check.references {
                let Some(ReferenceProblem::DigestMismatch { expected, actual }) = &r.problem else { continue };
                let signed_value_intact = if check.attempts.iter().any(crate::dsig::KeyAttempt::verified) {
                    " (the SignatureValue still verifies: the content changed, not the signer)"
                } else {
                    ""
                };
                out.push(
                    Finding::new(
                        &DOC,
                        format!(
                            "{}: digest mismatch for {}: DigestValue is {expected} but the content now digests to \
                             {actual}{signed_value_intact}",
                            describe(check),
                            r.target
                                .as_ref()
                                .map_or_else(|| "the reference".to_owned(), crate::dsig::ElementRef::describe)
                        ),
                    )
                    .expected(expected.clone())
                    .actual(actual.clone())
                    .subject(m.reference())
                    .at(r.target.as_ref().map_or_else(|| check.path.clone(), |t| t.path.clone())),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dsig::fixtures::{AT, SIGNED_ASSERTION, TAMPERED_DIGEST, TAMPERED_SIGNATURE_VALUE};
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_when_the_name_id_was_edited_after_signing() {
        let f = findings_of("signature.digest-mismatch", &[TAMPERED_DIGEST], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("the SignatureValue still verifies"), "{}", f[0].message);
        assert_ne!(f[0].expected, f[0].actual);
    }

    #[test]
    fn quiet_when_the_content_is_intact() {
        for quiet in [SIGNED_ASSERTION, TAMPERED_SIGNATURE_VALUE] {
            assert!(findings_of("signature.digest-mismatch", &[quiet], &Profile::default(), AT).is_empty());
        }
    }
}
