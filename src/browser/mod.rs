//! The widget's only contact with the page: cookies, time, randomness, the console, the host
//! element, the loader's bridge. Every call here is guarded; nothing throws into the host page.

pub mod bridge;
pub mod clock;
pub mod console;
pub mod cookie;
pub mod host;
pub mod page;
pub mod random;
pub mod variant_store;
