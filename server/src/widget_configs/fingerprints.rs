//! Listing the fingerprints the known configurations can produce: each configuration in each
//! language it can be shown in, as each of its variants.

use std::collections::{BTreeSet, HashMap};

use jl_consent_core::{CategoryId, Language, WidgetConfig};

/// What one fingerprint stands for: the banner as one configuration showed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownShown {
    /// The file the configuration came from (for messages).
    pub source: String,
    pub revision: u32,
    pub language: Language,
    pub variant: Option<String>,
    /// The optional categories a decision under it lists, in configured order.
    pub categories: Vec<CategoryId>,
}

/// Every fingerprint of the known configurations; empty when none was given (then every
/// well-formed event is accepted, as without this check).
#[derive(Clone, Debug, Default)]
pub struct KnownConfigurations {
    pub(super) by_fingerprint: HashMap<String, KnownShown>,
    pub(super) revisions: BTreeSet<u32>,
    pub(super) variants: BTreeSet<String>,
    /// Some configuration has no variants (its events carry `"variant": null`).
    pub(super) without_variants: bool,
    sources: usize,
}

/// The `configHash` the widget records when it shows `config` in `language` as `variant` (the
/// core's recipe, which the widget uses too).
pub use jl_consent_core::shown::fingerprint_for as widget_fingerprint;

/// The languages the widget can show `config` in: the configured one, or all three.
pub fn widget_languages(config: &WidgetConfig) -> Vec<Language> {
    match config.language {
        Some(language) => vec![language],
        None => Language::ALL.to_vec(),
    }
}

/// The variants a visitor can be shown: each configured id, or none when there are none.
pub fn widget_variants(config: &WidgetConfig) -> Vec<Option<String>> {
    if config.variants.is_empty() {
        vec![None]
    } else {
        config.variants.iter().map(|v| Some(v.id.clone())).collect()
    }
}

impl KnownConfigurations {
    /// True when no configuration is known: events are not checked against any.
    pub fn is_empty(&self) -> bool {
        self.sources == 0
    }

    /// How many configurations were added.
    pub fn sources(&self) -> usize {
        self.sources
    }

    /// How many distinct fingerprints they produce.
    pub fn fingerprints(&self) -> usize {
        self.by_fingerprint.len()
    }

    /// What the fingerprint `config_hash` stands for, if a known configuration produces it.
    pub fn get(&self, config_hash: &str) -> Option<&KnownShown> {
        self.by_fingerprint.get(config_hash)
    }

    /// Adds a configuration (from `source`, a name for messages) and every fingerprint it
    /// produces: each language it can be shown in × each variant.
    pub fn add(&mut self, source: &str, config: &WidgetConfig) {
        self.sources += 1;
        self.revisions.insert(config.revision);
        for variant in widget_variants(config) {
            match &variant {
                Some(id) => {
                    self.variants.insert(id.clone());
                }
                None => self.without_variants = true,
            }
            for language in widget_languages(config) {
                let fingerprint = widget_fingerprint(config, language, variant.as_deref());
                self.by_fingerprint
                    .entry(fingerprint)
                    .or_insert_with(|| KnownShown {
                        source: source.to_owned(),
                        revision: config.revision,
                        language,
                        variant: variant.clone(),
                        categories: config.optional_categories(),
                    });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::widget_configs::parse_widget_config;

    #[test]
    fn a_configuration_gives_one_fingerprint_per_language_and_variant() {
        let (plain, _) = parse_widget_config("{}").unwrap();
        let (variants, _) =
            parse_widget_config(r#"{"variants": [{"id": "a"}, {"id": "b", "layout": "box"}]}"#)
                .unwrap();
        let (forced, _) = parse_widget_config(r#"{"language": "kk"}"#).unwrap();
        let mut known = KnownConfigurations::default();
        assert!(known.is_empty());
        known.add("plain", &plain);
        assert_eq!(known.fingerprints(), 3);
        known.add("variants", &variants);
        assert_eq!(known.fingerprints(), 3 + 6);
        known.add("forced", &forced);
        // Forced Kazakh without variants shows exactly what `plain` shows in Kazakh.
        assert_eq!(known.fingerprints(), 9);
        assert_eq!(known.sources(), 3);
        let b_in_en = widget_fingerprint(&variants, Language::En, Some("b"));
        let shown = known.get(&b_in_en).unwrap();
        assert_eq!(shown.variant.as_deref(), Some("b"));
        assert_eq!(shown.language, Language::En);
        assert_eq!(shown.source, "variants");
    }
}
