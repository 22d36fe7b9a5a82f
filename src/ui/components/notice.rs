//! A short, dismissible notice ("Share link copied"), announced to screen readers.

use yew::prelude::*;

/// Props of [`Notice`].
#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    /// The text, if any.
    pub text: Option<String>,
    /// The notice was dismissed.
    pub on_dismiss: Callback<()>,
}

/// The notice.
#[function_component(Notice)]
pub fn notice(props: &NoticeProps) -> Html {
    let onclick = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div id="notice" class="notice-region" role="status" aria-live="polite">
            if let Some(text) = &props.text {
                <div class="notice">
                    <span>{ text }</span>
                    <button type="button" class="notice-close" aria-label="Dismiss" {onclick}>{ "×" }</button>
                </div>
            }
        </div>
    }
}
