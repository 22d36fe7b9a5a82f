//! `claims.required-missing`: another claim the profile requires is absent.

use super::{checked_assertions, required_claims, ClaimKind, ClaimState};
use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct RequiredMissing;

static DOC: RuleDoc = rule_doc! {
    id: "claims.required-missing",
    severity: Severity::Error,
    title: "A claim the profile requires is missing",
    what: "Reports each claim of the profile's required_claims that is neither an e-mail nor a phone claim (those \
           have their own rules) and is absent from the assertion, or present with only empty values.",
    why: "NumlyEngage support asked for this claim because the user pool maps it to a user attribute; when Cognito \
          requires the attribute, the sign-in fails with 'Invalid user attributes'.",
    example: "required_claims = [\"Email\", \"Department\"] and no Department claim gives: `assertion has no \
              'Department' claim`.",
    fix: "In Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Attributes & Claims → Add \
          new claim, use exactly the claim name NumlyEngage support gave you, leave Namespace empty, and pick the \
          source attribute they named; check the user has a value for it.",
    fix_summary: "Entra → Attributes & Claims → Add new claim with exactly the required name, Namespace empty.",
    references: &["https://learn.microsoft.com/en-us/entra/identity-platform/saml-claims-customization"],
};

impl Rule for RequiredMissing {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for a in checked_assertions(analysis) {
            for claim in required_claims(analysis, &a).into_iter().filter(|c| c.kind == ClaimKind::Other) {
                let (message, node) = match claim.state {
                    ClaimState::Missing => (format!("assertion has no '{}' claim", claim.name), a.assertion.node),
                    ClaimState::Empty(at) => (format!("claim '{}' is present but empty", claim.name), at.node),
                    ClaimState::Present(_) | ClaimState::Elsewhere(_) => continue,
                };
                out.push(
                    Finding::new(&DOC, message)
                        .expected(format!("a '{}' claim with a value", claim.name))
                        .actual("none")
                        .subject(a.message.reference())
                        .at(a.message.path(node))
                        .fix(format!(
                            "Entra → Attributes & Claims → Add new claim: Name '{}', Namespace empty, and the source \
                             attribute NumlyEngage support named.",
                            claim.name
                        )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::samples::{profile, AT, REQUEST, RESPONSE};
    use crate::rules::testing::findings_of;

    const RULE: &str = "claims.required-missing";

    #[test]
    fn fires_on_a_missing_custom_claim() {
        let mut p = profile();
        p.required_claims = Some(vec!["Email".to_owned(), "Department".to_owned()]);
        let f = findings_of(RULE, &[REQUEST, RESPONSE], &p, AT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "assertion has no 'Department' claim");
    }

    #[test]
    fn quiet_when_present_and_by_default() {
        let mut p = profile();
        p.required_claims = Some(vec!["Email".to_owned(), "Department".to_owned()]);
        let response = RESPONSE.replace(
            "<AttributeStatement>",
            r#"<AttributeStatement><Attribute Name="Department"><AttributeValue>Sales</AttributeValue></Attribute>"#,
        );
        assert!(findings_of(RULE, &[REQUEST, &response], &p, AT).is_empty());
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), AT).is_empty());
    }
}
