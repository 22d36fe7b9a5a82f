//! `xml.*`: the decoded text is not XML that SAML can use.
//!
//! The XML parser records why a message's text did not parse ([`crate::xml::XmlError`]); these rules turn that
//! into findings. A text cut short is reported by `decode.truncated` (the cause is the copy, not the XML).

mod doctype;
mod malformed;

use super::Rule;

/// The rules of this family.
pub static RULES: &[&dyn Rule] = &[&malformed::Malformed, &doctype::Doctype];
