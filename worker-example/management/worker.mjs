// The reference management API as a Worker. Configure SERVER_SECRET_KEY (a
// secret: `wrangler secret put SERVER_SECRET_KEY`) and TENANTS (JSON of tenant
// id -> edg_pk_v1_ key); bind a KV namespace as REPLAY to share the replay
// store across isolates (without it each isolate remembers its own ids).
// State (users, step-ups) lives in the isolate's memory: a reference, not storage.
import { KvReplayStore } from "edgeauth";
import { createManagementApp } from "./app.mjs";

let app;

export default {
  async fetch(request, env) {
    app ??= createManagementApp({
      secretKey: env.SERVER_SECRET_KEY,
      tenants: typeof env.TENANTS === "string" ? JSON.parse(env.TENANTS) : env.TENANTS,
      replayStore: env.REPLAY ? new KvReplayStore(env.REPLAY) : undefined,
    });
    return app.fetch(request);
  },
};
