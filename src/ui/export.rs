//! Exports (Markdown, JSON) and redaction of personal data for exports and share links.
//!
//! Stop-gap until the core's `report::render` (Markdown) and `report::redact` (Redactor) land from the `cli` branch:
//! the web app then calls those and these two helpers go away, so the CLI and the app export the same text.
//!
//! Redaction works on text: it collects the personal values of the trace (the NameID, the values of name, e-mail,
//! phone and object-id claims, and every e-mail address in the inputs) and replaces each distinct value by a stable
//! placeholder (`person1@redacted.invalid`, `redacted-2`) everywhere, also percent-encoded. Base64-encoded inputs are
//! replaced by their decoded, redacted messages (see [`redacted_inputs`]), so nothing personal survives encoded.

use std::fmt::Write as _;

use crate::report::Report;
use crate::time::format_rfc3339;
use crate::ui::inspect;
use crate::ui::report_view::ReportView;
use crate::ui::view::{by_severity, time_source_label};

/// Claim names (the last segment of the claim URI, lowercase) whose values identify a person.
const PERSONAL_CLAIMS: &[&str] = &[
    "email",
    "emailaddress",
    "mail",
    "name",
    "givenname",
    "surname",
    "displayname",
    "upn",
    "phone number",
    "phone",
    "mobilephone",
    "telephonenumber",
    "objectidentifier",
];

/// Replaces the personal values of one trace by placeholders.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    /// (value, placeholder), longest value first.
    replacements: Vec<(String, String)>,
}

impl Redactor {
    /// Collects the personal values of a trace from its input texts and its report.
    pub fn for_trace(texts: &[(String, String)], report: &ReportView) -> Self {
        let mut values: Vec<String> = Vec::new();
        for text in texts.iter().map(|(_, t)| t.as_str()).chain(report.messages.iter().map(|m| m.xml.as_str())) {
            values.extend(emails_in(text));
        }
        for m in &report.messages {
            if let Some(view) = inspect::claims(&m.xml) {
                values.extend(view.name_id.map(|n| n.0));
                for c in view.claims {
                    let short = c.name.rsplit('/').next().unwrap_or(&c.name).to_ascii_lowercase();
                    if PERSONAL_CLAIMS.contains(&short.as_str()) {
                        values.extend(c.values);
                    }
                }
            }
        }
        values.retain(|v| v.trim().chars().count() >= 3);
        values.sort();
        values.dedup();
        let (mut people, mut others) = (0, 0);
        let mut replacements: Vec<(String, String)> = values
            .into_iter()
            .map(|v| {
                let placeholder = if v.contains('@') {
                    people += 1;
                    format!("person{people}@redacted.invalid")
                } else {
                    others += 1;
                    format!("redacted-{others}")
                };
                (v, placeholder)
            })
            .collect();
        let encoded: Vec<(String, String)> = replacements
            .iter()
            .filter(|(v, _)| v.contains('@') || v.contains(' '))
            .map(|(v, p)| (v.replace('@', "%40").replace(' ', "%20"), p.replace('@', "%40")))
            .collect();
        replacements.extend(encoded);
        replacements.sort_by_key(|r| std::cmp::Reverse(r.0.len()));
        Redactor { replacements }
    }

    /// The text with every personal value replaced, and any e-mail address left over too.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for (value, placeholder) in &self.replacements {
            if out.contains(value.as_str()) {
                out = out.replace(value.as_str(), placeholder);
            }
        }
        for email in emails_in(&out) {
            if !email.ends_with("@redacted.invalid") {
                out = out.replace(&email, "someone@redacted.invalid");
            }
        }
        out
    }

    /// How many distinct values are replaced.
    pub fn len(&self) -> usize {
        self.replacements.len()
    }

    /// Whether there is nothing to replace.
    pub fn is_empty(&self) -> bool {
        self.replacements.is_empty()
    }
}

/// The inputs of a trace made safe to share: raw-XML and plain-text inputs are redacted as text; an encoded input
/// (base64, a URL, a HAR) is replaced by the decoded XML of the messages found in it, redacted.
pub fn redacted_inputs(texts: &[(String, String)], report: &ReportView, redactor: &Redactor) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (index, (name, text)) in texts.iter().enumerate() {
        let decoded: Vec<&str> = report
            .messages
            .iter()
            .filter(|m| m.source.input == index && !m.steps.is_empty())
            .map(|m| m.xml.as_str())
            .collect();
        if decoded.is_empty() {
            out.push((name.clone(), redactor.redact(text)));
        } else {
            for (n, xml) in decoded.iter().enumerate() {
                let label = if decoded.len() == 1 { name.clone() } else { format!("{name} ({})", n + 1) };
                out.push((label, redactor.redact(xml)));
            }
        }
    }
    out
}

