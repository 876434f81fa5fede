//! The cookie declaration a site puts on its policy page (`<jl-consent-declaration>`): every
//! category, every service in it with who receives its data, why, where to, its hosts and policy,
//! and every cookie and storage key with its lifetime where the vendor publishes one.
//!
//! Only the policy page needs it, so what it adds to the widget stays out of the WebAssembly every
//! first visit downloads: its labels and the catalogue's providers and lifetimes are written per
//! language to `declaration.<language>.json` (by `jl-loader-data`, from [`facts_file`]), which the
//! loader fetches only on a page that has the element. The widget reads that file into
//! [`DeclarationFacts`] and builds the [`Declaration`] from it and the configuration here, so the
//! whole of it is tested natively; its component only renders it.

use crate::config::WidgetConfig;
use crate::json::{parse_json, JsonValue};
#[cfg(not(target_arch = "wasm32"))]
use crate::language::Language;
use crate::notice::operator_name;
use crate::shown::shown_categories;
use crate::texts::{Texts, Unit};

/// The localStorage key where the widget keeps the visitor's banner variant (A/B tests).
pub const VARIANT_STORAGE_KEY: &str = "jl_consent_variant";
/// The localStorage key where the loader keeps consent-log events until the log acknowledges them.
pub const CONSENT_LOG_STORAGE_KEY: &str = "jl_consent_queue";

macro_rules! labels {
    ($($variant:ident => $name:literal [$ru:literal, $kk:literal, $en:literal],)*) => {
        /// A text only the declaration shows, by its name in `declaration.<language>.json`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Label { $($variant,)* }

        impl Label {
            /// Every label, in the file's order.
            pub const ALL: &'static [Label] = &[$(Label::$variant,)*];

            /// The label's name in the file.
            pub fn name(self) -> &'static str {
                match self { $(Label::$variant => $name,)* }
            }

            /// The bundled text in `language` (native builds: the widget reads the file).
            #[cfg(not(target_arch = "wasm32"))]
            pub fn bundled(self, language: Language) -> &'static str {
                match (self, language) {
                    $(
                        (Label::$variant, Language::Ru) => $ru,
                        (Label::$variant, Language::Kk) => $kk,
                        (Label::$variant, Language::En) => $en,
                    )*
                }
            }
        }
    };
}

labels! {
    Title => "title" [
        "Cookie и данные в вашем браузере",
        "Браузеріңіздегі cookie және деректер",
        "Cookies and data in your browser"
    ],
    Intro => "intro" [
        "Какие cookie и записи в хранилище браузера использует сайт, кто получает данные и в какую страну. Срок хранения указан там, где его публикует сам сервис.",
        "Сайт қандай cookie мен браузер қоймасындағы жазбаларды пайдаланады, деректерді кім және қай елде алады. Сақтау мерзімі сервистің өзі жариялаған жерде көрсетілген.",
        "Which cookies and browser storage entries the site uses, who receives the data and in which country. A lifetime is given where the service itself publishes one."
    ],
    Operator => "operator" [
        "Оператор персональных данных",
        "Дербес деректер операторы",
        "Operator of personal data"
    ],
    Provider => "provider" [
        "Кто получает данные",
        "Деректерді кім алады",
        "Who receives the data"
    ],
    Country => "country" [
        "Страна получателя",
        "Алушының елі",
        "Recipient's country"
    ],
    Hosts => "hosts" [
        "Адреса, к которым обращается",
        "Хабарласатын мекенжайлары",
        "Hosts it contacts"
    ],
    NotStated => "notStated" [
        "не указано",
        "көрсетілмеген",
        "not stated"
    ],
    ItemName => "itemName" [
        "Название",
        "Атауы",
        "Name"
    ],
    ItemKind => "itemKind" [
        "Где хранится",
        "Қайда сақталады",
        "Stored in"
    ],
    ItemLifetime => "itemLifetime" [
        "Срок хранения",
        "Сақтау мерзімі",
        "Lifetime"
    ],
    Cookie => "cookie" [
        "cookie",
        "cookie",
        "cookie"
    ],
    Storage => "storage" [
        "хранилище браузера",
        "браузер қоймасы",
        "browser storage"
    ],
    NoItems => "noItems" [
        "Cookie и ключи хранилища не указаны.",
        "Cookie және қойма кілттері көрсетілмеген.",
        "No cookies or storage keys are stated."
    ],
    Session => "session" [
        "до закрытия браузера",
        "браузер жабылғанша",
        "until the browser is closed"
    ],
    UntilCleared => "untilCleared" [
        "пока вы не очистите данные сайта",
        "сайт деректерін тазалағанша",
        "until you clear the site's data"
    ],
    UntilSent => "untilSent" [
        "до отправки в журнал согласий",
        "келісімдер журналына жіберілгенше",
        "until sent to the consent log"
    ],
    WidgetName => "widgetName" [
        "Окно согласия на cookie",
        "Cookie келісімі терезесі",
        "The cookie consent window"
    ],
    WidgetPurpose => "widgetPurpose" [
        "Хранит ваш выбор, его номер и дату, чтобы не спрашивать снова и выполнять ваше решение; без согласия ничего необязательного не загружается.",
        "Таңдауыңызды, оның нөмірі мен күнін қайта сұрамау және шешіміңізді орындау үшін сақтайды; келісімсіз міндетті емес ештеңе жүктелмейді.",
        "Keeps your choice, its number and date, so that you are not asked again and your decision is carried out; nothing optional loads without consent."
    ],
    Decision => "decision" [
        "Ваше решение",
        "Сіздің шешіміңіз",
        "Your decision"
    ],
    Granted => "granted" [
        "разрешено",
        "рұқсат етілген",
        "allowed"
    ],
    Refused => "refused" [
        "отклонено",
        "бас тартылған",
        "refused"
    ],
    Change => "change" [
        "Изменить выбор",
        "Таңдауды өзгерту",
        "Change your choice"
    ],
    Withdraw => "withdraw" [
        "Отозвать согласие",
        "Келісімді қайтарып алу",
        "Withdraw consent"
    ],
}

