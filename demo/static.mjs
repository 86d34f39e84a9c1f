// The static server of the demo: www/ (or another `root`, such as the
// BrowserSession tests' page) at the root, the installed edgeauth package
// under /edgeauth/ (so the page imports the browser entry with no bundler),
// and /config.json (the URLs and client id the page needs).
// Binds 127.0.0.1 only.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WWW = join(ROOT, "www");

/** The installed package (scripts/install-pkg.sh puts it in node_modules/edgeauth). */
function packageDir() {
  try {
    return dirname(createRequire(join(ROOT, "package.json")).resolve("edgeauth/package.json"));
  } catch {
    throw new Error("the edgeauth package is not installed; `make demo` builds and installs it (or: make pkg && bash scripts/install-pkg.sh)");
  }
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** `dir/rel` when it stays inside `dir`, else undefined. */
function inside(dir, rel) {
  const path = normalize(join(dir, rel));
  return path.startsWith(dir + sep) ? path : undefined;
}

function fileFor(pathname, pkg, root) {
  if (pathname === "/") return join(root, "index.html");
  if (pathname.startsWith("/edgeauth/")) return inside(pkg, pathname.slice("/edgeauth/".length));
  return inside(root, pathname.slice(1));
}

/** Start the server for the files under `root`; `config()` is called per request for /config.json. */
export async function startStatic({ port = 0, config, root = WWW }) {
  const pkg = packageDir();
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url, "http://localhost");
    res.setHeader("cache-control", "no-store");
    res.setHeader("x-content-type-options", "nosniff");
    if (req.method !== "GET" && req.method !== "HEAD") return res.writeHead(405).end();
    if (pathname === "/config.json") {
      res.setHeader("content-type", TYPES[".json"]);
      return res.end(JSON.stringify(config()));
    }
    let path;
    try {
      path = fileFor(decodeURIComponent(pathname), pkg, root);
    } catch {
      path = undefined; // malformed %-escape
    }
    const body = path && (await readFile(path).catch(() => undefined));
    if (!body) return res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    res.setHeader("content-type", TYPES[extname(path)] ?? "application/octet-stream");
    res.end(req.method === "HEAD" ? undefined : body);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}
