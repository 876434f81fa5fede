//! The few things the dashboard asks of the browser: the URL, the history, the clock, the window width.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::date_range::Day;
use crate::route::Location;

/// Today in UTC, the calendar the server counts days in.
pub fn today() -> Day {
    Day::from_unix_millis(js_sys::Date::now())
}

/// The location the address bar shows.
pub fn current_location(today: Day) -> Location {
    let (pathname, search) = web_sys::window()
        .map(|window| window.location())
        .map(|location| {
            (
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default(),
            )
        })
        .unwrap_or_default();
    Location::parse(&pathname, &search, today)
}

/// Puts `location` into the address bar as a new history entry (or replaces the current one).
pub fn show_location(location: &Location, replace: bool) {
    let Some(history) = web_sys::window().and_then(|window| window.history().ok()) else {
        return;
    };
    let href = location.href();
    let result = if replace {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href))
    } else {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href))
    };
    if result.is_err() {
        web_sys::console::warn_1(&"jl-dashboard: could not update the address bar".into());
    }
}

/// Sets the document's title (what the tab and screen readers announce).
pub fn set_document_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|window| window.document()) {
        document.set_title(title);
    }
}

/// Calls `onchange` when the back or forward button changes the URL; returns the listener's
/// remover for an effect's clean-up.
pub fn listen_to_history(onchange: Callback<()>) -> impl FnOnce() {
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |_| onchange.emit(()));
    listen(window_event_target(), "popstate", listener)
}

/// The window's inner width in CSS pixels, kept up to date on resize.
#[hook]
pub fn use_viewport_width() -> f64 {
    let width = use_state(viewport_width);
    {
        let width = width.clone();
        use_effect_with((), move |_| {
            let listener =
                Closure::<dyn Fn(web_sys::Event)>::new(move |_| width.set(viewport_width()));
            listen(window_event_target(), "resize", listener)
        });
    }
    *width
}

fn viewport_width() -> f64 {
    web_sys::window()
        .and_then(|window| window.inner_width().ok())
        .and_then(|width| width.as_f64())
        .unwrap_or(1024.0)
}

fn window_event_target() -> Option<web_sys::EventTarget> {
    web_sys::window().map(|window| window.unchecked_into())
}

/// Adds `listener` for `event` and returns a function that removes it again.
fn listen(
    target: Option<web_sys::EventTarget>,
    event: &'static str,
    listener: Closure<dyn Fn(web_sys::Event)>,
) -> impl FnOnce() {
    if let Some(target) = &target {
        let _ = target.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
    }
    let kept = Rc::new(RefCell::new(Some(listener)));
    move || {
        if let (Some(target), Some(listener)) = (target, kept.borrow_mut().take()) {
            let _ = target
                .remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        }
    }
}
