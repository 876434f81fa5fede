//! Kazakh.

use super::{join_clauses, LanguagePack, SummaryPoint, TextKey, Unit};
use crate::language::Language;

pub(super) static PACK: LanguagePack = LanguagePack {
    language: Language::Kk,
    summary: SUMMARY,
    texts: text,
    clause_label,
    quantity,
};

const SUMMARY: &[SummaryPoint] = &[
    SummaryPoint {
        text: "Кері байланыс формасы арқылы тек өзіңіз енгізген деректерді аламыз: аты-жөніңіз, телефон, e-mail, ЖСН/БСН және үзінді көшірмелер.",
        clauses: &["3.2"],
    },
    SummaryPoint {
        text: "Статистикалық скрипт («пиксель») IP-мекенжайды, cookie деректерін, браузер туралы мәліметтерді, кіру уақытын, бет мекенжайын және сіз келген беттің мекенжайын жібереді.",
        clauses: &["3.3"],
    },
    SummaryPoint {
        text: "IP-мекенжайлар сайттың техникалық ақауларын анықтап, жою үшін қажет.",
        clauses: &["3.3.2"],
    },
    SummaryPoint {
        text: "Жарнаманы тек сіздің келісіміңізбен жүргіземіз.",
        clauses: &["4.1.4"],
    },
    SummaryPoint {
        text: "Деректер сізге компания серіктестерінің сайттары мен қызметтеріне қол жеткізу үшін пайдаланылуы мүмкін.",
        clauses: &["4.1.6"],
    },
    SummaryPoint {
        text: "Заңгерлерге, бухгалтерлерге, нотариустарға, курьерлерге, поштаға және байланыс операторларына деректер тек сіздің мүддеңізде, ҚР мемлекеттік органдарына тек заң бойынша беріледі.",
        clauses: &["5.2", "5.3"],
    },
    SummaryPoint {
        text: "Саясат деректерді сақтау мерзімін шектемейді.",
        clauses: &["5.1"],
    },
    SummaryPoint {
        text: "Деректеріңізге қатысты сұрақтар мен өтініштер: merchant@jetfin.kz.",
        clauses: &["9.3"],
    },
];

fn text(key: TextKey) -> &'static str {
    match key {
        TextKey::BannerTitle => "Cookie және сіздің деректеріңіз",
        TextKey::BannerIntro => "Аналитика мен жарнаманы тек сіздің келісіміңізбен қосамыз: бас тарту келісу сияқты оңай.",
        TextKey::AcceptAll => "Барлығын қабылдау",
        TextKey::RejectAll => "Барлығынан бас тарту",
        TextKey::OpenPreferences => "Баптау",
        TextKey::SaveChoices => "Таңдауды сақтау",
        TextKey::PreferencesTitle => "Cookie баптаулары",
        TextKey::PreferencesIntro => "Нені рұқсат ететініңізді таңдаңыз. Міндетті емес санаттардың барлығы сіз қоспайынша өшірулі; шешімді кез келген уақытта өзгертуге болады.",
        TextKey::Close => "Жабу",
        TextKey::AlwaysOn => "Әрқашан қосулы",
        TextKey::NecessaryTitle => "Міндетті",
        TextKey::NecessaryDescription => "Сайттың жұмысы және таңдауыңызды есте сақтау үшін қажет. Оларды өшіруге болмайды: cookie-сіз сайттың кейбір бөліктері қолжетімсіз болуы мүмкін (3.3.1-тармақ).",
        TextKey::AnalyticsTitle => "Аналитика (пиксель)",
        TextKey::AnalyticsDescription => "Статистикалық скрипт IP-мекенжайды, cookie деректерін, браузер туралы мәліметтерді, кіру уақытын, бет мекенжайын және алдыңғы беттің мекенжайын (реферер) алады. Бұл техникалық ақауларды табу және кірулерді санау үшін қажет (3.3, 3.3.2-тармақтар).",
        TextKey::AdvertisingTitle => "Жарнама",
        TextKey::AdvertisingDescription => "Jet Leasing жарнамасын көрсету және бағалау. Тек сіздің келісіміңізбен жұмыс істейді (4.1.4-тармақ).",
        TextKey::PolicyLink => "Құпиялылық саясатының толық мәтіні",
        TextKey::ConsentIdLabel => "Келісім нөмірі",
        TextKey::DecidedAtLabel => "Шешім күні",
        TextKey::NoDecisionYet => "Сіз әлі таңдау жасаған жоқсыз.",
        TextKey::SettingsButton => "Cookie баптаулары",
        TextKey::ChoiceSaved => "Таңдауыңыз сақталды.",
        TextKey::GpcHonoured => "Браузеріңіз Global Privacy Control сигналын жібереді: жарнаманы өзіңіз қоспайынша, ол өшірулі болады.",
        TextKey::ChangesTitle => "Деректерді өңдеу ережелерін жаңарттық",
        TextKey::ChangesIntro => "Соңғы шешіміңізден бері пайда болған немесе өзгерген:",
        TextKey::NewCategory => "жаңа санат",
        TextKey::ChangedCategory => "санат өзгерді",
        TextKey::ServicesLabel => "Қызметтер",
        TextKey::CookiesLabel => "Cookie",
        TextKey::FunctionalTitle => "Функционалдық",
        TextKey::FunctionalDescription => "Сайт беттеріндегі бөгде сервистердің мазмұны: бейне, карталар, онлайн-чат. Олар IP-мекенжайыңызды алады және өз cookie файлдарын орнатуы мүмкін, сондықтан тек сіздің келісіміңізбен жүктеледі.",
        TextKey::ServicePolicyLink => "Сервистің құпиялылық саясаты",
        TextKey::PlaceholderIntro => "Мұнда бөгде сервистің мазмұны бар. Сіз рұқсат бермейінше, ол жүктелмейді және сіз туралы ештеңе білмейді.",
        TextKey::PlaceholderLoadOnce => "Бір рет жүктеу",
        TextKey::PlaceholderAllow => "«{category}» санатына рұқсат ету",
        TextKey::WithdrawalReloaded => "Таңдауыңыз сақталды. Сіз өшірген қызметтер жұмысын тоқтатуы үшін бет қайта жүктелді.",
        TextKey::NoticeOperator => "Келісімді {operator} сұрайды.",
        TextKey::OperatorBin => "БСН {bin}",
        TextKey::NoticeRetention => "Таңдауыңыз {days} сақталады.",
        TextKey::NoticeTransfers => "Келісіміңізбен деректер Қазақстаннан тыс жіберіледі: {transfers}.",
        TextKey::SummaryToggle => "Толығырақ",
    }
}

/// A Kazakh noun keeps its singular after a number: 1 күн, 180 күн.
fn quantity(count: u32, unit: Unit) -> String {
    let word = match unit {
        Unit::Minute => "минут",
        Unit::Hour => "сағат",
        Unit::Day => "күн",
        Unit::Month => "ай",
        Unit::Year => "жыл",
    };
    format!("{count} {word}")
}

fn clause_label(clauses: &[&str]) -> String {
    let suffix = if clauses.len() > 1 {
        "-тармақтар"
    } else {
        "-тармақ"
    };
    format!("{}{suffix}", join_clauses(clauses))
}
