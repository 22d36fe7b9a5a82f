//! The trace in order: requests, SAML messages and sign-in errors, with a "SAML only" filter. A long timeline (a HAR
//! of thousands of requests) shows at first its key steps with the requests around them, and a "Show all" button
//! (see [`timeline_rows`]).

use yew::prelude::*;

use crate::ui::report_view::EventView;
use crate::ui::state::ReportHandle;
use crate::ui::view::{format_utc, timeline_rows, TimelineRow};

/// Props of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The report.
    pub report: ReportHandle,
}

/// The timeline (shown when the trace has more than its messages: requests or errors).
#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let saml_only = use_state(|| false);
    let show_all = use_state_eq(|| false);
    {
        // A new report starts condensed again.
        let show_all = show_all.clone();
        use_effect_with(props.report.clone(), move |_| show_all.set(false));
    }
    let events = &props.report.0.timeline;
    let interesting = events.iter().any(|e| matches!(e.event, EventView::Request { .. } | EventView::Error { .. }));
    if events.len() < 2 || !interesting {
        return html! {};
    }
    let onchange = {
        let saml_only = saml_only.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            saml_only.set(input.checked());
        })
    };
    let rows: Vec<TimelineRow> = if *saml_only {
        let messages = events.iter().enumerate().filter(|(_, e)| matches!(e.event, EventView::Message { .. }));
        messages.map(|(i, _)| TimelineRow::Step(i)).collect()
    } else if *show_all {
        (0..events.len()).map(TimelineRow::Step).collect()
    } else {
        let key: Vec<bool> =
            events.iter().map(|e| !matches!(e.event, EventView::Request { .. } | EventView::Other)).collect();
        timeline_rows(&key)
    };
    let condensed = rows.iter().any(|r| matches!(r, TimelineRow::Hidden { .. }));
    let on_show_all = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(true))
    };
    html! {
        <section id="timeline" class="panel timeline" aria-labelledby="timeline-heading">
            <div class="timeline-head">
                <h2 id="timeline-heading">{ format!("Timeline ({} steps)", events.len()) }</h2>
                <label class="checkbox" for="timeline-saml-only">
                    <input type="checkbox" id="timeline-saml-only" checked={*saml_only} {onchange} />
                    { "SAML messages only" }
                </label>
                if condensed {
                    <button type="button" id="timeline-show-all" class="button small secondary" onclick={on_show_all}>
                        { format!("Show all {} steps", events.len()) }
                    </button>
                }
            </div>
            <ol class="timeline-list">
                { for rows.into_iter().map(|row| {
                    let step = match row {
                        TimelineRow::Step(i) => &events[i],
                        TimelineRow::Hidden { count, .. } => return html! {
                            <li class="step step-hidden" data-event="hidden">
                                <span class="step-time"></span>
                                <span class="step-body muted">{ format!("… {count} more request{}", if count == 1 { "" } else { "s" }) }</span>
                            </li>
                        },
                    };
                    let time = step.time.map(|t| format_utc(t).replacen(' ', "\u{a0}", 1)).unwrap_or_default();
                    let (kind, body) = match &step.event {
                        EventView::Request { method, url, status, redirect_to, party } => ("request", html! {
                            <>
                                <span class={classes!("party", party.clone())}>{ party_name(party) }</span>
                                <code class="method">{ method }</code>
                                <span class="url">{ url }</span>
                                if *status > 0 { <span class="muted">{ format!(" → {status}") }</span> }
                                if let Some(to) = redirect_to { <span class="muted redirect">{ format!(" → {to}") }</span> }
                            </>
                        }),
                        EventView::Message { message, kind, id, answers } => ("message", html! {
                            <>
                                <a href={format!("#message-{}", message + 1)}>{ format!("{}. {kind}", message + 1) }</a>
                                if let Some(id) = id { <span class="muted">{ format!(" {id}") }</span> }
                                if let Some(a) = answers { <span class="muted">{ format!(" — answers message {}", a + 1) }</span> }
                            </>
                        }),
                        EventView::Error { key, quote } => ("error", html! {
                            <><strong>{ key }</strong><span class="quote">{ format!(" “{quote}”") }</span></>
                        }),
                        EventView::Certificate => ("certificate", html! { { "Certificate" } }),
                        EventView::Other => ("other", html! { { "Other step" } }),
                    };
                    html! {
                        <li class={classes!("step", format!("step-{kind}"))} data-event={kind}>
                            <span class="step-time">{ time }</span>
                            <span class="step-body">{ body }</span>
                            <span class="step-source muted">{ step.source.describe() }</span>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

fn party_name(party: &str) -> &'static str {
    match party {
        "numly-engage" => "NumlyEngage",
        "cognito" => "Cognito",
        "entra" => "Entra ID",
        _ => "other",
    }
}
