-- The schema, for SQLite and PostgreSQL alike. Created on start; idempotent.
-- src/store/sql.rs fills in the few backend-specific words:
--   {{SERIAL}}  INTEGER PRIMARY KEY AUTOINCREMENT (SQLite) | BIGSERIAL PRIMARY KEY (PostgreSQL)
--   {{BLOB}}    BLOB (SQLite) | BYTEA (PostgreSQL)
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    bytes {{BLOB}} NOT NULL,
    size BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS candidates (
    seq {{SERIAL}},
    id TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    reasons TEXT NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES documents (sha256),
    content_type TEXT NOT NULL,
    file_name TEXT,
    source TEXT,
    job_id TEXT,
    email TEXT,
    consent BIGINT,
    idempotency_key TEXT UNIQUE,
    text TEXT NOT NULL,
    parse TEXT NOT NULL,
    resume TEXT NOT NULL,
    form TEXT NOT NULL,
    conflicts TEXT NOT NULL,
    review TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS candidates_file_email ON candidates (sha256, email) WHERE email IS NOT NULL;
CREATE INDEX IF NOT EXISTS candidates_status ON candidates (status, seq);
CREATE TABLE IF NOT EXISTS review_log (
    seq {{SERIAL}},
    candidate_id TEXT NOT NULL,
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    reason TEXT,
    before TEXT,
    after TEXT
);
CREATE INDEX IF NOT EXISTS review_log_candidate ON review_log (candidate_id);
-- The transactional outbox: one row per delivery to make, written in the
-- same transaction as the candidate change that calls for it. `target` is
-- 'ats' (the configured writer) or 'webhook' (lifecycle notifications).
-- state: pending -> delivered | skipped | failed. A worker leases a row
-- (locked_by/locked_until) while it delivers it; a lease that runs out (the
-- worker died) makes the row claimable again, and `create_sent` tells the
-- next worker to look the person up before creating (reconciliation).
CREATE TABLE IF NOT EXISTS outbox (
    seq {{SERIAL}},
    candidate_id TEXT NOT NULL,
    event TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    delivered_at TEXT
);
CREATE INDEX IF NOT EXISTS outbox_candidate ON outbox (candidate_id);
-- Every attempt to deliver: when, where, what, the answer. No personal data.
CREATE TABLE IF NOT EXISTS delivery_attempts (
    seq {{SERIAL}},
    outbox_seq BIGINT NOT NULL,
    candidate_id TEXT NOT NULL,
    at TEXT NOT NULL,
    target TEXT NOT NULL,
    operation TEXT NOT NULL,
    http_status BIGINT,
    duration_ms BIGINT NOT NULL,
    outcome TEXT NOT NULL,
    error TEXT,
    remote_id TEXT
);
CREATE INDEX IF NOT EXISTS delivery_attempts_candidate ON delivery_attempts (candidate_id)
