//! `assertion.audience-mismatch`: the assertion is meant for another service provider.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::expected::identifier_mismatch;
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct AudienceMismatch;

static DOC: RuleDoc = rule_doc! {
    id: "assertion.audience-mismatch",
    severity: Severity::Error,
    title: "Assertion Audience is not the Identifier (Entity ID) of the user pool",
    what: "Checks that every AudienceRestriction names the expected SP identifier, compared exactly: the profile's \
           identifier, else the Issuer of the AuthnRequest this Response answers, else Cognito's pattern \
           urn:amazon:cognito:sp:<region>_<id>. An Audience that repeats a request Issuer already reported by \
           request.issuer-mismatch is not reported again.",
    why: "Entra writes the application's Identifier (Entity ID) as Audience. Cognito accepts only its own entity id \
          there, so a typo, a different letter case, or another environment's pool id makes Cognito reject the \
          assertion ('Invalid SAML response').",
    example: "Audience `urn:amazon:cognito:sp:eu-west-1_Ab12Cd34` (one character short) gives: `Audience is \
              'urn:amazon:cognito:sp:eu-west-1_Ab12Cd34', expected 'urn:amazon:cognito:sp:eu-west-1_Ab12Cd34E' \
              (the AuthnRequest's Issuer)`.",
    fix: "In Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Basic SAML Configuration, \
          set Identifier (Entity ID) to exactly urn:amazon:cognito:sp:<user pool id> and mark it Default (Entra uses \
          the Default identifier for IdP-initiated sign-ins).",
    fix_summary: "Set Entra → Basic SAML Configuration → Identifier (Entity ID) to exactly the user pool's \
                  urn:amazon:cognito:sp:<user pool id> and mark it Default.",
    references: &[
        "SAML Core §2.5.1.4 (AudienceRestriction)",
        "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-saml-idp.html",
    ],
};

impl Rule for AudienceMismatch {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for a in super::checked_assertions(analysis) {
            let Some(conditions) = &a.assertion.conditions else { continue };
            let request = a.response.and_then(|r| analysis.request_for(r)).map(|(_, r)| r);
            for restriction in conditions.audience_restrictions.iter().filter(|r| !r.is_empty()) {
                let mismatches: Vec<_> =
                    restriction.iter().map(|v| (v, identifier_mismatch(analysis, request, v))).collect();
                if mismatches.iter().any(|(_, m)| m.is_none()) {
                    continue;
                }
                let Some((audience, Some(m))) = mismatches.first() else { continue };
                let listed = restriction.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(", ");
                out.push(
                    Finding::new(&DOC, format!("Audience is {listed}, {}", m.describe()))
                        .expected(m.expected.value.clone())
                        .actual((*audience).clone())
                        .subject(a.message.reference())
                        .at(format!("{}/AudienceRestriction/Audience", a.message.path(conditions.node))),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::rules::samples::{profile, AT, IDENTIFIER, REQUEST, RESPONSE};
    use crate::rules::testing::findings_of;

    const RULE: &str = "assertion.audience-mismatch";
    const TYPO: &str = "urn:amazon:cognito:sp:eu-west-1_Ab12Cd34";

    fn with_audience(audience: &str) -> String {
        RESPONSE.replace(&format!("<Audience>{IDENTIFIER}</Audience>"), &format!("<Audience>{audience}</Audience>"))
    }

    #[test]
    fn fires_against_the_request_issuer() {
        let f = findings_of(RULE, &[REQUEST, &with_audience(TYPO)], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("the AuthnRequest's Issuer"), "{}", f[0].message);
        assert_eq!(f[0].actual.as_deref(), Some(TYPO));
    }

    #[test]
    fn fires_against_the_profile_and_says_case() {
        let f = findings_of(RULE, &[&with_audience(&IDENTIFIER.to_ascii_lowercase())], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("letter case"), "{}", f[0].message);
    }

    #[test]
    fn fires_against_the_pattern_alone() {
        let f = findings_of(RULE, &[&with_audience("https://acme.numly.io")], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
    }

    #[test]
    fn does_not_repeat_a_wrong_request_issuer() {
        let other = "urn:amazon:cognito:sp:eu-west-1_Xy98Zw76V";
        let request = REQUEST.replace(IDENTIFIER, other);
        let response = with_audience(other);
        assert!(findings_of(RULE, &[&request, &response], &profile(), AT).is_empty());
        assert_eq!(findings_of("request.issuer-mismatch", &[&request, &response], &profile(), AT).len(), 1);
    }

    #[test]
    fn quiet_on_the_identifier() {
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), AT).is_empty());
        assert!(findings_of(RULE, &[RESPONSE], &Profile::default(), AT).is_empty());
    }
}
