//! The messages between the page and the analysis Web Worker. The inputs travel next to a JSON header as transferred
//! `Uint8Array`s (bytes in the page's memory) or as the browser's `File`s (large files the page never read; the
//! worker reads them); no serialisation of megabytes. Everything else is JSON, except the texts a finished analysis
//! sends back (report JSON, Markdown: [`Reply::texts`]), which travel next to the reply's JSON as strings of their
//! own. The page reads the replies by hand ([`Reply::from_parts`], over a `serde_json::Value`): serde's derived reader
//! of this enum cost 14 KB of wasm.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::analysis::Progress;
use crate::decode::DecodeProgress;
use crate::profile::Profile;
use crate::time::{EvaluationTime, TimeMode};
use crate::ui::json_fields::{required, string, uint, uint64, Read};
use crate::ui::report_view::AnalysisOutput;
use crate::ui::state::TimeChoice;

/// The header of an analysis job (input `i` is element `i` of the accompanying array: a `Uint8Array` or a `Blob`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    /// The state generation it was made for.
    pub generation: u64,
    /// Input names, in order.
    pub names: Vec<String>,
    /// The profile.
    pub profile: Profile,
    /// The time choice.
    pub time: TimeChoice,
    /// The page's clock reading, Unix seconds.
    pub now: i64,
    /// A redacted shared trace's reported signature results (see [`crate::analysis::analyze_reported`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported: Option<Vec<crate::dsig::ReportedMessage>>,
}

/// What the worker says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reply", rename_all = "kebab-case")]
pub enum Reply {
    /// The worker is listening (messages sent before this would be lost).
    Ready,
    /// The job arrived and the analysis started.
    Started {
        /// Its generation.
        generation: u64,
        /// Total input size.
        bytes: usize,
    },
    /// How far the analysis has come (the worker sends a few a second at most).
    Progress {
        /// Its generation.
        generation: u64,
        /// Where it is.
        progress: ProgressView,
    },
    /// The analysis finished.
    Done {
        /// Its generation.
        generation: u64,
        /// What it produced (posted next to the JSON, see [`Reply::texts`]).
        #[serde(skip_serializing)]
        output: AnalysisOutput,
    },
    /// Input `index` could not be read (a file that changed or vanished since it was dropped); nothing was analysed.
    Unreadable {
        /// Its generation.
        generation: u64,
        /// The input's index in the job.
        index: usize,
        /// What the browser said.
        message: String,
    },
    /// The job could not be read.
    Failed {
        /// Its generation (0 if unknown).
        generation: u64,
        /// Why.
        message: String,
    },
}

/// The core's [`Progress`] as the page shows it: the words of the status line and the counts of its meter. (A plain
/// struct on purpose: a serde enum here cost 10 KB of wasm.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgressView {
    /// What the status line says, e.g. "Scanning HAR: 312 / 840 entries".
    pub text: String,
    /// Done so far (HAR entries scanned, or inputs decoded).
    pub done: usize,
    /// Of how many (0 when unknown: the meter then spins).
    pub total: usize,
}

impl From<Progress> for ProgressView {
    fn from(progress: Progress) -> Self {
        match progress {
            Progress::Decoding(DecodeProgress { inputs_done, inputs_total, har_entries: Some((scanned, entries)) }) => {
                let which = if inputs_total > 1 {
                    format!(" (input {} of {inputs_total})", inputs_done + 1)
                } else {
                    String::new()
                };
                ProgressView {
                    text: format!("Scanning HAR: {scanned} / {entries} entries{which}"),
                    done: scanned,
                    total: entries,
                }
            }
            Progress::Decoding(DecodeProgress { inputs_done, inputs_total, har_entries: None }) => ProgressView {
                text: format!("Decoded {inputs_done} of {inputs_total} inputs"),
                done: inputs_done,
                total: inputs_total,
            },
            Progress::Checking { messages } => ProgressView {
                text: format!("Checking {messages} SAML message{}", if messages == 1 { "" } else { "s" }),
                done: 0,
                total: 0,
            },
        }
    }
}

/// Whether a progress report starts or ends a phase (the worker always sends those, and throttles the rest).
pub fn is_milestone(progress: &Progress) -> bool {
    match progress {
        Progress::Decoding(DecodeProgress { har_entries: Some((scanned, entries)), .. }) => {
            *scanned == 0 || scanned == entries
        }
        Progress::Decoding(_) | Progress::Checking { .. } => true,
    }
}

impl Job {
    /// The evaluation time of the job.
    pub fn evaluation_time(&self) -> EvaluationTime {
        EvaluationTime { mode: self.time.mode(), now: self.now }
    }
}

impl Reply {
    /// The reply to a finished analysis.
    pub fn done(generation: u64, output: AnalysisOutput) -> Self {
        Reply::Done { generation, output }
    }

    /// As JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self)
            .unwrap_or_else(|e| format!("{{\"reply\":\"failed\",\"generation\":0,\"message\":\"{e}\"}}"))
    }
}

impl Reply {
    /// The texts posted next to the JSON of [`Reply::to_json`]: for `Done` its output's report JSON, Markdown, redacted
    /// JSON and redacted Markdown, as strings of their own (not escaped into the JSON: the page parses the report
    /// once); none for the other replies.
    pub fn texts(&self) -> Vec<&str> {
        match self {
            Reply::Done { output, .. } => {
                vec![&output.json, &output.markdown, &output.redacted_json, &output.redacted_markdown]
            }
            _ => Vec::new(),
        }
    }

