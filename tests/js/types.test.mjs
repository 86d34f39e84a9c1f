// The package's types, as a TypeScript user meets them, on the installed
// tarball (scripts/install-pkg.sh: node_modules/edgeauth is `npm pack pkg/`):
//   - every entry's declarations (ESM .d.ts and CommonJS .d.cts), the
//     middleware subpaths' (edgeauth/hono, edgeauth/express) too, declare
//     exactly the values the entry exports at run time;
//   - arethetypeswrong: node16 from ESM, node16 from CJS and bundler resolve
//     every subpath to declarations of the right module format;
//   - publint --strict;
//   - a strict consumer project, under moduleResolution node16 and bundler:
//     tests/js/types/*.ts (the API's refusals, as @ts-expect-error), a
//     CommonJS consumer (.cts), and every JS/TS block of README.md and
//     docs/*.md (tests/js/types/doc-blocks.mjs says which and how).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import ts from "typescript";
import { allBlocks } from "./types/doc-blocks.mjs";

const ROOT = new URL("../../", import.meta.url).pathname;
const require = createRequire(import.meta.url);
const PKG = dirname(require.resolve("edgeauth/package.json"));
const pkg = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));
const SUBPATHS = [[".", "edgeauth"], ["./edge", "edgeauth/edge"], ["./login", "edgeauth/login"], ["./errors", "edgeauth/errors"], ["./hono", "edgeauth/hono"], ["./express", "edgeauth/express"]];
/** The middleware subpaths' exports, exactly; the other entries export more than 20 values each. */
const MIDDLEWARE = ["edgeauth", "requireAuth", "requireOrganization", "requirePermission", "requireScopes"];
const bin = (name) => join(ROOT, "node_modules/.bin", name);

/** The value names a declaration file exports (classes, functions, consts; not types). */
function declaredValues(file) {
  const program = ts.createProgram([file], { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, noEmit: true, types: [] });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(file));
  return checker
    .getExportsOfModule(module)
    .filter((s) => ((s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s).flags & ts.SymbolFlags.Value) !== 0)
    .map((s) => s.name)
    .sort();
}

for (const [subpath, specifier] of SUBPATHS) {
  const conditions = pkg.exports[subpath].node ?? pkg.exports[subpath];
  test(`${specifier}: the ESM and CommonJS declarations declare every export, and only real ones`, async () => {
    const esm = Object.keys(await import(specifier)).sort();
    const cjs = Object.keys(require(specifier)).filter((k) => k !== "__esModule").sort();
    if (/\/(hono|express)$/.test(specifier)) assert.deepEqual(esm, MIDDLEWARE);
    else assert.ok(esm.length > 20, `${specifier}: ${esm.length} exports`);
    assert.deepEqual(cjs, esm, "require() and import see the same exports");
    for (const [kind, types] of [["import", conditions.import.types], ["require", conditions.require.types]]) {
      const declared = declaredValues(join(PKG, types));
      assert.deepEqual(esm.filter((n) => !declared.includes(n)), [], `${types}: exported but not typed`);
      assert.deepEqual(declared.filter((n) => !esm.includes(n)), [], `${types} (${kind}): typed but not exported`);
    }
  });
}

