//! A small, strict JSON reader and writer.
//!
//! The widget ships to every page view, so it avoids a general serialisation framework: it reads
//! the configuration's normal form (already checked by the loader's second stage, by the core's
//! configuration rules) into this `JsonValue` tree, and writes receipts with [`JsonWriter`], which
//! writes whole numbers only and so keeps a float formatter out of the WebAssembly. Natively the
//! core checks configurations from the same tree, and writes its generated files with
//! [`JsonValue::to_json_lines`]. Limits on size and depth keep hostile input cheap to refuse.
//!
//! Where RFC 8259 leaves a choice, the reader chooses as the browser's `JSON.parse` does (a repeated
//! key keeps its last value, a lone surrogate escape becomes U+FFFD, an overflowing number becomes
//! infinite), because the widget reads configuration that the browser has parsed and both readings
//! must agree.

use std::fmt;

/// Largest document the reader accepts, in bytes.
pub const MAX_JSON_BYTES: usize = 256 * 1024;
/// Deepest nesting of arrays and objects the reader accepts.
pub const MAX_JSON_DEPTH: usize = 32;

/// A parsed JSON value. Object members keep their order.
#[derive(Clone, Debug, PartialEq)]
pub enum JsonValue {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<JsonValue>),
    Object(Vec<(String, JsonValue)>),
}

impl JsonValue {
    /// The member `key` of an object, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&JsonValue> {
        match self {
            JsonValue::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string inside, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            JsonValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value as JSON text (numbers as JavaScript writes them for whole values; no spaces).
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_to(&mut out);
        out
    }

    /// The value as JSON text with one member (of an object) or item (of an array) per line, for
    /// generated files that are committed and read in diffs: `{\n "key":value,\n …\n}\n`.
    pub fn to_json_lines(&self) -> String {
        let lines: Vec<String> = match self {
            JsonValue::Object(members) => members
                .iter()
                .map(|(key, value)| {
                    let mut line = String::from(" ");
                    write_json_string(&mut line, key);
                    line.push(':');
                    value.write_to(&mut line);
                    line
                })
                .collect(),
            JsonValue::Array(items) => items
                .iter()
                .map(|item| format!(" {}", item.to_json()))
                .collect(),
            other => return format!("{}\n", other.to_json()),
        };
        let (open, close) = if matches!(self, JsonValue::Array(_)) {
            ('[', ']')
        } else {
            ('{', '}')
        };
        format!("{open}\n{}\n{close}\n", lines.join(",\n"))
    }

    fn write_to(&self, out: &mut String) {
        match self {
            JsonValue::Null => out.push_str("null"),
            JsonValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            JsonValue::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
                out.push_str(&(*n as i64).to_string())
            }
            JsonValue::Number(n) if n.is_finite() => out.push_str(&n.to_string()),
            JsonValue::Number(_) => out.push_str("null"),
            JsonValue::String(s) => write_json_string(out, s),
            JsonValue::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_to(out);
                }
                out.push(']');
            }
            JsonValue::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(out, key);
                    out.push(':');
                    value.write_to(out);
                }
                out.push('}');
            }
        }
    }

    /// A short name of the value's type, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            JsonValue::Null => "null",
            JsonValue::Bool(_) => "a boolean",
            JsonValue::Number(_) => "a number",
            JsonValue::String(_) => "a string",
            JsonValue::Array(_) => "an array",
            JsonValue::Object(_) => "an object",
        }
    }
}

/// Why a document is not acceptable JSON, with the byte offset where reading stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub offset: usize,
    pub problem: JsonProblem,
}

/// The kinds of JSON errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonProblem {
    TooLarge,
    TooDeep,
    UnexpectedEnd,
    UnexpectedCharacter,
    BadNumber,
    BadEscape,
    ControlCharacterInString,
    TrailingCharacters,
    /// Only in [`parse_json_strict`]: an object names a member twice.
    RepeatedKey,
    /// Only in [`parse_json_strict`]: a `\\u` escape of half a surrogate pair.
    LoneSurrogate,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.problem {
            JsonProblem::TooLarge => "document is larger than 256 KiB",
            JsonProblem::TooDeep => "nesting is deeper than 32 levels",
            JsonProblem::UnexpectedEnd => "unexpected end of input",
            JsonProblem::UnexpectedCharacter => "unexpected character",
            JsonProblem::BadNumber => "malformed number",
            JsonProblem::BadEscape => "malformed escape sequence in a string",
            JsonProblem::ControlCharacterInString => "unescaped control character in a string",
            JsonProblem::TrailingCharacters => "unexpected characters after the value",
            JsonProblem::RepeatedKey => "an object names a member twice",
            JsonProblem::LoneSurrogate => "a \\u escape of a lone surrogate",
        };
        write!(f, "invalid JSON at byte {}: {}", self.offset, what)
    }
}

