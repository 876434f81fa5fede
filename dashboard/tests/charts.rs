//! The charts are real, accessible SVG: a title, a description, axes and one mark per datum.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::rc::Rc;

use jl_consent_dashboard::components::interval_chart::{
    IntervalChart, IntervalChartProps, IntervalRow,
};
use jl_consent_dashboard::components::trend_chart::{TrendChart, TrendChartProps};
use jl_consent_dashboard::model::api_types::{DailyRow, RateInterval};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn day(day: &str, impressions: u64) -> DailyRow {
    DailyRow {
        day: day.to_owned(),
        impressions,
        accept_all: impressions / 2,
        reject_all: impressions / 4,
        custom: impressions / 10,
        withdrawals: 0,
        ignored: None,
    }
}

#[wasm_bindgen_test]
async fn the_trend_chart_draws_a_stacked_bar_per_day_with_axes_and_a_title() {
    let daily = Rc::new(vec![
        day("2026-11-23", 400),
        day("2026-11-24", 0),
        day("2026-11-25", 800),
    ]);
    let root = mount::<TrendChart>(TrendChartProps {
        daily,
        width: 343.0,
    })
    .await;
    let svg = find(&root, "svg[role=img]").unwrap();
    assert_eq!(
        svg.get_attribute("aria-labelledby").as_deref(),
        Some("trend-title trend-desc")
    );
    let description = text(&root, "svg desc").replace('\u{a0}', " ");
    assert!(
        description.contains("Всего 1 200 показов за 3 дня"),
        "{description}"
    );
    // Two days with impressions, four outcomes each.
    assert_eq!(count(&root, "rect.segment"), 8);
    assert_eq!(count(&root, "rect.outcome-accept"), 2);
    assert!(count(&root, "text.tick-label") >= 4);
    assert_eq!(count(&root, ".legend li"), 4);
    assert_eq!(count(&root, "details table tbody tr"), 3);
}

#[wasm_bindgen_test]
async fn a_range_with_neither_impressions_nor_decisions_shows_a_sentence_not_an_empty_chart() {
    let daily = Rc::new(vec![day("2026-11-24", 0)]);
    let root = mount::<TrendChart>(TrendChartProps {
        daily,
        width: 600.0,
    })
    .await;
    assert!(find(&root, "svg").is_none());
    assert_eq!(
        text(&root, ".empty"),
        "За этот период не было ни показов, ни решений."
    );
}

#[wasm_bindgen_test]
async fn interval_bars_have_whiskers_from_low_to_high() {
    let rows = vec![IntervalRow {
        label: "Аналитика".to_owned(),
        interval: RateInterval {
            rate: 0.5,
            low: 0.4,
            high: 0.6,
        },
        detail: "50 из 100".to_owned(),
    }];
    let root = mount::<IntervalChart>(IntervalChartProps {
        id: "test".into(),
        title: "Доля".into(),
        description: "Описание".into(),
        label_heading: "Категория".into(),
        detail_heading: "Разрешили".into(),
        rows,
        width: 412.0,
    })
    .await;
    // Plot from x = 6 to x = 406: 40 % → 166, 60 % → 246, the bar is 200 wide.
    let whisker = find(&root, "line.whisker").unwrap();
    assert_eq!(whisker.get_attribute("x1").as_deref(), Some("166"));
    assert_eq!(whisker.get_attribute("x2").as_deref(), Some("246"));
    let bar = find(&root, "rect.bar-rate").unwrap();
    assert_eq!(bar.get_attribute("width").as_deref(), Some("200"));
    assert_eq!(text(&root, "svg title"), "Доля");
    assert!(text(&root, "details table").contains("40,0–60,0"));
}
