//! Property tests (proptest): the in-house JSON reader and writer against
//! serde_json, base64url and JSON round trips through the JWS paths, scope-matching invariants, the bearer wire format, and
//! delegation envelope seal/open round trips with random keys and bodies.
//! Case counts are modest so `cargo test` stays fast; a failure prints the
//! shrunk counterexample (add it to the unit tests as a regression).

use edgeauth::delegation::keys::SecretKey;
use edgeauth::delegation::{request, response};
use edgeauth::jose::jwk::KeySet;
use edgeauth::jose::jws::{self, SignHeader};
use edgeauth::jose::jwt::Policy;
use edgeauth::scope::{self, Grants};
use edgeauth::{b64, bearer, jose, json};
use proptest::prelude::*;
use serde_json::{Map, Value};

const HS_KEY: &str = r#"{"kty":"oct","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"}"#;

fn config() -> ProptestConfig {
    ProptestConfig { cases: 128, ..ProptestConfig::default() }
}

/// JSON values of bounded depth and size (numbers as integers: JSON floats
/// do not survive every round trip bit-for-bit, and claims are integers).
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(".{0,8}", inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Claims objects without the registered time claims (their checks are not
/// what these properties are about).
fn claims() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::btree_map("[a-z_]{1,8}".prop_filter("no time claims", |k| !["exp", "nbf", "iat"].contains(&k.as_str())), json_value(), 0..6)
        .prop_map(|m| m.into_iter().collect())
}

fn name() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-]{1,6}"
}

fn path() -> impl Strategy<Value = String> {
    prop::collection::vec(name(), 1..4).prop_map(|parts| parts.join("."))
}

