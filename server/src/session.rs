//! Dashboard sessions: random tokens in an HttpOnly cookie, stored only as SHA-256 hashes.

use std::fmt::Write;

use sha2::{Digest, Sha256};

/// The session cookie's name.
pub const COOKIE_NAME: &str = "jl_session";

/// A fresh session token (32 random bytes as 64 hex digits) and the hash the database keeps.
pub fn new_token() -> Result<(String, String), getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    let token = hex(&bytes);
    let hash = hash_token(&token);
    Ok((token, hash))
}

/// The stored form of `token`: its SHA-256 as hex, so a copy of the database opens no session.
pub fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The `Set-Cookie` value that starts a session lasting `max_age_secs`.
pub fn set_cookie(token: &str, max_age_secs: u64) -> String {
    format!(
        "{COOKIE_NAME}={token}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age={max_age_secs}"
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie() -> String {
    format!("{COOKIE_NAME}=; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=0")
}

/// The session token in a `Cookie` request header, if it holds a well-formed one.
pub fn token_from_cookie_header(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.trim())
        .filter(|value| value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let (a, hash_a) = new_token().unwrap();
        let (b, _) = new_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(hash_a, hash_token(&a));
        assert_ne!(hash_a, a);
    }

    #[test]
    fn the_cookie_is_found_among_others() {
        let token = "ab".repeat(32);
        let header = format!("theme=dark; jl_session={token}; other=1");
        assert_eq!(token_from_cookie_header(&header), Some(token.as_str()));
        assert_eq!(token_from_cookie_header("jl_session=short"), None);
        assert_eq!(token_from_cookie_header("theme=dark"), None);
    }
}
