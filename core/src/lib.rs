//! The pure core of the Jet Leasing consent banner: consent model, cookie codec, configuration
//! and policy texts. It knows nothing of the DOM, so every rule is tested natively and fast; the
//! Yew widget, the loader's vectors and the consent-log server all build on it.
//!
//! # Layout
//!
//! From the leaves up (a module uses only those above it in this list):
//!
//! - [`json`]: the small JSON reader and writer everything else speaks through.
//! - [`sha256`]: SHA-256, for the fingerprint of what a visitor was shown.
//! - `language`: the bundled languages and how one is chosen ([`Language`]).
//! - [`category`]: category ids and a visitor's choice for each.
//! - `suggest`: "did you mean", for unknown keys and catalogue ids.
//! - `texts`: everything the banner says, per language ([`Texts`], [`TextKey`]).
//! - [`consent_id`], [`cookie_jar`], [`cookie_codec`]: the consent id, `document.cookie` strings,
//!   and the consent cookie's value (a [`ConsentRecord`]).
//! - [`catalogue`]: the built-in services a site can name by id.
//! - [`config`]: the site's configuration: its surface (every key, declared once), the reader with
//!   its problems, and the normal form the loader hands the widget.
//! - [`shown`]: what the banner shows for a language and variant, and its fingerprint.
//! - `consent_model`: the banner's state machine ([`ConsentModel`]).
//! - [`receipt`]: the consent log's events, as the widget sends and the server reads them.
//! - [`policy_document`]: the privacy policy's text, for its page.
//! - [`loader_data`] (native only): the loader's copies of what the core knows (`loader/data/`).

pub mod catalogue;
pub mod category;
pub mod config;
pub mod consent_id;
mod consent_model;
pub mod cookie_codec;
pub mod cookie_jar;
pub mod country;
pub mod declaration;
pub mod json;
mod language;
#[cfg(not(target_arch = "wasm32"))]
pub mod loader_data;
pub mod notice;
pub mod policy_document;
pub mod receipt;
pub mod sha256;
pub mod shown;
mod suggest;
mod texts;

pub use category::{CategoryId, Choices};
pub use config::{parse_config, read_config, ConfigProblem, WidgetConfig};
pub use consent_id::ConsentId;
pub use consent_model::{ConsentAction, ConsentModel, DecisionAction, DecisionContext, View};
pub use cookie_codec::{decode_cookie, encode_cookie, ConsentRecord, CookieError};
pub use language::Language;
pub use texts::{TextKey, Texts};
