//! Share links, both ends: opening a link (`#trace=…`, or the JSON inside it) and analysing what it carries with the
//! reported signature results it claims, as the web app does with a link someone sent; then sharing that trace
//! again, redacted. The body is tests/fuzz_paths/share.rs, which tests/fuzz_regressions.rs also replays.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/fuzz_paths/share.rs"]
mod share_paths;

fuzz_target!(|data: &[u8]| share_paths::share_paths(data));
