//! `assertion.expired`: the assertion's validity ended before the evaluation time (beyond the clock skew).

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};
use crate::time::{format_rfc3339, human_duration, TimeSource};

/// The rule.
pub struct Expired;

static DOC: RuleDoc = rule_doc! {
    id: "assertion.expired",
    severity: Severity::Error,
    title: "Assertion has expired at the evaluation time",
    what: "Checks NotOnOrAfter of the Conditions and of each SubjectConfirmationData against the evaluation time, \
           allowing the profile's clock skew (default 5 min), and reports the window that closed first.",
    why: "Cognito rejects an expired assertion. Entra's assertions are valid for about an hour, so an expired one was \
          delivered late: replayed from the browser history, a bookmarked …/saml2/idpresponse page, or a Response \
          pasted long after the sign-in and evaluated at the current time.",
    example: "NotOnOrAfter `2025-03-14T11:00:05Z` evaluated at `2025-03-14T11:08:00Z` gives: `assertion expired 7 min \
              before the evaluation time 2025-03-14T11:08:00Z (SubjectConfirmationData NotOnOrAfter \
              2025-03-14T11:00:05Z, 5 min clock skew allowed)`.",
    fix: "If you pasted an old Response, evaluate it at the time of the sign-in (the capture time). Otherwise start a \
          fresh sign-in from the NumlyEngage Sign on URL instead of reusing a page or bookmark; if fresh sign-ins \
          expire, send NumlyEngage support the times shown here.",
    fix_summary: "Start a fresh sign-in from the NumlyEngage Sign on URL (no back button or bookmarked pages), or \
                  evaluate an old Response at its capture time.",
    references: &["SAML Core §2.5.1.2 (NotOnOrAfter) and §2.4.1.2 (SubjectConfirmationData)"],
};

impl Rule for Expired {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        let skew = analysis.profile.clock_skew();
        for a in super::checked_assertions(analysis) {
            let windows = super::windows(a.assertion);
            let expired: Vec<_> = windows
                .iter()
                .filter_map(|w| Some((w.not_on_or_after?.unix?, w)))
                .filter(|(t, _)| analysis.at - *t >= skew)
                .collect();
            let Some((ended, window)) = expired.iter().min_by_key(|(t, _)| *t) else { continue };
            let others: Vec<&str> =
                expired.iter().filter(|(t, w)| w.node != window.node || t != ended).map(|(_, w)| w.element).collect();
            let also = if others.is_empty() { String::new() } else { format!("; {} also ended", others.join(", ")) };
            let fix = if analysis.time_source == TimeSource::Now {
                format!(
                    "The evaluation used the current time. If this Response is from an earlier sign-in, evaluate it at \
                     its capture time (issued {}); otherwise start a fresh sign-in from the NumlyEngage Sign on URL.",
                    a.assertion.issue_instant.as_ref().map_or("at an unknown time", |i| i.raw.as_str())
                )
            } else {
                DOC.fix_summary.to_owned()
            };
            out.push(
                Finding::new(
                    &DOC,
                    format!(
                        "assertion expired {} before the evaluation time {} ({} NotOnOrAfter {}, {} clock skew \
                         allowed{also})",
                        human_duration(analysis.at - ended),
                        format_rfc3339(analysis.at),
                        window.element,
                        format_rfc3339(*ended),
                        human_duration(skew)
                    ),
                )
                .expected(format!("NotOnOrAfter after {}", format_rfc3339(analysis.at - skew)))
                .actual(window.not_on_or_after.map(|i| i.raw.clone()).unwrap_or_default())
                .subject(a.message.reference())
                .at(format!("{}/@NotOnOrAfter", a.message.path(window.node)))
                .fix(fix),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::samples::{at, profile, AT, REQUEST, RESPONSE};
    use crate::rules::testing::findings_of;

    const RULE: &str = "assertion.expired";

    #[test]
    fn fires_after_not_on_or_after_plus_skew() {
        let f = findings_of(RULE, &[REQUEST, RESPONSE], &profile(), at("2025-03-14T11:08:00Z"));
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.starts_with("assertion expired 7 min before the evaluation time 2025-03-14T11:08:00Z"),
            "{}",
            f[0].message
        );
        assert!(f[0].message.contains("SubjectConfirmationData also ended"), "{}", f[0].message);
        assert_eq!(f[0].location.as_deref(), Some("/samlp:Response/Assertion/Conditions/@NotOnOrAfter"));
    }

    #[test]
    fn reports_the_window_that_closed_first() {
        let response = RESPONSE.replace(
            "NotOnOrAfter=\"2025-03-14T11:00:05.121Z\" Recipient",
            "NotOnOrAfter=\"2025-03-14T10:05:05.121Z\" Recipient",
        );
        let f = findings_of(RULE, &[REQUEST, &response], &profile(), at("2025-03-14T10:13:00Z"));
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("expired 7 min") && f[0].message.contains("SubjectConfirmationData NotOnOrAfter")
        );
    }

    #[test]
    fn quiet_within_the_window_and_the_skew() {
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), AT).is_empty());
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), at("2025-03-14T11:04:00Z")).is_empty());
    }
}
