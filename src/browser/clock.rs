//! The visitor's clock.

/// Now, in Unix seconds.
pub fn now_unix_seconds() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// A decision time as the visitor reads it, in their language and time zone.
pub fn format_decision_time(unix_seconds: u64, language_tag: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        unix_seconds as f64 * 1000.0,
    ));
    let options = js_sys::Object::new();
    for (key, value) in [("dateStyle", "long"), ("timeStyle", "short")] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    String::from(date.to_locale_string(language_tag, &options))
}
