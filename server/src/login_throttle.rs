//! Slows down password guessing: after a few failures every further attempt waits, and the wait
//! doubles with each failure. Three counts, each with its own allowance:
//!
//! - per user name *and* client: a guesser at one address locks only itself out of that name,
//!   so knowing a user name (the demo account is `marketing`) is not enough to lock its owner out;
//! - per client, whatever the names: one address trying many names;
//! - per user name from all clients together: many addresses guessing one name. This one would
//!   let a guesser with enough addresses lock the owner out, so a client that signed in to the
//!   name within [`ThrottleConfig::known_client_for`] is exempt from it (SECURITY.md, "Password
//!   guessing", weighs this).
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
    /// Failures for one user name from one client before that client's attempts on that name
    /// must wait.
    pub free_failures_per_name_and_client: u32,
    /// Failures from one client, whatever the names, before its attempts must wait (higher:
    /// offices share addresses).
    pub free_failures_per_client: u32,
    /// Failures for one user name from all clients together before attempts on it must wait,
    /// except from clients that signed in to it before (see [`ThrottleConfig::known_client_for`]).
    pub free_failures_per_name: u32,
    /// How long a client that signed in to a name stays exempt from that name's global wait.
    pub known_client_for: Duration,
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
            free_failures_per_name_and_client: 5,
            free_failures_per_client: 20,
            free_failures_per_name: 100,
            known_client_for: Duration::from_secs(30 * 24 * 60 * 60),
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

/// Clients that signed in to a name, by (name, client), with the time of their last sign-in.
#[derive(Debug, Default)]
struct KnownClients {
    entries: Mutex<HashMap<(String, IpAddr), i64>>,
}

impl KnownClients {
    fn is_known(&self, key: &(String, IpAddr), now_ms: i64, remember_ms: i64) -> bool {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .is_some_and(|signed_in| now_ms - signed_in < remember_ms)
    }

    fn remember(&self, key: (String, IpAddr), now_ms: i64, remember_ms: i64) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() > SWEEP_ABOVE {
            entries.retain(|_, signed_in| now_ms - *signed_in < remember_ms);
        }
        entries.insert(key, now_ms);
    }
}

/// The login throttle.
#[derive(Debug)]
pub struct LoginThrottle {
    config: ThrottleConfig,
    by_name_and_client: Counter<(String, IpAddr)>,
    by_client: Counter<IpAddr>,
    by_name: Counter<String>,
    known_clients: KnownClients,
}

impl LoginThrottle {
    /// A throttle with `config`.
    pub fn new(config: ThrottleConfig) -> Self {
        LoginThrottle {
            by_name_and_client: Counter::new(config.free_failures_per_name_and_client),
            by_client: Counter::new(config.free_failures_per_client),
            by_name: Counter::new(config.free_failures_per_name),
            known_clients: KnownClients::default(),
            config,
        }
    }

    /// `Err(seconds)` while attempts for `username` from `client` must wait.
    pub fn check(&self, username: &str, client: IpAddr, now_ms: i64) -> Result<(), u64> {
        let name = name_key(username);
        let client = limit_key(client);
        let pair = (name.clone(), client);
        let config = &self.config;
        let mut wait = self
            .by_name_and_client
            .wait_ms(&pair, now_ms, config)
            .max(self.by_client.wait_ms(&client, now_ms, config));
        if !self
            .known_clients
            .is_known(&pair, now_ms, millis(config.known_client_for))
        {
            wait = wait.max(self.by_name.wait_ms(&name, now_ms, config));
        }
        if wait > 0 {
            Err(u64::try_from(wait).unwrap_or(1).div_ceil(1000).max(1))
        } else {
            Ok(())
        }
    }

    /// Counts a failed attempt.
    pub fn record_failure(&self, username: &str, client: IpAddr, now_ms: i64) {
        let name = name_key(username);
        let client = limit_key(client);
        let config = &self.config;
        self.by_name_and_client
            .fail((name.clone(), client), now_ms, config);
        self.by_client.fail(client, now_ms, config);
        self.by_name.fail(name, now_ms, config);
    }

