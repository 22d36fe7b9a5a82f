//! A small button that copies a value to the clipboard and says so.

use yew::prelude::*;

use crate::ui::browser;

/// Props of [`CopyButton`].
#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// The value to copy.
    pub value: AttrValue,
    /// What the value is, for the accessible label ("SHA-1 thumbprint").
    pub what: AttrValue,
}

/// The copy button.
#[function_component(CopyButton)]
pub fn copy_button(props: &CopyButtonProps) -> Html {
    let state = use_state(|| None::<bool>);
    let onclick = {
        let state = state.clone();
        let value = props.value.clone();
        Callback::from(move |_: MouseEvent| {
            let state = state.clone();
            browser::copy_text(&value, Callback::from(move |r: Result<(), String>| state.set(Some(r.is_ok()))));
        })
    };
    let label = match *state {
        None => "Copy",
        Some(true) => "Copied",
        Some(false) => "Copy failed",
    };
    html! {
        <button type="button" class="copy-button" aria-label={format!("Copy the {}", props.what)} {onclick}>
            { label }
        </button>
    }
}
