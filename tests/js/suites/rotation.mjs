// Single-use refresh rotation under concurrency (issue 15, RFC 9700 §4.14.2):
// N rotations of one refresh token, started together through two TokenIssuer
// instances sharing one store, with every store call delayed by a random
// 0-`latencyMs` ms before and after (what a network store adds). Exactly one
// may win; every other caller gets RefreshTokenReuseError, and the family
// ends revoked, so the winner's new refresh token is refused too.
// Runs in Node (memory, Redis) and in workerd (Durable Object store).
import { equal, ok, rejects } from "./check.mjs";

export const ROTATION_SIZES = [2, 8, 64];

/** `store` with every call delayed by up to `latencyMs` before and after. */
export function withLatency(store, latencyMs) {
  const pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() * latencyMs));
  const delayed = (name) => async (...args) => {
    await pause();
    const result = await store[name](...args);
    await pause();
    return result;
  };
  return { has: delayed("has"), add: delayed("add"), consume: delayed("consume") };
}

/**
 * Race `n` rotations of one token; returns { winners, reused, other } counts
 * after checking the outcome. `makeStore()` gives a fresh shared store.
 */
export async function raceRotations(ea, makeStore, n, { latencyMs = 5, secret = "a-rotation-secret-that-is-at-least-32-bytes" } = {}) {
  const shared = withLatency(makeStore(), latencyMs);
  const a = new ea.TokenIssuer({ secret, revocation: shared });
  const b = new ea.TokenIssuer({ secret, revocation: shared });
  const token = await a.issueRefresh("victim", { device: "d1" });
  const outcomes = await Promise.allSettled(Array.from({ length: n }, (_, i) => (i % 2 ? b : a).rotateRefresh(token)));
  const won = outcomes.filter((o) => o.status === "fulfilled").map((o) => o.value);
  const reused = outcomes.filter((o) => o.status === "rejected" && o.reason instanceof ea.RefreshTokenReuseError).length;
  const other = outcomes.filter((o) => o.status === "rejected" && !(o.reason instanceof ea.RefreshTokenReuseError)).map((o) => `${o.reason?.code}: ${o.reason?.message}`);
  const result = { n, winners: won.length, reused, other };
  equal(other.length, 0, `N=${n}: unexpected errors ${JSON.stringify(other)}`);
  equal(won.length, 1, `N=${n}: exactly one rotation wins`);
  equal(reused, n - 1, `N=${n}: every other caller gets RefreshTokenReuseError`);
  // The family is revoked: the winner's new refresh token is refused by both issuers.
  await rejects(() => a.verifyRefresh(won[0].refreshToken), "ERR_TOKEN_REVOKED", `N=${n}: winner's refresh token after the race`);
  await rejects(() => b.rotateRefresh(won[0].refreshToken), "ERR_REFRESH_TOKEN_REUSED", `N=${n}: rotating the winner's token`);
  equal((await b.verifyAccess(won[0].accessToken)).device, "d1", `N=${n}: the winner's access token is a normal one`);
  // Another family on the same store is untouched.
  const other1 = await b.issueRefresh("bystander");
  ok((await a.rotateRefresh(other1)).refreshToken, `N=${n}: other families still rotate`);
  return result;
}

/** The consume() contract, then one race case per N; named for the store. */
export function rotationCases(ea, storeName, makeStore) {
  const contract = {
    name: `${storeName} store: consume is true once, false after consume or add, and reads as revoked`,
    run: async () => {
      const store = makeStore();
      const now = Math.floor(Date.now() / 1000);
      equal(await store.consume("j1", now + 100), true, "first spend");
      equal(await store.consume("j1", now + 100), false, "second spend");
      await store.add("j2", now + 100);
      equal(await store.consume("j2", now + 100), false, "a revoked id cannot be spent");
      equal(await store.has("j1"), true, "a spent id reads as revoked");
      equal(await store.has("j3"), false, "unknown id");
      await rejects(() => store.consume(7, now + 100), "ERR_CONFIG", "non-string id");
      await rejects(() => store.consume("j4", "soon"), "ERR_CONFIG", "non-number expiry");
    },
  };
  return [
    contract,
    ...ROTATION_SIZES.map((n) => ({
      name: `rotation race (${storeName}): N=${n} concurrent rotations, one winner, family revoked`,
      run: () => raceRotations(ea, makeStore, n),
    })),
  ];
}
