// Error identity across the package's entries (and across the ESM and
// CommonJS builds): `entries` maps a label to an entry as some program
// loaded it. Every error class of every entry recognises the instances of
// the same-named class of every other entry, and no other class's; errors
// the wasm modules throw carry the same class and code whichever threw.
import { equal, ok } from "./check.mjs";

const errorClasses = (ea) => Object.entries(ea).filter(([, v]) => typeof v === "function" && (v === ea.EdgeAuthError || v.prototype instanceof Error));

/** One instance per class: built with `new`, as the package's own code does. */
function instancesOf(ea) {
  return errorClasses(ea).map(([name, cls]) => [name, new cls("probe", { status: 401, code: "ERR_AUTH_MISSING_TOKEN" })]);
}

export function identityCases(entries) {
  const cases = [];
  const add = (name, run) => cases.push({ name, run });
  const list = Object.entries(entries);

  add("every entry exports every error class", () => {
    const [[firstLabel, first], ...rest] = list;
    const names = errorClasses(first).map(([n]) => n).sort();
    ok(names.length >= 35, `${firstLabel}: only ${names.length} error classes`);
    for (const [label, ea] of rest) equal(errorClasses(ea).map(([n]) => n).sort().join(), names.join(), `${label} error classes:`);
  });

  add("instanceof holds across entries, class by class, and only for the same class", () => {
    for (const [fromLabel, from] of list) {
      for (const [name, error] of instancesOf(from)) {
        for (const [toLabel, to] of list) {
          const where = `${fromLabel} ${name} vs ${toLabel}`;
          ok(error instanceof to[name], `${where}: not an instance of the same class`);
          ok(error instanceof to.EdgeAuthError, `${where}: not an EdgeAuthError`);
          for (const [other, cls] of errorClasses(to)) {
            const related = other === name || cls === to.EdgeAuthError || from[name].prototype instanceof from[other];
            if (!related) ok(!(error instanceof cls), `${where}: also an instance of ${other}`);
          }
        }
      }
    }
  });

  add("subclasses that keep their family's code (TokenParseError, TokenExpiredError) and the named OAuth errors are told apart across entries", () => {
    const pairs = [["TokenParseError", "JwsInvalidError", "ERR_JWS_INVALID"], ["TokenExpiredError", "RefreshError", "ERR_OAUTH_REFRESH_FAILED"]];
    for (const [fromLabel, from] of list) {
      for (const [toLabel, to] of list) {
        const where = `${fromLabel} -> ${toLabel}`;
        for (const [sub, family, code] of pairs) {
          const e = new from[sub]("probe");
          equal(e.code, code, `${where} ${sub}.code:`);
          ok(e instanceof to[sub] && e instanceof to[family], `${where}: ${sub} is its own class and its family's`);
          ok(!(new from[family]("probe") instanceof to[sub]), `${where}: a plain ${family} is not a ${sub}`);
        }
        for (const [name, error] of [["InsufficientScopeError", "insufficient_scope"], ["SessionExpiredError", "session_expired"], ["UserBlockedError", "user_blocked"], ["AccountLinkingRequiredError", "account_linking_required"]]) {
          equal(to[name].oauthError, error, `${toLabel} ${name}.oauthError:`);
          const e = new from[name]("probe");
          ok(e instanceof to[name] && e instanceof to.OAuthProtocolError && !(e instanceof to.LoginRequiredError), `${where}: ${name}`);
          equal(e.code, "ERR_OAUTH_RESPONSE", `${where} ${name}.code:`);
        }
      }
    }
  });

  add("errors thrown by each entry's wasm module: same class and code in every entry", async () => {
    for (const [fromLabel, from] of list) {
      if (!from.decodeJwt) continue; // edgeauth/errors
      let thrown;
      try {
        from.decodeJwt("not-a-token");
      } catch (e) {
        thrown = e;
      }
      equal(thrown?.code, "ERR_JWS_INVALID", `${fromLabel} decodeJwt:`);
      const refused = await from.verifyJwt("a.b.c", { kty: "oct", k: "AAAA" }).then(() => undefined, (e) => e);
      ok(refused?.code?.startsWith("ERR_"), `${fromLabel} verifyJwt: ${refused}`);
      for (const [toLabel, to] of list) {
        ok(thrown instanceof to.JwsInvalidError && thrown instanceof to.EdgeAuthError && !(thrown instanceof to.JwtClaimInvalidError), `${fromLabel} -> ${toLabel}: JwsInvalidError`);
        ok(refused instanceof to.EdgeAuthError, `${fromLabel} -> ${toLabel}: verifyJwt's error`);
      }
    }
  });

  add("an AuthError from one entry's Authenticator is an AuthError of the others", async () => {
    for (const [fromLabel, from] of list) {
      if (!from.Authenticator) continue;
      const auth = new from.Authenticator({ issuer: "https://issuer.test", audience: "api", jwks: { keys: [] } });
      const e = await auth.authenticate(new Request("https://api.test/")).then(() => undefined, (x) => x);
      equal(e?.code, "ERR_AUTH_MISSING_TOKEN", `${fromLabel}:`);
      for (const [toLabel, to] of list) ok(e instanceof to.AuthError && e instanceof to.EdgeAuthError, `${fromLabel} -> ${toLabel}: AuthError`);
    }
  });

  return cases;
}
