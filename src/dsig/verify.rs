//! Verifying one `ds:Signature`: resolve each `Reference`, run its transforms, compare digests, canonicalize
//! `SignedInfo` and check `SignatureValue` with every key on offer, recording every step's result.
//!
//! A signature is checked with the keys it carries itself (`KeyInfo` certificates and key values) *and* with each
//! expected certificate, and every attempt is reported: a signature that verifies only with its own embedded key is
//! exactly what an attacker who re-signed a message would produce.

use std::fmt;

use serde::Serialize;

use super::c14n::{canonicalize, C14nAlgorithm, Canonicalization, DocumentSubset};
use super::signature::{parse_signature, AlgorithmUse, KeyValue, Reference};
use crate::crypto::{self, DigestAlgorithm, PublicKey, SignatureAlgorithm, VerifyError};
use crate::x509::{CertError, Certificate};
use crate::xml::{self, Document, NodeId};

/// Most `Reference`s checked in one signature (XML-DSig sets no limit; SAML uses exactly one).
pub const MAX_REFERENCES: usize = 32;
/// Most `Transform`s applied for one reference.
pub const MAX_TRANSFORMS: usize = 8;

/// Most `ds:Signature` elements verified in one document, in document order (SAML uses one or two).
pub const MAX_SIGNATURES_PER_DOCUMENT: usize = 16;
/// Most canonical bytes produced while verifying the signatures of one document; references beyond it are not
/// digested ([`ReferenceProblem::TooLarge`]), so a crafted document cannot make verification take minutes.
pub const MAX_CANONICAL_BYTES_PER_DOCUMENT: usize = 64 * 1024 * 1024;

/// The enveloped-signature transform.
pub const ENVELOPED_SIGNATURE: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

/// An element a signature sits on or points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ElementRef {
    /// The element.
    #[serde(skip)]
    pub node: NodeId,
    /// Its qualified name as written (`saml:Assertion`).
    pub name: String,
    /// Its local name (`Assertion`).
    pub local: String,
    /// Its path in the document.
    pub path: String,
    /// Its `ID` (or `Id`/`id`) attribute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl ElementRef {
    /// Describes element `node` of `doc`.
    pub fn of(doc: &Document, node: NodeId) -> Self {
        ElementRef {
            node,
            name: doc.qname(node),
            local: doc.element(node).map(|e| e.local.clone()).unwrap_or_default(),
            path: doc.path(node),
            id: doc.id_attr(node).map(str::to_owned),
        }
    }

    /// `saml:Assertion ID="_abc"` (or just the name without ID).
    pub fn describe(&self) -> String {
        match &self.id {
            Some(id) => format!("{} ID=\"{id}\"", self.name),
            None => self.name.clone(),
        }
    }
}

/// Where a key tried on a signature came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum KeySource {
    /// The n-th (0-based) `X509Certificate` in the signature's own `KeyInfo`.
    KeyInfoCertificate {
        /// Position among the signature's certificates.
        index: usize,
    },
    /// The n-th (0-based) `KeyValue` in the signature's own `KeyInfo`.
    KeyInfoKeyValue {
        /// Position among the signature's key values.
        index: usize,
    },
    /// An expected certificate (pinned thumbprint, metadata in the trace, a pasted certificate).
    Expected {
        /// Position in the list of expected certificates passed to the verifier.
        index: usize,
    },
}

impl KeySource {
    /// Whether the key came from the signature itself.
    pub fn is_embedded(self) -> bool {
        !matches!(self, KeySource::Expected { .. })
    }
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySource::KeyInfoCertificate { index } => write!(f, "KeyInfo certificate {}", index + 1),
            KeySource::KeyInfoKeyValue { index } => write!(f, "KeyInfo KeyValue {}", index + 1),
            KeySource::Expected { index } => write!(f, "expected certificate {}", index + 1),
        }
    }
}

/// One key tried on a signature value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyAttempt {
    /// Where the key came from.
    pub source: KeySource,
    /// The key, e.g. `RSA 2048`.
    pub key: String,
    /// The certificate's subject, when the key came with a certificate.
    pub subject: Option<String>,
    /// The certificate's SHA-1 thumbprint (uppercase hex, as Entra shows it).
    pub thumbprint_sha1: Option<String>,
    /// The certificate's SHA-256 thumbprint (uppercase hex).
    pub thumbprint_sha256: Option<String>,
    /// Whether the key is one of the expected certificates (also true for a `KeyInfo` certificate that is).
    pub expected: bool,
    /// `None` when the signature value verified with this key; otherwise why not.
    pub error: Option<VerifyError>,
}

impl KeyAttempt {
    /// Whether the signature value verified with this key.
    pub fn verified(&self) -> bool {
        self.error.is_none()
    }
}

/// A certificate found in the signature's `KeyInfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedCertificate {
    /// Position among the signature's certificates (0-based).
    pub index: usize,
    /// The certificate, or why it could not be read.
    pub certificate: Result<Certificate, CertError>,
}

/// The check of one `Reference`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceCheck {
    /// The `URI` attribute.
    pub uri: Option<String>,
    /// The element the reference resolves to (the document element for `URI=""`).
    pub target: Option<ElementRef>,
    /// Whether the reference covers the whole document (`URI=""` or `#xpointer(/)`).
    pub whole_document: bool,
    /// Whether the reference points at the element that encloses the signature (SAML Core §5.4.2).
    pub enveloped: bool,
    /// Whether the enveloped-signature transform was applied (the signature is left out of the digest).
    pub excludes_signature: bool,
    /// The transform URIs, in order.
    pub transforms: Vec<String>,
    /// The `DigestMethod` URI.
    pub digest_algorithm: Option<String>,
    /// Whether the digest was computed and equals `DigestValue`.
    pub digest_ok: bool,
    /// What went wrong, if anything.
    pub problem: Option<ReferenceProblem>,
    /// The node-set that was digested (when the reference resolved): what the signature covers.
    pub subset: Option<DocumentSubset>,
}

