// The host side of the crypto split (DESIGN.md "Crypto goes where it is
// fastest"): RSA and ECDSA signatures, and Ed25519 where the host has it,
// run in WebCrypto. The core decides which key and whether the host is
// needed; this file only maps an algorithm name to WebCrypto parameters and
// caches imported CryptoKeys.

import * as wasm from "../wasm/edgeauth.js";
import { NotSupportedError } from "./errors.js";
import { isWorkers } from "./http.js";

const RSA = (name, hash) => ({ import: { name, hash }, op: name === "RSA-PSS" ? { name, saltLength: hash.slice(4) / 8 } : { name } });
const EC = (namedCurve, hash) => ({ import: { name: "ECDSA", namedCurve }, op: { name: "ECDSA", hash } });

const PARAMS = {
  RS256: RSA("RSASSA-PKCS1-v1_5", "SHA-256"),
  RS384: RSA("RSASSA-PKCS1-v1_5", "SHA-384"),
  RS512: RSA("RSASSA-PKCS1-v1_5", "SHA-512"),
  PS256: RSA("RSA-PSS", "SHA-256"),
  PS384: RSA("RSA-PSS", "SHA-384"),
  PS512: RSA("RSA-PSS", "SHA-512"),
  ES256: EC("P-256", "SHA-256"),
  ES384: EC("P-384", "SHA-384"),
  EdDSA: { import: { name: "Ed25519" }, op: { name: "Ed25519" } },
};
PARAMS.Ed25519 = PARAMS.EdDSA;

export function params(alg) {
  return PARAMS[alg];
}

const isEd25519 = (alg) => PARAMS[alg]?.import.name === "Ed25519";

let ed25519InHost; // undefined until probed, then true/false

/**
 * Whether the host's WebCrypto verifies Ed25519 (Node >= 20, workerd,
 * Chromium >= 137, Deno, Bun). Where it does not, the wasm implementation is
 * used. Probed once; later calls answer synchronously through `ed25519Known`.
 */
export function ed25519Known() {
  return ed25519InHost;
}

export async function hostHasEd25519() {
  if (ed25519InHost === undefined) {
    try {
      await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" }, { name: "Ed25519" }, false, ["verify"]);
      ed25519InHost = true;
    } catch {
      ed25519InHost = false;
    }
  }
  return ed25519InHost;
}

/**
 * Where neither the host nor this entry's wasm module has Ed25519 (the lean
 * entries compute none in wasm; the core then leaves EdDSA to the host):
 * the refusal, instead of the host's DOMException.
 */
export function ed25519Unavailable(what) {
  return new NotSupportedError(`EdDSA ${what} needs Ed25519, which this runtime's WebCrypto lacks and this entry's wasm module does not include: import the full entry "edgeauth" instead`);
}

/** Throws ed25519Unavailable when `alg` is Ed25519 and the host has been found to lack it. */
export function refuseWithoutHostEd25519(alg, what) {
  if (ed25519InHost === false && isEd25519(alg)) throw ed25519Unavailable(what);
}

/** A key's place in its algorithm's slots: verify and sign keys side by side. */
const slotOf = (index, usage) => 2 * index + (usage === "sign" ? 1 : 0);

/**
 * A per-key-set cache of imported CryptoKeys, by algorithm, key position and
 * usage. Only settled CryptoKeys are cached, never promises, so a Worker
 * never awaits work started by another request.
 */
export class CryptoKeyCache {
  #byAlg = new Map();

  /** The cached key, or undefined. */
  peek(alg, index, usage) {
    return this.#byAlg.get(alg)?.[slotOf(index, usage)];
  }

  /** Import `jwk()` (JWK object or JSON text, built only on a miss) and cache it. */
  async get(alg, index, jwk, usage) {
    const cached = this.peek(alg, index, usage);
    if (cached !== undefined) return cached;
    const material = jwk();
    const key = await crypto.subtle.importKey("jwk", typeof material === "string" ? JSON.parse(material) : material, PARAMS[alg].import, false, [usage]);
    let slots = this.#byAlg.get(alg);
    if (slots === undefined) this.#byAlg.set(alg, (slots = []));
    slots[slotOf(index, usage)] = key;
    return key;
  }