/// The facts of one catalogue service that only the declaration shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceFacts {
    /// The company that receives the data, as its privacy policy names it.
    pub provider: Option<String>,
    /// Each cookie or storage pattern with a published lifetime, as the language says it.
    pub lifetimes: Vec<(String, String)>,
}

/// What `declaration.<language>.json` holds: the labels and the catalogue's facts in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclarationFacts {
    /// The text of each label, in the order of [`Label::ALL`].
    labels: Vec<String>,
    /// The facts of each catalogue service, by id.
    services: Vec<(String, ServiceFacts)>,
}

impl DeclarationFacts {
    /// Reads the file's text; `None` unless every label is there as a string (a broken file
    /// leaves the element as the site wrote it rather than showing half a declaration).
    pub fn from_json(text: &str) -> Option<Self> {
        let value = parse_json(text).ok()?;
        let texts = value.get("texts")?;
        let labels = Label::ALL
            .iter()
            .map(|label| texts.get(label.name())?.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()?;
        let JsonValue::Object(members) = value.get("services")? else {
            return None;
        };
        let services = members
            .iter()
            .map(|(id, facts)| {
                let provider = facts.get("provider").and_then(JsonValue::as_str);
                let lifetimes = match facts.get("lifetimes") {
                    Some(JsonValue::Object(lifetimes)) => lifetimes
                        .iter()
                        .filter_map(|(pattern, text)| {
                            Some((pattern.clone(), text.as_str()?.to_owned()))
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                let facts = ServiceFacts {
                    provider: provider.map(str::to_owned),
                    lifetimes,
                };
                (id.clone(), facts)
            })
            .collect();
        Some(DeclarationFacts { labels, services })
    }

    /// The text of `label`.
    pub fn label(&self, label: Label) -> &str {
        let index = Label::ALL.iter().position(|l| *l == label).unwrap_or(0);
        self.labels.get(index).map_or("", String::as_str)
    }

    fn service(&self, id: &str) -> Option<&ServiceFacts> {
        self.services.iter().find(|(i, _)| i == id).map(|(_, f)| f)
    }
}

/// Where a declared item lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Cookie,
    Storage,
}

/// One cookie or storage key (or a prefix ending in `*`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclaredItem {
    pub name: String,
    pub kind: ItemKind,
    /// How long it lasts; none where no lifetime is published.
    pub lifetime: Option<String>,
}

/// One service as the declaration lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclaredService {
    pub name: String,
    /// What it does and collects.
    pub purpose: String,
    /// Who receives its data; none where it is not stated.
    pub provider: Option<String>,
    /// The recipient's country, named in the declaration's language.
    pub country: Option<&'static str>,
    pub hosts: Vec<String>,
    pub policy_url: Option<String>,
    pub items: Vec<DeclaredItem>,
}

/// One category with its services.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclaredCategory {
    pub id: String,
    pub title: String,
    pub description: String,
    pub necessary: bool,
    pub services: Vec<DeclaredService>,
}

