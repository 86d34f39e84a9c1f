// Two entries in one program, across module systems: the CommonJS builds of
// edgeauth and edgeauth/edge (which share lib/errors.cjs) beside the ES
// module builds of edgeauth/login and edgeauth (which share lib/errors.js).
// Every error class recognises the other build's instances by its brand
// (tests/js/suites/identity.mjs).
const { test } = require("node:test");
const assert = require("node:assert/strict");
const full = require("edgeauth");
const edge = require("edgeauth/edge");
const errors = require("edgeauth/errors");

const cases = (async () => {
  const { identityCases } = await import("./suites/identity.mjs");
  const esmLogin = await import("edgeauth/login");
  const esmFull = await import("edgeauth");
  return identityCases({ "cjs edgeauth": full, "cjs edgeauth/edge": edge, "esm edgeauth/login": esmLogin, "esm edgeauth": esmFull });
})();

test("cjs: the CommonJS entries and edgeauth/errors share one module of error classes", () => {
  assert.ok(Object.keys(errors).length >= 35);
  for (const name of Object.keys(errors)) {
    assert.equal(edge[name], errors[name], name);
    assert.equal(full[name], errors[name], name);
  }
});

test("cjs + esm: error identity across entries and module systems", async (t) => {
  for (const { name, run } of await cases) await t.test(name, run);
});
