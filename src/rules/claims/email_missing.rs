//! `claims.email-missing`: the required e-mail claim is absent (under every name).

use super::{checked_assertions, required_claims, ClaimKind, ClaimState};
use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct EmailMissing;

static DOC: RuleDoc = rule_doc! {
    id: "claims.email-missing",
    severity: Severity::Error,
    title: "Required claim Email is missing",
    what: "Reports an assertion without the required e-mail claim (`Email` by default, or the profile's required \
           claim whose name contains 'mail'), when no other claim carries the address either (that case is \
           claims.unexpected-name). A claim present with only empty values counts as missing.",
    why: "Cognito maps the Email claim to the user's email attribute, which the user pool requires and NumlyEngage \
          uses to find the user (users must exist in NumlyEngage before they can sign in). Without it Cognito \
          answers 'Invalid user attributes: email: The attribute is required'. Entra leaves a claim out when its \
          source attribute is empty for the user, so this is often one user without a mail address.",
    example: "An assertion whose claims are only objectidentifier, tenantid and name gives: `assertion has no 'Email' \
              claim (nor any other e-mail claim)`.",
    fix: "In Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Attributes & Claims, check \
          there is a claim named exactly Email (Namespace empty, Source attribute user.mail); add it with Add new \
          claim if not. If it exists, the user's mail attribute is empty: fill in Email under Users → the user → \
          Properties → Contact information, or choose a source attribute every user has.",
    fix_summary: "Entra → Attributes & Claims → Add new claim: Name Email, Namespace empty, Source attribute \
                  user.mail; and make sure the user has a mail address.",
    references: &[
        "https://learn.microsoft.com/en-us/entra/identity-platform/saml-claims-customization",
        "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-specifying-attribute-mapping.html",
    ],
};

impl Rule for EmailMissing {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for a in checked_assertions(analysis) {
            for claim in required_claims(analysis, &a).into_iter().filter(|c| c.kind == ClaimKind::Email) {
                let (message, node) = match claim.state {
                    ClaimState::Missing => (
                        format!("assertion has no '{}' claim (nor any other e-mail claim)", claim.name),
                        a.assertion.node,
                    ),
                    ClaimState::Empty(at) => {
                        (format!("claim '{}' is present but empty: the user's user.mail is empty", claim.name), at.node)
                    }
                    ClaimState::Present(_) | ClaimState::Elsewhere(_) => continue,
                };
                out.push(
                    Finding::new(&DOC, message)
                        .expected(format!("a '{}' claim with the user's e-mail address", claim.name))
                        .actual("none")
                        .subject(a.message.reference())
                        .at(a.message.path(node))
                        .fix(format!(
                            "Entra → Attributes & Claims → Add new claim: Name '{}', Namespace empty, Source attribute \
                             user.mail; if it exists, fill in the user's Email (Users → Properties → Contact \
                             information).",
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

    const RULE: &str = "claims.email-missing";
    const EMAIL: &str = r#"<Attribute Name="Email"><AttributeValue>jane.doe@acme.example</AttributeValue></Attribute>"#;
    const EMAILADDRESS: &str = r#"<Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"><AttributeValue>jane.doe@acme.example</AttributeValue></Attribute>"#;

    #[test]
    fn fires_when_no_claim_carries_the_address() {
        let response = RESPONSE.replace(EMAIL, "").replace(EMAILADDRESS, "");
        let f = findings_of(RULE, &[REQUEST, &response], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("no 'Email' claim"), "{}", f[0].message);
        assert_eq!(f[0].location.as_deref(), Some("/samlp:Response/Assertion"));
        assert!(findings_of("claims.unexpected-name", &[REQUEST, &response], &profile(), AT).is_empty());
    }

    #[test]
    fn fires_on_an_empty_value() {
        let response = RESPONSE.replace(EMAIL, r#"<Attribute Name="Email"><AttributeValue/></Attribute>"#);
        let f = findings_of(RULE, &[REQUEST, &response], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("present but empty"));
    }

    #[test]
    fn quiet_with_the_claim_or_under_another_name() {
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), AT).is_empty());
        assert!(findings_of(RULE, &[REQUEST, &RESPONSE.replace(EMAIL, "")], &profile(), AT).is_empty());
    }
}
