// The page tests/js/browser-session.test.mjs drives: one BrowserSession per
// tab, with what the test reads and does on `window.test`. Tokens are named
// by their last 16 characters (`id`), never shown whole.
import { BrowserSession, OAuthClient } from "edgeauth";

const config = await (await fetch("/config.json")).json();
const id = (tokens) => (tokens ? tokens.accessToken.slice(-16) : null);
const client = await OAuthClient.discover(config.issuer, { clientId: config.clientId, redirectUri: config.redirectUri });

const test = {
  /** Every onChange: { token, from, reason }, and failed automatic refreshes: { error }. */
  log: [],
  /** What this tab's refresh() calls resolved to (a token id) or rejected with ("error CODE"). */
  results: [],
  ready: false,
  startError: null,
  token: () => id(session.tokens),
  /** refresh() in this tab and, through the test's own channel, in every other tab at the same moment. */
  refreshEverywhere() {
    go.postMessage("refresh");
    refreshHere();
  },
  signOut: () => session.signOut({ endSession: false }),
  accessToken: () => session.accessToken().then((token) => token.slice(-16), (e) => `error ${e.code}`),
};
window.test = test;

const session = new BrowserSession(client, {
  name: "session-test",
  scope: "openid profile",
  onChange: (tokens, change) => test.log.push({ token: id(tokens), ...change }),
  onRefreshError: (e) => test.log.push({ error: e.code }),
});
const go = new BroadcastChannel("session-test-go");
go.onmessage = () => refreshHere();
function refreshHere() {
  session.refresh().then((t) => test.results.push(id(t)), (e) => test.results.push(`error ${e.code}`));
}

document.getElementById("sign-in").onclick = () => session.signIn();
session.start().then(
  (tokens) => {
    test.ready = true;
    document.getElementById("state").textContent = tokens ? "signed in" : "signed out";
    document.getElementById("sign-in").hidden = Boolean(tokens);
  },
  (e) => {
    test.ready = true;
    test.startError = e.code;
    document.getElementById("state").textContent = `error ${e.code}`;
  },
);
