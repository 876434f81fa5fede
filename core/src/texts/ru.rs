//! Russian: the policy's own language and the default.

use super::{join_clauses, LanguagePack, SummaryPoint, TextKey, Unit};
use crate::language::Language;

pub(super) static PACK: LanguagePack = LanguagePack {
    language: Language::Ru,
    summary: SUMMARY,
    texts: text,
    clause_label,
    quantity,
};

const SUMMARY: &[SummaryPoint] = &[
    SummaryPoint {
        text: "Через форму обратной связи мы получаем только то, что вы вводите сами: ФИО, телефон, e-mail, ИИН/БИН и выписки.",
        clauses: &["3.2"],
    },
    SummaryPoint {
        text: "Статистический скрипт («пиксель») передаёт IP-адрес, данные cookie, сведения о браузере, время визита, адрес страницы и адрес, с которого вы пришли.",
        clauses: &["3.3"],
    },
    SummaryPoint {
        text: "IP-адреса нужны, чтобы находить и устранять технические неполадки сайта.",
        clauses: &["3.3.2"],
    },
    SummaryPoint {
        text: "Рекламу мы ведём только с вашего согласия.",
        clauses: &["4.1.4"],
    },
    SummaryPoint {
        text: "Данные могут использоваться, чтобы открыть вам сайты и сервисы партнёров компании.",
        clauses: &["4.1.6"],
    },
    SummaryPoint {
        text: "Юристам, бухгалтерам, нотариусам, курьерам, почте и операторам связи данные передаются только в ваших интересах, госорганам РК — только по закону.",
        clauses: &["5.2", "5.3"],
    },
    SummaryPoint {
        text: "Политика не ограничивает срок хранения данных.",
        clauses: &["5.1"],
    },
    SummaryPoint {
        text: "Вопросы и запросы о ваших данных: merchant@jetfin.kz.",
        clauses: &["9.3"],
    },
];

fn text(key: TextKey) -> &'static str {
    match key {
        TextKey::BannerTitle => "Cookie и ваши данные",
        TextKey::BannerIntro => "Аналитику и рекламу мы включаем только с вашего согласия: отказаться так же просто, как согласиться.",
        TextKey::AcceptAll => "Принять все",
        TextKey::RejectAll => "Отклонить все",
        TextKey::OpenPreferences => "Настроить",
        TextKey::SaveChoices => "Сохранить выбор",
        TextKey::PreferencesTitle => "Настройки cookie",
        TextKey::PreferencesIntro => "Выберите, что разрешить. Всё необязательное выключено, пока вы его не включите; изменить решение можно в любой момент.",
        TextKey::Close => "Закрыть",
        TextKey::AlwaysOn => "Всегда включены",
        TextKey::NecessaryTitle => "Обязательные",
        TextKey::NecessaryDescription => "Нужны, чтобы сайт работал и помнил ваш выбор. Отключить их нельзя: без cookie часть сайта может быть недоступна (п. 3.3.1).",
        TextKey::AnalyticsTitle => "Аналитика (пиксель)",
        TextKey::AnalyticsDescription => "Статистический скрипт получает IP-адрес, данные cookie, сведения о браузере, время визита, адрес страницы и реферер. Это нужно, чтобы находить технические проблемы и считать посещаемость (пп. 3.3, 3.3.2).",
        TextKey::AdvertisingTitle => "Реклама",
        TextKey::AdvertisingDescription => "Показ и оценка рекламы Jet Leasing. Работает только с вашего согласия (п. 4.1.4).",
        TextKey::PolicyLink => "Политика конфиденциальности полностью",
        TextKey::ConsentIdLabel => "Номер согласия",
        TextKey::DecidedAtLabel => "Дата решения",
        TextKey::NoDecisionYet => "Вы ещё не сделали выбор.",
        TextKey::SettingsButton => "Настройки cookie",
        TextKey::ChoiceSaved => "Ваш выбор сохранён.",
        TextKey::GpcHonoured => "Ваш браузер передаёт сигнал Global Privacy Control: реклама останется выключенной, пока вы сами её не включите.",
        TextKey::ChangesTitle => "Мы обновили правила обработки данных",
        TextKey::ChangesIntro => "С вашего последнего решения появилось или изменилось:",
        TextKey::NewCategory => "новая категория",
        TextKey::ChangedCategory => "категория изменена",
        TextKey::ServicesLabel => "Сервисы",
        TextKey::CookiesLabel => "Cookie",
        TextKey::FunctionalTitle => "Функциональные",
        TextKey::FunctionalDescription => "Содержимое сторонних сервисов на страницах сайта: видео, карты, онлайн-чат. Они получают ваш IP-адрес и могут ставить свои cookie, поэтому загружаются только с вашего согласия.",
        TextKey::ServicePolicyLink => "Политика сервиса",
        TextKey::PlaceholderIntro => "Здесь содержимое стороннего сервиса. Пока вы его не разрешили, оно не загружается и ничего о вас не узнаёт.",
        TextKey::PlaceholderLoadOnce => "Загрузить один раз",
        TextKey::PlaceholderAllow => "Разрешить «{category}»",
        TextKey::WithdrawalReloaded => "Ваш выбор сохранён. Страница загружена заново, чтобы отключённые вами сервисы перестали работать.",
        TextKey::NoticeOperator => "Согласие запрашивает {operator}.",
        TextKey::OperatorBin => "БИН {bin}",
        TextKey::NoticeRetention => "Выбор хранится {days}.",
        TextKey::NoticeTransfers => "С вашего согласия данные уходят за пределы Казахстана: {transfers}.",
        TextKey::SummaryToggle => "Подробнее",
    }
}

/// Russian counts take one of three forms: 1, 21 день; 2, 3, 4, 22 дня; 5–20, 25 дней.
fn quantity(count: u32, unit: Unit) -> String {
    let [one, few, many] = match unit {
        Unit::Minute => ["минута", "минуты", "минут"],
        Unit::Hour => ["час", "часа", "часов"],
        Unit::Day => ["день", "дня", "дней"],
        Unit::Month => ["месяц", "месяца", "месяцев"],
        Unit::Year => ["год", "года", "лет"],
    };
    let word = match (count % 10, count % 100) {
        (1, n) if n != 11 => one,
        (2..=4, n) if !(12..=14).contains(&n) => few,
        _ => many,
    };
    format!("{count} {word}")
}

fn clause_label(clauses: &[&str]) -> String {
    let prefix = if clauses.len() > 1 { "пп. " } else { "п. " };
    format!("{prefix}{}", join_clauses(clauses))
}
