-- The consent log (PostgreSQL). Days are whole days since 1970-01-01 (UTC), times Unix
-- milliseconds. Nothing identifying is kept: no IP address, no user agent, no page URL.
-- Integers are BIGINT throughout so both databases hand the server the same types.

-- Every event id ever stored (impressions and decisions), so a re-sent event is counted once.
CREATE TABLE event_ids (
    event_id TEXT PRIMARY KEY,
    day BIGINT NOT NULL
);

-- Decisions: the consent receipts, kept as proof of consent.
CREATE TABLE receipts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    consent_id TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    day BIGINT NOT NULL,
    decided_at BIGINT NOT NULL,
    revision BIGINT NOT NULL,
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
    day BIGINT NOT NULL,
    revision BIGINT NOT NULL,
    language TEXT NOT NULL,
    device TEXT NOT NULL,
    variant TEXT NOT NULL, -- '' when no variant was shown
    impressions BIGINT NOT NULL DEFAULT 0,
    first_accept_all BIGINT NOT NULL DEFAULT 0,
    first_reject_all BIGINT NOT NULL DEFAULT 0,
    first_custom BIGINT NOT NULL DEFAULT 0,
    changes BIGINT NOT NULL DEFAULT 0,
    withdrawals BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, revision, language, device, variant)
);

CREATE TABLE rollup_categories (
    day BIGINT NOT NULL,
    category TEXT NOT NULL,
    first_decisions BIGINT NOT NULL DEFAULT 0,
    first_granted BIGINT NOT NULL DEFAULT 0,
    decisions BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, category)
);

-- Marketer accounts (created from the command line only) and their sessions.
CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
