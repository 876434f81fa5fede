//! The cookie declaration a policy page holds (`<jl-consent-declaration>`), in a real browser:
//! rendered by the widget into the element's own shadow root, from the configuration and the
//! declaration's facts, with the visitor's decision and the buttons to change or withdraw it.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

const COOKIE: &str = "jl_test_declaration";
const FACTS_RU: &str = include_str!("../loader/data/declaration.ru.json");

fn config() -> String {
    format!(
        r#"{{"cookie": {{"name": "{COOKIE}", "maxAgeDays": 90}}, "language": "ru", "policyUrl": "/policy.html",
            "logEndpoint": "/api/v1/events",
            "categories": [{{"id": "analytics", "services": ["google-analytics", {{"name": "Свой счётчик", "storage": ["c-runs"], "hosts": ["stat.example.kz"]}}]}},
                           {{"id": "advertising", "services": ["yandex-direct"]}}]}}"#
    )
}

/// A fresh `<jl-consent-declaration>` at the end of the page.
fn declaration_element() -> Element {
    let document = gloo_document();
    for old in ["jl-consent-declaration"] {
        let found = document.query_selector_all(old).unwrap();
        for i in 0..found.length() {
            found
                .item(i)
                .unwrap()
                .dyn_into::<Element>()
                .unwrap()
                .remove();
        }
    }
    let element = document.create_element("jl-consent-declaration").unwrap();
    element.set_inner_html("<p id=fallback>Перечень cookie появится здесь.</p>");
    document.body().unwrap().append_child(&element).unwrap();
    element
}

fn declared(element: &Element) -> ShadowRoot {
    element
        .shadow_root()
        .expect("the declaration renders into an open shadow root")
}

fn inside(root: &ShadowRoot, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

async fn press(root: &ShadowRoot, selector: &str) {
    let button: HtmlElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    button.click();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn every_category_service_cookie_and_fact_is_declared() {
    clean_page(COOKIE);
    let (handle, _log) = mount_with(&config()).await;
    let element = declaration_element();
    handle.declare(element.clone(), FACTS_RU);
    yew::scheduler::flush().await;
    let root = declared(&element);
    let text = root.text_content().unwrap_or_default();
    assert_eq!(inside(&root, "h2"), "Cookie и данные в вашем браузере");
    assert!(text.contains("Оператор персональных данных: ТОО «Jet Leasing» (merchant@jetfin.kz)"));
    let categories: Vec<String> = (0..root.query_selector_all("h3").unwrap().length())
        .map(|i| {
            root.query_selector_all("h3")
                .unwrap()
                .item(i)
                .unwrap()
                .text_content()
                .unwrap()
        })
        .collect();
    assert_eq!(
        categories,
        [
            "Обязательные",
            "Аналитика (пиксель)",
            "Реклама",
            "Ваше решение"
        ]
    );
    // The widget's own cookie and outbox, under strictly necessary.
    let necessary = root.query_selector(".jl-decl__category").unwrap().unwrap();
    let own = necessary.text_content().unwrap();
    assert!(own.contains(COOKIE) && own.contains("90 дней"), "{own}");
    assert!(own.contains("jl_consent_queue") && own.contains("до отправки в журнал согласий"));
    // A catalogue service: provider, country, hosts, published lifetimes, policy link.
    assert!(text.contains("Google LLC") && text.contains("США"));
    assert!(text.contains("*.google-analytics.com"));
    assert!(text.contains("_ga_*") && text.contains("2 года"));
    // A service of the site's own: what the configuration says, "не указано" for the rest.
    assert!(
        text.contains("Свой счётчик")
            && text.contains("c-runs")
            && text.contains("хранилище браузера")
    );
    assert!(text.contains("не указано"));
    // Yandex Direct: the catalogue publishes no lifetime for yclid.
    assert!(text.contains("ООО «ЯНДЕКС»") && text.contains("Россия") && text.contains("yclid"));
    assert!(root
        .query_selector("a.jl-service__policy[href='https://policies.google.com/privacy']")
        .unwrap()
        .is_some());
    assert!(
        root.query_selector("table th[scope=col]")
            .unwrap()
            .is_some(),
        "each table has column headers"
    );
    assert_eq!(
        element
            .query_selector("#fallback")
            .unwrap()
            .map(|p| p.text_content().unwrap())
            .as_deref(),
        Some("Перечень cookie появится здесь."),
        "the site's own text stays in the element, unshown"
    );
}

#[wasm_bindgen_test]
async fn the_decision_is_shown_and_can_be_changed_or_withdrawn_from_the_declaration() {
    clean_page(COOKIE);
    let (handle, log) = mount_with(&config()).await;
    let element = declaration_element();
    handle.declare(element.clone(), FACTS_RU);
    yew::scheduler::flush().await;
    let root = declared(&element);
    assert_eq!(
        inside(&root, ".jl-decl__decision .jl-facts--none"),
        "Вы ещё не сделали выбор."
    );
    let withdraw = root
        .query_selector("[data-action=withdraw]")
        .unwrap()
        .unwrap();
    assert_eq!(
        withdraw.get_attribute("aria-disabled").as_deref(),
        Some("true"),
        "nothing to withdraw yet"
    );

    // A decision on the banner shows here at once.
    click(".jl-banner [data-action=accept-all]").await;
    let consent_id = inside(&root, ".jl-decl__decision .jl-consent-id");
    assert_eq!(consent_id.len(), 19, "{consent_id}");
    assert_eq!(inside(&root, "[data-category=analytics] dd"), "разрешено");
    assert_eq!(inside(&root, "[data-category=advertising] dd"), "разрешено");
    assert!(!inside(&root, ".jl-decided-at").is_empty());

    // Withdrawing refuses every optional category and is recorded as a withdrawal.
    press(&root, "[data-action=withdraw]").await;
    assert_eq!(inside(&root, "[data-category=analytics] dd"), "отклонено");
    assert!(cookie_value(COOKIE)
        .unwrap()
        .ends_with("|analytics:0+advertising:0"));
    assert_eq!(
        log.borrow().decisions.last().unwrap().1.as_deref(),
        Some("withdraw")
    );
    assert_eq!(
        inside(&root, ".jl-decl__decision .jl-consent-id"),
        consent_id,
        "the same consent, its id kept"
    );
    assert_eq!(
        root.query_selector("[data-action=withdraw]")
            .unwrap()
            .unwrap()
            .get_attribute("aria-disabled")
            .as_deref(),
        Some("true")
    );

    // "Change your choice" opens the preferences.
    press(&root, "[data-action=change]").await;
    assert!(find(".jl-prefs").is_some());
    click(".jl-prefs [data-action=close]").await;
    assert!(find(".jl-prefs").is_none());
}

#[wasm_bindgen_test]
async fn unreadable_facts_leave_the_element_as_the_site_wrote_it() {
    clean_page(COOKIE);
    let (handle, _log) = mount_with(&config()).await;
    let element = declaration_element();
    handle.declare(element.clone(), "{\"texts\": {}}");
    yew::scheduler::flush().await;
    assert!(element.shadow_root().is_none(), "nothing attached");
    // An element that already has a shadow root of someone else's is left alone as well.
    let taken = declaration_element();
    taken
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .unwrap();
    handle.declare(taken.clone(), FACTS_RU);
    yew::scheduler::flush().await;
    assert_eq!(taken.shadow_root().unwrap().child_element_count(), 0);
}
