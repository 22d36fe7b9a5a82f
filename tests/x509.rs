//! Certificates: our own OpenSSL-made certificates (tests/data/keys, compared with what `openssl x509` printed
//! when they were made) and every certificate of the public fixture corpus.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap (team rule): a panic is a failure with its cause.

mod common;

use std::collections::BTreeSet;

use base64::Engine as _;
use common::{element_text, fixture_text, fixtures_dir, test_key_file};
use sso_doctor::crypto::{KeyFamily, VerifyError};
use sso_doctor::x509::{normalize_thumbprint, CertError, Certificate, Validity, MAX_CERTIFICATE_TEXT_LEN};

/// 2024-01-01T00:00:00Z, the start date given to `openssl ca` in make.sh.
const JAN_2024: i64 = 1_704_067_200;
/// 2034-01-01T00:00:00Z.
const JAN_2034: i64 = 2_019_686_400;
/// 2019-01-01T00:00:00Z and 2020-01-01T00:00:00Z (the expired certificate).
const JAN_2019: i64 = 1_546_300_800;
const JAN_2020: i64 = 1_577_836_800;
/// 2040-01-01T00:00:00Z and 2050-01-01T00:00:00Z (the not-yet-valid certificate; 2050 is a GeneralizedTime).
const JAN_2040: i64 = 2_208_988_800;
const JAN_2050: i64 = 2_524_608_000;
const DAY: i64 = 86_400;

fn own_cert(name: &str) -> Certificate {
    let pem = String::from_utf8(test_key_file(&format!("{name}.pem"))).unwrap();
    Certificate::from_pem(&pem).unwrap()
}

/// The `key=value` lines `openssl x509` printed for a certificate when make.sh made it.
fn openssl_says(name: &str, field: &str) -> String {
    let text = String::from_utf8(test_key_file(&format!("{name}.openssl.txt"))).unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("{field} not in {name}.openssl.txt"))
        .to_owned()
}

const OWN_CERTS: [&str; 7] = [
    "rsa2048-cert",
    "rsa1024-cert",
    "ec-p256-cert",
    "ec-p384-cert",
    "dsa1024-cert",
    "expired-cert",
    "not-yet-valid-cert",
];

#[test]
fn own_certificates_match_what_openssl_printed() {
    for name in OWN_CERTS {
        let cert = own_cert(name);
        assert_eq!(cert.serial_hex, openssl_says(name, "serial"), "{name}");
        assert_eq!(cert.thumbprint_sha1_colons(), openssl_says(name, "sha1 Fingerprint"), "{name}");
        assert_eq!(cert.thumbprint_sha256_colons(), openssl_says(name, "sha256 Fingerprint"), "{name}");
        let components = |dn: &str| dn.split(',').map(|part| part.trim().to_owned()).collect::<BTreeSet<_>>();
        assert_eq!(components(&cert.subject), components(&openssl_says(name, "subject")), "{name}");
        assert_eq!(components(&cert.issuer), components(&openssl_says(name, "issuer")), "{name}");
        assert!(cert.self_signed(), "{name}");
        assert!(!cert.wrapped_pem);
        // The DER file openssl wrote is the same certificate.
        let from_der = Certificate::from_der(&test_key_file(&format!("{name}.der"))).unwrap();
        assert_eq!(from_der, cert, "{name}");
    }
}

