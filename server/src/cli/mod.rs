//! The command line: `serve` (the default), `migrate`, `user …`, `export …`, `fingerprint`,
//! `bench-seed`, `prune`, `erase`, `backup` and `healthcheck`, one module per subcommand; this one
//! parses the line and dispatches.

mod backup;
mod bench_seed;
mod erase;
mod export;
mod fingerprint;
mod healthcheck;
mod prune;
mod serve;
mod user;

use clap::parser::ValueSource;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::store::{SqliteDurability, Store, StoreError, StoreOptions, DEFAULT_DATABASE_URL};

pub use backup::BackupArgs;
pub use bench_seed::BenchSeedArgs;
pub use erase::EraseArgs;
pub use export::{ExportArgs, ExportKind};
pub use fingerprint::{FingerprintArgs, LanguageArg};
pub use healthcheck::HealthcheckArgs;
pub use serve::ServeArgs;
pub use user::{PasswordArgs, UserCommand};

/// Consent log and dashboard server of the Jet Leasing consent banner.
///
/// Without a subcommand it serves (see `serve --help`): a SQLite file `jl-consent.db` in the
/// working directory and http://127.0.0.1:8080 unless told otherwise.
#[derive(Debug, Parser)]
#[command(name = "jl-consent-server", version)]
pub struct Cli {
    /// The database: `postgres://user:password@host/db` (several instances may share it),
    /// `sqlite:PATH` or a plain file path (SQLite, created when missing).
    #[arg(long, env = "JL_DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,

    /// SQLite only: `full` (the default) flushes every commit to the disk before it is
    /// acknowledged, so it survives a power cut; `normal` only makes it survive a crash or kill
    /// of the server (a power cut may lose the last commits), for disks where a flush is slow.
    #[arg(
        long,
        env = "JL_SQLITE_SYNCHRONOUS",
        value_enum,
        default_value_t = SqliteSynchronousArg::Full,
        global = true
    )]
    pub sqlite_synchronous: SqliteSynchronousArg,

    /// Days receipts and event ids are kept: older ones are deleted (by `serve` in the
    /// background, every hour, in small batches; by `prune` at once). The daily totals the
    /// dashboard shows are kept. Without it nothing is deleted. Keep personal data no longer
    /// than its purpose needs (server/README.md, "Retention").
    #[arg(
        long,
        env = "JL_RETENTION_DAYS",
        value_name = "DAYS",
        value_parser = clap::value_parser!(u32).range(crate::retention::MIN_DAYS as i64..=crate::retention::MAX_DAYS as i64),
        global = true
    )]
    pub retention_days: Option<u32>,

    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub serve: ServeArgs,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API, the demo site and the dashboard (the default).
    Serve(ServeArgs),
    /// Create or update the database schema, then exit (`serve` does this too).
    Migrate,
    /// Manage the marketers' dashboard accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Write a CSV export to a file or standard output.
    Export(ExportArgs),
    /// Benchmarking aid: fill an empty database with synthetic receipts and their rollups.
    ///
    /// For bench/server/stats only, never for a real consent log (it refuses a database that
    /// holds events). The events go through the same store code as ingest, in large
    /// transactions, so statistics over them are what ingest would give. Prints the totals
    /// written on standard output.
    BenchSeed(BenchSeedArgs),
    /// Print the configHash the widget records for a configuration, to verify a receipt.
    ///
    /// Reads the widget's configuration (its JSON, or an HTML page holding it) and prints the
    /// fingerprint the widget computes for each language and variant it can show: one line
    /// `HASH<TAB>LANGUAGE<TAB>VARIANT` each, or the hash alone when --language and --variant
    /// leave one. With --show it prints instead the canonical content that is hashed, so
    /// `… --show | sha256sum` gives the hash. Opens no database.
    Fingerprint(FingerprintArgs),
    /// Delete now what --retention-days says is too old (`serve` does it every hour).
    Prune,
    /// Erase one visitor's receipts, by the consent id their preferences show.
    ///
    /// For a visitor's request to delete or block their data (privacy policy 6.2.4, 9.3). The
    /// dashboard's totals stay as they were; the log and the database record when and how many
    /// receipts were erased, never the id. Safe while the server runs.
    Erase(EraseArgs),
    /// Write a consistent copy of the SQLite database to a new file, while the server runs.
    ///
    /// The copy is made from one snapshot (SQLite's VACUUM INTO), readable by its owner only,
    /// checked by opening it, and renamed into place when complete. To restore it, stop the
    /// server and put the file in the database's place (server/README.md, "Backups").
    /// PostgreSQL is backed up with pg_dump instead.
    Backup(BackupArgs),
    /// Exit 0 when the server on --listen (JL_LISTEN) answers ready, else 1 (for container
    /// health checks). Opens no database.
    Healthcheck(HealthcheckArgs),
}

/// `--sqlite-synchronous`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SqliteSynchronousArg {
    /// Every commit is flushed to the disk before it is acknowledged.
    Full,
    /// Commits survive a crash of the server process, not a power cut.
    Normal,
}

/// A failed command, with the message for the operator.
#[derive(Debug)]
pub struct CommandError(pub String);

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        CommandError(e.to_string())
    }
}

