//! `signature.invalid`: the signature value does not verify, or the signature is malformed.

use crate::analysis::Analysis;
use crate::dsig::{KeyAttempt, RedirectProblem, ReferenceProblem, SignatureStatus};
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

use super::{checks, describe};

/// The rule.
pub struct Invalid;

static DOC: RuleDoc = rule_doc! {
    id: "signature.invalid",
    severity: Severity::Error,
    title: "The signature value does not verify, or the signature is malformed",
    what: "Reports each XML signature whose reference digests all match but whose SignatureValue verifies with none \
           of the keys tried (its own KeyInfo certificate or key value, and every expected certificate), each \
           signature with missing parts or invalid base64 (no SignedInfo, no SignatureValue, no Reference …), and each \
           HTTP-Redirect query signature (SigAlg/Signature) that verifies with no expected certificate.",
    why: "The SignatureValue is what binds the content to the IdP's key. When it fails, either SignedInfo was \
          altered, the value was corrupted (a copy cut short, `+` turned into spaces), or the message was signed by a \
          key that is not the one offered. Cognito rejects such a response; Entra rejects such a signed request \
          (AADSTS75005 or AADSTS750054).",
    example: "A response whose SignatureValue was edited gives: `the signature on Assertion ID=\"_a7c3…\": the \
              SignatureValue verifies with none of the 1 key tried (KeyInfo certificate 1, 4F2A…)`.",
    fix:
        "Capture the message again exactly as sent (a HAR export keeps it intact). If the value is intact, the signer \
          is not who it claims: compare the certificate in the message with Entra ID → Enterprise applications → the \
          NumlyEngage app → Single sign-on → SAML Certificates, and send the App Federation Metadata URL to \
          NumlyEngage support so they hold the current certificate.",
    fix_summary: "Capture the message again unmodified (HAR export); if it persists, compare the signing certificate \
                  with Entra's SAML Certificates.",
    references: &[
        "XML Signature Syntax and Processing §3.2.2 (Signature Validation)",
        "SAML 2.0 Bindings §3.4.4.1 (DEFLATE encoding and the query signature)",
        "https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes",
    ],
};

impl Rule for Invalid {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for (m, _, check) in checks(analysis) {
            let message = match check.status() {
                SignatureStatus::Invalid => format!(
                    "{}: the SignatureValue verifies with none of the {} tried ({})",
                    describe(check),
                    plural(check.attempts.len(), "key"),
                    keys_tried(&check.attempts)
                ),
                SignatureStatus::Malformed => {
                    let problems: Vec<String> = check.problems.iter().map(ToString::to_string).collect();
                    // A digest mismatch is `signature.digest-mismatch`'s finding.
                    let reference_problems = check
                        .references
                        .iter()
                        .filter_map(|r| r.problem.as_ref())
                        .filter(|p| !matches!(p, ReferenceProblem::DigestMismatch { .. }))
                        .map(ToString::to_string);
                    let all: Vec<String> = problems.into_iter().chain(reference_problems).collect();
                    format!("{} is malformed: {}", describe(check), all.join("; "))
                }
                _ => continue,
            };
            out.push(Finding::new(&DOC, message).subject(m.reference()).at(check.path.clone()));
        }
        for m in &analysis.messages {
            let Some(r) = &m.redirect_signature else { continue };
            let message = match &r.problem {
                Some(p @ RedirectProblem::MalformedSignature { .. }) => {
                    format!("the Redirect-binding query signature: {p}")
                }
                None if !r.is_verified() => format!(
                    "the Redirect-binding query signature (SigAlg {}) verifies with none of the {} ({})",
                    r.sig_alg,
                    plural(r.attempts.len(), "expected certificate"),
                    keys_tried(&r.attempts)
                ),
                _ => continue,
            };
            out.push(Finding::new(&DOC, message).subject(m.reference()).at(m.decoded.source.describe()));
        }
    }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn keys_tried(attempts: &[KeyAttempt]) -> String {
    attempts
        .iter()
        .map(|a| match &a.thumbprint_sha1 {
            Some(t) => format!("{}, {t}", a.source),
            None => format!("{}, {}", a.source, a.key),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use crate::dsig::fixtures::{AT, SIGNED_ASSERTION, TAMPERED_DIGEST, TAMPERED_SIGNATURE_VALUE};
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_when_the_signature_value_was_edited() {
        let f = findings_of("signature.invalid", &[TAMPERED_SIGNATURE_VALUE], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("verifies with none of the 1 key tried (KeyInfo certificate 1, "),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn fires_on_a_signature_value_that_is_not_base64() {
        let broken = SIGNED_ASSERTION.replacen("<SignatureValue>", "<SignatureValue>#not base64#", 1);
        let f = findings_of("signature.invalid", &[&broken], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("SignatureValue is not valid base64"), "{}", f[0].message);
        assert!(!f[0].message.contains("digest mismatch"), "{}", f[0].message);
    }

    #[test]
    fn quiet_on_a_valid_signature_and_on_a_digest_mismatch() {
        for quiet in [SIGNED_ASSERTION, TAMPERED_DIGEST] {
            assert!(findings_of("signature.invalid", &[quiet], &Profile::default(), AT).is_empty());
        }
    }
}
