//! English.

use super::{join_clauses, LanguagePack, SummaryPoint, TextKey, Unit};
use crate::language::Language;

pub(super) static PACK: LanguagePack = LanguagePack {
    language: Language::En,
    summary: SUMMARY,
    texts: text,
    clause_label,
    quantity,
};

const SUMMARY: &[SummaryPoint] = &[
    SummaryPoint {
        text: "Through the feedback form we receive only what you type in: your full name, phone, e-mail, IIN/BIN and statements.",
        clauses: &["3.2"],
    },
    SummaryPoint {
        text: "The statistics script (the “pixel”) sends your IP address, cookie data, browser details, time of visit, the page address and the address you came from.",
        clauses: &["3.3"],
    },
    SummaryPoint {
        text: "IP addresses are used to find and fix technical problems with the site.",
        clauses: &["3.3.2"],
    },
    SummaryPoint {
        text: "Advertising happens only with your consent.",
        clauses: &["4.1.4"],
    },
    SummaryPoint {
        text: "Data may be used to give you access to the sites and services of the company's partners.",
        clauses: &["4.1.6"],
    },
    SummaryPoint {
        text: "Lawyers, accountants, notaries, couriers, post and telecom operators receive data only in your interest; Kazakh state bodies only as the law provides.",
        clauses: &["5.2", "5.3"],
    },
    SummaryPoint {
        text: "The policy sets no time limit on keeping data.",
        clauses: &["5.1"],
    },
    SummaryPoint {
        text: "Questions and requests about your data: merchant@jetfin.kz.",
        clauses: &["9.3"],
    },
];

fn text(key: TextKey) -> &'static str {
    match key {
        TextKey::BannerTitle => "Cookies and your data",
        TextKey::BannerIntro => "Analytics and advertising are switched on only with your consent: refusing is as easy as agreeing.",
        TextKey::AcceptAll => "Accept all",
        TextKey::RejectAll => "Reject all",
        TextKey::OpenPreferences => "Settings",
        TextKey::SaveChoices => "Save choices",
        TextKey::PreferencesTitle => "Cookie settings",
        TextKey::PreferencesIntro => "Choose what to allow. Everything optional stays off until you switch it on, and you can change your mind at any time.",
        TextKey::Close => "Close",
        TextKey::AlwaysOn => "Always on",
        TextKey::NecessaryTitle => "Strictly necessary",
        TextKey::NecessaryDescription => "Needed for the site to work and to remember your choice. They cannot be switched off: without cookies parts of the site may not work (cl. 3.3.1).",
        TextKey::AnalyticsTitle => "Analytics (the pixel)",
        TextKey::AnalyticsDescription => "The statistics script receives your IP address, cookie data, browser details, time of visit, the page address and the referrer, to find technical problems and count visits (cl. 3.3, 3.3.2).",
        TextKey::AdvertisingTitle => "Advertising",
        TextKey::AdvertisingDescription => "Showing and measuring Jet Leasing's advertising. Only with your consent (cl. 4.1.4).",
        TextKey::PolicyLink => "Full privacy policy (in Russian)",
        TextKey::ConsentIdLabel => "Consent id",
        TextKey::DecidedAtLabel => "Decided on",
        TextKey::NoDecisionYet => "You have not decided yet.",
        TextKey::SettingsButton => "Cookie settings",
        TextKey::ChoiceSaved => "Your choice is saved.",
        TextKey::GpcHonoured => "Your browser sends a Global Privacy Control signal: advertising stays off unless you switch it on yourself.",
        TextKey::ChangesTitle => "We have updated how we handle data",
        TextKey::ChangesIntro => "New or changed since your last decision:",
        TextKey::NewCategory => "new category",
        TextKey::ChangedCategory => "category changed",
        TextKey::ServicesLabel => "Services",
        TextKey::CookiesLabel => "Cookies",
        TextKey::FunctionalTitle => "Functional",
        TextKey::FunctionalDescription => "Content from other services on the site's pages: videos, maps, online chat. They receive your IP address and may set cookies of their own, so they load only with your consent.",
        TextKey::ServicePolicyLink => "The service's privacy policy",
        TextKey::PlaceholderIntro => "Content from another service goes here. Until you allow it, it does not load and learns nothing about you.",
        TextKey::PlaceholderLoadOnce => "Load once",
        TextKey::PlaceholderAllow => "Allow “{category}”",
        TextKey::WithdrawalReloaded => "Your choice is saved. The page was reloaded so that the services you switched off stop running.",
        TextKey::NoticeOperator => "Consent is requested by {operator}.",
        TextKey::OperatorBin => "BIN {bin}",
        TextKey::NoticeRetention => "Your choice is kept for {days}.",
        TextKey::NoticeTransfers => "With your consent, data leaves Kazakhstan: {transfers}.",
        TextKey::SummaryToggle => "Details",
    }
}

/// English: one day, two days.
fn quantity(count: u32, unit: Unit) -> String {
    let word = match unit {
        Unit::Minute => "minute",
        Unit::Hour => "hour",
        Unit::Day => "day",
        Unit::Month => "month",
        Unit::Year => "year",
    };
    let plural = if count == 1 { "" } else { "s" };
    format!("{count} {word}{plural}")
}

fn clause_label(clauses: &[&str]) -> String {
    format!("cl. {}", join_clauses(clauses))
}
