//! Password hashing with argon2id (RFC 9106) in PHC string format.
//!
//! Defaults follow OWASP's minimum for argon2id: m = 19 MiB, t = 2, p = 1.
//! Inputs are bounded so that neither a long password nor a hostile PHC
//! string (huge `m`/`t`) can make a call run forever; [`verify`] never
//! fails loudly and compares in constant time (password-hash's `Output`).

use alloc::string::{String, ToString};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Version};

use crate::error::{Error, Result};
use crate::random;

/// Longest password accepted, in bytes.
pub const MAX_PASSWORD_BYTES: usize = 4096;

/// argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    /// Memory in KiB.
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

/// OWASP's minimum for argon2id (m = 19 MiB, t = 2, p = 1).
pub const DEFAULT: Params = Params { memory_kib: 19 * 1024, iterations: 2, parallelism: 1 };

/// Bounds on parameters this library computes with (hash or verify).
const MAX: Params = Params { memory_kib: 256 * 1024, iterations: 16, parallelism: 8 };

impl Params {
    fn check(self) -> Result<Params> {
        let ok = (8 * self.parallelism..=MAX.memory_kib).contains(&self.memory_kib)
            && (1..=MAX.iterations).contains(&self.iterations)
            && (1..=MAX.parallelism).contains(&self.parallelism);
        if !ok {
            return Err(Error::Config(alloc::format!(
                "argon2id parameters out of range (memory 8·p..{} KiB, iterations 1..{}, parallelism 1..{})",
                MAX.memory_kib, MAX.iterations, MAX.parallelism
            )));
        }
        Ok(self)
    }

    fn argon2(self) -> Result<Argon2<'static>> {
        let p = argon2::Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32)).map_err(|_| Error::Config("invalid argon2id parameters".into()))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, p))
    }
}

fn check_password(password: &[u8]) -> Result<()> {
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(Error::Config(alloc::format!("passwords are limited to {MAX_PASSWORD_BYTES} bytes")));
    }
    Ok(())
}

/// Hash with a given 16-byte salt (deterministic; for vectors).
pub fn hash_with_salt(password: &[u8], salt: &[u8; 16], params: Params) -> Result<String> {
    check_password(password)?;
    let salt = SaltString::encode_b64(salt).map_err(|_| Error::Config("salt encoding failed".into()))?;
    let phc = params.check()?.argon2()?.hash_password(password, &salt).map_err(|_| Error::Config("argon2id hashing failed".into()))?;
    Ok(phc.to_string())
}

/// Hash with a fresh random salt.
pub fn hash(password: &[u8], params: Params) -> Result<String> {
    hash_with_salt(password, &random::bytes::<16>()?, params)
}

/// The parameters of an argon2id v19 PHC string, if it is one within bounds.
fn parse(phc: &str) -> Option<(PasswordHash<'_>, Params)> {
    let parsed = PasswordHash::new(phc).ok()?;
    if parsed.algorithm.as_str() != "argon2id" || parsed.version != Some(0x13) || parsed.hash.is_none() {
        return None;
    }
    let p = argon2::Params::try_from(&parsed).ok()?;
    let params = Params { memory_kib: p.m_cost(), iterations: p.t_cost(), parallelism: p.p_cost() }.check().ok()?;
    Some((parsed, params))
}

/// Whether `password` matches `phc`. False (never an error) for a wrong
/// password, a malformed or foreign PHC string, or parameters out of bounds.
pub fn verify(password: &[u8], phc: &str) -> bool {
    if check_password(password).is_err() {
        return false;
    }
    let Some((parsed, params)) = parse(phc) else { return false };
    params.argon2().is_ok_and(|a| a.verify_password(password, &parsed).is_ok())
}

/// Whether `phc` should be re-hashed: not argon2id v19 within bounds, or
/// any parameter below `current`.
pub fn needs_rehash(phc: &str, current: Params) -> bool {
    match parse(phc) {
        None => true,
        Some((_, p)) => p.memory_kib < current.memory_kib || p.iterations < current.iterations || p.parallelism < current.parallelism,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHEAP: Params = Params { memory_kib: 64, iterations: 1, parallelism: 1 };

    #[test]
    fn round_trip_and_wrong_password() {
        let phc = hash(b"correct horse", CHEAP).unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{phc}");
        assert!(verify(b"correct horse", &phc));
        assert!(!verify(b"correct horsf", &phc));
        assert_ne!(phc, hash(b"correct horse", CHEAP).unwrap(), "fresh salt");
    }

    #[test]
    fn bad_phc_strings_verify_false() {
        let good = hash_with_salt(b"pw", &[7; 16], CHEAP).unwrap();
        let bad = [
            "",
            "not a hash",
            "$argon2i$v=19$m=64,t=1,p=1$BwcHBwcHBwcHBwcHBwcHBw$AAAA",
            "$argon2id$v=16$m=64,t=1,p=1$BwcHBwcHBwcHBwcHBwcHBw$AAAA",
            "$argon2id$v=19$m=64,t=1,p=1$BwcHBwcHBwcHBwcHBwcHBw",
            "$argon2id$v=19$m=4294967295,t=1,p=1$BwcHBwcHBwcHBwcHBwcHBw$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "$argon2id$v=19$m=64,t=4000000,p=1$BwcHBwcHBwcHBwcHBwcHBw$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "$2b$12$abcdefghijklmnopqrstuu",
        ];
        for phc in bad {
            assert!(!verify(b"pw", phc), "{phc}");
            assert!(needs_rehash(phc, CHEAP), "{phc}");
        }
        assert!(verify(b"pw", &good));
        assert!(!verify(&[b'a'; MAX_PASSWORD_BYTES + 1], &good));
    }

    #[test]
    fn limits_and_rehash() {
        assert_eq!(hash(&[0; MAX_PASSWORD_BYTES + 1], CHEAP).unwrap_err().code(), "ERR_CONFIG");
        assert_eq!(hash(b"x", Params { memory_kib: 1 << 30, ..CHEAP }).unwrap_err().code(), "ERR_CONFIG");
        assert_eq!(hash(b"x", Params { iterations: 0, ..CHEAP }).unwrap_err().code(), "ERR_CONFIG");
        let phc = hash(b"x", CHEAP).unwrap();
        assert!(!needs_rehash(&phc, CHEAP));
        assert!(needs_rehash(&phc, DEFAULT));
        assert!(needs_rehash(&phc, Params { iterations: 2, ..CHEAP }));
    }
}
