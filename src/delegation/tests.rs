//! Round trips and tampering through the whole protocol.

use alloc::string::String;
use alloc::vec::Vec;

use super::keys::SecretKey;
use super::request::{self, Received};
use super::response;

const NOW: u64 = 1_800_000_000;
const PATH: &str = "/v1/management/users/phone";

struct World {
    client: SecretKey,
    server: SecretKey,
}

fn world() -> World {
    World { client: SecretKey::from_parts([1; 32], [2; 32]), server: SecretKey::from_parts([3; 32], [4; 32]) }
}

fn header<'a>(sealed: &'a [(&'static str, String)], name: &str) -> Option<&'a str> {
    sealed.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
}

/// A response as the client receives it: `status` and the headers `response::seal` wrote.
fn reply_received<'a>(status: u16, headers: &'a [(&'static str, String)]) -> response::Received<'a> {
    response::Received {
        status,
        version: header(headers, "edgeauth-version"),
        timestamp: header(headers, "edgeauth-timestamp"),
        request_id: header(headers, "edgeauth-request-id"),
        signature: header(headers, "edgeauth-signature"),
    }
}

fn received<'a>(headers: &'a [(&'static str, String)]) -> Received<'a> {
    Received {
        method: "POST",
        path: PATH,
        version: header(headers, "edgeauth-version"),
        tenant: header(headers, "edgeauth-tenant"),
        timestamp: header(headers, "edgeauth-timestamp"),
        request_id: header(headers, "edgeauth-request-id"),
        signature: header(headers, "edgeauth-signature"),
    }
}

fn server_open(w: &World, headers: &[(&'static str, String)], body: Vec<u8>, now: u64) -> crate::Result<request::Opened> {
    request::parse(&received(headers), body)?.open(&w.server, &w.client.public(), now, 300)
}

fn reason(e: crate::Error) -> (u16, &'static str) {
    match e {
        crate::Error::DelegationRequest { status, reason, .. } => (status, reason),
        other => panic!("not a request error: {other:?}"),
    }
}

#[test]
fn request_and_response_round_trip() {
    let w = world();
    let sealed = request::seal(&w.client, &w.server.public(), "POST", PATH, "acme", NOW, br#"{"userId":"u1"}"#).unwrap();
    let opened = server_open(&w, &sealed.headers, sealed.body.clone(), NOW + 300).unwrap();
    assert_eq!(opened.plaintext, r#"{"userId":"u1"}"#);
    assert_eq!(opened.binding, sealed.binding);
    assert_eq!(opened.replay_expires_at, NOW + 300);
    let reply = response::seal(&w.server, &w.client.public(), &opened.binding, 200, NOW + 1, br#"{"ok":true}"#).unwrap();
    let rx = reply_received(200, &reply.headers);
    let text = response::open(&w.client, &w.server.public(), &sealed.binding, &rx, &reply.body, NOW, 300).unwrap();
    assert_eq!(text, r#"{"ok":true}"#);
    let refuse = |rx: &response::Received<'_>, body: &[u8], now: u64| {
        let e = response::open(&w.client, &w.server.public(), &sealed.binding, rx, body, now, 300).unwrap_err();
        assert_eq!(e.code(), "ERR_DELEGATION_RESPONSE");
        e.to_string()
    };
    assert!(refuse(&response::Received { status: 201, ..rx }, &reply.body, NOW).contains("signature"));
    assert!(refuse(&rx, &reply.body, NOW + 302).contains("clockSkewSeconds"));
    assert!(refuse(&response::Received { signature: None, ..rx }, &reply.body, NOW).contains("missing"));
    for i in 0..reply.body.len() {
        let mut body = reply.body.clone();
        body[i] ^= 0x80;
        refuse(&rx, &body, NOW);
    }
    // A response to another request of the same tenant: same id header forged.
    let other = request::seal(&w.client, &w.server.public(), "POST", PATH, "acme", NOW, b"{}").unwrap();
    let e = response::open(&w.client, &w.server.public(), &other.binding, &rx, &reply.body, NOW, 300).unwrap_err();
    assert!(e.to_string().contains("(binding)"), "{e}");
    let forged_id = response::Received { request_id: Some(&other.binding.request_id), ..rx };
    let e = response::open(&w.client, &w.server.public(), &other.binding, &forged_id, &reply.body, NOW, 300).unwrap_err();
    assert!(e.to_string().contains("signature"), "{e}");
}

#[test]
fn every_tampered_byte_and_header_is_refused() {
    let w = world();
    let sealed = request::seal(&w.client, &w.server.public(), "POST", PATH, "acme", NOW, br#"{"a":1}"#).unwrap();
    for i in 0..sealed.body.len() {
        let mut body = sealed.body.clone();
        body[i] ^= 0x01;
        assert_eq!(reason(server_open(&w, &sealed.headers, body, NOW).unwrap_err()), (401, "signature"), "body byte {i}");
    }
    for (index, (name, value)) in sealed.headers.iter().enumerate() {
        if *name == "content-type" || *name == "edgeauth-version" {
            continue;
        }
        for at in 0..value.len() {
            let mut bytes = value.clone().into_bytes();
            bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
            let mut headers = sealed.headers.clone();
            headers[index].1 = String::from_utf8(bytes).unwrap();
            let (status, _) = reason(server_open(&w, &headers, sealed.body.clone(), NOW).unwrap_err());
            assert!(status == 400 || status == 401, "{name}[{at}] → {status}");
        }
    }
    let other_path = Received { path: "/v1/management/users/mfa-enforcement", ..received(&sealed.headers) };
    let e = request::parse(&other_path, sealed.body.clone()).unwrap().open(&w.server, &w.client.public(), NOW, 300).unwrap_err();
    assert_eq!(reason(e), (401, "signature"));
    let stranger = SecretKey::from_parts([9; 32], [9; 32]).public();
    let e = request::parse(&received(&sealed.headers), sealed.body.clone()).unwrap().open(&w.server, &stranger, NOW, 300).unwrap_err();
    assert_eq!(reason(e), (401, "signature"), "another tenant's key");
}

#[test]
fn stale_future_and_misaddressed_requests_are_refused() {
    let w = world();
    let sealed = request::seal(&w.client, &w.server.public(), "POST", PATH, "acme", NOW, b"{}").unwrap();
    assert_eq!(reason(server_open(&w, &sealed.headers, sealed.body.clone(), NOW + 301).unwrap_err()), (401, "timestamp"));
    assert_eq!(reason(server_open(&w, &sealed.headers, sealed.body.clone(), NOW - 301).unwrap_err()), (401, "timestamp"));
    // Signed correctly, sealed to another server: only this server's key opens it.
    let elsewhere = request::seal(&w.client, &SecretKey::from_parts([5; 32], [6; 32]).public(), "POST", PATH, "acme", NOW, b"{}").unwrap();
    assert_eq!(reason(server_open(&w, &elsewhere.headers, elsewhere.body, NOW).unwrap_err()), (400, "decrypt"));
    let mut no_version = sealed.headers.clone();
    no_version.retain(|(n, _)| *n != "edgeauth-version");
    assert_eq!(reason(server_open(&w, &no_version, sealed.body.clone(), NOW).unwrap_err()), (400, "malformed"));
    assert_eq!(reason(server_open(&w, &sealed.headers, sealed.body[..59].to_vec(), NOW).unwrap_err()), (400, "malformed"));
    assert_eq!(reason(server_open(&w, &sealed.headers, alloc::vec![0; (1 << 20) + 1], NOW).unwrap_err()), (400, "malformed"));
    assert!(request::check_length(1 << 20).is_ok());
    assert_eq!(reason(request::check_length((1 << 20) + 1).unwrap_err()), (400, "malformed"));
}

#[test]
fn client_inputs_are_checked_before_sealing() {
    let w = world();
    let server = w.server.public();
    for (method, path, tenant, body) in [
        ("post", PATH, "acme", "{}"),
        ("GET", PATH, "acme", "{}"),
        ("HEAD", PATH, "acme", "{}"),
        ("POST", "v1", "acme", "{}"),
        ("POST", "/v1/../admin", "acme", "{}"),
        ("POST", "/v1/a{b}", "acme", "{}"),
        ("POST", PATH, "a b", "{}"),
        ("POST", PATH, "acme", "{"),
        ("POST", PATH, "acme", "{\"a\":1,\"a\":2}"),
        ("POST", PATH, "acme", "1e400"),
    ] {
        let e = request::seal(&w.client, &server, method, path, tenant, NOW, body.as_bytes()).unwrap_err();
        assert_eq!(e.code(), "ERR_CONFIG", "{method} {path} {tenant} {body}");
    }
    let binding = request::seal(&w.client, &server, "POST", PATH, "acme", NOW, b"{}").unwrap().binding;
    assert_eq!(response::seal(&w.server, &w.client.public(), &binding, 99, NOW, b"{}").unwrap_err().code(), "ERR_CONFIG");
    assert_eq!(response::seal(&w.server, &w.client.public(), &binding, 200, NOW, b"[\"\\udfff\"]").unwrap_err().code(), "ERR_CONFIG");
    let e = request::seal(&w.client, &server, "POST", PATH, "acme", super::wire::MAX_TIMESTAMP + 1, b"{}").unwrap_err();
    assert_eq!(e.code(), "ERR_CONFIG");
}

#[test]
fn header_whitespace_method_target_and_timestamp_bounds() {
    let w = world();
    let sealed = request::seal(&w.client, &w.server.public(), "POST", PATH, "acme", NOW, b"{}").unwrap();
    // Optional whitespace around a value is not part of it (RFC 9110 §5.5).
    let padded: Vec<(&'static str, String)> = sealed.headers.iter().map(|(n, v)| (*n, alloc::format!(" \t{v} "))).collect();
    assert!(server_open(&w, &padded, sealed.body.clone(), NOW).is_ok());
    // Two values of one header (joined with ", " by HTTP) are malformed.
    let mut doubled = sealed.headers.clone();
    for (n, v) in doubled.iter_mut() {
        if *n == "edgeauth-request-id" {
            *v = alloc::format!("{v}, {v}");
        }
    }
    assert_eq!(reason(server_open(&w, &doubled, sealed.body.clone(), NOW).unwrap_err()), (400, "malformed"));
    let rx = received(&sealed.headers);
    for method in ["GET", "HEAD", "OPTIONS"] {
        let e = request::parse(&Received { method, ..rx }, sealed.body.clone()).unwrap_err();
        assert_eq!(reason(e), (400, "malformed"), "{method}");
    }
    for path in ["/v1/management/users/%7bphone", "/v1/management/users/a|b", "/v1/%2E/x"] {
        let e = request::parse(&Received { path, ..rx }, sealed.body.clone()).unwrap_err();
        assert_eq!(reason(e), (400, "malformed"), "{path}");
    }
    // The timestamp: 2^53 - 1 parses (then is outside the window), 2^53 is malformed.
    let top = request::seal(&w.client, &w.server.public(), "POST", PATH, "acme", super::wire::MAX_TIMESTAMP, b"{}").unwrap();
    assert_eq!(reason(server_open(&w, &top.headers, top.body.clone(), NOW).unwrap_err()), (401, "timestamp"));
    let mut over = top.headers.clone();
    for (n, v) in over.iter_mut() {
        if *n == "edgeauth-timestamp" {
            *v = "9007199254740992".into();
        }
    }
    assert_eq!(reason(server_open(&w, &over, top.body, NOW).unwrap_err()), (400, "malformed"));
    // The window is inclusive at both ends.
    assert!(server_open(&w, &sealed.headers, sealed.body.clone(), NOW - 300).is_ok());
    assert!(server_open(&w, &sealed.headers, sealed.body.clone(), NOW + 300).is_ok());
}

#[test]
fn an_unusable_tenant_key_is_the_servers_fault() {
    let w = world();
    assert!(request::tenant_key(&w.client.public().to_blob()).is_ok());
    for blob in ["", "edg_pk_v1_AAAA", &*w.client.to_blob()] {
        let e = request::tenant_key(blob).unwrap_err();
        assert_eq!(reason(e), (500, "tenant_key"), "{blob:.12}");
    }
    let e = request::tenant_key(&w.client.to_blob()).unwrap_err();
    assert!(!e.to_string().contains(&w.client.to_blob()[10..]), "the secret is not echoed");
}

#[test]
fn response_refusals_carry_a_reason() {
    let w = world();
    let sealed = request::seal(&w.client, &w.server.public(), "POST", PATH, "acme", NOW, b"{}").unwrap();
    let reply = response::seal(&w.server, &w.client.public(), &sealed.binding, 200, NOW, b"{}").unwrap();
    let rx = reply_received(200, &reply.headers);
    let why = |rx: &response::Received<'_>, body: &[u8], now: u64, binding: &request::Binding| match response::open(&w.client, &w.server.public(), binding, rx, body, now, 300) {
        Err(crate::Error::DelegationResponse { reason, .. }) => reason,
        other => panic!("{other:?}"),
    };
    let b = &sealed.binding;
    assert_eq!(why(&response::Received { version: None, ..rx }, &reply.body, NOW, b), "malformed");
    assert_eq!(why(&response::Received { request_id: Some("AAAAAAAAAAAAAAAAAAAAAB"), ..rx }, &reply.body, NOW, b), "malformed");
    assert_eq!(why(&rx, &reply.body[..59], NOW, b), "malformed");
    let other = request::Binding { request_id: "AAAAAAAAAAAAAAAAAAAAAA".into(), ..b.clone() };
    assert_eq!(why(&rx, &reply.body, NOW, &other), "binding");
    assert_eq!(why(&response::Received { status: 201, ..rx }, &reply.body, NOW, b), "signature");
    assert_eq!(why(&rx, &reply.body, NOW + 301, b), "skew");
    // Signed by the server but sealed to another tenant's key.
    let stranger = SecretKey::from_parts([8; 32], [8; 32]).public();
    let misdirected = response::seal(&w.server, &stranger, b, 200, NOW, b"{}").unwrap();
    let mrx = response::Received { signature: header(&misdirected.headers, "edgeauth-signature"), ..rx };
    assert_eq!(why(&mrx, &misdirected.body, NOW, b), "decrypt");
    let padded = alloc::format!(" {} ", header(&reply.headers, "edgeauth-signature").unwrap());
    assert!(response::open(&w.client, &w.server.public(), b, &response::Received { signature: Some(&padded), ..rx }, &reply.body, NOW, 300).is_ok());
}
