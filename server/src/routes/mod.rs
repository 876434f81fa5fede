//! The HTTP handlers, one file per resource.

pub mod events;
pub mod exports;
pub mod receipts;
pub mod session;
pub mod stats;

use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use serde::Deserialize;

use time::Date;

use crate::clock::parse_date;
use crate::error::AppError;

/// Longest range a report or export may cover, in days (ten years).
pub const MAX_RANGE_DAYS: i64 = 3660;
/// The default range: this many days up to today.
pub const DEFAULT_RANGE_DAYS: i64 = 30;

/// `?from=YYYY-MM-DD&to=YYYY-MM-DD` (both optional).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct RangeQuery {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Reads the day range of a query, defaulting to the last 30 days up to `today`.
pub fn resolve_range(
    query: Result<Query<RangeQuery>, QueryRejection>,
    today: Date,
) -> Result<(Date, Date), AppError> {
    let Query(query) = query.map_err(|e| AppError::InvalidRequest {
        field: String::new(),
        message: e.body_text(),
    })?;
    range_from_texts(query.from.as_deref(), query.to.as_deref(), today)
}

/// The inclusive day range named by optional `from` and `to` texts.
pub fn range_from_texts(
    from: Option<&str>,
    to: Option<&str>,
    today: Date,
) -> Result<(Date, Date), AppError> {
    let parse = |field: &str, text: Option<&str>| -> Result<Option<Date>, AppError> {
        text.map(|t| {
            parse_date(t).ok_or_else(|| AppError::InvalidRequest {
                field: field.to_owned(),
                message: "expected a date YYYY-MM-DD".to_owned(),
            })
        })
        .transpose()
    };
    let to_day = parse("to", to)?.unwrap_or(today);
    let from_day = match parse("from", from)? {
        Some(day) => day,
        None => to_day
            .checked_sub(time::Duration::days(DEFAULT_RANGE_DAYS - 1))
            .unwrap_or(Date::MIN),
    };
    if to_day < from_day {
        return Err(AppError::InvalidRequest {
            field: "to".to_owned(),
            message: "must not be before from".to_owned(),
        });
    }
    if (to_day - from_day).whole_days() >= MAX_RANGE_DAYS {
        return Err(AppError::InvalidRequest {
            field: "from".to_owned(),
            message: format!("a range covers at most {MAX_RANGE_DAYS} days"),
        });
    }
    Ok((from_day, to_day))
}

/// Answers any path under `/api/` that names no route.
pub async fn api_not_found() -> AppError {
    AppError::NotFound
}

/// Answers a known API path asked with a method it does not take.
pub async fn api_method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

/// The API routes anyone may call without a session, as `(method, path pattern)` exactly as the
/// router declares them (`"*"`: every method). Every other method of every route under `/api`
/// answers 401 without a session: `server/tests/auth.rs` reads the routes from the router itself
/// and holds each one to this. A route that is public by design (a health check, say) is listed
/// here, or its test fails.
pub const PUBLIC_API_ROUTES: &[(&str, &str)] = &[
    // The widget's events: anyone's browser sends them.
    ("POST", "/api/v1/events"),
    ("OPTIONS", "/api/v1/events"),
    // Logging in, and logging out (harmless without a session).
    ("POST", "/api/v1/session"),
    ("DELETE", "/api/v1/session"),
    // Paths that name no route: 404 for everyone.
    ("*", "/api"),
    ("*", "/api/{*rest}"),
];
