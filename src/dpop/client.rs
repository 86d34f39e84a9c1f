//! Building a DPoP proof for the client to sign (RFC 9449 §4.2): header
//! `typ: dpop+jwt`, an asymmetric `alg` and the public `jwk` (its public
//! members only); claims `jti` (128 random bits; §4.2 asks for at least 96),
//! `htm`, `htu` (the request URI without query and fragment), `iat`, and
//! when given `ath` (the access token's hash, §4.2 and §7) and `nonce`
//! (§8, §9). The host signs the signing input with its private key, which
//! never enters the core (in browsers a non-extractable WebCrypto key).

use alloc::string::String;

use super::{ath, htu, nonce, TYP};
use crate::error::{Error, Result};
use crate::jose::alg::{Alg, Family};
use crate::jose::jwk::{Jwk, KeyOp};
use crate::json::{self, Obj};
use crate::{b64, random};

/// The request a proof is for.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub access_token: Option<&'a str>,
    pub nonce: Option<&'a str>,
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// `BASE64URL(header) '.' BASE64URL(claims)` of a proof for `request` at
/// `now`, signed by the holder of the private half of `public_jwk_json`
/// with `alg`.
pub fn signing_input(alg: &str, public_jwk_json: &str, request: &Request, now: u64) -> Result<String> {
    let alg = Alg::parse(alg)?;
    if alg.family() == Family::Hmac {
        return Err(Error::Config("DPoP proofs use asymmetric algorithms (RFC 9449 §4.2)".into()));
    }
    let jwk = json::parse(public_jwk_json).map_err(|_| Error::Config("the DPoP public key must be a JWK".into()))?;
    let key = Jwk::from_value(&jwk)?;
    if key.is_private() {
        return Err(Error::Config("the DPoP key in the proof header must be the public key".into()));
    }
    if let Some(why) = key.unfit_for(alg, KeyOp::Verify) {
        return Err(Error::Config(why));
    }
    if request.method.is_empty() || !request.method.bytes().all(is_tchar) {
        return Err(Error::Config("the request method must be an HTTP method token".into()));
    }
    if htu::normalize(request.url).is_none() {
        return Err(Error::Config("the request URL must be an absolute http(s) URL without credentials".into()));
    }
    let target = request.url.split('#').next().unwrap_or_default();
    let target = target.split('?').next().unwrap_or_default();
    let public = key.public_json().ok_or_else(|| Error::Config("the DPoP key must be asymmetric".into()))?;
    let header = Obj::new().str("typ", TYP).str("alg", alg.name()).raw("jwk", &public).finish();
    let mut claims = Obj::new();
    claims.str("jti", &b64::encode(&random::bytes::<16>()?)).str("htm", request.method).str("htu", target).u64("iat", now);
    if let Some(token) = request.access_token {
        if token.is_empty() {
            return Err(Error::Config("the access token is empty".into()));
        }
        claims.str("ath", &ath(token));
    }
    if let Some(n) = request.nonce {
        if !nonce::is_valid(n) {
            return Err(Error::Config("the DPoP nonce is not a valid nonce (RFC 9449 §8.1)".into()));
        }
        claims.str("nonce", n);
    }
    let payload = claims.finish();
    let mut out = b64::encode(header.as_bytes());
    out.push('.');
    out.push_str(&b64::encode(payload.as_bytes()));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EC: &str = r#"{"kty":"EC","x":"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs","y":"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA","crv":"P-256","kid":"k","alg":"ES256","key_ops":["verify"]}"#;

    fn decode(segment: &str) -> serde_json::Value {
        serde_json::from_slice(&b64::decode(segment).unwrap()).unwrap()
    }

    #[test]
    fn header_and_claims_per_4_2() {
        let request = Request { method: "GET", url: "https://resource.example.org/protectedresource?x=1#frag", access_token: Some("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"), nonce: Some("eyJ7S_zG.eyJH0-Z.HX4w-7v") };
        let input = signing_input("ES256", EC, &request, 1562262618).unwrap();
        let (h, p) = input.split_once('.').unwrap();
        let header = decode(h);
        assert_eq!(header["typ"], "dpop+jwt");
        assert_eq!(header["alg"], "ES256");
        assert_eq!(header["jwk"], serde_json::json!({"kty":"EC","crv":"P-256","x":"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs","y":"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA"}), "public members only");
        let claims = decode(p);
        assert_eq!(claims["htm"], "GET");
        assert_eq!(claims["htu"], "https://resource.example.org/protectedresource", "no query, no fragment");
        assert_eq!(claims["iat"], 1562262618);
        assert_eq!(claims["ath"], "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo", "RFC 9449 Figure 14");
        assert_eq!(claims["nonce"], "eyJ7S_zG.eyJH0-Z.HX4w-7v");
        assert_eq!(b64::decode(claims["jti"].as_str().unwrap()).unwrap().len(), 16);
        let again = signing_input("ES256", EC, &request, 1562262618).unwrap();
        assert_ne!(decode(again.split_once('.').unwrap().1)["jti"], claims["jti"], "a fresh jti per proof");
        let bare = decode(signing_input("ES256", EC, &Request { access_token: None, nonce: None, ..request }, 1).unwrap().split_once('.').unwrap().1);
        assert!(bare.get("ath").is_none() && bare.get("nonce").is_none());
    }

    #[test]
    fn refuses_what_cannot_make_a_proof() {
        let ok = Request { method: "POST", url: "https://as.example/token", access_token: None, nonce: None };
        let private = r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"}"#;
        let cases = [
            ("HS256", EC, ok),
            ("none", EC, ok),
            ("EdDSA", EC, ok),
            ("EdDSA", private, ok),
            ("ES256", "[]", ok),
            ("ES256", EC, Request { method: "", ..ok }),
            ("ES256", EC, Request { method: "GET /", ..ok }),
            ("ES256", EC, Request { url: "/token", ..ok }),
            ("ES256", EC, Request { url: "https://u:p@as.example/token", ..ok }),
            ("ES256", EC, Request { access_token: Some(""), ..ok }),
            ("ES256", EC, Request { nonce: Some("a b"), ..ok }),
        ];
        for (alg, jwk, request) in cases {
            let code = signing_input(alg, jwk, &request, 0).unwrap_err().code();
            assert!(["ERR_CONFIG", "ERR_JOSE_ALG_NOT_ALLOWED", "ERR_JWK_INVALID"].contains(&code), "{alg} {request:?}: {code}");
        }
    }
}
