//! Signature verification primitives: the digest and signature algorithms of XMLDSig (and of the SAML
//! HTTP-Redirect binding, which uses the same algorithm URIs), public keys, and [`verify`].
//!
//! What is signed and how the signed bytes are produced (canonicalization, the query string of the redirect
//! binding) is not this module's business: it receives the exact octets and the decoded `SignatureValue`.
//!
//! Signature value encodings follow XMLDSig:
//! - RSA: the PKCS#1 v1.5 signature, exactly as many bytes as the modulus (RFC 3275 §6.4.2).
//! - ECDSA: the raw concatenation `r || s`, each left-padded to the curve's field size (RFC 4050, RFC 6931
//!   §2.3.6), *not* the DER `ECDSA-Sig-Value` of X.509. DER is accepted as a fallback because some signers
//!   emit it.
//! - DSA: the raw concatenation `r || s`, each as long as the group order `q` (20 bytes for a 160-bit `q`,
//!   RFC 3275 §6.4.1); DER is accepted as a fallback too.
//!
//! ECDSA and DSA verify the digest of the algorithm named in the URI whatever the curve or group size
//! (ecdsa-sha256 with a P-384 key is legal): the digest is truncated or zero-extended as FIPS 186-4 says.
//!
//! The arithmetic is the crate's own, to keep the web bundle small: one Montgomery implementation
//! (`montgomery`) under RSA's public operation (`rsa_public`), DSA and ECDSA on P-256/P-384 (`ecdsa`). It is
//! verification only and variable-time, which is fine for public inputs (keys, signatures, signed data) and
//! would not be for secrets; the tests cross-check it against the RustCrypto `rsa`, `p256` and `p384` crates.

mod ecdsa;
mod montgomery;
mod rsa_public;

use std::cmp::Ordering;
use std::fmt;

use ecdsa::{Curve, EcdsaError};
use montgomery::{limbs_to_be, Montgomery};
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};
use x509_parser::prelude::FromDer;
use x509_parser::public_key::PublicKey as SpkiPublicKey;
use x509_parser::x509::SubjectPublicKeyInfo;

/// A digest (hash) algorithm named by an XMLDSig `DigestMethod` URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DigestAlgorithm {
    /// SHA-1 (`http://www.w3.org/2000/09/xmldsig#sha1`); collision attacks are practical, so it is weak.
    Sha1,
    /// SHA-256 (`http://www.w3.org/2001/04/xmlenc#sha256`).
    Sha256,
    /// SHA-384 (`http://www.w3.org/2001/04/xmldsig-more#sha384`).
    Sha384,
    /// SHA-512 (`http://www.w3.org/2001/04/xmlenc#sha512`).
    Sha512,
}

impl DigestAlgorithm {
    /// Every digest algorithm, strongest last.
    pub const ALL: [Self; 4] = [Self::Sha1, Self::Sha256, Self::Sha384, Self::Sha512];

    /// The algorithm named by an XMLDSig `DigestMethod/@Algorithm` URI, or `None` if the URI is not one of the
    /// four this crate knows (the comparison is exact, as XMLDSig requires).
    pub fn from_uri(uri: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|alg| alg.uri() == uri)
    }

    /// The XMLDSig URI of the algorithm.
    pub fn uri(self) -> &'static str {
        match self {
            Self::Sha1 => "http://www.w3.org/2000/09/xmldsig#sha1",
            Self::Sha256 => "http://www.w3.org/2001/04/xmlenc#sha256",
            Self::Sha384 => "http://www.w3.org/2001/04/xmldsig-more#sha384",
            Self::Sha512 => "http://www.w3.org/2001/04/xmlenc#sha512",
        }
    }

    /// The short name used in reports: `sha1`, `sha256`, `sha384`, `sha512`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sha1 => "sha1",
            Self::Sha256 => "sha256",
            Self::Sha384 => "sha384",
            Self::Sha512 => "sha512",
        }
    }

    /// The digest of `data`.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha1 => Sha1::digest(data).to_vec(),
            Self::Sha256 => Sha256::digest(data).to_vec(),
            Self::Sha384 => Sha384::digest(data).to_vec(),
            Self::Sha512 => Sha512::digest(data).to_vec(),
        }
    }

    /// Length of the digest in bytes.
    pub fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }

    /// True for SHA-1, which must no longer be used for signatures (collisions are practical).
    pub fn is_weak(self) -> bool {
        self == Self::Sha1
    }
}

impl fmt::Display for DigestAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A signature algorithm named by an XMLDSig `SignatureMethod` URI or by the `SigAlg` parameter of the
/// HTTP-Redirect binding (same URIs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignatureAlgorithm {
    /// RSA PKCS#1 v1.5 with SHA-1 (`http://www.w3.org/2000/09/xmldsig#rsa-sha1`).
    RsaSha1,
    /// RSA PKCS#1 v1.5 with SHA-256 (`http://www.w3.org/2001/04/xmldsig-more#rsa-sha256`); what Entra ID uses.
    RsaSha256,
    /// RSA PKCS#1 v1.5 with SHA-384 (`http://www.w3.org/2001/04/xmldsig-more#rsa-sha384`).
    RsaSha384,
    /// RSA PKCS#1 v1.5 with SHA-512 (`http://www.w3.org/2001/04/xmldsig-more#rsa-sha512`).
    RsaSha512,
    /// ECDSA with SHA-1 (`http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1`).
    EcdsaSha1,
    /// ECDSA with SHA-256 (`http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256`).
    EcdsaSha256,
    /// ECDSA with SHA-384 (`http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384`).
    EcdsaSha384,
    /// ECDSA with SHA-512 (`http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512`).
    EcdsaSha512,
    /// DSA with SHA-1 (`http://www.w3.org/2000/09/xmldsig#dsa-sha1`), the only algorithm of XMLDSig 1.0 besides
    /// rsa-sha1.
    DsaSha1,
    /// DSA with SHA-256 (`http://www.w3.org/2009/xmldsig11#dsa-sha256`, XMLDSig 1.1).
    DsaSha256,
}

