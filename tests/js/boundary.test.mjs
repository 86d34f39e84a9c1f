// No panic crosses the wasm boundary (issue 8): every export of every entry
// (edgeauth, edgeauth/edge, edgeauth/login) — functions, classes, their
// static methods and the methods of real instances — is called with hostile
// values. Each call must return (or resolve) normally or throw (or reject
// with) an EdgeAuthError carrying a code: never a `RuntimeError:
// unreachable` (a wasm panic is a trap that poisons the module), never a
// bare TypeError. Afterwards each module still verifies a token.
//
// The generated glue trusts its callers (a number where Rust takes `&str`
// traps), so the package's own code checks every value it hands to wasm
// (lib/args.js); the sweep above proves no value gets through unchecked.
// The raw glue of each module then gets what lib/ may pass unfiltered,
// hostile text and bytes in every position, and must never trap.
//
// The OAuth client, RemoteJwks and DelegationClient talk to a real HTTP
// server on 127.0.0.1. KvRevocationStore, RedisRevocationStore and
// KvReplayStore get a Map-backed object with the methods each calls (no KV or
// Redis here; only argument handling is tested), BrowserSession a Map-backed
// storage and a lock manager that grants at once (its browser behaviour is
// tested in browsers: browser-session.test.mjs); the Durable Object stores a
// namespace whose stub runs a real EdgeAuthDurableObject over a Map.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import * as full from "edgeauth";
import * as edge from "edgeauth/edge";
import * as login from "edgeauth/login";
import { EdgeAuthError } from "edgeauth/errors";

const ENTRIES = { edgeauth: full, "edgeauth/edge": edge, "edgeauth/login": login };
const pkg = new URL("../../node_modules/edgeauth/", import.meta.url);
const GLUES = ["edgeauth", "edgeauth_edge", "edgeauth_login"];

const TEN_MB = 10 * 1024 * 1024;
const nested = (depth) => {
  let v = {};
  for (let i = 0; i < depth; i++) v = { a: [v] };
  return v;
};
const HOSTILE = {
  undefined: undefined,
  null: null,
  zero: 0,
  negative: -1,
  NaN: NaN,
  Infinity: Infinity,
  "2^53": 2 ** 53,
  true: true,
  BigInt: 10n,
  Symbol: Symbol("s"),
  "empty string": "",
  "NUL string": "\0",
  "lone surrogate": "\ud800",
  "10 MB string": "a".repeat(TEN_MB),
  "10 MB token": `eyJhbGciOiJIUzI1NiJ9.${"A".repeat(TEN_MB)}.sig`,
  "nested JSON text": "[".repeat(100_000) + "]".repeat(100_000),
  "nested object": nested(2000),
  "empty object": {},
  array: [1, "x", null],
  "keys: string": { keys: "x", kty: 1, alg: {}, sub: [] },
  function: () => {},
  bytes: new Uint8Array(3),
  Date: new Date(NaN),
  Promise: Promise.resolve(1),
};

