// Two entries in one program (ESM): edgeauth, edgeauth/edge and
// edgeauth/login each bring their own wasm module; their errors are one
// family (tests/js/suites/identity.mjs). The CommonJS side: entries.test.cjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as full from "edgeauth";
import * as edge from "edgeauth/edge";
import * as login from "edgeauth/login";
import * as errors from "edgeauth/errors";
import { identityCases } from "./suites/identity.mjs";

for (const { name, run } of identityCases({ edgeauth: full, "edgeauth/edge": edge, "edgeauth/login": login, "edgeauth/errors": errors })) test(`esm: ${name}`, run);

test("esm: the entries share one module of error classes", () => {
  assert.ok(Object.keys(errors).length >= 35);
  for (const name of Object.keys(errors)) {
    assert.equal(full[name], errors[name], `edgeauth ${name}`);
    assert.equal(edge[name], full[name], `edge ${name}`);
    assert.equal(login[name], full[name], `login ${name}`);
  }
});

test("esm: each entry exports what it is documented to (a subset of edgeauth's)", () => {
  const names = (ea) => Object.keys(ea).filter((n) => !(n in errors));
  assert.deepEqual(names(edge).sort(), ["Authenticator", "DurableObjectReplayStore", "DurableObjectRevocationStore", "EdgeAuthDurableObject", "KvReplayStore", "KvRevocationStore", "MemoryReplayStore", "MemoryRevocationStore", "Principal", "RedisRevocationStore", "RemoteJwks", "TokenIssuer", "createPkce", "createRemoteJwks", "decodeJwt", "decodeProtectedHeader", "extractBearerToken", "generateKeyPair", "hasAccess", "importPkcs8", "importSpki", "importX509", "jwkThumbprint", "parseScope", "pkceChallenge", "randomSecret", "signJwt", "tokenFromRequest", "verifyDpopProof", "verifyJwt"]);
  assert.deepEqual(names(login).sort(), ["BrowserSession", "DpopKey", "OAuthClient", "OAuthZones", "RemoteJwks", "Session", "TokenSet", "createDpopProof", "createPkce", "createRemoteJwks", "decodeJwt", "decodeProtectedHeader", "generateDpopKey", "pkceChallenge", "randomSecret", "verifyJwt"]);
  for (const ea of [edge, login]) for (const n of Object.keys(ea)) assert.ok(n in full, `${n} is not in edgeauth`);
});
