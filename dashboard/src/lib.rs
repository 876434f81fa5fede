//! The marketers' dashboard of the Jet Leasing consent banner.
//!
//! Everything a marketer relies on is computed in plain Rust modules, tested natively
//! (`cargo test -p jl-consent-dashboard`): number and date formats, chart scales and layouts, the
//! significance test of the A/B comparison, the date range kept in the URL, consent id input and the
//! server's JSON. The Yew components (browser only) just draw what those modules hand them.

pub mod ab_comparison;
pub mod api_error;
pub mod api_types;
pub mod chart_scale;
pub mod consent_lookup;
pub mod daily_summary;
pub mod date_range;
pub mod format;
pub mod headline;
pub mod labels;
pub mod retention;
pub mod route;
pub mod significance;
pub mod state;
pub mod trend_layout;
pub mod typed_date;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod components;
