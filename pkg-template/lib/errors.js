// Error classes of edgeauth. Every error the package throws is an
// EdgeAuthError with a stable `code` (see README "Error codes") and
// `retriable` (whether trying again may succeed). A class with its own
// `static code` is what the core's errors with that code become
// (error-bridge.js); OAuth error subclasses name their `error` value.

export class EdgeAuthError extends Error {
  static code = "ERR_EDGEAUTH";
  constructor(message, options) {
    super(message === undefined ? undefined : String(message), options);
    this.name = new.target.name;
    this.code = new.target.code;
    this.retriable = false;
  }
}

/** Malformed compact JWS/JWT: segments, base64url, JSON, size. */
export class JwsInvalidError extends EdgeAuthError { static code = "ERR_JWS_INVALID"; }
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
export class JwtClaimInvalidError extends EdgeAuthError { static code = "ERR_JWT_CLAIM_INVALID"; }
/** `exp` passed (or `iat` is older than `maxTokenAge`); `claim` says which. */
export class JwtExpiredError extends JwtClaimInvalidError { static code = "ERR_JWT_EXPIRED"; }
/** `nbf` is in the future. */
export class JwtNotYetValidError extends JwtClaimInvalidError { static code = "ERR_JWT_NOT_YET_VALID"; }

/** Unusable configuration or arguments. */
export class ConfigError extends EdgeAuthError { static code = "ERR_CONFIG"; }

/** A non-success HTTP answer; retriable for 429 and 5xx. */
export class HttpError extends EdgeAuthError {
  static code = "ERR_HTTP";
  constructor(message, options) {
    super(message);
    const { status, body } = options ?? {};
    this.status = status;
    this.body = body;
    this.retriable = status === 429 || status >= 500;
  }
}
/** The request never got an answer (DNS, connection refused, reset). */
export class NetworkError extends EdgeAuthError {
  static code = "ERR_NETWORK";
  constructor(message, options) {
    super(message, options);
    this.retriable = true;
  }
}
/** No answer within `timeoutMs`. */
export class TimeoutError extends EdgeAuthError {
  static code = "ERR_TIMEOUT";
  constructor(message, options) {
    super(message, options);
    this.retriable = true;
  }
}

/**
 * An OAuth 2.0 error response (RFC 6749 §5.2): `error`, `errorDescription`,
 * `errorUri`, `status` (0 for an error on the authorization callback).
 */
export class OAuthProtocolError extends EdgeAuthError { static code = "ERR_OAUTH_RESPONSE"; }
/** `error=login_required` (OIDC Core §3.1.2.6). */
export class LoginRequiredError extends OAuthProtocolError { static oauthError = "login_required"; }
/** `error=consent_required`. */
export class ConsentRequiredError extends OAuthProtocolError { static oauthError = "consent_required"; }
/** `error=interaction_required`. */
export class InteractionRequiredError extends OAuthProtocolError { static oauthError = "interaction_required"; }
/** `error=invalid_grant`: the code, refresh token or credentials are no longer good. */
export class InvalidGrantError extends OAuthProtocolError { static oauthError = "invalid_grant"; }
/** A server answer or callback that breaks the protocol; `check` names what (`state`, `iss`, ...). */
export class OAuthInvalidResponseError extends EdgeAuthError { static code = "ERR_OAUTH_INVALID_RESPONSE"; }
/** An ID token or userinfo answer about another subject than expected. */
export class SubjectMismatchError extends EdgeAuthError { static code = "ERR_OAUTH_SUBJECT_MISMATCH"; }
/** A Session could not refresh its tokens; `cause` is the underlying error. */
export class RefreshError extends EdgeAuthError { static code = "ERR_OAUTH_REFRESH_FAILED"; }
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
 * server: a refused request (`status` 400/401/409, `reason`, and the `body`
 * to answer). Retriable for status 0, 429 and 5xx.
 */
export class DelegationRequestError extends EdgeAuthError {
  static code = "ERR_DELEGATION_REQUEST";
  constructor(message, options) {
    const { status, body, reason, cause } = options ?? {};
    super(message, cause === undefined ? undefined : { cause });
    if (status !== undefined) Object.assign(this, { status, body });
    if (reason !== undefined) this.reason = reason;
    this.retriable = status === 0 || status === 429 || status >= 500;
  }
}
/** A delegated response that cannot be trusted: headers, signature, skew, request binding, decryption. */
export class DelegationResponseError extends EdgeAuthError { static code = "ERR_DELEGATION_RESPONSE"; }
