//! `GET /api/v1/stats`: the dashboard's numbers, from rollups only.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use jl_consent_api::Stats;

use crate::auth::SignedIn;
use crate::error::AppError;
use crate::routes::{resolve_range, RangeQuery};
use crate::state::AppState;
use crate::stats::build_report;

/// Totals, rates, categories, daily rows and breakdowns for a range of days.
pub async fn stats_index(
    _user: SignedIn,
    State(state): State<AppState>,
    query: Result<Query<RangeQuery>, QueryRejection>,
) -> Result<Json<Stats>, AppError> {
    let (from, to) = resolve_range(query, state.clock.today())?;
    let daily = state.store.rollup_daily_totals(from, to).await?;
    let combinations = state.store.rollup_dimension_totals(from, to).await?;
    let categories = state.store.category_totals(from, to).await?;
    let mut report = build_report(from, to, &daily, &combinations, categories);
    report.retention_days = state.config.retention_days;
    Ok(Json(report))
}
