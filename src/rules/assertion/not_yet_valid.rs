//! `assertion.not-yet-valid`: the assertion's validity starts after the evaluation time (beyond the clock skew).

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};
use crate::time::{format_rfc3339, human_duration};

/// The rule.
pub struct NotYetValid;

static DOC: RuleDoc = rule_doc! {
    id: "assertion.not-yet-valid",
    severity: Severity::Error,
    title: "Assertion is not yet valid at the evaluation time",
    what: "Checks NotBefore of the Conditions and of each SubjectConfirmationData against the evaluation time, \
           allowing the profile's clock skew (default 5 min).",
    why:
        "Cognito rejects an assertion whose NotBefore lies in its future. Entra back-dates NotBefore by 5 minutes, so \
          this means a clock is far off: the evaluation time chosen here, or (when the capture time is used) the \
          clock of the machine that produced the Response.",
    example: "NotBefore `2025-03-14T09:55:05Z` evaluated at `2025-03-14T09:40:00Z` gives: `Conditions NotBefore \
              2025-03-14T09:55:05Z is 15 min after the evaluation time 2025-03-14T09:40:00Z (5 min clock skew \
              allowed)`.",
    fix:
        "If you chose the evaluation time, choose the time of the sign-in. Otherwise capture a fresh sign-in from the \
          Sign on URL; if it repeats, send NumlyEngage support the times shown here (Entra's clock is \
          Microsoft-managed and rarely wrong; a device clock or a proxy replaying Responses is likelier).",
    fix_summary: "Evaluate at the time of the sign-in, or capture a fresh sign-in; if it repeats, send NumlyEngage \
                  support these times.",
    references: &["SAML Core §2.5.1.2 (NotBefore) and §2.4.1.2 (SubjectConfirmationData)"],
};

impl Rule for NotYetValid {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        let skew = analysis.profile.clock_skew();
        for a in super::checked_assertions(analysis) {
            // The window that opens last decides; report it once per assertion.
            let latest = super::windows(a.assertion)
                .into_iter()
                .filter_map(|w| Some((w.not_before?.unix?, w)))
                .filter(|(t, _)| *t - analysis.at > skew)
                .max_by_key(|(t, _)| *t);
            let Some((not_before, window)) = latest else { continue };
            out.push(
                Finding::new(
                    &DOC,
                    format!(
                        "{} NotBefore {} is {} after the evaluation time {} ({} clock skew allowed)",
                        window.element,
                        format_rfc3339(not_before),
                        human_duration(not_before - analysis.at),
                        format_rfc3339(analysis.at),
                        human_duration(skew)
                    ),
                )
                .expected(format!("NotBefore at or before {}", format_rfc3339(analysis.at + skew)))
                .actual(window.not_before.map(|i| i.raw.clone()).unwrap_or_default())
                .subject(a.message.reference())
                .at(format!("{}/@NotBefore", a.message.path(window.node))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::samples::{at, profile, AT, REQUEST, RESPONSE};
    use crate::rules::testing::findings_of;

    const RULE: &str = "assertion.not-yet-valid";

    #[test]
    fn fires_before_not_before_minus_skew() {
        let f = findings_of(RULE, &[REQUEST, RESPONSE], &profile(), at("2025-03-14T09:40:00Z"));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("Conditions NotBefore 2025-03-14T09:55:05Z is 15 min after"), "{}", f[0].message);
        assert_eq!(f[0].location.as_deref(), Some("/samlp:Response/Assertion/Conditions/@NotBefore"));
    }

    #[test]
    fn quiet_inside_the_window_and_within_skew() {
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), AT).is_empty());
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), at("2025-03-14T09:51:00Z")).is_empty());
    }
}
