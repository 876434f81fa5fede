//! What the dashboard knows and computes, in plain Rust tested natively (`cargo test -p
//! jl-consent-dashboard`); the pages and components only draw it. From the leaves up (a module uses
//! only those above it):
//!
//! - [`api_types`]: the server's JSON (the `jl-consent-api` types) and how it is read.
//! - [`iso_day`], [`format`], [`labels`]: days as the URL and the API write them; numbers, shares
//!   and times the Russian way; names for the server's keys.
//! - [`typed_date`], [`date_range`], [`route`]: dates as typed, the range a view shows, and the URL
//!   that holds page, range and consent id.
//! - [`chart_scale`], [`significance`]: chart scales and ticks; the statistics of a difference.
//! - [`outcome`]: an impression's outcome, as the charts, tiles and summaries colour and count it.
//! - [`daily_summary`], [`trend_chart`], [`headline`]: the daily chart in words, its geometry, and
//!   the headline tiles (`components/trend_chart.rs`, `components/headline.rs` draw them).
//! - [`variants`], [`receipts`]: the A/B comparison and the consent id lookup (the pages of the
//!   same names).
//! - [`api_error`]: a failed request in a marketer's words.
//! - [`retention`]: how long the server keeps receipts, in a marketer's words.
//! - [`state`]: the one state and its actions (the reducer `app.rs` runs).

pub mod api_error;
pub mod api_types;
pub mod chart_scale;
pub mod daily_summary;
pub mod date_range;
pub mod format;
pub mod headline;
pub mod iso_day;
pub mod labels;
pub mod outcome;
pub mod receipts;
pub mod retention;
pub mod route;
pub mod significance;
pub mod state;
pub mod trend_chart;
pub mod typed_date;
pub mod variants;
