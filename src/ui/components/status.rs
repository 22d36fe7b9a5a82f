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
    let content = if let Some(e) = &props.error {
        html! { <p class="status error" role="alert">{ format!("The analysis failed: {e}") }</p> }
    } else if props.running {
        html! {
            <p class="status running">
                <progress aria-label="Analysing"></progress>
                { format!(" Analysing {}…", human_bytes(props.bytes)) }
            </p>
        }
    } else if props.stale {
        html! { <p class="status pending">{ "Analysing when you pause typing…" }</p> }
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
