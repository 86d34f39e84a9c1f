// Every error the page can meet, as a sentence for the user (never a stack trace).
import { HttpError, NetworkError, NotSignedInError, OAuthInvalidResponseError, OAuthProtocolError, RefreshError, SubjectMismatchError, TimeoutError } from "edgeauth";

/** A problem the page itself detects (the API cannot be reached). */
export class PageError extends Error {}

const OAUTH = {
  access_denied: "You declined to let the demo app use your account, so you are not signed in.",
  login_required: "You are not signed in at the identity provider any more. Please sign in again.",
  consent_required: "The identity provider needs your consent again. Please sign in again.",
  interaction_required: "The identity provider needs you to sign in again.",
  invalid_grant: "Your session has expired or was ended, so the tokens cannot be refreshed. Please sign in again.",
};

/** One sentence for `e`; `issuer` names the provider. */
export function sentence(e, { issuer } = {}) {
  if (e instanceof PageError) return e.message;
  if (e instanceof NotSignedInError) return "You are not signed in (any more), so nothing was done. Please sign in.";
  if (e instanceof RefreshError && e.cause) return sentence(e.cause, { issuer });
  if (e instanceof OAuthInvalidResponseError && e.check === "state") {
    return "The sign-in answer does not belong to a sign-in this tab started (it was already used, started elsewhere, or its state does not match), so it was refused. Please sign in again.";
  }
  if (e instanceof OAuthInvalidResponseError) return `The identity provider's answer was refused (${e.check ?? "invalid"} check failed). Please sign in again.`;
  if (e instanceof OAuthProtocolError) {
    return OAUTH[e.error] ?? `The identity provider refused the request: ${e.errorDescription ?? e.error}.`;
  }
  if (e instanceof SubjectMismatchError) return "The refreshed tokens belong to another user, so they were refused. Please sign in again.";
  if (e instanceof NetworkError || e instanceof TimeoutError) return `The identity provider at ${issuer} cannot be reached. Is make demo still running?`;
  if (e instanceof HttpError) return `The identity provider answered with HTTP ${e.status}. Please try again.`;
  return `Something went wrong: ${e?.message ?? String(e)}`;
}
