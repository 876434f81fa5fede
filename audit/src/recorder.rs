//! What the browser tells about one visit while it happens, each fact stamped with the part of
//! the visit it happened in (its [`Phase`]) and the main document it belongs to: every request
//! and how it ended, every `Set-Cookie`, every storage change (the protocol's DOMStorage events,
//! whichever way a script wrote), every cookie and storage write the page-side recorder reports
//! (`observe.js`, through a protocol binding, so nothing is lost when the page reloads), and the
//! main frame's loads.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chromiumoxide::cdp::browser_protocol::dom_storage::{
    EventDomStorageItemAdded, EventDomStorageItemRemoved, EventDomStorageItemsCleared, StorageId,
};
use chromiumoxide::cdp::browser_protocol::network::{
    EventLoadingFailed, EventLoadingFinished, EventRequestWillBeSent,
    EventResponseReceivedExtraInfo, Initiator, InitiatorType, ResourceType,
};
use chromiumoxide::cdp::browser_protocol::page::{
    EventFrameDetached, EventFrameNavigated, EventFrameStartedLoading, EventFrameStoppedLoading,
    FrameDetachedReason,
};
use chromiumoxide::cdp::js_protocol::runtime::EventBindingCalled;
use chromiumoxide::error::CdpError;
use chromiumoxide::Page;
use futures_util::{Stream, StreamExt};
use serde::Deserialize;

use crate::report::Phase;

/// The name of the protocol binding the page-side recorder reports its writes through.
pub const RECORDER_BINDING: &str = "__jlConsentAuditRecord";

/// A request the page made, with what the protocol says caused it.
#[derive(Clone, Debug)]
pub struct ObservedRequest {
    pub url: String,
    pub initiator: String,
    pub phase: Phase,
    /// The main document it was made from (1 for the first, 2 after a reload, …).
    pub document: u32,
    pub frame_is_main: bool,
    /// What the request fetched, as far as the audit tells them apart.
    pub resource: Resource,
    /// It finished without failing: a script that ran, a frame's document that went on to a
    /// process of its own.
    pub loaded: bool,
    /// It failed (a frame whose document failed shows an error page of the browser's).
    pub failed: bool,
}

/// What a request fetched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    Script,
    /// A document, for the page or one of its frames.
    Document,
    Other,
}

/// Local or session storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StorageKind {
    Local,
    Session,
}

/// A cookie write: by a script through `document.cookie`, or by a response's `Set-Cookie`.
#[derive(Clone, Debug)]
pub struct CookieWrite {
    pub name: String,
    /// `document.cookie in <script:line>`, or `Set-Cookie from <url>`; `None` for an inline or
    /// evaluated script.
    pub by: Option<String>,
    /// The write deleted the cookie (an expiry in the past).
    pub removed: bool,
    pub phase: Phase,
}

/// A storage key added or removed in the page's own origin (`key` `None`: the area was cleared).
#[derive(Clone, Debug)]
pub struct StorageChange {
    pub kind: StorageKind,
    pub key: Option<String>,
    pub added: bool,
    pub phase: Phase,
    origin: String,
}

/// Everything one visit's listeners have heard so far.
#[derive(Default)]
pub struct VisitLog {
    /// The part of the visit under way; set by the visit before each of its steps.
    pub phase: Phase,
    /// The main documents so far (counted as the main frame commits each).
    pub document: u32,
    /// A main document was committed during the withdrawal: the page reloaded itself.
    pub navigated_after_withdrawal: bool,
    /// The main frame is loading a document.
    pub main_loading: bool,
    /// When the main frame last stopped loading.
    pub main_loaded_at: Option<Instant>,
    /// When the network last started or ended a request.
    pub last_activity: Option<Instant>,
    pub in_flight: HashSet<String>,
    main_frame: String,
    requests: Vec<(String, String, ObservedRequest)>,
    /// Requests whose end was seen; each event type has its own listener task, so an end can be
    /// handled before its start.
    done: HashSet<String>,
    failed: HashSet<String>,
    /// Frames whose document went on to a process of their own (a frame of another site): the
    /// rest of its loading is reported to that frame's target, not to this page's.
    swapped_frames: HashSet<String>,
    response_urls: HashMap<String, String>,
    cookie_writes: Vec<CookieWrite>,
    storage_writers: HashMap<(StorageKind, String), Option<String>>,
    storage_changes: Vec<StorageChange>,
}

impl VisitLog {
    /// A log for a page whose main frame is `main_frame`.
    pub fn new(main_frame: String) -> Self {
        VisitLog {
            main_frame,
            ..VisitLog::default()
        }
    }

    /// The URLs of the requests still loading.
    pub fn loading(&self) -> Vec<&str> {
        self.in_flight
            .iter()
            .filter_map(|id| self.response_urls.get(id).map(String::as_str))
            .collect()
    }

