//! The command line: `serve` (the default), `migrate`, `user …` and `export …`.

use std::io::{BufRead, IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::parser::ValueSource;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use futures_util::TryStreamExt;
use jl_consent_core::shown::shown_content;
use jl_consent_core::Language;
use tokio::io::AsyncWriteExt;

use crate::clock::Clock;
use crate::clock::{day_from_number, day_number, format_timestamp, parse_date};
use crate::config::{default_password_checks, normalize_origin, ServerConfig};
use crate::error::AppError;
use crate::export::{daily_csv, receipts_csv};
use crate::password::{check_password_strength, check_username, PasswordHashing};
use crate::routes::range_from_texts;
use crate::serve::{connection_slots, ConnectionLimits, Drained};
use crate::state::AppState;
use crate::store::{SqliteDurability, Store, StoreError, StoreOptions, DEFAULT_DATABASE_URL};
use crate::widget_configs::{
    read_widget_config, widget_fingerprint, widget_languages, widget_variants, KnownConfigurations,
};
use crate::writer::BatchConfig;

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
}

/// `fingerprint` options.
#[derive(Debug, Args)]
pub struct FingerprintArgs {
    /// The configuration: JSON, or an HTML page with <script id="jl-consent-config">.
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
    /// Only this language.
    #[arg(long, value_enum)]
    pub language: Option<LanguageArg>,
    /// Only this banner variant (the configuration's variant ids).
    #[arg(long, value_name = "ID")]
    pub variant: Option<String>,
    /// Print the canonical content that is hashed (needs a single language and variant).
    #[arg(long)]
    pub show: bool,
}

/// A banner language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LanguageArg {
    Ru,
    Kk,
    En,
}

impl LanguageArg {
    fn language(self) -> Language {
        match self {
            LanguageArg::Ru => Language::Ru,
            LanguageArg::Kk => Language::Kk,
            LanguageArg::En => Language::En,
        }
    }
}

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

/// The `serve` options.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "JL_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// An origin (https://www.example.kz) whose pages may send events; repeat for more.
    /// Requests from the server's own origin are always allowed.
    #[arg(
        long = "allow-origin",
        env = "JL_ALLOW_ORIGINS",
        value_delimiter = ',',
        value_name = "URL"
    )]
    pub allow_origins: Vec<String>,

    /// The widget's demo site (Trunk's dist/), served at /.
    #[arg(long, default_value = "dist", value_name = "DIR")]
    pub site_dir: PathBuf,

    /// The dashboard (its Trunk dist/), served at /dashboard/.
    #[arg(long, default_value = "dashboard/dist", value_name = "DIR")]
    pub dashboard_dir: PathBuf,

    /// Ingest requests allowed per client address and minute (0: no limit).
    #[arg(long, default_value_t = 600, value_name = "PER_MINUTE")]
    pub rate_limit: u32,

    /// Most events the writer commits in one transaction.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch_max: u32,

    /// Milliseconds the writer waits for more requests before it commits (0: commit at once).
    #[arg(long, default_value_t = 2)]
    pub batch_wait_ms: u64,

    /// Hours a dashboard session lasts.
    #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u64).range(1..=720))]
    pub session_hours: u64,

    /// Take the client address from the last X-Forwarded-For entry. Only behind a load
    /// balancer that sets it: otherwise clients could pick their own address.
    #[arg(long)]
    pub trust_forwarded_for: bool,

    /// A widget configuration in use: its JSON, or an HTML page holding it in
    /// <script type="application/json" id="jl-consent-config"> (e.g. dist/index.html). Repeat
    /// for every configuration still in use (old pages stay cached). With at least one, ingest
    /// refuses (422) events whose configHash, revision, variant or categories none of them
    /// could produce; without, every well-formed event is accepted.
    #[arg(
        long = "widget-config",
        env = "JL_WIDGET_CONFIGS",
        value_delimiter = ',',
        value_name = "FILE"
    )]
    pub widget_configs: Vec<PathBuf>,

    /// Most client connections served at once; more wait in the listen backlog until one
    /// closes. Each takes a file descriptor: keep it below `ulimit -n`.
    #[arg(long, default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=1_000_000), value_name = "N")]
    pub max_connections: u32,

    /// Most connections served at once from one client address (an IPv6 client by its /64);
    /// more are answered 429 and closed. Default 64; 0: no cap. With --trust-forwarded-for the
    /// default is 0, since every connection comes from the load balancer.
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=1_000_000), value_name = "N")]
    pub max_connections_per_client: Option<u32>,

    /// Most login password checks run at once (default: one per CPU core). Each holds 19 MiB
    /// while it runs; a login that finds them all taken for 2 s is answered 503 busy.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=256), value_name = "N")]
    pub max_password_checks: Option<u32>,
}

