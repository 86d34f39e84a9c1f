// A CommonJS TypeScript consumer: `import … = require()` and `import()`
// resolve through the `require` condition to the .d.cts declarations.
import edgeauth = require("edgeauth");
import edge = require("edgeauth/edge");
import errors = require("edgeauth/errors");
import hono = require("edgeauth/hono");
import express = require("edgeauth/express");

async function main(token: string, jwks: edgeauth.JwkSet): Promise<string | undefined> {
  const { payload } = await edge.verifyJwt(token, jwks, { issuer: "https://issuer.example", audience: "api" });
  const pkce = edgeauth.createPkce();
  // @ts-expect-error the method is S256 only
  const plain: "plain" = pkce.codeChallengeMethod;
  const error: errors.EdgeAuthError = new errors.ConfigError("x");
  const auth = new edge.Authenticator({ issuer: "https://issuer.example", audience: "api", jwks });
  const middleware: [unknown, express.Middleware] = [hono.edgeauth(auth), express.edgeauth(auth, { optional: true })];
  return error.code + plain + payload.sub + middleware.length;
}
export = main;
