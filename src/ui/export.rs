//! Exports and share links without personal data, with the core's renderer and [`Redactor`]: the web app's
//! Markdown and JSON are the CLI's (`report::render::markdown`, `Report::to_json`, `report::redact`).
//!
//! The redacted exports are made where the analysis ran (see [`crate::ui::report_view::AnalysisOutput`]). This module
//! makes the *inputs* of a share link safe: raw-XML and plain-text inputs are redacted as text; an encoded input (base64,
//! a URL, a HAR) is replaced by the decoded XML of the messages found in it, redacted — so nothing personal travels
//! hidden in base64. A HAR capture also sends a small redacted HAR of the requests that matter (see `har_requests`),
//! so the receiver's analysis finds the same sign-on URL, error pages and error redirects; the errors found in any other
//! encoded input travel as redacted lines beside its messages (see `pasted_errors`). A large file the page never
//! read (see [`crate::ui::state::InputData::File`]) can be shared only this way, as its messages and requests. The
//! profile's sign-on URL is redacted the same way (its `mail=` value is a person's).
//!
//! A redacted copy of a signed message no longer verifies, so a redacted share also carries what this analysis found
//! about each signature ([`ReportedMessage`]): the receiver shows those results, labelled as the sender's.

use crate::dsig::{ReportedMessage, ReportedReference, ReportedSignature, SignatureStatus};
use crate::profile::Profile;
use crate::report::redact::Redactor;
use crate::time::format_rfc3339;
use crate::ui::report_view::{EventView, MessageView, ReportView, TimelineView};

/// A trace made safe to share: redacted inputs, the redacted profile, and the signature results of the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedactedShare {
    /// The inputs (name, text), redacted.
    pub inputs: Vec<(String, String)>,
    /// The profile with its sign-on URL redacted.
    pub profile: Profile,
    /// What the analysis of the original found about the signatures of each message of the redacted inputs.
    pub signatures: Vec<ReportedMessage>,
}

/// A redactor holding the personal values of a trace: those of its messages and of its input texts (`None`: an input
/// the page did not read, whose messages are all that can be shared of it).
pub fn trace_redactor(texts: &[(String, Option<String>)], report: &ReportView) -> Redactor {
    let mut redactor = Redactor::new();
    for m in &report.messages {
        redactor.collect_xml(&m.xml);
    }
    for m in &report.messages {
        redactor.collect_text(&m.xml);
        for (_, value) in &m.fields {
            redactor.collect_text(value);
        }
    }
    for text in texts.iter().filter_map(|(_, text)| text.as_deref()) {
        redactor.collect_text(text);
    }
    if let Some(url) = &report.profile.sign_on_url {
        redactor.collect_text(url);
    }
    redactor
}

/// The trace made safe to share (see the module documentation): `texts` are the inputs the report was made from
/// (`None`: a file the page did not read). `Err(name)` when such an input has no decoded message to share instead of
/// its text.
pub fn redacted_share(
    texts: &[(String, Option<String>)],
    report: &ReportView,
    redactor: &Redactor,
) -> Result<RedactedShare, String> {
    let mut inputs = Vec::new();
    let mut signatures = Vec::new();
    for (index, (name, text)) in texts.iter().enumerate() {
        let messages: Vec<&MessageView> = report.messages.iter().filter(|m| m.source.input == index).collect();
        // Any message that had to be decoded: share the decoded messages (all of them), not the encoded text.
        let encoded = messages.iter().any(|m| !m.steps.is_empty() || m.source.har_entry.is_some());
        let capture = har_requests(&report.timeline, index, redactor);
        if encoded || capture.is_some() {
            for (n, m) in messages.iter().enumerate() {
                let label = if messages.len() == 1 { name.clone() } else { format!("{name} ({})", n + 1) };
                signatures.extend(reported(m, inputs.len(), 0));
                inputs.push((redactor.redact_text(&label), redactor.redact_text(&m.xml)));
            }
            if let Some(capture) = capture {
                inputs.push((redactor.redact_text(&format!("{name} (requests)")), capture));
            } else if let Some(errors) = pasted_errors(&report.timeline, index, redactor) {
                inputs.push((redactor.redact_text(&format!("{name} (errors)")), errors));
            }
        } else {
            let text = text.as_deref().ok_or_else(|| name.clone())?;
            for (nth, m) in messages.iter().enumerate() {
                signatures.extend(reported(m, inputs.len(), nth));
            }
            inputs.push((redactor.redact_text(name), redactor.redact_text(text)));
        }
    }
    let mut profile = report.profile.clone();
    if let Some(url) = profile.sign_on_url.as_mut() {
        *url = redactor.redact_text(url);
    }
    Ok(RedactedShare { inputs, profile, signatures })
}

