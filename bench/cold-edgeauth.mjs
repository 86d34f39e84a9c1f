// Cold start with edgeauth: importing the package instantiates the wasm module (workerd compiled it at startup) and evaluates the JS.
import { decodeJwt } from "edgeauth";

export default { fetch: () => new Response(typeof decodeJwt) };
