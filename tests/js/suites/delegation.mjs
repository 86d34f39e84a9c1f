// The delegation envelope suite: the same cases in Node and in workerd.
// Client and server run in one runtime, the client's `fetch` handing the
// real Request to DelegationServer.openRequest (and letting a case tamper
// with it, replay it or swap responses on the way).

import keysVector from "../../vectors/delegation/keys.json" with { type: "json" };
import exchangeVector from "../../vectors/delegation/exchange.json" with { type: "json" };
import edgesVector from "../../vectors/delegation/edges.json" with { type: "json" };
import { deepEqual, equal, ok, rejects } from "./check.mjs";

const PATH = "/v1/management/users/phone";
const nowSeconds = () => Math.floor(Date.now() / 1000);
const fromB64 = (text) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

function flipChar(text, at) {
  return text.slice(0, at) + (text[at] === "A" ? "B" : "A") + text.slice(at + 1);
}

/** A client/server pair; `tamper` rewrites { url, method, headers, body } before the server sees it, `answer` the Response after. */
function world(ea, { tamper, answer, serverNow, clientNow, serverKeyFor, window, skew, baseUrl = "https://api.example" } = {}) {
  const client = ea.generateDelegationKeys();
  const server = ea.generateDelegationKeys();
  const srv = new ea.DelegationServer({
    secretKey: server.secretKey,
    clientPublicKey: async (tenantId) => (serverKeyFor ? serverKeyFor(tenantId, client) : tenantId === "acme" ? client.publicKey : null),
    replayWindowSeconds: window,
    now: serverNow,
  });
  const sent = [];
  const fetch = async (url, init) => {
    let req = { url, method: init.method, headers: new Headers(init.headers), body: new Uint8Array(init.body) };
    sent.push(req);
    if (tamper) req = (await tamper(req, sent)) ?? req;
    let response;
    try {
      const call = await srv.openRequest(new Request(req.url, { method: req.method, headers: req.headers, body: req.body }));
      response = await call.reply({ echo: call.body, tenantId: call.tenantId }, call.body.status ? { status: call.body.status } : undefined);
    } catch (e) {
      if (e.code !== "ERR_DELEGATION_REQUEST") throw e;
      response = new Response(e.body, { status: e.status });
    }
    return answer ? answer(response, sent) : response;
  };
  const cli = new ea.DelegationClient({ baseUrl, tenantId: "acme", secretKey: client.secretKey, serverPublicKey: server.publicKey, fetch, now: clientNow, clockSkewSeconds: skew });
  return { client, server, srv, cli, sent };
}

async function bytesOf(response) {
  return { status: response.status, headers: new Headers(response.headers), body: new Uint8Array(await response.arrayBuffer()) };
}

