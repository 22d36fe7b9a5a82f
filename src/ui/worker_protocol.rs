//! The messages between the page and the analysis Web Worker. The input bytes travel as transferred
//! `Uint8Array`s next to a JSON header (no copy, no serialisation of megabytes); everything else is JSON.

use serde::{Deserialize, Serialize};

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
}
