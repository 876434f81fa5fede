//! Shared test harness: a fresh database per test (a SQLite file in a temporary directory, or a
//! PostgreSQL database of its own), the app driven with `oneshot`, and event builders.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod http;
pub mod process;
pub mod request;
pub mod sockets;
pub mod wait;

use std::net::{IpAddr, SocketAddr};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use jl_consent_core::category::CategoryId;
use jl_consent_core::receipt::{batch_json, ConsentEvent, DeviceClass, EventId, ShownContext};
use jl_consent_core::{Choices, ConsentId, DecisionAction, Language};
use jl_consent_server::password::PasswordHashing;
use jl_consent_server::writer::Writer;
use jl_consent_server::{app, AppState, Clock, ServerConfig, Store, StoreOptions};
use serde_json::Value;
use sqlx::{Connection, Executor};
use tower::ServiceExt;

/// Noon UTC on 2026-11-25: the hand-set clock's starting time.
pub const NOW_MS: i64 = 1_795_608_000_000;
/// The day of [`NOW_MS`].
pub const TODAY: &str = "2026-11-25";
pub const DAY_MS: i64 = 86_400_000;

/// Which database a test runs against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Generates one `#[tokio::test]` per database for each listed `async fn name(backend: Backend)`:
/// `sqlite::name` and `postgres::name` (skipped without PostgreSQL outside CI: see
/// [`skip_without_postgres`]).
#[allow(unused_macros)] // a test file of one database's own faults has no use for it
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::common::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if $crate::common::skip_without_postgres() {
                        return;
                    }
                    super::$name($crate::common::Backend::Postgres).await
                }
            )*
        }
    };
}

/// A database that lives as long as the test.
pub struct TestDb {
    pub backend: Backend,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// A fresh, empty database.
    pub async fn new(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite:{}", dir.path().join("consent.db").display());
                TestDb {
                    backend,
                    url,
                    _dir: Some(dir),
                }
            }
            Backend::Postgres => TestDb {
                backend,
                url: fresh_postgres_database().await,
                _dir: None,
            },
        }
    }
}

/// How to bring PostgreSQL to the tests.
const POSTGRES_HOW: &str = "run the tests through `scripts/with-postgres cargo test -p \
     jl-consent-server` (it starts a throwaway PostgreSQL), or point JL_TEST_POSTGRES_URL at a \
     server where this user may CREATE DATABASE";

/// True when a PostgreSQL test is to be skipped: JL_TEST_POSTGRES_URL is not set and `CI` is
/// not either (see [`skip_outside_ci`]).
pub fn skip_without_postgres() -> bool {
    if std::env::var_os("JL_TEST_POSTGRES_URL").is_some() {
        return false;
    }
    let why = || format!("the PostgreSQL tests: JL_TEST_POSTGRES_URL is not set; {POSTGRES_HOW}");
    if in_ci() {
        skip_outside_ci(&why()); // fails every one of them
    }
    // Said once per test binary; every PostgreSQL test of it is skipped.
    static NOTICE: std::sync::Once = std::sync::Once::new();
    NOTICE.call_once(|| skip_outside_ci(&why()));
    true
}

/// True when `CI` is set (to anything but nothing).
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|ci| !ci.is_empty())
}

/// A test that cannot run here (`what`: which, and why) is skipped outside CI, saying so on the
/// terminal itself (libtest captures `eprintln!` of passing tests, not the terminal); under `CI`
/// it fails instead: CI must never pass by skipping a test.
pub fn skip_outside_ci(what: &str) {
    use std::io::Write;
    if in_ci() {
        panic!("CI is set, and this test cannot run: {what}");
    }
    let binary = std::env::current_exe()
        .ok()
        .and_then(|path| path.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_default();
    // Cargo names test binaries `NAME-HASH`.
    let binary = binary
        .rsplit_once('-')
        .map_or(binary.as_str(), |(name, _)| name);
    let _ = writeln!(
        std::io::stderr().lock(),
        "\n*** SKIPPING in {binary}: {what}. (With CI set it fails instead.) ***\n"
    );
}

/// The PostgreSQL server for tests (call [`skip_without_postgres`] first).
pub fn postgres_admin_url() -> String {
    std::env::var("JL_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| panic!("JL_TEST_POSTGRES_URL is not set: {POSTGRES_HOW}"))
}

/// Creates a database of its own for one test and returns its URL.
async fn fresh_postgres_database() -> String {
    let admin = postgres_admin_url();
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).unwrap();
    let name = format!(
        "jl_test_{}",
        random
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .unwrap_or_else(|e| panic!("cannot reach JL_TEST_POSTGRES_URL: {e}"));
    conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await
        .unwrap();
    conn.close().await.unwrap();
    with_database(&admin, &name)
}

/// `url` with its database name replaced.
pub fn with_database(url: &str, database: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, format!("?{q}")),
        None => (rest, String::new()),
    };
    let authority = rest.split('/').next().unwrap();
    format!("{scheme}://{authority}/{database}{query}")
}

