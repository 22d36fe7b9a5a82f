//! `response.destination-mismatch`: the Response is addressed to another URL than Cognito's Reply URL.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::expected::reply_url_mismatch;
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct DestinationMismatch;

static DOC: RuleDoc = rule_doc! {
    id: "response.destination-mismatch",
    severity: Severity::Error,
    title: "Response Destination is not Cognito's Reply URL",
    what: "Compares the Response's Destination exactly with the profile's reply_url; without one, with the \
           AssertionConsumerServiceURL of the AuthnRequest it answers, else with Cognito's pattern. When the \
           assertion's Recipient is the same URL, this one finding covers both.",
    why: "Entra posts to the Reply URL configured on the application and writes it into Destination and Recipient. \
          Cognito rejects a Response addressed elsewhere ('Invalid SAML response'), which happens when the Reply URL \
          in Entra is another environment's, has a typo, or is marked Default while a different one is needed.",
    example: "Destination `https://acme.auth.eu-west-2.amazoncognito.com/saml2/idpresponse` answering a request for \
              `https://acme.auth.eu-west-1.amazoncognito.com/saml2/idpresponse` gives: `Response Destination is \
              '…eu-west-2…', expected '…eu-west-1…' (the AuthnRequest's AssertionConsumerServiceURL)`.",
    fix: "In Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Basic SAML Configuration, \
          set Reply URL (Assertion Consumer Service URL) to exactly the expected URL, mark it Default, and remove \
          stale entries.",
    fix_summary: "Set Entra → Basic SAML Configuration → Reply URL (Assertion Consumer Service URL) to exactly \
                  Cognito's …/saml2/idpresponse URL and mark it Default.",
    references: &[
        "SAML Core §3.2.2 (Destination); SAML Bindings §3.5.5.2",
        "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-saml-idp.html",
    ],
};

impl Rule for DestinationMismatch {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for (message, response) in analysis.responses() {
            let Some(destination) = response.destination.as_deref() else { continue };
            let request = analysis.request_for(response).map(|(_, r)| r);
            let Some(mut m) = reply_url_mismatch(analysis, request, destination) else { continue };
            let recipient_same = response
                .assertions
                .iter()
                .flat_map(|a| a.subject.iter().flat_map(|s| s.confirmations.iter()))
                .filter_map(|c| c.data.as_ref()?.recipient.as_deref())
                .any(|r| r == destination);
            if recipient_same {
                m.add_detail("the assertion's Recipient is the same");
            }
            let fix = if m.expected.is_pattern {
                format!(
                    "Entra posted to '{destination}' ({}). Set Entra → Basic SAML Configuration → Reply URL \
                     (Assertion Consumer Service URL) to your user pool's …/saml2/idpresponse URL (ask NumlyEngage \
                     support for it) and mark it Default.",
                    m.detail
                )
            } else {
                format!(
                    "Set Entra → Basic SAML Configuration → Reply URL (Assertion Consumer Service URL) to exactly \
                     '{}', mark it Default, and remove '{destination}' if it is stale.",
                    m.expected.value
                )
            };
            out.push(
                Finding::new(&DOC, format!("Response Destination is '{destination}', {}", m.describe()))
                    .expected(m.expected.value.clone())
                    .actual(destination)
                    .subject(message.reference())
                    .at(format!("{}/@Destination", message.path(response.node)))
                    .fix(fix),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::rules::samples::{profile, ACS, AT, REQUEST, RESPONSE};
    use crate::rules::testing::findings_of;

    const RULE: &str = "response.destination-mismatch";
    const WRONG: &str = "https://acme.auth.eu-west-2.amazoncognito.com/saml2/idpresponse";

    #[test]
    fn fires_against_the_requests_acs_url_and_covers_the_recipient() {
        let response = RESPONSE.replace(ACS, WRONG);
        let f = findings_of(RULE, &[REQUEST, &response], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("the AuthnRequest's AssertionConsumerServiceURL"), "{}", f[0].message);
        assert!(f[0].message.contains("Recipient is the same"));
        assert_eq!(f[0].location.as_deref(), Some("/samlp:Response/@Destination"));
        assert!(findings_of("assertion.recipient-mismatch", &[REQUEST, &response], &Profile::default(), AT).is_empty());
    }

    #[test]
    fn fires_against_the_profile() {
        let response = RESPONSE.replace(ACS, &ACS.replace("idpresponse", "IdpResponse"));
        let f = findings_of(RULE, &[&response], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("letter case"), "{}", f[0].message);
    }

    #[test]
    fn does_not_repeat_a_wrong_request_acs_url() {
        // Cognito asked for the wrong URL and Entra posted there: request.acs-mismatch reports it once.
        let (request, response) = (REQUEST.replace(ACS, WRONG), RESPONSE.replace(ACS, WRONG));
        assert!(findings_of(RULE, &[&request, &response], &profile(), AT).is_empty());
        assert_eq!(findings_of("request.acs-mismatch", &[&request, &response], &profile(), AT).len(), 1);
    }

    #[test]
    fn quiet_on_the_reply_url() {
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), AT).is_empty());
        assert!(findings_of(RULE, &[RESPONSE], &Profile::default(), AT).is_empty());
    }
}