/// Why a reference could not be checked or did not match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ReferenceProblem {
    /// The `URI` attribute is missing.
    MissingUri,
    /// The URI is not a same-document reference sso-doctor follows (external URI, XPointer schemes other than
    /// `xpointer(id('…'))` and `xpointer(/)`).
    Unresolvable {
        /// The URI.
        uri: String,
    },
    /// No element has this ID.
    IdNotFound {
        /// The ID.
        id: String,
    },
    /// Several elements have this ID, so the reference is ambiguous (signature wrapping).
    DuplicateId {
        /// The ID.
        id: String,
        /// How many elements have it.
        count: usize,
    },
    /// A transform sso-doctor does not implement (XPath, XSLT, Base64, …).
    UnsupportedTransform {
        /// Its URI.
        uri: String,
    },
    /// Too many transforms, or a node-set transform after the data became octets.
    UnsupportedTransformChain {
        /// What is wrong.
        reason: String,
    },
    /// The document's budget of canonical bytes ([`MAX_CANONICAL_BYTES_PER_DOCUMENT`]) was used up.
    TooLarge {
        /// The budget in bytes.
        limit: usize,
    },
    /// `DigestMethod` is missing.
    MissingDigestMethod,
    /// A digest algorithm sso-doctor does not implement.
    UnsupportedDigest {
        /// Its URI.
        uri: String,
    },
    /// `DigestValue` is missing.
    MissingDigestValue,
    /// `DigestValue` is not valid base64.
    MalformedDigestValue {
        /// What is wrong.
        reason: String,
    },
    /// The digest of the referenced data differs from `DigestValue`: the data changed after signing.
    DigestMismatch {
        /// `DigestValue` as written (base64).
        expected: String,
        /// The digest computed now (base64).
        actual: String,
    },
}

impl ReferenceProblem {
    /// Whether the problem is an algorithm or transform sso-doctor cannot check.
    pub fn is_unsupported(&self) -> bool {
        matches!(
            self,
            Self::UnsupportedTransform { .. }
                | Self::UnsupportedDigest { .. }
                | Self::UnsupportedTransformChain { .. }
                | Self::TooLarge { .. }
        )
    }
}

impl fmt::Display for ReferenceProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingUri => f.write_str("the Reference has no URI attribute"),
            Self::Unresolvable { uri } => {
                write!(f, "the Reference URI \"{uri}\" is not a same-document reference to an ID")
            }
            Self::IdNotFound { id } => write!(f, "no element has ID \"{id}\""),
            Self::DuplicateId { id, count } => {
                write!(f, "{count} elements have ID \"{id}\": the reference is ambiguous")
            }
            Self::UnsupportedTransform { uri } => write!(f, "transform {uri} is not supported"),
            Self::UnsupportedTransformChain { reason } => write!(f, "unsupported transform chain: {reason}"),
            Self::TooLarge { limit } => {
                write!(f, "not digested: the document's signatures need more than {limit} bytes of canonical XML")
            }
            Self::MissingDigestMethod => f.write_str("the Reference has no DigestMethod"),
            Self::UnsupportedDigest { uri } => write!(f, "digest algorithm {uri} is not supported"),
            Self::MissingDigestValue => f.write_str("the Reference has no DigestValue"),
            Self::MalformedDigestValue { reason } => write!(f, "DigestValue is not valid base64: {reason}"),
            Self::DigestMismatch { expected, actual } => {
                write!(f, "digest mismatch: DigestValue is {expected} but the content now digests to {actual}")
            }
        }
    }
}

/// A problem with the signature as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SignatureProblem {
    /// No `SignedInfo`.
    MissingSignedInfo,
    /// No `CanonicalizationMethod`.
    MissingCanonicalizationMethod,
    /// A canonicalization algorithm sso-doctor does not implement.
    UnsupportedCanonicalization {
        /// Its URI.
        uri: String,
    },
    /// No `SignatureMethod`.
    MissingSignatureMethod,
    /// A signature algorithm sso-doctor does not implement (HMAC, RSA-PSS, EdDSA, …).
    UnsupportedSignatureMethod {
        /// Its URI.
        uri: String,
    },
    /// `SignedInfo` has no `Reference`.
    NoReferences,
    /// More references than [`MAX_REFERENCES`]; none was checked.
    TooManyReferences {
        /// How many there are.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// No `SignatureValue`.
    MissingSignatureValue,
    /// `SignatureValue` is not valid base64.
    MalformedSignatureValue {
        /// What is wrong.
        reason: String,
    },
    /// Some ID value occurs on more than one element of the document. xmlsec1 refuses to load such a document;
    /// it is the shape of most signature-wrapping attacks.
    DuplicateIds {
        /// The duplicated ID values.
        ids: Vec<String>,
    },
    /// There is no key to check the signature value with (no `KeyInfo` key and no expected certificate).
    NoKey,
    /// A `KeyInfo` key value could not be used.
    UnusableKeyValue {
        /// Why.
        reason: String,
    },
}

impl SignatureProblem {
    /// Whether the problem is an algorithm sso-doctor cannot check.
    pub fn is_unsupported(&self) -> bool {
        matches!(self, Self::UnsupportedCanonicalization { .. } | Self::UnsupportedSignatureMethod { .. })
    }
}

