//! The `sso-doctor` binary: the CLI on native targets, the web app on wasm32.
#![forbid(unsafe_code)]

fn main() {}
