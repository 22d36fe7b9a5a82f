//! Wording shared by the views: times relative to the evaluation time, severity groups, labels. Pure and tested
//! natively.

use crate::finding::Severity;
use crate::time::{human_duration, parse_datetime, TimeSource};

/// The key fields that hold an `xs:dateTime`.
pub const TIME_FIELDS: &[&str] = &["IssueInstant", "NotBefore", "NotOnOrAfter"];

/// What the evaluation time is called in sentences: `the capture`, `now`, `the chosen time`.
pub fn time_reference(source: &TimeSource) -> &'static str {
    match source {
        TimeSource::HarEntry | TimeSource::IssueInstant => "the capture",
        TimeSource::Now => "now",
        TimeSource::Explicit => "the chosen time",
    }
}

/// Where the evaluation time came from, in words.
pub fn time_source_label(source: &TimeSource) -> &'static str {
    match source {
        TimeSource::HarEntry => "capture time (HAR entry)",
        TimeSource::IssueInstant => "capture time (latest IssueInstant)",
        TimeSource::Now => "now (this browser's clock)",
        TimeSource::Explicit => "the chosen time",
    }
}

/// A time field relative to the evaluation time, e.g. `expired 3 min before the capture`; `None` if the value is not
/// a valid `xs:dateTime`.
pub fn relative_time(field: &str, value: &str, at: i64, source: &TimeSource) -> Option<String> {
    let t = parse_datetime(value)?;
    let diff = t - at;
    let d = human_duration(diff);
    let reference = time_reference(source);
    let when = |before: bool| {
        if matches!(source, TimeSource::Now) {
            if before {
                format!("{d} ago")
            } else {
                format!("in {d}")
            }
        } else if before {
            format!("{d} before {reference}")
        } else {
            format!("{d} after {reference}")
        }
    };
    Some(match field {
        "NotOnOrAfter" if diff <= 0 => format!("expired {}", when(true)),
        "NotOnOrAfter" => format!("expires {}", when(false)),
        "NotBefore" if diff > 0 => format!("not yet valid: starts {}", when(false)),
        "NotBefore" => format!("valid since {}", when(true)),
        _ if diff == 0 => format!("at {reference}"),
        _ if diff < 0 => format!("issued {}", when(true)),
        _ => format!("issued {} (clock ahead?)", when(false)),
    })
}