// A loopback OAuth server: discovery, a JWKS, and 400 invalid_request for everything else.
const server = createServer((req, res) => {
  const base = `http://127.0.0.1:${server.address().port}`;
  res.setHeader("content-type", "application/json");
  // No kept-alive sockets: the sweeps pause longer than the server's
  // keep-alive timeout, and a client reusing a socket as it closes fails.
  res.setHeader("connection", "close");
  if (req.url === "/.well-known/openid-configuration") {
    const e = (p) => `${base}/${p}`;
    return res.end(JSON.stringify({ issuer: base, authorization_endpoint: e("auth"), token_endpoint: e("token"), introspection_endpoint: e("introspect"), revocation_endpoint: e("revoke"), userinfo_endpoint: e("userinfo"), registration_endpoint: e("register"), pushed_authorization_request_endpoint: e("par"), end_session_endpoint: e("logout"), jwks_uri: e("jwks") }));
  }
  if (req.url === "/jwks") return res.end(JSON.stringify({ keys: [{ kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" }] }));
  res.statusCode = 400;
  res.end(JSON.stringify({ error: "invalid_request" }));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;
after(() => server.close());

const SECRET = new TextEncoder().encode("0123456789abcdef0123456789abcdef");
const mapStore = () => {
  const m = new Map();
  return { get: async (k) => m.get(k) ?? null, put: async (k, v) => void m.set(k, v), set: async (k, v) => void m.set(k, v), exists: async (k) => (m.has(k) ? 1 : 0) };
};

const mapStorage = () => {
  const m = new Map();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, String(v)), removeItem: (k) => void m.delete(k) };
};
const objectStorage = () => {
  const m = new Map();
  return { get: async (k) => m.get(k), put: async (k, v) => void m.set(k, v), list: async () => new Map(m), delete: async (keys) => keys.forEach((k) => m.delete(k)) };
};

/** A real instance of every class `ea` exports that has instance methods. */
async function instances(ea) {
  const durableObject = ea.EdgeAuthDurableObject && new ea.EdgeAuthDurableObject({ storage: objectStorage() });
  const namespace = { idFromName: (name) => name, get: () => ({ fetch: (url, init) => durableObject.fetch(new Request(url, init)) }) };
  const tokens = () => new ea.TokenSet({ accessToken: "at", expiresAt: Math.floor(Date.now() / 1000) + 3600 });
  const client = () => ea.OAuthClient.discover(base, { clientId: "c", clientSecret: "s", redirectUri: "http://127.0.0.1/cb", maxRetries: 0 });
  const delegationKeys = () => (ea.generateDelegationKeys ? [ea.generateDelegationKeys(), ea.generateDelegationKeys()] : []);
  const [tenant, server] = delegationKeys();
  const make = {
    DelegationClient: () => new ea.DelegationClient({ baseUrl: base, tenantId: "t", secretKey: tenant.secretKey, serverPublicKey: server.publicKey }),
    DelegationServer: () => new ea.DelegationServer({ secretKey: server.secretKey, clientPublicKey: async () => tenant.publicKey }),
    MemoryReplayStore: () => new ea.MemoryReplayStore(),
    KvReplayStore: () => new ea.KvReplayStore(mapStore()),
    RemoteJwks: () => ea.createRemoteJwks(`${base}/jwks`),
    Principal: () => ea.Principal.fromClaims({ sub: "u", scope: "users:read", organizations: [{ id: "o1", scopes: ["owner"] }] }),
    Authenticator: () => new ea.Authenticator({ issuer: "https://as.example", audience: "api", jwks: { keys: [] } }),
    AuthError: () => new ea.AuthError("refused", { status: 401, code: "ERR_AUTH_MISSING_TOKEN" }),
    TokenIssuer: () => new ea.TokenIssuer({ secret: SECRET }),
    MemoryRevocationStore: () => new ea.MemoryRevocationStore(),
    KvRevocationStore: () => new ea.KvRevocationStore(mapStore()),
    RedisRevocationStore: () => new ea.RedisRevocationStore(mapStore()),
    OAuthClient: client,
    OAuthZones: () => new ea.OAuthZones({ main: { issuer: base, clientId: "c", clientSecret: "s", maxRetries: 0 } }),
    Session: async () => (await client()).session(tokens()),
    EdgeAuthDurableObject: () => durableObject,
    DurableObjectRevocationStore: () => new ea.DurableObjectRevocationStore(namespace),
    DurableObjectReplayStore: () => new ea.DurableObjectReplayStore(namespace),
    // Node has BroadcastChannel but neither Web Locks nor sessionStorage: both are given.
    BrowserSession: async () => new ea.BrowserSession(await client(), { storage: mapStorage(), locks: { request: async (_name, granted) => granted() } }),
    TokenSet: tokens,
  };
  const live = {};
  for (const [name, build] of Object.entries(make)) if (name in ea) live[name] = await build();
  return live;
}

const isClass = (f) => /^class[\s{]/.test(Function.prototype.toString.call(f));
const methodsOf = (proto) =>
  Object.getOwnPropertyNames(proto).filter((n) => n !== "constructor" && typeof Object.getOwnPropertyDescriptor(proto, n).value === "function");
// `__wrap` and friends are wasm-bindgen internals that take raw pointers.
const staticsOf = (cls) => Object.getOwnPropertyNames(cls).filter((n) => typeof cls[n] === "function" && !n.startsWith("__"));

/** Argument lists for a callable of `arity`: all hostile, then one hostile position at a time. */
function* argLists(arity, h) {
  yield [h];
  yield Array(arity).fill(h);
  for (let i = 0; i < arity; i++) yield Array.from({ length: arity }, (_, j) => (j === i ? h : "x"));
}

const HANG_MS = 20_000;
const timeout = (what) => new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} did not settle (hang)`)), HANG_MS).unref());

/** Run `call`; return a problem description, or null when it behaved. */
async function probe(call, { strict, ea }) {
  let outcome;
  try {
    outcome = call();
    if (outcome && typeof outcome.then === "function") await Promise.race([outcome, timeout("the call")]);
    return null;
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) return `wasm trap: ${e.message}`;
    if (!strict) return null;
    if (e instanceof ea.EdgeAuthError && e instanceof EdgeAuthError && typeof e.code === "string" && e.code.startsWith("ERR_")) return null;
    return `${e?.constructor?.name}: ${String(e?.message ?? e).slice(0, 200)}`;
  }
}

async function sweep(label, callable, arity, invoke, { strict, ea, hostile = HOSTILE, lists = argLists }, problems) {
  for (const [hname, h] of Object.entries(hostile)) {
    for (const args of lists(Math.min(arity + 1, 4), h)) {
      const problem = await probe(() => invoke(callable, args), { strict, ea });
      if (problem) problems.push(`${label}(${args.map((a) => (a === h ? `<${hname}>` : JSON.stringify(a))).join(", ")}): ${problem}`);
    }
  }
}

const TOKEN = await full.signJwt({ sub: "still-works" }, SECRET, { alg: "HS256" });

/** The entry's module still answers: an HS256 verify and the RFC 7636 Appendix B challenge. */
async function stillWorks(ea) {
  assert.equal((await ea.verifyJwt(TOKEN, SECRET)).payload.sub, "still-works");
  assert.equal(ea.pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

for (const [entry, ea] of Object.entries(ENTRIES)) {
  test(`every export of ${entry} takes hostile values: returns, or throws an EdgeAuthError with a code`, { timeout: 600_000 }, async () => {
    const live = await instances(ea);
    const problems = [];
    const covered = [];
    const strict = { strict: true, ea };
    for (const [name, value] of Object.entries(ea)) {
      if (typeof value !== "function") continue;
      if (!isClass(value)) {
        await sweep(name, value, value.length, (f, args) => f(...args), strict, problems);
        covered.push(name);
        continue;
      }
      await sweep(`new ${name}`, value, value.length, (C, args) => new C(...args), strict, problems);
      for (const s of staticsOf(value)) await sweep(`${name}.${s}`, value[s], value[s].length, (f, args) => f.apply(value, args), strict, problems);
      const methods = methodsOf(value.prototype);
      if (methods.length > 0) {
        assert.ok(live[name], `${name} has instance methods: give it a real instance in instances()`);
        for (const m of methods) await sweep(`${name}#${m}`, live[name][m], live[name][m].length, (f, args) => f.apply(live[name], args), strict, problems);
      }
      covered.push(name);
    }
    const functions = Object.values(ea).filter((v) => typeof v === "function").length;
    assert.equal(covered.length, functions, "every exported function and class swept");
    assert.ok(covered.length >= 30, `only ${covered.length} exports swept`);
    assert.deepEqual(problems, []);
    await stillWorks(ea);
  });
}

