//! Human renderings of a [`Report`]: plain text for the terminal (optionally coloured), Markdown for a support ticket
//! (the CLI's `--format markdown` and the web app's "export Markdown"), and the decoded-messages listing of
//! `sso-doctor decode`. The JSON form is [`Report::to_json`].
//!
//! Renderers only arrange what the report holds; they never analyse. Colour is a caller's decision
//! ([`RenderOptions::color`]): the core does not know whether it writes to a terminal.
//!
//! ```
//! use sso_doctor::{analyze, decode::Input, profile::Profile, time::EvaluationTime};
//! use sso_doctor::report::render::{markdown, text, RenderOptions};
//! let report = analyze(&[Input::text("note.txt", "hello")], &Profile::numly_default(), EvaluationTime::at(0));
//! let options = RenderOptions::default();
//! assert!(text(&report, &options).contains("decode.unrecognized"));
//! assert!(markdown(&report, &options).contains("| warning | `decode.unrecognized` |"));
//! ```

use std::fmt::Write as _;

use quick_xml::events::{BytesText, Event};

use crate::finding::{Finding, Severity};
use crate::profile::Profile;
use crate::report::{MessageSummary, Report};
use crate::time::{human_duration, TimeSource};

/// How to render.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Use ANSI colours (text only). The CLI sets it when stdout is a terminal and `NO_COLOR` is unset.
    pub color: bool,
    /// Include each message's XML (Markdown: as received, in fenced blocks; text: pretty-printed).
    pub include_xml: bool,
    /// What to call the profile in use, e.g. the file it came from; by default "built-in NumlyEngage" for the
    /// built-in profile and "custom profile" otherwise.
    pub profile_label: Option<String>,
}

/// The report as text for a terminal: a header (evaluation time and its source, clock skew, profile, messages),
/// then the findings grouped by severity, each with its rule id, message, evidence, location and fix.
pub fn text(report: &Report, options: &RenderOptions) -> String {
    let paint = Paint(options.color);
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}\n", paint.bold(&tool_name()), counts(report));
    let label = |name: &str| paint.dim(&format!("{name:<14}"));
    let _ =
        writeln!(out, "{}{} ({})", label("evaluated at"), report.evaluated_at, time_source_label(&report.time_source));
    let _ = writeln!(out, "{}{}", label("clock skew"), human_duration(report.clock_skew_seconds));
    let _ = writeln!(out, "{}{}", label("profile"), profile_label(report, options));
    for (key, value) in profile_entries(&report.profile) {
        let _ = writeln!(out, "{}{key} = {value}", " ".repeat(16));
    }
    if report.messages.is_empty() {
        let _ = writeln!(out, "{}none found", label("messages"));
    }
    for (i, m) in report.messages.iter().enumerate() {
        let name = if i == 0 { label("messages") } else { " ".repeat(14) };
        let _ = writeln!(out, "{name}{}  {}", message_title(m), paint.dim(&m.source.describe()));
    }
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let group: Vec<&Finding> = report.findings.iter().filter(|f| f.severity == severity).collect();
        if group.is_empty() {
            continue;
        }
        let _ =
            writeln!(out, "\n{}\n", paint.severity(severity, &format!("{} ({})", plural_name(severity), group.len())));
        for f in group {
            let _ = writeln!(
                out,
                "{}{}{} {}",
                paint.severity(severity, severity.as_str()),
                paint.bold(&format!("[{}]", f.rule)),
                paint.bold(":"),
                f.message
            );
            let field = |name: &str| paint.dim(&format!("  {name:<10}"));
            if let Some(s) = &f.subject {
                let id = s.id.as_deref().map(|id| format!(" (ID {id})")).unwrap_or_default();
                let _ = writeln!(out, "{}#{} {}{id}", field("message"), s.index + 1, s.kind);
            }
            if let Some(l) = &f.location {
                let _ = writeln!(out, "{}{l}", field("where"));
            }
            if let Some(e) = &f.expected {
                let _ = writeln!(out, "{}{e}", field("expected"));
            }
            if let Some(a) = &f.actual {
                let _ = writeln!(out, "{}{a}", field("actual"));
            }
            let _ = writeln!(out, "{}{}\n", field("fix"), f.fix);
        }
    }
    if report.findings.is_empty() {
        let _ = writeln!(out, "\nno findings");
    }
    if options.include_xml && !report.messages.is_empty() {
        let _ = writeln!(out, "\n{}\n", paint.bold("messages"));
        out.push_str(&messages_text(report, options));
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    let _ = writeln!(out, "\n{}", counts(report));
    out
}