impl std::error::Error for JsonError {}

/// Parses one JSON document (RFC 8259), refusing anything else.
pub fn parse_json(text: &str) -> Result<JsonValue, JsonError> {
    read_document(text, false)
}

/// Parses one JSON document and also refuses what RFC 8259 allows but leaves ambiguous: a member
/// named twice in one object and a lone surrogate escape. For data received from the network
/// (consent receipts), where two readers must never see different values.
pub fn parse_json_strict(text: &str) -> Result<JsonValue, JsonError> {
    read_document(text, true)
}

fn read_document(text: &str, strict: bool) -> Result<JsonValue, JsonError> {
    if text.len() > MAX_JSON_BYTES {
        return Err(JsonError {
            offset: MAX_JSON_BYTES,
            problem: JsonProblem::TooLarge,
        });
    }
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        pos: 0,
        strict,
    };
    reader.skip_whitespace();
    let value = reader.value(0)?;
    reader.skip_whitespace();
    if reader.pos != reader.bytes.len() {
        return Err(reader.error(JsonProblem::TrailingCharacters));
    }
    Ok(value)
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    strict: bool,
}

impl Reader<'_> {
    fn error(&self, problem: JsonProblem) -> JsonError {
        JsonError {
            offset: self.pos,
            problem,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn expect_literal(&mut self, literal: &str, value: JsonValue) -> Result<JsonValue, JsonError> {
        if self.bytes[self.pos..].starts_with(literal.as_bytes()) {
            self.pos += literal.len();
            Ok(value)
        } else {
            Err(self.error(JsonProblem::UnexpectedCharacter))
        }
    }

    fn value(&mut self, depth: usize) -> Result<JsonValue, JsonError> {
        match self.peek() {
            None => Err(self.error(JsonProblem::UnexpectedEnd)),
            Some(b'n') => self.expect_literal("null", JsonValue::Null),
            Some(b't') => self.expect_literal("true", JsonValue::Bool(true)),
            Some(b'f') => self.expect_literal("false", JsonValue::Bool(false)),
            Some(b'"') => self.string().map(JsonValue::String),
            Some(b'[') => self.array(depth + 1),
            Some(b'{') => self.object(depth + 1),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error(JsonProblem::UnexpectedCharacter)),
        }
    }

    fn array(&mut self, depth: usize) -> Result<JsonValue, JsonError> {
        if depth > MAX_JSON_DEPTH {
            return Err(self.error(JsonProblem::TooDeep));
        }
        self.pos += 1; // '['
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(JsonValue::Array(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(JsonValue::Array(items));
                }
                None => return Err(self.error(JsonProblem::UnexpectedEnd)),
                Some(_) => return Err(self.error(JsonProblem::UnexpectedCharacter)),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<JsonValue, JsonError> {
        if depth > MAX_JSON_DEPTH {
            return Err(self.error(JsonProblem::TooDeep));
        }
        self.pos += 1; // '{'
        let mut members: Vec<(String, JsonValue)> = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(JsonValue::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error(if self.peek().is_none() {
                    JsonProblem::UnexpectedEnd
                } else {
                    JsonProblem::UnexpectedCharacter
                }));
            }
            let key_at = self.pos;
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.error(JsonProblem::UnexpectedCharacter));
            }
            self.pos += 1;
            self.skip_whitespace();
            let value = self.value(depth)?;
            // As JSON.parse: a repeated key keeps its last value, in its first position.
            match members.iter_mut().find(|(k, _)| *k == key) {
                Some(_) if self.strict => {
                    self.pos = key_at;
                    return Err(self.error(JsonProblem::RepeatedKey));
                }
                Some(member) => member.1 = value,
                None => members.push((key, value)),
            }
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(JsonValue::Object(members));
                }
                None => return Err(self.error(JsonProblem::UnexpectedEnd)),
                Some(_) => return Err(self.error(JsonProblem::UnexpectedCharacter)),
            }
        }
    }

    fn number(&mut self) -> Result<JsonValue, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.skip_digits(),
            _ => return Err(self.error(JsonProblem::BadNumber)),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error(JsonProblem::BadNumber));
            }
            self.skip_digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error(JsonProblem::BadNumber));
            }
            self.skip_digits();
        }
        // The grammar was checked above; like JSON.parse, too large a number becomes infinite.
        parse_number(&self.text[start..self.pos])
            .map(JsonValue::Number)
            .ok_or(JsonError {
                offset: start,
                problem: JsonProblem::BadNumber,
            })
    }

    fn skip_digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // The input is a &str and the run stops only at ASCII bytes, so this slice is whole characters.
            out.push_str(&self.text[run_start..self.pos]);
            match self.peek() {
                None => return Err(self.error(JsonProblem::UnexpectedEnd)),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => return Err(self.error(JsonProblem::ControlCharacterInString)),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let Some(b) = self.peek() else {
            return Err(self.error(JsonProblem::UnexpectedEnd));
        };
        self.pos += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(out),
            _ => return Err(self.error(JsonProblem::BadEscape)),
        };
        out.push(c);
        Ok(())
    }

    fn unicode_escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let escape_at = self.pos.saturating_sub(2);
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.bytes[self.pos..].starts_with(b"\\u") {
            let after_first = self.pos;
            self.pos += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                return Ok(());
            }
            self.pos = after_first; // not a pair: the second escape stands on its own
        }
        if self.strict && (0xD800..0xE000).contains(&first) {
            self.pos = escape_at;
            return Err(self.error(JsonProblem::LoneSurrogate));
        }
        // A lone surrogate cannot be a Rust char; JavaScript strings turned into Rust ones get
        // U+FFFD in its place, so the reader does the same.
        out.push(char::from_u32(first).unwrap_or(char::REPLACEMENT_CHARACTER));
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let Some(digits) = self.bytes.get(self.pos..self.pos + 4) else {
            return Err(self.error(JsonProblem::UnexpectedEnd));
        };
        let mut code = 0u32;
        for &d in digits {
            let v = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => return Err(self.error(JsonProblem::BadEscape)),
            };
            code = code * 16 + u32::from(v);
        }
        self.pos += 4;
        Ok(code)
    }
}

