//! The workloads measured by `./xtask/bench`, shared by the native harness (`src/main.rs`) and the wasm build that
//! Node loads (`wasm-bindgen --target nodejs`, see `node/bench.mjs`): each is one call into the sso-doctor core,
//! doing everything a user's action does (no state kept between calls).

pub mod har;
pub mod pathological;

use sso_doctor::decode::{Input, Item};
use sso_doctor::profile::Profile;
use sso_doctor::time::EvaluationTime;
use sso_doctor::x509::Certificate;
use sso_doctor::xml;

/// Verifies every `ds:Signature` of `xml_text` with the certificate `cert_pem` (parsed on every call, as xml-crypto
/// and xmlsec do): parse, find signatures, canonicalize, digest, check the signature value.
///
/// Returns how many signatures verified with the expected certificate, or why nothing could be checked.
pub fn verify(xml_text: &str, cert_pem: &str) -> Result<usize, String> {
    let cert = Certificate::from_pem(cert_pem).map_err(|e| format!("certificate: {e}"))?;
    let doc = xml::parse(xml_text, &xml::Limits::default()).map_err(|e| e.to_string())?;
    let signatures = sso_doctor::dsig::signature_elements(&doc);
    if signatures.is_empty() {
        return Err("no ds:Signature".into());
    }
    let verified = signatures
        .iter()
        .filter(|s| sso_doctor::dsig::verify_signature(&doc, **s, &[&cert]).verified_with_expected())
        .count();
    Ok(verified)
}

/// The whole pipeline on one input (decode, parse, verify, rules, report) at a fixed evaluation time; returns the
/// number of findings and of messages.
pub fn analyze(name: &str, bytes: Vec<u8>, profile: &Profile, at_unix: i64) -> (usize, usize) {
    analyze_inputs(&[Input { name: name.to_owned(), bytes }], profile, at_unix)
}

/// [`analyze`] on inputs already built (the native harness reuses them between iterations).
pub fn analyze_inputs(inputs: &[Input], profile: &Profile, at_unix: i64) -> (usize, usize) {
    let report = sso_doctor::analyze(inputs, profile, EvaluationTime::at(at_unix));
    (report.findings.len(), report.messages.len())
}

/// Decoding only (what scanning a HAR costs before any message is parsed): returns the number of SAML messages
/// found.
pub fn decode_messages(inputs: &[Input]) -> usize {
    sso_doctor::decode::decode(inputs).items.iter().filter(|i| matches!(i, Item::Message(_))).count()
}

/// The profile the benchmarks use: NumlyEngage's defaults with the signing certificate's thumbprint expected.
pub fn profile_for(cert_pem: &str) -> Profile {
    let mut profile = Profile::numly_default();
    if let Ok(cert) = Certificate::from_pem(cert_pem) {
        profile.certificate_thumbprints.push(cert.thumbprint_sha1_colons());
    }
    profile
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    //! The exports Node calls.
    use wasm_bindgen::prelude::wasm_bindgen;

    /// Number of signatures verified with `cert_pem`, or -1 when nothing could be checked.
    #[wasm_bindgen]
    pub fn verify(xml_text: &str, cert_pem: &str) -> i32 {
        super::verify(xml_text, cert_pem).map_or(-1, |n| n as i32)
    }

    /// Full analysis of one input (bytes copied from JS into wasm memory, as the web app does); returns the number
    /// of findings.
    #[wasm_bindgen]
    pub fn analyze(name: &str, bytes: Vec<u8>, cert_pem: &str, at_unix: f64) -> u32 {
        super::analyze(name, bytes, &super::profile_for(cert_pem), at_unix as i64).0 as u32
    }

    /// The size of the wasm linear memory in bytes (it only grows, so after a call it is that call's peak).
    #[wasm_bindgen]
    pub fn wasm_memory_bytes() -> f64 {
        (core::arch::wasm32::memory_size::<0>() * 65_536) as f64
    }

    /// Number of SAML messages found in one input (decoding only).
    #[wasm_bindgen]
    pub fn decode_messages(name: &str, bytes: Vec<u8>) -> u32 {
        super::decode_messages(&[sso_doctor::decode::Input { name: name.to_owned(), bytes }]) as u32
    }
}
