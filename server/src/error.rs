//! The one error type of the HTTP API and its stable JSON body
//! `{"error": {"code", "message", "field"}}` (see API.md).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use jl_consent_api::{ErrorBody, ErrorDetail};

use crate::store::StoreError;

/// Seconds a client is asked to wait after a 503.
pub const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 2;

/// Everything a request can fail with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppError {
    /// The body is not JSON or not UTF-8.
    MalformedJson(String),
    /// An event member fails the core's validation.
    InvalidEvent {
        field: String,
        message: String,
    },
    /// A query parameter or a (non-event) body member is wrong.
    InvalidRequest {
        field: String,
        message: String,
    },
    /// A well-formed event that no known widget configuration could have sent
    /// (`--widget-config`); `code` says which part does not fit.
    NotAsConfigured {
        code: &'static str,
        field: String,
        message: String,
    },
    Unauthenticated,
    BadCredentials,
    OriginNotAllowed,
    NotFound,
    MethodNotAllowed,
    DuplicateEvent,
    /// The request body did not arrive within the body timeout.
    RequestTimeout,
    /// The body is larger than the route takes (`limit_bytes`).
    BodyTooLarge {
        limit_bytes: usize,
    },
    UnsupportedMediaType,
    RateLimited {
        retry_after_secs: u64,
    },
    /// The events would add a category or variant id beyond those the log keeps (without
    /// `--widget-config`); `field` names the first such id.
    TooManyIds {
        field: String,
        message: String,
    },
    /// The events would add new ids beyond what their client, or all clients, may add today.
    TooManyNewIds {
        retry_after_secs: u64,
    },
    /// The session already has its most exports in flight.
    TooManyExports {
        retry_after_secs: u64,
    },
    /// Every password check is taken (a burst of logins): try again shortly.
    Busy {
        retry_after_secs: u64,
    },
    /// The database cannot serve right now; the detail goes to the log only.
    Unavailable(String),
    /// A bug or a damaged database; the detail goes to the log only.
    Internal(String),
}

impl AppError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::MalformedJson(_)
            | AppError::InvalidEvent { .. }
            | AppError::InvalidRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::NotAsConfigured { .. } | AppError::TooManyIds { .. } => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            AppError::Unauthenticated | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
            AppError::OriginNotAllowed => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::DuplicateEvent => StatusCode::CONFLICT,
            AppError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            AppError::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::RateLimited { .. }
            | AppError::TooManyNewIds { .. }
            | AppError::TooManyExports { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::MalformedJson(_) => "malformed_json",
            AppError::InvalidEvent { .. } => "invalid_event",
            AppError::InvalidRequest { .. } => "invalid_request",
            AppError::NotAsConfigured { code, .. } => code,
            AppError::Unauthenticated => "unauthenticated",
            AppError::BadCredentials => "bad_credentials",
            AppError::OriginNotAllowed => "origin_not_allowed",
            AppError::NotFound => "not_found",
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::DuplicateEvent => "duplicate_event",
            AppError::RequestTimeout => "request_timeout",
            AppError::BodyTooLarge { .. } => "body_too_large",
            AppError::UnsupportedMediaType => "unsupported_media_type",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::TooManyIds { .. } => "too_many_ids",
            AppError::TooManyNewIds { .. } => "too_many_new_ids",
            AppError::TooManyExports { .. } => "too_many_exports",
            AppError::Busy { .. } => "busy",
            AppError::Unavailable(_) => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    fn message(&self) -> String {
        match self {
            AppError::MalformedJson(m) => m.clone(),
            AppError::InvalidEvent { field, message }
            | AppError::InvalidRequest { field, message }
            | AppError::NotAsConfigured { field, message, .. }
            | AppError::TooManyIds { field, message } => {
                if field.is_empty() {
                    message.clone()
                } else {
                    format!("{field}: {message}")
                }
            }
            AppError::Unauthenticated => "sign in first".to_owned(),
            AppError::BadCredentials => "wrong user name or password".to_owned(),
            AppError::OriginNotAllowed => "this origin may not send events here".to_owned(),
            AppError::NotFound => "not found".to_owned(),
            AppError::MethodNotAllowed => "method not allowed on this route".to_owned(),
            AppError::DuplicateEvent => "every event of the batch was stored before".to_owned(),
            AppError::RequestTimeout => {
                "the request body did not arrive in time: send it again".to_owned()
            }
            AppError::BodyTooLarge { limit_bytes } => {
                format!("the body is larger than {} KiB", limit_bytes / 1024)
            }
            AppError::UnsupportedMediaType => {
                "send application/json or text/plain (UTF-8)".to_owned()
            }
            AppError::RateLimited { retry_after_secs } => {
                format!("too many requests: retry in {retry_after_secs} s")
            }
            AppError::TooManyNewIds { retry_after_secs } => format!(
                "these events would add more new category or variant ids than one client, or \
                 all clients, may add in a day: retry in {retry_after_secs} s"
            ),
            AppError::TooManyExports { retry_after_secs } => format!(
                "this session already downloads its most exports at once: retry in \
                 {retry_after_secs} s"
            ),
            AppError::Busy { retry_after_secs } => {
                format!("the server is busy checking other logins: retry in {retry_after_secs} s")
            }
            AppError::Unavailable(_) => {
                "the database cannot take this request right now: retry later".to_owned()
            }
            AppError::Internal(_) => "internal error".to_owned(),
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            AppError::InvalidEvent { field, .. }
            | AppError::InvalidRequest { field, .. }
            | AppError::NotAsConfigured { field, .. }
            | AppError::TooManyIds { field, .. }
                if !field.is_empty() =>
            {
                Some(field)
            }
            _ => None,
        }
    }
}

impl IntoResponse for AppError {
    /// The JSON answer. The error itself rides along as a response extension, for
    /// `error_log::log_errors` to log: an error does not know which of its kind the operator
    /// must hear of, nor how often.
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code().to_owned(),
                message: self.message(),
                field: self.field().map(str::to_owned),
            },
        };
        let mut response = (self.status(), axum::Json(body)).into_response();
        let retry_after = match &self {
            AppError::RateLimited { retry_after_secs }
            | AppError::TooManyNewIds { retry_after_secs }
            | AppError::TooManyExports { retry_after_secs }
            | AppError::Busy { retry_after_secs } => Some(*retry_after_secs),
            AppError::Unavailable(_) => Some(UNAVAILABLE_RETRY_AFTER_SECS),
            _ => None,
        };
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response.extensions_mut().insert(self);
        response
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unavailable(m) | StoreError::Contention(m) => AppError::Unavailable(m),
            StoreError::Conflict(m) | StoreError::Failed(m) => AppError::Internal(m),
        }
    }
}
