//! The configuration, language and texts the widget runs with, resolved once at mount.

use jl_consent_core::config::{changes_since, CategoryConfig, LocalizedText, PolicyChange};
use jl_consent_core::texts::category_text_keys;
use jl_consent_core::{CategoryId, ConsentRecord, Language, TextKey, Texts, WidgetConfig};

/// Everything the components need to render, fixed for the page's lifetime.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetSettings {
    pub config: WidgetConfig,
    pub texts: Texts,
    /// The browser sends a Global Privacy Control signal and the configuration honours it.
    pub gpc: bool,
}

/// One service as the preferences list it.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceView {
    pub name: String,
    pub description: String,
    pub cookies: Vec<String>,
}

/// One category as the preferences show it.
#[derive(Clone, Debug, PartialEq)]
pub struct CategoryView {
    pub id: CategoryId,
    pub title: String,
    pub description: String,
    pub services: Vec<ServiceView>,
    /// The strictly necessary category: shown switched on and disabled.
    pub necessary: bool,
}

impl WidgetSettings {
    /// Resolves the language (config, then `<html lang>`, then the browser) and its texts.
    pub fn resolve(
        config: WidgetConfig,
        page_language: Option<&str>,
        browser_languages: &[String],
        gpc_signal: bool,
    ) -> Self {
        let language = Language::negotiate(
            config.language,
            page_language,
            browser_languages.iter().map(String::as_str),
        );
        let overrides = &config.text_overrides;
        let texts = Texts::new(
            language,
            overrides.texts_for(language),
            overrides.summary_for(language),
        );
        let gpc = gpc_signal && !config.gpc_categories.is_empty();
        WidgetSettings { config, texts, gpc }
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

    fn localized(&self, text: Option<&LocalizedText>) -> Option<String> {
        text.and_then(|t| t.get(self.texts.language))
            .map(str::to_owned)
    }

    fn category_view(&self, category: &CategoryConfig) -> CategoryView {
        let bundled = category_text_keys(category.id.as_str());
        let title = self
            .localized(category.title.as_ref())
            .or_else(|| bundled.map(|(title, _)| self.text(title).to_owned()))
            .unwrap_or_else(|| category.id.to_string());
        let description = self
            .localized(category.description.as_ref())
            .or_else(|| bundled.map(|(_, description)| self.text(description).to_owned()))
            .unwrap_or_default();
        let services = category
            .services
            .iter()
            .map(|service| ServiceView {
                name: self.localized(Some(&service.name)).unwrap_or_default(),
                description: self
                    .localized(service.description.as_ref())
                    .unwrap_or_default(),
                cookies: service.cookies.clone(),
            })
            .collect();
        CategoryView {
            necessary: category.id.is_necessary(),
            id: category.id.clone(),
            title,
            description,
            services,
        }
    }

    /// Every category, strictly necessary first, then the optional ones in configured order.
    pub fn categories(&self) -> Vec<CategoryView> {
        let necessary = self
            .config
            .category("necessary")
            .cloned()
            .unwrap_or_else(|| CategoryConfig::builtin("necessary"));
        std::iter::once(&necessary)
            .chain(
                self.config
                    .categories
                    .iter()
                    .filter(|c| !c.id.is_necessary()),
            )
            .map(|c| self.category_view(c))
            .collect()
    }

    /// What changed since an outdated decision, one line per change, for the renewal banner.
    pub fn changes_since(&self, outdated: &ConsentRecord) -> Vec<String> {
        let title = |id: &CategoryId| {
            self.config
                .category(id.as_str())
                .map_or_else(|| id.to_string(), |c| self.category_view(c).title)
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
