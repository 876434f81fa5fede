//! The dashboard's one state and the actions that change it (one `use_reducer` in `app.rs`).
//!
//! The reducer is plain Rust, tested natively; `app.rs` performs the requests these states ask for
//! ([`DashboardState::stats_to_fetch`], [`DashboardState::receipts_to_fetch`]) and dispatches the answers.

use std::rc::Rc;

use crate::model::api_error::ApiFailure;
use crate::model::api_types::{ReceiptHistory, Stats};
use crate::model::receipts::normalise_consent_id;
use time::Date;

use crate::model::date_range::DateRange;
use crate::model::route::Location;

/// Whether someone is signed in.
#[derive(Clone, Debug, PartialEq)]
pub enum Session {
    /// Asking the server whether the browser's session cookie is still valid.
    Checking,
    /// The login page; `failure` explains why the last attempt or request failed.
    SignedOut {
        failure: Option<ApiFailure>,
        submitting: bool,
    },
    SignedIn {
        username: String,
    },
}

/// Where a fetch from the server stands for one key (a date range, a consent id): not asked yet,
/// under way, answered or failed. (The widget's command queue is another thing.)
#[derive(Clone, Debug, PartialEq)]
pub enum Remote<K, T> {
    /// Nothing asked yet.
    Idle,
    Loading(K),
    Loaded(K, Rc<T>),
    Failed(K, ApiFailure),
}

impl<K: PartialEq, T> Remote<K, T> {
    /// Whether this holds (or awaits, or failed for) `key`.
    pub fn is_for(&self, key: &K) -> bool {
        match self {
            Remote::Idle => false,
            Remote::Loading(k) | Remote::Loaded(k, _) | Remote::Failed(k, _) => k == key,
        }
    }
}

/// Everything the dashboard shows.
#[derive(Clone, Debug, PartialEq)]
pub struct DashboardState {
    pub session: Session,
    pub location: Location,
    /// Today (UTC), for the quick range presets.
    pub today: Date,
    pub stats: Remote<DateRange, Stats>,
    /// Receipts by normalised consent id.
    pub receipts: Remote<String, ReceiptHistory>,
}

/// What happened.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The session check found a signed-in user.
    SessionFound {
        username: String,
    },
    /// The session check found none, or failed.
    SessionMissing {
        failure: Option<ApiFailure>,
    },
    /// The login form was sent.
    LoginSubmitted,
    LoginFailed(ApiFailure),
    LoggedIn {
        username: String,
    },
    /// Signed out (or the logout request failed, `failure` says why).
    LoggedOut {
        failure: Option<ApiFailure>,
    },
    /// The URL changed (a link, the range filter, the back button).
    Navigated(Location),
    StatsRequested(DateRange),
    StatsArrived(DateRange, Result<Rc<Stats>, ApiFailure>),
    /// "Try again" after a failure.
    StatsRetried,
    ReceiptsRequested(String),
    ReceiptsArrived(String, Result<Rc<ReceiptHistory>, ApiFailure>),
    ReceiptsRetried,
}

impl DashboardState {
    /// The state at start: checking the session, at the location of the URL.
    pub fn new(location: Location, today: Date) -> Self {
        DashboardState {
            session: Session::Checking,
            location,
            today,
            stats: Remote::Idle,
            receipts: Remote::Idle,
        }
    }

