// Builds the package's TypeScript declarations from lib/'s JSDoc, after
// scripts/build-pkg.sh left the full module's glue (with its .d.ts) in
// pkg/wasm/:
//
//   1. `tsc -p pkg-template` type-checks every lib/ file against its JSDoc
//      (and its calls into the wasm glue against the glue's declarations)
//      and writes one declaration per file into pkg/types/. A JSDoc that
//      disagrees with the code fails here, and so the build.
//   2. Declarations tagged `@internal` are removed (tsc's stripInternal does
//      not apply to JavaScript sources).
//   3. Each entry's declaration (types/index.d.ts, edge.d.ts, login.d.ts,
//      from lib/index.js, edge.js, login.js; errors.d.ts; the middleware's
//      hono.d.ts and express.d.ts) also exports the types (`@typedef`s) of
//      every module it takes values from, so a user can name each type a
//      signature uses. The middleware import the package by name
//      (`edgeauth/edge`); their declarations name ./edge.js instead.
//   4. Checks: no public declaration reaches the wasm glue, and every value
//      a public module exports is exported by some entry (or is `@internal`).
//      Declarations no entry reaches are removed.
//   5. Each declaration gets a CommonJS twin (`.d.cts`, imports pointing at
//      `.cjs`), which the `require` condition of package.json's `types` names.
//
// Usage: node scripts/build-types.mjs (from the repo root, after the glue is in pkg/wasm/)
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

const ROOT = new URL("..", import.meta.url).pathname;
const TYPES = join(ROOT, "pkg/types");
/** The entries' declarations, by the lib/ file they come from. */
const ENTRIES = ["index.d.ts", "edge.d.ts", "login.d.ts", "errors.d.ts", "hono.d.ts", "express.d.ts"];

rmSync(TYPES, { recursive: true, force: true });
try {
  execFileSync(join(ROOT, "node_modules/.bin/tsc"), ["-p", join(ROOT, "pkg-template")], { stdio: "inherit" });
} catch {
  console.error("build-types: lib/'s JSDoc and code disagree (tsc above); the declarations are not built");
  process.exit(1);
}

const read = (file) => readFileSync(join(TYPES, file), "utf8");
const parse = (file, text) => ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
const isInternal = (node) => ts.getJSDocTags(node).some((tag) => tag.tagName.text === "internal");

/**
 * The text of a declaration without its `@internal` statements and members;
 * an `@internal` constructor becomes `private constructor();` (the class is
 * made by a factory, and `new` must not type-check).
 */
function stripInternal(file, text) {
  const cuts = [];
  const visit = (node) => {
    if ((ts.isStatement(node) || ts.isClassElement(node) || ts.isTypeElement(node)) && isInternal(node)) {
      cuts.push([node.getFullStart(), node.getEnd(), ts.isConstructorDeclaration(node) ? "\n    private constructor();" : ""]);
      return;
    }
    if (ts.isSourceFile(node) || ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isModuleBlock(node) || ts.isModuleDeclaration(node)) ts.forEachChild(node, visit);
  };
  visit(parse(file, text));
  for (const [start, end, replacement] of cuts.sort((a, b) => b[0] - a[0])) text = text.slice(0, start) + replacement + text.slice(end);
  return text;
}

/** Relative modules a declaration imports or re-exports (`./x.js`). */
const importsOf = (text) => [...text.matchAll(/(?:from |import\()"(\.[^"]+)"/g)].map((m) => m[1]);

/** Exported value names and type names of a declaration (tsc's output shapes). */
function exportsOf(file, text) {
  const values = new Set();
  const types = new Set();
  for (const statement of parse(file, text).statements) {
    const exported = ts.getCombinedModifierFlags(statement) & ts.ModifierFlags.Export;
    if (exported && (ts.isTypeAliasDeclaration(statement) || ts.isInterfaceDeclaration(statement))) types.add(statement.name.text);
    else if (exported && (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) values.add(statement.name.text);
    else if (exported && ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) values.add(d.name.getText());
    else if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const e of statement.exportClause.elements) (statement.isTypeOnly || e.isTypeOnly ? types : values).add(e.name.text);
    }
  }
  return { values, types };
}

// The middleware import the package by name (`edgeauth/edge`); their
// declarations name the edge entry's declaration beside them instead.
const bySelfName = (body) => body.replace(/((?:from |import\()")edgeauth\/edge"/g, '$1./edge.js"');
const files = readdirSync(TYPES).filter((f) => f.endsWith(".d.ts"));
const text = new Map(files.map((f) => [f, stripInternal(f, read(f))]));
const moduleFile = (specifier) => specifier.replace(/^\.\//, "").replace(/\.js$/, ".d.ts");

// 3. Each entry exports the types of the modules it exports values from.
for (const entry of ENTRIES) {
  let body = text.get(entry);
  const { values, types } = exportsOf(entry, body);
  const lines = [];
  for (const specifier of new Set(importsOf(body))) {
    const source = moduleFile(specifier);
    if (!text.has(source)) throw new Error(`${entry}: no declaration for ${specifier}`);
    const own = exportsOf(source, text.get(source)).types;
    const missing = [...own].filter((name) => !types.has(name) && !values.has(name));
    missing.forEach((name) => types.add(name));
    if (missing.length > 0) lines.push(`export type { ${missing.join(", ")} } from "${specifier}";`);
  }
  if (lines.length > 0) body = `${body.trimEnd()}\n${lines.join("\n")}\n`;
  text.set(entry, body);
}

// The edge entry's types are its own to export: the middleware's name them
// only once step 3 is done.
for (const [file, body] of text) text.set(file, bySelfName(body));

// 4. What the entries reach, and what they must not.
const reached = new Set();
const queue = [...ENTRIES];
while (queue.length > 0) {
  const file = queue.pop();
  if (reached.has(file)) continue;
  reached.add(file);
  for (const specifier of importsOf(text.get(file))) {
    if (specifier.startsWith("../")) throw new Error(`types/${file} refers to ${specifier}: a public declaration must not name the wasm glue (type it in JSDoc, or mark the member @internal)`);
    queue.push(moduleFile(specifier));
  }
}
const public_ = new Set(ENTRIES.flatMap((entry) => [...exportsOf(entry, text.get(entry)).values]));
const problems = [];
for (const file of reached) {
  if (ENTRIES.includes(file)) continue;
  for (const name of exportsOf(file, text.get(file)).values) {
    if (!public_.has(name)) problems.push(`lib/${file.replace(/\.d\.ts$/, ".js")} exports ${name}, which no entry exports: mark it @internal, or add it to an entry`);
  }
}
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}

// 5. Write what the entries reach, each with its CommonJS twin.
for (const file of files) {
  rmSync(join(TYPES, file));
  if (!reached.has(file)) continue;
  const body = text.get(file);
  writeFileSync(join(TYPES, file), body);
  const cjs = body.replace(/((?:from |import\()")(\.[^"]+)\.js"/g, '$1$2.cjs"');
  writeFileSync(join(TYPES, file.replace(/\.d\.ts$/, ".d.cts")), cjs);
}
console.log(`types: ${[...reached].sort().join(", ")} (+ .d.cts) in pkg/types/`);
