//! `flow.*`: the trace as a whole: sign-in errors shown by Entra or Cognito, requests left unanswered, the sign-on
//! URL the user started from, and traces with nothing to check.

mod aadsts_error;
mod cognito_error;
mod no_saml;
mod request_without_response;
mod signon_url_mismatch;

use super::Rule;

/// The rules of this family.
pub static RULES: &[&dyn Rule] = &[
    &aadsts_error::AadstsError,
    &cognito_error::CognitoError,
    &request_without_response::RequestWithoutResponse,
    &signon_url_mismatch::SignonUrlMismatch,
    &no_saml::NoSaml,
];
