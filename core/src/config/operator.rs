//! Who asks for consent: the operator of the site's personal data, as the notice names it.
//!
//! ```json
//! "operator": {"name": {"ru": "ТОО «Пример»", "en": "Example LLP"}, "bin": "123456789012", "contact": "privacy@example.kz"}
//! ```
//!
//! The defaults are Jet Leasing's, as its privacy policy names the company (the preamble:
//! Товарищество с ограниченной ответственностью «Jet Leasing») and its contact (clause 9.3). The
//! policy gives no BIN, so none is shown until a configuration gives one.

use super::reader::{self, KeyReader, LocalizedText};
use super::surface::{Accepts, Key};
use crate::json::JsonValue;
use crate::language::Language;

/// The operator the notice names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperatorConfig {
    /// The legal name, per language (an LLP is ТОО / ЖШС / LLP).
    pub name: LocalizedText,
    /// The business identification number (БИН): 12 digits, when the configuration gives one.
    pub bin: Option<String>,
    /// Where a visitor writes about their data (an e-mail address, a page…).
    pub contact: Option<LocalizedText>,
}

/// The e-mail address clause 9.3 of the Jet Leasing policy names.
pub const JET_LEASING_CONTACT: &str = "merchant@jetfin.kz";

impl Default for OperatorConfig {
    fn default() -> Self {
        OperatorConfig {
            name: LocalizedText::per_language([
                (Language::Ru, "ТОО «Jet Leasing»"),
                (Language::Kk, "«Jet Leasing» ЖШС"),
                (Language::En, "Jet Leasing LLP"),
            ]),
            bin: None,
            contact: Some(LocalizedText::same(JET_LEASING_CONTACT)),
        }
    }
}

/// True for a BIN as Kazakhstan issues them: exactly 12 digits.
pub fn is_bin(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The keys of `operator`.
pub const OPERATOR: &[Key<OperatorConfig>] = &[
    Key {
        name: "name",
        accepts: Accepts::LocalizedText,
        read: |reader, path, value, operator| {
            if let Some(name) = reader.localized(path, value) {
                operator.name = name;
            }
        },
    },
    Key {
        name: "bin",
        accepts: Accepts::Bin,
        read: |reader, path, value, operator| {
            if let Some(bin) = reader.bin(path, value) {
                operator.bin = bin;
            }
        },
    },
    Key {
        name: "contact",
        accepts: Accepts::LocalizedText,
        read: |reader, path, value, operator| {
            if let Some(contact) = reader.localized(path, value) {
                operator.contact = Some(contact);
            }
        },
    },
];

impl KeyReader {
    pub(super) fn operator(
        &mut self,
        path: &str,
        value: &JsonValue,
        operator: &mut OperatorConfig,
    ) {
        let JsonValue::Object(members) = value else {
            self.bad(
                path,
                format!(
                    "expected an object, found {}; using the defaults",
                    value.kind()
                ),
            );
            return;
        };
        self.members(path, members, OPERATOR, operator);
    }

    /// A BIN (`Some(None)`: null, none shown), or a problem naming `path`.
    pub(super) fn bin(&mut self, path: &str, value: &JsonValue) -> Option<Option<String>> {
        match value {
            JsonValue::Null => Some(None),
            JsonValue::String(bin) if is_bin(bin) => Some(Some(bin.clone())),
            other => {
                self.bad(
                    path,
                    format!(
                        "expected a BIN of 12 digits as a string, or null, found {}; using the default",
                        reader::describe(other)
                    ),
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_config;
    use crate::policy_document::JET_LEASING_POLICY_RU;

    #[test]
    fn the_defaults_are_what_the_policy_says_of_the_company() {
        let operator = OperatorConfig::default();
        // The preamble names the company in full; ТОО, ЖШС and LLP abbreviate that legal form.
        assert!(JET_LEASING_POLICY_RU
            .contains("Товарищество с ограниченной ответственностью «Jet Leasing»"));
        assert_eq!(operator.name.get(Language::Ru), Some("ТОО «Jet Leasing»"));
        for language in Language::ALL {
            assert!(operator
                .name
                .get(language)
                .is_some_and(|name| name.contains("Jet Leasing")));
        }
        let policy = crate::policy_document::PolicyDocument::jet_leasing_ru();
        assert!(policy.clause("9.3").unwrap().contains(JET_LEASING_CONTACT));
        assert_eq!(
            operator.contact.as_ref().and_then(|c| c.get(Language::Kk)),
            Some(JET_LEASING_CONTACT)
        );
        // No BIN is invented: the policy has no 12-digit number to take one from.
        let digits_runs = JET_LEASING_POLICY_RU
            .split(|c: char| !c.is_ascii_digit())
            .filter(|run| run.len() >= 12)
            .count();
        assert_eq!(digits_runs, 0);
        assert_eq!(operator.bin, None);
    }

    #[test]
    fn a_site_names_its_own_operator_and_bad_values_keep_the_defaults() {
        let (config, problems) = parse_config(Some(
            r#"{"operator": {"name": {"ru": "ТОО «Пример»", "en": "Example LLP"}, "bin": "123456789012", "contact": "privacy@example.kz"}}"#,
        ));
        assert_eq!(problems, vec![]);
        assert_eq!(config.operator.name.get(Language::En), Some("Example LLP"));
        assert_eq!(config.operator.bin.as_deref(), Some("123456789012"));
        let (config, problems) = parse_config(Some(
            r#"{"operator": {"bin": 123456789012, "contact": "", "nmae": "X"}}"#,
        ));
        let keys: Vec<String> = problems
            .iter()
            .map(|p| {
                p.to_string()
                    .split('"')
                    .nth(1)
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect();
        assert_eq!(keys, ["operator.bin", "operator.contact", "operator.nmae"]);
        assert!(problems[2].to_string().contains("did you mean \"name\""));
        assert_eq!(config.operator, OperatorConfig::default());
        for bad in ["12345678901", "1234567890123", "12345678901a"] {
            assert!(!is_bin(bad), "{bad}");
        }
    }
}
