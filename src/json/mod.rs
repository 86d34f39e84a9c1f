//! JSON (RFC 8259) for the core: a strict reader, a small value tree and a
//! writer, in place of `serde_json`, whose generic machinery was the largest
//! part of every wasm module (issue 14).
//!
//! - [`Reader`] (`read.rs`) parses one JSON text (§2) either into a
//!   [`Value`] or member by member ([`Reader::object`]), skipping what the
//!   caller does not need without building it. Strings are UTF-8 (§8.1), lone
//!   surrogate escapes are refused (§8.2), nesting is bounded.
//! - Numbers keep their text ([`Number`]): the core only needs integers and
//!   exact comparisons of NumericDates (RFC 7519 §2), so no float parsing or
//!   printing is linked, and a number passes through unchanged.
//! - Objects ([`Map`]) keep member order; a repeated name is resolved as
//!   `JSON.parse` does (§4 leaves it open): the last value wins.
//! - [`Obj`] and [`write_str`] (`write.rs`) write JSON text.
//! - [`Options`] (`options.rs`) reads the option objects the host sends.

mod options;
mod read;
mod write;

use alloc::string::String;
use alloc::vec::Vec;

pub use options::Options;
pub use read::{is_object, is_valid, parse, Malformed, Reader};
pub use write::{quote, write_str, Obj};

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// A JSON number as its (validated) text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number(String);

/// A JSON object: members in document order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Map(Vec<(String, Value)>);

static NULL: Value = Value::Null;

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    pub fn is_boolean(&self) -> bool {
        matches!(self, Value::Bool(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The member `name` of an object.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.as_object()?.get(name)
    }

    /// JSON text of this value.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write::value(&mut out, self);
        out
    }
}

/// `value["name"]`: the member, or `Null` (also for a value that is no object).
impl core::ops::Index<&str> for Value {
    type Output = Value;
    fn index(&self, name: &str) -> &Value {
        self.get(name).unwrap_or(&NULL)
    }
}

impl PartialEq<str> for Value {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.into())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Value {
        Value::Number(Number::from(n))
    }
}

impl From<u16> for Value {
    fn from(n: u16) -> Value {
        Value::from(u64::from(n))
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

impl Number {
    /// The text as written in the document.
    pub fn as_text(&self) -> &str {
        &self.0
    }

    /// The value when it is a non-negative integer that fits in 64 bits
    /// (written without fraction or exponent, as `serde_json` reads them).
    pub fn as_u64(&self) -> Option<u64> {
        self.0.parse().ok()
    }

    /// `(floor, ceil)` of the number's exact value, saturated to the `i64`
    /// range: enough to compare a NumericDate with whole seconds exactly
    /// (`x <= k` iff `ceil <= k`; `x >= k` iff `floor >= k`).
    pub fn bounds(&self) -> (i64, i64) {
        let Decimal { negative, int, frac, exponent } = self.decimal();
        // The digits, and where the decimal point falls among them.
        let digits = int.bytes().chain(frac.bytes());
        let point = (int.len() as i64).saturating_add(exponent);
        let mut whole: i64 = 0;
        let mut fraction = false;
        for (i, d) in digits.enumerate() {
            let d = i64::from(d - b'0');
            if (i as i64) < point {
                whole = whole.saturating_mul(10).saturating_add(d);
            } else if d != 0 {
                fraction = true;
            }
        }
        // Digits implied by a large exponent (`1e3`).
        let written = (int.len() + frac.len()) as i64;
        for _ in written..point.min(written + 20) {
            whole = whole.saturating_mul(10);
        }
        match (negative, fraction) {
            (false, false) => (whole, whole),
            (false, true) => (whole, whole.saturating_add(1)),
            (true, false) => (-whole, -whole),
            (true, true) => (-whole - 1, -whole),
        }
    }
}

impl Number {
    /// Whether the value rounds to infinity as an IEEE 754 double (RFC 7493
    /// §2.2), decided on the decimal text: a magnitude at or above
    /// 2^1024 - 2^970 (halfway between the largest double and 2^1024, which
    /// rounds up) overflows. No float parsing (core's would add 20 KB of wasm).
    pub fn overflows_f64(&self) -> bool {
        let Decimal { int, frac, exponent, .. } = self.decimal();
        let digits: String = int.chars().chain(frac.chars()).collect();
        let significant = digits.trim_start_matches('0');
        if significant.is_empty() {
            return false;
        }
        // value = 0.<significant> x 10^magnitude
        let leading_zeros = (digits.len() - significant.len()) as i64;
        let magnitude = (int.len() as i64).saturating_sub(leading_zeros).saturating_add(exponent);
        match magnitude.cmp(&309) {
            core::cmp::Ordering::Less => false,
            core::cmp::Ordering::Greater => true,
            // Same magnitude: compare the digits as decimal fractions.
            core::cmp::Ordering::Equal => significant.trim_end_matches('0') >= F64_OVERFLOW_DIGITS,
        }
    }

    /// The parts of the text, which the reader has checked against RFC 8259 §6.
    fn decimal(&self) -> Decimal<'_> {
        let text = self.0.as_str();
        let (negative, text) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exponent) = match text.find(['e', 'E']) {
            Some(i) => (&text[..i], text[i + 1..].parse::<i64>().unwrap_or(if text[i + 1..].starts_with('-') { i64::MIN } else { i64::MAX })),
            None => (text, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        Decimal { negative, int, frac, exponent }
    }
}

/// A number's text split at its point and exponent (saturated to `i64`).
struct Decimal<'a> {
    negative: bool,
    int: &'a str,
    frac: &'a str,
    exponent: i64,
}

/// The significant digits of 2^1024 - 2^970 (309 digits before the point),
/// trailing zeros dropped: the least magnitude that rounds to infinity.
const F64_OVERFLOW_DIGITS: &str = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

impl From<u64> for Number {
    fn from(n: u64) -> Number {
        Number(n.to_string_lean())
    }
}

/// `u64` to decimal text without `core::fmt`.
trait ToStringLean {
    fn to_string_lean(self) -> String;
}

impl ToStringLean for u64 {
    fn to_string_lean(mut self) -> String {
        let mut buf = [0u8; 20];
        let mut at = buf.len();
        loop {
            at -= 1;
            buf[at] = b'0' + (self % 10) as u8;
            self /= 10;
            if self == 0 {
                break;
            }
        }
        buf[at..].iter().map(|&b| b as char).collect()
    }
}

impl Map {
    pub fn new() -> Map {
        Map(Vec::new())
    }

