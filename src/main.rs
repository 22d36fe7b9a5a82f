//! The `sso-doctor` binary: the CLI on native targets, the web app on wasm32.
#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
fn main() {
    sso_doctor::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("usage: sso-doctor <check|decode|explain> [FILE]  (the command line is not written yet)");
    std::process::exit(2);
}
