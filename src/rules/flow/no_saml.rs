//! `flow.no-saml`: the trace holds no SAML message and nothing else that explains the failure.

use crate::analysis::Analysis;
use crate::decode::Item;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct NoSaml;

static DOC: RuleDoc = rule_doc! {
    id: "flow.no-saml",
    severity: Severity::Warning,
    title: "No SAML message in the trace, and no error that explains the failure",
    what: "Reports a trace in which requests or texts were recognised (a HAR capture, URLs, an error page) but that \
           holds no AuthnRequest, Response or metadata, and no AADSTS or Cognito error. Inputs recognised as nothing \
           at all are reported by decode.unrecognized instead.",
    why: "Without the SAML messages nothing about the Entra ↔ Cognito exchange can be checked. Usually the capture \
          started too late (after the redirect to Entra), 'Preserve log' was off so the POST to Cognito was lost, or \
          the sign-in never reached Entra.",
    example: "A HAR with only numly.io page loads gives: `no SAML message in 14 requests and texts, and no Entra or \
              Cognito error`.",
    fix: "Record again: open the browser's developer tools → Network, tick 'Preserve log', open the NumlyEngage Sign \
          on URL, sign in until the error appears, then export the HAR (Save all as HAR) and give it here.",
    fix_summary: "Record a HAR with 'Preserve log' on, from the NumlyEngage Sign on URL until the error appears.",
    references: &["https://learn.microsoft.com/en-us/azure/azure-portal/capture-browser-trace"],
};

impl Rule for NoSaml {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        if !analysis.messages.is_empty() || !analysis.sign_in_errors().is_empty() {
            return;
        }
        let seen =
            analysis.decoded.items.iter().filter(|i| matches!(i, Item::Request { .. } | Item::Text { .. })).count();
        if seen == 0 {
            return;
        }
        let what = if seen == 1 { "1 request or text".to_owned() } else { format!("{seen} requests and texts") };
        out.push(
            Finding::new(&DOC, format!("no SAML message in {what}, and no Entra or Cognito error"))
                .expected("an AuthnRequest and Entra's Response, or the error shown")
                .actual(what),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::decode::Binding;
    use crate::rules::samples::{profile, AT, REQUEST};
    use crate::trace::testing::{findings_of, message, request, source, text};

    const RULE: &str = "flow.no-saml";

    #[test]
    fn fires_on_a_capture_without_saml() {
        let items = vec![
            request(source(0, Some((0, "https://acme.numly.io/", AT))), "https://acme.numly.io/"),
            request(source(0, Some((1, "https://acme.numly.io/app.js", AT))), "https://acme.numly.io/app.js"),
        ];
        let f = findings_of(RULE, items, &profile(), AT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "no SAML message in 2 requests and texts, and no Entra or Cognito error");
    }

    #[test]
    fn quiet_with_a_message_an_error_or_nothing_recognised() {
        assert!(findings_of(RULE, vec![message(source(0, None), REQUEST, Binding::Raw)], &profile(), AT).is_empty());
        assert!(findings_of(RULE, vec![text(0, "AADSTS50105: not assigned")], &profile(), AT).is_empty());
        assert!(crate::rules::testing::findings_of(RULE, &["hello world"], &profile(), AT).is_empty());
    }
}
