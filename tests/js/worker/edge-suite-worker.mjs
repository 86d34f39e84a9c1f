// The shared suites a resource server relies on, inside workerd through the
// edge entry (its own wasm module): GET /list, GET /run?case=NAME, as
// suite-worker.mjs does for the full entry.
import * as ea from "edgeauth/edge";
import * as jose from "jose";
import { authzCases } from "../suites/authz.mjs";
import { issuerCases } from "../suites/issuer.mjs";
import { joseCases } from "../suites/jose.mjs";

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const kvStore = () => new ea.KvRevocationStore(env.REVOKED, { prefix: `${crypto.randomUUID()}:` });
    const cases = [...joseCases(ea, jose), ...authzCases(ea), ...issuerCases(ea, jose, kvStore)];
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
