// The reference management API: a small in-memory server built on
// DelegationServer. The same handler runs in Node (node.mjs) and in workerd
// (worker.mjs). Every route under /v1/management/ is a delegated call
// (docs/delegation.md); /dev/step-up/complete stands in for the end user
// finishing the MFA challenge in the product's own UI.
//
// Routes (all POST, JSON in and out, sealed):
//   step-up/start            { userId, purpose, newMfaMethod?, newPhoneNumber? } -> { startToken, expiresIn }
//   step-up/consume          { receipt } -> { applied: true, userId, purpose, mfaMethod | phoneNumber }
//   users/mfa-enforcement    { userId, mode: "read" } | { userId, mode: "set", enforced } -> { userId, enforced }
//   users/phone              { userId, phoneNumber } -> { userId, phoneNumber }
//   tenant/signin-policy     { mode: "read" } -> the tenant's policy
// Unknown users answer 404 { error: "user_not_found" }.

import { DelegationRequestError, DelegationServer, generateKeyPair, randomSecret, signJwt, verifyJwt } from "edgeauth";

const PURPOSES = ["change_mfa_method", "change_phone_number"];
const MFA_METHODS = ["email_otp", "sms_otp", "totp"];
const E164 = /^\+[1-9][0-9]{1,14}$/;
/** The one code the dev completion endpoint accepts. */
export const DEV_OTP = "000000";

function seedUsers() {
  return {
    "user-1": { mfaMethod: "totp", phoneNumber: "+14155550100", mfaEnforced: false },
    "user-2": { mfaMethod: "email_otp", phoneNumber: "+442071838750", mfaEnforced: true },
  };
}

function seedPolicy() {
  return { mfaRequired: false, allowedMfaMethods: [...MFA_METHODS], passwordless: true, sessionLifetimeSeconds: 86400 };
}

class Failure {
  constructor(status, error) {
    this.status = status;
    this.error = error;
  }
}
const fail = (status, error) => {
  throw new Failure(status, error);
};

/**
 * @param {{ secretKey: string, tenants: Record<string, string>, replayStore?, now?: () => number,
 *           stepUpTtlSeconds?: number, receiptTtlSeconds?: number }} options
 *   `tenants` maps tenant id to that tenant's edg_pk_v1_ key; each tenant starts with the seed users.
 */
