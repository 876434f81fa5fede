//! Cookie categories and the services in them, as the site owner configures them.
//!
//! ```json
//! "categories": [
//!   {"id": "analytics", "revision": 2,
//!    "services": [{"name": "Яндекс Метрика", "cookies": ["_ym*"], "revision": 2}]},
//!   {"id": "advertising"}
//! ]
//! ```
//!
//! A service is a catalogue id (`"yandex-metrika"`, see [`crate::catalogue`]), a catalogue id
//! with fields of the site's own (`{"id": "youtube", "cookies": […]}`), or a service of the
//! site's own (`{"name": …, "cookies": […], "storage": […], "hosts": […], "policyUrl": …,
//! "provider": …, "country": "DE"}`). A catalogue service belongs to the category it is listed
//! in, whatever its default.
//!
//! `revision` marks the policy revision in which a category or service was added or last changed,
//! so a visitor who decided under an older revision is shown exactly what is new. Which entries
//! survive (valid, unique ids; at most 32) and which cookie patterns apply is read by the loader by
//! the same rules; the shared vectors check both.

use super::reader::{self, KeyReader, LocalizedText};
use super::rules::{is_cookie_pattern, is_host_pattern};
use super::surface::{self, Accepts, Key};
use crate::catalogue::{self, CatalogueEntry};
use crate::category::{CategoryId, ADVERTISING, ANALYTICS};
use crate::cookie_codec::MAX_CHOICES;
use crate::country::{self, Country};
use crate::json::JsonValue;
use crate::language::Language;

/// One service within a category: who sets which cookies, where its requests go, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceConfig {
    pub name: LocalizedText,
    pub description: Option<LocalizedText>,
    /// Cookie names or prefixes (`_ga*`) the service sets; deleted when the category is refused.
    pub cookies: Vec<String>,
    /// localStorage / sessionStorage keys or prefixes it sets; removed when the category is refused.
    pub storage: Vec<String>,
    /// Hosts its scripts, frames and images come from (`mc.yandex.ru`, `*.hotjar.com`).
    pub hosts: Vec<String>,
    /// The service's own privacy policy.
    pub policy_url: Option<String>,
    /// The company that receives its data; none given means the catalogue's (for a catalogue
    /// service, on the policy page's declaration) or not stated.
    pub provider: Option<LocalizedText>,
    /// The country its data goes to, when known: the banner names those outside Kazakhstan.
    pub country: Option<Country>,
    /// The catalogue entry it was built from, when the configuration named one.
    pub catalogue_id: Option<String>,
    /// The policy revision in which the service was added or last changed.
    pub revision: u32,
}

impl ServiceConfig {
    /// A catalogue entry as a configuration would have declared it by hand.
    pub fn from_catalogue(entry: &CatalogueEntry) -> Self {
        let owned = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect();
        ServiceConfig {
            name: LocalizedText::same(entry.name),
            description: Some(LocalizedText::per_language(
                Language::ALL.map(|language| (language, entry.description.get(language))),
            )),
            cookies: owned(entry.cookies),
            storage: owned(entry.storage),
            hosts: owned(entry.hosts),
            policy_url: Some(entry.policy_url.to_owned()),
            // The provider reaches the policy page's declaration from the catalogue's facts.
            provider: None,
            country: entry.country.and_then(Country::find),
            catalogue_id: Some(entry.id.to_owned()),
            revision: 1,
        }
    }
}

/// One category: an id, optional texts (built-in categories have bundled ones), its services.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryConfig {
    pub id: CategoryId,
    pub title: Option<LocalizedText>,
    pub description: Option<LocalizedText>,
    pub services: Vec<ServiceConfig>,
    /// The policy revision in which the category was added or last changed.
    pub revision: u32,
}

impl CategoryConfig {
    /// A category with bundled texts and no services.
    pub fn builtin(id: &'static str) -> Self {
        CategoryConfig {
            id: CategoryId::from_static(id),
            title: None,
            description: None,
            services: Vec::new(),
            revision: 1,
        }
    }
}

