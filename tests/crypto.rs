//! Signature verification against signatures made by OpenSSL (tests/data/keys) and by real SAML software
//! (the public fixtures).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap (team rule): a panic is a failure with its cause.

mod common;

use base64::Engine as _;
use common::{element_text, fixture_text, test_key_file};
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
    assert_eq!(rsa_key.exponent(), 65_537);
    assert_eq!(rsa_key.modulus().len(), 256);
    let mut modulus = vec![0_u8];
    modulus.extend(rsa_key.modulus());
    let from_key_value = PublicKey::from_rsa_key_value(&modulus, &[0, 1, 0, 1]).unwrap();
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

// ---------------------------------------------------------------------------------------------------------------
// The crate's own ECDSA (src/crypto/ecdsa.rs) against RustCrypto's p256/p384 (dev-dependencies): the reference
// signs, both verify, and they must agree on every valid, tampered and random input.

/// What a reference signer returns: (uncompressed SEC1 key, compressed SEC1 key, r‖s).
type Signed = (Vec<u8>, Vec<u8>, Vec<u8>);

/// What the tests need from a reference implementation of one curve.
struct Reference {
    curve_oid: &'static str,
    /// Bytes of a scalar or coordinate.
    half: usize,
    /// The group order n, big-endian.
    order: &'static str,
    /// (uncompressed SEC1 key, compressed SEC1 key, r‖s) for a secret scalar and a prehash; `None` when the
    /// scalar is not in [1, n-1].
    sign: fn(&[u8], &[u8]) -> Option<Signed>,
    /// Whether r‖s verifies for the SEC1 key and prehash.
    verify: fn(&[u8], &[u8], &[u8]) -> bool,
    /// The uncompressed form of a SEC1 key, `None` when the reference refuses it.
    decode: fn(&[u8]) -> Option<Vec<u8>>,
}

macro_rules! reference {
    ($krate:ident, $oid:expr, $half:expr, $order:expr) => {{
        use $krate::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
        use $krate::ecdsa::{Signature, SigningKey, VerifyingKey};
        fn sign(secret: &[u8], prehash: &[u8]) -> Option<Signed> {
            let key = SigningKey::from_slice(secret).ok()?;
            let signature: Signature = key.sign_prehash(prehash).unwrap();
            let public = key.verifying_key();
            Some((
                public.to_encoded_point(false).as_bytes().to_vec(),
                public.to_encoded_point(true).as_bytes().to_vec(),
                signature.to_bytes().to_vec(),
            ))
        }
        fn verify(sec1: &[u8], prehash: &[u8], r_s: &[u8]) -> bool {
            let (Ok(key), Ok(signature)) = (VerifyingKey::from_sec1_bytes(sec1), Signature::from_slice(r_s)) else {
                return false;
            };
            key.verify_prehash(prehash, &signature).is_ok()
        }
        fn decode(sec1: &[u8]) -> Option<Vec<u8>> {
            VerifyingKey::from_sec1_bytes(sec1).ok().map(|key| key.to_encoded_point(false).as_bytes().to_vec())
        }
        Reference { curve_oid: $oid, half: $half, order: $order, sign, verify, decode }
    }};
}

fn references() -> [Reference; 2] {
    [
        reference!(p256, "1.2.840.10045.3.1.7", 32, "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"),
        reference!(
            p384,
            "1.3.132.0.34",
            48,
            "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973"
        ),
    ]
}

/// Deterministic pseudo-random bytes (xorshift64*), so that a failure can be replayed.
struct TestRng(u64);

impl TestRng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| (self.next() >> 32) as u8).collect()
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

const ECDSA_ALGORITHMS: [SignatureAlgorithm; 4] = [
    SignatureAlgorithm::EcdsaSha1,
    SignatureAlgorithm::EcdsaSha256,
    SignatureAlgorithm::EcdsaSha384,
    SignatureAlgorithm::EcdsaSha512,
];

/// The digest as the reference's prehash: digests shorter than half the field are zero-extended on the left
/// (the same integer), which the `ecdsa` crate needs for SHA-1 with P-384; longer ones it truncates itself.
fn prehash(alg: SignatureAlgorithm, message: &[u8], half: usize) -> Vec<u8> {
    let digest = alg.digest().digest(message);
    let mut out = vec![0; half.saturating_sub(digest.len())];
    out.extend(digest);
    out
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
}

fn ours(reference: &Reference, sec1: &[u8]) -> PublicKey {
    PublicKey::from_ec_point(reference.curve_oid, sec1).unwrap()
}

