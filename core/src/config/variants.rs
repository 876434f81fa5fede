//! Banner variants for A/B tests: each visitor is shown one, chosen by weight and kept.
//!
//! ```json
//! "variants": [{"id": "a"}, {"id": "b", "weight": 1, "layout": "box", "texts": {"ru": {"bannerTitle": "…"}}}]
//! ```
//!
//! A variant may change the layout and any text; the consent log records which variant each
//! impression and decision came from, so the dashboard can compare their consent rates.

use super::reader::KeyReader;
use super::surface::{self, Accepts, Key};
use super::{Layout, TextOverrides};
use crate::category::CategoryId;
use crate::json::JsonValue;

/// Most variants a configuration may define.
pub const MAX_VARIANTS: usize = 10;
/// Largest weight accepted.
pub const MAX_WEIGHT: f64 = 1000.0;

/// One banner variant.
#[derive(Clone, Debug, PartialEq)]
pub struct VariantConfig {
    /// The id the consent log records (the category-id alphabet: `a`, `short-text`…).
    pub id: String,
    /// Relative share of visitors (default 1).
    pub weight: f64,
    /// A layout other than the configuration's.
    pub layout: Option<Layout>,
    /// Texts on top of the configuration's own overrides.
    pub texts: TextOverrides,
}

/// The keys of a variant (its id is read first: a variant without a usable one is skipped).
pub const VARIANT: &[Key<VariantConfig>] = &[
    Key {
        name: "id",
        accepts: Accepts::Own,
        read: surface::read_first,
    },
    Key {
        name: "weight",
        accepts: Accepts::Weight,
        read: |reader, path, value, variant| {
            if let Some(weight) = reader.weight(path, value) {
                variant.weight = weight;
            }
        },
    },
    Key {
        name: "layout",
        accepts: Accepts::OneOf(Layout::NAMES),
        read: |reader, path, value, variant| {
            variant.layout = reader
                .one_of(path, value, Layout::NAMES)
                .and_then(Layout::from_name)
        },
    },
    Key {
        name: "texts",
        accepts: Accepts::Own,
        read: |reader, path, value, variant| variant.texts = reader.text_overrides_at(path, value),
    },
];

impl KeyReader {
    pub(super) fn variants(&mut self, path: &str, value: &JsonValue) -> Vec<VariantConfig> {
        let Some(items) = self.array(path, value) else {
            return Vec::new();
        };
        let mut variants: Vec<VariantConfig> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("{path}[{i}]");
            let Some(members) = self.object(&path, item) else {
                continue;
            };
            let id = match item.get("id") {
                Some(JsonValue::String(id)) if CategoryId::parse(id).is_ok() => id.clone(),
                _ => {
                    self.bad(&format!("{path}.id"), "expected an id of 1 to 32 characters a-z, 0-9, '_', '-' starting with a letter; variant skipped".to_owned());
                    continue;
                }
            };
            if variants.iter().any(|v| v.id == id) {
                self.bad(
                    &format!("{path}.id"),
                    format!("\"{id}\" is listed twice; the repeat is skipped"),
                );
                continue;
            }
            if variants.len() == MAX_VARIANTS {
                self.bad(
                    &path,
                    format!("more than {MAX_VARIANTS} variants; the rest are skipped"),
                );
                break;
            }
            let mut variant = VariantConfig {
                id,
                weight: 1.0,
                layout: None,
                texts: TextOverrides::default(),
            };
            self.members(&path, members, VARIANT, &mut variant);
            variants.push(variant);
        }
        variants
    }

    /// A variant's weight: a number above 0 and at most [`MAX_WEIGHT`].
    fn weight(&mut self, path: &str, value: &JsonValue) -> Option<f64> {
        match value {
            JsonValue::Number(weight) if *weight > 0.0 && *weight <= MAX_WEIGHT => Some(*weight),
            _ => {
                // Printed as a whole number: a float formatter would cost the widget bytes.
                let max = MAX_WEIGHT as u32;
                self.bad(
                    path,
                    format!("expected a number above 0 and at most {max}; using 1"),
                );
                None
            }
        }
    }
}

/// Chooses a variant by weight from `random` in [0, 1); none when there are no variants.
pub fn choose_variant(variants: &[VariantConfig], random: f64) -> Option<&VariantConfig> {
    let total: f64 = variants.iter().map(|v| v.weight).sum();
    let mut point = random.clamp(0.0, 1.0) * total;
    for variant in variants {
        if point < variant.weight {
            return Some(variant);
        }
        point -= variant.weight;
    }
    variants.last()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse_json;
    use crate::language::Language;
    use crate::texts::TextKey;

    fn read(text: &str) -> (Vec<VariantConfig>, Vec<String>) {
        let mut reader = KeyReader::default();
        let variants = reader.variants("variants", &parse_json(text).unwrap());
        (
            variants,
            reader.problems.iter().map(|p| p.to_string()).collect(),
        )
    }

    #[test]
    fn variants_carry_weight_layout_and_texts() {
        let (variants, problems) = read(
            r#"[{"id": "a"}, {"id": "b", "weight": 3, "layout": "box", "texts": {"ru": {"bannerTitle": "Про cookie"}}}]"#,
        );
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(variants[0].weight, 1.0);
        assert_eq!(variants[1].layout, Some(Layout::Box));
        assert_eq!(
            variants[1].texts.texts_for(Language::Ru),
            vec![(TextKey::BannerTitle, "Про cookie".to_owned())]
        );
    }

    #[test]
    fn bad_variants_are_named_and_skipped() {
        let (variants, problems) =
            read(r#"[{"id": "A"}, {"id": "a", "weight": 0}, {"id": "a"}, 3]"#);
        assert_eq!(variants.len(), 1);
        assert_eq!(variants[0].weight, 1.0);
        assert_eq!(problems.len(), 4, "{problems:?}");
    }

    #[test]
    fn choice_follows_the_weights() {
        let (variants, _) = read(r#"[{"id": "a", "weight": 1}, {"id": "b", "weight": 3}]"#);
        let pick = |r: f64| choose_variant(&variants, r).map(|v| v.id.as_str());
        assert_eq!(pick(0.0), Some("a"));
        assert_eq!(pick(0.24), Some("a"));
        assert_eq!(pick(0.26), Some("b"));
        assert_eq!(pick(0.999), Some("b"));
        assert_eq!(pick(1.0), Some("b"));
        let share_b = (0..1000)
            .filter(|i| pick(f64::from(*i) / 1000.0) == Some("b"))
            .count();
        assert_eq!(share_b, 750);
        assert_eq!(choose_variant(&[], 0.5), None);
    }
}
