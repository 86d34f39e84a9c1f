//! Reading a JWT claims set (RFC 7519 §4) in one pass: the registered claims
//! the policy checks are kept, the presence of required claims is noted, and
//! every other member is skipped without building a JSON tree.

use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::json::{Reader, Value};

/// The registered claims a policy looks at, and which required claims exist.
#[derive(Debug, Default)]
pub struct Registered {
    pub iss: Option<Value>,
    pub sub: Option<Value>,
    pub aud: Option<Value>,
    pub exp: Option<Value>,
    pub nbf: Option<Value>,
    pub iat: Option<Value>,
    pub nonce: Option<Value>,
    /// `present[i]`: whether `required[i]` is in the payload.
    pub present: Vec<bool>,
}

/// Read `payload` (JSON text), noting which of `required` it contains.
pub fn read(payload: &[u8], required: &[&str]) -> Result<Registered> {
    let mut out = Registered { present: alloc::vec![false; required.len()], ..Registered::default() };
    let mut r = Reader::new(payload);
    let read = r.object(|r, name| {
        for (i, want) in required.iter().enumerate() {
            if *want == name {
                out.present[i] = true;
            }
        }
        let slot = match name.as_ref() {
            "iss" => &mut out.iss,
            "sub" => &mut out.sub,
            "aud" => &mut out.aud,
            "exp" => &mut out.exp,
            "nbf" => &mut out.nbf,
            "iat" => &mut out.iat,
            "nonce" => &mut out.nonce,
            _ => return r.skip(),
        };
        // Duplicate members: the last one wins, as in JSON.parse.
        *slot = Some(r.value()?);
        Ok(())
    });
    read.and_then(|()| r.end()).map_err(|_| Error::JwsInvalid("the JWT payload is not a JSON object".into()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_registered_claims_and_presence() {
        let c = read(br#"{"iss":"a","x":{"deep":[1,2,{"y":null}]},"aud":["b"],"exp":5,"jti":"j","n\u0061me":1,"iss":"last"}"#, &["jti", "name", "missing"]).unwrap();
        assert_eq!(c.iss, Some(Value::from("last")));
        assert_eq!(c.aud, Some(Value::Array(alloc::vec![Value::from("b")])));
        assert_eq!(c.exp, Some(Value::from(5u64)));
        assert_eq!(c.present, [true, true, false]);
    }

    #[test]
    fn refuses_what_is_not_one_json_object() {
        for bad in [&b"[]"[..], b"1", b"{", b"{\"a\":1} x", b"", b"{\"a\" 1}", b"\xff"] {
            assert_eq!(read(bad, &[]).unwrap_err().code(), "ERR_JWS_INVALID", "{bad:?}");
        }
    }
}
