// A Durable Object whose storage backs a KvReplayStore: POST { key, expiresAt, now } -> add()'s answer.
import { KvReplayStore } from "edgeauth";

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
    return env.REPLAY.get(env.REPLAY.idFromName("replay")).fetch(request);
  },
};
