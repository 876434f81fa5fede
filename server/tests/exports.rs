#![allow(clippy::unwrap_used, clippy::expect_used)]
//! CSV exports: one row per decision or per day, escaped, streamed page by page.

#[macro_use]
mod common;

use axum::http::StatusCode;
use common::*;
use jl_consent_core::receipt::DeviceClass;
use jl_consent_core::{DecisionAction, Language};

on_both_databases!(
    the_daily_export_has_a_row_per_day,
    the_receipts_export_has_a_row_per_decision_and_a_column_per_category,
    the_receipts_export_pages_through_many_rows_in_order,
    cells_a_spreadsheet_would_run_are_defused_in_the_receipts_export,
);

async fn the_daily_export_has_a_row_per_day(backend: Backend) {
    let app = TestApp::new(backend).await;
    app.ingest_on(
        1,
        &[
            impression(1, default_shown()),
            impression(2, default_shown()),
            impression(3, default_shown()),
            accept_all(4, 1),
        ],
    )
    .await;
    app.ingest(&[decision(
        5,
        1,
        default_shown(),
        DecisionAction::Withdraw,
        false,
        &[("analytics", false), ("advertising", true)],
    )])
    .await;
    let cookie = app.signed_in().await;
    let response = app
        .get(
            "/api/v1/export/daily.csv?from=2026-11-23&to=2026-11-25",
            Some(&cookie),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        response.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    assert_eq!(
        response.header("content-disposition"),
        Some("attachment; filename=\"jl-consent-daily-2026-11-23-2026-11-25.csv\"")
    );
    assert_eq!(
        response.text(),
        "day,impressions,first_decisions,accept_all,reject_all,custom,ignored,changes,withdrawals\r\n\
         2026-11-23,0,0,0,0,0,0,0,0\r\n\
         2026-11-24,3,1,1,0,0,2,0,0\r\n\
         2026-11-25,0,0,0,0,0,0,1,1\r\n"
    );
}

async fn the_receipts_export_has_a_row_per_decision_and_a_column_per_category(backend: Backend) {
    let app = TestApp::new(backend).await;
    let en_a = shown(4, Language::En, DeviceClass::Tablet, Some("a"));
    app.ingest_on(5, &[accept_all(1, 1)]).await; // outside the range below
    app.ingest_on(
        1,
        &[
            impression(2, default_shown()),
            decision(
                3,
                2,
                en_a,
                DecisionAction::Custom,
                true,
                &[("marketing", true), ("analytics", false)],
            ),
        ],
    )
    .await;
    app.ingest(&[accept_all(4, 3)]).await;
    let cookie = app.signed_in().await;
    let response = app
        .get(
            "/api/v1/export/receipts.csv?from=2026-11-24&to=2026-11-25",
            Some(&cookie),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        response.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    let expected = format!(
        "received_at,event_id,consent_id,revision,config_hash,action,first,language,device,\
         variant,decided_at,advertising,analytics,marketing\r\n\
         2026-11-24T12:00:00Z,{e3},{c2},4,{HASH},custom,true,en,tablet,a,1795600000,,false,true\r\n\
         2026-11-25T12:00:00Z,{e4},{c3},3,{HASH},accept_all,true,kk,mobile,,1795600000,true,true,\r\n",
        e3 = event_id(3).as_str(),
        c2 = consent_id(2).as_str(),
        e4 = event_id(4).as_str(),
        c3 = consent_id(3).as_str(),
    );
    assert_eq!(response.text(), expected);
}

async fn the_receipts_export_pages_through_many_rows_in_order(backend: Backend) {
    let app = TestApp::new(backend).await;
    // More rows than one page of the export, over two days, written straight to the store.
    let events: Vec<_> = (0..2500u32).map(|i| accept_all(i, i)).collect();
    for (day, chunk) in events.chunks(1250).enumerate() {
        let refs: Vec<_> = chunk.iter().collect();
        app.store
            .store_events(&refs, NOW_MS - (1 - day as i64) * DAY_MS)
            .await
            .unwrap();
    }
    let cookie = app.signed_in().await;
    let text = app
        .get(
            "/api/v1/export/receipts.csv?from=2026-11-24&to=2026-11-25",
            Some(&cookie),
        )
        .await
        .text();
    let rows: Vec<&str> = text.trim_end().split("\r\n").skip(1).collect();
    assert_eq!(rows.len(), 2500);
    let mut ids: Vec<&str> = rows.iter().map(|r| r.split(',').nth(1).unwrap()).collect();
    let received: Vec<&str> = rows.iter().map(|r| r.split(',').next().unwrap()).collect();
    assert!(received.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 2500, "no row twice");
}

/// Ingest admits no text a spreadsheet would run (ids are `a-z0-9_-` starting with a letter), so
/// the formulas are written straight into the database, as another writer of a shared database
/// or an older version could have: the export, not the ingest, is what must defuse them.
async fn cells_a_spreadsheet_would_run_are_defused_in_the_receipts_export(backend: Backend) {
    let app = TestApp::new(backend).await;
    app.ingest(&[accept_all(1, 1)]).await;
    let formula = r#"=HYPERLINK("https://evil.example","open")"#;
    app.execute_sql(&format!(
        "UPDATE receipts SET variant = '{}', config_hash = '+1+1', action = '-2', \
         consent_id = '@SUM(A1)', language = '\tx'",
        formula.replace('\'', "''")
    ))
    .await;
    app.execute_sql(r#"UPDATE receipts SET choices = '{"=cmd":true,"advertising":true}'"#)
        .await;
    app.execute_sql("UPDATE rollup_categories SET category = '=cmd' WHERE category = 'analytics'")
        .await;
    let cookie = app.signed_in().await;
    let response = app.get("/api/v1/export/receipts.csv", Some(&cookie)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let text = response.text();
    let mut lines = text.split("\r\n");
    let header = lines.next().unwrap();
    assert!(
        header.ends_with(",decided_at,\"'=cmd\",advertising"),
        "the category column: {header}"
    );
    let row = lines.next().unwrap();
    for defused in [
        r#""'=HYPERLINK(""https://evil.example"",""open"")""#,
        r#""'+1+1""#,
        r#""'-2""#,
        r#""'@SUM(A1)""#,
        "\"'\tx\"",
    ] {
        assert!(row.contains(defused), "{defused} in {row}");
    }
    // No cell of the export starts with what a spreadsheet runs.
    for line in text.split("\r\n") {
        for cell in line.split(',') {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t']),
                "a live formula cell {cell:?} in {line}"
            );
        }
    }
}
