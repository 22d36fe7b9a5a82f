//! The "No problems found" state, with what was checked.

use yew::prelude::*;

use crate::rules;

/// Props of [`NoProblems`].
#[derive(Properties, PartialEq)]
pub struct NoProblemsProps {
    /// How many messages were analysed.
    pub messages: usize,
}

/// The clean state.
#[function_component(NoProblems)]
pub fn no_problems(props: &NoProblemsProps) -> Html {
    let docs: Vec<_> = rules::catalogue().map(rules::Rule::doc).collect();
    html! {
        <div class="no-problems" id="no-problems">
            <h2>{ "Every check passed" }</h2>
            <p>
                { format!(
                    "{} message(s) passed all {} checks. If sign-in still fails, add the rest of the trace (a HAR \
                     export of the whole sign-in) or the error text the user saw.",
                    props.messages,
                    docs.len()
                ) }
            </p>
            <details id="checks">
                <summary>{ format!("What was checked ({} rules)", docs.len()) }</summary>
                <ul class="checks">
                    { for docs.iter().map(|d| html! {
                        <li data-rule={d.id}><code>{ d.id }</code>{ " — " }{ d.title }</li>
                    }) }
                </ul>
            </details>
        </div>
    }
}
