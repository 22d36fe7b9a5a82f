//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses a different subset.

use std::path::PathBuf;

/// The public SAML fixture corpus: `$SSO_DOCTOR_FIXTURES` if set, else `shared/fixtures/public` next to the
/// repository (as CI lays it out), else the machine-wide copy.
pub fn fixtures_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SSO_DOCTOR_FIXTURES") {
        return PathBuf::from(dir);
    }
    let beside_repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/public");
    if beside_repo.is_dir() {
        return beside_repo;
    }
    PathBuf::from("/work/shared/fixtures/public")
}

/// The test keys, certificates and signatures made by `tests/data/keys/make.sh`.
pub fn test_keys_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/keys")
}

/// Reads a file of the test keys folder.
pub fn test_key_file(name: &str) -> Vec<u8> {
    let path = test_keys_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

/// Reads a fixture file as text (`relative` is relative to the fixture dir).
pub fn fixture_text(relative: &str) -> String {
    let path = fixtures_dir().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

/// The text content of every element whose qualified name ends with `local_name` (e.g. `X509Certificate` or
/// `dsig:P`). Good enough for test fixtures, not an XML parser.
pub fn element_text<'a>(xml: &'a str, local_name: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find(&format!("{local_name}>")) {
        let before = &rest[..start];
        let open = before.rfind('<').expect("a tag");
        let after = &rest[start + local_name.len() + 1..];
        if before[open..].starts_with("</") {
            rest = after;
            continue;
        }
        let end = after.find("</").expect("a closing tag");
        found.push(&after[..end]);
        rest = &after[end..];
    }
    found
}

#[path = "../../src/decode/encode.rs"]
mod encode;
#[allow(unused_imports)] // each test binary uses a different subset.
pub(crate) use encode::{b64, deflate, deflate_with, urlencode};
