//! `assertion.*`.

use super::Rule;

/// The rules of this family.
pub static RULES: &[&dyn Rule] = &[];
