//! The Jet Leasing consent widget: a Yew component compiled to WebAssembly.
//!
//! The loader (`loader/consent.js`) reads the configuration and the consent cookie, opens the
//! gate for returning visitors without any WebAssembly, and mounts this widget when a decision is
//! needed or the visitor opens the settings. All rules live in `jl-consent-core`; this crate
//! renders them and talks to the page.

pub mod browser;
pub mod components;
pub mod consent_log;
pub mod remote;
pub mod settings;
pub mod state;
pub mod widget;

use std::rc::Rc;

use jl_consent_core::config::{read_config, ConfigProblem};
use jl_consent_core::{ConsentModel, WidgetConfig};
use wasm_bindgen::prelude::*;

use crate::browser::{config_value, console, cookie, host, page, variant_store};
use crate::remote::{Remote, WidgetCommand};
use crate::settings::{Surroundings, WidgetSettings};
use crate::widget::{ConsentWidget, ConsentWidgetProps};

/// The configuration the loader passed: parsed by `JSON.parse` (`config`), or the reason it
/// could not be (`config_error`), or nothing at all.
pub fn resolve_config(
    config: &JsValue,
    config_error: Option<String>,
) -> (WidgetConfig, Vec<ConfigProblem>) {
    if let Some(error) = config_error {
        return (
            WidgetConfig::default(),
            vec![ConfigProblem::Unreadable(error)],
        );
    }
    if config.is_undefined() || config.is_null() {
        return (WidgetConfig::default(), vec![ConfigProblem::Missing]);
    }
    match config_value::to_json_value(config) {
        Some(value) => read_config(&value),
        None => (
            WidgetConfig::default(),
            vec![ConfigProblem::Unreadable(
                "nesting is deeper than 32 levels".into(),
            )],
        ),
    }
}

/// Reports configuration problems: one error for an unusable configuration, one warning per bad key.
pub fn report_config_problems(problems: &[ConfigProblem]) {
    for problem in problems {
        if problem.is_fatal() {
            console::error(&problem.to_string());
        } else {
            console::warn(&problem.to_string());
        }
    }
}

/// The page's handle on a mounted widget; every method is safe to call at any time.
#[wasm_bindgen]
pub struct WidgetHandle {
    remote: Remote,
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Shows the banner again.
    #[wasm_bindgen(js_name = showBanner)]
    pub fn show_banner(&self) {
        self.remote.send(WidgetCommand::ShowBanner);
    }

    /// Opens the preferences.
    #[wasm_bindgen(js_name = showPreferences)]
    pub fn show_preferences(&self) {
        self.remote.send(WidgetCommand::ShowPreferences);
    }

    /// Grants every optional category, as the "Accept all" button does.
    #[wasm_bindgen(js_name = acceptAll)]
    pub fn accept_all(&self) {
        self.remote.send(WidgetCommand::AcceptAll);
    }

    /// Refuses every optional category, as the "Reject all" button does.
    #[wasm_bindgen(js_name = rejectAll)]
    pub fn reject_all(&self) {
        self.remote.send(WidgetCommand::RejectAll);
    }

    /// Forgets the decision and shows the banner.
    pub fn reset(&self) {
        self.remote.send(WidgetCommand::Reset);
    }
}

/// Mounts the widget at the end of `<body>`; called by the loader once the module is loaded.
/// Never throws: a failure is logged and leaves a handle that does nothing.
#[wasm_bindgen]
pub fn mount(config: JsValue, config_error: Option<String>, bridge: JsValue) -> WidgetHandle {
    let (config, problems) = resolve_config(&config, config_error);
    report_config_problems(&problems);
    let surroundings = Surroundings {
        page_language: page::page_language(),
        browser_languages: page::browser_languages(),
        gpc_signal: page::global_privacy_control(),
        device: page::device_class(),
    };
    let variant = variant_store::visitor_variant(&config.variants);
    let settings = WidgetSettings::resolve(config, variant, &surroundings);
    let stored = cookie::read_decision(&settings.config.cookie);
    let gpc_refused = if settings.gpc {
        settings.config.gpc_categories.clone()
    } else {
        Vec::new()
    };
    let initial = ConsentModel::start(
        settings.config.revision,
        settings.config.optional_categories(),
        stored,
    )
    .with_gpc(gpc_refused);
    let remote = Remote::default();
    match host::create_host(settings.config.layout, settings.config.theme) {
        Ok(root) => {
            let props = ConsentWidgetProps {
                settings: Rc::new(settings),
                initial,
                bridge: browser::bridge::LoaderBridge::new(bridge),
                remote: remote.clone(),
            };
            yew::Renderer::<ConsentWidget>::with_root_and_props(root, props).render();
        }
        Err(error) => console::error(&format!(
            "jl-consent: cannot place the widget on the page: {error:?}"
        )),
    }
    WidgetHandle { remote }
}
