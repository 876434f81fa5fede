//! The widget configurations this server knows (`--widget-config`), and the check that every
//! event could have come from one of them.
//!
//! The widget records with each event the fingerprint (`configHash`) of what it showed: the
//! configuration resolved for the visitor's language and banner variant
//! (`jl_consent_core::shown::shown_fingerprint`). Given the configurations deployed, the server
//! computes every fingerprint they can produce, the same way the widget does, and refuses events
//! whose fingerprint, revision, variant or categories no deployed banner could have sent: a forged
//! or mistaken receipt is refused (422) instead of being kept as proof of consent.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use jl_consent_core::config::ConfigProblem;
use jl_consent_core::receipt::ConsentEvent;
use jl_consent_core::{parse_config, CategoryId, Language, WidgetConfig};

/// The id of the configuration block on a page.
pub const CONFIG_ELEMENT_ID: &str = "jl-consent-config";

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
    by_fingerprint: HashMap<String, KnownShown>,
    revisions: BTreeSet<u32>,
    variants: BTreeSet<String>,
    /// Some configuration has no variants (its events carry `"variant": null`).
    without_variants: bool,
    sources: usize,
}

/// Why an event fits no known configuration: a stable code, the member at fault, and a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub code: &'static str,
    pub field: String,
    pub message: String,
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

/// The text of the configuration block in an HTML page: the content of the `<script>` element
/// with `id="jl-consent-config"` (a script's content is raw text: no entities to decode).
pub fn config_text_from_html(html: &str) -> Option<&str> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<script").map(|i| from + i) {
        let tag_end = lower[start..].find('>').map(|i| start + i)?;
        let tag = &lower[start..tag_end];
        let content_start = tag_end + 1;
        let content_end = lower[content_start..]
            .find("</script")
            .map_or(lower.len(), |i| content_start + i);
        if has_config_id(tag) {
            return html.get(content_start..content_end);
        }
        from = content_end;
    }
    None
}

fn has_config_id(tag: &str) -> bool {
    [
        format!("id=\"{CONFIG_ELEMENT_ID}\""),
        format!("id='{CONFIG_ELEMENT_ID}'"),
        format!("id={CONFIG_ELEMENT_ID} "),
        format!("id={CONFIG_ELEMENT_ID}"),
    ]
    .iter()
    .any(|needle| {
        tag.match_indices(needle.as_str()).any(|(i, _)| {
            // The attribute starts after whitespace, and the unquoted form ends the tag or a word.
            tag[..i].ends_with(|c: char| c.is_ascii_whitespace())
                && (needle.ends_with(['"', '\'', ' '])
                    || tag[i + needle.len()..].is_empty()
                    || tag[i + needle.len()..].starts_with(['/', ' ', '\t', '\n']))
        })
    })
}

/// Reads a widget configuration from `text`: the JSON configuration itself, or an HTML page
/// holding it. Returns the configuration and the warnings the widget would log about it; a
/// text with no readable configuration at all is an error (the widget would show its defaults,
/// which is almost certainly not what the operator meant to name).
pub fn parse_widget_config(text: &str) -> Result<(WidgetConfig, Vec<String>), String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let json = if trimmed.starts_with('{') {
        trimmed
    } else {
        config_text_from_html(text).ok_or_else(|| {
            format!(
                "neither a JSON configuration nor an HTML page with \
                 <script type=\"application/json\" id=\"{CONFIG_ELEMENT_ID}\">"
            )
        })?
    };
    let (config, problems) = parse_config(Some(json));
    if let Some(fatal) = problems.iter().find(|p| p.is_fatal()) {
        return Err(match fatal {
            ConfigProblem::Missing => "the configuration block is empty".to_owned(),
            ConfigProblem::Unreadable(why) => format!("the configuration is unreadable: {why}"),
            other => other.to_string(),
        });
    }
    Ok((config, problems.iter().map(ToString::to_string).collect()))
}

