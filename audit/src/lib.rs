//! The compliance audit of pages that embed the Jet Leasing consent banner: each page is visited
//! three times as a first-time visitor (before any decision, after "reject all", after "accept
//! all"), and every cookie, storage key and request to another site is classified with the
//! catalogue and the page's own configuration. Anything non-essential before consent or after a
//! refusal is a leak.
//!
//! # Layout
//!
//! - [`audit_page`] (here): the three visits of one page and their findings.
//! - [`visit`]: headless Chromium over the DevTools protocol: one visit, what it observed.
//! - `classify`: each cookie, storage key and request, by the catalogue and the page's own
//!   configuration: the widget's own, necessary, or a leak.
//! - [`report`]: findings per page and scenario, as text and JSON.
//! - `main.rs`: the command line (`jl-consent-audit`), which runs pages and prints the report.

mod classify;
pub mod report;
pub mod visit;

use jl_consent_core::parse_config;
use url::Url;

use classify::{Classification, PageRules};
use report::{Finding, FindingKind, PageReport, Scenario, ScenarioReport};
use visit::{AuditBrowser, Observation};

/// Audits one page: three visits, each in a fresh browser context.
pub async fn audit_page(
    browser: &AuditBrowser,
    url: &Url,
    allowed_hosts: &[String],
) -> Result<PageReport, String> {
    let mut scenarios = Vec::new();
    let mut config_problems = Vec::new();
    for scenario in Scenario::ALL {
        let observation = browser.visit(url, scenario.button()).await?;
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
    let leak = |c: &Classification| scenario.forbids_non_essential() && c.is_non_essential();
    let mut findings = Vec::new();
    for (name, domain) in &observation.cookies {
        let classification = rules.cookie(name);
        let written = observation
            .written_by
            .get(&("cookie".to_owned(), name.clone()));
        let cause = match (written, observation.set_cookie_by.get(name)) {
            (Some(Some(script)), _) => Some(format!("document.cookie in {script}")),
            (Some(None), _) => Some("document.cookie in an inline or evaluated script".to_owned()),
            (None, Some(response)) => Some(format!("Set-Cookie from {response}")),
            (None, None) => None,
        };
        findings.push(Finding {
            kind: FindingKind::Cookie,
            name: name.clone(),
            site: domain.clone(),
            leak: leak(&classification),
            classification,
            cause,
        });
    }
    for (kind, keys, label) in [
        (
            FindingKind::LocalStorage,
            &observation.local_storage,
            "localStorage",
        ),
        (
            FindingKind::SessionStorage,
            &observation.session_storage,
            "sessionStorage",
        ),
    ] {
        for key in keys {
            let classification = rules.storage_key(key);
            let cause = observation
                .written_by
                .get(&(label.to_owned(), key.clone()))
                .map(|by| match by {
                    Some(script) => format!("setItem in {script}"),
                    None => "setItem in an inline or evaluated script".to_owned(),
                });
            findings.push(Finding {
                kind,
                name: key.clone(),
                site: observation.origin.clone(),
                leak: leak(&classification),
                classification,
                cause,
            });
        }
    }
    let widget_host = widget_host(observation);
    let in_scope = |after_click: bool| match scenario {
        // Requests before the click were already seen by the visit before any decision.
        Scenario::BeforeDecision => true,
        _ => after_click,
    };
    for request in observation
        .requests
        .iter()
        .filter(|r| in_scope(r.after_click))
    {
        let Ok(url) = Url::parse(&request.url) else {
            continue;
        };
        if !matches!(url.scheme(), "http" | "https" | "ws" | "wss") {
            continue;
        }
        let Some(classification) = rules.request(&url, widget_host.as_deref()) else {
            continue;
        };
        let element = observation.elements.get(&request.url);
        let mut cause = request.initiator.clone();
        if !request.frame_is_main {
            cause.push_str(" (in a frame)");
        }
        if let Some(element) = element {
            cause.push_str(" · ");
            cause.push_str(element);
        }
        findings.push(Finding {
            kind: FindingKind::Request,
            name: request.url.clone(),
            site: url.host_str().unwrap_or_default().to_owned(),
            leak: leak(&classification),
            classification,
            cause: Some(cause),
        });
    }
    // Leaks first, then by kind, so the table reads from what must be fixed.
    findings.sort_by_key(|f| (!f.leak, f.kind as u8));
    ScenarioReport {
        scenario,
        banner_found: observation.banner_found,
        findings,
    }
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
