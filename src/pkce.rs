//! PKCE (RFC 7636): code verifiers and S256 challenges.
//!
//! Verifiers are 32 random bytes as base64url (43 characters, §4.1); the
//! challenge is `BASE64URL(SHA256(ASCII(code_verifier)))` (§4.2).

use alloc::string::String;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::{b64, random};

/// A fresh verifier and its S256 challenge.
pub struct Pkce {
    pub verifier: String,
    pub challenge: String,
}

/// Draw a new verifier from the CSPRNG and derive its challenge.
pub fn generate() -> Result<Pkce> {
    let verifier = b64::encode(&random::bytes::<32>()?);
    let challenge = challenge(&verifier)?;
    Ok(Pkce { verifier, challenge })
}

/// The S256 challenge for a verifier; refuses verifiers outside §4.1's
/// 43-128 characters of `[A-Za-z0-9-._~]`.
pub fn challenge(verifier: &str) -> Result<String> {
    let ok_len = (43..=128).contains(&verifier.len());
    let ok_chars = verifier.bytes().all(|c| c.is_ascii_alphanumeric() || b"-._~".contains(&c));
    if !ok_len || !ok_chars {
        return Err(Error::Config("a PKCE code verifier is 43-128 characters of [A-Za-z0-9-._~] (RFC 7636 §4.1)".into()));
    }
    Ok(b64::encode(&Sha256::digest(verifier.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7636 Appendix B.
    const APPENDIX_B_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const APPENDIX_B_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn appendix_b_vector() {
        assert_eq!(challenge(APPENDIX_B_VERIFIER).unwrap(), APPENDIX_B_CHALLENGE);
    }

    #[test]
    fn generated_pairs_are_consistent_and_distinct() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        assert_eq!(a.verifier.len(), 43);
        assert_eq!(challenge(&a.verifier).unwrap(), a.challenge);
        assert_ne!(a.verifier, b.verifier);
    }

    #[test]
    fn bad_verifiers_are_refused() {
        for bad in ["short", &"a".repeat(129), &alloc::format!("{}+", "a".repeat(43))] {
            assert_eq!(challenge(bad).unwrap_err().code(), "ERR_CONFIG");
        }
    }
}
