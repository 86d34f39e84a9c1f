// Every runtime export of every entry is declared in that entry's .d.ts
// (the `types` of its package.json export), and every declared value exists
// at run time. index.d.ts declares; edge.d.ts, login.d.ts and errors.d.ts
// re-export its values (`export { … } from`, `export * from`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const pkgJson = require.resolve("edgeauth/package.json");
const pkg = JSON.parse(readFileSync(pkgJson, "utf8"));
const read = (file) => readFileSync(new URL(file, `file://${pkgJson}`), "utf8");

/** The value names a declaration file exports (types and interfaces are not values). */
function declaredValues(file) {
  const dts = read(file);
  const names = new Set([...dts.matchAll(/^export (?:declare )?(?:abstract )?(?:function|class|const|let) (\w+)/gm)].map((m) => m[1]));
  const from = (target) => new Set(declaredValues(target.replace(/\.js$/, ".d.ts")));
  for (const [, list, target] of dts.matchAll(/^export \{([^}]*)\} from "([^"]+)";/gm)) {
    const available = from(target);
    for (const name of list.split(",").map((n) => n.trim()).filter(Boolean)) {
      assert.ok(available.has(name), `${file} re-exports ${name}, which ${target} does not declare`);
      names.add(name);
    }
  }
  for (const [, target] of dts.matchAll(/^export \* from "([^"]+)";/gm)) for (const name of from(target)) names.add(name);
  return [...names];
}

for (const [subpath, specifier] of [[".", "edgeauth"], ["./edge", "edgeauth/edge"], ["./login", "edgeauth/login"], ["./errors", "edgeauth/errors"]]) {
  test(`${specifier}: ${pkg.exports[subpath].types} declares every export, and only real ones`, async () => {
    const ea = await import(specifier);
    const declared = new Set(declaredValues(pkg.exports[subpath].types));
    const runtime = Object.keys(ea).sort();
    assert.ok(runtime.length > 20, `${specifier}: ${runtime.length} exports`);
    assert.deepEqual(runtime.filter((name) => !declared.has(name)), [], "exported but not typed");
    assert.deepEqual([...declared].filter((name) => !(name in ea)).sort(), [], "typed but not exported");
  });
}

for (const subpath of ["hono", "express"]) {
  test(`${subpath}.d.ts declares every export of edgeauth/${subpath}, and only real ones`, async () => {
    const runtime = Object.keys(await import(`edgeauth/${subpath}`)).sort();
    const text = read(`${subpath}.d.ts`);
    const typed = [...text.matchAll(/^export (?:declare )?function (\w+)/gm)].map((m) => m[1]).sort();
    assert.deepEqual(runtime, typed);
    assert.deepEqual(runtime, ["edgeauth", "requireAuth", "requireOrganization", "requirePermission", "requireScopes"]);
  });
}
