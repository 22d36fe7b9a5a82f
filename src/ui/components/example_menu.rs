//! "Try an example": the built-in traces, in a disclosure menu that works with the keyboard as native controls do.

use wasm_bindgen::JsCast as _;
use yew::prelude::*;

use crate::examples::EXAMPLES;

/// Props of [`ExampleMenu`].
#[derive(Properties, PartialEq)]
pub struct ExampleMenuProps {
    /// The example shown, if any.
    pub current: Option<&'static str>,
    /// An example was chosen.
    pub on_select: Callback<&'static str>,
}

/// The example menu.
#[function_component(ExampleMenu)]
pub fn example_menu(props: &ExampleMenuProps) -> Html {
    let details = use_node_ref();
    // Escape closes the menu and puts the focus back on its button, as in any menu.
    let onkeydown = {
        let details = details.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                if let Some(d) = details.cast::<web_sys::HtmlDetailsElement>() {
                    if d.open() {
                        d.set_open(false);
                        if let Some(summary) = d.query_selector("summary").ok().flatten() {
                            if let Ok(summary) = summary.dyn_into::<web_sys::HtmlElement>() {
                                let _ = summary.focus();
                            }
                        }
                    }
                }
            }
        })
    };
    html! {
        <details class="menu" id="examples" ref={details.clone()} {onkeydown}>
            <summary class="button secondary">{ "Try an example" }</summary>
            <ul class="menu-list">
                { for EXAMPLES.iter().map(|e| {
                    let on_select = props.on_select.clone();
                    let details = details.clone();
                    let onclick = Callback::from(move |_: MouseEvent| {
                        if let Some(d) = details.cast::<web_sys::HtmlDetailsElement>() {
                            d.set_open(false);
                        }
                        on_select.emit(e.id);
                    });
                    let current = props.current == Some(e.id);
                    html! {
                        <li>
                            <button type="button" class="menu-item" data-example={e.id} aria-current={current.then_some("true")} {onclick}>
                                <span class="menu-title">{ e.title }</span>
                                <span class="menu-summary">{ e.summary }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </details>
    }
}
