// The host side of the crypto split (DESIGN.md "Crypto goes where it is
// fastest"): RSA and ECDSA signatures, and Ed25519 where the host has it,
// run in WebCrypto. The core decides which key and whether the host is
// needed; this file only maps an algorithm name to WebCrypto parameters and
// caches imported CryptoKeys.

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
 * A per-key-set cache of imported CryptoKeys, indexed by key position and
 * algorithm. Only settled CryptoKeys are cached, never promises, so a Worker
 * never awaits work started by another request.
 */
export class CryptoKeyCache {
  #keys = new Map();

  /** The cached key, or undefined. */
  peek(alg, index, usage) {
    return this.#keys.get(`${alg}/${index}/${usage}`);
  }

  /** Import `jwk()` (JWK object or JSON text, built only on a miss) and cache it. */
  async get(alg, index, jwk, usage) {
    const cached = this.peek(alg, index, usage);
    if (cached !== undefined) return cached;
    const material = jwk();
    const key = await crypto.subtle.importKey("jwk", typeof material === "string" ? JSON.parse(material) : material, PARAMS[alg].import, false, [usage]);
    this.#keys.set(`${alg}/${index}/${usage}`, key);
    return key;
  }

  clear() {
    this.#keys.clear();
  }
}

/** Verify `prepared`'s signature with the host against each candidate key. */
export async function hostVerify(prepared, cache, publicJwk) {
  const alg = prepared.alg;
  const signature = prepared.signature;
  const input = prepared.signingInput;
  for (const index of prepared.candidates) {
    const key = cache.peek(alg, index, "verify") ?? (await cache.get(alg, index, () => publicJwk(index), "verify"));
    if (await crypto.subtle.verify(PARAMS[alg].op, key, signature, input)) return true;
  }
  return false;
}
