//! The configuration, language and texts the widget runs with, resolved once at mount.

use jl_consent_core::category::NECESSARY;
use jl_consent_core::texts::category_text_keys;
use jl_consent_core::{CategoryId, Language, TextKey, Texts, WidgetConfig};

/// Everything the components need to render, fixed for the page's lifetime.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetSettings {
    pub config: WidgetConfig,
    pub texts: Texts,
}

/// One category as the preferences show it.
#[derive(Clone, Debug, PartialEq)]
pub struct CategoryView {
    pub id: CategoryId,
    pub title: String,
    pub description: String,
    /// The strictly necessary category: shown switched on and disabled.
    pub necessary: bool,
}

impl WidgetSettings {
    /// Resolves the language (config, then `<html lang>`, then the browser) and its texts.
    pub fn resolve(
        config: WidgetConfig,
        page_language: Option<&str>,
        browser_languages: &[String],
    ) -> Self {
        let language = Language::negotiate(
            config.language,
            page_language,
            browser_languages.iter().map(String::as_str),
        );
        let texts = Texts::new(language, config.overrides_for(language));
        WidgetSettings { config, texts }
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
    pub fn categories(&self) -> Vec<CategoryView> {
        let necessary = CategoryId::parse(NECESSARY).ok();
        necessary
            .into_iter()
            .chain(self.config.categories.iter().cloned())
            .map(|id| {
                let (title, description) = match category_text_keys(id.as_str()) {
                    Some((title, description)) => (
                        self.text(title).to_owned(),
                        self.text(description).to_owned(),
                    ),
                    None => (id.as_str().to_owned(), String::new()),
                };
                CategoryView {
                    necessary: id.is_necessary(),
                    id,
                    title,
                    description,
                }
            })
            .collect()
    }
}
