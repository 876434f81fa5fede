//! Shared helpers for the widget's browser tests: mount the real widget, find things in its
//! shadow root, click, and record what it tells the loader.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // each test file uses a subset

use std::cell::RefCell;
use std::rc::Rc;

use jl_consent::WidgetHandle;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, ShadowRoot};

/// What the widget told the loader's bridge.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BridgeLog {
    /// `(cookie value, action, first)` per decision; `None` value for a reset.
    pub decisions: Vec<(Option<String>, Option<String>, bool)>,
    /// Views shown, in order.
    pub views: Vec<String>,
}

/// A bridge object like the loader's, recording every call.
pub fn recording_bridge() -> (JsValue, Rc<RefCell<BridgeLog>>) {
    let log = Rc::new(RefCell::new(BridgeLog::default()));
    let bridge = js_sys::Object::new();
    let decisions = log.clone();
    let decided = Closure::<dyn FnMut(JsValue, JsValue, JsValue)>::new(
        move |value: JsValue, action: JsValue, first: JsValue| {
            decisions.borrow_mut().decisions.push((
                value.as_string(),
                action.as_string(),
                first.as_bool().unwrap_or(false),
            ));
        },
    );
    let views = log.clone();
    let view_changed = Closure::<dyn FnMut(JsValue)>::new(move |view: JsValue| {
        views
            .borrow_mut()
            .views
            .push(view.as_string().unwrap_or_default());
    });
    js_sys::Reflect::set(&bridge, &"decided".into(), decided.as_ref()).unwrap();
    js_sys::Reflect::set(&bridge, &"viewChanged".into(), view_changed.as_ref()).unwrap();
    decided.forget();
    view_changed.forget();
    (bridge.into(), log)
}

/// Removes every widget host and the named cookie, so each test starts as a first visit.
pub fn clean_page(cookie_name: &str) {
    let document = gloo_document();
    let hosts = document.query_selector_all("jl-consent").unwrap();
    for i in 0..hosts.length() {
        if let Some(host) = hosts.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            host.remove();
        }
    }
    let html: web_sys::HtmlDocument = document.dyn_into().unwrap();
    html.set_cookie(&format!("{cookie_name}=; Path=/; Max-Age=0"))
        .unwrap();
}

pub fn gloo_document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A site's configuration (JSON text) as the loader hands it to the widget: read by the core's
/// rules (which the loader's stage 2 follows, by the shared vectors), in the normal form.
pub fn normal_form(config_json: &str) -> String {
    let (config, problems) = jl_consent_core::config::parse_config(Some(config_json));
    assert!(
        jl_consent_core::config::is_usable(&problems),
        "a test configuration the loader would refuse: {problems:?}"
    );
    jl_consent_core::config::to_normal_form(&config).to_json()
}

/// Mounts the widget as the loader does, with `config` given as the site's JSON text.
pub async fn mount_with(config_json: &str) -> (WidgetHandle, Rc<RefCell<BridgeLog>>) {
    let (bridge, log) = recording_bridge();
    let handle = jl_consent::mount(&normal_form(config_json), bridge);
    yew::scheduler::flush().await;
    (handle, log)
}

/// The widget's shadow root (the last mounted one).
pub fn shadow() -> ShadowRoot {
    let hosts = gloo_document().query_selector_all("jl-consent").unwrap();
    let host: Element = hosts.item(hosts.length() - 1).unwrap().dyn_into().unwrap();
    host.shadow_root()
        .expect("the widget renders into an open shadow root")
}

pub fn find(selector: &str) -> Option<Element> {
    shadow().query_selector(selector).unwrap()
}

pub fn text_of(selector: &str) -> String {
    find(selector)
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

pub async fn click(selector: &str) {
    let element: HtmlElement = find(selector)
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .dyn_into()
        .unwrap();
    element.click();
    yew::scheduler::flush().await;
}

/// The switch of `category` in the preferences.
pub fn switch(category: &str) -> HtmlInputElement {
    find(&format!("#jl-cat-{category}"))
        .unwrap()
        .dyn_into()
        .unwrap()
}

/// Cookie value of `name` in `document.cookie`.
pub fn cookie_value(name: &str) -> Option<String> {
    let html: web_sys::HtmlDocument = gloo_document().dyn_into().unwrap();
    let all = html.cookie().unwrap();
    jl_consent_core::cookie_jar::find_cookie(&all, name).map(str::to_owned)
}
