//! Exports and share links without personal data, with the core's renderer and [`Redactor`]: the web app's
//! Markdown and JSON are the CLI's (`report::render::markdown`, `Report::to_json`, `report::redact`).
//!
//! The redacted exports are made where the analysis ran (see [`crate::ui::report_view::AnalysisOutput`]). This module
//! makes the *inputs* of a share link safe: raw-XML and plain-text inputs are redacted as text; an encoded input (base64,
//! a URL, a HAR) is replaced by the decoded XML of the messages found in it, redacted — so nothing personal travels
//! hidden in base64. A Redirect-binding URL (pasted, or a request of a HAR capture) travels as a URL whose message
//! parameter carries the redacted message (see `url_with_messages`): where a message is sent is part of the diagnosis.
//! A HAR capture also sends a small redacted HAR of the requests that matter (see `har_requests`),
//! so the receiver's analysis finds the same sign-on URL, error pages and error redirects; of any other encoded input
//! (a pasted ticket) the URLs that matter, with their messages, and the errors travel as redacted lines beside its
//! messages (see `pasted_lines`). A large file the page never
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
        // A pasted Redirect-binding URL: shared as that URL, its message redacted in place.
        let pasted_url = text.as_deref().filter(|_| encoded).and_then(|t| pasted_url(t, &messages, redactor));
        if let Some(url) = pasted_url {
            for (nth, m) in messages.iter().enumerate() {
                signatures.extend(reported(m, inputs.len(), nth));
            }
            inputs.push((redactor.redact_text(name), url));
            continue;
        }
        // What the decoded messages do not carry: the requests of a HAR capture, or the lines of a pasted text.
        let beside = match har_requests(&report.timeline, &messages, index, redactor) {
            Some(capture) => Some((capture, "requests")),
            None if encoded => {
                pasted_lines(&report.timeline, &messages, index, redactor).map(|lines| (lines, "excerpt"))
            }
            None => None,
        };
        if encoded || beside.is_some() {
            // The messages a shared request URL carries are not repeated as XML.
            let in_urls = beside.as_ref().map_or(&[][..], |((_, carried), _)| carried.as_slice());
            let alone: Vec<&&MessageView> = messages.iter().filter(|m| !in_urls.contains(&m.index)).collect();
            for (n, m) in alone.iter().enumerate() {
                let label = if alone.len() == 1 { name.clone() } else { format!("{name} ({})", n + 1) };
                signatures.extend(reported(m, inputs.len(), 0));
                inputs.push((redactor.redact_text(&label), redactor.redact_text(&m.xml)));
            }
            if let Some(((text, carried), what)) = beside {
                let carried = carried.iter().filter_map(|i| messages.iter().find(|m| m.index == *i));
                for (nth, m) in carried.enumerate() {
                    signatures.extend(reported(m, inputs.len(), nth));
                }
                inputs.push((redactor.redact_text(&format!("{name} ({what})")), text));
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

/// Query parameters that carry a SAML message or its signature: left out of a shared URL unless [`url_with_messages`]
/// put the URL's own messages back in, redacted (a message would otherwise be found twice, or travel unredacted).
const MESSAGE_PARAMETERS: [&str; 4] = ["SAMLRequest", "SAMLResponse", "Signature", "SigAlg"];

/// The requests of a HAR input (`input`) that matter to the diagnosis, as a small redacted HAR capture: every request to
/// Cognito or Entra, NumlyEngage's sign-on page and redirects, every request that carries a Redirect-binding message
/// and every request where an error was found, with its method, URL, status, `Location` and time, and each error found
/// in a response body as that body. URLs are redacted; a request URL keeps the messages found in it (of `messages`,
/// the input's), redacted in place by [`url_with_messages`], and every other URL loses its [`MESSAGE_PARAMETERS`].
/// The receiver's analysis of it finds the same requests, where each of those messages was sent, and the same errors
/// (the sign-on URL, `AADSTS` codes, Cognito error redirects), which the decoded messages alone do not carry. Also
/// returns the messages the URLs carry (their `index`, in the order the receiver finds them), which therefore need not
/// travel as XML. `None` for an input that is not a HAR capture or has no such request.
fn har_requests(
    timeline: &[TimelineView],
    messages: &[&MessageView],
    input: usize,
    redactor: &Redactor,
) -> Option<(String, Vec<usize>)> {
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
    let mut carried = Vec::new();
    // Written by hand rather than through `serde_json::Value`, whose serialiser would add several KB to the wasm.
    let entries: Vec<String> = entries
        .iter()
        .filter_map(|e| {
            let (method, url, status, location, matters) = e.request?;
            // The Redirect-binding messages found in the request URL, then those found in the `Location` header
            // (the order in which the receiver finds them), each URL with its messages or without any.
            let mut shared_url = |url: &str, place: &str| {
                let found: Vec<&MessageView> = messages
                    .iter()
                    .copied()
                    .filter(|m| {
                        m.binding == "redirect"
                            && m.source.location.starts_with(place)
                            && m.source.har_entry.as_ref().is_some_and(|h| h.index == e.index)
                    })
                    .collect();
                let with_messages = if found.is_empty() { None } else { url_with_messages(url, &found, redactor) };
                let has_messages = with_messages.is_some();
                if has_messages {
                    carried.extend(found.iter().map(|m| m.index));
                }
                (with_messages.unwrap_or_else(|| without_messages(&redactor.redact_text(url))), has_messages)
            };
            let (url, url_messages) = shared_url(url, "query ");
            let (location, location_messages) = location.map_or((None, false), |l| {
                let (l, has) = shared_url(l, "Location header ");
                (Some(l), has)
            });
            if !(e.has_errors || matters || url_messages || location_messages) {
                return None;
            }
            let headers = location.map_or_else(String::new, |l| format!(r#"{{"name": "Location", "value": {}}}"#, json_string(&l)));
            let started =
                e.time.map_or_else(String::new, |t| format!(r#""startedDateTime": {}, "#, json_string(&format_rfc3339(t))));
            Some(format!(
                r#"    {{{started}"request": {{"method": {}, "url": {}}}, "response": {{"status": {status}, "headers": [{headers}], "content": {{"mimeType": "text/plain", "text": {}}}}}}}"#,
                json_string(method),
                json_string(&url),
                json_string(&e.body.join("\n")),
            ))
        })
        .collect();
    if entries.is_empty() {
        return None;
    }
    let capture = format!(
        "{{\"log\": {{\"version\": \"1.2\", \"creator\": {{\"name\": \"sso-doctor share link\", \"version\": \"1\"}}, \"entries\": [\n{}\n]}}}}\n",
        entries.join(",\n")
    );
    Some((capture, carried))
}

/// A pasted input that is one Redirect-binding URL carrying all of its `messages`, as [`url_with_messages`] shares it.
fn pasted_url(text: &str, messages: &[&MessageView], redactor: &Redactor) -> Option<String> {
    let url = text.trim();
    let is_url = ["https://", "http://"]
        .iter()
        .any(|scheme| url.get(..scheme.len()).is_some_and(|s| s.eq_ignore_ascii_case(scheme)));
    let all_in_url = messages.iter().all(|m| m.binding == "redirect" && m.source.har_entry.is_none());
    if !is_url || url.contains(char::is_whitespace) || messages.is_empty() || !all_in_url {
        return None;
    }
    url_with_messages(url, messages, redactor)
}

/// `url` redacted, its SAML message parameters still carrying `messages` (the messages found in it, in order), so that
/// the receiver finds each message where it was sent. A message the redactor leaves as it is keeps its original
/// encoded value; one it changes is re-encoded from its redacted XML (DEFLATE if the original was, base64,
/// percent-encoding). The query signature (`SigAlg`, `Signature`) is kept while what it signs — the message and
/// `RelayState` — is unchanged, so the receiver checks it itself; otherwise it is left out: it covers the original
/// bytes, and a result nobody can re-check is never passed on as the sender's. `None` when the URL's message
/// parameters are not `messages` one to one.
fn url_with_messages(url: &str, messages: &[&MessageView], redactor: &Redactor) -> Option<String> {
    let (before_fragment, fragment) = url.split_once('#').map_or((url, None), |(u, f)| (u, Some(f)));
    let (base, query) = before_fragment.split_once('?')?;
    let mut next = messages.iter();
    let mut signed_changed = false;
    // (is `SigAlg` or `Signature`, the pair as shared)
    let mut pairs: Vec<(bool, String)> = Vec::new();
    for pair in query.split('&') {
        let key = pair.split_once('=').map_or(pair, |(key, _)| key);
        let is = |name: &str| key.eq_ignore_ascii_case(name);
        if is("SAMLRequest") || is("SAMLResponse") {
            let m = next.next()?;
            let redacted = redactor.redact_text(&m.xml);
            if redacted == m.xml {
                pairs.push((false, pair.to_owned()));
            } else {
                signed_changed = true;
                pairs.push((false, format!("{key}={}", percent_encode(&encode_message(&redacted, m)))));
            }
        } else if is("SigAlg") || is("Signature") {
            pairs.push((true, pair.to_owned()));
        } else {
            let redacted = redactor.redact_text(pair);
            signed_changed |= is("RelayState") && redacted != pair;
            pairs.push((false, redacted));
        }
    }
    if next.next().is_some() {
        return None;
    }
    let query: Vec<String> =
        pairs.into_iter().filter(|(signature, _)| !(signed_changed && *signature)).map(|(_, p)| p).collect();
    let mut out = format!("{}?{}", redactor.redact_text(base), query.join("&"));
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(&redactor.redact_text(fragment));
    }
    Some(out)
}

/// `xml` encoded as the Redirect binding carried `original`: DEFLATE (when the original was inflated), then base64.
fn encode_message(xml: &str, original: &MessageView) -> String {
    use base64::Engine as _;
    use std::io::Write as _;
    if !original.steps.iter().any(|s| s == "inflate") {
        return base64::engine::general_purpose::STANDARD.encode(xml);
    }
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(xml.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(encoder.finish().unwrap_or_default())
}

/// `text` as a JSON string literal (quoted and escaped).
fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| String::from("\"\""))
}

/// The lines of an encoded input that is not a HAR capture (a pasted ticket or log holding a base64 message, say) that
/// its decoded messages do not carry, redacted, one per line: the URLs that matter to the diagnosis — those of Cognito,
/// Entra and NumlyEngage's sign-on page, and every Redirect-binding URL, which keeps the messages found in it (see
/// [`url_with_messages`]) —, then the errors found (`AADSTS` codes, Cognito messages). Also returns the messages those
/// URLs carry (their `index`, in the order the receiver finds them), which therefore need not travel as XML. `None`
/// without any such line.
fn pasted_lines(
    timeline: &[TimelineView],
    messages: &[&MessageView],
    input: usize,
    redactor: &Redactor,
) -> Option<(String, Vec<usize>)> {
    // Each request URL (where it was found, the URL, its party) with the messages of its query, which follow it in
    // the timeline (`line 3, query SAMLRequest` after the request of `line 3`).
    let mut requests: Vec<(&str, &str, &str, Vec<&MessageView>)> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    for step in timeline.iter().filter(|step| step.source.input == input && step.source.har_entry.is_none()) {
        match &step.event {
            EventView::Request { url, party, .. } => requests.push((&step.source.location, url, party, Vec::new())),
            EventView::Message { message, .. } => {
                let (Some((place, _, _, found)), Some(m)) =
                    (requests.last_mut(), messages.iter().find(|m| m.index == *message))
                else {
                    continue;
                };
                let in_query = m.source.location.strip_prefix(*place).is_some_and(|rest| rest.starts_with(", query "));
                if m.binding == "redirect" && in_query {
                    found.push(m);
                }
            }
            EventView::Error { key, quote } => {
                let line = error_line(key, quote, redactor);
                if !errors.contains(&line) {
                    errors.push(line);
                }
            }
            _ => {}
        }
    }
    let mut carried: Vec<usize> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    for (_, url, party, found) in requests {
        if let Some(shared) = (!found.is_empty()).then(|| url_with_messages(url, &found, redactor)).flatten() {
            carried.extend(found.iter().map(|m| m.index));
            lines.push(shared);
        } else if matches!(party, "cognito" | "entra") || (party == "numly-engage" && is_sign_on_page(url)) {
            lines.push(without_messages(&redactor.redact_text(url)));
        }
    }
    lines.extend(errors);
    (!lines.is_empty()).then(|| (lines.join("\n"), carried))
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

    /// The analysis of `texts`, its redactor, and the redacted share the app makes of them.
    fn redacted(
        texts: &[(String, String)],
        profile: &Profile,
        time: EvaluationTime,
    ) -> (crate::report::Report, Redactor, RedactedShare) {
        let inputs: Vec<Input> = texts.iter().map(|(n, t)| Input::text(n.clone(), t.clone())).collect();
        let original = crate::analyze(&inputs, profile, time);
        let view = ReportView::from_output(AnalysisOutput::of(&original)).unwrap();
        let read: Vec<(String, Option<String>)> = texts.iter().map(|(n, t)| (n.clone(), Some(t.clone()))).collect();
        let redactor = trace_redactor(&read, &view);
        let share = redacted_share(&read, &view, &redactor).unwrap();
        (original, redactor, share)
    }

    fn share_and_open(texts: &[(String, String)], profile: &Profile, time: EvaluationTime) -> Compared {
        let (original, redactor, share) = redacted(texts, profile, time);
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
            (
                "AuthnRequest sent to common",
                ok.replace(
                    "microsoftonline.com/8d2f4b6e-1c3a-4e5f-9a7b-0c1d2e3f4a5b/saml2?",
                    "microsoftonline.com/common/saml2?",
                ),
                Some("request.destination-mismatch"),
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
            // The AuthnRequest travels once, in the URL it was sent to, and not also as XML; the POSTed Response as XML.
            assert_eq!(capture.matches("SAMLRequest=").count(), 1, "{label}: {capture}");
            assert!(!capture.contains("SAMLResponse="), "{label}: {capture}");
            assert!(share.inputs.iter().all(|(_, text)| !text.contains("AuthnRequest")), "{label}");
            for (_, text) in &share.inputs {
                assert_eq!(&redactor.redact_text(text), text, "{label}: a personal value left in {text}");
            }
        }
    }

    /// The shared inputs of `texts` (redacted with the default profile's analysis).
    fn shared_inputs(texts: &[(String, String)], time: EvaluationTime) -> Vec<(String, String)> {
        redacted(texts, &Profile::default(), time).2.inputs
    }

    /// Entra's URL of the sample tenant, the sample AuthnRequest without its `Destination`, and the same naming the
    /// user (a login hint: redaction changes it).
    fn requests_without_destination() -> (String, String, String) {
        use crate::rules::samples::{REQUEST, TENANT};
        let entra = format!("https://login.microsoftonline.com/{TENANT}");
        let no_destination = REQUEST.replace(&format!("Destination=\"{entra}/saml2\" "), "");
        let personal = no_destination.replace(
            "<saml2p:NameIDPolicy",
            "<saml2:Subject xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\"><saml2:NameID>jane.doe@acme.example\
             </saml2:NameID></saml2:Subject><saml2p:NameIDPolicy",
        );
        (entra, no_destination, personal)
    }

    /// `xml` as a Redirect-binding query value (DEFLATE, base64, percent-encoding).
    fn redirect_value(xml: &str) -> String {
        use crate::decode::encode::{b64, deflate, urlencode};
        urlencode(&b64(&deflate(xml.as_bytes())))
    }

    #[test]
    fn a_redacted_link_of_a_redirect_url_keeps_where_its_message_was_sent() {
        use crate::decode::encode::urlencode;
        use crate::dsig::fixtures::{REDIRECT_URL, SP_CERT};
        use crate::rules::samples::{profile, AT, REQUEST};
        let (entra, no_destination, personal) = requests_without_destination();
        let encode = redirect_value;
        let sha1 = urlencode("http://www.w3.org/2000/09/xmldsig#rsa-sha1");
        let url = |at: &str, xml: &str, rest: &str| format!("{at}?SAMLRequest={}{rest}", encode(xml));
        let cases = [
            ("sent to Entra", url(&format!("{entra}/saml2"), REQUEST, "&RelayState=abc"), &[][..]),
            (
                "sent to an OAuth endpoint",
                url(&format!("{entra}/oauth2/authorize"), &no_destination, "&RelayState=abc"),
                &["request.destination-mismatch"][..],
            ),
            (
                "sent to common",
                url("https://login.microsoftonline.com/common/saml2", &no_destination, ""),
                &["request.destination-mismatch"][..],
            ),
            (
                "query signed with rsa-sha1",
                url(&format!("{entra}/saml2"), REQUEST, &format!("&RelayState=abc&SigAlg={sha1}&Signature=c2ln")),
                &["signature.weak-algorithm"][..],
            ),
            (
                "sent to NumlyEngage's sign-on page",
                url("https://acme.numly.io/registration", REQUEST, ""),
                &["flow.signon-url-mismatch", "request.destination-mismatch"][..],
            ),
            (
                "naming the user, sent to common",
                url("https://login.microsoftonline.com/common/saml2", &personal, "&RelayState=jane.doe%40acme.example"),
                &["request.destination-mismatch"][..],
            ),
        ];
        for (label, url, must) in cases {
            let texts = [("url.txt".to_owned(), url.clone())];
            for profile in [Profile::default(), profile()] {
                let (original, received, _, _) = share_and_open(&texts, &profile, EvaluationTime::at(AT));
                assert_eq!(received, original, "{label}");
                for rule in must {
                    assert!(original.iter().any(|(r, ..)| r == rule), "{label}: {rule} missing from {original:?}");
                }
            }
            // Shared as one URL: the same one when nothing in it is personal.
            let shared = shared_inputs(&texts, EvaluationTime::at(AT));
            assert_eq!(shared.len(), 1, "{label}: {shared:?}");
            if label.starts_with("naming") {
                let time = EvaluationTime::at(AT);
                let received = crate::analysis::build(&[Input::text("url", shared[0].1.clone())], &profile(), time);
                let message = &received.messages[0].decoded.xml;
                assert!(message.contains("<saml2:NameID>") && !message.contains("jane.doe"), "{message}");
                assert!(!shared[0].1.contains("jane.doe"), "{}", shared[0].1);
            } else {
                assert_eq!(shared[0].1, url, "{label}");
            }
        }

        // A query signature that verifies still verifies on the receiver (it is shared as signed).
        let texts = [("url.txt".to_owned(), REDIRECT_URL.trim().to_owned()), ("sp.pem".to_owned(), SP_CERT.to_owned())];
        let (original, received, plain, _) = share_and_open(&texts, &Profile::default(), EvaluationTime::at(AT));
        assert_eq!(received, original);
        let check = plain.messages[0].redirect_signature.as_ref().unwrap();
        assert!(check.verified, "{check:?}");

        // A signed query whose message redaction changes loses its signature (it could not be checked).
        let signed = url(
            "https://login.microsoftonline.com/common/saml2",
            &personal,
            &format!("&RelayState=abc&SigAlg={sha1}&Signature=c2ln"),
        );
        let shared = shared_inputs(&[("url.txt".to_owned(), signed)], EvaluationTime::at(AT));
        assert!(!shared[0].1.contains("Signature=") && !shared[0].1.contains("SigAlg="), "{}", shared[0].1);
        assert!(shared[0].1.contains("RelayState=abc"), "{}", shared[0].1);
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
        let shared = shared_inputs(&texts, EvaluationTime::at(0));
        assert_eq!(shared.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["ticket.txt", "ticket.txt (excerpt)"]);
        for (_, text) in &shared {
            assert!(!text.contains("jane.doe") && !text.contains("SAMLResponse="), "{text}");
        }
    }

    #[test]
    fn a_redacted_link_of_a_ticket_keeps_the_urls_in_it() {
        use crate::rules::samples::{profile, AT};
        let (entra, no_destination, personal) = requests_without_destination();
        let encode = redirect_value;
        let common = format!("https://login.microsoftonline.com/common/saml2?SAMLRequest={}", encode(&no_destination));
        let oauth = format!("{entra}/oauth2/authorize?SAMLRequest={}&RelayState=r", encode(&personal));
        let response =
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, crate::rules::samples::RESPONSE);
        // A ticket: the user's own words, the URLs of the requests (two on one line, one in quotes, one at the end of a
        // sentence), the sign-on page, an error and the response as a base64 POST value.
        let ticket = format!(
            "Ticket 124, jane.doe@acme.example writes: I opened https://acme.numly.io/registration?mail=jane.doe%40acme.example\n\
             and was sent to {common}.\nThe log shows \"{oauth}\" then {common}&RelayState=x\n\
             AADSTS750054: SAMLRequest or SAMLResponse must be present as query string parameters in HTTP request for \
             SAML Redirect binding.\nSAMLResponse={response}\n"
        );
        let texts = [("ticket.txt".to_owned(), ticket)];
        for profile in [Profile::default(), profile()] {
            let (original, received, _, _) = share_and_open(&texts, &profile, EvaluationTime::at(AT));
            assert_eq!(received, original);
            for rule in ["request.destination-mismatch", "flow.aadsts-error"] {
                assert!(original.iter().any(|(r, ..)| r == rule), "{rule} missing from {original:?}");
            }
        }
        let shared = shared_inputs(&texts, EvaluationTime::at(AT));
        assert_eq!(shared.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["ticket.txt", "ticket.txt (excerpt)"]);
        let excerpt = &shared[1].1;
        assert!(!shared.iter().any(|(_, text)| text.contains("jane.doe")), "{shared:?}");
        // The three Redirect URLs with their messages (the one naming the user re-encoded), the sign-on page, the error.
        let lines: Vec<&str> = excerpt.lines().collect();
        assert_eq!(lines.len(), 5, "{excerpt}");
        assert!(lines[0].starts_with("https://acme.numly.io/registration?mail="), "{excerpt}");
        assert_eq!(lines[1], common);
        assert!(
            lines[2].starts_with(&format!("{entra}/oauth2/authorize?SAMLRequest=")) && lines[2] != oauth,
            "{excerpt}"
        );
        assert_eq!(lines[3], format!("{common}&RelayState=x"));
        assert!(lines[4].starts_with("AADSTS750054"), "{excerpt}");
    }

    #[test]
    fn a_ticket_url_whose_message_does_not_decode_keeps_no_other_urls_message() {
        use crate::rules::samples::AT;
        let (_, no_destination, _) = requests_without_destination();
        let common = "https://login.microsoftonline.com/common/saml2";
        let ticket = format!(
            "Ticket 125: first {common}?SAMLRequest=not-a-message then {common}?SAMLRequest={}\n",
            redirect_value(&no_destination)
        );
        let texts = [("ticket.txt".to_owned(), ticket)];
        let (original, received, _, _) = share_and_open(&texts, &Profile::default(), EvaluationTime::at(AT));
        // The value that is not a message does not travel (nothing undecoded is shared), so neither does its finding.
        let decodable: Vec<_> = original.iter().filter(|(r, ..)| r != "decode.base64-invalid").cloned().collect();
        assert!(decodable.len() < original.len(), "{original:?}");
        assert_eq!(received, decodable);
        assert!(received.iter().any(|(r, ..)| r == "request.destination-mismatch"), "{received:?}");
        let shared = shared_inputs(&texts, EvaluationTime::at(AT));
        let excerpt = &shared.last().unwrap().1;
        let lines: Vec<&str> = excerpt.lines().collect();
        // The first URL without a message parameter, the second with its message.
        assert_eq!(lines[0], common, "{excerpt}");
        assert_eq!(lines[1], format!("{common}?SAMLRequest={}", redirect_value(&no_destination)), "{excerpt}");
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

    /// Writes the seeds of the `share` fuzz target (fuzz/seeds/share/: the JSON inside the links of every built-in
    /// example, plain and redacted, and of the HAR fixtures, redacted). Run by hand:
    /// `cargo test --lib write_share_fuzz_seeds -- --ignored`.
    #[test]
    #[ignore = "writes fuzz/seeds/share"]
    fn write_share_fuzz_seeds() {
        /// A trace to write seeds of: its id, its files, the profile and time to analyse it with, and whether its
        /// plain (unredacted) link is a seed too (not for the HAR fixtures: their redacted links are small).
        struct Trace {
            id: String,
            files: Vec<(String, String)>,
            profile: Profile,
            time: EvaluationTime,
            plain_too: bool,
        }
        use std::io::Read as _;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/share");
        std::fs::create_dir_all(&dir).unwrap();
        let json_of = |state: &crate::ui::state::SharedState| {
            use base64::Engine as _;
            let fragment = crate::ui::share::encode(state);
            let data = fragment.strip_prefix(crate::ui::share::FRAGMENT_KEY).unwrap();
            let compressed = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(data).unwrap();
            let mut json = String::new();
            flate2::read::DeflateDecoder::new(compressed.as_slice()).read_to_string(&mut json).unwrap();
            json
        };
        let mut traces: Vec<Trace> = examples::EXAMPLES
            .iter()
            .map(|e| Trace {
                id: e.id.to_owned(),
                files: e.files.iter().map(|f| (f.name.to_owned(), f.text.to_owned())).collect(),
                profile: e.profile(),
                time: e.evaluation_time(),
                plain_too: true,
            })
            .collect();
        for har in ["numly-signin-ok.har", "numly-signin-aadsts50105.har", "numly-signin-cognito-error.firefox.har"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/har").join(har);
            let text = std::fs::read_to_string(path).unwrap();
            traces.push(Trace {
                id: har.to_owned(),
                files: vec![(har.to_owned(), text)],
                profile: Profile::default(),
                time: EvaluationTime::at(1_714_564_800),
                plain_too: false,
            });
        }
        for Trace { id, files, profile, time, plain_too } in traces {
            let inputs: Vec<Input> = files.iter().map(|(n, t)| Input::text(n.clone(), t.clone())).collect();
            let report = crate::analyze(&inputs, &profile, time);
            let view = ReportView::from_output(AnalysisOutput::of(&report)).unwrap();
            let read: Vec<(String, Option<String>)> = files.iter().map(|(n, t)| (n.clone(), Some(t.clone()))).collect();
            let redactor = trace_redactor(&read, &view);
            let share = redacted_share(&read, &view, &redactor).unwrap();
            let time = crate::ui::state::TimeChoice::of_mode(time.mode);
            let plain = crate::ui::state::SharedState {
                example: None,
                inputs: files,
                profile: Some(profile),
                time,
                redacted: false,
                reported: Vec::new(),
            };
            let redacted = crate::ui::state::SharedState {
                inputs: share.inputs,
                profile: Some(share.profile),
                redacted: true,
                reported: share.signatures,
                ..plain.clone()
            };
            if plain_too {
                std::fs::write(dir.join(format!("{id}.json")), json_of(&plain)).unwrap();
            }
            std::fs::write(dir.join(format!("{id}.redacted.json")), json_of(&redacted)).unwrap();
        }
    }
}
