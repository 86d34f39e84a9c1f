// login-example's D1RevocationStore inside workerd, against the shared
// suites every RevocationStore passes (the consume() contract, the rotation
// race with 2, 8 and 64 concurrent rotations, the issuer's revocation and
// rotation cases): GET /list, GET /run?case=NAME, as suite-worker.mjs does.
// The binding DB is a D1 database with login-example/schema.sql applied.
import * as ea from "edgeauth";
import * as jose from "jose";
import { issuerCases } from "../suites/issuer.mjs";
import { rotationCases } from "../suites/rotation.mjs";
import { D1RevocationStore } from "../../../login-example/src/d1-revocation.js";
import { serveCases } from "./serve-cases.mjs";

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const d1Store = () => new D1RevocationStore(env.DB);
    const cases = [
      ...issuerCases(ea, jose, d1Store).filter((c) => /revocation|rotation/.test(c.name)).map((c) => ({ ...c, name: `d1: ${c.name}` })),
      ...rotationCases(ea, "D1", d1Store),
    ];
    return serveCases(url, cases);
  },
};
