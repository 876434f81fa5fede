//! A small, strict JSON reader and writer.
//!
//! The widget ships to every page view, so it avoids a general serialisation framework: the
//! configuration is read into this `JsonValue` tree and validated key by key (a wrong key warns
//! and falls back, it does not reject the whole configuration), and receipts are written with
//! [`JsonWriter`]. Limits on size and depth keep hostile input cheap to refuse.
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
        let literal = &self.text[start..self.pos];
        literal
            .parse::<f64>()
            .map(JsonValue::Number)
            .map_err(|_| JsonError {
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
