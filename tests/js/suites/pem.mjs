// PEM keys (lib/pem.js), the same in Node and workerd: PKCS#8, SPKI and
// X.509 read as JWKs and accepted wherever a key goes (signJwt, verifyJwt,
// TokenIssuer), interop with jose both ways, and the refusals: RFC 7468
// armour, DER structure, key type against algorithm, RSA size, other forms.
import { deepEqual, equal, ok, rejects } from "./check.mjs";
import * as fx from "../../vectors/pem/fixtures.mjs";

/** PEM text of `der` (RFC 7468 §2: 64-character lines). */
export function armour(label, der) {
  const text = btoa(String.fromCharCode(...new Uint8Array(der)));
  return `-----BEGIN ${label}-----\n${(text.match(/.{1,64}/g) ?? []).join("\n")}\n-----END ${label}-----\n`;
}

/** The DER bytes inside PEM text (for building broken variants). */
export function derOf(pem) {
  const body = pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
  return Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
}

/** A DER element: tag, definite length, content. */
function tlv(tag, ...parts) {
  const content = parts.flatMap((p) => [...p]);
  const n = content.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Uint8Array.from([tag, ...length, ...content]);
}

/** SPKI PEM of a public JWK, through the runtime's WebCrypto (independent of lib/pem.js). */
async function spkiPem(jwk, importParams) {
  const key = await crypto.subtle.importKey("jwk", { kty: jwk.kty, crv: jwk.crv, n: jwk.n, e: jwk.e, x: jwk.x, y: jwk.y }, importParams, true, ["verify"]);
  return armour("PUBLIC KEY", await crypto.subtle.exportKey("spki", key));
}

const IMPORT = {
  ES256: { name: "ECDSA", namedCurve: "P-256" },
  ES384: { name: "ECDSA", namedCurve: "P-384" },
  RS256: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
  PS256: { name: "RSA-PSS", hash: "SHA-256" },
  EdDSA: { name: "Ed25519" },
};

const KEYS = [
  ["ES256", fx.p256],
  ["ES384", fx.p384],
  ["RS256", fx.rsa],
  ["PS256", fx.rsa],
  ["EdDSA", fx.ed25519],
];

const KTY = { ES256: ["EC", "P-256"], ES384: ["EC", "P-384"], RS256: ["RSA"], PS256: ["RSA"], EdDSA: ["OKP", "Ed25519"] };

/** The second base64 line of a PEM: key material no error message may contain. */
const secretLine = (pem) => pem.split("\n")[2];

