//! How often each cause of a refusal may be logged: at most one line per cause and period,
//! saying how many more were refused since the last one (the error log's memory).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// Causes remembered at once; beyond that, new causes share one line (a client inventing a new
/// origin per request cannot grow the map or the log).
const MAX_CAUSES: usize = 1024;
/// The cause that stands for every other once [`MAX_CAUSES`] are remembered.
const OTHER_CAUSES: &str = "(other causes)";

/// How often each cause of a refusal may be logged.
#[derive(Debug)]
pub struct RefusalLog {
    period_ms: i64,
    causes: Mutex<HashMap<String, CauseState>>,
}

#[derive(Clone, Copy, Debug)]
struct CauseState {
    logged_at_ms: i64,
    /// Refusals since the last line.
    suppressed: u64,
}

impl RefusalLog {
    /// At most one line per cause and `period`.
    pub fn new(period: Duration) -> Self {
        RefusalLog {
            period_ms: i64::try_from(period.as_millis()).unwrap_or(i64::MAX),
            causes: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one refusal for `cause` at `now_ms`; `Some(n)` when a line is due now, `n` being
    /// the refusals of that cause not logged since the last line.
    pub fn due(&self, cause: &str, now_ms: i64) -> Option<u64> {
        let mut causes = self.causes.lock().unwrap_or_else(|e| e.into_inner());
        if causes.len() >= MAX_CAUSES && !causes.contains_key(cause) {
            causes.retain(|_, state| now_ms - state.logged_at_ms < self.period_ms);
        }
        let cause = if causes.len() >= MAX_CAUSES && !causes.contains_key(cause) {
            OTHER_CAUSES
        } else {
            cause
        };
        match causes.get_mut(cause) {
            Some(state) if now_ms - state.logged_at_ms < self.period_ms => {
                state.suppressed += 1;
                None
            }
            Some(state) => {
                let suppressed = state.suppressed;
                *state = CauseState {
                    logged_at_ms: now_ms,
                    suppressed: 0,
                };
                Some(suppressed)
            }
            None => {
                causes.insert(
                    cause.to_owned(),
                    CauseState {
                        logged_at_ms: now_ms,
                        suppressed: 0,
                    },
                );
                Some(0)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_is_logged_once_per_period_with_the_count_since() {
        let log = RefusalLog::new(Duration::from_secs(60));
        assert_eq!(log.due("origin a", 0), Some(0));
        for _ in 0..5 {
            assert_eq!(log.due("origin a", 30_000), None);
        }
        assert_eq!(log.due("origin b", 30_000), Some(0), "causes are apart");
        assert_eq!(log.due("origin a", 59_999), None);
        assert_eq!(log.due("origin a", 60_000), Some(6));
        assert_eq!(log.due("origin a", 60_001), None);
    }

    #[test]
    fn invented_causes_beyond_the_bound_share_one_line() {
        let log = RefusalLog::new(Duration::from_secs(60));
        for n in 0..MAX_CAUSES {
            assert_eq!(log.due(&format!("origin {n}"), 0), Some(0));
        }
        assert_eq!(log.due("origin new", 1), Some(0));
        assert_eq!(
            log.due("origin newer", 2),
            None,
            "the same line as the one before"
        );
        let causes = log.causes.lock().unwrap().len();
        assert_eq!(causes, MAX_CAUSES + 1);
        // Once the period is over, old causes make room again.
        assert_eq!(log.due("origin newest", 60_000), Some(0));
        assert!(log.causes.lock().unwrap().len() < MAX_CAUSES);
    }
}
