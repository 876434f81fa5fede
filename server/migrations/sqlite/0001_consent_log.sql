-- The consent log (SQLite). Days are whole days since 1970-01-01 (UTC), times Unix milliseconds.
-- Nothing identifying is kept: no IP address, no user agent, no page URL.

-- Every event id ever stored (impressions and decisions), so a re-sent event is counted once.
CREATE TABLE event_ids (
    event_id TEXT PRIMARY KEY NOT NULL,
    day INTEGER NOT NULL
) WITHOUT ROWID;

-- Decisions: the consent receipts, kept as proof of consent.
CREATE TABLE receipts (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    consent_id TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    day INTEGER NOT NULL,
    decided_at INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    config_hash TEXT NOT NULL,
    action TEXT NOT NULL,
    first BOOLEAN NOT NULL,
    language TEXT NOT NULL,
    device TEXT NOT NULL,
    variant TEXT,
    -- The choices as a JSON object in the order the widget listed them.
    choices TEXT NOT NULL
);
CREATE INDEX receipts_by_consent ON receipts (consent_id, id);
CREATE INDEX receipts_by_day ON receipts (day, id);

-- Counters maintained at ingest: statistics read only these.
CREATE TABLE rollup_daily (
    day INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    language TEXT NOT NULL,
    device TEXT NOT NULL,
    variant TEXT NOT NULL, -- '' when no variant was shown
    impressions INTEGER NOT NULL DEFAULT 0,
    first_accept_all INTEGER NOT NULL DEFAULT 0,
    first_reject_all INTEGER NOT NULL DEFAULT 0,
    first_custom INTEGER NOT NULL DEFAULT 0,
    changes INTEGER NOT NULL DEFAULT 0,
    withdrawals INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, revision, language, device, variant)
) WITHOUT ROWID;

CREATE TABLE rollup_categories (
    day INTEGER NOT NULL,
    category TEXT NOT NULL,
    first_decisions INTEGER NOT NULL DEFAULT 0,
    first_granted INTEGER NOT NULL DEFAULT 0,
    decisions INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, category)
) WITHOUT ROWID;

-- Marketer accounts (created from the command line only) and their sessions.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
