//! One finding: severity, rule id, message, expected vs actual, where, the fix, and "learn more".

use yew::prelude::*;

use crate::rules;
use crate::ui::report_view::FindingView;

/// Props of [`FindingCard`].
#[derive(Properties, PartialEq)]
pub struct FindingCardProps {
    /// The finding.
    pub finding: FindingView,
    /// "Learn more" was pressed.
    pub on_learn_more: Callback<&'static str>,
    /// The finding comes from a signature result a share link's sender reported.
    #[prop_or_default]
    pub reported: bool,
}

/// A finding card.
#[function_component(FindingCard)]
pub fn finding_card(props: &FindingCardProps) -> Html {
    let f = &props.finding;
    // The catalogue entry (also gives the rule id as a `'static` str for the documentation dialog).
    let doc = rules::explain(&f.rule);
    let onclick = {
        let on_learn_more = props.on_learn_more.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(d) = doc {
                on_learn_more.emit(d.id);
            }
        })
    };
    let severity = f.severity.as_str();
    html! {
        <li class={classes!("finding", severity)} data-rule={f.rule.clone()} data-severity={severity}
            data-reported={props.reported.then_some("true")}>
            <div class="finding-head">
                <span class={classes!("badge", severity)}>{ severity }</span>
                <code class="rule-id">{ &f.rule }</code>
                if let Some(doc) = doc {
                    <span class="rule-title">{ doc.title }</span>
                }
            </div>
            <p class="finding-message">{ &f.message }</p>
            if props.reported {
                <p class="reported-note">
                    { "From the signature result the share link reports: verified before redaction by whoever shared \
                       this link; the redacted copy cannot be re-verified." }
                </p>
            }
            if f.expected.is_some() || f.actual.is_some() {
                <dl class="compare">
                    if let Some(e) = &f.expected {
                        <div class="expected"><dt>{ "Expected" }</dt><dd><code>{ e }</code></dd></div>
                    }
                    if let Some(a) = &f.actual {
                        <div class="actual"><dt>{ "Actual" }</dt><dd><code>{ a }</code></dd></div>
                    }
                </dl>
            }
            if f.subject.is_some() || f.location.is_some() {
                <p class="finding-where">
                    if let Some(s) = &f.subject {
                        <a href={format!("#message-{}", s.index + 1)} class="subject-link">
                            { format!("Message {} ({}{})", s.index + 1, s.kind, s.id.as_ref().map(|i| format!(" {i}")).unwrap_or_default()) }
                        </a>
                    }
                    if let Some(l) = &f.location {
                        <span class="location">{ l }</span>
                    }
                </p>
            }
            <div class="fix">
                <strong>{ "Fix: " }</strong>{ &f.fix }
            </div>
            if doc.is_some() {
                <button type="button" class="link-button learn-more" {onclick} aria-haspopup="dialog">
                    { format!("Learn more about {}", f.rule) }
                </button>
            }
        </li>
    }
}
