//! argon2id interop: PHC strings produced by argon2-cffi (the reference C
//! implementation of RFC 9106), in `tests/vectors/argon2.json`.

use edgeauth::password::{self, Params};
use serde_json::Value;

fn vectors() -> Value {
    serde_json::from_str(include_str!("vectors/argon2.json")).unwrap()
}

#[test]
fn our_hashes_equal_the_reference_byte_for_byte() {
    for v in vectors()["exact"].as_array().unwrap() {
        let salt: Vec<u8> = (0..16).map(|i| u8::from_str_radix(&v["salt_hex"].as_str().unwrap()[2 * i..2 * i + 2], 16).unwrap()).collect();
        let params = Params {
            memory_kib: v["m"].as_u64().unwrap() as u32,
            iterations: v["t"].as_u64().unwrap() as u32,
            parallelism: v["p"].as_u64().unwrap() as u32,
        };
        let phc = password::hash_with_salt(v["password"].as_str().unwrap().as_bytes(), &salt.try_into().unwrap(), params).unwrap();
        assert_eq!(phc, v["phc"].as_str().unwrap());
    }
}

#[test]
fn reference_hashes_verify() {
    for v in vectors()["verify"].as_array().unwrap() {
        let ok = password::verify(v["password"].as_str().unwrap().as_bytes(), v["phc"].as_str().unwrap());
        assert_eq!(ok, v["matches"].as_bool().unwrap(), "{}", v["phc"]);
    }
}
