//! The only code that knows about JavaScript: `wasm-bindgen` exports that
//! convert JS values to core types, call the core, and convert back. No
//! protocol decisions live here.
//!
//! Each wasm module of the npm package is this crate with one feature set
//! (see Cargo.toml); the hand-written JS in `pkg-template/lib/` calls these
//! exports, and users never see them directly.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
// The cdylib takes its allocator and panic handler from std.
extern crate std;

mod error;
mod jose;
mod pkce;
#[cfg(feature = "resource-server")]
mod bearer;
#[cfg(feature = "resource-server")]
mod cache;
#[cfg(feature = "resource-server")]
mod principal;
#[cfg(feature = "resource-server")]
mod userinfo;
#[cfg(feature = "issuer")]
mod issuer;
#[cfg(feature = "password")]
mod password;
#[cfg(feature = "oauth")]
mod oauth;
#[cfg(any(feature = "resource-server", feature = "oauth"))]
mod resource;
#[cfg(feature = "delegation")]
mod delegation;
#[cfg(any(feature = "resource-server", feature = "oauth"))]
mod dpop;
