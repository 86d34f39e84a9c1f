//! One function per hostile-input surface of edgeauth, shared by the
//! cargo-fuzz targets (`fuzz_targets/*.rs`) and by `tests/fuzz_corpus.rs`,
//! which replays the committed corpora through these same functions in
//! `make test` (so no nightly is needed there).
//!
//! Each function feeds arbitrary bytes through the parsers the package runs
//! on untrusted input. Any input may be refused; none may panic (in wasm a
//! panic is an unrecoverable trap), and the few invariants asserted below
//! must hold for every input.

use edgeauth::jose::alg::Alg;
use edgeauth::jose::jwk::{KeyOp, KeySet};
use edgeauth::jose::jwt::Policy;
use edgeauth::jose::remote::{RemoteJwks, Timing};
use edgeauth::jose::{self, jws};
use edgeauth::oauth::client::ClientConfig;
use edgeauth::oauth::http::{query_params, HttpResponse};
use edgeauth::oauth::metadata::Metadata;
use edgeauth::oauth::{authorize, id_token, introspect, register, resource, retry, revoke, token, userinfo};
use edgeauth::delegation::keys::{PublicKey, SecretKey};
use edgeauth::delegation::request::{self, Binding};
use edgeauth::delegation::{envelope, response, wire};
use edgeauth::principal::Principal;
use edgeauth::dpop::{htu, nonce, proof, scheme};
use edgeauth::{bearer, password, scope, Error};

/// The fixed "now" of every target (2023-11-14T22:13:20Z).
pub const NOW: u64 = 1_700_000_000;

/// One key of every family the package verifies, so a fuzzed header can
/// select any of them: HMAC, Ed25519 (RFC 8032 §7.1 test 1), P-256
/// (Wycheproof), RSA-2048 (RFC 7638 §3.1). Seed tokens under
/// `corpus/jws_verify/` are signed with the `hs` and `ed` keys.
pub const KEYS: &str = r#"{"keys":[
 {"kty":"oct","kid":"hs","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"},
 {"kty":"OKP","kid":"ed","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
 {"kty":"EC","kid":"ec","crv":"P-256","x":"KSexBRK64-3c_kZ4KBKLrSkDJpkZ9whgacjE32xzKDg","y":"x3h5ZOqsAOWSH7FJimD0YGdms9loUAFVjRqXTnNBUT4"},
 {"kty":"RSA","kid":"rsa","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB"}
]}"#;

const ISSUER: &str = "https://as.example";
const DISCOVERY: &str = r#"{"issuer":"https://as.example","authorization_endpoint":"https://as.example/auth","token_endpoint":"https://as.example/token","authorization_response_iss_parameter_supported":true}"#;

/// Every error must have a code and a message and serialise its details.
fn check(error: &Error) {
    assert!(error.code().starts_with("ERR_"));
    let _ = error.to_string();
    let _ = error.details();
}

fn checked<T>(result: edgeauth::Result<T>) -> Option<T> {
    result.map_err(|e| check(&e)).ok()
}

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Split at the first NUL byte: `(before, after)`.
fn split_nul(data: &[u8]) -> (String, String) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => (text(&data[..i]), text(&data[i + 1..])),
        None => (text(data), String::new()),
    }
}

/// Compact JWS/JWT: parse, header checks, key selection, signature (every
/// family), claims; and the unverified decoder.
pub fn jws_verify(data: &[u8]) {
    let token = text(data);
    let keys = KeySet::parse(KEYS).expect("the fixed keys parse");
    let verified = checked(jose::verify(&token, &keys, &Policy::default(), NOW));
    let decoded = checked(jws::decode_unverified(&token, jws::DEFAULT_MAX_TOKEN_SIZE));
    if let Some(v) = verified {
        let (header, payload) = decoded.expect("a verified token decodes");
        assert_eq!(header, v.header_json);
        assert_eq!(payload.as_bytes(), v.payload.as_slice());
    }
    let only_hmac = Policy { algorithms: Some(vec![Alg::HS256]), ..Policy::default() };
    if let Some(p) = checked(jws::prepare(&token, &keys, only_hmac.algorithms.as_deref(), only_hmac.max_token_size)) {
        assert_eq!(p.parsed.alg, Alg::HS256, "the allow-list holds");
        assert!(p.candidates.iter().all(|&i| keys.keys()[i].kty() == "oct"), "no key confusion");
    }
}

