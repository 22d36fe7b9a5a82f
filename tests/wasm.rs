//! wasm-bindgen tests of the web UI, run in headless Chromium:
//! `cargo test --target wasm32-unknown-unknown --test wasm` (the runner is set in .cargo/config.toml).
//! Each test mounts the app into its own element and looks things up inside it only: the test
//! runner's page has elements of its own.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app into a fresh `<div>` and waits for the first analysis to be on screen.
async fn mount() -> (Element, yew::AppHandle<sso_doctor::ui::App>) {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let app = sso_doctor::ui::start_in(root.clone());
    settle(&root).await;
    (root, app)
}

/// Lets timers fire and renders reach the DOM until the shown report is up to date (at most 3 s).
async fn settle(root: &Element) {
    for _ in 0..60 {
        gloo::timers::future::sleep(Duration::from_millis(50)).await;
        yew::scheduler::flush().await;
        if root.query_selector("#results[aria-busy=false] #verdict").unwrap().is_some() {
            return;
        }
    }
    panic!("the analysis did not finish: {}", root.inner_html());
}

fn text_of(root: &Element, css: &str) -> String {
    root.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no {css} in {}", root.inner_html()))
        .text_content()
        .unwrap_or_default()
}

fn kinds(root: &Element) -> Vec<String> {
    let list = root.query_selector_all("#messages .message").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .filter_map(|e| e.get_attribute("data-kind"))
        .collect()
}

fn type_into_input(root: &Element, text: &str) {
    let input: HtmlTextAreaElement = root.query_selector("#input").unwrap().unwrap().dyn_into().unwrap();
    input.set_value(text);
    // Yew listens on the mount root, so the event must bubble up to it.
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn opens_with_the_example_analysed() {
    let (root, _app) = mount().await;
    assert_eq!(text_of(&root, "main#app h1"), "sso-doctor");
    assert!(root.query_selector("label[for=input]").unwrap().is_some());
    assert!(text_of(&root, "#verdict").contains("Working sign-in"));
    assert_eq!(kinds(&root), vec!["AuthnRequest", "Response"]);
    assert!(text_of(&root, "#time-used").contains("capture time"));
}

#[wasm_bindgen_test]
async fn typing_is_analysed_after_a_pause() {
    let (root, _app) = mount().await;
    let response = sso_doctor::examples::find("unsolicited-response").unwrap().files[0].text;
    type_into_input(&root, response);
    yew::scheduler::flush().await;
    // Right after typing the old report is marked out of date and the analysis waits for the pause.
    assert_eq!(root.query_selector("#results").unwrap().unwrap().get_attribute("aria-busy").as_deref(), Some("true"));
    assert!(text_of(&root, "#status").contains("pause typing"));
    settle(&root).await;
    assert_eq!(kinds(&root), vec!["Response"]);
    assert!(root.query_selector("#inputs .chip[data-origin=example]").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn switching_the_evaluation_time_reanalyses() {
    let (root, _app) = mount().await;
    let now: HtmlElement = root.query_selector("#time-now").unwrap().unwrap().dyn_into().unwrap();
    now.click();
    settle(&root).await;
    assert!(text_of(&root, "#time-used").contains("now (this browser's clock)"));
    let capture: HtmlElement = root.query_selector("#time-capture").unwrap().unwrap().dyn_into().unwrap();
    capture.click();
    settle(&root).await;
    assert!(text_of(&root, "#time-used").contains("2026-11-27"));
}

#[wasm_bindgen_test]
async fn saml_values_are_text_never_markup() {
    let (root, _app) = mount().await;
    type_into_input(
        &root,
        "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_1\" \
         Destination=\"&lt;img src=x onerror=alert(1)&gt;\"><samlp:Status><samlp:StatusMessage>\
         &lt;b&gt;bold&lt;/b&gt;</samlp:StatusMessage></samlp:Status></samlp:Response>",
    );
    settle(&root).await;
    assert!(text_of(&root, "#messages").contains("<img src=x onerror=alert(1)>"));
    assert!(text_of(&root, "#messages").contains("<b>bold</b>"));
    assert_eq!(root.query_selector_all("#messages img, #messages b").unwrap().length(), 0);
}