/// The categories when the configuration names none: analytics (the pixel) and advertising.
pub fn default_categories() -> Vec<CategoryConfig> {
    vec![
        CategoryConfig::builtin(ANALYTICS),
        CategoryConfig::builtin(ADVERTISING),
    ]
}

/// The keys of a category (its id is read first: an entry without a usable one is skipped).
pub const CATEGORY: &[Key<CategoryConfig>] = &[
    Key {
        name: "id",
        accepts: Accepts::Own,
        read: surface::read_first,
    },
    Key {
        name: "title",
        accepts: Accepts::LocalizedText,
        read: |reader, path, value, category| category.title = reader.localized(path, value),
    },
    Key {
        name: "description",
        accepts: Accepts::LocalizedText,
        read: |reader, path, value, category| category.description = reader.localized(path, value),
    },
    Key {
        name: "services",
        accepts: Accepts::Own,
        read: |reader, path, value, category| category.services = reader.services(path, value),
    },
    Key {
        name: "revision",
        accepts: Accepts::PolicyRevision,
        read: |reader, path, value, category| {
            category.revision = reader.policy_revision(path, value).unwrap_or(1)
        },
    },
];

/// The keys of a service (its id and name are read first: they decide what it starts from).
pub const SERVICE: &[Key<ServiceConfig>] = &[
    Key {
        name: "id",
        accepts: Accepts::Own,
        read: surface::read_first,
    },
    Key {
        name: "name",
        accepts: Accepts::Own,
        read: surface::read_first,
    },
    Key {
        name: "description",
        accepts: Accepts::LocalizedText,
        read: |reader, path, value, service| {
            if let Some(description) = reader.localized(path, value) {
                service.description = Some(description);
            }
        },
    },
    Key {
        name: "cookies",
        accepts: Accepts::CookiePatterns,
        read: |reader, path, value, service| service.cookies = reader.cookie_patterns(path, value),
    },
    Key {
        name: "storage",
        accepts: Accepts::StoragePatterns,
        read: |reader, path, value, service| service.storage = reader.storage_patterns(path, value),
    },
    Key {
        name: "hosts",
        accepts: Accepts::HostPatterns,
        read: |reader, path, value, service| service.hosts = reader.host_patterns(path, value),
    },
    Key {
        name: "policyUrl",
        accepts: Accepts::Url,
        read: |reader, path, value, service| {
            if let Some(url) = reader.url(path, value) {
                service.policy_url = Some(url);
            }
        },
    },
    Key {
        name: "provider",
        accepts: Accepts::LocalizedText,
        read: |reader, path, value, service| {
            if let Some(provider) = reader.localized(path, value) {
                service.provider = Some(provider);
            }
        },
    },
    Key {
        name: "country",
        accepts: Accepts::OneOf(&country::CODES),
        read: |reader, path, value, service| {
            if let Some(code) = reader.one_of(path, value, &country::CODES) {
                service.country = Country::find(code);
            }
        },
    },
    Key {
        name: "revision",
        accepts: Accepts::PolicyRevision,
        read: |reader, path, value, service| {
            service.revision = reader.policy_revision(path, value).unwrap_or(1)
        },
    },
];

