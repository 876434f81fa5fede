//! Google Consent Mode v2: which consent signals each category grants.
//!
//! The loader sends `gtag('consent', 'default', …)` with every signal denied (except those mapped
//! to the strictly necessary category) before any tag runs, and `update` on every decision. It
//! reads this mapping by the same rules (shared vectors).
//!
//! ```json
//! "googleConsentMode": {"waitForUpdate": 500,
//!   "signals": {"analytics": ["analytics_storage"], "advertising": ["ad_storage", "ad_user_data", "ad_personalization"]}}
//! ```

use super::reader::KeyReader;
use super::surface::{Accepts, Key};
use crate::category::CategoryId;
use crate::json::JsonValue;

/// Every Consent Mode v2 signal.
pub const CONSENT_SIGNALS: [&str; 7] = [
    "ad_storage",
    "ad_user_data",
    "ad_personalization",
    "analytics_storage",
    "functionality_storage",
    "personalization_storage",
    "security_storage",
];

/// Longest `wait_for_update` accepted, in milliseconds.
pub const MAX_WAIT_FOR_UPDATE_MS: u32 = 10_000;

/// How the widget speaks Google Consent Mode v2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentModeConfig {
    pub enabled: bool,
    /// How long tags wait for the `update` after the `default`, in milliseconds.
    pub wait_for_update_ms: u32,
    /// For each category, the signals it grants.
    pub signals: Vec<(CategoryId, Vec<&'static str>)>,
}

impl Default for ConsentModeConfig {
    fn default() -> Self {
        let category =
            |id: &str| CategoryId::parse(id).unwrap_or_else(|_| unreachable!("a built-in id"));
        ConsentModeConfig {
            enabled: true,
            wait_for_update_ms: 500,
            signals: vec![
                (
                    category("necessary"),
                    vec!["functionality_storage", "security_storage"],
                ),
                (category("analytics"), vec!["analytics_storage"]),
                (
                    category("advertising"),
                    vec!["ad_storage", "ad_user_data", "ad_personalization"],
                ),
            ],
        }
    }
}

/// The keys of `googleConsentMode` given as an object.
pub const CONSENT_MODE: &[Key<ConsentModeConfig>] = &[
    Key {
        name: "enabled",
        accepts: Accepts::Boolean,
        read: |reader, path, value, mode| {
            mode.enabled = reader.boolean(path, value).unwrap_or(true)
        },
    },
    Key {
        name: "waitForUpdate",
        accepts: Accepts::WholeNumber {
            min: 0,
            max: MAX_WAIT_FOR_UPDATE_MS,
        },
        read: |reader, path, value, mode| {
            mode.wait_for_update_ms = reader
                .whole_number(path, value, 0, MAX_WAIT_FOR_UPDATE_MS)
                .unwrap_or(500)
        },
    },
    Key {
        name: "signals",
        accepts: Accepts::Own,
        read: |reader, path, value, mode| {
            if let Some(signals) = reader.signals(path, value) {
                mode.signals = signals;
            }
        },
    },
];

impl KeyReader {
    /// Reads `googleConsentMode`: `false`, `true`, or an object.
    pub(super) fn consent_mode(&mut self, path: &str, value: &JsonValue) -> ConsentModeConfig {
        let mut config = ConsentModeConfig::default();
        match value {
            JsonValue::Bool(enabled) => config.enabled = *enabled,
            JsonValue::Object(members) => self.members(path, members, CONSENT_MODE, &mut config),
            other => self.bad(
                path,
                format!(
                    "expected true, false or an object, found {}; using the defaults",
                    other.kind()
                ),
            ),
        }
        config
    }

    fn signals(
        &mut self,
        path: &str,
        value: &JsonValue,
    ) -> Option<Vec<(CategoryId, Vec<&'static str>)>> {
        let members = self.object(path, value)?;
        let mut mapping = Vec::new();
        for (category, names) in members {
            let field = format!("{path}.{category}");
            let Ok(category) = CategoryId::parse(category) else {
                self.bad(&field, "not a category id; ignored".to_owned());
                continue;
            };
            let Some(names) = self.array(&field, names) else {
                continue;
            };
            let mut signals = Vec::new();
            for (i, name) in names.iter().enumerate() {
                match name
                    .as_str()
                    .and_then(|n| CONSENT_SIGNALS.iter().find(|s| **s == n))
                {
                    Some(signal) => signals.push(*signal),
                    None => self.bad(
                        &format!("{field}[{i}]"),
                        format!(
                            "expected a Consent Mode signal ({}); ignored",
                            CONSENT_SIGNALS.join(", ")
                        ),
                    ),
                }
            }
            mapping.push((category, signals));
        }
        Some(mapping)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse_json;

    fn read(text: &str) -> (ConsentModeConfig, usize) {
        let mut reader = KeyReader::default();
        let config = reader.consent_mode("googleConsentMode", &parse_json(text).unwrap());
        (config, reader.problems.len())
    }

    #[test]
    fn the_default_maps_the_built_in_categories() {
        let (config, problems) = read("true");
        assert_eq!(
            (config.clone(), problems),
            (ConsentModeConfig::default(), 0)
        );
        assert!(config.enabled);
        assert_eq!(config.wait_for_update_ms, 500);
    }

    #[test]
    fn false_turns_it_off() {
        assert!(!read("false").0.enabled);
        assert!(!read(r#"{"enabled": false}"#).0.enabled);
    }

    #[test]
    fn a_mapping_replaces_the_default_and_bad_signals_are_named() {
        let (config, problems) = read(
            r#"{"waitForUpdate": 1000, "signals": {"analytics": ["analytics_storage", "ad_storage", "bogus"], "Bad": []}}"#,
        );
        assert_eq!(config.wait_for_update_ms, 1000);
        assert_eq!(config.signals.len(), 1);
        assert_eq!(config.signals[0].1, ["analytics_storage", "ad_storage"]);
        assert_eq!(problems, 2);
    }
}
