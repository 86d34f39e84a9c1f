// The JOSE suite in Node through the CommonJS entry: require("edgeauth").
const { test } = require("node:test");
const ea = require("edgeauth");

test("node-cjs: require() gives the full API with working error classes", () => {
  if (typeof ea.verifyJwt !== "function" || typeof ea.createRemoteJwks !== "function") throw new Error("exports missing");
  let caught;
  try {
    ea.decodeJwt("not-a-token");
  } catch (e) {
    caught = e;
  }
  if (!(caught instanceof ea.JwsInvalidError) || caught.code !== "ERR_JWS_INVALID") throw new Error(`wrong error: ${caught}`);
});

const cases = (async () => {
  const jose = await import("jose");
  const { joseCases } = await import("./suites/jose.mjs");
  return joseCases(ea, jose);
})();

test("node-cjs: JOSE suite", async (t) => {
  for (const { name, run } of await cases) await t.test(name, run);
});
