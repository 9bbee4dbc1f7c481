-- Schema for PostgreSQL (DATABASE_URL=postgres://…). Created on start; idempotent.
SELECT pg_advisory_xact_lock(72431);
-- Keep in step with sqlite.sql: same tables and columns, PostgreSQL types.
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    bytes BYTEA NOT NULL,
    size BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS candidates (
    seq BIGSERIAL PRIMARY KEY,
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
    seq BIGSERIAL PRIMARY KEY,
    candidate_id TEXT NOT NULL,
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    reason TEXT,
    before TEXT,
    after TEXT
);
CREATE INDEX IF NOT EXISTS review_log_candidate ON review_log (candidate_id);
CREATE TABLE IF NOT EXISTS outbox (
    seq BIGSERIAL PRIMARY KEY,
    candidate_id TEXT NOT NULL,
    event TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    delivered_at TEXT
);
CREATE INDEX IF NOT EXISTS outbox_candidate ON outbox (candidate_id)
