//! The audit's Chromium: launched with the project's test flags and a fresh profile, a browser
//! context of its own for every visit, and shown to pages as the ordinary Chrome a visitor uses.
//! Trackers treat automated browsers differently (PostHog sends no event to a browser whose user
//! agent says `HeadlessChrome` or whose `navigator.webdriver` is true), and an audit must see what
//! they do to visitors.

use std::path::PathBuf;
use std::time::Duration;

use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::browser::BrowserContextId;
use chromiumoxide::cdp::browser_protocol::emulation::{
    SetUserAgentOverrideParams, UserAgentBrandVersion, UserAgentMetadata,
};
use chromiumoxide::cdp::browser_protocol::target::{
    CreateBrowserContextParams, CreateTargetParams,
};
use chromiumoxide::Page;
use futures_util::StreamExt;

/// How to launch the browser and how long to wait.
#[derive(Clone, Debug)]
pub struct BrowserOptions {
    pub chromium: PathBuf,
    /// Passed to Chromium as `--host-resolver-rules` (tests map "third-party" hosts locally).
    pub host_resolver_rules: Option<String>,
    /// The longest wait for a page to load, for its banner, and for the network after a click.
    pub timeout: Duration,
    /// How long the network must be silent to count as quiet.
    pub quiet: Duration,
    /// How long to watch the page before any decision, after a decision and after a withdrawal,
    /// however quiet the network is: trackers send their events in batches (Mixpanel's every 5 s).
    pub watch: Duration,
}

/// Chromium's switches, by name: chromiumoxide adds the dashes (a name given with them reaches
/// Chromium as `----name`, which it ignores).
const SWITCHES: &[&str] = &[
    "disable-gpu",
    "disable-quic",
    "no-first-run",
    "disable-background-networking",
    "disable-component-update",
    "disable-sync",
];

/// The browser, with the task that carries its DevTools messages.
pub struct AuditBrowser {
    browser: Browser,
    handler: tokio::task::JoinHandle<()>,
    _profile: tempfile::TempDir,
    pub(crate) options: BrowserOptions,
    identity: SetUserAgentOverrideParams,
}

impl AuditBrowser {
    /// Starts Chromium with the project's test flags and a fresh profile.
    pub async fn launch(options: BrowserOptions) -> Result<Self, String> {
        let profile = tempfile::Builder::new()
            .prefix("jl-consent-audit-")
            .tempdir()
            .map_err(|e| format!("cannot create a browser profile directory: {e}"))?;
        let mut config = BrowserConfig::builder()
            .chrome_executable(&options.chromium)
            .no_sandbox()
            .user_data_dir(profile.path())
            .args(SWITCHES.iter().copied())
            // navigator.webdriver stays false, as in a visitor's browser.
            .hide()
            .disable_https_first()
            .window_size(1280, 800)
            .viewport(None)
            .launch_timeout(options.timeout)
            .request_timeout(options.timeout);
        if let Some(rules) = &options.host_resolver_rules {
            config = config.arg(("host-resolver-rules", rules.as_str()));
        }
        let config = config
            .build()
            .map_err(|e| format!("browser configuration: {e}"))?;
        let (browser, mut handler) = Browser::launch(config).await.map_err(|e| {
            format!(
                "cannot start {} ({e}); set CHROMIUM_PATH or --chromium",
                options.chromium.display()
            )
        })?;
        // Messages the client cannot decode (a newer Chromium's events) are skipped, not fatal.
        let handler = tokio::spawn(async move { while handler.next().await.is_some() {} });
        let version = browser
            .version()
            .await
            .map_err(|e| format!("cannot ask the browser its version: {e}"))?;
        Ok(AuditBrowser {
            identity: visitor_identity(&version.user_agent, &version.product),
            browser,
            handler,
            _profile: profile,
            options,
        })
    }

