//! The native command line: `sso-doctor check | decode | explain`.
//!
//! A thin shell over the core: it reads files, the clock and the terminal, then hands everything to
//! [`crate::analyze`], [`crate::report::redact`] and [`crate::report::render`]. No analysis happens here.
//! [`run`] takes its surroundings as arguments (an [`Environment`], standard input and output), so it can be tested
//! in-process; [`main`] wires it to the real process.
//!
//! ```
//! use sso_doctor::cli::{run, Environment, Exit};
//! let env = Environment { now: 0, stdout_is_terminal: false, no_color: true };
//! let (mut out, mut err) = (Vec::new(), Vec::new());
//! let exit = run(["sso-doctor", "explain", "--list"], &env, &mut std::io::empty(), &mut out, &mut err);
//! assert_eq!(exit, Exit::Clean);
//! assert!(String::from_utf8(out).unwrap().contains("decode.unrecognized"));
//! ```

pub mod args;
mod error;
mod exit;
mod explain;
mod input;

use std::ffi::OsString;
use std::io::{ErrorKind, IsTerminal, Read, Write};

use clap::error::ErrorKind as ClapErrorKind;
use clap::Parser;

pub use error::CliError;
pub use exit::Exit;
pub use input::STDIN_NAME;

use self::args::{AtChoice, CheckArgs, Cli, ColorChoice, Command, DecodeArgs, ExplainArgs, Format};
use crate::profile::Profile;
use crate::report::redact::redact;
use crate::report::render::{self, RenderOptions};
use crate::report::Report;
use crate::time::{EvaluationTime, TimeMode};

/// What the CLI takes from its surroundings besides arguments and streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Environment {
    /// The current time, Unix seconds (the evaluation time when the input carries no capture time and `--at` is
    /// not given).
    pub now: i64,
    /// Whether standard output is a terminal (colours are used only then, unless `--color` says otherwise).
    pub stdout_is_terminal: bool,
    /// Whether `NO_COLOR` is set to a non-empty value (<https://no-color.org>).
    pub no_color: bool,
}

impl Environment {
    /// Reads the clock, whether standard output is a terminal, and `NO_COLOR`.
    pub fn detect() -> Self {
        Environment {
            now: clock_now(),
            stdout_is_terminal: std::io::stdout().is_terminal(),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        }
    }

    fn color(&self, choice: ColorChoice) -> bool {
        match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => self.stdout_is_terminal && !self.no_color,
        }
    }
}

/// Runs the CLI on the process's arguments and streams and returns the exit code.
pub fn main() -> i32 {
    let env = Environment::detect();
    let mut stdin = std::io::stdin().lock();
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    run(std::env::args_os(), &env, &mut stdin, &mut stdout, &mut stderr).code()
}

/// Runs the CLI on `args` (the first being the program name) and returns how it ended.
pub fn run<I, T>(
    args: I,
    env: &Environment,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Exit
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout and succeed; every usage error goes to stderr and exits 2.
            if matches!(e.kind(), ClapErrorKind::DisplayHelp | ClapErrorKind::DisplayVersion) {
                let _ = write!(stdout, "{}", e.render());
                return Exit::Clean;
            }
            let _ = write!(stderr, "{}", e.render());
            return Exit::Trouble;
        }
    };
    let outcome = match &cli.command {
        Command::Check(a) => check(a, env, stdin),
        Command::Decode(a) => decode(a, env, stdin),
        Command::Explain(a) => explain(a),
    };
    let written = outcome.and_then(|o| {
        write_all(stdout, &o.stdout)?;
        let _ = stderr.write_all(o.stderr.as_bytes());
        Ok(o.exit)
    });
    match written {
        Ok(exit) => exit,
        Err(e) => {
            for line in e.to_string().lines() {
                let _ = writeln!(stderr, "sso-doctor: {line}");
            }
            Exit::Trouble
        }
    }
}

/// What a command produced.
struct Outcome {
    stdout: String,
    stderr: String,
    exit: Exit,
}

fn check(args: &CheckArgs, env: &Environment, stdin: &mut dyn Read) -> Result<Outcome, CliError> {
    let profile = match &args.profile {
        Some(path) => input::read_profile(path)?,
        None => Profile::numly_default(),
    };
    let inputs = input::read_inputs(&args.inputs, stdin)?;
    let mode = match args.at {
        Some(AtChoice::Instant(unix)) => TimeMode::At { unix },
        Some(AtChoice::Now) => TimeMode::Now,
        Some(AtChoice::Capture) => TimeMode::Capture { issue_instant_fallback: true },
        // By default only a HAR's startedDateTime counts as the capture time: a file of messages may be checked
        // long after it was captured on purpose (a fixture, a regression test), and then "now" is the question.
        None => TimeMode::Capture { issue_instant_fallback: false },
    };
    let time = EvaluationTime { mode, now: env.now };
    let report = maybe_redact(crate::analyze(&inputs, &profile, time), args.redact);
    let options = RenderOptions {
        color: args.format == Format::Text && env.color(args.color),
        include_xml: args.xml,
        profile_label: args.profile.as_ref().map(|p| p.display().to_string()),
    };
    let stdout = match args.format {
        Format::Text => render::text(&report, &options),
        Format::Json => report.to_json() + "\n",
        Format::Markdown => render::markdown(&report, &options),
    };
    let exit = if report.has_errors() { Exit::Findings } else { Exit::Clean };
    Ok(Outcome { stdout, stderr: String::new(), exit })
}

