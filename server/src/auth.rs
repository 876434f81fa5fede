//! The signed-in marketer: an extractor that refuses every request without a valid session.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use crate::error::AppError;
use crate::session::{hash_token, token_from_cookie_header};
use crate::state::AppState;

/// A request with a valid, unexpired session. Put it first among a handler's arguments, so an
/// unauthenticated request is refused before anything else is looked at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub username: String,
    /// The hash of the session's token (what the database keeps), naming the session.
    pub session_hash: String,
}

/// The session token's hash from the request's cookies, if it carries a well-formed token.
pub fn session_token_hash(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(token_from_cookie_header)
        .map(hash_token)
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let hash = session_token_hash(parts).ok_or(AppError::Unauthenticated)?;
        match state
            .store
            .session_user(&hash, state.clock.now_ms())
            .await?
        {
            Some(username) => Ok(SignedIn {
                username,
                session_hash: hash,
            }),
            None => Err(AppError::Unauthenticated),
        }
    }
}