/// Powers of ten that are exact in an `f64`.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A number literal (already checked against the JSON grammar) as the nearest `f64`.
///
/// Most numbers in practice (integers, short decimals) take the exact fast path: a mantissa of at
/// most 2^53 scaled by an exact power of ten is one correctly rounded operation. The rest go to
/// the standard library's exact parser — except in builds without the `exact-floats` feature
/// (the widget's WebAssembly, where that parser's tables would cost about 15 KB brotli and the
/// only numbers read are ones the loader wrote: small integers and A/B weights), which scale the
/// first 19 digits instead, within a few units in the last place.
fn parse_number(literal: &str) -> Option<f64> {
    let (negative, unsigned) = match literal.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, literal),
    };
    let (digits_part, exponent_part) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (integer, fraction) = digits_part.split_once('.').unwrap_or((digits_part, ""));
    let mut mantissa: u64 = 0;
    let mut kept_digits = 0u32;
    let mut dropped_integer_digits = 0i64;
    let mut fraction_digits = 0i64;
    for (b, in_fraction) in integer
        .bytes()
        .map(|b| (b, false))
        .chain(fraction.bytes().map(|b| (b, true)))
    {
        if mantissa == 0 && b == b'0' {
            if in_fraction {
                fraction_digits += 1;
            }
            continue; // leading zeros carry no precision
        }
        if kept_digits < 19 {
            mantissa = mantissa * 10 + u64::from(b - b'0');
            kept_digits += 1;
            if in_fraction {
                fraction_digits += 1;
            }
        } else if !in_fraction {
            dropped_integer_digits += 1;
        }
    }
    let exponent: i64 = match exponent_part {
        Some(e) => {
            let (sign, digits) = match e.as_bytes().first() {
                Some(b'-') => (-1, &e[1..]),
                Some(b'+') => (1, &e[1..]),
                _ => (1, e),
            };
            // Saturating: anything beyond ±10^6 is infinite or zero anyway.
            sign * digits
                .bytes()
                .fold(0i64, |n, b| (n * 10 + i64::from(b - b'0')).min(1_000_000))
        }
        None => 0,
    };
    let scale = exponent + dropped_integer_digits - fraction_digits;
    let exact =
        kept_digits < 19 || dropped_integer_digits == 0 && fraction.len() as i64 <= fraction_digits;
    let sign = if negative { -1.0 } else { 1.0 };
    if mantissa == 0 {
        return Some(sign * 0.0);
    }
    if exact && mantissa <= 1 << 53 && (-22..=22).contains(&scale) {
        let power = EXACT_POWERS_OF_TEN[scale.unsigned_abs() as usize];
        let value = mantissa as f64;
        return Some(
            sign * if scale < 0 {
                value / power
            } else {
                value * power
            },
        );
    }
    #[cfg(feature = "exact-floats")]
    {
        literal.parse::<f64>().ok()
    }
    #[cfg(not(feature = "exact-floats"))]
    {
        // Scale from [1, 10) so that neither factor overflows on its own.
        let leading = EXACT_POWERS_OF_TEN[(kept_digits as usize).saturating_sub(1).min(22)];
        let exponent =
            i32::try_from((scale + i64::from(kept_digits) - 1).clamp(-400, 400)).unwrap_or(0);
        Some(sign * (mantissa as f64 / leading) * 10f64.powi(exponent))
    }
}

