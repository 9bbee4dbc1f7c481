//! [`Store`] over sqlx's `Any` driver: SQLite (default) or PostgreSQL.
//!
//! Input: a database URL (`sqlite://path?mode=rwc`, `postgres://…`). Output:
//! a pooled store whose schema is created on connect (`migrations/schema.sql`,
//! one file for both backends: only the key and blob types differ, filled in
//! here). Every query is the same text on both backends.
//!
//! SQLite runs in WAL mode with `synchronous=FULL`, so a committed candidate
//! survives a crash of the process (kill -9) and of the machine.

use chrono::{SecondsFormat, Utc};
use serde_json::{Value, json};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};

use super::{
    Attempt, Candidate, Decision, Delivered, Inserted, NewCandidate, OutboxItem, OutboxStats, Page,
    Status, Store, StoreError,
};

/// The schema, with `{{SERIAL}}` and `{{BLOB}}` for the backend's key and blob types.
const SCHEMA: &str = include_str!("../../migrations/schema.sql");

fn schema(sqlite: bool) -> String {
    let (serial, blob) = if sqlite {
        ("INTEGER PRIMARY KEY AUTOINCREMENT", "BLOB")
    } else {
        ("BIGSERIAL PRIMARY KEY", "BYTEA")
    };
    let ddl = SCHEMA
        .replace("{{SERIAL}}", serial)
        .replace("{{BLOB}}", blob);
    if sqlite {
        ddl
    } else {
        // Replicas starting together create the schema one at a time.
        format!("SELECT pg_advisory_xact_lock(72431);\n{ddl}")
    }
}

/// The columns a [`Candidate`] is read from.
const COLUMNS: &str = "id, status, reasons, confidence, created_at, updated_at, sha256, \
    content_type, file_name, source, job_id, consent, resume, form, conflicts, parse, review";

/// Outbox columns added after the table's first version: created when
/// missing, so a store made by an earlier build upgrades in place.
const OUTBOX_COLUMNS: &[(&str, &str)] = &[
    ("target", "TEXT NOT NULL DEFAULT 'ats'"),
    ("state", "TEXT NOT NULL DEFAULT 'pending'"),
    ("next_attempt_at", "TEXT"),
    ("locked_by", "TEXT"),
    ("locked_until", "TEXT"),
    ("remote_id", "TEXT"),
    ("create_sent", "BIGINT NOT NULL DEFAULT 0"),
    ("create_sent_at", "TEXT"),
    ("last_error", "TEXT"),
];

/// How long a request waits for a pooled connection (or for a new one to
/// open) before the store counts as unavailable.
const ACQUIRE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Candidates erased per transaction by retention.
const RETENTION_CHUNK: usize = 200;

pub struct SqlStore {
    pool: AnyPool,
    postgres: bool,
}

