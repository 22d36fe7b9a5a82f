//! `analyze_with_progress`: what a progress display sees while a trace is analysed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use sso_doctor::analysis::{analyze_with_progress, Progress};
use sso_doctor::decode::{DecodeProgress, Input};
use sso_doctor::profile::Profile;
use sso_doctor::time::{EvaluationTime, TimeMode};

const AT: EvaluationTime =
    EvaluationTime { mode: TimeMode::Capture { issue_instant_fallback: true }, now: 1_800_000_000 };

fn fixture(relative: &str) -> Input {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(relative);
    Input { name: relative.to_owned(), bytes: std::fs::read(path).unwrap() }
}

fn entry_count(har: &Input) -> usize {
    let json: serde_json::Value = serde_json::from_slice(&har.bytes).unwrap();
    json["log"]["entries"].as_array().unwrap().len()
}

fn record(inputs: &[Input]) -> (Vec<Progress>, sso_doctor::Report) {
    let mut seen = Vec::new();
    let report = analyze_with_progress(inputs, &Profile::default(), AT, &mut |p| seen.push(p));
    (seen, report)
}

#[test]
fn har_entries_are_counted_up_to_the_capture_size_then_the_messages_are_checked() {
    let pasted = Input::text("notes", "AADSTS50011 seen by the user");
    let har = fixture("har/numly-signin-ok.har");
    let entries = entry_count(&har);
    assert!(entries > 3, "the fixture has {entries} entries");
    let inputs = [pasted, har];
    let (seen, report) = record(&inputs);

    // The HAR's entry counts: 0 once parsed, then one more per entry, ending at the entry count.
    let scanned: Vec<(usize, usize)> = seen
        .iter()
        .filter_map(|p| match p {
            Progress::Decoding(DecodeProgress { har_entries: Some(counts), inputs_done: 1, inputs_total: 2 }) => {
                Some(*counts)
            }
            _ => None,
        })
        .collect();
    let expected: Vec<(usize, usize)> = (0..=entries).map(|n| (n, entries)).collect();
    assert_eq!(scanned, expected);

    // Inputs done only grow, and every report before the last is a decoding one.
    let inputs_done: Vec<usize> = seen
        .iter()
        .filter_map(|p| match p {
            Progress::Decoding(d) => Some(d.inputs_done),
            Progress::Checking { .. } => None,
        })
        .collect();
    assert!(inputs_done.windows(2).all(|w| w[0] <= w[1]), "{inputs_done:?}");
    assert_eq!(inputs_done.last(), Some(&2));
    // Last: the messages found are checked — as many as the report shows.
    assert_eq!(seen.last(), Some(&Progress::Checking { messages: report.messages.len() }));
    assert!(!report.messages.is_empty());
    assert_eq!(seen.iter().filter(|p| matches!(p, Progress::Checking { .. })).count(), 1);
}

#[test]
fn progress_does_not_change_the_report_and_inputs_without_a_har_have_no_entry_counts() {
    let inputs = [fixture("har/numly-signin-aadsts50105.har"), Input::text("pasted", "hello")];
    let (_, with_progress) = record(&inputs);
    let plain = sso_doctor::analyze(&inputs, &Profile::default(), AT);
    assert_eq!(serde_json::to_value(&with_progress).unwrap(), serde_json::to_value(&plain).unwrap());

    let (seen, _) = record(&[Input::text("pasted", "hello"), Input::text("more", "world")]);
    assert_eq!(
        seen,
        vec![
            Progress::Decoding(DecodeProgress { inputs_done: 1, inputs_total: 2, har_entries: None }),
            Progress::Decoding(DecodeProgress { inputs_done: 2, inputs_total: 2, har_entries: None }),
            Progress::Checking { messages: 0 },
        ]
    );
}
