//! `signature.*`: XML signatures and Redirect-binding query signatures that are missing, broken, wrapped or weak.
//!
//! The checks themselves are done once by [`crate::dsig`] while the trace is analysed; these rules turn the recorded
//! [`crate::dsig::SignatureCheck`]s into findings.
//!
//! Two decisions about overlapping ids:
//! - `signature.duplicate-id` is its own rule rather than a case of `signature.reference-mismatch`: xmlsec1 refuses a
//!   document with a duplicated ID before looking at any reference, and the fix (find who inserted the copy) differs.
//! - A signature that verifies only with its own `KeyInfo` certificate is `cert.thumbprint-mismatch` when the
//!   expected signer is known (pinned thumbprint, metadata or pasted certificate in the trace) — one finding with one
//!   fix, whether Entra rotated its certificate or an attacker re-signed — and `signature.embedded-key-only` (info)
//!   when nothing says who the signer should be.

mod digest_mismatch;
mod duplicate_id;
mod embedded_key_only;
mod invalid;
mod missing;
mod reference_mismatch;
mod unsupported_algorithm;
mod weak_algorithm;

use super::Rule;
use crate::analysis::{Analysis, Message};
use crate::dsig::SignatureCheck;
use crate::xml::Document;

/// The rules of this family.
pub static RULES: &[&dyn Rule] = &[
    &missing::Missing,
    &duplicate_id::DuplicateId,
    &reference_mismatch::ReferenceMismatch,
    &digest_mismatch::DigestMismatch,
    &invalid::Invalid,
    &unsupported_algorithm::UnsupportedAlgorithm,
    &weak_algorithm::WeakAlgorithm,
    &embedded_key_only::EmbeddedKeyOnly,
];

/// Every signature check of the trace with its message and document.
pub(crate) fn checks(analysis: &Analysis) -> impl Iterator<Item = (&Message, &Document, &SignatureCheck)> {
    analysis
        .messages
        .iter()
        .filter_map(|m| m.document.as_ref().ok().map(|d| (m, d)))
        .flat_map(|(m, d)| m.signatures.iter().map(move |s| (m, d, s)))
}

/// `the ds:Signature on saml:Assertion ID="_a1"` (or `at /path` when it has no enclosing element).
pub(crate) fn describe(check: &SignatureCheck) -> String {
    match &check.enclosing {
        Some(e) => format!("the signature on {}", e.describe()),
        None => format!("the signature at {}", check.path),
    }
}
