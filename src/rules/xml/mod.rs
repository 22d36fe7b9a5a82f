//! `xml.*`: XML constructs that make SAML values ambiguous.

mod comment_in_value;

use super::Rule;

/// The rules of this family.
pub static RULES: &[&dyn Rule] = &[&comment_in_value::CommentInValue];
