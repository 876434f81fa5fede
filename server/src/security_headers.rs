//! Headers every response carries.

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The policy for HTML pages (the demo site and the dashboard): only this origin's scripts,
/// styles and images, WebAssembly allowed to compile, no framing, no plugins.
pub const HTML_CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
     script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
     font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// Adds `X-Content-Type-Options`, `Referrer-Policy`, on HTML a `Content-Security-Policy` (and
/// `X-Frame-Options` for older browsers), and on the API `Cache-Control: no-store`.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("text/html"));
    let headers = response.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    if is_html {
        set(
            header::CONTENT_SECURITY_POLICY,
            HTML_CONTENT_SECURITY_POLICY,
        );
        set(header::X_FRAME_OPTIONS, "DENY");
    }
    if is_api {
        set(header::CACHE_CONTROL, "no-store");
    }
    response
}
