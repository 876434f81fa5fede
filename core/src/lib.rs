//! The pure core of the Jet Leasing consent banner: consent model, cookie codec, configuration
//! and policy texts. It knows nothing of the DOM, so every rule is tested natively and fast; the
//! Yew widget, the loader's vectors and the consent-log server all build on it.

pub mod catalogue;
pub mod category;
pub mod config;
pub mod consent_id;
pub mod consent_model;
pub mod cookie_codec;
pub mod cookie_jar;
pub mod country;
pub mod declaration;
pub mod json;
pub mod language;
#[cfg(not(target_arch = "wasm32"))]
pub mod loader_data;
pub mod notice;
pub mod policy_document;
pub mod receipt;
pub mod sha256;
pub mod shown;
pub mod texts;

pub use category::{CategoryId, Choices};
pub use config::{parse_config, read_config, ConfigProblem, WidgetConfig};
pub use consent_id::ConsentId;
pub use consent_model::{ConsentAction, ConsentModel, DecisionAction, DecisionContext, View};
pub use cookie_codec::{decode_cookie, encode_cookie, ConsentRecord, CookieError};
pub use language::Language;
pub use texts::{TextKey, Texts};
