//! The committed delegation vectors (`tests/vectors/delegation/*.json`, shared
//! with the JS tests): fixed keys and fixed randomness give exactly these
//! blobs, headers and bodies, and the bodies open to the committed JSON.
//!
//! `EDGEAUTH_WRITE_VECTORS=1 cargo test --test delegation_vectors` rewrites the
//! files from the code (only when the protocol version changes).

use edgeauth::delegation::keys::{PublicKey, SecretKey};
use edgeauth::delegation::{request, response, wire};
use sha2::{Digest, Sha256};
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

/// The request a vector's `inputs.request` describes, sealed with its fixed randomness.
fn seal_inputs(client: &SecretKey, server: &PublicKey, rq: &Value) -> request::Sealed {
    request::seal_with(
        client,
        server,
        rq["method"].as_str().unwrap(),
        rq["path"].as_str().unwrap(),
        rq["tenantId"].as_str().unwrap(),
        rq["timestamp"].as_u64().unwrap(),
        arr(&rq["requestId"]),
        arr(&rq["ephemeralSecret"]),
        arr(&rq["nonce"]),
        rq["body"].as_str().unwrap().as_bytes(),
    )
    .unwrap()
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
    let sealed = seal_inputs(&client, &server.public(), rq);
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

/// A public key blob around raw key bytes (checksum computed as §1 says).
fn public_blob(raw: &[u8; 64]) -> String {
    let check = Sha256::new().chain_update("edg_pk_v1_").chain_update(raw).finalize();
    let mut bytes = raw.to_vec();
    bytes.extend_from_slice(&check[..4]);
    format!("edg_pk_v1_{}", b64(&bytes))
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect()
}

/// `edges.json`: the boundaries docs/delegation.md fixes (request target,
/// methods, timestamps, request ids, bodies, key encodings) and one exchange
/// whose target has a base path and a query, sealed with PATCH.
#[test]
fn edges_vector() {
    let keys = load("keys.json");
    let client = party(&keys["inputs"]["client"]);
    let server = party(&keys["inputs"]["server"]);
    let inputs = load("edges.json")["inputs"].clone();
    let seal = |method: &str, path: &str, ts: u64, body: &[u8]| request::seal_with(&client, &server.public(), method, path, "tenant-acme", ts, [7; 16], [8; 32], [9; 12], body);
    let server_sees = |sealed: &request::Sealed, method: &str, path: &str, ts: Option<&str>, id: Option<&str>| {
        let h = |name: &str| sealed.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str());
        let rx = request::Received {
            method,
            path,
            version: h("edgeauth-version"),
            tenant: h("edgeauth-tenant"),
            timestamp: ts.or(h("edgeauth-timestamp")),
            request_id: id.or(h("edgeauth-request-id")),
            signature: h("edgeauth-signature"),
        };
        request::parse(&rx, sealed.body.clone()).and_then(|p| p.open(&server, &client.public(), 1_800_000_000, 300))
    };
    let status = |r: edgeauth::Result<request::Opened>| match r {
        Ok(_) => (200, "ok"),
        Err(edgeauth::Error::DelegationRequest { status, reason, .. }) => (status, reason),
        Err(e) => panic!("{e:?}"),
    };
    let ok = seal("POST", "/", 1_800_000_000, b"{}").unwrap();
    for target in strings(&inputs["targets"]["accepted"]) {
        let sealed = seal("POST", target, 1_800_000_000, b"{}").unwrap_or_else(|e| panic!("{target:?}: {e}"));
        assert_eq!(status(server_sees(&sealed, "POST", target, None, None)), (200, "ok"), "{target:?}");
    }
    for target in strings(&inputs["targets"]["refused"]) {
        assert_eq!(seal("POST", target, 1_800_000_000, b"{}").unwrap_err().code(), "ERR_CONFIG", "{target:?}");
        assert_eq!(status(server_sees(&ok, "POST", target, None, None)), (400, "malformed"), "{target:?}");
    }
    for method in strings(&inputs["methods"]["accepted"]) {
        let sealed = seal(method, "/x", 1_800_000_000, b"{}").unwrap();
        assert_eq!(status(server_sees(&sealed, method, "/x", None, None)), (200, "ok"), "{method}");
    }
    for method in strings(&inputs["methods"]["refused"]) {
        assert_eq!(seal(method, "/x", 1_800_000_000, b"{}").unwrap_err().code(), "ERR_CONFIG", "{method}");
        assert_eq!(status(server_sees(&ok, method, "/", None, None)), (400, "malformed"), "{method}");
    }
    for ts in strings(&inputs["timestamps"]["accepted"]) {
        let sealed = seal("POST", "/", ts.parse().unwrap(), b"{}").unwrap();
        let want = if ts == "1800000000" { (200, "ok") } else { (401, "timestamp") };
        assert_eq!(status(server_sees(&sealed, "POST", "/", None, None)), want, "{ts}");
    }
    for ts in strings(&inputs["timestamps"]["refused"]) {
        assert_eq!(status(server_sees(&ok, "POST", "/", Some(ts), None)), (400, "malformed"), "{ts:?}");
    }
    for id in strings(&inputs["requestIds"]["accepted"]) {
        assert!(wire::valid_request_id(id), "{id}");
        assert_eq!(status(server_sees(&ok, "POST", "/", None, Some(id))).0, 401, "{id}: parses, then the signature fails");
    }
    for id in strings(&inputs["requestIds"]["refused"]) {
        assert_eq!(status(server_sees(&ok, "POST", "/", None, Some(id))), (400, "malformed"), "{id}");
    }
    for body in strings(&inputs["bodies"]["accepted"]) {
        let sealed = seal("POST", "/", 1_800_000_000, body.as_bytes()).unwrap_or_else(|e| panic!("{body:?}: {e}"));
        assert_eq!(server_sees(&sealed, "POST", "/", None, None).unwrap().plaintext, body);
    }
    for body in strings(&inputs["bodies"]["refused"]) {
        assert_eq!(seal("POST", "/", 1_800_000_000, body.as_bytes()).unwrap_err().code(), "ERR_CONFIG", "{body:?}");
    }

    // Key encodings: a valid Ed25519 point written as y + p, and trailing bits in the base64url.
    // The smallest y < 19 that is a point; y + p stays below 2^255.
    let y = (0u8..19).find(|y| ed25519_dalek::VerifyingKey::from_bytes(&core::array::from_fn(|i| if i == 0 { *y } else { 0 })).is_ok()).unwrap();
    let mut raw = [0u8; 64];
    raw[..32].fill(0xff);
    raw[0] = 0xed + y;
    raw[31] = 0x7f;
    let client_blob = edgeauth::b64::decode(&client.public().to_blob()[10..]).unwrap();
    raw[32..].copy_from_slice(&client_blob[32..64]); // the client's own X25519 key
    let non_canonical_blob = public_blob(&raw);
    let good = client.public().to_blob();
    let last = good.as_bytes()[100];
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let index = alphabet.iter().position(|c| *c == last).unwrap();
    let trailing = format!("{}{}", &good[..100], alphabet[index ^ 1] as char);
    let public_keys = json!([
        { "why": "an Ed25519 point written as y + p (RFC 8032 §5.1.3 refuses y >= p)", "blob": non_canonical_blob, "error": "not canonically encoded" },
        { "why": "the client's public key with a non-zero unused bit in its last base64url character", "blob": trailing, "error": "not canonical base64url" },
    ]);
    for case in public_keys.as_array().unwrap() {
        let e = PublicKey::parse(case["blob"].as_str().unwrap()).unwrap_err();
        assert!(e.to_string().contains(case["error"].as_str().unwrap()), "{}: {e}", case["why"]);
        let e = request::tenant_key(case["blob"].as_str().unwrap()).unwrap_err();
        assert!(matches!(e, edgeauth::Error::DelegationRequest { status: 500, reason: "tenant_key", .. }), "{e:?}");
    }

    let rq = &inputs["request"];
    let sealed = seal_inputs(&client, &server.public(), rq);
    let computed = json!({
        "inputs": inputs,
        "publicKeys": public_keys,
        "request": { "headers": headers(&sealed.headers), "body": b64(&sealed.body), "aad": sealed.binding.aad() },
    });
    check_or_write("edges.json", &inputs, computed);
    let path = rq["path"].as_str().unwrap();
    assert_eq!(status(server_sees(&sealed, "PATCH", path, None, None)), (200, "ok"));
    let without_base = path.strip_prefix("/base").unwrap();
    assert_eq!(status(server_sees(&sealed, "PATCH", without_base, None, None)), (401, "signature"), "the base path is signed");
}
