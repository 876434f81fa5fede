//! Reading one configuration value at a time: each bad value becomes one problem that names its
//! key, and the caller keeps the default.

use super::rules::is_safe_url;
use super::surface::{names, Key};
use super::ConfigProblem;
use crate::json::JsonValue;
use crate::language::Language;
use crate::suggest::closest;

/// Collects problems while configuration values are read.
#[derive(Default)]
pub(super) struct KeyReader {
    pub(super) problems: Vec<ConfigProblem>,
    /// The configuration's revision: no category or service may claim a later one.
    pub(super) max_revision: u32,
}

/// A value in several languages: one text for all, or `{"ru": …, "kk": …, "en": …}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocalizedText {
    /// One text for every language.
    pub(crate) all: Option<String>,
    /// Texts for particular languages.
    pub(crate) by_language: Vec<(Language, String)>,
}

impl LocalizedText {
    /// The same text in every language.
    pub fn same(text: impl Into<String>) -> Self {
        LocalizedText {
            all: Some(text.into()),
            by_language: Vec::new(),
        }
    }

    /// One text per language, as the catalogue of services defines them.
    pub fn per_language(texts: [(Language, &str); 3]) -> Self {
        LocalizedText {
            all: None,
            by_language: texts.iter().map(|(l, t)| (*l, (*t).to_owned())).collect(),
        }
    }

    /// The text for `language`: its own, else the all-language one, else the Russian one, else any.
    pub fn get(&self, language: Language) -> Option<&str> {
        let own = |l: Language| {
            self.by_language
                .iter()
                .find(|(k, _)| *k == l)
                .map(|(_, t)| t.as_str())
        };
        own(language)
            .or(self.all.as_deref())
            .or_else(|| own(Language::Ru))
            .or_else(|| self.by_language.first().map(|(_, t)| t.as_str()))
    }
}

/// Longest text accepted, in characters.
pub const MAX_TEXT_LEN: usize = 2000;

impl KeyReader {
    pub(super) fn bad(&mut self, key: &str, message: String) {
        self.problems.push(ConfigProblem::BadKey {
            key: key.to_owned(),
            message,
        });
    }

    /// Warns about `path`, an unknown key whose own name is `name`, suggesting the nearest of `known`.
    pub(super) fn unknown(&mut self, path: &str, name: &str, known: &[&str]) {
        let message = match closest(name, known) {
            Some(suggestion) => format!("unknown key, ignored (did you mean \"{suggestion}\"?)"),
            None => format!("unknown key, ignored (known keys: {})", known.join(", ")),
        };
        self.bad(path, message);
    }

    /// Reads each member of an object at `path` through its table into `target`; a key the table
    /// lacks warns, suggesting the nearest known one.
    pub(super) fn members<T>(
        &mut self,
        path: &str,
        members: &[(String, JsonValue)],
        keys: &[Key<T>],
        target: &mut T,
    ) {
        for (name, value) in members {
            let field = if path.is_empty() {
                name.clone()
            } else {
                format!("{path}.{name}")
            };
            match keys.iter().find(|key| key.name == name) {
                Some(key) => (key.read)(self, &field, value, target),
                None => self.unknown(&field, name, &names(keys)),
            }
        }
    }