/// Reads the configuration in the file `path` (see [`parse_widget_config`]).
pub fn read_widget_config(path: &Path) -> Result<(WidgetConfig, Vec<String>), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_widget_config(&text).map_err(|e| format!("{}: {e}", path.display()))
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

    /// Checks that every event could have been sent by a known configuration; the first one
    /// that could not is reported. Always passes when no configuration is known.
    pub fn check(&self, events: &[ConsentEvent]) -> Result<(), Mismatch> {
        if self.is_empty() {
            return Ok(());
        }
        for (i, event) in events.iter().enumerate() {
            self.check_event(event, i)?;
        }
        Ok(())
    }

    /// Checks event `index` of a batch; the field path is only built for a mismatch.
    fn check_event(&self, event: &ConsentEvent, index: usize) -> Result<(), Mismatch> {
        let (ConsentEvent::Impression { shown, .. } | ConsentEvent::Decision { shown, .. }) = event;
        let mismatch = |code, member: &str, message: String| Mismatch {
            code,
            field: format!("events[{index}].{member}"),
            message,
        };
        let variant_known = match &shown.variant {
            Some(id) => self.variants.contains(id),
            None => self.without_variants,
        };
        if !variant_known {
            let listed = if self.variants.is_empty() {
                "the known configurations have no variants (expected null)".to_owned()
            } else {
                format!(
                    "expected one of {}{}",
                    join(self.variants.iter().map(String::as_str)),
                    if self.without_variants {
                        " or null"
                    } else {
                        ""
                    }
                )
            };
            return Err(mismatch("unknown_variant", "variant", listed));
        }
        if !self.revisions.contains(&shown.revision) {
            return Err(mismatch(
                "unknown_revision",
                "revision",
                format!(
                    "no known configuration has revision {} (known: {})",
                    shown.revision,
                    join(self.revisions.iter().map(u32::to_string))
                ),
            ));
        }
        let Some(known) = self.by_fingerprint.get(&shown.config_hash) else {
            return Err(mismatch(
                "unknown_configuration",
                "configHash",
                "not the fingerprint of any known configuration in any language and variant"
                    .to_owned(),
            ));
        };
        if known.revision != shown.revision
            || known.language != shown.language
            || known.variant != shown.variant
        {
            return Err(mismatch(
                "unknown_configuration",
                "configHash",
                format!(
                    "this fingerprint is what revision {} shows in {} as variant {} ({}), \
                     not what the event says was shown",
                    known.revision,
                    known.language.code(),
                    known.variant.as_deref().unwrap_or("none"),
                    known.source
                ),
            ));
        }
        if let ConsentEvent::Decision { choices, .. } = event {
            if let Some((category, _)) = choices.iter().find(|(c, _)| !known.categories.contains(c))
            {
                return Err(mismatch(
                    "unknown_category",
                    &format!("choices.{category}"),
                    format!(
                        "not a category of this configuration (its categories: {})",
                        join(known.categories.iter().map(CategoryId::as_str))
                    ),
                ));
            }
            let missing: Vec<&str> = known
                .categories
                .iter()
                .filter(|c| choices.get(c.as_str()).is_none())
                .map(CategoryId::as_str)
                .collect();
            if !missing.is_empty() {
                return Err(mismatch(
                    "missing_category",
                    "choices",
                    format!(
                        "this configuration's decisions list every optional category; missing: {}",
                        join(missing.into_iter())
                    ),
                ));
            }
        }
        Ok(())
    }
}

fn join<S: AsRef<str>>(items: impl Iterator<Item = S>) -> String {
    items
        .map(|s| s.as_ref().to_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_configuration_block_is_found_in_a_page() {
        let page = r#"<html><head><script src="/x.js"></script>
            <SCRIPT type="application/json" ID="jl-consent-config">{"revision": 2}</SCRIPT>
            <script>var other = 1;</script></head></html>"#;
        assert_eq!(config_text_from_html(page), Some(r#"{"revision": 2}"#));
        assert_eq!(
            config_text_from_html("<script id='jl-consent-config'>{}</script>"),
            Some("{}")
        );
        assert_eq!(
            config_text_from_html("<script id=jl-consent-config>{}</script>"),
            Some("{}")
        );
        assert_eq!(
            config_text_from_html(r#"<script data-id="jl-consent-config">{}</script>"#),
            None
        );
        assert_eq!(
            config_text_from_html(r#"<script id="jl-consent-config-old">{}</script>"#),
            None
        );
        assert_eq!(config_text_from_html("<p>no script</p>"), None);
    }

    #[test]
    fn json_and_html_give_the_same_configuration_and_empty_ones_are_errors() {
        let json = r#"{"revision": 3, "categories": [{"id": "analytics"}]}"#;
        let page =
            format!(r#"<script type="application/json" id="jl-consent-config">{json}</script>"#);
        let (from_json, _) = parse_widget_config(json).unwrap();
        let (from_page, _) = parse_widget_config(&page).unwrap();
        assert_eq!(from_json, from_page);
        assert_eq!(from_json.revision, 3);
        assert!(parse_widget_config("<p>nothing</p>").is_err());
        assert!(parse_widget_config(r#"<script id="jl-consent-config"> </script>"#).is_err());
        assert!(parse_widget_config("{not json").is_err());
        let (_, warnings) = parse_widget_config(r#"{"revision": 3, "layuot": "box"}"#).unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }

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
