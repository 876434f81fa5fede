//! Requests to the consent-log server (`server/API.md`), same origin, with the session cookie.

use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestCredentials, RequestInit, Response};

use crate::api_error::ApiFailure;
use crate::api_types::{parse_receipt_history, parse_stats, ReceiptHistory, SessionInfo, Stats};
use crate::date_range::DateRange;
use crate::route::{receipts_url, stats_url};

const SESSION_URL: &str = "/api/v1/session";

/// The login form's content.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

/// An answer: status, `Retry-After` and body text.
struct Answer {
    status: u16,
    retry_after: Option<String>,
    body: String,
}

impl Answer {
    fn into_result(self) -> Result<String, ApiFailure> {
        if (200..300).contains(&self.status) {
            Ok(self.body)
        } else {
            Err(ApiFailure::from_response(
                self.status,
                self.retry_after.as_deref(),
                &self.body,
            ))
        }
    }
}

async fn send(method: &str, url: &str, json_body: Option<String>) -> Result<Answer, ApiFailure> {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::SameOrigin);
    if let Some(body) = &json_body {
        init.set_body(&JsValue::from_str(body));
    }
    let request =
        Request::new_with_str_and_init(url, &init).map_err(|_| ApiFailure::Unreachable)?;
    let headers = request.headers();
    let _ = headers.set("Accept", "application/json");
    if json_body.is_some() {
        let _ = headers.set("Content-Type", "application/json");
    }
    let window = web_sys::window().ok_or(ApiFailure::Unreachable)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| ApiFailure::Unreachable)?
        .dyn_into()
        .map_err(|_| ApiFailure::Unreachable)?;
    let body = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map_err(|_| ApiFailure::Unreachable)?
            .as_string()
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok(Answer {
        status: response.status(),
        retry_after: response.headers().get("Retry-After").ok().flatten(),
        body,
    })
}

/// `GET /api/v1/session`: the signed-in user's name.
pub async fn current_user() -> Result<String, ApiFailure> {
    let body = send("GET", SESSION_URL, None).await?.into_result()?;
    serde_json::from_str::<SessionInfo>(&body)
        .map(|info| info.username)
        .map_err(|_| ApiFailure::UnreadableAnswer)
}

/// `POST /api/v1/session`.
pub async fn log_in(credentials: &Credentials) -> Result<(), ApiFailure> {
    let body = serde_json::to_string(credentials).map_err(|_| ApiFailure::UnreadableAnswer)?;
    send("POST", SESSION_URL, Some(body))
        .await?
        .into_result()
        .map(drop)
}

/// `DELETE /api/v1/session`.
pub async fn log_out() -> Result<(), ApiFailure> {
    send("DELETE", SESSION_URL, None)
        .await?
        .into_result()
        .map(drop)
}

/// `GET /api/v1/stats` for a range.
pub async fn stats(range: DateRange) -> Result<Stats, ApiFailure> {
    let body = send("GET", &stats_url(range), None).await?.into_result()?;
    parse_stats(&body).map_err(|error| {
        web_sys::console::warn_1(&format!("jl-dashboard: unreadable stats: {error}").into());
        ApiFailure::UnreadableAnswer
    })
}

/// `GET /api/v1/receipts/{id}`.
pub async fn receipts(consent_id: &str) -> Result<ReceiptHistory, ApiFailure> {
    let body = send("GET", &receipts_url(consent_id), None)
        .await?
        .into_result()?;
    parse_receipt_history(&body).map_err(|_| ApiFailure::UnreadableAnswer)
}
