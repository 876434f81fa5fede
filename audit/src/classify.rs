//! Which category a cookie, storage key or request belongs to: the widget's own keys are
//! necessary; the rest is matched against the page's own configuration (its declared services
//! and their categories, its pixel), then against the catalogue's defaults; whatever matches
//! nothing is unknown.

use jl_consent_core::catalogue;
use jl_consent_core::config::{cookie_pattern_matches, host_pattern_matches, ServiceConfig};
use jl_consent_core::WidgetConfig;
use serde::Serialize;
use url::Url;

/// The localStorage keys the widget itself keeps (the consent-log queue, the A/B variant).
pub const WIDGET_STORAGE_KEYS: &[&str] = &["jl_consent_queue", "jl_consent_variant"];

/// What a finding was classified as.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Classification {
    /// `necessary`, a category id (`analytics`, `advertising`, `functional`, or the site's own),
    /// `allowed` (by `--allow-host`) or `unknown`.
    pub category: String,
    /// Who it belongs to: a catalogue id, the name of a service the page declares, `jl-consent`
    /// for the widget's own, `pixelUrl`.
    pub service: Option<String>,
}

impl Classification {
    fn new(category: &str, service: Option<String>) -> Self {
        Classification {
            category: category.to_owned(),
            service,
        }
    }

    /// True for what needs the visitor's consent (everything but necessary and allowed hosts).
    pub fn is_non_essential(&self) -> bool {
        self.category != "necessary" && self.category != "allowed"
    }
}

/// The rules for one page: its URL, its configuration block, and the hosts allowed by the user.
#[derive(Debug)]
pub struct PageRules {
    page: Url,
    config: WidgetConfig,
    pixel_url: Option<Url>,
    log_endpoint: Option<Url>,
    allowed_hosts: Vec<String>,
}

impl PageRules {
    /// Rules for `page` under its configuration `config` (the `#jl-consent-config` block as read
    /// by the core, defaults when the page has none).
    pub fn new(page: Url, config: WidgetConfig, allowed_hosts: Vec<String>) -> Self {
        let resolve = |url: &Option<String>| url.as_deref().and_then(|u| page.join(u).ok());
        PageRules {
            pixel_url: resolve(&config.pixel_url),
            log_endpoint: resolve(&config.log_endpoint),
            page,
            config,
            allowed_hosts,
        }
    }

    /// The page's declared services with the category each is listed in.
    fn declared(&self) -> impl Iterator<Item = (&str, &ServiceConfig)> {
        self.config
            .categories
            .iter()
            .flat_map(|c| c.services.iter().map(move |s| (c.id.as_str(), s)))
    }

    fn service_label(service: &ServiceConfig) -> String {
        service
            .catalogue_id
            .clone()
            .or_else(|| {
                service
                    .name
                    .get(jl_consent_core::Language::En)
                    .map(str::to_owned)
            })
            .unwrap_or_default()
    }

    /// The name of the cookie that stores the visitor's decision.
    pub fn consent_cookie(&self) -> &str {
        &self.config.cookie.name
    }

    /// A cookie by its name.
    pub fn cookie(&self, name: &str) -> Classification {
        if name == self.config.cookie.name {
            return Classification::new("necessary", Some("jl-consent".into()));
        }
        self.by_pattern(name, |s| &s.cookies, |e| e.cookies)
    }

    /// A localStorage or sessionStorage key.
    pub fn storage_key(&self, key: &str) -> Classification {
        if WIDGET_STORAGE_KEYS.contains(&key) {
            return Classification::new("necessary", Some("jl-consent".into()));
        }
        self.by_pattern(key, |s| &s.storage, |e| e.storage)
    }

    fn by_pattern(
        &self,
        name: &str,
        declared: impl Fn(&ServiceConfig) -> &Vec<String>,
        built_in: impl Fn(&catalogue::CatalogueEntry) -> &'static [&'static str],
    ) -> Classification {
        for (category, service) in self.declared() {
            if declared(service)
                .iter()
                .any(|p| cookie_pattern_matches(p, name))
            {
                return Classification::new(category, Some(Self::service_label(service)));
            }
        }
        for entry in catalogue::entries() {
            if built_in(entry)
                .iter()
                .any(|p| cookie_pattern_matches(p, name))
            {
                return Classification::new(entry.category.id(), Some(entry.id.to_owned()));
            }
        }
        Classification::new("unknown", None)
    }

    /// True when `url` is on the page's own site (same registrable domain), so not a request to
    /// another site.
    pub fn is_first_party(&self, url: &Url) -> bool {
        match (self.page.host_str(), url.host_str()) {
            (Some(page), Some(host)) => site_of(page) == site_of(host),
            _ => false,
        }
    }

    /// A request, or `None` for the page's own assets (first-party requests other than its pixel).
    pub fn request(&self, url: &Url, widget_host: Option<&str>) -> Option<Classification> {
        if self
            .pixel_url
            .as_ref()
            .is_some_and(|p| same_resource(p, url))
        {
            return Some(Classification::new("analytics", Some("pixelUrl".into())));
        }
        if self.is_first_party(url) {
            return None;
        }
        let host = url.host_str().unwrap_or_default();
        let is_log = self
            .log_endpoint
            .as_ref()
            .is_some_and(|l| l.host_str() == Some(host));
        if is_log || widget_host == Some(host) {
            return Some(Classification::new("necessary", Some("jl-consent".into())));
        }
        for (category, service) in self.declared() {
            if service.hosts.iter().any(|p| host_pattern_matches(p, host)) {
                return Some(Classification::new(
                    category,
                    Some(Self::service_label(service)),
                ));
            }
        }
        for entry in catalogue::entries() {
            if entry.hosts.iter().any(|p| host_pattern_matches(p, host)) {
                return Some(Classification::new(
                    entry.category.id(),
                    Some(entry.id.to_owned()),
                ));
            }
        }
        if self
            .allowed_hosts
            .iter()
            .any(|p| host_pattern_matches(p, host))
        {
            return Some(Classification::new("allowed", None));
        }
        Some(Classification::new("unknown", None))
    }
}

