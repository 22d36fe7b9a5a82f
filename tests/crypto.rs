//! Signature verification against signatures made by OpenSSL (tests/data/keys) and by real SAML software
//! (the public fixtures).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap (team rule): a panic is a failure with its cause.

mod common;

use base64::Engine as _;
use common::{element_text, fixture_text, test_key_file};
use rsa::traits::PublicKeyParts;
use sso_doctor::crypto::{verify, DigestAlgorithm, KeyError, KeyFamily, PublicKey, SignatureAlgorithm, VerifyError};
use sso_doctor::x509::Certificate;

fn key(name: &str) -> PublicKey {
    PublicKey::from_spki_der(&test_key_file(&format!("{name}.spki.der"))).unwrap()
}

fn message() -> Vec<u8> {
    test_key_file("message.txt")
}

fn signature(name: &str, digest: &str) -> Vec<u8> {
    test_key_file(&format!("{name}.{digest}.sig"))
}

/// OpenSSL writes ECDSA and DSA signatures as DER `SEQUENCE { r INTEGER, s INTEGER }`; XMLDSig wants `r || s`,
/// each left-padded to `half` bytes. A minimal DER reader written for the test, independent of the crate.
fn der_to_r_s(der: &[u8], half: usize) -> Vec<u8> {
    assert_eq!(der[0], 0x30, "a SEQUENCE");
    let (mut pos, seq_len) = if der[1] & 0x80 == 0 {
        (2, usize::from(der[1]))
    } else {
        assert_eq!(der[1], 0x81);
        (3, usize::from(der[2]))
    };
    assert_eq!(pos + seq_len, der.len());
    let mut out = Vec::new();
    for _ in 0..2 {
        assert_eq!(der[pos], 0x02, "an INTEGER");
        let len = usize::from(der[pos + 1]);
        let value = &der[pos + 2..pos + 2 + len];
        let value = &value[value.iter().position(|&b| b != 0).unwrap()..];
        out.extend(std::iter::repeat_n(0, half - value.len()));
        out.extend_from_slice(value);
        pos += 2 + len;
    }
    out
}

fn tampered(bytes: &[u8], index: usize) -> Vec<u8> {
    let mut copy = bytes.to_vec();
    copy[index] ^= 0x01;
    copy
}

#[test]
fn rsa_pkcs1_signatures_made_by_openssl_verify_for_every_digest() {
    let key = key("rsa2048");
    let msg = message();
    for (digest, alg) in [
        ("sha1", SignatureAlgorithm::RsaSha1),
        ("sha256", SignatureAlgorithm::RsaSha256),
        ("sha384", SignatureAlgorithm::RsaSha384),
        ("sha512", SignatureAlgorithm::RsaSha512),
    ] {
        let sig = signature("rsa2048", digest);
        assert_eq!(verify(&key, alg, &msg, &sig), Ok(()), "{alg}");
        assert_eq!(verify(&key, alg, &tampered(&msg, 3), &sig), Err(VerifyError::BadSignature), "{alg}");
        assert_eq!(verify(&key, alg, &msg, &tampered(&sig, 100)), Err(VerifyError::BadSignature), "{alg}");
    }
}

#[test]
fn rsa_signature_checked_with_another_digest_fails() {
    let key = key("rsa2048");
    let sig = signature("rsa2048", "sha256");
    assert_eq!(verify(&key, SignatureAlgorithm::RsaSha512, &message(), &sig), Err(VerifyError::BadSignature));
}

#[test]
fn rsa_signature_of_the_wrong_length_is_malformed() {
    let key = key("rsa2048");
    let sig = signature("rsa2048", "sha256");
    let err = verify(&key, SignatureAlgorithm::RsaSha256, &message(), &sig[..200]).unwrap_err();
    let VerifyError::MalformedSignature { reason } = &err else { panic!("{err:?}") };
    assert!(reason.contains("200 bytes") && reason.contains("256-byte"), "{reason}");
}