impl fmt::Display for SignatureProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingSignedInfo => f.write_str("the Signature has no SignedInfo"),
            Self::MissingCanonicalizationMethod => f.write_str("SignedInfo has no CanonicalizationMethod"),
            Self::UnsupportedCanonicalization { uri } => write!(f, "canonicalization {uri} is not supported"),
            Self::MissingSignatureMethod => f.write_str("SignedInfo has no SignatureMethod"),
            Self::UnsupportedSignatureMethod { uri } => write!(f, "signature algorithm {uri} is not supported"),
            Self::NoReferences => f.write_str("SignedInfo has no Reference: nothing is signed"),
            Self::TooManyReferences { count, limit } => {
                write!(f, "SignedInfo has {count} references, more than the {limit} checked")
            }
            Self::MissingSignatureValue => f.write_str("the Signature has no SignatureValue"),
            Self::MalformedSignatureValue { reason } => write!(f, "SignatureValue is not valid base64: {reason}"),
            Self::DuplicateIds { ids } => {
                write!(f, "the document has duplicate IDs ({}): references to them are ambiguous", ids.join(", "))
            }
            Self::NoKey => {
                f.write_str("no key to check the signature with: no KeyInfo key and no expected certificate")
            }
            Self::UnusableKeyValue { reason } => write!(f, "the KeyInfo KeyValue cannot be used: {reason}"),
        }
    }
}

/// The overall result of a signature check, most serious first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureStatus {
    /// An algorithm or transform sso-doctor cannot check: never valid.
    Unsupported,
    /// The document has duplicate IDs: never valid.
    DuplicateIds,
    /// Parts are missing or not valid base64.
    Malformed,
    /// A reference does not resolve to exactly one element.
    ReferenceUnresolved,
    /// A reference digest does not match: the signed content changed after signing.
    DigestMismatch,
    /// No key to check the signature value with.
    NoKey,
    /// The digests match but the signature value verifies with none of the keys tried.
    Invalid,
    /// Valid, but only with the signature's own `KeyInfo` key (no expected certificate verifies it).
    VerifiedEmbeddedOnly,
    /// Valid with an expected certificate.
    VerifiedExpected,
}

impl SignatureStatus {
    /// `verified-expected`, `digest-mismatch`, … (the JSON spelling).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unsupported => "unsupported",
            Self::DuplicateIds => "duplicate-ids",
            Self::Malformed => "malformed",
            Self::ReferenceUnresolved => "reference-unresolved",
            Self::DigestMismatch => "digest-mismatch",
            Self::NoKey => "no-key",
            Self::Invalid => "invalid",
            Self::VerifiedEmbeddedOnly => "verified-embedded-only",
            Self::VerifiedExpected => "verified-expected",
        }
    }
}

/// Everything learnt about one `ds:Signature`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureCheck {
    /// The `ds:Signature` element.
    pub node: NodeId,
    /// Its path.
    pub path: String,
    /// The element that encloses it (what SAML says it must sign).
    pub enclosing: Option<ElementRef>,
    /// `CanonicalizationMethod` URI.
    pub canonicalization: Option<String>,
    /// `SignatureMethod` URI.
    pub signature_method: Option<String>,
    /// One check per `Reference`.
    pub references: Vec<ReferenceCheck>,
    /// The certificates of `KeyInfo`.
    pub certificates: Vec<EmbeddedCertificate>,
    /// Every key tried, embedded ones first.
    pub attempts: Vec<KeyAttempt>,
    /// Problems with the signature as a whole.
    pub problems: Vec<SignatureProblem>,
    /// Set only by [`super::reported::apply`] (the share-link path): whether the reference digests are the result a
    /// share link's sender reported for this signature (the copy is redacted and cannot be re-verified).
    pub reported: Option<super::reported::ReportedUse>,
}

impl SignatureCheck {
    /// Whether there is at least one reference and every reference digest matched.
    pub fn digests_ok(&self) -> bool {
        !self.references.is_empty() && self.references.iter().all(|r| r.digest_ok)
    }

    /// Whether the signature is valid with this attempt's key: no problem, every digest matches and the signature
    /// value verifies with the key. This is what `xmlsec1 --verify` answers `OK` to for that key.
    pub fn is_valid_with(&self, attempt: &KeyAttempt) -> bool {
        self.problems.is_empty() && self.digests_ok() && attempt.verified()
    }

    /// Whether the signature is valid with any key tried (expected or embedded).
    pub fn is_verified(&self) -> bool {
        self.attempts.iter().any(|a| self.is_valid_with(a))
    }

    /// Whether the signature is valid with an expected certificate.
    pub fn verified_with_expected(&self) -> bool {
        self.attempts.iter().any(|a| a.expected && self.is_valid_with(a))
    }

    /// Whether the signature is valid with a key of its own `KeyInfo`.
    pub fn verified_with_embedded(&self) -> bool {
        self.attempts.iter().any(|a| a.source.is_embedded() && self.is_valid_with(a))
    }

    /// Whether the signature verified (with any key) and its digested data includes `node`: the node's content is
    /// exactly what was signed. Nodes inside the signature itself are not covered when the enveloped-signature
    /// transform left it out.
    pub fn covers(&self, doc: &Document, node: NodeId) -> bool {
        self.is_verified()
            && self.references.iter().any(|r| r.digest_ok && r.subset.is_some_and(|s| s.contains(doc, node)))
    }

    /// Every algorithm URI the signature uses (canonicalization, signature, transforms, digests), deduplicated.
    pub fn algorithm_uris(&self) -> Vec<&str> {
        let mut uris: Vec<&str> = Vec::new();
        let all = self.canonicalization.iter().chain(self.signature_method.iter()).map(String::as_str).chain(
            self.references
                .iter()
                .flat_map(|r| r.transforms.iter().map(String::as_str).chain(r.digest_algorithm.as_deref())),
        );
        for u in all {
            if !uris.contains(&u) {
                uris.push(u);
            }
        }
        uris
    }

