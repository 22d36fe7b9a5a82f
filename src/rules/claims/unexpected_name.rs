//! `claims.unexpected-name`: a required claim's value arrives, but under another name.

use super::{checked_assertions, required_claims, usual_source, ClaimKind, ClaimState, EMAILADDRESS_URI};
use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct UnexpectedName;

static DOC: RuleDoc = rule_doc! {
    id: "claims.unexpected-name",
    severity: Severity::Error,
    title: "A required claim arrives under another name",
    what: "Reports a required claim (Email, Phone number, or the profile's) that is absent under its exact name while \
           its value arrives under another one: the same name with a namespace or in another case \
           (http://schemas.xmlsoap.org/ws/2005/05/identity/claims/Email, email), or a usual synonym (Entra's default \
           emailaddress claim, mail, telephonenumber, mobilephone). Phone claims are warnings, like \
           claims.phone-missing.",
    why: "Cognito's attribute mapping matches claim names exactly, case and namespace included. Entra always sends \
          its default emailaddress claim, so the address seems to be there while the Email claim NumlyEngage maps \
          is missing, and Cognito answers 'Invalid user attributes: email: The attribute is required'.",
    example: "Only `http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress` and no `Email` gives: \
              `required claim 'Email' is missing, but its value arrives as \
              'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'`.",
    fix: "In Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Attributes & Claims → Add \
          new claim: Name Email (exactly, case-sensitive), Namespace empty, Source attribute user.mail (for Phone \
          number: user.telephonenumber). When a claim with a namespace exists, edit it and clear the Namespace field \
          instead.",
    fix_summary: "Entra → Attributes & Claims → Add new claim with exactly the required name (e.g. Email), Namespace \
                  empty, Source attribute user.mail.",
    references: &[
        "https://learn.microsoft.com/en-us/entra/identity-platform/saml-claims-customization",
        "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-specifying-attribute-mapping.html",
    ],
};

impl Rule for UnexpectedName {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for a in checked_assertions(analysis) {
            for claim in required_claims(analysis, &a) {
                let ClaimState::Elsewhere(attribute) = claim.state else { continue };
                let source = usual_source(claim.kind);
                let fix = if attribute.name.contains('/') && attribute.name != EMAILADDRESS_URI {
                    format!(
                        "Entra → Attributes & Claims: edit the claim '{}' and clear its Namespace so its name is \
                         exactly '{}'.",
                        attribute.name, claim.name
                    )
                } else if attribute.name.eq_ignore_ascii_case(&claim.name) {
                    format!(
                        "Entra → Attributes & Claims: rename the claim '{}' to exactly '{}' (claim names are \
                         case-sensitive).",
                        attribute.name, claim.name
                    )
                } else {
                    format!(
                        "Entra → Attributes & Claims → Add new claim: Name '{}', Namespace empty, Source attribute \
                         {source}.",
                        claim.name
                    )
                };
                let mut finding = Finding::new(
                    &DOC,
                    format!(
                        "required claim '{}' is missing, but its value arrives as '{}'",
                        claim.name, attribute.name
                    ),
                )
                .expected(claim.name.clone())
                .actual(attribute.name.clone())
                .subject(a.message.reference())
                .at(a.message.path(attribute.node))
                .fix(fix);
                if claim.kind == ClaimKind::Phone {
                    finding = finding.severity(Severity::Warning);
                }
                out.push(finding);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::samples::{profile, AT, REQUEST, RESPONSE};
    use crate::rules::testing::findings_of;

    const RULE: &str = "claims.unexpected-name";
    const EMAIL: &str = r#"<Attribute Name="Email"><AttributeValue>jane.doe@acme.example</AttributeValue></Attribute>"#;
    const PHONE: &str =
        r#"<Attribute Name="Phone number"><AttributeValue>+44 20 7946 0958</AttributeValue></Attribute>"#;

    #[test]
    fn fires_when_only_emailaddress_arrives() {
        let f = findings_of(RULE, &[REQUEST, &RESPONSE.replace(EMAIL, "")], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "required claim 'Email' is missing, but its value arrives as \
             'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'"
        );
        assert!(f[0].fix.contains("Add new claim: Name 'Email', Namespace empty, Source attribute user.mail"));
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn fires_on_a_namespaced_claim_and_prefers_it() {
        let namespaced =
            EMAIL.replace("Name=\"Email\"", "Name=\"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/Email\"");
        let f = findings_of(RULE, &[REQUEST, &RESPONSE.replace(EMAIL, &namespaced)], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].fix.contains("clear its Namespace"), "{}", f[0].fix);
    }

    #[test]
    fn a_renamed_phone_claim_is_a_warning() {
        let lower = PHONE.replace("Phone number", "phone_number");
        let f = findings_of(RULE, &[REQUEST, &RESPONSE.replace(PHONE, &lower)], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning);
    }

    #[test]
    fn quiet_with_the_exact_names() {
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), AT).is_empty());
    }
}
