//! The command line, declared with clap's derive API.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Exit status: 0 no error-severity finding, 1 at least one (check) or no SAML message found (decode),
2 usage error, unreadable input or bad profile.

Examples:
  sso-doctor check trace.har
  sso-doctor check --profile acme.toml --at 2024-05-01T12:00:00Z saml-response.txt
  pbpaste | sso-doctor check --redact --format markdown -
  sso-doctor decode request-url.txt
  sso-doctor explain decode.unrecognized";

/// Diagnoses failed SAML single sign-on (Microsoft Entra ID → NumlyEngage on Amazon Cognito).
#[derive(Debug, Parser)]
#[command(name = "sso-doctor", version, after_help = AFTER_HELP)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse the inputs as one sign-in trace and report what is wrong and how to fix it.
    #[command(after_help = AFTER_HELP)]
    Check(CheckArgs),
    /// Show every SAML message found in the inputs: its kind, where it was found, how it was decoded, and its XML.
    Decode(DecodeArgs),
    /// Print a rule's documentation; without a rule (or with --list), list every rule.
    Explain(ExplainArgs),
}

/// `sso-doctor check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The expected configuration as TOML (keys: tenant_id, identifier, reply_url, sign_on_url,
    /// certificate_thumbprints, required_claims, clock_skew_seconds); default: the built-in NumlyEngage profile.
    #[arg(long, short = 'p', value_name = "FILE.toml")]
    pub profile: Option<PathBuf>,
    /// When to evaluate time conditions: an instant (RFC 3339, e.g. 2024-05-01T12:00:00Z), `now`, or `capture`
    /// (a HAR entry's startedDateTime, else the latest message IssueInstant — for a ticket's pasted response —,
    /// else now). Default: a HAR entry's startedDateTime, else now.
    #[arg(long, value_name = "RFC3339|now|capture", value_parser = parse_at)]
    pub at: Option<AtChoice>,
    /// Output format: text for reading, json for scripts (see docs/json.md), markdown for a support ticket.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text, value_name = "FORMAT")]
    pub format: Format,
    /// Replace personal data (e-mail addresses, phone numbers, NameIDs, names, object ids) with consistent
    /// placeholders; issuers, audiences, URLs, certificates and times are kept.
    #[arg(long)]
    pub redact: bool,
    /// Include each message's XML (text: pretty-printed; markdown: as received). JSON always includes it.
    #[arg(long)]
    pub xml: bool,
    /// When to colour the text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Files to analyse as one trace: a HAR export, a SAMLResponse, a Redirect URL, metadata, a certificate, an
    /// error text… Use - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
}

/// `sso-doctor decode`.
#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// Replace personal data with consistent placeholders (as `check --redact`).
    #[arg(long)]
    pub redact: bool,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Files to decode (- for standard input).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
}

/// `sso-doctor explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule id, e.g. decode.unrecognized.
    #[arg(value_name = "RULE")]
    pub rule: Option<String>,
    /// List every rule id with its severity and title.
    #[arg(long, conflicts_with = "rule")]
    pub list: bool,
}

/// The output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-friendly text, findings grouped by severity.
    Text,
    /// The report as JSON (stable shape, see docs/json.md).
    Json,
    /// Markdown for a support ticket.
    Markdown,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When standard output is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Parses `--at`: an RFC 3339 time (a missing time zone is read as UTC), as Unix seconds.
/// The `--at` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtChoice {
    /// A chosen instant, Unix seconds.
    Instant(i64),
    /// The current time.
    Now,
    /// The capture time, with the messages' IssueInstant as a fallback.
    Capture,
}

fn parse_at(value: &str) -> Result<AtChoice, String> {
    match value {
        "now" => Ok(AtChoice::Now),
        "capture" => Ok(AtChoice::Capture),
        _ => crate::time::parse_datetime(value).map(AtChoice::Instant).ok_or_else(|| {
            "expected an RFC 3339 time such as 2024-05-01T12:00:00Z (UTC) or 2024-05-01T14:00:00+02:00, `now` or \
             `capture`"
                .into()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn at_takes_rfc3339_and_rejects_the_rest() {
        assert_eq!(parse_at("2024-05-01T12:00:00Z"), Ok(AtChoice::Instant(1_714_564_800)));
        assert_eq!(parse_at("capture"), Ok(AtChoice::Capture));
        assert_eq!(parse_at("now"), Ok(AtChoice::Now));
        assert_eq!(parse_at("2024-05-01T14:00:00+02:00"), Ok(AtChoice::Instant(1_714_564_800)));
        assert!(parse_at("yesterday").unwrap_err().contains("RFC 3339"));
    }
}