/// A second connection that holds the write lock of the event table: the writer's next commit
/// waits behind it (or fails after the store's lock timeout).
pub enum Locker {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

impl Locker {
    pub async fn lock(db: &TestDb) -> Locker {
        match db.backend {
            Backend::Sqlite => {
                let mut conn = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
                conn.execute("BEGIN IMMEDIATE").await.unwrap();
                Locker::Sqlite(conn)
            }
            Backend::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
                conn.execute("BEGIN").await.unwrap();
                conn.execute("LOCK TABLE event_ids IN EXCLUSIVE MODE")
                    .await
                    .unwrap();
                Locker::Postgres(conn)
            }
        }
    }

    pub async fn release(self) {
        match self {
            Locker::Sqlite(mut conn) => {
                conn.execute("ROLLBACK").await.unwrap();
                conn.close().await.unwrap();
            }
            Locker::Postgres(mut conn) => {
                conn.execute("ROLLBACK").await.unwrap();
                conn.close().await.unwrap();
            }
        }
    }
}

/// The app over a fresh database, with a hand-set clock and cheap password hashing.
pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub store: Store,
    pub clock: Clock,
    pub writer: Option<Writer>,
    pub db: TestDb,
}

/// The configuration tests start from: no rate limit, fast hashing, no site directories.
pub fn test_config() -> ServerConfig {
    ServerConfig {
        rate_limit_per_minute: 0,
        password_hashing: PasswordHashing::insecure_fast(),
        site_dir: "/nonexistent/site".into(),
        dashboard_dir: "/nonexistent/dashboard".into(),
        ..ServerConfig::default()
    }
}

impl TestApp {
    pub async fn new(backend: Backend) -> TestApp {
        Self::with_config(backend, test_config()).await
    }

    pub async fn with_config(backend: Backend, config: ServerConfig) -> TestApp {
        Self::with_options(backend, config, StoreOptions::default()).await
    }

    pub async fn with_options(
        backend: Backend,
        config: ServerConfig,
        options: StoreOptions,
    ) -> TestApp {
        Self::on_db(TestDb::new(backend).await, config, options).await
    }

    /// The app over an existing test database.
    pub async fn on_db(db: TestDb, config: ServerConfig, options: StoreOptions) -> TestApp {
        let store = Store::connect(&db.url, &options).await.unwrap();
        store.migrate().await.unwrap();
        let clock = Clock::manual(NOW_MS);
        let (state, writer) = AppState::start(store.clone(), config, clock.clone());
        TestApp {
            router: app(state.clone()),
            state,
            store,
            clock,
            writer: Some(writer),
            db,
        }
    }

