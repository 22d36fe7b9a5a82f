//! A rule's documentation in a modal dialog (native `<dialog>`: focus moves in, Escape closes, focus returns).

use yew::prelude::*;

use crate::rules;
use crate::ui::components::rich_text::RichText;

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
    let onclose = props.on_close.reform(|_: Event| ());
    let on_button = props.on_close.reform(|_: MouseEvent| ());
    let doc = props.rule.and_then(rules::explain);
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
                    <h3>{ "What it does" }</h3>
                    <RichText text={d.what} />
                    <h3>{ "Why is this bad?" }</h3>
                    <RichText text={d.why} />
                    <h3>{ "Example" }</h3>
                    <RichText text={d.example} />
                    <h3>{ "How to fix" }</h3>
                    <RichText text={d.fix} />
                    <h3>{ "References" }</h3>
                    <ul class="references">
                        { for d.references.iter().map(|r| if r.starts_with("https://") {
                            // Core text, never input: a plain link the user may follow (in a new tab, no referrer).
                            html! { <li><a href={*r} target="_blank" rel="noopener noreferrer">{ *r }</a></li> }
                        } else {
                            html! { <li>{ *r }</li> }
                        }) }
                    </ul>
                </article>
            }
        </dialog>
    }
}
