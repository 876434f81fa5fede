//! Per-client request limits for the public ingest route, kept in memory only.
//!
//! A generic cell rate algorithm (GCRA): each client may send `per_minute` requests in a burst,
//! then one every `60 s / per_minute`. The key is the client address (an IPv6 client by its /64,
//! since one host usually owns a whole /64); it lives in this process's memory only and is never
//! stored or logged.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

/// Entries kept before stale ones are swept out.
const SWEEP_ABOVE: usize = 50_000;
const MICROS_PER_MINUTE: i64 = 60_000_000;

/// The in-memory limiter.
#[derive(Debug)]
pub struct RateLimiter {
    /// Microseconds between requests at the sustained rate; 0 when unlimited.
    interval_us: i64,
    /// Theoretical arrival time of each client's next request, in Unix microseconds.
    clients: Mutex<HashMap<IpAddr, i64>>,
}

impl RateLimiter {
    /// A limiter allowing `per_minute` requests per client and minute (0: no limit).
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            interval_us: if per_minute == 0 {
                0
            } else {
                MICROS_PER_MINUTE / i64::from(per_minute)
            },
            clients: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request from `client` at `now_ms`; `Err(seconds)` when it is over the limit,
    /// with the whole seconds to wait before the next request is accepted.
    pub fn check(&self, client: IpAddr, now_ms: i64) -> Result<(), u64> {
        if self.interval_us == 0 {
            return Ok(());
        }
        let now = now_ms.saturating_mul(1000);
        let tolerance = MICROS_PER_MINUTE - self.interval_us;
        let key = limit_key(client);
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if clients.len() > SWEEP_ABOVE {
            clients.retain(|_, due| *due > now);
        }
        let due = clients.get(&key).copied().unwrap_or(now).max(now);
        if due - now > tolerance {
            let wait_us = due - tolerance - now;
            return Err(u64::try_from(wait_us)
                .unwrap_or(1)
                .div_ceil(1_000_000)
                .max(1));
        }
        clients.insert(key, due + self.interval_us);
        Ok(())
    }
}

/// The address a limit applies to: IPv4 as is, IPv6 by its /64 prefix.
pub fn limit_key(client: IpAddr) -> IpAddr {
    match client {
        IpAddr::V4(_) => client,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut segments = v6.segments();
                segments[4..].fill(0);
                IpAddr::V6(segments.into())
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 2));

    #[test]
    fn a_burst_of_the_limit_passes_then_the_client_waits() {
        let limiter = RateLimiter::new(3);
        for _ in 0..3 {
            assert_eq!(limiter.check(A, 1_000), Ok(()));
        }
        assert_eq!(limiter.check(A, 1_000), Err(20));
        assert_eq!(
            limiter.check(B, 1_000),
            Ok(()),
            "other clients are not affected"
        );
        assert_eq!(limiter.check(A, 20_999), Err(1));
        assert_eq!(limiter.check(A, 21_000), Ok(()));
    }

    #[test]
    fn zero_means_unlimited() {
        let limiter = RateLimiter::new(0);
        for _ in 0..1000 {
            assert_eq!(limiter.check(A, 0), Ok(()));
        }
    }

    #[test]
    fn ipv6_clients_are_limited_by_their_64_prefix() {
        let one: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let two: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        assert_eq!(limit_key(one), limit_key(two));
        let mapped: IpAddr = "::ffff:192.0.2.1".parse().unwrap();
        assert_eq!(limit_key(mapped), A);
    }
}