    /// Sends one request through the router.
    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        TestResponse {
            status,
            headers,
            body,
        }
    }

    /// `POST /api/v1/events` with a JSON body.
    pub async fn post_events(&self, body: &str) -> TestResponse {
        self.send(events_request().body(Body::from(body.to_owned())).unwrap())
            .await
    }

    /// `POST /api/v1/events` of `events` that must be accepted.
    pub async fn ingest(&self, events: &[ConsentEvent]) -> Value {
        let response = self.post_events(&batch_json(events)).await;
        assert_eq!(response.status, StatusCode::ACCEPTED, "{}", response.text());
        response.json()
    }

    /// `GET path` with an optional `Cookie` header.
    pub async fn get(&self, path: &str, cookie: Option<&str>) -> TestResponse {
        let mut request = Request::get(path);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// Creates an account directly in the store.
    pub async fn add_user(&self, name: &str, password: &str) {
        let hash = PasswordHashing::insecure_fast().hash(password).unwrap();
        self.store.create_user(name, &hash, NOW_MS).await.unwrap();
    }

    /// `POST /api/v1/session`.
    pub async fn login(&self, name: &str, password: &str) -> TestResponse {
        self.login_from(name, password, None).await
    }

    /// `POST /api/v1/session` from a given client address.
    pub async fn login_from(&self, name: &str, password: &str, ip: Option<IpAddr>) -> TestResponse {
        let body = serde_json::json!({"username": name, "password": password}).to_string();
        let mut request = Request::post("/api/v1/session")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .unwrap();
        if let Some(ip) = ip {
            request
                .extensions_mut()
                .insert(ConnectInfo(SocketAddr::new(ip, 50_000)));
        }
        self.send(request).await
    }

    /// A signed-in marketer's `Cookie` header value (`jl_session=…`).
    pub async fn signed_in(&self) -> String {
        self.add_user("anna", "correct horse battery").await;
        let response = self.login("anna", "correct horse battery").await;
        assert_eq!(
            response.status,
            StatusCode::NO_CONTENT,
            "{}",
            response.text()
        );
        session_cookie(&response)
    }
}

/// The `name=value` part of the response's `Set-Cookie`.
pub fn session_cookie(response: &TestResponse) -> String {
    let set_cookie = response.header("set-cookie").expect("a Set-Cookie header");
    set_cookie.split(';').next().unwrap().to_owned()
}

/// A request builder for the ingest route with a JSON content type.
pub fn events_request() -> axum::http::request::Builder {
    Request::builder()
        .method(Method::POST)
        .uri("/api/v1/events")
        .header(header::CONTENT_TYPE, "application/json")
}

/// An answer, read whole.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl TestResponse {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the stable error body and returns its `field`, if any.
    pub fn assert_error(&self, status: StatusCode, code: &str) -> Option<String> {
        assert_eq!(self.status, status, "{}", self.text());
        let body = self.json();
        let error = body
            .get("error")
            .unwrap_or_else(|| panic!("no error: {body}"));
        assert_eq!(error["code"], code, "{body}");
        assert!(
            error["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{body}"
        );
        let members: Vec<&String> = error.as_object().unwrap().keys().collect();
        assert!(
            members
                .iter()
                .all(|k| ["code", "message", "field"].contains(&k.as_str())),
            "{body}"
        );
        assert_eq!(body.as_object().unwrap().len(), 1, "{body}");
        error.get("field").map(|f| f.as_str().unwrap().to_owned())
    }
}

// ---- event builders -------------------------------------------------------------------------

/// A config hash (64 lower-case hex digits).
pub const HASH: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// A distinct event id for each `n`.
pub fn event_id(n: u32) -> EventId {
    let mut bytes = [7u8; 10];
    bytes[..4].copy_from_slice(&n.to_be_bytes());
    EventId::from_random_bytes(bytes)
}

/// A distinct consent id for each `n`.
pub fn consent_id(n: u32) -> ConsentId {
    let mut bytes = [9u8; 10];
    bytes[..4].copy_from_slice(&n.to_be_bytes());
    ConsentId::from_random_bytes(bytes)
}

/// What was shown.
pub fn shown(
    revision: u32,
    language: Language,
    device: DeviceClass,
    variant: Option<&str>,
) -> ShownContext {
    ShownContext {
        revision,
        config_hash: HASH.to_owned(),
        language,
        device,
        variant: variant.map(str::to_owned),
    }
}

/// The most common context: revision 3, Kazakh, mobile, no variant.
pub fn default_shown() -> ShownContext {
    shown(3, Language::Kk, DeviceClass::Mobile, None)
}

pub fn impression(n: u32, shown: ShownContext) -> ConsentEvent {
    ConsentEvent::Impression {
        event_id: event_id(n),
        shown,
    }
}

/// A decision with `choices` given as (category, granted) pairs.
pub fn decision(
    n: u32,
    consent: u32,
    shown: ShownContext,
    action: DecisionAction,
    first: bool,
    choices: &[(&str, bool)],
) -> ConsentEvent {
    let mut set = Choices::new();
    for (category, granted) in choices {
        set.set(&CategoryId::parse(category).unwrap(), *granted);
    }
    ConsentEvent::Decision {
        event_id: event_id(n),
        shown,
        consent_id: consent_id(consent),
        choices: set,
        action,
        first,
        decided_at: 1_795_600_000,
    }
}

