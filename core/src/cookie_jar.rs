//! Reading one cookie out of `document.cookie` and writing the string that sets or deletes it.

/// The value of the first cookie called `name` in a `document.cookie` / `Cookie:` header string.
///
/// Browsers list the most specific cookie first when several share a name, so the first wins.
pub fn find_cookie<'a>(cookie_header: &'a str, name: &str) -> Option<&'a str> {
    cookie_header.split(';').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key.trim() == name).then(|| value.trim())
    })
}

/// The `document.cookie` assignment that stores `value` under `name` for the whole site.
///
/// `Path=/` so every page sees the decision; `SameSite=Lax` because the cookie is first-party
/// and needed on top-level navigations; `Secure` whenever the page itself is on https.
pub fn set_cookie_string(
    name: &str,
    value: &str,
    domain: Option<&str>,
    max_age_seconds: u64,
    secure: bool,
) -> String {
    let mut out = String::with_capacity(name.len() + value.len() + 64);
    out.push_str(name);
    out.push('=');
    out.push_str(value);
    out.push_str("; Path=/; Max-Age=");
    out.push_str(&max_age_seconds.to_string());
    if let Some(domain) = domain {
        out.push_str("; Domain=");
        out.push_str(domain);
    }
    out.push_str("; SameSite=Lax");
    if secure {
        out.push_str("; Secure");
    }
    out
}

/// The `document.cookie` assignment that deletes `name` as set with `path` and `domain`.
pub fn delete_cookie_string(name: &str, path: &str, domain: Option<&str>) -> String {
    let mut out = String::with_capacity(name.len() + path.len() + 64);
    out.push_str(name);
    out.push_str("=; Path=");
    out.push_str(path);
    if let Some(domain) = domain {
        out.push_str("; Domain=");
        out.push_str(domain);
    }
    out.push_str("; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    out
}

/// True when `name` is a valid cookie name (an RFC 6265 token) of at most 64 characters.
pub fn is_valid_cookie_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_named_cookie_among_others() {
        let header = "a=1; jl_consent=1|3|x; jl_consent_old=2;b=";
        assert_eq!(find_cookie(header, "jl_consent"), Some("1|3|x"));
        assert_eq!(find_cookie(header, "b"), Some(""));
        assert_eq!(find_cookie(header, "jl"), None);
        assert_eq!(find_cookie("", "jl_consent"), None);
        assert_eq!(find_cookie("jl_consent", "jl_consent"), None);
    }

    #[test]
    fn the_first_of_duplicate_cookies_wins() {
        assert_eq!(find_cookie("x=first; x=second", "x"), Some("first"));
    }

    #[test]
    fn set_string_carries_the_required_attributes() {
        assert_eq!(
            set_cookie_string("jl_consent", "v", None, 15_552_000, true),
            "jl_consent=v; Path=/; Max-Age=15552000; SameSite=Lax; Secure"
        );
        assert_eq!(
            set_cookie_string("c", "v", Some(".jetfin.kz"), 60, false),
            "c=v; Path=/; Max-Age=60; Domain=.jetfin.kz; SameSite=Lax"
        );
    }

    #[test]
    fn delete_string_expires_the_cookie() {
        let s = delete_cookie_string("_ga", "/", Some(".jetfin.kz"));
        assert!(s.starts_with("_ga=; Path=/; Domain=.jetfin.kz; Max-Age=0"));
    }

    #[test]
    fn cookie_names_must_be_tokens() {
        assert!(is_valid_cookie_name("jl_consent"));
        for bad in [
            "",
            "a b",
            "a=b",
            "a;b",
            "a,b",
            "кука",
            "a\"b",
            &"a".repeat(65),
        ] {
            assert!(!is_valid_cookie_name(bad), "{bad}");
        }
    }
}
