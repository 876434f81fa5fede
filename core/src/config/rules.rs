//! The shape rules for configuration values that also matter to the loader's JavaScript: both
//! sides accept exactly the same URLs, domains and cookie patterns (shared vectors check it).

use crate::cookie_jar::is_valid_cookie_name;

/// Longest URL accepted anywhere in the configuration, in characters.
pub const MAX_URL_LEN: usize = 2048;

/// True for `http(s)://…` URLs and for paths (`/x`, `./x`, `x/y`), false for any other scheme
/// (`javascript:`, `data:`…), for whitespace and control characters, and for over-long values.
pub fn is_safe_url(url: &str) -> bool {
    // Counted in characters and with the same character classes as the loader's JavaScript
    // (`\s` there is White_Space plus U+FEFF), so both accept exactly the same URLs.
    let forbidden = |c: char| c.is_whitespace() || c.is_control() || c == '\u{feff}';
    if url.is_empty() || url.chars().count() > MAX_URL_LEN || url.chars().any(forbidden) {
        return false;
    }
    if url.starts_with("//") {
        return false; // protocol-relative: would follow the page onto plain http
    }
    let lower = url.to_ascii_lowercase();
    for scheme in ["https://", "http://"] {
        if lower.starts_with(scheme) {
            return url.len() > scheme.len();
        }
    }
    // Anything with a ':' before the first '/', '?' or '#' would be read as a scheme.
    let head_end = url.find(['/', '?', '#']).unwrap_or(url.len());
    !url[..head_end].contains(':')
}

/// True for a cookie domain such as `jetfin.kz` or `.jetfin.kz`.
pub fn is_valid_domain(domain: &str) -> bool {
    let bare = domain.strip_prefix('.').unwrap_or(domain);
    !bare.is_empty()
        && bare.len() <= 253
        && bare.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// True for a cookie a service sets: a cookie name, or a name prefix ending in `*` (`_ga*`).
pub fn is_cookie_pattern(pattern: &str) -> bool {
    let name = pattern.strip_suffix('*').unwrap_or(pattern);
    is_valid_cookie_name(name) && !name.contains('*')
}

/// True when `cookie_name` is matched by `pattern` (exactly, or by prefix for `prefix*`).
pub fn cookie_pattern_matches(pattern: &str, cookie_name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => cookie_name.starts_with(prefix),
        None => cookie_name == pattern,
    }
}

/// True for a host a service's requests go to: an exact host (`mc.yandex.ru`) or a domain and all
/// its subdomains (`*.hotjar.com`).
pub fn is_host_pattern(pattern: &str) -> bool {
    let host = pattern.strip_prefix("*.").unwrap_or(pattern);
    !host.starts_with('.') && host.contains('.') && is_valid_domain(host)
}

/// True when `host` is matched by `pattern`: exactly, or for `*.domain` the domain itself or any
/// subdomain of it (ASCII case is ignored, as in host names).
pub fn host_pattern_matches(pattern: &str, host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    match pattern.strip_prefix("*.") {
        Some(domain) => {
            let domain = domain.to_ascii_lowercase();
            host == domain
                || (host.len() > domain.len()
                    && host.ends_with(&domain)
                    && host.as_bytes()[host.len() - domain.len() - 1] == b'.')
        }
        None => host == pattern.to_ascii_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_be_http_or_paths() {
        for ok in [
            "/pixel.js",
            "pixel.js",
            "./a/b.js",
            "../x.js?v=1",
            "https://a.kz/p.js",
            "HTTP://a.kz/x",
        ] {
            assert!(is_safe_url(ok), "{ok}");
        }
        for bad in [
            "",
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            "data:text/js,1",
            "//evil.example/p.js",
            "https://",
            "/a b",
            "/a\n",
            "vbscript:x",
            "a:b/c",
            "/a\u{feff}",
        ] {
            assert!(!is_safe_url(bad), "{bad}");
        }
    }

    #[test]
    fn domains_are_checked() {
        assert!(is_valid_domain(".jetfin.kz"));
        assert!(is_valid_domain("jetfin.kz"));
        for bad in [
            "",
            ".",
            "a..b",
            "-a.kz",
            "a b.kz",
            "a;b",
            "jetfin.kz; Secure",
        ] {
            assert!(!is_valid_domain(bad), "{bad}");
        }
    }

    #[test]
    fn cookie_patterns_are_names_or_prefixes() {
        for ok in ["_ga", "_ga*", "_ym_uid", "a*"] {
            assert!(is_cookie_pattern(ok), "{ok}");
        }
        for bad in ["", "*", "a**", "*a", "a b", "a;b*", "_g*a"] {
            assert!(!is_cookie_pattern(bad), "{bad}");
        }
        assert!(cookie_pattern_matches("_ga*", "_ga_ABC123"));
        assert!(cookie_pattern_matches("_ga*", "_ga"));
        assert!(!cookie_pattern_matches("_ga", "_ga_ABC"));
        assert!(!cookie_pattern_matches("_ym*", "_ga"));
    }

    #[test]
    fn host_patterns_are_hosts_or_domain_suffixes() {
        for ok in [
            "mc.yandex.ru",
            "*.hotjar.com",
            "api-maps.yandex.ru",
            "*.google-analytics.com",
        ] {
            assert!(is_host_pattern(ok), "{ok}");
        }
        for bad in [
            "",
            "*",
            "*.",
            "*.com",
            "localhost",
            ".yandex.ru",
            "a b.ru",
            "*.*.ru",
            "https://a.ru",
            "a.ru/x",
            "a.ru:80",
        ] {
            assert!(!is_host_pattern(bad), "{bad}");
        }
        assert!(host_pattern_matches("*.hotjar.com", "static.hotjar.com"));
        assert!(host_pattern_matches("*.hotjar.com", "hotjar.com"));
        assert!(host_pattern_matches("*.hotjar.com", "A.B.HOTJAR.COM."));
        assert!(!host_pattern_matches("*.hotjar.com", "nothotjar.com"));
        assert!(!host_pattern_matches(
            "*.hotjar.com",
            "hotjar.com.evil.example"
        ));
        assert!(host_pattern_matches("mc.yandex.ru", "MC.yandex.ru"));
        assert!(!host_pattern_matches("mc.yandex.ru", "x.mc.yandex.ru"));
    }
}
