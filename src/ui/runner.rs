//! Runs analyses for the app: debounced while the user types, on the page for small traces (a pasted message is
//! analysed in milliseconds) and in a Web Worker for large ones, so a 100 MB HAR never freezes the page: a large
//! dropped file goes to the worker as the browser's `File` (a handle, not a copy) and only the worker reads it. A newer
//! request cancels an older one: a pending timer is dropped, and a busy worker is terminated and replaced (the core
//! cannot be interrupted half-way, the worker can).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast as _, JsValue};
use yew::Callback;

use crate::ui::report_view::ReportView;
use crate::ui::state::{Action, AnalysisRequest, InputData, TimeChoice};
use crate::ui::worker_protocol::{Job, Reply};

/// How long typing must pause before the analysis runs.
pub const DEBOUNCE_MS: u32 = 250;

/// Traces at least this large are analysed in the worker.
pub const WORKER_THRESHOLD_BYTES: usize = 512 * 1024;

/// The worker's bootstrap script, next to index.html (`static/analysis-worker.js`).
pub const WORKER_SCRIPT: &str = "analysis-worker.js";

/// Owns the pending analysis and the worker; dropping it cancels both.
#[derive(Default)]
pub struct Runner {
    pending: Option<Timeout>,
    worker: Rc<RefCell<Option<AnalysisWorker>>>,
}

impl Runner {
    /// Schedules the analysis of `request`, replacing any pending one; the outcome comes back as actions.
    pub fn submit(&mut self, request: AnalysisRequest, dispatch: Callback<Action>) {
        let delay = if request.debounce { DEBOUNCE_MS } else { 0 };
        let worker = self.worker.clone();
        self.pending = Some(Timeout::new(delay, move || {
            let generation = request.generation;
            dispatch.emit(Action::AnalysisStarted(generation));
            let busy = worker.borrow().as_ref().and_then(|w| w.busy.get()).is_some();
            if busy {
                // Cancel the stale job for real.
                worker.borrow_mut().take();
            }
            if request.bytes < WORKER_THRESHOLD_BYTES && request.in_memory() {
                dispatch.emit(match request.run() {
                    Ok(report) => Action::AnalysisFinished { generation, report: Rc::new(report) },
                    Err(message) => Action::AnalysisFailed { generation, message },
                });
                return;
            }
            if worker.borrow().is_none() {
                match AnalysisWorker::spawn(dispatch.clone()) {
                    Ok(w) => *worker.borrow_mut() = Some(w),
                    Err(message) => {
                        dispatch.emit(Action::AnalysisFailed { generation, message });
                        return;
                    }
                }
            }
            if let Some(w) = worker.borrow().as_ref() {
                w.send(&request);
            }
        }));
    }

    /// Cancels the pending or running analysis: the timer is dropped and a busy worker terminated (the next
    /// analysis starts a new one).
    pub fn cancel(&mut self) {
        self.pending = None;
        let busy = self.worker.borrow().as_ref().and_then(|w| w.busy.get()).is_some();
        if busy {
            self.worker.borrow_mut().take();
        }
    }
}

/// A running analysis worker.
struct AnalysisWorker {
    worker: web_sys::Worker,
    ready: Rc<Cell<bool>>,
    /// A job sent before the worker was ready: (message, transfer list).
    queued: Rc<RefCell<Option<(JsValue, JsValue)>>>,
    /// The generation being analysed.
    busy: Rc<Cell<Option<u64>>>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

impl AnalysisWorker {
    fn spawn(dispatch: Callback<Action>) -> Result<Self, String> {
        let glue = glue_url().ok_or("the page does not say where its wasm-bindgen glue is (#sso-doctor-assets)")?;
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options(WORKER_SCRIPT, &options)
            .map_err(|_| format!("the analysis worker ({WORKER_SCRIPT}) could not be started"))?;
        // The worker runs this very module: send it compiled, with the glue that instantiates it.
        let bootstrap = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&bootstrap, &"glue".into(), &JsValue::from_str(&glue));
        let _ = js_sys::Reflect::set(&bootstrap, &"module".into(), &wasm_bindgen::module());
        worker.post_message(&bootstrap).map_err(|_| "the analysis worker refused its module".to_owned())?;
        let ready = Rc::new(Cell::new(false));
        let queued: Rc<RefCell<Option<(JsValue, JsValue)>>> = Rc::new(RefCell::new(None));
        let busy = Rc::new(Cell::new(None));

