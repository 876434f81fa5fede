//! One visit of a page in headless Chromium over the DevTools protocol: a fresh browser context,
//! every request and Set-Cookie the network reports, the cookie and storage writes scripts make,
//! the banner found through its shadow root and its button clicked as a visitor would.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::network::{
    EnableParams, EventLoadingFailed, EventLoadingFinished, EventRequestWillBeSent,
    EventResponseReceivedExtraInfo, Initiator, InitiatorType,
};
use chromiumoxide::cdp::browser_protocol::storage::GetCookiesParams;
use chromiumoxide::cdp::browser_protocol::target::{
    CreateBrowserContextParams, CreateTargetParams,
};
use chromiumoxide::layout::Point;
use chromiumoxide::Page;
use futures_util::StreamExt;
use serde::Deserialize;
use url::Url;

/// How to launch the browser and how long to wait.
#[derive(Clone, Debug)]
pub struct BrowserOptions {
    pub chromium: PathBuf,
    /// Passed to Chromium as `--host-resolver-rules` (tests map "third-party" hosts locally).
    pub host_resolver_rules: Option<String>,
    /// The longest wait for a page to load, for its banner, and for the network after a click.
    pub timeout: Duration,
    /// How long the network must be silent to count as quiet.
    pub quiet: Duration,
}

/// The browser, with the task that carries its DevTools messages.
pub struct AuditBrowser {
    browser: Browser,
    handler: tokio::task::JoinHandle<()>,
    _profile: tempfile::TempDir,
    options: BrowserOptions,
}

/// A request the page made, with what the protocol says caused it.
#[derive(Clone, Debug)]
pub struct ObservedRequest {
    pub url: String,
    pub initiator: String,
    /// Made after the banner's button was clicked.
    pub after_click: bool,
    pub frame_is_main: bool,
}

/// What one visit saw.
#[derive(Debug, Default)]
pub struct Observation {
    pub banner_found: bool,
    pub requests: Vec<ObservedRequest>,
    /// Cookie name → the response URL whose Set-Cookie set it.
    pub set_cookie_by: HashMap<String, String>,
    pub cookies: Vec<(String, String)>,
    pub local_storage: Vec<String>,
    pub session_storage: Vec<String>,
    pub origin: String,
    /// (kind, name) → the script that wrote it (`url:line`), from the page-side recorder.
    pub written_by: HashMap<(String, String), Option<String>>,
    /// Absolute URL → the element that loads it (`<script src=…>`).
    pub elements: HashMap<String, String>,
    /// The text of the page's `#jl-consent-config` block.
    pub config_text: Option<String>,
}

#[derive(Default)]
struct NetworkLog {
    requests: Vec<(String, ObservedRequest)>,
    in_flight: HashSet<String>,
    /// Requests whose end was seen; each event type has its own listener task, so an end can be
    /// handled before its start.
    done: HashSet<String>,
    last_activity: Option<Instant>,
    clicked: bool,
    response_urls: HashMap<String, String>,
    set_cookie_by: HashMap<String, String>,
}

const OBSERVE_SCRIPT: &str = include_str!("observe.js");

/// Finds the banner's button through every open shadow root and returns its centre, scrolled
/// into view; `null` while it is not rendered, `{absent: true}` when the page has no widget at all
/// (neither its API, which its first script defines synchronously, nor its element).
const FIND_BUTTON: &str = r#"(action) => {
  if (!window.JetConsent && !document.querySelector('jl-consent')) return { absent: true };
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const el of roots[i].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  for (const root of roots) {
    if (!(root.host && root.host.localName === 'jl-consent')) continue;
    const button = root.querySelector(`.jl-banner [data-action="${action}"]`);
    if (!button) continue;
    button.scrollIntoView({ block: 'center' });
    const box = button.getBoundingClientRect();
    if (box.width > 0 && box.height > 0) return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
  }
  return null;
}"#;

/// Reads the page-side state in one round trip.
const SNAPSHOT: &str = r#"() => {
  const keys = (storage) => { try { return Object.keys(storage); } catch (e) { return []; } };
  const elements = [];
  for (const el of document.querySelectorAll('script[src],img[src],iframe[src],link[href],source[src],video[src],audio[src],embed[src],object[data]')) {
    const url = el.src || el.href || el.data;
    const tag = el.outerHTML.split('>')[0] + '>';
    if (url) elements.push([String(url), tag.length > 140 ? tag.slice(0, 139) + '…' : tag]);
  }
  const config = document.getElementById('jl-consent-config');
  return {
    origin: location.origin,
    local: keys(window.localStorage),
    session: keys(window.sessionStorage),
    writes: window.__jlConsentAuditWrites || [],
    elements,
    config: config ? config.textContent : null,
  };
}"#;