    /// The overall result.
    pub fn status(&self) -> SignatureStatus {
        let reference_problems = || self.references.iter().filter_map(|r| r.problem.as_ref());
        if self.problems.iter().any(SignatureProblem::is_unsupported)
            || reference_problems().any(ReferenceProblem::is_unsupported)
        {
            return SignatureStatus::Unsupported;
        }
        if self.problems.iter().any(|p| matches!(p, SignatureProblem::DuplicateIds { .. })) {
            return SignatureStatus::DuplicateIds;
        }
        if self.problems.iter().any(|p| !matches!(p, SignatureProblem::NoKey))
            || reference_problems().any(|p| {
                matches!(
                    p,
                    ReferenceProblem::MissingDigestMethod
                        | ReferenceProblem::MissingDigestValue
                        | ReferenceProblem::MalformedDigestValue { .. }
                )
            })
        {
            return SignatureStatus::Malformed;
        }
        if reference_problems().any(|p| !matches!(p, ReferenceProblem::DigestMismatch { .. })) {
            return SignatureStatus::ReferenceUnresolved;
        }
        if !self.digests_ok() {
            return SignatureStatus::DigestMismatch;
        }
        if self.verified_with_expected() {
            SignatureStatus::VerifiedExpected
        } else if self.is_verified() {
            SignatureStatus::VerifiedEmbeddedOnly
        } else if self.attempts.is_empty() {
            SignatureStatus::NoKey
        } else {
            SignatureStatus::Invalid
        }
    }
}

/// Verifies the `ds:Signature` element `signature` of `doc` with its own `KeyInfo` keys and with each of the
/// `expected` certificates. Never fails: every problem is recorded in the result.
pub fn verify_signature(doc: &Document, signature: NodeId, expected: &[&Certificate]) -> SignatureCheck {
    DocumentVerifier::new(doc).verify(signature, expected)
}

/// Verifies the first [`MAX_SIGNATURES_PER_DOCUMENT`] `ds:Signature` elements of `doc`, in document order.
pub fn verify_document(doc: &Document, expected: &[&Certificate]) -> Vec<SignatureCheck> {
    let mut verifier = DocumentVerifier::new(doc);
    super::signature::signature_elements(doc)
        .into_iter()
        .take(MAX_SIGNATURES_PER_DOCUMENT)
        .map(|s| verifier.verify(s, expected))
        .collect()
}

/// Verifies the signatures of one document, sharing what is computed once per document (duplicate IDs) and the
/// budget of canonical bytes.
#[derive(Debug)]
pub struct DocumentVerifier<'a> {
    doc: &'a Document,
    duplicates: Vec<String>,
    budget: usize,
}

impl<'a> DocumentVerifier<'a> {
    /// A verifier for `doc`.
    pub fn new(doc: &'a Document) -> Self {
        DocumentVerifier { doc, duplicates: duplicate_ids(doc), budget: MAX_CANONICAL_BYTES_PER_DOCUMENT }
    }

    /// A verifier with a smaller budget of canonical bytes (tests).
    #[cfg(test)]
    pub(crate) fn with_budget(doc: &'a Document, budget: usize) -> Self {
        DocumentVerifier { doc, duplicates: duplicate_ids(doc), budget }
    }

