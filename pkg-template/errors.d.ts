// Types of edgeauth/errors: the error classes every entry shares.
export {
  EdgeAuthError, JwsInvalidError, JwsSignatureInvalidError, AlgNotAllowedError, NotSupportedError, JwkInvalidError,
  JwksNoMatchingKeyError, JwtClaimInvalidError, JwtExpiredError, JwtNotYetValidError, ConfigError, HttpError,
  NetworkError, TimeoutError, AuthError, TokenRevokedError, TokenInactiveError, RefreshTokenReuseError,
  OAuthProtocolError, LoginRequiredError, ConsentRequiredError, InteractionRequiredError, InvalidGrantError,
  OAuthInvalidResponseError, SubjectMismatchError, RefreshError, DelegationCryptoError, DelegationRequestError,
  DelegationResponseError, DpopProofError, DpopBindingError, DpopNonceError, NotSignedInError,
} from "./index.js";
