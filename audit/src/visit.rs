//! One visit of a page, as a first-time visitor: a fresh browser context, the page loaded and
//! watched, the banner's button clicked as a visitor would (found through its shadow root), for
//! the withdrawal the preferences reopened and everything refused; then what the page holds:
//! cookies, storage keys with since when and by whom they are there, the frames still loaded.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chromiumoxide::cdp::browser_protocol::browser::BrowserContextId;
use chromiumoxide::cdp::browser_protocol::dom_storage;
use chromiumoxide::cdp::browser_protocol::network;
use chromiumoxide::cdp::browser_protocol::storage::GetCookiesParams;
use chromiumoxide::cdp::js_protocol::runtime::AddBindingParams;
use chromiumoxide::layout::Point;
use chromiumoxide::Page;
use serde::Deserialize;
use url::Url;

use crate::browser::AuditBrowser;
use crate::recorder::{
    self, lock, ObservedRequest, Resource, StorageKind, VisitLog, RECORDER_BINDING,
};
use crate::report::{Phase, Scenario};

/// A cookie or storage key the page holds at the end of a visit.
#[derive(Clone, Debug)]
pub struct StoredItem {
    pub name: String,
    /// The cookie's domain, or the storage's origin.
    pub site: String,
    /// The cookie's value (empty for storage keys: only the consent cookie's is read).
    pub value: String,
    /// Since when it has been stored: the part of the visit of its first write after its last
    /// removal (`None` when nothing reported the write).
    pub since: Option<Phase>,
    /// Who wrote it last: `document.cookie in <script:line>`, `Set-Cookie from <url>`,
    /// `setItem in <script:line>`.
    pub cause: Option<String>,
}

/// What one visit saw.
#[derive(Debug, Default)]
pub struct Observation {
    pub banner_found: bool,
    /// The withdrawal could not be made as a visitor makes it, and why.
    pub withdrawal_problem: Option<String>,
    /// The page loaded itself again after the withdrawal.
    pub reloaded: bool,
    pub requests: Vec<ObservedRequest>,
    /// The main document shown at the end (requests carry the one they were made from).
    pub document: u32,
    pub cookies: Vec<StoredItem>,
    pub local_storage: Vec<StoredItem>,
    pub session_storage: Vec<StoredItem>,
    /// The addresses of the frames that show a document of theirs at the end.
    pub frames: Vec<String>,
    pub origin: String,
    /// Absolute URL → the element that loads it (`<script src=…>`).
    pub elements: HashMap<String, String>,
    /// The text of the page's `#jl-consent-config` block.
    pub config_text: Option<String>,
}

