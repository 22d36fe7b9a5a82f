//! The analysis Web Worker: the app's own wasm module, started by `static/analysis-worker.js` in a worker scope.
//! It receives a [`Job`] header and the input bytes, runs the core's analysis off the page's thread, and answers
//! with the report JSON and Markdown. The page terminates and replaces the worker to cancel a job that a newer input
//! made stale.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast as _, JsValue};

use crate::decode::Input;
use crate::ui::report_view::AnalysisOutput;
use crate::ui::worker_protocol::{is_milestone, Job, ProgressView, Reply};

/// Least time between two progress messages to the page (the first and last of a phase are always sent).
pub const PROGRESS_INTERVAL_MS: f64 = 50.0;

/// Installs the message handler and tells the page the worker is ready. Called by `ui::start` in a worker scope.
pub fn run() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let handler = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        for reply in handle(&event.data(), &replies) {
            let _ = replies.post_message(&JsValue::from_str(&reply.to_json()));
        }
    });
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The worker lives as long as its global scope: the handler must too.
    handler.forget();
    let _ = scope.post_message(&JsValue::from_str(&Reply::Ready.to_json()));
}

/// Runs one job: `data` is `[header JSON, [Uint8Array…]]`.
fn handle(data: &JsValue, scope: &web_sys::DedicatedWorkerGlobalScope) -> Vec<Reply> {
    let message = js_sys::Array::from(data);
    let header = message.get(0).as_string().unwrap_or_default();
    let job: Job = match serde_json::from_str(&header) {
        Ok(job) => job,
        Err(e) => return vec![Reply::Failed { generation: 0, message: format!("unreadable job: {e}") }],
    };
    let buffers = js_sys::Array::from(&message.get(1));
    let inputs: Vec<Input> = job
        .names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let bytes = buffers.get(i as u32).dyn_into::<js_sys::Uint8Array>().map(|a| a.to_vec()).unwrap_or_default();
            Input { name: name.clone(), bytes }
        })
        .collect();
    let bytes = inputs.iter().map(|i| i.bytes.len()).sum();
    let started = Reply::Started { generation: job.generation, bytes };
    let _ = scope.post_message(&JsValue::from_str(&started.to_json()));
    // The core reports every HAR entry and never reads the clock: the throttle is here.
    let mut last_sent = f64::NEG_INFINITY;
    let mut on_progress = |progress: crate::analysis::Progress| {
        let now = js_sys::Date::now();
        if is_milestone(&progress) || now - last_sent >= PROGRESS_INTERVAL_MS {
            last_sent = now;
            let reply = Reply::Progress { generation: job.generation, progress: ProgressView::from(progress) };
            let _ = scope.post_message(&JsValue::from_str(&reply.to_json()));
        }
    };
    let (profile, time) = (&job.profile, job.evaluation_time());
    let report = match &job.reported {
        Some(reported) => crate::analysis::analyze_reported(&inputs, profile, time, reported, &mut on_progress),
        None => crate::analysis::analyze_with_progress(&inputs, profile, time, &mut on_progress),
    };
    vec![Reply::done(job.generation, AnalysisOutput::of(&report))]
}
