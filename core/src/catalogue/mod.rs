//! The catalogue of services a site in Kazakhstan commonly embeds (counters, pixels, chats, maps,
//! videos), so that a site owner writes `"services": ["yandex-metrika"]` instead of researching
//! each vendor's cookies and hosts. Each entry carries what the widget shows (name, description,
//! policy link), what is cleared on refusal (cookie and storage patterns) and where its requests
//! go (hosts, for the compliance audit), with the vendor documentation it was taken from.

mod entries;

#[cfg(not(target_arch = "wasm32"))]
use crate::json::JsonValue;
use crate::language::Language;
use crate::suggest::closest;
#[cfg(not(target_arch = "wasm32"))]
use crate::texts::Unit;

/// The category a catalogue service belongs to unless a site lists it elsewhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceCategory {
    /// Counters and statistics.
    Analytics,
    /// Advertising pixels and remarketing.
    Advertising,
    /// Chats, maps and videos: neither analytics nor advertising, but not strictly necessary.
    Functional,
}

impl ServiceCategory {
    /// The category id used in the configuration.
    pub fn id(self) -> &'static str {
        match self {
            ServiceCategory::Analytics => "analytics",
            ServiceCategory::Advertising => "advertising",
            ServiceCategory::Functional => "functional",
        }
    }
}

/// A one-line description in each bundled language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Descriptions {
    pub ru: &'static str,
    pub kk: &'static str,
    pub en: &'static str,
}

impl Descriptions {
    /// The description in `language`.
    pub fn get(&self, language: Language) -> &'static str {
        match language {
            Language::Ru => self.ru,
            Language::Kk => self.kk,
            Language::En => self.en,
        }
    }
}

/// How long a cookie or storage key lasts, as its vendor documents it.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifetime {
    /// Until the browser is closed.
    Session,
    /// A fixed time, e.g. `Of(2, Unit::Year)`.
    Of(u32, Unit),
}

/// One built-in service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CatalogueEntry {
    /// The stable id a configuration names it by (`yandex-metrika`).
    pub id: &'static str,
    /// The name as the vendor writes it.
    pub name: &'static str,
    pub category: ServiceCategory,
    /// Cookie names or prefixes (`_ga*`) the service sets.
    pub cookies: &'static [&'static str],
    /// localStorage / sessionStorage key names or prefixes the service sets.
    pub storage: &'static [&'static str],
    /// Hosts its scripts, frames and images come from (`mc.yandex.ru`, `*.hotjar.com`).
    pub hosts: &'static [&'static str],
    /// The vendor's own privacy policy.
    pub policy_url: &'static str,
    /// What it does and what it collects, in plain words.
    pub description: Descriptions,
    /// The country (ISO code, one of [`crate::country::CODES`]) of the company that receives
    /// its data, as that company's privacy policy names it; none where the vendor's own
    /// documentation leaves it open.
    pub country: Option<&'static str>,
    /// That company, as its privacy policy names it (for the policy page's declaration).
    #[cfg(not(target_arch = "wasm32"))]
    pub provider: Option<&'static str>,
    /// The lifetime of each of `cookies` and `storage` (by the same pattern) that the vendor
    /// documents; a pattern not listed has none published.
    #[cfg(not(target_arch = "wasm32"))]
    pub lifetimes: &'static [(&'static str, Lifetime)],
    /// The vendor documentation the cookies, storage keys, hosts, provider, country and
    /// lifetimes were taken from (native builds only: the widget never shows them, so its
    /// WebAssembly does not carry them).
    #[cfg(not(target_arch = "wasm32"))]
    pub sources: &'static [&'static str],
}

/// Every built-in service, in the order the README lists them.
pub fn entries() -> &'static [CatalogueEntry] {
    entries::ENTRIES
}

/// The entry with `id`, if the catalogue has one.
pub fn find(id: &str) -> Option<&'static CatalogueEntry> {
    entries::ENTRIES.iter().find(|e| e.id == id)
}

/// The catalogue id nearest to a misspelt one (`yandex-metrca` → `yandex-metrika`).
pub fn suggest(id: &str) -> Option<&'static str> {
    let ids: Vec<&'static str> = entries::ENTRIES.iter().map(|e| e.id).collect();
    closest(id, &ids)
}

/// The README's table of the catalogue (Markdown), generated so the documentation cannot drift.
pub fn markdown_table() -> String {
    let code = |list: &[&str]| {
        if list.is_empty() {
            "—".to_owned()
        } else {
            list.iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(" ")
        }
    };
    let mut out = String::from(
        "| id | name | default category | cookies | storage keys | hosts |\n|---|---|---|---|---|---|\n",
    );
    for e in entries::ENTRIES {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            e.id,
            e.name,
            e.category.id(),
            code(e.cookies),
            code(e.storage),
            code(e.hosts)
        ));
    }
    out
}

