// A CommonJS TypeScript consumer: `import … = require()` and `import()`
// resolve through the `require` condition to the .d.cts declarations.
import edgeauth = require("edgeauth");
import edge = require("edgeauth/edge");
import errors = require("edgeauth/errors");

async function main(token: string, jwks: edgeauth.JwkSet): Promise<string | undefined> {
  const { payload } = await edge.verifyJwt(token, jwks, { issuer: "https://issuer.example", audience: "api" });
  const pkce = edgeauth.createPkce();
  // @ts-expect-error the method is S256 only
  const plain: "plain" = pkce.codeChallengeMethod;
  const error: errors.EdgeAuthError = new errors.ConfigError("x");
  return error.code + plain + payload.sub;
}
export = main;
