//! `serve`: the options, the configuration they describe, and serving until a signal.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use tokio::task::JoinHandle;

use super::CommandError;
use crate::clock::Clock;
use crate::config::{default_password_checks, normalize_origin, ServerConfig};
use crate::metrics::{metrics_app, Metrics};
use crate::retention::spawn_pruning;
use crate::serve::{connection_slots, ConnectionLimits, Drained};
use crate::state::AppState;
use crate::store::Store;
use crate::widget_configs::{read_widget_config, KnownConfigurations};
use crate::writer::BatchConfig;

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
    #[arg(long, env = "JL_SITE_DIR", default_value = "dist", value_name = "DIR")]
    pub site_dir: PathBuf,

    /// The dashboard (its Trunk dist/), served at /dashboard/.
    #[arg(
        long,
        env = "JL_DASHBOARD_DIR",
        default_value = "dashboard/dist",
        value_name = "DIR"
    )]
    pub dashboard_dir: PathBuf,

    /// Ingest requests allowed per client address and minute (0: no limit).
    #[arg(
        long,
        env = "JL_RATE_LIMIT",
        default_value_t = 600,
        value_name = "PER_MINUTE"
    )]
    pub rate_limit: u32,

    /// Most events the writer commits in one transaction.
    #[arg(long, env = "JL_BATCH_MAX", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch_max: u32,

    /// Milliseconds the writer waits for more requests before it commits (0: commit at once).
    #[arg(long, env = "JL_BATCH_WAIT_MS", default_value_t = 2)]
    pub batch_wait_ms: u64,

    /// Hours a dashboard session lasts.
    #[arg(long, env = "JL_SESSION_HOURS", default_value_t = 12, value_parser = clap::value_parser!(u64).range(1..=720))]
    pub session_hours: u64,

    /// Take the client address from the last X-Forwarded-For entry. Only behind a load
    /// balancer that sets it: otherwise clients could pick their own address.
    #[arg(long, env = "JL_TRUST_FORWARDED_FOR")]
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
    #[arg(long, env = "JL_MAX_CONNECTIONS", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=1_000_000), value_name = "N")]
    pub max_connections: u32,

    /// Most connections served at once from one client address (an IPv6 client by its /64);
    /// more are answered 429 and closed. Default 64; 0: no cap. With --trust-forwarded-for the
    /// default is 0, since every connection comes from the load balancer.
    #[arg(long, env = "JL_MAX_CONNECTIONS_PER_CLIENT", value_parser = clap::value_parser!(u32).range(0..=1_000_000), value_name = "N")]
    pub max_connections_per_client: Option<u32>,

    /// Most login password checks run at once (default: one per CPU core). Each holds 19 MiB
    /// while it runs; a login that finds them all taken for 2 s is answered 503 busy.
    #[arg(long, env = "JL_MAX_PASSWORD_CHECKS", value_parser = clap::value_parser!(u32).range(1..=256), value_name = "N")]
    pub max_password_checks: Option<u32>,

    /// Serve Prometheus metrics at http://ADDR/metrics, on this address of their own (keep it
    /// off the public network: e.g. 127.0.0.1:9464, or a container's port that is not
    /// published). Without it no metrics are served.
    #[arg(long, env = "JL_METRICS_LISTEN", value_name = "ADDR")]
    pub metrics_listen: Option<SocketAddr>,
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

/// Serves until SIGTERM or Ctrl-C, then drains the connections and commits what is queued.
pub async fn run(
    store: Store,
    config: ServerConfig,
    listen: SocketAddr,
    metrics_listen: Option<SocketAddr>,
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
    let retention_days = config.retention_days;
    let (state, writer) = AppState::start(store.clone(), config, Clock::system());
    let slots = connection_slots(&limits);
    state.metrics.watch_connections(slots.clone());
    let metrics_server = match metrics_listen {
        Some(address) => Some(serve_metrics(address, state.metrics.clone()).await?),
        None => None,
    };
    let pruning = match retention_days {
        Some(days) => {
            tracing::info!(
                "retention: receipts and event ids are kept {days} days, then deleted (the daily \
                 totals stay)"
            );
            Some(spawn_pruning(
                store,
                state.clock.clone(),
                days,
                state.metrics.clone(),
            ))
        }
        None => {
            tracing::info!("retention: no --retention-days, receipts are kept without limit");
            None
        }
    };
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| CommandError(format!("cannot listen on {listen}: {e}")))?;
    let address = listener.local_addr().unwrap_or(listen);
    tracing::info!("serving on http://{address} with {kind}");
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
    for task in [pruning, metrics_server].into_iter().flatten() {
        task.abort();
    }
    // Every request has answered: commit what is still queued before the process ends.
    writer.shutdown().await;
    tracing::info!("stopped");
    Ok(())
}

/// Serves the metrics on their own listener, until aborted.
async fn serve_metrics(
    address: SocketAddr,
    metrics: Arc<Metrics>,
) -> Result<JoinHandle<()>, CommandError> {
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| CommandError(format!("cannot listen on {address} for the metrics: {e}")))?;
    let bound = listener.local_addr().unwrap_or(address);
    tracing::info!("metrics on http://{bound}/metrics");
    Ok(tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, metrics_app(metrics)).await {
            tracing::error!("the metrics listener failed: {e}");
        }
    }))
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Line {
        #[command(flatten)]
        serve: ServeArgs,
    }

    fn serve_args(args: &[&str]) -> ServeArgs {
        Line::try_parse_from(std::iter::once("serve").chain(args.iter().copied()))
            .map(|line| line.serve)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_per_client_connection_cap_is_off_behind_a_load_balancer_unless_given() {
        assert_eq!(serve_args(&[]).connection_limits().max_per_client, 64);
        let behind_balancer = serve_args(&["--trust-forwarded-for"]);
        assert_eq!(behind_balancer.connection_limits().max_per_client, 0);
        let given = serve_args(&["--trust-forwarded-for", "--max-connections-per-client", "8"]);
        assert_eq!(given.connection_limits().max_per_client, 8);
        assert_eq!(
            serve_args(&["--max-connections", "10"])
                .connection_limits()
                .max_connections,
            10
        );
    }

    #[test]
    fn the_configuration_normalises_origins_and_refuses_bad_ones() {
        let config = serve_args(&[
            "--allow-origin",
            "HTTPS://Shop.Example:443/",
            "--rate-limit",
            "5",
            "--max-password-checks",
            "3",
        ])
        .to_config()
        .unwrap();
        assert_eq!(config.allowed_origins, ["https://shop.example"]);
        assert_eq!(config.rate_limit_per_minute, 5);
        assert_eq!(config.max_password_checks, 3);
        let error = serve_args(&["--allow-origin", "shop.example"])
            .to_config()
            .unwrap_err();
        assert!(error.0.starts_with("--allow-origin"), "{error}");
        let error = serve_args(&["--widget-config", "/nonexistent/config.json"])
            .to_config()
            .unwrap_err();
        assert!(error.0.starts_with("--widget-config"), "{error}");
    }
}
