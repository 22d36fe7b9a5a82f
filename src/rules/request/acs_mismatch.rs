//! `request.acs-mismatch`: the AuthnRequest asks Entra to post the Response to an unexpected Reply URL.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct AcsMismatch;

static DOC: RuleDoc = rule_doc! {
    id: "request.acs-mismatch",
    severity: Severity::Error,
    title: "AuthnRequest AssertionConsumerServiceURL is not the expected Reply URL",
    what: "Compares the AuthnRequest's AssertionConsumerServiceURL with the profile's reply_url, exactly. Without a \
           profile value it checks Cognito's pattern https://<prefix>.auth.<region>.amazoncognito.com/saml2/idpresponse \
           (or a custom domain ending in /saml2/idpresponse), with the region of the user pool.",
    why: "Entra only posts to a Reply URL registered on the application. When the URL Cognito asks for is not one of \
          them, Entra stops with AADSTS50011 (the reply URL does not match) and the user never gets back to NumlyEngage.",
    example: "AssertionConsumerServiceURL `https://acme.auth.eu-west-1.amazoncognito.com/saml2/idpresponse` with \
              reply_url `https://login.acme.example/saml2/idpresponse` gives: `AuthnRequest \
              AssertionConsumerServiceURL is 'https://acme.auth…/saml2/idpresponse', expected \
              'https://login.acme.example/saml2/idpresponse' (the profile's reply_url)`.",
    fix: "In Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Basic SAML Configuration, \
          add the URL Cognito sends as Reply URL (Assertion Consumer Service URL), character for character, and \
          mark it Default. If the URL itself is unexpected (another domain or region), ask NumlyEngage support which \
          Cognito domain serves your subdomain.",
    fix_summary: "Set Entra → Basic SAML Configuration → Reply URL (Assertion Consumer Service URL) to exactly the \
                  URL Cognito sends (…/saml2/idpresponse).",
    references: &[
        "SAML Core §3.4.1 (AssertionConsumerServiceURL)",
        "https://learn.microsoft.com/en-us/troubleshoot/entra/entra-id/app-integration/error-code-aadsts50011-reply-url-mismatch",
        "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-saml-idp.html",
    ],
};

impl Rule for AcsMismatch {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for (message, request) in analysis.authn_requests() {
            let (Some(acs), Some(m)) = (
                request.assertion_consumer_service_url.as_deref(),
                crate::rules::expected::request_acs_mismatch(analysis, request),
            ) else {
                continue;
            };
            let fix = if m.expected.is_pattern {
                format!(
                    "'{acs}' is not a Cognito Reply URL ({}). Ask NumlyEngage support for the Reply URL of your user \
                     pool and set it in Entra → Basic SAML Configuration → Reply URL (Assertion Consumer Service URL).",
                    m.detail
                )
            } else {
                format!(
                    "Entra answers AADSTS50011 unless '{acs}' is a Reply URL of the application: add it in Entra → \
                     Basic SAML Configuration → Reply URL (Assertion Consumer Service URL), or, if Cognito should not \
                     use it, ask NumlyEngage support which domain serves your subdomain (and correct the profile)."
                )
            };
            out.push(
                Finding::new(&DOC, format!("AuthnRequest AssertionConsumerServiceURL is '{acs}', {}", m.describe()))
                    .expected(m.expected.value.clone())
                    .actual(acs)
                    .subject(message.reference())
                    .at(format!("{}/@AssertionConsumerServiceURL", message.path(request.node)))
                    .fix(fix),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::rules::samples::{profile, ACS, AT, REQUEST};
    use crate::rules::testing::findings_of;

    const RULE: &str = "request.acs-mismatch";

    #[test]
    fn fires_when_the_profile_has_another_reply_url() {
        let mut p = profile();
        p.reply_url = Some("https://login.acme.example/saml2/idpresponse".to_owned());
        let f = findings_of(RULE, &[REQUEST], &p, AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains(ACS) && f[0].message.contains("login.acme.example"), "{}", f[0].message);
        assert_eq!(f[0].location.as_deref(), Some("/saml2p:AuthnRequest/@AssertionConsumerServiceURL"));
        assert!(f[0].fix.contains("AADSTS50011"));
    }

    #[test]
    fn fires_on_a_region_other_than_the_pools() {
        let request = REQUEST.replace(".auth.eu-west-1.", ".auth.us-east-1.");
        let f = findings_of(RULE, &[&request], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("region us-east-1 but the user pool is in eu-west-1"), "{}", f[0].message);
    }

    #[test]
    fn quiet_on_the_expected_url_and_on_a_custom_domain() {
        assert!(findings_of(RULE, &[REQUEST], &profile(), AT).is_empty());
        let custom = REQUEST.replace(ACS, "https://login.acme.example/saml2/idpresponse");
        assert!(findings_of(RULE, &[&custom], &Profile::default(), AT).is_empty());
    }
}
