// Cold start with edgeauth/edge (see cold-edgeauth.mjs).
import { decodeJwt } from "edgeauth/edge";

export default { fetch: () => new Response(typeof decodeJwt) };
