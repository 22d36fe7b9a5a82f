//! The `sso-doctor` binary end to end: exit codes, error messages, output formats, redaction and inputs.
//!
//! Each test runs the built binary on files in its own temporary folder. One module per area (ripgrep style); test
//! names say the behaviour they pin.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap (team rule): a panic is a failure with its cause.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A SAML Response for jane.doe@acme.example, as Entra would send it to NumlyEngage (unsigned: these tests are about
/// the CLI, not about signatures).
const RESPONSE: &str = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_resp1" Version="2.0" IssueInstant="2024-05-01T12:00:00Z" InResponseTo="_req1" Destination="https://acme.auth.eu-west-1.amazoncognito.com/saml2/idpresponse">
  <saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/</saml:Issuer>
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
  <saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_assert1" Version="2.0" IssueInstant="2024-05-01T12:00:00Z">
    <saml:Issuer>https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/</saml:Issuer>
    <saml:Subject>
      <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">jane.doe@acme.example</saml:NameID>
    </saml:Subject>
    <saml:Conditions NotBefore="2024-05-01T11:55:00Z" NotOnOrAfter="2024-05-01T13:00:00Z">
      <saml:AudienceRestriction><saml:Audience>urn:amazon:cognito:sp:eu-west-1_Ab12Cd34E</saml:Audience></saml:AudienceRestriction>
    </saml:Conditions>
    <saml:AttributeStatement>
      <saml:Attribute Name="Email"><saml:AttributeValue>jane.doe@acme.example</saml:AttributeValue></saml:Attribute>
      <saml:Attribute Name="Phone number"><saml:AttributeValue>+1 425 555 0100</saml:AttributeValue></saml:Attribute>
    </saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>"#;

/// The AuthnRequest Cognito sends to Entra before [`RESPONSE`].
const AUTHN_REQUEST: &str = r#"<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_req1" Version="2.0" IssueInstant="2024-05-01T11:59:58Z" Destination="https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/saml2" AssertionConsumerServiceURL="https://acme.auth.eu-west-1.amazoncognito.com/saml2/idpresponse" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"><saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">urn:amazon:cognito:sp:eu-west-1_Ab12Cd34E</saml:Issuer></samlp:AuthnRequest>"#;

/// A Response carrying a DOCTYPE with an entity declaration (an XXE attempt): SAML forbids DTDs, so this is an
/// error-severity finding.
const DOCTYPE_RESPONSE: &str = r#"<?xml version="1.0"?>
<!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_x" Version="2.0"><samlp:Status>&xxe;</samlp:Status></samlp:Response>"#;

/// What a run of the binary gave.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `sso-doctor` with `args` (and `stdin` on standard input), with NO_COLOR unset.
fn sso_doctor_with_stdin(args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sso-doctor"))
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn sso_doctor(args: &[&str]) -> Run {
    sso_doctor_with_stdin(args, "")
}

/// A temporary folder removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(test: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("sso-doctor-cli-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// Writes a file and returns its path as a string for the command line.
    fn file(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path_arg(&path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn path_arg(path: &Path) -> String {
    path.to_str().expect("temp paths are UTF-8").to_owned()
}

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.stdout))
}

fn severities(report: &serde_json::Value) -> Vec<String> {
    report["findings"].as_array().unwrap().iter().map(|f| f["severity"].as_str().unwrap().to_owned()).collect()
}

mod exit_codes {
    use super::*;

    #[test]
    fn a_trace_without_error_findings_exits_0() {
        let dir = TempDir::new("exit0");
        let note = dir.file("note.txt", "hello from the help desk");
        let run = sso_doctor(&["check", "--format", "json", &note]);
        let report = json(&run);
        assert!(!severities(&report).iter().any(|s| s == "error"), "{}", run.stdout);
        assert_eq!(run.code, 0, "stderr: {}", run.stderr);
        assert_eq!(report["summary"]["errors"], 0);
    }

    #[test]
    fn an_error_finding_exits_1() {
        let dir = TempDir::new("exit1");
        let response = dir.file("response.xml", DOCTYPE_RESPONSE);
        let run = sso_doctor(&["check", "--format", "json", &response]);
        let report = json(&run);
        assert!(severities(&report).iter().any(|s| s == "error"), "no error finding for a DOCTYPE:\n{}", run.stdout);
        assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    }

