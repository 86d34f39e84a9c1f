// workerd: the conformance script inside a request handler (workerd allows
// randomness only there), for the three entries loaded side by side.
// GET /?mode=main|fallback -> the reports as JSON. The fixtures come in as
// the FIXTURES binding.
import * as full from "edgeauth";
import * as edge from "edgeauth/edge";
import * as login from "edgeauth/login";
import * as jose from "jose";
import { conformance } from "../conformance.mjs";

const entries = { edgeauth: full, "edgeauth/edge": edge, "edgeauth/login": login };

export default {
  async fetch(request, env) {
    const mode = new URL(request.url).searchParams.get("mode") ?? "main";
    return Response.json(await conformance(entries, jose, env.FIXTURES, { mode }));
  },
};