impl SqlStore {
    /// Connect (creating the SQLite file if needed) and create the schema.
    pub async fn connect(url: &str) -> Result<SqlStore, StoreError> {
        sqlx::any::install_default_drivers();
        let sqlite = url.starts_with("sqlite:");
        let pool = if sqlite {
            // WAL + synchronous=FULL on every pooled connection: a committed
            // row survives kill -9 and power loss.
            AnyPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        for pragma in [
                            "PRAGMA journal_mode=WAL",
                            "PRAGMA synchronous=FULL",
                            "PRAGMA busy_timeout=5000",
                            "PRAGMA foreign_keys=ON",
                            // Erased candidates are overwritten on disk, not just unlinked.
                            "PRAGMA secure_delete=ON",
                        ] {
                            sqlx::query(pragma).execute(&mut *conn).await?;
                        }
                        Ok(())
                    })
                })
                .connect(&sqlite_url(url))
                .await?
        } else {
            // A statement that the server cannot finish in 30 s is
            // cancelled there, so a request holds a connection for a
            // bounded time; waiting for a connection is bounded by the
            // acquire timeout (then 503 `store_unavailable`).
            AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        sqlx::query("SET statement_timeout = 30000")
                            .execute(&mut *conn)
                            .await?;
                        Ok(())
                    })
                })
                .connect(url)
                .await?
        };
        let store = SqlStore {
            pool,
            postgres: !sqlite,
        };
        store.migrate(&schema(sqlite)).await?;
        Ok(store)
    }

    async fn migrate(&self, ddl: &str) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        // Statements end with `;`; `--` comment lines are dropped first.
        let ddl: String = ddl
            .lines()
            .filter(|l| !l.trim_start().starts_with("--"))
            .collect::<Vec<_>>()
            .join("\n");
        for stmt in ddl.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            sqlx::query(sqlx::AssertSqlSafe(stmt.to_owned()))
                .execute(&mut *tx)
                .await?;
        }
        // Columns added since the table's first version (same transaction,
        // so on PostgreSQL under the same advisory lock).
        let have: Vec<String> = if self.postgres {
            sqlx::query(
                "SELECT column_name::text AS name FROM information_schema.columns \
                 WHERE table_name = 'outbox' AND table_schema = current_schema()",
            )
            .fetch_all(&mut *tx)
            .await?
        } else {
            sqlx::query("SELECT name FROM pragma_table_info('outbox')")
                .fetch_all(&mut *tx)
                .await?
        }
        .iter()
        .filter_map(|r| r.try_get::<String, _>("name").ok())
        .collect();
        for (col, ty) in OUTBOX_COLUMNS {
            if !have.iter().any(|h| h == col) {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "ALTER TABLE outbox ADD COLUMN {col} {ty}"
                )))
                .execute(&mut *tx)
                .await?;
            }
        }
        sqlx::query(
            "CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt_at, seq)",
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn fetch(&self, id: &str) -> Result<Candidate, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM candidates WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        candidate(&row)
    }
}

/// A SQLite URL that creates the file when missing (`mode=rwc`).
fn sqlite_url(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// Timestamps are stored as RFC 3339 UTC text with milliseconds, so they
/// compare correctly as strings on both backends.
pub fn now() -> String {
    stamp(Utc::now())
}

pub fn stamp(t: chrono::DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The stored form of a candidate just inserted (what a read would return).
fn written(id: String, at: &str, c: NewCandidate) -> Candidate {
    Candidate {
        id,
        status: c.status,
        reasons: c.reasons,
        confidence: c.confidence,
        created_at: at.to_owned(),
        updated_at: at.to_owned(),
        sha256: c.sha256,
        content_type: c.content_type,
        file_name: c.file_name,
        source: c.source,
        job_id: c.job_id,
        consent: c.consent,
        resume: c.resume,
        form: c.form,
        conflicts: c.conflicts,
        parse: c.parse,
        review: None,
    }
}

/// Insert one candidate (and its document, and its outbox row) inside `tx`;
/// its new id.
async fn insert_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    c: &NewCandidate,
) -> Result<(String, String), sqlx::Error> {
    let id = uuid::Uuid::now_v7().to_string();
    let at = now();
    sqlx::query(
        "INSERT INTO documents (sha256, content_type, bytes, size, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING",
    )
    .bind(&c.sha256)
    .bind(&c.content_type)
    .bind(&c.bytes)
    .bind(c.bytes.len() as i64)
    .bind(&at)
    .execute(&mut **tx)
    .await?;
    let reasons = serde_json::to_string(&c.reasons).unwrap_or_else(|_| "[]".into());
    sqlx::query(
        "INSERT INTO candidates (id, status, reasons, confidence, created_at, updated_at, \
         sha256, content_type, file_name, source, job_id, email, consent, idempotency_key, \
         text, parse, resume, form, conflicts) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
    )
    .bind(&id)
    .bind(c.status.as_str())
    .bind(&reasons)
    .bind(c.confidence)
    .bind(&at)
    .bind(&at)
    .bind(&c.sha256)
    .bind(&c.content_type)
    .bind(&c.file_name)
    .bind(&c.source)
    .bind(&c.job_id)
    .bind(&c.email)
    .bind(c.consent.map(i64::from))
    .bind(&c.idempotency_key)
    .bind(&c.text)
    .bind(text(&c.parse))
    .bind(text(&c.resume))
    .bind(text(&c.form))
    .bind(text(&c.conflicts))
    .execute(&mut **tx)
    .await?;
    let (event, target) = if c.status == Status::NeedsReview {
        ("candidate.review_required", "webhook")
    } else {
        ("candidate.accepted", "ats")
    };
    if matches!(c.status, Status::Accepted | Status::NeedsReview) {
        enqueue_in(tx, &id, event, target, &at).await?;
    }
    Ok((id, at))
}

async fn enqueue_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    candidate_id: &str,
    event: &str,
    target: &str,
    at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (candidate_id, event, created_at, attempts, target, state) \
         VALUES ($1, $2, $3, 0, $4, 'pending')",
    )
    .bind(candidate_id)
    .bind(event)
    .bind(at)
    .bind(target)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn text(v: &Value) -> String {
    v.to_string()
}

