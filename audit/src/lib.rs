//! The compliance audit of pages that embed the Jet Leasing consent banner. Each page is visited
//! four times as a first-time visitor, each visit in a browser context of its own and all four at
//! once: before any decision, after "reject all", after "accept all", and after "accept all"
//! followed by a withdrawal of everything in the preferences. Every cookie, storage key and
//! request to another site, every script loaded before any decision that runs on after the
//! visit's click, and every frame still loaded after a withdrawal is classified with the
//! catalogue and the page's own configuration. Anything non-essential before consent, after a
//! refusal or after a withdrawal is a leak, and so is anything stored or loaded before any
//! decision.
//!
//! # Layout
//!
//! - [`audit_page`] (here): the four visits of one page and their findings.
//! - [`browser`]: launches Chromium and opens each visit's page.
//! - [`visit`]: walks a visit (loads, clicks, watches) and reads what the page holds at its end.
//! - `recorder`: hears what the browser reports meanwhile.
//! - `classify`: tells the category of each cookie, storage key and request, by the catalogue and
//!   the page's own configuration: the widget's own, necessary, or a leak.
//! - [`report`]: findings per page and scenario, as text and JSON.
//! - `main.rs`: the command line (`jl-consent-audit`), which runs pages and prints the report.

pub mod browser;
mod classify;
mod recorder;
pub mod report;
pub mod visit;

use std::collections::HashSet;

use jl_consent_core::{decode_cookie, parse_config};
use url::Url;

use browser::AuditBrowser;
use classify::{Classification, PageRules};
use recorder::Resource;
use report::{Finding, FindingKind, PageReport, Phase, Scenario, ScenarioReport};
use visit::{Observation, StoredItem};

/// Audits one page: four visits at once, each in a fresh browser context.
pub async fn audit_page(
    browser: &AuditBrowser,
    url: &Url,
    allowed_hosts: &[String],
) -> Result<PageReport, String> {
    let visits = Scenario::ALL.map(|scenario| browser.visit(url, scenario));
    let observations = futures_util::future::join_all(visits).await;
    let mut scenarios = Vec::new();
    let mut config_problems = Vec::new();
    for (scenario, observation) in Scenario::ALL.into_iter().zip(observations) {
        let observation = observation?;
        let (config, problems) = parse_config(observation.config_text.as_deref());
        if scenario == Scenario::BeforeDecision {
            config_problems = problems.iter().map(|p| p.to_string()).collect();
        }
        let rules = PageRules::new(url.clone(), config, allowed_hosts.to_vec());
        scenarios.push(classify_visit(scenario, &observation, &rules));
    }
    Ok(PageReport {
        url: url.to_string(),
        config_problems,
        scenarios,
    })
}

