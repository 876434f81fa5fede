//! Login password checks, at most a fixed number at a time, each in a reused argon2 work area.
//!
//! One argon2id check with the standard parameters fills 19 MiB. Unbounded, a burst of logins
//! (real or made up: an unknown name is checked against a decoy hash, so timing tells nothing)
//! would allocate 19 MiB per login in flight. Freeing does not give that memory back either:
//! glibc's allocator keeps freed blocks of this size in its per-thread arenas, so the memory a
//! burst took stays taken after it. Here a check first takes one of `max_concurrent`
//! permits (waiting at most `max_wait`, else the login is answered 503 `busy`), and each permit's
//! work area is allocated once and reused, so the memory for checks never exceeds
//! `max_concurrent` × 19 MiB, during a burst or after it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use argon2::password_hash::phc::{Output, PasswordHash};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::Semaphore;

/// No permit became free within the wait: the login is answered 503 with `Retry-After`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChecksBusy;

/// The bounded pool of password checks.
#[derive(Clone, Debug)]
pub struct PasswordChecks {
    permits: Arc<Semaphore>,
    /// Work areas not in use; a check takes one (or makes the first) and puts it back.
    areas: Arc<Mutex<Vec<Vec<Block>>>>,
    /// Work areas made so far: one per permit at most.
    areas_made: Arc<AtomicUsize>,
    max_concurrent: usize,
    max_wait: Duration,
}

impl PasswordChecks {
    /// A pool running at most `max_concurrent` checks at once (at least one); a check waits at
    /// most `max_wait` for its turn.
    pub fn new(max_concurrent: usize, max_wait: Duration) -> Self {
        let max_concurrent = max_concurrent.max(1);
        PasswordChecks {
            permits: Arc::new(Semaphore::new(max_concurrent)),
            areas: Arc::new(Mutex::new(Vec::new())),
            areas_made: Arc::new(AtomicUsize::new(0)),
            max_concurrent,
            max_wait,
        }
    }

    /// Most checks run at once.
    pub fn max_concurrent(&self) -> usize {
        self.max_concurrent
    }

    /// Checks running right now.
    pub fn running(&self) -> usize {
        self.max_concurrent - self.permits.available_permits()
    }

    /// Work areas allocated so far (never more than `max_concurrent`).
    pub fn areas_allocated(&self) -> usize {
        self.areas_made.load(Ordering::SeqCst)
    }

    /// True when `password` matches the PHC string `phc`; `Err(ChecksBusy)` when no check
    /// became free in time.
    ///
    /// The check runs on a blocking thread and keeps its permit until it has finished, even if
    /// the caller stops waiting (a client that hangs up cannot make room for more checks).
    pub async fn verify(&self, phc: String, password: String) -> Result<bool, ChecksBusy> {
        let permit = tokio::time::timeout(self.max_wait, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| ChecksBusy)?
            .map_err(|_| ChecksBusy)?;
        let areas = self.areas.clone();
        let areas_made = self.areas_made.clone();
        let check = tokio::task::spawn_blocking(move || {
            let pooled = areas.lock().unwrap_or_else(|e| e.into_inner()).pop();
            let mut area = pooled.unwrap_or_else(|| {
                areas_made.fetch_add(1, Ordering::SeqCst);
                Vec::new()
            });
            let matches = verify_in(&mut area, &phc, &password);
            areas.lock().unwrap_or_else(|e| e.into_inner()).push(area);
            drop(permit);
            matches
        });
        // A panic inside argon2 would be a bug: count it as a wrong password.
        Ok(check.await.unwrap_or(false))
    }
}

/// Verifies `password` against `phc` with `area` as argon2's memory (grown to the size the hash
/// asks for, never shrunk). False for any malformed hash.
fn verify_in(area: &mut Vec<Block>, phc: &str, password: &str) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (&hash.salt, &hash.hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params)) = (
        Algorithm::try_from(hash.algorithm.as_str()),
        Params::try_from(&hash),
    ) else {
        return false;
    };
    let version = match hash.version.map(Version::try_from).transpose() {
        Ok(version) => version.unwrap_or_default(),
        Err(_) => return false,
    };
    let blocks = params.block_count();
    if area.len() < blocks {
        area.resize(blocks, Block::new());
    }
    let mut out = vec![0u8; expected.len()];
    let hashed = Argon2::new(algorithm, version, params).hash_password_into_with_memory(
        password.as_bytes(),
        salt.as_ref(),
        &mut out,
        &mut area[..blocks],
    );
    // `Output`'s equality is constant-time.
    hashed.is_ok() && Output::new(&out).is_ok_and(|computed| computed == *expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::password::PasswordHashing;

    #[tokio::test]
    async fn checks_agree_with_argon2s_own_verification() {
        let checks = PasswordChecks::new(2, Duration::from_secs(5));
        for hashing in [
            PasswordHashing::insecure_fast(),
            PasswordHashing::standard(),
        ] {
            let phc = hashing.hash("correct horse battery").unwrap();
            for (password, expected) in [
                ("correct horse battery", true),
                ("correct horse battery ", false),
                ("", false),
            ] {
                assert_eq!(
                    checks.verify(phc.clone(), password.to_owned()).await,
                    Ok(expected),
                    "{password:?}"
                );
                assert_eq!(PasswordHashing::verify(&phc, password), expected);
            }
        }
        for broken in ["", "not a hash", "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ"] {
            assert_eq!(
                checks.verify(broken.to_owned(), "x".to_owned()).await,
                Ok(false)
            );
        }
        assert_eq!(
            checks.areas_allocated(),
            1,
            "one check at a time reuses one area"
        );
    }

    #[tokio::test]
    async fn no_more_checks_run_than_permitted_and_a_late_one_is_refused() {
        let checks = PasswordChecks::new(2, Duration::from_millis(50));
        let phc = PasswordHashing::standard()
            .hash("correct horse battery")
            .unwrap();
        // Hold both permits as running checks would.
        let held = checks.permits.clone().acquire_many_owned(2).await.unwrap();
        assert_eq!(checks.running(), 2);
        assert_eq!(
            checks.verify(phc.clone(), "guess".to_owned()).await,
            Err(ChecksBusy)
        );
        drop(held);
        let burst: Vec<_> = (0..8)
            .map(|_| {
                let checks = checks.clone();
                let phc = phc.clone();
                tokio::spawn(async move {
                    let checks = PasswordChecks {
                        max_wait: Duration::from_secs(60),
                        ..checks
                    };
                    checks.verify(phc, "guess".to_owned()).await
                })
            })
            .collect();
        for check in burst {
            assert_eq!(check.await.unwrap(), Ok(false));
        }
        assert!(
            checks.areas_allocated() <= 2,
            "{} work areas for 2 permits",
            checks.areas_allocated()
        );
    }
}
