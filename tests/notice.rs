//! The layered notice in a real browser: the first layer names who asks, how long the choice is
//! kept and where the data goes, from the configuration; the whole summary opens in place, by a
//! button that says whether it is open, into a labelled region.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const COOKIE: &str = "jl_test_notice";

fn config(language: &str) -> String {
    format!(
        r#"{{"cookie": {{"name": "{COOKIE}", "maxAgeDays": 30}}, "language": "{language}", "policyUrl": "/policy.html",
            "categories": [{{"id": "analytics", "services": ["yandex-metrika", {{"name": "Свой счётчик", "country": "KZ"}}]}},
                           {{"id": "advertising", "services": ["youtube", "meta-pixel"]}}]}}"#
    )
}

#[wasm_bindgen_test]
async fn the_first_layer_says_who_asks_for_how_long_and_where_the_data_goes() {
    for (language, operator, days, transfers) in [
        (
            "ru",
            "Согласие запрашивает ТОО «Jet Leasing» (merchant@jetfin.kz).",
            "Выбор хранится 30 дней.",
            "за пределы Казахстана: Яндекс Метрика (Россия); YouTube, Meta Pixel (США).",
        ),
        (
            "kk",
            "Келісімді «Jet Leasing» ЖШС (merchant@jetfin.kz) сұрайды.",
            "Таңдауыңыз 30 күн сақталады.",
            "Қазақстаннан тыс жіберіледі: Яндекс Метрика (Ресей); YouTube, Meta Pixel (АҚШ).",
        ),
        (
            "en",
            "Consent is requested by Jet Leasing LLP (merchant@jetfin.kz).",
            "Your choice is kept for 30 days.",
            "data leaves Kazakhstan: Яндекс Метрика (Russia); YouTube, Meta Pixel (the USA).",
        ),
    ] {
        clean_page(COOKIE);
        let (_handle, _log) = mount_with(&config(language)).await;
        let first_layer = text_of("#jl-banner-intro");
        for said in [operator, days, transfers] {
            assert!(first_layer.contains(said), "{language}: {first_layer}");
        }
        assert!(
            !first_layer.contains("Свой счётчик"),
            "a service in Kazakhstan is no transfer"
        );
    }
}

#[wasm_bindgen_test]
async fn the_whole_summary_opens_in_place_and_says_so() {
    clean_page(COOKIE);
    let (_handle, log) = mount_with(&config("ru")).await;
    let toggle = find("#jl-banner-more").expect("the first layer has the toggle");
    let region = find("#jl-banner-summary").expect("and the region it controls");
    assert_eq!(
        toggle.get_attribute("aria-controls").as_deref(),
        Some("jl-banner-summary")
    );
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert_eq!(region.get_attribute("role").as_deref(), Some("region"));
    assert_eq!(
        region.get_attribute("aria-labelledby").as_deref(),
        Some("jl-banner-more")
    );
    assert!(region.has_attribute("hidden"));
    assert!(
        find(".jl-summary").is_none(),
        "closed, the summary is not even rendered"
    );

    click("#jl-banner-more").await;
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    assert!(!region.has_attribute("hidden"));
    assert_eq!(
        shadow()
            .query_selector_all(".jl-summary li")
            .unwrap()
            .length(),
        8
    );
    assert!(text_of(".jl-summary").contains("п. 9.3"));
    assert_eq!(
        find("#jl-banner-summary .jl-link")
            .unwrap()
            .get_attribute("href")
            .as_deref(),
        Some("/policy.html"),
        "the policy link is part of the whole summary"
    );
    assert!(
        find(".jl-banner").is_some(),
        "still the same banner: nothing was decided"
    );
    assert_eq!(log.borrow().views, vec!["banner"], "no new view");
    assert_eq!(cookie_value(COOKIE), None);

    click("#jl-banner-more").await;
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert!(region.has_attribute("hidden"));
}

#[wasm_bindgen_test]
async fn a_sites_own_operator_and_bin_are_named() {
    clean_page(COOKIE);
    let (_handle, _log) = mount_with(&format!(
        r#"{{"cookie": {{"name": "{COOKIE}"}}, "language": "ru",
            "operator": {{"name": "ТОО «Пример»", "bin": "123456789012", "contact": "privacy@example.kz"}}}}"#
    ))
    .await;
    let first_layer = text_of("#jl-banner-intro");
    assert!(
        first_layer
            .contains("Согласие запрашивает ТОО «Пример» (БИН 123456789012, privacy@example.kz)."),
        "{first_layer}"
    );
    assert!(!first_layer.contains("Jet Leasing"));
    assert!(
        !first_layer.contains("за пределы"),
        "no service abroad, no transfer sentence"
    );
}

#[wasm_bindgen_test]
async fn asking_again_lists_the_changes_and_still_the_notice() {
    clean_page(COOKIE);
    let html: web_sys::HtmlDocument = wasm_bindgen::JsCast::dyn_into(gloo_document()).unwrap();
    html.set_cookie(&format!(
        "{COOKIE}=1|1|1764100000|7K3M9Q2XA4BC8DEF|analytics:1+advertising:0; Path=/"
    ))
    .unwrap();
    let (_handle, _log) = mount_with(&format!(
        r#"{{"cookie": {{"name": "{COOKIE}"}}, "language": "ru", "revision": 2,
            "categories": [{{"id": "analytics"}}, {{"id": "advertising", "revision": 2, "services": ["youtube"]}}]}}"#
    ))
    .await;
    assert!(text_of(".jl-changes").contains("Реклама"));
    let notice = text_of("#jl-banner-notice");
    assert!(
        notice.contains("ТОО «Jet Leasing»") && notice.contains("YouTube (США)"),
        "{notice}"
    );
    assert!(find("#jl-banner-notice #jl-banner-more").is_some());
}
