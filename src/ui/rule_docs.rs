//! The long form of the rule documentation (what, why, example, fix, references) in the web app, loaded on demand.
//!
//! The wasm carries each rule's id, severity, title and one-line fix only (see [`crate::rules::RuleDoc`]): the long
//! form is in a JavaScript module that the build generates from the same `rule_doc!` literals (`xtask/rule-docs`,
//! run by the Trunk post-build hook) and names in the page's asset list (#sso-doctor-assets, `rule_docs`). The page's
//! CSP allows scripts from its own origin but no `fetch()`, so static/boot.js offers `ssoDoctorRuleDocs()`, which
//! `import()`s that module; the first "Learn more" calls it, and the module (a promise of it) is kept for the visit.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::{JsCast as _, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::AttrValue;

/// The global function static/boot.js defines: `() => import(<the rule documentation module>)`.
pub const LOADER: &str = "ssoDoctorRuleDocs";

/// A rule's long-form documentation, as the module holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongDoc {
    /// What it does.
    pub what: AttrValue,
    /// Why is this bad?
    pub why: AttrValue,
    /// An example and the message it gives.
    pub example: AttrValue,
    /// How to fix.
    pub fix: AttrValue,
    /// References.
    pub references: Vec<AttrValue>,
}

thread_local! {
    /// The module's import, started by the first request (a JS promise can be awaited any number of times).
    static MODULE: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
}

/// The documentation of rule `id`, importing the module if this is the first request. The error says why it is not
/// available, in words.
pub async fn long_doc(id: &str) -> Result<Rc<LongDoc>, String> {
    let cached = MODULE.with(|m| m.borrow().clone());
    let promise = if let Some(promise) = cached {
        promise
    } else {
        let promise = import()?;
        MODULE.with(|m| *m.borrow_mut() = Some(promise.clone()));
        promise
    };
    let module = JsFuture::from(promise).await.map_err(|e| {
        // A failed import (a network error) is not cached: the next "Learn more" tries again.
        MODULE.with(|m| *m.borrow_mut() = None);
        format!("the documentation module did not load ({})", describe(&e))
    })?;
    let docs = get(&module, "default");
    let entry = get(&docs, id);
    if !entry.is_object() {
        return Err(format!("the documentation module has no entry for {id}"));
    }
    let text = |key: &str| get(&entry, key).as_string().map(AttrValue::from);
    let references = js_sys::Array::from(&get(&entry, "references"));
    let doc = LongDoc {
        what: text("what").unwrap_or_default(),
        why: text("why").unwrap_or_default(),
        example: text("example").unwrap_or_default(),
        fix: text("fix").unwrap_or_default(),
        references: references.iter().filter_map(|r| r.as_string().map(AttrValue::from)).collect(),
    };
    Ok(Rc::new(doc))
}

/// Calls static/boot.js's loader, which starts the dynamic `import()`.
fn import() -> Result<js_sys::Promise, String> {
    let loader = get(&js_sys::global(), LOADER)
        .dyn_into::<js_sys::Function>()
        .map_err(|_| format!("the page has no {LOADER}() (it was not started by static/boot.js)"))?;
    loader
        .call0(&JsValue::NULL)
        .map_err(|e| describe(&e))?
        .dyn_into::<js_sys::Promise>()
        .map_err(|_| format!("{LOADER}() did not return a promise"))
}

/// A property of a JS value (`undefined` when it has none or is not an object).
fn get(target: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A thrown JS value in words.
fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}
