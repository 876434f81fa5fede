//! The real server binary as a child process, and a load of real HTTP requests against it: for
//! faults that only a process can meet (SIGKILL, SIGTERM, a database restarted under it).

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::process::{ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jl_consent_core::receipt::batch_json;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};
use tokio::task::JoinHandle;

use super::http::AnswerReader;
use super::sockets::PATIENCE;
use super::wait::wait_until;
use super::{accept_all, event_id};

/// `jl-consent-server serve` on a free loopback port, its log passed on to the test's output.
pub struct ServerProcess {
    child: Child,
    pub address: SocketAddr,
    /// Every line the server logged so far.
    pub log: Arc<Mutex<Vec<String>>>,
    _empty_site: tempfile::TempDir,
}

impl ServerProcess {
    /// Starts the server on `database_url` (no rate limit: the load comes from one address) and
    /// waits until it listens.
    pub async fn start(database_url: &str, extra_args: &[&str]) -> ServerProcess {
        Self::start_with_env(database_url, extra_args, &[]).await
    }

    /// [`ServerProcess::start`] with more environment variables for the process.
    pub async fn start_with_env(
        database_url: &str,
        extra_args: &[&str],
        env: &[(&str, &std::ffi::OsStr)],
    ) -> ServerProcess {
        let site = tempfile::tempdir().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let mut child = Command::new(env!("CARGO_BIN_EXE_jl-consent-server"))
            .arg("serve")
            .args(["--database-url", database_url, "--listen", "127.0.0.1:0"])
            // No rate limit unless the test sets one: the load comes from one address.
            .args(if extra_args.contains(&"--rate-limit") {
                &[][..]
            } else {
                &["--rate-limit", "0"][..]
            })
            .arg("--site-dir")
            .arg(site.path())
            .arg("--dashboard-dir")
            .arg(site.path())
            .args(extra_args)
            .env("JL_LOG", "info")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("the server binary starts");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let kept = log.clone();
        let address = tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(line) = lines.next_line().await.unwrap() {
                eprintln!("server: {line}");
                kept.lock().unwrap().push(line.clone());
                if let Some(rest) = line.split("serving on http://").nth(1) {
                    let address = rest.split_whitespace().next().unwrap();
                    return address.parse::<SocketAddr>().unwrap();
                }
            }
            panic!("the server ended before it listened");
        })
        .await
        .expect("the server listens within a minute");
        // Keep passing the log on, so a failing test shows what the server said.
        let kept = log.clone();
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                eprintln!("server: {line}");
                kept.lock().unwrap().push(line);
            }
        });
        ServerProcess {
            child,
            address,
            log,
            _empty_site: site,
        }
    }

    /// The address the server logged after `marker` (e.g. `"metrics on http://"`).
    pub fn logged_address(&self, marker: &str) -> SocketAddr {
        let log = self.log.lock().unwrap();
        log.iter()
            .find_map(|line| line.split(marker).nth(1))
            .and_then(|rest| {
                rest.split(|c: char| c.is_whitespace() || c == '/' || c == '"')
                    .next()
            })
            .and_then(|address| address.parse().ok())
            .unwrap_or_else(|| panic!("no {marker:?} in the log: {log:?}"))
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id().expect("the server is running")
    }

    /// A `/proc/PID/status` figure in KiB (`VmRSS`: resident now, `VmHWM`: the most resident
    /// since the start).
    pub fn memory_kib(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        status
            .lines()
            .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|value| value.trim().strip_suffix("kB"))
            .and_then(|kib| kib.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {field} in /proc/PID/status"))
    }

    /// SIGKILL: the process ends at once, whatever it was doing.
    pub fn kill(&mut self) {
        self.signal("KILL");
    }

    /// SIGTERM: the server's graceful shutdown.
    pub fn terminate(&mut self) {
        self.signal("TERM");
    }

    fn signal(&mut self, name: &str) {
        let pid = self.child.id().expect("the server is running");
        let status = std::process::Command::new("kill")
            .args([format!("-{name}"), pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "kill -{name} {pid} failed");
    }

    /// Waits for the process to end.
    pub async fn wait(&mut self, limit: Duration) -> ExitStatus {
        tokio::time::timeout(limit, self.child.wait())
            .await
            .expect("the server ends in time")
            .unwrap()
    }
}

/// The event ids stored in a database (the server may be gone).
pub async fn process_stored_event_ids(url: &str) -> BTreeSet<String> {
    use sqlx::Connection;
    let query = "SELECT event_id FROM event_ids";
    let ids: Vec<String> = if url.starts_with("postgres") {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query_scalar(query)
            .fetch_all(&mut conn)
            .await
            .unwrap()
    } else {
        let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query_scalar(query)
            .fetch_all(&mut conn)
            .await
            .unwrap()
    };
    ids.into_iter().collect()
}

/// What a load saw.
pub struct LoadOutcome {
    /// Event ids of every batch answered 202.
    pub acknowledged: BTreeSet<String>,
    /// Requests answered 503 (the database was unavailable).
    pub unavailable: usize,
    /// Requests that got no answer (connection refused, reset or closed).
    pub failed: usize,
    /// Answers other than 202 and 503.
    pub other: Vec<String>,
}

struct Shared {
    stop: AtomicBool,
    acknowledged: Mutex<BTreeSet<String>>,
    acknowledged_count: AtomicUsize,
    unavailable: AtomicUsize,
    failed: AtomicUsize,
    other: Mutex<Vec<String>>,
}

/// `connections` keep-alive clients, each sending batches of `per_request` fresh decisions, one
/// request at a time, reconnecting after a failure, until `finish`.
pub struct Load {
    shared: Arc<Shared>,
    tasks: Vec<JoinHandle<()>>,
}

