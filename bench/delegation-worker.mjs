// Runs `n` delegated calls inside workerd per request: GET /?n=N.
import * as ea from "edgeauth";
import { makeCycle } from "./delegation-cycle.mjs";

export default {
  async fetch(request) {
    const n = Number(new URL(request.url).searchParams.get("n"));
    const cycle = makeCycle(ea);
    for (let i = 0; i < n; i++) await cycle();
    return new Response(String(n));
  },
};
