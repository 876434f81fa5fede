//! The languages the banner speaks and how one is picked.

/// A bundled language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    /// Russian: the policy's own language and the default.
    Ru,
    /// Kazakh.
    Kk,
    /// English.
    En,
}

impl Language {
    /// Every bundled language, default first.
    pub const ALL: [Language; 3] = [Language::Ru, Language::Kk, Language::En];

    /// The two-letter code (`ru`, `kk`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Language::Ru => "ru",
            Language::Kk => "kk",
            Language::En => "en",
        }
    }

    /// The language of a BCP 47 tag such as `kk-KZ` or `ru`, if it is bundled.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.trim().split(['-', '_']).next()?;
        Language::ALL
            .into_iter()
            .find(|l| primary.eq_ignore_ascii_case(l.code()))
    }

    /// Picks the language: the configured one, else the page's `<html lang>`, else the first
    /// bundled one among the browser's preferred languages, else Russian.
    pub fn negotiate<'a>(
        configured: Option<Language>,
        page_lang: Option<&str>,
        browser_languages: impl IntoIterator<Item = &'a str>,
    ) -> Language {
        configured
            .or_else(|| page_lang.and_then(Language::from_tag))
            .or_else(|| browser_languages.into_iter().find_map(Language::from_tag))
            .unwrap_or(Language::Ru)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_map_to_bundled_languages() {
        assert_eq!(Language::from_tag("kk-KZ"), Some(Language::Kk));
        assert_eq!(Language::from_tag("RU"), Some(Language::Ru));
        assert_eq!(Language::from_tag("en_GB"), Some(Language::En));
        assert_eq!(Language::from_tag("de-DE"), None);
        assert_eq!(Language::from_tag(""), None);
    }

    #[test]
    fn config_beats_page_beats_browser_beats_default() {
        assert_eq!(
            Language::negotiate(Some(Language::En), Some("kk"), ["ru"]),
            Language::En
        );
        assert_eq!(Language::negotiate(None, Some("kk"), ["en"]), Language::Kk);
        assert_eq!(
            Language::negotiate(None, Some("de"), ["fr", "en-US"]),
            Language::En
        );
        assert_eq!(Language::negotiate(None, None, ["fr"]), Language::Ru);
    }
}