#[derive(Deserialize)]
struct Snapshot {
    origin: String,
    local: Vec<String>,
    session: Vec<String>,
    writes: Vec<Write>,
    elements: Vec<(String, String)>,
    config: Option<String>,
}

#[derive(Deserialize)]
struct Write {
    kind: String,
    name: String,
    by: Option<String>,
}

impl AuditBrowser {
    /// Starts Chromium with the project's test flags and a fresh profile.
    pub async fn launch(options: BrowserOptions) -> Result<Self, String> {
        let profile = tempfile::Builder::new()
            .prefix("jl-consent-audit-")
            .tempdir()
            .map_err(|e| format!("cannot create a browser profile directory: {e}"))?;
        let mut args = vec![
            "--disable-gpu".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
        ];
        if let Some(rules) = &options.host_resolver_rules {
            args.push(format!("--host-resolver-rules={rules}"));
        }
        let config = BrowserConfig::builder()
            .chrome_executable(&options.chromium)
            .no_sandbox()
            .user_data_dir(profile.path())
            .args(args)
            .disable_https_first()
            .window_size(1280, 800)
            .viewport(None)
            .launch_timeout(options.timeout)
            .request_timeout(options.timeout)
            .build()
            .map_err(|e| format!("browser configuration: {e}"))?;
        let (browser, mut handler) = Browser::launch(config).await.map_err(|e| {
            format!(
                "cannot start {} ({e}); set CHROMIUM_PATH or --chromium",
                options.chromium.display()
            )
        })?;
        // Messages the client cannot decode (a newer Chromium's events) are skipped, not fatal.
        let handler = tokio::spawn(async move { while handler.next().await.is_some() {} });
        Ok(AuditBrowser {
            browser,
            handler,
            _profile: profile,
            options,
        })
    }

    /// Closes the browser and waits for it to exit.
    pub async fn close(mut self) {
        let _ = self.browser.close().await;
        let _ = self.browser.wait().await;
        self.handler.abort();
    }

    /// Visits `url` in a fresh context; clicks the banner's `button` (`data-action`) when given.
    pub async fn visit(&self, url: &Url, button: Option<&str>) -> Result<Observation, String> {
        let context = self
            .browser
            .create_browser_context(CreateBrowserContextParams::default())
            .await
            .map_err(|e| format!("cannot create a browser context: {e}"))?;
        let result = self.visit_in(&context, url, button).await;
        let _ = self.browser.dispose_browser_context(context).await;
        result
    }

    async fn visit_in(
        &self,
        context: &chromiumoxide::cdp::browser_protocol::browser::BrowserContextId,
        url: &Url,
        button: Option<&str>,
    ) -> Result<Observation, String> {
        let cdp =
            |what: &'static str| move |e: chromiumoxide::error::CdpError| format!("{what}: {e}");
        let target = CreateTargetParams::builder()
            .url("about:blank")
            .browser_context_id(context.clone())
            .build()
            .map_err(|e| format!("new page: {e}"))?;
        let page = self
            .browser
            .new_page(target)
            .await
            .map_err(cdp("new page"))?;
        let log = Arc::new(Mutex::new(NetworkLog::default()));
        let listeners = listen(&page, &log).await.map_err(cdp("network events"))?;
        page.execute(EnableParams::default())
            .await
            .map_err(cdp("network events"))?;
        page.evaluate_on_new_document(OBSERVE_SCRIPT)
            .await
            .map_err(cdp("recorder script"))?;
        let main_frame = page.mainframe().await.ok().flatten();

        let outcome = async {
            tokio::time::timeout(self.options.timeout, page.goto(url.as_str()))
                .await
                .map_err(|_| format!("{url} did not load within {:?}", self.options.timeout))?
                .map_err(|e| format!("cannot load {url}: {e}"))?;
            self.wait_for_quiet(&log).await;
            let probe = button.unwrap_or("accept-all");
            let point = self.find_button(&page, probe).await;
            let mut observation = Observation {
                banner_found: point.is_some(),
                ..Observation::default()
            };
            if let (Some(_), Some(point)) = (button, point) {
                lock(&log).clicked = true;
                page.click(point)
                    .await
                    .map_err(|e| format!("cannot click \"{probe}\": {e}"))?;
                // The widget answers a decision by closing its banner: wait for that, then for
                // the requests its handlers (and the page's) send to finish.
                self.wait_for_banner_to_close(&page, probe).await;
                lock(&log).last_activity = Some(Instant::now());
                self.wait_for_quiet(&log).await;
            }
            self.snapshot(&page, context, &mut observation).await?;
            Ok::<Observation, String>(observation)
        }
        .await;

        for listener in listeners {
            listener.abort();
        }
        let _ = page.close().await;
        let mut observation = outcome?;
        let log = lock(&log);
        let main = main_frame.map(|f| f.inner().clone());
        observation.requests = log
            .requests
            .iter()
            .map(|(frame, r)| ObservedRequest {
                frame_is_main: main.as_deref().is_none_or(|m| m == frame),
                ..r.clone()
            })
            .collect();
        observation.set_cookie_by = log.set_cookie_by.clone();
        Ok(observation)
    }

