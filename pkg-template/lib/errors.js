// Error classes of edgeauth. Every error the package throws is an
// EdgeAuthError with a stable `code` (see docs/errors.md) and
// `retriable` (whether trying again may succeed). A class with its own
// `static code` is what the core's errors with that code become
// (error-bridge.js); OAuth error subclasses name their `error` value.
//
// Every entry of the package (edgeauth, edgeauth/edge, edgeauth/login)
// imports this one module, so its classes are the same objects whichever
// wasm module threw. The CommonJS build carries a copy (lib/errors.cjs), and
// a bundler may make more: `instanceof` also recognises an error built by
// another copy, by the code (or OAuth `error`) of its class (a brand). A
// subclass that keeps its family's code names itself by `static variant`
// (TokenParseError, TokenExpiredError): its brand is the code and variant.

/** Set on EdgeAuthError (inherited by every subclass), in every copy of this module. */
const FAMILY = Symbol.for("edgeauth.EdgeAuthError");

/** What names an error class across copies: its own `code`, its own OAuth `error` value, or its family's code and its own `variant`. */
function brandOf(cls) {
  if (Object.hasOwn(cls, "oauthError")) return `oauth:${cls.oauthError}`;
  if (Object.hasOwn(cls, "variant")) return `${cls.code}:${cls.variant}`;
  return Object.hasOwn(cls, "code") ? cls.code : undefined;
}

export class EdgeAuthError extends Error {
  static code = "ERR_EDGEAUTH";
  static [FAMILY] = true;

  /**
   * `value instanceof SomeError`: the prototype chain, as usual, or else an
   * error whose chain holds a class of edgeauth with the same brand (from
   * another copy of this module). A subclass of your own without its own
   * `code` is matched by prototype only.
   */
  /**
   * @param {any} value
   * @returns {boolean}
   */
  static [Symbol.hasInstance](value) {
    if (this.prototype.isPrototypeOf(value)) return true;
    // Only errors can be errors of another copy (and most values tested are not errors).
    if (!(value instanceof Error)) return false;
    const brand = brandOf(this);
    if (brand === undefined) return false;
    for (let proto = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
      const cls = Object.hasOwn(proto, "constructor") ? proto.constructor : undefined;
      if (typeof cls === "function" && cls[FAMILY] === true && brandOf(cls) === brand) return true;
    }
    return false;
  }

  /**
   * @param {string} [message]
   * @param {ErrorOptions & Record<string, unknown>} [options] `cause`, and the fields of a subclass
   */
  constructor(message, options) {
    super(message === undefined ? undefined : String(message), options);
    this.name = new.target.name;
    /** The stable code of this error, e.g. `ERR_JWT_EXPIRED` (docs/errors.md). */
    this.code = new.target.code;
    /** Whether trying again may succeed (network errors, timeouts, 429 and 5xx answers). */
    this.retriable = false;
  }
}

/** Malformed compact JWS/JWT: segments, base64url, JSON, size. */
export class JwsInvalidError extends EdgeAuthError { static code = "ERR_JWS_INVALID"; }
/** A token response whose ID token is malformed (not a compact JWS with a JSON payload); code `ERR_JWS_INVALID`. */
export class TokenParseError extends JwsInvalidError { static variant = "id_token"; }
/** The signature did not verify. */
export class JwsSignatureInvalidError extends EdgeAuthError { static code = "ERR_JWS_SIGNATURE_INVALID"; }
/** `alg` is none, outside the allow-list, or does not fit the key. */
export class AlgNotAllowedError extends EdgeAuthError { static code = "ERR_JOSE_ALG_NOT_ALLOWED"; }
/** Well-formed but not implemented (unknown `crit`, ES512, X25519 keys). */
export class NotSupportedError extends EdgeAuthError { static code = "ERR_JOSE_NOT_SUPPORTED"; }
/** A JWK or JWK Set that cannot be used. */
export class JwkInvalidError extends EdgeAuthError { static code = "ERR_JWK_INVALID"; }
/** No key in the JWK Set fits the token's header. */
export class JwksNoMatchingKeyError extends EdgeAuthError { static code = "ERR_JWKS_NO_MATCHING_KEY"; }

