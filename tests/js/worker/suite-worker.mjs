// Runs the shared conformance suites inside workerd, one case per request:
// GET /list -> case names; GET /run?case=NAME -> { ok, error? }.
import * as ea from "edgeauth";
import * as jose from "jose";
import { authzCases } from "../suites/authz.mjs";
import { issuerCases } from "../suites/issuer.mjs";
import { joseCases } from "../suites/jose.mjs";
import { delegationCases } from "../suites/delegation.mjs";
import { resourceCases } from "../suites/resource.mjs";

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    // The issuer suite's revocation store is Workers KV here (binding REVOKED).
    const kvStore = () => new ea.KvRevocationStore(env.REVOKED, { prefix: `${crypto.randomUUID()}:` });
    const cases = [...joseCases(ea, jose), ...authzCases(ea), ...issuerCases(ea, jose, kvStore), ...delegationCases(ea), ...resourceCases(ea)];
    if (url.pathname === "/list") return Response.json(cases.map((c) => c.name));
    const chosen = cases.find((c) => c.name === url.searchParams.get("case"));
    if (!chosen) return new Response("no such case", { status: 404 });
    try {
      await chosen.run();
      return Response.json({ ok: true });
    } catch (e) {
      return Response.json({ ok: false, error: `${e?.name}: ${e?.message}` });
    }
  },
};
