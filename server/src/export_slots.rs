//! How many exports one dashboard session may download at once.
//!
//! An export holds a connection and a page of receipts for as long as it is being sent; eight
//! exports nobody read had stayed open indefinitely. The connection layer closes answers nobody
//! reads and the app bounds how long any answer may take; here one session gets
//! [`MAX_EXPORTS_PER_SESSION`] at once, and a further one is answered `429 too_many_exports`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::error::AppError;

/// Exports one session may have in flight.
pub const MAX_EXPORTS_PER_SESSION: usize = 2;
/// Seconds a refused export is asked to wait.
const RETRY_AFTER_SECS: u64 = 5;

/// Exports in flight per session (by the hash of its token).
#[derive(Clone, Debug, Default)]
pub struct ExportSlots {
    in_flight: Arc<Mutex<HashMap<String, usize>>>,
}

/// One export's place; given back when dropped (the body sent or the connection gone).
#[derive(Debug)]
pub struct ExportSlot {
    in_flight: Arc<Mutex<HashMap<String, usize>>>,
    session: String,
}

impl ExportSlots {
    /// A place for one more export of `session`, or `429 too_many_exports`.
    pub fn take(&self, session: &str) -> Result<ExportSlot, AppError> {
        let mut in_flight = self.in_flight.lock().unwrap_or_else(|e| e.into_inner());
        let count = in_flight.entry(session.to_owned()).or_default();
        if *count >= MAX_EXPORTS_PER_SESSION {
            return Err(AppError::TooManyExports {
                retry_after_secs: RETRY_AFTER_SECS,
            });
        }
        *count += 1;
        Ok(ExportSlot {
            in_flight: self.in_flight.clone(),
            session: session.to_owned(),
        })
    }
}

impl Drop for ExportSlot {
    fn drop(&mut self) {
        let mut in_flight = self.in_flight.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = in_flight.get_mut(&self.session) {
            *count -= 1;
            if *count == 0 {
                in_flight.remove(&self.session);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_gets_its_places_and_each_comes_back_when_dropped() {
        let slots = ExportSlots::default();
        let first = slots.take("a").unwrap();
        let _second = slots.take("a").unwrap();
        assert!(matches!(
            slots.take("a"),
            Err(AppError::TooManyExports { .. })
        ));
        assert!(slots.take("b").is_ok(), "sessions are apart");
        drop(first);
        assert!(slots.take("a").is_ok());
    }
}
