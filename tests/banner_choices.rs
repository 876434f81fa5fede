//! The first layer in a real browser: what it shows and what each choice stores.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CONFIG: &str = r#"{"cookie": {"name": "jl_test_banner"}, "revision": 3, "policyUrl": "/policy.html", "language": "ru"}"#;
const COOKIE: &str = "jl_test_banner";
const DECISION: &str =
    r"^1\|3\|\d{10}\|[0-9A-HJKMNP-TV-Z]{16}\|analytics:(0|1)\+advertising:(0|1)$";

fn matches_format(value: &str) -> bool {
    js_sys::RegExp::new(DECISION, "").test(value)
}

#[wasm_bindgen_test]
async fn a_first_visit_shows_the_notice_the_summary_in_one_tap_and_three_equal_choices() {
    clean_page(COOKIE);
    let (_handle, log) = mount_with(CONFIG).await;
    let banner = find(".jl-banner").expect("the banner is shown");
    assert_eq!(banner.get_attribute("role").as_deref(), Some("dialog"));
    assert_eq!(text_of("#jl-banner-title"), "Cookie и ваши данные");
    assert!(text_of("#jl-banner-intro").contains("ТОО «Jet Leasing»"));
    click("#jl-banner-more").await;
    let points = shadow().query_selector_all(".jl-summary li").unwrap();
    assert_eq!(points.length(), 8, "every summary point is listed");
    assert!(text_of(".jl-summary").contains("п. 3.3"));
    assert!(text_of(".jl-summary").contains("merchant@jetfin.kz"));
    let accept = find(".jl-banner [data-action=accept-all]").unwrap();
    let reject = find(".jl-banner [data-action=reject-all]").unwrap();
    assert_eq!(
        accept.class_name(),
        reject.class_name(),
        "refusing looks exactly like accepting"
    );
    assert!(find(".jl-banner [data-action=preferences]").is_some());
    assert_eq!(
        find(".jl-link").unwrap().get_attribute("href").as_deref(),
        Some("/policy.html")
    );
    assert_eq!(log.borrow().views, vec!["banner"]);
    assert_eq!(cookie_value(COOKIE), None);
}

#[wasm_bindgen_test]
async fn accept_all_stores_every_category_granted_and_tells_the_loader() {
    clean_page(COOKIE);
    let (_handle, log) = mount_with(CONFIG).await;
    click(".jl-banner [data-action=accept-all]").await;
    assert!(find(".jl-banner").is_none(), "the banner closes");
    let stored = cookie_value(COOKIE).expect("the decision is stored");
    assert!(matches_format(&stored), "{stored}");
    assert!(stored.ends_with("|analytics:1+advertising:1"));
    let log = log.borrow();
    assert_eq!(
        log.decisions,
        vec![(Some(stored), Some("accept_all".into()), true)]
    );
    assert_eq!(log.views.last().map(String::as_str), Some("closed"));
}

#[wasm_bindgen_test]
async fn reject_all_stores_every_category_refused() {
    clean_page(COOKIE);
    let (_handle, log) = mount_with(CONFIG).await;
    click(".jl-banner [data-action=reject-all]").await;
    let stored = cookie_value(COOKIE).unwrap();
    assert!(stored.ends_with("|analytics:0+advertising:0"), "{stored}");
    assert_eq!(log.borrow().decisions[0].1.as_deref(), Some("reject_all"));
}

#[wasm_bindgen_test]
async fn a_current_stored_decision_keeps_the_banner_away() {
    clean_page(COOKIE);
    let html: web_sys::HtmlDocument = wasm_bindgen::JsCast::dyn_into(gloo_document()).unwrap();
    html.set_cookie(
        "jl_test_banner=1|3|1764100000|7K3M9Q2XA4BC8DEF|analytics:1+advertising:0; Path=/",
    )
    .unwrap();
    let (_handle, log) = mount_with(CONFIG).await;
    assert!(find(".jl-banner").is_none());
    assert_eq!(log.borrow().views, vec!["closed"]);
}

#[wasm_bindgen_test]
async fn a_decision_under_an_older_revision_asks_again() {
    clean_page(COOKIE);
    let html: web_sys::HtmlDocument = wasm_bindgen::JsCast::dyn_into(gloo_document()).unwrap();
    html.set_cookie(
        "jl_test_banner=1|2|1764100000|7K3M9Q2XA4BC8DEF|analytics:1+advertising:1; Path=/",
    )
    .unwrap();
    let (_handle, _log) = mount_with(CONFIG).await;
    assert!(find(".jl-banner").is_some());
}

#[wasm_bindgen_test]
async fn a_garbage_cookie_counts_as_no_decision() {
    for garbage in [
        "garbage",
        "1|3|x|y|z",
        "%E2%9C%93",
        "1|3|1764100000|7K3M9Q2XA4BC8DEF|analytics:1+analytics:1",
    ] {
        clean_page(COOKIE);
        let html: web_sys::HtmlDocument = wasm_bindgen::JsCast::dyn_into(gloo_document()).unwrap();
        html.set_cookie(&format!("jl_test_banner={garbage}; Path=/"))
            .unwrap();
        let (_handle, _log) = mount_with(CONFIG).await;
        assert!(find(".jl-banner").is_some(), "{garbage}");
    }
}

#[wasm_bindgen_test]
async fn markup_in_the_configuration_is_shown_as_text_never_run() {
    clean_page(COOKIE);
    let hostile = "<img src=x onerror=\\\"window.jlInjected=1\\\"><b>bold</b> & \\\"quotes\\\"";
    let config = format!(
        r#"{{"cookie": {{"name": "jl_test_banner"}}, "language": "ru", "policyUrl": "/p\"><script>1</script>",
            "texts": {{"ru": {{"bannerTitle": "{hostile}", "summary": ["{hostile}"]}}}},
            "operator": {{"name": "{hostile}"}},
            "categories": [{{"id": "analytics", "services": [{{"name": "{hostile}", "description": "{hostile}", "cookies": ["_x"]}}]}}]}}"#
    );
    let (_handle, _log) = mount_with(&config).await;
    let shown = "<img src=x onerror=\"window.jlInjected=1\"><b>bold</b> & \"quotes\"";
    assert_eq!(text_of("#jl-banner-title"), shown);
    assert!(
        text_of("#jl-banner-intro").contains(shown),
        "the operator's name, as text"
    );
    click("#jl-banner-more").await;
    assert_eq!(text_of(".jl-summary li"), shown);
    let root = shadow();
    assert!(
        root.query_selector("img, b, script").unwrap().is_none(),
        "no element was injected"
    );
    click(".jl-banner [data-action=preferences]").await;
    assert_eq!(text_of(".jl-service__name"), shown);
    assert!(
        root.query_selector("img, b, script").unwrap().is_none(),
        "none in the preferences either"
    );
    assert!(
        js_sys::Reflect::get(&js_sys::global(), &"jlInjected".into())
            .unwrap()
            .is_undefined()
    );
}
