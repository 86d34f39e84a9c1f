//! Pure-Rust RSA (RFC 7518 §3.3, §3.5) and ECDSA (§3.4) verification for
//! native builds. The wasm build leaves these out: WebCrypto does them there.

use p256::ecdsa::signature::Verifier;
use rsa::{BigUint, Pkcs1v15Sign, Pss, RsaPublicKey};
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::alg::{Alg, Family, Hash};
use super::jwk::Material;
use crate::error::{Error, Result};

/// Whether `signature` over `input` verifies; `Err` only for a key that does
/// not fit the algorithm.
pub fn verify(alg: Alg, material: &Material, input: &[u8], signature: &[u8]) -> Result<bool> {
    match (material, alg.family()) {
        (Material::Rsa { n, e, .. }, family @ (Family::RsaPkcs1 | Family::RsaPss)) => {
            let key = RsaPublicKey::new(BigUint::from_bytes_be(n), BigUint::from_bytes_be(e))
                .map_err(|_| Error::JwkInvalid("unusable RSA public key".into()))?;
            let pss = family == Family::RsaPss;
            let ok = match alg.hash() {
                Hash::Sha256 => rsa_verify::<Sha256>(&key, pss, input, signature),
                Hash::Sha384 => rsa_verify::<Sha384>(&key, pss, input, signature),
                Hash::Sha512 => rsa_verify::<Sha512>(&key, pss, input, signature),
            };
            Ok(ok)
        }
        (Material::Ec { x, y, .. }, Family::Ecdsa) if alg == Alg::ES256 => {
            let point = p256::EncodedPoint::from_affine_coordinates(x[..].into(), y[..].into(), false);
            let key = p256::ecdsa::VerifyingKey::from_encoded_point(&point).map_err(|_| Error::JwkInvalid("EC point is not on P-256".into()))?;
            Ok(p256::ecdsa::Signature::from_slice(signature).is_ok_and(|sig| key.verify(input, &sig).is_ok()))
        }
        (Material::Ec { x, y, .. }, Family::Ecdsa) => {
            let point = p384::EncodedPoint::from_affine_coordinates(x[..].into(), y[..].into(), false);
            let key = p384::ecdsa::VerifyingKey::from_encoded_point(&point).map_err(|_| Error::JwkInvalid("EC point is not on P-384".into()))?;
            Ok(p384::ecdsa::Signature::from_slice(signature).is_ok_and(|sig| key.verify(input, &sig).is_ok()))
        }
        _ => Err(Error::AlgNotAllowed(alloc::format!("the key does not fit \"{}\"", alg.name()))),
    }
}

fn rsa_verify<D: Digest + sha2::digest::DynDigest + rsa::pkcs8::AssociatedOid + Clone + Send + Sync + 'static>(key: &RsaPublicKey, pss: bool, input: &[u8], signature: &[u8]) -> bool {
    let hashed = D::digest(input);
    if pss {
        key.verify(Pss::new::<D>(), &hashed, signature).is_ok()
    } else {
        key.verify(Pkcs1v15Sign::new::<D>(), &hashed, signature).is_ok()
    }
}
