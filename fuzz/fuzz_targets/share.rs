//! Share links, both ends: opening a link (`#trace=…`, or the JSON inside it, compressed here so that mutations reach
//! the JSON) and analysing what it carries with the reported signature results it claims, as the web app does with a
//! link someone sent; then sharing that trace again, redacted (the redactor, the redacted inputs and the link
//! encoder run on whatever the trace holds).
#![no_main]

use std::io::Write as _;

use libfuzzer_sys::fuzz_target;
use sso_doctor::analysis::analyze_reported;
use sso_doctor::decode::Input;
use sso_doctor::time::EvaluationTime;
use sso_doctor::ui::export::{redacted_share, trace_redactor};
use sso_doctor::ui::report_view::{AnalysisOutput, ReportView};
use sso_doctor::ui::share;

/// The link fragment for `json`, as `share::encode` writes it.
fn fragment_of(json: &str) -> String {
    use base64::Engine as _;
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = encoder.write_all(json.as_bytes());
    let compressed = encoder.finish().unwrap_or_default();
    format!("trace={}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(compressed))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let fragment = if text.starts_with('{') { fragment_of(text) } else { text.to_owned() };
    let Ok(state) = share::decode(&fragment) else { return };
    let inputs: Vec<Input> = state.inputs.iter().map(|(n, t)| Input::text(n.clone(), t.clone())).collect();
    let profile = state.profile.clone().unwrap_or_default();
    let time = EvaluationTime { mode: state.time.mode(), now: 1_714_564_800 };
    let report = analyze_reported(&inputs, &profile, time, &state.reported, &mut |_| {});
    let _ = report.to_json();
    let Ok(view) = ReportView::from_output(AnalysisOutput::of(&report)) else { return };
    let read: Vec<(String, Option<String>)> = state.inputs.iter().map(|(n, t)| (n.clone(), Some(t.clone()))).collect();
    let redactor = trace_redactor(&read, &view);
    if let Ok(redacted) = redacted_share(&read, &view, &redactor) {
        let again = sso_doctor::ui::state::SharedState {
            example: None,
            inputs: redacted.inputs,
            profile: Some(redacted.profile),
            time: state.time,
            redacted: true,
            reported: redacted.signatures,
        };
        let link = share::encode(&again);
        assert!(share::decode(&link).is_ok(), "a link the app made does not open");
    }
});
