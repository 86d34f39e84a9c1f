// The shared suites a resource server relies on, inside workerd through the
// edge entry (its own wasm module): GET /list, GET /run?case=NAME, as
// suite-worker.mjs does for the full entry.
import * as ea from "edgeauth/edge";
import * as jose from "jose";
import { authzCases } from "../suites/authz.mjs";
import { issuerCases } from "../suites/issuer.mjs";
import { joseCases } from "../suites/jose.mjs";
import { pemCases } from "../suites/pem.mjs";
import { resourceCases } from "../suites/resource.mjs";
import { rotationCases } from "../suites/rotation.mjs";
import { serveCases } from "./serve-cases.mjs";

// The Durable Object behind DurableObjectRevocationStore (binding STORE).
export { EdgeAuthDurableObject } from "edgeauth/edge";

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
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
      ...resourceCases(ea),
    ];
    return serveCases(url, cases);
  },
};