export function delegationCases(ea) {
  const cases = [];
  const add = (name, run) => cases.push({ name, run });

  add("delegation: generated keys have the documented shape and round-trip", async () => {
    const { secretKey, publicKey } = ea.generateDelegationKeys();
    ok(/^edg_sk_v1_[A-Za-z0-9_-]{91}$/.test(secretKey), secretKey.slice(0, 12));
    ok(/^edg_pk_v1_[A-Za-z0-9_-]{91}$/.test(publicKey));
    equal(new ea.DelegationServer({ secretKey, clientPublicKey: async () => null }).publicKey, publicKey);
    ok(ea.generateDelegationKeys().secretKey !== secretKey, "fresh keys differ");
  });

  add("delegation: committed key vectors and invalid blobs", async () => {
    for (const party of ["client", "server"]) {
      const { secretKey, publicKey } = keysVector[party];
      equal(new ea.DelegationServer({ secretKey, clientPublicKey: async () => null }).publicKey, publicKey, party);
    }
    for (const { why, kind, blob, error } of keysVector.inputs.invalid) {
      const make = () =>
        kind === "public"
          ? new ea.DelegationClient({ baseUrl: "https://a.example", tenantId: "t", secretKey: keysVector.client.secretKey, serverPublicKey: blob })
          : new ea.DelegationServer({ secretKey: blob, clientPublicKey: async () => null });
      const e = await rejects(make, "ERR_DELEGATION_CRYPTO", why);
      ok(e instanceof ea.DelegationCryptoError, why);
      ok(e.message.includes(error), `${why}: ${e.message}`);
      ok(!e.message.includes(blob.slice(10, 40)), `${why}: the blob is not echoed`);
    }
  });

  add("delegation: the committed request opens, verifies, and is then a replay", async () => {
    const rq = exchangeVector.inputs.request;
    const server = new ea.DelegationServer({ secretKey: keysVector.server.secretKey, clientPublicKey: async (t) => (t === rq.tenantId ? keysVector.client.publicKey : null), now: () => rq.timestamp + 299 });
    const request = () => new Request(`https://api.example${rq.path}`, { method: rq.method, headers: exchangeVector.request.headers, body: fromB64(exchangeVector.request.body) });
    const call = await server.openRequest(request());
    deepEqual(call.body, JSON.parse(rq.body));
    equal(call.tenantId, rq.tenantId);
    equal(call.requestId, exchangeVector.request.headers["edgeauth-request-id"]);
    const huge = new Request(`https://api.example${rq.path}`, { method: "POST", headers: { ...exchangeVector.request.headers, "content-length": String(2 ** 20 + 1) }, body: fromB64(exchangeVector.request.body) });
    const tooBig = await rejects(() => server.openRequest(huge), "ERR_DELEGATION_REQUEST", "declared over 1 MiB");
    deepEqual([tooBig.status, tooBig.reason], [400, "malformed"]);
    const e = await rejects(() => server.openRequest(request()), "ERR_DELEGATION_REQUEST", "replayed vector");
    equal(e.status, 409);
    equal(e.reason, "replay");
    const late = new ea.DelegationServer({ secretKey: keysVector.server.secretKey, clientPublicKey: async () => keysVector.client.publicKey, now: () => rq.timestamp + 301 });
    equal((await rejects(() => late.openRequest(request()), "ERR_DELEGATION_REQUEST")).reason, "timestamp");
  });

  add("delegation: the committed response opens for its request only", async () => {
    const { request: rq, response: rs } = exchangeVector.inputs;
    const client = new ea.DelegationClient({ baseUrl: "https://api.example", tenantId: rq.tenantId, secretKey: keysVector.client.secretKey, serverPublicKey: keysVector.server.publicKey, now: () => rs.timestamp });
    const response = () => ({ status: exchangeVector.response.status, headers: new Headers(exchangeVector.response.headers), body: fromB64(exchangeVector.response.body) });
    const binding = { method: rq.method, path: rq.path, requestId: exchangeVector.request.headers["edgeauth-request-id"], timestamp: rq.timestamp };
    deepEqual(await client.open(response(), binding), JSON.parse(rs.body));
    const other = { ...binding, timestamp: rq.timestamp + 1 };
    const e = await rejects(() => client.open(response(), other), "ERR_DELEGATION_RESPONSE", "another request timestamp");
    ok(e instanceof ea.DelegationResponseError);
    for (const timestamp of [Number.NaN, -1, 1.5, 2 ** 53, "1700000000", undefined]) {
      await rejects(() => client.open(response(), { ...binding, timestamp }), "ERR_CONFIG", `binding timestamp ${String(timestamp)}`);
    }
  });

  add("delegation: round trip, tenant id, sealed error replies", async () => {
    const { cli, sent } = world(ea);
    const answer = await cli.management("users/phone", { userId: "u1", phoneNumber: "+14155550100" });
    deepEqual(answer, { echo: { userId: "u1", phoneNumber: "+14155550100" }, tenantId: "acme" });
    equal(new URL(sent[0].url).pathname, PATH);
    ok(!new TextDecoder().decode(sent[0].body).includes("4155550100"), "the body is not readable on the wire");
    const e = await rejects(() => cli.management("users/phone", { status: 404 }), "ERR_DELEGATION_REQUEST");
    equal(e.status, 404);
    deepEqual(JSON.parse(e.body), { echo: { status: 404 }, tenantId: "acme" }, "a sealed error reply is opened");
    equal(e.retriable, false);
  });

  add("delegation: a baseUrl's path is part of the signed target", async () => {
    const { cli, sent } = world(ea, { baseUrl: "https://api.example/base/" });
    deepEqual((await cli.management("users/phone", { n: 1 })).echo, { n: 1 }, "the server verifies /base/v1/management/users/phone");
    equal(new URL(sent[0].url).pathname, "/base" + PATH);
    const sealed = cli.seal("/v1/x?y=1", {});
    deepEqual([sealed.url, sealed.binding.path], ["https://api.example/base/v1/x?y=1", "/base/v1/x?y=1"]);
    const cut = world(ea, { baseUrl: "https://api.example/base", tamper: (req) => ({ ...req, url: req.url.replace("/base", "") }) });
    const e = await rejects(() => cut.cli.management("x", {}), "ERR_DELEGATION_REQUEST", "base path removed on the way");
    deepEqual([e.status, JSON.parse(e.body).reason], [401, "signature"]);
    const keys = ea.generateDelegationKeys();
    for (const baseUrl of ["https://api.example/base?x=1", "https://api.example/base#f", "https://api.example/a'b", "https://api.example/a/%7b"]) {
      await rejects(() => new ea.DelegationClient({ baseUrl, tenantId: "acme", secretKey: keys.secretKey, serverPublicKey: keys.publicKey }), "ERR_CONFIG", baseUrl);
    }
  });

  add("delegation: the edges vector (PATCH, base path, query) opens at its exact target only", async () => {
    const rq = edgesVector.inputs.request;
    const make = (path, method = rq.method) => new Request(`https://api.example${path}`, { method, headers: edgesVector.request.headers, body: fromB64(edgesVector.request.body) });
    const server = () => new ea.DelegationServer({ secretKey: keysVector.server.secretKey, clientPublicKey: async () => keysVector.client.publicKey, now: () => rq.timestamp });
    const call = await server().openRequest(make(rq.path));
    deepEqual(call.body, JSON.parse(rq.body));
    for (const [path, method] of [[rq.path.replace("/base", ""), rq.method], [rq.path.replace("dry-run=1&", ""), rq.method], [rq.path, "POST"]]) {
      const e = await rejects(() => server().openRequest(make(path, method)), "ERR_DELEGATION_REQUEST", `${method} ${path}`);
      deepEqual([e.status, e.reason], [401, "signature"], `${method} ${path}`);
    }
  });

  add("delegation: request targets outside the restricted form are refused before sending", async () => {
    let calls = 0;
    const keys = ea.generateDelegationKeys();
    const cli = new ea.DelegationClient({ baseUrl: "https://api.example", tenantId: "acme", secretKey: keys.secretKey, serverPublicKey: keys.publicKey, fetch: async () => (calls++, new Response("", { status: 500 })) });
    for (const target of edgesVector.inputs.targets.refused) {
      const e = await rejects(() => cli.seal(target, {}), "ERR_CONFIG", JSON.stringify(target));
      ok(e instanceof ea.ConfigError, target);
    }
    ok((await rejects(() => cli.seal("/a{b}", {}), "ERR_CONFIG")).message.includes('"{"'), "the character is named");
    ok((await rejects(() => cli.seal("/a/%2e%2e/b", {}), "ERR_CONFIG")).message.includes("hex digits"));
    ok((await rejects(() => cli.seal("/a/../b", {}), "ERR_CONFIG")).message.includes('".."'));
    equal(calls, 0, "nothing was sent");
    const w = world(ea);
    for (const target of edgesVector.inputs.targets.accepted) {
      const sealed = w.cli.seal(target, { t: target });
      const url = new URL(sealed.url);
      equal(url.pathname + url.search, target, "the URL sent holds the signed target byte for byte");
      const call = await w.srv.openRequest(new Request(sealed.url, { method: sealed.method, headers: sealed.headers, body: sealed.body }));
      equal(call.body.t, target);
    }
  });

  add("delegation: the server refuses a target outside the form (400 malformed)", async () => {
    const rq = exchangeVector.inputs.request;
    const server = new ea.DelegationServer({ secretKey: keysVector.server.secretKey, clientPublicKey: async () => keysVector.client.publicKey, now: () => rq.timestamp });
    for (const path of ["/v1/management/users/a|b", "/v1/management/users/%7bphone", "/v1/management/users/%41", "/v1/management/[users]"]) {
      const request = new Request(`https://api.example${path}`, { method: "POST", headers: exchangeVector.request.headers, body: fromB64(exchangeVector.request.body) });
      const e = await rejects(() => server.openRequest(request), "ERR_DELEGATION_REQUEST", path);
      deepEqual([e.status, e.reason], [400, "malformed"], path);
    }
  });

  add("delegation: methods without a body are refused; PUT, PATCH and DELETE work", async () => {
    const { cli, srv } = world(ea);
    for (const method of ["GET", "HEAD", "OPTIONS", "post"]) await rejects(() => cli.seal("/x", {}, { method }), "ERR_CONFIG", method);
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const sealed = cli.seal("/x", { method }, { method });
      const call = await srv.openRequest(new Request(sealed.url, { method, headers: sealed.headers, body: sealed.body }));
      equal(call.body.method, method);
      const answer = await call.reply({ ok: method });
      deepEqual(await cli.open(answer, sealed.binding), { ok: method });
    }
    const sealed = cli.seal("/x", {});
    const e = await rejects(() => srv.openRequest(new Request(sealed.url, { method: "GET", headers: sealed.headers })), "ERR_DELEGATION_REQUEST", "GET");
    deepEqual([e.status, e.reason], [400, "malformed"]);
  });

  add("delegation: bodies must be I-JSON (no lone surrogate, nesting at most 128)", async () => {
    const { cli } = world(ea);
    ok((await rejects(() => cli.seal("/x", { a: "\ud800" }), "ERR_CONFIG")).message.includes("lone surrogate"));
    const nest = (n) => (n === 0 ? 1 : [nest(n - 1)]);
    cli.seal("/x", nest(128)); // 128 arrays deep
    await rejects(() => cli.seal("/x", nest(129)), "ERR_CONFIG", "129 levels");
    deepEqual((await cli.management("x", { s: "\ud83d\ude00" })).echo, { s: "\ud83d\ude00" }, "a surrogate pair is fine");
  });

  add("delegation: timestamps up to 2^53 - 1, an inclusive window, header whitespace, content-type", async () => {
    const rq = exchangeVector.inputs.request;
    const server = (now) => new ea.DelegationServer({ secretKey: keysVector.server.secretKey, clientPublicKey: async () => keysVector.client.publicKey, now: () => now });
    const request = (edit = () => {}) => {
      const headers = new Headers(exchangeVector.request.headers);
      edit(headers);
      return new Request(`https://api.example${rq.path}`, { method: rq.method, headers, body: fromB64(exchangeVector.request.body) });
    };
    for (const now of [rq.timestamp - 300, rq.timestamp + 300]) equal((await server(now).openRequest(request())).tenantId, rq.tenantId, `now = ts ${now - rq.timestamp}`);
    for (const now of [rq.timestamp - 301, rq.timestamp + 301]) equal((await rejects(() => server(now).openRequest(request()), "ERR_DELEGATION_REQUEST")).reason, "timestamp");
    const cases = [
      ["timestamp 2^53 - 1", (h) => h.set("edgeauth-timestamp", "9007199254740991"), [401, "signature"]],
      ["timestamp 2^53", (h) => h.set("edgeauth-timestamp", "9007199254740992"), [400, "malformed"]],
      ["request id with trailing bits", (h) => h.set("edgeauth-request-id", "AAECAwQFBgcICQoLDA0ODx"), [400, "malformed"]],
      ["a second request id", (h) => h.append("edgeauth-request-id", h.get("edgeauth-request-id")), [400, "malformed"]],
    ];
    for (const [name, edit, want] of cases) {
      const e = await rejects(() => server(rq.timestamp).openRequest(request(edit)), "ERR_DELEGATION_REQUEST", name);
      deepEqual([e.status, e.reason], want, name);
    }
    const padded = request((h) => {
      for (const [n, v] of Object.entries(exchangeVector.request.headers)) h.set(n, ` ${v}\t`);
      h.set("content-type", "text/plain");
    });
    equal((await server(rq.timestamp).openRequest(padded)).tenantId, rq.tenantId, "whitespace and content-type do not matter");
    equal((await server(rq.timestamp).openRequest(request((h) => h.delete("content-type")))).tenantId, rq.tenantId, "no content-type");
    const keys = ea.generateDelegationKeys();
    const client = new ea.DelegationClient({ baseUrl: "https://api.example", tenantId: "acme", secretKey: keys.secretKey, serverPublicKey: keys.publicKey, now: () => 2 ** 53 });
    await rejects(() => client.seal("/x", {}), "ERR_CONFIG", "a clock beyond 2^53 - 1");
  });

  add("delegation: an unusable tenant key from clientPublicKey is the server's fault (500 tenant_key)", async () => {
    const blobs = ["edg_pk_v1_AAAA", keysVector.client.secretKey, ...edgesVector.publicKeys.map((k) => k.blob)];
    for (const blob of blobs) {
      const { cli } = world(ea, { serverKeyFor: () => blob });
      const e = await rejects(() => cli.management("x", {}), "ERR_DELEGATION_REQUEST", blob.slice(0, 14));
      deepEqual([e.status, JSON.parse(e.body), e.retriable], [500, { error: "delegation_rejected", reason: "tenant_key" }, true]);
      ok(!e.body.includes(blob.slice(10, 40)), "the blob is not echoed");
    }
    const w = world(ea, { serverKeyFor: () => edgesVector.publicKeys[0].blob });
    const sealed = w.cli.seal("/x", {});
    const e = await rejects(() => w.srv.openRequest(new Request(sealed.url, { method: "POST", headers: sealed.headers, body: sealed.body })), "ERR_DELEGATION_REQUEST");
    deepEqual([e.status, e.reason], [500, "tenant_key"]);
    ok(e.message.includes("not canonically encoded"), e.message);
    for (const { blob, error } of edgesVector.publicKeys) {
      const make = () => new ea.DelegationClient({ baseUrl: "https://a.example", tenantId: "t", secretKey: keysVector.client.secretKey, serverPublicKey: blob });
      ok((await rejects(make, "ERR_DELEGATION_CRYPTO")).message.includes(error), error);
    }
  });

  add("delegation: every flipped request body byte is refused by the server", async () => {
    let at = 0;
    const { cli } = world(ea, { tamper: (req) => void (req.body[at] ^= 0x01) });
    const length = 60 + JSON.stringify({ a: 1 }).length;
    for (at = 0; at < length; at++) {
      const e = await rejects(() => cli.management("x", { a: 1 }), "ERR_DELEGATION_REQUEST", `body byte ${at}`);
      equal(e.status, 401, `body byte ${at}`);
      ok(e instanceof ea.DelegationRequestError);
    }
  });

  add("delegation: a flipped signature, tenant, timestamp, request id, path or method is refused", async () => {
    const edits = {
      signature: (req) => req.headers.set("edgeauth-signature", flipChar(req.headers.get("edgeauth-signature"), 10)),
      "signature of another request": (req, sent) => req.headers.set("edgeauth-signature", sent.length > 1 ? sent[0].headers.get("edgeauth-signature") : "x"),
      tenant: (req) => req.headers.set("edgeauth-tenant", "acme2"),
      timestamp: (req) => req.headers.set("edgeauth-timestamp", String(Number(req.headers.get("edgeauth-timestamp")) - 1)),
      "request id": (req) => req.headers.set("edgeauth-request-id", flipChar(req.headers.get("edgeauth-request-id"), 3)),
      path: (req) => ({ ...req, url: req.url.replace("/users/phone", "/users/phonf") }),
      method: (req) => ({ ...req, method: "PUT" }),
    };
    for (const [name, edit] of Object.entries(edits)) {
      const { cli } = world(ea, { tamper: edit, serverKeyFor: (_, client) => client.publicKey });
      await cli.management("users/phone", { warm: 1 }).catch(() => {});
      const e = await rejects(() => cli.management("users/phone", { a: 1 }), "ERR_DELEGATION_REQUEST", name);
      ok(e.status === 401 || e.status === 400, `${name}: ${e.status} ${e.body}`);
    }
  });

  add("delegation: every flipped response byte, header or status is refused by the client", async () => {
    let edit;
    const { cli } = world(ea, { answer: async (response) => edit(await bytesOf(response)) });
    const rebuild = (r) => new Response(r.body, { status: r.status, headers: r.headers });
    let length = 0;
    edit = (r) => ((length = r.body.length), rebuild(r));
    await cli.management("x", { a: 1 });
    for (let at = 0; at < length; at++) {
      edit = (r) => ((r.body[at] ^= 0x01), rebuild(r));
      const e = await rejects(() => cli.management("x", { a: 1 }), "ERR_DELEGATION_RESPONSE", `response byte ${at}`);
      ok(e instanceof ea.DelegationResponseError);
    }
    for (const name of ["edgeauth-signature", "edgeauth-timestamp", "edgeauth-request-id", "edgeauth-version"]) {
      edit = (r) => (r.headers.set(name, flipChar(r.headers.get(name), 1)), rebuild(r));
      await rejects(() => cli.management("x", { a: 1 }), "ERR_DELEGATION_RESPONSE", name);
      edit = (r) => (r.headers.delete(name), rebuild(r));
      await rejects(() => cli.management("x", { a: 1 }), "ERR_DELEGATION_RESPONSE", `${name} removed`);
    }
    edit = (r) => new Response(r.body, { status: 201, headers: r.headers });
    equal((await rejects(() => cli.management("x", { a: 1 }), "ERR_DELEGATION_RESPONSE", "status changed")).reason, "signature");
    edit = (r) => (r.headers.delete("edgeauth-signature"), rebuild(r));
    equal((await rejects(() => cli.management("x", { a: 1 }), "ERR_DELEGATION_RESPONSE", "unsigned")).reason, "malformed");
    edit = (r) => (r.headers.set("edgeauth-signature", ` ${r.headers.get("edgeauth-signature")}\t`), rebuild(r));
    equal((await cli.management("x", { a: 1 })).echo.a, 1, "whitespace around a header value is not part of it");
    edit = (r) => (r.headers.set("content-type", "text/plain"), rebuild(r));
    equal((await cli.management("x", { a: 1 })).echo.a, 1, "content-type is not checked");
  });

  add("delegation: a replayed request is refused", async () => {
    const { cli } = world(ea, { tamper: (req, sent) => (sent.length === 2 ? sent[0] : req) });
    await cli.management("x", { n: 1 });
    const e = await rejects(() => cli.management("x", { n: 2 }), "ERR_DELEGATION_REQUEST");
    equal(e.status, 409);
    equal(JSON.parse(e.body).reason, "replay");
  });

  add("delegation: stale and future timestamps are refused", async () => {
    for (const offset of [-301, 301, -100000]) {
      const { cli } = world(ea, { clientNow: () => nowSeconds() + offset });
      const e = await rejects(() => cli.management("x", {}), "ERR_DELEGATION_REQUEST", `offset ${offset}`);
      equal(e.status, 401);
      equal(JSON.parse(e.body).reason, "timestamp");
    }
    const { cli } = world(ea, { clientNow: () => nowSeconds() - 250 });
    deepEqual((await cli.management("x", { ok: 1 })).echo, { ok: 1 }, "inside the window");
    const skewed = world(ea, { serverNow: () => nowSeconds() + 400, window: 1000 });
    const late = await rejects(() => skewed.cli.management("x", {}), "ERR_DELEGATION_RESPONSE");
    ok(late.message.includes("clockSkewSeconds"));
    equal(late.reason, "skew");
  });

  add("delegation: a response swapped from another request is refused", async () => {
    let first;
    const { cli } = world(ea, {
      answer: async (response) => {
        const copy = await bytesOf(response);
        first ??= copy;
        return new Response(first.body, { status: first.status, headers: first.headers });
      },
    });
    await cli.management("x", { n: 1 });
    const e = await rejects(() => cli.management("x", { n: 1 }), "ERR_DELEGATION_RESPONSE");
    equal(e.reason, "binding", e.message);
  });

  add("delegation: wrong tenant key, unknown tenant and wrong server key are refused", async () => {
    const wrong = world(ea, { serverKeyFor: () => ea.generateDelegationKeys().publicKey });
    const e1 = await rejects(() => wrong.cli.management("x", {}), "ERR_DELEGATION_REQUEST");
    deepEqual([e1.status, JSON.parse(e1.body).reason], [401, "signature"]);
    const unknown = world(ea, { serverKeyFor: () => null });
    const e2 = await rejects(() => unknown.cli.management("x", {}), "ERR_DELEGATION_REQUEST");
    deepEqual([e2.status, JSON.parse(e2.body).reason], [401, "unknown_tenant"]);
    const w = world(ea);
    const misaddressed = new ea.DelegationClient({ baseUrl: "https://api.example", tenantId: "acme", secretKey: w.client.secretKey, serverPublicKey: ea.generateDelegationKeys().publicKey, fetch: (u, i) => fetchVia(w, u, i) });
    const e3 = await rejects(() => misaddressed.management("x", {}), "ERR_DELEGATION_REQUEST");
    deepEqual([e3.status, JSON.parse(e3.body).reason], [400, "decrypt"]);
  });

  add("delegation: 5xx and network failures are DelegationRequestError with status and body", async () => {
    const keys = ea.generateDelegationKeys();
    const make = (fetch) => new ea.DelegationClient({ baseUrl: "https://api.example", tenantId: "acme", secretKey: keys.secretKey, serverPublicKey: keys.publicKey, fetch });
    const e = await rejects(() => make(async () => new Response("upstream exploded", { status: 503 })).management("x", {}), "ERR_DELEGATION_REQUEST");
    deepEqual([e.status, e.body, e.retriable], [503, "upstream exploded", true]);
    const n = await rejects(() => make(async () => { throw new TypeError("connection refused"); }).management("x", {}), "ERR_DELEGATION_REQUEST");
    deepEqual([n.status, n.retriable], [0, true]);
    const unsigned = await rejects(() => make(async () => Response.json({ ok: true })).management("x", {}), "ERR_DELEGATION_RESPONSE");
    ok(unsigned.message.includes("missing"), unsigned.message);
  });

  add("delegation: inputs are validated before anything is sent", async () => {
    let calls = 0;
    const keys = ea.generateDelegationKeys();
    const cli = new ea.DelegationClient({ baseUrl: "https://api.example", tenantId: "acme", secretKey: keys.secretKey, serverPublicKey: keys.publicKey, fetch: async () => (calls++, new Response("", { status: 500 })) });
    const bad = [
      () => cli.startStepUp({ userId: "", purpose: "change_mfa_method" }),
      () => cli.startStepUp({ userId: "u1", purpose: "delete_account" }),
      () => cli.startStepUp({ userId: "u1", purpose: "change_mfa_method", newMfaMethod: "carrier_pigeon" }),
      () => cli.startStepUp({ userId: "u1", purpose: "change_phone_number", newPhoneNumber: "4155550100" }),
      () => cli.startStepUp({ userId: "u1", purpose: "change_phone_number", newPhoneNumber: "+0123" }),
      () => cli.startStepUp({ userId: "u1", purpose: "change_phone_number", newMfaMethod: "totp" }),
      () => cli.consumeStepUp(""),
      () => cli.management("../admin", {}),
      () => cli.management("users/phone", "text"),
      () => cli.management("users phone", {}),
    ];
    for (const [i, run] of bad.entries()) await rejects(run, "ERR_CONFIG", `case ${i}`);
    equal(calls, 0, "nothing was sent");
    for (const options of [{ baseUrl: "http://api.example" }, { tenantId: "a b" }, { clockSkewSeconds: -1 }]) {
      const build = () => new ea.DelegationClient({ baseUrl: "https://api.example", tenantId: "acme", secretKey: keys.secretKey, serverPublicKey: keys.publicKey, ...options }).management("x", {});
      await rejects(build, "ERR_CONFIG", JSON.stringify(options));
    }
  });

  add("delegation: replay stores (memory and key-value) refuse a second add", async () => {
    const memory = new ea.MemoryReplayStore();
    const now = nowSeconds();
    equal(await memory.add("t/a", now + 300, now), true);
    equal(await memory.add("t/a", now + 300, now), false);
    equal(await memory.add("t/a", now + 300, now + 300), false, "until expiresAt inclusive");
    equal(await memory.add("t/b", now + 400, now + 100), true);
    equal(await memory.add("t/a", now + 700, now + 301), true, "expired entries may be recorded again");
    equal(memory.size, 2, "t/a and t/b held");
    equal(await memory.add("t/c", now + 900, now + 500), true);
    equal(memory.size, 2, "t/b was pruned once expired");
    const map = new Map();
    const ttls = [];
    const kv = {
      get: async (k) => map.get(k) ?? null,
      put: async (k, v, o) => {
        map.set(k, v);
        ttls.push(o.expirationTtl);
      },
    };
    const store = new ea.KvReplayStore(kv, { prefix: "p:" });
    equal(await store.add("t/a", now + 300, now), true);
    equal(await store.add("t/a", now + 300, now), false);
    equal(map.get("p:t/a"), String(now + 300));
    deepEqual(ttls, [301]);
    equal(await store.add("t/b", now + 10, now), true);
    equal(ttls[1], 60, "Workers KV's 60-second minimum TTL");
    await rejects(() => new ea.KvReplayStore({}), "ERR_CONFIG");
  });

  return cases;
}

/** Deliver a request to world `w`'s server unchanged. */
async function fetchVia(w, url, init) {
  try {
    const call = await w.srv.openRequest(new Request(url, init));
    return call.reply({});
  } catch (e) {
    return new Response(e.body, { status: e.status ?? 500 });
  }
}