  clear() {
    this.#byAlg.clear();
  }
}

// The wasm side leaves a signature for WebCrypto in one HostScratch (see
// bindings/wasm/src/jose.rs) instead of a new object per token, and takes
// tokens from its input buffer. Created on first use: lib/ is evaluated
// before the entry instantiates the module.
let scratch;
let metaPtr;
let memory;
let algNames;
let u8 = new Uint8Array(0);
let u32 = new Uint32Array(0);
let inputPtr = 0;
let inputRoom = 0;
let input = u8;
const encoder = new TextEncoder();

/** The HostScratch `verify` calls write into. */
export function hostScratch() {
  if (scratch === undefined) {
    // workerd runs WebCrypto on the calling thread: claims in the same call.
    scratch = new wasm.HostScratch(isWorkers);
    metaPtr = scratch.metaPtr() >>> 2;
    memory = wasm.wasmMemory();
    algNames = wasm.algNames();
  }
  return scratch;
}

/** Fresh views when wasm memory has grown (which detaches the old ones). */
function views() {
  const buffer = memory.buffer;
  if (u8.buffer !== buffer) {
    u8 = new Uint8Array(buffer);
    u32 = new Uint32Array(buffer);
    input = u8.subarray(inputPtr, inputPtr + inputRoom);
  }
}

/**
 * Write `text` (a string) as UTF-8 into the scratch's input buffer and
 * return its length in bytes, for the wasm call that reads it next (`verify`,
 * `lookupAuthorization`). Call it right before that call, with nothing in
 * between that could await or verify another token.
 */
export function scratchInput(text) {
  hostScratch();
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  const room = text.length * 3;
  if (room > inputRoom) {
    inputPtr = scratch.reserveInput(room);
    inputRoom = room;
    u8 = new Uint8Array(0); // views() rebuilds every view for the new room
  }
  views();
  return encoder.encodeInto(text, input).written;
}

/**
 * The signature check the last `verify` call left, or undefined when the
 * core checked the signature itself. `signature` and `input` are views of
 * wasm memory, valid until the next call into wasm: `hostVerify` hands them
 * straight to `crypto.subtle.verify`, which takes copies of its arguments
 * before it returns its promise (the WebCrypto spec's verify() steps; Node's
 * SignJob copies in its constructor; tests/js/suites/jose.mjs "concurrent
 * verifications" checks it in Node and workerd), and copies them itself
 * when it must await first.
 * @returns {{ alg: string, candidates: number[], signature: Uint8Array, input: Uint8Array } | undefined}
 */
export function takeHostCheck() {
  views();
  const alg = u32[metaPtr];
  if (alg === 0) return undefined;
  const bytes = u32[metaPtr + 1];
  const inputAt = bytes + u32[metaPtr + 2];
  const at = u32[metaPtr + 4] >>> 2;
  const count = u32[metaPtr + 5];
  return {
    alg: algNames[alg - 1],
    candidates: count === 1 ? [u32[at]] : Array.from(u32.subarray(at, at + count)),
    signature: u8.subarray(bytes, inputAt),
    input: u8.subarray(inputAt, inputAt + u32[metaPtr + 3]),
  };
}

/** Whether `check`'s signature verifies with one of its candidate keys. */
export function hostVerify(check, cache, publicJwk) {
  const { alg, candidates } = check;
  refuseWithoutHostEd25519(alg, "verification");
  const key = candidates.length === 1 ? cache.peek(alg, candidates[0], "verify") : undefined;
  // The common case (one candidate, key imported) without an extra async step.
  if (key !== undefined) return crypto.subtle.verify(PARAMS[alg].op, key, check.signature, check.input);
  // Key imports await and call into wasm: own copies of the bytes first.
  return verifyEach(alg, candidates, check.signature.slice(), check.input.slice(), cache, publicJwk);
}

async function verifyEach(alg, candidates, signature, input, cache, publicJwk) {
  for (const index of candidates) {
    const key = cache.peek(alg, index, "verify") ?? (await cache.get(alg, index, () => publicJwk(index), "verify"));
    if (await crypto.subtle.verify(PARAMS[alg].op, key, signature, input)) return true;
  }
  return false;
}
