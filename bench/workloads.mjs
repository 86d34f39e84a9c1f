// Benchmark workloads, identical in Node and workerd. `setup(ea, jose)`
// builds keys and tokens once (inside a handler on workerd); each workload
// is an async function run `n` times by `runBatch`. `ea` is
// { edge, full, edgeGlue }: JOSE, PKCE and the Authenticator run on the edge
// entry (the one resource servers use), argon2id on the full one; edgeGlue
// is the edge module's glue, for the string-path row.
import { stringPaths } from "./string-path.mjs";

export const VERIFY_ALGS = ["HS256", "EdDSA", "ES256", "RS256", "PS256"];

const RAW = {
  HS256: { import: { name: "HMAC", hash: "SHA-256" }, op: { name: "HMAC" } },
  EdDSA: { import: { name: "Ed25519" }, op: { name: "Ed25519" } },
  ES256: { import: { name: "ECDSA", namedCurve: "P-256" }, op: { name: "ECDSA", hash: "SHA-256" } },
  RS256: { import: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, op: { name: "RSASSA-PKCS1-v1_5" } },
  PS256: { import: { name: "RSA-PSS", hash: "SHA-256" }, op: { name: "RSA-PSS", saltLength: 32 } },
};

function b64decode(s) {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function setup({ edge: ea, full, edgeGlue }, jose) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: "user-123", iss: "https://issuer.example", aud: "api", iat: now, exp: now + 3600, scope: "read write" };
  const workloads = {};
  for (const alg of VERIFY_ALGS) {
    let privateJwk;
    let publicJwk;
    if (alg === "HS256") {
      privateJwk = publicJwk = { kty: "oct", k: jose.base64url.encode(crypto.getRandomValues(new Uint8Array(32))) };
    } else {
      const pair = await jose.generateKeyPair(alg, { extractable: true, crv: alg === "EdDSA" ? "Ed25519" : undefined });
      privateJwk = await jose.exportJWK(pair.privateKey);
      publicJwk = await jose.exportJWK(pair.publicKey);
    }
    const joseKey = await jose.importJWK(publicJwk, alg);
    const token = await new jose.SignJWT(claims).setProtectedHeader({ alg, typ: "JWT" }).sign(await jose.importJWK(privateJwk, alg));
    const rawKey = await crypto.subtle.importKey("jwk", publicJwk, RAW[alg].import, false, ["verify"]);
    const [h, p, s] = token.split(".");
    const input = new TextEncoder().encode(`${h}.${p}`);
    const signature = b64decode(s);
    const options = { issuer: claims.iss, audience: "api", algorithms: [alg] };
    const joseOptions = { issuer: claims.iss, audience: "api", algorithms: [alg] };
    workloads[`verify ${alg}`] = {
      jose: () => jose.jwtVerify(token, joseKey, joseOptions),
      floor: () => crypto.subtle.verify(RAW[alg].op, rawKey, signature, input),
      // The least any verifier does past the floor: split the token, decode
      // the signature (with jose's base64url) and the signing input, parse
      // the payload. No header, no key selection, no claim checks: a lower
      // bound, not a library.
      minimal: async () => {
        const dot = token.lastIndexOf(".");
        const input = encoder.encode(token.slice(0, dot));
        if (!(await crypto.subtle.verify(RAW[alg].op, rawKey, jose.base64url.decode(token.slice(dot + 1)), input))) throw new Error("bad signature");
        return JSON.parse(decoder.decode(jose.base64url.decode(token.slice(token.indexOf(".") + 1, dot))));
      },
      edgeauth: () => ea.verifyJwt(token, publicJwk, options),
    };
    if (alg === "RS256") workloads["token→wasm x100"] = stringPaths(edgeGlue, token);
  }
  for (const alg of ["HS256", "EdDSA", "ES256"]) {
    const pair =
      alg === "HS256"
        ? { privateJwk: { kty: "oct", k: jose.base64url.encode(crypto.getRandomValues(new Uint8Array(32))) } }
        : await ea.generateKeyPair(alg);
    const joseKey = await jose.importJWK(pair.privateJwk, alg);
    workloads[`sign ${alg}`] = {
      jose: () => new jose.SignJWT(claims).setProtectedHeader({ alg }).sign(joseKey),
      edgeauth: () => ea.signJwt(claims, pair.privateJwk, { alg }),
    };
  }
  {
    // A resource server answering a request whose token it has seen: the
    // Authenticator's warm cache, against jose verifying the same ES256 token.
    const { privateJwk, publicJwk } = await ea.generateKeyPair("ES256");
    const token = await ea.signJwt(claims, privateJwk, { alg: "ES256" });
    const auth = new ea.Authenticator({ issuer: claims.iss, audience: "api", jwks: { keys: [publicJwk] } });
    const request = new Request("https://api.example/me", { headers: { authorization: `Bearer ${token}` } });
    await auth.authenticate(request);
    const joseKey = await jose.importJWK(publicJwk, "ES256");
    workloads["auth cached"] = {
      jose: () => jose.jwtVerify(token, joseKey, { issuer: claims.iss, audience: "api" }),
      edgeauth: () => auth.authenticate(request),
    };
  }
  workloads["argon2id"] = {
    // OWASP defaults (19 MiB, t=2, p=1); jose has no password hashing.
    edgeauth: () => full.hashPassword("correct horse battery staple"),
  };
  workloads["PKCE pair"] = {
    // What an app writes without a library: 32 random bytes, SHA-256, base64url.
    floor: async () => {
      const v = jose.base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
      return jose.base64url.encode(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(v))));
    },
    edgeauth: async () => ea.createPkce(),
  };
  return workloads;
}

/** Run `fn` n times sequentially; returns nothing (timing is the caller's). */
export async function runBatch(fn, n) {
  for (let i = 0; i < n; i++) await fn();
}
