//! The `sso-doctor` binary: the CLI on native targets, the web app on wasm32.
#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
fn main() {
    sso_doctor::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(sso_doctor::cli::main());
}
