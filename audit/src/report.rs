//! What an audit found, as data (serialised for `--json`) and as the terminal table.

use std::fmt::Write as _;

use serde::Serialize;

use crate::classify::Classification;

/// The three visits every page gets, each in a fresh browser context.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    /// Loaded as a first-time visitor; nothing clicked.
    BeforeDecision,
    /// After clicking the banner's "reject all".
    AfterRejectAll,
    /// After clicking the banner's "accept all".
    AfterAcceptAll,
}

impl Scenario {
    pub const ALL: [Scenario; 3] = [
        Scenario::BeforeDecision,
        Scenario::AfterRejectAll,
        Scenario::AfterAcceptAll,
    ];

    /// The `data-action` of the banner button this visit clicks, if any.
    pub fn button(self) -> Option<&'static str> {
        match self {
            Scenario::BeforeDecision => None,
            Scenario::AfterRejectAll => Some("reject-all"),
            Scenario::AfterAcceptAll => Some("accept-all"),
        }
    }

    /// True where anything non-essential is a leak: before consent and after a refusal.
    pub fn forbids_non_essential(self) -> bool {
        self != Scenario::AfterAcceptAll
    }

    pub fn title(self) -> &'static str {
        match self {
            Scenario::BeforeDecision => "before any decision",
            Scenario::AfterRejectAll => "after \"reject all\"",
            Scenario::AfterAcceptAll => "after \"accept all\"",
        }
    }
}

/// What kind of thing a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FindingKind {
    Cookie,
    LocalStorage,
    SessionStorage,
    /// A request to another site (or to the page's own pixel).
    Request,
}

impl FindingKind {
    fn label(self) -> &'static str {
        match self {
            FindingKind::Cookie => "cookie",
            FindingKind::LocalStorage => "localStorage",
            FindingKind::SessionStorage => "sessionStorage",
            FindingKind::Request => "request",
        }
    }
}

/// One cookie, storage key or request, classified, with its cause where the browser told it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub kind: FindingKind,
    /// The cookie name, the storage key, or the request URL.
    pub name: String,
    /// The cookie's domain, the storage's origin, or the request's host.
    pub site: String,
    #[serde(flatten)]
    pub classification: Classification,
    /// What caused it: the request's initiator (script and line, or the parser and the element),
    /// the response whose Set-Cookie set a cookie, the script that wrote a cookie or key.
    pub cause: Option<String>,
    /// True when this finding breaks the rules of its visit (non-essential before consent or
    /// after a refusal).
    pub leak: bool,
}

/// One visit of one page.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScenarioReport {
    pub scenario: Scenario,
    /// Whether the widget's banner was found (inside its shadow root) with its buttons.
    pub banner_found: bool,
    pub findings: Vec<Finding>,
}

impl ScenarioReport {
    /// Findings that break the visit's rules, plus one for a missing banner.
    pub fn leak_count(&self) -> usize {
        self.findings.iter().filter(|f| f.leak).count() + usize::from(!self.banner_found)
    }
}

/// Everything found on one page.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageReport {
    pub url: String,
    /// Warnings the page's own `#jl-consent-config` block gives (as the widget would log them).
    pub config_problems: Vec<String>,
    pub scenarios: Vec<ScenarioReport>,
}

impl PageReport {
    pub fn leak_count(&self) -> usize {
        self.scenarios.iter().map(ScenarioReport::leak_count).sum()
    }
}

/// The whole run, as `--json` writes it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditReport {
    pub pages: Vec<PageReport>,
    /// Leaks over all pages; the exit status is 1 when it is not zero.
    pub leaks: usize,
}

/// The terminal table for one page: a section per visit, a row per finding.
pub fn render_page(page: &PageReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", page.url);
    for problem in &page.config_problems {
        let _ = writeln!(out, "  configuration: {problem}");
    }
    for scenario in &page.scenarios {
        let leaks = scenario.leak_count();
        let verdict = if leaks == 0 {
            "ok".to_owned()
        } else {
            format!("{leaks} LEAK{}", if leaks == 1 { "" } else { "S" })
        };
        let _ = writeln!(out, "\n  {} — {verdict}", scenario.scenario.title());
        if !scenario.banner_found {
            let _ = writeln!(
                out,
                "    banner not found (no <jl-consent> with a .jl-banner and its buttons in the shadow root)"
            );
        }
        if scenario.findings.is_empty() {
            let _ = writeln!(out, "    nothing stored, no request to another site");
            continue;
        }
        let rows: Vec<[String; 6]> = scenario
            .findings
            .iter()
            .map(|f| {
                [
                    if f.leak { "LEAK" } else { "" }.to_owned(),
                    f.kind.label().to_owned(),
                    shorten(&f.name, 60),
                    f.classification.category.clone(),
                    f.classification
                        .service
                        .clone()
                        .unwrap_or_else(|| "—".into()),
                    shorten(f.cause.as_deref().unwrap_or("—"), 160),
                ]
            })
            .collect();
        let header = ["", "kind", "name", "category", "service", "cause"].map(str::to_owned);
        let widths: Vec<usize> = (0..6)
            .map(|i| {
                std::iter::once(&header)
                    .chain(&rows)
                    .map(|r| r[i].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for row in std::iter::once(&header).chain(&rows) {
            let mut line = String::from("    ");
            for (i, cell) in row.iter().enumerate() {
                line.push_str(cell);
                if i + 1 < row.len() {
                    let pad = widths[i] - cell.chars().count() + 2;
                    line.push_str(&" ".repeat(pad));
                }
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    out
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let kept: String = text.chars().take(max - 1).collect();
    format!("{kept}…")
}
