//! `claims.phone-missing`: the required phone claim is absent (under every name).

use super::{checked_assertions, required_claims, ClaimKind, ClaimState};
use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct PhoneMissing;

static DOC: RuleDoc = rule_doc! {
    id: "claims.phone-missing",
    severity: Severity::Warning,
    title: "Required claim Phone number is missing",
    what: "Reports an assertion without the required phone claim (`Phone number` by default, or the profile's \
           required claim whose name contains 'phone' or 'mobile'), when no other claim carries it either.",
    why: "NumlyEngage maps `Phone number` to the user's phone attribute. Entra leaves the claim out when the user's \
          telephone number is empty, so some users arrive without it; the sign-in fails only if the user pool \
          requires the attribute, and the profile is missing information otherwise.",
    example: "An assertion with Email but without `Phone number` gives: `assertion has no 'Phone number' claim (nor \
              any other phone claim)`.",
    fix: "In Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Attributes & Claims, check \
          there is a claim named exactly Phone number (Namespace empty, Source attribute user.telephonenumber); add \
          it with Add new claim if not. If it exists, fill in the user's Business phone under Users → the user → \
          Properties → Contact information.",
    fix_summary: "Entra → Attributes & Claims → Add new claim: Name Phone number, Namespace empty, Source attribute \
                  user.telephonenumber; and fill in the user's Business phone.",
    references: &["https://learn.microsoft.com/en-us/entra/identity-platform/saml-claims-customization"],
};

impl Rule for PhoneMissing {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for a in checked_assertions(analysis) {
            for claim in required_claims(analysis, &a).into_iter().filter(|c| c.kind == ClaimKind::Phone) {
                let (message, node) = match claim.state {
                    ClaimState::Missing => (
                        format!("assertion has no '{}' claim (nor any other phone claim)", claim.name),
                        a.assertion.node,
                    ),
                    ClaimState::Empty(at) => (
                        format!("claim '{}' is present but empty: the user has no telephone number", claim.name),
                        at.node,
                    ),
                    ClaimState::Present(_) | ClaimState::Elsewhere(_) => continue,
                };
                out.push(
                    Finding::new(&DOC, message)
                        .expected(format!("a '{}' claim with the user's phone number", claim.name))
                        .actual("none")
                        .subject(a.message.reference())
                        .at(a.message.path(node))
                        .fix(format!(
                            "Entra → Attributes & Claims → Add new claim: Name '{}', Namespace empty, Source attribute \
                             user.telephonenumber; if it exists, fill in the user's Business phone (Users → \
                             Properties → Contact information).",
                            claim.name
                        )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::samples::{profile, AT, REQUEST, RESPONSE};
    use crate::rules::testing::findings_of;

    const RULE: &str = "claims.phone-missing";
    const PHONE: &str =
        r#"<Attribute Name="Phone number"><AttributeValue>+44 20 7946 0958</AttributeValue></Attribute>"#;

    #[test]
    fn fires_without_a_phone_claim() {
        let f = findings_of(RULE, &[REQUEST, &RESPONSE.replace(PHONE, "")], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(f[0].message.contains("no 'Phone number' claim"), "{}", f[0].message);
    }

    #[test]
    fn quiet_with_the_claim_or_when_not_required() {
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), AT).is_empty());
        let mut p = profile();
        p.required_claims = Some(vec!["Email".to_owned()]);
        assert!(findings_of(RULE, &[REQUEST, &RESPONSE.replace(PHONE, "")], &p, AT).is_empty());
    }
}
