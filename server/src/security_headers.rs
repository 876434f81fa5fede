//! What the security headers say; `app` sets them with tower-http's `SetResponseHeaderLayer`.

use axum::http::{header, HeaderValue};
use axum::response::Response;

/// The policy for HTML pages (the demo site and the dashboard): only this origin's scripts,
/// styles and images, WebAssembly allowed to compile, no framing, no plugins.
pub const HTML_CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
     script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
     font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// `X-Content-Type-Options` of every answer.
pub const NO_SNIFFING: HeaderValue = HeaderValue::from_static("nosniff");
/// `Referrer-Policy` of every answer.
pub const REFERRER_POLICY: HeaderValue =
    HeaderValue::from_static("strict-origin-when-cross-origin");
/// `Cache-Control` of the API's answers.
pub const NO_STORE: HeaderValue = HeaderValue::from_static("no-store");

/// The `Content-Security-Policy` of an HTML answer (none on other answers).
pub fn html_content_security_policy(response: &Response) -> Option<HeaderValue> {
    is_html(response).then(|| HeaderValue::from_static(HTML_CONTENT_SECURITY_POLICY))
}

/// `X-Frame-Options: DENY` on an HTML answer, for browsers older than `frame-ancestors`.
pub fn html_frame_options(response: &Response) -> Option<HeaderValue> {
    is_html(response).then(|| HeaderValue::from_static("DENY"))
}

/// True when the answer is an HTML page.
pub fn is_html<B>(response: &axum::http::Response<B>) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("text/html"))
}
