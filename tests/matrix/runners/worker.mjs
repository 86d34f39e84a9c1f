// workerd: the conformance script inside a request handler (workerd allows
// randomness only there). GET /?mode=main|fallback -> the report as JSON.
// The fixtures come in as the FIXTURES binding.
import * as ea from "edgeauth";
import * as jose from "jose";
import { conformance } from "../conformance.mjs";

export default {
  async fetch(request, env) {
    const mode = new URL(request.url).searchParams.get("mode") ?? "main";
    return Response.json(await conformance(ea, jose, env.FIXTURES, { mode }));
  },
};
