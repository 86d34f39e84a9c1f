//! The delegation envelope, protocol `v1` (specified in docs/delegation.md):
//! a tenant's backend signs each management call with Ed25519 (RFC 8032) and
//! seals its JSON body to the server with X25519 ECIES (RFC 7748) using
//! HKDF-SHA256 (RFC 5869) and ChaCha20-Poly1305 (RFC 8439); the server answers
//! the same way, bound to that request.
//!
//! Sans-IO like the rest of the core: `now` comes in, randomness comes from
//! [`crate::random`] in [`request::seal`] / [`response::seal`], and the
//! `seal_with` twins take the random values as arguments so the committed
//! vectors in `tests/vectors/delegation/` are reproduced byte for byte.

pub mod envelope;
pub mod keys;
pub mod replay;
pub mod request;
pub mod response;
pub mod wire;

#[cfg(test)]
mod tests;