/// What a report of a redacted share link says about its signatures (the web app shows the same words).
pub const REPORTED_NOTE: &str = "Signature results of a shared, redacted trace: verified before redaction by whoever \
                                 shared this link; the redacted copy cannot be re-verified";

/// The report as Markdown for a support ticket: a summary table, the messages, a findings table and the fixes as a
/// numbered list with their evidence. The XML of the messages is added (as received, so it can be analysed again)
/// only with [`RenderOptions::include_xml`]: it is long and full of personal data.
pub fn markdown(report: &Report, options: &RenderOptions) -> String {
    let mut out = String::from("# sso-doctor report\n\n");
    let _ = writeln!(out, "**{}**\n", counts(report));
    out.push_str("| | |\n|---|---|\n");
    let _ = writeln!(
        out,
        "| Evaluated at | {} ({}) |",
        code(&report.evaluated_at),
        cell(time_source_label(&report.time_source))
    );
    let _ = writeln!(out, "| Clock skew | {} |", human_duration(report.clock_skew_seconds));
    let _ = writeln!(out, "| Profile | {} |", cell(&profile_label(report, options)));
    for (key, value) in profile_entries(&report.profile) {
        let _ = writeln!(out, "| `{key}` | {} |", cell(&code(&value)));
    }
    let _ = writeln!(out, "| Tool | {} |", tool_name());

    out.push_str("\n## Messages\n\n");
    if report.messages.is_empty() {
        out.push_str("No SAML message was found in the input.\n");
    } else {
        out.push_str("| # | Kind | ID | Where |\n|---|---|---|---|\n");
        for m in &report.messages {
            let id = m.id.as_deref().map(code).unwrap_or_default();
            let _ = writeln!(out, "| {} | {} | {} | {} |", m.index + 1, m.kind, cell(&id), cell(&m.source.describe()));
        }
    }

    let reported = report
        .messages
        .iter()
        .flat_map(|m| &m.signatures)
        .filter(|s| matches!(s.reported, Some(crate::dsig::ReportedUse::Applied { .. })))
        .count();
    if reported > 0 {
        let _ = writeln!(
            out,
            "\n{REPORTED_NOTE} ({reported} of the signatures; each says so in the JSON report's `reported`)."
        );
    }

    out.push_str("\n## Findings\n\n");
    if report.findings.is_empty() {
        out.push_str("No findings.\n");
    } else {
        out.push_str("| # | Severity | Rule | Finding | Message |\n|---|---|---|---|---|\n");
        for (i, f) in report.findings.iter().enumerate() {
            let subject = f.subject.as_ref().map(|s| format!("#{} {}", s.index + 1, s.kind)).unwrap_or_default();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                i + 1,
                f.severity,
                code(f.rule),
                cell(&escape_inline(&f.message)),
                subject
            );
        }
        out.push_str("\n## How to fix\n\n");
        for (i, f) in report.findings.iter().enumerate() {
            let _ = writeln!(out, "{}. **{}** ({}): {}", i + 1, code(f.rule), f.severity, escape_inline(&f.fix));
            for (name, value) in [("Expected", &f.expected), ("Actual", &f.actual), ("Where", &f.location)] {
                if let Some(v) = value {
                    let _ = writeln!(out, "   - {name}: {}", code(v));
                }
            }
        }
    }

    if options.include_xml && !report.messages.is_empty() {
        out.push_str("\n## XML as received\n");
        for m in &report.messages {
            let id = m.id.as_deref().map(|id| format!(" {}", code(id))).unwrap_or_default();
            let _ = writeln!(out, "\n### Message {}: {}{id}\n", m.index + 1, m.kind);
            let fence = "`".repeat(longest_backtick_run(&m.xml).max(2) + 1);
            let _ = writeln!(out, "{fence}xml\n{}\n{fence}", m.xml.trim_end());
        }
    }
    out
}