fn json_col(row: &AnyRow, col: &str) -> Result<Value, StoreError> {
    let s: String = row.try_get(col)?;
    serde_json::from_str(&s).map_err(|e| StoreError::Corrupt(format!("{col}: {e}")))
}

fn candidate(row: &AnyRow) -> Result<Candidate, StoreError> {
    let status: String = row.try_get("status")?;
    let reasons = json_col(row, "reasons")?;
    let review: Option<String> = row.try_get("review")?;
    let consent: Option<i64> = row.try_get("consent")?;
    Ok(Candidate {
        id: row.try_get("id")?,
        status: Status::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("status {status}")))?,
        reasons: serde_json::from_value(reasons)
            .map_err(|e| StoreError::Corrupt(format!("reasons: {e}")))?,
        confidence: row.try_get("confidence")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        sha256: row.try_get("sha256")?,
        content_type: row.try_get("content_type")?,
        file_name: row.try_get("file_name")?,
        source: row.try_get("source")?,
        job_id: row.try_get("job_id")?,
        consent: consent.map(|c| c != 0),
        resume: json_col(row, "resume")?,
        form: json_col(row, "form")?,
        conflicts: json_col(row, "conflicts")?,
        parse: json_col(row, "parse")?,
        review: review
            .map(|r| serde_json::from_str(&r))
            .transpose()
            .map_err(|e| StoreError::Corrupt(format!("review: {e}")))?,
    })
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// The JSON Pointers where two documents differ, with both values.
pub fn json_diff(before: &Value, after: &Value) -> Vec<Value> {
    fn walk(path: &str, a: &Value, b: &Value, out: &mut Vec<Value>) {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
                keys.sort();
                keys.dedup();
                for k in keys {
                    let p = format!("{path}/{}", k.replace('~', "~0").replace('/', "~1"));
                    walk(
                        &p,
                        x.get(k).unwrap_or(&Value::Null),
                        y.get(k).unwrap_or(&Value::Null),
                        out,
                    );
                }
            }
            (Value::Array(x), Value::Array(y)) => {
                for i in 0..x.len().max(y.len()) {
                    walk(
                        &format!("{path}/{i}"),
                        x.get(i).unwrap_or(&Value::Null),
                        y.get(i).unwrap_or(&Value::Null),
                        out,
                    );
                }
            }
            _ if a != b => out.push(json!({"path": path, "before": a, "after": b})),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk("", before, after, &mut out);
    out
}

