//! The web app: a Yew UI over the core, entirely in the browser.
//!
//! The pure parts — state and transitions ([`state`]), share links ([`share`]), exports and redaction ([`export`]),
//! what the message cards show ([`inspect`]), wording ([`view`]) and the metadata import ([`metadata_import`]) —
//! build on every target, so `cargo test --lib ui` checks them natively. The components and the browser glue build
//! on wasm32 only.

pub mod export;
pub mod inspect;
pub mod json_fields;
pub mod metadata_import;
pub mod report_view;
pub mod share;
pub mod state;
pub mod view;
pub mod worker_protocol;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod rule_docs;
#[cfg(target_arch = "wasm32")]
mod runner;

#[cfg(target_arch = "wasm32")]
pub use app::{start, start_in, App};
#[cfg(target_arch = "wasm32")]
pub mod worker;
