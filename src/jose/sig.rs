//! Signature algorithms computed inside the core: HMAC-SHA2 (RFC 7518 §3.2)
//! everywhere, Ed25519 (RFC 8037 §3.1) with the `ed25519` feature, RSA
//! (§3.3, §3.5) and ECDSA (§3.4) in native builds only — in wasm those go to
//! the host's WebCrypto.

use alloc::vec::Vec;
use core::cell::OnceCell;
use core::fmt;

#[cfg(feature = "ed25519")]
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha2::{Sha256, Sha384, Sha512};
use subtle::ConstantTimeEq;

use super::alg::{Alg, Family, Hash};
use super::jwk::{Jwk, Material, Secret};
use crate::error::{Error, Result};

/// An HMAC secret with its keyed hash states computed once per width (the
/// inner/outer key blocks, RFC 2104 §2), so each MAC costs only the message.
#[derive(Clone)]
pub struct HmacKey {
    secret: Secret,
    s256: OnceCell<Hmac<Sha256>>,
    s384: OnceCell<Hmac<Sha384>>,
    s512: OnceCell<Hmac<Sha512>>,
}

impl fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HmacKey([redacted])")
    }
}

fn keyed<M: Mac + KeyInit + Clone>(cell: &OnceCell<M>, key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length, so new_from_slice cannot fail.
    let mut mac = cell.get_or_init(|| <M as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!())).clone();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

impl HmacKey {
    pub fn new(secret: Vec<u8>) -> HmacKey {
        HmacKey { secret: Secret::new(secret), s256: OnceCell::new(), s384: OnceCell::new(), s512: OnceCell::new() }
    }

    pub fn expose(&self) -> &[u8] {
        self.secret.expose()
    }

    /// HMAC-SHA2 of `data`.
    pub fn mac(&self, hash: Hash, data: &[u8]) -> Vec<u8> {
        let key = self.secret.expose();
        match hash {
            Hash::Sha256 => keyed(&self.s256, key, data),
            Hash::Sha384 => keyed(&self.s384, key, data),
            Hash::Sha512 => keyed(&self.s512, key, data),
        }
    }
}

/// Whether the core can check `alg` itself in this build.
pub fn verifies_locally(alg: Alg) -> bool {
    match alg.family() {
        Family::Hmac => true,
        Family::Ed25519 => cfg!(feature = "ed25519"),
        Family::RsaPkcs1 | Family::RsaPss | Family::Ecdsa => cfg!(not(target_arch = "wasm32")),
    }
}

/// Whether the core should sign with `alg` itself: HMAC always, Ed25519 when
/// the host has no Ed25519 (`host_ed25519`) and the core has it, RSA and
/// ECDSA never (the host's WebCrypto signs those).
pub fn signs_locally(alg: Alg, host_ed25519: bool) -> bool {
    match alg.family() {
        Family::Hmac => true,
        Family::Ed25519 => !host_ed25519 && cfg!(feature = "ed25519"),
        Family::RsaPkcs1 | Family::RsaPss | Family::Ecdsa => false,
    }
}

/// Check `signature` over `input` with `key`. Every failure is the same
/// opaque `JwsSignatureInvalid`.
pub fn verify(alg: Alg, key: &Jwk, input: &[u8], signature: &[u8]) -> Result<()> {
    let ok = match (&key.material, alg.family()) {
        (Material::Oct(k), Family::Hmac) => bool::from(k.mac(alg.hash(), input).ct_eq(signature)),
        #[cfg(feature = "ed25519")]
        (Material::Ed25519 { x, .. }, Family::Ed25519) => {
            let sig = ed25519_dalek::Signature::from_slice(signature).map_err(|_| Error::JwsSignatureInvalid)?;
            VerifyingKey::from_bytes(x).is_ok_and(|vk| vk.verify(input, &sig).is_ok())
        }
        #[cfg(not(target_arch = "wasm32"))]
        (material, _) => super::native::verify(alg, material, input, signature)?,
        #[cfg(target_arch = "wasm32")]
        _ => return Err(Error::NotSupported(alloc::format!("\"{}\" is verified by the host's WebCrypto", alg.name()))),
    };
    if ok {
        Ok(())
    } else {
        Err(Error::JwsSignatureInvalid)
    }
}

/// Sign `input` with a private key the core can use (HMAC secret, Ed25519 seed).
pub fn sign(alg: Alg, key: &Jwk, input: &[u8]) -> Result<Vec<u8>> {
    match (&key.material, alg.family()) {
        (Material::Oct(k), Family::Hmac) => Ok(k.mac(alg.hash(), input)),
        #[cfg(feature = "ed25519")]
        (Material::Ed25519 { x, d: Some(d) }, Family::Ed25519) => {
            let seed: [u8; 32] = d.expose().try_into().map_err(|_| Error::JwkInvalid("Ed25519 \"d\" must be 32 bytes".into()))?;
            let signing = SigningKey::from_bytes(&seed);
            if signing.verifying_key().as_bytes() != x {
                return Err(Error::JwkInvalid("Ed25519 \"x\" does not belong to \"d\"".into()));
            }
            Ok(signing.sign(input).to_bytes().to_vec())
        }
        _ => Err(Error::NotSupported(alloc::format!("the core does not sign \"{}\" with a \"{}\" key", alg.name(), key.kty()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231 §4.2 test case 1, HMAC-SHA-256.
    #[test]
    fn rfc4231_case_1() {
        let mac = HmacKey::new(alloc::vec![0x0b; 20]).mac(Hash::Sha256, b"Hi There");
        assert_eq!(crate::b64::encode(&mac), "sDRMYdjbOFNcqK_OrwvxK4gdwgDJgz2nJuk3bC4yz_c");
    }

    #[test]
    #[cfg(feature = "ed25519")]
    fn ed25519_sign_refuses_a_mismatched_public_key() {
        let jwk = Jwk::from_value(
            &crate::json::parse(r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#).unwrap(),
        )
        .unwrap();
        assert_eq!(sign(Alg::EdDSA, &jwk, b"x").unwrap_err().code(), "ERR_JWK_INVALID");
    }
}
