// Runs the shared conformance suites inside workerd, one case per request:
// GET /list -> case names; GET /run?case=NAME -> { ok, error? }.
import * as ea from "edgeauth";
import * as jose from "jose";
import { authzCases } from "../suites/authz.mjs";
import { issuerCases } from "../suites/issuer.mjs";
import { joseCases } from "../suites/jose.mjs";
import { pemCases } from "../suites/pem.mjs";
import { delegationCases } from "../suites/delegation.mjs";
import { resourceCases } from "../suites/resource.mjs";
import { rotationCases } from "../suites/rotation.mjs";
import { dpopCases } from "../suites/dpop.mjs";
import { serveCases } from "./serve-cases.mjs";

// The Durable Object behind DurableObjectRevocationStore (binding STORE).
export { EdgeAuthDurableObject } from "edgeauth";

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    // The issuer suite runs twice: revocation over Workers KV (binding
    // REVOKED), which refuses to rotate, and over the Durable Object store.
    const kvStore = () => new ea.KvRevocationStore(env.REVOKED, { prefix: `${crypto.randomUUID()}:` });
    const doStore = () => new ea.DurableObjectRevocationStore(env.STORE, { prefix: `${crypto.randomUUID()}:` });
    const named = (prefix, list) => list.map((c) => ({ ...c, name: `${prefix}${c.name}` }));
    const cases = [
      ...joseCases(ea, jose),
      ...pemCases(ea, jose),
      ...authzCases(ea),
      ...named("kv: ", issuerCases(ea, jose, kvStore, { rotates: false })),
      ...named("durable object: ", issuerCases(ea, jose, doStore).filter((c) => /revocation|rotation/.test(c.name))),
      ...rotationCases(ea, "Durable Object", doStore),
      ...dpopCases(ea, jose, () => new ea.KvReplayStore(env.REVOKED, { prefix: `${crypto.randomUUID()}:` }), "Workers KV"),
      ...dpopCases(ea, jose, () => new ea.DurableObjectReplayStore(env.STORE, { prefix: `${crypto.randomUUID()}:` }), "Durable Object").filter((c) => /replay store/.test(c.name)),
      ...delegationCases(ea),
      ...resourceCases(ea),
    ];
    return serveCases(url, cases);
  },
};
