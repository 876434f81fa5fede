//! The address bar and the server, through the real browser: the view is in the URL, back and
//! forward bring earlier views back, and an answer's status reaches the error mapping.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use futures::StreamExt;
use jl_consent_dashboard::api;
use jl_consent_dashboard::browser::{current_location, listen_to_history, show_location};
use jl_consent_dashboard::model::api_error::ApiFailure;
use jl_consent_dashboard::model::date_range::DateRange;
use jl_consent_dashboard::model::iso_day::parse_iso_day;
use jl_consent_dashboard::model::route::{Location, Page};
use time::Date;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use yew::platform::pinned::mpsc;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

fn today() -> Date {
    parse_iso_day("2026-11-25").unwrap()
}

fn location(page: Page, from: &str, to: &str) -> Location {
    Location {
        page,
        range: DateRange::parse(from, to).unwrap(),
        consent_id: None,
    }
}

#[wasm_bindgen_test]
async fn back_and_forward_bring_back_the_view_each_url_names() {
    let overview = location(Page::Overview, "2026-10-01", "2026-10-31");
    let variants = location(Page::Variants, "2026-11-01", "2026-11-25");
    show_location(&overview, true);
    show_location(&variants, false);
    assert_eq!(current_location(today()), variants);
    assert_eq!(
        gloo_utils::window().location().search().unwrap(),
        "?from=2026-11-01&to=2026-11-25"
    );

    let (sender, mut changes) = mpsc::unbounded();
    let listener = listen_to_history(Callback::from(move |()| {
        sender.send_now(current_location(today())).unwrap()
    }));
    gloo_utils::history().back().unwrap();
    assert_eq!(changes.next().await, Some(overview));
    gloo_utils::history().forward().unwrap();
    assert_eq!(changes.next().await, Some(variants));
    drop(listener);
}

#[wasm_bindgen_test]
async fn an_error_status_from_the_server_is_classified() {
    // The test page's own server knows no API: its 404 must arrive as "not found".
    assert_eq!(api::current_user().await, Err(ApiFailure::NotFound));
}

#[wasm_bindgen_test]
async fn the_stats_are_asked_for_with_exactly_the_range_in_the_query() {
    let range = DateRange::parse("2026-11-01", "2026-11-25").unwrap();
    assert_eq!(api::stats(range).await, Err(ApiFailure::NotFound));
    let performance = gloo_utils::window().performance().unwrap();
    let asked: Vec<String> = performance
        .get_entries_by_type("resource")
        .iter()
        .map(|entry| entry.unchecked_into::<web_sys::PerformanceEntry>().name())
        .filter(|url| url.contains("/api/v1/stats"))
        .collect();
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert!(
        asked[0].ends_with("/api/v1/stats?from=2026-11-01&to=2026-11-25"),
        "{asked:?}"
    );
}