impl KeyReader {
    /// Reads `categories`: entries without a valid, unique id are skipped (with a warning); a bad
    /// field of a kept entry warns and keeps its default.
    pub(super) fn categories(
        &mut self,
        path: &str,
        value: &JsonValue,
    ) -> Option<Vec<CategoryConfig>> {
        let items = self.array(path, value)?;
        let mut categories: Vec<CategoryConfig> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("{path}[{i}]");
            let Some(members) = self.object(&path, item) else {
                continue;
            };
            let id = match item.get("id") {
                Some(JsonValue::String(id)) => CategoryId::parse(id).ok(),
                _ => None,
            };
            let Some(id) = id else {
                self.bad(
                    &format!("{path}.id"),
                    "expected an id of 1 to 32 characters a-z, 0-9, '_', '-' starting with a letter; category skipped"
                        .to_owned(),
                );
                continue;
            };
            if categories.iter().any(|c| c.id == id) {
                self.bad(
                    &format!("{path}.id"),
                    format!("\"{id}\" is listed twice; the repeat is skipped"),
                );
                continue;
            }
            let optional_count = categories.iter().filter(|c| !c.id.is_necessary()).count();
            if !id.is_necessary() && optional_count == MAX_CHOICES {
                self.bad(
                    &path,
                    format!("more than {MAX_CHOICES} categories; the rest are skipped"),
                );
                break;
            }
            let mut category = CategoryConfig {
                id,
                title: None,
                description: None,
                services: Vec::new(),
                revision: 1,
            };
            self.members(&path, members, CATEGORY, &mut category);
            if category.title.is_none() && !is_builtin(category.id.as_str()) {
                self.bad(
                    &format!("{path}.title"),
                    "a category of your own needs a title; its id is shown instead".to_owned(),
                );
            }
            categories.push(category);
        }
        Some(categories)
    }

    /// Reads a category's `services`: catalogue ids (`"youtube"`), catalogue entries with fields
    /// of their own (`{"id": "youtube", "cookies": […]}`: each given field replaces the entry's),
    /// and services of the site's own (`{"name": …}`). An unknown id or a service without a name
    /// warns and is skipped; a bad field warns and keeps its default.
    fn services(&mut self, path: &str, value: &JsonValue) -> Vec<ServiceConfig> {
        let Some(items) = self.array(path, value) else {
            return Vec::new();
        };
        let mut services = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("{path}[{i}]");
            if let JsonValue::String(id) = item {
                if let Some(entry) = self.catalogue_entry(&path, id) {
                    services.push(ServiceConfig::from_catalogue(entry));
                }
                continue;
            }
            let Some(members) = self.object(&path, item) else {
                continue;
            };
            let base = match item.get("id") {
                None => None,
                Some(JsonValue::String(id)) => match self.catalogue_entry(&path, id) {
                    Some(entry) => Some(ServiceConfig::from_catalogue(entry)),
                    None => continue,
                },
                Some(other) => {
                    self.bad(
                        &format!("{path}.id"),
                        format!(
                            "expected the id of a catalogue service, found {}; service skipped",
                            reader::describe(other)
                        ),
                    );
                    continue;
                }
            };
            let name = match item.get("name") {
                Some(name) => self.localized(&format!("{path}.name"), name),
                None => None,
            };
            let mut service = match (base, name) {
                (Some(mut base), name) => {
                    base.name = name.unwrap_or(base.name);
                    base
                }
                (None, Some(name)) => ServiceConfig {
                    name,
                    description: None,
                    cookies: Vec::new(),
                    storage: Vec::new(),
                    hosts: Vec::new(),
                    policy_url: None,
                    provider: None,
                    country: None,
                    catalogue_id: None,
                    revision: 1,
                },
                (None, None) => {
                    self.bad(
                        &format!("{path}.name"),
                        "a service needs a name (or the id of a catalogue service); service skipped"
                            .to_owned(),
                    );
                    continue;
                }
            };
            self.members(&path, members, SERVICE, &mut service);
            services.push(service);
        }
        services
    }

    /// The catalogue entry `id`, or a warning on `path` suggesting the nearest id.
    fn catalogue_entry(&mut self, path: &str, id: &str) -> Option<&'static CatalogueEntry> {
        let entry = catalogue::find(id);
        if entry.is_none() {
            let shown = reader::describe(&JsonValue::String(id.to_owned()));
            let message = match catalogue::suggest(id) {
                Some(near) => {
                    format!("unknown service {shown} (did you mean \"{near}\"?); skipped")
                }
                None => format!(
                    "unknown service {shown}; skipped (the catalogue has: {})",
                    catalogue::entries()
                        .iter()
                        .map(|e| e.id)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            self.bad(path, message);
        }
        entry
    }

    fn storage_patterns(&mut self, path: &str, value: &JsonValue) -> Vec<String> {
        self.patterns(
            path,
            value,
            is_cookie_pattern,
            "a storage key or a prefix ending in * (\"_hj*\")",
        )
    }

    fn host_patterns(&mut self, path: &str, value: &JsonValue) -> Vec<String> {
        self.patterns(
            path,
            value,
            is_host_pattern,
            "a host (\"mc.yandex.ru\") or *.domain (\"*.hotjar.com\")",
        )
    }

    fn patterns(
        &mut self,
        path: &str,
        value: &JsonValue,
        valid: fn(&str) -> bool,
        expected: &str,
    ) -> Vec<String> {
        let Some(items) = self.array(path, value) else {
            return Vec::new();
        };
        let mut patterns = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item {
                JsonValue::String(p) if valid(p) => patterns.push(p.clone()),
                _ => self.bad(
                    &format!("{path}[{i}]"),
                    format!("expected {expected}; ignored"),
                ),
            }
        }
        patterns
    }

    fn cookie_patterns(&mut self, path: &str, value: &JsonValue) -> Vec<String> {
        self.patterns(
            path,
            value,
            is_cookie_pattern,
            "a cookie name or a prefix ending in * (\"_ga*\")",
        )
    }
}