/// The whole catalogue as JSON (an array of entries with the configuration's key names), for
/// tools outside Rust: the loader's build, editors, reviewers.
#[cfg(not(target_arch = "wasm32"))]
pub fn to_json() -> String {
    let text = |s: &str| JsonValue::String(s.to_owned());
    let list = |items: &[&str]| JsonValue::Array(items.iter().map(|s| text(s)).collect());
    let member = |key: &str, value: JsonValue| (key.to_owned(), value);
    let entries = entries::ENTRIES
        .iter()
        .map(|e| {
            let description = Language::ALL
                .into_iter()
                .map(|language| member(language.code(), text(e.description.get(language))))
                .collect();
            let lifetimes = e
                .lifetimes
                .iter()
                .map(|(pattern, lifetime)| member(pattern, text(&lifetime.describe(Language::En))))
                .collect();
            JsonValue::Object(vec![
                member("id", text(e.id)),
                member("name", text(e.name)),
                member("category", text(e.category.id())),
                member("cookies", list(e.cookies)),
                member("storage", list(e.storage)),
                member("hosts", list(e.hosts)),
                member("policyUrl", text(e.policy_url)),
                member("description", JsonValue::Object(description)),
                member("country", e.country.map_or(JsonValue::Null, text)),
                member("provider", e.provider.map_or(JsonValue::Null, text)),
                member("lifetimes", JsonValue::Object(lifetimes)),
                member("sources", list(e.sources)),
            ])
        })
        .collect();
    JsonValue::Array(entries).to_json_lines()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{is_cookie_pattern, is_host_pattern, is_safe_url};

    use crate::json::{parse_json, JsonValue};

    #[test]
    fn every_entry_is_complete_and_valid() {
        assert_eq!(entries().len(), 16);
        for e in entries() {
            let id = e.id;
            assert!(
                !id.is_empty()
                    && id.len() <= 32
                    && id
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{id}: ids are 1 to 32 of a-z, 0-9 and '-'"
            );
            assert!(!e.name.trim().is_empty(), "{id}: name");
            for language in Language::ALL {
                let text = e.description.get(language);
                assert!(
                    text.chars().count() >= 40 && text.chars().count() <= 200,
                    "{id}: description in {language:?} is one plain line ({} chars)",
                    text.chars().count()
                );
                assert!(!text.contains('\n'), "{id}: one line");
            }
            assert_ne!(e.description.ru, e.description.kk, "{id}: kk is translated");
            assert_ne!(e.description.ru, e.description.en, "{id}: en is translated");
            assert!(
                e.policy_url.starts_with("https://") && is_safe_url(e.policy_url),
                "{id}: policy URL"
            );
            assert!(!e.sources.is_empty(), "{id}: at least one source");
            for source in e.sources {
                assert!(
                    source.starts_with("https://") && is_safe_url(source),
                    "{id}: source {source}"
                );
            }
            for p in e.cookies.iter().chain(e.storage) {
                assert!(is_cookie_pattern(p), "{id}: pattern {p}");
            }
            for h in e.hosts {
                assert!(is_host_pattern(h), "{id}: host {h}");
            }
            assert!(
                !(e.cookies.is_empty() && e.hosts.is_empty()),
                "{id}: a service with neither cookies nor hosts cannot be recognised"
            );
        }
    }

    #[test]
    fn ids_are_unique_and_hosts_belong_to_one_service() {
        let mut ids: Vec<&str> = entries().iter().map(|e| e.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), entries().len());
        let mut hosts: Vec<&str> = entries()
            .iter()
            .flat_map(|e| e.hosts.iter().copied())
            .collect();
        hosts.sort_unstable();
        let all = hosts.len();
        hosts.dedup();
        assert_eq!(hosts.len(), all, "a host would classify as two services");
    }

    #[test]
    fn ids_are_found_and_typos_get_a_suggestion() {
        assert_eq!(find("youtube").map(|e| e.name), Some("YouTube"));
        assert_eq!(find("YouTube"), None, "ids are exact");
        assert_eq!(suggest("yandex-metrca"), Some("yandex-metrika"));
        assert_eq!(suggest("hotjr"), Some("hotjar"));
        assert_eq!(suggest("zzzzzzzz"), None);
    }

    #[test]
    fn the_json_export_is_valid_json_with_every_entry() {
        let JsonValue::Array(items) = parse_json(&to_json()).unwrap() else {
            panic!("not an array")
        };
        assert_eq!(items.len(), entries().len());
        assert_eq!(
            items[0].get("id").and_then(JsonValue::as_str),
            Some(entries()[0].id)
        );
        assert_eq!(
            items[9].get("storage"),
            Some(&JsonValue::Array(vec![JsonValue::String("_hj*".into())]))
        );
    }

    #[test]
    fn the_table_has_a_row_per_entry() {
        let table = markdown_table();
        assert_eq!(table.lines().count(), entries().len() + 2);
        assert!(table.contains(
            "| `google-analytics` | Google Analytics 4 | analytics | `_ga` `_ga_*` | — |"
        ));
    }
}
