// OAuthZones against two real oidc-providers (tests/provider/), "production"
// and "staging": one configuration, one client per zone discovered on first
// use (concurrent first calls share one discovery), client credentials
// authorization headers per zone kept until near expiry. Every request the
// zones send goes through a counting fetch.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, OAuthClient, OAuthZones, createRemoteJwks, generateDpopKey, verifyJwt } from "edgeauth";
import { API, startProvider } from "../provider/provider.mjs";

let production;
let staging;
before(async () => {
  production = await startProvider();
  staging = await startProvider({ clientCredentialsTtl: 30 }); // inside the 60 s buffer: never kept
});
after(() => Promise.all([production.close(), staging.close()]));

/** A fetch that counts requests by origin and path. */
function countingFetch() {
  const seen = [];
  const fetchImpl = (url, init) => (seen.push(new URL(url).origin + new URL(url).pathname), fetch(url, init));
  return { fetch: fetchImpl, count: (url) => seen.filter((s) => s === url).length, seen };
}

const basic = (op) => ({ issuer: op.issuer, clientId: "basic-client", clientSecret: op.clients["basic-client"].client_secret });
const discovery = (op) => `${op.issuer}/.well-known/openid-configuration`;

test("names, has, unknown zones", async () => {
  const zones = new OAuthZones({ production: basic(production), staging: basic(staging) });
  assert.deepEqual(zones.names(), ["production", "staging"]);
  assert.deepEqual([zones.has("staging"), zones.has("dev"), zones.has(1)], [true, false, false]);
  const namesBoth = (e) => e instanceof ConfigError && /"dev"/.test(e.message) && /"production", "staging"/.test(e.message);
  await assert.rejects(zones.client("dev"), namesBoth);
  await assert.rejects(zones.authorizationHeaders("dev", { scope: "read" }), namesBoth);
  await assert.rejects(zones.client(42), ConfigError);
});

test("each zone's client is discovered once, on first use, and kept", async () => {
  const counter = countingFetch();
  const zones = new OAuthZones({ production: { ...basic(production), redirectUri: "https://app.test/callback" }, staging: basic(staging) }, { fetch: counter.fetch, timeoutMs: 3000 });
  assert.equal(counter.seen.length, 0, "nothing is fetched before a zone is used");
  const [a, b, c] = await Promise.all([zones.client("production"), zones.client("production"), zones.client("production")]);
  assert.ok(a instanceof OAuthClient && a === b && b === c, "concurrent first calls share one client");
  assert.equal(counter.count(discovery(production)), 1, "one discovery");
  assert.equal(await zones.client("production"), a);
  assert.equal(counter.count(discovery(staging)), 0, "staging not yet used");
  const s = await zones.client("staging");
  assert.notEqual(s, a);
  assert.deepEqual([a.metadata.issuer, s.metadata.issuer], [production.issuer, staging.issuer]);
  assert.equal(new URL((await a.authorizationUrl()).url).searchParams.get("redirect_uri"), "https://app.test/callback", "the zone's own options over the shared ones");
});

test("authorization headers: the zone's client credentials token, kept until a minute before expiry, per scope", async () => {
  const counter = countingFetch();
  const zones = new OAuthZones({ production: basic(production), staging: basic(staging) }, { fetch: counter.fetch, resource: API });
  const [h1, h2, h3] = await Promise.all([1, 2, 3].map(() => zones.authorizationHeaders("production", { scope: "read" })));
  assert.deepEqual(Object.keys(h1), ["authorization"]);
  assert.match(h1.authorization, /^Bearer [\w.-]+$/);
  assert.ok(h1.authorization === h2.authorization && h2.authorization === h3.authorization);
  assert.equal(counter.count(`${production.issuer}/token`), 1, "concurrent calls share one token request");
  assert.deepEqual(await zones.authorizationHeaders("production", { scope: "read" }), h1, "kept");
  assert.equal(counter.count(`${production.issuer}/token`), 1);
  const token = h1.authorization.slice("Bearer ".length);
  const { payload } = await verifyJwt(token, createRemoteJwks(`${production.issuer}/jwks`), { issuer: production.issuer, audience: API });
  assert.deepEqual([payload.client_id, payload.scope], ["basic-client", "read"]);

  const wider = await zones.authorizationHeaders("production", { scope: "read write" });
  assert.notEqual(wider.authorization, h1.authorization, "another scope, another token");
  assert.equal(counter.count(`${production.issuer}/token`), 2);

  const s1 = await zones.authorizationHeaders("staging", { scope: "read" });
  const s2 = await zones.authorizationHeaders("staging", { scope: "read" });
  assert.equal(counter.count(`${staging.issuer}/token`), 2, "a 30 s token is inside the buffer: asked for each time");
  assert.notEqual(s1.authorization, s2.authorization);
  const staged = await verifyJwt(s1.authorization.slice(7), createRemoteJwks(`${staging.issuer}/jwks`), { issuer: staging.issuer, audience: API });
  assert.equal(staged.payload.iss, staging.issuer, "each zone's token comes from its own issuer");
});

test("a failed discovery is not kept; a refused token request is the server's error", async () => {
  const dead = await startProvider();
  const issuer = dead.issuer;
  await dead.close();
  const counter = countingFetch();
  const zones = new OAuthZones({ gone: { issuer, clientId: "basic-client", clientSecret: "x" }, wrong: { ...basic(production), clientSecret: "wrong-secret-0123456789" } }, { fetch: counter.fetch, maxRetries: 0 });
  await assert.rejects(zones.client("gone"), { code: "ERR_NETWORK" });
  await assert.rejects(zones.client("gone"), { code: "ERR_NETWORK" });
  assert.equal(counter.count(`${issuer}/.well-known/openid-configuration`), 2, "tried again");
  await assert.rejects(zones.authorizationHeaders("wrong"), { code: "ERR_OAUTH_RESPONSE", error: "invalid_client" });
  await assert.rejects(zones.authorizationHeaders("wrong"), { code: "ERR_OAUTH_RESPONSE", error: "invalid_client" });
  assert.equal(counter.count(`${production.issuer}/token`), 2, "a refusal is not kept either");
});

test("a DPoP zone has no fixed authorization header", async () => {
  const zones = new OAuthZones({ production: { ...basic(production), dpop: await generateDpopKey() } });
  await assert.rejects(zones.authorizationHeaders("production"), { code: "ERR_CONFIG", message: /DPoP/ });
  assert.ok((await zones.client("production")).dpopKey, "the client itself is there, for fetchProtected");
});

test("unusable configurations", () => {
  const refused = [
    [undefined],
    [{}],
    [[]],
    ["production"],
    [{ production: "https://op.example" }],
    [{ production: { clientId: "x" } }],
    [{ production: { issuer: 42, clientId: "x" } }],
    [{ production: { issuer: "http://op.example", clientId: "x" } }],
    [{ production: { issuer: "https://op.example", clientID: "x" } }],
    [{ production: { issuer: "https://op.example" } }, { bogus: true }],
    [{ production: { issuer: "https://op.example" } }, "shared"],
  ];
  for (const args of refused) assert.throws(() => new OAuthZones(...args), ConfigError, JSON.stringify(args));
  const shared = new OAuthZones({ a: { clientId: "x" }, b: { clientId: "y" } }, { issuer: "https://op.example" });
  assert.deepEqual(shared.names(), ["a", "b"], "an issuer may be shared");
});