impl SignatureAlgorithm {
    /// Every signature algorithm.
    pub const ALL: [Self; 10] = [
        Self::RsaSha1,
        Self::RsaSha256,
        Self::RsaSha384,
        Self::RsaSha512,
        Self::EcdsaSha1,
        Self::EcdsaSha256,
        Self::EcdsaSha384,
        Self::EcdsaSha512,
        Self::DsaSha1,
        Self::DsaSha256,
    ];

    /// The algorithm named by a `SignatureMethod/@Algorithm` (or `SigAlg`) URI, or `None` for any other URI
    /// (exact comparison).
    pub fn from_uri(uri: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|alg| alg.uri() == uri)
    }

    /// The algorithm of an X.509 signature given its OID in dotted form (`1.2.840.113549.1.1.11` is
    /// sha256WithRSAEncryption), or `None` for algorithms this crate cannot verify (RSA-PSS, MD5, EdDSA, …).
    pub fn from_x509_oid(oid: &str) -> Option<Self> {
        Some(match oid {
            "1.2.840.113549.1.1.5" | "1.3.14.3.2.29" => Self::RsaSha1,
            "1.2.840.113549.1.1.11" => Self::RsaSha256,
            "1.2.840.113549.1.1.12" => Self::RsaSha384,
            "1.2.840.113549.1.1.13" => Self::RsaSha512,
            "1.2.840.10045.4.1" => Self::EcdsaSha1,
            "1.2.840.10045.4.3.2" => Self::EcdsaSha256,
            "1.2.840.10045.4.3.3" => Self::EcdsaSha384,
            "1.2.840.10045.4.3.4" => Self::EcdsaSha512,
            "1.2.840.10040.4.3" => Self::DsaSha1,
            "2.16.840.1.101.3.4.3.2" => Self::DsaSha256,
            _ => return None,
        })
    }

    /// The URI of the algorithm.
    pub fn uri(self) -> &'static str {
        match self {
            Self::RsaSha1 => "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
            Self::RsaSha256 => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            Self::RsaSha384 => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
            Self::RsaSha512 => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
            Self::EcdsaSha1 => "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1",
            Self::EcdsaSha256 => "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
            Self::EcdsaSha384 => "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
            Self::EcdsaSha512 => "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512",
            Self::DsaSha1 => "http://www.w3.org/2000/09/xmldsig#dsa-sha1",
            Self::DsaSha256 => "http://www.w3.org/2009/xmldsig11#dsa-sha256",
        }
    }

    /// The short name used in reports, the URI's fragment: `rsa-sha256`, `ecdsa-sha384`, `dsa-sha1`, ….
    pub fn name(self) -> &'static str {
        match self {
            Self::RsaSha1 => "rsa-sha1",
            Self::RsaSha256 => "rsa-sha256",
            Self::RsaSha384 => "rsa-sha384",
            Self::RsaSha512 => "rsa-sha512",
            Self::EcdsaSha1 => "ecdsa-sha1",
            Self::EcdsaSha256 => "ecdsa-sha256",
            Self::EcdsaSha384 => "ecdsa-sha384",
            Self::EcdsaSha512 => "ecdsa-sha512",
            Self::DsaSha1 => "dsa-sha1",
            Self::DsaSha256 => "dsa-sha256",
        }
    }

    /// The digest the algorithm signs.
    pub fn digest(self) -> DigestAlgorithm {
        match self {
            Self::RsaSha1 | Self::EcdsaSha1 | Self::DsaSha1 => DigestAlgorithm::Sha1,
            Self::RsaSha256 | Self::EcdsaSha256 | Self::DsaSha256 => DigestAlgorithm::Sha256,
            Self::RsaSha384 | Self::EcdsaSha384 => DigestAlgorithm::Sha384,
            Self::RsaSha512 | Self::EcdsaSha512 => DigestAlgorithm::Sha512,
        }
    }

    /// The kind of key the algorithm needs.
    pub fn key_family(self) -> KeyFamily {
        match self {
            Self::RsaSha1 | Self::RsaSha256 | Self::RsaSha384 | Self::RsaSha512 => KeyFamily::Rsa,
            Self::EcdsaSha1 | Self::EcdsaSha256 | Self::EcdsaSha384 | Self::EcdsaSha512 => KeyFamily::Ec,
            Self::DsaSha1 | Self::DsaSha256 => KeyFamily::Dsa,
        }
    }

    /// True when the algorithm should no longer be accepted: anything over SHA-1, and DSA (withdrawn from
    /// FIPS 186-5, and practically always 1024-bit with SHA-1 in XMLDSig).
    pub fn is_weak(self) -> bool {
        self.digest().is_weak() || self.key_family() == KeyFamily::Dsa
    }
}

impl fmt::Display for SignatureAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The family of a public key, which decides the signature algorithms it can verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyFamily {
    /// RSA.
    Rsa,
    /// Elliptic curve (ECDSA).
    Ec,
    /// DSA.
    Dsa,
}

impl KeyFamily {
    /// `RSA`, `EC` or `DSA`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Rsa => "RSA",
            Self::Ec => "EC",
            Self::Dsa => "DSA",
        }
    }
}

