//! The configuration, language, variant and texts the widget runs with, resolved once at mount.

use std::cell::OnceCell;

use jl_consent_core::config::{changes_since, PolicyChange};
use jl_consent_core::shown::{fingerprint_for, shown_categories, shown_category, ShownCategory};
use jl_consent_core::{CategoryId, ConsentRecord, Language, TextKey, Texts, WidgetConfig};

/// Everything the components need to render, fixed for the page's lifetime.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetSettings {
    /// The configuration as the page gave it (what the fingerprint is computed from).
    given: WidgetConfig,
    /// The configuration as the visitor's variant shows it.
    pub config: WidgetConfig,
    pub texts: Texts,
    /// The banner variant this visitor is shown (A/B tests), if the configuration has variants.
    pub variant: Option<String>,
    /// The browser sends a Global Privacy Control signal and the configuration honours it.
    pub gpc: bool,
    /// SHA-256 of everything shown, recorded with every receipt: computed when first needed,
    /// after the banner is on screen.
    fingerprint: OnceCell<String>,
}

/// What the page and the browser say, as far as the widget needs to know.
#[derive(Clone, Debug, PartialEq)]
pub struct Surroundings {
    pub page_language: Option<String>,
    pub browser_languages: Vec<String>,
    pub gpc_signal: bool,
}

impl WidgetSettings {
    /// Resolves the variant's configuration, the language (config, then `<html lang>`, then the
    /// browser) and its texts, and fingerprints what will be shown.
    pub fn resolve(
        config: WidgetConfig,
        variant: Option<String>,
        surroundings: &Surroundings,
    ) -> Self {
        let given = config;
        let config = given.for_variant(variant.as_deref());
        let language = Language::negotiate(
            config.language,
            surroundings.page_language.as_deref(),
            surroundings.browser_languages.iter().map(String::as_str),
        );
        let texts = config.texts(language);
        let gpc = surroundings.gpc_signal && !config.gpc_categories.is_empty();
        WidgetSettings {
            given,
            config,
            texts,
            variant,
            gpc,
            fingerprint: OnceCell::new(),
        }
    }

    /// SHA-256 of everything shown: the texts, categories and services, the revision, language,
    /// layout and variant (`jl_consent_core::shown::fingerprint_for`, as the server computes it).
    pub fn fingerprint(&self) -> &str {
        self.fingerprint.get_or_init(|| {
            fingerprint_for(&self.given, self.texts.language, self.variant.as_deref())
        })
    }

    /// The text for `key` in the resolved language.
    pub fn text(&self, key: TextKey) -> &str {
        self.texts.get(key)
    }

    /// A BCP 47 tag for formatting dates in the resolved language.
    pub fn locale_tag(&self) -> &'static str {
        match self.texts.language {
            Language::Ru => "ru-RU",
            Language::Kk => "kk-KZ",
            Language::En => "en-GB",
        }
    }

    /// Every category, strictly necessary first, then the optional ones in configured order.
    pub fn categories(&self) -> Vec<ShownCategory> {
        shown_categories(&self.config, &self.texts)
    }

    /// What changed since an outdated decision, one line per change, for the renewal banner.
    pub fn changes_since(&self, outdated: &ConsentRecord) -> Vec<String> {
        let title = |id: &CategoryId| {
            self.config
                .category(id.as_str())
                .map_or_else(|| id.to_string(), |c| shown_category(c, &self.texts).title)
        };
        changes_since(&self.config.categories, outdated.revision, |id| {
            outdated.choices.get(id.as_str()).is_some()
        })
        .into_iter()
        .map(|change| match change {
            PolicyChange::CategoryAdded(id) => {
                format!("{} — {}", title(&id), self.text(TextKey::NewCategory))
            }
            PolicyChange::CategoryChanged(id) => {
                format!("{} — {}", title(&id), self.text(TextKey::ChangedCategory))
            }
            PolicyChange::Service { category, name } => format!(
                "{} ({})",
                name.get(self.texts.language).unwrap_or_default(),
                title(&category)
            ),
        })
        .collect()
    }
}
