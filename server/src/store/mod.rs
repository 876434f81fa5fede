//! The database behind the consent log: SQLite for one instance, PostgreSQL for several.
//!
//! [`Store`] is an enum over the two pools. The SQL is written once, in the dialect both
//! databases share (`$1` placeholders, `ON CONFLICT`, `RETURNING`, BIGINT-sized integers), and
//! the `on_pool!` macro expands each query for both pool types; only the migrations differ.

mod accounts;
mod events;
mod maintenance;
mod reads;

use std::borrow::Cow;
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::{PgConnectOptions, PgDatabaseError, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, PgPool, SqlSafeStr, SqlitePool};

pub use accounts::UserSummary;
pub use maintenance::StoredCounts;
pub use reads::StoredReceipt;

/// Runs `$body` with `$pool` bound to whichever pool the store holds; `$db` names the
/// database type (`sqlx::Sqlite` or `sqlx::Postgres`) inside the body.
macro_rules! on_pool {
    ($store:expr, |$pool:ident, $db:ident| $body:expr) => {
        match $store {
            $crate::store::Store::Sqlite($pool) => {
                #[allow(dead_code)]
                type $db = sqlx::Sqlite;
                $body
            }
            $crate::store::Store::Postgres($pool) => {
                #[allow(dead_code)]
                type $db = sqlx::Postgres;
                $body
            }
        }
    };
}
pub(crate) use on_pool;

/// The database, SQLite or PostgreSQL.
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// How long the store may wait for the database before it gives up (every wait is bounded).
#[derive(Clone, Debug)]
pub struct StoreOptions {
    /// Most open connections.
    pub max_connections: u32,
    /// Longest wait for a free (or new) connection.
    pub acquire_timeout: Duration,
    /// Longest wait for a lock: SQLite's `busy_timeout`, PostgreSQL's `lock_timeout`.
    pub lock_timeout: Duration,
    /// PostgreSQL's `statement_timeout`.
    pub statement_timeout: Duration,
    /// When a SQLite commit reaches the disk (PostgreSQL has its own `synchronous_commit`).
    pub sqlite_synchronous: SqliteDurability,
}

/// SQLite's `synchronous` setting in WAL mode: what a commit survives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SqliteDurability {
    /// `synchronous=FULL`: every commit is flushed to the disk (fsync of the WAL) before it
    /// returns, so an acknowledged receipt survives a power cut or an operating-system crash.
    #[default]
    Full,
    /// `synchronous=NORMAL`: a commit is written to the WAL file (the operating system holds it)
    /// and flushed at checkpoints. It survives a crash or kill of the server process, but a
    /// power cut or kernel crash may lose the commits since the last checkpoint.
    Normal,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            max_connections: 8,
            acquire_timeout: Duration::from_secs(5),
            lock_timeout: Duration::from_secs(5),
            statement_timeout: Duration::from_secs(30),
            sqlite_synchronous: SqliteDurability::default(),
        }
    }
}

/// Why a database operation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The database cannot be reached, is locked, full or shutting down: try again later.
    Unavailable(String),
    /// Two writers collided (deadlock, serialization failure): the same work may simply be retried.
    Contention(String),
    /// A unique key already holds this value (e.g. the user name is taken).
    Conflict(String),
    /// Anything else: a bug or a damaged database.
    Failed(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Unavailable(m) => write!(f, "database unavailable: {m}"),
            StoreError::Contention(m) => write!(f, "database contention: {m}"),
            StoreError::Conflict(m) => write!(f, "already exists: {m}"),
            StoreError::Failed(m) => write!(f, "database error: {m}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl StoreError {
    /// The variant as a word (`unavailable`, `contention`, `conflict`, `failed`), for metrics.
    pub fn kind(&self) -> &'static str {
        match self {
            StoreError::Unavailable(_) => "unavailable",
            StoreError::Contention(_) => "contention",
            StoreError::Conflict(_) => "conflict",
            StoreError::Failed(_) => "failed",
        }
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        let message = error.to_string();
        match &error {
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::WorkerCrashed => StoreError::Unavailable(message),
            sqlx::Error::Database(db) => {
                if db.is_unique_violation() {
                    return StoreError::Conflict(message);
                }
                if let Some(pg) = db.try_downcast_ref::<PgDatabaseError>() {
                    return classify_sqlstate(pg.code(), message);
                }
                // SQLite: the primary result code is the low byte of the extended one.
                let code = db.code().and_then(|c| c.parse::<i32>().ok()).unwrap_or(0);
                match code & 0xff {
                    // BUSY, LOCKED, IOERR, FULL, CANTOPEN, PROTOCOL
                    5 | 6 | 10 | 13 | 14 | 15 => StoreError::Unavailable(message),
                    _ => StoreError::Failed(message),
                }
            }
            _ => StoreError::Failed(message),
        }
    }
}

