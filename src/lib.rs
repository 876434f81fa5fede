//! The Jet Leasing consent widget: a Yew component compiled to WebAssembly.
//!
//! The loader (`loader/consent.js`, then `loader/stage2/`) reads the configuration and the consent
//! cookie, opens the gate for returning visitors without any WebAssembly, reports configuration
//! problems, and mounts this widget when a decision is needed or the visitor opens the settings.
//! All rules live in `jl-consent-core`; this crate renders them and talks to the page.
//!
//! # Layout
//!
//! - [`mount`] (here): what the loader calls: reads the normal form, resolves the settings and
//!   renders the widget into its shadow root; the handle it returns takes the page's commands.
//! - [`settings`]: the configuration, language, variant, texts and fingerprint, resolved once
//!   (public: the server's tests resolve them as the widget does).
//! - `state`: the one reducer, a thin wrapper over the core's consent model.
//! - `widget`: the root component and the effects of a decision (the cookie, the loader, the log).
//! - `components`: the banner, the preferences and their parts; data in, `on*` callbacks out.
//! - `command_queue`: the page's commands (the loader's API) on their way to the mounted widget.
//! - `consent_log`: the impression and receipt events the widget hands the loader to send.
//! - `browser`: the only contact with the page (cookies, clock, randomness, console, host element,
//!   the loader's bridge), every call guarded.

mod browser;
mod command_queue;
mod components;
mod consent_log;
pub mod settings;
mod state;
mod widget;

use std::rc::Rc;

use jl_consent_core::config::{from_normal_form, Theme};
use jl_consent_core::declaration::DeclarationFacts;
use jl_consent_core::json::parse_json;
use jl_consent_core::{CategoryId, ConsentModel, WidgetConfig};
use wasm_bindgen::prelude::*;

use crate::browser::{console, cookie, host, page, variant_store};
use crate::command_queue::{CommandQueue, WidgetCommand};
use crate::components::declaration::DeclarationTarget;
use crate::settings::{Surroundings, WidgetSettings};
use crate::widget::{ConsentWidget, ConsentWidgetProps};

/// The configuration the loader passed: the core's normal form as JSON text. Stage 2 of the
/// loader has read the page's configuration by the core's rules and reported its problems, so
/// here it is only parsed. Anything else (a defect, never a site owner's mistake) gives the
/// defaults.
pub fn resolve_config(config: &str) -> WidgetConfig {
    let config = parse_json(config)
        .ok()
        .and_then(|value| from_normal_form(&value));
    config.unwrap_or_else(|| {
        console::error("jl-consent: the loader passed a configuration the widget cannot read; using safe defaults");
        WidgetConfig::default()
    })
}

/// The page's handle on a mounted widget; every method is safe to call at any time.
#[wasm_bindgen]
pub struct WidgetHandle {
    commands: CommandQueue,
    /// The configured theme, for the declarations the page asks for later.
    theme: Theme,
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Shows the banner again.
    #[wasm_bindgen(js_name = showBanner)]
    pub fn show_banner(&self) {
        self.commands.send(WidgetCommand::ShowBanner);
    }

    /// Opens the preferences.
    #[wasm_bindgen(js_name = showPreferences)]
    pub fn show_preferences(&self) {
        self.commands.send(WidgetCommand::ShowPreferences);
    }

    /// Grants every optional category, as the "Accept all" button does.
    #[wasm_bindgen(js_name = acceptAll)]
    pub fn accept_all(&self) {
        self.commands.send(WidgetCommand::AcceptAll);
    }

    /// Refuses every optional category, as the "Reject all" button does.
    #[wasm_bindgen(js_name = rejectAll)]
    pub fn reject_all(&self) {
        self.commands.send(WidgetCommand::RejectAll);
    }

    /// Grants the named categories and keeps the other choices (refusing them when the visitor
    /// has not decided yet): "allow" on a placeholder, or the page's `acceptCategory`. Ids that are
    /// not optional categories of this configuration are ignored.
    #[wasm_bindgen(js_name = acceptCategories)]
    pub fn accept_categories(&self, categories: Vec<String>) {
        let categories = categories
            .iter()
            .filter_map(|id| CategoryId::parse(id).ok())
            .collect();
        self.commands
            .send(WidgetCommand::AcceptCategories(categories));
    }

    /// Forgets the decision and shows the banner.
    pub fn reset(&self) {
        self.commands.send(WidgetCommand::Reset);
    }

    /// Renders the cookie declaration into `element` (a `<jl-consent-declaration>` of the page),
    /// with `facts`, the text of `declaration.<language>.json`. When either cannot be used, the
    /// element keeps what the site wrote in it, and the console says why.
    pub fn declare(&self, element: web_sys::Element, facts: &str) {
        let Some(facts) = DeclarationFacts::from_json(facts) else {
            console::warn("jl-consent: the cookie declaration's texts could not be read; the declaration is not shown");
            return;
        };
        match host::create_declaration_root(&element, self.theme) {
            Ok(root) => self
                .commands
                .send(WidgetCommand::Declare(DeclarationTarget {
                    root,
                    facts: Rc::new(facts),
                })),
            Err(error) => console::warn(&format!(
                "jl-consent: cannot show the cookie declaration in this element: {error:?}"
            )),
        }
    }
}

/// Mounts the widget at the end of `<body>`; called by the loader once the module is loaded, with
/// the configuration in the core's normal form (JSON text). Never throws: a failure is logged and
/// leaves a handle that does nothing.
#[wasm_bindgen]
pub fn mount(config: &str, bridge: JsValue) -> WidgetHandle {
    let config = resolve_config(config);
    let surroundings = Surroundings {
        page_language: page::page_language(),
        browser_languages: page::browser_languages(),
        gpc_signal: page::global_privacy_control(),
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
    let commands = CommandQueue::default();
    let theme = settings.config.theme;
    match host::create_host(settings.config.layout, theme) {
        Ok(root) => {
            let props = ConsentWidgetProps {
                settings: Rc::new(settings),
                initial,
                bridge: browser::bridge::LoaderBridge::new(bridge),
                commands: commands.clone(),
            };
            yew::Renderer::<ConsentWidget>::with_root_and_props(root, props).render();
        }
        Err(error) => console::error(&format!(
            "jl-consent: cannot place the widget on the page: {error:?}"
        )),
    }
    WidgetHandle { commands, theme }
}
