//! The JSON reader (RFC 8259 §2-§8): one value per text, strict grammar,
//! UTF-8 only, no lone surrogates, nesting at most [`MAX_DEPTH`] deep.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use super::{Map, Number, Value};

/// Deepest nesting accepted (serde_json's limit), so hostile input cannot
/// exhaust the stack.
pub const MAX_DEPTH: usize = 128;

/// The text is not one well-formed JSON value (where is not reported: the
/// callers name what they were reading).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

type Result<T> = core::result::Result<T, Malformed>;

/// Parse one JSON text into a [`Value`].
pub fn parse(text: &str) -> Result<Value> {
    let mut r = Reader::new(text.as_bytes());
    let v = r.value()?;
    r.end()?;
    Ok(v)
}

/// Whether `bytes` are one well-formed JSON text in UTF-8 (built from nothing).
pub fn is_valid(bytes: &[u8]) -> bool {
    let mut r = Reader::new(bytes);
    r.skip().is_ok() && r.end().is_ok()
}

/// Whether `bytes` are one JSON object in UTF-8.
pub fn is_object(bytes: &[u8]) -> bool {
    let mut r = Reader::new(bytes);
    r.object(|r, _| r.skip()).is_ok() && r.end().is_ok()
}

/// A cursor over one JSON text.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    /// Over `bytes`, which must be UTF-8 (checked as strings are read).
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0, depth: 0 }
    }

    /// Check that only whitespace follows the value read.
    pub fn end(mut self) -> Result<()> {
        self.ws();
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(Malformed)
        }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> Result<()> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(Malformed)
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<()> {
        if self.bytes[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(())
        } else {
            Err(Malformed)
        }
    }

    fn nest(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Malformed);
        }
        Ok(())
    }

    /// Read the next value into a tree.
    pub fn value(&mut self) -> Result<Value> {
        match self.peek().ok_or(Malformed)? {
            b'{' => {
                let mut map = Map::new();
                self.object(|r, name| {
                    let v = r.value()?;
                    map.push(name.into_owned(), v);
                    Ok(())
                })?;
                Ok(Value::Object(map))
            }
            b'[' => {
                let mut items = Vec::new();
                self.array(|r| {
                    items.push(r.value()?);
                    Ok(())
                })?;
                Ok(Value::Array(items))
            }
            b'"' => Ok(Value::String(self.string()?.into_owned())),
            b't' => self.literal(b"true").map(|_| Value::Bool(true)),
            b'f' => self.literal(b"false").map(|_| Value::Bool(false)),
            b'n' => self.literal(b"null").map(|_| Value::Null),
            _ => Ok(Value::Number(Number(self.number()?.into()))),
        }
    }

    /// Read past the next value, checking it, without building it.
    pub fn skip(&mut self) -> Result<()> {
        match self.peek().ok_or(Malformed)? {
            b'{' => self.object(|r, _| r.skip()),
            b'[' => self.array(Reader::skip),
            b'"' => self.string().map(drop),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            _ => self.number().map(drop),
        }
    }

    /// Read an object, calling `member` with each name; `member` must read
    /// (or skip) the value.
    pub fn object<F: FnMut(&mut Self, Cow<'a, str>) -> Result<()>>(&mut self, mut member: F) -> Result<()> {
        self.eat(b'{')?;
        self.nest()?;
        if self.peek() == Some(b'}') {
            self.at += 1;
        } else {
            loop {
                if self.peek() != Some(b'"') {
                    return Err(Malformed);
                }
                let name = self.string()?;
                self.eat(b':')?;
                member(self, name)?;
                match self.peek() {
                    Some(b',') => self.at += 1,
                    Some(b'}') => {
                        self.at += 1;
                        break;
                    }
                    _ => return Err(Malformed),
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// Read an array, calling `item` for each element, which it must read.
    pub fn array<F: FnMut(&mut Self) -> Result<()>>(&mut self, mut item: F) -> Result<()> {
        self.eat(b'[')?;
        self.nest()?;
        if self.peek() == Some(b']') {
            self.at += 1;
        } else {
            loop {
                item(self)?;
                match self.peek() {
                    Some(b',') => self.at += 1,
                    Some(b']') => {
                        self.at += 1;
                        break;
                    }
                    _ => return Err(Malformed),
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// A string, or `None` for `null`.
    pub fn opt_string(&mut self) -> Result<Option<String>> {
        if self.peek() == Some(b'n') {
            return self.literal(b"null").map(|_| None);
        }
        self.string().map(|s| Some(s.into_owned()))
    }

    /// An array of strings, or `None` for `null`.
    pub fn opt_strings(&mut self) -> Result<Option<Vec<String>>> {
        if self.peek() == Some(b'n') {
            return self.literal(b"null").map(|_| None);
        }
        let mut items = Vec::new();
        self.array(|r| {
            items.push(r.string()?.into_owned());
            Ok(())
        })?;
        Ok(Some(items))
    }

    /// Read a number (§6) and return its text.
    pub fn number(&mut self) -> Result<&'a str> {
        self.ws();
        let start = self.at;
        let b = self.bytes;
        let digits = |at: &mut usize| {
            let from = *at;
            while b.get(*at).is_some_and(u8::is_ascii_digit) {
                *at += 1;
            }
            *at > from
        };
        let mut at = self.at;
        if b.get(at) == Some(&b'-') {
            at += 1;
        }
        match b.get(at) {
            Some(b'0') => at += 1,
            Some(b'1'..=b'9') => {
                digits(&mut at);
            }
            _ => return Err(Malformed),
        }
        if b.get(at) == Some(&b'.') {
            at += 1;
            if !digits(&mut at) {
                return Err(Malformed);
            }
        }
        if let Some(b'e' | b'E') = b.get(at) {
            at += 1;
            if let Some(b'+' | b'-') = b.get(at) {
                at += 1;
            }
            if !digits(&mut at) {
                return Err(Malformed);
            }
        }
        self.at = at;
        // Only ASCII digits and signs were accepted.
        core::str::from_utf8(&b[start..at]).map_err(|_| Malformed)
    }

    /// Read a string (§7), borrowed from the input when it has no escapes.
    pub fn string(&mut self) -> Result<Cow<'a, str>> {
        self.eat(b'"')?;
        let b = self.bytes;
        let start = self.at;
        let mut at = start;
        // The common case: no escapes.
        while let Some(&c) = b.get(at) {
            match c {
                b'"' => {
                    let s = core::str::from_utf8(&b[start..at]).map_err(|_| Malformed)?;
                    self.at = at + 1;
                    return Ok(Cow::Borrowed(s));
                }
                b'\\' => break,
                0..=0x1f => return Err(Malformed),
                _ => at += 1,
            }
        }
        let mut out: Vec<u8> = b[start..at].to_vec();
        loop {
            let c = *b.get(at).ok_or(Malformed)?;
            at += 1;
            match c {
                b'"' => break,
                0..=0x1f => return Err(Malformed),
                b'\\' => {
                    let e = *b.get(at).ok_or(Malformed)?;
                    at += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = hex4(b, &mut at)?;
                            let code = match hi {
                                0xD800..=0xDBFF => {
                                    if b.get(at..at + 2) != Some(b"\\u") {
                                        return Err(Malformed);
                                    }
                                    at += 2;
                                    let lo = hex4(b, &mut at)?;
                                    if !(0xDC00..=0xDFFF).contains(&lo) {
                                        return Err(Malformed);
                                    }
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                }
                                0xDC00..=0xDFFF => return Err(Malformed),
                                _ => hi,
                            };
                            char::from_u32(code).ok_or(Malformed)?
                        }
                        _ => return Err(Malformed),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                _ => out.push(c),
            }
        }
        self.at = at;
        String::from_utf8(out).map(Cow::Owned).map_err(|_| Malformed)
    }
}

fn hex4(b: &[u8], at: &mut usize) -> Result<u32> {
    let digits = b.get(*at..*at + 4).ok_or(Malformed)?;
    let mut v = 0;
    for &d in digits {
        v = v * 16 + char::from(d).to_digit(16).ok_or(Malformed)?;
    }
    *at += 4;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_value() {
        let v = parse(" {\"a\" : [1, -2.5e3, true, false, null, \"x\\u00e9\\ud83d\\ude00\\n\"], \"b\": {}} ").unwrap();
        assert_eq!(v.to_json(), "{\"a\":[1,-2.5e3,true,false,null,\"xé😀\\n\"],\"b\":{}}");
        assert_eq!(parse("\"\\\"\\\\\\/\\b\\f\\r\\t\"").unwrap(), Value::String("\"\\/\u{8}\u{c}\r\t".into()));
    }

    #[test]
    fn refuses_what_rfc_8259_does_not_allow() {
        for bad in [
            "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{a:1}", "{\"a\" 1}", "[1 2]", "01", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "tru", "nul",
            "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"tab\there\"", "NaN", "Infinity", "1 2", "{} x", "'a'",
        ] {
            assert_eq!(parse(bad), Err(Malformed), "{bad:?}");
        }
        let mut r = Reader::new(b"\"\xff\"");
        assert_eq!(r.string(), Err(Malformed));
    }

    #[test]
    fn bounds_nesting() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(parse(&deep), Err(Malformed));
        let hostile = "{\"a\":".repeat(100_000);
        assert_eq!(parse(&hostile), Err(Malformed));
    }

    #[test]
    fn skips_and_streams_members() {
        let mut r = Reader::new(br#"{"skip":{"x":[1,{"y":"z"}]},"keep":"v","n\u0061me":7}"#);
        let mut seen = Vec::new();
        r.object(|r, name| {
            if name == "skip" {
                r.skip()
            } else {
                seen.push((name.into_owned(), r.value()?));
                Ok(())
            }
        })
        .unwrap();
        r.end().unwrap();
        assert_eq!(seen, [("keep".into(), Value::from("v")), ("name".into(), Value::from(7u64))]);
    }
}
