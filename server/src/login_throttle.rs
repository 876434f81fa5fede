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
//! An attempt counts against every allowance from the moment it starts, before its password is
//! checked, and under one lock for all three counts: attempts sent at the same instant get no
//! more password checks than attempts sent one after the other. (Counting only failures, after
//! their checks, had let a burst of 40 simultaneous attempts from one address all be checked,
//! the right password among them.) When a wait ends, one attempt may start; the next waits for
//! its outcome. An attempt that ends without an outcome (the client hung up, every password check
//! was busy, the database failed) gives its place back and counts as nothing.
//!
//! Kept in memory only (the client address is never stored); with several instances each keeps
//! its own counts, which still bounds guessing to a small multiple of one instance's budget.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use crate::rate_limit::limit_key;

/// Entries kept before stale ones are swept out.
const SWEEP_ABOVE: usize = 10_000;
/// Seconds an attempt is asked to wait when the attempts allowed are all in flight (a password
/// check takes tens of milliseconds).
const IN_FLIGHT_RETRY_SECS: u64 = 1;

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
    /// Attempts started and not yet finished.
    in_flight: u32,
}

#[derive(Debug)]
struct Counter<K> {
    free_failures: u32,
    entries: HashMap<K, Failures>,
}

impl<K: Eq + Hash> Counter<K> {
    fn new(free_failures: u32) -> Self {
        Counter {
            free_failures,
            entries: HashMap::new(),
        }
    }

    /// How long an attempt must wait before it may start: until the lock ends, or (allowance
    /// used up by attempts in flight) until one of them finishes. 0: it may start now.
    fn wait_ms(&self, key: &K, now_ms: i64, config: &ThrottleConfig) -> i64 {
        let Some(f) = self.entries.get(key) else {
            return 0;
        };
        let fresh = now_ms - f.last_ms < millis(config.forget_after);
        let count = if fresh { f.count } else { 0 };
        if fresh && f.locked_until_ms > now_ms {
            return f.locked_until_ms - now_ms;
        }
        // Before the first wait, the failures still free; after it, one attempt at a time.
        let allowance = self.free_failures.saturating_sub(count).max(1);
        if f.in_flight >= allowance {
            return i64::try_from(IN_FLIGHT_RETRY_SECS * 1000).unwrap_or(1000);
        }
        0
    }

    /// The entry of `key`, its failures forgotten when they are stale.
    fn entry(&mut self, key: K, now_ms: i64, config: &ThrottleConfig) -> &mut Failures {
        let forget = millis(config.forget_after);
        if self.entries.len() > SWEEP_ABOVE {
            self.entries
                .retain(|_, f| now_ms - f.last_ms < forget || f.in_flight > 0);
        }
        let f = self.entries.entry(key).or_default();
        if now_ms - f.last_ms >= forget {
            *f = Failures {
                in_flight: f.in_flight,
                ..Failures::default()
            };
        }
        f
    }

    fn start(&mut self, key: K, now_ms: i64, config: &ThrottleConfig) {
        self.entry(key, now_ms, config).in_flight += 1;
    }

    /// Ends an attempt: `started` when [`Counter::start`] counted it, `failed` when its
    /// password was wrong.
    fn finish(
        &mut self,
        key: K,
        started: bool,
        failed: bool,
        now_ms: i64,
        config: &ThrottleConfig,
    ) {
        let free_failures = self.free_failures;
        let f = self.entry(key, now_ms, config);
        if started {
            f.in_flight = f.in_flight.saturating_sub(1);
        }
        if !failed {
            return;
        }
        f.count = f.count.saturating_add(1);
        f.last_ms = now_ms;
        if f.count >= free_failures {
            let doublings = (f.count - free_failures).min(30);
            let wait = millis(config.first_wait)
                .saturating_mul(1_i64 << doublings)
                .min(millis(config.max_wait));
            f.locked_until_ms = now_ms + wait;
        }
    }

