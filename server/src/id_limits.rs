//! What anonymous ingest may add to the log's category and variant ids when the server runs
//! without `--widget-config` (with it, only the configured ids come in, and none of this applies).
//!
//! Those ids are keys of the rollups, rows of the stats answer and columns of the receipts export:
//! an attacker whose every decision invented a variant and 32 categories had made 2 MB of requests
//! into a 185 MB export (it grew with decisions × distinct categories) and a dashboard of a
//! million elements. Here what a batch may add is bounded:
//!
//! - per event: 32 categories (the core's reader) and one variant;
//! - per client address (an IPv6 client by its /64) and UTC day, and per UTC day from all
//!   clients: a number of new ids, beyond which the batch is answered `429 too_many_new_ids`
//!   until the next UTC day (the widget keeps it and sends it again);
//! - in the log: [`MAX_CATEGORY_IDS`] category ids and [`MAX_VARIANT_IDS`] variant ids, beyond
//!   which a batch naming a new one is answered `422 too_many_ids` (final).
//!
//! The ids the log holds are read from the rollups at the first ingest; the daily counts are kept
//! in memory only (never the address itself in the log). Instances sharing one PostgreSQL
//! database keep their own counts, so such a log may hold that many times the limits.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::Mutex;

use jl_consent_core::receipt::ConsentEvent;
use tokio::sync::OnceCell;

use crate::clock::MS_PER_DAY;
use crate::error::AppError;
use crate::rate_limit::limit_key;
use crate::store::Store;

/// Category ids the log keeps without `--widget-config`: two configurations' worth (one lists at
/// most 32). Also the most category columns of the receipts export.
pub const MAX_CATEGORY_IDS: usize = 64;
/// Banner variant ids the log keeps without `--widget-config` (one configuration has at most 10).
pub const MAX_VARIANT_IDS: usize = 32;

/// The bounds (see the module's comment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdLimits {
    /// Category ids the log keeps.
    pub max_categories: usize,
    /// Variant ids the log keeps.
    pub max_variants: usize,
    /// New ids one client address may add per UTC day: the first visitor of a new configuration
    /// brings all of its ids at once (at most 32 categories, 10 variants and their revision).
    pub new_per_client_per_day: usize,
    /// New ids all clients together may add per UTC day.
    pub new_per_day: usize,
}

impl Default for IdLimits {
    fn default() -> Self {
        IdLimits {
            max_categories: MAX_CATEGORY_IDS,
            max_variants: MAX_VARIANT_IDS,
            new_per_client_per_day: 48,
            new_per_day: 64,
        }
    }
}

/// The two kinds of id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum IdKind {
    Category,
    Variant,
}

/// The ids the log holds and what was added today.
#[derive(Debug, Default)]
struct Held {
    categories: HashSet<String>,
    variants: HashSet<String>,
    /// The UTC day (number) the counts below are of.
    day: i64,
    new_today: usize,
    /// New ids per client today; only clients that added some have an entry, so there are at
    /// most `new_per_day` of them.
    new_by_client: HashMap<IpAddr, usize>,
}

impl Held {
    fn holds(&self, kind: IdKind, id: &str) -> bool {
        match kind {
            IdKind::Category => self.categories.contains(id),
            IdKind::Variant => self.variants.contains(id),
        }
    }
}

/// Admits or refuses the new ids of each batch (see the module's comment).
#[derive(Debug)]
pub struct IdLimiter {
    limits: IdLimits,
    loaded: OnceCell<()>,
    held: Mutex<Held>,
}

impl IdLimiter {
    /// A limiter with `limits`; it reads the log's ids at its first batch.
    pub fn new(limits: IdLimits) -> Self {
        IdLimiter {
            limits,
            loaded: OnceCell::new(),
            held: Mutex::new(Held::default()),
        }
    }

