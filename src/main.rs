//! The `sso-doctor` binary: the CLI on native targets, the web app on wasm32.
#![forbid(unsafe_code)]

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(sso_doctor::cli::main());
}

#[cfg(target_arch = "wasm32")]
fn main() {}