/// The report as Markdown, for a ticket or an e-mail to NumlyEngage support.
pub fn markdown(report: &Report) -> String {
    let mut s = String::from("# sso-doctor report\n\n");
    let _ = writeln!(
        s,
        "Evaluated at {} ({}), clock skew {} s.\n",
        report.evaluated_at,
        time_source_label(&report.time_source),
        report.clock_skew_seconds
    );
    let p = &report.profile;
    s.push_str("Profile:\n");
    for (k, v) in [
        ("tenant", p.tenant_id.as_deref()),
        ("identifier", p.identifier.as_deref()),
        ("reply URL", p.reply_url.as_deref()),
        ("sign-on URL", p.sign_on_url.as_deref()),
    ] {
        let _ = writeln!(s, "- {k}: {}", v.map_or_else(|| "(NumlyEngage pattern)".to_owned(), code));
    }
    if !p.certificate_thumbprints.is_empty() {
        let _ = writeln!(s, "- certificate thumbprints: {}", p.certificate_thumbprints.join(", "));
    }
    let _ = writeln!(
        s,
        "\n## Findings: {} errors, {} warnings, {} notes\n",
        report.summary.errors, report.summary.warnings, report.summary.infos
    );
    if report.findings.is_empty() {
        s.push_str("No problems found.\n");
    }
    for (_, group) in by_severity(&report.findings, |f| f.severity) {
        for f in group {
            let _ = writeln!(s, "### {} `{}`: {}\n", f.severity.as_str().to_uppercase(), f.rule, f.message);
            if let Some(e) = &f.expected {
                let _ = writeln!(s, "- Expected: {}", code(e));
            }
            if let Some(a) = &f.actual {
                let _ = writeln!(s, "- Actual: {}", code(a));
            }
            if let Some(l) = &f.location {
                let _ = writeln!(s, "- Where: {l}");
            }
            let _ = writeln!(s, "- Fix: {}\n", f.fix);
        }
    }
    let _ = writeln!(s, "## Messages ({})\n", report.messages.len());
    for m in &report.messages {
        let _ = writeln!(s, "### {}. {} from {}\n", m.index + 1, m.kind, m.source.describe());
        if let Some(e) = &m.parse_error {
            let _ = writeln!(s, "Not parsed: {e}\n");
        }
        for (k, v) in &m.fields {
            let _ = writeln!(s, "- {k}: {}", code(v));
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "_Generated by sso-doctor, format {}, at {}._",
        report.format_version,
        format_rfc3339(report.evaluated_at_unix)
    );
    s
}

/// A value as inline Markdown code, safe whatever backticks it holds.
fn code(v: &str) -> String {
    let one_line = v.replace(['\n', '\r'], " ");
    if one_line.contains('`') {
        format!("`` {one_line} ``")
    } else {
        format!("`{one_line}`")
    }
}

/// E-mail addresses in a text (`local@domain.tld`), in order of appearance, without duplicates.
pub fn emails_in(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || b"._%+-".contains(&b);
    let domain = |b: u8| b.is_ascii_alphanumeric() || b".-".contains(&b);
    let mut out: Vec<String> = Vec::new();
    for (at, _) in text.match_indices('@') {
        let start = (0..at).rev().take_while(|i| bytes.get(*i).copied().is_some_and(local)).last();
        let end = (at + 1..bytes.len()).take_while(|i| bytes.get(*i).copied().is_some_and(domain)).last();
        if let (Some(start), Some(end)) = (start, end) {
            let candidate = text.get(start..=end).unwrap_or_default().trim_end_matches(['.', '-']);
            let domain_part = candidate.split('@').nth(1).unwrap_or_default();
            if domain_part.contains('.') && !out.iter().any(|e| e == candidate) {
                out.push(candidate.to_owned());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;

    fn example(id: &str) -> (Vec<(String, String)>, Report) {
        let e = examples::find(id).unwrap();
        let texts = e.files.iter().map(|f| (f.name.to_owned(), f.text.to_owned())).collect();
        (texts, crate::analyze(&e.inputs(), &e.profile(), e.evaluation_time()))
    }

    fn view(report: &Report) -> ReportView {
        ReportView::from_output(crate::ui::report_view::AnalysisOutput::of(report)).unwrap()
    }

    #[test]
    fn finds_emails() {
        assert_eq!(
            emails_in("mail=jane.doe@acme.example&x=<a>bob@b.io.</a> not@home"),
            vec!["jane.doe@acme.example", "bob@b.io"]
        );
    }

    #[test]
    fn redaction_removes_every_personal_value_of_the_example() {
        let (texts, report) = example("valid-sign-in");
        let r = Redactor::for_trace(&texts, &view(&report));
        let json = r.redact(&report.to_json());
        let md = r.redact(&markdown(&report));
        for secret in ["jane.doe@acme.example", "Jane Doe", "+44 20 7946 0958", "0e9a4c27-5d1b-4f38-a6e2-7b3c9d0f1a84"]
        {
            assert!(report.to_json().contains(secret), "the example should contain {secret}");
            assert!(!json.contains(secret), "{secret} left in the JSON");
            assert!(!md.contains(secret), "{secret} left in the Markdown");
        }
        assert!(json.contains("person1@redacted.invalid"));
        // Redacted JSON is still JSON, redacted XML still parses.
        assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
        for (_, text) in redacted_inputs(&texts, &view(&report), &r) {
            assert!(crate::xml::parse(&text, &crate::xml::Limits::default()).is_ok());
            assert!(!text.contains("jane.doe"));
        }
    }

    #[test]
    fn markdown_lists_findings_and_messages() {
        let report = crate::analyze(
            &[crate::decode::Input::text("t", "hello `world`")],
            &crate::profile::Profile::default(),
            crate::time::EvaluationTime::at(0),
        );
        let md = markdown(&report);
        assert!(md.contains("`decode.unrecognized`"), "{md}");
        assert!(md.contains("- Fix: "), "{md}");
        let (_, report) = example("valid-sign-in");
        let md = markdown(&report);
        assert!(md.contains("### 2. Response"), "{md}");
        assert!(md.contains(&format!("- tenant: `{}`", examples::TENANT_ID)), "{md}");
    }
}
