//! The consent log as an anonymous attacker poisons it: every decision invents a banner variant
//! and 32 category ids nobody configured (the most one decision may list), so each one adds new
//! keys to the rollups and a new column to the receipts export.

use jl_consent_core::receipt::{batch_json, ConsentEvent, DeviceClass};
use jl_consent_core::{DecisionAction, Language};

use super::{decision, shown};

/// Category ids one decision may list (the core's limit).
pub const CATEGORIES_PER_DECISION: u32 = 32;

/// Decision `n`: a fresh variant `vN` and the fresh categories `cN-0` … `cN-31`, half granted.
pub fn hostile_decision(n: u32) -> ConsentEvent {
    let categories: Vec<(String, bool)> = (0..CATEGORIES_PER_DECISION)
        .map(|k| (format!("c{n}-{k}"), k % 2 == 0))
        .collect();
    let choices: Vec<(&str, bool)> = categories
        .iter()
        .map(|(id, granted)| (id.as_str(), *granted))
        .collect();
    decision(
        n,
        n,
        shown(3, Language::Kk, DeviceClass::Mobile, Some(&format!("v{n}"))),
        DecisionAction::Custom,
        true,
        &choices,
    )
}

/// The decisions `first..first + count`, as request bodies of `per_request` decisions each.
pub fn hostile_bodies(first: u32, count: u32, per_request: u32) -> Vec<String> {
    let events: Vec<ConsentEvent> = (first..first + count).map(hostile_decision).collect();
    events
        .chunks(per_request as usize)
        .map(batch_json)
        .collect()
}