impl Load {
    /// `run` keeps the event ids of different loads on one database apart (1 to 9).
    pub fn start(address: SocketAddr, connections: u32, per_request: u32, run: u32) -> Load {
        assert!((1..10).contains(&run) && connections <= 100);
        let shared = Arc::new(Shared {
            stop: AtomicBool::new(false),
            acknowledged: Mutex::new(BTreeSet::new()),
            acknowledged_count: AtomicUsize::new(0),
            unavailable: AtomicUsize::new(0),
            failed: AtomicUsize::new(0),
            other: Mutex::new(Vec::new()),
        });
        let tasks = (0..connections)
            .map(|connection| {
                let shared = shared.clone();
                let first = run * 400_000_000 + connection * 4_000_000;
                tokio::spawn(client(address, shared, first, per_request))
            })
            .collect();
        Load { shared, tasks }
    }

    /// The event ids of every batch answered 202 so far.
    pub fn acknowledged_ids(&self) -> BTreeSet<String> {
        self.shared.acknowledged.lock().unwrap().clone()
    }

    pub fn acknowledged(&self) -> usize {
        self.shared.acknowledged_count.load(Ordering::SeqCst)
    }

    pub fn unavailable(&self) -> usize {
        self.shared.unavailable.load(Ordering::SeqCst)
    }

    /// Waits until at least `n` events are acknowledged.
    pub async fn wait_for_acknowledged(&self, n: usize, limit: Duration) {
        wait_until(
            limit,
            || {
                format!(
                    "only {} of {n} events acknowledged; other answers: {:?}",
                    self.acknowledged(),
                    self.shared.other.lock().unwrap()
                )
            },
            async || self.acknowledged() >= n,
        )
        .await;
    }

    /// Requests that got no answer so far (connection reset or closed).
    pub fn failed(&self) -> usize {
        self.shared.failed.load(Ordering::SeqCst)
    }

    /// Waits until at least `n` requests got no answer: the server is gone while clients send.
    pub async fn wait_for_failed(&self, n: usize, limit: Duration) {
        self.wait_for_count(Load::failed, "requests cut off", n, limit)
            .await;
    }

    /// Waits until at least `n` requests were answered 503.
    pub async fn wait_for_unavailable(&self, n: usize, limit: Duration) {
        self.wait_for_count(Load::unavailable, "answers 503", n, limit)
            .await;
    }

    /// Waits until `count` reaches `n`; on time-out says how far it came.
    async fn wait_for_count(
        &self,
        count: fn(&Load) -> usize,
        what: &str,
        n: usize,
        limit: Duration,
    ) {
        wait_until(
            limit,
            || {
                format!(
                    "only {} of {n} {what} awaited ({} events acknowledged so far)",
                    count(self),
                    self.acknowledged()
                )
            },
            async || count(self) >= n,
        )
        .await;
    }

    /// Stops sending (each client finishes the request it has in flight, or gives it up as
    /// failed after [`PATIENCE`]) and reports.
    pub async fn finish(self) -> LoadOutcome {
        self.shared.stop.store(true, Ordering::SeqCst);
        for task in self.tasks {
            // Each exchange has its own deadline: a client always ends within two of them.
            tokio::time::timeout(2 * PATIENCE, task)
                .await
                .expect("a load client ended in time")
                .unwrap();
        }
        let other = self.shared.other.lock().unwrap().clone();
        assert!(other.is_empty(), "unexpected answers: {other:?}");
        LoadOutcome {
            acknowledged: std::mem::take(&mut *self.shared.acknowledged.lock().unwrap()),
            unavailable: self.shared.unavailable.load(Ordering::SeqCst),
            failed: self.shared.failed.load(Ordering::SeqCst),
            other,
        }
    }
}

async fn client(address: SocketAddr, shared: Arc<Shared>, first: u32, per_request: u32) {
    let mut next = first;
    let mut stream: Option<TcpStream> = None;
    while !shared.stop.load(Ordering::SeqCst) {
        if stream.is_none() {
            match TcpStream::connect(address).await {
                Ok(s) => stream = Some(s),
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            }
        }
        let events: Vec<_> = (next..next + per_request)
            .map(|n| accept_all(n, n))
            .collect();
        next += per_request;
        let body = batch_json(&events);
        let request = format!(
            "POST /api/v1/events HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let answer = match stream.as_mut() {
            Some(s) => exchange(s, request.as_bytes()).await,
            None => Err(()),
        };
        match answer {
            Ok((202, _)) => {
                let mut acknowledged = shared.acknowledged.lock().unwrap();
                for n in next - per_request..next {
                    acknowledged.insert(event_id(n).as_str().to_owned());
                }
                shared
                    .acknowledged_count
                    .fetch_add(per_request as usize, Ordering::SeqCst);
            }
            Ok((503, _)) => {
                shared.unavailable.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            Ok((status, text)) => shared
                .other
                .lock()
                .unwrap()
                .push(format!("{status} {text}")),
            Err(()) => {
                shared.failed.fetch_add(1, Ordering::SeqCst);
                stream = None;
            }
        }
    }
}

/// Sends one request and reads its answer (status and body); no answer within [`PATIENCE`]
/// counts as none (the connection is then given up).
async fn exchange(stream: &mut TcpStream, request: &[u8]) -> Result<(u16, String), ()> {
    tokio::time::timeout(PATIENCE, async {
        stream.write_all(request).await.map_err(|_| ())?;
        let answer = AnswerReader::new().next(stream).await.map_err(|_| ())?;
        Ok((answer.status, answer.body))
    })
    .await
    .unwrap_or(Err(()))
}
