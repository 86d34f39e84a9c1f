//! The only part of the crate that knows about JavaScript: `wasm-bindgen`
//! exports that convert JS values to core types, call the core, and convert
//! back. No protocol decisions live here.
//!
//! The hand-written JS in `pkg-template/lib/` calls these exports; users never
//! see them directly.

mod error;
mod jose;
mod delegation;
mod pkce;
mod cache;
mod principal;
mod bearer;
mod issuer;
mod oauth;
