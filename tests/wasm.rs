//! wasm-bindgen tests of the web UI, run in headless Chromium:
//! `cargo test --target wasm32-unknown-unknown --test wasm` (the runner is set in .cargo/config.toml).
//! Each test mounts the app into its own element and looks things up inside it only: the test
//! runner's page has elements of its own.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app into a fresh `<div>` and waits for the first render.
async fn mount() -> (Element, yew::AppHandle<sso_doctor::ui::App>) {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let app = sso_doctor::ui::start_in(root.clone());
    yew::scheduler::flush().await;
    (root, app)
}

fn text_of(root: &Element, css: &str) -> String {
    root.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no {css} in {}", root.inner_html()))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn app_renders_heading_labelled_input_and_empty_results() {
    let (root, _app) = mount().await;

    assert_eq!(text_of(&root, "main#app > h1"), "sso-doctor");
    let label = root.query_selector("label[for=input]").unwrap().unwrap();
    assert!(!label.text_content().unwrap_or_default().is_empty());
    assert!(root.query_selector("textarea#input").unwrap().is_some());
    assert_eq!(text_of(&root, "section#results"), "0 characters");
}

#[wasm_bindgen_test]
async fn typing_updates_results_with_input_length_in_characters() {
    let (root, _app) = mount().await;
    let input: HtmlTextAreaElement = root.query_selector("#input").unwrap().unwrap().dyn_into().unwrap();

    input.set_value("<samlp:Response>é</samlp:Response>");
    // Yew listens on the mount root, so the event must bubble up to it.
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;

    assert_eq!(text_of(&root, "section#results"), "34 characters");
}