/// Every message of the report, for `sso-doctor decode`: its kind and ID, where it was found, how it travelled and
/// was decoded, and its XML pretty-printed (as received when it is not well-formed).
pub fn messages_text(report: &Report, options: &RenderOptions) -> String {
    let paint = Paint(options.color);
    let mut out = String::new();
    for (i, m) in report.messages.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "{}", paint.bold(&message_title(m)));
        let field = |name: &str| paint.dim(&format!("  {name:<10}"));
        let _ = writeln!(out, "{}{}", field("found in"), m.source.describe());
        let steps: Vec<String> = m.steps.iter().map(serde_name).collect();
        let steps = if steps.is_empty() { "none".to_owned() } else { steps.join(" → ") };
        let _ = writeln!(out, "{}{}; decoded with {steps}", field("binding"), binding_label(&serde_name(&m.binding)));
        match &m.parse_error {
            Some(e) => {
                let _ = writeln!(out, "{}{e}\n", field("not XML"));
                let _ = writeln!(out, "{}", m.xml.trim_end());
            }
            None => {
                let _ = writeln!(out, "\n{}", pretty_xml(&m.xml));
            }
        }
    }
    out
}

/// `#2 Response (ID _abc)`: a message as the renderings name it (1-based like the inputs).
pub fn message_title(m: &MessageSummary) -> String {
    match &m.id {
        Some(id) => format!("#{} {} (ID {id})", m.index + 1, m.kind),
        None => format!("#{} {}", m.index + 1, m.kind),
    }
}

/// Where the evaluation time came from, in words.
pub fn time_source_label(source: &TimeSource) -> &'static str {
    match source {
        TimeSource::Explicit => "chosen by the user",
        TimeSource::HarEntry => "capture time: the HAR entry's startedDateTime",
        TimeSource::IssueInstant => "capture time: the latest message IssueInstant",
        TimeSource::Now => "the current time",
    }
}

/// The values a profile sets, as `(key, value)` in the profile's field order (unset keys follow NumlyEngage's
/// pattern and are not listed).
pub fn profile_entries(profile: &Profile) -> Vec<(String, String)> {
    let Ok(serde_json::Value::Object(map)) = serde_json::to_value(profile) else { return Vec::new() };
    map.into_iter()
        .map(|(key, value)| {
            let shown = match value {
                serde_json::Value::String(s) => s,
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.to_string(),
            };
            (key, shown)
        })
        .collect()
}

/// Indents an XML document for reading (two spaces per level; text and mixed content kept on their element's
/// line). A document that is not well-formed is returned as it is. The result is for display only: re-indenting
/// changes what a signature covers.
pub fn pretty_xml(xml: &str) -> String {
    let mut reader = quick_xml::Reader::from_str(xml.trim());
    let mut writer = quick_xml::Writer::new_with_indent(Vec::new(), b' ', 2);
    loop {
        let written = match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Text(t)) if t.trim().is_empty() => Ok(()),
            // Written as text, so that an entity reference never starts a new line inside an element's content.
            Ok(Event::GeneralRef(r)) => writer.write_event(Event::Text(BytesText::from_escaped(format!("&{};", &*r)))),
            Ok(event) => writer.write_event(event),
            Err(_) => return xml.trim_end().to_owned(),
        };
        if written.is_err() {
            return xml.trim_end().to_owned();
        }
    }
    String::from_utf8(writer.into_inner()).unwrap_or_else(|_| xml.trim_end().to_owned())
}

