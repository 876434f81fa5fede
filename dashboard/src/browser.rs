//! The few things the dashboard asks of the browser: the URL, the history, the clock, the window width.

use gloo_events::EventListener;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use time::Date;

use crate::model::iso_day::day_of_unix_millis;
use crate::model::route::Location;

/// Today in UTC, the calendar the server counts days in.
pub fn today() -> Date {
    day_of_unix_millis(js_sys::Date::now())
}

/// The location the address bar shows.
pub fn current_location(today: Date) -> Location {
    let location = gloo_utils::window().location();
    Location::parse(
        &location.pathname().unwrap_or_default(),
        &location.search().unwrap_or_default(),
        today,
    )
}

/// Puts `location` into the address bar as a new history entry (or replaces the current one).
pub fn show_location(location: &Location, replace: bool) {
    let history = gloo_utils::history();
    let href = location.href();
    // A browser may refuse (Safari limits how often a page may do this): the view still changes.
    let result = if replace {
        history.replace_state_with_url(&JsValue::NULL, "", Some(&href))
    } else {
        history.push_state_with_url(&JsValue::NULL, "", Some(&href))
    };
    if result.is_err() {
        gloo_console::warn!("jl-dashboard: could not update the address bar");
    }
}

/// Sets the document's title (what the tab and screen readers announce).
pub fn set_document_title(title: &str) {
    gloo_utils::document().set_title(title);
}

/// Calls `onchange` when the back or forward button changes the URL, for as long as the returned
/// listener is kept (dropping it, as an effect's clean-up does, stops it).
pub fn listen_to_history(onchange: Callback<()>) -> EventListener {
    EventListener::new(&gloo_utils::window(), "popstate", move |_| {
        onchange.emit(())
    })
}

/// The window's inner width in CSS pixels, kept up to date on resize.
#[hook]
pub fn use_viewport_width() -> f64 {
    let width = use_state(viewport_width);
    {
        let width = width.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo_utils::window(), "resize", move |_| {
                width.set(viewport_width())
            });
            move || drop(listener)
        });
    }
    *width
}

fn viewport_width() -> f64 {
    gloo_utils::window()
        .inner_width()
        .ok()
        .and_then(|width| width.as_f64())
        .unwrap_or(1024.0)
}