    /// Forgets the failures of `key` (attempts in flight stay counted).
    fn forget(&mut self, key: &K) {
        if let Some(f) = self.entries.get_mut(key) {
            *f = Failures {
                in_flight: f.in_flight,
                ..Failures::default()
            };
        }
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The counts, all under one lock: an attempt is checked against all three and counted in all
/// three at once.
#[derive(Debug)]
struct Counts {
    by_name_and_client: Counter<(String, IpAddr)>,
    by_client: Counter<IpAddr>,
    by_name: Counter<String>,
    /// Clients that signed in to a name, by (name, client), with the time of their last sign-in.
    known_clients: HashMap<(String, IpAddr), i64>,
}

/// The login throttle.
#[derive(Debug)]
pub struct LoginThrottle {
    config: ThrottleConfig,
    counts: Mutex<Counts>,
}

/// An attempt that started: end it with [`LoginAttempt::failed`] or [`LoginAttempt::succeeded`];
/// dropped otherwise, it gives its place back and counts as nothing.
#[derive(Debug)]
#[must_use = "an attempt counts as nothing unless it is ended with its outcome"]
pub struct LoginAttempt<'a> {
    throttle: &'a LoginThrottle,
    pair: (String, IpAddr),
    /// Whether the name's count from all clients took this attempt (not for known clients).
    counted_by_name: bool,
    started_ms: i64,
    ended: bool,
}

impl LoginThrottle {
    /// A throttle with `config`.
    pub fn new(config: ThrottleConfig) -> Self {
        LoginThrottle {
            counts: Mutex::new(Counts {
                by_name_and_client: Counter::new(config.free_failures_per_name_and_client),
                by_client: Counter::new(config.free_failures_per_client),
                by_name: Counter::new(config.free_failures_per_name),
                known_clients: HashMap::new(),
            }),
            config,
        }
    }

    fn counts(&self) -> MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts an attempt for `username` from `client`, counting it against every allowance, or
    /// `Err(seconds)` while attempts for that name from that client must wait.
    pub fn begin(
        &self,
        username: &str,
        client: IpAddr,
        now_ms: i64,
    ) -> Result<LoginAttempt<'_>, u64> {
        let name = name_key(username);
        let client = limit_key(client);
        let pair = (name.clone(), client);
        let config = &self.config;
        let mut counts = self.counts();
        let known = counts
            .known_clients
            .get(&pair)
            .is_some_and(|signed_in| now_ms - signed_in < millis(config.known_client_for));
        let mut wait = counts
            .by_name_and_client
            .wait_ms(&pair, now_ms, config)
            .max(counts.by_client.wait_ms(&client, now_ms, config));
        if !known {
            wait = wait.max(counts.by_name.wait_ms(&name, now_ms, config));
        }
        if wait > 0 {
            return Err(u64::try_from(wait).unwrap_or(1).div_ceil(1000).max(1));
        }
        counts
            .by_name_and_client
            .start(pair.clone(), now_ms, config);
        counts.by_client.start(client, now_ms, config);
        if !known {
            counts.by_name.start(name, now_ms, config);
        }
        Ok(LoginAttempt {
            throttle: self,
            pair,
            counted_by_name: !known,
            started_ms: now_ms,
            ended: false,
        })
    }

    fn finish(&self, attempt: &LoginAttempt<'_>, failed: bool, now_ms: i64) {
        let config = &self.config;
        let (name, client) = &attempt.pair;
        let mut counts = self.counts();
        counts
            .by_name_and_client
            .finish(attempt.pair.clone(), true, failed, now_ms, config);
        counts
            .by_client
            .finish(*client, true, failed, now_ms, config);
        // A failure counts for the name from all clients even when this client was exempt.
        counts.by_name.finish(
            name.clone(),
            attempt.counted_by_name,
            failed,
            now_ms,
            config,
        );
    }

