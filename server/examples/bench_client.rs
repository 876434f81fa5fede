//! The client side of the server benchmarks in `bench/server/` (a benchmarking aid, not part of
//! the server):
//!
//! - `ingest`: a closed-loop HTTP/1.1 load generator for `POST /api/v1/events` at a fixed number
//!   of keep-alive connections for a fixed time, with unique event ids in every request. Unlike
//!   wrk, it never abandons a request at the end of the run: after the deadline each connection
//!   waits for the answer to the request it has in flight, so every event the server stored was
//!   answered, and "acknowledged" can be compared exactly with "stored".
//! - `count`: the events and receipts stored in a database (run after the server stopped).
//! - `time-get`: logs in and times `GET` requests (statistics, receipt lookup, CSV export).
//! - `hold`, `logins`, `pipeline`: hostile clients for `bench/server/hostile` (many slow
//!   connections from one address, a burst of concurrent logins, pipelined requests).
//!
//! The HTTP client is a minimal one on Tokio's `TcpStream` (requests built once and patched in
//! place, answers read by the server tests' answer reader, `tests/common/http.rs`), so the load generator spends as little
//! of the machine's CPU as it can: it shares the cores with the server it measures.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use jl_consent_core::category::CategoryId;
use jl_consent_core::receipt::{batch_json, ConsentEvent, DeviceClass, EventId, ShownContext};
use jl_consent_core::{Choices, ConsentId, DecisionAction, Language};
use sqlx::Connection;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

// The one HTTP/1.1 answer reader, shared with the server's tests (which use more of it).
#[allow(dead_code)]
#[path = "../tests/common/http.rs"]
mod http;

use http::{Answer, AnswerReader, ReadError};

