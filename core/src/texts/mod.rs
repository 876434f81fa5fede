//! Everything the banner says, in each bundled language, with the config's overrides on top.
//!
//! The summary is written in plain words from the Russian privacy policy; each point cites the
//! clause it summarises so a visitor can check it (the tests hold every citation to the policy).

mod en;
mod kk;
mod ru;

use crate::language::Language;

/// One point of the policy summary: a plain-language sentence and the clauses it restates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SummaryPoint {
    pub text: &'static str,
    /// Clause numbers, e.g. `["5.2", "5.3"]`.
    pub clauses: &'static [&'static str],
}

/// A summary point written by the site owner (the configuration's `texts.<language>.summary`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryOverride {
    pub text: String,
    /// The clause numbers it cites (may be empty).
    pub clauses: Vec<String>,
}

macro_rules! text_keys {
    ($($variant:ident => $name:literal,)*) => {
        /// A text the widget shows; the string is its key in the configuration's `texts` object.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum TextKey { $($variant,)* }

        impl TextKey {
            /// Every key, in a stable order.
            pub const ALL: &'static [TextKey] = &[$(TextKey::$variant,)*];

            /// The key's name in configuration.
            pub fn name(self) -> &'static str {
                match self { $(TextKey::$variant => $name,)* }
            }

            /// The key called `name` in configuration.
            pub fn from_name(name: &str) -> Option<TextKey> {
                match name { $($name => Some(TextKey::$variant),)* _ => None }
            }
        }
    };
}

text_keys! {
    BannerTitle => "bannerTitle",
    BannerIntro => "bannerIntro",
    AcceptAll => "acceptAll",
    RejectAll => "rejectAll",
    OpenPreferences => "openPreferences",
    SaveChoices => "saveChoices",
    PreferencesTitle => "preferencesTitle",
    PreferencesIntro => "preferencesIntro",
    Close => "close",
    AlwaysOn => "alwaysOn",
    NecessaryTitle => "necessaryTitle",
    NecessaryDescription => "necessaryDescription",
    AnalyticsTitle => "analyticsTitle",
    AnalyticsDescription => "analyticsDescription",
    AdvertisingTitle => "advertisingTitle",
    AdvertisingDescription => "advertisingDescription",
    PolicyLink => "policyLink",
    ConsentIdLabel => "consentIdLabel",
    DecidedAtLabel => "decidedAtLabel",
    NoDecisionYet => "noDecisionYet",
    SettingsButton => "settingsButton",
    ChoiceSaved => "choiceSaved",
    GpcHonoured => "gpcHonoured",
    ChangesTitle => "changesTitle",
    ChangesIntro => "changesIntro",
    NewCategory => "newCategory",
    ChangedCategory => "changedCategory",
    ServicesLabel => "servicesLabel",
    CookiesLabel => "cookiesLabel",
    FunctionalTitle => "functionalTitle",
    FunctionalDescription => "functionalDescription",
    ServicePolicyLink => "servicePolicyLink",
    PlaceholderIntro => "placeholderIntro",
    PlaceholderLoadOnce => "placeholderLoadOnce",
    PlaceholderAllow => "placeholderAllow",
    WithdrawalReloaded => "withdrawalReloaded",
    NoticeOperator => "noticeOperator",
    OperatorBin => "operatorBin",
    NoticeRetention => "noticeRetention",
    NoticeTransfers => "noticeTransfers",
    SummaryToggle => "summaryToggle",
}

impl TextKey {
    /// The keys the fingerprint of what was shown lists one by one (the first version's: the
    /// banner's and the preferences' own texts, and the notice's toggle). Later keys are shown
    /// only with something the fingerprint covers anyway (a functional category's title, a
    /// service's policy link, the notice's sentences, which it holds as shown) or outside the
    /// dialogs (the placeholders of blocked content, the notice after a reload), so every
    /// configuration from before them keeps its fingerprint.
    pub fn fingerprinted(self) -> bool {
        !matches!(
            self,
            TextKey::FunctionalTitle
                | TextKey::FunctionalDescription
                | TextKey::ServicePolicyLink
                | TextKey::PlaceholderIntro
                | TextKey::PlaceholderLoadOnce
                | TextKey::PlaceholderAllow
                | TextKey::WithdrawalReloaded
                | TextKey::NoticeOperator
                | TextKey::OperatorBin
                | TextKey::NoticeRetention
                | TextKey::NoticeTransfers
        )
    }
}