/// Turns what one visit saw into classified findings.
pub fn classify_visit(
    scenario: Scenario,
    observation: &Observation,
    rules: &PageRules,
) -> ScenarioReport {
    let forbids = scenario.forbids_non_essential();
    let mut findings = Vec::new();
    // What the page holds at the end: non-essential is a leak where the visit forbids it, and
    // wherever it has been stored since before any decision.
    let stored = |kind: FindingKind, item: &StoredItem, classification: Classification| Finding {
        kind,
        name: item.name.clone(),
        site: item.site.clone(),
        leak: classification.is_non_essential()
            && (forbids || item.since == Some(Phase::BeforeDecision)),
        classification,
        cause: item.cause.clone(),
        when: item.since,
    };
    for item in &observation.cookies {
        findings.push(stored(FindingKind::Cookie, item, rules.cookie(&item.name)));
    }
    for (kind, items) in [
        (FindingKind::LocalStorage, &observation.local_storage),
        (FindingKind::SessionStorage, &observation.session_storage),
    ] {
        for item in items {
            findings.push(stored(kind, item, rules.storage_key(&item.name)));
        }
    }
    let widget_host = widget_host(observation);
    let classify_url = |raw: &str| -> Option<(String, Classification)> {
        let url = Url::parse(raw).ok()?;
        if !matches!(url.scheme(), "http" | "https" | "ws" | "wss") {
            return None;
        }
        let classification = rules.request(&url, widget_host.as_deref())?;
        Some((
            url.host_str().unwrap_or_default().to_owned(),
            classification,
        ))
    };
    let with_element = |mut cause: String, url: &str| {
        if let Some(element) = observation.elements.get(url) {
            cause.push_str(" · ");
            cause.push_str(element);
        }
        cause
    };
    // The requests of the part of the visit it reports.
    for request in observation
        .requests
        .iter()
        .filter(|r| r.phase == scenario.reported_phase())
    {
        let Some((site, classification)) = classify_url(&request.url) else {
            continue;
        };
        let mut cause = request.initiator.clone();
        if !request.frame_is_main {
            cause.push_str(" (in a frame)");
        }
        findings.push(Finding {
            kind: FindingKind::Request,
            name: request.url.clone(),
            site,
            leak: forbids && classification.is_non_essential(),
            classification,
            cause: Some(with_element(cause, &request.url)),
            when: Some(request.phase),
        });
    }
    // Scripts that loaded before any decision and are still part of the page after the click:
    // code that ran cannot be unloaded, whatever was decided (a reload replaces the document).
    if scenario != Scenario::BeforeDecision {
        let mut seen = HashSet::new();
        for request in observation.requests.iter().filter(|r| {
            r.resource == Resource::Script
                && r.loaded
                && r.phase == Phase::BeforeDecision
                && r.document == observation.document
        }) {
            let Some((site, classification)) = classify_url(&request.url) else {
                continue;
            };
            if !classification.is_non_essential() || !seen.insert(request.url.as_str()) {
                continue;
            }
            findings.push(Finding {
                kind: FindingKind::Script,
                name: request.url.clone(),
                site,
                leak: true,
                classification,
                cause: Some(with_element(request.initiator.clone(), &request.url)),
                when: Some(Phase::BeforeDecision),
            });
        }
    }
    // Frames of other sites still loaded after everything was withdrawn.
    if scenario.withdraws() {
        for frame in &observation.frames {
            let Some((site, classification)) = classify_url(frame) else {
                continue;
            };
            if classification.is_non_essential() {
                findings.push(Finding {
                    kind: FindingKind::Frame,
                    name: frame.clone(),
                    site,
                    leak: true,
                    classification,
                    cause: observation.elements.get(frame).cloned(),
                    when: observation
                        .requests
                        .iter()
                        .find(|r| r.url == *frame && r.resource == Resource::Document)
                        .map(|r| r.phase),
                });
            }
        }
    }
    // Leaks first, then by kind, so the table reads from what must be fixed.
    findings.sort_by_key(|f| (!f.leak, f.kind as u8));
    let granted = observation
        .cookies
        .iter()
        .find(|c| c.name == rules.consent_cookie())
        .and_then(|c| decode_cookie(&c.value).ok())
        .map(|record| {
            record
                .choices
                .granted()
                .map(|c| c.as_str().to_owned())
                .collect::<Vec<_>>()
        });
    ScenarioReport {
        scenario,
        banner_found: observation.banner_found,
        problems: problems(scenario, observation, granted.as_deref()),
        granted,
        reloaded: scenario.withdraws().then_some(observation.reloaded),
        findings,
    }
}

/// What kept the visit from doing what a visitor does: a click that stored no decision, a
/// refusal the visitor made that the stored decision does not hold.
fn problems(
    scenario: Scenario,
    observation: &Observation,
    granted: Option<&[String]>,
) -> Vec<String> {
    let mut problems: Vec<String> = observation.withdrawal_problem.iter().cloned().collect();
    if scenario == Scenario::AfterAcceptAll && observation.banner_found && granted.is_none() {
        problems.push(
            "the acceptance was not stored: no decision in the consent cookie after clicking \"accept all\" (what this visit found after it is not what a visitor who accepted meets)".to_owned(),
        );
    }
    let refused = observation.banner_found
        && match scenario {
            Scenario::AfterRejectAll => true,
            Scenario::AfterWithdrawal => observation.withdrawal_problem.is_none(),
            Scenario::BeforeDecision | Scenario::AfterAcceptAll => false,
        };
    if refused {
        match granted {
            None => problems
                .push("the refusal was not stored: no decision in the consent cookie".to_owned()),
            Some(granted) if !granted.is_empty() => problems.push(format!(
                "the refusal was not stored: the decision still grants {}",
                granted.join(", ")
            )),
            Some(_) => {}
        }
    }
    problems
}

/// The host the widget's own files came from (the host of `consent.js`), whose requests are the
/// widget's and so necessary.
fn widget_host(observation: &Observation) -> Option<String> {
    observation
        .requests
        .iter()
        .filter_map(|r| Url::parse(&r.url).ok())
        .find(|u| u.path().ends_with("/consent.js"))
        .and_then(|u| u.host_str().map(str::to_owned))
}

#[cfg(test)]
mod tests {
    use super::*;
    use recorder::ObservedRequest;

    fn rules() -> PageRules {
        let (config, _) = parse_config(Some(
            r#"{"categories": [{"id": "analytics", "services": [{"name": "Tracker", "cookies": ["tr_*"], "hosts": ["t.example"]}]}]}"#,
        ));
        PageRules::new(
            Url::parse("https://www.jetfin.kz/").unwrap(),
            config,
            Vec::new(),
        )
    }

