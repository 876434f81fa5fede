//! Requests to the consent-log server (`server/API.md`), same origin, with the session cookie.

use gloo_net::http::{Request, RequestBuilder};
use serde::Serialize;
use web_sys::RequestCredentials;

use crate::model::api_error::ApiFailure;
use crate::model::api_types::{ReceiptHistory, SessionInfo, Stats};
use crate::model::date_range::DateRange;
use crate::model::route::{receipts_url, STATS_PATH};

const SESSION_URL: &str = "/api/v1/session";

/// The login form's content.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

/// A request of ours: it carries the session cookie and asks for JSON.
fn request(builder: RequestBuilder) -> RequestBuilder {
    builder
        .credentials(RequestCredentials::SameOrigin)
        .header("Accept", "application/json")
}

/// Sends `request` and hands back the body of a 2xx answer; any other answer becomes the
/// [`ApiFailure`] its status, `Retry-After` header and error body name.
async fn body_of(request: Result<Request, gloo_net::Error>) -> Result<String, ApiFailure> {
    let response = request
        .map_err(|_| ApiFailure::Unreachable)?
        .send()
        .await
        .map_err(|_| ApiFailure::Unreachable)?;
    let body = response.text().await.map_err(|_| ApiFailure::Unreachable)?;
    if response.ok() {
        Ok(body)
    } else {
        let retry_after = response.headers().get("Retry-After");
        Err(ApiFailure::from_response(
            response.status(),
            retry_after.as_deref(),
            &body,
        ))
    }
}

/// `GET /api/v1/session`: the signed-in user's name.
pub async fn current_user() -> Result<String, ApiFailure> {
    let body = body_of(request(Request::get(SESSION_URL)).build()).await?;
    serde_json::from_str::<SessionInfo>(&body)
        .map(|info| info.username)
        .map_err(|_| ApiFailure::UnreadableAnswer)
}

/// `POST /api/v1/session`.
pub async fn log_in(credentials: &Credentials) -> Result<(), ApiFailure> {
    body_of(request(Request::post(SESSION_URL)).json(credentials))
        .await
        .map(drop)
}

/// `DELETE /api/v1/session`.
pub async fn log_out() -> Result<(), ApiFailure> {
    body_of(request(Request::delete(SESSION_URL)).build())
        .await
        .map(drop)
}

/// Reads an answer's body with the browser's `JSON.parse` and `serde_wasm_bindgen` into `T`.
fn read_answer<T: serde::de::DeserializeOwned>(body: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(body).map_err(|error| format!("{error:?}"))?;
    serde_wasm_bindgen::from_value(value).map_err(|error| error.to_string())
}

/// `GET /api/v1/stats` for a range.
pub async fn stats(range: DateRange) -> Result<Stats, ApiFailure> {
    // The range as query pairs: gloo-net would end a query already in the URL with a stray `&`.
    let body =
        body_of(request(Request::get(STATS_PATH).query(range.query_pairs())).build()).await?;
    read_answer::<Stats>(&body).map_err(|error| {
        gloo_console::warn!(format!("jl-dashboard: unreadable stats: {error}"));
        ApiFailure::UnreadableAnswer
    })
}

/// `GET /api/v1/receipts/{id}`.
pub async fn receipts(consent_id: &str) -> Result<ReceiptHistory, ApiFailure> {
    let body = body_of(request(Request::get(&receipts_url(consent_id))).build()).await?;
    read_answer::<ReceiptHistory>(&body).map_err(|_| ApiFailure::UnreadableAnswer)
}