/// `2 errors, 1 warning, 0 info`.
fn counts(report: &Report) -> String {
    let s = report.summary;
    let n = |count: usize, one: &str, many: &str| format!("{count} {}", if count == 1 { one } else { many });
    format!(
        "{}, {}, {}",
        n(s.errors, "error", "errors"),
        n(s.warnings, "warning", "warnings"),
        n(s.infos, "info", "info")
    )
}

fn plural_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "errors",
        Severity::Warning => "warnings",
        Severity::Info => "info",
    }
}

fn tool_name() -> String {
    format!("sso-doctor {}", env!("CARGO_PKG_VERSION"))
}

fn profile_label(report: &Report, options: &RenderOptions) -> String {
    match &options.profile_label {
        Some(label) => label.clone(),
        None if report.profile == Profile::numly_default() => "built-in NumlyEngage".to_owned(),
        None => "custom profile".to_owned(),
    }
}

fn binding_label(name: &str) -> String {
    match name {
        "redirect" => "HTTP-Redirect".to_owned(),
        "post" => "HTTP-POST".to_owned(),
        "raw" => "none (pasted as is)".to_owned(),
        other => other.to_owned(),
    }
}

/// The serialised (kebab-case) name of a unit enum variant, e.g. `url-decode`.
fn serde_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// An inline code span that survives any backticks in the value.
fn code(value: &str) -> String {
    let ticks = "`".repeat(longest_backtick_run(value) + 1);
    let pad = if value.starts_with('`') || value.ends_with('`') { " " } else { "" };
    format!("{ticks}{pad}{}{pad}{ticks}", value.replace(['\n', '\r'], " "))
}

/// Text for a table cell: one line, pipes escaped (GitHub-flavoured Markdown also reads `\|` inside code spans).
fn cell(value: &str) -> String {
    value.replace(['\n', '\r'], " ").replace('|', "\\|")
}

