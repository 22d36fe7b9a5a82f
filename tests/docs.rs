//! The user documentation generated from (or checked against) the code: docs/rules.md is the rule catalogue and must
//! match `sso_doctor::rules::catalogue()` (`UPDATE_DOCS=1 cargo test --test docs` rewrites it); docs/json.md must
//! describe every key the JSON report can hold; the web app's rule documentation module (made by `xtask/rule-docs`
//! from the same `rule_doc!` literals, the long form the wasm leaves out) must say what the compiled catalogue says.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers of tests: a failed read is a failed test.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sso_doctor::decode::Input;
use sso_doctor::profile::Profile;
use sso_doctor::rules::{catalogue, render_doc_markdown};
use sso_doctor::time::{parse_datetime, EvaluationTime};

fn docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs")
}

/// docs/rules.md as the catalogue says it should be.
fn rules_markdown() -> String {
    let mut md = String::from(
        "# Rule catalogue\n\n\
         <!-- Generated from the rule documentation in src/rules/ by tests/docs.rs: do not edit by hand; run \
         `UPDATE_DOCS=1 cargo test --test docs` after changing a rule. -->\n\n\
         Every finding of sso-doctor comes from one of these rules. Rule ids are stable: they are never renamed or \
         reused, so scripts may match on them (the JSON report's `findings[].rule`). Severity `error` means the \
         sign-in fails because of it; `warning`, that it is likely to fail or fails for some users; `info`, \
         something worth knowing. `sso-doctor explain <rule-id>` prints the same text.\n\n\
         | Rule | Severity | Problem |\n| --- | --- | --- |\n",
    );
    for rule in catalogue() {
        let d = rule.doc();
        let _ = writeln!(md, "| [`{}`](#{}) | {} | {} |", d.id, anchor(d.id), d.severity, escape(d.title));
    }
    let mut family = "";
    for rule in catalogue() {
        let d = rule.doc();
        let this_family = d.id.split('.').next().unwrap_or_default();
        if this_family != family {
            family = this_family;
            let _ = write!(md, "\n## {family}.*\n");
        }
        // The rule's own Markdown, one heading level down, under a heading GitHub turns into the anchor above.
        let body = render_doc_markdown(d);
        let mut lines = body.lines();
        lines.next();
        let _ = write!(md, "\n### {}\n\n**{}** — {}\n", d.id, d.severity, escape(d.title));
        for line in lines.skip_while(|l| l.trim().is_empty() || l.starts_with("Severity:")) {
            if let Some(h) = line.strip_prefix("## ") {
                let _ = writeln!(md, "\n#### {h}");
            } else if !line.is_empty() {
                let _ = writeln!(md, "{}", escape(line));
            }
        }
    }
    md
}

/// Escapes `<` outside code spans, so placeholders such as `https://<domain>/…` are not read as HTML tags.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '<' if !in_code => out.push_str("&lt;"),
            _ => out.push(c),
        }
    }
    out
}

fn anchor(id: &str) -> String {
    id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect()
}

#[test]
fn rules_md_matches_the_catalogue() {
    let path = docs().join("rules.md");
    let expected = rules_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(actual == expected, "docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test --test docs`");
}

#[test]
fn rules_md_lists_every_rule_with_its_severity() {
    let md = rules_markdown();
    for rule in catalogue() {
        let d = rule.doc();
        assert!(md.contains(&format!("| [`{}`](#{}) | {} |", d.id, anchor(d.id), d.severity)), "{}", d.id);
        assert!(md.contains(&format!("\n### {}\n", d.id)), "{}", d.id);
    }
}

/// The web app reads the long form of each rule's documentation from a module that `xtask/rule-docs` (Node.js, run by
/// the Trunk post-build hook) makes by reading the `rule_doc!` literals in src/rules/ itself. Its reading must be the
/// compiler's: every rule, every field, character for character (escapes, line continuations, Unicode).
#[test]
fn rule_docs_module_says_what_the_catalogue_says() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("xtask/rule-docs");
    let output = std::process::Command::new("node").arg(&script).arg("--json").output().unwrap_or_else(|e| {
        panic!("could not run `node {}` (Node.js is needed to build the web app): {e}", script.display())
    });
    assert!(output.status.success(), "xtask/rule-docs failed: {}", String::from_utf8_lossy(&output.stderr));
    let module: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let module = module.as_object().unwrap();
    let mut ids = BTreeSet::new();
    for rule in catalogue() {
        let d = rule.doc();
        ids.insert(d.id.to_owned());
        let entry = module.get(d.id).unwrap_or_else(|| panic!("the module has no entry for {}", d.id));
        for (field, text) in [("what", d.what), ("why", d.why), ("example", d.example), ("fix", d.fix)] {
            assert_eq!(entry[field].as_str(), Some(text), "{}: {field} differs", d.id);
        }
        let references: Vec<&str> = entry["references"].as_array().unwrap().iter().filter_map(|r| r.as_str()).collect();
        assert_eq!(references, d.references, "{}: references differ", d.id);
        assert_eq!(entry.as_object().unwrap().len(), 5, "{}: unexpected fields in {entry}", d.id);
    }
    let extra: Vec<_> = module.keys().filter(|k| !ids.contains(*k)).collect();
    assert!(extra.is_empty(), "the module documents rules the catalogue does not have: {extra:?}");
}

/// Every object key in a JSON value, recursively.
fn keys(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone());
                keys(v, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

#[test]
fn json_md_describes_every_key_of_the_report() {
    let doc = std::fs::read_to_string(docs().join("json.md")).unwrap();
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/entra/cases");
    let profile = Profile::from_toml(&std::fs::read_to_string(cases.join("../profile.toml")).unwrap()).unwrap();
    let mut seen = BTreeSet::new();
    for case in ["valid", "wrong-reply-url", "status-aadsts50105", "identifier-not-in-entra", "har-valid"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(cases.join(case))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| !p.ends_with("case.toml"))
            .collect();
        files.sort();
        let inputs: Vec<Input> = files
            .iter()
            .map(|f| Input { name: f.file_name().unwrap().to_string_lossy().into(), bytes: std::fs::read(f).unwrap() })
            .collect();
        let at = parse_datetime("2025-03-14T10:00:10Z").unwrap();
        let report = sso_doctor::analyze(&inputs, &profile, EvaluationTime::at(at));
        keys(&serde_json::from_str(&report.to_json()).unwrap(), &mut seen);
    }
    let missing: Vec<_> = seen.iter().filter(|k| !doc.contains(&format!("`{k}`"))).collect();
    assert!(missing.is_empty(), "docs/json.md does not describe the keys {missing:?}");
}
