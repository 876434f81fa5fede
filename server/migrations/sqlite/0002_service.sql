-- Running the consent log as a service (SQLite): retention, erasure on request, readiness.

-- Retention deletes event ids by the day they were received, in small batches.
CREATE INDEX event_ids_by_day ON event_ids (day);

-- One row per erasure of a visitor's receipts on request: when, and how many receipts. The
-- consent id is not kept (keeping it would keep the visitor's trace).
CREATE TABLE erasures (
    id INTEGER PRIMARY KEY,
    erased_at INTEGER NOT NULL,
    receipts INTEGER NOT NULL
);

-- The readiness probe's write: one row, updated by every probe.
CREATE TABLE readiness_probe (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at INTEGER NOT NULL
);
