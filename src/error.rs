//! The crate's one error type.
//!
//! Every variant maps to a stable string [`Error::code`] (the `code` property
//! of the matching JavaScript class in `pkg-template/src/errors.js`) and to a
//! [`Error::retriable`] flag. Messages never contain secrets: keys, tokens and
//! MACs are described, never echoed.

use alloc::string::String;
use core::fmt;

/// Everything that can go wrong in edgeauth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A compact JWS/JWT that is not well formed (segments, base64url, JSON, size).
    JwsInvalid(String),
    /// The signature did not verify. Deliberately carries no detail.
    JwsSignatureInvalid,
    /// The `alg` is `none`, outside the caller's allow-list, or does not fit the key.
    AlgNotAllowed(String),
    /// A well-formed input uses something this library does not implement
    /// (an unknown `crit` parameter, an algorithm such as ES512).
    NotSupported(String),
    /// A JWK or JWK Set that cannot be used (missing members, wrong lengths).
    JwkInvalid(String),
    /// `exp` (or `maxTokenAge`) says the token is too old.
    JwtExpired(String),
    /// `nbf` is in the future.
    JwtNotYetValid,
    /// A claim check failed: the payload names the claim (`iss`, `aud`, ...).
    JwtClaimInvalid { claim: String, reason: String },
    /// No key in the JWK Set fits the token's header.
    JwksNoMatchingKey,
    /// The caller's configuration or arguments are unusable.
    Config(String),
    /// An OAuth 2.0 error response (RFC 6749 §5.2, §4.1.2.1; RFC 6750 §3).
    OAuthResponse { error: String, description: Option<String>, uri: Option<String>, status: u16 },
    /// A non-success HTTP answer that is not an OAuth error response.
    Http { status: u16, body: String },
    /// A server answer or callback that breaks the protocol; `check` names
    /// what failed (`state`, `iss`, `token_type`, `access_token`, ...).
    OAuthInvalidResponse { check: String, reason: String },
    /// An ID token or userinfo response is about another subject (OIDC Core §12.2, §5.3.2).
    SubjectMismatch,
    /// A delegation key blob that cannot be used, or a local sealing or signing failure.
    DelegationCrypto(String),
    /// The server refused a delegated request: the HTTP status to answer, a
    /// stable `reason` (docs/delegation.md §2.3) and a message for logs.
    DelegationRequest { status: u16, reason: &'static str, message: String },
    /// A delegated response that cannot be trusted: a stable `reason`
    /// (docs/delegation.md §3: `malformed`, `binding`, `signature`, `skew`,
    /// `decrypt`, `body`) and a message.
    DelegationResponse { reason: &'static str, message: String },
    /// A DPoP proof that fails a check of RFC 9449 §4.3; `check` names it
    /// (`header`, `syntax`, `size`, `typ`, `alg`, `jwk`, `signature`, `jti`,
    /// `htm`, `htu`, `iat`, `ath`, `nonce`, `replay`, `missing`).
    DpopProof { check: &'static str, reason: String },
    /// The access token's key binding does not hold (RFC 9449 §6, §7.1,
    /// §7.2): `check` is `jkt` (another key, or an unbound token sent as
    /// DPoP), `scheme` (a DPoP-bound token sent as Bearer) or `cnf`.
    DpopBinding { check: &'static str, reason: String },
    /// The server wants a fresh server-provided nonce in the proof
    /// (RFC 9449 §8, §9: `use_dpop_nonce`).
    DpopNonce,
}

impl Error {
    /// The stable code, identical to the JavaScript error's `code`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::JwsInvalid(_) => "ERR_JWS_INVALID",
            Error::JwsSignatureInvalid => "ERR_JWS_SIGNATURE_INVALID",
            Error::AlgNotAllowed(_) => "ERR_JOSE_ALG_NOT_ALLOWED",
            Error::NotSupported(_) => "ERR_JOSE_NOT_SUPPORTED",
            Error::JwkInvalid(_) => "ERR_JWK_INVALID",
            Error::JwtExpired(_) => "ERR_JWT_EXPIRED",
            Error::JwtNotYetValid => "ERR_JWT_NOT_YET_VALID",
            Error::JwtClaimInvalid { .. } => "ERR_JWT_CLAIM_INVALID",
            Error::JwksNoMatchingKey => "ERR_JWKS_NO_MATCHING_KEY",
            Error::Config(_) => "ERR_CONFIG",
            Error::OAuthResponse { .. } => "ERR_OAUTH_RESPONSE",
            Error::Http { .. } => "ERR_HTTP",
            Error::OAuthInvalidResponse { .. } => "ERR_OAUTH_INVALID_RESPONSE",
            Error::SubjectMismatch => "ERR_OAUTH_SUBJECT_MISMATCH",
            Error::DelegationCrypto(_) => "ERR_DELEGATION_CRYPTO",
            Error::DelegationRequest { .. } => "ERR_DELEGATION_REQUEST",
            Error::DelegationResponse { .. } => "ERR_DELEGATION_RESPONSE",
            Error::DpopProof { .. } => "ERR_DPOP_PROOF_INVALID",
            Error::DpopBinding { .. } => "ERR_DPOP_BINDING_INVALID",
            Error::DpopNonce => "ERR_DPOP_NONCE_REQUIRED",
        }
    }

    /// Whether trying the same operation again may succeed.
    pub fn retriable(&self) -> bool {
        match self {
            Error::Http { status, .. } | Error::OAuthResponse { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }

    /// The claim a `JwtClaimInvalid` / `JwtExpired` error is about, if any.
    pub fn claim(&self) -> Option<&str> {
        match self {
            Error::JwtClaimInvalid { claim, .. } => Some(claim),
            Error::JwtExpired(claim) => Some(claim),
            Error::JwtNotYetValid => Some("nbf"),
            _ => None,
        }
    }

    /// Structured fields for the JS error object, as a JSON object
    /// (`{"claim":"aud"}`); `None` when the error has none.
    pub fn details(&self) -> Option<String> {
        let mut fields = crate::json::Map::new();
        if let Some(claim) = self.claim() {
            fields.insert("claim", claim.into());
        }
        match self {
            Error::OAuthResponse { error, description, uri, status } => {
                fields.insert("error", error.as_str().into());
                fields.insert("errorDescription", description.clone().into());
                fields.insert("errorUri", uri.clone().into());
                fields.insert("status", (*status).into());
            }
            Error::Http { status, body } => {
                fields.insert("status", (*status).into());
                fields.insert("body", body.as_str().into());
            }
            Error::OAuthInvalidResponse { check, .. } => {
                fields.insert("check", check.as_str().into());
            }
            Error::DpopProof { check, .. } | Error::DpopBinding { check, .. } => {
                fields.insert("check", (*check).into());
            }
            Error::DelegationRequest { status, reason, .. } => {
                fields.insert("status", (*status).into());
                fields.insert("reason", (*reason).into());
                fields.insert("body", alloc::format!(r#"{{"error":"delegation_rejected","reason":"{reason}"}}"#).into());
            }
            Error::DelegationResponse { reason, .. } => {
                fields.insert("reason", (*reason).into());
            }
            _ => {}
        }
        if self.retriable() {
            fields.insert("retriable", true.into());
        }
        if fields.is_empty() {
            return None;
        }
        Some(fields.to_json())
    }

    pub(crate) fn claim_invalid(claim: &str, reason: &str) -> Error {
        Error::JwtClaimInvalid { claim: claim.into(), reason: reason.into() }
    }

    pub(crate) fn invalid_response(check: &str, reason: &str) -> Error {
        Error::OAuthInvalidResponse { check: check.into(), reason: reason.into() }
    }

    pub(crate) fn dpop(check: &'static str, reason: &str) -> Error {
        Error::DpopProof { check, reason: reason.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::JwsInvalid(why) => write!(f, "invalid compact JWS: {why}"),
            Error::JwsSignatureInvalid => f.write_str("signature verification failed"),
            Error::AlgNotAllowed(why) => write!(f, "algorithm not allowed: {why}"),
            Error::NotSupported(why) => write!(f, "not supported: {why}"),
            Error::JwkInvalid(why) => write!(f, "invalid JWK: {why}"),
            Error::JwtExpired(claim) => write!(f, "\"{claim}\" claim timestamp check failed: token expired"),
            Error::JwtNotYetValid => f.write_str("\"nbf\" claim timestamp check failed: token not yet valid"),
            Error::JwtClaimInvalid { claim, reason } => write!(f, "\"{claim}\" claim check failed: {reason}"),
            Error::JwksNoMatchingKey => f.write_str("no key in the JWK Set matches the token's header"),
            Error::Config(why) => write!(f, "invalid configuration: {why}"),
            Error::OAuthResponse { error, description, status, .. } => match description {
                Some(d) => write!(f, "the authorization server answered {error} ({status}): {d}"),
                None => write!(f, "the authorization server answered {error} ({status})"),
            },
            Error::Http { status, .. } => write!(f, "unexpected HTTP status {status}"),
            Error::OAuthInvalidResponse { check, reason } => write!(f, "invalid OAuth response ({check}): {reason}"),
            Error::SubjectMismatch => f.write_str("the response is about another subject (\"sub\" changed)"),
            Error::DelegationCrypto(why) => write!(f, "delegation key or crypto failure: {why}"),
            Error::DelegationRequest { status, reason, message } => write!(f, "delegated request refused ({status} {reason}): {message}"),
            Error::DelegationResponse { reason, message } => write!(f, "delegated response refused ({reason}): {message}"),
            Error::DpopProof { check, reason } => write!(f, "invalid DPoP proof ({check}): {reason}"),
            Error::DpopBinding { check, reason } => write!(f, "DPoP key binding failed ({check}): {reason}"),
            Error::DpopNonce => f.write_str("the server requires a fresh nonce in the DPoP proof"),
        }
    }
}

/// Result alias used across the crate.
pub type Result<T> = core::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_messages_name_the_claim() {
        let e = Error::claim_invalid("aud", "unexpected value");
        assert_eq!(e.code(), "ERR_JWT_CLAIM_INVALID");
        assert_eq!(e.claim(), Some("aud"));
        assert_eq!(alloc::format!("{e}"), "\"aud\" claim check failed: unexpected value");
        assert_eq!(Error::JwsSignatureInvalid.code(), "ERR_JWS_SIGNATURE_INVALID");
        assert!(!Error::JwksNoMatchingKey.retriable());
    }
}
