//! Small wrappers over browser APIs (clock, storage, clipboard, downloads, performance marks, file reading). Every
//! failure is returned or ignored on purpose; none panics.

use gloo::storage::{LocalStorage, Storage as _};
use wasm_bindgen::JsCast as _;
use yew::Callback;

use crate::profile::Profile;
use crate::ui::runner::WORKER_THRESHOLD_BYTES;
use crate::ui::state::{Action, FileRef, ReadError};

/// The localStorage key of the saved profile (the only thing the app stores; traces are never stored).
pub const PROFILE_KEY: &str = "sso-doctor.profile.v1";

/// The browser's clock in Unix seconds (the core never reads the clock; the app passes this in).
pub fn now_unix() -> i64 {
    #[allow(clippy::cast_possible_truncation)] // milliseconds since 1970 fit an i64 for 292 million years
    let secs = (js_sys::Date::now() / 1000.0).floor() as i64;
    secs
}

/// The saved profile, if there is a readable one.
pub fn load_profile() -> Option<Profile> {
    LocalStorage::get::<Profile>(PROFILE_KEY).ok()
}

/// Saves the profile (storage errors, e.g. in private mode, are ignored: the profile then lasts for the visit).
pub fn save_profile(profile: &Profile) {
    if *profile == Profile::default() {
        LocalStorage::delete(PROFILE_KEY);
    } else {
        let _ = LocalStorage::set(PROFILE_KEY, profile);
    }
}

/// The current URL fragment with its `#`, or empty.
pub fn location_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// The page URL without its fragment.
pub fn page_url_without_fragment() -> String {
    let href = gloo::utils::window().location().href().unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_owned()
}

/// Offers `text` as a file download through a Blob and an object URL (nothing leaves the browser).
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(js_error)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js_error)?;
    let document = gloo::utils::document();
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(js_error)?.dyn_into().map_err(|_| "no anchor element".to_owned())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The click has started the download synchronously; the URL is no longer needed once the event loop turns.
    gloo::timers::callback::Timeout::new(1_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Copies `text` to the clipboard, then reports the outcome in words.
pub fn copy_text(text: &str, done: Callback<Result<(), String>>) {
    let promise = gloo::utils::window().navigator().clipboard().write_text(text);
    yew::platform::spawn_local(async move {
        let result = wasm_bindgen_futures::JsFuture::from(promise).await.map(|_| ()).map_err(js_error);
        done.emit(result);
    });
}

/// Records the time from navigation to the first analysed trace on screen: a `performance.mark` named
/// `sso-doctor:first-diagnosis` and `window.ssoDoctorFirstDiagnosisMs` (read by the browser tests).
pub fn mark_first_diagnosis() {
    let window = gloo::utils::window();
    if let Some(performance) = window.performance() {
        let _ = performance.mark("sso-doctor:first-diagnosis");
        let _ = js_sys::Reflect::set(
            &window,
            &"ssoDoctorFirstDiagnosisMs".into(),
            &wasm_bindgen::JsValue::from_f64(performance.now()),
        );
    }
}

/// Adds files to the trace. A file of 512 KiB (`runner::WORKER_THRESHOLD_BYTES`) or more is never read here: it
/// joins the trace at once as an [`Action::FileAdded`] and the analysis worker reads it (a 100 MB HAR read, copied
/// into this module's memory and out again to the worker cost the page half a second of stall). A smaller file is
/// read asynchronously and becomes an [`Action::FileRead`] or an [`Action::FileReadFailed`].
pub fn read_files(files: Vec<web_sys::File>, dispatch: &Callback<Action>) {
    #[allow(clippy::cast_precision_loss)] // 512 KiB is exact in an f64
    let threshold = WORKER_THRESHOLD_BYTES as f64;
    let (large, small): (Vec<_>, Vec<_>) = files.into_iter().partition(|f| f.size() >= threshold);
    for file in large {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        // whole, not negative; `as` saturates at 4 GiB
        let size = file.size() as usize;
        dispatch.emit(Action::FileAdded { name: file.name(), file: FileRef::new(size, file) });
    }
    if small.is_empty() {
        return;
    }
    dispatch.emit(Action::ReadStarted(small.iter().map(web_sys::File::name).collect()));
    for file in small {
        let name = file.name();
        let dispatch = dispatch.clone();
        yew::platform::spawn_local(async move {
            let blob = gloo::file::Blob::from(file);
            match gloo::file::futures::read_as_bytes(&blob).await {
                Ok(bytes) => dispatch.emit(Action::FileRead { name, bytes }),
                Err(e) => dispatch.emit(Action::FileReadFailed(ReadError { name, message: e.to_string() })),
            }
        });
    }
}

/// The files of a `FileList` (drop, picker or paste).
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(js_error)`
fn js_error(e: wasm_bindgen::JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| "the browser refused".to_owned())
}
