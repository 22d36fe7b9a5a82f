//! `request.*`: the AuthnRequest Cognito sends to Entra (Issuer, ACS URL, Destination, binding, authentication
//! context).

mod acs_mismatch;
mod authn_context;
mod binding_unsupported;
mod destination_mismatch;
mod issuer_mismatch;

use super::Rule;

/// The rules of this family.
pub static RULES: &[&dyn Rule] = &[
    &issuer_mismatch::IssuerMismatch,
    &acs_mismatch::AcsMismatch,
    &destination_mismatch::DestinationMismatch,
    &binding_unsupported::BindingUnsupported,
    &authn_context::AuthnContext,
];
