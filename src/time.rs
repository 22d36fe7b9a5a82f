//! Time values. The core never reads the clock: the evaluation time is passed in by the caller (CLI or web app).

use serde::Serialize;

/// An `xs:dateTime` as written in a message, with its value in Unix seconds when it parses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instant {
    /// The text as written.
    pub raw: String,
    /// Unix seconds (UTC); `None` if the text is not a valid `xs:dateTime`.
    pub unix: Option<i64>,
}

impl Instant {
    /// Parses an `xs:dateTime` (SAML requires UTC; a missing zone is read as UTC).
    pub fn parse(raw: &str) -> Self {
        Instant { raw: raw.to_owned(), unix: parse_datetime(raw) }
    }
}

/// Parses an RFC 3339 / `xs:dateTime` text into Unix seconds (fractions dropped). A missing time zone is UTC.
pub fn parse_datetime(text: &str) -> Option<i64> {
    use time::format_description::well_known::Rfc3339;
    let t = text.trim();
    if let Ok(dt) = time::OffsetDateTime::parse(t, &Rfc3339) {
        return Some(dt.unix_timestamp());
    }
    // `xs:dateTime` without a zone, or with a lowercase `z`.
    let with_zone = format!("{}Z", t.trim_end_matches(['Z', 'z']));
    time::OffsetDateTime::parse(&with_zone, &Rfc3339).ok().map(time::OffsetDateTime::unix_timestamp)
}

/// Formats Unix seconds as RFC 3339 UTC (`2024-05-01T12:00:00Z`).
pub fn format_rfc3339(unix: i64) -> String {
    use time::format_description::well_known::Rfc3339;
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| format!("@{unix}"))
}

/// A duration in words: `3 min`, `2 h 5 min`, `4 days`.
pub fn human_duration(secs: i64) -> String {
    let s = secs.unsigned_abs();
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min", s / 60),
        3600..=86_399 => {
            let (h, m) = (s / 3600, (s % 3600) / 60);
            if m == 0 {
                format!("{h} h")
            } else {
                format!("{h} h {m} min")
            }
        }
        _ => {
            let d = s / 86_400;
            if d == 1 {
                "1 day".to_owned()
            } else {
                format!("{d} days")
            }
        }
    }
}

/// How the evaluation time is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "mode", rename_all = "kebab-case")]
pub enum TimeMode {
    /// The caller's current time.
    Now,
    /// The capture time: the first HAR entry's `startedDateTime`, else (when `issue_instant_fallback`) the latest
    /// message `IssueInstant`, else the caller's current time.
    Capture {
        /// Whether a pasted message's `IssueInstant` counts as its capture time (the web app: yes; the CLI: no).
        issue_instant_fallback: bool,
    },
    /// A time the user chose (`--at`).
    At {
        /// Unix seconds.
        unix: i64,
    },
}

/// The evaluation time request: a mode plus the caller's clock reading (used by `Now` and as the last fallback).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EvaluationTime {
    /// How to choose.
    pub mode: TimeMode,
    /// The caller's current time, Unix seconds.
    pub now: i64,
}

impl EvaluationTime {
    /// A fixed time.
    pub fn at(unix: i64) -> Self {
        EvaluationTime { mode: TimeMode::At { unix }, now: unix }
    }
}

/// Where the time actually used came from (stated in every report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimeSource {
    /// Chosen by the user.
    Explicit,
    /// A HAR entry's `startedDateTime`.
    HarEntry,
    /// A message's `IssueInstant`.
    IssueInstant,
    /// The current time.
    Now,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_saml_times() {
        assert_eq!(parse_datetime("2014-07-17T01:01:48Z"), Some(1_405_558_908));
        assert_eq!(parse_datetime("2014-07-17T01:01:48.123Z"), Some(1_405_558_908));
        assert_eq!(parse_datetime("2014-07-17T01:01:48"), Some(1_405_558_908));
        assert_eq!(parse_datetime("2014-07-17T03:01:48+02:00"), Some(1_405_558_908));
        assert_eq!(parse_datetime("yesterday"), None);
        assert_eq!(format_rfc3339(1_405_558_908), "2014-07-17T01:01:48Z");
    }

    #[test]
    fn words_for_durations() {
        assert_eq!(human_duration(42), "42 s");
        assert_eq!(human_duration(-180), "3 min");
        assert_eq!(human_duration(3600 + 300), "1 h 5 min");
        assert_eq!(human_duration(86_400 * 4), "4 days");
    }
}
