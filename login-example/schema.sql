-- login-example's D1 schema. Apply it once per database:
--   npx wrangler d1 execute edgeauth-login --local --file=schema.sql    (wrangler dev)
--   npx wrangler d1 execute edgeauth-login --remote --file=schema.sql   (deployed)
-- tests/js/login-example.test.mjs applies this file through miniflare's D1 API.

-- Accounts: email (lower-cased) → argon2id PHC string (hashPassword).
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- The TokenIssuer's revocation store (src/d1-revocation.js): ids of spent and
-- revoked refresh tokens and of revoked token families, each until the token
-- it names would expire (epoch seconds).
CREATE TABLE IF NOT EXISTS revoked_tokens (
  jti TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS revoked_tokens_expires_at ON revoked_tokens (expires_at);
