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
//! `revision` marks the policy revision in which a category or service was added or last changed,
//! so a visitor who decided under an older revision is shown exactly what is new. Which entries
//! survive (valid, unique ids; at most 32) and which cookie patterns apply is read by the loader by
//! the same rules; the shared vectors check both.

use super::reader::{KeyReader, LocalizedText};
use super::rules::is_cookie_pattern;
use crate::category::{CategoryId, ADVERTISING, ANALYTICS, NECESSARY};
use crate::cookie_codec::MAX_CHOICES;
use crate::json::JsonValue;

/// One service within a category: who sets which cookies, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceConfig {
    pub name: LocalizedText,
    pub description: Option<LocalizedText>,
    /// Cookie names or prefixes (`_ga*`) the service sets; deleted when the category is refused.
    pub cookies: Vec<String>,
    /// The policy revision in which the service was added or last changed.
    pub revision: u32,
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

pub const CATEGORY_KEYS: &[&str] = &["id", "title", "description", "services", "revision"];
pub const SERVICE_KEYS: &[&str] = &["name", "description", "cookies", "revision"];

impl KeyReader {
    /// Reads `categories`: entries without a valid, unique id are skipped (with a warning); a bad
    /// field of a kept entry warns and keeps its default.
    pub(super) fn categories(
        &mut self,
        value: &JsonValue,
        max_revision: u32,
    ) -> Option<Vec<CategoryConfig>> {
        let items = self.array("categories", value)?;
        let mut categories: Vec<CategoryConfig> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("categories[{i}]");
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
            for (key, value) in members {
                let field = format!("{path}.{key}");
                match key.as_str() {
                    "id" => {}
                    "title" => category.title = self.localized(&field, value),
                    "description" => category.description = self.localized(&field, value),
                    "revision" => {
                        category.revision = self
                            .whole_number(&field, value, 1, max_revision)
                            .unwrap_or(1)
                    }
                    "services" => category.services = self.services(&field, value, max_revision),
                    other => self.unknown(&field, other, CATEGORY_KEYS),
                }
            }
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

    fn services(&mut self, path: &str, value: &JsonValue, max_revision: u32) -> Vec<ServiceConfig> {
        let Some(items) = self.array(path, value) else {
            return Vec::new();
        };
        let mut services = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("{path}[{i}]");
            let Some(members) = self.object(&path, item) else {
                continue;
            };
            let Some(name) = item
                .get("name")
                .and_then(|n| self.localized(&format!("{path}.name"), n))
            else {
                self.bad(
                    &format!("{path}.name"),
                    "a service needs a name; service skipped".to_owned(),
                );
                continue;
            };
            let mut service = ServiceConfig {
                name,
                description: None,
                cookies: Vec::new(),
                revision: 1,
            };
            for (key, value) in members {
                let field = format!("{path}.{key}");
                match key.as_str() {
                    "name" => {}
                    "description" => service.description = self.localized(&field, value),
                    "revision" => {
                        service.revision = self
                            .whole_number(&field, value, 1, max_revision)
                            .unwrap_or(1)
                    }
                    "cookies" => service.cookies = self.cookie_patterns(&field, value),
                    other => self.unknown(&field, other, SERVICE_KEYS),
                }
            }
            services.push(service);
        }
        services
    }

    fn cookie_patterns(&mut self, path: &str, value: &JsonValue) -> Vec<String> {
        let Some(items) = self.array(path, value) else {
            return Vec::new();
        };
        let mut patterns = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item {
                JsonValue::String(p) if is_cookie_pattern(p) => patterns.push(p.clone()),
                _ => self.bad(
                    &format!("{path}[{i}]"),
                    "expected a cookie name or a prefix ending in * (\"_ga*\"); ignored".to_owned(),
                ),
            }
        }
        patterns
    }
}

fn is_builtin(id: &str) -> bool {
    [NECESSARY, ANALYTICS, ADVERTISING].contains(&id)
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
    use crate::language::Language;

    fn read(text: &str) -> (Option<Vec<CategoryConfig>>, Vec<String>) {
        let mut reader = KeyReader::default();
        let categories = reader.categories(&parse_json(text).unwrap(), 100);
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