/// A unit of time, for lifetimes and retention periods.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Minute,
    Hour,
    Day,
    Month,
    Year,
}

/// The bundled texts of one language.
#[derive(Debug)]
pub struct LanguagePack {
    pub language: Language,
    pub summary: &'static [SummaryPoint],
    texts: fn(TextKey) -> &'static str,
    clause_label: fn(&[&str]) -> String,
    quantity: fn(u32, Unit) -> String,
}

impl LanguagePack {
    /// The bundled texts of `language`.
    pub fn of(language: Language) -> &'static LanguagePack {
        match language {
            Language::Ru => &ru::PACK,
            Language::Kk => &kk::PACK,
            Language::En => &en::PACK,
        }
    }

    /// The bundled text for `key`.
    pub fn text(&self, key: TextKey) -> &'static str {
        (self.texts)(key)
    }

    /// How this language cites clauses: `п. 3.3` / `3.3-тармақ` / `cl. 3.3`.
    pub fn clause_label(&self, clauses: &[&str]) -> String {
        (self.clause_label)(clauses)
    }

    /// A number of `unit`s as this language says it: `180 дней`, `180 күн`, `180 days`.
    pub fn quantity(&self, count: u32, unit: Unit) -> String {
        (self.quantity)(count, unit)
    }
}

/// The texts in effect: a language's bundled texts with the configuration's overrides on top.
#[derive(Clone, Debug, PartialEq)]
pub struct Texts {
    pub language: Language,
    overrides: Vec<(TextKey, String)>,
    summary: Option<Vec<SummaryOverride>>,
}

/// One summary point ready to show: its sentence and its clause label (`п. 3.3`), if it cites any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownSummaryPoint {
    pub text: String,
    pub clause_label: Option<String>,
}

impl Texts {
    /// The bundled texts of `language` with `overrides` (later entries win) and, if given, the
    /// site owner's own summary instead of the bundled one.
    pub fn new(
        language: Language,
        overrides: Vec<(TextKey, String)>,
        summary: Option<Vec<SummaryOverride>>,
    ) -> Self {
        Texts {
            language,
            overrides,
            summary,
        }
    }

    /// The text for `key`.
    pub fn get(&self, key: TextKey) -> &str {
        self.overrides
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|(_, text)| text.as_str())
            .unwrap_or_else(|| self.pack().text(key))
    }

    /// The bundled language pack underneath.
    pub fn pack(&self) -> &'static LanguagePack {
        LanguagePack::of(self.language)
    }

    /// The policy summary to show: the configured one, or the bundled one.
    pub fn summary(&self) -> Vec<ShownSummaryPoint> {
        let pack = self.pack();
        let label = |clauses: &[&str]| (!clauses.is_empty()).then(|| pack.clause_label(clauses));
        match &self.summary {
            Some(points) => points
                .iter()
                .map(|p| ShownSummaryPoint {
                    text: p.text.clone(),
                    clause_label: label(&p.clauses.iter().map(String::as_str).collect::<Vec<_>>()),
                })
                .collect(),
            None => pack
                .summary
                .iter()
                .map(|p| ShownSummaryPoint {
                    text: p.text.to_owned(),
                    clause_label: label(p.clauses),
                })
                .collect(),
        }
    }
}

/// The title and description keys of a built-in category (`necessary`, `analytics`,
/// `advertising`, `functional`); other categories bring their own texts in the configuration.
pub fn category_text_keys(category: &str) -> Option<(TextKey, TextKey)> {
    match category {
        crate::category::NECESSARY => {
            Some((TextKey::NecessaryTitle, TextKey::NecessaryDescription))
        }
        crate::category::ANALYTICS => {
            Some((TextKey::AnalyticsTitle, TextKey::AnalyticsDescription))
        }
        crate::category::ADVERTISING => {
            Some((TextKey::AdvertisingTitle, TextKey::AdvertisingDescription))
        }
        crate::category::FUNCTIONAL => {
            Some((TextKey::FunctionalTitle, TextKey::FunctionalDescription))
        }
        _ => None,
    }
}

