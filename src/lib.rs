//! # edgeauth core
//!
//! The sans-IO heart of the `edgeauth` npm package: JOSE (RFC 7515, 7517,
//! 7518, 7519, 7638, 8037), PKCE (RFC 7636), DPoP (RFC 9449) and, as they
//! land, the OAuth 2.0 / OIDC client, scopes, token issuing and the
//! delegation envelope.
//!
//! The core never performs I/O and never reads a clock: time comes in as
//! `now: u64` seconds, randomness through `getrandom`, and signature checks
//! that the host does faster (RSA, ECDSA in WebCrypto) are split out as a
//! [`jose::HostCheck`] value the host finishes. Everything that knows
//! about JavaScript lives in the binding crate `bindings/wasm/`.
//!
//! Features: `ed25519` (Ed25519 computed in the core rather than only by the
//! host), `delegation` (the envelope, needs `ed25519`), `password`
//! (argon2id); all on by default, off in the lean wasm modules.
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod b64;
pub mod bearer;
pub mod cache;
pub mod challenge;
#[cfg(feature = "delegation")]
pub mod delegation;
pub mod dpop;
pub mod error;
pub mod issuer;
pub mod json;
pub mod jose;
pub mod oauth;
#[cfg(feature = "password")]
pub mod password;
pub mod pkce;
pub mod principal;
pub mod random;
pub mod scope;

pub use error::{Error, Result};
