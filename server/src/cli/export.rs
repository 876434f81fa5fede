//! `export …`: the CSV exports of the API, to a file or standard output.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use futures_util::TryStreamExt;
use tokio::io::AsyncWriteExt;

use super::error::CommandError;
use crate::clock::Clock;
use crate::error::AppError;
use crate::export::{daily_csv, receipts_csv};
use crate::routes::range_from_texts;
use crate::store::Store;

/// `export …`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Which export.
    #[arg(value_enum)]
    pub kind: ExportKind,
    /// First day (YYYY-MM-DD, UTC); default: 29 days before --to.
    #[arg(long)]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD, UTC); default: today.
    #[arg(long)]
    pub to: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    /// One row per decision.
    Receipts,
    /// One row per day.
    Daily,
}

/// Runs an `export` command.
pub async fn run(store: &Store, args: ExportArgs) -> Result<(), CommandError> {
    let today = Clock::system().today();
    let (from, to) =
        range_from_texts(args.from.as_deref(), args.to.as_deref(), today).map_err(|e| match e {
            AppError::InvalidRequest { field, message } => {
                CommandError(format!("--{field}: {message}"))
            }
            other => CommandError(other.code().to_owned()),
        })?;
    let mut out: Box<dyn tokio::io::AsyncWrite + Unpin + Send> = match &args.out {
        Some(path) => Box::new(owner_only_file(path).await?),
        None => Box::new(tokio::io::stdout()),
    };
    match args.kind {
        ExportKind::Daily => {
            out.write_all(daily_csv(store, from, to).await?.as_bytes())
                .await?;
        }
        ExportKind::Receipts => {
            let mut rows = std::pin::pin!(receipts_csv(store, from, to).await?);
            while let Some(chunk) = rows.try_next().await? {
                out.write_all(&chunk).await?;
            }
        }
    }
    out.flush().await?;
    Ok(())
}

/// Creates (or truncates) `path` for writing; a new file is readable by its owner only, as the
/// receipts it receives are.
async fn owner_only_file(path: &std::path::Path) -> std::io::Result<tokio::fs::File> {
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    options.mode(0o600);
    options.open(path).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_export_is_written_to_the_file_named() {
        let (dir, store) = crate::cli::temporary_store().await;
        let out = dir.path().join("daily.csv");
        let args = ExportArgs {
            kind: ExportKind::Daily,
            from: Some("2026-02-27".to_owned()),
            to: Some("2026-03-01".to_owned()),
            out: Some(out.clone()),
        };
        run(&store, args).await.unwrap();
        let csv = std::fs::read_to_string(&out).unwrap();
        let days: Vec<&str> = csv
            .lines()
            .skip(1)
            .map(|row| row.split(',').next().unwrap())
            .collect();
        assert_eq!(days, ["2026-02-27", "2026-02-28", "2026-03-01"], "{csv}");
        let bad = ExportArgs {
            kind: ExportKind::Receipts,
            from: Some("yesterday".to_owned()),
            to: None,
            out: Some(out),
        };
        let error = run(&store, bad).await.unwrap_err();
        assert_eq!(error.0, "--from: expected a date YYYY-MM-DD");
    }
}