#[test]
fn own_certificates_report_key_and_signature_algorithm() {
    for (name, description, bits, family, signature_algorithm) in [
        ("rsa2048-cert", "RSA 2048", 2048, KeyFamily::Rsa, "sha256WithRSAEncryption"),
        ("rsa1024-cert", "RSA 1024", 1024, KeyFamily::Rsa, "sha256WithRSAEncryption"),
        ("ec-p256-cert", "EC P-256", 256, KeyFamily::Ec, "ecdsa-with-SHA256"),
        ("ec-p384-cert", "EC P-384", 384, KeyFamily::Ec, "ecdsa-with-SHA384"),
        ("dsa1024-cert", "DSA 1024", 1024, KeyFamily::Dsa, "dsa-with-sha1"),
        ("not-yet-valid-cert", "RSA 2048", 2048, KeyFamily::Rsa, "sha512WithRSAEncryption"),
    ] {
        let cert = own_cert(name);
        assert_eq!(cert.key_description, description, "{name}");
        assert_eq!(cert.key_bits, Some(bits), "{name}");
        assert_eq!(cert.key.as_ref().map(sso_doctor::crypto::PublicKey::family), Some(family), "{name}");
        assert_eq!(cert.signature_algorithm, signature_algorithm, "{name}");
        assert_eq!(cert.key_error, None);
    }
    assert!(own_cert("rsa1024-cert").key.unwrap().is_weak());
    assert!(!own_cert("rsa2048-cert").key.unwrap().is_weak());
}

#[test]
fn validity_dates_are_read_from_utc_and_generalized_time() {
    let cert = own_cert("rsa2048-cert");
    assert_eq!((cert.not_before, cert.not_after), (JAN_2024, JAN_2034));
    let expired = own_cert("expired-cert");
    assert_eq!((expired.not_before, expired.not_after), (JAN_2019, JAN_2020));
    let future = own_cert("not-yet-valid-cert");
    assert_eq!((future.not_before, future.not_after), (JAN_2040, JAN_2050));
    let summary = future.summary();
    assert_eq!(summary.not_before, "2040-01-01T00:00:00Z");
    assert_eq!(summary.not_after, "2050-01-01T00:00:00Z");
}

#[test]
fn validity_at_an_evaluation_time() {
    let cert = own_cert("rsa2048-cert");
    assert_eq!(cert.validity_at(JAN_2024 - 1), Validity::NotYetValid { starts_in_secs: 1 });
    assert_eq!(cert.validity_at(JAN_2024), Validity::Valid { expires_in_secs: JAN_2034 - JAN_2024 });
    assert_eq!(cert.validity_at(JAN_2034), Validity::Valid { expires_in_secs: 0 });
    assert_eq!(cert.validity_at(JAN_2034 + 1), Validity::Expired { expired_secs_ago: 1 });

    let expired = own_cert("expired-cert");
    assert_eq!(expired.validity_at(JAN_2024), Validity::Expired { expired_secs_ago: JAN_2024 - JAN_2020 });
    assert!(!expired.validity_at(JAN_2024).is_valid());
    let future = own_cert("not-yet-valid-cert");
    assert_eq!(future.validity_at(JAN_2024), Validity::NotYetValid { starts_in_secs: JAN_2040 - JAN_2024 });
}

#[test]
fn days_until_expiry_rounds_down_and_goes_negative() {
    let cert = own_cert("rsa2048-cert");
    assert_eq!(cert.days_until_expiry(JAN_2034 - 30 * DAY), 30);
    assert_eq!(cert.days_until_expiry(JAN_2034 - 30 * DAY + 1), 29);
    assert_eq!(cert.days_until_expiry(JAN_2034), 0);
    assert_eq!(cert.days_until_expiry(JAN_2034 + 1), -1);
    assert_eq!(own_cert("expired-cert").days_until_expiry(JAN_2020 + 10 * DAY), -10);
}

#[test]
fn a_certificate_with_a_tampered_signature_is_not_self_signed() {
    let mut der = test_key_file("rsa2048-cert.der");
    let last = der.len() - 1;
    der[last] ^= 0x01;
    let cert = Certificate::from_der(&der).unwrap();
    assert_eq!(cert.subject, cert.issuer);
    assert!(!cert.self_signed());
    let key = cert.key.clone().unwrap();
    assert_eq!(cert.verify_signed_by(&key), Err(VerifyError::BadSignature));
}

