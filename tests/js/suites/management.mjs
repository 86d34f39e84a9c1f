// End-to-end checks of the reference management API (worker-example/management/)
// through a real DelegationClient over loopback HTTP. Shared by the Node and
// the workerd runs; `api` is { url, tenants: { id: keys }, serverPublicKey }.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DelegationClient, DelegationRequestError, decodeJwt } from "edgeauth";

export function managementTests(label, setup) {
  let api;
  const client = (tenantId = "acme", extra = {}) =>
    new DelegationClient({ baseUrl: api.url, tenantId, secretKey: api.tenants[tenantId]?.secretKey ?? api.stranger.secretKey, serverPublicKey: api.serverPublicKey, ...extra });
  const complete = async (startToken, extra = {}) => {
    const response = await fetch(`${api.url}/dev/step-up/complete`, { method: "POST", body: JSON.stringify({ startToken, code: "000000", ...extra }) });
    return { status: response.status, body: await response.json() };
  };

  test(`${label}: start the API`, async () => {
    api = await setup();
  });

  test(`${label}: step-up changes the MFA method exactly once`, async () => {
    const acme = client();
    const { startToken, expiresIn } = await acme.startStepUp({ userId: "user-1", purpose: "change_mfa_method", newMfaMethod: "sms_otp" });
    assert.equal(expiresIn, 60);
    const claims = decodeJwt(startToken);
    assert.equal(claims.exp - claims.iat, 60);
    assert.deepEqual([claims.sub, claims.tid, claims.purpose], ["user-1", "acme", "change_mfa_method"]);
    assert.equal((await complete(startToken, { code: "123456" })).status, 401, "wrong code");
    const { status, body } = await complete(startToken);
    assert.equal(status, 200);
    assert.deepEqual(await acme.consumeStepUp(body.receipt), { applied: true, userId: "user-1", purpose: "change_mfa_method", mfaMethod: "sms_otp" });
    await assert.rejects(acme.consumeStepUp(body.receipt), (e) => e instanceof DelegationRequestError && e.status === 409 && JSON.parse(e.body).error === "already_consumed");
    assert.equal((await complete(startToken)).status, 409, "a start token completes once");
  });

  test(`${label}: step-up changes the phone number; a receipt is bound to its tenant`, async () => {
    const { startToken } = await client().startStepUp({ userId: "user-2", purpose: "change_phone_number" });
    const { body } = await complete(startToken, { newPhoneNumber: "+4930901820" });
    await assert.rejects(client("globex").consumeStepUp(body.receipt), { code: "ERR_DELEGATION_REQUEST", status: 403 });
    assert.deepEqual(await client().consumeStepUp(body.receipt), { applied: true, userId: "user-2", purpose: "change_phone_number", phoneNumber: "+4930901820" });
    await assert.rejects(client().consumeStepUp("not-a-receipt"), { code: "ERR_DELEGATION_REQUEST", status: 401 });
  });

  test(`${label}: MFA enforcement read and set, phone update, sign-in policy`, async () => {
    const acme = client();
    assert.deepEqual(await acme.management("users/mfa-enforcement", { userId: "user-1", mode: "read" }), { userId: "user-1", enforced: false });
    assert.deepEqual(await acme.management("users/mfa-enforcement", { userId: "user-1", mode: "set", enforced: true }), { userId: "user-1", enforced: true });
    assert.deepEqual(await acme.management("users/mfa-enforcement", { userId: "user-1", mode: "read" }), { userId: "user-1", enforced: true });
    assert.deepEqual(await client("globex").management("users/mfa-enforcement", { userId: "user-1", mode: "read" }), { userId: "user-1", enforced: false }, "tenants are separate");
    assert.deepEqual(await acme.management("users/phone", { userId: "user-1", phoneNumber: "+14155550199" }), { userId: "user-1", phoneNumber: "+14155550199" });
    await assert.rejects(acme.management("users/phone", { userId: "user-1", phoneNumber: "0800" }), { status: 400 });
    const policy = await acme.management("tenant/signin-policy", { mode: "read" });
    assert.deepEqual(policy.allowedMfaMethods, ["email_otp", "sms_otp", "totp"]);
  });

  test(`${label}: unknown users, routes and tenants`, async () => {
    const e = await client().management("users/phone", { userId: "nobody", phoneNumber: "+14155550100" }).catch((x) => x);
    assert.ok(e instanceof DelegationRequestError);
    assert.deepEqual([e.status, JSON.parse(e.body)], [404, { error: "user_not_found" }]);
    await assert.rejects(client().startStepUp({ userId: "nobody", purpose: "change_mfa_method" }), { status: 404 });
    await assert.rejects(client().management("no/such/route", {}), { status: 404 });
    const stranger = await client("initech").management("tenant/signin-policy", {}).catch((x) => x);
    assert.deepEqual([stranger.code, stranger.status, JSON.parse(stranger.body).reason], ["ERR_DELEGATION_REQUEST", 401, "unknown_tenant"]);
  });

  test(`${label}: a request captured on the wire and sent again is refused`, async () => {
    let captured;
    const spy = client("acme", {
      fetch: async (url, init) => {
        captured = { url, init: { ...init, signal: undefined } };
        return fetch(url, init);
      },
    });
    await spy.management("tenant/signin-policy", { mode: "read" });
    const again = await fetch(captured.url, captured.init);
    assert.equal(again.status, 409);
    assert.deepEqual(await again.json(), { error: "delegation_rejected", reason: "replay" });
    const tampered = new Uint8Array(captured.init.body);
    tampered[tampered.length - 1] ^= 1;
    const flipped = await fetch(captured.url, { ...captured.init, body: tampered });
    assert.equal(flipped.status, 401);
  });

  test(`${label}: stop the API`, async () => {
    await api.close();
  });
}
