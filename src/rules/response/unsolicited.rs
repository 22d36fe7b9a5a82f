//! `response.unsolicited`: a Response that answers no AuthnRequest (IdP-initiated sign-in).

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct Unsolicited;

static DOC: RuleDoc = rule_doc! {
    id: "response.unsolicited",
    severity: Severity::Error,
    title: "Response has no InResponseTo: IdP-initiated sign-in, which NumlyEngage does not support",
    what: "Reports a Response without InResponseTo, neither on the Response nor on its SubjectConfirmationData: Entra \
           sent it without a request, which is what happens when a user starts from the My Apps tile or Entra's \
           'Test this application' button while no Sign on URL is set.",
    why: "NumlyEngage signs users in SP-initiated only: Cognito expects every Response to answer the AuthnRequest it \
          sent and rejects an unsolicited one, so the user lands on an error page instead of NumlyEngage.",
    example: "A Response with no InResponseTo gives: `Response '_4e8d…' answers no AuthnRequest (no InResponseTo): \
              the sign-in was started at Entra (IdP-initiated)`.",
    fix: "Start the sign-in from the NumlyEngage Sign on URL (https://<subdomain>.numly.io/registration?mail=<custom \
          identifier>). In Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Basic SAML \
          Configuration, set Sign on URL to that address, so the My Apps tile and 'Test this application' start an \
          SP-initiated sign-in.",
    fix_summary: "Start sign-in from the NumlyEngage Sign on URL, and set Entra → Basic SAML Configuration → Sign on \
                  URL so the My Apps tile starts SP-initiated.",
    references: &[
        "SAML Profiles §4.1.5 (unsolicited responses)",
        "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/add-application-portal-setup-sso",
    ],
};

impl Rule for Unsolicited {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for (message, response) in analysis.responses() {
            if crate::trace::in_response_to(response).is_some() {
                continue;
            }
            let id = response.id.as_deref().unwrap_or("(no ID)");
            let sign_on = analysis
                .profile
                .sign_on_url
                .clone()
                .unwrap_or_else(|| "https://<subdomain>.numly.io/registration?mail=<custom identifier>".to_owned());
            out.push(
                Finding::new(
                    &DOC,
                    format!(
                        "Response '{id}' answers no AuthnRequest (no InResponseTo): the sign-in was started at \
                         Entra (IdP-initiated)"
                    ),
                )
                .expected("InResponseTo = the ID of Cognito's AuthnRequest")
                .actual("no InResponseTo")
                .subject(message.reference())
                .at(message.path(response.node))
                .fix(format!(
                    "Start the sign-in from {sign_on}, and set it as Sign on URL in Entra → Basic SAML Configuration \
                     so the My Apps tile starts SP-initiated."
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::samples::{profile, AT, REQUEST, REQUEST_ID, RESPONSE};
    use crate::rules::testing::findings_of;

    const RULE: &str = "response.unsolicited";

    #[test]
    fn fires_without_in_response_to() {
        let response = RESPONSE.replace(&format!(" InResponseTo=\"{REQUEST_ID}\""), "");
        assert!(!response.contains("InResponseTo"));
        let f = findings_of(RULE, &[&response], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("IdP-initiated"));
        assert!(f[0].fix.contains("https://acme.numly.io/registration?mail=jane.doe@acme.example"), "{}", f[0].fix);
        assert_eq!(f[0].location.as_deref(), Some("/samlp:Response"));
    }

    #[test]
    fn quiet_on_an_answer() {
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), AT).is_empty());
        assert!(findings_of(RULE, &[RESPONSE], &profile(), AT).is_empty());
    }
}
