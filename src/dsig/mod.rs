//! XML Signature (XML-DSig) verification as SAML uses it, agreeing with `xmlsec1 --verify`.
//!
//! - [`c14n`]: Canonical XML 1.0/1.1 and Exclusive XML Canonicalization on the parsed tree.
//! - [`signature`]: reading `ds:Signature` into a model.
//! - [`verify`]: reference resolution, transforms, digests and signature values, with every key on offer.
//! - [`redirect`]: the HTTP-Redirect binding's query-string signature.
//!
//! # Defences against signature wrapping
//!
//! A signature only proves that the bytes it digested were signed; an attacker can move the signed element and
//! put forged content where a naive reader looks (XSW). sso-doctor therefore:
//! - reports whether each `Reference` points at the element that encloses the signature (SAML Core §5.4.2);
//! - treats a document with a duplicated ID value as unverifiable, as xmlsec1 does (it refuses to load it);
//! - records the exact node-set each reference digested, so callers can ask whether a given element is
//!   [covered](verify::SignatureCheck::covers) by a verified signature and read claims only from there;
//! - checks every signature with the expected certificates as well as with its own `KeyInfo`, because a
//!   signature that verifies only with its own embedded certificate is what a re-signing attacker produces.
//!
//! Only same-document references are followed (`URI=""`, `#id`, `#xpointer(/)`, `#xpointer(id('id'))`); nothing
//! is fetched, and `RetrievalMethod`, `Manifest` and XPath/XSLT transforms are reported as unsupported.

pub mod c14n;
pub mod coverage;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod redirect;
pub mod reported;
pub mod signature;
pub mod summary;
pub mod trace;
pub mod verify;

pub use c14n::{canonicalize, C14nAlgorithm, Canonicalization, DocumentSubset};
pub use coverage::AssertionCoverage;
pub use redirect::{verify_redirect, RedirectCheck, RedirectProblem};
pub use reported::{ReportedMessage, ReportedReference, ReportedSignature, ReportedUse};
pub use signature::{parse_signature, signature_elements, XmlSignature};
pub use summary::{CertificateEntry, KeySummary, RedirectSummary, ReferenceSummary, SignatureSummary};
pub use trace::{CertificateOrigin, ExpectedBecause, SeenCertificate};
pub use verify::{
    duplicate_ids, verify_document, verify_signature, DocumentVerifier, ElementRef, EmbeddedCertificate, KeyAttempt,
    KeySource, ReferenceCheck, ReferenceProblem, SignatureCheck, SignatureProblem, SignatureStatus,
};
