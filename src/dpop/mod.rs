//! DPoP: OAuth 2.0 Demonstrating Proof of Possession (RFC 9449), both sides.
//!
//! A DPoP proof is a JWT the client signs with its own key for one HTTP
//! request (method and URI), optionally carrying the hash of the access
//! token it accompanies and a server-provided nonce. Authorization servers
//! bind tokens to the key's RFC 7638 thumbprint (`cnf.jkt`); resource
//! servers check the proof and the binding on every request.
//!
//! | file | implements |
//! |---|---|
//! | `proof` | checking a proof (§4.3, items 1–12): `typ` (§4.2, §11.5), asymmetric `alg` allow-list (§4.2, §11.6), a public `jwk` (§4.2, §4.3 item 7), the signature through the JOSE split (host WebCrypto, see [`crate::jose::HostCheck`]), `htm`, `htu`, `iat` window (§11.1), `ath` (§4.2, §7), `nonce` (§4.3 item 10, §11.3), the key binding (§6, §7.1), the replay key of `jti` (§11.1) |
//! | `htu` | the `htu` comparison (§4.3 item 9: without query and fragment; RFC 3986 §6.2.2 and §6.2.3 normalization) |
//! | `client` | building a proof for the client to sign (§4.2), `ath` (§4.2) |
//! | `nonce` | server nonces (§8, §9), their syntax (§8.1), reading `use_dpop_nonce` answers (§8: 400 + JSON; §9: 401 + `WWW-Authenticate`) |
//! | `scheme` | `Authorization: DPoP` credentials (§7.1), `WWW-Authenticate: DPoP` challenges with `algs` (§7.1), the token's confirmation (`cnf.jkt`, §6.1; introspection, §6.2) and the Bearer downgrade refusal (§7.2) |
//!
//! The core never reads a clock: `now` comes in. Signatures are checked
//! like `verifyJwt`'s: in the core for Ed25519 where the host lacks it (and
//! every algorithm natively), otherwise by the host's WebCrypto.

pub mod client;
pub mod htu;
pub mod nonce;
pub mod proof;
pub mod scheme;

use crate::jose::alg::Alg;

/// The `typ` of a DPoP proof (§4.2).
pub const TYP: &str = "dpop+jwt";

/// The asymmetric algorithms edgeauth verifies: the default allow-list.
pub const ASYMMETRIC: [Alg; 9] = [Alg::ES256, Alg::ES384, Alg::EdDSA, Alg::PS256, Alg::PS384, Alg::PS512, Alg::RS256, Alg::RS384, Alg::RS512];

/// base64url SHA-256 of the ASCII access token: the `ath` claim (§4.2).
pub fn ath(access_token: &str) -> alloc::string::String {
    use sha2::{Digest, Sha256};
    crate::b64::encode(&Sha256::digest(access_token.as_bytes()))
}
