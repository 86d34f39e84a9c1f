//! Replays the committed fuzz corpora (`fuzz/corpus/<target>/`) through the
//! same functions the cargo-fuzz targets call (`fuzz/src/lib.rs`), natively
//! and without nightly. A crash the fuzzer finds is committed to the corpus
//! (or to `fuzz/regressions/<target>/`) and so becomes a test here.

#[path = "../fuzz/src/lib.rs"]
mod surfaces;

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let mut count = 0;
    for dir in ["fuzz/corpus", "fuzz/regressions"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                panic!("{target}: {} panics", path.display());
            }
            count += 1;
        }
    }
    assert!(count > 0, "{target} has no corpus");
}

#[test]
fn jws_verify() {
    replay("jws_verify", surfaces::jws_verify);
}

#[test]
fn jwt_claims() {
    replay("jwt_claims", surfaces::jwt_claims);
}

#[test]
fn jwk_parse() {
    replay("jwk_parse", surfaces::jwk_parse);
}

#[test]
fn oauth_response() {
    replay("oauth_response", surfaces::oauth_response);
}

#[test]
fn oauth_callback() {
    replay("oauth_callback", surfaces::oauth_callback);
}

#[test]
fn scope_parse() {
    replay("scope_parse", surfaces::scope_parse);
}

#[test]
fn bearer_parse() {
    replay("bearer_parse", surfaces::bearer_parse);
}

#[test]
fn phc_parse() {
    replay("phc_parse", surfaces::phc_parse);
}

#[test]
fn delegation_open() {
    replay("delegation_open", surfaces::delegation_open);
}

#[test]
fn dpop_proof() {
    replay("dpop_proof", surfaces::dpop_proof);
}

/// The seed proof really verifies, so the fuzzer starts from the success path.
#[test]
fn seed_proof_verifies() {
    use edgeauth::dpop::proof;
    let data = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/dpop_proof/eddsa")).unwrap();
    let text = String::from_utf8(data).unwrap();
    let proof_text = text.split('\0').next().unwrap();
    let expected = proof::Expected { htm: "GET".into(), htu: surfaces::DPOP_URL.into(), access_token: Some(surfaces::DPOP_ACCESS_TOKEN.into()), jkt: None, nonce: None };
    proof::verify(proof_text, &proof::ProofPolicy::default(), &expected, None, surfaces::NOW).unwrap();
}

/// The seed tokens really verify, so the fuzzer starts from the success path.
#[test]
fn seed_tokens_verify() {
    use edgeauth::jose::{jwk::KeySet, jwt::Policy};
    let keys = KeySet::parse(surfaces::KEYS).unwrap();
    for name in ["hs256", "eddsa"] {
        let token = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/jws_verify").join(name)).unwrap();
        edgeauth::jose::verify(token.trim_end(), &keys, &Policy::default(), surfaces::NOW).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// The delegation seed is the committed vector's request: it opens.
#[test]
fn seed_request_opens() {
    use edgeauth::delegation::{keys::SecretKey, request};
    let data = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/delegation_open/request")).unwrap();
    let at = data.iter().position(|&b| b == 0).unwrap();
    let head = String::from_utf8(data[..at].to_vec()).unwrap();
    let l: Vec<&str> = head.split('\n').collect();
    let rx = request::Received { method: l[5], path: l[6], version: Some(l[0]), tenant: Some(l[1]), timestamp: Some(l[2]), request_id: Some(l[3]), signature: Some(l[4]) };
    let server = SecretKey::parse("edg_sk_v1_oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr9gYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f8NAkuw").unwrap();
    let client = SecretKey::parse("edg_sk_v1_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-P9FzEbg").unwrap();
    let opened = request::parse(&rx, data[at + 1..].to_vec()).unwrap().open(&server, &client.public(), surfaces::DELEGATION_NOW, 300).unwrap();
    assert!(opened.plaintext.contains("user-1"));
}