/// Verification options and claims validation (RFC 7519 §4.1), plus the
/// OIDC ID token checks: `policy JSON \0 payload JSON`.
pub fn jwt_claims(data: &[u8]) {
    let (options, payload) = split_nul(data);
    let policy = checked(Policy::from_json(&options)).unwrap_or_default();
    let _ = checked(policy.validate(Some("JWT"), payload.as_bytes(), NOW));
    let expected = id_token::Expected { client_id: "client", nonce: Some("n"), refresh: false, subject: Some("u"), access_token: Some("at") };
    let _ = checked(id_token::check(&payload, "RS256", &expected));
    let _ = checked(id_token::check(&payload, "EdDSA", &id_token::Expected { refresh: true, ..expected }));
}

/// JWK / JWK Set parsing (RFC 7517), per-key questions, and the remote
/// JWKS cache's `store` / `import` of fetched or persisted state.
pub fn jwk_parse(data: &[u8]) {
    let json = text(data);
    if let Some(set) = checked(KeySet::parse(&json)) {
        for key in set.keys() {
            let _ = key.thumbprint();
            let _ = key.public_json();
        }
        for alg in ["HS256", "RS256", "PS512", "ES256", "ES384", "EdDSA"] {
            let alg = Alg::parse(alg).expect("known alg");
            for op in [KeyOp::Sign, KeyOp::Verify] {
                if let Some(found) = checked(set.select(alg, Some("k"), op)) {
                    assert!(!found.is_empty() && found.iter().all(|&i| set.keys()[i].unfit_for(alg, op).is_none()));
                }
            }
        }
    }
    let mut remote = RemoteJwks::new(Timing { cooldown: 30, max_age: 600 });
    let _ = checked(remote.store(&json, NOW));
    let _ = checked(remote.import(&json));
    if let Some(state) = remote.export() {
        RemoteJwks::new(Timing { cooldown: 30, max_age: 600 }).import(&state).expect("exported state imports");
    }
}

fn metadata() -> Metadata {
    Metadata::parse(&HttpResponse { status: 200, body: DISCOVERY.into(), ..Default::default() }, ISSUER, "").expect("fixed metadata")
}