impl fmt::Display for KeyFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A public key that can verify signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// An RSA key.
    Rsa(RsaPublicKey),
    /// An ECDSA key on NIST P-256 (secp256r1, prime256v1).
    EcP256(EcPublicKey),
    /// An ECDSA key on NIST P-384 (secp384r1).
    EcP384(EcPublicKey),
    /// A DSA key: domain parameters and public value.
    Dsa(DsaPublicKey),
}

/// An RSA public key, checked by [`PublicKey::from_rsa_key_value`]: odd modulus of 256 to [`MAX_RSA_BITS`]
/// bits, public exponent from 2 to 2^33 − 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsaPublicKey {
    /// Big-endian, no leading zero byte.
    n: Vec<u8>,
    /// From 2 to 2^33 − 1.
    e: u64,
}

impl RsaPublicKey {
    /// The modulus `n`, big-endian without leading zero bytes.
    pub fn modulus(&self) -> &[u8] {
        &self.n
    }

    /// The public exponent `e` (65537 for practically every key).
    pub fn exponent(&self) -> u64 {
        self.e
    }
}

/// An elliptic-curve public key: a point of the curve of its [`PublicKey`] variant, checked to be on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcPublicKey {
    /// SEC 1 uncompressed: `04 ‖ X ‖ Y`.
    point: Vec<u8>,
}

impl EcPublicKey {
    /// The point in SEC 1 uncompressed form, `04 ‖ X ‖ Y` (also when it was given compressed).
    pub fn sec1_uncompressed(&self) -> &[u8] {
        &self.point
    }
}

/// A DSA public key: domain parameters and public value, big-endian without leading zero bytes, checked by
/// [`PublicKey::from_dsa_key_value`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DsaPublicKey {
    /// The prime modulus.
    p: Vec<u8>,
    /// The prime order of the subgroup (160 bits for DSA-1024).
    q: Vec<u8>,
    /// The generator of the subgroup.
    g: Vec<u8>,
    /// The public value `g^x mod p`.
    y: Vec<u8>,
}

/// Largest RSA modulus accepted, in bits (larger keys only cost verification time in the browser).
pub const MAX_RSA_BITS: usize = 16_384;
/// Largest DSA prime `p` accepted, in bits.
pub const MAX_DSA_BITS: usize = 4_096;

const OID_RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
const OID_EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
const OID_DSA: &str = "1.2.840.10040.4.1";
const OID_CURVE_P256: &str = "1.2.840.10045.3.1.7";
const OID_CURVE_P384: &str = "1.3.132.0.34";

impl PublicKey {
    /// Reads a DER `SubjectPublicKeyInfo` (the `subjectPublicKeyInfo` of a certificate, or a PEM
    /// `PUBLIC KEY` after base64 decoding).
    pub fn from_spki_der(der: &[u8]) -> Result<Self, KeyError> {
        let (rest, spki) = SubjectPublicKeyInfo::from_der(der)
            .map_err(|e| KeyError::MalformedSpki { reason: lowercase_first(&e.to_string()) })?;
        if !rest.is_empty() {
            return Err(KeyError::MalformedSpki {
                reason: format!("{} bytes after the end of the structure", rest.len()),
            });
        }
        Self::from_spki(&spki)
    }

    /// Reads an already parsed `SubjectPublicKeyInfo` (used by the certificate reader).
    pub(crate) fn from_spki(spki: &SubjectPublicKeyInfo<'_>) -> Result<Self, KeyError> {
        let algorithm = spki.algorithm.algorithm.to_id_string();
        match algorithm.as_str() {
            OID_RSA_ENCRYPTION => match spki.parsed() {
                Ok(SpkiPublicKey::RSA(rsa)) => Self::from_rsa_key_value(rsa.modulus, rsa.exponent),
                _ => Err(KeyError::MalformedSpki {
                    reason: "the RSA public key is not a DER RSAPublicKey (modulus, exponent)".to_owned(),
                }),
            },
            OID_EC_PUBLIC_KEY => {
                let curve = spki
                    .algorithm
                    .parameters
                    .as_ref()
                    .and_then(|p| p.as_oid().ok())
                    .map(|oid| oid.to_id_string())
                    .ok_or_else(|| KeyError::MalformedSpki {
                        reason: "the EC key does not name its curve (explicit curve parameters are not supported)"
                            .to_owned(),
                    })?;
                Self::from_ec_point(&curve, &spki.subject_public_key.data)
            }
            OID_DSA => {
                let Ok(SpkiPublicKey::DSA(y)) = spki.parsed() else {
                    return Err(KeyError::MalformedSpki {
                        reason: "the DSA public value is not a DER INTEGER".to_owned(),
                    });
                };
                let params = spki
                    .algorithm
                    .parameters
                    .as_ref()
                    .ok_or_else(|| KeyError::InvalidDsaKey {
                        reason: "the key has no domain parameters (p, q, g): they would have to be inherited from the issuer, which is not supported".to_owned(),
                    })?;
                let [p, q, g] = der_integers::<3>(params.data).ok_or_else(|| KeyError::MalformedSpki {
                    reason: "the DSA parameters are not a SEQUENCE of three INTEGERs (p, q, g)".to_owned(),
                })?;
                Self::from_dsa_key_value(p, q, g, y)
            }
            other => Err(KeyError::UnsupportedKeyAlgorithm { algorithm: describe_key_oid(other) }),
        }
    }