/// Fills `{name}` in `template` with `value` (templates are the bundled texts or a site's own, so
/// a missing placeholder simply leaves the value out).
pub fn fill(template: &str, name: &str, value: &str) -> String {
    template.replace(&format!("{{{name}}}"), value)
}

/// Joins clause numbers with ", ".
pub(crate) fn join_clauses(clauses: &[&str]) -> String {
    clauses.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy_document::PolicyDocument;

    #[test]
    fn every_language_has_every_text() {
        for language in Language::ALL {
            let pack = LanguagePack::of(language);
            for key in TextKey::ALL {
                assert!(!pack.text(*key).trim().is_empty(), "{language:?} {key:?}");
            }
        }
    }

    #[test]
    fn key_names_round_trip() {
        for key in TextKey::ALL {
            assert_eq!(TextKey::from_name(key.name()), Some(*key));
        }
        assert_eq!(TextKey::from_name("nope"), None);
    }

    #[test]
    fn every_cited_clause_exists_in_the_policy() {
        let policy = PolicyDocument::jet_leasing_ru();
        for language in Language::ALL {
            for point in LanguagePack::of(language).summary {
                for clause in point.clauses {
                    assert!(
                        policy.clause(clause).is_some(),
                        "{language:?} cites missing clause {clause}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_summary_covers_the_clauses_the_visitor_must_hear_about() {
        for language in Language::ALL {
            let cited: Vec<&str> = LanguagePack::of(language)
                .summary
                .iter()
                .flat_map(|p| p.clauses.iter().copied())
                .collect();
            for required in [
                "3.2", "3.3", "3.3.2", "4.1.4", "4.1.6", "5.1", "5.2", "5.3", "9.3",
            ] {
                assert!(
                    cited.contains(&required),
                    "{language:?} does not cite {required}"
                );
            }
        }
    }

    #[test]
    fn the_summary_names_what_the_pixel_collects_and_the_contact() {
        let ru = LanguagePack::of(Language::Ru);
        let pixel = ru.summary.iter().find(|p| p.clauses == ["3.3"]).unwrap();
        for item in ["IP", "cookie", "браузер", "врем", "адрес страниц", "пришли"]
        {
            assert!(pixel.text.contains(item), "pixel point lacks {item}");
        }
        for language in Language::ALL {
            let pack = LanguagePack::of(language);
            assert!(pack
                .summary
                .iter()
                .any(|p| p.text.contains("merchant@jetfin.kz")));
            assert!(pack.summary.iter().any(|p| p.text.contains("ИИН/БИН")
                || p.text.contains("ЖСН/БСН")
                || p.text.contains("IIN/BIN")));
        }
    }

    #[test]
    fn overrides_replace_bundled_texts() {
        let texts = Texts::new(
            Language::En,
            vec![
                (TextKey::AcceptAll, "Sure".into()),
                (TextKey::AcceptAll, "OK".into()),
            ],
            None,
        );
        assert_eq!(texts.get(TextKey::AcceptAll), "OK");
        assert_eq!(texts.get(TextKey::RejectAll), "Reject all");
    }

    #[test]
    fn a_configured_summary_replaces_the_bundled_one() {
        let bundled = Texts::new(Language::Ru, vec![], None).summary();
        assert_eq!(bundled.len(), 8);
        assert_eq!(bundled[0].clause_label.as_deref(), Some("п. 3.2"));
        let own = Texts::new(
            Language::Ru,
            vec![],
            Some(vec![SummaryOverride {
                text: "Своё".into(),
                clauses: vec![],
            }]),
        )
        .summary();
        assert_eq!(
            own,
            vec![ShownSummaryPoint {
                text: "Своё".into(),
                clause_label: None
            }]
        );
    }

    #[test]
    fn clause_labels_follow_each_language() {
        assert_eq!(
            LanguagePack::of(Language::Ru).clause_label(&["3.3"]),
            "п. 3.3"
        );
        assert_eq!(
            LanguagePack::of(Language::Ru).clause_label(&["5.2", "5.3"]),
            "пп. 5.2, 5.3"
        );
        assert_eq!(
            LanguagePack::of(Language::Kk).clause_label(&["3.3"]),
            "3.3-тармақ"
        );
        assert_eq!(
            LanguagePack::of(Language::En).clause_label(&["5.2", "5.3"]),
            "cl. 5.2, 5.3"
        );
    }
}
