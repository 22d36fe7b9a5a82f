//! `assertion.recipient-mismatch`: the bearer confirmation names another Recipient than Cognito's Reply URL.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::expected::{reply_url, reply_url_mismatch};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct RecipientMismatch;

static DOC: RuleDoc = rule_doc! {
    id: "assertion.recipient-mismatch",
    severity: Severity::Error,
    title: "SubjectConfirmationData Recipient is missing or not Cognito's Reply URL",
    what: "Compares each bearer SubjectConfirmationData Recipient exactly with the profile's reply_url, else the \
           AuthnRequest's AssertionConsumerServiceURL, else Cognito's pattern. A Recipient equal to the Response's \
           Destination is left to response.destination-mismatch.",
    why: "Cognito accepts a bearer assertion only when its Recipient is Cognito's own /saml2/idpresponse URL; \
          otherwise the assertion was meant for another endpoint and is rejected ('Invalid SAML response').",
    example: "Recipient `https://acme.auth.eu-west-1.amazoncognito.com/saml2/idpresponse/` (extra slash) gives: \
              `Recipient is '…/saml2/idpresponse/', expected '…/saml2/idpresponse' (the profile's reply_url; it has \
              an extra trailing slash)`.",
    fix: "In Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Basic SAML Configuration, \
          set Reply URL (Assertion Consumer Service URL) to exactly Cognito's …/saml2/idpresponse URL and mark it \
          Default.",
    fix_summary: "Set Entra → Basic SAML Configuration → Reply URL (Assertion Consumer Service URL) to exactly \
                  Cognito's …/saml2/idpresponse URL.",
    references: &["SAML Profiles §4.1.4.2 (bearer SubjectConfirmationData Recipient)"],
};

const BEARER: &str = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

impl Rule for RecipientMismatch {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for a in super::checked_assertions(analysis) {
            let request = a.response.and_then(|r| analysis.request_for(r)).map(|(_, r)| r);
            let destination = a.response.and_then(|r| r.destination.as_deref());
            let confirmations = a.assertion.subject.iter().flat_map(|s| s.confirmations.iter());
            for c in confirmations.filter(|c| c.method.as_deref().is_none_or(|m| m.trim() == BEARER)) {
                let Some(data) = &c.data else { continue };
                let path = a.message.path(data.node);
                let Some(recipient) = data.recipient.as_deref() else {
                    out.push(
                        Finding::new(&DOC, "bearer SubjectConfirmationData has no Recipient")
                            .expected(reply_url(&analysis.profile).value)
                            .actual("none")
                            .subject(a.message.reference())
                            .at(path),
                    );
                    continue;
                };
                if destination == Some(recipient) {
                    continue;
                }
                if let Some(m) = reply_url_mismatch(analysis, request, recipient) {
                    out.push(
                        Finding::new(&DOC, format!("Recipient is '{recipient}', {}", m.describe()))
                            .expected(m.expected.value.clone())
                            .actual(recipient)
                            .subject(a.message.reference())
                            .at(format!("{path}/@Recipient")),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::rules::samples::{profile, ACS, AT, REQUEST, RESPONSE};
    use crate::rules::testing::findings_of;

    const RULE: &str = "assertion.recipient-mismatch";

    fn with_recipient(recipient: &str) -> String {
        RESPONSE.replace(&format!("Recipient=\"{ACS}\""), &format!("Recipient=\"{recipient}\""))
    }

    #[test]
    fn fires_on_a_recipient_other_than_the_reply_url() {
        let response = with_recipient(&format!("{ACS}/"));
        let f = findings_of(RULE, &[REQUEST, &response], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("extra trailing slash"), "{}", f[0].message);
        assert_eq!(
            f[0].location.as_deref(),
            Some("/samlp:Response/Assertion/Subject/SubjectConfirmation/SubjectConfirmationData/@Recipient")
        );
        assert!(findings_of("response.destination-mismatch", &[REQUEST, &response], &profile(), AT).is_empty());
    }

    #[test]
    fn fires_on_a_missing_recipient() {
        let response = RESPONSE.replace(&format!(" Recipient=\"{ACS}\""), "");
        let f = findings_of(RULE, &[REQUEST, &response], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("no Recipient"));
    }

    #[test]
    fn quiet_on_the_reply_url() {
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), AT).is_empty());
        assert!(findings_of(RULE, &[RESPONSE], &Profile::default(), AT).is_empty());
    }
}