/// An HTTP answer through every OAuth response parser: token (RFC 6749
/// §5.1, RFC 8693), error (§5.2, RFC 6750 §3), discovery (RFC 8414),
/// introspection (RFC 7662), userinfo, registration (RFC 7591), revocation,
/// PAR (RFC 9126), protected resource metadata and the 401 challenge that
/// names it (RFC 9728 §3.2, §3.3, §5.1), and the body as a resource server's
/// own metadata members. Input: `status \n www-authenticate \n content-type \n body`.
pub fn oauth_response(data: &[u8]) {
    let all = text(data);
    let mut lines = all.splitn(4, '\n');
    let status = lines.next().and_then(|s| s.trim().parse().ok()).unwrap_or(200);
    let mut headers = edgeauth::oauth::http::Pairs::new();
    for name in ["www-authenticate", "content-type"] {
        if let Some(v) = lines.next().filter(|v| !v.is_empty()) {
            headers.insert(name.to_string(), v.to_string());
        }
    }
    let body = lines.next().unwrap_or_default().to_string();
    let _ = checked(HttpResponse::from_json(&body));
    let response = HttpResponse { status, headers, body };
    check(&response.error());
    if let Some(tokens) = checked(token::parse(&response, NOW, false)) {
        assert!(response.is_success() && !tokens.access_token.is_empty());
    }
    let _ = checked(token::parse(&response, NOW, true));
    let _ = checked(introspect::parse(&response));
    let _ = checked(userinfo::parse(&response, Some("u")));
    for subject_required in [true, false] {
        if checked(userinfo::parse_answer(&response, subject_required)).is_some() {
            assert!(response.is_success(), "only a 2xx answer is a user");
        }
    }
    let _ = checked(register::parse(&response));
    let _ = checked(revoke::parse(&response));
    let _ = checked(Metadata::parse(&response, ISSUER, ""));
    let client = ClientConfig::from_json(r#"{"clientId":"client"}"#).expect("fixed client");
    let _ = checked(authorize::par_url(&metadata(), &client, &response));
    if let Some(m) = checked(resource::ResourceMetadata::parse(&response, "https://m.example/mcp")) {
        assert!(resource::resource_matches(&m.resource, "https://m.example/mcp"), "only the resource asked for");
        let _ = checked(m.authorization_server(None));
        let _ = m.default_scope(None);
    }
    if let (Some(url), _) = resource::challenge(response.header("www-authenticate").unwrap_or_default()) {
        assert!(resource::metadata_url(&url).is_ok(), "a usable metadata URL");
    }
    let _ = checked(resource::document("https://m.example/mcp", Some(ISSUER), &response.body));
}

/// The redirect back to the client (RFC 6749 §4.1.2, RFC 9207 `iss`) and
/// `Retry-After` values (RFC 9110 §10.2.3): `callback URL \0 retry-after`.
pub fn oauth_callback(data: &[u8]) {
    let (url, retry_after) = split_nul(data);
    let _ = checked(query_params(&url));
    if let Some(code) = checked(authorize::callback(&metadata(), &url, "expected-state")) {
        assert!(!code.is_empty());
    }
    if let Some(wait) = retry::delay_ms(0, 2, 503, Some(&retry_after), NOW) {
        assert!(wait <= retry::MAX_RETRY_AFTER * 1000, "never waits more than a minute");
    }
}

/// `resource:action` scopes, access questions, and principals from claims.
pub fn scope_parse(data: &[u8]) {
    let all = text(data);
    for word in all.split([' ', '\n']) {
        if let Some(s) = checked(scope::parse(word)) {
            let concrete = |x: &str| x != "*" && x != "**";
            if concrete(&s.resource) && concrete(&s.action) {
                assert!(scope::Grants::new([word]).allows(&s.action, &s.resource), "a scope grants itself");
            }
        }
    }
    let grants = scope::Grants::new(all.split(' '));
    let (action, resource) = all.split_once(':').unwrap_or(("read", &all));
    if checked(scope::check_request(action, resource)).is_some() {
        let _ = grants.allows(action, resource);
    }
    if let Some(p) = checked(Principal::from_claims(&all)) {
        let _ = checked(p.has_access("read", "users"));
        let _ = checked(p.has_access_in("o1", action, resource));
        let _ = (p.is_owner_of("o1"), p.is_admin_of("o1"), p.is_member_of("o1"));
    }
}

/// `Authorization: Bearer` (RFC 6750 §2.1), cookies, the challenge
/// writer fed hostile parameters (no header injection), and the challenge
/// reader (RFC 9110 §11.6.1) on the hostile header and on what was written.
pub fn bearer_parse(data: &[u8]) {
    let (header, cookie) = split_nul(data);
    if let Some(Some(t)) = checked(bearer::from_authorization(Some(&header))) {
        assert!(bearer::is_b64token(t));
    }
    if let Some(t) = bearer::from_cookie(Some(&cookie), "session") {
        assert!(bearer::is_b64token(t));
    }
    let challenge = bearer::challenge(Some(&header), Some("invalid_token"), Some(&cookie), None, Some(&header));
    assert!(challenge.bytes().all(|b| (0x20..0x7f).contains(&b)), "no header injection: printable ASCII only");
    if let Some(params) = bearer::parse_challenge(&challenge) {
        assert_eq!(params.get("error").map(String::as_str), Some("invalid_token"), "a written challenge reads back");
    }
    let _ = bearer::parse_challenge(&header);
}

/// PHC strings (argon2id): parsing and parameter bounds. Only
/// `needs_rehash` runs (it parses without hashing), so a hostile `m`/`t`
/// cannot make the fuzzer itself slow; `verify` shares the same parser.
pub fn phc_parse(data: &[u8]) {
    let phc = text(data);
    let cheap = password::Params { memory_kib: 8, iterations: 1, parallelism: 1 };
    if !password::needs_rehash(&phc, cheap) {
        assert!(phc.starts_with("$argon2id$v=19$"));
    }
}

/// The committed delegation vector keys (tests/vectors/delegation/keys.json)
/// and the time of its exchange, so the seeds open and the fuzzer starts
/// from the success path.
const CLIENT_SK: &str = "edg_sk_v1_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-P9FzEbg";
const SERVER_SK: &str = "edg_sk_v1_oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr9gYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f8NAkuw";
pub const DELEGATION_NOW: u64 = 1_800_000_000;

/// The delegation envelope (docs/delegation.md): key blobs, request header
/// parsing, signature check, replay window and opening on the server;
/// response checks and opening on the client; and the sealed box alone
/// (X25519 + HKDF + ChaCha20-Poly1305) without the signature gate.
/// Input: `version \n tenant \n timestamp \n request-id \n signature \n
/// method \n path \n key blob \0 body bytes`.
pub fn delegation_open(data: &[u8]) {
    let (head, body) = match data.iter().position(|&b| b == 0) {
        Some(i) => (text(&data[..i]), &data[i + 1..]),
        None => (text(data), &[][..]),
    };
    let l: Vec<&str> = head.split('\n').collect();
    let line = |i: usize| l.get(i).copied();
    let server = SecretKey::parse(SERVER_SK).expect("fixed key");
    let client = SecretKey::parse(CLIENT_SK).expect("fixed key");
    if let Some(blob) = line(7) {
        let _ = checked(SecretKey::parse(blob));
        if let Some(public) = checked(PublicKey::parse(blob)) {
            assert_eq!(PublicKey::parse(&public.to_blob()).expect("round trip"), public);
        }
    }
    let rx = request::Received { method: line(5).unwrap_or("POST"), path: line(6).unwrap_or("/"), version: line(0), tenant: line(1), timestamp: line(2), request_id: line(3), signature: line(4) };
    if let Some(parsed) = checked(request::parse(&rx, body.to_vec())) {
        if let Some(opened) = checked(parsed.open(&server, &client.public(), DELEGATION_NOW, 300)) {
            assert_eq!(wire::json_defect(opened.plaintext.as_bytes()), None);
            assert_eq!(wire::target_defect(&opened.binding.path), None);
        }
    }
    let binding = Binding { method: "POST".into(), path: "/v1/management/users/phone".into(), tenant_id: "tenant-acme".into(), timestamp: DELEGATION_NOW, request_id: line(3).unwrap_or_default().into() };
    let resp = response::Received { status: 200, version: line(0), timestamp: line(2), request_id: line(3), signature: line(4) };
    let _ = checked(response::open(&client, &server.public(), &binding, &resp, body, DELEGATION_NOW, 300));
    let secret = x25519_dalek::StaticSecret::from([0x20; 32]);
    let _ = envelope::open(wire::REQUEST_LABEL, &secret, head.as_bytes(), body);
}

/// The request every `dpop_proof` seed was made for (the proof carries the
/// `ath` of [`DPOP_ACCESS_TOKEN`]); its key is the RFC 8032 §7.1 one.
pub const DPOP_URL: &str = "https://api.example/notes";
pub const DPOP_ACCESS_TOKEN: &str = "an-access-token";

/// DPoP (RFC 9449): a proof through every check of §4.3 (header, key,
/// signature, claims, nonce), then the text after the NUL through the
/// other DPoP parsers: `htu` normalization (§4.3 item 9),
/// `WWW-Authenticate` challenges and `use_dpop_nonce` answers (§7.1, §8,
/// §9), `Authorization: DPoP` credentials and `cnf` confirmations (§6, §7).
/// Input: `proof \0 text`.
pub fn dpop_proof(data: &[u8]) {
    let (proof_text, rest) = split_nul(data);
    let policy = proof::ProofPolicy::default();
    let expected = proof::Expected { htm: "GET".into(), htu: DPOP_URL.into(), access_token: Some(DPOP_ACCESS_TOKEN.into()), jkt: None, nonce: None };
    if let Some(unverified) = checked(proof::begin(&proof_text, &policy)) {
        assert!(proof_text.len() <= policy.max_size);
        let jkt = unverified.jkt.clone();
        let alg = unverified.alg();
        assert!(policy.algorithms.contains(&alg), "the allow-list holds");
        assert!(!unverified.public_jwk().contains("\"d\""), "only public keys");
        if let Some(p) = checked(proof::verify(&proof_text, &policy, &expected, None, NOW)) {
            assert_eq!(p.jkt, jkt);
            assert!(p.replay_until >= NOW && p.replay_key.starts_with("dpop:"));
        }
    }
    let key = nonce::NonceKey::new(&[7u8; 32]).expect("fixed secret");
    let _ = checked(proof::verify(&proof_text, &policy, &expected, Some(&key), NOW));
    if let Some(n) = htu::normalize(&rest) {
        assert_eq!(htu::normalize(&n).as_deref(), Some(n.as_str()), "normalization is idempotent");
    }
    let challenges = edgeauth::challenge::parse(&rest).unwrap_or_default();
    assert!(challenges.iter().all(|c| !c.scheme.is_empty()));
    if let Some(n) = nonce::requested(401, Some("n"), Some(&rest), &rest) {
        assert_eq!(n, "n");
    }
    let _ = nonce::requested(400, Some(&rest), None, &rest);
    if let Some(Some((_, token))) = checked(scheme::credentials(Some(&rest))) {
        assert!(bearer::is_b64token(token));
    }
    let _ = checked(scheme::confirmation(&rest));
    let _ = key.check(&rest, NOW);
}