    /// Every request, with whether it was made in the main frame and whether it loaded.
    pub fn requests(&self) -> Vec<ObservedRequest> {
        self.requests
            .iter()
            .map(|(id, frame, request)| ObservedRequest {
                frame_is_main: *frame == self.main_frame,
                loaded: self.done.contains(id) && !self.failed.contains(id),
                failed: self.failed.contains(id),
                ..request.clone()
            })
            .collect()
    }

    pub fn cookie_writes(&self) -> &[CookieWrite] {
        &self.cookie_writes
    }

    /// The script that last wrote storage key `key` (`None` inside: an inline or evaluated one).
    pub fn storage_writer(&self, kind: StorageKind, key: &str) -> Option<&Option<String>> {
        self.storage_writers.get(&(kind, key.to_owned()))
    }

    /// The storage changes of `origin` (the page's own), in order.
    pub fn storage_changes<'a>(
        &'a self,
        origin: &'a str,
    ) -> impl Iterator<Item = &'a StorageChange> + 'a {
        self.storage_changes
            .iter()
            .filter(move |c| c.origin == origin)
    }
}

/// Locks the log; a listener that panicked leaves it as it was, and what it holds is still
/// worth reporting.
pub fn lock(log: &Arc<Mutex<VisitLog>>) -> std::sync::MutexGuard<'_, VisitLog> {
    log.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A write as the page-side recorder reports it.
#[derive(Deserialize)]
struct RecordedWrite {
    kind: String,
    name: String,
    by: Option<String>,
    #[serde(default)]
    removed: bool,
}

/// Feeds `log` from `events` in a task of its own.
fn feed<T, F>(
    events: impl Stream<Item = Arc<T>> + Send + Unpin + 'static,
    log: &Arc<Mutex<VisitLog>>,
    mut record: F,
) -> tokio::task::JoinHandle<()>
where
    T: Send + Sync + 'static,
    F: FnMut(&mut VisitLog, &T) + Send + 'static,
{
    let log = log.clone();
    let mut events = events;
    tokio::spawn(async move {
        while let Some(event) = events.next().await {
            record(&mut lock(&log), &event);
        }
    })
}

/// Subscribes to what `page` reports, each event type feeding `log` from its own task.
pub async fn listen(
    page: &Page,
    log: &Arc<Mutex<VisitLog>>,
) -> Result<Vec<tokio::task::JoinHandle<()>>, CdpError> {
    let finished = page.event_listener::<EventLoadingFinished>().await?;
    let failed = page.event_listener::<EventLoadingFailed>().await?;
    let tasks = vec![
        feed(
            page.event_listener::<EventRequestWillBeSent>().await?,
            log,
            |log, event| {
                let id = event.request_id.inner().clone();
                let frame = event
                    .frame_id
                    .as_ref()
                    .map(|f| f.inner().clone())
                    .unwrap_or_default();
                let handed_over = event.r#type == Some(ResourceType::Document)
                    && log.swapped_frames.contains(&frame);
                if handed_over {
                    log.done.insert(id.clone());
                } else if !log.done.contains(&id) {
                    log.in_flight.insert(id.clone());
                }
                log.last_activity = Some(Instant::now());
                log.response_urls
                    .insert(id.clone(), event.request.url.clone());
                let request = ObservedRequest {
                    url: event.request.url.clone(),
                    initiator: describe_initiator(&event.initiator),
                    phase: log.phase,
                    document: log.document,
                    frame_is_main: true,
                    resource: match event.r#type {
                        Some(ResourceType::Script) => Resource::Script,
                        Some(ResourceType::Document) => Resource::Document,
                        _ => Resource::Other,
                    },
                    loaded: false,
                    failed: false,
                };
                log.requests.push((id, frame, request));
            },
        ),
        // A request ends once, finished or failed: one task for both.
        feed(
            futures_util::stream::select(
                finished.map(|event| Arc::new((event.request_id.inner().clone(), false))),
                failed.map(|event| Arc::new((event.request_id.inner().clone(), true))),
            ),
            log,
            |log, (id, failed)| {
                log.in_flight.remove(id);
                log.done.insert(id.clone());
                if *failed {
                    log.failed.insert(id.clone());
                }
                log.last_activity = Some(Instant::now());
            },
        ),
        feed(
            page.event_listener::<EventResponseReceivedExtraInfo>()
                .await?,
            log,
            |log, event| {
                let Some(url) = log.response_urls.get(event.request_id.inner()).cloned() else {
                    return;
                };
                for (name, removed) in set_cookies(event.headers.inner()) {
                    let phase = log.phase;
                    log.cookie_writes.push(CookieWrite {
                        name,
                        by: Some(format!("Set-Cookie from {url}")),
                        removed,
                        phase,
                    });
                }
            },
        ),
        feed(
            page.event_listener::<EventFrameStartedLoading>().await?,
            log,
            |log, event| {
                if *event.frame_id.inner() == log.main_frame {
                    log.main_loading = true;
                }
            },
        ),
        feed(
            page.event_listener::<EventFrameStoppedLoading>().await?,
            log,
            |log, event| {
                if *event.frame_id.inner() == log.main_frame {
                    log.main_loading = false;
                    log.main_loaded_at = Some(Instant::now());
                }
            },
        ),
        feed(
            page.event_listener::<EventFrameDetached>().await?,
            log,
            |log, event| {
                if event.reason != FrameDetachedReason::Swap {
                    return;
                }
                let frame = event.frame_id.inner().clone();
                let handed_over: Vec<String> = log
                    .requests
                    .iter()
                    .filter(|(id, f, r)| {
                        *f == frame && r.resource == Resource::Document && !log.done.contains(id)
                    })
                    .map(|(id, _, _)| id.clone())
                    .collect();
                for id in handed_over {
                    log.in_flight.remove(&id);
                    log.done.insert(id);
                }
                log.swapped_frames.insert(frame);
            },
        ),
        feed(
            page.event_listener::<EventFrameNavigated>().await?,
            log,
            |log, event| {
                if event.frame.parent_id.is_none() && event.frame.url != "about:blank" {
                    log.document += 1;
                    if log.phase == Phase::AfterWithdrawal {
                        log.navigated_after_withdrawal = true;
                    }
                }
            },
        ),
        feed(
            page.event_listener::<EventBindingCalled>().await?,
            log,
            |log, event| {
                if event.name != RECORDER_BINDING {
                    return;
                }
                let Ok(write) = serde_json::from_str::<RecordedWrite>(&event.payload) else {
                    return;
                };
                let phase = log.phase;
                match write.kind.as_str() {
                    "cookie" => log.cookie_writes.push(CookieWrite {
                        name: write.name,
                        by: Some(match write.by {
                            Some(script) => format!("document.cookie in {script}"),
                            None => "document.cookie in an inline or evaluated script".to_owned(),
                        }),
                        removed: write.removed,
                        phase,
                    }),
                    "localStorage" | "sessionStorage" => {
                        let kind = if write.kind == "localStorage" {
                            StorageKind::Local
                        } else {
                            StorageKind::Session
                        };
                        log.storage_writers.insert((kind, write.name), write.by);
                    }
                    _ => {}
                }
            },
        ),
        feed(
            page.event_listener::<EventDomStorageItemAdded>().await?,
            log,
            |log, event| storage_change(log, &event.storage_id, Some(&event.key), true),
        ),
        feed(
            page.event_listener::<EventDomStorageItemRemoved>().await?,
            log,
            |log, event| storage_change(log, &event.storage_id, Some(&event.key), false),
        ),
        feed(
            page.event_listener::<EventDomStorageItemsCleared>().await?,
            log,
            |log, event| storage_change(log, &event.storage_id, None, false),
        ),
    ];
    Ok(tasks)
}

