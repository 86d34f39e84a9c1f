//! Option objects the host sends as JSON text (a JS object of camelCase
//! options): unknown names and wrongly typed values are `ERR_CONFIG` errors
//! that name the option, `null` counts as absent (as `undefined` does in JS).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{parse, Map, Value};
use crate::error::{Error, Result};

/// A parsed options object.
pub struct Options {
    map: Map,
    what: String,
}

impl Options {
    /// Parse `text` (an object, or empty text for none) whose members must be among `allowed`.
    pub fn parse(text: &str, what: &str, allowed: &[&str]) -> Result<Options> {
        let map = if text.is_empty() {
            Map::new()
        } else {
            match parse(text) {
                Ok(Value::Object(map)) => map,
                _ => return Err(Error::Config(format!("{what} must be an object"))),
            }
        };
        if let Some((name, _)) = map.iter().find(|(name, _)| !allowed.contains(name)) {
            return Err(Error::Config(format!("{what}: unknown option \"{name}\"")));
        }
        Ok(Options { map, what: what.into() })
    }

    fn wrong(&self, name: &str, kind: &str) -> Error {
        Error::Config(format!("{}: \"{name}\" must be {kind}", self.what))
    }

    /// The value of `name`, absent when missing or `null`.
    pub fn value(&self, name: &str) -> Option<&Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    pub fn str(&self, name: &str) -> Result<Option<&str>> {
        self.value(name).map(|v| v.as_str().ok_or_else(|| self.wrong(name, "a string"))).transpose()
    }

    /// A string or an array of strings.
    pub fn strs(&self, name: &str) -> Result<Option<Vec<&str>>> {
        let Some(v) = self.value(name) else { return Ok(None) };
        let bad = || self.wrong(name, "a string or an array of strings");
        match v {
            Value::String(s) => Ok(Some(alloc::vec![s.as_str()])),
            Value::Array(items) => items.iter().map(|i| i.as_str().ok_or_else(bad)).collect::<Result<Vec<_>>>().map(Some),
            _ => Err(bad()),
        }
    }

    /// An array of strings.
    pub fn list(&self, name: &str) -> Result<Option<Vec<&str>>> {
        match self.value(name) {
            Some(Value::String(_)) => Err(self.wrong(name, "an array of strings")),
            _ => self.strs(name),
        }
    }

    pub fn u64(&self, name: &str) -> Result<Option<u64>> {
        self.value(name).map(|v| v.as_u64().ok_or_else(|| self.wrong(name, "a non-negative integer"))).transpose()
    }

    pub fn bool(&self, name: &str) -> Result<Option<bool>> {
        self.value(name).map(|v| v.as_bool().ok_or_else(|| self.wrong(name, "true or false"))).transpose()
    }

    /// An object of string values.
    pub fn string_map(&self, name: &str) -> Result<Vec<(&str, &str)>> {
        match self.value(name) {
            None => Ok(Vec::new()),
            Some(Value::Object(m)) => m.iter().map(|(k, v)| Ok((k, v.as_str().ok_or_else(|| self.wrong(name, "an object of strings"))?))).collect(),
            Some(_) => Err(self.wrong(name, "an object of strings")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_unknown_and_mistyped_options() {
        let o = Options::parse(r#"{"a":"x","l":["p","q"],"n":5,"z":null}"#, "opts", &["a", "l", "n", "z", "m"]).unwrap();
        assert_eq!(o.str("a").unwrap(), Some("x"));
        assert_eq!(o.strs("a").unwrap(), Some(alloc::vec!["x"]));
        assert_eq!(o.list("l").unwrap(), Some(alloc::vec!["p", "q"]));
        assert_eq!(o.u64("n").unwrap(), Some(5));
        assert_eq!(o.str("z").unwrap(), None);
        assert_eq!(o.str("m").unwrap(), None);
        assert!(o.str("n").unwrap_err().to_string().contains("\"n\" must be a string"));
        assert!(o.list("a").is_err());
        let e = Options::parse(r#"{"b":1}"#, "opts", &["a"]).err().unwrap();
        assert!(e.to_string().contains("unknown option \"b\""), "{e}");
        assert_eq!(Options::parse("[]", "opts", &[]).err().unwrap().code(), "ERR_CONFIG");
        assert!(Options::parse("", "opts", &[]).is_ok());
    }
}
