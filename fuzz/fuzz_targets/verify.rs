//! XML signature verification: every `ds:Signature` of the document, checked with a fixed expected certificate
//! (the Entra signing certificate of the shared fixtures, embedded here) and whatever KeyInfo carries.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sso_doctor::dsig::{signature_elements, verify_signature};
use sso_doctor::x509::Certificate;
use sso_doctor::xml::{parse, Limits};

const ENTRA_CERT: &str = include_str!("../seeds/entra-signing.pem");

fn expected() -> &'static Option<Certificate> {
    static CERT: OnceLock<Option<Certificate>> = OnceLock::new();
    CERT.get_or_init(|| Certificate::from_pem(ENTRA_CERT).ok())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(doc) = parse(text, &Limits::default()) else { return };
    let expected: Vec<&Certificate> = expected().iter().collect();
    for signature in signature_elements(&doc).into_iter().take(4) {
        let check = verify_signature(&doc, signature, &expected);
        let _ = (check.status(), check.is_verified(), check.algorithm_uris());
        let _ = check.covers(&doc, doc.root());
    }
});
