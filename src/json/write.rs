//! Writing JSON text (RFC 8259 §7 string escapes): what must be escaped is,
//! everything else is written as UTF-8, as `JSON.stringify` does.

use alloc::string::String;

use super::{Map, Value};

/// Append `s` as a JSON string.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        } else {
            out.push_str(escape);
        }
        from = i + 1;
    }
    out.push_str(&s[from..]);
    out.push('"');
}

/// `s` as a JSON string: how error messages quote what they were given
/// (control characters and quotes escaped, so a message stays one line).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_str(&mut out, s);
    out
}

pub(super) fn value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => out.push_str(n.as_text()),
        Value::String(s) => write_str(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => object(out, map),
    }
}

pub(super) fn object(out: &mut String, map: &Map) {
    out.push('{');
    for (i, (k, v)) in map.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, k);
        out.push(':');
        value(out, v);
    }
    out.push('}');
}

/// Writes one JSON object member by member, without building a tree.
pub struct Obj {
    out: String,
}

impl Default for Obj {
    fn default() -> Obj {
        Obj::new()
    }
}

impl Obj {
    pub fn new() -> Obj {
        Obj { out: String::from("{") }
    }

    fn name(&mut self, name: &str) -> &mut String {
        if self.out.len() > 1 {
            self.out.push(',');
        }
        write_str(&mut self.out, name);
        self.out.push(':');
        &mut self.out
    }

    pub fn str(&mut self, name: &str, v: &str) -> &mut Obj {
        write_str(self.name(name), v);
        self
    }

    /// A string member, left out when `None`.
    pub fn opt_str(&mut self, name: &str, v: Option<&str>) -> &mut Obj {
        if let Some(v) = v {
            self.str(name, v);
        }
        self
    }

    pub fn u64(&mut self, name: &str, v: u64) -> &mut Obj {
        value(self.name(name), &Value::from(v));
        self
    }

    pub fn bool(&mut self, name: &str, v: bool) -> &mut Obj {
        self.name(name).push_str(if v { "true" } else { "false" });
        self
    }

    pub fn value(&mut self, name: &str, v: &Value) -> &mut Obj {
        value(self.name(name), v);
        self
    }

    /// A member whose value is JSON text already.
    pub fn raw(&mut self, name: &str, json: &str) -> &mut Obj {
        self.name(name).push_str(json);
        self
    }

    /// An array of strings.
    pub fn strs<'s>(&mut self, name: &str, items: impl IntoIterator<Item = &'s str>) -> &mut Obj {
        let out = self.name(name);
        out.push('[');
        for (i, s) in items.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_str(out, s);
        }
        out.push(']');
        self
    }

    pub fn finish(&mut self) -> String {
        let mut out = core::mem::take(&mut self.out);
        out.push('}');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_json_stringify_escapes() {
        let mut out = String::new();
        write_str(&mut out, "a\"b\\c\nd\u{1}é\u{7f}/");
        assert_eq!(out, "\"a\\\"b\\\\c\\nd\\u0001é\u{7f}/\"");
    }

    #[test]
    fn builds_objects() {
        let json = Obj::new().str("a", "x").u64("n", 5).bool("t", true).opt_str("none", None).strs("l", ["p", "q"]).raw("r", "{}").finish();
        assert_eq!(json, r#"{"a":"x","n":5,"t":true,"l":["p","q"],"r":{}}"#);
        assert_eq!(Obj::new().finish(), "{}");
    }
}