    /// The state after `action`.
    pub fn apply(&self, action: Action) -> Self {
        let mut next = self.clone();
        match action {
            Action::SessionFound { username } | Action::LoggedIn { username } => {
                next.session = Session::SignedIn { username };
            }
            Action::SessionMissing { failure } | Action::LoggedOut { failure } => {
                return self.signed_out(failure);
            }
            Action::LoginSubmitted => {
                next.session = Session::SignedOut {
                    failure: None,
                    submitting: true,
                };
            }
            Action::LoginFailed(failure) => {
                next.session = Session::SignedOut {
                    failure: Some(failure),
                    submitting: false,
                };
            }
            Action::Navigated(location) => next.location = location,
            Action::StatsRequested(range) => next.stats = Remote::Loading(range),
            Action::StatsArrived(range, result) => {
                if !matches!(&self.stats, Remote::Loading(r) if *r == range) {
                    return next; // an answer for a range no longer asked for
                }
                match result {
                    Ok(stats) => next.stats = Remote::Loaded(range, stats),
                    Err(ApiFailure::Unauthenticated) => {
                        return self.signed_out(Some(ApiFailure::Unauthenticated))
                    }
                    Err(failure) => next.stats = Remote::Failed(range, failure),
                }
            }
            Action::StatsRetried => next.stats = Remote::Idle,
            Action::ReceiptsRequested(id) => next.receipts = Remote::Loading(id),
            Action::ReceiptsArrived(id, result) => {
                if !matches!(&self.receipts, Remote::Loading(r) if *r == id) {
                    return next;
                }
                match result {
                    Ok(history) => next.receipts = Remote::Loaded(id, history),
                    Err(ApiFailure::Unauthenticated) => {
                        return self.signed_out(Some(ApiFailure::Unauthenticated))
                    }
                    Err(failure) => next.receipts = Remote::Failed(id, failure),
                }
            }
            Action::ReceiptsRetried => next.receipts = Remote::Idle,
        }
        next
    }

    /// Back to the login page, forgetting every fetched number (they belong to the session).
    fn signed_out(&self, failure: Option<ApiFailure>) -> Self {
        DashboardState {
            session: Session::SignedOut {
                failure,
                submitting: false,
            },
            stats: Remote::Idle,
            receipts: Remote::Idle,
            ..self.clone()
        }
    }

    /// Whether someone is signed in.
    pub fn signed_in(&self) -> bool {
        matches!(self.session, Session::SignedIn { .. })
    }

    /// The range whose stats the current page needs and nobody has asked for yet.
    pub fn stats_to_fetch(&self) -> Option<DateRange> {
        let range = self.location.range;
        (self.signed_in() && self.location.page.shows_stats() && !self.stats.is_for(&range))
            .then_some(range)
    }

    /// The normalised consent id the lookup page needs and nobody has asked for yet.
    pub fn receipts_to_fetch(&self) -> Option<String> {
        if !self.signed_in() || self.location.page != crate::model::route::Page::Receipts {
            return None;
        }
        let typed = self.location.consent_id.as_deref()?;
        let id = normalise_consent_id(typed).ok()?.as_str().to_owned();
        (!self.receipts.is_for(&id)).then_some(id)
    }
}

