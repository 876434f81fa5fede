//! Randomness for consent and event ids.

/// Ten random bytes from `crypto.getRandomValues`, or from `Math.random` where the Web Crypto API
/// is missing (ids need to be unique, not secret).
pub fn random_bytes() -> [u8; 10] {
    let mut bytes = [0u8; 10];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}