/// What `config` shows in `language` as `variant`, as an event records it.
pub fn shown_by(
    config: &jl_consent_core::WidgetConfig,
    language: Language,
    device: DeviceClass,
    variant: &str,
) -> ShownContext {
    ShownContext {
        revision: config.revision,
        config_hash: jl_consent_server::widget_configs::widget_fingerprint(
            config,
            language,
            Some(variant),
        ),
        language,
        device,
        variant: Some(variant.to_owned()),
    }
}

/// An "accept all" first decision over analytics and advertising.
pub fn accept_all(n: u32, consent: u32) -> ConsentEvent {
    decision(
        n,
        consent,
        default_shown(),
        DecisionAction::AcceptAll,
        true,
        &[("analytics", true), ("advertising", true)],
    )
}

impl TestApp {
    /// Runs raw SQL on the test's database (to set up or inspect what the API cannot).
    pub async fn execute_sql(&self, sql: &str) {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        match &self.store {
            Store::Sqlite(pool) => {
                sqlx::raw_sql(sql).execute(pool).await.unwrap();
            }
            Store::Postgres(pool) => {
                sqlx::raw_sql(sql).execute(pool).await.unwrap();
            }
        }
    }

    /// Ingests `events` with the clock set `days_ago` days before [`NOW_MS`], then puts it back.
    pub async fn ingest_on(&self, days_ago: i64, events: &[ConsentEvent]) {
        self.clock.set_ms(NOW_MS - days_ago * DAY_MS);
        self.ingest(events).await;
        self.clock.set_ms(NOW_MS);
    }
}

// ---- looking at every table -----------------------------------------------------------------

impl TestApp {
    /// The name of every table of the schema (migrations' own bookkeeping included).
    pub async fn table_names(&self) -> Vec<String> {
        let mut names: Vec<String> = match &self.store {
            Store::Sqlite(pool) => sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .fetch_all(pool)
            .await
            .unwrap(),
            Store::Postgres(pool) => sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
            )
            .fetch_all(pool)
            .await
            .unwrap(),
        };
        names.sort();
        names
    }

    /// Rows per table, to show that a refused request changed nothing.
    pub async fn row_counts(&self) -> std::collections::BTreeMap<String, i64> {
        let mut counts = std::collections::BTreeMap::new();
        for table in self.table_names().await {
            let sql = sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM \"{table}\""));
            let n: i64 = match &self.store {
                Store::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
                Store::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
            };
            counts.insert(table, n);
        }
        counts
    }

    /// Every value of every column of every table, as text: `(table, column, value)`.
    pub async fn every_value(&self) -> Vec<(String, String, String)> {
        let mut values = Vec::new();
        for table in self.table_names().await {
            let columns: Vec<String> = match &self.store {
                Store::Sqlite(pool) => sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "SELECT name FROM pragma_table_info('{table}')"
                )))
                .fetch_all(pool)
                .await
                .unwrap(),
                Store::Postgres(pool) => sqlx::query_scalar(
                    "SELECT column_name::text FROM information_schema.columns \
                     WHERE table_schema = 'public' AND table_name = $1",
                )
                .bind(&table)
                .fetch_all(pool)
                .await
                .unwrap(),
            };
            for column in columns {
                // Binary columns (hashes) read as hex on SQLite; PostgreSQL's text form of
                // bytea is hex already.
                let texts: Vec<String> = match &self.store {
                    Store::Sqlite(pool) => sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                        "SELECT CASE WHEN typeof(\"{column}\") = 'blob' THEN hex(\"{column}\") \
                         ELSE CAST(\"{column}\" AS TEXT) END FROM \"{table}\" \
                         WHERE \"{column}\" IS NOT NULL"
                    )))
                    .fetch_all(pool)
                    .await
                    .unwrap(),
                    Store::Postgres(pool) => sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                        "SELECT CAST(\"{column}\" AS TEXT) FROM \"{table}\" \
                         WHERE \"{column}\" IS NOT NULL"
                    )))
                    .fetch_all(pool)
                    .await
                    .unwrap(),
                };
                values.extend(
                    texts
                        .into_iter()
                        .map(|v| (table.clone(), column.clone(), v)),
                );
            }
        }
        values
    }
}
