//! Input detection and decoding (base64, URL, deflate, HTML forms, PEM, free text) on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sso_doctor::decode::{decode, Input};

fuzz_target!(|data: &[u8]| {
    let decoded = decode(&[Input { name: "fuzz".into(), bytes: data.to_vec() }]);
    // Whatever was found must be describable (the report does this for every item).
    for item in &decoded.items {
        let _ = item.source().describe();
    }
});
