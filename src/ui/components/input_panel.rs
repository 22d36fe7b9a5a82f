//! The trace input: the paste area (analysed live as you type), the file picker, the example menu and the list of
//! the trace's other inputs. Drag and drop and paste-anywhere are page-wide and live in the root.

use yew::prelude::*;

use crate::ui::browser;
use crate::ui::components::example_menu::ExampleMenu;
use crate::ui::components::input_chips::InputChips;
use crate::ui::state::{ReadError, TraceInput};

/// Props of [`InputPanel`].
#[derive(Properties, PartialEq)]
pub struct InputPanelProps {
    /// The paste area's text.
    pub paste: String,
    /// The trace's other inputs.
    pub inputs: Vec<TraceInput>,
    /// Files being read.
    pub reading: Vec<String>,
    /// Files that could not be read.
    pub read_errors: Vec<ReadError>,
    /// The example shown, if any.
    pub example: Option<&'static str>,
    /// The paste area changed.
    pub on_paste: Callback<String>,
    /// Files were picked.
    pub on_files: Callback<Vec<web_sys::File>>,
    /// An input chip's remove button.
    pub on_remove: Callback<u32>,
    /// "Clear" was pressed.
    pub on_clear: Callback<()>,
    /// An example was chosen.
    pub on_example: Callback<&'static str>,
    /// The read errors were dismissed.
    pub on_dismiss_errors: Callback<()>,
}

/// The input section.
#[function_component(InputPanel)]
pub fn input_panel(props: &InputPanelProps) -> Html {
    let oninput = {
        let on_paste = props.on_paste.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            on_paste.emit(area.value());
        })
    };
    let onchange = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            on_files.emit(browser::files_of(input.files()));
            // Picking the same file again must fire `change` again.
            input.set_value("");
        })
    };
    let on_clear = props.on_clear.reform(|_: MouseEvent| ());
    let on_dismiss = props.on_dismiss_errors.reform(|_: MouseEvent| ());
    let empty = props.paste.is_empty() && props.inputs.is_empty();

    html! {
        <section class="panel input-panel" aria-labelledby="input-heading">
            <h2 id="input-heading">{ "Trace" }</h2>
            <label for="input" class="field-label">
                { "Paste a SAMLResponse, a SAMLRequest URL, a HAR export, metadata or the error text" }
            </label>
            <textarea
                id="input"
                spellcheck="false"
                autocomplete="off"
                aria-describedby="input-hint"
                placeholder="PHNhbWxwOlJlc3BvbnNl…  or  https://login.microsoftonline.com/…/saml2?SAMLRequest=…"
                value={props.paste.clone()}
                {oninput}
            />
            <p id="input-hint" class="hint">
                { "Analysed as you type. You can also paste anywhere on the page, or drop files (HAR, XML, text, PEM) \
                   anywhere. Several inputs form one trace." }
            </p>
            <div class="input-actions">
                <label class="button file-button">
                    <input id="file-picker" type="file" multiple=true class="visually-hidden-focusable"
                        accept=".har,.xml,.txt,.pem,.cer,.crt,.json,.html,.log,text/*,application/json,application/xml" {onchange} />
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <path d="M3 6.5A1.5 1.5 0 0 1 4.5 5h4.6l2 2h8.4A1.5 1.5 0 0 1 21 8.5v9a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 17.5z" />
                    </svg>
                    { "Add files…" }
                </label>
                <ExampleMenu current={props.example} on_select={props.on_example.clone()} />
                <button type="button" class="button secondary" id="clear" onclick={on_clear} disabled={empty}>
                    { "Clear" }
                </button>
            </div>
            <InputChips inputs={props.inputs.clone()} reading={props.reading.clone()} on_remove={props.on_remove.clone()} />
            if !props.read_errors.is_empty() {
                <div class="read-errors" role="alert" id="read-errors">
                    <ul>
                        { for props.read_errors.iter().map(|e| html! {
                            <li>{ format!("Could not read {}: {}", e.name, e.message) }</li>
                        }) }
                    </ul>
                    <button type="button" class="button small secondary" onclick={on_dismiss}>{ "Dismiss" }</button>
                </div>
            }
        </section>
    }
}
