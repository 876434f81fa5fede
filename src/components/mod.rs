//! The widget's views: thin components that render data and report clicks.

pub mod banner;
pub mod category_row;
pub mod preferences;
