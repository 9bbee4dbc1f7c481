//! The candidate store: where accepted resumes, their parses and the review
//! trail live.
//!
//! Input: candidates to insert, review decisions, erase requests. Output:
//! stored candidates, pages of them, documents. One [`Store`] trait with one
//! real implementation, [`sql::SqlStore`], over sqlx's `Any` driver: embedded
//! SQLite by default (a file, nothing to install), PostgreSQL when
//! `DATABASE_URL` names one so that several replicas share a queue. The
//! queries are the same text on both (sqlx binds `$1` on either); only the
//! schema's key and blob types differ (`migrations/schema.sql`).
//!
//! Invariants: a candidate is returned to the caller only after its
//! transaction committed (the HTTP layer answers 201 after that), so a crash
//! right after loses nothing; a document is stored once per sha256; erasing a
//! candidate removes its file (unless another candidate shares it), text,
//! parse, corrections and outbox rows; retention ([`Store::erase_older_than`])
//! erases the same way, by age.

pub mod sql;

use serde::Serialize;
use serde_json::Value;

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store unavailable: {0}")]
    Unavailable(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) => {
                StoreError::Corrupt(e.to_string())
            }
            other => StoreError::Unavailable(other.to_string()),
        }
    }
}

/// Where a candidate stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Confident parse: queued for the ATS writer.
    Accepted,
    /// Waiting for a recruiter in the review queue.
    NeedsReview,
    /// Approved by a recruiter (queued for the ATS writer).
    Approved,
    /// Rejected by a recruiter.
    Rejected,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Accepted => "accepted",
            Status::NeedsReview => "needs_review",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "accepted" => Status::Accepted,
            "needs_review" => Status::NeedsReview,
            "approved" => Status::Approved,
            "rejected" => Status::Rejected,
            _ => return None,
        })
    }
}

/// A candidate to store (everything the submission brought).
#[derive(Debug, Clone)]
pub struct NewCandidate {
    pub status: Status,
    pub reasons: Vec<String>,
    pub confidence: f64,
    pub sha256: String,
    pub content_type: String,
    pub file_name: Option<String>,
    pub bytes: Vec<u8>,
    /// The extracted text (lines joined), kept for review and re-parsing.
    pub text: String,
    pub source: Option<String>,
    pub job_id: Option<String>,
    /// Lower-cased e-mail (form value, else parsed): with the sha256, the
    /// duplicate key of a submission.
    pub email: Option<String>,
    pub consent: Option<bool>,
    pub idempotency_key: Option<String>,
    /// The parse envelope.
    pub parse: Value,
    /// The resume to write to the ATS: the parse with the form's values.
    pub resume: Value,
    /// The form fields as submitted.
    pub form: Value,
    /// Where the form and the parse disagreed.
    pub conflicts: Value,
}

/// A stored candidate, as the API returns it.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub id: String,
    pub status: Status,
    pub reasons: Vec<String>,
    pub confidence: f64,
    pub created_at: String,
    pub updated_at: String,
    pub sha256: String,
    pub content_type: String,
    pub file_name: Option<String>,
    pub source: Option<String>,
    pub job_id: Option<String>,
    pub consent: Option<bool>,
    pub resume: Value,
    pub form: Value,
    pub conflicts: Value,
    pub parse: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<Value>,
}

/// One page of candidates, oldest first, and where the next page starts.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub items: Vec<Candidate>,
    pub next_cursor: Option<String>,
}

/// A recruiter's decision on a queued candidate.
#[derive(Debug, Clone)]
pub enum Decision {
    /// Approved, with the corrected resume when the recruiter changed it.
    Approve {
        corrected: Option<Value>,
    },
    Reject {
        reason: String,
    },
}

/// What `insert` did.
#[derive(Debug, Clone)]
pub enum Inserted {
    /// A new candidate.
    New(Candidate),
    /// The same submission was seen before (idempotency key, or the same
    /// file and e-mail): the candidate stored then.
    Existing(Candidate),
}

/// An outbox row leased to a delivery worker.
#[derive(Debug, Clone)]
pub struct OutboxItem {
    pub seq: i64,
    pub candidate_id: String,
    pub event: String,
    /// `ats` (the configured writer) or `webhook` (notifications).
    pub target: String,
    /// Attempts made before this one.
    pub attempts: i64,
    /// The remote record, once created (only the attachment step is left).
    pub remote_id: Option<String>,
    /// A create was sent whose outcome is unknown: look up before creating.
    pub create_sent: bool,
    /// When that create was sent (RFC 3339).
    pub create_sent_at: Option<String>,
    pub created_at: String,
}

/// One call to a target, for the audit log (no personal data).
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    pub outbox_seq: i64,
    pub candidate_id: String,
    pub target: String,
    /// lookup | create | attach | notify
    pub operation: String,
    pub http_status: Option<u16>,
    pub duration_ms: u64,
    /// ok | retry | failed | duplicate | skipped
    pub outcome: String,
    pub error: Option<String>,
    pub remote_id: Option<String>,
}

