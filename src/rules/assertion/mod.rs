//! `assertion.*`.

mod multiple;

use super::Rule;

/// The rules of this family.
pub static RULES: &[&dyn Rule] = &[&multiple::Multiple];
