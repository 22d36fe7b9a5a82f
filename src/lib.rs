//! sso-doctor: diagnoses failed SAML single sign-on.
//!
//! The core is pure Rust with no web dependency: input → decode → parse (typed model) → verify → rules → report.
//! It never reads the clock: the evaluation time is always passed in.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod crypto;
pub mod x509;
