//! Helpers for the dashboard's browser tests: mount one component, find, type and click.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // each test file uses a subset

use wasm_bindgen::JsCast;
use web_sys::{Element, EventInit, HtmlElement, HtmlInputElement};
use yew::{BaseComponent, Renderer};

/// Renders `C` with `props` into a fresh element attached to the page (events bubble to Yew's
/// listeners only from attached elements) and waits until it is drawn.
pub async fn mount<C>(props: C::Properties) -> Element
where
    C: BaseComponent,
{
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    Renderer::<C>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}

/// The first element under `root` matching `selector`.
pub fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

/// How many elements under `root` match `selector`.
pub fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

/// The text of the first match, or "" when there is none.
pub fn text(root: &Element, selector: &str) -> String {
    find(root, selector)
        .and_then(|element| element.text_content())
        .unwrap_or_default()
}

/// Types `value` into the input matching `selector`, as a person would (an `input` event).
pub async fn type_into(root: &Element, selector: &str, value: &str) {
    let input: HtmlInputElement = find(root, selector).unwrap().dyn_into().unwrap();
    input.set_value(value);
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

/// Clicks the element matching `selector`.
pub async fn click(root: &Element, selector: &str) {
    let element: HtmlElement = find(root, selector).unwrap().dyn_into().unwrap();
    element.click();
    yew::scheduler::flush().await;
}

/// The input matching `selector`.
pub fn input(root: &Element, selector: &str) -> HtmlInputElement {
    find(root, selector).unwrap().dyn_into().unwrap()
}

/// Presses `key` (e.g. `ArrowUp`) in the element matching `selector`.
pub async fn press(root: &Element, selector: &str, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    find(root, selector)
        .unwrap()
        .dispatch_event(&event)
        .unwrap();
    yew::scheduler::flush().await;
}

/// Moves the focus into the element matching `selector` and out again, as Tab would.
pub async fn focus_and_leave(root: &Element, selector: &str) {
    let element: HtmlElement = find(root, selector).unwrap().dyn_into().unwrap();
    element.focus().unwrap();
    element.blur().unwrap();
    yew::scheduler::flush().await;
}
