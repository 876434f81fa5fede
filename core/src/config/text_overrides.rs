//! The site owner's own wording: any bundled text, and the policy summary itself, per language.
//!
//! ```json
//! "texts": {"ru": {"acceptAll": "Согласен", "summary": [{"text": "…", "clauses": ["3.3"]}]}}
//! ```

use super::reader::KeyReader;
use crate::json::JsonValue;
use crate::language::Language;
use crate::texts::{SummaryOverride, TextKey};

/// Every text override of the configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextOverrides {
    pub texts: Vec<(Language, TextKey, String)>,
    pub summaries: Vec<(Language, Vec<SummaryOverride>)>,
}

impl TextOverrides {
    /// The text overrides for `language`, in order.
    pub fn texts_for(&self, language: Language) -> Vec<(TextKey, String)> {
        self.texts
            .iter()
            .filter(|(l, _, _)| *l == language)
            .map(|(_, key, text)| (*key, text.clone()))
            .collect()
    }

    /// These overrides with `other`'s on top (a variant's over the configuration's).
    pub fn layered_with(&self, other: &TextOverrides) -> TextOverrides {
        let mut texts = self.texts.clone();
        texts.extend(other.texts.iter().cloned());
        let mut summaries = other.summaries.clone();
        summaries.extend(
            self.summaries
                .iter()
                .filter(|(l, _)| !other.summaries.iter().any(|(o, _)| o == l))
                .cloned(),
        );
        TextOverrides { texts, summaries }
    }

    /// The summary written for `language`, if any.
    pub fn summary_for(&self, language: Language) -> Option<Vec<SummaryOverride>> {
        self.summaries
            .iter()
            .find(|(l, _)| *l == language)
            .map(|(_, s)| s.clone())
    }
}

impl KeyReader {
    /// Reads text overrides found at `at` (`texts`, or a variant's `variants[1].texts`).
    pub(super) fn text_overrides_at(&mut self, at: &str, value: &JsonValue) -> TextOverrides {
        let mut overrides = TextOverrides::default();
        let Some(languages) = self.object(at, value) else {
            return overrides;
        };
        for (code, texts) in languages {
            let path = format!("{at}.{code}");
            let Some(language) = Language::ALL.into_iter().find(|l| l.code() == code) else {
                self.bad(
                    &path,
                    "expected a language code: \"ru\", \"kk\" or \"en\"; ignored".to_owned(),
                );
                continue;
            };
            let Some(entries) = self.object(&path, texts) else {
                continue;
            };
            for (name, text) in entries {
                let field = format!("{path}.{name}");
                if name == "summary" {
                    if let Some(summary) = self.summary(&field, text) {
                        overrides.summaries.push((language, summary));
                    }
                    continue;
                }
                let Some(key) = TextKey::from_name(name) else {
                    let known: Vec<&str> = TextKey::ALL
                        .iter()
                        .map(|k| k.name())
                        .chain(["summary"])
                        .collect();
                    self.unknown(&field, name, &known);
                    continue;
                };
                if let Some(text) = self.text(&field, text) {
                    overrides.texts.push((language, key, text));
                }
            }
        }
        overrides
    }

    fn summary(&mut self, path: &str, value: &JsonValue) -> Option<Vec<SummaryOverride>> {
        let items = self.array(path, value)?;
        let mut points = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let field = format!("{path}[{i}]");
            let (text, clauses) = match item {
                JsonValue::String(_) => (self.text(&field, item), Vec::new()),
                JsonValue::Object(_) => {
                    let text = item
                        .get("text")
                        .and_then(|t| self.text(&format!("{field}.text"), t));
                    let clauses = match item.get("clauses") {
                        None => Vec::new(),
                        Some(JsonValue::Array(clauses)) if clauses.iter().all(is_clause_number) => {
                            clauses
                                .iter()
                                .filter_map(|c| c.as_str().map(str::to_owned))
                                .collect()
                        }
                        Some(_) => {
                            self.bad(
                                &format!("{field}.clauses"),
                                "expected clause numbers such as [\"3.3\"]; ignored".to_owned(),
                            );
                            Vec::new()
                        }
                    };
                    (text, clauses)
                }
                other => {
                    self.bad(
                        &field,
                        format!(
                            "expected a text or {{\"text\", \"clauses\"}}, found {}; ignored",
                            other.kind()
                        ),
                    );
                    (None, Vec::new())
                }
            };
            if let Some(text) = text {
                points.push(SummaryOverride { text, clauses });
            }
        }
        (!points.is_empty()).then_some(points)
    }
}

fn is_clause_number(value: &JsonValue) -> bool {
    value.as_str().is_some_and(|s| {
        !s.is_empty()
            && s.len() <= 16
            && s.split('.')
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
    })
}
