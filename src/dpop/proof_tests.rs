//! Tests of `proof.rs`: the RFC 9449 examples, then one refusal per check.

use super::*;
use crate::dpop::client::{self, Request};
use crate::dpop::nonce::NonceKey;
use crate::jose::sig;
use serde_json::{json, Value as Doc};

/// RFC 9449 Figure 13: a proof for GET https://resource.example.org/protectedresource with the access token below, iat 1562262618.
const FIGURE_13: &str = "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19.eyJqdGkiOiJlMWozVl9iS2ljOC1MQUVCIiwiaHRtIjoiR0VUIiwiaHR1IjoiaHR0cHM6Ly9yZXNvdXJjZS5leGFtcGxlLm9yZy9wcm90ZWN0ZWRyZXNvdXJjZSIsImlhdCI6MTU2MjI2MjYxOCwiYXRoIjoiZlVIeU8ycjJaM0RaNTNFc05yV0JiMHhXWG9hTnk1OUlpS0NBcWtzbVFFbyJ9.2oW9RP35yRqzhrtNP86L-Ey71EOptxRimPPToA1plemAgR6pxHF8y6-yqyVnmcw6Fy1dqd-jfxSYoMxhAJpLjA";
/// RFC 9449 Figure 5: a proof for POST https://server.example.com/token, iat 1562262616.
const FIGURE_5: &str = "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19.eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ.2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg";
/// The access token of Figure 13, and the thumbprint of the examples' key (Figure 9).
const AT: &str = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
const JKT: &str = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

/// RFC 8032 §7.1 test 1.
const ED_PRIVATE: &str = r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"}"#;
const ED_PUBLIC: &str = r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
const NOW: u64 = 1_700_000_000;
const URL: &str = "https://api.example/notes";

fn expected(url: &str, token: Option<&str>) -> Expected {
    Expected::from_json(&json!({ "method": "GET", "url": url, "accessToken": token }).to_string()).unwrap()
}

fn ed_key() -> Jwk {
    Jwk::from_value(&json::parse(ED_PRIVATE).unwrap()).unwrap()
}

/// A proof signed with the RFC 8032 key, from the client's builder.
fn proof(request: Request, now: u64) -> String {
    let input = client::signing_input("EdDSA", ED_PUBLIC, &request, now).unwrap();
    let signature = sig::sign(Alg::EdDSA, &ed_key(), input.as_bytes()).unwrap();
    alloc::format!("{input}.{}", b64::encode(&signature))
}

/// A proof with any header and claims, signed with the RFC 8032 key.
fn forged(header: Doc, claims: Doc) -> String {
    let input = alloc::format!("{}.{}", b64::encode(header.to_string().as_bytes()), b64::encode(claims.to_string().as_bytes()));
    let signature = sig::sign(Alg::EdDSA, &ed_key(), input.as_bytes()).unwrap();
    alloc::format!("{input}.{}", b64::encode(&signature))
}