    #[test]
    fn an_unknown_flag_exits_2_with_usage_on_stderr() {
        let run = sso_doctor(&["check", "--frobnicate", "x.xml"]);
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains("unexpected argument '--frobnicate'"), "{}", run.stderr);
        assert!(run.stdout.is_empty());
    }

    #[test]
    fn no_command_and_no_input_exit_2() {
        assert_eq!(sso_doctor(&[]).code, 2);
        let run = sso_doctor(&["check"]);
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains("<INPUT>"), "{}", run.stderr);
    }

    #[test]
    fn a_bad_at_exits_2_quoting_the_value_and_showing_the_format() {
        let run = sso_doctor(&["check", "--at", "yesterday", "x.xml"]);
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains("'yesterday'"), "{}", run.stderr);
        assert!(run.stderr.contains("RFC 3339 time such as 2024-05-01T12:00:00Z"), "{}", run.stderr);
    }

    #[test]
    fn a_missing_file_exits_2_naming_it() {
        let dir = TempDir::new("missing");
        let missing = path_arg(&dir.0.join("trace.har"));
        let run = sso_doctor(&["check", &missing]);
        assert_eq!(run.code, 2);
        assert!(run.stderr.starts_with(&format!("sso-doctor: cannot read '{missing}': ")), "{}", run.stderr);
        assert!(run.stdout.is_empty(), "no report on an I/O error");
    }

    #[test]
    fn a_bad_profile_exits_2_naming_every_bad_key() {
        let dir = TempDir::new("profile");
        let profile = dir.file("acme.toml", "tenant_id = \"not-a-guid\"\nclock_skew_seconds = 99999\n");
        let response = dir.file("response.xml", RESPONSE);
        let run = sso_doctor(&["check", "--profile", &profile, &response]);
        assert_eq!(run.code, 2);
        let lines: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(lines.len(), 2, "{}", run.stderr);
        assert!(lines[0].starts_with(&format!("sso-doctor: invalid profile '{profile}': key 'tenant_id': ")));
        assert!(lines[1].contains("key 'clock_skew_seconds': 99999 is outside 0..=3600"), "{}", run.stderr);
    }

    #[test]
    fn an_unknown_profile_key_is_named() {
        let dir = TempDir::new("profile-key");
        let profile = dir.file("acme.toml", "tenant = \"x\"\n");
        let run = sso_doctor(&["check", "--profile", &profile, "-"]);
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains("key 'tenant': unknown field 'tenant'"), "{}", run.stderr);
    }

    #[test]
    fn help_and_version_exit_0_on_stdout() {
        let run = sso_doctor(&["--help"]);
        assert_eq!(run.code, 0);
        assert!(run.stdout.contains("check") && run.stdout.contains("Exit status"), "{}", run.stdout);
        let run = sso_doctor(&["--version"]);
        assert_eq!(run.code, 0);
        assert_eq!(run.stdout.trim(), format!("sso-doctor {}", env!("CARGO_PKG_VERSION")));
    }
}

mod explain {
    use super::*;

    #[test]
    fn a_rule_prints_its_whole_documentation() {
        let run = sso_doctor(&["explain", "decode.unrecognized"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let doc = sso_doctor::rules::explain("decode.unrecognized").unwrap();
        assert_eq!(run.stdout, sso_doctor::rules::render_doc_markdown(doc));
        for section in ["## What it does", "## Why is this bad?", "## Example", "## How to fix", "## References"] {
            assert!(run.stdout.contains(section), "missing {section}:\n{}", run.stdout);
        }
    }

    #[test]
    fn an_unknown_rule_exits_2_with_a_suggestion() {
        let run = sso_doctor(&["explain", "nope"]);
        assert_eq!(run.code, 2);
        assert!(run.stderr.starts_with("sso-doctor: unknown rule 'nope'"), "{}", run.stderr);
        assert!(run.stderr.contains("'sso-doctor explain --list' lists every rule"), "{}", run.stderr);
        let run = sso_doctor(&["explain", "decode.unrecognised"]);
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains("did you mean 'decode.unrecognized'?"), "{}", run.stderr);
    }

    #[test]
    fn the_list_has_every_rule_with_severity_and_title() {
        let listed = sso_doctor(&["explain", "--list"]);
        assert_eq!(listed.code, 0);
        assert_eq!(sso_doctor(&["explain"]).stdout, listed.stdout, "no argument lists too");
        for rule in sso_doctor::rules::catalogue() {
            let d = rule.doc();
            let line = listed.stdout.lines().find(|l| l.split_whitespace().next() == Some(d.id));
            let line = line.unwrap_or_else(|| panic!("{} not listed:\n{}", d.id, listed.stdout));
            assert!(line.contains(d.severity.as_str()) && line.ends_with(d.title), "{line}");
        }
    }
}

mod output {
    use super::*;