    /// Builds an RSA key from the big-endian bytes of the modulus and the public exponent, as found (after
    /// base64 decoding) in an XMLDSig `RSAKeyValue`'s `Modulus` and `Exponent`. Leading zero bytes are allowed.
    pub fn from_rsa_key_value(modulus: &[u8], exponent: &[u8]) -> Result<Self, KeyError> {
        let n = strip_leading_zeros(modulus);
        let e = strip_leading_zeros(exponent);
        let bits = bit_len(n);
        let invalid = |reason: String| Err(KeyError::InvalidRsaKey { reason });
        if bits < 256 {
            return invalid(format!("the modulus is only {bits} bits long"));
        }
        if !is_odd(n) {
            return invalid("the modulus is even".to_owned());
        }
        if bits > MAX_RSA_BITS {
            return invalid(format!("the modulus is {bits} bits long, more than the {MAX_RSA_BITS} supported"));
        }
        if bit_len(e) > 33 {
            return invalid("the public exponent is larger than 2^33".to_owned());
        }
        let e = e.iter().fold(0_u64, |acc, &b| (acc << 8) | u64::from(b));
        if e < 2 {
            return invalid("the public exponent is smaller than 2".to_owned());
        }
        if e >= 1 << 33 {
            return invalid("the public exponent is larger than 2^33".to_owned());
        }
        Ok(Self::Rsa(RsaPublicKey { n: n.to_vec(), e }))
    }

    /// Builds an EC key from a curve OID (dotted, e.g. `1.2.840.10045.3.1.7`; the `urn:oid:` prefix of an
    /// XMLDSig 1.1 `ECKeyValue/NamedCurve/@URI` is accepted) and the SEC1 encoded point (the `PublicKey` of
    /// an `ECKeyValue`, or the subjectPublicKey bits of a certificate).
    pub fn from_ec_point(curve_oid: &str, point: &[u8]) -> Result<Self, KeyError> {
        let oid = curve_oid.strip_prefix("urn:oid:").unwrap_or(curve_oid);
        match oid {
            OID_CURVE_P256 => ecdsa::decode_public_key(Curve::P256, point)
                .map(|point| Self::EcP256(EcPublicKey { point }))
                .ok_or(KeyError::InvalidEcPoint { curve: "P-256" }),
            OID_CURVE_P384 => ecdsa::decode_public_key(Curve::P384, point)
                .map(|point| Self::EcP384(EcPublicKey { point }))
                .ok_or(KeyError::InvalidEcPoint { curve: "P-384" }),
            other => Err(KeyError::UnsupportedCurve { curve: describe_curve_oid(other) }),
        }
    }

    /// Builds a DSA key from the big-endian bytes of `P`, `Q`, `G` and `Y` of an XMLDSig `DSAKeyValue`
    /// (after base64 decoding).
    pub fn from_dsa_key_value(p: &[u8], q: &[u8], g: &[u8], y: &[u8]) -> Result<Self, KeyError> {
        let [p, q, g, y] = [p, q, g, y].map(strip_leading_zeros);
        let invalid = |reason: String| Err(KeyError::InvalidDsaKey { reason });
        let one: &[u8] = &[1];
        let p_bits = bit_len(p);
        if !(512..=MAX_DSA_BITS).contains(&p_bits) {
            return invalid(format!("p is {p_bits} bits long, outside the supported 512..={MAX_DSA_BITS}"));
        }
        if !is_odd(p) {
            return invalid("p is even".to_owned());
        }
        if bit_len(q) < 16 || compare_be(q, p) != Ordering::Less {
            return invalid(format!("q ({} bits) is not a plausible subgroup order below p", bit_len(q)));
        }
        if !is_odd(q) {
            return invalid("q is even".to_owned());
        }
        if compare_be(g, one) != Ordering::Greater || compare_be(g, p) != Ordering::Less {
            return invalid("g is not between 1 and p".to_owned());
        }
        if compare_be(y, one) != Ordering::Greater || compare_be(y, p) != Ordering::Less {
            return invalid("y is not between 1 and p".to_owned());
        }
        Ok(Self::Dsa(DsaPublicKey { p: p.to_vec(), q: q.to_vec(), g: g.to_vec(), y: y.to_vec() }))
    }

    /// The family of the key.
    pub fn family(&self) -> KeyFamily {
        match self {
            Self::Rsa(_) => KeyFamily::Rsa,
            Self::EcP256(_) | Self::EcP384(_) => KeyFamily::Ec,
            Self::Dsa(_) => KeyFamily::Dsa,
        }
    }

    /// The key size in bits: the modulus for RSA, the curve size for EC, `p` for DSA.
    pub fn bits(&self) -> u32 {
        let bits = match self {
            Self::Rsa(key) => bit_len(&key.n),
            Self::EcP256(_) => 256,
            Self::EcP384(_) => 384,
            Self::Dsa(key) => bit_len(&key.p),
        };
        u32::try_from(bits).unwrap_or(u32::MAX)
    }

    /// A human-readable description: `RSA 2048`, `EC P-256`, `EC P-384`, `DSA 1024`.
    pub fn kind_name(&self) -> String {
        match self {
            Self::Rsa(_) => format!("RSA {}", self.bits()),
            Self::EcP256(_) => "EC P-256".to_owned(),
            Self::EcP384(_) => "EC P-384".to_owned(),
            Self::Dsa(_) => format!("DSA {}", self.bits()),
        }
    }

    /// True when the key is too small to be trusted today: RSA or DSA below 2048 bits.
    pub fn is_weak(&self) -> bool {
        match self {
            Self::Rsa(_) | Self::Dsa(_) => self.bits() < 2048,
            Self::EcP256(_) | Self::EcP384(_) => false,
        }
    }
}

