//! The range filter's date inputs show and accept the page's dd.mm.yyyy in every browser, are
//! labelled and keyboard-operable, and name an impossible date instead of loading anything.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::cell::RefCell;
use std::rc::Rc;

use jl_consent_dashboard::components::range_filter::{RangeFilter, RangeFilterProps};
use jl_consent_dashboard::model::date_range::DateRange;
use jl_consent_dashboard::model::iso_day::parse_iso_day;
use support::*;
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

async fn mount_filter() -> (Element, Rc<RefCell<Vec<DateRange>>>) {
    let chosen = Rc::new(RefCell::new(Vec::new()));
    let log = chosen.clone();
    let root = mount::<RangeFilter>(RangeFilterProps {
        range: DateRange::parse("2026-11-01", "2026-11-25").unwrap(),
        today: parse_iso_day("2026-11-25").unwrap(),
        onchange: Callback::from(move |range| log.borrow_mut().push(range)),
    })
    .await;
    (root, chosen)
}

#[wasm_bindgen_test]
async fn the_inputs_are_labelled_text_fields_in_the_pages_format() {
    let (root, _) = mount_filter().await;
    for (id, label, value) in [
        ("range-from", "С", "01.11.2026"),
        ("range-to", "По", "25.11.2026"),
    ] {
        let field = input(&root, &format!("#{id}"));
        assert_eq!(
            field.type_(),
            "text",
            "not the browser's locale-formatted date input"
        );
        assert_eq!(field.get_attribute("inputmode").as_deref(), Some("numeric"));
        assert_eq!(field.placeholder(), "дд.мм.гггг");
        assert_eq!(field.value(), value);
        assert_eq!(text(&root, &format!("label[for={id}]")), label);
        assert_eq!(
            field.get_attribute("aria-describedby").as_deref(),
            Some("range-format")
        );
        assert!(text(&root, "#range-format").contains("дд.мм.гггг"));
    }
}

#[wasm_bindgen_test]
async fn the_browser_checks_the_same_layout_the_dashboard_reads() {
    let (root, _) = mount_filter().await;
    let field = input(&root, "#range-from");
    for (typed, matches) in [
        ("25.11.2026", true),
        ("5,3,2026", true),
        ("05/03/2026", true),
        ("05032026", true),
        ("2026-11-25", false),
        ("25.11-2026", false),
        ("25.11.26", false),
    ] {
        field.set_value(typed);
        assert_eq!(!field.validity().pattern_mismatch(), matches, "{typed}");
    }
}

#[wasm_bindgen_test]
async fn an_impossible_date_is_named_and_nothing_is_loaded() {
    let (root, chosen) = mount_filter().await;
    type_into(&root, "#range-from", "31.02.2026").await;
    click(&root, "button[type=submit]").await;
    assert_eq!(
        text(&root, "#range-error[role=alert]"),
        "Начало периода: 31.02.2026 — такой даты нет: в феврале 2026 года дни с 1 по 28."
    );
    let from = input(&root, "#range-from");
    assert_eq!(from.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        from.get_attribute("aria-describedby").as_deref(),
        Some("range-format range-error")
    );
    assert_eq!(
        input(&root, "#range-to").get_attribute("aria-invalid"),
        None
    );
    assert!(chosen.borrow().is_empty());
    assert_eq!(
        from.value(),
        "31.02.2026",
        "what was typed stays to be corrected"
    );

    type_into(&root, "#range-from", "28.02.2026").await;
    assert!(
        find(&root, "#range-error").is_none(),
        "typing takes the message away"
    );
}

#[wasm_bindgen_test]
async fn a_date_in_another_layout_is_named_when_the_input_is_left() {
    let (root, chosen) = mount_filter().await;
    type_into(&root, "#range-to", "11/25/2026").await;
    focus_and_leave(&root, "#range-to").await;
    assert_eq!(
        text(&root, "#range-error"),
        "Конец периода: месяца 25 нет: месяцы — от 01 до 12."
    );
    assert_eq!(
        input(&root, "#range-to")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert!(chosen.borrow().is_empty());
}

#[wasm_bindgen_test]
async fn typed_dates_choose_the_range_and_are_shown_in_the_pages_format() {
    let (root, chosen) = mount_filter().await;
    type_into(&root, "#range-from", "5.11.2026").await;
    focus_and_leave(&root, "#range-from").await;
    assert_eq!(input(&root, "#range-from").value(), "05.11.2026");
    type_into(&root, "#range-to", "20112026").await;
    click(&root, "button[type=submit]").await;
    assert_eq!(
        *chosen.borrow(),
        [DateRange::parse("2026-11-05", "2026-11-20").unwrap()]
    );
    assert_eq!(input(&root, "#range-to").value(), "20.11.2026");
    assert!(find(&root, "#range-error").is_none());
}

#[wasm_bindgen_test]
async fn arrow_keys_move_a_date_by_a_day() {
    let (root, chosen) = mount_filter().await;
    press(&root, "#range-from", "ArrowDown").await;
    assert_eq!(input(&root, "#range-from").value(), "31.10.2026");
    press(&root, "#range-to", "ArrowUp").await;
    press(&root, "#range-to", "ArrowUp").await;
    assert_eq!(input(&root, "#range-to").value(), "27.11.2026");
    assert!(chosen.borrow().is_empty(), "only the button or Enter loads");
}
