//! Keeps the visitor's banner variant (A/B tests) in `localStorage`, so each visitor sees the same
//! variant on every page. Only the variant id is stored ("a", "b"): nothing that identifies anyone.

use jl_consent_core::config::{choose_variant, VariantConfig};
use jl_consent_core::declaration::VARIANT_STORAGE_KEY as KEY;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The visitor's variant: the stored one if it is still configured, else a new weighted choice,
/// stored for next time. None when the configuration has no variants.
pub fn visitor_variant(variants: &[VariantConfig]) -> Option<String> {
    if variants.is_empty() {
        return None;
    }
    let stored = storage().and_then(|s| s.get_item(KEY).ok().flatten());
    if let Some(id) = stored.filter(|id| variants.iter().any(|v| &v.id == id)) {
        return Some(id);
    }
    let chosen = choose_variant(variants, js_sys::Math::random())?.id.clone();
    if let Some(storage) = storage() {
        let _ = storage.set_item(KEY, &chosen);
    }
    Some(chosen)
}