    /// After a successful login: forgets the failures of this name from this client and of this
    /// client, and remembers the client as known for the name. The name's global count stays: a
    /// sign-in by its owner does not give guessers elsewhere a fresh allowance.
    pub fn record_success(&self, username: &str, client: IpAddr, now_ms: i64) {
        let pair = (name_key(username), limit_key(client));
        self.by_name_and_client.forget(&pair);
        self.by_client.forget(&pair.1);
        self.known_clients
            .remember(pair, now_ms, millis(self.config.known_client_for));
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

    fn client(n: u32) -> IpAddr {
        IpAddr::V4(std::net::Ipv4Addr::from(0xC633_6400 + n)) // 198.51.100.0 + n
    }

    #[test]
    fn waits_start_after_five_failures_from_one_client_and_double() {
        let throttle = LoginThrottle::new(ThrottleConfig::default());
        for _ in 0..4 {
            throttle.record_failure("anna", A, 0);
            assert_eq!(throttle.check("anna", A, 0), Ok(()));
        }
        throttle.record_failure("anna", A, 0);
        assert_eq!(throttle.check("anna", A, 0), Err(2));
        assert_eq!(
            throttle.check("ANNA ", A, 0),
            Err(2),
            "names compare folded"
        );
        assert_eq!(throttle.check("boris", A, 0), Ok(()));
        assert_eq!(throttle.check("anna", A, 2_000), Ok(()));
        throttle.record_failure("anna", A, 2_000);
        assert_eq!(throttle.check("anna", A, 2_000), Err(4));
    }

    #[test]
    fn a_guesser_at_one_address_does_not_lock_the_name_out_elsewhere() {
        let throttle = LoginThrottle::new(ThrottleConfig::default());
        // 13 wrong guesses in 31 s from one address, as fast as the waits allow.
        let mut now = 0;
        for _ in 0..13 {
            if let Err(wait) = throttle.check("marketing", A, now) {
                now += i64::try_from(wait).unwrap() * 1000;
            }
            throttle.record_failure("marketing", A, now);
        }
        assert!(throttle.check("marketing", A, now).is_err());
        assert_eq!(throttle.check("marketing", B, now), Ok(()));
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
    fn many_clients_guessing_one_name_lock_it_except_for_clients_known_to_it() {
        let config = ThrottleConfig {
            known_client_for: Duration::from_secs(600),
            ..ThrottleConfig::default()
        };
        let throttle = LoginThrottle::new(config);
        throttle.record_success("anna", A, 0);
        let now = 599_000;
        for n in 0..99 {
            throttle.record_failure("anna", client(n), now);
        }
        assert_eq!(throttle.check("anna", B, now), Ok(()), "99 are allowed");
        throttle.record_failure("anna", client(99), now);
        assert_eq!(throttle.check("anna", B, now), Err(2), "a new client waits");
        assert_eq!(throttle.check("boris", B, now), Ok(()));
        assert_eq!(
            throttle.check("anna", A, now),
            Ok(()),
            "a client that signed in to anna before does not"
        );
        assert_eq!(
            throttle.check("anna", A, 600_001),
            Err(1),
            "only for as long as it is remembered"
        );
    }

    #[test]
    fn the_owners_sign_in_does_not_reset_the_names_global_count() {
        let throttle = LoginThrottle::new(ThrottleConfig::default());
        for n in 0..100 {
            throttle.record_failure("anna", client(n), 0);
        }
        throttle.record_success("anna", A, 0);
        assert_eq!(throttle.check("anna", B, 0), Err(2));
    }

    #[test]
    fn success_and_time_forgive() {
        let throttle = LoginThrottle::new(ThrottleConfig::default());
        for _ in 0..5 {
            throttle.record_failure("anna", A, 0);
        }
        throttle.record_success("anna", A, 0);
        assert_eq!(throttle.check("anna", A, 0), Ok(()));
        for _ in 0..5 {
            throttle.record_failure("boris", A, 0);
        }
        assert_eq!(throttle.check("boris", A, 3_600_000), Ok(()));
    }
}
