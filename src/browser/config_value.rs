//! The configuration object the loader parsed with `JSON.parse`, as the core's `JsonValue`.

use jl_consent_core::json::{JsonValue, MAX_JSON_DEPTH};
use wasm_bindgen::{JsCast, JsValue};

/// Converts a value produced by `JSON.parse` (so: null, booleans, numbers, strings, arrays and
/// plain objects only). Returns `None` when nesting is deeper than the core's JSON reader allows,
/// so both readings of a configuration agree.
pub fn to_json_value(value: &JsValue) -> Option<JsonValue> {
    convert(value, 0)
}

fn convert(value: &JsValue, depth: usize) -> Option<JsonValue> {
    if value.is_null() || value.is_undefined() {
        return Some(JsonValue::Null);
    }
    if let Some(b) = value.as_bool() {
        return Some(JsonValue::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return Some(JsonValue::Number(n));
    }
    if let Some(s) = value.as_string() {
        return Some(JsonValue::String(s));
    }
    if depth >= MAX_JSON_DEPTH {
        return None;
    }
    if let Some(array) = value.dyn_ref::<js_sys::Array>() {
        let items = array
            .iter()
            .map(|item| convert(&item, depth + 1))
            .collect::<Option<Vec<_>>>()?;
        return Some(JsonValue::Array(items));
    }
    let object = value.dyn_ref::<js_sys::Object>()?;
    let members = js_sys::Object::entries(object)
        .iter()
        .map(|entry| {
            let pair = js_sys::Array::from(&entry);
            let key = pair.get(0).as_string()?;
            Some((key, convert(&pair.get(1), depth + 1)?))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(JsonValue::Object(members))
}
