// The JavaScript and TypeScript code blocks of README.md and docs/*.md, each
// as its own ES module of a consumer project (tests/js/types.test.mjs
// type-checks them against the installed package).
//
// A block is a fenced block whose info string starts with js, mjs,
// javascript, ts or typescript. Every block must compile on its own under
// `strict`, except that:
//   - a block whose info string also says `partial` (```js partial) is a
//     fragment that leans on names from the surrounding text (`token`,
//     `env`, `request`, ...): "cannot find name" is allowed there, and
//     nothing else;
//   - in a JavaScript block, a parameter or variable without a type is
//     allowed to be `any` (JavaScript users do not annotate), and so is an
//     import of a package that ships no types (express).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = new URL("../../../", import.meta.url).pathname;
const LANGS = { js: "js", mjs: "js", javascript: "js", ts: "ts", typescript: "ts" };

/** The documents whose blocks are checked: README.md and every docs/*.md. */
export function documents() {
  const docs = readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`);
  return ["README.md", ...docs.sort()];
}

/** `[{ doc, line, lang: "js" | "ts", partial, code }]` of one document. */
export function blocksOf(doc) {
  const lines = readFileSync(join(ROOT, doc), "utf8").split("\n");
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(```+)\s*(\S*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info, rest] = open;
    let end = i + 1;
    while (end < lines.length && !lines[end].startsWith(`${indent}${fence}`)) end++;
    const lang = LANGS[info.toLowerCase()];
    if (lang) {
      const code = lines.slice(i + 1, end).map((l) => l.slice(indent.length)).join("\n");
      blocks.push({ doc, line: i + 1, lang, partial: /\bpartial\b/.test(rest), code });
    }
    i = end;
  }
  return blocks;
}

export function allBlocks() {
  return documents().flatMap(blocksOf);
}
