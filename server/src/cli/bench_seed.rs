//! `bench-seed`: fills an empty database with synthetic receipts for `bench/server/stats`.

use clap::Args;

use super::error::CommandError;
use crate::clock::{day_from_number, day_number, parse_date, Clock};
use crate::store::Store;

/// `bench-seed` options.
#[derive(Debug, Args)]
pub struct BenchSeedArgs {
    /// Decisions (consent receipts) to write; impressions come on top (about 1.4 per first
    /// decision).
    #[arg(long)]
    pub receipts: u64,
    /// Days to spread them over, ending with --to.
    #[arg(long, default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub days: u32,
    /// The last day (YYYY-MM-DD, UTC); default: today.
    #[arg(long)]
    pub to: Option<String>,
    /// Seed of the pseudo-random mix (the same seed writes the same data).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Runs `bench-seed`: seeds, reports progress on standard error and the totals on standard
/// output.
pub async fn run(store: &Store, args: BenchSeedArgs) -> Result<(), CommandError> {
    let to = match &args.to {
        Some(text) => parse_date(text)
            .ok_or_else(|| CommandError(format!("--to {text:?}: expected YYYY-MM-DD")))?,
        None => Clock::system().today(),
    };
    let plan = crate::bench_seed::SeedPlan {
        receipts: args.receipts,
        days: args.days,
        to,
        seed: args.seed,
    };
    let started = std::time::Instant::now();
    let step = (args.receipts / 20).max(1);
    let mut next_report = step;
    let summary = crate::bench_seed::seed(store, &plan, |written| {
        if written >= next_report {
            eprintln!(
                "bench-seed: {written} of {} receipts ({:.0} s)",
                args.receipts,
                started.elapsed().as_secs_f64()
            );
            next_report = written + step;
        }
    })
    .await?;
    let from = day_from_number(day_number(to) - i64::from(args.days) + 1);
    println!(
        "SEEDED from={from} to={to} receipts={} impressions={} accept_all={} reject_all={} \
         custom={} changes={} withdrawals={} sample_consent_id={} seconds={:.1}",
        summary.receipts,
        summary.impressions,
        summary.accept_all,
        summary.reject_all,
        summary.custom,
        summary.changes,
        summary.withdrawals,
        summary.sample_consent_id,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn seeds_an_empty_database_once() {
        let (_dir, store) = crate::cli::temporary_store().await;
        let args = || BenchSeedArgs {
            receipts: 300,
            days: 3,
            to: Some("2026-06-30".to_owned()),
            seed: 1,
        };
        run(&store, args()).await.unwrap();
        let from = parse_date("2026-06-28").unwrap();
        let to = parse_date("2026-06-30").unwrap();
        let days = store.rollup_daily_totals(from, to).await.unwrap();
        assert_eq!(days.len(), 3, "every day of the range has receipts");
        let decisions: i64 = days
            .iter()
            .map(|(_, c)| c.first_decisions() + c.changes)
            .sum();
        assert_eq!(decisions, 300);
        let again = run(&store, args()).await.unwrap_err();
        assert!(again.0.contains("only into an empty database"), "{again}");
        let bad = BenchSeedArgs {
            to: Some("2026-6-30".to_owned()),
            ..args()
        };
        assert!(run(&store, bad).await.unwrap_err().0.contains("YYYY-MM-DD"));
    }
}