/** A claim check failed; `claim` names it (`iss`, `aud`, `sub`, `typ`, `nonce`, ...). */
export class JwtClaimInvalidError extends EdgeAuthError {
  static code = "ERR_JWT_CLAIM_INVALID";
  /**
   * @param {string} [message]
   * @param {ErrorOptions & Record<string, unknown>} [options]
   */
  constructor(message, options) {
    super(message, options);
    /** @type {string} The claim that failed (`exp`, `iat`, `nbf`, `iss`, `aud`, ...). */
    this.claim; // a declaration for the types: the core's details set it
  }
}
/** `exp` passed (or `iat` is older than `maxTokenAge`); `claim` says which. */
export class JwtExpiredError extends JwtClaimInvalidError { static code = "ERR_JWT_EXPIRED"; }
/** `nbf` is in the future. */
export class JwtNotYetValidError extends JwtClaimInvalidError { static code = "ERR_JWT_NOT_YET_VALID"; }

/** Unusable configuration or arguments. */
export class ConfigError extends EdgeAuthError { static code = "ERR_CONFIG"; }

/** A non-success HTTP answer; retriable for 429 and 5xx. */
export class HttpError extends EdgeAuthError {
  static code = "ERR_HTTP";
  /**
   * @param {string} [message]
   * @param {{ status?: number, body?: string }} [options]
   */
  constructor(message, options) {
    super(message);
    const { status, body } = options ?? {};
    /** @type {number} The HTTP status. */
    this.status = /** @type {number} */ (status);
    /** @type {string} The answer's body (text). */
    this.body = /** @type {string} */ (body);
    this.retriable = status === 429 || /** @type {number} */ (status) >= 500;
  }
}
/** The request never got an answer (DNS, connection refused, reset). */
export class NetworkError extends EdgeAuthError {
  static code = "ERR_NETWORK";
  /**
   * @param {string} [message]
   * @param {ErrorOptions & Record<string, unknown>} [options]
   */
  constructor(message, options) {
    super(message, options);
    this.retriable = true;
  }
}
/** No answer within `timeoutMs`. */
export class TimeoutError extends EdgeAuthError {
  static code = "ERR_TIMEOUT";
  /**
   * @param {string} [message]
   * @param {ErrorOptions & Record<string, unknown>} [options]
   */
  constructor(message, options) {
    super(message, options);
    this.retriable = true;
  }
}

/**
 * An OAuth 2.0 error response (RFC 6749 §5.2): `error`, `errorDescription`,
 * `errorUri`, `status` (0 for an error on the authorization callback).
 */
export class OAuthProtocolError extends EdgeAuthError {
  static code = "ERR_OAUTH_RESPONSE";
  /**
   * @param {string} [message]
   * @param {ErrorOptions & Record<string, unknown>} [options]
   */
  constructor(message, options) {
    super(message, options);
    // Declarations for the types; the fields are set from the core's details.
    /** @type {string} The server's `error` value (`invalid_grant`, `access_denied`, ...). */
    this.error;
    /** @type {string | null} The server's `error_description`. */
    this.errorDescription;
    /** @type {string | null} The server's `error_uri`. */
    this.errorUri;
    /** @type {number} The HTTP status; 0 for an error on the authorization callback. */
    this.status;
  }
}
/** `error=login_required` (OIDC Core §3.1.2.6). */
export class LoginRequiredError extends OAuthProtocolError { static oauthError = "login_required"; }
/** `error=consent_required`. */
export class ConsentRequiredError extends OAuthProtocolError { static oauthError = "consent_required"; }
/** `error=interaction_required`. */
export class InteractionRequiredError extends OAuthProtocolError { static oauthError = "interaction_required"; }
/** `error=invalid_grant`: the code, refresh token or credentials are no longer good. */
export class InvalidGrantError extends OAuthProtocolError { static oauthError = "invalid_grant"; }
/** `error=insufficient_scope` (RFC 6750 §3.1): the token lacks a scope the request needs. */
export class InsufficientScopeError extends OAuthProtocolError { static oauthError = "insufficient_scope"; }
/** A provider-specific `error`: the user's session at the provider ended (default `session_expired`; OAuthClient `errorClasses`). */
export class SessionExpiredError extends OAuthProtocolError { static oauthError = "session_expired"; }
/** A provider-specific `error`: the user is blocked or suspended (default `user_blocked`; OAuthClient `errorClasses`). */
export class UserBlockedError extends OAuthProtocolError { static oauthError = "user_blocked"; }
/** A provider-specific `error`: the user must link this login to an existing account first (default `account_linking_required`; OAuthClient `errorClasses`). */
export class AccountLinkingRequiredError extends OAuthProtocolError { static oauthError = "account_linking_required"; }
/** A server answer or callback that breaks the protocol; `check` names what (`state`, `iss`, ...). */
export class OAuthInvalidResponseError extends EdgeAuthError {
  static code = "ERR_OAUTH_INVALID_RESPONSE";
  /**
   * @param {string} [message]
   * @param {ErrorOptions & Record<string, unknown>} [options]
   */
  constructor(message, options) {
    super(message, options);
    /** @type {string} What failed: `state`, `iss`, `issuer`, `code`, `token_type`, `access_token`, `active`, ... */
    this.check; // a declaration for the types: the core's details set it
  }
}
/** An ID token or userinfo answer about another subject than expected. */
export class SubjectMismatchError extends EdgeAuthError { static code = "ERR_OAUTH_SUBJECT_MISMATCH"; }
/** A Session could not refresh its tokens; `cause` is the underlying error. */
export class RefreshError extends EdgeAuthError { static code = "ERR_OAUTH_REFRESH_FAILED"; }
/** The access token expired and the session has no refresh token (sign in again); code `ERR_OAUTH_REFRESH_FAILED`. */
export class TokenExpiredError extends RefreshError { static variant = "expired"; }
/** A BrowserSession holds no tokens: never signed in, signed out in some tab, or the session ended. */
export class NotSignedInError extends EdgeAuthError { static code = "ERR_NOT_SIGNED_IN"; }

