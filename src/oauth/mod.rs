//! The OAuth 2.0 / OpenID Connect client, sans-IO (the oauth2-rs shape):
//! every request is a plain [`http::HttpRequest`] built by a pure function,
//! every answer a plain [`http::HttpResponse`] read by a pure parser. The host
//! performs the fetch; time (`now`) and randomness (state, nonce, PKCE, `jti`
//! through [`crate::random`]) come in from outside this module's callers.
//!
//! | file | implements |
//! |---|---|
//! | `http` | the two values, form encoding (RFC 6749 Appendix B), error responses (RFC 6749 §5.2, RFC 6750 §3) |
//! | `metadata` | discovery (OIDC Discovery §4, RFC 8414 §3), exact issuer match (§3.3 / §4.3) |
//! | `client` | client configuration and authentication (RFC 6749 §2.3.1, RFC 7523 §2.2 and §3) |
//! | `authorize` | authorization URL with PKCE (RFC 7636), PAR (RFC 9126), callback and RFC 9207 `iss` |
//! | `token` | grants (RFC 6749 §4.1.3, §4.4, §6; RFC 8693), token responses (RFC 6749 §5.1) |
//! | `id_token` | ID token validation (OIDC Core §3.1.3.7, §3.1.3.6 `at_hash`, §12.2) |
//! | `introspect`, `revoke` | RFC 7662, RFC 7009 |
//! | `userinfo` | OIDC Core §5.3 |
//! | `register` | dynamic client registration (RFC 7591 §2, §3) |
//! | `resource` | protected resource metadata (RFC 9728), both sides |
//! | `logout` | RP-initiated logout URL (OIDC RP-Initiated Logout §2) |
//! | `retry` | which failures are retried, backoff, `Retry-After` (RFC 9110 §10.2.3) |

pub mod authorize;
pub mod client;
pub mod http;
pub mod id_token;
pub mod introspect;
pub mod logout;
pub mod metadata;
pub mod register;
pub mod resource;
pub mod retry;
pub mod revoke;
pub mod token;
pub mod userinfo;
