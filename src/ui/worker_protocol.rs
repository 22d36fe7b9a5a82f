//! The messages between the page and the analysis Web Worker. The input bytes travel as transferred
//! `Uint8Array`s next to a JSON header (no copy, no serialisation of megabytes); everything else is JSON.

use serde::{Deserialize, Serialize};

use crate::analysis::Progress;
use crate::decode::DecodeProgress;
use crate::profile::Profile;
use crate::time::{EvaluationTime, TimeMode};
use crate::ui::report_view::AnalysisOutput;
use crate::ui::state::TimeChoice;

/// The header of an analysis job (the bytes of input `i` are element `i` of the accompanying array).
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
}

/// What the worker says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
        /// What it produced.
        output: AnalysisOutput,
    },
    /// The job could not be read.
    Failed {
        /// Its generation (0 if unknown).
        generation: u64,
        /// Why.
        message: String,
    },
}

/// The core's [`Progress`] as the page shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "kebab-case")]
pub enum ProgressView {
    /// Inputs decoded so far.
    Decoding {
        /// Inputs fully decoded.
        inputs_done: usize,
        /// Inputs in the trace.
        inputs_total: usize,
    },
    /// Scanning the entries of a HAR capture.
    ScanningHar {
        /// Entries scanned so far.
        scanned: usize,
        /// Entries in the capture.
        entries: usize,
        /// Which input (1-based) it is.
        input: usize,
        /// Inputs in the trace.
        inputs_total: usize,
    },
    /// Parsing, verifying and checking the messages found.
    Checking {
        /// How many.
        messages: usize,
    },
}

impl From<Progress> for ProgressView {
    fn from(progress: Progress) -> Self {
        match progress {
            Progress::Decoding(DecodeProgress { inputs_done, inputs_total, har_entries: Some((scanned, entries)) }) => {
                ProgressView::ScanningHar { scanned, entries, input: inputs_done + 1, inputs_total }
            }
            Progress::Decoding(DecodeProgress { inputs_done, inputs_total, har_entries: None }) => {
                ProgressView::Decoding { inputs_done, inputs_total }
            }
            Progress::Checking { messages } => ProgressView::Checking { messages },
        }
    }
}

impl ProgressView {
    /// What the status line says, e.g. "Scanning HAR: 312 / 840 entries".
    pub fn text(&self) -> String {
        match *self {
            ProgressView::Decoding { inputs_done, inputs_total } => {
                format!("Decoded {inputs_done} of {inputs_total} inputs")
            }
            ProgressView::ScanningHar { scanned, entries, input, inputs_total } => {
                let which =
                    if inputs_total > 1 { format!(" (input {input} of {inputs_total})") } else { String::new() };
                format!("Scanning HAR: {scanned} / {entries} entries{which}")
            }
            ProgressView::Checking { messages: 1 } => "Checking 1 SAML message".to_owned(),
            ProgressView::Checking { messages } => format!("Checking {messages} SAML messages"),
        }
    }

    /// Whether this report starts or ends a phase (the worker always sends those, and throttles the rest).
    pub fn is_milestone(&self) -> bool {
        match *self {
            ProgressView::ScanningHar { scanned, entries, .. } => scanned == 0 || scanned == entries,
            ProgressView::Decoding { .. } | ProgressView::Checking { .. } => true,
        }
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
        };
        let text = serde_json::to_string(&job).unwrap();
        assert_eq!(serde_json::from_str::<Job>(&text).unwrap(), job);
        assert_eq!(job.evaluation_time(), EvaluationTime { mode: TimeMode::At { unix: 42 }, now: 99 });
        for reply in [
            Reply::Ready,
            Reply::Started { generation: 1, bytes: 5 },
            Reply::Progress {
                generation: 1,
                progress: ProgressView::ScanningHar { scanned: 3, entries: 9, input: 1, inputs_total: 1 },
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
            Reply::Failed { generation: 3, message: "bad".into() },
        ] {
            assert_eq!(serde_json::from_str::<Reply>(&reply.to_json()).unwrap(), reply);
        }
        for choice in [TimeChoice::Now, TimeChoice::Capture, TimeChoice::At(5)] {
            assert_eq!(TimeChoice::of_mode(choice.mode()), choice);
        }
    }

    #[test]
    fn progress_reads_as_the_status_line_says_it() {
        let har = |scanned, entries, inputs_done, inputs_total| {
            ProgressView::from(Progress::Decoding(DecodeProgress {
                inputs_done,
                inputs_total,
                har_entries: Some((scanned, entries)),
            }))
        };
        assert_eq!(har(312, 840, 0, 1).text(), "Scanning HAR: 312 / 840 entries");
        assert_eq!(har(5, 9, 1, 3).text(), "Scanning HAR: 5 / 9 entries (input 2 of 3)");
        assert!(har(0, 840, 0, 1).is_milestone() && har(840, 840, 0, 1).is_milestone());
        assert!(!har(312, 840, 0, 1).is_milestone());
        let decoded = ProgressView::from(Progress::Decoding(DecodeProgress {
            inputs_done: 2,
            inputs_total: 3,
            har_entries: None,
        }));
        assert_eq!(decoded.text(), "Decoded 2 of 3 inputs");
        assert_eq!(ProgressView::from(Progress::Checking { messages: 1 }).text(), "Checking 1 SAML message");
        assert_eq!(ProgressView::from(Progress::Checking { messages: 4 }).text(), "Checking 4 SAML messages");
    }
}