#[test]
fn a_certificate_is_not_signed_by_another_key() {
    let cert = own_cert("expired-cert");
    let smaller = own_cert("rsa1024-cert").key.unwrap();
    assert!(matches!(cert.verify_signed_by(&smaller), Err(VerifyError::MalformedSignature { .. })));
    let ec = own_cert("ec-p256-cert").key.unwrap();
    assert!(matches!(cert.verify_signed_by(&ec), Err(VerifyError::KeyAlgorithmMismatch { .. })));
    let same_key = own_cert("rsa2048-cert").key.unwrap();
    assert_eq!(cert.verify_signed_by(&same_key), Ok(()));
}

#[test]
fn thumbprints_in_entra_and_openssl_formats() {
    let cert = own_cert("ec-p256-cert");
    let colons = openssl_says("ec-p256-cert", "sha1 Fingerprint");
    assert_eq!(cert.thumbprint_sha1_entra(), colons.replace(':', ""));
    assert_eq!(cert.thumbprint_sha1_colons(), colons);
    assert_eq!(cert.thumbprint_sha256_entra(), openssl_says("ec-p256-cert", "sha256 Fingerprint").replace(':', ""));
    for pasted in [
        colons.clone(),
        colons.to_lowercase(),
        colons.replace(':', " "),
        format!("\u{200e}{}", colons.replace(':', "")),
        cert.thumbprint_sha256_colons(),
    ] {
        let bytes = normalize_thumbprint(&pasted).unwrap();
        assert!(cert.matches_thumbprint(&bytes), "{pasted}");
        assert!(!own_cert("ec-p384-cert").matches_thumbprint(&bytes), "{pasted}");
    }
    assert!(!cert.matches_thumbprint(&cert.sha1[..19]));
}

#[test]
fn base64_as_in_x509certificate_elements_is_read() {
    let der = test_key_file("rsa2048-cert.der");
    let b64 = base64::engine::general_purpose::STANDARD.encode(&der);
    let wrapped =
        b64.as_bytes().chunks(64).map(|line| std::str::from_utf8(line).unwrap()).collect::<Vec<_>>().join("\r\n      ");
    let cert = Certificate::from_base64(&wrapped).unwrap();
    assert_eq!(cert.der, der);
    assert!(!cert.wrapped_pem);
    assert_eq!(Certificate::from_base64(b64.trim_end_matches('=')).unwrap(), cert);
    // A PEM text pasted where base64 is expected is read as PEM (not flagged: it is not double-encoded).
    let pem = String::from_utf8(test_key_file("rsa2048-cert.pem")).unwrap();
    let from_pem = Certificate::from_base64(&pem).unwrap();
    assert_eq!(from_pem, cert);
}

#[test]
fn base64_of_a_pem_text_is_unwrapped_and_flagged() {
    let pem = test_key_file("ec-p384-cert.pem");
    let double = base64::engine::general_purpose::STANDARD.encode(&pem);
    let cert = Certificate::from_base64(&double).unwrap();
    assert!(cert.wrapped_pem);
    assert!(cert.summary().wrapped_pem);
    assert_eq!(cert.der, test_key_file("ec-p384-cert.der"));
}

#[test]
fn ruby_saml_adfs_fixture_stores_base64_of_pem_and_matches_the_pinned_fingerprint() {
    let xml = fixture_text("ruby-saml/test/responses/adfs_response_sha256.xml");
    let texts = element_text(&xml, "X509Certificate");
    assert!(!texts.is_empty());
    let cert = Certificate::from_base64(texts[0]).unwrap();
    assert!(cert.wrapped_pem);
    // The fingerprint ruby-saml's xml_security_test pins for this document (MANIFEST suite_expectation).
    assert_eq!(cert.thumbprint_sha1_colons(), "28:74:9B:E8:1F:E8:10:9C:A8:7C:A9:C3:E3:C5:01:6C:92:1C:B4:BA");
}