/// Why a public key could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// The `SubjectPublicKeyInfo` is not valid DER of the expected shape.
    MalformedSpki {
        /// What is wrong with it.
        reason: String,
    },
    /// The key is of an algorithm this crate cannot verify with (Ed25519, GOST, …).
    UnsupportedKeyAlgorithm {
        /// Name and OID of the algorithm, e.g. `Ed25519 (1.3.101.112)`.
        algorithm: String,
    },
    /// The EC key is on a curve other than P-256 and P-384.
    UnsupportedCurve {
        /// Name and OID of the curve, e.g. `P-521 (1.3.132.0.35)`.
        curve: String,
    },
    /// The EC point is not a valid point of the curve.
    InvalidEcPoint {
        /// `P-256` or `P-384`.
        curve: &'static str,
    },
    /// The RSA modulus or exponent is unusable.
    InvalidRsaKey {
        /// What is wrong with it.
        reason: String,
    },
    /// The DSA parameters or public value are unusable.
    InvalidDsaKey {
        /// What is wrong with them.
        reason: String,
    },
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MalformedSpki { reason } => write!(f, "malformed public key: {reason}"),
            Self::UnsupportedKeyAlgorithm { algorithm } => {
                write!(f, "unsupported public key algorithm {algorithm}: only RSA, EC (P-256, P-384) and DSA keys can verify signatures")
            }
            Self::UnsupportedCurve { curve } => {
                write!(f, "unsupported elliptic curve {curve}: only P-256 and P-384 are supported")
            }
            Self::InvalidEcPoint { curve } => {
                write!(f, "the public key is not a valid point of curve {curve}")
            }
            Self::InvalidRsaKey { reason } => write!(f, "invalid RSA public key: {reason}"),
            Self::InvalidDsaKey { reason } => write!(f, "invalid DSA public key: {reason}"),
        }
    }
}

impl std::error::Error for KeyError {}

/// Verifies `signature` over `signed_data` with `key` under `alg`.
///
/// `signed_data` is the exact octets that were signed (the canonical `SignedInfo`, or the
/// `SAMLRequest=…&RelayState=…&SigAlg=…` octets of the redirect binding); `signature` is the decoded
/// `SignatureValue` (or `Signature` query parameter). ECDSA and DSA signatures are expected as XMLDSig's raw
/// `r || s`; DER is accepted as a fallback.
pub fn verify(
    key: &PublicKey,
    alg: SignatureAlgorithm,
    signed_data: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    verify_encoded(key, alg, signed_data, signature, SignatureEncoding::XmlDsig)
}

/// How an ECDSA or DSA signature value is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SignatureEncoding {
    /// XMLDSig: raw `r || s` of fixed size; DER accepted when the length does not fit.
    XmlDsig,
    /// X.509: DER `SEQUENCE { r INTEGER, s INTEGER }` only.
    Der,
}

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// The key cannot be used with the algorithm (an EC key for rsa-sha256, …).
    KeyAlgorithmMismatch {
        /// The key, as [`PublicKey::kind_name`] describes it.
        key: String,
        /// The algorithm the signature claims.
        alg: SignatureAlgorithm,
    },
    /// The signature value is well formed but does not verify: the signed bytes differ from what was signed,
    /// or the key is not the signer's.
    BadSignature,
    /// The signature value cannot be a signature of this algorithm and key (wrong length, r or s out of range,
    /// bad DER).
    MalformedSignature {
        /// What is wrong with it.
        reason: String,
    },
    /// The key itself cannot verify anything (a hand-built key with impossible parameters).
    InvalidKey {
        /// What is wrong with it.
        reason: String,
    },
    /// The algorithm cannot be verified by this crate (an X.509 certificate signed with RSA-PSS, MD5, EdDSA…).
    Unsupported {
        /// The algorithm's name or OID.
        alg: String,
    },
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::KeyAlgorithmMismatch { key, alg } => {
                write!(f, "signature algorithm {alg} needs an {} key, but the key is {key}", alg.key_family())
            }
            Self::BadSignature => f.write_str(
                "signature value does not verify with this key: the signed data or the key differ from the signer's",
            ),
            Self::MalformedSignature { reason } => write!(f, "malformed signature value: {reason}"),
            Self::InvalidKey { reason } => write!(f, "unusable public key: {reason}"),
            Self::Unsupported { alg } => write!(f, "signature algorithm {alg} is not supported"),
        }
    }
}

impl std::error::Error for VerifyError {}

/// [`verify`] with an explicit encoding of ECDSA/DSA signature values (X.509 uses DER only).
pub(crate) fn verify_encoded(
    key: &PublicKey,
    alg: SignatureAlgorithm,
    signed_data: &[u8],
    signature: &[u8],
    encoding: SignatureEncoding,
) -> Result<(), VerifyError> {
    if key.family() != alg.key_family() {
        return Err(VerifyError::KeyAlgorithmMismatch { key: key.kind_name(), alg });
    }
    let digest = alg.digest();
    match key {
        PublicKey::Rsa(rsa_key) => verify_rsa(rsa_key, digest, signed_data, signature),
        PublicKey::EcP256(ec_key) => verify_ecdsa(Curve::P256, ec_key, digest, signed_data, signature, encoding),
        PublicKey::EcP384(ec_key) => verify_ecdsa(Curve::P384, ec_key, digest, signed_data, signature, encoding),
        PublicKey::Dsa(dsa_key) => verify_dsa(dsa_key, digest, signed_data, signature, encoding),
    }
}