// Text and bytes, what lib/ passes on from its callers once their types are
// checked; in every position, every argument given (a missing one is
// `undefined`, which lib/ never passes where text is required). Where the
// binding takes an array of strings (hasAccess's scopes), the hostile text
// comes inside an array, as lib/ passes it.
const TEXT = Object.fromEntries(Object.entries(HOSTILE).filter(([, v]) => typeof v === "string" || v instanceof Uint8Array));
const TEXT_ARRAYS = { hasAccess: [0] };
function shaped(name, args) {
  return args.map((a, i) => (TEXT_ARRAYS[name]?.includes(i) ? [a] : a));
}
function* fullLists(arity, h) {
  yield Array(arity).fill(h);
  for (let i = 0; i < arity; i++) yield Array.from({ length: arity }, (_, j) => (j === i ? h : "x"));
}

for (const glue of GLUES) {
  test(`the raw wasm-bindgen exports of ${glue} never trap on hostile text and bytes`, { timeout: 600_000 }, async () => {
    const raw = await import(new URL(`wasm/${glue}.js`, pkg));
    const source = readFileSync(new URL(`wasm/${glue}.js`, pkg), "utf8");
    const arrayParams = (source.match(/passArrayJsValueToWasm0\(\w+, wasm\./g) ?? []).length; // call sites
    assert.equal(arrayParams, Object.keys(TEXT_ARRAYS).filter((n) => n in raw).length, "a binding takes an array: name it in TEXT_ARRAYS");
    const problems = [];
    const loose = { strict: false, hostile: TEXT, lists: fullLists };
    for (const [name, value] of Object.entries(raw)) {
      if (typeof value !== "function" || name === "default" || name === "initSync" || name.startsWith("__")) continue;
      if (isClass(value)) {
        await sweep(`new wasm.${name}`, value, value.length, (C, args) => new C(...args), loose, problems);
        for (const s of staticsOf(value)) await sweep(`wasm.${name}.${s}`, value[s], value[s].length, (f, args) => f.apply(value, args), loose, problems);
      } else {
        await sweep(`wasm.${name}`, value, value.length, (f, args) => f(...shaped(name, args)), loose, problems);
      }
    }
    assert.deepEqual(problems, []);
    await stillWorks(Object.values(ENTRIES)[GLUES.indexOf(glue)]);
  });
}