#[test]
fn several_pem_blocks_give_one_result_each() {
    let text = [
        String::from_utf8(test_key_file("rsa2048-cert.pem")).unwrap(),
        String::from_utf8(test_key_file("rsa2048.key")).unwrap(),
        String::from_utf8(test_key_file("ec-p256-cert.pem")).unwrap(),
    ]
    .join("\n");
    let results = Certificate::parse_pem_all(&text);
    assert_eq!(results.len(), 3);
    assert_eq!(results[0].as_ref().unwrap().key_description, "RSA 2048");
    let err = results[1].as_ref().unwrap_err();
    assert_eq!(err, &CertError::NotACertificate { label: "PRIVATE KEY".to_owned() });
    assert!(err.to_string().contains("must never be shared"), "{err}");
    assert_eq!(results[2].as_ref().unwrap().key_description, "EC P-256");
    // The first certificate is found even behind a private key.
    let key_first = format!(
        "{}\n{}",
        String::from_utf8(test_key_file("ec-p256.key")).unwrap(),
        String::from_utf8(test_key_file("dsa1024-cert.pem")).unwrap()
    );
    assert_eq!(Certificate::from_pem(&key_first).unwrap().key_description, "DSA 1024");
}

#[test]
fn summary_serialises_for_the_report() {
    let cert = own_cert("rsa1024-cert");
    let json = serde_json::to_value(cert.summary()).unwrap();
    assert_eq!(json["subject"], cert.subject.as_str());
    assert_eq!(json["serial"], "1002");
    assert_eq!(json["not_before"], "2024-01-01T00:00:00Z");
    assert_eq!(json["not_after"], "2034-01-01T00:00:00Z");
    assert_eq!(json["key"], "RSA 1024");
    assert_eq!(json["key_bits"], 1024);
    assert_eq!(json["thumbprint_sha1_colons"], openssl_says("rsa1024-cert", "sha1 Fingerprint").as_str());
    assert_eq!(json["thumbprint_sha1"], cert.thumbprint_sha1_entra().as_str());
    assert_eq!(json["self_signed"], true);
}

// --- garbage in, error out (never a panic) -------------------------------------------------------------

#[test]
fn empty_input_is_an_error() {
    assert_eq!(Certificate::from_der(&[]), Err(CertError::Empty));
    assert_eq!(Certificate::from_base64(""), Err(CertError::Empty));
    assert_eq!(Certificate::from_base64(" \r\n\t "), Err(CertError::Empty));
    assert_eq!(Certificate::parse_pem_all(""), vec![Err(CertError::NoPemBlock)]);
    assert_eq!(Certificate::from_pem("just text"), Err(CertError::NoPemBlock));
}

#[test]
fn every_truncation_of_a_certificate_is_an_error() {
    let der = test_key_file("ec-p256-cert.der");
    for len in 1..der.len() {
        let result = Certificate::from_der(&der[..len]);
        assert!(matches!(result, Err(CertError::MalformedDer { .. })), "prefix of {len} bytes: {result:?}");
    }
    let b64 = base64::engine::general_purpose::STANDARD.encode(&der);
    assert!(Certificate::from_base64(&b64[..b64.len() / 2]).is_err());
}

#[test]
fn trailing_bytes_after_a_certificate_are_reported() {
    let mut der = test_key_file("rsa2048-cert.der");
    der.extend_from_slice(&[0, 0, 0]);
    assert_eq!(Certificate::from_der(&der), Err(CertError::TrailingData { extra_bytes: 3 }));
}

#[test]
fn random_bytes_are_an_error() {
    // A fixed xorshift sequence: reproducible "random" input of many lengths and shapes.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state.to_le_bytes()[0]
    };
    for len in [1, 2, 7, 64, 500, 4096] {
        for first in [0x30_u8, 0x02, 0xff] {
            let mut bytes: Vec<u8> = (0..len).map(|_| next()).collect();
            bytes[0] = first;
            assert!(Certificate::from_der(&bytes).is_err());
            let text = base64::engine::general_purpose::STANDARD.encode(&bytes);
            assert!(Certificate::from_base64(&text).is_err());
        }
    }
}

#[test]
fn huge_base64_is_refused_by_size() {
    let huge = "QUJD".repeat(5_000_000);
    assert_eq!(
        Certificate::from_base64(&huge),
        Err(CertError::TooLarge { len: huge.len(), limit: MAX_CERTIFICATE_TEXT_LEN })
    );
    let pem = format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----", "QUJD".repeat(100_000));
    assert!(matches!(Certificate::from_pem(&pem), Err(CertError::TooLarge { .. })));
}

