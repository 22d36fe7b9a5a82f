//! The signed test fixtures of `tests/fixtures/dsig` (made by its `make.sh` with openssl and xmlsec1, test-only
//! keys), for the unit tests of the signature, certificate and metadata rules.

/// 2026-06-01T00:00:00Z: inside the validity of every test certificate (2025-01-01 to 2045-01-01).
pub const AT: i64 = 1_780_272_000;
/// The test certificates' `notBefore` (2025-01-01T00:00:00Z).
pub const NOT_BEFORE: i64 = 1_735_689_600;
/// The test certificates' `notAfter` (2045-01-01T00:00:00Z).
pub const NOT_AFTER: i64 = 2_366_841_600;

macro_rules! fixture {
    ($name:ident, $file:literal, $doc:literal) => {
        #[doc = $doc]
        pub const $name: &str = include_str!(concat!("../../tests/fixtures/dsig/", $file));
    };
}

fixture!(
    SIGNED_ASSERTION,
    "signed/response-signed-assertion.xml",
    "Entra's default: the Assertion signed by the IdP key."
);
fixture!(SIGNED_RESPONSE, "signed/response-signed-response.xml", "Only the Response signed.");
fixture!(SIGNED_BOTH, "signed/response-signed-both.xml", "Response and Assertion signed.");
fixture!(UNSIGNED, "signed/response-unsigned.xml", "No signature at all.");
fixture!(TAMPERED_DIGEST, "signed/tampered-digest.xml", "NameID edited after signing.");
fixture!(TAMPERED_SIGNATURE_VALUE, "signed/tampered-signature-value.xml", "SignatureValue edited after signing.");
fixture!(WRAPPED_REFERENCE, "signed/wrapped-reference.xml", "Signature in an unsigned assertion pointing at another.");
fixture!(DUPLICATE_ID, "signed/duplicate-id.xml", "A forged assertion with the signed one's ID appended.");
fixture!(RSA_SHA1, "signed/rsa-sha1.xml", "Signed with rsa-sha1 and sha1 digests.");
fixture!(ECDSA_P256, "signed/ecdsa-p256.xml", "Signed with ecdsa-sha256 (P-256).");
fixture!(
    UNSUPPORTED_SIGNATURE_METHOD,
    "signed/unsupported-signature-method.xml",
    "SignatureMethod changed to hmac-sha256."
);
fixture!(UNSUPPORTED_DIGEST, "signed/unsupported-digest.xml", "DigestMethod changed to sha224.");
fixture!(RESIGNED_BY_ROTATED, "signed/resigned-by-rotated.xml", "Signed by the rotated IdP key (new certificate).");
fixture!(RESIGNED_BY_ATTACKER, "signed/resigned-by-attacker.xml", "Re-signed by an attacker with its own certificate.");
fixture!(COMMENT_IN_NAMEID, "signed/comment-in-nameid.xml", "A comment inserted into NameID after signing.");
fixture!(WEAK_KEY, "signed/weak-key.xml", "Signed with a 1024-bit RSA key.");
fixture!(WHOLE_DOCUMENT, "signed/whole-document.xml", "Response signed with URI=\"\".");
fixture!(IDP_METADATA, "signed/idp-metadata.xml", "Metadata with the IdP signing certificate.");
fixture!(IDP_METADATA_SIGNED, "signed/idp-metadata-signed.xml", "The same metadata, signed by the IdP key.");
fixture!(METADATA_NO_SIGNING_CERT, "signed/metadata-no-signing-cert.xml", "Metadata whose only key is for encryption.");
fixture!(METADATA_OTHER_ENTITY, "signed/metadata-other-entity.xml", "Metadata of another tenant.");
fixture!(
    REDIRECT_URL,
    "signed/authn-request-redirect.url",
    "A Redirect-binding AuthnRequest URL signed by the SP key."
);
fixture!(IDP_CERT, "keys/idp.pem", "The IdP certificate.");
fixture!(ROTATED_CERT, "keys/rotated.pem", "The rotated IdP certificate.");
fixture!(SP_CERT, "keys/sp.pem", "The SP certificate (signs the Redirect query).");

/// The SHA-1 thumbprint of a PEM certificate, as Entra shows it.
pub fn thumbprint(pem: &str) -> String {
    crate::x509::Certificate::from_pem(pem).map(|c| c.thumbprint_sha1_entra()).unwrap_or_default()
}

/// A profile pinning the thumbprint of `pem`.
pub fn profile_pinning(pem: &str) -> crate::profile::Profile {
    crate::profile::Profile { certificate_thumbprints: vec![thumbprint(pem)], ..crate::profile::Profile::default() }
}
