//! The widget configurations this server knows (`--widget-config`), and the check that every
//! event could have come from one of them.
//!
//! The widget records with each event the fingerprint (`configHash`) of what it showed: the
//! configuration resolved for the visitor's language and banner variant
//! (`jl_consent_core::shown::shown_fingerprint`). Given the configurations deployed, the server
//! computes every fingerprint they can produce, the same way the widget does, and refuses events
//! whose fingerprint, revision, variant or categories no deployed banner could have sent: a forged
//! or mistaken receipt is refused (422) instead of being kept as proof of consent.
//!
//! One module per job: `page` finds the configuration block in an HTML page, `reading`
//! reads a configuration from text or a file, `fingerprints` lists what the known
//! configurations can produce, and `admission` checks a batch of events against that list.

mod admission;
mod fingerprints;
mod page;
mod reading;

pub use admission::Mismatch;
pub use fingerprints::{
    widget_fingerprint, widget_languages, widget_variants, KnownConfigurations, KnownShown,
};
pub use page::{config_text_from_html, CONFIG_ELEMENT_ID};
pub use reading::{parse_widget_config, read_widget_config};