#[test]
fn invalid_base64_and_broken_pem_are_explained() {
    let err = Certificate::from_base64("MIIC*xyz").unwrap_err();
    assert!(err.to_string().contains("'*' at byte 4"), "{err}");
    let unterminated = "-----BEGIN CERTIFICATE-----\nMIIC\n";
    assert_eq!(
        Certificate::from_pem(unterminated),
        Err(CertError::UnterminatedPem { label: "CERTIFICATE".to_owned() })
    );
    let not_der = "-----BEGIN CERTIFICATE-----\nQUJDREVG\n-----END CERTIFICATE-----";
    assert!(matches!(Certificate::from_pem(not_der), Err(CertError::MalformedDer { .. })));
}

// --- the public fixture corpus ------------------------------------------------------------------------

struct ManifestRow {
    path: String,
    kind: String,
    encoding: String,
    suite_expectation: String,
    notes: String,
}

fn manifest() -> Vec<ManifestRow> {
    let text = std::fs::read_to_string(fixtures_dir().join("MANIFEST.tsv")).unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 12, "{line}");
            ManifestRow {
                path: cols[0].strip_prefix("public/").unwrap().to_owned(),
                kind: cols[4].to_owned(),
                encoding: cols[5].to_owned(),
                suite_expectation: cols[10].to_owned(),
                notes: cols[11].to_owned(),
            }
        })
        .collect()
}

/// Every certificate a fixture file carries: PEM blocks, `ds:X509Certificate` elements (after base64 decoding
/// of POST-binding files), and the `x509cert` values of a python3-saml settings file.
fn certificates_in(row: &ManifestRow) -> Vec<Certificate> {
    let raw = std::fs::read(fixtures_dir().join(&row.path)).unwrap();
    match row.encoding.as_str() {
        "pem" => {
            Certificate::parse_pem_all(std::str::from_utf8(&raw).unwrap()).into_iter().filter_map(Result::ok).collect()
        }
        "json" => {
            let json: serde_json::Value = serde_json::from_slice(&raw).unwrap();
            let mut found = Vec::new();
            collect_json_certs(&json, &mut found);
            found
        }
        "xml" | "base64" => {
            let xml = if row.encoding == "base64" {
                let compact: Vec<u8> = raw.into_iter().filter(|b| !b.is_ascii_whitespace()).collect();
                String::from_utf8(base64::engine::general_purpose::STANDARD.decode(compact).unwrap()).unwrap()
            } else {
                String::from_utf8(raw).unwrap()
            };
            element_text(&xml, "X509Certificate")
                .into_iter()
                .filter_map(|text| Certificate::from_base64(text).ok())
                .collect()
        }
        _ => Vec::new(),
    }
}

fn collect_json_certs(value: &serde_json::Value, found: &mut Vec<Certificate>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                if let (true, Some(text)) = (key.starts_with("x509cert"), value.as_str()) {
                    found.extend(Certificate::from_base64(text).ok());
                }
                collect_json_certs(value, found);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect_json_certs(item, found)),
        _ => {}
    }
}

/// The SHA-1 fingerprints a manifest text quotes after `SHA-1 ` or `fingerprint `, with or without colons, as
/// uppercase hex without separators; truncated ones (`AF:E7:1C:28:...`) give the prefix they quote.
fn quoted_sha1_fingerprints(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for marker in ["SHA-1 ", "fingerprint "] {
        for (index, _) in text.match_indices(marker) {
            let digits: String = text[index + marker.len()..]
                .chars()
                .take_while(|c| c.is_ascii_hexdigit() || *c == ':')
                .filter(char::is_ascii_hexdigit)
                .collect();
            if digits.len() >= 6 {
                found.push(digits.to_uppercase());
            }
        }
    }
    found
}

