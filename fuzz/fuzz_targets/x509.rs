//! Certificate parsing from DER, base64 and PEM, and everything the report shows about a certificate.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sso_doctor::x509::Certificate;

fn touch(cert: &Certificate) {
    let _ = cert.summary();
    let _ = cert.thumbprint_sha1_entra();
    let _ = cert.thumbprint_sha256_colons();
    let _ = cert.validity_at(1_714_564_800);
    let _ = cert.days_until_expiry(1_714_564_800);
}

fuzz_target!(|data: &[u8]| {
    if let Ok(cert) = Certificate::from_der(data) {
        touch(&cert);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(cert) = Certificate::from_base64(text) {
            touch(&cert);
        }
        for cert in Certificate::parse_pem_all(text).into_iter().flatten() {
            touch(&cert);
        }
    }
});
