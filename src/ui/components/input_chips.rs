//! The inputs of the trace besides the paste area (files, large pastes, example files), each removable.

use yew::prelude::*;

use crate::ui::state::{InputOrigin, TraceInput};
use crate::ui::view::human_bytes;

/// Props of [`InputChips`].
#[derive(Properties, PartialEq)]
pub struct InputChipsProps {
    /// The inputs.
    pub inputs: Vec<TraceInput>,
    /// Files still being read.
    pub reading: Vec<String>,
    /// A remove button was pressed.
    pub on_remove: Callback<u32>,
}

/// The input list.
#[function_component(InputChips)]
pub fn input_chips(props: &InputChipsProps) -> Html {
    if props.inputs.is_empty() && props.reading.is_empty() {
        return html! {};
    }
    html! {
        <ul class="chips" id="inputs" aria-label="Inputs of the trace">
            { for props.inputs.iter().map(|i| {
                let id = i.id;
                let onclick = props.on_remove.reform(move |_: MouseEvent| id);
                let origin = match i.origin {
                    InputOrigin::Example => "example",
                    InputOrigin::File => "file",
                    InputOrigin::Clipboard => "pasted",
                    InputOrigin::Shared => "shared",
                };
                html! {
                    <li class="chip" data-origin={origin}>
                        <span class="chip-name">{ &i.name }</span>
                        <span class="chip-meta">{ format!("{origin}, {}", human_bytes(i.data.len())) }</span>
                        <button type="button" class="chip-remove" aria-label={format!("Remove {}", i.name)} {onclick}>
                            { "×" }
                        </button>
                    </li>
                }
            }) }
            { for props.reading.iter().map(|name| html! {
                <li class="chip reading" aria-busy="true">
                    <span class="chip-name">{ name }</span><span class="chip-meta">{ "reading…" }</span>
                </li>
            }) }
        </ul>
    }
}