fn decode(args: &DecodeArgs, env: &Environment, stdin: &mut dyn Read) -> Result<Outcome, CliError> {
    let inputs = input::read_inputs(&args.inputs, stdin)?;
    let time = EvaluationTime { mode: TimeMode::Capture { issue_instant_fallback: false }, now: env.now };
    let report = maybe_redact(crate::analyze(&inputs, &Profile::numly_default(), time), args.redact);
    let options = RenderOptions { color: env.color(args.color), ..RenderOptions::default() };
    // What decoding met (inputs with nothing recognisable, repairs) goes to stderr, next to the messages.
    let mut stderr = String::new();
    for f in report.findings.iter().filter(|f| f.rule.starts_with("decode.")) {
        stderr.push_str(&format!("sso-doctor: {}[{}]: {}\n", f.severity, f.rule, f.message));
    }
    let exit = if report.messages.is_empty() {
        stderr.push_str("sso-doctor: no SAML message found in the inputs; 'sso-doctor check' says what was found\n");
        Exit::Findings
    } else {
        Exit::Clean
    };
    Ok(Outcome { stdout: render::messages_text(&report, &options), stderr, exit })
}

fn explain(args: &ExplainArgs) -> Result<Outcome, CliError> {
    let stdout = match (&args.rule, args.list) {
        (Some(id), false) => explain::rule_doc(id)?,
        _ => explain::rule_list(),
    };
    Ok(Outcome { stdout, stderr: String::new(), exit: Exit::Clean })
}

fn maybe_redact(report: Report, wanted: bool) -> Report {
    if wanted {
        redact(&report)
    } else {
        report
    }
}

/// Writes the output; a closed pipe (`sso-doctor check x | head`) is not an error.
fn write_all(stream: &mut dyn Write, text: &str) -> Result<(), CliError> {
    match stream.write_all(text.as_bytes()).and_then(|()| stream.flush()) {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => Err(CliError::Write(e)),
        _ => Ok(()),
    }
}

/// The current time in Unix seconds.
fn clock_now() -> i64 {
    // The one place sso-doctor reads the clock: the core never does (on wasm32 it would panic); the CLI passes this
    // in as the last-resort evaluation time.
    #[allow(clippy::disallowed_methods)]
    let since_epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    since_epoch.map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_text(env: &Environment, extra: &[&str]) -> String {
        let mut args = vec!["sso-doctor", "check"];
        args.extend_from_slice(extra);
        args.push("-");
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let exit = run(args, env, &mut &b"hello"[..], &mut out, &mut err);
        assert_eq!(exit, Exit::Clean, "{}", String::from_utf8_lossy(&err));
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn colour_only_on_a_terminal_without_no_color_unless_forced() {
        let terminal = Environment { now: 0, stdout_is_terminal: true, no_color: false };
        assert!(check_text(&terminal, &[]).contains('\u{1b}'));
        assert!(!check_text(&terminal, &["--color", "never"]).contains('\u{1b}'));
        assert!(!check_text(&terminal, &["--format", "markdown"]).contains('\u{1b}'));
        let no_color = Environment { no_color: true, ..terminal };
        assert!(!check_text(&no_color, &[]).contains('\u{1b}'));
        let pipe = Environment { stdout_is_terminal: false, ..terminal };
        assert!(!check_text(&pipe, &[]).contains('\u{1b}'));
        assert!(check_text(&pipe, &["--color", "always"]).contains('\u{1b}'));
    }

    #[test]
    fn without_at_or_capture_time_the_callers_clock_is_used() {
        let env = Environment { now: 1_714_564_800, stdout_is_terminal: false, no_color: true };
        let out = check_text(&env, &["--format", "json"]);
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(report["evaluated_at"], "2024-05-01T12:00:00Z");
        assert_eq!(report["time_source"], "now");
    }

    #[test]
    fn a_closed_pipe_is_not_an_error() {
        struct ClosedPipe;
        impl Write for ClosedPipe {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let env = Environment { now: 0, stdout_is_terminal: false, no_color: true };
        let mut err = Vec::new();
        let exit = run(["sso-doctor", "explain", "--list"], &env, &mut std::io::empty(), &mut ClosedPipe, &mut err);
        assert_eq!(exit, Exit::Clean);
        assert!(err.is_empty());
    }
}
