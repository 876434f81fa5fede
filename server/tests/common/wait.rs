//! The one way the server tests wait for something to happen: poll until it holds, with a
//! deadline that fails naming what was awaited and what was seen last. No wait is unbounded, so a
//! test that cannot pass fails instead of holding up the run.

use std::time::{Duration, Instant};

/// How often a condition is looked at again.
const POLL: Duration = Duration::from_millis(10);

/// Polls `condition` until it holds; panics after `limit` with `describe()` (what was awaited,
/// and what is the case instead).
pub async fn wait_until(
    limit: Duration,
    describe: impl Fn() -> String,
    mut condition: impl AsyncFnMut() -> bool,
) {
    let deadline = Instant::now() + limit;
    loop {
        let remaining = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(remaining, condition()).await {
            Ok(true) => return,
            Ok(false) if Instant::now() < deadline => tokio::time::sleep(POLL).await,
            _ => panic!("timed out after {limit:?}: {}", describe()),
        }
    }
}