/// Builds one JSON object, member by member, escaping strings correctly.
#[derive(Debug)]
pub struct JsonWriter {
    out: String,
    first: bool,
}

impl Default for JsonWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonWriter {
    /// Starts an object.
    pub fn new() -> Self {
        JsonWriter {
            out: String::from("{"),
            first: true,
        }
    }

    fn key(&mut self, key: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_json_string(&mut self.out, key);
        self.out.push(':');
    }

    /// Adds a string member.
    pub fn string(mut self, key: &str, value: &str) -> Self {
        self.key(key);
        write_json_string(&mut self.out, value);
        self
    }

    /// Adds an unsigned integer member.
    pub fn uint(mut self, key: &str, value: u64) -> Self {
        self.key(key);
        self.out.push_str(&value.to_string());
        self
    }

    /// Adds a boolean member.
    pub fn bool(mut self, key: &str, value: bool) -> Self {
        self.key(key);
        self.out.push_str(if value { "true" } else { "false" });
        self
    }

    /// Adds a member whose value is already valid JSON (a nested object made by another writer).
    pub fn raw(mut self, key: &str, json: &str) -> Self {
        self.key(key);
        self.out.push_str(json);
        self
    }

    /// Closes the object and returns its text.
    pub fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

/// Appends `value` to `out` as a quoted JSON string.
pub fn write_json_string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Escaping these keeps the output safe to embed in a <script> block as well.
            '<' => out.push_str("\\u003c"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let n = c as u32;
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(HEX[((n >> shift) & 0xF) as usize] as char);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_the_nearest_double_like_json_parse() {
        let read = |literal: &str| match parse_json(literal) {
            Ok(JsonValue::Number(n)) => n,
            other => panic!("{literal}: {other:?}"),
        };
        // The fast path: exact in every build.
        for literal in [
            "0",
            "-0",
            "7",
            "7e0",
            "2.5",
            "0.1",
            "1e22",
            "1e-7",
            "0.000001",
            "1000000000",
            "999999999.0",
            "12.34e-5",
            "0e10",
            "9007199254740992",
            "-3.75",
        ] {
            let expected: f64 = literal.parse().unwrap();
            assert_eq!(read(literal).to_bits(), expected.to_bits(), "{literal}");
        }
        // Beyond it: exact with `exact-floats`, within a few units in the last place without.
        for literal in [
            "0.30000000000000004",
            "1e23",
            "123456789012345678901",
            "9007199254740993",
            "5e-300",
            "1e308",
            "1.5e308",
            "1e999",
            "-1e999",
        ] {
            let expected: f64 = literal.parse().unwrap();
            let got = read(literal);
            if cfg!(feature = "exact-floats") {
                assert_eq!(got.to_bits(), expected.to_bits(), "{literal}");
            } else if expected.is_finite() {
                assert!(
                    ((got - expected) / expected).abs() < 1e-14,
                    "{literal}: {got} vs {expected}"
                );
            } else {
                assert_eq!(got, expected, "{literal}");
            }
        }
    }

    #[test]
    fn values_write_back_as_the_json_they_were_read_from() {
        let text = r#"{"a":[1,2.5,-3,true,false,null],"b":{"c":"x\"y\u003cz"},"d":[]}"#;
        assert_eq!(parse_json(text).unwrap().to_json(), text);
    }

    #[test]
    fn parses_nested_documents() {
        let v =
            parse_json(r#" { "a": [1, -2.5e2, true, null], "b": {"c": "d\u00e9\n"} } "#).unwrap();
        assert_eq!(
            v.get("a"),
            Some(&JsonValue::Array(vec![
                JsonValue::Number(1.0),
                JsonValue::Number(-250.0),
                JsonValue::Bool(true),
                JsonValue::Null
            ]))
        );
        assert_eq!(
            v.get("b").and_then(|b| b.get("c")).and_then(|c| c.as_str()),
            Some("dé\n")
        );
    }

    #[test]
    fn decodes_surrogate_pairs_and_replaces_lone_surrogates() {
        let string = |text: &str| parse_json(text).unwrap().as_str().map(str::to_owned);
        assert_eq!(string(r#""\ud83d\ude00""#).as_deref(), Some("😀"));
        assert_eq!(string(r#""\ud83d""#).as_deref(), Some("\u{fffd}"));
        assert_eq!(string(r#""\ude00x""#).as_deref(), Some("\u{fffd}x"));
        assert_eq!(string(r#""\ud83d\u0041""#).as_deref(), Some("\u{fffd}A"));
    }

    #[test]
    fn the_strict_reader_refuses_repeated_keys_and_lone_surrogates() {
        let problem = |text: &str| parse_json_strict(text).unwrap_err().problem;
        assert_eq!(problem(r#"{"a": 1, "a": 1}"#), JsonProblem::RepeatedKey);
        assert_eq!(
            problem(r#"[{"b": {"a": 1, "a": 2}}]"#),
            JsonProblem::RepeatedKey
        );
        assert_eq!(problem(r#""\ud83d""#), JsonProblem::LoneSurrogate);
        assert_eq!(problem(r#""\ude00x""#), JsonProblem::LoneSurrogate);
        assert_eq!(problem(r#""\ud83d\u0041""#), JsonProblem::LoneSurrogate);
        // What is unambiguous reads as with the lenient reader.
        let text = r#"{"a": {"a": "\ud83d\ude00"}, "b": [{"a": 1}, {"a": 2}]}"#;
        assert_eq!(parse_json_strict(text).unwrap(), parse_json(text).unwrap());
    }

    #[test]
    fn reads_like_json_parse_where_the_rfc_leaves_a_choice() {
        let v = parse_json(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap();
        assert_eq!(
            v,
            JsonValue::Object(vec![
                ("a".into(), JsonValue::Number(3.0)),
                ("b".into(), JsonValue::Number(2.0))
            ])
        );
        assert_eq!(
            parse_json("1e999").unwrap(),
            JsonValue::Number(f64::INFINITY)
        );
    }

    #[test]
    fn refuses_what_json_does_not_allow() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            "-",
            "+1",
            "'a'",
            "{a:1}",
            "[1 2]",
            "nul",
            "\"\u{1}\"",
            "\"\\x\"",
            "1 2",
            "NaN",
            "Infinity",
            "\"abc",
            "\"\\u12\"",
        ] {
            assert!(parse_json(bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn refuses_deep_nesting_and_huge_documents() {
        let deep = "[".repeat(MAX_JSON_DEPTH + 1) + &"]".repeat(MAX_JSON_DEPTH + 1);
        assert_eq!(parse_json(&deep).unwrap_err().problem, JsonProblem::TooDeep);
        let ok = "[".repeat(MAX_JSON_DEPTH) + &"]".repeat(MAX_JSON_DEPTH);
        assert!(parse_json(&ok).is_ok());
        let huge = format!("\"{}\"", "a".repeat(MAX_JSON_BYTES));
        assert_eq!(
            parse_json(&huge).unwrap_err().problem,
            JsonProblem::TooLarge
        );
    }

    #[test]
    fn writer_output_reads_back() {
        let text = JsonWriter::new()
            .string("s", "quote \" backslash \\ </script> \u{1} \u{2028}")
            .uint("n", 42)
            .bool("b", false)
            .raw("o", &JsonWriter::new().string("x", "y").finish())
            .finish();
        assert!(!text.contains("</script>"));
        let v = parse_json(&text).unwrap();
        assert_eq!(
            v.get("s").and_then(JsonValue::as_str),
            Some("quote \" backslash \\ </script> \u{1} \u{2028}")
        );
        assert_eq!(v.get("n"), Some(&JsonValue::Number(42.0)));
        assert_eq!(
            v.get("o")
                .and_then(|o| o.get("x"))
                .and_then(JsonValue::as_str),
            Some("y")
        );
    }
}