fn get(token: Option<&'static str>) -> Request<'static> {
    Request { method: "GET", url: URL, access_token: token, nonce: None }
}

fn check(proof: &str, want: &Expected, now: u64) -> core::result::Result<Proof, (&'static str, String)> {
    verify(proof, &ProofPolicy::default(), want, None, now).map_err(|e| (e.code(), e.details().unwrap_or_default()))
}

fn refused(proof: &str, want: &Expected, now: u64) -> String {
    let (code, details) = check(proof, want, now).unwrap_err();
    assert_eq!(code, "ERR_DPOP_PROOF_INVALID", "{details}");
    serde_json::from_str::<Doc>(&details).unwrap()["check"].as_str().unwrap().into()
}

#[test]
fn rfc_9449_examples_verify() {
    let p = check(FIGURE_13, &expected("https://resource.example.org/protectedresource", Some(AT)), 1562262618).unwrap();
    assert_eq!((p.jkt.as_str(), p.jti.as_str(), p.iat), (JKT, "e1j3V_bKic8-LAEB", 1562262618));
    let token_request = Expected::from_json(r#"{"method":"POST","url":"https://server.example.com/token"}"#).unwrap();
    assert_eq!(check(FIGURE_5, &token_request, 1562262616 + 60).unwrap().jkt, JKT);
    let json: Doc = serde_json::from_str(&p.to_json()).unwrap();
    assert_eq!((json["jkt"].as_str(), json["header"]["typ"].as_str(), json["payload"]["htm"].as_str()), (Some(JKT), Some("dpop+jwt"), Some("GET")));
    assert!(json["replayKey"].as_str().unwrap().starts_with("dpop:") && json["replayUntil"] == 1562262618 + 90);
}

#[test]
fn our_proofs_verify_with_binding_and_normalized_htu() {
    let token = "an-access-token";
    let p = proof(get(Some("an-access-token")), NOW);
    let mut want = expected("HTTPS://API.example:443/notes?page=2", Some(token));
    want.jkt = Some(Jwk::from_value(&json::parse(ED_PUBLIC).unwrap()).unwrap().thumbprint());
    let ok = check(&p, &want, NOW + 5).unwrap();
    assert_eq!(ok.jkt, want.jkt.clone().unwrap());
    assert_ne!(proof(get(None), NOW), proof(get(None), NOW), "fresh jti");
}

#[test]
fn every_check_refuses_with_its_name() {
    let want = expected(URL, Some("at"));
    let good = || proof(get(Some("at")), NOW);
    assert!(check(&good(), &want, NOW).is_ok());
    // header: typ, alg, jwk
    let h = |v: Doc| forged(v, json!({"jti":"j","htm":"GET","htu":URL,"iat":NOW,"ath":crate::dpop::ath("at")}));
    let jwk: Doc = serde_json::from_str(ED_PUBLIC).unwrap();
    assert!(check(&h(json!({"typ":"application/DPoP+JWT","alg":"EdDSA","jwk":jwk})), &want, NOW).is_ok(), "typ is a media type");
    assert_eq!(refused(&h(json!({"typ":"JWT","alg":"EdDSA","jwk":jwk})), &want, NOW), "typ");
    assert_eq!(refused(&h(json!({"alg":"EdDSA","jwk":jwk})), &want, NOW), "typ");
    for alg in ["none", "HS256", "ES512", "XYZ"] {
        assert_eq!(refused(&h(json!({"typ":"dpop+jwt","alg":alg,"jwk":jwk})), &want, NOW), "alg", "{alg}");
    }
    assert_eq!(refused(&h(json!({"typ":"dpop+jwt","jwk":jwk})), &want, NOW), "alg");
    assert_eq!(refused(&h(json!({"typ":"dpop+jwt","alg":"EdDSA"})), &want, NOW), "jwk");
    assert_eq!(refused(&h(json!({"typ":"dpop+jwt","alg":"EdDSA","jwk":serde_json::from_str::<Doc>(ED_PRIVATE).unwrap()})), &want, NOW), "jwk", "private key");
    assert_eq!(refused(&h(json!({"typ":"dpop+jwt","alg":"EdDSA","jwk":{"kty":"oct","k":"c2VjcmV0"}})), &want, NOW), "jwk", "symmetric key");
    assert_eq!(refused(&h(json!({"typ":"dpop+jwt","alg":"ES256","jwk":jwk})), &want, NOW), "jwk", "key does not fit alg");
    assert_eq!(refused(&h(json!({"typ":"dpop+jwt","alg":"EdDSA","jwk":{"kty":"OKP","crv":"Ed25519","x":"AQAB"}})), &want, NOW), "jwk");
    assert_eq!(refused(&h(json!({"typ":"dpop+jwt","alg":"EdDSA","jwk":jwk,"crit":["x"]})), &want, NOW), "syntax");
    // syntax, size, several headers
    for bad in ["e30", "e30.e30", "!!.e30.sig", "bm90IGpzb24.e30.sig", "W10.e30.sig"] {
        assert_ne!(refused(bad, &want, NOW), "", "{bad}");
    }
    assert_eq!(refused("", &want, NOW), "missing");
    assert_eq!(refused(&alloc::format!("{}, {}", good(), good()), &want, NOW), "header");
    assert_eq!(refused(&"a".repeat(DEFAULT_MAX_SIZE + 1), &want, NOW), "size");
    let g = good();
    let (input, _) = g.rsplit_once('.').unwrap();
    assert_eq!(refused(&alloc::format!("{input}.{}", b64::encode(&[0u8; 64])), &want, NOW), "signature");
    assert_eq!(refused(&alloc::format!("{input}.!!"), &want, NOW), "syntax");
    // claims
    let c = |claims: Doc| forged(json!({"typ":"dpop+jwt","alg":"EdDSA","jwk":jwk}), claims);
    let base = json!({"jti":"j","htm":"GET","htu":URL,"iat":NOW,"ath":crate::dpop::ath("at")});
    let with = |k: &str, v: Doc| {
        let mut m = base.clone();
        m[k] = v;
        c(m)
    };
    let without = |k: &str| {
        let mut m = base.clone();
        m.as_object_mut().unwrap().remove(k);
        c(m)
    };
    for (claim, check) in [("jti", "jti"), ("htm", "htm"), ("htu", "htu"), ("iat", "iat"), ("ath", "ath")] {
        assert_eq!(refused(&without(claim), &want, NOW), check, "missing {claim}");
    }
    assert_eq!(refused(&with("jti", json!("j".repeat(MAX_JTI + 1))), &want, NOW), "jti");
    assert_eq!(refused(&with("htm", json!("POST")), &want, NOW), "htm");
    assert_eq!(refused(&with("htm", json!("get")), &want, NOW), "htm", "methods are case-sensitive");
    assert_eq!(refused(&with("htu", json!("https://api.example/other")), &want, NOW), "htu");
    assert_eq!(refused(&with("htu", json!("https://evil.example/notes")), &want, NOW), "htu");
    assert!(check(&with("htu", json!("https://api.example/notes?q=1#x")), &want, NOW).is_ok(), "query and fragment are ignored");
    assert_eq!(refused(&with("iat", json!(NOW - 91)), &want, NOW), "iat", "stale (60 s + 30 s tolerance)");
    assert!(check(&with("iat", json!(NOW - 90)), &want, NOW).is_ok());
    assert_eq!(refused(&with("iat", json!(NOW + 31)), &want, NOW), "iat", "future");
    assert!(check(&with("iat", json!(NOW + 30)), &want, NOW).is_ok());
    assert_eq!(refused(&with("iat", json!("1700000000")), &want, NOW), "iat");
    assert_eq!(refused(&with("ath", json!(crate::dpop::ath("other"))), &want, NOW), "ath");
    assert_eq!(refused(&with("nonce", json!(5)), &want, NOW), "nonce");
    assert_eq!(refused(&c(json!([1])), &want, NOW), "syntax");
    // the binding
    let mut bound = want.clone();
    bound.jkt = Some(JKT.into());
    assert_eq!(check(&good(), &bound, NOW).unwrap_err().0, "ERR_DPOP_BINDING_INVALID");
}

#[test]
fn nonces_exact_and_server_issued() {
    let key = NonceKey::new(&[9u8; 32]).unwrap();
    let nonce = key.issue(NOW);
    let want = expected(URL, None);
    let policy = ProofPolicy::default();
    let with_nonce = |n: &str, iat: u64| proof(Request { nonce: Some(n), ..get(None) }, iat);
    assert_eq!(verify(&proof(get(None), NOW), &policy, &want, Some(&key), NOW).unwrap_err(), Error::DpopNonce, "no nonce");
    assert_eq!(verify(&with_nonce("made-up", NOW), &policy, &want, Some(&key), NOW).unwrap_err(), Error::DpopNonce, "not ours");
    let ok = verify(&with_nonce(&nonce, NOW), &policy, &want, Some(&key), NOW).unwrap();
    assert_eq!(ok.replay_until, key.check(&nonce, NOW).unwrap(), "remembered as long as the nonce lives");
    assert!(verify(&with_nonce(&nonce, 5), &policy, &want, Some(&key), NOW + 100).is_ok(), "a fresh server nonce bounds the age instead of iat");
    assert_eq!(verify(&with_nonce(&nonce, NOW), &policy, &want, Some(&key), NOW + 400).unwrap_err(), Error::DpopNonce, "stale nonce");
    let mut exact = want.clone();
    exact.nonce = Some("n-1".into());
    assert!(verify(&with_nonce("n-1", NOW), &policy, &exact, None, NOW).is_ok());
    assert_eq!(verify(&with_nonce("n-2", NOW), &policy, &exact, None, NOW).unwrap_err(), Error::DpopNonce);
    assert_eq!(verify(&proof(get(None), NOW), &policy, &exact, None, NOW).unwrap_err(), Error::DpopNonce, "§11.3: no nonce once one was provided");
    assert!(verify(&with_nonce("anything", NOW), &policy, &want, None, NOW).is_ok(), "a server without nonces ignores the claim");
}

#[test]
fn policy_and_expected_options() {
    let policy = ProofPolicy::from_json(r#"{"algorithms":["ES256"],"maxAgeSeconds":10,"clockTolerance":0,"maxProofSize":100}"#).unwrap();
    assert_eq!((policy.algorithms.as_slice(), policy.max_age, policy.clock_tolerance, policy.max_size), (&[Alg::ES256][..], 10, 0, 100));
    assert_eq!(ProofPolicy::from_json("{}").unwrap().algorithms, ASYMMETRIC.to_vec());
    for bad in [r#"{"algorithms":["HS256"]}"#, r#"{"algorithms":[]}"#, r#"{"algorithms":["none"]}"#, r#"{"maxAgeSeconds":-1}"#, r#"{"bogus":1}"#, "[]"] {
        assert!(ProofPolicy::from_json(bad).is_err(), "{bad}");
    }
    for bad in [r#"{"url":"https://a/"}"#, r#"{"method":"GET"}"#, r#"{"method":"GET","url":"/relative"}"#, r#"{"method":"GET","url":"https://a/","jkt":5}"#] {
        assert_eq!(Expected::from_json(bad).unwrap_err().code(), "ERR_CONFIG", "{bad}");
    }
    let es_only = proof(get(None), NOW);
    let (code, details) = verify(&es_only, &policy, &expected(URL, None), None, NOW).map(|_| ()).map_err(|e| (e.code(), e.details())).unwrap_err();
    assert_eq!((code, details.as_deref()), ("ERR_DPOP_PROOF_INVALID", Some(r#"{"check":"size"}"#)), "the size limit comes first");
}
