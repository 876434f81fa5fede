//! `POST/GET/DELETE /api/v1/session`: the dashboard's login.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jl_consent_api::SessionInfo;
use serde::Deserialize;

use crate::auth::{session_token_hash, SignedIn};
use crate::client::ClientIp;
use crate::error::AppError;
use crate::password::{MAX_PASSWORD_BYTES, MAX_USERNAME_BYTES};
use crate::password_checks::ChecksBusy;
use crate::routes::events::read_body_text;
use crate::session::{clear_cookie, new_token, set_cookie};
use crate::state::AppState;

/// Largest login body read.
const MAX_LOGIN_BYTES: usize = 4 * 1024;
/// Seconds a login refused for lack of a free password check is asked to wait.
const BUSY_RETRY_AFTER_SECS: u64 = 1;

/// The login body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateSession {
    pub username: String,
    pub password: String,
}

/// Checks the credentials (throttled: see `login_throttle`) and starts a session.
pub async fn session_create(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
        });
    if !is_json {
        return Err(AppError::UnsupportedMediaType);
    }
    let text = read_body_text(&headers, body, MAX_LOGIN_BYTES, state.config.body_timeout).await?;
    let login: CreateSession = serde_json::from_str(&text).map_err(|e| {
        if e.is_data() {
            AppError::InvalidRequest {
                field: String::new(),
                message: e.to_string(),
            }
        } else {
            AppError::MalformedJson(e.to_string())
        }
    })?;
    let now = state.clock.now_ms();
    // Counted from here on: see `login_throttle`.
    let attempt = state
        .login_throttle
        .begin(&login.username, client, now)
        .map_err(|retry_after_secs| AppError::RateLimited { retry_after_secs })?;
    let plausible = !login.username.is_empty()
        && login.username.len() <= MAX_USERNAME_BYTES
        && login.password.len() <= MAX_PASSWORD_BYTES;
    let account = if plausible {
        state.store.user_credentials(&login.username).await?
    } else {
        None
    };
    // Verify against a decoy when there is no such account, so timing tells nothing.
    let (user_id, phc) = match account {
        Some((id, phc)) => (Some(id), phc),
        None => (None, state.decoy_password_hash.clone()),
    };
    let matches = state
        .password_checks
        .verify(phc, login.password)
        .await
        .map_err(|ChecksBusy| AppError::Busy {
            retry_after_secs: BUSY_RETRY_AFTER_SECS,
        })?;
    let Some(user_id) = user_id.filter(|_| matches) else {
        attempt.failed(state.clock.now_ms());
        return Err(AppError::BadCredentials);
    };
    attempt.succeeded(state.clock.now_ms());
    let (token, token_hash) =
        new_token().map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    let ttl = state.config.session_ttl;
    let ttl_ms = i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX);
    state
        .store
        .create_session(&token_hash, user_id, now, now.saturating_add(ttl_ms))
        .await?;
    Ok(with_cookie(
        StatusCode::NO_CONTENT.into_response(),
        &set_cookie(&token, ttl.as_secs()),
    ))
}

/// Who is signed in, or 401.
pub async fn session_show(user: SignedIn) -> Json<SessionInfo> {
    Json(SessionInfo {
        username: user.username,
    })
}

/// Ends the session (if any) and clears the cookie; always 204.
pub async fn session_delete(
    State(state): State<AppState>,
    parts: Parts,
) -> Result<Response, AppError> {
    if let Some(hash) = session_token_hash(&parts) {
        state.store.delete_session(&hash).await?;
    }
    Ok(with_cookie(
        StatusCode::NO_CONTENT.into_response(),
        &clear_cookie(),
    ))
}

fn with_cookie(mut response: Response, cookie: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}
