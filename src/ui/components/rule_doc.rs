//! A rule's documentation in a modal dialog (native `<dialog>`: focus moves in, Escape closes, focus returns). The
//! id, title and severity are in the wasm; the long form comes from the documentation module, imported on the first
//! opening ([`crate::ui::rule_docs`]).

use std::rc::Rc;

use yew::prelude::*;

use crate::rules;
use crate::ui::components::rich_text::RichText;
use crate::ui::rule_docs::{self, LongDoc};

/// Props of [`RuleDocDialog`].
#[derive(Properties, PartialEq)]
pub struct RuleDocDialogProps {
    /// The rule to show, if any.
    pub rule: Option<&'static str>,
    /// The dialog was closed.
    pub on_close: Callback<()>,
}

/// The rule documentation dialog.
#[function_component(RuleDocDialog)]
pub fn rule_doc_dialog(props: &RuleDocDialogProps) -> Html {
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        use_effect_with(props.rule, move |rule| {
            if let Some(d) = dialog.cast::<web_sys::HtmlDialogElement>() {
                match (rule.is_some(), d.open()) {
                    (true, false) => {
                        let _ = d.show_modal();
                    }
                    (false, true) => d.close(),
                    _ => {}
                }
            }
        });
    }
    // The long form of the rule shown: (rule id, what the import gave).
    let long = use_state(|| None::<(&'static str, Result<Rc<LongDoc>, String>)>);
    // The rule last asked for: an answer for an earlier one (the first import can be slow) is dropped.
    let wanted = use_mut_ref(|| None::<&'static str>);
    {
        let long = long.clone();
        use_effect_with(props.rule, move |rule| {
            *wanted.borrow_mut() = *rule;
            if let Some(id) = *rule {
                if long.as_ref().is_none_or(|(shown, doc)| *shown != id || doc.is_err()) {
                    wasm_bindgen_futures::spawn_local(async move {
                        let doc = rule_docs::long_doc(id).await;
                        if *wanted.borrow() == Some(id) {
                            long.set(Some((id, doc)));
                        }
                    });
                }
            }
        });
    }
    let onclose = props.on_close.reform(|_: Event| ());
    let on_button = props.on_close.reform(|_: MouseEvent| ());
    let doc = props.rule.and_then(rules::explain);
    let body = match (doc, long.as_ref()) {
        (Some(d), Some((id, Ok(l)))) if *id == d.id => long_form(l),
        (Some(d), Some((id, Err(e)))) if *id == d.id => html! {
            <p class="rule-doc-error" role="alert">
                { format!("The full documentation could not be shown: {e}. ") }
                { "The command line prints it: " }<code>{ format!("sso-doctor explain {}", d.id) }</code>
            </p>
        },
        _ => html! { <p class="rule-doc-loading" aria-live="polite">{ "Loading the documentation…" }</p> },
    };
    html! {
        <dialog id="rule-doc" ref={dialog} aria-labelledby="rule-doc-title" {onclose}>
            if let Some(d) = doc {
                <article class="rule-doc" data-rule={d.id}>
                    <header class="rule-doc-head">
                        <h2 id="rule-doc-title"><code>{ d.id }</code><span>{ d.title }</span></h2>
                        <button type="button" class="button secondary small" id="rule-doc-close" onclick={on_button} autofocus=true>
                            { "Close" }
                        </button>
                    </header>
                    <p><span class={classes!("badge", d.severity.as_str())}>{ d.severity.as_str() }</span></p>
                    { body }
                </article>
            }
        </dialog>
    }
}

/// The sections of the long form.
fn long_form(l: &LongDoc) -> Html {
    html! {
        <>
            <h3>{ "What it does" }</h3>
            <RichText text={l.what.clone()} />
            <h3>{ "Why is this bad?" }</h3>
            <RichText text={l.why.clone()} />
            <h3>{ "Example" }</h3>
            <RichText text={l.example.clone()} />
            <h3>{ "How to fix" }</h3>
            <RichText text={l.fix.clone()} />
            <h3>{ "References" }</h3>
            <ul class="references">
                { for l.references.iter().map(|r| if r.starts_with("https://") {
                    // Core text, never input: a plain link the user may follow (in a new tab, no referrer).
                    html! { <li><a href={r.clone()} target="_blank" rel="noopener noreferrer">{ r.clone() }</a></li> }
                } else {
                    html! { <li>{ r.clone() }</li> }
                }) }
            </ul>
        </>
    }
}
