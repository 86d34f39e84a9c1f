//! RFC 8725 (JWT BCP) and secret-handling checks that no other test pins
//! down; docs/security.md maps every checklist item to its test.

use edgeauth::jose::jwk::KeySet;
use edgeauth::jose::jws::{self, SignHeader};
use edgeauth::jose::jwt::Policy;
use edgeauth::{b64, jose};

const NOW: u64 = 1_700_000_000;
const HS_KEY: &str = r#"{"kty":"oct","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"}"#;
/// RFC 8032 §7.1 test 1: the verifier's key.
const ED_PUBLIC: &str = r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
/// RFC 8032 §7.1 test 2: an attacker's own key pair.
const ATTACKER: &str = r#"{"kty":"OKP","crv":"Ed25519","x":"PUAXw-hDiVqStwqnTRt-vJyYLM8uxJaMwM1V8Sr0Zgw","d":"TM0Imyj_ltqdtsNG7BFOD1uKMZ81q6Yk2oz27U-4pvs"}"#;

fn hs_token(header: &str, payload: &str) -> String {
    let keys = KeySet::parse(HS_KEY).unwrap();
    let input = format!("{}.{}", b64::encode(header.as_bytes()), b64::encode(payload.as_bytes()));
    let sig = jose::sig::sign(jose::alg::Alg::HS256, &keys.keys()[0], input.as_bytes()).unwrap();
    format!("{input}.{}", b64::encode(&sig))
}

/// RFC 8725 §3.10: keys named by the token itself (`jwk`, `jku`, `x5u`,
/// `x5c`) are never used; only the caller's keys verify.
#[test]
fn keys_embedded_in_the_header_are_ignored() {
    let attacker = KeySet::parse(ATTACKER).unwrap();
    let public: serde_json::Value = serde_json::from_str(ATTACKER).unwrap();
    let header = format!(r#"{{"alg":"EdDSA","jwk":{{"kty":"OKP","crv":"Ed25519","x":{}}},"jku":"https://evil.example/jwks","x5u":"https://evil.example/c"}}"#, public["x"]);
    let input = format!("{}.{}", b64::encode(header.as_bytes()), b64::encode(br#"{"sub":"admin"}"#));
    let sig = jose::sig::sign(jose::alg::Alg::EdDSA, &attacker.keys()[0], input.as_bytes()).unwrap();
    let token = format!("{input}.{}", b64::encode(&sig));
    assert!(jose::verify(&token, &attacker, &Policy::default(), NOW).is_ok(), "the token is well formed");
    let ours = KeySet::parse(ED_PUBLIC).unwrap();
    assert_eq!(jose::verify(&token, &ours, &Policy::default(), NOW).unwrap_err().code(), "ERR_JWS_SIGNATURE_INVALID");
}

/// RFC 8725 §3.7: header and payload are UTF-8 JSON; anything else is malformed.
#[test]
fn segments_that_are_not_utf8_are_refused() {
    let keys = KeySet::parse(HS_KEY).unwrap();
    let bad = b"{\"alg\":\"HS256\",\"x\":\"\xff\"}";
    let input = format!("{}.{}", b64::encode(bad), b64::encode(b"{}"));
    let sig = jose::sig::sign(jose::alg::Alg::HS256, &keys.keys()[0], input.as_bytes()).unwrap();
    let token = format!("{input}.{}", b64::encode(&sig));
    assert_eq!(jose::verify(&token, &keys, &Policy::default(), NOW).unwrap_err().code(), "ERR_JWS_INVALID");
    assert_eq!(jws::decode_unverified(&token, 4096).unwrap_err().code(), "ERR_JWS_INVALID");
    let payload = hs_token(r#"{"alg":"HS256"}"#, r#"{"sub":"\u0000"}"#);
    assert!(jose::verify(&payload, &keys, &Policy::default(), NOW).is_ok(), "escaped control characters are fine");
    let raw = format!("{}.{}", b64::encode(br#"{"alg":"HS256"}"#), b64::encode(b"{\"sub\":\"\xc3\x28\"}"));
    let sig = jose::sig::sign(jose::alg::Alg::HS256, &keys.keys()[0], raw.as_bytes()).unwrap();
    assert_eq!(jose::verify(&format!("{raw}.{}", b64::encode(&sig)), &keys, &Policy::default(), NOW).unwrap_err().code(), "ERR_JWS_INVALID");
}

/// RFC 8725 §3.10: `kid` is only looked up in the caller's set, never used as a path or URL.
#[test]
fn kid_is_only_a_lookup_key() {
    let set = KeySet::parse(r#"{"keys":[{"kty":"oct","kid":"a","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"}]}"#).unwrap();
    for kid in ["../../etc/passwd", "https://evil.example/key", "a' OR '1'='1", ""] {
        let token = hs_token(&format!(r#"{{"alg":"HS256","kid":{}}}"#, serde_json::Value::from(kid)), "{}");
        assert_eq!(jose::verify(&token, &set, &Policy::default(), NOW).unwrap_err().code(), "ERR_JWKS_NO_MATCHING_KEY", "{kid}");
    }
}

/// Secrets never appear in errors or Debug output: not the key, not the
/// token's signature, not the client secret.
#[test]
fn errors_and_debug_output_never_carry_secrets() {
    let keys = KeySet::parse(HS_KEY).unwrap();
    let other = KeySet::parse(r#"{"kty":"oct","k":"b3RoZXItb3RoZXItb3RoZXItb3RoZXItb3RoZXItb3RoZXI"}"#).unwrap();
    let token = jws::sign(&SignHeader { alg: "HS256".into(), ..Default::default() }, &other.keys()[0], r#"{"sub":"u"}"#).unwrap();
    let err = jose::verify(&token, &keys, &Policy::default(), NOW).unwrap_err();
    let signature = token.rsplit('.').next().unwrap();
    for text in [err.to_string(), format!("{err:?}"), err.details().unwrap_or_default(), format!("{keys:?}")] {
        assert!(!text.contains(signature) && !text.contains("c2VjcmV0") && !text.contains("secret-secret"), "{text}");
    }
    let bad_key = KeySet::parse(r#"{"kty":"oct","k":"c2VjcmV0+"}"#).unwrap_err();
    assert!(!bad_key.to_string().contains("c2VjcmV0"), "{bad_key}");
    let client = edgeauth::oauth::client::ClientConfig::from_json(r#"{"clientId":"c","clientSecret":"hunter2-very-secret"}"#).unwrap();
    assert!(!format!("{client:?}").contains("hunter2"));
}
