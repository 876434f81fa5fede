//! Marketer accounts and their sessions.

use super::{on_pool, Store, StoreError};

/// One account as `user list` shows it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct UserSummary {
    pub username: String,
    #[sqlx(rename = "created_at")]
    pub created_at_ms: i64,
    pub active_sessions: i64,
}

impl Store {
    /// Adds an account; `Conflict` when the name is taken.
    pub async fn create_user(
        &self,
        username: &str,
        password_hash: &str,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, |pool, _Db| {
            sqlx::query(
                "INSERT INTO users (username, password_hash, created_at) VALUES ($1, $2, $3)",
            )
            .bind(username.to_owned())
            .bind(password_hash.to_owned())
            .bind(now_ms)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Removes an account and its sessions; false when there was none.
    pub async fn delete_user(&self, username: &str) -> Result<bool, StoreError> {
        on_pool!(self, |pool, _Db| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE username = $1)",
            )
            .bind(username.to_owned())
            .execute(&mut *tx)
            .await?;
            let deleted = sqlx::query("DELETE FROM users WHERE username = $1")
                .bind(username.to_owned())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            Ok(deleted > 0)
        })
    }

    /// Replaces an account's password and ends its sessions; false when there is no such account.
    pub async fn set_password(
        &self,
        username: &str,
        password_hash: &str,
    ) -> Result<bool, StoreError> {
        on_pool!(self, |pool, _Db| {
            let mut tx = pool.begin().await?;
            let updated = sqlx::query("UPDATE users SET password_hash = $1 WHERE username = $2")
                .bind(password_hash.to_owned())
                .bind(username.to_owned())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            sqlx::query(
                "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE username = $1)",
            )
            .bind(username.to_owned())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(updated > 0)
        })
    }

    /// Every account, by name, with its number of unexpired sessions at `now_ms`.
    pub async fn list_users(&self, now_ms: i64) -> Result<Vec<UserSummary>, StoreError> {
        on_pool!(self, |pool, Db| {
            Ok(sqlx::query_as::<Db, UserSummary>(
                "SELECT u.username, u.created_at, \
                 (SELECT COUNT(*) FROM sessions s WHERE s.user_id = u.id AND s.expires_at > $1) \
                 AS active_sessions FROM users u ORDER BY u.username",
            )
            .bind(now_ms)
            .fetch_all(pool)
            .await?)
        })
    }

    /// The id and PHC password hash of `username`, if the account exists.
    pub async fn user_credentials(
        &self,
        username: &str,
    ) -> Result<Option<(i64, String)>, StoreError> {
        on_pool!(self, |pool, _Db| {
            Ok(
                sqlx::query_as("SELECT id, password_hash FROM users WHERE username = $1")
                    .bind(username.to_owned())
                    .fetch_optional(pool)
                    .await?,
            )
        })
    }

    /// Records a session (by its token's hash) and sweeps out expired ones.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        now_ms: i64,
        expires_at_ms: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, |pool, _Db| {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                .bind(now_ms)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(token_hash.to_owned())
            .bind(user_id)
            .bind(now_ms)
            .bind(expires_at_ms)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// The user name of the unexpired session whose token hashes to `token_hash`.
    pub async fn session_user(
        &self,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<Option<String>, StoreError> {
        on_pool!(self, |pool, _Db| {
            Ok(sqlx::query_scalar(
                "SELECT u.username FROM sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.token_hash = $1 AND s.expires_at > $2",
            )
            .bind(token_hash.to_owned())
            .bind(now_ms)
            .fetch_optional(pool)
            .await?)
        })
    }

    /// Ends the session whose token hashes to `token_hash` (nothing if there is none).
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        on_pool!(self, |pool, _Db| {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash.to_owned())
                .execute(pool)
                .await?;
            Ok(())
        })
    }
}