/// The whole declaration in one language (the visitor's decision is added by the widget).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    /// The operator as the notice names it (name, BIN, contact).
    pub operator: String,
    pub categories: Vec<DeclaredCategory>,
}

/// The widget itself, among the strictly necessary services: its cookie, and the storage keys it
/// uses under this configuration.
fn widget_service(
    config: &WidgetConfig,
    texts: &Texts,
    facts: &DeclarationFacts,
) -> DeclaredService {
    let mut items = vec![DeclaredItem {
        name: config.cookie.name.clone(),
        kind: ItemKind::Cookie,
        lifetime: Some(texts.pack().quantity(config.cookie.max_age_days, Unit::Day)),
    }];
    if !config.variants.is_empty() {
        items.push(DeclaredItem {
            name: VARIANT_STORAGE_KEY.to_owned(),
            kind: ItemKind::Storage,
            lifetime: Some(facts.label(Label::UntilCleared).to_owned()),
        });
    }
    if config.log_endpoint.is_some() {
        items.push(DeclaredItem {
            name: CONSENT_LOG_STORAGE_KEY.to_owned(),
            kind: ItemKind::Storage,
            lifetime: Some(facts.label(Label::UntilSent).to_owned()),
        });
    }
    DeclaredService {
        name: facts.label(Label::WidgetName).to_owned(),
        purpose: facts.label(Label::WidgetPurpose).to_owned(),
        provider: config.operator.name.get(texts.language).map(str::to_owned),
        country: None,
        hosts: Vec::new(),
        policy_url: config.policy_url.clone(),
        items,
    }
}

/// The declaration of `config` in `texts`' language.
pub fn declaration(config: &WidgetConfig, texts: &Texts, facts: &DeclarationFacts) -> Declaration {
    let language = texts.language;
    let categories = shown_categories(config, texts)
        .into_iter()
        .map(|category| {
            let configured = config.category(category.id.as_str());
            let mut services: Vec<DeclaredService> = category
                .services
                .iter()
                .enumerate()
                .map(|(i, shown)| {
                    let service = configured.and_then(|c| c.services.get(i));
                    let catalogue = shown
                        .catalogue_id
                        .as_deref()
                        .and_then(|id| facts.service(id));
                    let lifetime = |pattern: &str| {
                        catalogue.and_then(|facts| {
                            facts
                                .lifetimes
                                .iter()
                                .find(|(p, _)| p == pattern)
                                .map(|(_, text)| text.clone())
                        })
                    };
                    let items = shown
                        .cookies
                        .iter()
                        .map(|name| (name, ItemKind::Cookie))
                        .chain(shown.storage.iter().map(|name| (name, ItemKind::Storage)))
                        .map(|(name, kind)| DeclaredItem {
                            name: name.clone(),
                            kind,
                            lifetime: lifetime(name),
                        })
                        .collect();
                    let provider = service
                        .and_then(|s| s.provider.as_ref())
                        .and_then(|p| p.get(language))
                        .map(str::to_owned)
                        .or_else(|| catalogue.and_then(|facts| facts.provider.clone()));
                    DeclaredService {
                        name: shown.name.clone(),
                        purpose: shown.description.clone(),
                        provider,
                        country: shown.country.map(|c| c.name(language)),
                        hosts: shown.hosts.clone(),
                        policy_url: shown.policy_url.clone(),
                        items,
                    }
                })
                .collect();
            if category.necessary {
                services.insert(0, widget_service(config, texts, facts));
            }
            DeclaredCategory {
                id: category.id.to_string(),
                title: category.title,
                description: category.description,
                necessary: category.necessary,
                services,
            }
        })
        .collect();
    Declaration {
        operator: operator_name(&config.operator, texts),
        categories,
    }
}

// ==== the file the loader serves (native builds) ====