/// Query parameters that carry a SAML message or its signature: the messages travel as their redacted XML, so these
/// are left out of the URLs of a shared capture (a message would otherwise be found twice, the second time still
/// encoded and unredacted).
const MESSAGE_PARAMETERS: [&str; 4] = ["SAMLRequest", "SAMLResponse", "Signature", "SigAlg"];

/// The requests of a HAR input (`input`) that matter to the diagnosis, as a small redacted HAR capture: every request to
/// Cognito or Entra, NumlyEngage's sign-on page and redirects, and every request where an error was found, with its
/// method, URL, status,
/// `Location` and time (URLs redacted, without [`MESSAGE_PARAMETERS`]), and each error found in a response body as
/// that body. The receiver's analysis of it finds the same requests and errors (the sign-on URL, `AADSTS` codes,
/// Cognito error redirects), which the decoded messages alone do not carry. `None` for an input that is not a HAR
/// capture or has no such request.
fn har_requests(timeline: &[TimelineView], input: usize, redactor: &Redactor) -> Option<String> {
    struct Entry<'a> {
        index: usize,
        time: Option<i64>,
        /// Method, URL, status, `Location`, and whether the request matters without an error (Cognito, Entra,
        /// NumlyEngage's sign-on page or a NumlyEngage redirect).
        request: Option<(&'a str, &'a str, u16, Option<&'a str>, bool)>,
        has_errors: bool,
        body: Vec<String>,
    }
    let mut entries: Vec<Entry<'_>> = Vec::new();
    for step in timeline.iter().filter(|step| step.source.input == input) {
        let Some(har_entry) = &step.source.har_entry else { continue };
        if !entries.iter().any(|e| e.index == har_entry.index) {
            let time = step.time;
            entries.push(Entry { index: har_entry.index, time, request: None, has_errors: false, body: Vec::new() });
        }
        let Some(entry) = entries.iter_mut().find(|e| e.index == har_entry.index) else { continue };
        match &step.event {
            EventView::Request { method, url, status, redirect_to, party } => {
                // NumlyEngage's own page and API calls are left out (a session can make hundreds): only its sign-on
                // page and its redirects matter to the diagnosis.
                let matters = match party.as_str() {
                    "cognito" | "entra" => true,
                    "numly-engage" => redirect_to.is_some() || is_sign_on_page(url),
                    _ => false,
                };
                entry.request = Some((method, url, *status, redirect_to.as_deref(), matters));
            }
            EventView::Error { key, quote } => {
                entry.has_errors = true;
                if step.source.location == "response body" {
                    entry.body.push(error_line(key, quote, redactor));
                }
            }
            _ => {}
        }
    }
    entries.sort_by_key(|e| e.index);
    // Written by hand rather than through `serde_json::Value`, whose serialiser would add several KB to the wasm.
    let entries: Vec<String> = entries
        .iter()
        .filter(|e| e.has_errors || e.request.is_some_and(|(.., matters)| matters))
        .filter_map(|e| {
            let (method, url, status, location, _) = e.request?;
            let headers = location.map_or_else(String::new, |l| {
                format!(r#"{{"name": "Location", "value": {}}}"#, json_string(&without_messages(&redactor.redact_text(l))))
            });
            let started =
                e.time.map_or_else(String::new, |t| format!(r#""startedDateTime": {}, "#, json_string(&format_rfc3339(t))));
            Some(format!(
                r#"    {{{started}"request": {{"method": {}, "url": {}}}, "response": {{"status": {status}, "headers": [{headers}], "content": {{"mimeType": "text/plain", "text": {}}}}}}}"#,
                json_string(method),
                json_string(&without_messages(&redactor.redact_text(url))),
                json_string(&e.body.join("\n")),
            ))
        })
        .collect();
    if entries.is_empty() {
        return None;
    }
    Some(format!(
        "{{\"log\": {{\"version\": \"1.2\", \"creator\": {{\"name\": \"sso-doctor share link\", \"version\": \"1\"}}, \"entries\": [\n{}\n]}}}}\n",
        entries.join(",\n")
    ))
}

/// `text` as a JSON string literal (quoted and escaped).
fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| String::from("\"\""))
}

/// The errors found in an encoded input that is not a HAR capture (a pasted text holding both a base64 message and an
/// `AADSTS` line, say), one per line, redacted: the input itself travels as its decoded messages only. `None` without
/// any.
fn pasted_errors(timeline: &[TimelineView], input: usize, redactor: &Redactor) -> Option<String> {
    let mut lines: Vec<String> = Vec::new();
    for step in timeline.iter().filter(|step| step.source.input == input && step.source.har_entry.is_none()) {
        if let EventView::Error { key, quote } = &step.event {
            let line = error_line(key, quote, redactor);
            if !lines.contains(&line) {
                lines.push(line);
            }
        }
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// An error found by the analysis, as a redacted line its receiver's analysis finds again: the quote of an `AADSTS`
/// error as is; a Cognito message as the `error_description=` parameter it is recognised in (a page or a log shows it
/// without one, and an unknown description is only reported from the parameter).
fn error_line(key: &str, quote: &str, redactor: &Redactor) -> String {
    // Redacted before encoding: the redactor recognises a value as written, not percent-encoded.
    let quote = redactor.redact_text(quote);
    if key.starts_with("cognito.") {
        format!("error_description={}", percent_encode(&quote))
    } else {
        quote
    }
}

/// Whether `url`'s path is NumlyEngage's sign-on page (`/registration`).
fn is_sign_on_page(url: &str) -> bool {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').and_then(|at| after_scheme.get(at..)).unwrap_or("");
    let path = path.split(['?', '#']).next().unwrap_or("");
    path.trim_end_matches('/').eq_ignore_ascii_case("/registration")
}

/// `url` without the query parameters in [`MESSAGE_PARAMETERS`].
fn without_messages(url: &str) -> String {
    let (before_fragment, fragment) = url.split_once('#').map_or((url, None), |(u, f)| (u, Some(f)));
    let Some((base, query)) = before_fragment.split_once('?') else { return url.to_owned() };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let key = pair.split_once('=').map_or(*pair, |(key, _)| key);
            !MESSAGE_PARAMETERS.iter().any(|p| key.eq_ignore_ascii_case(p))
        })
        .collect();
    let mut out = base.to_owned();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// `text` percent-encoded for a query value (everything but unreserved characters).
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// What the analysis found about the signatures of a message, as a share link carries it (`None` without any).
fn reported(m: &MessageView, input: usize, nth: usize) -> Option<ReportedMessage> {
    if m.signatures.is_empty() {
        return None;
    }
    let signatures = m
        .signatures
        .iter()
        .map(|s| {
            Some(ReportedSignature {
                path: s.path.clone(),
                status: SignatureStatus::from_name(&s.status)?,
                references: s
                    .references
                    .iter()
                    .map(|r| ReportedReference {
                        uri: r.uri.clone(),
                        digest_ok: r.digest_ok,
                        computed_digest: r.computed_digest.clone(),
                    })
                    .collect(),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(ReportedMessage { input, nth, kind: m.kind.clone(), id: m.id.clone(), signatures })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::Input;
    use crate::examples;
    use crate::time::EvaluationTime;
    use crate::ui::report_view::AnalysisOutput;

    const PERSONAL: [&str; 4] =
        ["jane.doe@acme.example", "Jane Doe", "+44 20 7946 0958", "0e9a4c27-5d1b-4f38-a6e2-7b3c9d0f1a84"];

    fn example(id: &str) -> (Vec<(String, Option<String>)>, ReportView) {
        let e = examples::find(id).unwrap();
        let texts = e.files.iter().map(|f| (f.name.to_owned(), Some(f.text.to_owned()))).collect();
        let report = crate::analyze(&e.inputs(), &e.profile(), e.evaluation_time());
        (texts, ReportView::from_output(AnalysisOutput::of(&report)).unwrap())
    }

    #[test]
    fn redacted_inputs_hold_no_personal_value_and_stay_xml() {
        let (texts, report) = example("valid-sign-in");
        let redactor = trace_redactor(&texts, &report);
        let share = redacted_share(&texts, &report, &redactor).unwrap();
        let inputs = share.inputs;
        let sign_on = share.profile.sign_on_url.unwrap_or_default();
        assert!(sign_on.ends_with("?mail=user1@redacted.example"), "the profile's sign-on URL is redacted: {sign_on}");
        assert_eq!(inputs.len(), 2);
        for (_, text) in &inputs {
            for secret in PERSONAL {
                assert!(!text.contains(secret), "{secret} left in a shared input");
            }
            assert!(crate::xml::parse(text, &crate::xml::Limits::default()).is_ok());
        }
        assert!(texts.iter().any(|(_, t)| t.as_ref().unwrap().contains(PERSONAL[0])), "it has personal data to remove");
    }

    #[test]
    fn an_encoded_input_is_shared_as_its_decoded_redacted_messages() {
        use base64::Engine as _;
        let response = examples::find("valid-sign-in").unwrap().files[1].text;
        let encoded = base64::engine::general_purpose::STANDARD.encode(response);
        let texts = vec![("pasted text".to_owned(), Some(encoded.clone()))];
        let report = crate::analyze(
            &[crate::decode::Input::text("pasted text", encoded)],
            &crate::profile::Profile::default(),
            crate::time::EvaluationTime::at(0),
        );
        let report = ReportView::from_output(AnalysisOutput::of(&report)).unwrap();
        let redactor = trace_redactor(&texts, &report);
        let inputs = redacted_share(&texts, &report, &redactor).unwrap().inputs;
        assert_eq!(inputs.len(), 1);
        assert!(inputs[0].1.starts_with("<samlp:Response"), "{}", &inputs[0].1[..60]);
        assert!(!inputs[0].1.contains(PERSONAL[0]));
        // A file the page did not read is shared the same way: as its messages, redacted.
        let unread = vec![("pasted text".to_owned(), None)];
        let share = redacted_share(&unread, &report, &trace_redactor(&unread, &report)).unwrap();
        assert_eq!(share.inputs, inputs);
    }

    #[test]
    fn an_unread_input_without_messages_cannot_be_shared() {
        let (mut texts, report) = example("valid-sign-in");
        texts.push(("notes.txt".to_owned(), None));
        let redactor = trace_redactor(&texts, &report);
        assert_eq!(redacted_share(&texts, &report, &redactor).map(|s| s.inputs), Err("notes.txt".to_owned()));
    }

    /// The findings as (rule, severity, message), sorted.
    fn findings(report: &crate::report::Report, redactor: Option<&Redactor>) -> Vec<(String, String, String)> {
        let mut out: Vec<(String, String, String)> = report
            .findings
            .iter()
            .map(|f| {
                let message = redactor.map_or_else(|| f.message.clone(), |r| r.redact_text(&f.message));
                (f.rule.to_owned(), f.severity.to_string(), message)
            })
            .collect();
        out.sort();
        out
    }

    /// Shares `texts` (redacted) and opens the link: the original's findings, redacted, and the receiver's.
    /// The original's findings (redacted), the receiver's, the plain analysis of the redacted copy, and how many
    /// signatures the receiver shows with the sender's result.
    type Compared = (Vec<(String, String, String)>, Vec<(String, String, String)>, crate::report::Report, usize);

    fn share_and_open(texts: &[(String, String)], profile: &crate::profile::Profile, time: EvaluationTime) -> Compared {
        let inputs: Vec<Input> = texts.iter().map(|(n, t)| Input::text(n.clone(), t.clone())).collect();
        let original = crate::analyze(&inputs, profile, time);
        let view = ReportView::from_output(AnalysisOutput::of(&original)).unwrap();
        let read: Vec<(String, Option<String>)> = texts.iter().map(|(n, t)| (n.clone(), Some(t.clone()))).collect();
        let redactor = trace_redactor(&read, &view);
        let share = redacted_share(&read, &view, &redactor).unwrap();
        // Through the link format, as the receiver reads it.
        let link = crate::ui::share::encode(&crate::ui::state::SharedState {
            example: None,
            inputs: share.inputs,
            profile: Some(share.profile),
            time: crate::ui::state::TimeChoice::of_mode(time.mode),
            redacted: true,
            reported: share.signatures,
        });
        let opened = crate::ui::share::decode(&link).unwrap();
        let inputs: Vec<Input> = opened.inputs.iter().map(|(n, t)| Input::text(n.clone(), t.clone())).collect();
        let profile = opened.profile.unwrap_or_default();
        let plain = crate::analyze(&inputs, &profile, time);
        let received = crate::analysis::analyze_reported(&inputs, &profile, time, &opened.reported, &mut |_| {});
        for (_, text) in &opened.inputs {
            assert!(!text.contains("jane.doe@acme.example"), "personal data in a redacted link");
        }
        // The app reads which results are the sender's from the report JSON (as serde's derives read it before).
        crate::ui::report_view::assert_reads_as_derived(&received.to_json());
        let view = ReportView::from_output(AnalysisOutput::of(&received)).unwrap();
        let labelled = received.messages.iter().flat_map(|m| &m.signatures).filter(|s| s.reported.is_some()).count();
        assert_eq!(view.reported_signatures(), labelled);
        for f in view.findings.iter().filter(|f| view.is_reported_finding(f)) {
            assert!(crate::ui::report_view::SIGNED_BYTES_RULES.contains(&f.rule.as_str()));
        }
        (findings(&original, Some(&redactor)), findings(&received, None), plain, labelled)
    }

    #[test]
    fn a_redacted_link_of_every_example_gives_the_same_findings_and_messages() {
        for e in examples::EXAMPLES {
            let texts: Vec<(String, String)> = e.files.iter().map(|f| (f.name.to_owned(), f.text.to_owned())).collect();
            // With the example tenant's profile and with the defaults (as if the user had pasted the files).
            for profile in [e.profile(), Profile::default()] {
                let (original, received, plain, labelled) = share_and_open(&texts, &profile, e.evaluation_time());
                assert_eq!(received, original, "example {}", e.id);
                let signed = e.files.iter().any(|f| f.text.contains("<ds:Signature") || f.text.contains("<Signature"));
                if signed {
                    // Without the sender's results the redacted copy fails its digest: the results are what it needs.
                    assert!(plain.findings.iter().any(|f| f.rule == "signature.digest-mismatch"), "example {}", e.id);
                    assert!(labelled > 0, "example {}: the sender's results are labelled", e.id);
                }
            }
        }
    }

    #[test]
    fn a_redacted_link_of_a_har_capture_keeps_its_requests_and_errors() {
        let har = |name: &str| {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/har").join(name);
            std::fs::read_to_string(&path).unwrap()
        };
        // The sign-in among NumlyEngage's own API calls, which the shared capture leaves out.
        let api_call = r#"{"startedDateTime": "2024-05-01T11:59:59.000Z", "request": {"method": "GET",
            "url": "https://contoso.numly.io/api/v2/feed?user=jane.doe%40acme.example", "headers": []},
            "response": {"status": 200, "headers": [], "content": {"mimeType": "application/json", "text": "{}"}}},"#;
        let ok = har("numly-signin-ok.har").replacen("\"entries\": [", &format!("\"entries\": [{api_call}"), 1);
        assert!(ok.contains("/api/v2/feed"));
        let cases = [
            ("signed-in", ok.clone(), None),
            (
                "no mail= in the sign-on URL",
                ok.replace("/registration?mail=contoso", "/registration"),
                Some("flow.signon-url-mismatch"),
            ),
            ("Entra error page", har("numly-signin-aadsts50105.har"), Some("flow.aadsts-error")),
            ("Cognito error redirect", har("numly-signin-cognito-error.firefox.har"), Some("flow.cognito-error")),
        ];
        for (label, capture, must) in cases {
            let texts = [("capture.har".to_owned(), capture)];
            for profile in [Profile::default(), crate::rules::samples::profile()] {
                let time = EvaluationTime::at(1_714_564_800);
                let (original, received, _, _) = share_and_open(&texts, &profile, time);
                assert_eq!(received, original, "{label}");
                if let Some(rule) = must {
                    assert!(original.iter().any(|(r, ..)| r == rule), "{label}: {rule} missing from {original:?}");
                }
            }
            // What travels: the messages as redacted XML, then the requests as a small HAR without SAML parameters.
            let inputs: Vec<Input> = texts.iter().map(|(n, t)| Input::text(n.clone(), t.clone())).collect();
            let report = crate::analyze(&inputs, &Profile::default(), EvaluationTime::at(1_714_564_800));
            let view = ReportView::from_output(AnalysisOutput::of(&report)).unwrap();
            let read = [("capture.har".to_owned(), Some(texts[0].1.clone()))];
            let redactor = trace_redactor(&read, &view);
            let share = redacted_share(&read, &view, &redactor).unwrap();
            let (name, capture) = share.inputs.last().unwrap();
            assert_eq!(name, "capture.har (requests)", "{label}");
            assert!(serde_json::from_str::<serde_json::Value>(capture).is_ok(), "{label}: not JSON: {capture}");
            assert!(capture.len() < texts[0].1.len() / 2, "{label}: {} of {} bytes", capture.len(), texts[0].1.len());
            assert!(!capture.contains("/api/v2/feed"), "{label}: NumlyEngage's API call is shared");
            assert!(capture.contains("login.microsoftonline.com"), "{label}: {capture}");
            for parameter in MESSAGE_PARAMETERS {
                assert!(!capture.contains(&format!("{parameter}=")), "{label}: {parameter} in {capture}");
            }
            for (_, text) in &share.inputs {
                assert_eq!(&redactor.redact_text(text), text, "{label}: a personal value left in {text}");
            }
        }
    }

    #[test]
    fn errors_pasted_with_an_encoded_message_travel_with_it() {
        use base64::Engine as _;
        let response = examples::find("valid-sign-in").unwrap().files[1].text;
        let encoded = base64::engine::general_purpose::STANDARD.encode(response);
        let ticket = format!(
            "Ticket 123, jane.doe@acme.example gets\nAADSTS50105: Your administrator has configured the application \
             NumlyEngage to block users unless they are specifically granted access.\nThen: Invalid user attributes: \
             email: The attribute is required\nand https://acme.numly.io/?error_description=Something+new+for+\
             jane.doe%40acme.example&error=server_error\nSAMLResponse={encoded}\n"
        );
        let texts = [("ticket.txt".to_owned(), ticket)];
        for profile in [Profile::default(), crate::rules::samples::profile()] {
            let (original, received, _, _) = share_and_open(&texts, &profile, EvaluationTime::at(1_714_564_800));
            assert_eq!(received, original);
            for rule in ["flow.aadsts-error", "flow.cognito-error"] {
                assert!(original.iter().any(|(r, ..)| r == rule), "{rule} missing from {original:?}");
            }
            assert_eq!(original.iter().filter(|(r, ..)| r == "flow.cognito-error").count(), 2, "{original:?}");
        }
        let report = crate::analyze(
            &[Input::text("ticket.txt", texts[0].1.clone())],
            &Profile::default(),
            EvaluationTime::at(0),
        );
        let view = ReportView::from_output(AnalysisOutput::of(&report)).unwrap();
        let read = [("ticket.txt".to_owned(), Some(texts[0].1.clone()))];
        let redactor = trace_redactor(&read, &view);
        let share = redacted_share(&read, &view, &redactor).unwrap();
        assert_eq!(
            share.inputs.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
            ["ticket.txt", "ticket.txt (errors)"]
        );
        for (_, text) in &share.inputs {
            assert!(!text.contains("jane.doe") && !text.contains("SAMLResponse="), "{text}");
        }
    }

    #[test]
    fn shared_urls_lose_only_their_message_parameters() {
        assert_eq!(
            without_messages(
                "https://login.microsoftonline.com/t/saml2?SAMLRequest=fZ&RelayState=r&SigAlg=a&Signature=s#x"
            ),
            "https://login.microsoftonline.com/t/saml2?RelayState=r#x"
        );
        assert_eq!(without_messages("https://a.example/p?samlresponse=1"), "https://a.example/p");
        assert_eq!(
            without_messages("https://a.example/p?error=x&SAMLRequestX=1"),
            "https://a.example/p?error=x&SAMLRequestX=1"
        );
        assert_eq!(without_messages("no query"), "no query");
        assert!(is_sign_on_page("https://contoso.numly.io/Registration/?mail=x"));
        assert!(!is_sign_on_page("https://contoso.numly.io/registration-help"));
        assert!(!is_sign_on_page("https://contoso.numly.io/?next=/registration"));
        assert_eq!(percent_encode("a b/é~"), "a%20b%2F%C3%A9~");
    }

    #[test]
    fn redaction_keeps_the_findings_of_guest_upns_case_differences_and_error_pages() {
        use crate::rules::samples::{profile, AT, REQUEST, RESPONSE};
        let email = "<Attribute Name=\"Email\"><AttributeValue>jane.doe@acme.example";
        let guest = RESPONSE.replace(
            email,
            "<Attribute Name=\"Email\"><AttributeValue>jane.doe_acme.example#EXT#@contoso.onmicrosoft.com",
        );
        let not_an_address = RESPONSE.replace(email, "<Attribute Name=\"Email\"><AttributeValue>jane.doe");
        let capitals = RESPONSE.replacen(">jane.doe@acme.example</NameID>", ">Jane.Doe@Acme.example</NameID>", 1);
        let cognito = "https://acme.numly.io/login?error_description=PreSignUp+failed+with+error+User+\
                       jane.doe%40acme.example+does+not+exist.&error=invalid_request";
        let sign_on = "https://acme.numly.io/registration?mail=Jane.Doe%40acme.example";
        let entra = "AADSTS50034: The user account jane.doe_acme.example#EXT#@contoso.onmicrosoft.com does not exist \
                     in the 3f2a9c1e-7b4d-4e8a-9c6f-1d2e3f4a5b6c directory.";
        let profile = Profile {
            sign_on_url: Some("https://acme.numly.io/registration?mail=jane.doe@acme.example".into()),
            ..profile()
        };
        for (label, must, texts) in [
            ("guest", &["claims.email-invalid"][..], vec![REQUEST.to_owned(), guest]),
            ("not an address", &["claims.email-invalid"][..], vec![REQUEST.to_owned(), not_an_address]),
            ("capitals", &["signature.missing"][..], vec![REQUEST.to_owned(), capitals]),
            (
                "errors",
                &["flow.aadsts-error", "flow.cognito-error", "flow.signon-url-mismatch"][..],
                vec![REQUEST.to_owned(), RESPONSE.to_owned(), cognito.to_owned(), sign_on.to_owned(), entra.to_owned()],
            ),
        ] {
            let texts: Vec<(String, String)> =
                texts.into_iter().enumerate().map(|(i, t)| (format!("input {i}"), t)).collect();
            let (original, received, _, _) = share_and_open(&texts, &profile, EvaluationTime::at(AT));
            assert_eq!(received, original, "{label}");
            for rule in must {
                assert!(original.iter().any(|(r, ..)| r == rule), "{label}: {rule} missing from {original:?}");
            }
        }
    }
}