/// Plain text made safe for Markdown inline content: characters that would start emphasis, links, HTML or code
/// are backslash-escaped, line breaks become spaces.
fn escape_inline(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

fn longest_backtick_run(s: &str) -> usize {
    s.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// ANSI styling, or none.
#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn wrap(self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\u{1b}[{code}m{s}\u{1b}[0m")
        } else {
            s.to_owned()
        }
    }

    fn bold(self, s: &str) -> String {
        self.wrap("1", s)
    }

    fn dim(self, s: &str) -> String {
        self.wrap("2", s)
    }

    fn severity(self, severity: Severity, s: &str) -> String {
        match severity {
            Severity::Error => self.wrap("1;31", s),
            Severity::Warning => self.wrap("1;33", s),
            Severity::Info => self.wrap("1;36", s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::Input;
    use crate::time::EvaluationTime;

    const RESPONSE: &str = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_r|1\">\
        <saml:Issuer xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">https://sts.windows.net/t/</saml:Issuer>\
        <samlp:Status><samlp:StatusMessage>a &amp; b</samlp:StatusMessage></samlp:Status></samlp:Response>";

    fn report() -> crate::Report {
        let inputs = [Input::text("r.xml", RESPONSE), Input::text("note.txt", "hello *world*")];
        crate::analyze(&inputs, &Profile::numly_default(), EvaluationTime::at(1_714_564_800))
    }

    #[test]
    fn text_has_header_groups_and_every_finding_field() {
        let r = report();
        let out = text(&r, &RenderOptions::default());
        assert!(out.contains("evaluated at  2024-05-01T12:00:00Z (chosen by the user)"), "{out}");
        assert!(out.contains("clock skew    5 min"), "{out}");
        assert!(out.contains("profile       built-in NumlyEngage"), "{out}");
        assert!(out.contains("messages      #1 Response (ID _r|1)  input 1 \"r.xml\""), "{out}");
        assert!(out.contains(&format!("errors ({})", r.summary.errors)), "{out}");
        assert!(out.contains("warnings (1)"), "{out}");
        for f in &r.findings {
            assert!(out.contains(&format!("{}[{}]: {}", f.severity, f.rule, f.message)), "{out}");
            assert!(out.contains(&format!("  fix       {}", f.fix)), "{out}");
        }
        assert!(!out.contains('\u{1b}'), "no colour unless asked");
        let coloured = text(&r, &RenderOptions { color: true, ..RenderOptions::default() });
        assert!(coloured.contains("\u{1b}[1;33mwarning"), "{coloured}");
        assert!(out.ends_with(&format!("\n\n{} errors, 1 warning, 0 info\n", r.summary.errors)), "{out}");
        let with_xml = text(&r, &RenderOptions { include_xml: true, ..RenderOptions::default() });
        assert!(with_xml.contains("\nmessages\n\n#1 Response (ID _r|1)\n  found in"), "{with_xml}");
        assert!(with_xml.contains("\n  <saml:Issuer"), "pretty-printed: {with_xml}");
    }

    #[test]
    fn markdown_escapes_cells_and_fences_xml_only_when_asked() {
        let r = report();
        let md = markdown(&r, &RenderOptions::default());
        assert!(md.starts_with("# sso-doctor report\n"));
        assert!(md.contains("| 1 | Response | `_r\\|1` |"), "{md}");
        assert!(md.contains("hello \\*world\\*"), "{md}");
        let first = &r.findings[0];
        assert!(md.contains(&format!("## How to fix\n\n1. **`{}`** ({}): ", first.rule, first.severity)), "{md}");
        assert!(md.contains("**`decode.unrecognized`** (warning): "), "{md}");
        assert!(!md.contains("```xml"), "XML only on request");
        let md = markdown(&r, &RenderOptions { include_xml: true, ..RenderOptions::default() });
        assert!(md.contains(&format!("### Message 1: Response `_r|1`\n\n```xml\n{RESPONSE}\n```")), "{md}");
    }

    #[test]
    fn a_profile_file_is_named_and_its_keys_listed() {
        let profile =
            Profile::from_toml("tenant_id = \"72f988bf-86f1-41af-91ab-2d7cd011db47\"\nrequired_claims = [\"Email\"]")
                .unwrap();
        let r = crate::analyze(&[Input::text("r.xml", RESPONSE)], &profile, EvaluationTime::at(0));
        let options = RenderOptions { profile_label: Some("acme.toml".into()), ..RenderOptions::default() };
        let out = text(&r, &options);
        assert!(out.contains("profile       acme.toml\n"), "{out}");
        assert!(out.contains("tenant_id = 72f988bf-86f1-41af-91ab-2d7cd011db47\n"), "{out}");
        assert!(out.contains("required_claims = Email\n"), "{out}");
        assert!(markdown(&r, &RenderOptions::default()).contains("| Profile | custom profile |"));
    }

    #[test]
    fn pretty_xml_indents_and_keeps_text_and_entities_inline() {
        let pretty = pretty_xml(RESPONSE);
        assert!(pretty.contains("\n  <saml:Issuer"), "{pretty}");
        assert!(pretty.contains("\n    <samlp:StatusMessage>a &amp; b</samlp:StatusMessage>"), "{pretty}");
        assert_eq!(pretty_xml("<a><b></a>"), "<a><b></a>", "not well-formed: returned as is");
        assert_eq!(pretty_xml("<a>&amp;x</a>"), "<a>&amp;x</a>");
    }

    #[test]
    fn decode_listing_names_binding_steps_and_parse_errors() {
        let inputs = [Input::text("r.xml", RESPONSE), Input::text("bad.xml", "<a><b></a>")];
        let r = crate::analyze(&inputs, &Profile::numly_default(), EvaluationTime::at(0));
        let out = messages_text(&r, &RenderOptions::default());
        assert!(out.starts_with("#1 Response (ID _r|1)\n  found in  input 1 \"r.xml\"\n"), "{out}");
        assert!(out.contains("  binding   none (pasted as is); decoded with none\n"), "{out}");
        assert!(out.contains("#2 Unparsed\n"), "{out}");
        assert!(out.contains("  not XML   "), "{out}");
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(longest_backtick_run("a```b`"), 3);
    }
}
