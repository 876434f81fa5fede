//! `bench-seed`: fills an empty database with synthetic consent events, for the statistics
//! benchmark (`bench/server/stats`). A benchmarking aid, never for a real consent log: it refuses
//! a database that already holds events.
//!
//! The events go through [`Store::store_events`], the code the ingest writer commits with, so the
//! receipts, event ids and rollups are exactly what ingest would have written; only the HTTP
//! layer is skipped, and each transaction carries many thousands of events.

use jl_consent_core::category::CategoryId;
use jl_consent_core::receipt::{ConsentEvent, DeviceClass, EventId, ShownContext};
use jl_consent_core::{Choices, ConsentId, DecisionAction, Language};

use time::Date;

use crate::clock::{day_from_number, day_number, day_start_ms};
use crate::store::{Store, StoreError};

/// Events per transaction.
const EVENTS_PER_TRANSACTION: usize = 20_000;
const DAY_MS: i64 = 86_400_000;

/// What to write.
#[derive(Clone, Debug)]
pub struct SeedPlan {
    /// Decisions (consent receipts) in all.
    pub receipts: u64,
    /// Days they are spread over, ending with `to`.
    pub days: u32,
    /// The last day.
    pub to: Date,
    /// Seed of the pseudo-random choices (the same seed writes the same data).
    pub seed: u64,
}

/// What was written: the totals the statistics of the whole range must show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeedSummary {
    pub impressions: u64,
    pub receipts: u64,
    pub accept_all: u64,
    pub reject_all: u64,
    pub custom: u64,
    pub changes: u64,
    pub withdrawals: u64,
    /// A consent id with more than one receipt (for timing a receipt lookup).
    pub sample_consent_id: String,
}

/// xorshift64*: small, fast and reproducible; these are benchmark data, not secrets.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A whole number below `n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// Id bytes that sort in the order they were drawn: a 40-bit sequence number, then 40
    /// random bits (as UUIDv7 does with time). Real ids are wholly random, and every insert then
    /// lands on a different index page; that makes a 10 M seed take most of an hour and says
    /// nothing about the statistics, which read only rollups.
    fn ordered_bytes(&mut self, sequence: u64) -> [u8; 10] {
        let s = sequence.to_be_bytes();
        let r = self.next().to_le_bytes();
        [s[3], s[4], s[5], s[6], s[7], r[0], r[1], r[2], r[3], r[4]]
    }
}

/// Picks from `(weight, value)` pairs whose weights add up to 100.
fn weighted<T: Copy>(random: &mut Random, choices: &[(u64, T)]) -> T {
    let mut roll = random.below(100);
    for &(weight, value) in choices {
        if roll < weight {
            return value;
        }
        roll -= weight;
    }
    choices[choices.len() - 1].1
}

/// The synthetic mix: revisions follow each other over the range (a few visitors still see the
/// previous one), Russian, Kazakh and English, three devices, an A/B test on half the traffic,
/// 55/25/20 % accept/reject/custom first decisions, 30 % of impressions ignored, and changes of
/// mind (a third of them withdrawals) under consent ids that decided before.
struct Generator {
    random: Random,
    categories: Vec<CategoryId>,
    recent_consents: Vec<ConsentId>,
    /// Ids drawn so far.
    sequence: u64,
    summary: SeedSummary,
}

impl Generator {
    fn shown(&mut self, day_index: u32, days: u32) -> ShownContext {
        let position = u64::from(day_index) * 10 / u64::from(days.max(1));
        let mut revision = match position {
            0..=3 => 1,
            4..=7 => 2,
            _ => 3,
        };
        if revision > 1 && self.random.chance(5) {
            revision -= 1;
        }
        let variant = weighted(
            &mut self.random,
            &[(50, None), (25, Some("a")), (25, Some("b"))],
        );
        ShownContext {
            revision,
            config_hash: format!(
                "{:064x}",
                u64::from(revision).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ),
            language: weighted(
                &mut self.random,
                &[(60, Language::Ru), (30, Language::Kk), (10, Language::En)],
            ),
            device: weighted(
                &mut self.random,
                &[
                    (55, DeviceClass::Mobile),
                    (35, DeviceClass::Desktop),
                    (10, DeviceClass::Tablet),
                ],
            ),
            variant: variant.map(str::to_owned),
        }
    }

    fn choices(&mut self, revision: u32, action: DecisionAction) -> Choices {
        // Revision 1 had two optional categories; later ones added a third.
        let listed = if revision == 1 { 2 } else { 3 };
        let categories = &self.categories[..listed];
        let mut choices = Choices::new();
        match action {
            DecisionAction::AcceptAll => categories.iter().for_each(|c| choices.set(c, true)),
            DecisionAction::RejectAll | DecisionAction::Withdraw => {
                categories.iter().for_each(|c| choices.set(c, false));
            }
            DecisionAction::Custom => {
                // Some granted, some not: grant one at random, refuse another.
                let granted = self.random.below(listed as u64) as usize;
                for (i, c) in categories.iter().enumerate() {
                    choices.set(c, i == granted);
                }
            }
        }
        choices
    }

