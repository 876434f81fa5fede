//! Any configuration text yields a usable configuration and a list of problems, never a panic;
//! the configuration in effect is always within its documented bounds.
#![no_main]

use jl_consent_core::config::{is_safe_url, MAX_MAX_AGE_DAYS, MAX_REVISION};
use jl_consent_core::cookie_jar::is_valid_cookie_name;
use jl_consent_core::parse_config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (config, problems) = parse_config(Some(&text));
    assert!(is_valid_cookie_name(&config.cookie.name));
    assert!((1..=MAX_MAX_AGE_DAYS).contains(&config.cookie.max_age_days));
    assert!((1..=MAX_REVISION).contains(&config.revision));
    assert!(config.pixel_url.as_deref().is_none_or(is_safe_url));
    assert!(config.policy_url.as_deref().is_none_or(is_safe_url));
    assert!(config.log_endpoint.as_deref().is_none_or(is_safe_url));
    assert!(config.optional_categories().len() <= 32);
    for problem in &problems {
        let _ = problem.to_string();
    }
    let _ = config.for_variant(config.variants.first().map(|v| v.id.as_str()));
});