    /// After a successful login: forgets the failures of this name from this client and of this
    /// client, and remembers the client as known for the name. The name's global count stays: a
    /// sign-in by its owner does not give guessers elsewhere a fresh allowance.
    fn remember_success(&self, pair: &(String, IpAddr), now_ms: i64) {
        let remember_ms = millis(self.config.known_client_for);
        let mut counts = self.counts();
        counts.by_name_and_client.forget(pair);
        counts.by_client.forget(&pair.1);
        if counts.known_clients.len() > SWEEP_ABOVE {
            counts
                .known_clients
                .retain(|_, signed_in| now_ms - *signed_in < remember_ms);
        }
        counts.known_clients.insert(pair.clone(), now_ms);
    }
}

impl LoginAttempt<'_> {
    /// The password was wrong (or the name unknown): counts a failure.
    pub fn failed(mut self, now_ms: i64) {
        self.throttle.finish(&self, true, now_ms);
        self.ended = true;
    }

    /// The password was right.
    pub fn succeeded(mut self, now_ms: i64) {
        self.throttle.finish(&self, false, now_ms);
        self.throttle.remember_success(&self.pair, now_ms);
        self.ended = true;
    }
}

impl Drop for LoginAttempt<'_> {
    fn drop(&mut self) {
        if !self.ended {
            self.throttle.finish(self, false, self.started_ms);
        }
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

    /// Whether an attempt may start now (it is given back at once).
    fn check(throttle: &LoginThrottle, name: &str, client: IpAddr, now: i64) -> Result<(), u64> {
        throttle.begin(name, client, now).map(drop)
    }

    /// A wrong password.
    fn fail(throttle: &LoginThrottle, name: &str, client: IpAddr, now: i64) {
        throttle
            .begin(name, client, now)
            .expect("the attempt may start")
            .failed(now);
    }

    /// The right password.
    fn succeed(throttle: &LoginThrottle, name: &str, client: IpAddr, now: i64) {
        throttle
            .begin(name, client, now)
            .expect("the attempt may start")
            .succeeded(now);
    }

    fn client(n: u32) -> IpAddr {
        IpAddr::V4(std::net::Ipv4Addr::from(0xC633_6400 + n)) // 198.51.100.0 + n
    }

    #[test]
    fn waits_start_after_five_failures_from_one_client_and_double() {
        let throttle = LoginThrottle::new(ThrottleConfig::default());
        for _ in 0..4 {
            fail(&throttle, "anna", A, 0);
            assert_eq!(check(&throttle, "anna", A, 0), Ok(()));
        }
        fail(&throttle, "anna", A, 0);
        assert_eq!(check(&throttle, "anna", A, 0), Err(2));
        assert_eq!(
            check(&throttle, "ANNA ", A, 0),
            Err(2),
            "names compare folded"
        );
        assert_eq!(check(&throttle, "boris", A, 0), Ok(()));
        assert_eq!(check(&throttle, "anna", A, 2_000), Ok(()));
        fail(&throttle, "anna", A, 2_000);
        assert_eq!(check(&throttle, "anna", A, 2_000), Err(4));
    }

    #[test]
    fn attempts_in_flight_count_against_the_allowance_from_their_start() {
        let throttle = LoginThrottle::new(ThrottleConfig::default());
        let burst: Vec<_> = (0..5)
            .map(|_| throttle.begin("anna", A, 0).expect("five may start"))
            .collect();
        assert_eq!(
            check(&throttle, "anna", A, 0),
            Err(IN_FLIGHT_RETRY_SECS),
            "a sixth waits for their outcome"
        );
        assert_eq!(
            check(&throttle, "anna", B, 0),
            Ok(()),
            "other clients do not"
        );
        for attempt in burst {
            attempt.failed(0);
        }
        assert_eq!(check(&throttle, "anna", A, 0), Err(2));
        // When the wait is over, one attempt starts, and the next waits for it.
        let one = throttle.begin("anna", A, 2_000).expect("the wait is over");
        assert_eq!(
            check(&throttle, "anna", A, 2_000),
            Err(IN_FLIGHT_RETRY_SECS)
        );
        one.failed(2_000);
        assert_eq!(check(&throttle, "anna", A, 2_000), Err(4));
    }

    #[test]
    fn an_attempt_ended_without_an_outcome_gives_its_place_back() {
        let throttle = LoginThrottle::new(ThrottleConfig::default());
        for _ in 0..4 {
            fail(&throttle, "anna", A, 0);
        }
        let busy = throttle.begin("anna", A, 0).expect("the fifth may start");
        assert_eq!(check(&throttle, "anna", A, 0), Err(IN_FLIGHT_RETRY_SECS));
        drop(busy);
        assert_eq!(
            check(&throttle, "anna", A, 0),
            Ok(()),
            "not counted as a failure"
        );
    }

    #[test]
    fn a_guesser_at_one_address_does_not_lock_the_name_out_elsewhere() {
        let throttle = LoginThrottle::new(ThrottleConfig::default());
        // 13 wrong guesses in 31 s from one address, as fast as the waits allow.
        let mut now = 0;
        for _ in 0..13 {
            if let Err(wait) = check(&throttle, "marketing", A, now) {
                now += i64::try_from(wait).unwrap() * 1000;
            }
            fail(&throttle, "marketing", A, now);
        }
        assert!(check(&throttle, "marketing", A, now).is_err());
        assert_eq!(check(&throttle, "marketing", B, now), Ok(()));
    }

    #[test]
    fn one_client_trying_many_names_is_slowed_too() {
        let throttle = LoginThrottle::new(ThrottleConfig::default());
        for i in 0..20 {
            fail(&throttle, &format!("user{i}"), A, 0);
        }
        assert_eq!(check(&throttle, "someone", A, 0), Err(2));
        assert_eq!(check(&throttle, "someone", B, 0), Ok(()));
    }

    #[test]
    fn many_clients_guessing_one_name_lock_it_except_for_clients_known_to_it() {
        let config = ThrottleConfig {
            known_client_for: Duration::from_secs(600),
            ..ThrottleConfig::default()
        };
        let throttle = LoginThrottle::new(config);
        succeed(&throttle, "anna", A, 0);
        let now = 599_000;
        for n in 0..99 {
            fail(&throttle, "anna", client(n), now);
        }
        assert_eq!(check(&throttle, "anna", B, now), Ok(()), "99 are allowed");
        fail(&throttle, "anna", client(99), now);
        assert_eq!(
            check(&throttle, "anna", B, now),
            Err(2),
            "a new client waits"
        );
        assert_eq!(check(&throttle, "boris", B, now), Ok(()));
        assert_eq!(
            check(&throttle, "anna", A, now),
            Ok(()),
            "a client that signed in to anna before does not"
        );
        assert_eq!(
            check(&throttle, "anna", A, 600_001),
            Err(1),
            "only for as long as it is remembered"
        );
    }

    #[test]
    fn the_owners_sign_in_does_not_reset_the_names_global_count() {
        let throttle = LoginThrottle::new(ThrottleConfig::default());
        succeed(&throttle, "anna", A, 0);
        for n in 0..100 {
            fail(&throttle, "anna", client(n), 0);
        }
        succeed(&throttle, "anna", A, 0);
        assert_eq!(check(&throttle, "anna", B, 0), Err(2));
    }

    #[test]
    fn success_and_time_forgive() {
        let throttle = LoginThrottle::new(ThrottleConfig::default());
        for _ in 0..5 {
            fail(&throttle, "anna", A, 0);
        }
        succeed(&throttle, "anna", A, 2_000);
        assert_eq!(check(&throttle, "anna", A, 2_000), Ok(()));
        for _ in 0..4 {
            fail(&throttle, "anna", A, 2_000);
        }
        assert_eq!(
            check(&throttle, "anna", A, 2_000),
            Ok(()),
            "the failures before the sign-in are forgotten"
        );
        for _ in 0..5 {
            fail(&throttle, "boris", A, 0);
        }
        assert_eq!(check(&throttle, "boris", A, 3_600_000), Ok(()));
    }
}