/// ECDSA verification ([`ecdsa`]): the digest of the algorithm, truncated to the bit length of the curve's order
/// when longer (FIPS 186-4 §6.4; shorter digests are used whole).
fn verify_ecdsa(
    curve: Curve,
    key: &EcPublicKey,
    digest: DigestAlgorithm,
    signed_data: &[u8],
    signature: &[u8],
    encoding: SignatureEncoding,
) -> Result<(), VerifyError> {
    let rs = fixed_size_r_s(signature, curve.byte_len(), curve.name(), encoding)?;
    ecdsa::verify_digest(curve, &key.point, &digest.digest(signed_data), &rs).map_err(|err| match err {
        EcdsaError::ScalarOutOfRange => r_s_out_of_range(match curve {
            Curve::P256 => "the order of P-256",
            Curve::P384 => "the order of P-384",
        }),
        EcdsaError::Mismatch => VerifyError::BadSignature,
        EcdsaError::InvalidKey => {
            VerifyError::InvalidKey { reason: format!("the EC key is not a point of {}", curve.name()) }
        }
    })
}

/// DSA verification as FIPS 186-4 §4.7 writes it (hence the one-letter names), on the Montgomery arithmetic
/// of [`montgomery`] (variable time: every value is public).
#[allow(clippy::many_single_char_names)]
fn verify_dsa(
    key: &DsaPublicKey,
    digest: DigestAlgorithm,
    signed_data: &[u8],
    signature: &[u8],
    encoding: SignatureEncoding,
) -> Result<(), VerifyError> {
    let invalid = || VerifyError::InvalidKey { reason: "DSA p and q must be odd and at least 3".to_owned() };
    let modulo_p = Montgomery::from_be(&key.p).ok_or_else(invalid)?;
    let modulo_q = Montgomery::from_be(&key.q).ok_or_else(invalid)?;
    let q_bits = modulo_q.bits();
    let q_len = q_bits.div_ceil(8);
    let rs = fixed_size_r_s(signature, q_len, "this DSA key", encoding)?;
    let (r_bytes, s_bytes) = rs.split_at(q_len);
    let in_range = |bytes: &[u8]| modulo_q.residue_below(bytes).filter(|v| !Montgomery::is_zero(v));
    let (Some(r), Some(s)) = (in_range(r_bytes), in_range(s_bytes)) else {
        return Err(r_s_out_of_range("q"));
    };
    let z = modulo_q.reduce(&leftmost_bits(&digest.digest(signed_data), q_bits));
    // q is prime, so s^(q-2) is the inverse of s modulo q (Fermat's little theorem); w is in Montgomery form,
    // so the products with the plain z and r are plain.
    let w = modulo_q.invert_prime(&modulo_q.to_montgomery(&s));
    let u1 = limbs_to_be(&modulo_q.mul(&z, &w), q_len);
    let u2 = limbs_to_be(&modulo_q.mul(&r, &w), q_len);
    let to_p = |bytes: &[u8]| modulo_p.residue_below(bytes).map(|v| modulo_p.to_montgomery(&v)).ok_or_else(invalid);
    let (g, y) = (to_p(&key.g)?, to_p(&key.y)?);
    let product = modulo_p.mul(&modulo_p.pow(&g, &u1), &modulo_p.pow(&y, &u2));
    let v = modulo_q.reduce(&limbs_to_be(&modulo_p.to_plain(&product), key.p.len()));
    if v == r {
        Ok(())
    } else {
        Err(VerifyError::BadSignature)
    }
}

fn verify_rsa(
    key: &RsaPublicKey,
    digest: DigestAlgorithm,
    signed_data: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    let expected = key.n.len();
    if signature.len() != expected {
        return Err(VerifyError::MalformedSignature {
            reason: format!(
                "the signature is {} bytes long, but an RSA {} key makes {expected}-byte signatures",
                signature.len(),
                bit_len(&key.n)
            ),
        });
    }
    let hashed = digest.digest(signed_data);
    // `None`: the signature is not below the modulus, which no signature is.
    match rsa_public::modpow_be(signature, key.e, &key.n) {
        Some(em) if emsa_pkcs1_v1_5_matches(&em, pkcs1_digest_info_prefix(digest), &hashed) => Ok(()),
        _ => Err(VerifyError::BadSignature),
    }
}

/// The DER `DigestInfo` header that precedes the hash in an EMSA-PKCS1-v1_5 encoding (RFC 8017 §9.2, note 1).
fn pkcs1_digest_info_prefix(digest: DigestAlgorithm) -> &'static [u8] {
    match digest {
        DigestAlgorithm::Sha1 => {
            &[0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14]
        }
        DigestAlgorithm::Sha256 => &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04,
            0x20,
        ],
        DigestAlgorithm::Sha384 => &[
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04,
            0x30,
        ],
        DigestAlgorithm::Sha512 => &[
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04,
            0x40,
        ],
    }
}

/// Whether `em` is `0x00 0x01 FF…FF 0x00 prefix hash` (EMSA-PKCS1-v1_5, RFC 8017 §9.2; at least 8 bytes of FF).
fn emsa_pkcs1_v1_5_matches(em: &[u8], prefix: &[u8], hashed: &[u8]) -> bool {
    let t_len = prefix.len() + hashed.len();
    let Some(padding) = em.len().checked_sub(t_len + 3).filter(|&p| p >= 8) else {
        return false;
    };
    let mut expected = Vec::with_capacity(em.len());
    expected.extend_from_slice(&[0x00, 0x01]);
    expected.resize(2 + padding, 0xff);
    expected.push(0x00);
    expected.extend_from_slice(prefix);
    expected.extend_from_slice(hashed);
    expected == em
}

