//! The ingest writer: one task that commits many requests' events in one transaction.
//!
//! Handlers hand their validated events over a bounded channel with a oneshot reply and answer
//! only when the reply says the events are committed, so nothing is acknowledged before it is
//! durable. Grouping requests into one transaction turns many small commits (one fsync each)
//! into few large ones.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use jl_consent_api::IngestOutcome;
use jl_consent_core::receipt::ConsentEvent;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::clock::Clock;
use crate::error::AppError;
use crate::metrics::Metrics;
use crate::store::{Store, StoreError};

/// How the writer groups events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchConfig {
    /// Most events in one transaction (a request's events are never split).
    pub max_events: usize,
    /// How long the writer waits for more requests after the first one before it commits
    /// (zero: commit whatever is queued at once).
    pub wait: Duration,
    /// Requests that may wait in the queue; beyond that ingest answers 503.
    pub queue_capacity: usize,
}

impl Default for BatchConfig {
    fn default() -> Self {
        BatchConfig {
            max_events: 1000,
            wait: Duration::from_millis(2),
            queue_capacity: 1024,
        }
    }
}

struct IngestJob {
    events: Vec<ConsentEvent>,
    reply: oneshot::Sender<Result<IngestOutcome, StoreError>>,
}

/// Counters of the writer's work since it started (for tests and the shutdown log).
#[derive(Debug, Default)]
pub struct WriterCounters {
    /// Transactions committed.
    pub transactions: AtomicU64,
    /// Requests whose events those transactions carried.
    pub requests: AtomicU64,
    /// Events newly stored.
    pub stored: AtomicU64,
}

impl WriterCounters {
    /// (transactions, requests, stored events) so far.
    pub fn snapshot(&self) -> (u64, u64, u64) {
        (
            self.transactions.load(Ordering::Relaxed),
            self.requests.load(Ordering::Relaxed),
            self.stored.load(Ordering::Relaxed),
        )
    }
}

/// The handlers' end of the writer's queue.
#[derive(Clone, Debug)]
pub struct IngestQueue {
    sender: mpsc::Sender<IngestJob>,
    counters: Arc<WriterCounters>,
}

impl std::fmt::Debug for IngestJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IngestJob({} events)", self.events.len())
    }
}

impl IngestQueue {
    /// What the writer has done so far.
    pub fn counters(&self) -> &WriterCounters {
        &self.counters
    }

    /// Requests waiting in the queue for the writer right now.
    pub fn queued(&self) -> usize {
        self.sender.max_capacity() - self.sender.capacity()
    }

    /// Queues `events` and waits until they are committed, at most `timeout` in all.
    pub async fn submit(
        &self,
        events: Vec<ConsentEvent>,
        timeout: Duration,
    ) -> Result<IngestOutcome, AppError> {
        let deadline = Instant::now() + timeout;
        let (reply, answer) = oneshot::channel();
        let job = IngestJob { events, reply };
        match tokio::time::timeout_at(deadline, self.sender.send(job)).await {
            Ok(Ok(())) => {}
            Ok(Err(_)) => return Err(AppError::Unavailable("the writer has stopped".to_owned())),
            Err(_) => return Err(AppError::Unavailable("the ingest queue is full".to_owned())),
        }
        match tokio::time::timeout_at(deadline, answer).await {
            Ok(Ok(result)) => result.map_err(AppError::from),
            Ok(Err(_)) => Err(AppError::Internal(
                "the writer dropped a request".to_owned(),
            )),
            Err(_) => Err(AppError::Unavailable(
                "no commit within the ingest timeout".to_owned(),
            )),
        }
    }
}

/// The running writer task.
#[derive(Debug)]
pub struct Writer {
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl Writer {
    /// Stops taking new events, commits everything already queued, and returns when done.
    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        if let Err(e) = self.task.await {
            tracing::error!("the writer task failed: {e}");
        }
    }
}

/// Starts the writer on the current Tokio runtime.
pub fn spawn_writer(
    store: Store,
    clock: Clock,
    config: BatchConfig,
    metrics: Arc<Metrics>,
) -> (IngestQueue, Writer) {
    let (sender, receiver) = mpsc::channel(config.queue_capacity.max(1));
    let (stop, stop_signal) = oneshot::channel();
    let counters = Arc::new(WriterCounters::default());
    let task = tokio::spawn(run(
        receiver,
        stop_signal,
        Committer {
            store,
            clock,
            counters: counters.clone(),
            metrics,
        },
        config,
    ));
    (IngestQueue { sender, counters }, Writer { stop, task })
}

