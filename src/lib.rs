//! # edgeauth core
//!
//! The sans-IO heart of the `edgeauth` npm package: JOSE (RFC 7515, 7517,
//! 7518, 7519, 7638, 8037), PKCE (RFC 7636) and, as they land, the OAuth 2.0 /
//! OIDC client, scopes, token issuing and the delegation envelope.
//!
//! The core never performs I/O and never reads a clock: time comes in as
//! `now: u64` seconds, randomness through `getrandom`, and signature checks
//! that the host does faster (RSA, ECDSA in WebCrypto) are split out as a
//! [`jose::HostCheck`] value the host finishes. Everything that knows
//! about JavaScript lives in `wasm/`, compiled only for `wasm32`.
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

/// Links `std` for the artifacts only (the cdylib needs its allocator and
/// panic handler). The name is scoped to this module, so core modules cannot
/// reach `std::` and stay `core` + `alloc`.
#[cfg(not(test))]
mod runtime {
    extern crate std;
}

pub mod b64;
pub mod bearer;
pub mod cache;
pub mod delegation;
pub mod error;
pub mod issuer;
pub mod jose;
pub mod oauth;
pub mod password;
pub mod pkce;
pub mod principal;
pub mod random;
pub mod scope;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use error::{Error, Result};
