//! `cert.*`: signing certificates that are not the expected ones, out of their validity period, or weak.
//!
//! The certificates looked at are those that sign in the trace: certificates in a signature's KeyInfo, metadata
//! signing certificates (`use="signing"` or no `use`) and pasted certificates ([`SeenCertificate::is_signing`]).
//! Each certificate is reported once, however many places it was seen in.
//!
//! [`SeenCertificate::is_signing`]: crate::dsig::SeenCertificate::is_signing

mod expired;
mod expiring_soon;
mod not_yet_valid;
mod thumbprint_mismatch;
mod weak_key;

use super::Rule;
use crate::dsig::{CertificateOrigin, SeenCertificate};

/// The rules of this family.
pub static RULES: &[&dyn Rule] = &[
    &thumbprint_mismatch::ThumbprintMismatch,
    &expired::Expired,
    &not_yet_valid::NotYetValid,
    &expiring_soon::ExpiringSoon,
    &weak_key::WeakKey,
];

/// `CN=…, thumbprint 4F2A…` for messages.
pub(crate) fn describe(seen: &SeenCertificate) -> String {
    let cert = &seen.certificate;
    let name = cert.subject_common_name.as_ref().map_or_else(|| cert.subject.clone(), |cn| format!("CN={cn}"));
    format!("certificate {name} (thumbprint {})", cert.thumbprint_sha1_entra())
}

/// Where a certificate was seen, in words, for the finding location.
pub(crate) fn seen_at(seen: &SeenCertificate) -> String {
    seen.origins
        .iter()
        .map(|o| match o {
            CertificateOrigin::KeyInfo { message, signature } => format!("message {}, {signature}", message + 1),
            CertificateOrigin::Metadata { message, role, key_use, .. } => {
                format!(
                    "message {} metadata {role} KeyDescriptor use={}",
                    message + 1,
                    key_use.as_deref().unwrap_or("(none)")
                )
            }
            CertificateOrigin::Pasted { source } => source.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
