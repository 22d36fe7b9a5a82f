//! The Entra → Cognito fixtures (tests/fixtures/entra/, made by make.sh): the valid exchange gives no error finding,
//! and each single misconfiguration gives its rule and no error from any other rule.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers of tests: a failed read is a failed test.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sso_doctor::decode::Input;
use sso_doctor::finding::{Finding, Severity};
use sso_doctor::profile::Profile;
use sso_doctor::time::{parse_datetime, EvaluationTime};
use sso_doctor::Report;

/// `case.toml` of a fixture case.
#[derive(Debug, Deserialize)]
struct Case {
    description: String,
    rule: String,
    at: String,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/entra")
}

fn profile() -> Profile {
    let text = fs::read_to_string(fixtures().join("profile.toml")).unwrap();
    Profile::from_toml(&text).unwrap()
}

/// Every case: its name, its description and the report over its inputs (in file-name order).
fn cases(profile: &Profile) -> Vec<(String, Case, Report)> {
    let mut dirs: Vec<PathBuf> =
        fs::read_dir(fixtures().join("cases")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    let mut out = Vec::new();
    for dir in dirs {
        let case: Case = toml::from_str(&fs::read_to_string(dir.join("case.toml")).unwrap()).unwrap();
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().is_some_and(|n| n != "case.toml"))
            .collect();
        files.sort();
        let inputs: Vec<Input> = files
            .iter()
            .map(|f| Input { name: f.file_name().unwrap().to_string_lossy().into_owned(), bytes: fs::read(f).unwrap() })
            .collect();
        assert!(!inputs.is_empty(), "{}: no inputs", dir.display());
        let at = parse_datetime(&case.at).unwrap_or_else(|| panic!("{}: bad time {}", dir.display(), case.at));
        let report = sso_doctor::analyze(&inputs, profile, EvaluationTime::at(at));
        out.push((dir.file_name().unwrap().to_string_lossy().into_owned(), case, report));
    }
    out
}

fn errors(report: &Report) -> Vec<&Finding> {
    report.findings.iter().filter(|f| f.severity == Severity::Error).collect()
}

fn check(name: &str, case: &Case, report: &Report) {
    let errors = errors(report);
    if case.rule.is_empty() {
        assert!(errors.is_empty(), "{name} ({}): expected no error, got {errors:#?}", case.description);
        return;
    }
    assert!(
        report.findings.iter().any(|f| f.rule == case.rule),
        "{name} ({}): {} did not fire; findings: {:#?}",
        case.description,
        case.rule,
        report.findings
    );
    let unrelated: Vec<_> = errors.iter().filter(|f| f.rule != case.rule).collect();
    assert!(unrelated.is_empty(), "{name}: unrelated errors besides {}: {unrelated:#?}", case.rule);
    for f in report.findings.iter().filter(|f| f.rule == case.rule) {
        assert!(f.location.as_deref().is_some_and(|l| !l.is_empty()), "{name}: {} has no location", f.rule);
        assert!(f.fix.len() > 20, "{name}: {} has no real fix", f.rule);
    }
}

#[test]
fn the_valid_exchange_gives_no_error_and_each_misconfiguration_gives_its_rule() {
    let profile = profile();
    let all = cases(&profile);
    assert!(all.len() >= 20, "only {} cases", all.len());
    assert!(all.iter().any(|(name, ..)| name == "valid"));
    for (name, case, report) in &all {
        check(name, case, report);
    }
}

#[test]
fn the_valid_exchange_gives_no_error_with_the_built_in_patterns_either() {
    let all = cases(&Profile::numly_default());
    let (_, case, report) = all.iter().find(|(name, ..)| name == "valid").unwrap();
    check("valid (built-in profile)", case, report);
    assert_eq!(report.messages.len(), 2);
}

#[test]
fn every_misconfiguration_is_reported_against_the_right_message() {
    let profile = profile();
    for (name, case, report) in cases(&profile) {
        for f in report.findings.iter().filter(|f| f.rule == case.rule && !f.rule.starts_with("flow.")) {
            let subject = f.subject.as_ref().unwrap_or_else(|| panic!("{name}: {} has no subject", f.rule));
            let message = &report.messages[subject.index];
            assert_eq!(message.kind, subject.kind, "{name}");
            assert!(f.location.as_deref().unwrap_or_default().starts_with('/'), "{name}: {:?}", f.location);
        }
    }
}

#[test]
fn the_valid_exchange_captured_as_har_gives_both_messages_and_no_error() {
    let all = cases(&profile());
    let (_, case, har) = all.iter().find(|(name, ..)| name == "har-valid").unwrap();
    check("har-valid", case, har);
    let kinds: Vec<&str> = har.messages.iter().map(|m| m.kind.as_str()).collect();
    assert_eq!(kinds, ["AuthnRequest", "Response"], "the HAR holds the AuthnRequest and the Response");
    assert!(har.findings.is_empty(), "{:#?}", har.findings);
}

#[test]
fn the_rules_never_panic_on_the_public_corpus_or_on_cut_fixtures() {
    // Every public fixture (real IdP responses, metadata, requests) against the NumlyEngage profile …
    let mut files = Vec::new();
    let mut dirs = vec![common::fixtures_dir()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 50, "public corpus not found at {}", common::fixtures_dir().display());
    let at = EvaluationTime::at(parse_datetime("2025-03-14T10:00:10Z").unwrap());
    for file in &files {
        let input = Input { name: file.display().to_string(), bytes: fs::read(file).unwrap() };
        let report = sso_doctor::analyze(&[input], &profile(), at);
        assert!(report.findings.iter().all(|f| !f.message.is_empty() && !f.fix.is_empty()), "{}", file.display());
    }
    // … and the valid exchange cut at every 61st byte (truncated copies are what users paste).
    let dir = fixtures().join("cases/valid");
    let request = fs::read(dir.join("01-authn-request.xml")).unwrap();
    let response = fs::read(dir.join("02-response.xml")).unwrap();
    for cut in (0..response.len()).step_by(61) {
        let inputs = [
            Input { name: "request".into(), bytes: request.clone() },
            Input { name: "response".into(), bytes: response[..cut].to_vec() },
        ];
        let _ = sso_doctor::analyze(&inputs, &Profile::numly_default(), at);
    }
}
