//! sso-doctor: diagnoses failed SAML single sign-on.
//!
//! The core is pure Rust with no web dependency: input → decode → parse (typed model) → verify → rules → report.
//! It never reads the clock: the evaluation time is always passed in.
//!
//! ```
//! use sso_doctor::{analyze, decode::Input, profile::Profile, time::EvaluationTime};
//! let report = analyze(&[Input::text("pasted", "not saml")], &Profile::numly_default(), EvaluationTime::at(0));
//! assert_eq!(report.messages.len(), 0);
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod analysis;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod crypto;
pub mod decode;
pub mod dsig;
pub mod explain;
pub mod finding;
pub mod profile;
pub mod report;
pub mod rules;
pub mod saml;
pub mod time;
pub mod trace;
pub mod x509;
pub mod xml;

pub use analysis::analyze;
pub use report::Report;

#[cfg(target_arch = "wasm32")]
pub mod ui;