    /// Verifies the `ds:Signature` element `signature` with its own `KeyInfo` keys and with each `expected`
    /// certificate.
    pub fn verify(&mut self, signature: NodeId, expected: &[&Certificate]) -> SignatureCheck {
        let doc = self.doc;
        let model = parse_signature(doc, signature);
        let enclosing = doc.parent(signature).map(|p| ElementRef::of(doc, p));
        let mut problems = Vec::new();
        if !self.duplicates.is_empty() {
            problems.push(SignatureProblem::DuplicateIds { ids: self.duplicates.clone() });
        }

        let mut references = Vec::new();
        let mut signed_octets: Option<String> = None;
        let mut canonicalization = None;
        let mut signature_method = None;
        let mut algorithm: Option<SignatureAlgorithm> = None;
        match &model.signed_info {
            None => problems.push(SignatureProblem::MissingSignedInfo),
            Some(si) => {
                canonicalization = si.canonicalization.as_ref().map(|c| c.uri.clone());
                signature_method.clone_from(&si.signature_method);
                if si.references.is_empty() {
                    problems.push(SignatureProblem::NoReferences);
                } else if si.references.len() > MAX_REFERENCES {
                    problems.push(SignatureProblem::TooManyReferences {
                        count: si.references.len(),
                        limit: MAX_REFERENCES,
                    });
                } else {
                    let enclosing_node = enclosing.as_ref().map(|e| e.node);
                    references =
                        si.references.iter().map(|r| self.check_reference(signature, enclosing_node, r)).collect();
                }
                match &si.canonicalization {
                    None => problems.push(SignatureProblem::MissingCanonicalizationMethod),
                    Some(c) => match canonicalization_of(c) {
                        Some(method) => {
                            let subset = DocumentSubset::element(si.node);
                            let octets = canonicalize(doc, &subset, &method);
                            self.budget = self.budget.saturating_sub(octets.len());
                            signed_octets = Some(octets);
                        }
                        None => problems.push(SignatureProblem::UnsupportedCanonicalization { uri: c.uri.clone() }),
                    },
                }
                match si.signature_method.as_deref() {
                    None => problems.push(SignatureProblem::MissingSignatureMethod),
                    Some(uri) => match SignatureAlgorithm::from_uri(uri) {
                        Some(a) => algorithm = Some(a),
                        None => problems.push(SignatureProblem::UnsupportedSignatureMethod { uri: uri.to_owned() }),
                    },
                }
            }
        }

        let signature_value = match model.signature_value.as_deref() {
            None => {
                problems.push(SignatureProblem::MissingSignatureValue);
                None
            }
            Some(text) => match decode_base64(text) {
                Ok(bytes) => Some(bytes),
                Err(reason) => {
                    problems.push(SignatureProblem::MalformedSignatureValue { reason });
                    None
                }
            },
        };

        let certificates: Vec<EmbeddedCertificate> = model
            .key_info
            .certificates
            .iter()
            .enumerate()
            .map(|(index, b64)| EmbeddedCertificate { index, certificate: Certificate::from_base64(b64) })
            .collect();

        let mut keys: Vec<(KeySource, PublicKey, Option<&Certificate>, bool)> = Vec::new();
        for embedded in &certificates {
            if let Ok(cert) = &embedded.certificate {
                if let Some(key) = &cert.key {
                    let is_expected = expected.iter().any(|e| e.der == cert.der);
                    keys.push((
                        KeySource::KeyInfoCertificate { index: embedded.index },
                        key.clone(),
                        Some(cert),
                        is_expected,
                    ));
                }
            }
        }
        for (index, kv) in model.key_info.key_values.iter().enumerate() {
            match key_from_value(kv) {
                Ok(key) => keys.push((KeySource::KeyInfoKeyValue { index }, key, None, false)),
                Err(reason) => problems.push(SignatureProblem::UnusableKeyValue { reason }),
            }
        }
        for (index, cert) in expected.iter().enumerate() {
            if let Some(key) = &cert.key {
                keys.push((KeySource::Expected { index }, key.clone(), Some(*cert), true));
            }
        }

        let mut attempts = Vec::new();
        if let (Some(octets), Some(alg), Some(value)) = (&signed_octets, algorithm, &signature_value) {
            // The KeyInfo certificate is usually the expected one (Entra's case): each distinct key is checked once.
            let mut verdicts: Vec<(&PublicKey, Option<VerifyError>)> = Vec::new();
            for (source, key, cert, is_expected) in &keys {
                let error = if let Some((_, known)) = verdicts.iter().find(|(tried, _)| *tried == key) {
                    known.clone()
                } else {
                    let error = crypto::verify(key, alg, octets.as_bytes(), value).err();
                    verdicts.push((key, error.clone()));
                    error
                };
                attempts.push(KeyAttempt {
                    source: *source,
                    key: key.kind_name(),
                    subject: cert.map(|c| c.subject.clone()),
                    thumbprint_sha1: cert.map(Certificate::thumbprint_sha1_entra),
                    thumbprint_sha256: cert.map(Certificate::thumbprint_sha256_entra),
                    expected: *is_expected,
                    error,
                });
            }
            if keys.is_empty() {
                problems.push(SignatureProblem::NoKey);
            }
        }

        SignatureCheck {
            node: signature,
            path: doc.path(signature),
            enclosing,
            canonicalization,
            signature_method,
            references,
            certificates,
            attempts,
            problems,
            reported: None,
        }
    }
}

/// The ID values (of `ID`, `Id` or `id` attributes) that occur on more than one element, in document order.
pub fn duplicate_ids(doc: &Document) -> Vec<String> {
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut reported: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut duplicated: Vec<String> = Vec::new();
    for node in doc.descendants(doc.root()) {
        if let Some(id) = doc.id_attr(node) {
            if !seen.insert(id) && reported.insert(id) {
                duplicated.push(id.to_owned());
            }
        }
    }
    duplicated
}

/// Decodes base64 as XML-DSig writes it: whitespace anywhere is ignored, padding is optional.
pub(crate) fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
    use base64::engine::DecodePaddingMode;
    use base64::Engine as _;
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if compact.is_empty() {
        return Err("the value is empty".to_owned());
    }
    LENIENT.decode(compact.as_bytes()).map_err(|e| e.to_string())
}

/// Standard base64 without line breaks.
pub(crate) fn encode_base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn canonicalization_of(a: &AlgorithmUse) -> Option<Canonicalization> {
    let algorithm = C14nAlgorithm::from_uri(&a.uri)?;
    let inclusive_prefixes =
        if algorithm.is_exclusive() { a.inclusive_prefixes.clone().unwrap_or_default() } else { Vec::new() };
    Some(Canonicalization { algorithm, inclusive_prefixes })
}

fn key_from_value(kv: &KeyValue) -> Result<PublicKey, String> {
    match kv {
        KeyValue::Rsa { modulus, exponent } => {
            let n = decode_base64(modulus).map_err(|e| format!("Modulus: {e}"))?;
            let e = decode_base64(exponent).map_err(|e| format!("Exponent: {e}"))?;
            PublicKey::from_rsa_key_value(&n, &e).map_err(|e| e.to_string())
        }
        KeyValue::Dsa { p, q, g, y } => {
            let part = |name: &str, v: &str| decode_base64(v).map_err(|e| format!("{name}: {e}"));
            let (p, q, g, y) = (part("P", p)?, part("Q", q)?, part("G", g)?, part("Y", y)?);
            PublicKey::from_dsa_key_value(&p, &q, &g, &y).map_err(|e| e.to_string())
        }
        KeyValue::Other(name) => Err(format!("{name} is not supported")),
    }
}

/// What a `Reference` URI designates.
enum Designation {
    WholeDocument { comments: bool },
    Id { id: String, comments: bool },
}

