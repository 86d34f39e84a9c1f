//! Ed25519 key pairs as JWKs (RFC 8037 §2), from the platform CSPRNG.
//! RSA and ECDSA pairs come from the host's WebCrypto `generateKey`.

use alloc::string::String;

use ed25519_dalek::SigningKey;
use zeroize::Zeroizing;

use super::jwk::{Jwk, Material, Secret};
use crate::error::Result;
use crate::{b64, random};

/// A fresh Ed25519 pair: `(private JWK JSON, public JWK JSON)`, both with
/// `alg: "EdDSA"` and the RFC 7638 thumbprint as `kid`.
pub fn ed25519() -> Result<(Zeroizing<String>, String)> {
    let seed = Zeroizing::new(random::bytes::<32>()?);
    let x = SigningKey::from_bytes(&seed).verifying_key().to_bytes();
    let jwk = Jwk { kid: None, alg: None, use_: None, key_ops: None, material: Material::Ed25519 { x, d: Some(Secret::new(seed.to_vec())) } };
    let kid = jwk.thumbprint();
    let x = b64::encode(&x);
    let public = alloc::format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{x}","alg":"EdDSA","kid":"{kid}"}}"#);
    let d = Zeroizing::new(b64::encode(&seed[..]));
    let private = Zeroizing::new(alloc::format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{x}","d":"{}","alg":"EdDSA","kid":"{kid}"}}"#, *d));
    Ok((private, public))
}

#[cfg(test)]
mod tests {
    use super::super::{alg::Alg, jwk::KeySet, jws};

    #[test]
    fn generated_pairs_sign_and_verify() {
        let (private, public) = super::ed25519().unwrap();
        let signer = KeySet::parse(&private).unwrap();
        let verifier = KeySet::parse(&public).unwrap();
        assert!(!verifier.keys()[0].is_private());
        let header = jws::SignHeader { alg: "EdDSA".into(), ..Default::default() };
        let token = jws::sign(&header, &signer.keys()[0], "{}").unwrap();
        jws::prepare(&token, &verifier, Some(&[Alg::EdDSA]), 1024).unwrap().verify_locally(&verifier).unwrap();
        assert_eq!(verifier.keys()[0].kid.as_deref(), Some(verifier.keys()[0].thumbprint().as_str()));
    }
}
