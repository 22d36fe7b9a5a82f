//! `decode.har-invalid`: an input looks like a HAR capture but is not valid HAR.

use crate::analysis::Analysis;
use crate::decode::DecodeProblem;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct HarInvalid;

static DOC: RuleDoc = rule_doc! {
    id: "decode.har-invalid",
    severity: Severity::Error,
    title: "A HAR capture is not valid",
    what: "Reports inputs that look like a HAR capture (a JSON object with a \"log\" key) but are not valid JSON or \
           not shaped like HAR 1.2 (`log.entries`, each with a `request`). The text is then read as plain text, so \
           URLs, SAML values and error texts in it are still found.",
    why: "Usually the file was cut (saved while still recording, truncated by an upload limit or a copy) or edited \
          by hand. Messages after the damage may be missing, and the capture's timeline (times, status codes, \
          redirects) is not available, so time-based checks fall back to other clocks.",
    example: "A HAR file cut in the middle gives `input 1 \"signin.har\": not a valid HAR capture: EOF while parsing \
              a string at line 812 column 40`.",
    fix: "Export the capture again and attach the file itself rather than pasting its text: in Edge or Chrome, \
          developer tools, Network tab, \"Export HAR\" (or right-click > \"Save all as HAR with content\"); in \
          Firefox, Network tab, gear menu > \"Save All As HAR\".",
    fix_summary: "Export the HAR capture again from the browser's Network tab and attach the file itself.",
    references: &[
        "HAR 1.2 specification: http://www.softwareishard.com/blog/har-12-spec/",
        "https://learn.microsoft.com/en-us/azure/azure-portal/capture-browser-trace",
    ],
};

impl Rule for HarInvalid {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for problem in &analysis.decoded.problems {
            if let DecodeProblem::HarInvalid { source, detail } = problem {
                out.push(
                    Finding::new(&DOC, format!("{}: not a valid HAR capture: {detail}", source.describe()))
                        .actual(detail.clone())
                        .at(source.describe()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    const HAR: &str = r#"{"log": {"version": "1.2", "entries": [{"startedDateTime": "2024-05-01T12:00:00Z", "request": {"method": "GET", "url": "https://x.numly.io/registration?mail=contoso"}, "response": {"status": 200}}]}}"#;

    #[test]
    fn fires_on_a_cut_capture() {
        let cut = &HAR[..HAR.len() / 2];
        let f = findings_of("decode.har-invalid", &[cut], &Profile::default(), 0);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.starts_with("input 1 \"input 1\": not a valid HAR capture: EOF while parsing"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn quiet_on_a_valid_capture() {
        assert!(findings_of("decode.har-invalid", &[HAR], &Profile::default(), 0).is_empty());
    }
}