    /// Reads a posted reply: the JSON of [`Reply::to_json`] and the [`Reply::texts`].
    pub fn from_parts(header: &str, texts: Vec<String>) -> Read<Self> {
        let v: Value = serde_json::from_str(header).map_err(|e| e.to_string())?;
        let generation = || uint64(&v, "generation");
        Ok(match string(&v, "reply")?.as_str() {
            "ready" => Reply::Ready,
            "started" => Reply::Started { generation: generation()?, bytes: uint(&v, "bytes")? },
            "progress" => {
                let p = required(&v, "progress")?;
                let progress =
                    ProgressView { text: string(p, "text")?, done: uint(p, "done")?, total: uint(p, "total")? };
                Reply::Progress { generation: generation()?, progress }
            }
            "done" => {
                let count = texts.len();
                let [json, markdown, redacted_json, redacted_markdown] = <[String; 4]>::try_from(texts)
                    .map_err(|_| format!("a finished analysis sent {count} texts, not 4"))?;
                let output = AnalysisOutput { json, markdown, redacted_json, redacted_markdown };
                Reply::Done { generation: generation()?, output }
            }
            "unreadable" => Reply::Unreadable {
                generation: generation()?,
                index: uint(&v, "index")?,
                message: string(&v, "message")?,
            },
            "failed" => Reply::Failed { generation: generation()?, message: string(&v, "message")? },
            other => return Err(format!("unknown reply '{other}'")),
        })
    }
}

impl TimeChoice {
    /// The choice a core time mode stands for.
    pub fn of_mode(mode: TimeMode) -> Self {
        match mode {
            TimeMode::Now => TimeChoice::Now,
            TimeMode::Capture { .. } => TimeChoice::Capture,
            TimeMode::At { unix } => TimeChoice::At(unix),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_and_replies_round_trip() {
        let job = Job {
            generation: 7,
            names: vec!["trace.har".into()],
            profile: Profile { tenant_id: Some("x".into()), ..Profile::default() },
            time: TimeChoice::At(42),
            now: 99,
            reported: None,
        };
        let text = serde_json::to_string(&job).unwrap();
        assert_eq!(serde_json::from_str::<Job>(&text).unwrap(), job);
        assert_eq!(job.evaluation_time(), EvaluationTime { mode: TimeMode::At { unix: 42 }, now: 99 });
        for reply in [
            Reply::Ready,
            Reply::Started { generation: 1, bytes: 5 },
            Reply::Progress {
                generation: 1,
                progress: ProgressView { text: "Scanning HAR: 3 / 9 entries".into(), done: 3, total: 9 },
            },
            Reply::Done {
                generation: 2,
                output: AnalysisOutput {
                    json: "{}".into(),
                    markdown: "# r".into(),
                    redacted_json: "{}".into(),
                    redacted_markdown: "# r".into(),
                },
            },
            Reply::Unreadable { generation: 3, index: 1, message: "NotReadableError".into() },
            Reply::Failed { generation: 3, message: "bad".into() },
        ] {
            let texts = reply.texts().into_iter().map(str::to_owned).collect();
            assert_eq!(Reply::from_parts(&reply.to_json(), texts).unwrap(), reply);
        }
        let big = Reply::Started { generation: u64::MAX, bytes: 0 };
        assert_eq!(Reply::from_parts(&big.to_json(), Vec::new()).unwrap(), big);
        // The report and the Markdown travel beside the JSON, not escaped into it.
        let done = Reply::done(4, AnalysisOutput::of(&crate::analyze(&[], &Profile::default(), EvaluationTime::at(1))));
        assert_eq!(done.to_json(), r#"{"reply":"done","generation":4}"#);
        assert_eq!(done.texts().len(), 4);
        for n in [0, 3, 5] {
            assert!(Reply::from_parts(&done.to_json(), vec![String::new(); n]).is_err());
        }
        for garbled in [
            "",
            "[]",
            r#"{"generation": 1}"#,
            r#"{"reply": "finished", "generation": 1}"#,
            r#"{"reply": "started", "generation": 1}"#,
            r#"{"reply": "started", "generation": -1, "bytes": 5}"#,
            r#"{"reply": "progress", "generation": 1, "progress": {"text": "x", "done": 1}}"#,
            r#"{"reply": "failed", "generation": 3, "message": 4}"#,
        ] {
            assert!(Reply::from_parts(garbled, Vec::new()).is_err(), "{garbled}");
        }
        for choice in [TimeChoice::Now, TimeChoice::Capture, TimeChoice::At(5)] {
            assert_eq!(TimeChoice::of_mode(choice.mode()), choice);
        }
    }

    #[test]
    fn progress_reads_as_the_status_line_says_it() {
        let har = |scanned, entries, inputs_done, inputs_total| {
            Progress::Decoding(DecodeProgress { inputs_done, inputs_total, har_entries: Some((scanned, entries)) })
        };
        let view = ProgressView::from(har(312, 840, 0, 1));
        assert_eq!((view.text.as_str(), view.done, view.total), ("Scanning HAR: 312 / 840 entries", 312, 840));
        assert_eq!(ProgressView::from(har(5, 9, 1, 3)).text, "Scanning HAR: 5 / 9 entries (input 2 of 3)");
        assert!(is_milestone(&har(0, 840, 0, 1)) && is_milestone(&har(840, 840, 0, 1)));
        assert!(!is_milestone(&har(312, 840, 0, 1)));
        let decoded = Progress::Decoding(DecodeProgress { inputs_done: 2, inputs_total: 3, har_entries: None });
        assert!(is_milestone(&decoded));
        let view = ProgressView::from(decoded);
        assert_eq!((view.text.as_str(), view.done, view.total), ("Decoded 2 of 3 inputs", 2, 3));
        assert_eq!(ProgressView::from(Progress::Checking { messages: 1 }).text, "Checking 1 SAML message");
        let view = ProgressView::from(Progress::Checking { messages: 4 });
        assert_eq!((view.text.as_str(), view.total), ("Checking 4 SAML messages", 0));
    }
}
