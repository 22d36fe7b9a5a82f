//! `response.*`: the Response Entra posts to Cognito (status, Issuer, Destination, and whether it answers the
//! AuthnRequest of the trace).

mod destination_mismatch;
mod in_response_to_mismatch;
mod issuer_mismatch;
mod status_error;
mod unsolicited;

use super::Rule;

/// The rules of this family.
pub static RULES: &[&dyn Rule] = &[
    &status_error::StatusError,
    &issuer_mismatch::IssuerMismatch,
    &destination_mismatch::DestinationMismatch,
    &unsolicited::Unsolicited,
    &in_response_to_mismatch::InResponseToMismatch,
];

/// `urn:oasis:names:tc:SAML:2.0:status:Requester` → `Requester`.
pub(crate) fn short_status(code: &str) -> &str {
    code.rsplit(':').next().unwrap_or(code)
}
