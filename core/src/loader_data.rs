//! The loader's copies of what the core knows, as the files in `loader/data/`: the configuration's
//! surface (keys, what each accepts, limits, signals, defaults: bundled into stage 2) and the part
//! of it the gate needs (bundled into stage 1); the catalogue's rules (bundled into stage 2), the
//! catalogue's texts per language (served, fetched only to show a service, in the visitor's
//! language), the cookie declaration's labels and facts per language (served, fetched only by a
//! page with a `<jl-consent-declaration>`), the bundled texts stage 2 shows itself (its settings
//! control, its announcement), and those of the placeholders of blocked content (with the
//! built-in categories' titles), bundled with them. One source for both sides: `jl-loader-data`
//! writes them, and a test fails when a committed copy is out of date.

use crate::catalogue;
use crate::config::surface;
use crate::json::JsonValue;
use crate::language::Language;
use crate::texts::{LanguagePack, TextKey};

/// Where the files live, from the core crate.
pub const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../loader/data");

/// The texts stage 2 shows itself (the notice after a reload has a close button).
pub const STAGE2_TEXT_KEYS: &[TextKey] = &[
    TextKey::SettingsButton,
    TextKey::ChoiceSaved,
    TextKey::WithdrawalReloaded,
    TextKey::Close,
];

/// The texts of the placeholders of blocked content (loaded only on pages that have some).
pub const PLACEHOLDER_TEXT_KEYS: &[TextKey] = &[
    TextKey::PlaceholderIntro,
    TextKey::PlaceholderLoadOnce,
    TextKey::PlaceholderAllow,
    TextKey::CookiesLabel,
    TextKey::ServicePolicyLink,
    TextKey::NecessaryTitle,
    TextKey::AnalyticsTitle,
    TextKey::AdvertisingTitle,
    TextKey::FunctionalTitle,
];

/// An object's members, one per line.
fn lines(members: Vec<(String, JsonValue)>) -> String {
    JsonValue::Object(members).to_json_lines()
}

/// The catalogue's rules by id (`[default category, cookies, storage, hosts, country]`: the
/// banner names where data goes), and per language each entry's name, policy link and
/// description in that language.
fn catalogue_files() -> (String, Vec<(Language, String)>) {
    let text = |s: &str| JsonValue::String(s.to_owned());
    let list = |items: &[&str]| JsonValue::Array(items.iter().map(|s| text(s)).collect());
    let rules = catalogue::entries()
        .iter()
        .map(|e| {
            let value = JsonValue::Array(vec![
                text(e.category.id()),
                list(e.cookies),
                list(e.storage),
                list(e.hosts),
                e.country.map_or(JsonValue::Null, text),
            ]);
            (e.id.to_owned(), value)
        })
        .collect();
    let texts = |language: Language| {
        catalogue::entries()
            .iter()
            .map(|e| {
                let description = JsonValue::Object(vec![(
                    language.code().to_owned(),
                    text(e.description.get(language)),
                )]);
                let value = JsonValue::Object(vec![
                    ("name".to_owned(), text(e.name)),
                    ("policyUrl".to_owned(), text(e.policy_url)),
                    ("description".to_owned(), description),
                ]);
                (e.id.to_owned(), value)
            })
            .collect()
    };
    let by_language = Language::ALL
        .into_iter()
        .map(|language| (language, lines(texts(language))))
        .collect();
    (lines(rules), by_language)
}

/// Per language, the bundled text of each of `keys`.
pub fn bundled_texts(keys: &[TextKey]) -> String {
    lines(
        Language::ALL
            .into_iter()
            .map(|language| {
                let pack = LanguagePack::of(language);
                let texts = keys
                    .iter()
                    .map(|key| {
                        (
                            key.name().to_owned(),
                            JsonValue::String(pack.text(*key).to_owned()),
                        )
                    })
                    .collect();
                (language.code().to_owned(), JsonValue::Object(texts))
            })
            .collect(),
    )
}

/// Every file of `loader/data/`, by name.
pub fn files() -> Vec<(String, String)> {
    let (rules, texts) = catalogue_files();
    let mut files = vec![
        (
            "config-surface.json".to_owned(),
            lines(surface::surface_members()),
        ),
        ("gate.json".to_owned(), lines(surface::gate_members())),
        ("catalogue-rules.json".to_owned(), rules),
    ];
    for (language, text) in texts {
        files.push((format!("catalogue-texts.{}.json", language.code()), text));
    }
    for language in Language::ALL {
        files.push((
            format!("declaration.{}.json", language.code()),
            crate::declaration::facts_file(language),
        ));
    }
    files.push((
        "stage2-texts.json".to_owned(),
        bundled_texts(STAGE2_TEXT_KEYS),
    ));
    files.push((
        "placeholder-texts.json".to_owned(),
        bundled_texts(PLACEHOLDER_TEXT_KEYS),
    ));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loaders_copies_are_up_to_date() {
        for (name, text) in files() {
            let committed = std::fs::read_to_string(format!("{DIR}/{name}")).unwrap_or_default();
            assert!(
                committed == text,
                "loader/data/{name} is out of date: run `cargo run -p jl-consent-core --bin jl-loader-data`"
            );
        }
    }
}
