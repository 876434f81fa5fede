//! The dashboard's pages, one per route (`model::route::Page`) and the login: each takes what
//! the state holds for it and lays out the components.

pub mod login;
pub mod overview;
pub mod receipts;
pub mod variants;
