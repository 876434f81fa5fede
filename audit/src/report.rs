//! What an audit found, as data (serialised for `--json`) and as the terminal table.

use std::fmt::Write as _;

use serde::Serialize;

use crate::classify::Classification;

/// The four visits every page gets, each in a fresh browser context.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    /// Loaded as a first-time visitor; nothing clicked.
    BeforeDecision,
    /// After clicking the banner's "reject all".
    AfterRejectAll,
    /// After clicking the banner's "accept all".
    AfterAcceptAll,
    /// After clicking the banner's "accept all", then withdrawing everything as a visitor would:
    /// the control that reopens the preferences, then the preferences' "reject all".
    AfterWithdrawal,
}

impl Scenario {
    pub const ALL: [Scenario; 4] = [
        Scenario::BeforeDecision,
        Scenario::AfterRejectAll,
        Scenario::AfterAcceptAll,
        Scenario::AfterWithdrawal,
    ];

    /// The `data-action` of the banner button this visit clicks, if any.
    pub fn button(self) -> Option<&'static str> {
        match self {
            Scenario::BeforeDecision => None,
            Scenario::AfterRejectAll => Some("reject-all"),
            Scenario::AfterAcceptAll | Scenario::AfterWithdrawal => Some("accept-all"),
        }
    }

    /// True for the visit that withdraws its consent through the preferences after the banner.
    pub fn withdraws(self) -> bool {
        self == Scenario::AfterWithdrawal
    }

    /// True where anything non-essential is a leak: before consent, after a refusal and after a
    /// withdrawal.
    pub fn forbids_non_essential(self) -> bool {
        self != Scenario::AfterAcceptAll
    }

    /// The part of the visit whose requests this visit reports: what happened before its own
    /// click belongs to the visit before any decision, what happened before a withdrawal to the
    /// visit after "accept all".
    pub fn reported_phase(self) -> Phase {
        match self {
            Scenario::BeforeDecision => Phase::BeforeDecision,
            Scenario::AfterRejectAll | Scenario::AfterAcceptAll => Phase::AfterDecision,
            Scenario::AfterWithdrawal => Phase::AfterWithdrawal,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Scenario::BeforeDecision => "before any decision",
            Scenario::AfterRejectAll => "after \"reject all\"",
            Scenario::AfterAcceptAll => "after \"accept all\"",
            Scenario::AfterWithdrawal => {
                "after a withdrawal (\"accept all\", then \"reject all\" in the preferences)"
            }
        }
    }
}

/// The parts of a visit, each started by what the audit does: loading the page, the banner's
/// click, the withdrawal in the preferences. Every request and every write is stamped with the
/// part it happened in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// From loading the page until the banner's button is clicked.
    #[default]
    BeforeDecision,
    /// After the banner's button was clicked.
    AfterDecision,
    /// After the preferences' "reject all" was clicked (a reload the page makes then included).
    AfterWithdrawal,
}

impl Phase {
    fn label(self) -> &'static str {
        match self {
            Phase::BeforeDecision => "before decision",
            Phase::AfterDecision => "after decision",
            Phase::AfterWithdrawal => "after withdrawal",
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
    /// A script loaded before any decision that is still part of the page after the visit's
    /// click: code that ran cannot be unloaded, so it runs on.
    Script,
    /// A frame of another site still loaded at the end of the visit (after a withdrawal).
    Frame,
}

impl FindingKind {
    fn label(self) -> &'static str {
        match self {
            FindingKind::Cookie => "cookie",
            FindingKind::LocalStorage => "localStorage",
            FindingKind::SessionStorage => "sessionStorage",
            FindingKind::Request => "request",
            FindingKind::Script => "script",
            FindingKind::Frame => "frame",
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
    /// When it happened: the part of the visit a request was made or a script loaded in, or since
    /// when a cookie or key has been stored (its first write after its last removal); `None` when
    /// the browser did not say.
    pub when: Option<Phase>,
    /// True when this finding breaks the rules of its visit: non-essential before consent, after
    /// a refusal or after a withdrawal, or stored or loaded before any decision.
    pub leak: bool,
}

/// One visit of one page.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScenarioReport {
    pub scenario: Scenario,
    /// Whether the widget's banner was found (inside its shadow root) with its buttons.
    pub banner_found: bool,
    /// What the visit could not do, or found undone, as a visitor would meet it: no way back to
    /// the preferences, a refusal that was not stored. Each counts as a leak.
    pub problems: Vec<String>,
    /// The categories the stored decision grants at the end of the visit (`None`: no decision
    /// is stored).
    pub granted: Option<Vec<String>>,
    /// After a withdrawal: whether the page loaded itself again (the widget reloads a page
    /// whose withdrawn content already ran).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reloaded: Option<bool>,
    pub findings: Vec<Finding>,
}

impl ScenarioReport {
    /// Findings that break the visit's rules, plus one for a missing banner and one per problem.
    pub fn leak_count(&self) -> usize {
        self.findings.iter().filter(|f| f.leak).count()
            + usize::from(!self.banner_found)
            + self.problems.len()
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
        for problem in &scenario.problems {
            let _ = writeln!(out, "    {problem}");
        }
        if scenario.reloaded == Some(true) {
            let _ = writeln!(out, "    the page loaded itself again after the withdrawal");
        }
        if scenario.findings.is_empty() {
            let _ = writeln!(out, "    nothing stored, no request to another site");
            continue;
        }
        let rows: Vec<[String; 7]> = scenario
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
                    f.when.map_or("—", Phase::label).to_owned(),
                    shorten(f.cause.as_deref().unwrap_or("—"), 160),
                ]
            })
            .collect();
        let header =
            ["", "kind", "name", "category", "service", "when", "cause"].map(str::to_owned);
        let widths: Vec<usize> = (0..header.len())
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