/// Benchmark client for jl-consent-server.
#[derive(Debug, Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Drive POST /api/v1/events at a fixed concurrency for a fixed time.
    Ingest {
        /// The server's address.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Keep-alive connections, each with one request in flight at a time.
        #[arg(long, default_value_t = 64)]
        connections: u16,
        /// Threads of the load generator.
        #[arg(long, default_value_t = 2)]
        threads: usize,
        /// Seconds to send for.
        #[arg(long, default_value_t = 10.0)]
        duration: f64,
        /// Events per request (1 to 50).
        #[arg(long, default_value_t = 2)]
        batch: u8,
        /// Distinguishes the event ids of runs against the same database.
        #[arg(long, default_value_t = 0)]
        run: u16,
        /// Connect from this local address (e.g. 127.0.0.2, to be another client than `hold`).
        #[arg(long)]
        bind: Option<IpAddr>,
        /// A new connection for every request, its latency counted from the connect (as a
        /// visitor's page sends its receipt), instead of keep-alive connections.
        #[arg(long)]
        connection_per_request: bool,
    },
    /// Hold many slow connections (each stops inside its request headers), reconnecting when the
    /// server closes one, for a fixed time; prints `HELD …`.
    Hold {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        #[arg(long, default_value_t = 1100)]
        connections: u32,
        #[arg(long, default_value_t = 10.0)]
        duration: f64,
        /// Connect from this local address.
        #[arg(long)]
        bind: Option<IpAddr>,
    },
    /// Send `count` logins with made-up user names at once, each on its own connection from its
    /// own loopback address (127.0.1.1, 127.0.1.2, …: many guessers, so no per-address limit
    /// applies); prints `LOGINS …` with the answers' statuses.
    Logins {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u8).range(1..=250))]
        count: u8,
    },
    /// Write `requests` ingest requests on one connection in one write, then read the answers
    /// (at most 15 s); prints `PIPELINE …`.
    Pipeline {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        #[arg(long, default_value_t = 20)]
        requests: u16,
        /// Distinguishes the event ids of runs against the same database.
        #[arg(long, default_value_t = 0)]
        run: u16,
    },
    /// Print the events and receipts stored in a database: `event_ids=N receipts=M`.
    Count {
        /// `sqlite:PATH` or `postgres://…`.
        #[arg(long)]
        database_url: String,
    },
    /// Log in and time GET requests; prints one `TIME` line per path.
    TimeGet {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        #[arg(long)]
        user: String,
        /// The password is read from this environment variable.
        #[arg(long, default_value = "JL_BENCH_PASSWORD")]
        password_env: String,
        /// Timed runs per path (after one untimed warm-up request).
        #[arg(long, default_value_t = 7)]
        runs: usize,
        /// Write the last answer to each path to this directory (file name: path's index).
        #[arg(long)]
        save_dir: Option<std::path::PathBuf>,
        /// Paths to GET, e.g. `/api/v1/stats?from=2026-01-01&to=2026-12-31`.
        #[arg(required = true)]
        paths: Vec<String>,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let threads = match &cli.command {
        Command::Ingest { threads, .. } => (*threads).max(1),
        _ => 1,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("bench_client: cannot start Tokio: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Ingest {
                addr,
                connections,
                threads,
                duration,
                batch,
                run,
                bind,
                connection_per_request,
            } => {
                let how = Connecting {
                    bind,
                    per_request: connection_per_request,
                };
                ingest(addr, connections, threads, duration, batch, run, how).await
            }
            Command::Hold {
                addr,
                connections,
                duration,
                bind,
            } => hold(addr, connections, duration, bind).await,
            Command::Logins { addr, count } => logins(addr, count).await,
            Command::Pipeline {
                addr,
                requests,
                run,
            } => pipeline(addr, requests, run).await,
            Command::Count { database_url } => count(&database_url).await,
            Command::TimeGet {
                addr,
                user,
                password_env,
                runs,
                save_dir,
                paths,
            } => time_get(addr, &user, &password_env, runs, save_dir, &paths).await,
        }
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench_client: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A minimal HTTP/1.1 client

/// One keep-alive connection.
struct Http {
    stream: TcpStream,
    reader: AnswerReader,
}

/// Connects to `addr`, from the local address `bind` when given.
async fn connect_from(addr: SocketAddr, bind: Option<IpAddr>) -> Result<TcpStream, String> {
    let connected = match bind {
        None => TcpStream::connect(addr).await,
        Some(local) => {
            let socket = if local.is_ipv4() {
                TcpSocket::new_v4()
            } else {
                TcpSocket::new_v6()
            }
            .map_err(|e| e.to_string())?;
            socket
                .bind(SocketAddr::new(local, 0))
                .map_err(|e| format!("cannot bind {local}: {e}"))?;
            socket.connect(addr).await
        }
    };
    connected.map_err(|e| format!("cannot connect to {addr}: {e}"))
}

impl Http {
    async fn connect(addr: SocketAddr, bind: Option<IpAddr>) -> Result<Http, String> {
        let stream = connect_from(addr, bind).await?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        Ok(Http {
            stream,
            reader: AnswerReader::new(),
        })
    }

    /// Sends `request` (complete bytes) and reads the answer.
    async fn send(&mut self, request: &[u8]) -> Result<Answer, String> {
        self.stream
            .write_all(request)
            .await
            .map_err(|e| format!("write: {e}"))?;
        self.read_answer().await
    }

    async fn read_answer(&mut self) -> Result<Answer, String> {
        self.reader
            .next(&mut self.stream)
            .await
            .map_err(|error| match error {
                ReadError::Closed(_) => "the server closed the connection".to_owned(),
                ReadError::Malformed(head) => format!("not an HTTP answer: {head:?}"),
            })
    }
}

// ---------------------------------------------------------------------------------------------
// Ingest load

/// Request shapes cycled through, so the rollups see a realistic spread of keys.
const TEMPLATES: usize = 18;

/// A complete request with the offsets of the ids to patch in.
struct Template {
    bytes: Vec<u8>,
    /// (offset, index of the event in the batch, is a consent id)
    ids: Vec<(usize, u8, bool)>,
    decisions: u64,
}

fn placeholder(template: usize, event: usize, consent: bool) -> [u8; 10] {
    [
        0xA5,
        0x5A,
        template as u8,
        event as u8,
        u8::from(consent),
        0xC3,
        0x3C,
        0x99,
        0x11,
        0x77,
    ]
}

/// Unique id bytes: run, connection, request counter, event index, id kind.
fn id_bytes(run: u16, connection: u16, counter: u32, event: u8, consent: bool) -> [u8; 10] {
    let [r0, r1] = run.to_be_bytes();
    let [c0, c1] = connection.to_be_bytes();
    let [n0, n1, n2, n3] = counter.to_be_bytes();
    [r0, r1, c0, c1, n0, n1, n2, n3, event, u8::from(consent)]
}

fn category(id: &str) -> Result<CategoryId, String> {
    CategoryId::parse(id).map_err(|_| format!("bad category id {id}"))
}

fn build_templates(addr: SocketAddr, batch: u8) -> Result<Vec<Template>, String> {
    let categories = [
        category("analytics")?,
        category("advertising")?,
        category("functional")?,
    ];
    let languages = Language::ALL;
    let devices = DeviceClass::ALL;
    let variants = [None, Some("a".to_owned()), Some("b".to_owned())];
    let actions = [
        DecisionAction::AcceptAll,
        DecisionAction::RejectAll,
        DecisionAction::Custom,
        DecisionAction::AcceptAll,
        DecisionAction::Withdraw,
    ];
    let mut templates = Vec::new();
    for t in 0..TEMPLATES {
        let mut events = Vec::new();
        let mut decisions = 0;
        for e in 0..usize::from(batch) {
            let k = t * 7 + e;
            let shown = ShownContext {
                revision: 1 + (k % 3) as u32,
                config_hash: format!("{:064x}", k % 3 + 1),
                language: languages[k % 3],
                device: devices[(k / 3) % 3],
                variant: variants[(k / 2) % 3].clone(),
            };
            let event_id = EventId::from_random_bytes(placeholder(t, e, false));
            // Alternate impressions and decisions; templates alternate the first kind, so
            // single-event requests are half impressions, half decisions.
            if (t + e) % 2 == 0 {
                events.push(ConsentEvent::Impression { event_id, shown });
                continue;
            }
            decisions += 1;
            let action = actions[k % actions.len()];
            let mut choices = Choices::new();
            for (i, c) in categories.iter().enumerate() {
                let granted = match action {
                    DecisionAction::AcceptAll => true,
                    DecisionAction::RejectAll => false,
                    DecisionAction::Custom | DecisionAction::Withdraw => i == 0,
                };
                choices.set(c, granted);
            }
            events.push(ConsentEvent::Decision {
                event_id,
                shown,
                consent_id: ConsentId::from_random_bytes(placeholder(t, e, true)),
                choices,
                action,
                first: action != DecisionAction::Withdraw,
                decided_at: 1_795_608_000,
            });
        }
        let body = batch_json(&events);
        let head = format!(
            "POST /api/v1/events HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n",
            body.len()
        );
        let text = head + &body;
        let mut ids = Vec::new();
        for e in 0..usize::from(batch) {
            for consent in [false, true] {
                let marker = EventId::from_random_bytes(placeholder(t, e, consent));
                if let Some(offset) = text.find(marker.as_str()) {
                    ids.push((offset, e as u8, consent));
                }
            }
        }
        templates.push(Template {
            bytes: text.into_bytes(),
            ids,
            decisions,
        });
    }
    Ok(templates)
}

/// How the ingest load connects.
#[derive(Clone, Copy)]
struct Connecting {
    bind: Option<IpAddr>,
    per_request: bool,
}

/// What one connection saw.
#[derive(Default)]
struct Tally {
    latencies_us: Vec<u32>,
    by_status: std::collections::BTreeMap<u16, u64>,
    acknowledged_events: u64,
    acknowledged_decisions: u64,
    reported_stored: u64,
    reported_duplicates: u64,
    errors: Vec<String>,
}

async fn drive(
    addr: SocketAddr,
    connection: u16,
    run: u16,
    templates: std::sync::Arc<Vec<Template>>,
    batch: u8,
    deadline: Instant,
    how: Connecting,
) -> Tally {
    let mut tally = Tally::default();
    let mut http = None;
    let mut request = Vec::new();
    let mut counter: u32 = 0;
    while Instant::now() < deadline {
        let template = &templates[(counter as usize + usize::from(connection)) % templates.len()];
        request.clear();
        request.extend_from_slice(&template.bytes);
        for &(offset, event, consent) in &template.ids {
            let id = EventId::from_random_bytes(id_bytes(run, connection, counter, event, consent));
            request[offset..offset + 16].copy_from_slice(id.as_str().as_bytes());
        }
        counter += 1;
        let started = Instant::now();
        if how.per_request || http.is_none() {
            match Http::connect(addr, how.bind).await {
                Ok(connected) => http = Some(connected),
                Err(e) => {
                    tally.errors.push(e);
                    break;
                }
            }
        }
        let Some(connection) = http.as_mut() else {
            break;
        };
        let answer = match connection.send(&request).await {
            Ok(answer) => answer,
            Err(e) => {
                tally.errors.push(e);
                // Whether that request was stored is unknown: stop this connection.
                break;
            }
        };
        let micros = started.elapsed().as_micros().min(u128::from(u32::MAX)) as u32;
        tally.latencies_us.push(micros);
        *tally.by_status.entry(answer.status).or_default() += 1;
        if answer.status == 202 {
            tally.acknowledged_events += u64::from(batch);
            tally.acknowledged_decisions += template.decisions;
            tally.reported_stored += number_after(&answer.body, "\"stored\":");
            tally.reported_duplicates += number_after(&answer.body, "\"duplicates\":");
        }
    }
    tally
}

fn number_after(text: &str, key: &str) -> u64 {
    text.find(key)
        .map(|i| &text[i + key.len()..])
        .map(|rest| {
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .and_then(|digits| digits.parse().ok())
        .unwrap_or(0)
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    f64::from(sorted[rank.clamp(1, sorted.len()) - 1]) / 1000.0
}

async fn ingest(
    addr: SocketAddr,
    connections: u16,
    threads: usize,
    duration: f64,
    batch: u8,
    run: u16,
    how: Connecting,
) -> Result<(), String> {
    if !(1..=50).contains(&batch) {
        return Err("--batch must be 1 to 50".to_owned());
    }
    let templates = std::sync::Arc::new(build_templates(addr, batch)?);
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(duration);
    let tasks: Vec<_> = (0..connections)
        .map(|c| tokio::spawn(drive(addr, c, run, templates.clone(), batch, deadline, how)))
        .collect();
    let mut all = Tally::default();
    for task in tasks {
        let tally = task.await.map_err(|e| e.to_string())?;
        all.latencies_us.extend(tally.latencies_us);
        for (status, n) in tally.by_status {
            *all.by_status.entry(status).or_default() += n;
        }
        all.acknowledged_events += tally.acknowledged_events;
        all.acknowledged_decisions += tally.acknowledged_decisions;
        all.reported_stored += tally.reported_stored;
        all.reported_duplicates += tally.reported_duplicates;
        all.errors.extend(tally.errors);
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.latencies_us.sort_unstable();
    let requests = all.latencies_us.len() as u64;
    let accepted = all.by_status.get(&202).copied().unwrap_or(0);
    let non_2xx: u64 = all
        .by_status
        .iter()
        .filter(|(s, _)| !(200..300).contains(*s))
        .map(|(_, n)| n)
        .sum();
    let statuses = all
        .by_status
        .iter()
        .map(|(s, n)| format!("{s}:{n}"))
        .collect::<Vec<_>>()
        .join(",");
    println!(
        "RESULT batch={batch} connections={connections} threads={threads} seconds={elapsed:.2} \
         requests={requests} accepted={accepted} non_2xx={non_2xx} errors={} statuses={statuses} \
         requests_per_s={:.0} receipts_per_s={:.0} p50_ms={:.2} p90_ms={:.2} p99_ms={:.2} \
         max_ms={:.2} acknowledged_events={} acknowledged_decisions={} reported_stored={} \
         reported_duplicates={}",
        all.errors.len(),
        accepted as f64 / elapsed,
        all.acknowledged_events as f64 / elapsed,
        percentile(&all.latencies_us, 50.0),
        percentile(&all.latencies_us, 90.0),
        percentile(&all.latencies_us, 99.0),
        percentile(&all.latencies_us, 100.0),
        all.acknowledged_events,
        all.acknowledged_decisions,
        all.reported_stored,
        all.reported_duplicates,
    );
    for e in all.errors.iter().take(5) {
        eprintln!("bench_client: connection error: {e}");
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Counting rows

async fn count(url: &str) -> Result<(), String> {
    const QUERY: &str = "SELECT (SELECT COUNT(*) FROM event_ids), (SELECT COUNT(*) FROM receipts)";
    let (events, receipts): (i64, i64) = if url.starts_with("postgres") {
        let mut conn = sqlx::PgConnection::connect(url)
            .await
            .map_err(|e| e.to_string())?;
        sqlx::query_as(QUERY)
            .fetch_one(&mut conn)
            .await
            .map_err(|e| e.to_string())?
    } else {
        let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)
            .map_err(|e| e.to_string())?
            .read_only(true);
        let mut conn = sqlx::SqliteConnection::connect_with(&options)
            .await
            .map_err(|e| e.to_string())?;
        sqlx::query_as(QUERY)
            .fetch_one(&mut conn)
            .await
            .map_err(|e| e.to_string())?
    };
    println!("event_ids={events} receipts={receipts}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Timing GET requests

async fn time_get(
    addr: SocketAddr,
    user: &str,
    password_env: &str,
    runs: usize,
    save_dir: Option<std::path::PathBuf>,
    paths: &[String],
) -> Result<(), String> {
    let password = std::env::var(password_env).map_err(|_| format!("{password_env} is not set"))?;
    let login = serde_json::json!({ "username": user, "password": password }).to_string();
    let mut http = Http::connect(addr, None).await?;
    let request = format!(
        "POST /api/v1/session HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{login}",
        login.len()
    );
    let answer = http.send(request.as_bytes()).await?;
    if answer.status != 204 {
        return Err(format!("login answered {}: {}", answer.status, answer.body));
    }
    let cookie = answer
        .head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("set-cookie")
                .then(|| value.trim().split(';').next().unwrap_or("").to_owned())
        })
        .ok_or("the login set no cookie")?;
    for (index, path) in paths.iter().enumerate() {
        let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\n\r\n");
        let mut times = Vec::new();
        let mut last = None;
        for run in 0..=runs {
            let started = Instant::now();
            let answer = http.send(request.as_bytes()).await?;
            let millis = started.elapsed().as_secs_f64() * 1000.0;
            if answer.status != 200 {
                return Err(format!(
                    "GET {path} answered {}: {}",
                    answer.status, answer.body
                ));
            }
            if run > 0 {
                times.push(millis);
            }
            last = Some(answer.body);
        }
        times.sort_by(f64::total_cmp);
        let median = times.get(times.len() / 2).copied().unwrap_or(0.0);
        let max = times.last().copied().unwrap_or(0.0);
        let bytes = last.as_ref().map_or(0, String::len);
        println!(
            "TIME index={index} runs={runs} median_ms={median:.2} max_ms={max:.2} bytes={bytes} path={path}"
        );
        if let (Some(dir), Some(body)) = (&save_dir, last) {
            std::fs::write(dir.join(format!("{index}.out")), body).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Hostile clients

/// Counters of `hold`.
#[derive(Default)]
struct Held {
    opened: AtomicU64,
    refused_429: AtomicU64,
    closed_by_server: AtomicU64,
}

async fn hold(
    addr: SocketAddr,
    connections: u32,
    duration: f64,
    bind: Option<IpAddr>,
) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs_f64(duration);
    let held = Arc::new(Held::default());
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let held = held.clone();
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    let Ok(mut stream) = connect_from(addr, bind).await else {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    };
                    held.opened.fetch_add(1, Ordering::Relaxed);
                    let head = format!("POST /api/v1/events HTTP/1.1\r\nHost: {addr}\r\n");
                    if stream.write_all(head.as_bytes()).await.is_err() {
                        continue;
                    }
                    // Then nothing more: wait for the server to answer or close, or the end.
                    let mut answer = [0u8; 64];
                    let remaining = deadline.saturating_duration_since(Instant::now());
                    match tokio::time::timeout(remaining, stream.read(&mut answer)).await {
                        Ok(Ok(n)) if answer[..n].starts_with(b"HTTP/1.1 429") => {
                            held.refused_429.fetch_add(1, Ordering::Relaxed);
                            // Refused: try again a little later, as a persistent client would.
                            tokio::time::sleep(Duration::from_millis(100)).await;
                        }
                        Ok(_) => {
                            held.closed_by_server.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(_) => break,
                    }
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.map_err(|e| e.to_string())?;
    }
    println!(
        "HELD connections={connections} seconds={duration} opened={} refused_429={} \
         closed_by_server={}",
        held.opened.load(Ordering::Relaxed),
        held.refused_429.load(Ordering::Relaxed),
        held.closed_by_server.load(Ordering::Relaxed),
    );
    Ok(())
}

async fn logins(addr: SocketAddr, count: u8) -> Result<(), String> {
    let started = Instant::now();
    let tasks: Vec<_> = (1..=count)
        .map(|n| {
            tokio::spawn(async move {
                let body = format!(r#"{{"username":"made-up-{n}","password":"not the password"}}"#);
                let request = format!(
                    "POST /api/v1/session HTTP/1.1\r\nHost: {addr}\r\nContent-Type: \
                     application/json\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                );
                let from = IpAddr::from([127, 0, 1, n]);
                let mut http = Http::connect(addr, Some(from)).await?;
                http.send(request.as_bytes()).await.map(|a| a.status)
            })
        })
        .collect();
    let mut statuses = std::collections::BTreeMap::<u16, u32>::new();
    let mut errors = 0;
    for task in tasks {
        match task.await.map_err(|e| e.to_string())? {
            Ok(status) => *statuses.entry(status).or_default() += 1,
            Err(_) => errors += 1,
        }
    }
    let statuses = statuses
        .iter()
        .map(|(s, n)| format!("{s}:{n}"))
        .collect::<Vec<_>>()
        .join(",");
    println!(
        "LOGINS count={count} seconds={:.2} statuses={statuses} errors={errors}",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn pipeline(addr: SocketAddr, requests: u16, run: u16) -> Result<(), String> {
    let templates = build_templates(addr, 1)?;
    let mut all = Vec::new();
    for counter in 0..requests {
        let template = &templates[usize::from(counter) % templates.len()];
        let mut request = template.bytes.clone();
        for &(offset, event, consent) in &template.ids {
            let id = EventId::from_random_bytes(id_bytes(
                run,
                u16::MAX,
                u32::from(counter),
                event,
                consent,
            ));
            request[offset..offset + 16].copy_from_slice(id.as_str().as_bytes());
        }
        all.extend_from_slice(&request);
    }
    let mut http = Http::connect(addr, None).await?;
    let started = Instant::now();
    http.stream
        .write_all(&all)
        .await
        .map_err(|e| format!("write: {e}"))?;
    let mut statuses = Vec::new();
    let read_all = tokio::time::timeout(Duration::from_secs(15), async {
        while statuses.len() < usize::from(requests) {
            match http.read_answer().await {
                Ok(answer) => statuses.push(answer.status),
                Err(_) => break,
            }
        }
    })
    .await;
    let seconds = started.elapsed().as_secs_f64();
    let accepted = statuses.iter().filter(|s| **s == 202).count();
    println!(
        "PIPELINE requests={requests} answered={} accepted={accepted} seconds={seconds:.3} \
         timed_out={}",
        statuses.len(),
        read_all.is_err()
    );
    Ok(())
}