fn is_builtin(id: &str) -> bool {
    surface::BUILT_IN_CATEGORIES.contains(&id)
}

/// Something added or changed since a visitor's decision, to show when asking again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyChange {
    /// A category the visitor has never answered.
    CategoryAdded(CategoryId),
    /// A category changed since the decision.
    CategoryChanged(CategoryId),
    /// A service added or changed since the decision, in `category`.
    Service {
        category: CategoryId,
        name: LocalizedText,
    },
}

/// What changed since a decision made under `decided_revision` that answered `answered`.
pub fn changes_since(
    categories: &[CategoryConfig],
    decided_revision: u32,
    answered: impl Fn(&CategoryId) -> bool,
) -> Vec<PolicyChange> {
    let mut changes = Vec::new();
    for category in categories {
        if !category.id.is_necessary() && !answered(&category.id) {
            changes.push(PolicyChange::CategoryAdded(category.id.clone()));
            continue;
        }
        if category.revision > decided_revision {
            changes.push(PolicyChange::CategoryChanged(category.id.clone()));
        }
        for service in category
            .services
            .iter()
            .filter(|s| s.revision > decided_revision)
        {
            changes.push(PolicyChange::Service {
                category: category.id.clone(),
                name: service.name.clone(),
            });
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse_json;

    fn read(text: &str) -> (Option<Vec<CategoryConfig>>, Vec<String>) {
        let mut reader = KeyReader {
            max_revision: 100,
            ..KeyReader::default()
        };
        let categories = reader.categories("categories", &parse_json(text).unwrap());
        let problems = reader.problems.iter().map(|p| p.to_string()).collect();
        (categories, problems)
    }

    #[test]
    fn categories_keep_their_order_texts_and_services() {
        let (categories, problems) = read(
            r#"[{"id": "necessary", "services": [{"name": "Сессия", "cookies": ["sid"]}]},
                {"id": "analytics", "revision": 2, "services": [
                    {"name": {"ru": "Метрика", "en": "Metrica"}, "cookies": ["_ym*", "yandexuid"], "revision": 2}]},
                {"id": "chat", "title": {"ru": "Чат", "kk": "Чат", "en": "Chat"}, "description": "Онлайн-консультант"}]"#,
        );
        assert_eq!(problems, Vec::<String>::new());
        let categories = categories.unwrap();
        let ids: Vec<&str> = categories.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["necessary", "analytics", "chat"]);
        assert_eq!(categories[1].services[0].cookies, ["_ym*", "yandexuid"]);
        assert_eq!(
            categories[1].services[0].name.get(Language::En),
            Some("Metrica")
        );
        assert_eq!(
            categories[2].title.as_ref().unwrap().get(Language::En),
            Some("Chat")
        );
    }

    #[test]
    fn entries_without_a_valid_unique_id_are_skipped_with_a_warning() {
        let (categories, problems) = read(
            r#"[{"id": "Bad Id"}, {"title": "x"}, 5, {"id": "analytics"}, {"id": "analytics"}]"#,
        );
        let ids: Vec<String> = categories
            .unwrap()
            .iter()
            .map(|c| c.id.to_string())
            .collect();
        assert_eq!(ids, ["analytics"]);
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("categories[0].id"));
        assert!(problems[3].contains("listed twice"));
    }

    #[test]
    fn bad_fields_warn_and_keep_the_entry() {
        let (categories, problems) = read(
            r#"[{"id": "analytics", "revision": "2", "services": [{"name": "GA", "cookies": ["_ga*", "bad name", 3]}, {"cookies": []}], "colour": 1}]"#,
        );
        let categories = categories.unwrap();
        assert_eq!(categories[0].revision, 1);
        assert_eq!(categories[0].services.len(), 1);
        assert_eq!(categories[0].services[0].cookies, ["_ga*"]);
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("categories[0].colour")));
    }

    #[test]
    fn a_catalogue_id_brings_the_whole_entry_into_the_category_it_is_listed_in() {
        let (categories, problems) = read(
            r#"[{"id": "analytics", "services": ["yandex-metrika"]},
                {"id": "advertising", "services": ["youtube"]}]"#,
        );
        assert_eq!(problems, Vec::<String>::new());
        let categories = categories.unwrap();
        let metrika = &categories[0].services[0];
        assert_eq!(metrika.catalogue_id.as_deref(), Some("yandex-metrika"));
        assert_eq!(metrika.name.get(Language::Ru), Some("Яндекс Метрика"));
        assert_eq!(metrika.cookies, ["_ym_*"]);
        assert_eq!(metrika.hosts, ["mc.yandex.ru"]);
        assert_eq!(
            metrika.policy_url.as_deref(),
            Some("https://yandex.ru/legal/confidential/")
        );
        let description = metrika.description.as_ref().unwrap();
        assert!(description
            .get(Language::Kk)
            .unwrap()
            .starts_with("Яндекстің"));
        assert!(description
            .get(Language::En)
            .unwrap()
            .starts_with("Yandex's"));
        let youtube = &categories[1].services[0];
        assert_eq!(
            (categories[1].id.as_str(), youtube.catalogue_id.as_deref()),
            ("advertising", Some("youtube")),
            "listed under advertising, whatever its default"
        );
    }

    #[test]
    fn an_object_with_an_id_overrides_only_the_fields_it_gives() {
        let (categories, problems) = read(
            r#"[{"id": "functional", "title": "Видео", "services": [
                {"id": "youtube", "name": {"ru": "Ролики", "en": "Clips"}, "cookies": ["YSC", "PREF"],
                 "storage": ["yt-*"], "hosts": ["www.youtube-nocookie.com"], "policyUrl": "/privacy#youtube", "revision": 2}]}]"#,
        );
        assert_eq!(problems, Vec::<String>::new());
        let youtube = &categories.unwrap()[0].services[0];
        assert_eq!(youtube.catalogue_id.as_deref(), Some("youtube"));
        assert_eq!(youtube.name.get(Language::En), Some("Clips"));
        assert_eq!(youtube.cookies, ["YSC", "PREF"]);
        assert_eq!(youtube.storage, ["yt-*"]);
        assert_eq!(youtube.hosts, ["www.youtube-nocookie.com"]);
        assert_eq!(youtube.policy_url.as_deref(), Some("/privacy#youtube"));
        assert_eq!(youtube.revision, 2);
        let catalogue = crate::catalogue::find("youtube").unwrap();
        assert_eq!(
            youtube.description.as_ref().unwrap().get(Language::En),
            Some(catalogue.description.en),
            "a field not given keeps the catalogue's"
        );
    }

    #[test]
    fn an_unknown_id_warns_with_the_nearest_and_the_rest_still_applies() {
        let (categories, problems) = read(
            r#"[{"id": "analytics", "services": ["google-analytics"]},
                {"id": "advertising", "services": ["yandex-metrca", {"id": "zzzzzz"}, {"id": 7}, "meta-pixel", 3]}]"#,
        );
        let categories = categories.unwrap();
        assert_eq!(
            categories[0].services[0].catalogue_id.as_deref(),
            Some("google-analytics")
        );
        let kept: Vec<Option<&str>> = categories[1]
            .services
            .iter()
            .map(|s| s.catalogue_id.as_deref())
            .collect();
        assert_eq!(kept, [Some("meta-pixel")]);
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert_eq!(
            problems[0],
            "jl-consent: configuration key \"categories[1].services[0]\": unknown service \"yandex-metrca\" (did you mean \"yandex-metrika\"?); skipped"
        );
        assert!(
            problems[1].contains("categories[1].services[1]")
                && problems[1].contains("the catalogue has: yandex-metrika, google-analytics"),
            "{}",
            problems[1]
        );
        assert!(
            problems[2].contains("categories[1].services[2].id"),
            "{}",
            problems[2]
        );
        assert!(
            problems[3].contains("categories[1].services[4]"),
            "{}",
            problems[3]
        );
    }

    #[test]
    fn a_service_of_your_own_keeps_working_and_its_new_fields_are_checked() {
        let (categories, problems) = read(
            r#"[{"id": "analytics", "services": [
                {"name": "Счётчик", "cookies": ["_c*"], "storage": ["ok*", "bad key"], "hosts": ["stat.example.kz", "*.cdn.example", "http://x.kz", "*.kz"], "policyUrl": "javascript:alert(1)", "hots": []},
                {"description": "no name"}]}]"#,
        );
        let services = &categories.unwrap()[0].services;
        assert_eq!(services.len(), 1);
        let own = &services[0];
        assert_eq!(own.catalogue_id, None);
        assert_eq!(own.cookies, ["_c*"]);
        assert_eq!(own.storage, ["ok*"]);
        assert_eq!(own.hosts, ["stat.example.kz", "*.cdn.example"]);
        assert_eq!(own.policy_url, None);
        let keys: Vec<&str> = problems
            .iter()
            .map(|p| p.split('"').nth(1).unwrap())
            .collect();
        assert_eq!(
            keys,
            [
                "categories[0].services[0].storage[1]",
                "categories[0].services[0].hosts[2]",
                "categories[0].services[0].hosts[3]",
                "categories[0].services[0].policyUrl",
                "categories[0].services[0].hots",
                "categories[0].services[1].name",
            ]
        );
        assert!(
            problems[4].contains("did you mean \"hosts\""),
            "{}",
            problems[4]
        );
    }

    #[test]
    fn a_category_of_your_own_without_a_title_warns() {
        let (_, problems) = read(r#"[{"id": "chat"}]"#);
        assert!(problems[0].contains("categories[0].title"));
    }

    #[test]
    fn at_most_32_optional_categories_are_kept() {
        let many: Vec<String> = (0..40)
            .map(|i| format!("{{\"id\": \"c{i}\", \"title\": \"C\"}}"))
            .collect();
        let (categories, problems) =
            read(&format!("[{{\"id\": \"necessary\"}}, {}]", many.join(",")));
        assert_eq!(categories.unwrap().len(), 33);
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn changes_since_a_decision_list_new_and_changed_items() {
        let (categories, _) = read(
            r#"[{"id": "analytics", "services": [{"name": "Old"}, {"name": "New", "revision": 3}]},
                {"id": "advertising", "revision": 3},
                {"id": "chat", "title": "Чат"}]"#,
        );
        let categories = categories.unwrap();
        let answered = |id: &CategoryId| id.as_str() != "chat";
        let changes = changes_since(&categories, 2, answered);
        assert_eq!(
            changes,
            vec![
                PolicyChange::Service {
                    category: CategoryId::parse("analytics").unwrap(),
                    name: LocalizedText::same("New")
                },
                PolicyChange::CategoryChanged(CategoryId::parse("advertising").unwrap()),
                PolicyChange::CategoryAdded(CategoryId::parse("chat").unwrap()),
            ]
        );
        assert_eq!(changes_since(&categories, 3, |_| true), vec![]);
    }
}
