//! The committed delegation vectors (`tests/vectors/delegation/*.json`, shared
//! with the JS tests): fixed keys and fixed randomness give exactly these
//! blobs, headers and bodies, and the bodies open to the committed JSON.
//!
//! `EDGEAUTH_WRITE_VECTORS=1 cargo test --test delegation_vectors` rewrites the
//! files from the code (only when the protocol version changes).

use edgeauth::delegation::keys::{PublicKey, SecretKey};
use edgeauth::delegation::{request, response};
use serde_json::{json, Value};

fn hex(text: &str) -> Vec<u8> {
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
}

fn arr<const N: usize>(v: &Value) -> [u8; N] {
    hex(v.as_str().unwrap()).try_into().unwrap()
}

fn b64(bytes: &[u8]) -> String {
    edgeauth::b64::encode(bytes)
}

fn headers(list: &[(&'static str, String)]) -> Value {
    Value::Object(list.iter().map(|(n, v)| ((*n).to_string(), Value::String(v.clone()))).collect())
}

fn load(name: &str) -> Value {
    let path = format!("{}/tests/vectors/delegation/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn check_or_write(name: &str, inputs: &Value, computed: Value) {
    let path = format!("{}/tests/vectors/delegation/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("EDGEAUTH_WRITE_VECTORS").is_some() {
        std::fs::write(&path, serde_json::to_string_pretty(&computed).unwrap() + "\n").unwrap();
    }
    let committed = load(name);
    assert_eq!(committed, computed, "{name}: the code no longer reproduces the committed vector");
    assert_eq!(&committed["inputs"], inputs);
}

fn party(v: &Value) -> SecretKey {
    SecretKey::from_parts(arr(&v["ed25519Seed"]), arr(&v["x25519Secret"]))
}

fn party_json(v: &Value) -> Value {
    let sk = party(v);
    json!({ "ed25519Seed": v["ed25519Seed"], "x25519Secret": v["x25519Secret"], "secretKey": *sk.to_blob(), "publicKey": sk.public().to_blob() })
}

#[test]
fn keys_vector() {
    let committed = load("keys.json");
    let inputs = committed["inputs"].clone();
    let client = party_json(&inputs["client"]);
    let server = party_json(&inputs["server"]);
    for (name, blob) in [("client", &client), ("server", &server)] {
        let parsed = SecretKey::parse(blob["secretKey"].as_str().unwrap()).unwrap();
        assert_eq!(parsed.public().to_blob(), blob["publicKey"].as_str().unwrap(), "{name}");
    }
    // Each invalid blob names its defect.
    for case in inputs["invalid"].as_array().unwrap() {
        let text = case["blob"].as_str().unwrap();
        let e = match case["kind"].as_str().unwrap() {
            "public" => PublicKey::parse(text).unwrap_err(),
            _ => SecretKey::parse(text).unwrap_err(),
        };
        assert_eq!(e.code(), "ERR_DELEGATION_CRYPTO");
        assert!(e.to_string().contains(case["error"].as_str().unwrap()), "{}: {e}", case["why"]);
    }
    check_or_write("keys.json", &inputs, json!({ "inputs": inputs, "client": client, "server": server }));
}

#[test]
fn exchange_vector() {
    let keys = load("keys.json");
    let client = party(&keys["inputs"]["client"]);
    let server = party(&keys["inputs"]["server"]);
    let inputs = load("exchange.json")["inputs"].clone();
    let (rq, rs) = (&inputs["request"], &inputs["response"]);
    let sealed = request::seal_with(
        &client,
        &server.public(),
        rq["method"].as_str().unwrap(),
        rq["path"].as_str().unwrap(),
        rq["tenantId"].as_str().unwrap(),
        rq["timestamp"].as_u64().unwrap(),
        arr(&rq["requestId"]),
        arr(&rq["ephemeralSecret"]),
        arr(&rq["nonce"]),
        rq["body"].as_str().unwrap().as_bytes(),
    )
    .unwrap();
    let reply = response::seal_with(
        &server,
        &client.public(),
        &sealed.binding,
        rs["status"].as_u64().unwrap() as u16,
        rs["timestamp"].as_u64().unwrap(),
        arr(&rs["ephemeralSecret"]),
        arr(&rs["nonce"]),
        rs["body"].as_str().unwrap().as_bytes(),
    )
    .unwrap();

    let computed = json!({
        "inputs": inputs,
        "request": { "headers": headers(&sealed.headers), "body": b64(&sealed.body), "aad": sealed.binding.aad() },
        "response": { "status": reply.status, "headers": headers(&reply.headers), "body": b64(&reply.body) },
    });
    check_or_write("exchange.json", &inputs, computed);

    // The committed bytes open and verify through the real paths.
    let committed = load("exchange.json");
    let h = |name: &str| committed["request"]["headers"][name].as_str();
    let rx = request::Received {
        method: rq["method"].as_str().unwrap(),
        path: rq["path"].as_str().unwrap(),
        version: h("edgeauth-version"),
        tenant: h("edgeauth-tenant"),
        timestamp: h("edgeauth-timestamp"),
        request_id: h("edgeauth-request-id"),
        signature: h("edgeauth-signature"),
    };
    let body = edgeauth::b64::decode(committed["request"]["body"].as_str().unwrap()).unwrap();
    let now = rq["timestamp"].as_u64().unwrap();
    let opened = request::parse(&rx, body).unwrap().open(&server, &client.public(), now, 300).unwrap();
    assert_eq!(opened.plaintext, rq["body"].as_str().unwrap());
    let rh = |name: &str| committed["response"]["headers"][name].as_str();
    let rrx = response::Received {
        status: committed["response"]["status"].as_u64().unwrap() as u16,
        version: rh("edgeauth-version"),
        timestamp: rh("edgeauth-timestamp"),
        request_id: rh("edgeauth-request-id"),
        signature: rh("edgeauth-signature"),
    };
    let rbody = edgeauth::b64::decode(committed["response"]["body"].as_str().unwrap()).unwrap();
    let text = response::open(&client, &server.public(), &opened.binding, &rrx, &rbody, now, 300).unwrap();
    assert_eq!(text, rs["body"].as_str().unwrap());

}
