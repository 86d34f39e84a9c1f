// How a token gets into wasm memory, three ways, on the edge module's own
// instance (the bench row "token→wasm x100"; µs per 100 copies):
//   edgeauth   what lib/webcrypto.js scratchInput does: TextEncoder.encodeInto
//              into the HostScratch input buffer, reserved once
//   patched    what the removed scripts/patch-glue.mjs made the glue do: a
//              fresh allocation, encodeInto, and the free after the call
//   generated  what the glue wasm-bindgen generates does: a fresh
//              allocation, a per-character copy of the ASCII prefix, the free
// The last two are the glue's passStringToWasm0 with and without the
// removed patch, written out here (the package no longer runs either for
// tokens); the wasm allocator they call is the module's own.

const encoder = new TextEncoder();

/** The three copies of `token`, each a function doing it 100 times. `glue` is the module's glue, already instantiated. */
export function stringPaths(glue, token) {
  const wasm = glue.initSync(); // returns the exports of the instance the entry made
  const memory = glue.wasmMemory();
  const scratch = new glue.HostScratch(false);
  const room = token.length * 3;
  const ptr = scratch.reserveInput(room);
  let input = new Uint8Array(memory.buffer, ptr, room);
  let view = new Uint8Array(0);
  const bytes = () => (view.buffer === memory.buffer ? view : (view = new Uint8Array(memory.buffer))); // the glue's cached view

  const times100 = (copy) => () => {
    for (let i = 0; i < 100; i++) copy();
  };
  return {
    edgeauth: times100(() => {
      if (input.buffer !== memory.buffer) input = new Uint8Array(memory.buffer, ptr, room);
      encoder.encodeInto(token, input);
    }),
    patched: times100(() => {
      const len = token.length;
      const at = wasm.__wbindgen_malloc(len, 1) >>> 0;
      const { written } = encoder.encodeInto(token, bytes().subarray(at, at + len));
      wasm.__wbindgen_free(at, written, 1);
    }),
    generated: times100(() => {
      const len = token.length;
      const at = wasm.__wbindgen_malloc(len, 1) >>> 0;
      const mem = bytes();
      let offset = 0;
      for (; offset < len; offset++) {
        const code = token.charCodeAt(offset);
        if (code > 0x7f) break;
        mem[at + offset] = code;
      }
      wasm.__wbindgen_free(at, offset, 1);
    }),
  };
}