/// One of the widget's controls the audit clicks, and where a visitor finds it.
#[derive(Clone, Copy, Debug)]
enum Control {
    /// A button of the banner, by its `data-action`.
    Banner(&'static str),
    /// What reopens the preferences once the banner is gone: the widget's round cookie-settings
    /// button, or a link of the page's own marked `data-jl-consent-open`.
    Reopen,
    /// A button of the preferences, by its `data-action`.
    Preferences(&'static str),
}

impl Control {
    /// `[host, selector]` pairs for `controls.js`: inside the shadow root of `host`, or in the
    /// document itself for `None`.
    fn places(self) -> serde_json::Value {
        match self {
            Control::Banner(action) => serde_json::json!([[
                "jl-consent",
                format!(".jl-banner [data-action=\"{action}\"]")
            ]]),
            Control::Reopen => serde_json::json!([
                ["jl-consent-settings", ".jl-open"],
                [null, "[data-jl-consent-open]"]
            ]),
            Control::Preferences(action) => serde_json::json!([[
                "jl-consent",
                format!(".jl-prefs [data-action=\"{action}\"]")
            ]]),
        }
    }
}

const OBSERVE_SCRIPT: &str = include_str!("observe.js");
const FIND_CONTROL: &str = include_str!("controls.js");
const SNAPSHOT: &str = include_str!("snapshot.js");

#[derive(Deserialize)]
struct Snapshot {
    origin: String,
    local: Vec<String>,
    session: Vec<String>,
    elements: Vec<(String, String)>,
    frames: Vec<String>,
    config: Option<String>,
}

#[derive(Deserialize)]
struct ControlProbe {
    #[serde(default)]
    x: f64,
    #[serde(default)]
    y: f64,
    /// The page has no consent widget: there is nothing to wait for.
    #[serde(default)]
    absent: bool,
}

impl AuditBrowser {
    /// Visits `url` in a fresh context as `scenario` says.
    pub async fn visit(&self, url: &Url, scenario: Scenario) -> Result<Observation, String> {
        let (context, page) = self.open_page().await?;
        let result = self.visit_in(&context, &page, url, scenario).await;
        let _ = page.close().await;
        self.close_context(context).await;
        result
    }

    async fn visit_in(
        &self,
        context: &BrowserContextId,
        page: &Page,
        url: &Url,
        scenario: Scenario,
    ) -> Result<Observation, String> {
        let cdp =
            |what: &'static str| move |e: chromiumoxide::error::CdpError| format!("{what}: {e}");
        let main_frame = page
            .mainframe()
            .await
            .map_err(cdp("main frame"))?
            .map(|f| f.inner().clone())
            .unwrap_or_default();
        let log = Arc::new(Mutex::new(VisitLog::new(main_frame)));
        let listeners = recorder::listen(page, &log)
            .await
            .map_err(cdp("browser events"))?;
        let outcome = async {
            page.execute(network::EnableParams::default())
                .await
                .map_err(cdp("network events"))?;
            page.execute(dom_storage::EnableParams::default())
                .await
                .map_err(cdp("storage events"))?;
            page.execute(AddBindingParams::new(RECORDER_BINDING))
                .await
                .map_err(cdp("recorder binding"))?;
            page.evaluate_on_new_document(OBSERVE_SCRIPT)
                .await
                .map_err(cdp("recorder script"))?;
            self.walk(page, &log, url, scenario).await
        }
        .await;
        for listener in listeners {
            listener.abort();
        }
        let mut observation = outcome?;
        self.read_storage(page, &log, &mut observation).await?;
        self.read_cookies(context, &log, &mut observation).await?;
        let log = lock(&log);
        observation.requests = log.requests();
        observation.document = log.document;
        observation.reloaded = log.navigated_after_withdrawal;
        // A frame shows a document of its own when its address loaded (not an error page).
        let loaded: HashSet<&str> = observation
            .requests
            .iter()
            .filter(|r| r.resource == Resource::Document && !r.failed && !r.frame_is_main)
            .map(|r| r.url.as_str())
            .collect();
        let frames = std::mem::take(&mut observation.frames);
        observation.frames = frames
            .into_iter()
            .filter(|f| loaded.contains(f.as_str()))
            .collect();
        Ok(observation)
    }

    /// Loads the page and does what the visitor of `scenario` does, watching after each step.
    async fn walk(
        &self,
        page: &Page,
        log: &Arc<Mutex<VisitLog>>,
        url: &Url,
        scenario: Scenario,
    ) -> Result<Observation, String> {
        let timeout = self.options.timeout;
        let started = Instant::now();
        tokio::time::timeout(timeout, page.goto(url.as_str()))
            .await
            .map_err(|_| format!("{url} did not load within {timeout:?}"))?
            .map_err(|e| format!("cannot load {url}: {e}"))?;
        // Only the visit before any decision reports what happens before a click: the others
        // click as soon as the page is quiet and its banner shows.
        let watch_before = if scenario == Scenario::BeforeDecision {
            self.options.watch
        } else {
            Duration::ZERO
        };
        self.settle(log, started, watch_before).await;
        let action = scenario.button().unwrap_or("accept-all");
        let point = self.find(page, Control::Banner(action)).await;
        let mut observation = Observation {
            banner_found: point.is_some(),
            ..Observation::default()
        };
        let (Some(point), Some(_)) = (point, scenario.button()) else {
            return Ok(observation);
        };
        self.click(page, log, point, Phase::AfterDecision, action)
            .await?;
        // The widget answers a decision by closing its banner: wait for that, then watch what
        // its handlers and the page's send and write.
        self.wait_until_gone(page, Control::Banner(action)).await;
        self.settle(log, Instant::now(), self.options.watch).await;
        if scenario.withdraws() {
            observation.withdrawal_problem = self.withdraw(page, log).await?;
        }
        Ok(observation)
    }

    /// Withdraws everything as a visitor would: reopens the preferences, clicks their "reject
    /// all", and watches the page (through the reload the widget may make). Returns what kept
    /// it from doing so.
    async fn withdraw(
        &self,
        page: &Page,
        log: &Arc<Mutex<VisitLog>>,
    ) -> Result<Option<String>, String> {
        let Some(reopen) = self.find(page, Control::Reopen).await else {
            return Ok(Some(
                "no way back to the preferences: neither the widget's cookie-settings button nor a link marked data-jl-consent-open is shown".to_owned(),
            ));
        };
        page.click(reopen)
            .await
            .map_err(|e| format!("cannot click the cookie-settings control: {e}"))?;
        let reject = Control::Preferences("reject-all");
        let Some(point) = self.find(page, reject).await else {
            return Ok(Some(
                "the preferences did not open with their \"reject all\" button".to_owned(),
            ));
        };
        self.click(page, log, point, Phase::AfterWithdrawal, "reject-all")
            .await?;
        self.wait_until_gone(page, reject).await;
        self.settle(log, Instant::now(), self.options.watch).await;
        Ok(None)
    }

    /// Starts `phase` and clicks at `point`.
    async fn click(
        &self,
        page: &Page,
        log: &Arc<Mutex<VisitLog>>,
        point: Point,
        phase: Phase,
        action: &str,
    ) -> Result<(), String> {
        lock(log).phase = phase;
        page.click(point)
            .await
            .map(|_| ())
            .map_err(|e| format!("cannot click \"{action}\": {e}"))
    }

    /// Waits until the page has been watched for `watch` since `since` (and since its last
    /// load: a reload starts the watch again), no document is loading, and the network is
    /// quiet; or until the timeout, after which it records anyway.
    async fn settle(&self, log: &Arc<Mutex<VisitLog>>, since: Instant, watch: Duration) {
        let deadline = since + watch + self.options.timeout;
        loop {
            {
                let log = lock(log);
                let start = log.main_loaded_at.map_or(since, |loaded| loaded.max(since));
                let watched = start.elapsed() >= watch;
                let quiet = log
                    .last_activity
                    .is_none_or(|t| t.elapsed() >= self.options.quiet)
                    && log.in_flight.is_empty();
                if watched && quiet && !log.main_loading {
                    return;
                }
                if Instant::now() >= deadline {
                    let busy = log.loading();
                    eprintln!(
                        "jl-consent-audit: the page was not quiet after {:?} (still loading: {}); recording anyway",
                        self.options.timeout,
                        if busy.is_empty() { "nothing, but still active".to_owned() } else { busy.join(", ") }
                    );
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits for `control` to be shown where it stays (the same centre in two probes in a row,
    /// so that a click lands on it), up to the timeout; `None` when it is not, or when the page
    /// has no widget at all.
    async fn find(&self, page: &Page, control: Control) -> Option<Point> {
        let deadline = Instant::now() + self.options.timeout;
        let mut last = None;
        loop {
            match probe(page, control).await {
                Some(ControlProbe { absent: true, .. }) => return None,
                Some(ControlProbe { x, y, .. }) => {
                    if last == Some((x, y)) {
                        return Some(Point::new(x, y));
                    }
                    last = Some((x, y));
                }
                None => last = None,
            }
            if Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits, up to the timeout, until `control` is no longer shown (a page that is being
    /// replaced shows nothing).
    async fn wait_until_gone(&self, page: &Page, control: Control) {
        let deadline = Instant::now() + self.options.timeout;
        while Instant::now() < deadline {
            if !matches!(
                probe(page, control).await,
                Some(ControlProbe { absent: false, .. })
            ) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The page's storage keys, elements and configuration, each key with since when and by
    /// whom it is there.
    async fn read_storage(
        &self,
        page: &Page,
        log: &Arc<Mutex<VisitLog>>,
        observation: &mut Observation,
    ) -> Result<(), String> {
        let snapshot: Snapshot = page
            .evaluate_expression(format!("({SNAPSHOT})()"))
            .await
            .map_err(|e| format!("cannot read the page's storage: {e}"))?
            .into_value()
            .map_err(|e| format!("cannot read the page's storage: {e}"))?;
        let log = lock(log);
        let stored = |kind: StorageKind, keys: Vec<String>| -> Vec<StoredItem> {
            keys.into_iter()
                .map(|key| StoredItem {
                    since: storage_since(&log, &snapshot.origin, kind, &key),
                    cause: log.storage_writer(kind, &key).map(|by| match by {
                        Some(script) => format!("setItem in {script}"),
                        None => "setItem in an inline or evaluated script".to_owned(),
                    }),
                    site: snapshot.origin.clone(),
                    value: String::new(),
                    name: key,
                })
                .collect()
        };
        observation.local_storage = stored(StorageKind::Local, snapshot.local.clone());
        observation.session_storage = stored(StorageKind::Session, snapshot.session.clone());
        observation.origin = snapshot.origin.clone();
        observation.elements = snapshot.elements.into_iter().collect();
        observation.frames = snapshot.frames;
        observation.config_text = snapshot.config;
        Ok(())
    }

    /// Every cookie of the visit's context, with since when and by whom it is there.
    async fn read_cookies(
        &self,
        context: &BrowserContextId,
        log: &Arc<Mutex<VisitLog>>,
        observation: &mut Observation,
    ) -> Result<(), String> {
        let cookies = self
            .browser()
            .execute(GetCookiesParams {
                browser_context_id: Some(context.clone()),
            })
            .await
            .map_err(|e| format!("cannot read cookies: {e}"))?;
        let log = lock(log);
        observation.cookies = cookies
            .result
            .cookies
            .iter()
            .map(|cookie| {
                let (since, cause) = cookie_history(log.cookie_writes(), &cookie.name);
                StoredItem {
                    name: cookie.name.clone(),
                    site: cookie.domain.clone(),
                    value: cookie.value.clone(),
                    since,
                    cause,
                }
            })
            .collect();
        Ok(())
    }
}

async fn probe(page: &Page, control: Control) -> Option<ControlProbe> {
    let call = format!("({FIND_CONTROL})({})", control.places());
    page.evaluate_expression(call.as_str())
        .await
        .ok()?
        .into_value::<Option<ControlProbe>>()
        .ok()
        .flatten()
}

/// Since when the cookie `name` has been stored and who wrote it last.
fn cookie_history(writes: &[recorder::CookieWrite], name: &str) -> (Option<Phase>, Option<String>) {
    let writes: Vec<_> = writes.iter().filter(|w| w.name == name).collect();
    let since = stored_since(writes.iter().map(|w| (w.phase, !w.removed)));
    let cause = writes
        .iter()
        .filter(|w| !w.removed)
        .max_by_key(|w| w.phase)
        .and_then(|w| w.by.clone());
    (since, cause)
}

/// Since when storage key `key` has been stored.
fn storage_since(log: &VisitLog, origin: &str, kind: StorageKind, key: &str) -> Option<Phase> {
    stored_since(
        log.storage_changes(origin)
            .filter(|c| c.kind == kind && c.key.as_deref().is_none_or(|k| k == key))
            .map(|c| (c.phase, c.added)),
    )
}

/// Since when something still stored at the end has been there, from its writes and removals
/// (`(phase, written)`): the earliest part of the visit it was written in, at or after the last
/// part it was removed in. The order within a part is not relied on: the protocol's event types
/// reach their listeners on tasks of their own, and a thing stored at the end was written after
/// its last removal.
fn stored_since(changes: impl IntoIterator<Item = (Phase, bool)>) -> Option<Phase> {
    let changes: Vec<(Phase, bool)> = changes.into_iter().collect();
    let last_removal = changes
        .iter()
        .filter(|(_, written)| !written)
        .map(|(p, _)| *p)
        .max();
    changes
        .iter()
        .filter(|(phase, written)| *written && last_removal.is_none_or(|r| *phase >= r))
        .map(|(p, _)| *p)
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recorder::CookieWrite;

    fn write(name: &str, by: &str, removed: bool, phase: Phase) -> CookieWrite {
        CookieWrite {
            name: name.into(),
            by: Some(by.into()),
            removed,
            phase,
        }
    }

    #[test]
    fn a_cookie_is_stored_since_its_first_write_after_its_last_removal() {
        let writes = [
            write("ph", "a.js:1", false, Phase::BeforeDecision),
            write("other", "b.js:1", false, Phase::AfterDecision),
            write("ph", "a.js:2", false, Phase::AfterDecision),
        ];
        assert_eq!(
            cookie_history(&writes, "ph"),
            (Some(Phase::BeforeDecision), Some("a.js:2".into())),
            "an update does not move its start"
        );
        let written_again = [
            write("ph", "a.js:1", false, Phase::AfterDecision),
            write("ph", "consent.js:1", true, Phase::AfterWithdrawal),
            write("ph", "a.js:9", false, Phase::AfterWithdrawal),
        ];
        assert_eq!(
            cookie_history(&written_again, "ph"),
            (Some(Phase::AfterWithdrawal), Some("a.js:9".into()))
        );
        assert_eq!(cookie_history(&writes, "unseen"), (None, None));
    }

    #[test]
    fn the_order_of_changes_within_a_part_of_the_visit_does_not_matter() {
        use Phase::*;
        assert_eq!(
            stored_since([(BeforeDecision, false), (BeforeDecision, true)]),
            Some(BeforeDecision)
        );
        assert_eq!(
            stored_since([
                (BeforeDecision, true),
                (AfterDecision, false),
                (AfterDecision, true)
            ]),
            Some(AfterDecision),
            "cleared at the decision and written again"
        );
        assert_eq!(
            stored_since([
                (AfterWithdrawal, true),
                (AfterDecision, true),
                (AfterDecision, false)
            ]),
            Some(AfterDecision)
        );
        assert_eq!(stored_since([(AfterDecision, false)]), None);
        assert_eq!(stored_since([]), None);
    }
}