export function createManagementApp({ secretKey, tenants, replayStore, now = () => Math.floor(Date.now() / 1000), stepUpTtlSeconds = 60, receiptTtlSeconds = 300 }) {
  const server = new DelegationServer({ secretKey, clientPublicKey: async (id) => (Object.hasOwn(tenants, id) ? tenants[id] : null), replayStore, now });
  const state = new Map(Object.keys(tenants).map((id) => [id, { users: seedUsers(), policy: seedPolicy() }]));
  const stepUps = new Map(); // step-up id -> { tenantId, userId, purpose, newMfaMethod, newPhoneNumber, state }
  let tokenKey; // Ed25519 JWK for start tokens and receipts, made on first use (workerd: inside a handler)

  const key = async () => (tokenKey ??= await generateKeyPair("EdDSA"));
  const at = () => new Date(now() * 1000);
  const user = (tenantId, userId) => {
    if (typeof userId !== "string" || userId.length === 0) fail(400, "invalid_user_id");
    return state.get(tenantId).users[userId] ?? fail(404, "user_not_found");
  };
  const token = async (typ, claims, ttl) => {
    const { privateJwk } = await key();
    return signJwt({ ...claims, iat: now(), exp: now() + ttl }, privateJwk, { alg: "EdDSA", typ });
  };
  const check = async (jwt, typ) => {
    if (typeof jwt !== "string") fail(400, "invalid_request");
    try {
      return (await verifyJwt(jwt, (await key()).publicJwk, { algorithms: ["EdDSA"], typ, currentDate: at(), clockTolerance: 0 })).payload;
    } catch {
      return fail(401, "invalid_token");
    }
  };

  const routes = {
    async "step-up/start"(tenantId, { userId, purpose, newMfaMethod, newPhoneNumber }) {
      user(tenantId, userId);
      if (!PURPOSES.includes(purpose)) fail(400, "invalid_purpose");
      if (newMfaMethod !== undefined && (purpose !== "change_mfa_method" || !MFA_METHODS.includes(newMfaMethod))) fail(400, "invalid_mfa_method");
      if (newPhoneNumber !== undefined && (purpose !== "change_phone_number" || !E164.test(newPhoneNumber))) fail(400, "invalid_phone_number");
      const sid = randomSecret();
      stepUps.set(sid, { tenantId, userId, purpose, newMfaMethod, newPhoneNumber, state: "started" });
      return { startToken: await token("step-up-start+jwt", { sub: userId, tid: tenantId, sid, purpose }, stepUpTtlSeconds), expiresIn: stepUpTtlSeconds };
    },
    async "step-up/consume"(tenantId, { receipt }) {
      const claims = await check(receipt, "step-up-receipt+jwt");
      const record = stepUps.get(claims.sid);
      if (!record || record.tenantId !== tenantId) fail(403, "receipt_not_for_this_tenant");
      if (record.state === "consumed") fail(409, "already_consumed");
      const account = user(tenantId, record.userId);
      record.state = "consumed";
      if (record.purpose === "change_mfa_method") {
        account.mfaMethod = record.newMfaMethod;
        return { applied: true, userId: record.userId, purpose: record.purpose, mfaMethod: account.mfaMethod };
      }
      account.phoneNumber = record.newPhoneNumber;
      return { applied: true, userId: record.userId, purpose: record.purpose, phoneNumber: account.phoneNumber };
    },
    async "users/mfa-enforcement"(tenantId, { userId, mode, enforced }) {
      const account = user(tenantId, userId);
      if (mode === "set") {
        if (typeof enforced !== "boolean") fail(400, "invalid_enforced");
        account.mfaEnforced = enforced;
      } else if (mode !== "read") fail(400, "invalid_mode");
      return { userId, enforced: account.mfaEnforced };
    },
    async "users/phone"(tenantId, { userId, phoneNumber }) {
      const account = user(tenantId, userId);
      if (typeof phoneNumber !== "string" || !E164.test(phoneNumber)) fail(400, "invalid_phone_number");
      account.phoneNumber = phoneNumber;
      return { userId, phoneNumber };
    },
    async "tenant/signin-policy"(tenantId, { mode = "read" }) {
      if (mode !== "read") fail(400, "invalid_mode");
      return state.get(tenantId).policy;
    },
  };

  /** Stands in for the user completing the challenge: { startToken, code, newMfaMethod?, newPhoneNumber? } -> { receipt }. */
  async function completeStepUp(request) {
    const { startToken, code, newMfaMethod, newPhoneNumber } = await request.json().catch(() => ({}));
    const claims = await check(startToken, "step-up-start+jwt");
    const record = stepUps.get(claims.sid);
    if (!record || record.state !== "started") fail(409, "step_up_not_pending");
    if (code !== DEV_OTP) fail(401, "invalid_code");
    if (record.purpose === "change_mfa_method") record.newMfaMethod ??= MFA_METHODS.includes(newMfaMethod) ? newMfaMethod : fail(400, "invalid_mfa_method");
    if (record.purpose === "change_phone_number") record.newPhoneNumber ??= E164.test(newPhoneNumber ?? "") ? newPhoneNumber : fail(400, "invalid_phone_number");
    record.state = "completed";
    return { receipt: await token("step-up-receipt+jwt", { sub: record.userId, tid: record.tenantId, sid: claims.sid }, receiptTtlSeconds) };
  }

  return {
    server,
    /** The Worker/standard fetch handler. */
    async fetch(request) {
      const { pathname } = new URL(request.url);
      try {
        if (request.method === "GET" && pathname === "/health") return Response.json({ ok: true, publicKey: server.publicKey });
        if (request.method === "POST" && pathname === "/dev/step-up/complete") return Response.json(await completeStepUp(request));
      } catch (e) {
        if (e instanceof Failure) return Response.json({ error: e.error }, { status: e.status });
        throw e;
      }
      if (!pathname.startsWith("/v1/management/")) return Response.json({ error: "not_found" }, { status: 404 });
      let call;
      try {
        call = await server.openRequest(request);
      } catch (e) {
        if (e instanceof DelegationRequestError) return new Response(e.body, { status: e.status, headers: { "content-type": "application/json" } });
        throw e;
      }
      const route = Object.hasOwn(routes, pathname.slice(15)) ? routes[pathname.slice(15)] : undefined;
      if (route === undefined) return call.reply({ error: "not_found" }, { status: 404 });
      if (call.body === null || typeof call.body !== "object") return call.reply({ error: "invalid_request" }, { status: 400 });
      try {
        return await call.reply(await route(call.tenantId, call.body));
      } catch (e) {
        if (e instanceof Failure) return call.reply({ error: e.error }, { status: e.status });
        throw e;
      }
    },
  };
}
