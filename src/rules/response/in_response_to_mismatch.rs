//! `response.in-response-to-mismatch`: the Response answers another AuthnRequest than the one in the trace.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct InResponseToMismatch;

static DOC: RuleDoc = rule_doc! {
    id: "response.in-response-to-mismatch",
    severity: Severity::Error,
    title: "Response InResponseTo does not match the AuthnRequest of the trace",
    what: "When the trace holds AuthnRequests, checks that the Response's InResponseTo is one of their IDs, and that \
           the assertion's SubjectConfirmationData InResponseTo agrees with the Response's.",
    why:
        "Cognito remembers the AuthnRequest it sent and accepts only the Response to it. A mismatch means the browser \
          delivered a stale Response (a second tab, the back button, a retried sign-in) or two sign-ins crossed; \
          Cognito rejects it.",
    example: "InResponseTo `_0000…` while the trace's AuthnRequest has ID `_9c1f…` gives: `Response InResponseTo is \
              '_0000…', expected '_9c1f…' (the ID of the AuthnRequest in this trace)`.",
    fix: "Close other NumlyEngage tabs and start one fresh sign-in from the Sign on URL; capture that one attempt \
          (HAR with 'Preserve log') if it fails again.",
    fix_summary: "Start one fresh sign-in from the NumlyEngage Sign on URL (close other tabs; do not use Back).",
    references: &["SAML Core §3.2.2 (InResponseTo); SAML Profiles §4.1.4.3"],
};

impl Rule for InResponseToMismatch {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        let requests: Vec<_> = analysis.authn_requests().filter(|(_, r)| r.id.is_some()).collect();
        for (message, response) in analysis.responses() {
            if let (Some(irt), false) = (response.in_response_to.as_deref(), requests.is_empty()) {
                if !requests.iter().any(|(_, r)| r.id.as_deref() == Some(irt)) {
                    // The request it most likely answers: the last one before it in the trace.
                    let nearest = requests
                        .iter()
                        .rev()
                        .find(|(m, _)| m.index < message.index)
                        .or_else(|| requests.last())
                        .and_then(|(_, r)| r.id.clone())
                        .unwrap_or_default();
                    out.push(
                        Finding::new(
                            &DOC,
                            format!(
                                "Response InResponseTo is '{irt}', expected '{nearest}' (the ID of the AuthnRequest in \
                                 this trace)"
                            ),
                        )
                        .expected(nearest)
                        .actual(irt)
                        .subject(message.reference())
                        .at(format!("{}/@InResponseTo", message.path(response.node))),
                    );
                    continue;
                }
            }
            let Some(irt) = response.in_response_to.as_deref() else { continue };
            for assertion in &response.assertions {
                let confirmations = assertion.subject.iter().flat_map(|s| s.confirmations.iter());
                for data in confirmations.filter_map(|c| c.data.as_ref()) {
                    let Some(inner) = data.in_response_to.as_deref() else { continue };
                    if inner != irt {
                        out.push(
                            Finding::new(
                                &DOC,
                                format!(
                                    "SubjectConfirmationData InResponseTo is '{inner}', but the Response answers \
                                     '{irt}'"
                                ),
                            )
                            .expected(irt)
                            .actual(inner)
                            .subject(message.reference())
                            .at(format!("{}/@InResponseTo", message.path(data.node))),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::samples::{profile, AT, REQUEST, REQUEST_ID, RESPONSE};
    use crate::rules::testing::findings_of;

    const RULE: &str = "response.in-response-to-mismatch";
    const STALE: &str = "_00000000-1111-4222-8333-444444444444";

    #[test]
    fn fires_on_a_response_to_another_request() {
        let response = RESPONSE.replace(REQUEST_ID, STALE);
        let f = findings_of(RULE, &[REQUEST, &response], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains(STALE) && f[0].message.contains(REQUEST_ID), "{}", f[0].message);
        assert_eq!(f[0].location.as_deref(), Some("/samlp:Response/@InResponseTo"));
    }

    #[test]
    fn fires_when_the_assertion_disagrees_with_the_response() {
        let response = RESPONSE.replacen(
            &format!("InResponseTo=\"{REQUEST_ID}\" NotOnOrAfter"),
            &format!("InResponseTo=\"{STALE}\" NotOnOrAfter"),
            1,
        );
        let f = findings_of(RULE, &[REQUEST, &response], &profile(), AT);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.starts_with("SubjectConfirmationData InResponseTo"));
    }

    #[test]
    fn quiet_on_the_answer_and_without_requests() {
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), AT).is_empty());
        assert!(findings_of(RULE, &[&RESPONSE.replace(REQUEST_ID, STALE)], &profile(), AT).is_empty());
    }
}