/// Findings grouped by severity, errors first; empty groups are left out.
pub fn by_severity<T>(findings: &[T], severity_of: impl Fn(&T) -> Severity) -> Vec<(Severity, Vec<&T>)> {
    [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .map(|s| (s, findings.iter().filter(|f| severity_of(f) == s).collect::<Vec<_>>()))
        .filter(|(_, group)| !group.is_empty())
        .collect()
}

/// The heading of a severity group: `2 errors`, `1 warning`, `3 notes`.
pub fn severity_heading(severity: Severity, count: usize) -> String {
    let (one, many) = match severity {
        Severity::Error => ("error", "errors"),
        Severity::Warning => ("warning", "warnings"),
        Severity::Info => ("note", "notes"),
    };
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Where a certificate's validity stands at the evaluation time, in words, and the share of its lifetime used
/// (0–100, for the validity bar).
pub fn validity(not_before: i64, not_after: i64, at: i64, source: &TimeSource) -> (String, u8) {
    let reference = time_reference(source);
    let lifetime = (not_after - not_before).max(1);
    let used = u8::try_from((at - not_before).clamp(0, lifetime) * 100 / lifetime).unwrap_or(100);
    let text = if at < not_before {
        format!("not yet valid at {reference}: starts {} later", human_duration(not_before - at))
    } else if at > not_after {
        format!("expired {} before {reference}", human_duration(at - not_after))
    } else {
        format!("valid at {reference}; expires {} later", human_duration(not_after - at))
    };
    (text, used)
}

/// Reads the value of an `<input type="datetime-local">` (`2026-11-27T09:26` or with seconds) as a UTC time.
pub fn parse_datetime_local(value: &str) -> Option<i64> {
    let v = value.trim();
    match v.len() {
        16 => parse_datetime(&format!("{v}:00Z")),
        19.. => parse_datetime(&format!("{}Z", v.trim_end_matches(['Z', 'z']))),
        _ => None,
    }
}

/// A UTC time as the value of an `<input type="datetime-local" step="1">` (`2026-11-27T09:26:53`).
pub fn format_datetime_local(unix: i64) -> String {
    crate::time::format_rfc3339(unix).trim_end_matches('Z').to_owned()
}

/// A UTC time for people: `2026-11-27 09:26:53 UTC`.
pub fn format_utc(unix: i64) -> String {
    format!("{} UTC", format_datetime_local(unix).replacen('T', " ", 1))
}

/// A byte count in words: `812 B`, `4.2 KB`, `96.0 MB`.
pub fn human_bytes(n: usize) -> String {
    if n < 1024 {
        format!("{n} B")
    } else if n < 1024 * 1024 {
        format!("{} KB", tenths(n, 1024))
    } else {
        format!("{} MB", tenths(n, 1024 * 1024))
    }
}

/// `n / unit` with one decimal, rounded as `format!("{:.1}", n as f64 / unit as f64)` rounds (`n / unit` is exact in
/// an f64: to the nearest, ties to even) — in integers, so that the wasm needs no float formatting (10 KB).
fn tenths(n: usize, unit: usize) -> String {
    let (scaled, unit) = (n as u64 * 10, unit as u64);
    let (mut q, r) = (scaled / unit, scaled % unit);
    if 2 * r > unit || (2 * r == unit && q % 2 == 1) {
        q += 1;
    }
    format!("{}.{}", q / 10, q % 10)
}

/// Timelines with more steps than this show at first only their key steps (SAML messages, errors, certificates) with
/// the requests around them: a HAR of thousands of requests would otherwise cost the page a long render.
pub const TIMELINE_CONDENSE_STEPS: usize = 150;

/// Requests kept before and after each key step of a condensed timeline.
pub const TIMELINE_CONTEXT_STEPS: usize = 3;

/// A row of a timeline as shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineRow {
    /// The step at this index.
    Step(usize),
    /// `count` steps left out, the first at index `from`.
    Hidden {
        /// The first step left out.
        from: usize,
        /// How many.
        count: usize,
    },
}

/// The rows of a timeline whose step `i` is a key step when `key[i]`: every step when there are at most
/// [`TIMELINE_CONDENSE_STEPS`], else the key steps, [`TIMELINE_CONTEXT_STEPS`] steps on each side of them and, when
/// there is no key step at all, the first [`TIMELINE_CONDENSE_STEPS`]; each run of the rest is one `Hidden` row.
pub fn timeline_rows(key: &[bool]) -> Vec<TimelineRow> {
    if key.len() <= TIMELINE_CONDENSE_STEPS {
        return (0..key.len()).map(TimelineRow::Step).collect();
    }
    let mut shown = vec![false; key.len()];
    if key.iter().any(|&k| k) {
        for (i, _) in key.iter().enumerate().filter(|(_, &k)| k) {
            let end = (i + TIMELINE_CONTEXT_STEPS + 1).min(key.len());
            shown[i.saturating_sub(TIMELINE_CONTEXT_STEPS)..end].fill(true);
        }
    } else {
        shown[..TIMELINE_CONDENSE_STEPS].fill(true);
    }
    let mut rows = Vec::new();
    for (i, &show) in shown.iter().enumerate() {
        match (show, rows.last_mut()) {
            (true, _) => rows.push(TimelineRow::Step(i)),
            (false, Some(TimelineRow::Hidden { count, .. })) => *count += 1,
            (false, _) => rows.push(TimelineRow::Hidden { from: i, count: 1 }),
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT: i64 = 1_795_000_000;

    fn at_plus(secs: i64) -> String {
        crate::time::format_rfc3339(AT + secs)
    }

    #[test]
    fn relative_times_read_like_a_sentence() {
        let src = TimeSource::IssueInstant;
        assert_eq!(
            relative_time("NotOnOrAfter", &at_plus(-180), AT, &src).as_deref(),
            Some("expired 3 min before the capture")
        );
        assert_eq!(
            relative_time("NotOnOrAfter", &at_plus(3600), AT, &src).as_deref(),
            Some("expires 1 h after the capture")
        );
        assert_eq!(
            relative_time("NotBefore", &at_plus(120), AT, &TimeSource::Explicit).as_deref(),
            Some("not yet valid: starts 2 min after the chosen time")
        );
        assert_eq!(
            relative_time("IssueInstant", &at_plus(-2), AT, &TimeSource::Now).as_deref(),
            Some("issued 2 s ago")
        );
        assert_eq!(relative_time("IssueInstant", &at_plus(0), AT, &src).as_deref(), Some("at the capture"));
        assert_eq!(relative_time("NotBefore", "yesterday", AT, &src), None);
    }

    #[test]
    fn groups_errors_first_and_skips_empty_groups() {
        let doc = crate::rules::catalogue().next().unwrap().doc();
        let f = |s| crate::finding::Finding::new(doc, "m").severity(s);
        let findings = vec![f(Severity::Info), f(Severity::Error), f(Severity::Info)];
        let groups = by_severity(&findings, |f| f.severity);
        assert_eq!(
            groups.iter().map(|(s, g)| (*s, g.len())).collect::<Vec<_>>(),
            vec![(Severity::Error, 1), (Severity::Info, 2)]
        );
        assert_eq!(severity_heading(Severity::Info, 2), "2 notes");
        assert_eq!(severity_heading(Severity::Error, 1), "1 error");
    }

    #[test]
    fn validity_bar_and_words() {
        let src = TimeSource::IssueInstant;
        assert_eq!(validity(AT - 100, AT + 100, AT, &src).1, 50);
        assert_eq!(validity(AT - 200, AT - 100, AT, &src), ("expired 1 min before the capture".to_owned(), 100));
        assert_eq!(validity(AT + 60, AT + 100, AT, &src).1, 0);
        assert!(validity(AT + 60, AT + 100, AT, &src).0.starts_with("not yet valid"));
    }

    #[test]
    fn datetime_local_round_trip() {
        assert_eq!(parse_datetime_local("2026-11-27T09:26"), Some(parse_datetime("2026-11-27T09:26:00Z").unwrap()));
        assert_eq!(parse_datetime_local(&format_datetime_local(AT)), Some(AT));
        assert_eq!(parse_datetime_local(""), None);
        assert_eq!(parse_datetime_local("2026-11-27"), None);
        assert_eq!(format_utc(0), "1970-01-01 00:00:00 UTC");
    }

    #[test]
    fn bytes_in_words() {
        assert_eq!(human_bytes(812), "812 B");
        assert_eq!(human_bytes(4300), "4.2 KB");
        assert_eq!(human_bytes(100 * 1024 * 1024), "100.0 MB");
        assert_eq!((human_bytes(1280), human_bytes(1792)), ("1.2 KB".to_owned(), "1.8 KB".to_owned()));
        // As the f64 formatting it replaces gave: every size up to 3 MiB, the ties of both units, and the limits.
        #[allow(clippy::cast_precision_loss)]
        let by_float = |n: usize| match n {
            0..1024 => format!("{n} B"),
            1024..1_048_576 => format!("{:.1} KB", n as f64 / 1024.0),
            _ => format!("{:.1} MB", n as f64 / 1_048_576.0),
        };
        let ties = (0..4096).flat_map(|k| [256 + 512 * k, (1 << 18) + (1 << 19) * k]);
        for n in (0..3 << 20).chain(ties).chain([usize::MAX / 16, u32::MAX as usize, 200 << 20, (200 << 20) + 1]) {
            assert_eq!(human_bytes(n), by_float(n), "{n}");
        }
    }

    #[test]
    fn a_long_timeline_shows_its_key_steps_with_some_context() {
        use TimelineRow::{Hidden, Step};
        let short = vec![false; TIMELINE_CONDENSE_STEPS];
        assert_eq!(timeline_rows(&short).len(), TIMELINE_CONDENSE_STEPS, "short timelines are shown whole");
        let mut key = vec![false; 1002];
        key[1] = true;
        key[500] = true;
        key[504] = true;
        let rows = timeline_rows(&key);
        let mut expected: Vec<TimelineRow> = (0..=4).map(Step).collect();
        expected.push(Hidden { from: 5, count: 492 });
        expected.extend((497..=507).map(Step));
        expected.push(Hidden { from: 508, count: 494 });
        assert_eq!(rows, expected);
        // Every step is either shown or counted once.
        let total: usize = rows.iter().map(|r| if let Hidden { count, .. } = r { *count } else { 1 }).sum();
        assert_eq!(total, key.len());
        // No key step: the beginning.
        let rows = timeline_rows(&[false; 400]);
        assert_eq!(rows.len(), TIMELINE_CONDENSE_STEPS + 1);
        assert_eq!(rows.last(), Some(&Hidden { from: TIMELINE_CONDENSE_STEPS, count: 400 - TIMELINE_CONDENSE_STEPS }));
        let mut key = vec![false; 300];
        key[299] = true;
        assert_eq!(
            timeline_rows(&key),
            vec![Hidden { from: 0, count: 296 }, Step(296), Step(297), Step(298), Step(299)]
        );
    }
}