test("no public declaration names an @internal helper or the wasm glue", () => {
  const files = readdirSync(join(PKG, "types"));
  assert.ok(files.includes("index.d.ts") && files.includes("index.d.cts"));
  for (const file of files) {
    const text = readFileSync(join(PKG, "types", file), "utf8");
    assert.doesNotMatch(text, /@internal/, `${file} keeps an @internal declaration`);
    assert.doesNotMatch(text, /\.\.\/wasm\//, `${file} refers to the wasm glue`);
  }
  for (const internal of ["args", "http", "webcrypto", "error-bridge", "tab-channel", "clock", "resource-metadata"]) assert.ok(!files.includes(`${internal}.d.ts`), `types/${internal}.d.ts is shipped`);
});

test("arethetypeswrong: node16 (ESM and CJS) and bundler resolve every entry to the right declarations", () => {
  const tarball = readdirSync(join(ROOT, "test-output")).find((f) => /^edgeauth-.*\.tgz$/.test(f));
  assert.ok(tarball, "test-output/edgeauth-*.tgz (scripts/install-pkg.sh)");
  let out;
  try {
    out = execFileSync(bin("attw"), [join(ROOT, "test-output", tarball), "--profile", "node16", "--format", "table-flipped"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  } catch (e) {
    assert.fail(`attw found problems:\n${e.stdout}${e.stderr}`);
  }
  // attw exits 1 on any problem in the profile's resolutions; node10 (no `exports`) is outside it.
  assert.match(out, /node16 \(from CJS\)/);
});

test("publint --strict on the packed package", () => {
  let out;
  try {
    out = execFileSync(bin("publint"), [PKG, "--strict", "--pack", "false"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  } catch (e) {
    assert.fail(`publint:\n${e.stdout}${e.stderr}`);
  }
  assert.match(out, /All good!/);
});

test("the API reference (make docs: TypeDoc over pkg/types/, the declarations packed) builds without a warning", () => {
  const out = join(ROOT, "test-output/api");
  try {
    // typedoc.json sets treatWarningsAsErrors: an unexported type in a signature, a broken {@link}, ... fail.
    execFileSync(bin("typedoc"), ["--options", join(ROOT, "typedoc.json"), "--out", out], { cwd: ROOT, encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    assert.fail(`typedoc:\n${e.stdout}${e.stderr}`);
  }
  for (const page of ["index.html", "modules/edge.html", "modules/login.html", "modules/errors.html", "modules/hono.html", "modules/express.html"]) assert.ok(readdirSync(dirname(join(out, page))).includes(page.split("/").at(-1)), page);
});

/** The consumer project: the refusal tests, the CommonJS consumer and every doc block, each a module. */
function consumerProject(mode) {
  const dir = join(ROOT, "test-output/types-consumer");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: "module" }));
  const files = [];
  const here = join(ROOT, "tests/js/types");
  // The CommonJS consumer (`import x = require()`) exists only where modules can be CommonJS: node16.
  for (const f of readdirSync(here).filter((f) => /\.(m?ts|cts)$/.test(f) && (mode === "node16" || !f.endsWith(".cts")))) {
    copyFileSync(join(here, f), join(dir, f));
    files.push({ file: join(dir, f), origin: `tests/js/types/${f}`, partial: false, js: false });
  }
  for (const block of allBlocks()) {
    const name = `${block.doc.replace(/[/.]/g, "_")}_${block.line}.${block.lang}`;
    writeFileSync(join(dir, name), `${block.code}\nexport {};\n`);
    files.push({ file: join(dir, name), origin: `${block.doc}:${block.line}`, partial: block.partial, js: block.lang === "js" });
  }
  return files;
}

/** Diagnostics JavaScript readers do not write types for (implicit any; 7016: a dependency without types, such as express). */
const IMPLICIT_ANY = new Set([7005, 7006, 7008, 7010, 7011, 7015, 7016, 7018, 7019, 7022, 7023, 7024, 7031, 7034, 7041, 7053]);
/** Names a `partial` block may take from its surrounding text. */
const CANNOT_FIND_NAME = new Set([2304, 2552, 2582, 2591, 18004]);

const MODES = {
  node16: { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 },
  bundler: { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler },
};

for (const [mode, resolution] of Object.entries(MODES)) {
  test(`a strict consumer (moduleResolution ${mode}) type-checks the docs' examples and the API's refusals`, () => {
    const files = consumerProject(mode);
    const blocks = files.filter((f) => f.origin.includes(".md:"));
    assert.ok(blocks.length >= 10, `${blocks.length} doc blocks`);
    const options = {
      ...resolution,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
      strict: true,
      allowJs: true,
      checkJs: true,
      noEmit: true,
      skipLibCheck: false,
      types: [],
    };
    const program = ts.createProgram(files.map((f) => f.file), options);
    const byFile = new Map(files.map((f) => [f.file, f]));
    const problems = ts.getPreEmitDiagnostics(program).filter((d) => {
      const origin = d.file && byFile.get(d.file.fileName);
      if (origin?.js && IMPLICIT_ANY.has(d.code)) return false;
      if (origin?.partial && CANNOT_FIND_NAME.has(d.code)) return false;
      return true;
    });
    const text = problems.map((d) => {
      const origin = d.file && byFile.get(d.file.fileName);
      const where = d.file ? `${origin?.origin ?? d.file.fileName} (line ${d.file.getLineAndCharacterOfPosition(d.start).line + 1} of the block)` : "";
      return `${where}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    assert.deepEqual(text, [], `${text.length} type errors:\n${text.join("\n")}`);
  });
}
