//! JWS algorithms (RFC 7518 §3, RFC 8037 §3.1) and the key types they need.

use crate::error::{Error, Result};

/// A JWS `alg` this library implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alg {
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    /// Ed25519, under either its RFC 8037 name `EdDSA` or the fully
    /// specified `Ed25519` (RFC 9864).
    EdDSA,
}

/// Which family of key an algorithm needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Hmac,
    RsaPkcs1,
    RsaPss,
    Ecdsa,
    Ed25519,
}

/// SHA-2 width used by an algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Alg {
    /// Every algorithm, in declaration order (`ALL[a as usize] == a`).
    pub const ALL: [Alg; 12] = [
        Alg::HS256,
        Alg::HS384,
        Alg::HS512,
        Alg::RS256,
        Alg::RS384,
        Alg::RS512,
        Alg::PS256,
        Alg::PS384,
        Alg::PS512,
        Alg::ES256,
        Alg::ES384,
        Alg::EdDSA,
    ];

    /// Parse a header `alg`. `none` is refused outright (RFC 8725 §3.1).
    pub fn parse(name: &str) -> Result<Alg> {
        Ok(match name {
            "HS256" => Alg::HS256,
            "HS384" => Alg::HS384,
            "HS512" => Alg::HS512,
            "RS256" => Alg::RS256,
            "RS384" => Alg::RS384,
            "RS512" => Alg::RS512,
            "PS256" => Alg::PS256,
            "PS384" => Alg::PS384,
            "PS512" => Alg::PS512,
            "ES256" => Alg::ES256,
            "ES384" => Alg::ES384,
            "EdDSA" | "Ed25519" => Alg::EdDSA,
            "none" => return Err(Error::AlgNotAllowed("\"none\" is never accepted".into())),
            other => return Err(Error::NotSupported(alloc::format!("unsupported \"alg\" {}", crate::json::quote(other)))),
        })
    }

    /// The canonical name written into headers this library produces.
    pub fn name(self) -> &'static str {
        match self {
            Alg::HS256 => "HS256",
            Alg::HS384 => "HS384",
            Alg::HS512 => "HS512",
            Alg::RS256 => "RS256",
            Alg::RS384 => "RS384",
            Alg::RS512 => "RS512",
            Alg::PS256 => "PS256",
            Alg::PS384 => "PS384",
            Alg::PS512 => "PS512",
            Alg::ES256 => "ES256",
            Alg::ES384 => "ES384",
            Alg::EdDSA => "EdDSA",
        }
    }

    pub fn family(self) -> Family {
        match self {
            Alg::HS256 | Alg::HS384 | Alg::HS512 => Family::Hmac,
            Alg::RS256 | Alg::RS384 | Alg::RS512 => Family::RsaPkcs1,
            Alg::PS256 | Alg::PS384 | Alg::PS512 => Family::RsaPss,
            Alg::ES256 | Alg::ES384 => Family::Ecdsa,
            Alg::EdDSA => Family::Ed25519,
        }
    }

    pub fn hash(self) -> Hash {
        match self {
            Alg::HS256 | Alg::RS256 | Alg::PS256 | Alg::ES256 | Alg::EdDSA => Hash::Sha256,
            Alg::HS384 | Alg::RS384 | Alg::PS384 | Alg::ES384 => Hash::Sha384,
            Alg::HS512 | Alg::RS512 | Alg::PS512 => Hash::Sha512,
        }
    }

    /// The JWK `kty` the algorithm needs (RFC 7518 §6.1).
    pub fn kty(self) -> &'static str {
        match self.family() {
            Family::Hmac => "oct",
            Family::RsaPkcs1 | Family::RsaPss => "RSA",
            Family::Ecdsa => "EC",
            Family::Ed25519 => "OKP",
        }
    }

    /// The JWK `crv` the algorithm needs, for curve-based keys.
    pub fn crv(self) -> Option<&'static str> {
        match self {
            Alg::ES256 => Some("P-256"),
            Alg::ES384 => Some("P-384"),
            Alg::EdDSA => Some("Ed25519"),
            _ => None,
        }
    }

    /// Whether `name` (a JWK's `alg` member) names this algorithm.
    pub fn is_named(self, name: &str) -> bool {
        name == self.name() || (self == Alg::EdDSA && name == "Ed25519")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_name_and_refuses_none_and_unknown() {
        let names = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA"];
        for (i, name) in names.into_iter().enumerate() {
            assert_eq!(Alg::parse(name).unwrap().name(), name);
            assert_eq!(Alg::ALL[i].name(), name);
            assert_eq!(Alg::ALL[i] as usize, i, "ALL is in declaration order");
        }
        assert_eq!(Alg::parse("Ed25519").unwrap(), Alg::EdDSA);
        assert_eq!(Alg::parse("none").unwrap_err().code(), "ERR_JOSE_ALG_NOT_ALLOWED");
        assert_eq!(Alg::parse("ES512").unwrap_err().code(), "ERR_JOSE_NOT_SUPPORTED");
        assert_eq!(Alg::parse("hs256").unwrap_err().code(), "ERR_JOSE_NOT_SUPPORTED");
    }

    #[test]
    fn key_requirements() {
        assert_eq!(Alg::HS256.kty(), "oct");
        assert_eq!(Alg::PS384.kty(), "RSA");
        assert_eq!(Alg::ES384.crv(), Some("P-384"));
        assert_eq!(Alg::EdDSA.kty(), "OKP");
        assert!(Alg::EdDSA.is_named("Ed25519"));
        assert!(!Alg::RS256.is_named("PS256"));
    }
}
