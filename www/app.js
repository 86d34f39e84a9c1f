// The demo page: PKCE sign-in with the package's login entry (edgeauth/login), tokens kept
// in memory and shared between tabs (tabs.js), calls to the Worker API.
import { decodeJwt, LoginRequiredError, ConsentRequiredError, InteractionRequiredError, OAuthClient } from "edgeauth/login";
import { PageError, sentence } from "./messages.js";
import { TabSync } from "./tabs.js";

/** sessionStorage key of the sign-in in flight: { state, nonce, codeVerifier, silent }. */
const PENDING = "edgeauth-demo:pending";
/** sessionStorage key set once this tab tried a silent sign-in (prompt=none). */
const TRIED_SILENT = "edgeauth-demo:tried-silent";
/** Refresh this many seconds before the access token expires. */
const REFRESH_BEFORE = 30;

const $ = (id) => document.getElementById(id);
const config = await (await fetch("/config.json")).json();
let client;
let sync;

function show(status, error) {
  $("status").textContent = status;
  $("error").hidden = !error;
  $("error").textContent = error ?? "";
}

/** Show `e` as a sentence; the status line stays unless it still says work is under way. */
function fail(e) {
  console.warn(e);
  const status = $("status").textContent;
  const settled = sync?.tokens ? status.startsWith("Signed in") : status.startsWith("Not signed in");
  show(settled ? status : sync?.tokens ? "Signed in." : "Not signed in.", sentence(e, config));
}

function render(tokens, { from, reason } = {}) {
  $("signed-in").hidden = !tokens;
  $("signed-out").hidden = Boolean(tokens);
  if (!tokens) {
    show(reason ? `Not signed in (${reason}${from === "another tab" ? " in another tab" : ""}).` : "Not signed in.");
    return;
  }
  const claims = tokens.claims ?? {};
  show(`Signed in as ${claims.name ?? claims.sub}.`);
  const body = $("claims").tBodies[0];
  body.replaceChildren(...Object.entries(claims).map(([k, v]) => row([k, typeof v === "object" ? JSON.stringify(v) : String(v)])));
  $("scope").textContent = tokens.scope ?? "";
  $("jti").textContent = decodeJwt(tokens.accessToken).jti ?? "(none)";
  $("origin").textContent = `${new Date().toLocaleTimeString()} by ${from}`;
  tick();
}

function row(cells) {
  const tr = document.createElement("tr");
  for (const c of cells) tr.appendChild(document.createElement("td")).textContent = c;
  return tr;
}

/** The countdown; also starts the coordinated refresh shortly before expiry (once per token version). */
let refreshing = null;
let autoRefreshed = -1;
function tick() {
  const tokens = sync?.tokens;
  if (!tokens) return;
  const left = tokens.expiresIn;
  $("expires").textContent = left === undefined ? "unknown" : `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")} (at ${new Date(tokens.expiresAt * 1000).toLocaleTimeString()})`;
  if (left !== undefined && left <= REFRESH_BEFORE && !refreshing && autoRefreshed !== sync.version) {
    autoRefreshed = sync.version; // a failure is shown once, not retried every second
    refresh();
  }
}
setInterval(tick, 1000);

async function refresh() {
  refreshing ??= sync.refresh().catch(fail).finally(() => (refreshing = null));
  return refreshing;
}

async function signIn({ silent = false } = {}) {
  const extraParams = { resource: config.audience, ...(silent ? { prompt: "none" } : {}) };
  const { url, state, nonce, codeVerifier } = await client.authorizationUrl({ scope: config.scope, extraParams });
  sessionStorage.setItem(PENDING, JSON.stringify({ state, nonce, codeVerifier, silent }));
  location.assign(url);
}

/** The provider sent the browser back here with ?code=… or ?error=…. */
async function callback() {
  const url = location.href;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? "null");
  sessionStorage.removeItem(PENDING); // one use, whatever happens next
  history.replaceState(null, "", "/");
  if (!pending) throw new PageError("This sign-in answer does not belong to a sign-in started in this tab (it was already used, or started elsewhere). Please sign in again.");
  try {
    sync.set(await client.handleCallback(url, pending));
    sessionStorage.removeItem(TRIED_SILENT); // a reload may look for the provider's session again
  } catch (e) {
    const quiet = pending.silent && (e instanceof LoginRequiredError || e instanceof ConsentRequiredError || e instanceof InteractionRequiredError);
    if (!quiet) throw e;
    render(null);
  }
}

const API_CALLS = [["api-me", "/api/me"], ["api-admin", "/api/admin"]];

async function callApi() {
  for (const [id] of API_CALLS) {
    $(id).querySelector(".status").textContent = "…";
    $(id).querySelector(".body").textContent = "";
  }
  for (const [id, path] of API_CALLS) {
    const cells = $(id);
    if (sync.tokens.isExpired(REFRESH_BEFORE)) await refresh();
    if (!sync.tokens) throw new PageError("You are not signed in any more, so the API was not called.");
    const response = await fetch(config.api + path, { headers: { authorization: `Bearer ${sync.tokens.accessToken}` } }).catch(() => {
      throw new PageError(`The API at ${config.api} cannot be reached. Is make demo still running?`);
    });
    const status = cells.querySelector(".status");
    status.textContent = String(response.status);
    status.dataset.outcome = response.ok ? "ok" : "denied";
    const why = response.headers.get("www-authenticate");
    cells.querySelector(".body").textContent = (await response.text()) + (why ? `\nWWW-Authenticate: ${why}` : "");
  }
}

async function signOut() {
  const tokens = sync.tokens;
  sync.signOut();
  show("Signing out…");
  if (tokens.refreshToken) await client.revoke(tokens.refreshToken, { tokenTypeHint: "refresh_token" });
  location.assign(client.endSessionUrl({ idTokenHint: tokens.idToken, postLogoutRedirectUri: config.postLogoutRedirectUri }));
}

function button(id, action) {
  $(id).addEventListener("click", async () => {
    $(id).disabled = true;
    try {
      show($("status").textContent);
      await action();
    } catch (e) {
      fail(e);
    } finally {
      $(id).disabled = false;
    }
  });
}

async function start() {
  $("users").tBodies[0].replaceChildren(...config.users.map((u) => row([u.username, u.password, u.scopes.join(" ")])));
  $("urls").textContent = `page ${location.origin} · identity provider ${config.issuer} · API ${config.api} (workerd)`;
  button("sign-in", () => signIn());
  button("refresh", refresh);
  button("call-api", callApi);
  button("sign-out", signOut);
  try {
    client = await OAuthClient.discover(config.issuer, { clientId: config.clientId, redirectUri: config.redirectUri });
  } catch (e) {
    $("sign-in").disabled = true;
    return fail(e);
  }
  sync = new TabSync(client, render);
  const params = new URLSearchParams(location.search);
  if (params.has("code") || params.has("error")) return callback();
  if (params.has("signed-out")) {
    history.replaceState(null, "", "/");
    render(null, { reason: "you signed out" });
    return;
  }
  show("Looking for another open tab of this app…");
  if (await sync.join()) return;
  // No live tab to share with: try once, silently, the provider's session.
  if (!sessionStorage.getItem(TRIED_SILENT)) {
    sessionStorage.setItem(TRIED_SILENT, "1");
    show("Checking the identity provider's session…");
    return signIn({ silent: true });
  }
  render(null);
}

start().catch(fail);
