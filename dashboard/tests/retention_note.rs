//! The overview says how long the server keeps receipts, as the stats answer tells it.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use jl_consent_dashboard::components::retention_note::{RetentionNote, RetentionNoteProps};
use jl_consent_dashboard::model::api_types::parse_stats;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_retention_the_server_reports_is_shown_in_days() {
    let stats = parse_stats(
        r#"{"from":"2026-11-01","to":"2026-11-30","totals":{},"rates":{},"retentionDays":400}"#,
    )
    .unwrap();
    let root = mount::<RetentionNote>(RetentionNoteProps {
        retention_days: stats.retention_days,
    })
    .await;
    let note = text(&root, "#retention-note");
    assert!(note.starts_with("Квитанции хранятся 400 дней:"), "{note}");
    assert!(
        note.contains("Итоги по дням хранятся без ограничения срока"),
        "{note}"
    );
}

#[wasm_bindgen_test]
async fn a_server_without_retention_keeps_receipts_without_limit() {
    let stats =
        parse_stats(r#"{"from":"2026-11-01","to":"2026-11-30","totals":{},"rates":{}}"#).unwrap();
    let root = mount::<RetentionNote>(RetentionNoteProps {
        retention_days: stats.retention_days,
    })
    .await;
    assert!(text(&root, "#retention-note").contains("без ограничения срока"));
}
