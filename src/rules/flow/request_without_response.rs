//! `flow.request-without-response`: an AuthnRequest that no Response in the trace answers.

use crate::analysis::Analysis;
use crate::explain::ErrorSource;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct RequestWithoutResponse;

static DOC: RuleDoc = rule_doc! {
    id: "flow.request-without-response",
    severity: Severity::Warning,
    title: "AuthnRequest without a Response: the sign-in stopped at Entra",
    what: "Reports an AuthnRequest that no Response of the trace answers, when the trace shows no Entra error either \
           (flow.aadsts-error explains those) and no Response answering another request (that is \
           response.in-response-to-mismatch). For a pasted AuthnRequest alone it is informational.",
    why: "Cognito sent the user to Entra, but Entra never posted a Response back: the user stopped at Entra's sign-in \
          page, or Entra showed an error page (AADSTS…) that the capture or the ticket does not include.",
    example:
        "A HAR whose last SAML step is the redirect to login.microsoftonline.com gives: `AuthnRequest '_9c1f…' got \
              no Response in this trace: the sign-in stopped at Entra`.",
    fix: "Look at what Entra showed after the redirect: an error page carries an AADSTS code, a Trace ID and a \
          Correlation ID (paste that text here), and the attempt is listed in Entra admin center → Monitoring & \
          health → Sign-in logs. If no error appeared, record the HAR until the user is back on NumlyEngage.",
    fix_summary: "Paste the error Entra showed (AADSTS code) or find the attempt in Entra → Sign-in logs; record the \
                  HAR until the end of the sign-in.",
    references: &[
        "SAML Profiles §4.1 (Web Browser SSO)",
        "https://learn.microsoft.com/en-us/entra/identity/monitoring-health/concept-sign-ins",
    ],
};

impl Rule for RequestWithoutResponse {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        if analysis.sign_in_errors().iter().any(|e| e.explanation.source() == ErrorSource::Aadsts) {
            return;
        }
        if analysis.responses().any(|(_, r)| analysis.request_for(r).is_none() && r.in_response_to.is_some()) {
            return;
        }
        let has_responses = analysis.responses().next().is_some();
        for (message, request) in analysis.authn_requests() {
            let Some(id) = request.id.as_deref() else { continue };
            if analysis.response_to(request).is_some() {
                continue;
            }
            let captured = message.decoded.source.har_entry.is_some();
            let mut finding = Finding::new(
                &DOC,
                format!("AuthnRequest '{id}' got no Response in this trace: the sign-in stopped at Entra"),
            )
            .expected(format!("a Response with InResponseTo=\"{id}\", or Entra's error"))
            .actual("no Response")
            .subject(message.reference())
            .at(message.path(request.node));
            if !captured && !has_responses {
                finding = finding.severity(Severity::Info).fix(
                    "Only the AuthnRequest was given: add Entra's Response (the SAMLResponse posted to \
                     …/saml2/idpresponse) or the error Entra showed, or a HAR of the whole sign-in.",
                );
            }
            out.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::decode::Binding;
    use crate::finding::Severity;
    use crate::rules::samples::{profile, AT, REQUEST, REQUEST_ID, RESPONSE};
    use crate::trace::testing::{findings_of, message, source, text};

    const RULE: &str = "flow.request-without-response";

    #[test]
    fn warns_for_a_captured_request_and_informs_for_a_pasted_one() {
        let har = source(0, Some((3, "https://login.microsoftonline.com/x/saml2", AT)));
        let f = findings_of(RULE, vec![message(har, REQUEST, Binding::Redirect)], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(f[0].message.contains(REQUEST_ID));
        let f = findings_of(RULE, vec![message(source(0, None), REQUEST, Binding::Raw)], &profile(), AT);
        assert_eq!(f[0].severity, Severity::Info);
    }

    #[test]
    fn quiet_when_answered_or_explained() {
        let answered =
            vec![message(source(0, None), REQUEST, Binding::Raw), message(source(1, None), RESPONSE, Binding::Post)];
        assert!(findings_of(RULE, answered, &profile(), AT).is_empty());
        let explained = vec![message(source(0, None), REQUEST, Binding::Raw), text(1, "AADSTS50105: not assigned")];
        assert!(findings_of(RULE, explained, &profile(), AT).is_empty());
        let crossed = vec![
            message(source(0, None), REQUEST, Binding::Raw),
            message(source(1, None), &RESPONSE.replace(REQUEST_ID, "_other"), Binding::Post),
        ];
        assert!(findings_of(RULE, crossed, &profile(), AT).is_empty());
    }
}
