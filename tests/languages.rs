//! The banner speaks Russian, Kazakh or English, and every text can be overridden.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_kazakh_configuration_shows_kazakh_texts_and_clause_labels() {
    clean_page("jl_test_lang");
    let (_handle, _log) =
        mount_with(r#"{"cookie": {"name": "jl_test_lang"}, "language": "kk"}"#).await;
    assert_eq!(
        text_of("#jl-banner-title"),
        "Cookie және сіздің деректеріңіз"
    );
    assert_eq!(
        text_of(".jl-banner [data-action=accept-all]"),
        "Барлығын қабылдау"
    );
    click("#jl-banner-more").await;
    assert!(text_of(".jl-summary").contains("3.3-тармақ"));
}

#[wasm_bindgen_test]
async fn an_english_configuration_shows_english_texts() {
    clean_page("jl_test_lang");
    let (_handle, _log) =
        mount_with(r#"{"cookie": {"name": "jl_test_lang"}, "language": "en"}"#).await;
    assert_eq!(text_of(".jl-banner [data-action=reject-all]"), "Reject all");
}

#[wasm_bindgen_test]
async fn configured_texts_replace_the_bundled_ones() {
    clean_page("jl_test_lang");
    let (_handle, _log) = mount_with(
        r#"{"cookie": {"name": "jl_test_lang"}, "language": "ru", "texts": {"ru": {"acceptAll": "Согласен", "bannerTitle": "Про cookie"}}}"#,
    )
    .await;
    assert_eq!(text_of(".jl-banner [data-action=accept-all]"), "Согласен");
    assert_eq!(text_of("#jl-banner-title"), "Про cookie");
    assert_eq!(
        text_of(".jl-banner [data-action=reject-all]"),
        "Отклонить все"
    );
}
