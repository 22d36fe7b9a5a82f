//! "Evaluate at": the capture time, now, or a chosen time; the time actually used is always shown, and switching
//! re-evaluates at once.

use yew::prelude::*;

use crate::ui::state::{ReportHandle, TimeChoice};
use crate::ui::view::{format_datetime_local, format_utc, parse_datetime_local, time_source_label};

/// Props of [`TimeSelector`].
#[derive(Properties, PartialEq)]
pub struct TimeSelectorProps {
    /// The current choice.
    pub choice: TimeChoice,
    /// The latest report (for the time actually used).
    pub report: Option<ReportHandle>,
    /// A new choice.
    pub on_change: Callback<TimeChoice>,
}

/// The evaluation time selector.
#[function_component(TimeSelector)]
pub fn time_selector(props: &TimeSelectorProps) -> Html {
    let used = props.report.as_ref().map(|r| (r.0.evaluated_at_unix, r.0.time_source.clone()));
    let radio = |id: &'static str, label: &'static str, value: TimeChoice, checked: bool| {
        let on_change = props.on_change.clone();
        let onchange = Callback::from(move |_: Event| on_change.emit(value));
        html! {
            <label class="radio" for={id}>
                <input type="radio" name="time-mode" {id} {checked} {onchange} />
                { label }
            </label>
        }
    };
    // While "capture" or "now" is selected, the chosen-time field offers the time last used as a starting point.
    let at_value = match props.choice {
        TimeChoice::At(t) => t,
        _ => used.as_ref().map_or(0, |(t, _)| *t),
    };
    let on_datetime = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(t) = parse_datetime_local(&input.value()) {
                on_change.emit(TimeChoice::At(t));
            }
        })
    };
    html! {
        <section class="panel time-panel" aria-labelledby="time-heading">
            <fieldset>
                <legend id="time-heading">{ "Evaluate times at" }</legend>
                { radio("time-capture", "Capture time", TimeChoice::Capture, props.choice == TimeChoice::Capture) }
                { radio("time-now", "Now", TimeChoice::Now, props.choice == TimeChoice::Now) }
                { radio("time-at", "Chosen time (UTC):", TimeChoice::At(at_value), matches!(props.choice, TimeChoice::At(_))) }
                <input
                    type="datetime-local"
                    id="time-at-value"
                    step="1"
                    aria-label="Chosen evaluation time, UTC"
                    value={format_datetime_local(at_value)}
                    onchange={on_datetime}
                />
            </fieldset>
            <p class="time-used" id="time-used" data-unix={used.as_ref().map(|(t, _)| t.to_string())}>
                if let Some((t, source)) = used {
                    { "Using " }<strong>{ format_utc(t) }</strong>{ format!(" — {}", time_source_label(&source)) }
                } else {
                    { "No analysis yet." }
                }
            </p>
        </section>
    }
}
