// Cold start with edgeauth: importing the package compiles and instantiates the wasm module.
import { decodeJwt } from "edgeauth";

export default { fetch: () => new Response(typeof decodeJwt) };
