//! The analysis status line: waiting for typing to pause, analysing (with the input size), failed, or empty.

use yew::prelude::*;

use crate::ui::view::human_bytes;

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
        html! {
            <p class="status running">
                <progress aria-label="Analysing"></progress>
                { format!(" Analysing {}… {elapsed} s", human_bytes(props.bytes)) }
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
