//! `backup FILE`: a consistent copy of the SQLite database, made while the server runs.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use clap::Args;

use super::CommandError;
use crate::store::Store;

/// `backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The new file (never overwritten).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// Runs `backup`: the copy goes to `FILE.partial` (created empty, readable by its owner only)
/// and is renamed to FILE once it is complete, flushed to the disk and opened successfully.
pub async fn run(store: &Store, args: BackupArgs) -> Result<(), CommandError> {
    let file = &args.file;
    if file.exists() {
        return Err(CommandError(format!(
            "{} exists: a backup never overwrites a file",
            file.display()
        )));
    }
    let mut partial = file.clone().into_os_string();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&partial)
        .map_err(|e| CommandError(format!("cannot create {}: {e}", partial.display())))?;
    let result = copy_and_check(store, &partial, file).await;
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

async fn copy_and_check(store: &Store, partial: &Path, file: &Path) -> Result<(), CommandError> {
    let started = std::time::Instant::now();
    store.backup_into(partial).await?;
    std::fs::File::open(partial)?.sync_all()?;
    let counts = Store::sqlite_file_counts(partial)
        .await
        .map_err(|e| CommandError(format!("the copy cannot be read back: {e}")))?;
    std::fs::rename(partial, file)?;
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        // The rename itself reaches the disk with the directory.
        std::fs::File::open(dir)?.sync_all()?;
    }
    let bytes = std::fs::metadata(file)?.len();
    tracing::info!(
        receipts = counts.receipts,
        event_ids = counts.event_ids,
        bytes,
        "backed the database up"
    );
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "backed up {} receipts and {} event ids to {} ({:.1} MiB in {:.1} s)",
        counts.receipts,
        counts.event_ids,
        file.display(),
        bytes as f64 / 1_048_576.0,
        started.elapsed().as_secs_f64()
    )?;
    Ok(())
}
