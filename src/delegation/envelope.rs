//! The sealed box (docs/delegation.md §2.1): ECIES with an ephemeral X25519
//! key (RFC 7748 §6.1), HKDF-SHA256 (RFC 5869 §2) over the shared secret with
//! the direction label and both public keys as `info`, and ChaCha20-Poly1305
//! (RFC 8439 §2.8) with a random 96-bit nonce.
//!
//! `box = ephemeral public (32) || nonce (12) || ciphertext || tag (16)`.

use alloc::vec::Vec;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use hkdf::Hkdf;
use sha2::Sha256;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

pub const EPHEMERAL: usize = 32;
pub const NONCE: usize = 12;
pub const TAG: usize = 16;
/// Bytes a box adds to its plaintext.
pub const OVERHEAD: usize = EPHEMERAL + NONCE + TAG;

/// Why a box did not open (mapped by the caller to its own error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenFailure {
    TooShort,
    SmallOrder,
    Aead,
}

/// The AEAD key for one box; `None` when the shared secret is all zero
/// (a small-order public key, RFC 7748 §6.1).
fn key(label: &str, secret: &StaticSecret, peer: &PublicKey, ephemeral: &PublicKey, recipient: &PublicKey) -> Option<Zeroizing<[u8; 32]>> {
    let shared = secret.diffie_hellman(peer);
    if !shared.was_contributory() {
        return None;
    }
    let mut okm = Zeroizing::new([0u8; 32]);
    // 32 bytes is far below HKDF-SHA256's 255 * 32 limit, so expand cannot fail.
    Hkdf::<Sha256>::new(None, shared.as_bytes())
        .expand_multi_info(&[label.as_bytes(), ephemeral.as_bytes(), recipient.as_bytes()], &mut okm[..])
        .ok()?;
    Some(okm)
}

/// Seal `plaintext` to `recipient` with the given ephemeral secret and nonce
/// (both fresh random values in every real call).
pub fn seal(label: &str, recipient: &PublicKey, ephemeral_secret: [u8; 32], nonce: [u8; NONCE], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
    let secret = StaticSecret::from(ephemeral_secret);
    let ephemeral = PublicKey::from(&secret);
    let key = key(label, &secret, recipient, &ephemeral, recipient)
        .ok_or_else(|| Error::DelegationCrypto("the recipient's X25519 public key has small order".into()))?;
    let sealed = aead_seal(&key, &nonce, aad, plaintext)?;
    let mut out = Vec::with_capacity(OVERHEAD + plaintext.len());
    out.extend_from_slice(ephemeral.as_bytes());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Open a box addressed to `secret`.
pub fn open(label: &str, secret: &StaticSecret, aad: &[u8], sealed: &[u8]) -> core::result::Result<Vec<u8>, OpenFailure> {
    if sealed.len() < OVERHEAD {
        return Err(OpenFailure::TooShort);
    }
    let (head, rest) = sealed.split_at(EPHEMERAL);
    let (nonce_bytes, ciphertext) = rest.split_at(NONCE);
    let mut ephemeral = [0u8; EPHEMERAL];
    ephemeral.copy_from_slice(head);
    let mut nonce = [0u8; NONCE];
    nonce.copy_from_slice(nonce_bytes);
    let ephemeral = PublicKey::from(ephemeral);
    let key = key(label, secret, &ephemeral, &ephemeral, &PublicKey::from(secret)).ok_or(OpenFailure::SmallOrder)?;
    aead_open(&key, &nonce, aad, ciphertext)
}

/// ChaCha20-Poly1305 (RFC 8439 §2.8): `ciphertext || tag` of `plaintext`.
/// Public so the Wycheproof vectors run through the cipher calls `seal` makes.
pub fn aead_seal(key: &[u8; 32], nonce: &[u8; NONCE], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
    // new_from_slice copies the key straight into the cipher, which zeroizes it on drop.
    let failed = || Error::DelegationCrypto("ChaCha20-Poly1305 sealing failed".into());
    let cipher = ChaCha20Poly1305::new_from_slice(key).map_err(|_| failed())?;
    cipher.encrypt(&Nonce::from(*nonce), Payload { msg: plaintext, aad }).map_err(|_| failed())
}

/// ChaCha20-Poly1305 decryption of `ciphertext || tag` (the tag checked in constant time).
pub fn aead_open(key: &[u8; 32], nonce: &[u8; NONCE], aad: &[u8], sealed: &[u8]) -> core::result::Result<Vec<u8>, OpenFailure> {
    let cipher = ChaCha20Poly1305::new_from_slice(key).map_err(|_| OpenFailure::Aead)?;
    cipher.decrypt(&Nonce::from(*nonce), Payload { msg: sealed, aad }).map_err(|_| OpenFailure::Aead)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LABEL: &str = "test";

    fn recipient() -> (StaticSecret, PublicKey) {
        let secret = StaticSecret::from([3u8; 32]);
        let public = PublicKey::from(&secret);
        (secret, public)
    }

    #[test]
    fn round_trip_and_every_byte_matters() {
        let (secret, public) = recipient();
        let sealed = seal(LABEL, &public, [5; 32], [6; 12], b"aad", b"{\"a\":1}").unwrap();
        assert_eq!(sealed.len(), OVERHEAD + 7);
        assert_eq!(open(LABEL, &secret, b"aad", &sealed).unwrap(), b"{\"a\":1}");
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 0x01;
            assert!(open(LABEL, &secret, b"aad", &bad).is_err(), "byte {i}");
        }
        assert_eq!(open(LABEL, &secret, b"aaD", &sealed), Err(OpenFailure::Aead));
        assert_eq!(open("other", &secret, b"aad", &sealed), Err(OpenFailure::Aead));
        assert_eq!(open(LABEL, &StaticSecret::from([4u8; 32]), b"aad", &sealed), Err(OpenFailure::Aead));
        assert_eq!(open(LABEL, &secret, b"aad", &sealed[..OVERHEAD - 1]), Err(OpenFailure::TooShort));
    }

    #[test]
    fn small_order_keys_are_refused_both_ways() {
        let zero = PublicKey::from([0u8; 32]);
        assert_eq!(seal(LABEL, &zero, [5; 32], [6; 12], b"", b"x").unwrap_err().code(), "ERR_DELEGATION_CRYPTO");
        let (secret, _) = recipient();
        let mut sealed = [0u8; OVERHEAD];
        sealed[0] = 1; // u = 1 is one of the small-order points (RFC 7748 §7)
        assert_eq!(open(LABEL, &secret, b"", &sealed), Err(OpenFailure::SmallOrder));
    }
}