/// `--sqlite-synchronous`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SqliteSynchronousArg {
    /// Every commit is flushed to the disk before it is acknowledged.
    Full,
    /// Commits survive a crash of the server process, not a power cut.
    Normal,
}

/// `user …`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account.
    Add(PasswordArgs),
    /// Delete an account and end its sessions.
    Remove {
        /// The user name.
        name: String,
    },
    /// List the accounts.
    List,
    /// Set a new password and end the account's sessions.
    Passwd(PasswordArgs),
}

/// An account name and where its password comes from.
#[derive(Debug, Args)]
pub struct PasswordArgs {
    /// The user name (letters, digits, '.', '_', '-', '@').
    pub name: String,
    /// Read the password from the first line of standard input instead of prompting.
    #[arg(long)]
    pub password_stdin: bool,
}

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

impl ServeArgs {
    /// The connection limits these options describe.
    pub fn connection_limits(&self) -> ConnectionLimits {
        let defaults = ConnectionLimits::default();
        let max_per_client = match self.max_connections_per_client {
            Some(n) => n as usize,
            None if self.trust_forwarded_for => 0,
            None => defaults.max_per_client,
        };
        ConnectionLimits {
            max_connections: self.max_connections as usize,
            max_per_client,
            ..defaults
        }
    }

    /// The server configuration these options describe.
    pub fn to_config(&self) -> Result<ServerConfig, CommandError> {
        let allowed_origins = self
            .allow_origins
            .iter()
            .filter(|o| !o.trim().is_empty())
            .map(|o| normalize_origin(o).map_err(|e| CommandError(format!("--allow-origin {e}"))))
            .collect::<Result<Vec<_>, _>>()?;
        let mut known_configurations = KnownConfigurations::default();
        for path in self
            .widget_configs
            .iter()
            .filter(|p| !p.as_os_str().is_empty())
        {
            let (config, warnings) = read_widget_config(path)
                .map_err(|e| CommandError(format!("--widget-config {e}")))?;
            for warning in warnings {
                tracing::warn!("--widget-config {}: {warning}", path.display());
            }
            known_configurations.add(&path.display().to_string(), &config);
        }
        Ok(ServerConfig {
            known_configurations,
            allowed_origins,
            site_dir: self.site_dir.clone(),
            dashboard_dir: self.dashboard_dir.clone(),
            rate_limit_per_minute: self.rate_limit,
            max_password_checks: self
                .max_password_checks
                .map_or_else(default_password_checks, |n| n as usize),
            session_ttl: Duration::from_secs(self.session_hours * 3600),
            batch: BatchConfig {
                max_events: self.batch_max as usize,
                wait: Duration::from_millis(self.batch_wait_ms),
                ..BatchConfig::default()
            },
            ..ServerConfig::default()
        })
    }
}

/// Runs the command line.
pub async fn run(cli: Cli) -> Result<(), CommandError> {
    let command = cli.command.unwrap_or(Command::Serve(cli.serve));
    // Commands that need no database run before it is opened (and never create it).
    let serve_config = match &command {
        Command::Fingerprint(args) => return fingerprint(args),
        Command::Serve(args) => Some((args.to_config()?, args.listen, args.connection_limits())),
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
        Command::Serve(_) | Command::Fingerprint(_) => match serve_config {
            Some((config, listen, limits)) => serve(store.clone(), config, listen, limits).await,
            None => Ok(()),
        },
        Command::Migrate => {
            eprintln!("the {} schema is up to date", store.kind());
            Ok(())
        }
        Command::User(command) => user(&store, command).await,
        Command::Export(args) => export(&store, args).await,
        Command::BenchSeed(args) => bench_seed(&store, args).await,
    };
    store.close().await;
    result
}

