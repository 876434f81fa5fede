//! Slows down password guessing: per user name and per client, after a few failures every
//! further attempt waits, and the wait doubles with each failure.
//!
//! Kept in memory only (the client address is never stored); with several instances each keeps
//! its own counts, which still bounds guessing to a small multiple of one instance's budget.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Duration;

use crate::rate_limit::limit_key;

/// Entries kept before stale ones are swept out.
const SWEEP_ABOVE: usize = 10_000;

/// How hard the throttle is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThrottleConfig {
    /// Failures for one user name before attempts on it must wait.
    pub free_failures_per_name: u32,
    /// Failures from one client before its attempts must wait (higher: offices share addresses).
    pub free_failures_per_client: u32,
    /// The first wait; each further failure doubles it.
    pub first_wait: Duration,
    /// The longest wait.
    pub max_wait: Duration,
    /// Failures older than this (since the last one) are forgotten.
    pub forget_after: Duration,
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        ThrottleConfig {
            free_failures_per_name: 5,
            free_failures_per_client: 20,
            first_wait: Duration::from_secs(2),
            max_wait: Duration::from_secs(15 * 60),
            forget_after: Duration::from_secs(60 * 60),
        }
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct Failures {
    count: u32,
    last_ms: i64,
    locked_until_ms: i64,
}

#[derive(Debug)]
struct Counter<K> {
    free_failures: u32,
    entries: Mutex<HashMap<K, Failures>>,
}

impl<K: Eq + Hash> Counter<K> {
    fn new(free_failures: u32) -> Self {
        Counter {
            free_failures,
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn wait_ms(&self, key: &K, now_ms: i64, config: &ThrottleConfig) -> i64 {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        match entries.get(key) {
            Some(f) if now_ms - f.last_ms < millis(config.forget_after) => {
                (f.locked_until_ms - now_ms).max(0)
            }
            _ => 0,
        }
    }

    fn fail(&self, key: K, now_ms: i64, config: &ThrottleConfig) {
        let forget = millis(config.forget_after);
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() > SWEEP_ABOVE {
            entries.retain(|_, f| now_ms - f.last_ms < forget);
        }
        let f = entries.entry(key).or_default();
        if now_ms - f.last_ms >= forget {
            *f = Failures::default();
        }
        f.count = f.count.saturating_add(1);
        f.last_ms = now_ms;
        if f.count >= self.free_failures {
            let doublings = (f.count - self.free_failures).min(30);
            let wait = millis(config.first_wait)
                .saturating_mul(1_i64 << doublings)
                .min(millis(config.max_wait));
            f.locked_until_ms = now_ms + wait;
        }
    }

    fn forget(&self, key: &K) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.remove(key);
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The login throttle.
#[derive(Debug)]
pub struct LoginThrottle {
    config: ThrottleConfig,
    by_name: Counter<String>,
    by_client: Counter<IpAddr>,
}

impl LoginThrottle {
    /// A throttle with `config`.
    pub fn new(config: ThrottleConfig) -> Self {
        LoginThrottle {
            by_name: Counter::new(config.free_failures_per_name),
            by_client: Counter::new(config.free_failures_per_client),
            config,
        }
    }

    /// `Err(seconds)` while attempts for `username` or from `client` must wait.
    pub fn check(&self, username: &str, client: IpAddr, now_ms: i64) -> Result<(), u64> {
        let wait = self
            .by_name
            .wait_ms(&name_key(username), now_ms, &self.config)
            .max(
                self.by_client
                    .wait_ms(&limit_key(client), now_ms, &self.config),
            );
        if wait > 0 {
            Err(u64::try_from(wait).unwrap_or(1).div_ceil(1000).max(1))
        } else {
            Ok(())
        }
    }

    /// Counts a failed attempt.
    pub fn record_failure(&self, username: &str, client: IpAddr, now_ms: i64) {
        self.by_name.fail(name_key(username), now_ms, &self.config);
        self.by_client.fail(limit_key(client), now_ms, &self.config);
    }

    /// Forgets the failures of `username` and `client` after a successful login.
    pub fn record_success(&self, username: &str, client: IpAddr) {
        self.by_name.forget(&name_key(username));
        self.by_client.forget(&limit_key(client));
    }
}

fn name_key(username: &str) -> String {
    username.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 2));

    #[test]
    fn waits_start_after_five_failures_and_double() {
        let throttle = LoginThrottle::new(ThrottleConfig::default());
        for _ in 0..4 {
            throttle.record_failure("anna", A, 0);
            assert_eq!(throttle.check("anna", A, 0), Ok(()));
        }
        throttle.record_failure("anna", A, 0);
        assert_eq!(throttle.check("anna", A, 0), Err(2));
        assert_eq!(
            throttle.check("ANNA", B, 0),
            Err(2),
            "the name is locked from anywhere"
        );
        assert_eq!(throttle.check("boris", A, 0), Ok(()));
        assert_eq!(throttle.check("anna", A, 2_000), Ok(()));
        throttle.record_failure("anna", A, 2_000);
        assert_eq!(throttle.check("anna", A, 2_000), Err(4));
    }

    #[test]
    fn one_client_trying_many_names_is_slowed_too() {
        let throttle = LoginThrottle::new(ThrottleConfig::default());
        for i in 0..20 {
            throttle.record_failure(&format!("user{i}"), A, 0);
        }
        assert_eq!(throttle.check("someone", A, 0), Err(2));
        assert_eq!(throttle.check("someone", B, 0), Ok(()));
    }

    #[test]
    fn success_and_time_forgive() {
        let throttle = LoginThrottle::new(ThrottleConfig::default());
        for _ in 0..5 {
            throttle.record_failure("anna", A, 0);
        }
        throttle.record_success("anna", A);
        assert_eq!(throttle.check("anna", A, 0), Ok(()));
        for _ in 0..5 {
            throttle.record_failure("boris", A, 0);
        }
        assert_eq!(throttle.check("boris", A, 3_600_000), Ok(()));
    }
}
