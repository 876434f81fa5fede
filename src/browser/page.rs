//! Facts about the host page and the browser.

use wasm_bindgen::JsCast;

/// The element that has the keyboard focus, inside open shadow roots too (a declaration's
/// button, the settings control's), if it is an HTML element.
pub fn focused_element() -> Option<web_sys::HtmlElement> {
    let mut active = web_sys::window()?.document()?.active_element()?;
    while let Some(inner) = active.shadow_root().and_then(|root| root.active_element()) {
        active = inner;
    }
    active.dyn_into().ok()
}

/// True when the page is served over https.
pub fn is_https() -> bool {
    web_sys::window()
        .and_then(|w| w.location().protocol().ok())
        .is_some_and(|p| p == "https:")
}

/// The page's `<html lang>`, if set.
pub fn page_language() -> Option<String> {
    let lang = web_sys::window()?
        .document()?
        .document_element()?
        .get_attribute("lang")?;
    (!lang.is_empty()).then_some(lang)
}

/// The browser's preferred languages, most preferred first.
pub fn browser_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let mut languages: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect();
    if languages.is_empty() {
        languages.extend(navigator.language());
    }
    languages
}

/// True when the browser sends a Global Privacy Control signal (`navigator.globalPrivacyControl`).
pub fn global_privacy_control() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"globalPrivacyControl".into()).ok())
        .is_some_and(|v| v.as_bool() == Some(true))
}

/// The visitor's kind of device, from the viewport width and the pointer (never the user agent).
pub fn device_class() -> jl_consent_core::receipt::DeviceClass {
    let window = web_sys::window();
    let width = window
        .as_ref()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .unwrap_or(1280.0);
    let coarse = window
        .and_then(|w| w.match_media("(pointer: coarse)").ok().flatten())
        .is_some_and(|query| query.matches());
    jl_consent_core::receipt::DeviceClass::from_viewport(width, coarse)
}