fn classify_sqlstate(code: &str, message: String) -> StoreError {
    match code {
        "40001" | "40P01" => StoreError::Contention(message),
        // lock_not_available, a read-only transaction (a failed-over replica), a database that
        // does not accept connections now (ALLOW_CONNECTIONS false, being dropped or restarted)
        "55P03" | "25006" | "55000" => StoreError::Unavailable(message),
        // connection exceptions, refused logins (e.g. a rotated password), insufficient
        // resources, operator intervention (shutdown, statement_timeout), system errors
        _ if ["08", "28", "53", "57", "58"].contains(&&code[..code.len().min(2)]) => {
            StoreError::Unavailable(message)
        }
        _ => StoreError::Failed(message),
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        match error {
            sqlx::migrate::MigrateError::Execute(e) => StoreError::from(e),
            other => StoreError::Failed(other.to_string()),
        }
    }
}

/// The default database: a SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite:jl-consent.db";

impl Store {
    /// Opens the database `url`: `postgres://…` / `postgresql://…`, `sqlite:PATH`, or a plain
    /// file path (SQLite). A SQLite file is created when missing and runs in WAL mode.
    pub async fn connect(url: &str, options: &StoreOptions) -> Result<Store, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let connect = PgConnectOptions::from_str(url)
                .map_err(|e| StoreError::Failed(format!("bad PostgreSQL URL: {e}")))?
                .application_name("jl-consent-server")
                .options([
                    ("lock_timeout", millis(options.lock_timeout)),
                    ("statement_timeout", millis(options.statement_timeout)),
                    (
                        "idle_in_transaction_session_timeout",
                        millis(options.statement_timeout),
                    ),
                    ("timezone", "UTC".to_owned()),
                ]);
            let pool = PgPoolOptions::new()
                .max_connections(options.max_connections)
                .acquire_timeout(options.acquire_timeout)
                .connect_with(connect)
                .await?;
            return Ok(Store::Postgres(pool));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        let path = path.split('?').next().unwrap_or(path);
        if path.is_empty() || path == ":memory:" {
            return Err(StoreError::Failed(
                "an in-memory SQLite database would lose the consent log: give a file".to_owned(),
            ));
        }
        let connect = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(match options.sqlite_synchronous {
                SqliteDurability::Full => SqliteSynchronous::Full,
                SqliteDurability::Normal => SqliteSynchronous::Normal,
            })
            .busy_timeout(options.lock_timeout)
            .foreign_keys(true)
            // SQLite's default page cache is 2 MiB: the random keys of the event id and consent
            // id indexes would make every insert read pages back from the operating system.
            .pragma("cache_size", "-65536");
        let pool = SqlitePoolOptions::new()
            .max_connections(options.max_connections)
            // A local file does not drop connections: skip the ping before every use.
            .test_before_acquire(false)
            // SQLite rolls a transaction back by itself after some errors (a full disk, an I/O
            // error); sqlx's ROLLBACK then fails and leaves it counting the transaction as open,
            // so the connection could never begin another. Such a connection is closed on its way
            // back to the pool (the ping waits for the queued ROLLBACK to have run).
            .after_release(|conn, _| {
                Box::pin(async move {
                    if conn.is_in_transaction() {
                        conn.ping().await?;
                    }
                    Ok(!conn.is_in_transaction())
                })
            })
            .acquire_timeout(options.acquire_timeout)
            .connect_with(connect)
            .await?;
        Ok(Store::Sqlite(pool))
    }

    /// "SQLite" or "PostgreSQL".
    pub fn kind(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "SQLite",
            Store::Postgres(_) => "PostgreSQL",
        }
    }

    /// Brings the schema up to date. Safe to run from several instances at once: on PostgreSQL
    /// the migrator holds an advisory lock.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(pool) => migrator(SQLITE_MIGRATIONS).run(pool).await?,
            Store::Postgres(pool) => migrator(POSTGRES_MIGRATIONS).run(pool).await?,
        }
        Ok(())
    }

    /// Closes every connection (SQLite checkpoints its WAL).
    pub async fn close(&self) {
        on_pool!(self, |pool, _Db| pool.close().await)
    }
}

fn millis(d: Duration) -> String {
    format!("{}ms", d.as_millis())
}

type MigrationSource = &'static [(i64, &'static str, &'static str)];

const SQLITE_MIGRATIONS: MigrationSource = &[
    (
        1,
        "consent log",
        include_str!("../../migrations/sqlite/0001_consent_log.sql"),
    ),
    (
        2,
        "service",
        include_str!("../../migrations/sqlite/0002_service.sql"),
    ),
];

const POSTGRES_MIGRATIONS: MigrationSource = &[
    (
        1,
        "consent log",
        include_str!("../../migrations/postgres/0001_consent_log.sql"),
    ),
    (
        2,
        "service",
        include_str!("../../migrations/postgres/0002_service.sql"),
    ),
];

/// The migrations are compiled into the binary, so a deployed server needs no files beside it.
fn migrator(source: MigrationSource) -> Migrator {
    Migrator::with_migrations(
        source
            .iter()
            .map(|(version, description, sql)| {
                Migration::new(
                    *version,
                    Cow::Borrowed(*description),
                    MigrationType::Simple,
                    (*sql).into_sql_str(),
                    false,
                )
            })
            .collect(),
    )
}
