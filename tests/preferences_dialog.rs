//! The second layer in a real browser: switches, saving exactly what is on, closing, the
//! consent id and date a visitor can cite.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use jl_consent_core::decode_cookie;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CONFIG: &str = r#"{"cookie": {"name": "jl_test_prefs"}, "language": "ru"}"#;
const COOKIE: &str = "jl_test_prefs";

async fn open_preferences() -> std::rc::Rc<std::cell::RefCell<BridgeLog>> {
    clean_page(COOKIE);
    let (_handle, log) = mount_with(CONFIG).await;
    click(".jl-banner [data-action=preferences]").await;
    assert!(find(".jl-prefs").is_some(), "the preferences open");
    log
}

#[wasm_bindgen_test]
async fn optional_categories_start_off_and_necessary_is_locked_on() {
    let _log = open_preferences().await;
    let dialog = find(".jl-prefs").unwrap();
    assert_eq!(dialog.get_attribute("role").as_deref(), Some("dialog"));
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    assert!(!switch("analytics").checked());
    assert!(!switch("advertising").checked());
    assert!(switch("necessary").checked());
    assert!(switch("necessary").disabled());
    assert_eq!(
        switch("analytics").get_attribute("role").as_deref(),
        Some("switch")
    );
    assert!(text_of("[data-category=necessary]").contains("Всегда включены"));
    assert!(text_of("[data-category=analytics]").contains("3.3"));
    assert!(text_of("[data-category=advertising]").contains("4.1.4"));
    assert!(text_of(".jl-facts").contains("ещё не сделали выбор"));
}

#[wasm_bindgen_test]
async fn save_choices_stores_exactly_what_is_switched_on() {
    let log = open_preferences().await;
    click("#jl-cat-analytics").await;
    assert!(switch("analytics").checked());
    assert!(
        log.borrow().decisions.is_empty(),
        "a switch is not a decision"
    );
    click(".jl-prefs [data-action=save]").await;
    assert!(find(".jl-prefs").is_none());
    let stored = cookie_value(COOKIE).unwrap();
    assert!(stored.ends_with("|analytics:1+advertising:0"), "{stored}");
    assert_eq!(log.borrow().decisions[0].1.as_deref(), Some("custom"));
}

#[wasm_bindgen_test]
async fn closing_without_a_decision_returns_to_the_banner_and_stores_nothing() {
    let _log = open_preferences().await;
    click("#jl-cat-advertising").await;
    click(".jl-prefs [data-action=close]").await;
    assert!(find(".jl-prefs").is_none());
    assert!(find(".jl-banner").is_some());
    assert_eq!(cookie_value(COOKIE), None);
}

#[wasm_bindgen_test]
async fn escape_closes_the_preferences() {
    let _log = open_preferences().await;
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    find(".jl-prefs").unwrap().dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
    assert!(find(".jl-prefs").is_none());
    assert!(find(".jl-banner").is_some());
}

#[wasm_bindgen_test]
async fn after_a_decision_the_preferences_show_the_consent_id_and_date_and_allow_withdrawal() {
    clean_page(COOKIE);
    let (handle, log) = mount_with(CONFIG).await;
    click(".jl-banner [data-action=accept-all]").await;
    let stored = cookie_value(COOKIE).unwrap();
    let consent_id = decode_cookie(&stored).unwrap().consent_id;
    handle.show_preferences();
    yew::scheduler::flush().await;
    assert_eq!(
        text_of(".jl-consent-id").replace('-', ""),
        consent_id.as_str()
    );
    assert!(!text_of(".jl-decided-at").is_empty());
    assert!(
        switch("analytics").checked(),
        "the switches show the decision in force"
    );
    click("#jl-cat-analytics").await;
    click(".jl-prefs [data-action=save]").await;
    let after = cookie_value(COOKIE).unwrap();
    assert!(after.ends_with("|analytics:0+advertising:1"), "{after}");
    assert_eq!(
        decode_cookie(&after).unwrap().consent_id,
        consent_id,
        "the consent id is kept"
    );
    let log = log.borrow();
    assert_eq!(log.decisions[1].1.as_deref(), Some("withdraw"));
    assert!(
        !log.decisions[1].2,
        "a change of mind is not a first decision"
    );
}

#[wasm_bindgen_test]
async fn focus_moves_into_the_dialog_when_it_opens() {
    let _log = open_preferences().await;
    let active = shadow().active_element().unwrap();
    assert!(active.class_name().split(' ').any(|c| c == "jl-prefs"));
}

#[wasm_bindgen_test]
async fn services_from_the_catalogue_are_listed_with_their_description_and_policy_link() {
    clean_page("jl_test_services");
    let config = r#"{"cookie": {"name": "jl_test_services"}, "language": "ru",
        "categories": [{"id": "analytics", "services": ["yandex-metrika"]}, {"id": "advertising"}]}"#;
    let (_handle, _log) = mount_with(config).await;
    click(".jl-banner [data-action=preferences]").await;
    let analytics = text_of("[data-category=analytics]");
    assert!(analytics.contains("Яндекс Метрика"), "{analytics}");
    assert!(
        analytics.contains("Статистика посещений Яндекса"),
        "the catalogue's description"
    );
    assert!(analytics.contains("_ym_*"), "its cookies");
    let link = find("[data-category=analytics] .jl-service__policy").expect("a policy link");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://yandex.ru/legal/confidential/")
    );
    assert_eq!(link.get_attribute("rel").as_deref(), Some("noopener"));
    assert_eq!(link.text_content().as_deref(), Some("Политика сервиса"));
}
