// The bench worker: GET /run?w=WORKLOAD&impl=IMPL&n=N runs a batch and
// answers when done. workerd's clock only advances on I/O, so the caller
// times the request from outside and subtracts an n=0 baseline.
import * as edge from "edgeauth/edge";
import * as full from "edgeauth";
import * as edgeGlue from "../node_modules/edgeauth/wasm/edgeauth_edge.js";
import * as jose from "jose";
import { runBatch, setup } from "./workloads.mjs";

let workloads;

export default {
  async fetch(request) {
    workloads ??= await setup({ edge, full, edgeGlue }, jose);
    const url = new URL(request.url);
    if (url.pathname === "/list") return Response.json(Object.fromEntries(Object.entries(workloads).map(([k, v]) => [k, Object.keys(v)])));
    const fn = workloads[url.searchParams.get("w")]?.[url.searchParams.get("impl")];
    const n = Number(url.searchParams.get("n"));
    if (n > 0) await runBatch(fn, n);
    return new Response("ok");
  },
};
