//! The trace in order: requests, SAML messages and sign-in errors, with a "SAML only" filter.

use yew::prelude::*;

use crate::ui::report_view::EventView;
use crate::ui::state::ReportHandle;
use crate::ui::view::format_utc;

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
    let shown = events.iter().filter(|e| !*saml_only || matches!(e.event, EventView::Message { .. }));
    html! {
        <section id="timeline" class="panel timeline" aria-labelledby="timeline-heading">
            <div class="timeline-head">
                <h2 id="timeline-heading">{ format!("Timeline ({} steps)", events.len()) }</h2>
                <label class="checkbox" for="timeline-saml-only">
                    <input type="checkbox" id="timeline-saml-only" checked={*saml_only} {onchange} />
                    { "SAML messages only" }
                </label>
            </div>
            <ol class="timeline-list">
                { for shown.map(|step| {
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
                        <li class={classes!("step", kind)} data-event={kind}>
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