/// The `r || s` of an ECDSA/DSA signature, each left-padded to `half` bytes.
fn fixed_size_r_s(
    signature: &[u8],
    half: usize,
    group: &str,
    encoding: SignatureEncoding,
) -> Result<Vec<u8>, VerifyError> {
    if encoding == SignatureEncoding::XmlDsig && signature.len() == 2 * half {
        return Ok(signature.to_vec());
    }
    let Some([r, s]) = der_integers_in_sequence(signature) else {
        return Err(VerifyError::MalformedSignature {
            reason: match encoding {
                SignatureEncoding::XmlDsig => format!(
                    "the signature is {} bytes long: neither the {}-byte r||s that XMLDSig specifies for {group} nor a DER (r, s) sequence",
                    signature.len(),
                    2 * half
                ),
                SignatureEncoding::Der => "the signature is not a DER (r, s) sequence".to_owned(),
            },
        });
    };
    let mut out = vec![0_u8; 2 * half];
    for (integer, slot) in [r, s].into_iter().zip(out.chunks_mut(half)) {
        let magnitude = strip_leading_zeros(integer);
        let start = half.checked_sub(magnitude.len()).ok_or_else(|| r_s_out_of_range(group))?;
        slot.get_mut(start..).ok_or_else(|| r_s_out_of_range(group))?.copy_from_slice(magnitude);
    }
    Ok(out)
}

fn r_s_out_of_range(bound: &str) -> VerifyError {
    VerifyError::MalformedSignature { reason: format!("r or s is zero or not below {bound}") }
}

/// The leftmost `bits` bits of a digest as a big-endian integer (FIPS 186-4 §4.6 for DSA; ECDSA §6.4 alike);
/// a digest no longer than that is returned whole.
fn leftmost_bits(digest: &[u8], bits: usize) -> Vec<u8> {
    if digest.len() * 8 <= bits {
        return digest.to_vec();
    }
    let kept = digest.get(..bits.div_ceil(8)).unwrap_or(digest);
    let shift = kept.len() * 8 - bits;
    if shift == 0 {
        return kept.to_vec();
    }
    let mut out = Vec::with_capacity(kept.len());
    let mut carry = 0_u8;
    for &byte in kept {
        out.push((byte >> shift) | carry);
        carry = byte << (8 - shift);
    }
    out
}

/// Whether a big-endian integer is odd.
fn is_odd(n: &[u8]) -> bool {
    n.last().is_some_and(|b| b & 1 == 1)
}

/// Bit length of a big-endian integer without leading zero bytes.
fn bit_len(n: &[u8]) -> usize {
    n.first().map_or(0, |&top| n.len() * 8 - top.leading_zeros() as usize)
}

/// Compares big-endian integers without leading zero bytes.
fn compare_be(a: &[u8], b: &[u8]) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes.get(first..).unwrap_or_default()
}

/// Reads a DER `SEQUENCE` holding exactly N `INTEGER`s, with nothing after it; returns their content octets.
fn der_integers_in_sequence<const N: usize>(der: &[u8]) -> Option<[&[u8]; N]> {
    let (tag, content, rest) = der_tlv(der)?;
    if tag != 0x30 || !rest.is_empty() {
        return None;
    }
    der_integers::<N>(content)
}

/// Reads exactly N DER `INTEGER`s (non-negative) that fill `content`; returns their content octets.
fn der_integers<const N: usize>(content: &[u8]) -> Option<[&[u8]; N]> {
    let mut out = [&[][..]; N];
    let mut rest = content;
    for slot in &mut out {
        let (tag, value, after) = der_tlv(rest)?;
        // INTEGER, not empty, not negative.
        if tag != 0x02 || value.first().is_none_or(|&b| b & 0x80 != 0) {
            return None;
        }
        *slot = value;
        rest = after;
    }
    rest.is_empty().then_some(out)
}

/// Splits one DER TLV with a single-byte tag: (tag, value, rest).
fn der_tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, input) = input.split_first()?;
    let (&first_len, mut input) = input.split_first()?;
    let len = if first_len < 0x80 {
        usize::from(first_len)
    } else {
        let count = usize::from(first_len & 0x7f);
        if count == 0 || count > 4 {
            return None;
        }
        let (len_bytes, after) = input.split_at_checked(count)?;
        input = after;
        len_bytes.iter().fold(0_usize, |acc, &b| (acc << 8) | usize::from(b))
    };
    let (value, rest) = input.split_at_checked(len)?;
    Some((tag, value, rest))
}

fn describe_key_oid(oid: &str) -> String {
    let name = match oid {
        "1.3.101.112" => "Ed25519",
        "1.3.101.113" => "Ed448",
        "1.2.840.113549.1.1.10" => "RSA-PSS",
        "1.2.643.2.2.19" | "1.2.643.7.1.1.1.1" | "1.2.643.7.1.1.1.2" => "GOST R 34.10",
        "1.2.156.10197.1.301" => "SM2",
        _ => return format!("with OID {oid}"),
    };
    format!("{name} ({oid})")
}

fn describe_curve_oid(oid: &str) -> String {
    let name = match oid {
        "1.3.132.0.35" => "P-521",
        "1.3.132.0.10" => "secp256k1",
        "1.2.840.10045.3.1.1" => "P-192",
        "1.3.132.0.33" => "P-224",
        "1.3.36.3.3.2.8.1.1.7" => "brainpoolP256r1",
        "1.3.36.3.3.2.8.1.1.11" => "brainpoolP384r1",
        "1.3.36.3.3.2.8.1.1.13" => "brainpoolP512r1",
        _ => return format!("with OID {oid}"),
    };
    format!("{name} ({oid})")
}

/// Error texts of dependencies start with a capital letter; ours are lowercase.
pub(crate) fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap (team rule).
mod tests {
    use super::*;

