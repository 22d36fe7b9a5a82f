//! `request.issuer-mismatch`: the AuthnRequest's Issuer is not NumlyEngage's identifier.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct IssuerMismatch;

static DOC: RuleDoc = rule_doc! {
    id: "request.issuer-mismatch",
    severity: Severity::Error,
    title: "AuthnRequest Issuer is not the expected Identifier (Entity ID)",
    what: "Compares the AuthnRequest's Issuer with the profile's identifier, exactly (entity ids are case-sensitive). \
           Without a profile value it checks Cognito's pattern urn:amazon:cognito:sp:<region>_<id>.",
    why: "Entra looks the application up by this Issuer. When no enterprise application has it as Identifier \
          (Entity ID), Entra stops with AADSTS700016 (application not found in the directory) or AADSTS650056 \
          (misconfigured application) and never sends a Response. A different but valid pool id means the sign-in \
          started from another NumlyEngage environment than the one this profile describes.",
    example: "Issuer `urn:amazon:cognito:sp:eu-west-1_Xy98Zw76V` with identifier \
              `urn:amazon:cognito:sp:eu-west-1_Ab12Cd34E` gives: `AuthnRequest Issuer is \
              'urn:amazon:cognito:sp:eu-west-1_Xy98Zw76V', expected 'urn:amazon:cognito:sp:eu-west-1_Ab12Cd34E' \
              (the profile's identifier)`.",
    fix: "In Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Basic SAML Configuration, \
          the Identifier (Entity ID) must be exactly the Issuer Cognito sends (urn:amazon:cognito:sp:<user pool id>, \
          as NumlyEngage support gave it). If the Issuer itself is unexpected (another user pool), start the sign-in \
          from your own NumlyEngage Sign on URL, or ask NumlyEngage support which user pool serves your subdomain and \
          update the Identifier and the profile.",
    fix_summary: "Set Entra → Basic SAML Configuration → Identifier (Entity ID) to exactly the Issuer Cognito sends \
                  (urn:amazon:cognito:sp:<user pool id>).",
    references: &[
        "SAML Core §3.4.1 (AuthnRequest) and §8.3.6 (entity identifiers)",
        "https://learn.microsoft.com/en-us/troubleshoot/entra/entra-id/app-integration/error-code-aadsts700016-application-not-found-in-directory",
        "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-saml-idp.html",
    ],
};

impl Rule for IssuerMismatch {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for (message, request) in analysis.authn_requests() {
            let Some(issuer) = &request.issuer else {
                out.push(
                    Finding::new(&DOC, "AuthnRequest has no Issuer: Entra cannot tell which application is signing in")
                        .expected(crate::rules::expected::identifier(&analysis.profile).value)
                        .subject(message.reference())
                        .at(message.path(request.node)),
                );
                continue;
            };
            if let Some(m) = crate::rules::expected::request_issuer_mismatch(analysis, request) {
                let fix = if m.expected.is_pattern {
                    format!(
                        "This AuthnRequest does not come from a Cognito user pool. Start the sign-in from the \
                         NumlyEngage Sign on URL; Entra → Basic SAML Configuration → Identifier (Entity ID) must be \
                         the user pool's urn:amazon:cognito:sp:<user pool id> (Entra answers AADSTS700016 for '{}').",
                        issuer.value
                    )
                } else {
                    format!(
                        "Cognito sent '{}'. If that is your NumlyEngage user pool, set Entra → Basic SAML \
                         Configuration → Identifier (Entity ID) to exactly that value (and the profile's identifier); \
                         otherwise start the sign-in from your own NumlyEngage Sign on URL and ask NumlyEngage support \
                         which user pool serves your subdomain.",
                        issuer.value
                    )
                };
                out.push(
                    Finding::new(&DOC, format!("AuthnRequest Issuer is '{}', {}", issuer.value, m.describe()))
                        .expected(m.expected.value.clone())
                        .actual(issuer.value.clone())
                        .subject(message.reference())
                        .at(message.path(issuer.node))
                        .fix(fix),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::rules::samples::{profile, AT, IDENTIFIER, REQUEST};
    use crate::rules::testing::findings_of;

    const RULE: &str = "request.issuer-mismatch";

    #[test]
    fn fires_on_another_pool_than_the_profiles() {
        let request = REQUEST.replace(IDENTIFIER, "urn:amazon:cognito:sp:eu-west-1_Xy98Zw76V");
        let f = findings_of(RULE, &[&request], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("eu-west-1_Xy98Zw76V") && f[0].message.contains(IDENTIFIER), "{}", f[0].message);
        assert_eq!(f[0].location.as_deref(), Some("/saml2p:AuthnRequest/saml2:Issuer"));
        assert!(f[0].fix.contains("Identifier (Entity ID)"));
    }

    #[test]
    fn says_when_only_the_case_differs() {
        let request = REQUEST.replace("eu-west-1_Ab12Cd34E", "eu-west-1_ab12cd34e");
        let f = findings_of(RULE, &[&request], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("letter case"), "{}", f[0].message);
    }

    #[test]
    fn fires_on_a_non_cognito_issuer_without_profile() {
        let request = REQUEST.replace(IDENTIFIER, "https://acme.numly.io");
        let f = findings_of(RULE, &[&request], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("urn:amazon:cognito:sp:<region>_<id>"), "{}", f[0].message);
    }

    #[test]
    fn quiet_on_the_expected_issuer() {
        assert!(findings_of(RULE, &[REQUEST], &profile(), AT).is_empty());
        assert!(findings_of(RULE, &[REQUEST], &Profile::default(), AT).is_empty());
    }
}
