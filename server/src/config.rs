//! The server's settings, as the command line and the tests give them.

use std::path::PathBuf;
use std::time::Duration;

use crate::login_throttle::ThrottleConfig;
use crate::password::PasswordHashing;
use crate::widget_configs::KnownConfigurations;
use crate::writer::BatchConfig;

/// Everything `app` needs to know besides the database.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Origins (`https://host[:port]`, normalised) that may send events from another site.
    pub allowed_origins: Vec<String>,
    /// The widget's demo site, served at `/`.
    pub site_dir: PathBuf,
    /// The dashboard, served at `/dashboard/`.
    pub dashboard_dir: PathBuf,
    /// Ingest requests per client and minute (0: no limit).
    pub rate_limit_per_minute: u32,
    /// How long a dashboard session lasts.
    pub session_ttl: Duration,
    /// How the writer groups events into transactions.
    pub batch: BatchConfig,
    /// Longest an ingest request waits for its commit before it answers 503.
    pub ingest_timeout: Duration,
    /// Longest a request body may take to arrive, in all (a trickle does not extend it);
    /// beyond it the answer is `408 request_timeout`.
    pub body_timeout: Duration,
    /// Longest the app may take to answer a request (its head; a streamed export may go on);
    /// beyond it the answer is `503 unavailable`.
    pub request_timeout: Duration,
    /// Take the client address from the last `X-Forwarded-For` entry (behind a load balancer
    /// that sets it) instead of the connection's peer address.
    pub trust_forwarded_for: bool,
    /// The widget configurations deployed (`--widget-config`): when any is known, ingest
    /// refuses events none of them could have sent.
    pub known_configurations: KnownConfigurations,
    pub login_throttle: ThrottleConfig,
    pub password_hashing: PasswordHashing,
    /// Most login password checks run at once (each takes 19 MiB while it runs).
    pub max_password_checks: usize,
    /// Longest a login waits for a free password check before it is answered `503 busy`.
    pub password_check_wait: Duration,
    /// Days receipts and event ids are kept (`--retention-days`); `None`: no limit.
    pub retention_days: Option<u32>,
}

/// The default number of concurrent password checks: one per core (argon2 is CPU-bound, so
/// more at once would not finish sooner).
pub fn default_password_checks() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            allowed_origins: Vec::new(),
            site_dir: PathBuf::from("dist"),
            dashboard_dir: PathBuf::from("dashboard/dist"),
            rate_limit_per_minute: 600,
            session_ttl: Duration::from_secs(12 * 60 * 60),
            batch: BatchConfig::default(),
            ingest_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            trust_forwarded_for: false,
            known_configurations: KnownConfigurations::default(),
            login_throttle: ThrottleConfig::default(),
            password_hashing: PasswordHashing::standard(),
            max_password_checks: default_password_checks(),
            password_check_wait: Duration::from_secs(2),
            retention_days: None,
        }
    }
}

impl ServerConfig {
    /// True when `origin` (an `Origin` header value) is in the allow-list.
    pub fn origin_allowed(&self, origin: &str) -> bool {
        normalize_origin(origin).is_ok_and(|o| self.allowed_origins.contains(&o))
    }
}

/// Checks an origin (`scheme://host[:port]`, http or https, no path) and returns it in the form
/// browsers send: lower case, without a trailing slash or the scheme's default port.
pub fn normalize_origin(text: &str) -> Result<String, String> {
    let text = text.trim().trim_end_matches('/').to_ascii_lowercase();
    let (scheme, authority) = text
        .split_once("://")
        .ok_or_else(|| format!("{text:?} is not an origin like https://www.example.kz"))?;
    if scheme != "http" && scheme != "https" {
        return Err(format!(
            "{text:?}: an origin starts with http:// or https://"
        ));
    }
    if authority.is_empty()
        || authority.contains(['/', '?', '#', '@', ' '])
        || authority.starts_with(':')
    {
        return Err(format!(
            "{text:?}: an origin is scheme://host[:port], without path or user"
        ));
    }
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let authority = authority.strip_suffix(default_port).unwrap_or(authority);
    Ok(format!("{scheme}://{authority}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalised_as_browsers_send_them() {
        assert_eq!(
            normalize_origin("HTTPS://Www.JetLeasing.kz/").unwrap(),
            "https://www.jetleasing.kz"
        );
        assert_eq!(
            normalize_origin("https://example.kz:443").unwrap(),
            "https://example.kz"
        );
        assert_eq!(
            normalize_origin("http://localhost:8080").unwrap(),
            "http://localhost:8080"
        );
        for bad in [
            "example.kz",
            "ftp://example.kz",
            "https://example.kz/path",
            "https://",
            "https://u@x",
        ] {
            assert!(normalize_origin(bad).is_err(), "{bad}");
        }
    }
}
