//! RFC vectors through the same core paths the package uses:
//! RFC 7515 Appendix A.1-A.3, RFC 8037 Appendix A.4, RFC 7520 §4.1, §4.2, §4.4
//! (data in `tests/vectors/jws.json`, shared with the JS tests).

use edgeauth::jose::{self, jwk::KeySet, jws, jwt::Policy, sig};
use serde_json::Value;

fn vectors() -> (u64, Vec<Value>) {
    let v: Value = serde_json::from_str(include_str!("vectors/jws.json")).unwrap();
    (v["now"].as_u64().unwrap(), v["vectors"].as_array().unwrap().clone())
}

fn keyset(v: &Value) -> KeySet {
    KeySet::parse(&v["key"].to_string()).unwrap()
}

#[test]
fn every_vector_verifies_and_deterministic_ones_re_sign_exactly() {
    let (now, vectors) = vectors();
    assert_eq!(vectors.len(), 7);
    for v in &vectors {
        let name = v["section"].as_str().unwrap();
        let token = v["token"].as_str().unwrap();
        let keys = keyset(v);
        let prepared = jws::prepare(token, &keys, None, 16384).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(prepared.parsed.alg.name(), v["alg"].as_str().unwrap().replace("Ed25519", "EdDSA"), "{name}");
        prepared.verify_locally(&keys).unwrap_or_else(|e| panic!("{name}: {e}"));
        if v["jwt"].as_bool().unwrap() {
            let verified = jose::verify(token, &keys, &Policy::default(), now).unwrap();
            let payload: Value = serde_json::from_slice(&verified.payload).unwrap();
            assert_eq!(payload["iss"], "joe", "{name}");
            let expired = jose::verify(token, &keys, &Policy::default(), 1300819380 + 31).unwrap_err();
            assert_eq!(expired.code(), "ERR_JWT_EXPIRED", "{name}");
        }
        if matches!(prepared.parsed.alg.family(), jose::alg::Family::Hmac | jose::alg::Family::Ed25519) {
            let again = sig::sign(prepared.parsed.alg, &keys.keys()[0], prepared.signing_input()).unwrap();
            assert_eq!(again, prepared.parsed.signature, "{name}: signing reproduces the RFC signature");
        }
    }
}

#[test]
fn a_flipped_bit_anywhere_fails() {
    let (_, vectors) = vectors();
    for v in &vectors {
        let token = v["token"].as_str().unwrap();
        let keys = keyset(v);
        let dots: Vec<usize> = token.match_indices('.').map(|(i, _)| i).collect();
        // one position in the payload, one in the signature
        for at in [dots[0] + 3, dots[1] + 5] {
            let mut bytes = token.as_bytes().to_vec();
            bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
            let tampered = String::from_utf8(bytes).unwrap();
            let err = jws::prepare(&tampered, &keys, None, 16384).and_then(|p| p.verify_locally(&keys)).unwrap_err();
            assert!(matches!(err.code(), "ERR_JWS_SIGNATURE_INVALID" | "ERR_JWS_INVALID"), "{}: {}", v["section"], err.code());
        }
    }
}

#[test]
fn the_wrong_key_type_is_alg_confusion() {
    let (_, vectors) = vectors();
    // An HS256 token checked against the RSA public key of A.2 must not treat
    // the public key as an HMAC secret.
    let rsa = keyset(&vectors[1]);
    let err = jws::prepare(vectors[0]["token"].as_str().unwrap(), &rsa, None, 16384).unwrap_err();
    assert_eq!(err.code(), "ERR_JOSE_ALG_NOT_ALLOWED");
}
