//! Reading a JWT claims set (RFC 7519 §4) in one pass: the registered claims
//! the policy checks are kept, the presence of required claims is noted, and
//! every other member is skipped without building a JSON tree.

use alloc::borrow::Cow;
use alloc::vec::Vec;
use core::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result};

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

/// A member name, borrowed from the input when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> core::result::Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> core::result::Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.into())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

struct Seed<'r>(&'r [&'r str]);

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Registered;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> core::result::Result<Registered, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Registered;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> core::result::Result<Registered, A::Error> {
        let mut out = Registered { present: alloc::vec![false; self.0.len()], ..Registered::default() };
        while let Some(Key(name)) = map.next_key::<Key>()? {
            for (i, r) in self.0.iter().enumerate() {
                if *r == name {
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
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            // Duplicate members: the last one wins, as in JSON.parse.
            *slot = Some(map.next_value::<Value>()?);
        }
        Ok(out)
    }
}

/// Read `payload` (JSON text), noting which of `required` it contains.
pub fn read(payload: &[u8], required: &[&str]) -> Result<Registered> {
    let mut de = serde_json::Deserializer::from_slice(payload);
    let claims = Seed(required).deserialize(&mut de).map_err(|_| Error::JwsInvalid("the JWT payload is not a JSON object".into()))?;
    de.end().map_err(|_| Error::JwsInvalid("the JWT payload is not a JSON object".into()))?;
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_registered_claims_and_presence() {
        let c = read(br#"{"iss":"a","x":{"deep":[1,2,{"y":null}]},"aud":["b"],"exp":5,"jti":"j","n\u0061me":1,"iss":"last"}"#, &["jti", "name", "missing"]).unwrap();
        assert_eq!(c.iss, Some(Value::from("last")));
        assert_eq!(c.aud, Some(serde_json::json!(["b"])));
        assert_eq!(c.exp, Some(Value::from(5)));
        assert_eq!(c.present, [true, true, false]);
    }

    #[test]
    fn refuses_what_is_not_one_json_object() {
        for bad in [&b"[]"[..], b"1", b"{", b"{\"a\":1} x", b"", b"{\"a\" 1}", b"\xff"] {
            assert_eq!(read(bad, &[]).unwrap_err().code(), "ERR_JWS_INVALID", "{bad:?}");
        }
    }
}