export function pemCases(ea, jose) {
  const now = () => Math.floor(Date.now() / 1000);
  const payload = () => ({ sub: "pem-user", iat: now(), exp: now() + 60 });
  const noKeyIn = (error, pem) => ok(!error.message.includes(secretLine(pem).slice(0, 16)), `the error names key material: ${error.message}`);

  return [
    {
      name: "pem: PKCS#8, SPKI and X.509 (v3 and v1) read as JWKs for ES256, ES384, RS256, PS256, EdDSA; signJwt/verifyJwt take the PEM text",
      async run() {
        for (const [alg, keys] of KEYS) {
          const privateJwk = await ea.importPkcs8(keys.privateKey, alg);
          const [kty, crv] = KTY[alg];
          equal(privateJwk.alg, alg, alg);
          equal(privateJwk.kty, kty, alg);
          equal(privateJwk.crv, crv, alg);
          ok(typeof privateJwk.d === "string", `${alg}: a private JWK`);
          ok(privateJwk.key_ops === undefined && privateJwk.ext === undefined, `${alg}: no WebCrypto members`);
          const fromCert = await ea.importX509(keys.certificate, alg);
          equal(fromCert.d, undefined, `${alg}: the certificate's key is public`);
          equal(fromCert.alg, alg);
          const spki = await spkiPem(fromCert, IMPORT[alg]);
          const fromSpki = await ea.importSpki(spki, alg);
          deepEqual(fromSpki, fromCert, `${alg}: SPKI and certificate`);
          equal(ea.jwkThumbprint(fromSpki), ea.jwkThumbprint(privateJwk), `${alg}: the pair`);

          const token = await ea.signJwt(payload(), keys.privateKey, { alg, kid: "k1" });
          for (const key of [keys.certificate, spki, fromCert, keys.privateKey]) {
            const { payload: seen, protectedHeader } = await ea.verifyJwt(token, key, { algorithms: [alg] });
            equal(seen.sub, "pem-user");
            equal(protectedHeader.alg, alg);
          }
        }
        const v1 = await ea.importX509(fx.p256V1Certificate, "ES256");
        deepEqual(v1, await ea.importX509(fx.p256.certificate, "ES256"), "a version 1 certificate (no [0] version)");
        const withSpace = `\n  ${fx.p256.certificate.replace(/\n/g, "\r\n")}  \n`;
        equal((await ea.importX509(withSpace, "ES256")).x, v1.x, "CRLF lines and whitespace around");
      },
    },
    {
      name: "pem: a token signed with another key fails against the PEM public key",
      async run() {
        const token = await ea.signJwt(payload(), fx.p256.privateKey, { alg: "ES256" });
        const other = await ea.generateKeyPair("ES256");
        const otherSpki = await spkiPem(other.publicJwk, IMPORT.ES256);
        await rejects(() => ea.verifyJwt(token, otherSpki, { algorithms: ["ES256"] }), "ERR_JWS_SIGNATURE_INVALID");
      },
    },
    {
      name: "pem: interop with jose both ways (importPKCS8/importSPKI/importX509)",
      async run() {
        for (const [alg, keys] of KEYS) {
          const fromJose = await new jose.SignJWT(payload()).setProtectedHeader({ alg }).sign(await jose.importPKCS8(keys.privateKey, alg));
          equal((await ea.verifyJwt(fromJose, keys.certificate, { algorithms: [alg] })).payload.sub, "pem-user", `${alg}: jose signs, we verify`);
          const ours = await ea.signJwt(payload(), keys.privateKey, { alg });
          equal((await jose.jwtVerify(ours, await jose.importX509(keys.certificate, alg))).payload.sub, "pem-user", `${alg}: we sign, jose verifies (X.509)`);
          const spki = await spkiPem(await ea.importX509(keys.certificate, alg), IMPORT[alg]);
          equal((await jose.jwtVerify(ours, await jose.importSPKI(spki, alg))).payload.sub, "pem-user", `${alg}: jose verifies (SPKI)`);
          const joseJwk = await jose.exportJWK(await jose.importPKCS8(keys.privateKey, alg, { extractable: true }));
          const ourJwk = await ea.importPkcs8(keys.privateKey, alg);
          for (const member of ["kty", "crv", "x", "y", "d", "n", "e"]) equal(ourJwk[member], joseJwk[member], `${alg}: ${member} as jose reads it`);
        }
      },
    },
    {
      name: "pem: TokenIssuer takes a PEM private key (jwks() once it has issued or verified a token)",
      async run() {
        const issuer = new ea.TokenIssuer({ privateJwk: fx.p256.privateKey, algorithm: "ES256", issuer: "https://pem.example", audience: "api" });
        await rejects(async () => issuer.jwks(), "ERR_CONFIG", "before the first token");
        const access = await issuer.issueAccess("pem-user");
        equal((await issuer.verifyAccess(access)).sub, "pem-user");
        const jwks = issuer.jwks();
        equal(jwks.keys.length, 1);
        equal(jwks.keys[0].d, undefined, "public only");
        equal(jwks.keys[0].kid, ea.jwkThumbprint(await ea.importX509(fx.p256.certificate, "ES256")));
        const verified = await jose.jwtVerify(access, jose.createLocalJWKSet(jwks), { issuer: "https://pem.example", audience: "api" });
        equal(verified.protectedHeader.kid, jwks.keys[0].kid);
        const fresh = new ea.TokenIssuer({ privateJwk: fx.p256.privateKey, algorithm: "ES256", issuer: "https://pem.example", audience: "api" });
        equal((await fresh.verifyAccess(access)).sub, "pem-user", "verifies before it has issued");
        deepEqual(fresh.jwks(), jwks, "and then publishes the same key");
        const rsa = new ea.TokenIssuer({ privateJwk: fx.rsa.privateKey, algorithm: "PS256" });
        equal((await rsa.verifyRefresh(await rsa.issueRefresh("r"))).sub, "r");
        equal(decodeAlg(await rsa.issueAccess("r")), "PS256");
        await rejects(async () => new ea.TokenIssuer({ privateJwk: fx.p256.privateKey }), "ERR_CONFIG", "no algorithm");
        await rejects(async () => new ea.TokenIssuer({ privateJwk: fx.p256.certificate, algorithm: "ES256" }), "ERR_JWK_INVALID", "a certificate");
        const wrongType = new ea.TokenIssuer({ privateJwk: fx.p256.privateKey, algorithm: "RS256" });
        await rejects(() => wrongType.issueAccess("x"), "ERR_JOSE_ALG_NOT_ALLOWED", "key type against algorithm, on first use");
      },
    },
    {
      name: "pem: the key type must fit the algorithm; HS* and unknown algorithms are refused",
      async run() {
        const cases = [
          [fx.p256.privateKey, "RS256"],
          [fx.p256.privateKey, "ES384"],
          [fx.p384.privateKey, "ES256"],
          [fx.rsa.privateKey, "ES256"],
          [fx.rsa.privateKey, "EdDSA"],
          [fx.ed25519.privateKey, "ES256"],
          [fx.ed25519.privateKey, "PS256"],
        ];
        for (const [pem, alg] of cases) {
          const e = await rejects(() => ea.importPkcs8(pem, alg), "ERR_JOSE_ALG_NOT_ALLOWED", alg);
          noKeyIn(e, pem);
        }
        await rejects(() => ea.importX509(fx.rsa.certificate, "ES256"), "ERR_JOSE_ALG_NOT_ALLOWED");
        await rejects(() => ea.signJwt(payload(), fx.p256.privateKey, { alg: "RS256" }), "ERR_JOSE_ALG_NOT_ALLOWED");
        await rejects(() => ea.importPkcs8(fx.p256.privateKey, "HS256"), "ERR_CONFIG");
        await rejects(() => ea.importPkcs8(fx.p256.privateKey, "ES512"), "ERR_CONFIG");
        await rejects(() => ea.importPkcs8(fx.p256.privateKey, undefined), "ERR_CONFIG");
        await rejects(() => ea.importPkcs8(42, "ES256"), "ERR_CONFIG");
        const token = await ea.signJwt(payload(), fx.p256.privateKey, { alg: "ES256" });
        await rejects(() => ea.verifyJwt(token, fx.p256.certificate), "ERR_CONFIG", "no algorithms");
        await rejects(() => ea.verifyJwt(token, fx.p256.certificate, { algorithms: ["ES256", "ES384"] }), "ERR_CONFIG", "two algorithms");
        await rejects(() => ea.verifyJwt(token, "not a key", { algorithms: ["ES256"] }), "ERR_CONFIG", "a string that is no PEM");
        const url = await rejects(() => ea.verifyJwt(token, "https://issuer.example/jwks", { algorithms: ["ES256"] }), "ERR_CONFIG", "a URL");
        ok(url.message.includes("createRemoteJwks"), url.message);
        await rejects(() => ea.signJwt(payload(), "not a key", { alg: "ES256" }), "ERR_CONFIG", "signJwt: a string that is no PEM");
      },
    },
    {
      name: "pem: RSA keys under 2048 bits and unsupported curves are refused",
      async run() {
        const small = await crypto.subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]) }, true, ["sign", "verify"]);
        const smallPrivate = armour("PRIVATE KEY", await crypto.subtle.exportKey("pkcs8", small.privateKey));
        const e = await rejects(() => ea.importPkcs8(smallPrivate, "RS256"), "ERR_JWK_INVALID");
        ok(/2048/.test(e.message) && /1024/.test(e.message), e.message);
        noKeyIn(e, smallPrivate);
        const smallPublic = armour("PUBLIC KEY", await crypto.subtle.exportKey("spki", small.publicKey));
        await rejects(() => ea.importSpki(smallPublic, "RS256"), "ERR_JWK_INVALID");
        await rejects(() => ea.signJwt(payload(), smallPrivate, { alg: "RS256" }), "ERR_JWK_INVALID");
        const p521 = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-521" }, true, ["sign"]);
        const p521Private = armour("PRIVATE KEY", await crypto.subtle.exportKey("pkcs8", p521.privateKey));
        await rejects(() => ea.importPkcs8(p521Private, "ES256"), "ERR_JOSE_NOT_SUPPORTED");
      },
    },
    {
      name: "pem: armour: other forms (encrypted PKCS#8, PKCS#1, SEC1) refused with the openssl command; labels, base64 and surroundings strict",
      async run() {
        const body = fx.p256.privateKey.split("\n").slice(1, -2).join("\n");
        const wrap = (label, end = label, inner = body) => `-----BEGIN ${label}-----\n${inner}\n-----END ${end}-----\n`;
        for (const label of ["ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"]) {
          const e = await rejects(() => ea.importPkcs8(wrap(label), "ES256"), "ERR_JOSE_NOT_SUPPORTED", label);
          ok(e.message.includes("openssl pkey"), e.message);
          await rejects(() => ea.signJwt(payload(), wrap(label), { alg: "ES256" }), "ERR_JOSE_NOT_SUPPORTED", `signJwt: ${label}`);
        }
        const pkcs1 = await rejects(() => ea.importSpki(wrap("RSA PUBLIC KEY"), "RS256"), "ERR_JOSE_NOT_SUPPORTED");
        ok(pkcs1.message.includes("openssl rsa"), pkcs1.message);
        const refused = [
          ["BEGIN and END differ", wrap("PRIVATE KEY", "PUBLIC KEY")],
          ["another label", wrap("PUBLIC KEY")],
          ["an unknown label", wrap("OPENSSH PRIVATE KEY")],
          ["garbage between the lines", wrap("PRIVATE KEY", "PRIVATE KEY", `Proc-Type: 4,ENCRYPTED\n${body}`)],
          ["a non-base64 character", wrap("PRIVATE KEY", "PRIVATE KEY", body.replace(/[A-Za-z]/, "!"))],
          ["a space inside a line", wrap("PRIVATE KEY", "PRIVATE KEY", body.replace(/^(.{10})/, "$1 "))],
          ["missing padding", wrap("PRIVATE KEY", "PRIVATE KEY", body.replace(/=+$/, "") + "A")],
          ["an empty body", "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n"],
          ["text before BEGIN", `key:\n${fx.p256.privateKey}`],
          ["text after END", `${fx.p256.privateKey}trailer\n`],
          ["no END line", fx.p256.privateKey.replace(/-----END[^]*$/, "")],
          ["two blocks", fx.p256.privateKey + fx.p256.privateKey],
          ["lower-case label", fx.p256.privateKey.replace(/PRIVATE KEY/g, "private key")],
        ];
        for (const [why, pem] of refused) {
          const e = await rejects(() => ea.importPkcs8(pem, "ES256"), "ERR_JWK_INVALID", why);
          noKeyIn(e, fx.p256.privateKey);
        }
        await rejects(() => ea.importX509(fx.p256.certificate + fx.p384.certificate, "ES256"), "ERR_JWK_INVALID", "a chain");
        // Non-canonical base64: unused bits of the last character set (a P-256 SPKI is 91 bytes: "==" padding).
        const spki = await spkiPem(await ea.importX509(fx.p256.certificate, "ES256"), IMPORT.ES256);
        const text = btoa(String.fromCharCode(...derOf(spki)));
        ok(text.endsWith("=="), "the case needs padding");
        const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        const last = text.at(-3);
        const bumped = `${text.slice(0, -3)}${alphabet[alphabet.indexOf(last) ^ 1]}==`;
        equal(atob(bumped), atob(text), "atob alone would take it");
        await rejects(() => ea.importSpki(`-----BEGIN PUBLIC KEY-----\n${bumped}\n-----END PUBLIC KEY-----`, "ES256"), "ERR_JWK_INVALID", "non-canonical base64");
      },
    },
    {
      name: "pem: DER: truncated, trailing data, indefinite and non-minimal lengths, and certificates missing parts are refused",
      async run() {
        for (const [label, pem, read, alg] of [
          ["PRIVATE KEY", fx.p256.privateKey, ea.importPkcs8, "ES256"],
          ["PUBLIC KEY", await spkiPem(await ea.importX509(fx.p256.certificate, "ES256"), IMPORT.ES256), ea.importSpki, "ES256"],
          ["CERTIFICATE", fx.p256.certificate, ea.importX509, "ES256"],
          ["CERTIFICATE", fx.rsa.certificate, ea.importX509, "RS256"],
        ]) {
          const der = derOf(pem);
          equal((await read(armour(label, der), alg)).alg, alg, `${label}: re-armoured as is`);
          const broken = [
            ["truncated", der.slice(0, der.length - 7)],
            ["cut in the header", der.slice(0, 1)],
            ["trailing data", Uint8Array.from([...der, 0x05, 0x00])],
            ["indefinite length", Uint8Array.from([der[0], 0x80, ...der.slice(2)])],
            ["not a SEQUENCE", Uint8Array.from([0x31, ...der.slice(1)])],
            ["a long length for a short value", Uint8Array.from([0x30, 0x82, 0x00, 0x05, 0x02, 0x01, 0x00, 0x05, 0x00])],
          ];
          for (const [why, bytes] of broken) {
            const e = await rejects(() => read(armour(label, bytes), alg), "ERR_JWK_INVALID", `${label}: ${why}`);
            noKeyIn(e, pem);
          }
        }
        // Certificates built by hand: the walker needs every field up to the SPKI.
        const seq = (...p) => tlv(0x30, ...p);
        const int = tlv(0x02, [1]);
        const spki = derOf(await spkiPem(await ea.importX509(fx.p256.certificate, "ES256"), IMPORT.ES256));
        const signed = (tbs) => armour("CERTIFICATE", seq(tbs, seq(tlv(0x06, [0x2a])), tlv(0x03, [0, 1])));
        equal((await ea.importX509(signed(seq(int, seq(), seq(), seq(), seq(), spki)), "ES256")).crv, "P-256", "the minimal shape is read");
        const bad = [
          ["no SPKI", seq(int, seq(), seq(), seq(), seq())],
          ["no subject", seq(int, seq(), seq(), seq(), spki)],
          ["serial not an INTEGER", seq(seq(), seq(), seq(), seq(), seq(), spki)],
          ["SPKI not a SEQUENCE", seq(int, seq(), seq(), seq(), seq(), tlv(0x04, spki))],
          ["SPKI with a trailing element", seq(int, seq(), seq(), seq(), seq(), seq(...[spki.slice(2), tlv(0x05, [])]))],
        ];
        for (const [why, tbs] of bad) await rejects(() => ea.importX509(signed(tbs), "ES256"), "ERR_JWK_INVALID", why);
        await rejects(() => ea.importX509(armour("CERTIFICATE", seq(seq(int, seq(), seq(), seq(), seq(), spki))), "ES256"), "ERR_JWK_INVALID", "no signature");
        await rejects(() => ea.importX509(armour("CERTIFICATE", seq(seq(int, seq(), seq(), seq(), seq(), spki), seq(), tlv(0x03, [0]), int)), "ES256"), "ERR_JWK_INVALID", "after the signature");
        // A well-formed DER key that WebCrypto refuses (EC point off the curve).
        const offCurve = derOf(await spkiPem(await ea.importX509(fx.p256.certificate, "ES256"), IMPORT.ES256));
        offCurve[offCurve.length - 1] ^= 1;
        await rejects(() => ea.importSpki(armour("PUBLIC KEY", offCurve), "ES256"), "ERR_JWK_INVALID", "a point off the curve");
      },
    },
  ];
}

function decodeAlg(token) {
  return JSON.parse(atob(token.split(".")[0].replace(/-/g, "+").replace(/_/g, "/"))).alg;
}