#[async_trait::async_trait]
impl Store for SqlStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn insert(&self, c: NewCandidate) -> Result<Inserted, StoreError> {
        // The same submission again: by idempotency key, else by file + e-mail.
        if let Some(existing) = self.find_duplicate(&c).await? {
            return Ok(Inserted::Existing(existing));
        }
        let mut tx = self.pool.begin().await?;
        let id = match insert_in(&mut tx, &c).await {
            Ok((id, _)) => id,
            Err(e) => {
                if is_unique_violation(&e) {
                    // A concurrent twin committed first: answer with it.
                    drop(tx);
                    if let Some(existing) = self.find_duplicate(&c).await? {
                        return Ok(Inserted::Existing(existing));
                    }
                }
                return Err(e.into());
            }
        };
        tx.commit().await?;
        Ok(Inserted::New(self.fetch(&id).await?))
    }

    async fn insert_batch(&self, cs: Vec<NewCandidate>) -> Result<Vec<Inserted>, StoreError> {
        // Duplicates of earlier submissions, and of each other within the batch.
        let mut plan: Vec<Result<usize, Candidate>> = Vec::with_capacity(cs.len());
        let mut seen: Vec<(Option<&str>, &str, Option<&str>)> = Vec::new();
        for (n, c) in cs.iter().enumerate() {
            if let Some(existing) = self.find_duplicate(c).await? {
                plan.push(Err(existing));
                continue;
            }
            let twin = seen.iter().position(|(key, sha, email)| {
                (c.idempotency_key.is_some() && *key == c.idempotency_key.as_deref())
                    || (c.email.is_some() && *sha == c.sha256 && *email == c.email.as_deref())
            });
            match twin {
                Some(t) => plan.push(Ok(t)),
                None => plan.push(Ok(n)),
            }
            seen.push((c.idempotency_key.as_deref(), &c.sha256, c.email.as_deref()));
        }
        let mut tx = self.pool.begin().await?;
        let mut ids: Vec<Option<(String, String)>> = vec![None; cs.len()];
        for (n, c) in cs.iter().enumerate() {
            if matches!(plan[n], Ok(t) if t == n) {
                match insert_in(&mut tx, c).await {
                    Ok(id) => ids[n] = Some(id),
                    Err(e) if is_unique_violation(&e) => {
                        // Raced with another writer: fall back to one by one.
                        drop(tx);
                        let mut out = Vec::with_capacity(cs.len());
                        for c in cs {
                            out.push(self.insert(c).await?);
                        }
                        return Ok(out);
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        }
        tx.commit().await?;
        let mut out = Vec::with_capacity(cs.len());
        for (n, (p, c)) in plan.into_iter().zip(cs).enumerate() {
            out.push(match p {
                Err(existing) => Inserted::Existing(existing),
                // Just written: no need to read it back.
                Ok(t) if t == n => match ids[n].take() {
                    Some((id, at)) => Inserted::New(written(id, &at, c)),
                    None => return Err(StoreError::Corrupt("batch row not inserted".into())),
                },
                Ok(t) => match ids.get(t).cloned().flatten() {
                    Some((id, _)) => Inserted::Existing(self.fetch(&id).await?),
                    None => {
                        // Its twin came earlier in this batch and was moved
                        // out already: find it by its keys.
                        match self.find_duplicate(&c).await? {
                            Some(e) => Inserted::Existing(e),
                            None => return Err(StoreError::Corrupt("batch twin not found".into())),
                        }
                    }
                },
            });
        }
        Ok(out)
    }

    async fn known_keys(&self, keys: &[String]) -> Result<Vec<(String, String)>, StoreError> {
        let mut found = Vec::new();
        for chunk in keys.chunks(200) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT idempotency_key, id FROM candidates WHERE idempotency_key IN ({})",
                marks.join(", ")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for k in chunk {
                q = q.bind(k);
            }
            for row in q.fetch_all(&self.pool).await? {
                found.push((row.try_get("idempotency_key")?, row.try_get("id")?));
            }
        }
        Ok(found)
    }

    async fn get(&self, id: &str) -> Result<Candidate, StoreError> {
        self.fetch(id).await
    }

    async fn text(&self, id: &str) -> Result<String, StoreError> {
        let row = sqlx::query("SELECT text FROM candidates WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(row.try_get("text")?)
    }

    async fn document(&self, id: &str) -> Result<(String, Option<String>, Vec<u8>), StoreError> {
        let row = sqlx::query(
            "SELECT d.content_type, c.file_name, d.bytes FROM candidates c \
             JOIN documents d ON d.sha256 = c.sha256 WHERE c.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok((
            row.try_get("content_type")?,
            row.try_get("file_name")?,
            row.try_get("bytes")?,
        ))
    }

    async fn list(
        &self,
        status: Option<Status>,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page, StoreError> {
        let after: i64 = match cursor {
            None | Some("") => 0,
            Some(c) => c
                .parse()
                .map_err(|_| StoreError::Conflict("invalid cursor".into()))?,
        };
        let limit = i64::from(limit.clamp(1, 200));
        let rows = match status {
            Some(s) => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT seq, {COLUMNS} FROM candidates WHERE status = $1 AND seq > $2 \
                     ORDER BY seq LIMIT $3"
                )))
                .bind(s.as_str())
                .bind(after)
                .bind(limit + 1)
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT seq, {COLUMNS} FROM candidates WHERE seq > $1 ORDER BY seq LIMIT $2"
                )))
                .bind(after)
                .bind(limit + 1)
                .fetch_all(&self.pool)
                .await?
            }
        };
        let more = rows.len() as i64 > limit;
        let mut items = Vec::with_capacity(rows.len());
        let mut last = None;
        for row in rows.iter().take(limit as usize) {
            last = Some(row.try_get::<i64, _>("seq")?);
            items.push(candidate(row)?);
        }
        Ok(Page {
            items,
            next_cursor: if more {
                last.map(|s| s.to_string())
            } else {
                None
            },
        })
    }

    async fn decide(&self, id: &str, actor: &str, d: Decision) -> Result<Candidate, StoreError> {
        let current = self.fetch(id).await?;
        if current.status != Status::NeedsReview {
            return Err(StoreError::Conflict(format!(
                "candidate is {}, not in the review queue",
                current.status.as_str()
            )));
        }
        let at = now();
        let mut tx = self.pool.begin().await?;
        let (status, review, before, after, reason, action) = match &d {
            Decision::Approve { corrected } => {
                let after = corrected.clone().unwrap_or_else(|| current.resume.clone());
                let changes = json_diff(&current.resume, &after);
                (
                    Status::Approved,
                    json!({"action": "approve", "by": actor, "at": at, "changes": changes}),
                    Some(current.resume.clone()),
                    Some(after),
                    None,
                    "approve",
                )
            }
            Decision::Reject { reason } => (
                Status::Rejected,
                json!({"action": "reject", "by": actor, "at": at, "reason": reason}),
                None,
                None,
                Some(reason.clone()),
                "reject",
            ),
        };
        // Only a candidate still in the queue changes (a concurrent decision loses).
        let updated = sqlx::query(
            "UPDATE candidates SET status = $1, review = $2, resume = $3, updated_at = $4 \
             WHERE id = $5 AND status = $6",
        )
        .bind(status.as_str())
        .bind(text(&review))
        .bind(text(after.as_ref().unwrap_or(&current.resume)))
        .bind(&at)
        .bind(id)
        .bind(Status::NeedsReview.as_str())
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() != 1 {
            return Err(StoreError::Conflict("decided concurrently".into()));
        }
        sqlx::query(
            "INSERT INTO review_log (candidate_id, action, actor, at, reason, before, after) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(action)
        .bind(actor)
        .bind(&at)
        .bind(&reason)
        .bind(before.as_ref().map(text))
        .bind(after.as_ref().map(text))
        .execute(&mut *tx)
        .await?;
        if status == Status::Approved {
            enqueue_in(&mut tx, id, "candidate.approved", "ats", &at).await?;
        }
        tx.commit().await?;
        self.fetch(id).await
    }

    async fn erase(&self, id: &str) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        // A write first, so SQLite takes its write lock now (see
        // `erase_older_than`); a missing candidate rolls it back.
        sqlx::query("DELETE FROM review_log WHERE candidate_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let row = sqlx::query("SELECT sha256 FROM candidates WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let sha: String = row.try_get("sha256")?;
        for stmt in [
            "DELETE FROM outbox WHERE candidate_id = $1",
            "DELETE FROM delivery_attempts WHERE candidate_id = $1",
            "DELETE FROM candidates WHERE id = $1",
        ] {
            sqlx::query(stmt).bind(id).execute(&mut *tx).await?;
        }
        sqlx::query(
            "DELETE FROM documents WHERE sha256 = $1 \
             AND NOT EXISTS (SELECT 1 FROM candidates WHERE sha256 = $1)",
        )
        .bind(&sha)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn erase_older_than(&self, cutoff: &str) -> Result<u64, StoreError> {
        let mut erased = 0u64;
        loop {
            // One chunk per transaction: short locks, progress kept if the
            // store goes away midway (the next run goes on).
            let mut tx = self.pool.begin().await?;
            // A write first: SQLite takes its write lock here (waiting up
            // to busy_timeout) instead of failing to upgrade a read lock
            // later while the ATS writer writes. The SELECT below then sees
            // the same chunk.
            sqlx::query(
                "DELETE FROM review_log WHERE candidate_id IN (SELECT id FROM candidates \
                 WHERE created_at < $1 ORDER BY seq LIMIT $2)",
            )
            .bind(cutoff)
            .bind(RETENTION_CHUNK as i64)
            .execute(&mut *tx)
            .await?;
            let rows = sqlx::query(
                "SELECT id, sha256 FROM candidates WHERE created_at < $1 ORDER BY seq LIMIT $2",
            )
            .bind(cutoff)
            .bind(RETENTION_CHUNK as i64)
            .fetch_all(&mut *tx)
            .await?;
            if rows.is_empty() {
                return Ok(erased);
            }
            let mut ids = Vec::with_capacity(rows.len());
            let mut shas = Vec::with_capacity(rows.len());
            for r in &rows {
                ids.push(r.try_get::<String, _>("id")?);
                shas.push(r.try_get::<String, _>("sha256")?);
            }
            shas.sort();
            shas.dedup();
            let marks = |n: usize| {
                (1..=n)
                    .map(|i| format!("${i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let id_marks = marks(ids.len());
            for table in [
                "outbox WHERE candidate_id",
                "delivery_attempts WHERE candidate_id",
                "candidates WHERE id",
            ] {
                let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DELETE FROM {table} IN ({id_marks})"
                )));
                for id in &ids {
                    q = q.bind(id);
                }
                q.execute(&mut *tx).await?;
            }
            for sha in &shas {
                sqlx::query(
                    "DELETE FROM documents WHERE sha256 = $1 \
                     AND NOT EXISTS (SELECT 1 FROM candidates WHERE sha256 = $1)",
                )
                .bind(sha)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            erased += ids.len() as u64;
        }
    }

    async fn queue_depth(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM candidates WHERE status = $1")
            .bind(Status::NeedsReview.as_str())
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    async fn claim(
        &self,
        worker: &str,
        lease: std::time::Duration,
        limit: u32,
    ) -> Result<Vec<OutboxItem>, StoreError> {
        let now_t = Utc::now();
        let until = stamp(now_t + chrono::Duration::from_std(lease).unwrap_or_default());
        let skip_locked = if self.postgres {
            " FOR UPDATE SKIP LOCKED"
        } else {
            ""
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE outbox SET locked_by = $1, locked_until = $2 WHERE seq IN (\
               SELECT seq FROM outbox WHERE state = 'pending' \
               AND (next_attempt_at IS NULL OR next_attempt_at <= $3) \
               AND (locked_until IS NULL OR locked_until <= $3) \
               ORDER BY seq LIMIT $4{skip_locked}) \
             RETURNING seq, candidate_id, event, target, attempts, remote_id, create_sent, create_sent_at, created_at"
        )))
        .bind(worker)
        .bind(&until)
        .bind(stamp(now_t))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        let mut items = rows
            .iter()
            .map(|r| {
                Ok(OutboxItem {
                    seq: r.try_get("seq")?,
                    candidate_id: r.try_get("candidate_id")?,
                    event: r.try_get("event")?,
                    target: r.try_get("target")?,
                    attempts: r.try_get("attempts")?,
                    remote_id: r.try_get("remote_id")?,
                    create_sent: r.try_get::<i64, _>("create_sent")? != 0,
                    create_sent_at: r.try_get("create_sent_at")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        items.sort_by_key(|i| i.seq);
        Ok(items)
    }

    async fn progress(
        &self,
        seq: i64,
        create_sent: bool,
        remote_id: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE outbox SET create_sent = $1, remote_id = COALESCE($2, remote_id), \
             create_sent_at = CASE WHEN $1 = 1 THEN $4 ELSE create_sent_at END WHERE seq = $3",
        )
        .bind(i64::from(create_sent))
        .bind(remote_id)
        .bind(seq)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn record_attempt(&self, a: &Attempt) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO delivery_attempts (outbox_seq, candidate_id, at, target, operation, \
             http_status, duration_ms, outcome, error, remote_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(a.outbox_seq)
        .bind(&a.candidate_id)
        .bind(now())
        .bind(&a.target)
        .bind(&a.operation)
        .bind(a.http_status.map(i64::from))
        .bind(i64::try_from(a.duration_ms).unwrap_or(i64::MAX))
        .bind(&a.outcome)
        .bind(&a.error)
        .bind(&a.remote_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn delivered(
        &self,
        seq: i64,
        how: Delivered,
        remote_id: Option<&str>,
    ) -> Result<(), StoreError> {
        let state = match how {
            Delivered::Written => "delivered",
            Delivered::Skipped => "skipped",
        };
        sqlx::query(
            "UPDATE outbox SET state = $1, delivered_at = $2, remote_id = COALESCE($3, remote_id), \
             locked_by = NULL, locked_until = NULL, last_error = NULL WHERE seq = $4",
        )
        .bind(state)
        .bind(now())
        .bind(remote_id)
        .bind(seq)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn retry_at(&self, seq: i64, at: &str, error: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2, \
             locked_by = NULL, locked_until = NULL WHERE seq = $3",
        )
        .bind(at)
        .bind(error)
        .bind(seq)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn delivery_failed(&self, seq: i64, error: &str) -> Result<(), StoreError> {
        let at = now();
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(
            "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = $1, \
             locked_by = NULL, locked_until = NULL WHERE seq = $2 RETURNING candidate_id",
        )
        .bind(error)
        .bind(seq)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = row {
            let id: String = row.try_get("candidate_id")?;
            if let Some(c) = sqlx::query("SELECT reasons FROM candidates WHERE id = $1")
                .bind(&id)
                .fetch_optional(&mut *tx)
                .await?
            {
                let mut reasons: Vec<String> =
                    serde_json::from_str(&c.try_get::<String, _>("reasons")?).unwrap_or_default();
                if !reasons.iter().any(|r| r == "ats_write_failed") {
                    reasons.push("ats_write_failed".into());
                }
                sqlx::query(
                    "UPDATE candidates SET status = $1, reasons = $2, updated_at = $3 WHERE id = $4",
                )
                .bind(Status::NeedsReview.as_str())
                .bind(serde_json::to_string(&reasons).unwrap_or_else(|_| "[]".into()))
                .bind(&at)
                .bind(&id)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO review_log (candidate_id, action, actor, at, reason) \
                     VALUES ($1, 'ats_write_failed', 'ats-writer', $2, $3)",
                )
                .bind(&id)
                .bind(&at)
                .bind(error)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn enqueue(
        &self,
        candidate_id: &str,
        event: &str,
        target: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        enqueue_in(&mut tx, candidate_id, event, target, &now()).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn deliveries(&self, candidate_id: &str) -> Result<Value, StoreError> {
        // 404 for an unknown candidate.
        self.fetch(candidate_id).await?;
        let rows = sqlx::query(
            "SELECT seq, event, target, state, attempts, created_at, delivered_at, \
             next_attempt_at, remote_id, last_error FROM outbox WHERE candidate_id = $1 ORDER BY seq",
        )
        .bind(candidate_id)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            out.push(json!({
                "id": r.try_get::<i64, _>("seq")?,
                "event": r.try_get::<String, _>("event")?,
                "target": r.try_get::<String, _>("target")?,
                "state": r.try_get::<String, _>("state")?,
                "attempts": r.try_get::<i64, _>("attempts")?,
                "created_at": r.try_get::<String, _>("created_at")?,
                "delivered_at": r.try_get::<Option<String>, _>("delivered_at")?,
                "next_attempt_at": r.try_get::<Option<String>, _>("next_attempt_at")?,
                "remote_id": r.try_get::<Option<String>, _>("remote_id")?,
                "last_error": r.try_get::<Option<String>, _>("last_error")?,
            }));
        }
        let rows = sqlx::query(
            "SELECT outbox_seq, at, target, operation, http_status, duration_ms, outcome, error, \
             remote_id FROM delivery_attempts WHERE candidate_id = $1 ORDER BY seq",
        )
        .bind(candidate_id)
        .fetch_all(&self.pool)
        .await?;
        let mut attempts = Vec::new();
        for r in &rows {
            attempts.push(json!({
                "delivery": r.try_get::<i64, _>("outbox_seq")?,
                "at": r.try_get::<String, _>("at")?,
                "target": r.try_get::<String, _>("target")?,
                "operation": r.try_get::<String, _>("operation")?,
                "http_status": r.try_get::<Option<i64>, _>("http_status")?,
                "duration_ms": r.try_get::<i64, _>("duration_ms")?,
                "outcome": r.try_get::<String, _>("outcome")?,
                "error": r.try_get::<Option<String>, _>("error")?,
                "remote_id": r.try_get::<Option<String>, _>("remote_id")?,
            }));
        }
        Ok(json!({"candidate_id": candidate_id, "deliveries": out, "attempts": attempts}))
    }

    async fn retry_delivery(
        &self,
        candidate_id: &str,
        actor: &str,
    ) -> Result<Candidate, StoreError> {
        let current = self.fetch(candidate_id).await?;
        if current.status != Status::NeedsReview
            || !current.reasons.iter().any(|r| r == "ats_write_failed")
        {
            return Err(StoreError::Conflict(
                "the candidate has no failed ATS write".into(),
            ));
        }
        let at = now();
        let mut tx = self.pool.begin().await?;
        let reset = sqlx::query(
            "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = NULL, \
             locked_by = NULL, locked_until = NULL WHERE candidate_id = $1 AND state = 'failed'",
        )
        .bind(candidate_id)
        .execute(&mut *tx)
        .await?;
        if reset.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "the candidate has no failed ATS write".into(),
            ));
        }
        let approved = current
            .review
            .as_ref()
            .is_some_and(|r| r.get("action").and_then(Value::as_str) == Some("approve"));
        let status = if approved {
            Status::Approved
        } else {
            Status::Accepted
        };
        let reasons: Vec<&String> = current
            .reasons
            .iter()
            .filter(|r| *r != "ats_write_failed")
            .collect();
        sqlx::query(
            "UPDATE candidates SET status = $1, reasons = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(status.as_str())
        .bind(serde_json::to_string(&reasons).unwrap_or_else(|_| "[]".into()))
        .bind(&at)
        .bind(candidate_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO review_log (candidate_id, action, actor, at, reason) \
             VALUES ($1, 'retry_ats_write', $2, $3, NULL)",
        )
        .bind(candidate_id)
        .bind(actor)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.fetch(candidate_id).await
    }

    async fn outbox_stats(&self) -> Result<OutboxStats, StoreError> {
        let row = sqlx::query(
            "SELECT \
               (SELECT COUNT(*) FROM outbox WHERE state = 'pending') AS pending, \
               (SELECT COUNT(*) FROM outbox WHERE state = 'failed') AS failed, \
               (SELECT MIN(created_at) FROM outbox WHERE state = 'pending') AS oldest",
        )
        .fetch_one(&self.pool)
        .await?;
        let oldest: Option<String> = row.try_get("oldest")?;
        let oldest_pending_secs = oldest
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| {
                (Utc::now() - t.with_timezone(&Utc))
                    .num_milliseconds()
                    .max(0) as f64
                    / 1000.0
            })
            .unwrap_or(0.0);
        Ok(OutboxStats {
            pending: row.try_get("pending")?,
            failed: row.try_get("failed")?,
            oldest_pending_secs,
        })
    }
}

impl SqlStore {
    async fn find_duplicate(&self, c: &NewCandidate) -> Result<Option<Candidate>, StoreError> {
        if let Some(key) = &c.idempotency_key {
            let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM candidates WHERE idempotency_key = $1"
            )))
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
            if let Some(r) = row {
                return candidate(&r).map(Some);
            }
        }
        if let Some(email) = &c.email {
            let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM candidates WHERE sha256 = $1 AND email = $2"
            )))
            .bind(&c.sha256)
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
            if let Some(r) = row {
                return candidate(&r).map(Some);
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_lists_changed_pointers() {
        let a =
            json!({"basics": {"name": "Jane", "email": "a@x.io"}, "work": [{"position": "Dev"}]});
        let b = json!({"basics": {"name": "Jane", "email": "b@x.io"}, "work": [{"position": "Engineer"}]});
        let d = json_diff(&a, &b);
        let paths: Vec<&str> = d.iter().filter_map(|c| c["path"].as_str()).collect();
        assert_eq!(paths, ["/basics/email", "/work/0/position"]);
    }
}
