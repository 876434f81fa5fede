//! `GET /api/v1/export/receipts.csv` and `GET /api/v1/export/daily.csv`.

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use futures_util::TryStreamExt;

use crate::auth::SignedIn;
use crate::error::AppError;
use crate::export::{daily_csv, receipts_csv};
use crate::response_bodies::Holding;
use crate::routes::{resolve_range, RangeQuery};
use crate::state::AppState;

/// One row per decision received in the range, streamed (each export holds one of its
/// session's places while it is sent: `export_slots`).
pub async fn exports_receipts(
    user: SignedIn,
    State(state): State<AppState>,
    query: Result<Query<RangeQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let slot = state.export_slots.take(&user.session_hash)?;
    let (from, to) = resolve_range(query, state.clock.today())?;
    let rows = receipts_csv(&state.store, from, to)
        .await?
        .inspect_err(|e| {
            tracing::error!("the receipts export stopped early: {e}");
        });
    Ok(csv_response(
        Body::new(Holding::new(Body::from_stream(rows), slot)),
        &format!("jl-consent-receipts-{from}-{to}.csv"),
    ))
}

/// One row per day of the range.
pub async fn exports_daily(
    user: SignedIn,
    State(state): State<AppState>,
    query: Result<Query<RangeQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let slot = state.export_slots.take(&user.session_hash)?;
    let (from, to) = resolve_range(query, state.clock.today())?;
    let csv = daily_csv(&state.store, from, to).await?;
    Ok(csv_response(
        Body::new(Holding::new(Body::from(csv), slot)),
        &format!("jl-consent-daily-{from}-{to}.csv"),
    ))
}

fn csv_response(body: Body, filename: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
