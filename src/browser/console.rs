//! Messages for the site's developers in the browser console.

/// Logs an error (a configuration that could not be used at all).
pub fn error(message: &str) {
    web_sys::console::error_1(&message.into());
}

/// Logs a warning (one bad configuration key, a failed cookie write).
pub fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
}