/// The site of a host: its registrable domain (`www.jetfin.kz` → `jetfin.kz`), or the host
/// itself for IP addresses, `localhost` and names without a known public suffix.
pub fn site_of(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        return host;
    }
    match psl::domain_str(&host) {
        Some(domain) => domain.to_owned(),
        None => host,
    }
}

/// The same resource, ignoring the query and fragment (cache busters, ids).
fn same_resource(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
        && a.path() == b.path()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jl_consent_core::parse_config;

    fn rules(config: &str) -> PageRules {
        let (config, problems) = parse_config(Some(config));
        assert!(problems.iter().all(|p| !p.is_fatal()), "{problems:?}");
        PageRules::new(
            Url::parse("https://www.jetfin.kz/leasing/").unwrap(),
            config,
            vec!["cdn.example".into(), "*.fonts.example".into()],
        )
    }

    fn request(rules: &PageRules, url: &str) -> Option<(String, Option<String>)> {
        rules
            .request(&Url::parse(url).unwrap(), Some("widget.jetfin.example"))
            .map(|c| (c.category, c.service))
    }

    #[test]
    fn the_widgets_own_keys_are_necessary() {
        let rules = rules(r#"{"cookie": {"name": "consent"}}"#);
        assert_eq!(rules.cookie("consent").category, "necessary");
        assert_eq!(
            rules.cookie("jl_consent").category,
            "unknown",
            "the configured name counts"
        );
        assert_eq!(rules.storage_key("jl_consent_queue").category, "necessary");
        assert_eq!(
            rules.storage_key("jl_consent_variant").category,
            "necessary"
        );
    }

    #[test]
    fn declared_services_win_over_the_catalogue_defaults() {
        let rules = rules(
            r#"{"categories": [{"id": "functional", "title": "Видео", "services": ["youtube"]},
                                {"id": "advertising", "services": [{"id": "hotjar"}, {"name": "Our pixel", "cookies": ["op_*"], "storage": ["op-key"], "hosts": ["px.partner.kz"]}]}]}"#,
        );
        let cookie = rules.cookie("_hjSession_123");
        assert_eq!(
            (cookie.category.as_str(), cookie.service.as_deref()),
            ("advertising", Some("hotjar"))
        );
        assert_eq!(rules.cookie("op_id").service.as_deref(), Some("Our pixel"));
        assert_eq!(rules.storage_key("op-key").category, "advertising");
        assert_eq!(
            request(&rules, "https://px.partner.kz/p.gif"),
            Some(("advertising".into(), Some("Our pixel".into())))
        );
        assert_eq!(
            request(&rules, "https://www.youtube-nocookie.com/embed/x"),
            Some(("functional".into(), Some("youtube".into())))
        );
        let undeclared = rules.cookie("_ga_XYZ");
        assert_eq!(
            (undeclared.category.as_str(), undeclared.service.as_deref()),
            ("analytics", Some("google-analytics")),
            "an undeclared catalogue service gets its default category"
        );
        assert_eq!(
            request(&rules, "https://mc.yandex.ru/metrika/tag.js"),
            Some(("analytics".into(), Some("yandex-metrika".into())))
        );
    }

    #[test]
    fn first_party_assets_are_not_requests_to_another_site_but_the_pixel_is_analytics() {
        let rules = rules(
            r#"{"pixelUrl": "/pixel.js", "logEndpoint": "https://consent.jetfin.example/api/v1/events"}"#,
        );
        assert_eq!(request(&rules, "https://www.jetfin.kz/site.css"), None);
        assert_eq!(request(&rules, "https://static.jetfin.kz/logo.svg"), None);
        assert_eq!(
            request(&rules, "https://www.jetfin.kz/pixel.js?v=2"),
            Some(("analytics".into(), Some("pixelUrl".into())))
        );
        assert_eq!(
            request(&rules, "https://consent.jetfin.example/api/v1/events")
                .unwrap()
                .0,
            "necessary"
        );
        assert_eq!(
            request(&rules, "https://widget.jetfin.example/consent.js")
                .unwrap()
                .0,
            "necessary"
        );
    }

    #[test]
    fn what_matches_nothing_is_unknown_unless_allowed() {
        let rules = rules("{}");
        assert_eq!(rules.cookie("session_x").category, "unknown");
        assert!(rules.cookie("session_x").is_non_essential());
        assert_eq!(
            request(&rules, "https://tracker.example/t.js").unwrap().0,
            "unknown"
        );
        let allowed = rules
            .request(
                &Url::parse("https://a.fonts.example/f.woff2").unwrap(),
                None,
            )
            .unwrap();
        assert_eq!(allowed.category, "allowed");
        assert!(!allowed.is_non_essential());
        assert_eq!(
            request(&rules, "https://cdn.example/x.js").unwrap().0,
            "allowed"
        );
    }

    #[test]
    fn sites_are_registrable_domains() {
        assert_eq!(site_of("www.jetfin.kz"), "jetfin.kz");
        assert_eq!(site_of("a.b.jetfin.kz"), "jetfin.kz");
        assert_ne!(site_of("one.com.kz"), site_of("two.com.kz"));
        assert_eq!(site_of("127.0.0.1"), "127.0.0.1");
        assert_eq!(site_of("localhost"), "localhost");
    }
}
