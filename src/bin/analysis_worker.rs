//! The web app's analysis Web Worker (built by Trunk from index.html's `data-type="worker"` link). It has no
//! native use: run natively it only says so.
#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
fn main() {
    sso_doctor::ui::worker::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("analysis-worker is the web app's Web Worker; it runs in the browser only");
    std::process::exit(2);
}
