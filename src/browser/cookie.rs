//! The consent cookie in `document.cookie`.

use jl_consent_core::config::CookieSettings;
use jl_consent_core::cookie_jar::{delete_cookie_string, find_cookie, set_cookie_string};
use jl_consent_core::{decode_cookie, encode_cookie, ConsentRecord};
use wasm_bindgen::JsCast;

use super::console;

fn html_document() -> Option<web_sys::HtmlDocument> {
    web_sys::window()?.document()?.dyn_into().ok()
}

/// The stored decision, if the cookie holds a valid one. Anything else (missing, truncated,
/// tampered, foreign) counts as no decision.
pub fn read_decision(settings: &CookieSettings) -> Option<ConsentRecord> {
    let all = html_document()?.cookie().ok()?;
    let value = find_cookie(&all, &settings.name)?;
    match decode_cookie(value) {
        Ok(record) => Some(record),
        Err(error) => {
            console::warn(&format!(
                "jl-consent: ignoring the stored decision: {error}"
            ));
            None
        }
    }
}

/// Stores `record`; `Secure` whenever the page is on https.
pub fn write_decision(settings: &CookieSettings, record: &ConsentRecord) {
    let value = encode_cookie(record);
    let assignment = set_cookie_string(
        &settings.name,
        &value,
        settings.domain.as_deref(),
        settings.max_age_seconds(),
        super::page::is_https(),
    );
    if html_document()
        .and_then(|d| d.set_cookie(&assignment).ok())
        .is_none()
    {
        console::warn("jl-consent: could not store the decision (cookies blocked?)");
    }
}

/// Deletes the stored decision.
pub fn delete_decision(settings: &CookieSettings) {
    let assignment = delete_cookie_string(&settings.name, "/", settings.domain.as_deref());
    if let Some(document) = html_document() {
        let _ = document.set_cookie(&assignment);
    }
}
