//! The notice's own sentences, composed from the configuration: who asks for consent, how long the
//! choice is kept, and which services send data out of Kazakhstan, to which countries.
//!
//! The banner's first layer shows them next to the site's intro, the policy page's declaration
//! names the operator the same way, and the receipt's fingerprint holds them exactly as shown
//! (`shown::shown_content`). Each is built from a bundled template (or the site's own, under the
//! same text key) and the configuration alone, so a test can hold every sentence to the policy
//! text or to the configuration it came from.

use crate::config::{OperatorConfig, WidgetConfig};
use crate::country::Country;
use crate::texts::{fill, TextKey, Texts, Unit};

/// The notice's sentences in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// Who asks: `Согласие запрашивает ТОО «Jet Leasing» (merchant@jetfin.kz).`
    pub operator: String,
    /// How long the choice is kept: `Выбор хранится 180 дней.`
    pub retention: String,
    /// Where data goes, when a service of an optional category sends it out of Kazakhstan:
    /// `… за пределы Казахстана: Яндекс Метрика, Яндекс Директ (Россия); YouTube (США).`
    pub transfers: Option<String>,
}

impl Notice {
    /// The sentences in the order they are shown.
    pub fn sentences(&self) -> impl Iterator<Item = &str> {
        [
            Some(&self.operator),
            Some(&self.retention),
            self.transfers.as_ref(),
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
    }
}

/// The operator as the notice names it: the name, then the BIN and the contact in parentheses.
pub fn operator_name(operator: &OperatorConfig, texts: &Texts) -> String {
    let language = texts.language;
    let mut details = Vec::new();
    if let Some(bin) = &operator.bin {
        details.push(fill(texts.get(TextKey::OperatorBin), "bin", bin));
    }
    if let Some(contact) = operator.contact.as_ref().and_then(|c| c.get(language)) {
        details.push(contact.to_owned());
    }
    let name = operator.name.get(language).unwrap_or_default();
    if details.is_empty() {
        name.to_owned()
    } else {
        format!("{name} ({})", details.join(", "))
    }
}

/// The services of the optional categories whose data leaves Kazakhstan, by country in the order
/// the configuration first names each, each name once.
pub fn transfers(config: &WidgetConfig, texts: &Texts) -> Vec<(Country, Vec<String>)> {
    let mut by_country: Vec<(Country, Vec<String>)> = Vec::new();
    let services = config
        .categories
        .iter()
        .filter(|category| !category.id.is_necessary())
        .flat_map(|category| &category.services);
    for service in services {
        let Some(country) = service.country.filter(|c| c.is_abroad()) else {
            continue;
        };
        let name = service
            .name
            .get(texts.language)
            .unwrap_or_default()
            .to_owned();
        match by_country.iter_mut().find(|(c, _)| *c == country) {
            Some((_, names)) if names.contains(&name) => {}
            Some((_, names)) => names.push(name),
            None => by_country.push((country, vec![name])),
        }
    }
    by_country
}

/// The notice in `texts`' language.
pub fn notice(config: &WidgetConfig, texts: &Texts) -> Notice {
    let operator = fill(
        texts.get(TextKey::NoticeOperator),
        "operator",
        &operator_name(&config.operator, texts),
    );
    let days = texts.pack().quantity(config.cookie.max_age_days, Unit::Day);
    let retention = fill(texts.get(TextKey::NoticeRetention), "days", &days);
    let transfers = transfers(config, texts);
    let transfers = (!transfers.is_empty()).then(|| {
        let listed: Vec<String> = transfers
            .iter()
            .map(|(country, names)| {
                format!("{} ({})", names.join(", "), country.name(texts.language))
            })
            .collect();
        fill(
            texts.get(TextKey::NoticeTransfers),
            "transfers",
            &listed.join("; "),
        )
    });
    Notice {
        operator,
        retention,
        transfers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{parse_config, JET_LEASING_CONTACT};
    use crate::language::Language;
    use crate::policy_document::{PolicyDocument, JET_LEASING_POLICY_RU};

    fn read(text: &str) -> WidgetConfig {
        let (config, problems) = parse_config(Some(text));
        assert_eq!(problems, vec![], "{text}");
        config
    }

    #[test]
    fn the_default_notice_names_the_company_of_the_policy_and_its_contact() {
        let policy = PolicyDocument::jet_leasing_ru();
        let contact_clause = policy.clause("9.3").unwrap();
        let config = WidgetConfig::default();
        for language in Language::ALL {
            let notice = notice(&config, &config.texts(language));
            // The name as the policy's preamble gives it, the address as clause 9.3 does.
            assert!(
                notice.operator.contains("«Jet Leasing»")
                    || notice.operator.contains("Jet Leasing LLP"),
                "{notice:?}"
            );
            assert!(JET_LEASING_POLICY_RU
                .contains("Товарищество с ограниченной ответственностью «Jet Leasing»"));
            assert!(
                notice.operator.contains(JET_LEASING_CONTACT),
                "{language:?}"
            );
            assert!(contact_clause.contains(JET_LEASING_CONTACT));
            assert_eq!(notice.transfers, None, "no service, no transfer");
        }
        assert_eq!(
            notice(&config, &config.texts(Language::Ru)).operator,
            "Согласие запрашивает ТОО «Jet Leasing» (merchant@jetfin.kz)."
        );
    }

    #[test]
    fn the_retention_is_the_configured_lifetime_in_days() {
        for (days, ru, kk, en) in [
            (180, "180 дней", "180 күн", "180 days"),
            (1, "1 день", "1 күн", "1 day"),
            (21, "21 день", "21 күн", "21 days"),
            (22, "22 дня", "22 күн", "22 days"),
            (12, "12 дней", "12 күн", "12 days"),
            (395, "395 дней", "395 күн", "395 days"),
        ] {
            let config = read(&format!(r#"{{"cookie": {{"maxAgeDays": {days}}}}}"#));
            assert_eq!(config.cookie.max_age_days, days);
            for (language, said) in [(Language::Ru, ru), (Language::Kk, kk), (Language::En, en)] {
                let retention = notice(&config, &config.texts(language)).retention;
                assert!(retention.contains(said), "{days}: {retention}");
            }
        }
    }

    #[test]
    fn the_transfers_are_the_configured_services_abroad_with_their_countries() {
        let config = read(
            r#"{"categories": [
                {"id": "necessary", "services": [{"name": "CDN", "country": "US"}]},
                {"id": "analytics", "services": ["yandex-metrika", {"name": "Свой счётчик", "country": "KZ"}, {"name": "Без страны"}]},
                {"id": "advertising", "services": ["yandex-direct", "youtube", "meta-pixel", "yandex-metrika"]}]}"#,
        );
        let ru = config.texts(Language::Ru);
        let by_country: Vec<(&str, Vec<String>)> = transfers(&config, &ru)
            .into_iter()
            .map(|(country, names)| (country.code, names))
            .collect();
        assert_eq!(
            by_country,
            [
                (
                    "RU",
                    vec!["Яндекс Метрика".to_owned(), "Яндекс Директ".to_owned()]
                ),
                ("US", vec!["YouTube".to_owned(), "Meta Pixel".to_owned()]),
            ],
            "optional categories only, Kazakhstan and unknown countries left out, each name once"
        );
        let notice_ru = notice(&config, &ru);
        assert_eq!(
            notice_ru.transfers.as_deref(),
            Some("С вашего согласия данные уходят за пределы Казахстана: Яндекс Метрика, Яндекс Директ (Россия); YouTube, Meta Pixel (США).")
        );
        let kk = notice(&config, &config.texts(Language::Kk))
            .transfers
            .unwrap();
        assert!(kk.contains("(Ресей)") && kk.contains("(АҚШ)"), "{kk}");
        let en = notice(&config, &config.texts(Language::En))
            .transfers
            .unwrap();
        assert!(en.contains("YouTube, Meta Pixel (the USA)"), "{en}");
    }

    #[test]
    fn a_sites_own_operator_bin_and_wording_are_used() {
        let config = read(
            r#"{"operator": {"name": {"ru": "ТОО «Пример»", "en": "Example LLP"}, "bin": "123456789012", "contact": "privacy@example.kz"},
                "texts": {"en": {"noticeOperator": "Asked by {operator}."}}}"#,
        );
        assert_eq!(
            notice(&config, &config.texts(Language::Ru)).operator,
            "Согласие запрашивает ТОО «Пример» (БИН 123456789012, privacy@example.kz)."
        );
        assert_eq!(
            notice(&config, &config.texts(Language::En)).operator,
            "Asked by Example LLP (BIN 123456789012, privacy@example.kz)."
        );
        assert!(notice(&config, &config.texts(Language::Kk))
            .operator
            .contains("БСН 123456789012"));
    }
}
