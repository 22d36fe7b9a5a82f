//! The whole pipeline (decode, parse, SAML model, signatures, rules, report and its renderings: JSON, the CLI's text
//! and Markdown with the messages' XML, the messages listing, the redacted report) on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sso_doctor::decode::Input;
use sso_doctor::profile::Profile;
use sso_doctor::report::redact::redact;
use sso_doctor::report::render::{self, RenderOptions};
use sso_doctor::time::EvaluationTime;

fuzz_target!(|data: &[u8]| {
    let report = sso_doctor::analyze(
        &[Input { name: "fuzz".into(), bytes: data.to_vec() }],
        &Profile::numly_default(),
        EvaluationTime::at(1_714_564_800),
    );
    let _ = report.to_json();
    let options = RenderOptions { include_xml: true, ..RenderOptions::default() };
    let _ = (
        render::text(&report, &options),
        render::markdown(&report, &options),
        render::messages_text(&report, &options),
    );
    let _ = redact(&report).to_json();
});