    /// The value of member `name` (the last one when the name repeats).
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Set member `name`, replacing its value where it exists.
    pub fn insert(&mut self, name: &str, value: Value) {
        match self.0.iter_mut().rev().find(|(k, _)| k == name) {
            Some((_, v)) => *v = value,
            None => self.0.push((name.into(), value)),
        }
    }

    /// Remove every member `name`, returning the value that counted.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let mut found = None;
        self.0.retain_mut(|(k, v)| {
            if k != name {
                return true;
            }
            found = Some(core::mem::replace(v, Value::Null));
            false
        });
        found
    }

    /// Members in document order (a repeated name appears each time).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn push(&mut self, name: String, value: Value) {
        self.0.push((name, value));
    }

    /// JSON text of this object.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write::object(&mut out, self);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> Number {
        match parse(text).unwrap() {
            Value::Number(n) => n,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn integers_and_bounds() {
        assert_eq!(number("1700000000").as_u64(), Some(1_700_000_000));
        assert_eq!(number("18446744073709551615").as_u64(), Some(u64::MAX));
        for (text, bounds) in [
            ("0", (0, 0)),
            ("5", (5, 5)),
            ("1.5", (1, 2)),
            ("1.0", (1, 1)),
            ("1e3", (1000, 1000)),
            ("1.7e9", (1_700_000_000, 1_700_000_000)),
            ("1.25e1", (12, 13)),
            ("25e-1", (2, 3)),
            ("-1.5", (-2, -1)),
            ("-0", (0, 0)),
            ("0.0001", (0, 1)),
            ("1e400", (i64::MAX, i64::MAX)),
            ("1e-400", (0, 1)),
            ("99999999999999999999999", (i64::MAX, i64::MAX)),
        ] {
            assert_eq!(number(text).bounds(), bounds, "{text}");
        }
        for text in ["-1", "1.5", "1e3", "18446744073709551616"] {
            assert_eq!(number(text).as_u64(), None, "{text}");
        }
    }

    #[test]
    fn overflow_matches_float_parsing() {
        let edge = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";
        let below = format!("{}1{}", &edge[..307], "1");
        let mut cases: Vec<String> = [
            "0", "-0", "0e99999", "0.000e400", "1e308", "1e309", "-1e309", "0.1e310", "0.01e310", "10e308", "1.7976931348623157e308",
            "1.7976931348623158e308", "1.7976931348623159e308", "-1.7976931348623159e308", "1.797693134862315807937289714053e308",
            "1.79769313486231580793728971405303e308", "123e-99999", "1e99999999999999999999", "1e-99999999999999999999",
            "0.00000000000000000000000000001e337", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        cases.push(edge.into());
        cases.push(format!("{edge}.0"));
        cases.push(format!("{}.{}e3", &edge[..306], &edge[306..]));
        cases.push(format!("0.{edge}e309"));
        cases.push(format!("0.{below}e309"));
        cases.push(format!("-{edge}"));
        for text in &cases {
            let expected = text.parse::<f64>().unwrap().is_infinite();
            assert_eq!(number(text).overflows_f64(), expected, "{text}");
        }
    }

    #[test]
    fn maps_resolve_repeated_names_like_json_parse() {
        let Value::Object(mut m) = parse(r#"{"a":1,"b":2,"a":3}"#).unwrap() else { panic!() };
        assert_eq!(m.get("a").and_then(Value::as_u64), Some(3));
        m.insert("a", Value::from(4u64));
        assert_eq!(m.get("a").and_then(Value::as_u64), Some(4));
        assert_eq!(m.remove("a").and_then(|v| v.as_u64()), Some(4));
        assert!(!m.contains_key("a"));
        assert_eq!(m.to_json(), r#"{"b":2}"#);
    }

    #[test]
    fn u64_text() {
        for n in [0, 7, 10, 1_700_000_000, u64::MAX] {
            assert_eq!(Value::from(n).to_json(), alloc::format!("{n}"));
        }
    }
}