    #[test]
    fn json_is_the_report_with_rule_severity_and_message_per_finding() {
        let dir = TempDir::new("json");
        let note = dir.file("note.txt", "hello");
        let run = sso_doctor(&["check", "--format", "json", "--at", "2024-05-01T12:00:00Z", &note]);
        let report = json(&run);
        assert_eq!(report["format_version"], 1);
        assert_eq!(report["evaluated_at"], "2024-05-01T12:00:00Z");
        assert_eq!(report["time_source"], "explicit");
        let findings = report["findings"].as_array().unwrap();
        assert!(!findings.is_empty(), "{}", run.stdout);
        for f in findings {
            assert!(f["rule"].is_string() && f["severity"].is_string() && f["message"].is_string(), "{f}");
        }
    }

    #[test]
    fn at_capture_takes_a_pasted_messages_issue_instant_and_at_now_the_clock() {
        let dir = TempDir::new("at-capture");
        let response = dir.file("response.xml", RESPONSE);
        let issue_instant = RESPONSE.split("IssueInstant=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap();
        let captured = json(&sso_doctor(&["check", "--format", "json", "--at", "capture", &response]));
        assert_eq!(captured["time_source"], "issue-instant");
        assert_eq!(captured["evaluated_at"], issue_instant);
        let now = json(&sso_doctor(&["check", "--format", "json", "--at", "now", &response]));
        assert_eq!(now["time_source"], "now");
        let default = json(&sso_doctor(&["check", "--format", "json", &response]));
        assert_eq!(default["time_source"], "now", "without --at a file of messages is checked now");
    }

    #[test]
    fn text_has_the_header_and_findings_with_their_fix() {
        let dir = TempDir::new("text");
        let note = dir.file("note.txt", "hello");
        let response = dir.file("response.xml", RESPONSE);
        let run = sso_doctor(&["check", "--at", "2024-05-01T12:00:00Z", &response, &note]);
        let out = &run.stdout;
        assert!(out.contains("evaluated at  2024-05-01T12:00:00Z (chosen by the user)"), "{out}");
        assert!(out.contains("profile       built-in NumlyEngage"), "{out}");
        assert!(out.contains("messages      #1 Response (ID _resp1)"), "{out}");
        assert!(out.contains("warning[decode.unrecognized]: "), "{out}");
        assert!(out.contains("\n  fix       "), "{out}");
        assert!(!out.contains('\u{1b}'), "no colour when stdout is a pipe");
        let coloured = sso_doctor(&["check", "--color", "always", &note]);
        assert!(coloured.stdout.contains("\u{1b}["), "{}", coloured.stdout);
    }

    #[test]
    fn markdown_is_ready_for_a_ticket() {
        let dir = TempDir::new("markdown");
        let note = dir.file("note.txt", "hello");
        let run = sso_doctor(&["check", "--format", "markdown", &note]);
        assert!(run.stdout.starts_with("# sso-doctor report\n"), "{}", run.stdout);
        assert!(run.stdout.contains("| # | Severity | Rule | Finding | Message |"), "{}", run.stdout);
        assert!(run.stdout.contains("## How to fix\n\n1. **`"), "{}", run.stdout);
        assert!(!run.stdout.contains('\u{1b}'));
    }

    #[test]
    fn a_profile_file_is_named_in_the_header() {
        let dir = TempDir::new("profile-header");
        let profile = dir.file("acme.toml", "tenant_id = \"72f988bf-86f1-41af-91ab-2d7cd011db47\"\n");
        let response = dir.file("response.xml", RESPONSE);
        let run = sso_doctor(&["check", "--profile", &profile, &response]);
        assert!(run.stdout.contains(&format!("profile       {profile}\n")), "{}", run.stdout);
        assert!(run.stdout.contains("tenant_id = 72f988bf-86f1-41af-91ab-2d7cd011db47"), "{}", run.stdout);
    }
}

mod redaction {
    use super::*;