    /// Closes the browser and waits for it to exit.
    pub async fn close(mut self) {
        let _ = self.browser.close().await;
        let _ = self.browser.wait().await;
        self.handler.abort();
    }

    /// A blank page in a browser context of its own (no cookies, no storage), introducing itself
    /// as a visitor's Chrome.
    pub(crate) async fn open_page(&self) -> Result<(BrowserContextId, Page), String> {
        let context = self
            .browser
            .create_browser_context(CreateBrowserContextParams::default())
            .await
            .map_err(|e| format!("cannot create a browser context: {e}"))?;
        let page = async {
            let target = CreateTargetParams::builder()
                .url("about:blank")
                .browser_context_id(context.clone())
                .build()
                .map_err(|e| format!("new page: {e}"))?;
            let page = self
                .browser
                .new_page(target)
                .await
                .map_err(|e| format!("new page: {e}"))?;
            page.execute(self.identity.clone())
                .await
                .map_err(|e| format!("user agent: {e}"))?;
            Ok::<Page, String>(page)
        }
        .await;
        match page {
            Ok(page) => Ok((context, page)),
            Err(error) => {
                self.close_context(context).await;
                Err(error)
            }
        }
    }

    /// Throws a visit's browser context away, with everything it stored.
    pub(crate) async fn close_context(&self, context: BrowserContextId) {
        let _ = self.browser.dispose_browser_context(context).await;
    }

    pub(crate) fn browser(&self) -> &Browser {
        &self.browser
    }
}

/// The user agent (string and client hints) of the Chrome this Chromium is, without the
/// `HeadlessChrome` that headless mode puts in both; `product` is `HeadlessChrome/156.0.7390.54`.
fn visitor_identity(user_agent: &str, product: &str) -> SetUserAgentOverrideParams {
    let version = product.split_once('/').map_or("", |(_, v)| v);
    let major = version.split('.').next().unwrap_or_default();
    let platform = if user_agent.contains("Windows") {
        "Windows"
    } else if user_agent.contains("Mac OS X") {
        "macOS"
    } else {
        "Linux"
    };
    let brands = |version: &str| {
        vec![
            UserAgentBrandVersion::new("Chromium", version),
            UserAgentBrandVersion::new("Not_A Brand", "24"),
        ]
    };
    SetUserAgentOverrideParams {
        user_agent: user_agent.replace("HeadlessChrome/", "Chrome/"),
        accept_language: None,
        platform: None,
        user_agent_metadata: Some(UserAgentMetadata {
            brands: Some(brands(major)),
            full_version_list: Some(brands(version)),
            platform: platform.to_owned(),
            platform_version: String::new(),
            architecture: if user_agent.contains("x86_64") || user_agent.contains("Win64") {
                "x86".to_owned()
            } else {
                String::new()
            },
            model: String::new(),
            mobile: false,
            bitness: None,
            wow64: None,
            form_factors: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switches_are_names_for_chromiumoxide_to_prefix() {
        assert!(SWITCHES.iter().all(|s| !s.starts_with('-')), "{SWITCHES:?}");
        assert!(SWITCHES.contains(&"disable-quic"));
    }

    #[test]
    fn pages_meet_a_visitors_chrome() {
        let identity = visitor_identity(
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
            "HeadlessChrome/156.0.7390.54",
        );
        assert_eq!(
            identity.user_agent,
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"
        );
        let metadata = identity.user_agent_metadata.unwrap();
        let brands: Vec<(String, String)> = metadata
            .brands
            .unwrap()
            .into_iter()
            .map(|b| (b.brand, b.version))
            .collect();
        assert!(
            brands.contains(&("Chromium".into(), "156".into())),
            "{brands:?}"
        );
        assert!(brands.iter().all(|(b, _)| !b.contains("Headless")));
        assert_eq!(
            metadata.full_version_list.unwrap()[0].version,
            "156.0.7390.54"
        );
        assert_eq!(metadata.platform, "Linux");
    }
}
