//! Runs analyses for the app: debounced while the user types, cancelled when a newer request arrives.

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::Callback;

use crate::ui::state::{Action, AnalysisRequest};

/// How long typing must pause before the analysis runs.
pub const DEBOUNCE_MS: u32 = 250;

/// Owns the pending analysis; dropping it (or submitting a newer request) cancels what has not started.
#[derive(Default)]
pub struct Runner {
    pending: Option<Timeout>,
}

impl Runner {
    /// Schedules the analysis of `request`, replacing any pending one; the outcome comes back as actions.
    pub fn submit(&mut self, request: AnalysisRequest, dispatch: Callback<Action>) {
        let delay = if request.debounce { DEBOUNCE_MS } else { 0 };
        self.pending = Some(Timeout::new(delay, move || {
            let generation = request.generation;
            dispatch.emit(Action::AnalysisStarted(generation));
            let report = crate::analyze(&request.inputs, &request.profile, request.time);
            dispatch.emit(Action::AnalysisFinished { generation, report: Rc::new(report) });
        }));
    }
}