    #[test]
    fn redact_removes_personal_data_present_in_the_input_and_keeps_the_rest() {
        let dir = TempDir::new("redact");
        let response = dir.file("response.xml", RESPONSE);
        let plain = sso_doctor(&["check", "--format", "json", &response]);
        assert!(plain.stdout.contains("jane.doe@acme.example"), "the test input must carry the e-mail");
        for format in ["json", "text", "markdown"] {
            let run = sso_doctor(&["check", "--redact", "--xml", "--format", format, &response]);
            assert!(!run.stdout.contains("jane.doe"), "{format}:\n{}", run.stdout);
            assert!(!run.stdout.contains("425 555 0100"), "{format}:\n{}", run.stdout);
            assert!(run.stdout.contains("urn:amazon:cognito:sp:eu-west-1_Ab12Cd34E"), "{format}: audience kept");
        }
        let report = json(&sso_doctor(&["check", "--redact", "--format", "json", &response]));
        let xml = report["messages"][0]["xml"].as_str().unwrap();
        assert_eq!(xml.matches("user1@redacted.example").count(), 2, "NameID and Email claim: one placeholder");
        assert!(xml.contains("+10000000001"), "{xml}");
        assert!(xml.contains("https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/"), "issuer kept");
    }

    #[test]
    fn decode_redacts_too() {
        let run = sso_doctor_with_stdin(&["decode", "--redact", "-"], RESPONSE);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains("user1@redacted.example") && !run.stdout.contains("jane.doe"), "{}", run.stdout);
    }
}

mod inputs {
    use super::*;

    #[test]
    fn stdin_is_read_for_a_dash() {
        let run = sso_doctor_with_stdin(&["check", "--format", "json", "-"], RESPONSE);
        let report = json(&run);
        assert_eq!(report["messages"][0]["kind"], "Response");
        assert_eq!(report["messages"][0]["source"]["input_name"], "stdin");
    }

    #[test]
    fn stdin_given_twice_is_a_usage_error() {
        let run = sso_doctor(&["check", "-", "-"]);
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains("'-' (standard input) can be given only once"), "{}", run.stderr);
    }

    #[test]
    fn several_inputs_form_one_trace() {
        let dir = TempDir::new("trace");
        let request = dir.file("authn-request.xml", AUTHN_REQUEST);
        let response = dir.file("response.xml", RESPONSE);
        let report = json(&sso_doctor(&["check", "--format", "json", &request, &response]));
        let messages = report["messages"].as_array().unwrap();
        let kinds: Vec<&str> = messages.iter().map(|m| m["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["AuthnRequest", "Response"]);
        let inputs: Vec<u64> = messages.iter().map(|m| m["source"]["input"].as_u64().unwrap()).collect();
        assert_eq!(inputs, [0, 1], "one report, messages from both inputs in order");
    }

    #[test]
    fn decode_shows_kind_source_steps_and_pretty_xml() {
        let dir = TempDir::new("decode");
        let response = dir.file("response.xml", RESPONSE);
        let run = sso_doctor(&["decode", &response]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.starts_with("#1 Response (ID _resp1)\n"), "{}", run.stdout);
        assert!(run.stdout.contains(&format!("  found in  input 1 \"{response}\"")), "{}", run.stdout);
        assert!(run.stdout.contains("  binding   "), "{}", run.stdout);
        assert!(run.stdout.contains("\n  <saml:Issuer"), "pretty-printed:\n{}", run.stdout);
    }

    #[test]
    fn decode_without_a_message_exits_1_and_says_why() {
        let run = sso_doctor_with_stdin(&["decode", "-"], "hello");
        assert_eq!(run.code, 1);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        assert!(run.stderr.contains("no SAML message found"), "{}", run.stderr);
    }
}
