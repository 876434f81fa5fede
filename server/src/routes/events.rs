//! `POST /api/v1/events`: the public ingest of the widget's events.

use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use jl_consent_api::IngestOutcome;
use jl_consent_core::receipt::{parse_event_batch, MAX_BATCH_BYTES};

use crate::client::ClientIp;
use crate::error::AppError;
use crate::state::AppState;

/// Validates a batch with the core's reader, hands it to the writer, and answers 202 once it is
/// committed (409 when every event was stored before).
pub async fn events_create(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<IngestOutcome>), AppError> {
    state
        .rate_limiter
        .check(client, state.clock.now_ms())
        .map_err(|retry_after_secs| AppError::RateLimited { retry_after_secs })?;
    check_content_type(&headers)?;
    let text = read_body_text(&headers, body, MAX_BATCH_BYTES, state.config.body_timeout).await?;
    let events = parse_event_batch(&text).map_err(|e| {
        if e.not_json {
            AppError::MalformedJson(e.problem)
        } else {
            AppError::InvalidEvent {
                field: e.field,
                message: e.problem,
            }
        }
    })?;
    state
        .config
        .known_configurations
        .check(&events)
        .map_err(|m| AppError::NotAsConfigured {
            code: m.code,
            field: m.field,
            message: m.message,
        })?;
    if state.config.known_configurations.is_empty() {
        state
            .id_limiter
            .admit(&state.store, &events, client, state.clock.now_ms())
            .await?;
    }
    let outcome = state
        .ingest
        .submit(events, state.config.ingest_timeout)
        .await?;
    if outcome.stored == 0 {
        return Err(AppError::DuplicateEvent);
    }
    Ok((StatusCode::ACCEPTED, Json(outcome)))
}

/// `application/json`, or `text/plain` as `navigator.sendBeacon` sends a string; UTF-8 only.
fn check_content_type(headers: &HeaderMap) -> Result<(), AppError> {
    let value = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .ok_or(AppError::UnsupportedMediaType)?
        .to_ascii_lowercase();
    let mut parts = value.split(';').map(str::trim);
    let media_type = parts.next().unwrap_or_default();
    if media_type != "application/json" && media_type != "text/plain" {
        return Err(AppError::UnsupportedMediaType);
    }
    for parameter in parts {
        if let Some(charset) = parameter.strip_prefix("charset=") {
            if !matches!(charset.trim_matches('"'), "utf-8" | "utf8") {
                return Err(AppError::UnsupportedMediaType);
            }
        }
    }
    Ok(())
}

/// Reads at most `limit` bytes of body (413 beyond) within `deadline` in all (408 beyond) and
/// checks they are UTF-8 (400).
pub async fn read_body_text(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    deadline: Duration,
) -> Result<String, AppError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(AppError::BodyTooLarge { limit_bytes: limit });
    }
    let bytes = tokio::time::timeout(deadline, to_bytes(body, limit))
        .await
        .map_err(|_| AppError::RequestTimeout)?
        .map_err(|e| {
            let mut cause: Option<&(dyn std::error::Error + 'static)> =
                std::error::Error::source(&e);
            let mut too_large = false;
            while let Some(c) = cause {
                too_large |= c.is::<http_body_util::LengthLimitError>();
                cause = c.source();
            }
            if too_large {
                AppError::BodyTooLarge { limit_bytes: limit }
            } else {
                AppError::MalformedJson(format!("the body could not be read: {e}"))
            }
        })?;
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        AppError::MalformedJson(format!(
            "the body is not UTF-8 (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })
}