async fn serve(
    store: Store,
    config: ServerConfig,
    listen: SocketAddr,
    limits: ConnectionLimits,
) -> Result<(), CommandError> {
    for (what, dir) in [
        ("site", &config.site_dir),
        ("dashboard", &config.dashboard_dir),
    ] {
        if !dir.is_dir() {
            tracing::warn!(
                "the {what} directory {} does not exist: its pages will answer 404",
                dir.display()
            );
        }
    }
    if config.known_configurations.is_empty() {
        tracing::info!(
            "no --widget-config: events are checked for form only, not against the configuration"
        );
    } else {
        tracing::info!(
            "checking events against {} widget configuration(s): {} fingerprints",
            config.known_configurations.sources(),
            config.known_configurations.fingerprints()
        );
    }
    if config.allowed_origins.is_empty() {
        tracing::info!("no --allow-origin: only pages of this server's own origin can send events");
    }
    let kind = store.kind();
    let (state, writer) = AppState::start(store, config, Clock::system());
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| CommandError(format!("cannot listen on {listen}: {e}")))?;
    let address = listener.local_addr().unwrap_or(listen);
    tracing::info!("serving on http://{address} with {kind}");
    let slots = connection_slots(&limits);
    let drain = limits.drain_timeout;
    let drained = crate::serve::serve(listener, crate::app(state), limits, slots, async {
        shutdown_signal().await;
        tracing::info!("shutting down: finishing the requests in flight");
    })
    .await;
    if let Drained::TimedOut { open } = drained {
        tracing::warn!(
            open,
            "requests still open after {} s: closing them",
            drain.as_secs()
        );
    }
    // Every request has answered: commit what is still queued before the process ends.
    writer.shutdown().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

async fn user(store: &Store, command: UserCommand) -> Result<(), CommandError> {
    let now = Clock::system().now_ms();
    match command {
        UserCommand::Add(args) => {
            check_username(&args.name).map_err(CommandError)?;
            let password = read_new_password(&args)?;
            let hash = hash_password(password).await?;
            match store.create_user(&args.name, &hash, now).await {
                Err(StoreError::Conflict(_)) => Err(CommandError(format!(
                    "the user {} exists already",
                    args.name
                ))),
                other => {
                    other?;
                    eprintln!("created the user {}", args.name);
                    Ok(())
                }
            }
        }
        UserCommand::Passwd(args) => {
            let password = read_new_password(&args)?;
            let hash = hash_password(password).await?;
            if store.set_password(&args.name, &hash).await? {
                eprintln!(
                    "changed the password of {} and ended its sessions",
                    args.name
                );
                Ok(())
            } else {
                Err(CommandError(format!("there is no user {}", args.name)))
            }
        }
        UserCommand::Remove { name } => {
            if store.delete_user(&name).await? {
                eprintln!("removed the user {name}");
                Ok(())
            } else {
                Err(CommandError(format!("there is no user {name}")))
            }
        }
        UserCommand::List => {
            let users = store.list_users(now).await?;
            if users.is_empty() {
                // Nothing on standard output, so scripts can test for "no accounts yet".
                eprintln!("no accounts yet: create one with `user add NAME`");
                return Ok(());
            }
            let mut out = std::io::stdout().lock();
            writeln!(out, "user\tcreated\tactive sessions")?;
            for user in users {
                writeln!(
                    out,
                    "{}\t{}\t{}",
                    user.username,
                    format_timestamp(user.created_at_ms),
                    user.active_sessions
                )?;
            }
            Ok(())
        }
    }
}

