// Replay stores on Durable Objects.
//   POST /            { key, expiresAt, now } -> KvReplayStore over a ReplayObject's own storage
//   POST /edgeauth    { key, expiresAt, now } -> DurableObjectReplayStore (binding STORE, the package's EdgeAuthDurableObject)
//   POST /raw         any body, straight to the EdgeAuthDurableObject (its own input checks)
import { KvReplayStore, DurableObjectReplayStore } from "edgeauth";

export { EdgeAuthDurableObject } from "edgeauth";

export class ReplayObject {
  constructor(state) {
    this.store = new KvReplayStore(state.storage);
  }
  async fetch(request) {
    const { key, expiresAt, now } = await request.json();
    return Response.json(await this.store.add(key, expiresAt, now));
  }
}

export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path === "/raw") return env.STORE.get(env.STORE.idFromName("raw")).fetch("https://edgeauth.store/", { method: "POST", body: await request.text() });
    if (path === "/edgeauth") {
      const { key, expiresAt, now } = await request.json();
      try {
        return Response.json(await new DurableObjectReplayStore(env.STORE).add(key, expiresAt, now));
      } catch (e) {
        return Response.json({ code: e.code }, { status: 400 });
      }
    }
    return env.REPLAY.get(env.REPLAY.idFromName("replay")).fetch(request);
  },
};