#[test]
fn every_certificate_fixture_parses() {
    let rows: Vec<_> = manifest().into_iter().filter(|row| row.kind == "certificate").collect();
    assert_eq!(rows.len(), 11);
    for row in rows {
        let text = fixture_text(&row.path);
        let results = Certificate::parse_pem_all(&text);
        assert!(!results.is_empty());
        for result in results {
            let cert = result.unwrap_or_else(|err| panic!("{}: {err}", row.path));
            assert!(cert.key.is_some(), "{}: {}", row.path, cert.key_description);
            assert!(cert.not_before < cert.not_after, "{}", row.path);
        }
    }
}

#[test]
fn every_sha1_fingerprint_quoted_in_the_manifest_matches_a_certificate_of_its_file() {
    let mut checked = 0;
    for row in manifest() {
        let quoted: Vec<String> = quoted_sha1_fingerprints(&row.notes)
            .into_iter()
            .chain(quoted_sha1_fingerprints(&row.suite_expectation))
            .collect();
        if quoted.is_empty() {
            continue;
        }
        let certs = certificates_in(&row);
        let ours: Vec<String> = certs.iter().map(Certificate::thumbprint_sha1_entra).collect();
        for fingerprint in quoted {
            assert!(
                ours.iter().any(|ours| ours.starts_with(&fingerprint)),
                "{}: manifest quotes {fingerprint}, the file's certificates are {ours:?}",
                row.path
            );
            checked += 1;
        }
    }
    // 23 fingerprints are quoted in the corpus as of its snapshot; every one must be found.
    assert!(checked >= 23, "only {checked} fingerprints checked");
}

#[test]
fn node_saml_and_ruby_saml_certificates_have_the_documented_thumbprints() {
    let node = Certificate::from_pem(&fixture_text("node-saml/test/static/cert.pem")).unwrap();
    assert_eq!(node.thumbprint_sha1_colons(), "8D:5E:3E:34:B5:6D:66:8E:61:50:EF:22:70:CF:C8:20:58:2F:BE:AB");
    assert_eq!(node.thumbprint_sha1_entra(), "8D5E3E34B56D668E6150EF2270CFC820582FBEAB");
    assert_eq!(node.key_description, "RSA 2048");
    assert!(node.self_signed());
    assert_eq!(node.signature_algorithm, "sha1WithRSAEncryption");
    let ruby = Certificate::from_pem(&fixture_text("ruby-saml/test/certificates/ruby-saml.crt")).unwrap();
    let pinned = normalize_thumbprint("4b68c453c7d994aad9025c99d5efcf566287fe8d").unwrap();
    assert!(ruby.matches_thumbprint(&pinned));
}

#[test]
fn samael_ec_certificate_is_p256_and_valid_until_3023() {
    let cert = Certificate::from_pem(&fixture_text("samael/test_vectors/ec_cert.pem")).unwrap();
    assert_eq!(cert.key_description, "EC P-256");
    assert_eq!(cert.signature_algorithm, "ecdsa-with-SHA256");
    assert_eq!(cert.summary().not_after, "3023-10-25T17:45:49Z");
    assert!(cert.validity_at(JAN_2034).is_valid());
}

#[test]
fn openssl_trusted_certificate_blocks_may_carry_trust_settings_after_the_certificate() {
    let mut der = test_key_file("ec-p256-cert.der");
    der.extend_from_slice(&[0x30, 0x00]); // an empty trust-settings SEQUENCE, as `openssl x509 -trustout` appends
    let body = base64::engine::general_purpose::STANDARD.encode(&der);
    let trusted = format!("-----BEGIN TRUSTED CERTIFICATE-----\n{body}\n-----END TRUSTED CERTIFICATE-----\n");
    let cert = Certificate::from_pem(&trusted).unwrap();
    assert_eq!(cert.der, test_key_file("ec-p256-cert.der"));
    let plain = trusted.replace("TRUSTED CERTIFICATE", "CERTIFICATE");
    assert_eq!(Certificate::from_pem(&plain), Err(CertError::TrailingData { extra_bytes: 2 }));
}
