//! `jl-consent-audit`: visits pages as a first-time visitor in headless Chromium and reports every
//! cookie, storage key and request to another site before any decision, after "reject all", after
//! "accept all" and after a withdrawal. Exit status: 0 clean, 1 leaks, 2 usage or browser error.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use jl_consent_audit::browser::{AuditBrowser, BrowserOptions};
use jl_consent_audit::report::{render_page, AuditReport};
use jl_consent_core::config::is_host_pattern;
use url::Url;

/// Compliance audit of pages that embed the Jet Leasing consent banner.
///
/// Each page is visited four times at once, each in a fresh browser context (no cookies, no
/// storage): before any decision, after clicking the banner's "reject all", after clicking
/// "accept all", and after "accept all" then withdrawing everything (the cookie-settings button,
/// then the preferences' "reject all"). The banner is found inside its shadow root and its real
/// buttons are clicked; the browser introduces itself as an ordinary Chrome. Every cookie,
/// localStorage and sessionStorage key, every request to another site, every script loaded
/// before any decision that runs on, and every frame still loaded after the withdrawal is
/// classified as necessary (the widget's own), a category of the page's configuration or of the
/// built-in catalogue (analytics, advertising, functional), or unknown, with its cause and when
/// it happened where the DevTools protocol tells it.
///
/// Exit status: 0 when nothing non-essential happens before consent, after a refusal or after a
/// withdrawal, 1 when something does (or the banner or the way back to the preferences is not
/// found), 2 for a usage or browser error.
#[derive(Debug, Parser)]
#[command(name = "jl-consent-audit", version, verbatim_doc_comment)]
struct Cli {
    /// Pages to audit (http or https URLs).
    #[arg(required = true, value_name = "URL")]
    urls: Vec<String>,

    /// Also write every finding as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,

    /// What to print on standard output: the table, or the JSON report.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,

    /// Count requests to HOST as allowed, not unknown (a host, or *.domain for a domain and its
    /// subdomains; repeat for more).
    #[arg(long = "allow-host", value_name = "HOST", value_parser = host_pattern)]
    allow_hosts: Vec<String>,

    /// The Chromium binary.
    #[arg(
        long,
        env = "CHROMIUM_PATH",
        default_value = "/usr/bin/chromium",
        value_name = "PATH"
    )]
    chromium: PathBuf,

    /// Passed to Chromium as --host-resolver-rules (to point hosts at a local server in tests).
    #[arg(long, value_name = "RULES")]
    host_resolver_rules: Option<String>,

    /// The longest wait, in seconds, for a page to load, for its banner, and for the network to go
    /// quiet after a click.
    #[arg(long, default_value_t = 30, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=600))]
    timeout: u64,

    /// How long, in milliseconds, the network must be silent to count as quiet.
    #[arg(long, default_value_t = 500, value_name = "MS", value_parser = clap::value_parser!(u64).range(50..=10_000))]
    quiet_ms: u64,

    /// How long, in milliseconds, to watch the page before any decision, after a decision and
    /// after a withdrawal, however quiet the network is (trackers send in batches: Mixpanel
    /// every 5 s).
    #[arg(long, default_value_t = 6_000, value_name = "MS", value_parser = clap::value_parser!(u64).range(0..=120_000))]
    watch_ms: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Table,
    Json,
}

fn host_pattern(value: &str) -> Result<String, String> {
    if is_host_pattern(value) {
        Ok(value.to_owned())
    } else {
        Err("expected a host (cdn.example.kz) or *.domain (*.example.kz)".to_owned())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut urls = Vec::new();
    for raw in &cli.urls {
        match Url::parse(raw) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => urls.push(url),
            _ => {
                eprintln!("jl-consent-audit: {raw:?} is not an http(s) URL");
                return ExitCode::from(2);
            }
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("jl-consent-audit: cannot start: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(&cli, &urls)) {
        Ok(report) => {
            if report.leaks > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(error) => {
            eprintln!("jl-consent-audit: {error}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: &Cli, urls: &[Url]) -> Result<AuditReport, String> {
    let options = BrowserOptions {
        chromium: cli.chromium.clone(),
        host_resolver_rules: cli.host_resolver_rules.clone(),
        timeout: Duration::from_secs(cli.timeout),
        quiet: Duration::from_millis(cli.quiet_ms),
        watch: Duration::from_millis(cli.watch_ms),
    };
    let browser = AuditBrowser::launch(options).await?;
    let mut pages = Vec::new();
    let mut failure = None;
    for (i, url) in urls.iter().enumerate() {
        eprintln!(
            "[{}/{}] {url}: visiting four times at once…",
            i + 1,
            urls.len()
        );
        match jl_consent_audit::audit_page(&browser, url, &cli.allow_hosts).await {
            Ok(page) => {
                let per_visit: Vec<String> = page
                    .scenarios
                    .iter()
                    .map(|s| format!("{} {}", s.scenario.title(), s.leak_count()))
                    .collect();
                eprintln!(
                    "[{}/{}] {url}: {} leak(s) ({})",
                    i + 1,
                    urls.len(),
                    page.leak_count(),
                    per_visit.join(", ")
                );
                if cli.format == Format::Table {
                    println!("{}", render_page(&page));
                }
                pages.push(page);
            }
            Err(error) => {
                failure = Some(format!("{url}: {error}"));
                break;
            }
        }
    }
    browser.close().await;
    if let Some(error) = failure {
        return Err(error);
    }
    let leaks = pages.iter().map(|p| p.leak_count()).sum();
    let report = AuditReport { pages, leaks };
    let json = serde_json::to_string_pretty(&report).map_err(|e| format!("JSON: {e}"))?;
    if let Some(path) = &cli.json {
        std::fs::write(path, format!("{json}\n"))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    if cli.format == Format::Json {
        println!("{json}");
    }
    Ok(report)
}