    /// Admits `events` from `client` at `now_ms`, counting the ids they add, or says why not.
    /// The ids admitted count as held from now on, even should the batch not be stored after
    /// all (a database error): counting too many is the safe side.
    pub async fn admit(
        &self,
        store: &Store,
        events: &[ConsentEvent],
        client: IpAddr,
        now_ms: i64,
    ) -> Result<(), AppError> {
        self.loaded
            .get_or_try_init(|| async {
                let (categories, variants) = store.logged_ids().await?;
                let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
                held.categories.extend(categories);
                held.variants.extend(variants);
                Ok::<(), AppError>(())
            })
            .await?;
        self.admit_loaded(events, client, now_ms)
    }

    fn admit_loaded(
        &self,
        events: &[ConsentEvent],
        client: IpAddr,
        now_ms: i64,
    ) -> Result<(), AppError> {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        // The ids this batch would add, each once, in the order it names them, with the index
        // of the event naming it first.
        let mut new: Vec<(IdKind, &str, usize)> = Vec::new();
        for (index, event) in events.iter().enumerate() {
            let (ConsentEvent::Impression { shown, .. } | ConsentEvent::Decision { shown, .. }) =
                event;
            let variant = shown.variant.as_deref().map(|id| (IdKind::Variant, id));
            let categories = match event {
                ConsentEvent::Decision { choices, .. } => choices
                    .iter()
                    .map(|(category, _)| (IdKind::Category, category.as_str()))
                    .collect(),
                ConsentEvent::Impression { .. } => Vec::new(),
            };
            for (kind, id) in variant.into_iter().chain(categories) {
                if !held.holds(kind, id) && !new.iter().any(|(k, i, _)| *k == kind && *i == id) {
                    new.push((kind, id, index));
                }
            }
        }
        if new.is_empty() {
            return Ok(());
        }
        let (mut categories, mut variants) = (held.categories.len(), held.variants.len());
        for &(kind, id, index) in &new {
            let (count, max, what, field) = match kind {
                IdKind::Category => (
                    &mut categories,
                    self.limits.max_categories,
                    "category",
                    format!("events[{index}].choices.{id}"),
                ),
                IdKind::Variant => (
                    &mut variants,
                    self.limits.max_variants,
                    "variant",
                    format!("events[{index}].variant"),
                ),
            };
            *count += 1;
            if *count > max {
                return Err(AppError::TooManyIds {
                    field,
                    message: format!(
                        "the consent log keeps at most {max} {what} ids and holds them all; \
                         {id:?} is not one of them"
                    ),
                });
            }
        }
        let day = now_ms.div_euclid(MS_PER_DAY);
        if held.day != day {
            held.day = day;
            held.new_today = 0;
            held.new_by_client.clear();
        }
        let key = limit_key(client);
        let by_client = held.new_by_client.get(&key).copied().unwrap_or(0);
        if by_client + new.len() > self.limits.new_per_client_per_day
            || held.new_today + new.len() > self.limits.new_per_day
        {
            let to_midnight_ms = MS_PER_DAY - now_ms.rem_euclid(MS_PER_DAY);
            return Err(AppError::TooManyNewIds {
                retry_after_secs: u64::try_from(to_midnight_ms).unwrap_or(1).div_ceil(1000),
            });
        }
        held.new_today += new.len();
        *held.new_by_client.entry(key).or_default() += new.len();
        for (kind, id, _) in new {
            match kind {
                IdKind::Category => held.categories.insert(id.to_owned()),
                IdKind::Variant => held.variants.insert(id.to_owned()),
            };
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jl_consent_core::category::CategoryId;
    use jl_consent_core::receipt::{DeviceClass, EventId, ShownContext};
    use jl_consent_core::{Choices, ConsentId, DecisionAction, Language};

    const NOON_MS: i64 = 1_795_608_000_000;

    fn shown(variant: Option<&str>) -> ShownContext {
        ShownContext {
            revision: 1,
            config_hash: "0".repeat(64),
            language: Language::Ru,
            device: DeviceClass::Desktop,
            variant: variant.map(str::to_owned),
        }
    }

    fn impression(variant: &str) -> ConsentEvent {
        ConsentEvent::Impression {
            event_id: EventId::from_random_bytes([1; 10]),
            shown: shown(Some(variant)),
        }
    }

    fn decision(categories: &[&str]) -> ConsentEvent {
        let mut choices = Choices::new();
        for id in categories {
            choices.set(&CategoryId::parse(id).unwrap(), true);
        }
        ConsentEvent::Decision {
            event_id: EventId::from_random_bytes([2; 10]),
            shown: shown(None),
            consent_id: ConsentId::from_random_bytes([3; 10]),
            choices,
            action: DecisionAction::Custom,
            first: true,
            decided_at: 0,
        }
    }

    fn client(last: u8) -> IpAddr {
        IpAddr::from([198, 51, 100, last])
    }

    fn limiter(new_per_client_per_day: usize) -> IdLimiter {
        IdLimiter::new(IdLimits {
            max_categories: 4,
            max_variants: 2,
            new_per_client_per_day,
            new_per_day: 6,
        })
    }

    #[test]
    fn an_id_counts_once_however_often_a_batch_names_it() {
        let limiter = limiter(2);
        let batch = [
            impression("a"),
            impression("a"),
            decision(&["x"]),
            decision(&["x"]),
        ];
        assert_eq!(limiter.admit_loaded(&batch, client(1), NOON_MS), Ok(()));
        assert_eq!(
            limiter.admit_loaded(&batch, client(1), NOON_MS),
            Ok(()),
            "held ids cost nothing"
        );
        assert!(matches!(
            limiter.admit_loaded(&[impression("b")], client(1), NOON_MS),
            Err(AppError::TooManyNewIds {
                retry_after_secs: 43_200
            })
        ));
    }

    #[test]
    fn the_daily_allowances_start_again_at_midnight_utc() {
        let limiter = IdLimiter::new(IdLimits {
            max_categories: 100,
            max_variants: 100,
            new_per_client_per_day: 3,
            new_per_day: 5,
        });
        let next_day = NOON_MS + MS_PER_DAY / 2;
        let admit =
            |batch: &[ConsentEvent], from, at| limiter.admit_loaded(batch, client(from), at);
        assert_eq!(admit(&[decision(&["p", "q", "r"])], 1, NOON_MS), Ok(()));
        assert!(
            admit(&[decision(&["s"])], 1, NOON_MS).is_err(),
            "three from one client"
        );
        assert_eq!(
            admit(&[impression("a"), impression("b")], 2, NOON_MS),
            Ok(())
        );
        assert!(
            admit(&[impression("c")], 3, NOON_MS).is_err(),
            "five from all clients"
        );
        assert_eq!(admit(&[decision(&["s"])], 1, next_day), Ok(()));
        assert_eq!(admit(&[impression("c")], 3, next_day), Ok(()));
    }

    #[test]
    fn beyond_what_the_log_keeps_the_first_new_id_is_named() {
        let limiter = limiter(10);
        assert_eq!(
            limiter.admit_loaded(&[decision(&["p", "q", "r"])], client(1), NOON_MS),
            Ok(())
        );
        let refused = limiter.admit_loaded(
            &[impression("a"), decision(&["p", "s", "t"])],
            client(2),
            NOON_MS,
        );
        match refused {
            Err(AppError::TooManyIds { field, .. }) => assert_eq!(field, "events[1].choices.t"),
            other => panic!("{other:?}"),
        }
        let refused = limiter.admit_loaded(
            &[impression("a"), impression("b"), impression("c")],
            client(2),
            NOON_MS,
        );
        match refused {
            Err(AppError::TooManyIds { field, .. }) => assert_eq!(field, "events[2].variant"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            limiter.admit_loaded(&[impression("a"), decision(&["s"])], client(2), NOON_MS),
            Ok(()),
            "nothing of a refused batch was counted"
        );
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_64() {
        let limiter = limiter(1);
        let one: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let two: IpAddr = "2001:db8:1:2::2".parse().unwrap();
        assert_eq!(
            limiter.admit_loaded(&[impression("a")], one, NOON_MS),
            Ok(())
        );
        assert!(limiter
            .admit_loaded(&[impression("b")], two, NOON_MS)
            .is_err());
    }
}