fn designate(uri: &str) -> Option<Designation> {
    if uri.is_empty() {
        return Some(Designation::WholeDocument { comments: false });
    }
    let fragment = uri.strip_prefix('#')?;
    if fragment == "xpointer(/)" {
        return Some(Designation::WholeDocument { comments: true });
    }
    if let Some(inner) = fragment.strip_prefix("xpointer(id(").and_then(|r| r.strip_suffix("))")) {
        let id = inner
            .strip_prefix('\'')
            .and_then(|r| r.strip_suffix('\''))
            .or_else(|| inner.strip_prefix('"').and_then(|r| r.strip_suffix('"')))?;
        return Some(Designation::Id { id: id.to_owned(), comments: true });
    }
    if fragment.is_empty() || fragment.contains(['(', ')', ' ']) {
        return None;
    }
    Some(Designation::Id { id: fragment.to_owned(), comments: false })
}

enum Data {
    NodeSet(DocumentSubset),
    Octets(String),
}

impl DocumentVerifier<'_> {
    fn check_reference(&mut self, signature: NodeId, enclosing: Option<NodeId>, r: &Reference) -> ReferenceCheck {
        let doc = self.doc;
        let mut check = ReferenceCheck {
            uri: r.uri.clone(),
            target: None,
            whole_document: false,
            enveloped: false,
            excludes_signature: false,
            transforms: r.transforms.iter().map(|t| t.uri.clone()).collect(),
            digest_algorithm: r.digest_method.clone(),
            digest_ok: false,
            problem: None,
            subset: None,
        };
        let Some(uri) = r.uri.as_deref() else {
            check.problem = Some(ReferenceProblem::MissingUri);
            return check;
        };
        let subset = match designate(uri) {
            None => {
                check.problem = Some(ReferenceProblem::Unresolvable { uri: uri.to_owned() });
                return check;
            }
            Some(Designation::WholeDocument { comments }) => {
                check.whole_document = true;
                check.target = Some(ElementRef::of(doc, doc.root()));
                DocumentSubset { apex: None, excluded: None, comments }
            }
            Some(Designation::Id { id, comments }) => {
                let found = doc.elements_with_id(&id);
                match found.as_slice() {
                    [] => {
                        check.problem = Some(ReferenceProblem::IdNotFound { id });
                        return check;
                    }
                    [one] => {
                        check.target = Some(ElementRef::of(doc, *one));
                        DocumentSubset { apex: Some(*one), excluded: None, comments }
                    }
                    many => {
                        check.problem = Some(ReferenceProblem::DuplicateId { id, count: many.len() });
                        return check;
                    }
                }
            }
        };
        check.enveloped = check.target.as_ref().is_some_and(|t| Some(t.node) == enclosing);

        if r.transforms.len() > MAX_TRANSFORMS {
            check.problem = Some(ReferenceProblem::UnsupportedTransformChain {
                reason: format!("{} transforms, more than the {MAX_TRANSFORMS} supported", r.transforms.len()),
            });
            return check;
        }
        if self.budget == 0 {
            check.problem = Some(ReferenceProblem::TooLarge { limit: MAX_CANONICAL_BYTES_PER_DOCUMENT });
            return check;
        }
        let mut data = Data::NodeSet(subset);
        for t in &r.transforms {
            data = match (data, t.uri.as_str()) {
                (Data::NodeSet(mut s), ENVELOPED_SIGNATURE) => {
                    s.excluded = Some(signature);
                    check.excludes_signature = true;
                    Data::NodeSet(s)
                }
                (Data::Octets(_), ENVELOPED_SIGNATURE) => {
                    check.problem = Some(ReferenceProblem::UnsupportedTransformChain {
                        reason: "enveloped-signature after canonicalization".to_owned(),
                    });
                    return check;
                }
                (current, uri) => {
                    let Some(method) = canonicalization_of(t) else {
                        check.problem = Some(ReferenceProblem::UnsupportedTransform { uri: uri.to_owned() });
                        return check;
                    };
                    match current {
                        Data::NodeSet(s) => Data::Octets(canonicalize(doc, &s, &method)),
                        Data::Octets(text) => match xml::parse(&text, &xml::Limits::default()) {
                            Ok(reparsed) => Data::Octets(canonicalize(&reparsed, &DocumentSubset::document(), &method)),
                            Err(e) => {
                                check.problem = Some(ReferenceProblem::UnsupportedTransformChain {
                                    reason: format!("the canonical form could not be read back as XML: {e}"),
                                });
                                return check;
                            }
                        },
                    }
                }
            };
        }
        let octets = match data {
            Data::Octets(o) => o,
            Data::NodeSet(s) => canonicalize(doc, &s, &Canonicalization::new(C14nAlgorithm::Inclusive10)),
        };
        check.subset = Some(subset_with_exclusion(subset, check.excludes_signature, signature));

        self.budget = self.budget.saturating_sub(octets.len());

        let Some(digest_uri) = r.digest_method.as_deref() else {
            check.problem = Some(ReferenceProblem::MissingDigestMethod);
            return check;
        };
        let Some(digest) = DigestAlgorithm::from_uri(digest_uri) else {
            check.problem = Some(ReferenceProblem::UnsupportedDigest { uri: digest_uri.to_owned() });
            return check;
        };
        let Some(value) = r.digest_value.as_deref() else {
            check.problem = Some(ReferenceProblem::MissingDigestValue);
            return check;
        };
        let expected = match decode_base64(value) {
            Ok(v) => v,
            Err(reason) => {
                check.problem = Some(ReferenceProblem::MalformedDigestValue { reason });
                return check;
            }
        };
        let actual = digest.digest(octets.as_bytes());
        if actual == expected {
            check.digest_ok = true;
        } else {
            check.problem =
                Some(ReferenceProblem::DigestMismatch { expected: value.to_owned(), actual: encode_base64(&actual) });
        }
        check
    }
}