/** Introspection (RFC 7662) says the token is not active: unknown, expired or revoked. */
export class TokenInactiveError extends EdgeAuthError { static code = "ERR_TOKEN_INACTIVE"; }
/** A refresh token whose `jti` (or family) is in the revocation store. */
export class TokenRevokedError extends EdgeAuthError { static code = "ERR_TOKEN_REVOKED"; }
/**
 * A refresh token that was already rotated or revoked was presented again:
 * likely stolen. Its whole family is now revoked (RFC 9700 §4.14.2).
 */
export class RefreshTokenReuseError extends EdgeAuthError { static code = "ERR_REFRESH_TOKEN_REUSED"; }

/** A delegation key blob that cannot be used, or a local sealing or signing failure. */
export class DelegationCryptoError extends EdgeAuthError { static code = "ERR_DELEGATION_CRYPTO"; }
/**
 * A delegated request that did not succeed. On the client: a network failure
 * or timeout (`status` 0) or a non-2xx answer (`status`, `body`). On the
 * server: a refused request (`status` 400/401/409, or 500 when the tenant's
 * registered key is unusable; `reason`, and the `body` to answer). Retriable
 * for status 0, 429 and 5xx.
 */
export class DelegationRequestError extends EdgeAuthError {
  static code = "ERR_DELEGATION_REQUEST";
  /**
   * @param {string} [message]
   * @param {{ status?: number, body?: string, reason?: string, cause?: unknown }} [options]
   */
  constructor(message, options) {
    const { status, body, reason, cause } = options ?? {};
    super(message, cause === undefined ? undefined : { cause });
    /** @type {number} HTTP status; 0 when no answer arrived. */
    this.status;
    /** @type {string} The answer's body (client), or the body to answer with (server). */
    this.body;
    if (status !== undefined) Object.assign(this, { status, body });
    /** @type {string | undefined} On the server: why the request was refused (`malformed`, `unknown_tenant`, `tenant_key`, `signature`, `timestamp`, `decrypt`, `body`, `replay`). */
    this.reason;
    if (reason !== undefined) this.reason = reason;
    this.retriable = status === 0 || status === 429 || /** @type {number} */ (status) >= 500;
  }
}
/** A delegated response that cannot be trusted: headers, signature, skew, request binding, decryption. */
export class DelegationResponseError extends EdgeAuthError {
  static code = "ERR_DELEGATION_RESPONSE";
  /**
   * @param {string} [message]
   * @param {ErrorOptions & Record<string, unknown>} [options]
   */
  constructor(message, options) {
    super(message, options);
    /** @type {DelegationResponseReason} Which check failed (docs/delegation.md §3). */
    this.reason; // a declaration for the types: the core's details set it
  }
}
/** @typedef {"malformed" | "binding" | "signature" | "skew" | "decrypt" | "body"} DelegationResponseReason The check of a delegated response that failed (DelegationResponseError `reason`). */