    fn next_id_bytes(&mut self) -> [u8; 10] {
        self.sequence += 1;
        self.random.ordered_bytes(self.sequence)
    }

    /// One receipt and the impressions that go with it.
    fn receipt(&mut self, day_index: u32, days: u32, decided_at: u64, out: &mut Vec<ConsentEvent>) {
        let shown = self.shown(day_index, days);
        let change = self.random.chance(10) && !self.recent_consents.is_empty();
        let (consent_id, action, first) = if change {
            let i = self.random.below(self.recent_consents.len() as u64) as usize;
            let consent_id = self.recent_consents[i].clone();
            if self.summary.sample_consent_id.is_empty() {
                self.summary.sample_consent_id = consent_id.as_str().to_owned();
            }
            let action = weighted(
                &mut self.random,
                &[
                    (34, DecisionAction::Withdraw),
                    (33, DecisionAction::AcceptAll),
                    (33, DecisionAction::Custom),
                ],
            );
            (consent_id, action, false)
        } else {
            let consent_id = ConsentId::from_random_bytes(self.next_id_bytes());
            if self.recent_consents.len() < 1024 {
                self.recent_consents.push(consent_id.clone());
            } else {
                let i = self.random.below(1024) as usize;
                self.recent_consents[i] = consent_id.clone();
            }
            let action = weighted(
                &mut self.random,
                &[
                    (55, DecisionAction::AcceptAll),
                    (25, DecisionAction::RejectAll),
                    (20, DecisionAction::Custom),
                ],
            );
            // The banner was shown for this first decision, and ignored 3 times in 7 besides.
            let impressions = 1 + u64::from(self.random.chance(43));
            for _ in 0..impressions {
                out.push(ConsentEvent::Impression {
                    event_id: EventId::from_random_bytes(self.next_id_bytes()),
                    shown: shown.clone(),
                });
            }
            self.summary.impressions += impressions;
            (consent_id, action, true)
        };
        let summary = &mut self.summary;
        summary.receipts += 1;
        match (first, action) {
            (true, DecisionAction::AcceptAll) => summary.accept_all += 1,
            (true, DecisionAction::RejectAll) => summary.reject_all += 1,
            (true, _) => summary.custom += 1,
            (false, _) => summary.changes += 1,
        }
        if action == DecisionAction::Withdraw {
            summary.withdrawals += 1;
        }
        let choices = self.choices(shown.revision, action);
        out.push(ConsentEvent::Decision {
            event_id: EventId::from_random_bytes(self.next_id_bytes()),
            shown,
            consent_id,
            choices,
            action,
            first,
            decided_at,
        });
    }
}

fn category(id: &str) -> Result<CategoryId, StoreError> {
    CategoryId::parse(id).map_err(|_| StoreError::Failed(format!("bad category id {id}")))
}

/// Writes the plan's events day by day; `progress` hears the receipts written so far.
pub async fn seed(
    store: &Store,
    plan: &SeedPlan,
    mut progress: impl FnMut(u64),
) -> Result<SeedSummary, StoreError> {
    if store.has_events().await? {
        return Err(StoreError::Failed(
            "bench-seed writes synthetic data and only into an empty database: this one holds \
             events already"
                .to_owned(),
        ));
    }
    let days = plan.days.max(1);
    let from = day_number(plan.to) - i64::from(days) + 1;
    let mut generator = Generator {
        random: Random(plan.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
        categories: vec![
            category("analytics")?,
            category("advertising")?,
            category("functional")?,
        ],
        recent_consents: Vec::new(),
        sequence: 0,
        summary: SeedSummary::default(),
    };
    let mut events = Vec::with_capacity(EVENTS_PER_TRANSACTION + 4);
    for day_index in 0..days {
        let day = day_from_number(from + i64::from(day_index));
        let receipts = plan.receipts / u64::from(days)
            + u64::from(u64::from(day_index) < plan.receipts % u64::from(days));
        // The chunks of one day are received at increasing times within that day.
        let chunks = (receipts * 22 / 10)
            .div_ceil(EVENTS_PER_TRANSACTION as u64)
            .max(1);
        let mut chunk = 0;
        let mut written = 0;
        while written < receipts {
            events.clear();
            let received_at_ms = day_start_ms(day) + (chunk * (DAY_MS - 1) / chunks as i64);
            let decided_at = u64::try_from(received_at_ms / 1000 - 2).unwrap_or(0);
            while written < receipts && events.len() < EVENTS_PER_TRANSACTION {
                generator.receipt(day_index, days, decided_at, &mut events);
                written += 1;
            }
            let batch: Vec<&ConsentEvent> = events.iter().collect();
            let stored = store.store_events(&batch, received_at_ms).await?;
            if stored.len() != batch.len() {
                return Err(StoreError::Failed(format!(
                    "stored {} of {} synthetic events (an id repeated?)",
                    stored.len(),
                    batch.len()
                )));
            }
            chunk += 1;
            progress(generator.summary.receipts);
        }
    }
    Ok(generator.summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_draws_the_same_numbers() {
        let mut a = Random(7);
        let mut b = Random(7);
        assert!((0..100).all(|_| a.next() == b.next()));
        assert!((0..1000).all(|_| a.below(3) < 3));
    }
}