#[test]
fn weak_rsa_1024_key_still_verifies_and_reports_its_size() {
    let key = key("rsa1024");
    assert_eq!(key.bits(), 1024);
    assert_eq!(key.kind_name(), "RSA 1024");
    assert!(key.is_weak());
    assert_eq!(verify(&key, SignatureAlgorithm::RsaSha256, &message(), &signature("rsa1024", "sha256")), Ok(()));
}

#[test]
fn ecdsa_raw_r_s_verifies_on_both_curves_with_every_digest() {
    let msg = message();
    for (name, half, kind) in [("ec-p256", 32, "EC P-256"), ("ec-p384", 48, "EC P-384")] {
        let key = key(name);
        assert_eq!(key.kind_name(), kind);
        assert_eq!(key.family(), KeyFamily::Ec);
        for (digest, alg) in [
            ("sha1", SignatureAlgorithm::EcdsaSha1),
            ("sha256", SignatureAlgorithm::EcdsaSha256),
            ("sha384", SignatureAlgorithm::EcdsaSha384),
            ("sha512", SignatureAlgorithm::EcdsaSha512),
        ] {
            let raw = der_to_r_s(&signature(name, digest), half);
            assert_eq!(raw.len(), 2 * half);
            assert_eq!(verify(&key, alg, &msg, &raw), Ok(()), "{name} {alg}");
            assert_eq!(verify(&key, alg, &tampered(&msg, 0), &raw), Err(VerifyError::BadSignature), "{name} {alg}");
            let last = raw.len() - 1;
            assert_eq!(verify(&key, alg, &msg, &tampered(&raw, last)), Err(VerifyError::BadSignature), "{name} {alg}");
        }
    }
}

#[test]
fn ecdsa_der_signature_is_accepted_as_a_fallback() {
    let key = key("ec-p256");
    let der = signature("ec-p256", "sha256");
    assert_ne!(der.len(), 64);
    assert_eq!(verify(&key, SignatureAlgorithm::EcdsaSha256, &message(), &der), Ok(()));
}

#[test]
fn ecdsa_signature_checked_with_another_digest_fails() {
    let key = key("ec-p384");
    let raw = der_to_r_s(&signature("ec-p384", "sha256"), 48);
    assert_eq!(verify(&key, SignatureAlgorithm::EcdsaSha384, &message(), &raw), Err(VerifyError::BadSignature));
}

#[test]
fn ecdsa_r_s_sized_for_another_curve_is_malformed() {
    let key = key("ec-p384");
    let p256_raw = der_to_r_s(&signature("ec-p256", "sha256"), 32);
    let err = verify(&key, SignatureAlgorithm::EcdsaSha256, &message(), &p256_raw).unwrap_err();
    let VerifyError::MalformedSignature { reason } = &err else { panic!("{err:?}") };
    assert!(reason.contains("64 bytes") && reason.contains("96-byte"), "{reason}");
}

#[test]
fn ecdsa_zero_r_is_malformed() {
    let key = key("ec-p256");
    let mut raw = der_to_r_s(&signature("ec-p256", "sha256"), 32);
    raw[..32].fill(0);
    assert!(matches!(
        verify(&key, SignatureAlgorithm::EcdsaSha256, &message(), &raw),
        Err(VerifyError::MalformedSignature { .. })
    ));
}

#[test]
fn dsa_signatures_made_by_openssl_verify() {
    let msg = message();
    for (name, digest, alg, half, kind) in [
        ("dsa1024", "sha1", SignatureAlgorithm::DsaSha1, 20, "DSA 1024"),
        ("dsa2048", "sha1", SignatureAlgorithm::DsaSha1, 32, "DSA 2048"),
        ("dsa2048", "sha256", SignatureAlgorithm::DsaSha256, 32, "DSA 2048"),
    ] {
        let key = key(name);
        assert_eq!(key.kind_name(), kind);
        let der = signature(name, digest);
        let raw = der_to_r_s(&der, half);
        assert_eq!(verify(&key, alg, &msg, &raw), Ok(()), "{name} {alg}");
        assert_eq!(verify(&key, alg, &msg, &der), Ok(()), "{name} {alg} DER");
        assert_eq!(verify(&key, alg, &tampered(&msg, 5), &raw), Err(VerifyError::BadSignature));
        assert_eq!(verify(&key, alg, &msg, &tampered(&raw, half - 1)), Err(VerifyError::BadSignature));
    }
}

