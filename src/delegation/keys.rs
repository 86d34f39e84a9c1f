//! Key blobs (docs/delegation.md §1): `edg_sk_v1_…` holds a party's Ed25519
//! seed (RFC 8032 §5.1.5) and X25519 secret (RFC 7748 §5); `edg_pk_v1_…` holds
//! both public keys. Each is base64url (RFC 4648 §5) of the 64 key bytes and a
//! 4-byte SHA-256 checksum over prefix and key bytes.
//!
//! Secrets are zeroized on drop (the dalek types do it) and never printed.

use alloc::string::String;
use core::fmt;

use ed25519_dalek::{SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use x25519_dalek::{PublicKey as ExchangePublic, StaticSecret};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::{b64, random};

pub const SECRET_PREFIX: &str = "edg_sk_v1_";
pub const PUBLIC_PREFIX: &str = "edg_pk_v1_";
const KEY_BYTES: usize = 64;
const CHECK_BYTES: usize = 4;

fn crypto(why: &str) -> Error {
    Error::DelegationCrypto(why.into())
}

fn checksum(prefix: &str, key: &[u8]) -> [u8; CHECK_BYTES] {
    let digest = Sha256::new().chain_update(prefix).chain_update(key).finalize();
    [digest[0], digest[1], digest[2], digest[3]]
}

fn encode(prefix: &str, key: &[u8; KEY_BYTES]) -> Zeroizing<String> {
    let mut raw = Zeroizing::new([0u8; KEY_BYTES + CHECK_BYTES]);
    raw[..KEY_BYTES].copy_from_slice(key);
    raw[KEY_BYTES..].copy_from_slice(&checksum(prefix, key));
    let body = Zeroizing::new(b64::encode(&raw[..]));
    Zeroizing::new(alloc::format!("{prefix}{}", *body))
}

/// The 64 key bytes of a blob, after every check. Messages name what is
/// wrong, never the blob's content.
fn decode(prefix: &str, other: &str, what: &str, text: &str) -> Result<Zeroizing<[u8; KEY_BYTES]>> {
    let Some(rest) = text.strip_prefix(prefix) else {
        if text.starts_with(other) {
            return Err(Error::DelegationCrypto(alloc::format!("expected {what} ({prefix}…) but got the other kind of key blob ({other}…)")));
        }
        return Err(Error::DelegationCrypto(alloc::format!("{what} must start with \"{prefix}\"")));
    };
    let raw = Zeroizing::new(b64::decode(rest).ok_or_else(|| Error::DelegationCrypto(alloc::format!("{what} is not canonical base64url after its prefix")))?);
    if raw.len() != KEY_BYTES + CHECK_BYTES {
        return Err(Error::DelegationCrypto(alloc::format!("{what} decodes to {} bytes, expected {}", raw.len(), KEY_BYTES + CHECK_BYTES)));
    }
    let (key, check) = raw.split_at(KEY_BYTES);
    if !bool::from(checksum(prefix, key).ct_eq(check)) {
        return Err(Error::DelegationCrypto(alloc::format!("{what} checksum mismatch (the blob was altered or truncated)")));
    }
    let mut out = Zeroizing::new([0u8; KEY_BYTES]);
    out.copy_from_slice(key);
    Ok(out)
}

/// A party's secret keys: Ed25519 for signing, X25519 for opening boxes.
pub struct SecretKey {
    pub(crate) signing: SigningKey,
    pub(crate) exchange: StaticSecret,
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey([redacted])")
    }
}

impl SecretKey {
    /// From the two 32-byte secrets (an Ed25519 seed, an X25519 scalar).
    pub fn from_parts(ed25519_seed: [u8; 32], x25519_secret: [u8; 32]) -> SecretKey {
        SecretKey { signing: SigningKey::from_bytes(&ed25519_seed), exchange: StaticSecret::from(x25519_secret) }
    }

    /// Parse an `edg_sk_v1_…` blob.
    pub fn parse(text: &str) -> Result<SecretKey> {
        let raw = decode(SECRET_PREFIX, PUBLIC_PREFIX, "a delegation secret key", text)?;
        let mut seed = Zeroizing::new([0u8; 32]);
        let mut x = Zeroizing::new([0u8; 32]);
        seed.copy_from_slice(&raw[..32]);
        x.copy_from_slice(&raw[32..]);
        Ok(SecretKey::from_parts(*seed, *x))
    }

    /// A fresh pair from the platform CSPRNG.
    pub fn generate() -> Result<SecretKey> {
        let seed = Zeroizing::new(random::bytes::<32>()?);
        let x = Zeroizing::new(random::bytes::<32>()?);
        Ok(SecretKey::from_parts(*seed, *x))
    }

    /// The `edg_sk_v1_…` blob.
    pub fn to_blob(&self) -> Zeroizing<String> {
        let mut raw = Zeroizing::new([0u8; KEY_BYTES]);
        raw[..32].copy_from_slice(self.signing.as_bytes());
        raw[32..].copy_from_slice(self.exchange.as_bytes());
        encode(SECRET_PREFIX, &raw)
    }

    /// The matching public keys.
    pub fn public(&self) -> PublicKey {
        PublicKey { verifying: self.signing.verifying_key(), exchange: ExchangePublic::from(&self.exchange) }
    }
}

/// A party's public keys: Ed25519 to verify its signatures, X25519 to seal to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    pub(crate) verifying: VerifyingKey,
    pub(crate) exchange: ExchangePublic,
}