fn storage_change(log: &mut VisitLog, storage: &StorageId, key: Option<&str>, added: bool) {
    let origin = storage
        .security_origin
        .clone()
        .or_else(|| storage.storage_key.as_ref().map(|k| k.inner().clone()))
        .unwrap_or_default();
    let change = StorageChange {
        kind: if storage.is_local_storage {
            StorageKind::Local
        } else {
            StorageKind::Session
        },
        key: key.map(str::to_owned),
        added,
        phase: log.phase,
        // A storage key is the origin with a trailing slash.
        origin: origin.trim_end_matches('/').to_owned(),
    };
    log.storage_changes.push(change);
}

/// The cookies a response's `Set-Cookie` headers set (the protocol joins repeats with `\n`),
/// each with whether it deletes the cookie (`Max-Age` of zero or less).
fn set_cookies(headers: &serde_json::Value) -> Vec<(String, bool)> {
    let Some(map) = headers.as_object() else {
        return Vec::new();
    };
    map.iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, v)| v.as_str())
        .flat_map(|v| v.split('\n'))
        .filter_map(|line| {
            let mut parts = line.split(';');
            let name = parts.next()?.split('=').next()?.trim();
            let removed = parts.any(|attribute| {
                let (key, value) = attribute.split_once('=').unwrap_or((attribute, ""));
                key.trim().eq_ignore_ascii_case("max-age")
                    && value.trim().parse::<i64>().is_ok_and(|age| age <= 0)
            });
            (!name.is_empty()).then(|| (name.to_owned(), removed))
        })
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
    fn set_cookie_headers_name_each_cookie_and_say_which_delete() {
        let headers = serde_json::json!({
            "Content-Type": "text/javascript",
            "set-cookie": "_ym_uid=1; Path=/; SameSite=None\n_ym_d=2; Max-Age=10\n_ym_old=; max-age=0"
        });
        assert_eq!(
            set_cookies(&headers),
            [
                ("_ym_uid".to_owned(), false),
                ("_ym_d".to_owned(), false),
                ("_ym_old".to_owned(), true)
            ]
        );
        assert!(set_cookies(&serde_json::json!({"x": "y"})).is_empty());
    }
}