/// Attempts for a batch that collided with another writer (PostgreSQL deadlock or
/// serialization failure).
const ATTEMPTS_ON_CONTENTION: usize = 3;

/// What a commit needs.
struct Committer {
    store: Store,
    clock: Clock,
    counters: Arc<WriterCounters>,
    metrics: Arc<Metrics>,
}

async fn run(
    mut receiver: mpsc::Receiver<IngestJob>,
    mut stop: oneshot::Receiver<()>,
    committer: Committer,
    config: BatchConfig,
) {
    let mut stopping = false;
    loop {
        let first = tokio::select! {
            job = receiver.recv() => match job {
                Some(job) => job,
                None => break,
            },
            _ = &mut stop, if !stopping => {
                // Refuse new work, then drain what is queued: recv() returns None once empty.
                stopping = true;
                receiver.close();
                continue;
            }
        };
        let mut events = first.events.len();
        let mut jobs = vec![first];
        let deadline = Instant::now() + config.wait;
        while events < config.max_events {
            let next = match receiver.try_recv() {
                Ok(job) => Some(job),
                Err(mpsc::error::TryRecvError::Empty) if !config.wait.is_zero() && !stopping => {
                    tokio::time::timeout_at(deadline, receiver.recv())
                        .await
                        .ok()
                        .flatten()
                }
                Err(_) => None,
            };
            match next {
                Some(job) => {
                    events += job.events.len();
                    jobs.push(job);
                }
                None => break,
            }
        }
        committer.commit(jobs).await;
    }
    let (transactions, requests, stored) = committer.counters.snapshot();
    tracing::info!(
        transactions,
        requests,
        stored,
        "the writer has committed everything queued and stops"
    );
}

impl Committer {
    async fn commit(&self, jobs: Vec<IngestJob>) {
        // A handler that gave up (timeout) has answered 503 already: its client will re-send.
        let jobs: Vec<IngestJob> = jobs.into_iter().filter(|j| !j.reply.is_closed()).collect();
        if jobs.is_empty() {
            return;
        }
        let mut seen = HashSet::new();
        let unique: Vec<&ConsentEvent> = jobs
            .iter()
            .flat_map(|job| job.events.iter())
            .filter(|event| seen.insert(event.event_id().as_str()))
            .collect();
        let started = std::time::Instant::now();
        let mut attempt = 1;
        let result = loop {
            match self.store.store_events(&unique, self.clock.now_ms()).await {
                Err(error @ StoreError::Contention(_)) if attempt < ATTEMPTS_ON_CONTENTION => {
                    tracing::debug!("retrying a batch after contention: {error}");
                    self.metrics.database_error("ingest", &error);
                    attempt += 1;
                }
                other => break other,
            }
        };
        self.metrics
            .commit_seconds
            .observe(started.elapsed().as_secs_f64());
        self.metrics.batch_events.observe(unique.len() as f64);
        tracing::debug!(
            requests = jobs.len(),
            events = unique.len(),
            ok = result.is_ok(),
            millis = started.elapsed().as_secs_f64() * 1000.0,
            "committed a batch"
        );
        match result {
            Ok(mut stored) => {
                let counters = &self.counters;
                counters.transactions.fetch_add(1, Ordering::Relaxed);
                counters
                    .requests
                    .fetch_add(jobs.len() as u64, Ordering::Relaxed);
                counters
                    .stored
                    .fetch_add(stored.len() as u64, Ordering::Relaxed);
                for job in jobs {
                    // The first request carrying an id owns it; a later copy is a duplicate.
                    let mut new = 0;
                    for event in &job.events {
                        let stored_now = stored.remove(event.event_id().as_str());
                        let decision = matches!(event, ConsentEvent::Decision { .. });
                        self.metrics.ingest_event(decision, stored_now);
                        new += usize::from(stored_now);
                    }
                    let _ = job.reply.send(Ok(IngestOutcome {
                        stored: new as u64,
                        duplicates: (job.events.len() - new) as u64,
                    }));
                }
            }
            Err(error) => {
                self.metrics.database_error("ingest", &error);
                for job in jobs {
                    let _ = job.reply.send(Err(error.clone()));
                }
            }
        }
    }
}