impl PublicKey {
    /// Parse an `edg_pk_v1_…` blob; refuses an Ed25519 key that is not a
    /// valid point, is not canonically encoded, or has small order. The
    /// X25519 key is taken as RFC 7748 §5 decodes it (any 32 bytes).
    pub fn parse(text: &str) -> Result<PublicKey> {
        let raw = decode(PUBLIC_PREFIX, SECRET_PREFIX, "a delegation public key", text)?;
        let mut ed = [0u8; 32];
        let mut x = [0u8; 32];
        ed.copy_from_slice(&raw[..32]);
        x.copy_from_slice(&raw[32..]);
        let verifying = VerifyingKey::from_bytes(&ed).map_err(|_| crypto("the Ed25519 public key in the blob is not a valid curve point"))?;
        if verifying.to_edwards().compress().to_bytes() != ed {
            // RFC 8032 §5.1.3: y ≥ p fails decoding; so does x = 0 with the sign bit set.
            return Err(crypto("the Ed25519 public key in the blob is not canonically encoded"));
        }
        if verifying.is_weak() {
            return Err(crypto("the Ed25519 public key in the blob has small order"));
        }
        Ok(PublicKey { verifying, exchange: ExchangePublic::from(x) })
    }

    /// The `edg_pk_v1_…` blob.
    pub fn to_blob(&self) -> String {
        let mut raw = [0u8; KEY_BYTES];
        raw[..32].copy_from_slice(self.verifying.as_bytes());
        raw[32..].copy_from_slice(self.exchange.as_bytes());
        String::clone(&encode(PUBLIC_PREFIX, &raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flip(text: &str, at: usize) -> String {
        let mut bytes = text.as_bytes().to_vec();
        bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn blobs_round_trip_and_have_the_documented_length() {
        let sk = SecretKey::generate().unwrap();
        let blob = sk.to_blob();
        assert_eq!(blob.len(), 101);
        assert!(blob.starts_with(SECRET_PREFIX));
        let again = SecretKey::parse(&blob).unwrap();
        assert_eq!(again.public(), sk.public());
        let pk = sk.public().to_blob();
        assert_eq!(pk.len(), 101);
        assert_eq!(PublicKey::parse(&pk).unwrap(), sk.public());
        assert_eq!(alloc::format!("{sk:?}"), "SecretKey([redacted])");
    }

    #[test]
    fn every_defect_is_a_named_crypto_error() {
        let sk = SecretKey::from_parts([7; 32], [9; 32]);
        let sblob = sk.to_blob();
        let pblob = sk.public().to_blob();
        let cases: [(&str, String, &str); 8] = [
            ("secret as public", String::clone(&sblob), "other kind"),
            ("no prefix", "abc".into(), "must start with"),
            ("v2", pblob.replace("_v1_", "_v2_"), "must start with"),
            ("bad b64", alloc::format!("{}!", &pblob[..100]), "base64url"),
            ("short", pblob[..97].into(), "decodes to 65 bytes"),
            ("checksum", flip(&pblob, 30), "checksum mismatch"),
            ("checksum tail", flip(&pblob, 97), "checksum mismatch"),
            ("empty", String::new(), "must start with"),
        ];
        for (name, text, want) in cases {
            let e = PublicKey::parse(&text).unwrap_err();
            assert_eq!(e.code(), "ERR_DELEGATION_CRYPTO", "{name}");
            assert!(e.to_string().contains(want), "{name}: {e}");
        }
        let e = SecretKey::parse(&pblob).unwrap_err();
        assert!(e.to_string().contains("other kind"), "{e}");
        assert!(!e.to_string().contains(&pblob[10..]), "the blob is not echoed");
        let e = SecretKey::parse(&flip(&sblob, 40)).unwrap_err();
        assert!(e.to_string().contains("checksum"), "{e}");
        assert!(!e.to_string().contains(&sblob[10..30]));
    }

    #[test]
    fn invalid_and_small_order_ed25519_points_are_refused() {
        // y = 2 is not on the curve; the identity (y = 1) has small order.
        for (ed, want) in [([2u8; 1], "not a valid curve point"), ([1u8; 1], "small order")] {
            let mut raw = [0u8; KEY_BYTES];
            raw[0] = ed[0];
            let blob = encode(PUBLIC_PREFIX, &raw);
            let e = PublicKey::parse(&blob).unwrap_err();
            assert!(e.to_string().contains(want), "{e}");
        }
    }

    #[test]
    fn non_canonical_ed25519_encodings_are_refused() {
        // y + p for every small y that is a point (y < 19 keeps y + p below
        // 2^255), and y = 1 (so x = 0) with the sign bit set: curve25519-dalek
        // decompresses all of them; RFC 8032 §5.1.3 refuses them.
        let blob = |ed: [u8; 32]| {
            let mut raw = [0u8; KEY_BYTES];
            raw[..32].copy_from_slice(&ed);
            encode(PUBLIC_PREFIX, &raw)
        };
        let mut cases = 0;
        for y in 0u8..19 {
            let mut canonical = [0u8; 32];
            canonical[0] = y;
            if VerifyingKey::from_bytes(&canonical).is_err() {
                continue;
            }
            let mut plus_p = [0xffu8; 32];
            plus_p[0] = 0xed + y;
            plus_p[31] = 0x7f;
            let e = PublicKey::parse(&blob(plus_p)).unwrap_err();
            assert!(e.to_string().contains("not canonically encoded"), "y = {y} + p: {e}");
            cases += 1;
        }
        assert!(cases >= 2, "{cases} small points found");
        let mut minus_zero = [0u8; 32];
        minus_zero[0] = 1;
        minus_zero[31] = 0x80;
        assert!(PublicKey::parse(&blob(minus_zero)).unwrap_err().to_string().contains("not canonically encoded"));
        let good = SecretKey::from_parts([7; 32], [9; 32]).public().verifying.to_bytes();
        assert!(PublicKey::parse(&blob(good)).is_ok());
    }
}
