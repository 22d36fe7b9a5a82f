//! What the `share` fuzz target does with one input, shared by the target (fuzz/fuzz_targets/share.rs) and the replay
//! of the kept inputs (tests/fuzz_regressions.rs) through `#[path]`: open it as a share link (a fragment, or the JSON
//! inside one, compressed here as `share::encode` does so that mutations reach the JSON), analyse what it carries
//! with the signature results it claims, as the web app does with a link it is sent, then share that trace again,
//! redacted. Panics only where the app would be wrong: a link the app made must open.

use std::io::Write as _;

use base64::Engine as _;
use sso_doctor::analysis::analyze_reported;
use sso_doctor::decode::Input;
use sso_doctor::time::EvaluationTime;
use sso_doctor::ui::export::{redacted_share, trace_redactor};
use sso_doctor::ui::report_view::{AnalysisOutput, ReportView};
use sso_doctor::ui::share;
use sso_doctor::ui::state::SharedState;

/// Opens `bytes` as a share link, analyses it and shares it again (see the module documentation).
pub fn share_paths(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let fragment = if text.starts_with('{') {
        let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        let _ = encoder.write_all(text.as_bytes());
        let compressed = encoder.finish().unwrap_or_default();
        format!("{}{}", share::FRAGMENT_KEY, base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(compressed))
    } else {
        text.to_owned()
    };
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
        let again = SharedState {
            example: None,
            inputs: redacted.inputs,
            profile: Some(redacted.profile),
            time: state.time,
            redacted: true,
            reported: redacted.signatures,
        };
        assert!(share::decode(&share::encode(&again)).is_ok(), "a link the app made does not open");
    }
}
