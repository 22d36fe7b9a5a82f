//! The analysis Web Worker: the app's own wasm module, started by `static/analysis-worker.js` in a worker scope.
//! It receives a [`Job`] header and the inputs (bytes, or `File`s the page never read, which it reads here with
//! `FileReaderSync`, at most [`MAX_INPUT_BYTES`] + 1 bytes of each), runs the core's analysis off the page's thread,
//! and answers with the report JSON and Markdown (strings of their own next to the reply's JSON). The page terminates
//! and replaces the worker to cancel a job that a newer input made stale.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast as _, JsValue};

use crate::decode::{Input, MAX_INPUT_BYTES};
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
            post(&replies, &reply);
        }
    });
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The worker lives as long as its global scope: the handler must too.
    handler.forget();
    post(&scope, &Reply::Ready);
}

/// Posts a reply to the page: `[JSON, texts…]` (see [`Reply::texts`]).
fn post(scope: &web_sys::DedicatedWorkerGlobalScope, reply: &Reply) {
    let message = js_sys::Array::of1(&JsValue::from_str(&reply.to_json()));
    for text in reply.texts() {
        message.push(&JsValue::from_str(text));
    }
    let _ = scope.post_message(&message);
}

/// Runs one job: `data` is `[header JSON, [Uint8Array or Blob…]]`.
fn handle(data: &JsValue, scope: &web_sys::DedicatedWorkerGlobalScope) -> Vec<Reply> {
    let message = js_sys::Array::from(data);
    let header = message.get(0).as_string().unwrap_or_default();
    let job: Job = match serde_json::from_str(&header) {
        Ok(job) => job,
        Err(e) => return vec![Reply::Failed { generation: 0, message: format!("unreadable job: {e}") }],
    };
    let buffers = js_sys::Array::from(&message.get(1));
    let mut inputs = Vec::with_capacity(job.names.len());
    for (index, name) in job.names.iter().enumerate() {
        let data = buffers.get(u32::try_from(index).unwrap_or(u32::MAX));
        let bytes = if let Some(array) = data.dyn_ref::<js_sys::Uint8Array>() {
            array.to_vec()
        } else if let Some(blob) = data.dyn_ref::<web_sys::Blob>() {
            let reading = ProgressView { text: format!("Reading {name}"), done: 0, total: 0 };
            post(scope, &Reply::Progress { generation: job.generation, progress: reading });
            match read_blob(blob) {
                Ok(bytes) => bytes,
                Err(message) => return vec![Reply::Unreadable { generation: job.generation, index, message }],
            }
        } else {
            let message = "the page sent no content for it".to_owned();
            return vec![Reply::Unreadable { generation: job.generation, index, message }];
        };
        inputs.push(Input { name: name.clone(), bytes });
    }
    let bytes = inputs.iter().map(|i| i.bytes.len()).sum();
    post(scope, &Reply::Started { generation: job.generation, bytes });
    // The core reports every HAR entry and never reads the clock: the throttle is here.
    let mut last_sent = f64::NEG_INFINITY;
    let mut on_progress = |progress: crate::analysis::Progress| {
        let now = js_sys::Date::now();
        if is_milestone(&progress) || now - last_sent >= PROGRESS_INTERVAL_MS {
            last_sent = now;
            post(scope, &Reply::Progress { generation: job.generation, progress: ProgressView::from(progress) });
        }
    };
    let (profile, time) = (&job.profile, job.evaluation_time());
    let report = match &job.reported {
        Some(reported) => crate::analysis::analyze_reported(&inputs, profile, time, reported, &mut on_progress),
        None => crate::analysis::analyze_with_progress(&inputs, profile, time, &mut on_progress),
    };
    vec![Reply::done(job.generation, AnalysisOutput::of(&report))]
}

/// Reads a `File` or `Blob` into this module's memory: at most [`MAX_INPUT_BYTES`] + 1 bytes, which is all the core
/// reads of a larger input (it reports `decode.too-large` for it), so a file of any size costs at most that much.
fn read_blob(blob: &web_sys::Blob) -> Result<Vec<u8>, String> {
    #[allow(clippy::cast_precision_loss)] // 200 MiB + 1 is exact in an f64
    let end = (MAX_INPUT_BYTES + 1) as f64;
    let head = if blob.size() > end { blob.slice_with_f64_and_f64(0.0, end).map_err(js_error)? } else { blob.clone() };
    let buffer = web_sys::FileReaderSync::new().map_err(js_error)?.read_as_array_buffer(&head).map_err(js_error)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A JavaScript exception in words (`NotReadableError: …`).
#[allow(clippy::needless_pass_by_value)] // used as `map_err(js_error)`
fn js_error(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| format!("{}: {}", String::from(e.name()), String::from(e.message())))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the browser could not read it".to_owned())
}