#[test]
fn dsa_r_or_s_outside_zero_to_q_is_malformed() {
    let key = key("dsa1024");
    let raw = der_to_r_s(&signature("dsa1024", "sha1"), 20);
    let mut zero_s = raw.clone();
    zero_s[20..].fill(0);
    let mut huge_r = raw;
    huge_r[..20].fill(0xff);
    for bad in [zero_s, huge_r] {
        assert!(matches!(
            verify(&key, SignatureAlgorithm::DsaSha1, &message(), &bad),
            Err(VerifyError::MalformedSignature { .. })
        ));
    }
}

#[test]
fn w3c_merlin_exc_c14n_dsa_vector_verifies_like_xmlsec1() {
    // The canonical SignedInfo of the vector is stored in tests/data/vectors (see tests/data/keys/README.md);
    // key and SignatureValue come from the fixture itself.
    let xml = fixture_text("xmlsec/tests/merlin-exc-c14n-one/exc-signature.xml");
    let b64 = |text: &str| {
        let compact: String = text.split_whitespace().collect();
        base64::engine::general_purpose::STANDARD.decode(compact).unwrap()
    };
    let [p, q, g, y] = ["dsig:P", "dsig:Q", "dsig:G", "dsig:Y"].map(|name| b64(element_text(&xml, name)[0]));
    let key = PublicKey::from_dsa_key_value(&p, &q, &g, &y).unwrap();
    assert_eq!(key.kind_name(), "DSA 1024");
    let signature_value = b64(element_text(&xml, "dsig:SignatureValue")[0]);
    assert_eq!(signature_value.len(), 40);
    let signed_info_path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/vectors/merlin-exc-c14n-one.signedinfo.c14n");
    let signed_info = std::fs::read(signed_info_path).unwrap();
    let alg = SignatureAlgorithm::from_uri("http://www.w3.org/2000/09/xmldsig#dsa-sha1").unwrap();
    assert_eq!(verify(&key, alg, &signed_info, &signature_value), Ok(()));
    // One byte of whitespace more in the SignedInfo and it no longer verifies.
    let mut altered = signed_info.clone();
    altered.insert(signed_info.len() - 20, b' ');
    assert_eq!(verify(&key, alg, &altered, &signature_value), Err(VerifyError::BadSignature));
}

#[test]
fn redirect_binding_query_signature_of_crewjam_verifies_with_its_sp_cert() {
    let query =
        fixture_text("crewjam-saml/testdata/TestSPCanProduceSignedRequestRedirectBinding/rsa-sha256_queryString");
    let (signed, signature_param) = query.trim_end().split_once("&Signature=").unwrap();
    let sig_alg = percent_decode(signed.split("&SigAlg=").nth(1).unwrap());
    let alg = SignatureAlgorithm::from_uri(&sig_alg).unwrap();
    assert_eq!(alg, SignatureAlgorithm::RsaSha1);
    let signature_value = base64::engine::general_purpose::STANDARD.decode(percent_decode(signature_param)).unwrap();
    let cert = Certificate::from_pem(&fixture_text("crewjam-saml/testdata/sp_cert.pem")).unwrap();
    let key = cert.key.as_ref().unwrap();
    assert_eq!(verify(key, alg, signed.as_bytes(), &signature_value), Ok(()));
    let relay_changed = signed.replace("RelayState=relayState", "RelayState=relayStatf");
    assert_eq!(verify(key, alg, relay_changed.as_bytes(), &signature_value), Err(VerifyError::BadSignature));
}

