//! `signature.reference-mismatch`: a signature does not sign the element it sits in.

use crate::analysis::Analysis;
use crate::dsig::ReferenceProblem;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

use super::{checks, describe};

/// The rule.
pub struct ReferenceMismatch;

static DOC: RuleDoc = rule_doc! {
    id: "signature.reference-mismatch",
    severity: Severity::Error,
    title: "A signature does not sign the element it sits in",
    what: "Reports each ds:Signature whose SignedInfo does not hold exactly one Reference to the element enclosing \
           the signature (SAML Core §5.4.2): a reference to another element, a URI that points nowhere or outside the \
           document, or several references. `URI=\"\"` (the whole document) on the document element counts as \
           pointing at it. A reference made ambiguous by a duplicated ID is reported by `signature.duplicate-id`.",
    why: "A signature protects only what its Reference names. When it sits in one assertion but names another, the \
          values around it are unsigned: this is how signature-wrapping attacks smuggle a forged assertion next to a \
          genuine signature. SAML requires the enveloped form for that reason, and Cognito rejects anything else.",
    example: "A signature inside saml:Assertion ID=\"_unsigned-assertion\" with `URI=\"#_a7c3…\"` gives: `the \
              signature on Assertion ID=\"_unsigned-assertion\" signs Assertion ID=\"_a7c3…\" \
              (/samlp:Response/Assertion[2]), not the element it sits in`.",
    fix: "Entra always signs the enclosing element, so the response was rearranged after signing. Capture it again \
          straight from the browser; if it persists, find the component that rewrites the SAML POST and treat the \
          sign-in attempt as a possible attack.",
    fix_summary: "Treat the response as tampered with: capture it again from the browser and find what rewrites it.",
    references: &[
        "SAML 2.0 Core §5.4.2 (References)",
        "XML Signature Syntax and Processing §4.4.3 (The Reference element)",
        "Somorovsky et al., On Breaking SAML: Be Whoever You Want to Be (USENIX Security 2012)",
    ],
};

impl Rule for ReferenceMismatch {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for (m, _, check) in checks(analysis) {
            let signature = describe(check);
            if check.references.len() > 1 {
                out.push(
                    Finding::new(
                        &DOC,
                        format!("{signature} has {} references; SAML allows exactly one", check.references.len()),
                    )
                    .expected("1 reference")
                    .actual(check.references.len().to_string())
                    .subject(m.reference())
                    .at(check.path.clone()),
                );
                continue;
            }
            for r in &check.references {
                let expected = check.enclosing.as_ref().map(crate::dsig::ElementRef::describe).unwrap_or_default();
                let message = match (&r.problem, &r.target) {
                    (Some(ReferenceProblem::DuplicateId { .. }), _) => continue,
                    (
                        Some(
                            p @ (ReferenceProblem::MissingUri
                            | ReferenceProblem::Unresolvable { .. }
                            | ReferenceProblem::IdNotFound { .. }),
                        ),
                        _,
                    ) => {
                        format!("{signature} points at nothing it can be checked against: {p}")
                    }
                    (_, Some(target)) if !r.enveloped => {
                        format!("{signature} signs {} ({}), not the element it sits in", target.describe(), target.path)
                    }
                    _ => continue,
                };
                let mut finding =
                    Finding::new(&DOC, message).expected(expected).subject(m.reference()).at(check.path.clone());
                if let Some(uri) = &r.uri {
                    finding = finding.actual(format!("URI=\"{uri}\""));
                }
                out.push(finding);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dsig::fixtures::{AT, DUPLICATE_ID, SIGNED_BOTH, WHOLE_DOCUMENT, WRAPPED_REFERENCE};
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_when_the_signature_points_at_another_assertion() {
        let f = findings_of("signature.reference-mismatch", &[WRAPPED_REFERENCE], &Profile::default(), AT);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("ID=\"_unsigned-assertion\" signs Assertion ID=\"_a7c3e9f0"), "{}", f[0].message);
        assert_eq!(f[0].actual.as_deref(), Some("URI=\"#_a7c3e9f0-1b2d-4e6f-8a9b-0c1d2e3f4a5b\""));
    }

    #[test]
    fn fires_when_the_reference_points_nowhere() {
        let broken = SIGNED_BOTH.replacen("URI=\"#_a7c3e9f0", "URI=\"#missing_a7c3e9f0", 1);
        let f = findings_of("signature.reference-mismatch", &[&broken], &Profile::default(), AT);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("no element has ID \"missing_a7c3e9f0"), "{}", f[0].message);
    }

    #[test]
    fn quiet_on_enveloped_signatures_and_duplicate_ids() {
        for quiet in [SIGNED_BOTH, WHOLE_DOCUMENT, DUPLICATE_ID] {
            assert!(findings_of("signature.reference-mismatch", &[quiet], &Profile::default(), AT).is_empty());
        }
    }
}
