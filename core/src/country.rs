//! The countries a service's data can go to, named in each bundled language.
//!
//! A short list on purpose: the widget carries every name in its WebAssembly, because the banner
//! names the countries a visitor's data leaves Kazakhstan for (and the receipt's fingerprint covers
//! those exact words). It holds the countries of the catalogue's providers and the usual hosting
//! countries of services a site in Kazakhstan embeds; a configuration naming any other code is told
//! which ones there are.

use crate::language::Language;

/// A country, by its ISO 3166-1 alpha-2 code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Country {
    /// `KZ`, `RU`, `US`…
    pub code: &'static str,
    /// The name in Russian, Kazakh and English (the order of [`Language::ALL`]).
    names: [&'static str; 3],
}

/// Kazakhstan: the country a transfer of data out of is a cross-border transfer.
pub const HOME: &str = "KZ";

const COUNTRIES: &[Country] = &[
    Country {
        code: "KZ",
        names: ["Казахстан", "Қазақстан", "Kazakhstan"],
    },
    Country {
        code: "RU",
        names: ["Россия", "Ресей", "Russia"],
    },
    Country {
        code: "US",
        names: ["США", "АҚШ", "the USA"],
    },
    Country {
        code: "SG",
        names: ["Сингапур", "Сингапур", "Singapore"],
    },
    Country {
        code: "MT",
        names: ["Мальта", "Мальта", "Malta"],
    },
    Country {
        code: "IE",
        names: ["Ирландия", "Ирландия", "Ireland"],
    },
    Country {
        code: "DE",
        names: ["Германия", "Германия", "Germany"],
    },
    Country {
        code: "NL",
        names: ["Нидерланды", "Нидерланд", "the Netherlands"],
    },
    Country {
        code: "FI",
        names: ["Финляндия", "Финляндия", "Finland"],
    },
    Country {
        code: "GB",
        names: ["Великобритания", "Ұлыбритания", "the UK"],
    },
    Country {
        code: "CN",
        names: ["Китай", "Қытай", "China"],
    },
    Country {
        code: "TR",
        names: ["Турция", "Түркия", "Türkiye"],
    },
];

/// Every country code a configuration may name, in the list's order.
pub const CODES: [&str; 12] = [
    "KZ", "RU", "US", "SG", "MT", "IE", "DE", "NL", "FI", "GB", "CN", "TR",
];

impl Country {
    /// The country with `code`, if the list has it.
    pub fn find(code: &str) -> Option<Country> {
        COUNTRIES.iter().find(|c| c.code == code).copied()
    }

    /// Its name in `language`.
    pub fn name(self, language: Language) -> &'static str {
        match language {
            Language::Ru => self.names[0],
            Language::Kk => self.names[1],
            Language::En => self.names[2],
        }
    }

    /// True for every country but Kazakhstan.
    pub fn is_abroad(self) -> bool {
        self.code != HOME
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_codes_are_the_list_and_every_name_is_given() {
        let listed: Vec<&str> = COUNTRIES.iter().map(|c| c.code).collect();
        assert_eq!(listed, CODES);
        for country in COUNTRIES {
            assert!(
                country.code.len() == 2 && country.code.bytes().all(|b| b.is_ascii_uppercase()),
                "{}",
                country.code
            );
            for language in Language::ALL {
                assert!(!country.name(language).trim().is_empty());
            }
        }
    }

    #[test]
    fn only_kazakhstan_is_home() {
        assert!(!Country::find("KZ").unwrap().is_abroad());
        assert!(Country::find("RU").unwrap().is_abroad());
        assert_eq!(Country::find("US").unwrap().name(Language::Kk), "АҚШ");
        assert_eq!(Country::find("us"), None, "codes are upper case");
        assert_eq!(Country::find("XX"), None);
    }
}
