//! The report: what the CLI prints (text, JSON, Markdown) and the web app shows.
//!
//! The JSON form is a stable, documented object (see `docs/json.md`): `findings` holds objects with `rule`,
//! `severity`, `message` and the evidence.

use serde::Serialize;

use crate::analysis::Analysis;
use crate::decode::{Binding, DecodeStep, Source};
use crate::finding::{Finding, Severity};
use crate::profile::Profile;
use crate::time::{format_rfc3339, TimeSource};

/// Version of the JSON shape; bumped on any incompatible change.
pub const REPORT_FORMAT_VERSION: u32 = 1;

/// The result of analysing one trace.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// JSON shape version.
    pub format_version: u32,
    /// The evaluation time used, RFC 3339.
    pub evaluated_at: String,
    /// The evaluation time used, Unix seconds.
    pub evaluated_at_unix: i64,
    /// Where the evaluation time came from.
    pub time_source: TimeSource,
    /// The clock skew tolerated, seconds.
    pub clock_skew_seconds: i64,
    /// The profile in use.
    pub profile: Profile,
    /// The SAML messages found, in trace order.
    pub messages: Vec<MessageSummary>,
    /// The trace in order: requests, SAML messages (Responses linked to their AuthnRequest) and sign-in errors.
    pub timeline: Vec<crate::trace::TimelineEvent>,
    /// The findings, errors first.
    pub findings: Vec<Finding>,
    /// Counts per severity.
    pub summary: Summary,
}

/// Finding counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
}

/// One message as shown in the report.
#[derive(Debug, Clone, Serialize)]
pub struct MessageSummary {
    /// Position in the trace.
    pub index: usize,
    /// `AuthnRequest`, `Response`, `Metadata`, … or `Unparsed`.
    pub kind: String,
    /// The message `ID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Where it was found.
    pub source: Source,
    /// How it travelled.
    pub binding: Binding,
    /// How it was decoded.
    pub steps: Vec<DecodeStep>,
    /// The decoded XML text as received.
    pub xml: String,
    /// Why the XML did not parse, if it did not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parse_error: Option<String>,
    /// Key fields for the summary card (name → value), in display order.
    pub fields: Vec<(String, String)>,
}

impl Report {
    /// Builds the report from the analysis and the rules' findings.
    pub fn new(analysis: &Analysis, mut findings: Vec<Finding>) -> Self {
        findings.sort_by_key(|f| f.severity);
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        let summary = Summary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        };
        let messages = analysis
            .messages
            .iter()
            .map(|m| MessageSummary {
                index: m.index,
                kind: m.kind().to_owned(),
                id: m.id().map(str::to_owned),
                source: m.decoded.source.clone(),
                binding: m.decoded.binding,
                steps: m.decoded.steps.clone(),
                xml: m.decoded.xml.clone(),
                parse_error: m.document.as_ref().err().map(ToString::to_string),
                fields: crate::report::fields::key_fields(m),
            })
            .collect();
        Report {
            format_version: REPORT_FORMAT_VERSION,
            evaluated_at: format_rfc3339(analysis.at),
            evaluated_at_unix: analysis.at,
            time_source: analysis.time_source.clone(),
            clock_skew_seconds: analysis.profile.clock_skew(),
            profile: analysis.profile.clone(),
            messages,
            timeline: analysis.timeline(),
            findings,
            summary,
        }
    }

    /// Whether any finding is an error (the CLI exits 1 then).
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

pub mod fields;
pub mod redact;
pub mod render;
