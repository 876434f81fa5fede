//! The widget's views: thin functions that render data and report clicks through `on*` callbacks.
//!
//! They hold no state (the one reducer in `widget.rs` does), so they are plain functions returning
//! `Html` rather than Yew components: every component type costs its own copy of Yew's lifecycle
//! machinery in the WebAssembly (about 1 KB brotli each, measured), and these gain nothing from it.

pub mod banner;
pub mod category_row;
pub mod declaration;
pub mod markup;
pub mod preferences;
