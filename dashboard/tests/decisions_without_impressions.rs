//! Receipts can arrive for days whose impressions were never logged: their decisions still show
//! (counted in the tiles, drawn and marked in the chart), with a plain note that shares need impressions.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::rc::Rc;

use jl_consent_dashboard::components::headline::{HeadlineTiles, HeadlineTilesProps};
use jl_consent_dashboard::components::trend_chart::{TrendChart, TrendChartProps};
use jl_consent_dashboard::model::api_types::{DailyRow, Rates, Totals};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn readable(text: String) -> String {
    text.replace('\u{a0}', " ")
}

fn day(day: &str, impressions: u64, accept_all: u64, reject_all: u64, custom: u64) -> DailyRow {
    DailyRow {
        day: day.to_owned(),
        impressions,
        accept_all,
        reject_all,
        custom,
        withdrawals: 0,
        ignored: None,
    }
}

#[wasm_bindgen_test]
async fn the_tiles_count_the_decisions_of_a_range_without_impressions() {
    let totals = Totals {
        first_decisions: 162_750,
        accept_all: 100_000,
        reject_all: 50_000,
        custom: 12_750,
        ..Totals::default()
    };
    let root = mount::<HeadlineTiles>(HeadlineTilesProps {
        totals,
        rates: Rates::default(),
        daily: Rc::new(vec![day("2026-11-24", 0, 100_000, 50_000, 12_750)]),
    })
    .await;
    let values: Vec<String> = (2..=5)
        .map(|n| {
            readable(text(
                &root,
                &format!(".tiles li:nth-child({n}) .tile-value"),
            ))
        })
        .collect();
    assert_eq!(values, ["100 000", "50 000", "12 750", "—"]);
    let accept = readable(text(&root, ".tiles li:nth-child(2)"));
    assert!(accept.contains("100 000 из 162 750 решений"), "{accept}");
    assert!(accept.contains("доля: нужны данные о показах"), "{accept}");
    assert!(!accept.contains("нет показов"), "{accept}");
    let note = readable(text(&root, ".notice"));
    assert!(
        note.contains("хотя решений посетителей — 162 750"),
        "{note}"
    );
}

#[wasm_bindgen_test]
async fn the_chart_draws_and_marks_the_days_whose_decisions_came_without_impressions() {
    let daily = Rc::new(vec![
        day("2026-11-23", 400, 200, 100, 40),
        day("2026-11-24", 0, 100_000, 50_000, 12_750),
        day("2026-11-25", 0, 0, 0, 0),
    ]);
    let root = mount::<TrendChart>(TrendChartProps {
        daily,
        width: 600.0,
    })
    .await;
    assert!(
        find(&root, "svg[role=img]").is_some(),
        "a chart, not a sentence"
    );
    // The first day's four outcomes, the second day's three kinds of decision.
    assert_eq!(count(&root, "rect.segment"), 7);
    assert_eq!(count(&root, "circle.mark-without-impressions"), 1);
    let tooltip = readable(text(&root, "svg g:has(circle) title"));
    assert!(
        tooltip.starts_with("24.11.2026 — показов не записано, решений 162 750"),
        "{tooltip}"
    );
    let note = readable(text(&root, ".note-without-impressions"));
    assert!(
        note.starts_with("1 день с решениями, но без записанных показов: 24.11.2026."),
        "{note}"
    );
    assert!(note.contains("доли считаются от показов"), "{note}");
    assert!(readable(text(&root, "svg desc")).ends_with(&note));
    assert!(text(&root, ".legend").contains("Решения без показов"));
}

#[wasm_bindgen_test]
async fn a_chart_with_impressions_every_day_has_no_such_note() {
    let daily = Rc::new(vec![day("2026-11-23", 400, 200, 100, 40)]);
    let root = mount::<TrendChart>(TrendChartProps {
        daily,
        width: 600.0,
    })
    .await;
    assert!(find(&root, ".note-without-impressions").is_none());
    assert_eq!(count(&root, "circle.mark-without-impressions"), 0);
    assert!(!text(&root, ".legend").contains("Решения без показов"));
}

#[wasm_bindgen_test]
async fn a_range_without_any_impression_still_draws_its_decisions() {
    let daily = Rc::new(vec![
        day("2026-11-24", 0, 100_000, 50_000, 12_750),
        day("2026-11-25", 0, 10, 0, 0),
    ]);
    let root = mount::<TrendChart>(TrendChartProps {
        daily,
        width: 600.0,
    })
    .await;
    assert!(find(&root, ".empty").is_none(), "{}", text(&root, ".empty"));
    assert_eq!(count(&root, "rect.segment"), 4);
    assert_eq!(count(&root, "circle.mark-without-impressions"), 2);
    let description = readable(text(&root, "svg desc"));
    assert!(
        description.contains("только решения посетителей по дням — всего 162 760 за 2 дня"),
        "{description}"
    );
    assert!(
        text(&root, ".note-without-impressions").starts_with("Показов за этот период не записано")
    );
}

#[wasm_bindgen_test]
async fn the_tiles_warn_when_some_days_decisions_came_without_impressions() {
    let totals = Totals {
        impressions: 400,
        first_decisions: 1_540,
        accept_all: 800,
        reject_all: 500,
        custom: 240,
        ..Totals::default()
    };
    let root = mount::<HeadlineTiles>(HeadlineTilesProps {
        totals,
        rates: Rates::default(),
        daily: Rc::new(vec![
            day("2026-11-23", 400, 200, 100, 40),
            day("2026-11-24", 0, 600, 400, 200),
        ]),
    })
    .await;
    let note = readable(text(&root, ".notice"));
    assert!(
        note.starts_with("За 1 день (24.11.2026) решения есть, а показов не записано."),
        "{note}"
    );
    assert!(note.contains("выше настоящих"), "{note}");
}
