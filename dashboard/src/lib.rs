//! The marketers' dashboard of the Jet Leasing consent banner.
//!
//! Everything a marketer relies on is computed in plain Rust modules, tested natively
//! (`cargo test -p jl-consent-dashboard`): number and date formats, chart scales and layouts, the
//! significance test of the A/B comparison, the date range kept in the URL, consent id input and the
//! server's JSON. The Yew components (browser only) just draw what those modules hand them.
//!
//! # Layout
//!
//! - [`model`]: everything computed, native and tested (see its map).
//! - `main.rs` starts `app` (browser only, as everything below): the one reducer, the requests
//!   its state asks for (`api`) and the page for the route; `browser` is the URL, the history,
//!   the clock and the window width.
//! - `pages`: one per route and the login; `components`: the parts pages are made of. A page or
//!   component drawing a model module has its name (`pages/variants.rs` draws
//!   `model/variants.rs`).

pub mod model;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod pages;
