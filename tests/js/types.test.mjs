// Every runtime export of the package is declared in its index.d.ts, and
// every declared value exists at run time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as ea from "edgeauth";

const require = createRequire(import.meta.url);
const dts = readFileSync(new URL("index.d.ts", `file://${require.resolve("edgeauth/package.json")}`), "utf8");
const declared = new Set([...dts.matchAll(/^export (?:declare )?(?:abstract )?(?:function|class|const|let) (\w+)/gm)].map((m) => m[1]));

test("index.d.ts declares every export, and only real ones", () => {
  const runtime = Object.keys(ea).sort();
  assert.deepEqual(runtime.filter((name) => !declared.has(name)), [], "exported but not typed");
  assert.deepEqual([...declared].filter((name) => !(name in ea)).sort(), [], "typed but not exported");
});

for (const subpath of ["hono", "express"]) {
  test(`${subpath}.d.ts declares every export of edgeauth/${subpath}, and only real ones`, async () => {
    const runtime = Object.keys(await import(`edgeauth/${subpath}`)).sort();
    const text = readFileSync(new URL(`${subpath}.d.ts`, `file://${require.resolve("edgeauth/package.json")}`), "utf8");
    const typed = [...text.matchAll(/^export (?:declare )?function (\w+)/gm)].map((m) => m[1]).sort();
    assert.deepEqual(runtime, typed);
    assert.deepEqual(runtime, ["edgeauth", "requireAuth", "requireOrganization", "requirePermission", "requireScopes"]);
  });
}