        let on_message = {
            let (ready, queued, busy, dispatch, port) =
                (ready.clone(), queued.clone(), busy.clone(), dispatch.clone(), worker.clone());
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                // `[reply JSON, texts…]` (see `Reply::texts`).
                let parts = js_sys::Array::from(&event.data());
                let header = parts.get(0).as_string().unwrap_or_default();
                let texts = parts.iter().skip(1).map(|t| t.as_string().unwrap_or_default()).collect();
                match Reply::from_parts(&header, texts) {
                    Ok(Reply::Ready) => {
                        ready.set(true);
                        if let Some((message, transfer)) = queued.borrow_mut().take() {
                            let _ = port.post_message_with_transfer(&message, &transfer);
                        }
                    }
                    Ok(Reply::Started { .. }) => {}
                    Ok(Reply::Progress { generation, progress }) => {
                        dispatch.emit(Action::AnalysisProgress { generation, progress });
                    }
                    Ok(Reply::Done { generation, output }) => {
                        busy.set(None);
                        dispatch.emit(match ReportView::from_output(output) {
                            Ok(report) => Action::AnalysisFinished { generation, report: Rc::new(report) },
                            Err(message) => Action::AnalysisFailed { generation, message },
                        });
                    }
                    Ok(Reply::Failed { generation, message }) => {
                        busy.set(None);
                        dispatch.emit(Action::AnalysisFailed { generation, message });
                    }
                    Ok(Reply::Unreadable { generation, index, message }) => {
                        busy.set(None);
                        dispatch.emit(Action::InputUnreadable { generation, index, message });
                    }
                    Err(e) => {
                        let generation = busy.take().unwrap_or_default();
                        dispatch
                            .emit(Action::AnalysisFailed { generation, message: format!("garbled worker reply: {e}") });
                    }
                }
            })
        };
        let on_error = {
            let busy = busy.clone();
            Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |event: web_sys::ErrorEvent| {
                let generation = busy.take().unwrap_or_default();
                dispatch.emit(Action::AnalysisFailed {
                    generation,
                    message: format!("the analysis worker stopped: {}", event.message()),
                });
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(AnalysisWorker { worker, ready, queued, busy, _on_message: on_message, _on_error: on_error })
    }

    /// Sends a job: a file the page did not read goes as the browser's `File` (structured clone shares its data, the
    /// worker reads it); bytes in the page's memory are copied out of it once and transferred.
    fn send(&self, request: &AnalysisRequest) {
        let job = Job {
            generation: request.generation,
            names: request.inputs.iter().map(|(name, _)| name.clone()).collect(),
            profile: request.profile.clone(),
            time: TimeChoice::of_mode(request.time.mode),
            now: request.time.now,
            reported: request.reported.as_deref().map(<[_]>::to_vec),
        };
        let buffers = js_sys::Array::new();
        let transfer = js_sys::Array::new();
        for (_, data) in &request.inputs {
            match data {
                InputData::Bytes(bytes) => {
                    let array = js_sys::Uint8Array::from(&bytes[..]);
                    transfer.push(&array.buffer());
                    buffers.push(&array);
                }
                InputData::File(file) => {
                    // Only `browser::read_files` makes file inputs, always around a `web_sys::File`.
                    buffers.push(file.handle::<web_sys::File>().map_or(&JsValue::NULL, |f| f.as_ref()));
                }
            }
        }
        let message =
            js_sys::Array::of2(&JsValue::from_str(&serde_json::to_string(&job).unwrap_or_default()), &buffers);
        self.busy.set(Some(request.generation));
        if self.ready.get() {
            let _ = self.worker.post_message_with_transfer(&message, &transfer);
        } else {
            *self.queued.borrow_mut() = Some((message.into(), transfer.into()));
        }
    }
}

/// The absolute URL of the app's wasm-bindgen glue, from the asset list Trunk writes into the page.
fn glue_url() -> Option<String> {
    let document = gloo::utils::document();
    let assets = document.get_element_by_id("sso-doctor-assets")?.text_content()?;
    let assets: serde_json::Value = serde_json::from_str(&assets).ok()?;
    let base = document.base_uri().ok().flatten()?;
    web_sys::Url::new_with_base(assets["js"].as_str()?, &base).ok().map(|u| u.href())
}

impl Drop for AnalysisWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