/// Text that is often almost JSON: JSON values, written with random
/// whitespace, then sometimes cut or with one byte changed.
fn almost_json() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("{".to_string()), Just("}".to_string()), Just("[".to_string()), Just("]".to_string()), Just(",".to_string()), Just(":".to_string()),
        Just(" ".to_string()), Just("\n".to_string()), Just("\"".to_string()), Just("\\".to_string()), Just("\\u".to_string()),
        Just("true".to_string()), Just("null".to_string()), Just("fals".to_string()), Just("-".to_string()), Just(".".to_string()), Just("e+".to_string()),
        "[0-9]{1,3}".prop_map(|s| s), "[a-f0-9]{4}".prop_map(|s| s), "[a-zé]{0,3}".prop_map(|s| s), Just("\u{1}".to_string()),
        Just("\\ud83d\\ude00".to_string()), Just("\\udc00".to_string()),
    ];
    prop_oneof![
        json_value().prop_map(|v| serde_json::to_string_pretty(&v).unwrap()),
        prop::collection::vec(pieces, 0..24).prop_map(|p| p.concat()),
        (json_value(), any::<prop::sample::Index>(), any::<u8>()).prop_map(|(v, at, b)| {
            let mut bytes = serde_json::to_string(&v).unwrap().into_bytes();
            let i = at.index(bytes.len());
            bytes[i] = b;
            String::from_utf8_lossy(&bytes).into_owned()
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    /// The reader accepts exactly what serde_json accepts (bounded exponents:
    /// serde_json refuses numbers beyond f64, which the reader keeps as text),
    /// reads the same value, and writes text serde_json reads back the same.
    #[test]
    fn the_json_reader_agrees_with_serde_json(text in almost_json()) {
        let reference = serde_json::from_str::<Value>(&text);
        // The one intended difference: a byte change can write an exponent past f64 ("1e0309").
        prop_assume!(!reference.as_ref().is_err_and(|e| e.to_string().starts_with("number out of range")));
        let ours = json::parse(&text);
        prop_assert_eq!(ours.is_ok(), reference.is_ok(), "{:?}", text);
        if let (Ok(ours), Ok(reference)) = (ours, reference) {
            let written: Value = serde_json::from_str(&ours.to_json()).unwrap();
            prop_assert_eq!(written, reference);
            prop_assert_eq!(json::is_valid(text.as_bytes()), true);
        } else {
            prop_assert_eq!(json::is_valid(text.as_bytes()), false);
        }
    }

    /// `Number::bounds` is the exact floor and ceiling wherever f64 is exact.
    #[test]
    fn number_bounds_are_floor_and_ceil(int in -9_007_199_254_740_i64..9_007_199_254_740, frac in 0u32..1000, exp in -3i32..4) {
        let text = if frac == 0 { format!("{int}e{exp}") } else { format!("{int}.{frac:03}e{exp}") };
        let Ok(json::Value::Number(n)) = json::parse(&text) else { panic!("{text}") };
        let x: f64 = text.parse().unwrap();
        prop_assert_eq!(n.bounds(), (x.floor() as i64, x.ceil() as i64), "{}", text);
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn base64url_round_trips_and_is_canonical(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let text = b64::encode(&bytes);
        prop_assert!(text.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        prop_assert_eq!(b64::decode(&text), Some(bytes));
    }

    #[test]
    fn base64url_decoding_accepts_only_canonical_text(text in "[A-Za-z0-9_=+/-]{0,16}") {
        if let Some(bytes) = b64::decode(&text) {
            prop_assert_eq!(b64::encode(&bytes), text);
        }
    }

    #[test]
    fn a_signed_payload_comes_back_unchanged(payload in claims(), kid in proptest::option::of("[ -~]{0,12}")) {
        let keys = KeySet::parse(HS_KEY).unwrap();
        let json = serde_json::to_string(&Value::Object(payload.clone())).unwrap();
        let header = SignHeader { alg: "HS256".into(), kid, typ: Some("JWT".into()) };
        let token = jws::sign(&header, &keys.keys()[0], &json).unwrap();
        let verified = jose::verify(&token, &keys, &Policy::default(), 1_700_000_000).unwrap();
        let back: Value = serde_json::from_slice(&verified.payload).unwrap();
        prop_assert_eq!(&back, &Value::Object(payload));
        let (_, decoded) = jws::decode_unverified(&token, jws::DEFAULT_MAX_TOKEN_SIZE).unwrap();
        prop_assert_eq!(decoded, json);
    }

    #[test]
    fn any_change_to_a_signed_token_is_refused(payload in claims(), at in any::<prop::sample::Index>(), to in "[A-Za-z0-9_-]") {
        let keys = KeySet::parse(HS_KEY).unwrap();
        let json = serde_json::to_string(&Value::Object(payload)).unwrap();
        let token = jws::sign(&SignHeader { alg: "HS256".into(), ..Default::default() }, &keys.keys()[0], &json).unwrap();
        let i = at.index(token.len());
        let mut changed = token.clone();
        changed.replace_range(i..i + 1, &to);
        if changed != token {
            prop_assert!(jose::verify(&changed, &keys, &Policy::default(), 1_700_000_000).is_err());
        }
    }

    #[test]
    fn scopes_parse_back_to_their_parts(resource in path(), action in name()) {
        let s = scope::parse(&format!("{resource}:{action}")).unwrap();
        prop_assert_eq!((s.resource, s.action), (resource, action));
    }

    #[test]
    fn a_grant_never_widens_by_adding_sub_resources(resource in path(), action in prop_oneof![name(), Just("*".to_string())], sub in name()) {
        let granted = format!("{resource}:{action}");
        let g = Grants::new([granted.as_str()]);
        let asked = if action == "*" { "read".to_string() } else { action.clone() };
        prop_assert!(g.allows(&asked, &resource));
        let deeper = format!("{resource}.{sub}");
        prop_assert!(!g.allows(&asked, &deeper), "{} granted {}", granted, deeper);
        // `*:<action>` covers top-level resources only.
        let top = Grants::new([format!("*:{action}").as_str()]);
        prop_assert!(!top.allows(&asked, &deeper));
    }

    #[test]
    fn double_star_covers_everything_star_does(scope_resource in prop_oneof![path(), Just("*".to_string())], action in name(), asked in path()) {
        let star = Grants::new([format!("{scope_resource}:*").as_str()]);
        let deep = Grants::new([format!("{scope_resource}:**").as_str()]);
        let exact = Grants::new([format!("{scope_resource}:{action}").as_str()]);
        if exact.allows(&action, &asked) {
            prop_assert!(star.allows(&action, &asked), "`*` covers every action");
        }
        if star.allows(&action, &asked) {
            prop_assert!(deep.allows(&action, &asked), "`**` ⊇ `*`");
        }
        // `**` reaches exactly the resource and what is under it.
        let under = scope_resource == "*" || asked == scope_resource || asked.starts_with(&format!("{scope_resource}."));
        prop_assert_eq!(deep.allows(&action, &asked), under);
    }

    #[test]
    fn a_set_of_grants_is_the_union_of_its_members(scopes in prop::collection::vec(prop_oneof![
        (path(), name()).prop_map(|(r, a)| format!("{r}:{a}")),
        path().prop_map(|r| format!("{r}:**")),
        Just("*:*".to_string()),
        ".{0,10}",
    ], 0..5), action in name(), resource in path()) {
        let all = Grants::new(scopes.iter().map(String::as_str)).allows(&action, &resource);
        let any = scopes.iter().any(|s| Grants::new([s.as_str()]).allows(&action, &resource));
        prop_assert_eq!(all, any);
    }

    #[test]
    fn bearer_tokens_round_trip_and_challenges_never_break_lines(token in "[A-Za-z0-9._~+/-]{1,40}={0,2}", text in ".{0,40}") {
        let header = format!("Bearer {token}");
        prop_assert_eq!(bearer::from_authorization(Some(&header)).unwrap(), Some(token.as_str()));
        let challenge = bearer::challenge(Some(&text), Some("invalid_token"), Some(&text), Some(&text), Some(&text));
        prop_assert!(!challenge.contains(['\r', '\n']));
        prop_assert!(challenge.bytes().all(|b| (0x20..0x7f).contains(&b)), "printable ASCII only");
        let read = bearer::parse_challenge(&challenge).expect("a written challenge reads back");
        let clean: String = text.chars().filter(|c| c.is_ascii() && !c.is_ascii_control()).collect();
        let param = |name: &str| read.get(name).cloned().unwrap_or_default();
        prop_assert_eq!(param("realm"), clean.clone());
        prop_assert_eq!(param("resource_metadata"), clean);
        prop_assert_eq!(param("error"), "invalid_token");
        prop_assert!(!param("error_description").contains(['"', '\\']), "RFC 6750 §3 error_description characters");
    }

    #[test]
    fn a_delegated_request_and_its_reply_open_to_what_was_sealed(
        client_parts in any::<([u8; 32], [u8; 32])>(),
        server_parts in any::<([u8; 32], [u8; 32])>(),
        randomness in any::<([u8; 16], [u8; 32], [u8; 12], [u8; 32], [u8; 12])>(),
        body in claims(),
        status in 200u16..600,
        now in 1_000_000u64..4_000_000_000,
    ) {
        let client = SecretKey::from_parts(client_parts.0, client_parts.1);
        let server = SecretKey::from_parts(server_parts.0, server_parts.1);
        let (id, eph, nonce, reply_eph, reply_nonce) = randomness;
        let json = serde_json::to_string(&Value::Object(body)).unwrap();
        let sealed = request::seal_with(&client, &server.public(), "POST", "/v1/x", "tenant-1", now, id, eph, nonce, json.as_bytes()).unwrap();
        let header = |name: &str| sealed.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str());
        let rx = request::Received { method: "POST", path: "/v1/x", version: header("edgeauth-version"), tenant: header("edgeauth-tenant"), timestamp: header("edgeauth-timestamp"), request_id: header("edgeauth-request-id"), signature: header("edgeauth-signature") };
        let opened = request::parse(&rx, sealed.body.clone()).unwrap().open(&server, &client.public(), now, 300).unwrap();
        prop_assert_eq!(&opened.plaintext, &json);
        prop_assert_eq!(&opened.binding, &sealed.binding);
        // Another server's key opens nothing.
        let other = SecretKey::from_parts(server_parts.1, server_parts.0);
        prop_assert!(request::parse(&rx, sealed.body.clone()).unwrap().open(&other, &client.public(), now, 300).is_err());
        let reply = response::seal_with(&server, &client.public(), &opened.binding, status, now, reply_eph, reply_nonce, json.as_bytes()).unwrap();
        let rh = |name: &str| reply.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str());
        let rrx = response::Received { status, version: rh("edgeauth-version"), timestamp: rh("edgeauth-timestamp"), request_id: rh("edgeauth-request-id"), signature: rh("edgeauth-signature") };
        prop_assert_eq!(response::open(&client, &server.public(), &sealed.binding, &rrx, &reply.body, now, 300).unwrap(), json);
    }
}
