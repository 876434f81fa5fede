//! The loader's side of the page (`loader/consent.js`): it opens the gate, shows the small
//! "Cookie settings" control and speaks to the page (API, events). The widget tells it what
//! happened; calls that fail are reported once in the console and otherwise ignored.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;

use super::console;

/// The bridge object the loader passes to `mount`.
#[derive(Clone, Debug, PartialEq)]
pub struct LoaderBridge(JsValue);

impl LoaderBridge {
    /// Wraps the object the loader passed (anything else gives a bridge that does nothing).
    pub fn new(value: JsValue) -> Self {
        LoaderBridge(value)
    }

    fn call(&self, method: &str, args: &[JsValue]) {
        if !self.0.is_object() {
            return;
        }
        let Ok(function) = js_sys::Reflect::get(&self.0, &method.into()) else {
            return;
        };
        let Some(function) = wasm_bindgen::JsCast::dyn_ref::<js_sys::Function>(&function) else {
            return;
        };
        let arguments: js_sys::Array = args.iter().collect();
        if let Err(error) = function.apply(&self.0, &arguments) {
            console::warn(&format!(
                "jl-consent: the loader's {method} failed: {error:?}"
            ));
        }
    }

    /// A decision was stored (`cookie_value`) or forgotten (`None`).
    pub fn decided(&self, cookie_value: Option<&str>, action: Option<&str>, first: bool) {
        let value = cookie_value.map_or(JsValue::NULL, JsValue::from_str);
        let action = action.map_or(JsValue::NULL, JsValue::from_str);
        self.call("decided", &[value, action, JsValue::from_bool(first)]);
    }

    /// An event for the consent log (JSON); the loader queues it and sends it at once.
    pub fn log(&self, event_json: &str) {
        self.call("log", &[JsValue::from_str(event_json)]);
    }

    /// Runs `task` once the page has painted its next frame (the loader schedules it), or at
    /// once when the loader cannot: work the banner's first paint need not wait for.
    pub fn after_paint(&self, task: impl FnOnce() + 'static) {
        let scheduler = js_sys::Reflect::get(&self.0, &"afterPaint".into()).ok();
        if scheduler.is_some_and(|f| f.is_function()) {
            self.call("afterPaint", &[Closure::once_into_js(task)]);
        } else {
            task();
        }
    }

    /// The widget now shows `view` (`banner`, `preferences` or `closed`).
    pub fn view_changed(&self, view: &str, has_decision: bool) {
        self.call(
            "viewChanged",
            &[JsValue::from_str(view), JsValue::from_bool(has_decision)],
        );
    }
}