async fn hash_password(password: String) -> Result<String, CommandError> {
    tokio::task::spawn_blocking(move || PasswordHashing::standard().hash(&password))
        .await
        .map_err(|e| CommandError(e.to_string()))?
        .map_err(CommandError)
}

/// The new password: the first line of standard input (`--password-stdin`), or typed twice at
/// a prompt that does not echo. Weak passwords are refused.
fn read_new_password(args: &PasswordArgs) -> Result<String, CommandError> {
    let password = if args.password_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else {
        if !std::io::stdin().is_terminal() {
            return Err(CommandError(
                "no terminal to prompt on: pass --password-stdin and pipe the password".to_owned(),
            ));
        }
        let first = rpassword::prompt_password(format!("New password for {}: ", args.name))?;
        let second = rpassword::prompt_password("Repeat it: ")?;
        if first != second {
            return Err(CommandError("the two passwords differ".to_owned()));
        }
        first
    };
    check_password_strength(&args.name, &password).map_err(CommandError)?;
    Ok(password)
}

async fn export(store: &Store, args: ExportArgs) -> Result<(), CommandError> {
    let today = Clock::system().today();
    let (from, to) =
        range_from_texts(args.from.as_deref(), args.to.as_deref(), today).map_err(|e| match e {
            AppError::InvalidRequest { field, message } => {
                CommandError(format!("--{field}: {message}"))
            }
            other => CommandError(other.code().to_owned()),
        })?;
    let mut out: Box<dyn tokio::io::AsyncWrite + Unpin + Send> = match &args.out {
        Some(path) => Box::new(tokio::fs::File::create(path).await?),
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

/// `fingerprint`: what the widget records as configHash for a configuration.
fn fingerprint(args: &FingerprintArgs) -> Result<(), CommandError> {
    let (config, warnings) = read_widget_config(&args.config).map_err(CommandError)?;
    for warning in warnings {
        eprintln!("warning (the widget warns too and uses the default): {warning}");
    }
    let mut languages = widget_languages(&config);
    if let Some(wanted) = args.language.map(LanguageArg::language) {
        if !languages.contains(&wanted) {
            return Err(CommandError(format!(
                "this configuration is always shown in {}, never in {}",
                languages
                    .iter()
                    .map(|l| l.code())
                    .collect::<Vec<_>>()
                    .join(", "),
                wanted.code()
            )));
        }
        languages = vec![wanted];
    }
    let mut variants = widget_variants(&config);
    if let Some(wanted) = &args.variant {
        if !variants.contains(&Some(wanted.clone())) {
            let ids: Vec<&str> = variants.iter().flatten().map(String::as_str).collect();
            return Err(CommandError(if ids.is_empty() {
                format!("--variant {wanted}: this configuration has no variants")
            } else {
                format!("--variant {wanted}: its variants are {}", ids.join(", "))
            }));
        }
        variants = vec![Some(wanted.clone())];
    }
    let mut out = std::io::stdout().lock();
    if args.show {
        let (Some(language), Some(variant), 1, 1) = (
            languages.first(),
            variants.first(),
            languages.len(),
            variants.len(),
        ) else {
            return Err(CommandError(
                "--show prints one content: name the --language (and the --variant, if the \
                 configuration has variants)"
                    .to_owned(),
            ));
        };
        let shown = config.for_variant(variant.as_deref());
        let content = shown_content(&shown, &shown.texts(*language), variant.as_deref());
        out.write_all(content.as_bytes())?;
        return Ok(());
    }
    let single = languages.len() == 1 && variants.len() == 1;
    for variant in &variants {
        for language in &languages {
            let hash = widget_fingerprint(&config, *language, variant.as_deref());
            if single {
                writeln!(out, "{hash}")?;
            } else {
                writeln!(
                    out,
                    "{hash}\t{}\t{}",
                    language.code(),
                    variant.as_deref().unwrap_or("-")
                )?;
            }
        }
    }
    Ok(())
}

async fn bench_seed(store: &Store, args: BenchSeedArgs) -> Result<(), CommandError> {
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
