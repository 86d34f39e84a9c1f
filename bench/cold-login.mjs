// Cold start with edgeauth/login (see cold-edgeauth.mjs).
import { decodeJwt } from "edgeauth/login";

export default { fetch: () => new Response(typeof decodeJwt) };
