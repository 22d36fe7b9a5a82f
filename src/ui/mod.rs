//! The web UI (wasm32 only): a Yew app over the core.
//!
//! Placeholder that exercises the build and test pipeline: a heading, a labelled input area and a
//! results section echoing the input length. The real UI replaces it.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Mounts the app into the page's `<body>`; the wasm `main` calls this.
pub fn start() {
    yew::Renderer::<App>::new().render();
}

/// Mounts the app into `root` (tests mount into their own element); keep the handle to keep it alive.
pub fn start_in(root: web_sys::Element) -> AppHandle<App> {
    yew::Renderer::<App>::with_root(root).render()
}

/// The root component: `<main id="app">` with the input area and the results.
#[function_component(App)]
pub fn app() -> Html {
    let input = use_state(String::new);
    let oninput = {
        let input = input.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            input.set(area.value());
        })
    };
    html! {
        <main id="app">
            <h1>{ "sso-doctor" }</h1>
            <label for="input">{ "SAML response, request or metadata" }</label>
            <textarea id="input" spellcheck="false" value={(*input).clone()} {oninput} />
            <section id="results" aria-live="polite">
                { format!("{} characters", input.chars().count()) }
            </section>
        </main>
    }
}
