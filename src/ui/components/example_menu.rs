//! "Try an example": the built-in traces, in a disclosure menu that works with the keyboard as native controls do.

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
    html! {
        <details class="menu" id="examples" ref={details.clone()}>
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