    fn script(url: &str, phase: Phase, document: u32) -> ObservedRequest {
        ObservedRequest {
            url: url.into(),
            initiator: "parser https://www.jetfin.kz/:3".into(),
            phase,
            document,
            frame_is_main: true,
            resource: Resource::Script,
            loaded: true,
            failed: false,
        }
    }

    fn cookie(name: &str, value: &str, since: Option<Phase>) -> StoredItem {
        StoredItem {
            name: name.into(),
            site: "www.jetfin.kz".into(),
            value: value.into(),
            since,
            cause: None,
        }
    }

    fn leaks(report: &ScenarioReport) -> Vec<(FindingKind, &str)> {
        report
            .findings
            .iter()
            .filter(|f| f.leak)
            .map(|f| (f.kind, f.name.as_str()))
            .collect()
    }

    #[test]
    fn what_was_stored_before_any_decision_is_a_leak_even_after_accept_all() {
        let observation = Observation {
            banner_found: true,
            cookies: vec![
                cookie("tr_before", "1", Some(Phase::BeforeDecision)),
                cookie("tr_after", "1", Some(Phase::AfterDecision)),
            ],
            ..Observation::default()
        };
        let report = classify_visit(Scenario::AfterAcceptAll, &observation, &rules());
        assert_eq!(leaks(&report), [(FindingKind::Cookie, "tr_before")]);
        let report = classify_visit(Scenario::AfterRejectAll, &observation, &rules());
        assert_eq!(leaks(&report).len(), 2, "a refusal forbids both");
    }

    #[test]
    fn scripts_loaded_before_any_decision_run_on_unless_the_page_was_loaded_again() {
        let observation = |document| Observation {
            banner_found: true,
            document,
            requests: vec![
                script("https://t.example/before.js", Phase::BeforeDecision, 1),
                script("https://t.example/after.js", Phase::AfterDecision, 1),
                script("https://www.jetfin.kz/own.js", Phase::BeforeDecision, 1),
            ],
            ..Observation::default()
        };
        let same_page = observation(1);
        for scenario in [
            Scenario::AfterRejectAll,
            Scenario::AfterAcceptAll,
            Scenario::AfterWithdrawal,
        ] {
            let report = classify_visit(scenario, &same_page, &rules());
            let scripts: Vec<_> = report
                .findings
                .iter()
                .filter(|f| f.kind == FindingKind::Script)
                .map(|f| (f.name.as_str(), f.leak))
                .collect();
            assert_eq!(
                scripts,
                [("https://t.example/before.js", true)],
                "{scenario:?}"
            );
        }
        let report = classify_visit(Scenario::BeforeDecision, &same_page, &rules());
        assert_eq!(
            report
                .findings
                .iter()
                .filter(|f| f.kind == FindingKind::Script)
                .count(),
            0,
            "before any decision its request says it"
        );
        let reloaded = classify_visit(Scenario::AfterWithdrawal, &observation(2), &rules());
        assert_eq!(leaks(&reloaded), []);
    }

    #[test]
    fn a_decision_the_stored_cookie_does_not_hold_is_a_problem() {
        let with_cookie = |value: &str| Observation {
            banner_found: true,
            cookies: vec![cookie("jl_consent", value, Some(Phase::AfterDecision))],
            ..Observation::default()
        };
        let refused = "1|1|1764100000|7K3M9Q2XA4BC8DEF|analytics:0";
        let granted = "1|1|1764100000|7K3M9Q2XA4BC8DEF|analytics:1";
        let report = classify_visit(Scenario::AfterRejectAll, &with_cookie(refused), &rules());
        assert_eq!(report.granted, Some(Vec::new()));
        assert_eq!(report.problems, Vec::<String>::new());
        let report = classify_visit(Scenario::AfterWithdrawal, &with_cookie(granted), &rules());
        assert_eq!(report.granted, Some(vec!["analytics".to_owned()]));
        assert_eq!(
            report.problems,
            ["the refusal was not stored: the decision still grants analytics"]
        );
        assert_eq!(report.leak_count(), 1);
        let nothing = Observation {
            banner_found: true,
            ..Observation::default()
        };
        let report = classify_visit(Scenario::AfterRejectAll, &nothing, &rules());
        assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
        let report = classify_visit(Scenario::AfterAcceptAll, &with_cookie(granted), &rules());
        assert_eq!(report.problems.len(), 0);
        let report = classify_visit(Scenario::AfterAcceptAll, &nothing, &rules());
        assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
        assert!(report.problems[0].starts_with("the acceptance was not stored"));
    }
}