/**
 * A DPoP proof (RFC 9449 §4.3) that was refused; `check` says which check:
 * `missing`, `header` (more than one DPoP header), `size`, `syntax`, `typ`,
 * `alg`, `jwk`, `signature`, `jti`, `htm`, `htu`, `iat`, `ath`, `nonce`, `replay`.
 */
export class DpopProofError extends EdgeAuthError {
  static code = "ERR_DPOP_PROOF_INVALID";
  /**
   * @param {string} [message]
   * @param {ErrorOptions & Record<string, unknown>} [options]
   */
  constructor(message, options) {
    super(message, options);
    /** @type {DpopProofCheck} Which check failed. */
    this.check; // a declaration for the types: the core's details set it
  }
}
/** @typedef {"missing" | "header" | "size" | "syntax" | "typ" | "alg" | "jwk" | "signature" | "jti" | "htm" | "htu" | "iat" | "ath" | "nonce" | "replay"} DpopProofCheck The check of a DPoP proof that failed (DpopProofError `check`). */
/**
 * The access token's DPoP key binding does not hold; `check`: `jkt` (the
 * proof's key is not the token's, or the token is not DPoP-bound), `scheme`
 * (a DPoP-bound token sent as a Bearer token, RFC 9449 §7.2) or `cnf`.
 */
export class DpopBindingError extends EdgeAuthError {
  static code = "ERR_DPOP_BINDING_INVALID";
  /**
   * @param {string} [message]
   * @param {ErrorOptions & Record<string, unknown>} [options]
   */
  constructor(message, options) {
    super(message, options);
    /** @type {"jkt" | "scheme" | "cnf"} Which check failed. */
    this.check; // a declaration for the types: the core's details set it
  }
}
/** The server wants its nonce in the DPoP proof (`use_dpop_nonce`, RFC 9449 §8, §9). */
export class DpopNonceError extends EdgeAuthError { static code = "ERR_DPOP_NONCE_REQUIRED"; }

/** A request the Authenticator refuses: `.status` 400/401/403/502, `.wwwAuthenticate`, `.toResponse()`. */
export class AuthError extends EdgeAuthError {
  static code = "ERR_AUTH";
  /**
   * @param {string} message
   * @param {{ status: 400 | 401 | 403 | 502, code: string, wwwAuthenticate?: string, dpopNonce?: string, cause?: unknown }} options
   */
  constructor(message, options) {
    const { status, code, wwwAuthenticate, dpopNonce, cause } = options ?? {};
    super(message, { cause });
    /** The HTTP status to answer with. */
    this.status = status;
    /** `ERR_AUTH_MISSING_TOKEN`, `ERR_AUTH_INVALID_REQUEST`, `ERR_AUTH_INSUFFICIENT_SCOPE`, `ERR_AUTH_UPSTREAM`, or the token's own code. */
    this.code = code;
    /** The `WWW-Authenticate` challenge (RFC 6750 §3) for 400, 401 and 403. */
    this.wwwAuthenticate = wwwAuthenticate;
    /** @type {string | undefined} The nonce to send as `DPoP-Nonce` (RFC 9449 §9), with `use_dpop_nonce`. */
    this.dpopNonce;
    if (dpopNonce !== undefined) this.dpopNonce = dpopNonce;
    this.retriable = status === 502;
  }

  /** A JSON answer with the status and, for 400/401/403, the challenge header (and `DPoP-Nonce`). */
  /** @returns {Response} */
  toResponse() {
    /** @type {Record<string, string>} */
    const headers = { "content-type": "application/json", "cache-control": "no-store" };
    if (this.wwwAuthenticate) headers["www-authenticate"] = this.wwwAuthenticate;
    if (this.dpopNonce) headers["dpop-nonce"] = this.dpopNonce;
    return new Response(JSON.stringify({ error: this.code, message: this.message }), { status: this.status, headers });
  }
}