fn subset_with_exclusion(mut subset: DocumentSubset, excluded: bool, signature: NodeId) -> DocumentSubset {
    if excluded {
        subset.excluded = Some(signature);
    }
    subset
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsig::fixtures::*;
    use crate::dsig::signature_elements;
    use crate::xml::{parse, Limits};

    fn check(xml: &str, expected: &[&str]) -> SignatureCheck {
        let doc = parse(xml, &Limits::default()).unwrap();
        let certs: Vec<Certificate> = expected.iter().map(|p| Certificate::from_pem(p).unwrap()).collect();
        let refs: Vec<&Certificate> = certs.iter().collect();
        verify_signature(&doc, signature_elements(&doc)[0], &refs)
    }

    #[test]
    fn statuses_of_the_signed_fixtures() {
        let cases: [(&str, &[&str], SignatureStatus); 12] = [
            (SIGNED_ASSERTION, &[IDP_CERT], SignatureStatus::VerifiedExpected),
            (SIGNED_ASSERTION, &[], SignatureStatus::VerifiedEmbeddedOnly),
            (SIGNED_ASSERTION, &[ROTATED_CERT], SignatureStatus::VerifiedEmbeddedOnly),
            (SIGNED_RESPONSE, &[IDP_CERT], SignatureStatus::VerifiedExpected),
            (WHOLE_DOCUMENT, &[IDP_CERT], SignatureStatus::VerifiedExpected),
            (ECDSA_P256, &[], SignatureStatus::VerifiedEmbeddedOnly),
            (TAMPERED_DIGEST, &[IDP_CERT], SignatureStatus::DigestMismatch),
            (TAMPERED_SIGNATURE_VALUE, &[IDP_CERT], SignatureStatus::Invalid),
            (DUPLICATE_ID, &[IDP_CERT], SignatureStatus::DuplicateIds),
            (UNSUPPORTED_SIGNATURE_METHOD, &[IDP_CERT], SignatureStatus::Unsupported),
            (UNSUPPORTED_DIGEST, &[IDP_CERT], SignatureStatus::Unsupported),
            (RESIGNED_BY_ROTATED, &[IDP_CERT], SignatureStatus::VerifiedEmbeddedOnly),
        ];
        for (i, (xml, certs, status)) in cases.iter().enumerate() {
            let c = check(xml, certs);
            assert_eq!(c.status(), *status, "case {i}: {c:?}");
        }
    }

    #[test]
    fn reports_every_key_tried_with_its_source() {
        let c = check(RESIGNED_BY_ROTATED, &[IDP_CERT]);
        assert_eq!(c.attempts.len(), 2);
        let embedded = &c.attempts[0];
        assert_eq!(embedded.source, KeySource::KeyInfoCertificate { index: 0 });
        assert!(embedded.verified() && !embedded.expected);
        assert_eq!(embedded.thumbprint_sha1.as_deref(), Some(thumbprint(ROTATED_CERT).as_str()));
        let expected = &c.attempts[1];
        assert_eq!(expected.source, KeySource::Expected { index: 0 });
        assert!(expected.expected && matches!(expected.error, Some(VerifyError::BadSignature)));
        assert!(c.verified_with_embedded() && !c.verified_with_expected());
    }

    #[test]
    fn an_embedded_certificate_that_is_expected_counts_as_expected() {
        let c = check(SIGNED_ASSERTION, &[IDP_CERT]);
        assert!(c.attempts[0].expected && c.is_valid_with(&c.attempts[0]));
    }

    #[test]
    fn describes_the_reference() {
        let c = check(SIGNED_ASSERTION, &[]);
        let r = &c.references[0];
        let target = r.target.as_ref().unwrap();
        assert_eq!(target.local, "Assertion");
        assert_eq!(target.id.as_deref(), Some("_a7c3e9f0-1b2d-4e6f-8a9b-0c1d2e3f4a5b"));
        assert!(r.enveloped && r.excludes_signature && r.digest_ok && !r.whole_document);
        assert_eq!(c.enclosing.as_ref().unwrap().path, "/samlp:Response/Assertion");
        assert_eq!(
            c.algorithm_uris(),
            vec![
                "http://www.w3.org/2001/10/xml-exc-c14n#",
                "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                ENVELOPED_SIGNATURE,
                "http://www.w3.org/2001/04/xmlenc#sha256"
            ]
        );
        let whole = check(WHOLE_DOCUMENT, &[]);
        assert!(whole.references[0].whole_document && whole.references[0].enveloped);
    }

    #[test]
    fn wrapped_reference_verifies_but_is_not_enveloped() {
        let c = check(WRAPPED_REFERENCE, &[IDP_CERT]);
        assert_eq!(c.status(), SignatureStatus::VerifiedExpected);
        assert!(!c.references[0].enveloped);
        assert_eq!(c.enclosing.as_ref().unwrap().id.as_deref(), Some("_unsigned-assertion"));
    }

    #[test]
    fn broken_parts_are_problems_not_panics() {
        let cases = [
            SIGNED_ASSERTION.replacen("<SignatureValue>", "<SignatureValue>!!", 1),
            SIGNED_ASSERTION.replacen("<DigestValue>", "<DigestValue>%%", 1),
            SIGNED_ASSERTION.replacen("<SignedInfo>", "<Foo>", 1).replacen("</SignedInfo>", "</Foo>", 1),
            SIGNED_ASSERTION.replacen("<SignatureValue>", "<X>", 1).replacen("</SignatureValue>", "</X>", 1),
            SIGNED_ASSERTION.replacen("URI=\"#_a7c3", "Foo=\"#_a7c3", 1),
            SIGNED_ASSERTION.replacen("URI=\"#_a7c3", "URI=\"https://evil.example/#_a7c3", 1),
            SIGNED_ASSERTION.replacen(
                "URI=\"#_a7c3e9f0-1b2d-4e6f-8a9b-0c1d2e3f4a5b\"",
                "URI=\"#xpointer(id('_a7c3e9f0-1b2d-4e6f-8a9b-0c1d2e3f4a5b'))\"",
                1,
            ),
            SIGNED_ASSERTION.replacen(
                "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
                "http://www.w3.org/TR/1999/REC-xpath-19991116",
                1,
            ),
            SIGNED_ASSERTION.replacen("<X509Certificate>", "<X509Certificate>AAAA", 1),
            SIGNED_ASSERTION.replacen("<Reference ", "<Reference/><Reference ", 1),
        ];
        for (i, xml) in cases.iter().enumerate() {
            let c = check(xml, &[]);
            assert!(!c.is_verified(), "case {i} verified: {c:?}");
            let status = c.status();
            assert!(
                !matches!(status, SignatureStatus::VerifiedExpected | SignatureStatus::VerifiedEmbeddedOnly),
                "case {i}: {status:?}"
            );
        }
        // The xpointer form keeps comments but this assertion has none: only the signature value (over SignedInfo,
        // whose URI changed) fails, the digest still matches.
        let c = check(&cases[6], &[]);
        assert!(c.references[0].digest_ok && c.status() == SignatureStatus::Invalid, "{c:?}");
    }

    #[test]
    fn too_many_references_are_not_checked() {
        let one = "<Reference URI=\"#x\"><DigestMethod Algorithm=\"http://www.w3.org/2000/09/xmldsig#sha1\"/><DigestValue>AA==</DigestValue></Reference>";
        let xml = format!(
            "<a ID=\"x\"><Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"><SignedInfo>{}</SignedInfo></Signature></a>",
            one.repeat(MAX_REFERENCES + 1)
        );
        let c = check(&xml, &[]);
        assert!(c.references.is_empty());
        assert!(c
            .problems
            .contains(&SignatureProblem::TooManyReferences { count: MAX_REFERENCES + 1, limit: MAX_REFERENCES }));
    }

    #[test]
    fn signatures_and_canonical_bytes_are_bounded() {
        let signature = "<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"><SignedInfo>\
            <CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>\
            <SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>\
            <Reference URI=\"\"><DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>\
            <DigestValue>AA==</DigestValue></Reference></SignedInfo><SignatureValue>AA==</SignatureValue></Signature>";
        let xml = format!("<a>{}</a>", signature.repeat(MAX_SIGNATURES_PER_DOCUMENT + 4));
        let doc = parse(&xml, &Limits::default()).unwrap();
        let checks = verify_document(&doc, &[]);
        assert_eq!(checks.len(), MAX_SIGNATURES_PER_DOCUMENT);
        assert!(checks.iter().all(|c| c.status() == SignatureStatus::DigestMismatch));
        let mut verifier = DocumentVerifier::with_budget(&doc, xml.len() * 2);
        let results: Vec<SignatureCheck> =
            signature_elements(&doc).into_iter().take(4).map(|s| verifier.verify(s, &[])).collect();
        assert_eq!(results[0].status(), SignatureStatus::DigestMismatch);
        let last = &results[3];
        assert_eq!(
            last.references[0].problem,
            Some(ReferenceProblem::TooLarge { limit: MAX_CANONICAL_BYTES_PER_DOCUMENT })
        );
        assert_eq!(last.status(), SignatureStatus::Unsupported);
    }

    #[test]
    fn duplicate_ids_are_listed_once_in_document_order() {
        let doc =
            parse("<a ID=\"x\"><b Id=\"y\"/><c id=\"x\"/><d ID=\"y\"/><e ID=\"x\"/></a>", &Limits::default()).unwrap();
        assert_eq!(duplicate_ids(&doc), vec!["x".to_owned(), "y".to_owned()]);
    }

    #[test]
    fn mutated_and_cut_fixtures_never_panic() {
        let certs = [Certificate::from_pem(IDP_CERT).unwrap()];
        let expected: Vec<&Certificate> = certs.iter().collect();
        let mut verified_documents = 0;
        for fixture in [SIGNED_BOTH, WRAPPED_REFERENCE, ECDSA_P256, IDP_METADATA_SIGNED] {
            let chars: Vec<char> = fixture.chars().collect();
            for (i, replacement) in
                (0..chars.len()).step_by(7).zip(['<', '"', '#', ' ', 'A', '&', '/', '\'', '>', '='].iter().cycle())
            {
                let mut mutated = chars.clone();
                mutated[i] = *replacement;
                let text: String = mutated.into_iter().collect();
                let cut: String = chars[..i].iter().collect();
                for candidate in [text, cut] {
                    if let Ok(doc) = parse(&candidate, &Limits::default()) {
                        let checks = verify_document(&doc, &expected);
                        for c in &checks {
                            let _ = (c.status(), c.algorithm_uris(), c.is_verified());
                        }
                        verified_documents += 1;
                    }
                }
            }
        }
        assert!(verified_documents > 500, "only {verified_documents} mutated documents parsed");
    }

    #[test]
    fn lenient_base64() {
        assert_eq!(decode_base64(" QUJD\n RA ").unwrap(), b"ABCD");
        assert_eq!(decode_base64("QUJDRA==").unwrap(), b"ABCD");
        assert!(decode_base64("").is_err());
        assert!(decode_base64("QU*D").is_err());
    }
}