/// How a delivery ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivered {
    /// Written to the target.
    Written,
    /// Nothing to send (no target configured, or an event the target ignores,
    /// or the candidate was erased meanwhile).
    Skipped,
}

/// Outbox depth and the age of its oldest pending row.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct OutboxStats {
    pub pending: i64,
    pub failed: i64,
    pub oldest_pending_secs: f64,
}

/// The store. `Send + Sync`; every method is one transaction.
#[async_trait::async_trait]
pub trait Store: Send + Sync {
    /// Whether the store answers (for `/readyz`).
    async fn ping(&self) -> Result<(), StoreError>;
    /// Store a candidate and its document; an accepted one is queued for the
    /// ATS writer in the same transaction.
    async fn insert(&self, c: NewCandidate) -> Result<Inserted, StoreError>;
    /// Store many candidates in one transaction (the bulk importer), each
    /// exactly as [`Store::insert`] would: the same duplicate rules, the same
    /// outbox rows. One result per candidate, in order.
    async fn insert_batch(&self, cs: Vec<NewCandidate>) -> Result<Vec<Inserted>, StoreError>;
    /// Which of these idempotency keys are already stored, with their
    /// candidate ids (an importer resuming skips those files unparsed).
    async fn known_keys(&self, keys: &[String]) -> Result<Vec<(String, String)>, StoreError>;
    async fn get(&self, id: &str) -> Result<Candidate, StoreError>;
    /// The extracted text (one line per extracted line), for review.
    async fn text(&self, id: &str) -> Result<String, StoreError>;
    /// The original file: (content type, file name, bytes).
    async fn document(&self, id: &str) -> Result<(String, Option<String>, Vec<u8>), StoreError>;
    /// Candidates (optionally of one status), oldest first, after `cursor`.
    async fn list(
        &self,
        status: Option<Status>,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page, StoreError>;
    /// Apply a review decision; `actor` is who decided. Only candidates in
    /// the review queue can be decided (else `Conflict`).
    async fn decide(&self, id: &str, actor: &str, d: Decision) -> Result<Candidate, StoreError>;
    /// Erase a candidate and every copy of its personal data.
    async fn erase(&self, id: &str) -> Result<(), StoreError>;
    /// How many candidates wait in the review queue.
    async fn queue_depth(&self) -> Result<i64, StoreError>;
    /// Retention: erase every candidate created before `cutoff` (RFC 3339
    /// UTC, as [`sql::stamp`] writes it) exactly as [`Store::erase`] does —
    /// text, parse, corrections, review log, outbox rows, delivery log and
    /// the file unless a kept candidate shares it. How many were erased.
    async fn erase_older_than(&self, cutoff: &str) -> Result<u64, StoreError> {
        let _ = cutoff;
        Err(StoreError::Unavailable(
            "this store does not support retention".into(),
        ))
    }

    // --- The outbox (delivery to the ATS), see `crate::ats::delivery`. ---

    /// Lease up to `limit` due rows to `worker` for `lease`. On PostgreSQL
    /// rows are claimed with `FOR UPDATE SKIP LOCKED`, so replicas never
    /// lease the same row twice; a lease that runs out frees the row.
    async fn claim(
        &self,
        worker: &str,
        lease: std::time::Duration,
        limit: u32,
    ) -> Result<Vec<OutboxItem>, StoreError>;
    /// Note progress on a leased row: a create is about to be sent
    /// (`create_sent`), or the remote record exists (`remote_id`).
    async fn progress(
        &self,
        seq: i64,
        create_sent: bool,
        remote_id: Option<&str>,
    ) -> Result<(), StoreError>;
    async fn record_attempt(&self, a: &Attempt) -> Result<(), StoreError>;
    /// The row is done.
    async fn delivered(
        &self,
        seq: i64,
        how: Delivered,
        remote_id: Option<&str>,
    ) -> Result<(), StoreError>;
    /// Try again at `at` (RFC 3339), after `error`.
    async fn retry_at(&self, seq: i64, at: &str, error: &str) -> Result<(), StoreError>;
    /// Give up on the row: in the same transaction the candidate goes to the
    /// review queue with reason `ats_write_failed` and the error.
    async fn delivery_failed(&self, seq: i64, error: &str) -> Result<(), StoreError>;
    /// Queue a notification (`target` webhook) for a candidate.
    async fn enqueue(
        &self,
        candidate_id: &str,
        event: &str,
        target: &str,
    ) -> Result<(), StoreError>;
    /// The delivery rows and every attempt, for `GET /v1/candidates/{id}/deliveries`.
    async fn deliveries(&self, candidate_id: &str) -> Result<Value, StoreError>;
    /// Retry a failed delivery: its rows are pending again and the candidate
    /// leaves the review queue (`Conflict` when nothing failed); `actor` is
    /// recorded in the review log.
    async fn retry_delivery(
        &self,
        candidate_id: &str,
        actor: &str,
    ) -> Result<Candidate, StoreError>;
    async fn outbox_stats(&self) -> Result<OutboxStats, StoreError>;
}
