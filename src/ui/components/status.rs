//! The analysis status line: waiting for typing to pause, analysing (with the input size, the progress the worker
//! reports — "Scanning HAR: 312 / 840 entries" — and a cancel button), cancelled, failed, or empty.

use yew::prelude::*;

use crate::ui::view::human_bytes;
use crate::ui::worker_protocol::ProgressView;

/// Props of [`Status`].
#[derive(Properties, PartialEq)]
pub struct StatusProps {
    /// Whether the report shown is out of date.
    pub stale: bool,
    /// Whether an analysis is running.
    pub running: bool,
    /// Size of the trace in bytes.
    pub bytes: usize,
    /// Why the analysis failed.
    pub error: Option<String>,
    /// Whether the trace is empty.
    pub empty: bool,
    /// How far the running analysis has come, if it says.
    pub progress: Option<ProgressView>,
    /// Whether a running analysis can be cancelled (it runs in the worker).
    pub cancellable: bool,
    /// Whether the user cancelled the analysis.
    pub cancelled: bool,
    /// Cancels the running analysis.
    pub on_cancel: Callback<()>,
    /// Runs the cancelled analysis again.
    pub on_reanalyse: Callback<()>,
}

/// The status line.
#[function_component(Status)]
pub fn status(props: &StatusProps) -> Html {
    // While an analysis runs, count the seconds (a large HAR takes a while; the page stays responsive).
    let started = use_mut_ref(|| 0.0_f64);
    let tick = use_state(|| 0_u32);
    {
        let (started, tick) = (started.clone(), tick.clone());
        use_effect_with(props.running, move |running| {
            *started.borrow_mut() = js_sys::Date::now();
            let interval =
                running.then(|| gloo::timers::callback::Interval::new(500, move || tick.set(tick.wrapping_add(1))));
            move || drop(interval)
        });
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // whole seconds of a running analysis
    let elapsed = ((js_sys::Date::now() - *started.borrow()) / 1000.0).max(0.0) as u64;
    let content = if let Some(e) = &props.error {
        html! { <p class="status error" role="alert">{ format!("The analysis failed: {e}") }</p> }
    } else if props.running {
        let meter = match &props.progress {
            Some(ProgressView { done, total, .. }) if *total > 0 => html! {
                <progress aria-label="Analysing" max={total.to_string()} value={done.to_string()}></progress>
            },
            _ => html! { <progress aria-label="Analysing"></progress> },
        };
        let detail = props.progress.as_ref().map(|p| format!(" — {}", p.text)).unwrap_or_default();
        html! {
            <p class="status running">
                { meter }
                <span class="status-text">{ format!(" Analysing {}{detail}… {elapsed} s ", human_bytes(props.bytes)) }</span>
                if props.cancellable {
                    <button type="button" id="cancel-analysis" class="secondary"
                        onclick={props.on_cancel.reform(|_| ())}>{ "Cancel" }</button>
                }
            </p>
        }
    } else if props.cancelled {
        html! {
            <p class="status cancelled">
                { "Analysis cancelled. " }
                <button type="button" id="reanalyse" class="secondary"
                    onclick={props.on_reanalyse.reform(|_| ())}>{ "Analyse again" }</button>
            </p>
        }
    } else if props.stale {
        html! { <p class="status pending">{ "Waiting for you to pause typing…" }</p> }
    } else if props.empty {
        html! {
            <p class="status empty">
                { "Paste a trace, drop files, or try an example to see a diagnosis." }
            </p>
        }
    } else {
        html! {}
    };
    html! { <div id="status" role="status" aria-live="polite">{ content }</div> }
}