#[cfg(target_arch = "wasm32")]
impl yew::Reducible for DashboardState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::api_types::{fixtures::STATS_JSON, parse_stats};
    use crate::model::route::Page;

    fn today() -> Date {
        crate::model::iso_day::parse_iso_day("2026-11-25").unwrap()
    }

    fn signed_in_at(path: &str, query: &str) -> DashboardState {
        DashboardState::new(Location::parse(path, query, today()), today()).apply(
            Action::SessionFound {
                username: "marketing".to_owned(),
            },
        )
    }

    fn stats() -> Rc<Stats> {
        Rc::new(parse_stats(STATS_JSON).unwrap())
    }

    #[test]
    fn nothing_is_fetched_before_the_session_is_known() {
        let state = DashboardState::new(Location::parse("/dashboard/", "", today()), today());
        assert_eq!(state.stats_to_fetch(), None);
        let state = state.apply(Action::SessionMissing { failure: None });
        assert_eq!(state.stats_to_fetch(), None);
    }

    #[test]
    fn the_overview_asks_once_for_its_range() {
        let state = signed_in_at("/dashboard/", "?from=2026-11-01&to=2026-11-03");
        let range = state.stats_to_fetch().unwrap();
        assert_eq!(range.to_query(), "from=2026-11-01&to=2026-11-03");
        let state = state.apply(Action::StatsRequested(range));
        assert_eq!(state.stats_to_fetch(), None, "already loading");
        let state = state.apply(Action::StatsArrived(range, Ok(stats())));
        assert!(matches!(state.stats, Remote::Loaded(..)));
        assert_eq!(state.stats_to_fetch(), None);
        let variants = state.apply(Action::Navigated(state.location.with_page(Page::Variants)));
        assert_eq!(
            variants.stats_to_fetch(),
            None,
            "same range, no new request"
        );
    }

    #[test]
    fn a_late_answer_for_an_old_range_is_dropped() {
        let state = signed_in_at("/dashboard/", "");
        let old = state.location.range;
        let new = DateRange::last_days(today(), 7);
        let state = state
            .apply(Action::StatsRequested(old))
            .apply(Action::Navigated(state.location.with_range(new)))
            .apply(Action::StatsRequested(new))
            .apply(Action::StatsArrived(old, Ok(stats())));
        assert_eq!(state.stats, Remote::Loading(new));
    }

    #[test]
    fn any_unauthenticated_answer_returns_to_the_login_page() {
        let state = signed_in_at("/dashboard/", "");
        let range = state.location.range;
        let state = state
            .apply(Action::StatsRequested(range))
            .apply(Action::StatsArrived(
                range,
                Err(ApiFailure::Unauthenticated),
            ));
        assert_eq!(
            state.session,
            Session::SignedOut {
                failure: Some(ApiFailure::Unauthenticated),
                submitting: false
            }
        );
        assert_eq!(state.stats, Remote::Idle);
        assert_eq!(
            state.location.range, range,
            "the view comes back after login"
        );
        let again = state.apply(Action::LoggedIn {
            username: "m".to_owned(),
        });
        assert_eq!(again.stats_to_fetch(), Some(range));
    }

    #[test]
    fn a_failure_is_kept_until_retried() {
        let state = signed_in_at("/dashboard/", "");
        let range = state.location.range;
        let state = state
            .apply(Action::StatsRequested(range))
            .apply(Action::StatsArrived(range, Err(ApiFailure::Unreachable)));
        assert_eq!(state.stats, Remote::Failed(range, ApiFailure::Unreachable));
        assert_eq!(state.stats_to_fetch(), None, "no request loop");
        assert_eq!(
            state.apply(Action::StatsRetried).stats_to_fetch(),
            Some(range)
        );
    }

    #[test]
    fn login_failures_are_shown_and_cleared_on_the_next_attempt() {
        let state = DashboardState::new(Location::parse("/dashboard/", "", today()), today())
            .apply(Action::SessionMissing { failure: None })
            .apply(Action::LoginSubmitted)
            .apply(Action::LoginFailed(ApiFailure::Throttled {
                retry_after: Some(30),
            }));
        assert!(matches!(
            state.session,
            Session::SignedOut {
                failure: Some(ApiFailure::Throttled { .. }),
                submitting: false
            }
        ));
        let state = state.apply(Action::LoginSubmitted);
        assert_eq!(
            state.session,
            Session::SignedOut {
                failure: None,
                submitting: true
            }
        );
    }

    #[test]
    fn the_lookup_fetches_the_normalised_id_once() {
        let state = signed_in_at("/dashboard/receipts", "?id=0810-40g2-0810-40g2");
        assert_eq!(state.stats_to_fetch(), None, "the lookup needs no stats");
        let id = state.receipts_to_fetch().unwrap();
        assert_eq!(id, "081040G2081040G2");
        let state = state
            .apply(Action::ReceiptsRequested(id.clone()))
            .apply(Action::ReceiptsArrived(id, Err(ApiFailure::NotFound)));
        assert!(matches!(
            state.receipts,
            Remote::Failed(_, ApiFailure::NotFound)
        ));
        assert_eq!(state.receipts_to_fetch(), None);
        let invalid = signed_in_at("/dashboard/receipts", "?id=nope");
        assert_eq!(invalid.receipts_to_fetch(), None);
    }

    #[test]
    fn logging_out_forgets_the_numbers() {
        let state = signed_in_at("/dashboard/", "");
        let range = state.location.range;
        let state = state
            .apply(Action::StatsRequested(range))
            .apply(Action::StatsArrived(range, Ok(stats())))
            .apply(Action::LoggedOut { failure: None });
        assert!(!state.signed_in());
        assert_eq!(state.stats, Remote::Idle);
    }
}
