//! Exports and share links without personal data, with the core's renderer and [`Redactor`]: the web app's
//! Markdown and JSON are the CLI's (`report::render::markdown`, `Report::to_json`, `report::redact`).
//!
//! The redacted exports are made where the analysis ran (see [`crate::ui::report_view::AnalysisOutput`]). This module
//! makes the *inputs* of a share link safe: raw-XML and plain-text inputs are redacted as text; an encoded input (base64,
//! a URL, a HAR) is replaced by the decoded XML of the messages found in it, redacted — so nothing personal travels
//! hidden in base64. A large file the page never read (see [`crate::ui::state::InputData::File`]) can be shared only
//! this way, as its messages.

use crate::report::redact::Redactor;
use crate::ui::report_view::ReportView;

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
    redactor
}

/// The inputs of a trace made safe to share (see the module documentation); `Err(name)` when an input the page did
/// not read has no decoded message to share instead of its text.
pub fn redacted_inputs(
    texts: &[(String, Option<String>)],
    report: &ReportView,
    redactor: &Redactor,
) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (index, (name, text)) in texts.iter().enumerate() {
        let decoded: Vec<&str> = report
            .messages
            .iter()
            .filter(|m| m.source.input == index && (!m.steps.is_empty() || m.source.har_entry.is_some()))
            .map(|m| m.xml.as_str())
            .collect();
        if decoded.is_empty() {
            let text = text.as_deref().ok_or_else(|| name.clone())?;
            out.push((redactor.redact_text(name), redactor.redact_text(text)));
        } else {
            for (n, xml) in decoded.iter().enumerate() {
                let label = if decoded.len() == 1 { name.clone() } else { format!("{name} ({})", n + 1) };
                out.push((redactor.redact_text(&label), redactor.redact_text(xml)));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;
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
        let inputs = redacted_inputs(&texts, &report, &redactor).unwrap();
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
        let inputs = redacted_inputs(&texts, &report, &redactor).unwrap();
        assert_eq!(inputs.len(), 1);
        assert!(inputs[0].1.starts_with("<samlp:Response"), "{}", &inputs[0].1[..60]);
        assert!(!inputs[0].1.contains(PERSONAL[0]));
        // A file the page did not read is shared the same way: as its messages, redacted.
        let unread = vec![("pasted text".to_owned(), None)];
        assert_eq!(redacted_inputs(&unread, &report, &trace_redactor(&unread, &report)), Ok(inputs));
    }

    #[test]
    fn an_unread_input_without_messages_cannot_be_shared() {
        let (mut texts, report) = example("valid-sign-in");
        texts.push(("notes.txt".to_owned(), None));
        let redactor = trace_redactor(&texts, &report);
        assert_eq!(redacted_inputs(&texts, &report, &redactor), Err("notes.txt".to_owned()));
    }
}