    #[test]
    fn digest_uris_round_trip() {
        for alg in DigestAlgorithm::ALL {
            assert_eq!(DigestAlgorithm::from_uri(alg.uri()), Some(alg));
            assert_eq!(alg.digest(b"abc").len(), alg.output_len());
        }
        assert_eq!(DigestAlgorithm::from_uri("http://www.w3.org/2001/04/xmldsig-more#sha256"), None);
        assert_eq!(DigestAlgorithm::from_uri(" http://www.w3.org/2000/09/xmldsig#sha1"), None);
    }

    #[test]
    fn sha256_of_abc_is_the_fips_vector() {
        use std::fmt::Write as _;
        let hex = DigestAlgorithm::Sha256.digest(b"abc").iter().fold(String::new(), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        });
        assert_eq!(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn signature_uris_round_trip_and_name_the_fragment() {
        for alg in SignatureAlgorithm::ALL {
            assert_eq!(SignatureAlgorithm::from_uri(alg.uri()), Some(alg));
            assert!(alg.uri().ends_with(&format!("#{}", alg.name())));
        }
        assert_eq!(SignatureAlgorithm::from_uri("http://www.w3.org/2001/04/xmldsig-more#rsa-md5"), None);
    }

    #[test]
    fn weak_algorithms_are_sha1_and_dsa() {
        let weak: Vec<_> = SignatureAlgorithm::ALL.into_iter().filter(|a| a.is_weak()).collect();
        assert_eq!(
            weak,
            [
                SignatureAlgorithm::RsaSha1,
                SignatureAlgorithm::EcdsaSha1,
                SignatureAlgorithm::DsaSha1,
                SignatureAlgorithm::DsaSha256
            ]
        );
    }

    #[test]
    fn der_signature_is_converted_to_padded_r_s() {
        // SEQUENCE { INTEGER 0x00 0x80 (positive 128), INTEGER 0x05 }
        let der = [0x30, 0x07, 0x02, 0x02, 0x00, 0x80, 0x02, 0x01, 0x05];
        let rs = fixed_size_r_s(&der, 4, "test", SignatureEncoding::XmlDsig).unwrap();
        assert_eq!(rs, [0, 0, 0, 0x80, 0, 0, 0, 5]);
    }

    #[test]
    fn der_signature_with_trailing_bytes_or_negative_integer_is_rejected() {
        let trailing = [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x05, 0x00];
        assert!(der_integers_in_sequence::<2>(&trailing).is_none());
        let negative = [0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x05];
        assert!(der_integers_in_sequence::<2>(&negative).is_none());
        let too_long = [0x30, 0x84, 0xff, 0xff, 0xff, 0xff];
        assert!(der_integers_in_sequence::<2>(&too_long).is_none());
    }

    #[test]
    fn integer_longer_than_the_group_is_malformed() {
        let der = [0x30, 0x08, 0x02, 0x03, 0x01, 0x02, 0x03, 0x02, 0x01, 0x05];
        let err = fixed_size_r_s(&der, 2, "q", SignatureEncoding::Der).unwrap_err();
        assert!(matches!(err, VerifyError::MalformedSignature { .. }), "{err:?}");
    }

    #[test]
    fn digest_is_truncated_to_the_leftmost_bits() {
        use rsa::BigUint;
        let hash = DigestAlgorithm::Sha256.digest(b"abc");
        let full = BigUint::from_bytes_be(&hash);
        for bits in [160_usize, 255, 250, 200, 17] {
            assert_eq!(BigUint::from_bytes_be(&leftmost_bits(&hash, bits)), &full >> (256 - bits), "{bits}");
        }
        assert_eq!(leftmost_bits(&hash, 256), hash);
        assert_eq!(leftmost_bits(&hash, 384), hash);
    }

    #[test]
    fn digest_info_prefixes_are_those_of_the_rsa_crate() {
        use rsa::Pkcs1v15Sign;
        for (digest, scheme) in [
            (DigestAlgorithm::Sha1, Pkcs1v15Sign::new::<Sha1>()),
            (DigestAlgorithm::Sha256, Pkcs1v15Sign::new::<Sha256>()),
            (DigestAlgorithm::Sha384, Pkcs1v15Sign::new::<Sha384>()),
            (DigestAlgorithm::Sha512, Pkcs1v15Sign::new::<Sha512>()),
        ] {
            assert_eq!(pkcs1_digest_info_prefix(digest), &scheme.prefix[..], "{digest}");
        }
    }

    #[test]
    fn rsa_exponent_limits() {
        let n = [0xc5_u8; 64];
        assert!(PublicKey::from_rsa_key_value(&n, &[1, 0, 1]).is_ok());
        assert!(PublicKey::from_rsa_key_value(&n, &[0, 0, 3]).is_ok());
        assert!(PublicKey::from_rsa_key_value(&n, &[1, 0xff, 0xff, 0xff, 0xff]).is_ok());
        for bad in [&[1_u8][..], &[], &[2, 0, 0, 0, 0], &[1, 0, 0, 0, 0, 0]] {
            assert!(matches!(PublicKey::from_rsa_key_value(&n, bad), Err(KeyError::InvalidRsaKey { .. })), "{bad:?}");
        }
    }

    #[test]
    fn rsa_key_value_rejects_tiny_or_even_modulus() {
        assert!(matches!(PublicKey::from_rsa_key_value(&[0xff; 16], &[1, 0, 1]), Err(KeyError::InvalidRsaKey { .. })));
        let mut even = vec![0xff_u8; 256];
        even[255] = 0xfe;
        assert!(matches!(PublicKey::from_rsa_key_value(&even, &[1, 0, 1]), Err(KeyError::InvalidRsaKey { .. })));
        assert!(matches!(PublicKey::from_rsa_key_value(&[], &[]), Err(KeyError::InvalidRsaKey { .. })));
    }
}
