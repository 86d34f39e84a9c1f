// What the docs' Workers examples use of the `cloudflare:workers` module
// (in a Worker project, @cloudflare/workers-types declares it).
declare module "cloudflare:workers" {
  export function waitUntil(promise: Promise<unknown>): void;
}
