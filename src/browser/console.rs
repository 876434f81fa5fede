//! Messages for the site's developers in the browser console (gloo's console wrappers: about 60
//! bytes brotli over calling web-sys directly, bench/README.md).

/// Logs an error (a configuration that could not be used at all).
pub fn error(message: &str) {
    gloo_console::error!(message);
}

/// Logs a warning (one bad configuration key, a failed cookie write).
pub fn warn(message: &str) {
    gloo_console::warn!(message);
}
