// The demo page: PKCE sign-in with the package's browser entry; one sign-in
// shared by the page's tabs, tokens only in memory and one refresh for all
// tabs (BrowserSession); calls to the Worker API.
import { BrowserSession, decodeJwt, OAuthClient } from "edgeauth";
import { PageError, sentence } from "./messages.js";

/** Refresh this many seconds before the access token expires. */
const REFRESH_BEFORE = 30;

const $ = (id) => document.getElementById(id);
const config = await (await fetch("/config.json")).json();
let session;

function show(status, error) {
  $("status").textContent = status;
  $("error").hidden = !error;
  $("error").textContent = error ?? "";
}

/** Show `e` as a sentence; the status line stays unless it still says work is under way. */
function fail(e) {
  console.warn(e);
  const status = $("status").textContent;
  const signedIn = Boolean(session?.tokens);
  const settled = signedIn ? status.startsWith("Signed in") : status.startsWith("Not signed in");
  show(settled ? status : signedIn ? "Signed in." : "Not signed in.", sentence(e, config));
}

const WHY = { "signed-out": "signed out", ended: "the session ended" };

/** BrowserSession's onChange: the tokens (or null) and where they came from. */
function render(tokens, { from, reason } = {}) {
  $("signed-in").hidden = !tokens;
  $("signed-out").hidden = Boolean(tokens);
  if (!tokens) {
    const why = reason === "signed-out" && from === "this tab" ? "you signed out" : WHY[reason];
    show(why ? `Not signed in (${why}${from === "another tab" ? " in another tab" : ""}).` : "Not signed in.");
    return;
  }
  const claims = tokens.claims ?? {};
  show(`Signed in as ${claims.name ?? claims.sub}.`);
  const body = $("claims").tBodies[0];
  body.replaceChildren(...Object.entries(claims).map(([k, v]) => row([k, typeof v === "object" ? JSON.stringify(v) : String(v)])));
  $("scope").textContent = tokens.scope ?? "";
  $("jti").textContent = decodeJwt(tokens.accessToken).jti ?? "(none)";
  $("origin").textContent = `${new Date().toLocaleTimeString()} by ${from}${reason === "refreshed" ? " (refresh)" : ""}`;
  tick();
}

function row(cells) {
  const tr = document.createElement("tr");
  for (const c of cells) tr.appendChild(document.createElement("td")).textContent = c;
  return tr;
}

/** The countdown (the session refreshes by itself REFRESH_BEFORE seconds before expiry). */
function tick() {
  const left = session?.expiresIn;
  if (!session?.tokens) return;
  $("expires").textContent = left === undefined ? "unknown" : `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")} (at ${new Date(session.expiresAt * 1000).toLocaleTimeString()})`;
}
setInterval(tick, 1000);

const API_CALLS = [["api-me", "/api/me"], ["api-admin", "/api/admin"]];

async function callApi() {
  for (const [id] of API_CALLS) {
    $(id).querySelector(".status").textContent = "…";
    $(id).querySelector(".body").textContent = "";
  }
  for (const [id, path] of API_CALLS) {
    const cells = $(id);
    const accessToken = await session.accessToken(); // refreshed first when it expires soon
    const response = await fetch(config.api + path, { headers: { authorization: `Bearer ${accessToken}` } }).catch(() => {
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
  show("Signing out…");
  await session.signOut({ postLogoutRedirectUri: config.postLogoutRedirectUri });
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
  button("sign-in", () => session.signIn());
  button("refresh", () => session.refresh());
  button("call-api", callApi);
  button("sign-out", signOut);
  let client;
  try {
    client = await OAuthClient.discover(config.issuer, { clientId: config.clientId, redirectUri: config.redirectUri });
  } catch (e) {
    $("sign-in").disabled = true;
    return fail(e);
  }
  session = new BrowserSession(client, {
    name: "edgeauth-demo",
    scope: config.scope,
    authorizationParams: { resource: config.audience },
    refreshBufferSeconds: REFRESH_BEFORE,
    onChange: render,
    onRefreshError: fail,
  });
  if (new URLSearchParams(location.search).has("signed-out")) {
    history.replaceState(null, "", "/");
    return render(null, { from: "this tab", reason: "signed-out" });
  }
  show("Looking for another open tab of this app, then for the identity provider's session…");
  // A sign-in answer, another tab's tokens, or one prompt=none redirect.
  if (!(await session.start())) render(null);
}

start().catch(fail);
