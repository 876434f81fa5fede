//! The page's commands (through the loader's API) reach the widget, even before it has rendered.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CONFIG: &str = r#"{"cookie": {"name": "jl_test_api"}}"#;
const COOKIE: &str = "jl_test_api";

#[wasm_bindgen_test]
async fn a_command_sent_right_after_mount_is_not_lost() {
    clean_page(COOKIE);
    let (bridge, log) = recording_bridge();
    let handle = jl_consent::mount(&normal_form(CONFIG), bridge);
    handle.reject_all(); // before Yew has rendered anything
    yew::scheduler::flush().await;
    assert!(cookie_value(COOKIE)
        .unwrap()
        .ends_with("|analytics:0+advertising:0"));
    assert_eq!(log.borrow().decisions.len(), 1);
}

#[wasm_bindgen_test]
async fn accept_all_from_the_page_grants_everything() {
    clean_page(COOKIE);
    let (handle, log) = mount_with(CONFIG).await;
    handle.accept_all();
    yew::scheduler::flush().await;
    assert!(cookie_value(COOKIE)
        .unwrap()
        .ends_with("|analytics:1+advertising:1"));
    assert_eq!(log.borrow().decisions[0].1.as_deref(), Some("accept_all"));
}

#[wasm_bindgen_test]
async fn reset_forgets_the_decision_and_asks_again() {
    clean_page(COOKIE);
    let (handle, log) = mount_with(CONFIG).await;
    handle.accept_all();
    yew::scheduler::flush().await;
    handle.reset();
    yew::scheduler::flush().await;
    assert_eq!(cookie_value(COOKIE), None);
    assert!(find(".jl-banner").is_some());
    assert_eq!(
        log.borrow().decisions.last().cloned(),
        Some((None, None, false))
    );
}

#[wasm_bindgen_test]
async fn show_banner_brings_the_first_layer_back_after_a_decision() {
    clean_page(COOKIE);
    let (handle, _log) = mount_with(CONFIG).await;
    handle.reject_all();
    yew::scheduler::flush().await;
    assert!(find(".jl-banner").is_none());
    handle.show_banner();
    yew::scheduler::flush().await;
    assert!(find(".jl-banner").is_some());
}

#[wasm_bindgen_test]
async fn a_configuration_not_in_the_normal_form_gives_a_working_widget_on_defaults() {
    // Only a defect in the loader could pass this: the page's own mistakes stop at stage 2.
    clean_page("jl_consent");
    let (bridge, log) = recording_bridge();
    let handle = jl_consent::mount(r#"{"revision": "3"}"#, bridge);
    yew::scheduler::flush().await;
    assert!(find(".jl-banner").is_some());
    handle.reject_all();
    yew::scheduler::flush().await;
    assert!(
        cookie_value("jl_consent").is_some(),
        "the default cookie name is used"
    );
    assert_eq!(log.borrow().decisions.len(), 1);
    clean_page("jl_consent");
}
