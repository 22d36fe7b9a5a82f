//! `decode.*`: problems met while turning the input into SAML messages.

mod unrecognized;

use super::Rule;

/// The rules of this family.
pub static RULES: &[&dyn Rule] = &[&unrecognized::Unrecognized];