    async fn wait_for_quiet(&self, log: &Arc<Mutex<NetworkLog>>) {
        let deadline = Instant::now() + self.options.timeout;
        loop {
            {
                let log = lock(log);
                let silent = log
                    .last_activity
                    .is_none_or(|t| t.elapsed() >= self.options.quiet);
                if silent && log.in_flight.is_empty() {
                    return;
                }
                if Instant::now() >= deadline {
                    let busy: Vec<&str> = log
                        .in_flight
                        .iter()
                        .filter_map(|id| log.response_urls.get(id).map(String::as_str))
                        .collect();
                    eprintln!(
                        "jl-consent-audit: the network was not quiet after {:?} (still loading: {}); recording anyway",
                        self.options.timeout,
                        if busy.is_empty() { "nothing, but still active".to_owned() } else { busy.join(", ") }
                    );
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits for the banner's `action` button to be rendered, up to the timeout.
    async fn find_button(&self, page: &Page, action: &str) -> Option<Point> {
        let deadline = Instant::now() + self.options.timeout;
        let call = format!("({FIND_BUTTON})({})", serde_json::Value::from(action));
        loop {
            if let Ok(result) = page.evaluate_expression(call.as_str()).await {
                match result.into_value::<Option<ButtonProbe>>() {
                    Ok(Some(ButtonProbe { absent: true, .. })) => return None,
                    Ok(Some(ButtonProbe { x, y, .. })) => return Some(Point::new(x, y)),
                    _ => {}
                }
            }
            if Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits, up to the timeout, until the banner's `action` button is no longer shown.
    async fn wait_for_banner_to_close(&self, page: &Page, action: &str) {
        let deadline = Instant::now() + self.options.timeout;
        let call = format!("({FIND_BUTTON})({})", serde_json::Value::from(action));
        while Instant::now() < deadline {
            let shown = match page.evaluate_expression(call.as_str()).await {
                Ok(result) => matches!(
                    result.into_value::<Option<ButtonProbe>>(),
                    Ok(Some(ButtonProbe { absent: false, .. }))
                ),
                Err(_) => false,
            };
            if !shown {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn snapshot(
        &self,
        page: &Page,
        context: &chromiumoxide::cdp::browser_protocol::browser::BrowserContextId,
        observation: &mut Observation,
    ) -> Result<(), String> {
        let cookies = self
            .browser
            .execute(GetCookiesParams {
                browser_context_id: Some(context.clone()),
            })
            .await
            .map_err(|e| format!("cannot read cookies: {e}"))?;
        observation.cookies = cookies
            .result
            .cookies
            .iter()
            .map(|c| (c.name.clone(), c.domain.clone()))
            .collect();
        let snapshot: Snapshot = page
            .evaluate_expression(format!("({SNAPSHOT})()"))
            .await
            .map_err(|e| format!("cannot read the page's storage: {e}"))?
            .into_value()
            .map_err(|e| format!("cannot read the page's storage: {e}"))?;
        observation.origin = snapshot.origin;
        observation.local_storage = snapshot.local;
        observation.session_storage = snapshot.session;
        for write in snapshot.writes {
            observation
                .written_by
                .entry((write.kind, write.name))
                .or_insert(write.by);
        }
        observation.elements = snapshot.elements.into_iter().collect();
        observation.config_text = snapshot.config;
        Ok(())
    }
}

#[derive(Deserialize)]
struct ButtonProbe {
    #[serde(default)]
    x: f64,
    #[serde(default)]
    y: f64,
    /// The page has no consent widget: there is nothing to wait for.
    #[serde(default)]
    absent: bool,
}

fn lock(log: &Arc<Mutex<NetworkLog>>) -> std::sync::MutexGuard<'_, NetworkLog> {
    // A listener that panicked leaves the log as it was; what it holds is still worth reporting.
    log.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Subscribes to the network events of `page`, each feeding `log` from its own task.
async fn listen(
    page: &Page,
    log: &Arc<Mutex<NetworkLog>>,
) -> Result<Vec<tokio::task::JoinHandle<()>>, chromiumoxide::error::CdpError> {
    let mut sent = page.event_listener::<EventRequestWillBeSent>().await?;
    let finished = page.event_listener::<EventLoadingFinished>().await?;
    let failed = page.event_listener::<EventLoadingFailed>().await?;
    let mut extra = page
        .event_listener::<EventResponseReceivedExtraInfo>()
        .await?;
    let mut tasks = Vec::new();
    let l = log.clone();
    tasks.push(tokio::spawn(async move {
        while let Some(event) = sent.next().await {
            let mut log = lock(&l);
            let id = event.request_id.inner().clone();
            if !log.done.contains(&id) {
                log.in_flight.insert(id.clone());
            }
            log.last_activity = Some(Instant::now());
            log.response_urls.insert(id, event.request.url.clone());
            let request = ObservedRequest {
                url: event.request.url.clone(),
                initiator: describe_initiator(&event.initiator),
                after_click: log.clicked,
                frame_is_main: true,
            };
            let frame = event
                .frame_id
                .as_ref()
                .map(|f| f.inner().clone())
                .unwrap_or_default();
            log.requests.push((frame, request));
        }
    }));
    // A request ends once, finished or failed: one task for both.
    let mut ended = futures_util::stream::select(
        finished.map(|event| event.request_id.inner().clone()),
        failed.map(|event| event.request_id.inner().clone()),
    );
    let l = log.clone();
    tasks.push(tokio::spawn(async move {
        while let Some(id) = ended.next().await {
            let mut log = lock(&l);
            log.in_flight.remove(&id);
            log.done.insert(id);
            log.last_activity = Some(Instant::now());
        }
    }));
    let l = log.clone();
    tasks.push(tokio::spawn(async move {
        while let Some(event) = extra.next().await {
            let mut log = lock(&l);
            let Some(url) = log.response_urls.get(event.request_id.inner()).cloned() else {
                continue;
            };
            for name in set_cookie_names(event.headers.inner()) {
                log.set_cookie_by.entry(name).or_insert_with(|| url.clone());
            }
        }
    }));
    Ok(tasks)
}

/// The cookie names in a response's `Set-Cookie` headers (the protocol joins repeats with `\n`).
fn set_cookie_names(headers: &serde_json::Value) -> Vec<String> {
    let Some(map) = headers.as_object() else {
        return Vec::new();
    };
    map.iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, v)| v.as_str())
        .flat_map(|v| v.split('\n'))
        .filter_map(|line| line.split(';').next()?.split('=').next())
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .collect()
}

/// The initiator as a person reads it: `script https://…/a.js:12` or `parser https://…/:34`.
fn describe_initiator(initiator: &Initiator) -> String {
    let kind = match initiator.r#type {
        InitiatorType::Parser => "parser",
        InitiatorType::Script => "script",
        InitiatorType::Preload => "preload",
        InitiatorType::Preflight => "preflight",
        _ => "other",
    };
    let top = initiator
        .stack
        .as_ref()
        .and_then(|s| s.call_frames.iter().find(|f| !f.url.is_empty()))
        .map(|f| format!("{}:{}", f.url, f.line_number + 1));
    let location = top.or_else(|| {
        initiator.url.as_ref().map(|u| match initiator.line_number {
            Some(line) => format!("{u}:{}", line as i64 + 1),
            None => u.clone(),
        })
    });
    match location {
        Some(location) => format!("{kind} {location}"),
        None => kind.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_cookie_headers_name_each_cookie() {
        let headers = serde_json::json!({
            "Content-Type": "text/javascript",
            "set-cookie": "_ym_uid=1; Path=/; SameSite=None\n_ym_d=2; Max-Age=10"
        });
        assert_eq!(set_cookie_names(&headers), ["_ym_uid", "_ym_d"]);
        assert!(set_cookie_names(&serde_json::json!({"x": "y"})).is_empty());
    }
}