#[cfg(not(target_arch = "wasm32"))]
impl crate::catalogue::Lifetime {
    /// The lifetime as `language` says it: `2 года`, `90 күн`, `until the browser is closed`.
    pub fn describe(self, language: Language) -> String {
        match self {
            crate::catalogue::Lifetime::Session => Label::Session.bundled(language).to_owned(),
            crate::catalogue::Lifetime::Of(count, unit) => {
                crate::texts::LanguagePack::of(language).quantity(count, unit)
            }
        }
    }
}

/// `declaration.<language>.json`: the labels, and each catalogue service's provider and published
/// lifetimes, in `language`.
#[cfg(not(target_arch = "wasm32"))]
pub fn facts_file(language: Language) -> String {
    let text = |s: &str| JsonValue::String(s.to_owned());
    let labels = Label::ALL
        .iter()
        .map(|label| (label.name().to_owned(), text(label.bundled(language))))
        .collect();
    let services = crate::catalogue::entries()
        .iter()
        .map(|entry| {
            let lifetimes = entry
                .lifetimes
                .iter()
                .map(|(pattern, lifetime)| {
                    ((*pattern).to_owned(), text(&lifetime.describe(language)))
                })
                .collect();
            let facts = JsonValue::Object(vec![
                (
                    "provider".to_owned(),
                    entry.provider.map_or(JsonValue::Null, text),
                ),
                ("lifetimes".to_owned(), JsonValue::Object(lifetimes)),
            ]);
            (entry.id.to_owned(), facts)
        })
        .collect();
    JsonValue::Object(vec![
        ("texts".to_owned(), JsonValue::Object(labels)),
        ("services".to_owned(), JsonValue::Object(services)),
    ])
    .to_json_lines()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_config;

    fn facts(language: Language) -> DeclarationFacts {
        DeclarationFacts::from_json(&facts_file(language)).unwrap()
    }

    fn read(text: &str) -> WidgetConfig {
        let (config, problems) = parse_config(Some(text));
        assert_eq!(problems, vec![], "{text}");
        config
    }

    #[test]
    fn every_label_is_written_and_read_back_in_every_language() {
        for language in Language::ALL {
            let facts = facts(language);
            for label in Label::ALL {
                assert_eq!(facts.label(*label), label.bundled(language), "{label:?}");
                assert!(!facts.label(*label).trim().is_empty());
            }
        }
        assert_eq!(DeclarationFacts::from_json("{}"), None);
        assert_eq!(DeclarationFacts::from_json("not json"), None);
        let without_one = facts_file(Language::Ru).replace("\"withdraw\"", "\"withdrew\"");
        assert_eq!(
            DeclarationFacts::from_json(&without_one),
            None,
            "a label missing: no declaration"
        );
    }

    #[test]
    fn catalogue_services_bring_their_provider_country_and_published_lifetimes() {
        let config = read(
            r#"{"categories": [{"id": "analytics", "services": ["google-analytics", "yandex-metrika", "jivo"]},
                               {"id": "functional", "services": ["youtube"]}]}"#,
        );
        let ru = config.texts(Language::Ru);
        let declared = declaration(&config, &ru, &facts(Language::Ru));
        let analytics = &declared.categories[1];
        assert_eq!(analytics.id, "analytics");
        let ga = &analytics.services[0];
        assert_eq!(ga.provider.as_deref(), Some("Google LLC"));
        assert_eq!(ga.country, Some("США"));
        assert_eq!(
            ga.items,
            [
                DeclaredItem {
                    name: "_ga".into(),
                    kind: ItemKind::Cookie,
                    lifetime: Some("2 года".into())
                },
                DeclaredItem {
                    name: "_ga_*".into(),
                    kind: ItemKind::Cookie,
                    lifetime: Some("2 года".into())
                },
            ]
        );
        let metrika = &analytics.services[1];
        assert_eq!(metrika.provider.as_deref(), Some("ООО «ЯНДЕКС»"));
        assert_eq!(metrika.country, Some("Россия"));
        assert_eq!(
            metrika.items[0].lifetime, None,
            "Yandex's lifetime is not cited"
        );
        let jivo = &analytics.services[2];
        assert_eq!((jivo.provider.as_deref(), jivo.country), (None, None));
        assert!(jivo.items.is_empty());
        let youtube = &declared.categories[2].services[0];
        let kk = config.texts(Language::Kk);
        assert_eq!(
            youtube.items[0].lifetime.as_deref(),
            Some("до закрытия браузера")
        );
        let youtube_kk = &declaration(&config, &kk, &facts(Language::Kk)).categories[2].services[0];
        assert_eq!(
            youtube_kk.items[0].lifetime.as_deref(),
            Some("браузер жабылғанша")
        );
        assert_eq!(youtube_kk.country, Some("АҚШ"));
    }

    #[test]
    fn the_widget_declares_its_own_cookie_and_storage_under_strictly_necessary() {
        let config = read(
            r#"{"cookie": {"name": "consent", "maxAgeDays": 30}, "logEndpoint": "/api/v1/events",
                "variants": [{"id": "a"}], "categories": [{"id": "analytics"}],
                "operator": {"name": "ТОО «Пример»"}}"#,
        );
        let en = config.texts(Language::En);
        let declared = declaration(&config, &en, &facts(Language::En));
        let necessary = &declared.categories[0];
        assert!(necessary.necessary);
        let widget = &necessary.services[0];
        assert_eq!(widget.provider.as_deref(), Some("ТОО «Пример»"));
        let items: Vec<(&str, ItemKind, Option<&str>)> = widget
            .items
            .iter()
            .map(|i| (i.name.as_str(), i.kind, i.lifetime.as_deref()))
            .collect();
        assert_eq!(
            items,
            [
                ("consent", ItemKind::Cookie, Some("30 days")),
                (
                    VARIANT_STORAGE_KEY,
                    ItemKind::Storage,
                    Some("until you clear the site's data")
                ),
                (
                    CONSENT_LOG_STORAGE_KEY,
                    ItemKind::Storage,
                    Some("until sent to the consent log")
                ),
            ]
        );
        let plain = read("{}");
        let declared = declaration(&plain, &plain.texts(Language::Ru), &facts(Language::Ru));
        assert_eq!(
            declared.categories[0].services[0].items.len(),
            1,
            "only the cookie"
        );
        assert_eq!(declared.operator, "ТОО «Jet Leasing» (merchant@jetfin.kz)");
    }

    #[test]
    fn a_sites_own_service_declares_what_the_configuration_says_and_no_more() {
        let config = read(
            r#"{"categories": [{"id": "analytics", "services": [
                {"name": "Счётчик", "cookies": ["_c*"], "storage": ["c-runs"], "hosts": ["stat.example.kz"],
                 "provider": {"ru": "ТОО «Счёт»"}, "country": "KZ"},
                {"id": "google-analytics", "cookies": ["_ga", "_gid"], "provider": "Google Ireland Limited", "country": "IE"}]}]}"#,
        );
        let ru = config.texts(Language::Ru);
        let declared = declaration(&config, &ru, &facts(Language::Ru));
        let own = &declared.categories[1].services[0];
        assert_eq!(own.provider.as_deref(), Some("ТОО «Счёт»"));
        assert_eq!(own.country, Some("Казахстан"));
        assert_eq!(own.hosts, ["stat.example.kz"]);
        assert_eq!(
            own.items
                .iter()
                .map(|i| (i.name.as_str(), i.kind, i.lifetime.is_none()))
                .collect::<Vec<_>>(),
            [
                ("_c*", ItemKind::Cookie, true),
                ("c-runs", ItemKind::Storage, true)
            ]
        );
        let overridden = &declared.categories[1].services[1];
        assert_eq!(
            overridden.provider.as_deref(),
            Some("Google Ireland Limited")
        );
        assert_eq!(overridden.country, Some("Ирландия"));
        assert_eq!(overridden.items[0].lifetime.as_deref(), Some("2 года"));
        assert_eq!(
            overridden.items[1].lifetime, None,
            "_gid: no published lifetime in the catalogue"
        );
    }

    #[test]
    fn the_loader_keeps_its_outbox_under_the_declared_key() {
        let loader = include_str!("../../loader/stage2/consent-log.mjs");
        assert!(
            loader.contains(&format!("QUEUE_KEY = '{CONSENT_LOG_STORAGE_KEY}'")),
            "loader/stage2/consent-log.mjs must use the key the declaration names"
        );
    }
}