impl From<std::io::Error> for CommandError {
    fn from(e: std::io::Error) -> Self {
        CommandError(e.to_string())
    }
}

impl Cli {
    /// Reads the process's command line; prints clap's message and exits on a mistake.
    pub fn from_env() -> Cli {
        Cli::try_from_args(std::env::args_os()).unwrap_or_else(|e| e.exit())
    }

    /// Reads a command line (the program name first).
    ///
    /// The database options are global: they may stand before or after the subcommand
    /// (`--database-url X user add anna` and `user add anna --database-url X` are the same).
    /// The serve options (`--listen`, …) may stand without a subcommand, or after `serve`; with
    /// any subcommand in front of them they are refused, as they would be silently ignored.
    pub fn try_from_args<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let mut command = Cli::command();
        let matches = command.try_get_matches_from_mut(args)?;
        if let Some((subcommand, _)) = matches.subcommand() {
            let serve_options = ServeArgs::augment_args(clap::Command::new("serve"));
            for option in serve_options.get_arguments() {
                let id = option.get_id().as_str();
                if matches.value_source(id) == Some(ValueSource::CommandLine) {
                    let name = option.get_long().unwrap_or(id);
                    return Err(command.error(
                        clap::error::ErrorKind::ArgumentConflict,
                        format!(
                            "--{name} is an option of `serve`: give it after `serve`, or with no \
                             subcommand at all, not before `{subcommand}`"
                        ),
                    ));
                }
            }
        }
        let mut matches = matches;
        Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.with_cmd(&command))
    }
}

/// Runs the command line.
pub async fn run(cli: Cli) -> Result<(), CommandError> {
    // The healthcheck asks the address `serve` would listen on (JL_LISTEN).
    let serve_listen = cli.serve.listen;
    let command = cli.command.unwrap_or(Command::Serve(cli.serve));
    // Commands that need no database run before it is opened (and never create it).
    let serve_config = match &command {
        Command::Fingerprint(args) => return fingerprint::run(args, &mut std::io::stdout().lock()),
        Command::Healthcheck(args) => return healthcheck::run(args, serve_listen).await,
        Command::Serve(args) => {
            let mut config = args.to_config()?;
            config.retention_days = cli.retention_days;
            Some((
                config,
                args.listen,
                args.metrics_listen,
                args.connection_limits(),
            ))
        }
        _ => None,
    };
    let options = StoreOptions {
        sqlite_synchronous: match cli.sqlite_synchronous {
            SqliteSynchronousArg::Normal => SqliteDurability::Normal,
            SqliteSynchronousArg::Full => SqliteDurability::Full,
        },
        ..StoreOptions::default()
    };
    let store = Store::connect(&cli.database_url, &options)
        .await
        .map_err(|e| CommandError(format!("cannot open the database: {e}")))?;
    store.migrate().await?;
    let result = match command {
        Command::Serve(_) | Command::Fingerprint(_) | Command::Healthcheck(_) => match serve_config
        {
            Some((config, listen, metrics_listen, limits)) => {
                serve::run(store.clone(), config, listen, metrics_listen, limits).await
            }
            None => Ok(()),
        },
        Command::Migrate => {
            eprintln!("the {} schema is up to date", store.kind());
            Ok(())
        }
        Command::User(command) => user::run(&store, command).await,
        Command::Export(args) => export::run(&store, args).await,
        Command::BenchSeed(args) => bench_seed::run(&store, args).await,
        Command::Prune => prune::run(&store, cli.retention_days).await,
        Command::Erase(args) => erase::run(&store, args).await,
        Command::Backup(args) => backup::run(&store, args).await,
    };
    store.close().await;
    result
}

/// A migrated SQLite store in a new temporary folder, for the subcommands' tests (the folder
/// lives as long as the returned guard).
#[cfg(test)]
pub(crate) async fn temporary_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("consent.db").display());
    let store = Store::connect(&url, &StoreOptions::default())
        .await
        .unwrap();
    store.migrate().await.unwrap();
    (dir, store)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_from_args(std::iter::once("jl-consent-server").chain(args.iter().copied()))
    }

    #[test]
    fn no_subcommand_serves_with_the_serve_options() {
        let cli = parse(&["--listen", "127.0.0.1:9999"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.serve.listen.port(), 9999);
    }

    #[test]
    fn database_options_stand_before_or_after_the_subcommand() {
        for args in [
            &["--database-url", "sqlite:a.db", "migrate"][..],
            &["migrate", "--database-url", "sqlite:a.db"][..],
        ] {
            let cli = parse(args).unwrap();
            assert_eq!(cli.database_url, "sqlite:a.db", "{args:?}");
            assert!(matches!(cli.command, Some(Command::Migrate)));
        }
    }

    #[test]
    fn a_serve_option_before_another_subcommand_is_refused_not_ignored() {
        let error = parse(&["--listen", "127.0.0.1:9999", "migrate"]).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("--listen is an option of `serve`"),
            "{error}"
        );
        assert!(parse(&["serve", "--listen", "127.0.0.1:9999"]).is_ok());
    }
}