#[test]
fn ecdsa_agrees_with_rustcrypto_on_random_keys_messages_and_signatures() {
    let mut rng = TestRng(0x5eed_0001);
    for reference in references() {
        // Each round: a fresh key, message and signature, five verifications and a key decode. The default keeps
        // the unoptimised test build under a minute; SSO_DOCTOR_ECDSA_ROUNDS=5000 (with --release) is the long run
        // recorded in docs/size.md.
        let rounds = std::env::var("SSO_DOCTOR_ECDSA_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
        let mut verified = 0;
        for round in 0..rounds {
            let secret = rng.bytes(reference.half);
            let alg = ECDSA_ALGORITHMS[round % 4];
            let message_len = 1 + rng.below(200);
            let message = rng.bytes(message_len);
            let Some((public, compressed, r_s)) = (reference.sign)(&secret, &prehash(alg, &message, reference.half))
            else {
                continue;
            };
            let key = ours(&reference, &public);
            assert_eq!(ours(&reference, &compressed), key, "compressed and uncompressed keys are the same key");
            let ctx = format!("{} round {round} {alg}", reference.curve_oid);
            assert_eq!(verify(&key, alg, &message, &r_s), Ok(()), "{ctx}");
            verified += 1;

            // A flipped bit in the message, the signature or the key: both reject.
            let mut bad_message = message.clone();
            let bit = rng.below(bad_message.len() * 8);
            bad_message[bit / 8] ^= 1 << (bit % 8);
            assert_eq!(verify(&key, alg, &bad_message, &r_s), Err(VerifyError::BadSignature), "{ctx}");
            assert!(!(reference.verify)(&public, &prehash(alg, &bad_message, reference.half), &r_s), "{ctx}");

            let mut bad_signature = r_s.clone();
            let bit = rng.below(bad_signature.len() * 8);
            bad_signature[bit / 8] ^= 1 << (bit % 8);
            let result = verify(&key, alg, &message, &bad_signature);
            assert!(
                matches!(result, Err(VerifyError::BadSignature | VerifyError::MalformedSignature { .. })),
                "{ctx}: {result:?}"
            );
            assert!(!(reference.verify)(&public, &prehash(alg, &message, reference.half), &bad_signature), "{ctx}");

            // Another algorithm's digest of the same message does not verify (unless it is the same after
            // truncation: SHA-384 and SHA-512 differ in every bit, so it never is).
            let other = ECDSA_ALGORITHMS[(round + 1) % 4];
            assert_eq!(verify(&key, other, &message, &r_s), Err(VerifyError::BadSignature), "{ctx}");

            // The signature checked with a key that is off by one bit is either no key at all or the wrong one.
            let mut bad_key = public.clone();
            let bit = 8 + rng.below((bad_key.len() - 1) * 8);
            bad_key[bit / 8] ^= 1 << (bit % 8);
            match PublicKey::from_ec_point(reference.curve_oid, &bad_key) {
                Ok(other_key) => {
                    assert_eq!(verify(&other_key, alg, &message, &r_s), Err(VerifyError::BadSignature), "{ctx}");
                }
                Err(err) => {
                    assert_eq!(
                        err,
                        KeyError::InvalidEcPoint { curve: if reference.half == 32 { "P-256" } else { "P-384" } }
                    );
                    assert!((reference.decode)(&bad_key).is_none(), "{ctx}: the reference accepts the key");
                }
            }
        }
        assert!(verified * 10 > rounds * 9, "{}: only {verified} signatures made", reference.curve_oid);
    }
}

#[test]
fn ecdsa_random_signatures_and_keys_are_judged_like_rustcrypto() {
    let mut rng = TestRng(0x5eed_0002);
    for reference in references() {
        let half = reference.half;
        let (public, _, _) = (reference.sign)(&rng.bytes(half), &[7; 32]).unwrap();
        let key = ours(&reference, &public);
        for _ in 0..300 {
            // Random r‖s (almost always in range, never valid).
            let message = rng.bytes(20);
            let r_s = rng.bytes(2 * half);
            assert!(verify(&key, SignatureAlgorithm::EcdsaSha256, &message, &r_s).is_err());
            assert!(!(reference.verify)(&public, &prehash(SignatureAlgorithm::EcdsaSha256, &message, half), &r_s));
            // Random keys: compressed ones are points half of the time; both implementations decode the same
            // ones to the same point.
            let mut compressed = rng.bytes(1 + half);
            compressed[0] = 2 + (compressed[0] & 1);
            let decoded = PublicKey::from_ec_point(reference.curve_oid, &compressed);
            match (reference.decode)(&compressed) {
                Some(uncompressed) => assert_eq!(decoded, Ok(ours(&reference, &uncompressed))),
                None => assert!(decoded.is_err()),
            }
            let mut uncompressed = rng.bytes(1 + 2 * half);
            uncompressed[0] = 4;
            assert!(PublicKey::from_ec_point(reference.curve_oid, &uncompressed).is_err());
            assert!((reference.decode)(&uncompressed).is_none());
        }
    }
}

#[test]
fn ecdsa_special_keys_exercise_doubling_and_the_identity_in_shamirs_trick() {
    // Secret 1 (Q = G, so G + Q doubles), 2, n − 1 (Q = −G, so G + Q is the identity) and n − 2.
    let mut rng = TestRng(0x5eed_0003);
    for reference in references() {
        let n = hex(reference.order);
        let mut n_minus_1 = n.clone();
        *n_minus_1.last_mut().unwrap() -= 1;
        let mut n_minus_2 = n.clone();
        *n_minus_2.last_mut().unwrap() -= 2;
        let mut one = vec![0; reference.half];
        *one.last_mut().unwrap() = 1;
        let mut two = one.clone();
        *two.last_mut().unwrap() = 2;
        for secret in [one, two, n_minus_1, n_minus_2] {
            for round in 0..25 {
                let alg = ECDSA_ALGORITHMS[round % 4];
                let message = rng.bytes(32);
                let (public, _, r_s) = (reference.sign)(&secret, &prehash(alg, &message, reference.half)).unwrap();
                let key = ours(&reference, &public);
                assert_eq!(verify(&key, alg, &message, &r_s), Ok(()), "{} {secret:02x?}", reference.curve_oid);
                assert_eq!(verify(&key, alg, &rng.bytes(32), &r_s), Err(VerifyError::BadSignature));
            }
        }
    }
}

#[test]
fn ecdsa_r_or_s_zero_or_not_below_n_is_malformed_and_bad_points_are_refused() {
    let mut rng = TestRng(0x5eed_0004);
    for reference in references() {
        let half = reference.half;
        let message = b"edge cases".to_vec();
        let alg = SignatureAlgorithm::EcdsaSha256;
        let (public, _, r_s) = (reference.sign)(&rng.bytes(half), &prehash(alg, &message, half)).unwrap();
        let key = ours(&reference, &public);
        assert_eq!(verify(&key, alg, &message, &r_s), Ok(()));
        let n = hex(reference.order);
        let mut n_plus_1 = n.clone();
        *n_plus_1.last_mut().unwrap() += 1;
        for bad_scalar in [vec![0; half], n.clone(), n_plus_1, vec![0xff; half]] {
            for position in [0, half] {
                let mut bad = r_s.clone();
                bad[position..position + half].copy_from_slice(&bad_scalar);
                let result = verify(&key, alg, &message, &bad);
                assert!(matches!(result, Err(VerifyError::MalformedSignature { .. })), "{result:?}");
                assert!(!(reference.verify)(&public, &prehash(alg, &message, half), &bad));
            }
        }
        // r = n − 1 and s = 1 are in range, and just wrong.
        let mut n_minus_1 = n.clone();
        *n_minus_1.last_mut().unwrap() -= 1;
        let mut edge = n_minus_1.clone();
        edge.extend(std::iter::repeat_n(0, half - 1));
        edge.push(1);
        assert_eq!(verify(&key, alg, &message, &edge), Err(VerifyError::BadSignature));

        let curve = if half == 32 { "P-256" } else { "P-384" };
        let refused = |sec1: &[u8]| {
            assert_eq!(PublicKey::from_ec_point(reference.curve_oid, sec1), Err(KeyError::InvalidEcPoint { curve }));
            assert!((reference.decode)(sec1).is_none());
        };
        // The identity, empty input, a wrong tag, wrong lengths.
        refused(&[0]);
        refused(&[]);
        let mut hybrid = public.clone();
        hybrid[0] = 6;
        refused(&hybrid);
        refused(&public[..public.len() - 1]);
        refused(&[public.clone(), vec![0]].concat());
        // Not on the curve: y + 1.
        let mut off_curve = public.clone();
        let last = off_curve.len() - 1;
        off_curve[last] ^= 1;
        refused(&off_curve);
        // x = p (not below p), in either encoding.
        let p = if half == 32 {
            hex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff")
        } else {
            hex("fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff")
        };
        refused(&[vec![2], p.clone()].concat());
        refused(&[vec![4], p.clone(), public[1 + half..].to_vec()].concat());
        refused(&[vec![4], public[1..=half].to_vec(), p].concat());
    }
}

#[test]
fn ecdsa_rfc6979_p256_sha256_sample_vector_verifies() {
    // RFC 6979 A.2.5: P-256, private key C9AFA9D8…, message "sample", SHA-256, r‖s as in the RFC. The reference
    // must agree (so the vector is known to be copied right), then ours must too.
    let public = hex(concat!(
        "04",
        "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6",
        "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299"
    ));
    let r_s = hex(concat!(
        "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716",
        "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"
    ));
    let [reference, _] = references();
    let alg = SignatureAlgorithm::EcdsaSha256;
    assert!((reference.verify)(&public, &prehash(alg, b"sample", 32), &r_s), "the vector is mistyped");
    let key = ours(&reference, &public);
    assert_eq!(verify(&key, alg, b"sample", &r_s), Ok(()));
    assert_eq!(verify(&key, alg, b"samplf", &r_s), Err(VerifyError::BadSignature));
}