    /// The members of an object, or a problem naming `path`.
    pub(super) fn object<'v>(
        &mut self,
        path: &str,
        value: &'v JsonValue,
    ) -> Option<&'v [(String, JsonValue)]> {
        match value {
            JsonValue::Object(members) => Some(members),
            other => {
                self.bad(
                    path,
                    format!("expected an object, found {}; ignored", other.kind()),
                );
                None
            }
        }
    }

    /// The items of an array, or a problem naming `path`.
    pub(super) fn array<'v>(
        &mut self,
        path: &str,
        value: &'v JsonValue,
    ) -> Option<&'v [JsonValue]> {
        match value {
            JsonValue::Array(items) => Some(items),
            other => {
                self.bad(
                    path,
                    format!("expected an array, found {}; ignored", other.kind()),
                );
                None
            }
        }
    }

    pub(super) fn whole_number(
        &mut self,
        key: &str,
        value: &JsonValue,
        min: u32,
        max: u32,
    ) -> Option<u32> {
        match value {
            JsonValue::Number(n)
                if n.fract() == 0.0 && *n >= f64::from(min) && *n <= f64::from(max) =>
            {
                Some(*n as u32)
            }
            other => {
                self.bad(
                    key,
                    format!(
                        "expected a whole number from {min} to {max}, found {}; using the default",
                        describe(other)
                    ),
                );
                None
            }
        }
    }

    /// A category's or service's revision: from 1 to the configuration's own.
    pub(super) fn policy_revision(&mut self, key: &str, value: &JsonValue) -> Option<u32> {
        self.whole_number(key, value, 1, self.max_revision)
    }

    pub(super) fn boolean(&mut self, key: &str, value: &JsonValue) -> Option<bool> {
        match value {
            JsonValue::Bool(b) => Some(*b),
            other => {
                self.bad(
                    key,
                    format!(
                        "expected true or false, found {}; using the default",
                        describe(other)
                    ),
                );
                None
            }
        }
    }

    /// One of `choices` (a string), or a problem naming `key`.
    pub(super) fn one_of(
        &mut self,
        key: &str,
        value: &JsonValue,
        choices: &[&'static str],
    ) -> Option<&'static str> {
        if let JsonValue::String(s) = value {
            if let Some(choice) = choices.iter().find(|name| *name == s) {
                return Some(choice);
            }
        }
        let names: Vec<String> = choices.iter().map(|name| format!("\"{name}\"")).collect();
        self.bad(
            key,
            format!(
                "expected one of {}, found {}; using the default",
                names.join(", "),
                describe(value)
            ),
        );
        None
    }

    pub(super) fn url(&mut self, key: &str, value: &JsonValue) -> Option<String> {
        match value {
            JsonValue::Null => None,
            JsonValue::String(url) if is_safe_url(url) => Some(url.clone()),
            other => {
                self.bad(
                    key,
                    format!(
                        "expected an http(s) URL or a path, found {}; it is not used",
                        describe(other)
                    ),
                );
                None
            }
        }
    }

    pub(super) fn language(&mut self, key: &str, value: &JsonValue) -> Option<Language> {
        match value {
            JsonValue::Null => None,
            JsonValue::String(s) if s == "auto" => None,
            JsonValue::String(s) if Language::from_tag(s).is_some() && s.len() <= 5 => {
                Language::from_tag(s)
            }
            other => {
                self.bad(
                    key,
                    format!(
                        "expected \"ru\", \"kk\", \"en\" or \"auto\", found {}; choosing automatically",
                        describe(other)
                    ),
                );
                None
            }
        }
    }

    /// A non-empty text of at most [`MAX_TEXT_LEN`] characters.
    pub(super) fn text(&mut self, key: &str, value: &JsonValue) -> Option<String> {
        match value {
            JsonValue::String(s) if !s.trim().is_empty() && s.chars().count() <= MAX_TEXT_LEN => {
                Some(s.clone())
            }
            other => {
                self.bad(
                    key,
                    format!(
                        "expected a non-empty text of at most {MAX_TEXT_LEN} characters, found {}; ignored",
                        describe(other)
                    ),
                );
                None
            }
        }
    }

    /// A text for all languages (a string) or per language (`{"ru": …, "kk": …}`).
    pub(super) fn localized(&mut self, key: &str, value: &JsonValue) -> Option<LocalizedText> {
        if let JsonValue::String(_) = value {
            return self.text(key, value).map(LocalizedText::same);
        }
        let JsonValue::Object(members) = value else {
            self.bad(
                key,
                format!(
                    "expected a text or an object of texts by language, found {}; ignored",
                    value.kind()
                ),
            );
            return None;
        };
        let mut localized = LocalizedText::default();
        for (code, text) in members {
            let path = format!("{key}.{code}");
            match Language::ALL.into_iter().find(|l| l.code() == code) {
                Some(language) => {
                    if let Some(text) = self.text(&path, text) {
                        localized.by_language.push((language, text));
                    }
                }
                None => self.bad(
                    &path,
                    "expected a language code: \"ru\", \"kk\" or \"en\"; ignored".to_owned(),
                ),
            }
        }
        (!localized.by_language.is_empty()).then_some(localized)
    }
}

/// A value for an error message: its type, and the value itself when short.
pub(super) fn describe(value: &JsonValue) -> String {
    match value {
        JsonValue::String(s) if s.chars().count() <= 40 => format!("\"{s}\""),
        // Whole numbers are shown as such; printing any float would cost the widget a float formatter.
        JsonValue::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => (*n as i64).to_string(),
        JsonValue::Bool(b) => b.to_string(),
        other => other.kind().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localized_texts_fall_back_sensibly() {
        let mut reader = KeyReader::default();
        let value = crate::json::parse_json(r#"{"ru": "Привет", "en": "Hello"}"#).unwrap();
        let text = reader.localized("t", &value).unwrap();
        assert_eq!(text.get(Language::En), Some("Hello"));
        assert_eq!(
            text.get(Language::Kk),
            Some("Привет"),
            "Russian is the fallback"
        );
        assert_eq!(LocalizedText::same("x").get(Language::Kk), Some("x"));
        assert!(reader.problems.is_empty());
    }

    #[test]
    fn numbers_are_described_without_float_formatting() {
        assert_eq!(describe(&JsonValue::Number(42.0)), "42");
        assert_eq!(describe(&JsonValue::Number(2.5)), "a number");
        assert_eq!(describe(&JsonValue::String("x".into())), "\"x\"");
    }
}