#[test]
fn key_of_the_wrong_family_is_a_mismatch_with_evidence() {
    let msg = message();
    let rsa_sig = signature("rsa2048", "sha256");
    let err = verify(&key("ec-p256"), SignatureAlgorithm::RsaSha256, &msg, &rsa_sig).unwrap_err();
    assert_eq!(
        err,
        VerifyError::KeyAlgorithmMismatch { key: "EC P-256".to_owned(), alg: SignatureAlgorithm::RsaSha256 }
    );
    assert_eq!(err.to_string(), "signature algorithm rsa-sha256 needs an RSA key, but the key is EC P-256");
    assert!(matches!(
        verify(&key("rsa2048"), SignatureAlgorithm::EcdsaSha256, &msg, &rsa_sig),
        Err(VerifyError::KeyAlgorithmMismatch { .. })
    ));
    assert!(matches!(
        verify(&key("dsa1024"), SignatureAlgorithm::RsaSha1, &msg, &rsa_sig),
        Err(VerifyError::KeyAlgorithmMismatch { .. })
    ));
}

#[test]
fn rsa_key_value_builds_the_same_key_as_the_spki() {
    let from_spki = key("rsa2048");
    let PublicKey::Rsa(rsa_key) = &from_spki else { panic!("not RSA") };
    let mut modulus = vec![0_u8];
    modulus.extend(rsa_key.n().to_bytes_be());
    let from_key_value = PublicKey::from_rsa_key_value(&modulus, &rsa_key.e().to_bytes_be()).unwrap();
    assert_eq!(from_key_value, from_spki);
    assert_eq!(from_key_value.kind_name(), "RSA 2048");
}

#[test]
fn every_test_key_reports_its_size() {
    for (name, bits, weak) in [
        ("rsa2048", 2048, false),
        ("rsa1024", 1024, true),
        ("ec-p256", 256, false),
        ("ec-p384", 384, false),
        ("dsa1024", 1024, true),
        ("dsa2048", 2048, false),
    ] {
        let key = key(name);
        assert_eq!(key.bits(), bits, "{name}");
        assert_eq!(key.is_weak(), weak, "{name}");
    }
}

#[test]
fn garbage_public_keys_are_errors() {
    assert!(matches!(PublicKey::from_spki_der(&[]), Err(KeyError::MalformedSpki { .. })));
    assert!(matches!(PublicKey::from_spki_der(&[0x30, 0x03, 0x02, 0x01]), Err(KeyError::MalformedSpki { .. })));
    let spki = test_key_file("ec-p256.spki.der");
    assert!(PublicKey::from_spki_der(&spki[..spki.len() - 1]).is_err());
    let mut extra = spki.clone();
    extra.push(0);
    assert!(matches!(PublicKey::from_spki_der(&extra), Err(KeyError::MalformedSpki { .. })));
    // The last byte of the point changed: almost surely not on the curve.
    let mut off_curve = spki;
    let last = off_curve.len() - 1;
    off_curve[last] ^= 0x55;
    assert_eq!(PublicKey::from_spki_der(&off_curve), Err(KeyError::InvalidEcPoint { curve: "P-256" }));
}

#[test]
fn unsupported_curve_is_named() {
    // An EC point on P-521 (OID 1.3.132.0.35): the curve, not the point, is what is reported.
    assert_eq!(
        PublicKey::from_ec_point("urn:oid:1.3.132.0.35", &[4; 133]),
        Err(KeyError::UnsupportedCurve { curve: "P-521 (1.3.132.0.35)".to_owned() })
    );
}

#[test]
fn digest_algorithms_follow_the_uris() {
    let alg = DigestAlgorithm::from_uri("http://www.w3.org/2001/04/xmlenc#sha256").unwrap();
    assert_eq!(alg, SignatureAlgorithm::RsaSha256.digest());
    assert!(!alg.is_weak());
    assert!(DigestAlgorithm::from_uri("http://www.w3.org/2000/09/xmldsig#sha1").unwrap().is_weak());
    assert_eq!(
        DigestAlgorithm::from_uri("http://www.w3.org/2001/04/xmldsig-more#sha384"),
        Some(DigestAlgorithm::Sha384)
    );
    assert_eq!(
        DigestAlgorithm::from_uri("http://www.w3.org/2001/04/xmlenc#sha512").map(DigestAlgorithm::name),
        Some("sha512")
    );
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}
