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

use super::{Candidate, Decision, Inserted, NewCandidate, Page, Status, Store, StoreError};

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

pub struct SqlStore {
    pool: AnyPool,
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
                .acquire_timeout(std::time::Duration::from_secs(5))
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
            AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(std::time::Duration::from_secs(5))
                .connect(url)
                .await?
        };
        let store = SqlStore { pool };
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

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
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
        let id = uuid::Uuid::now_v7().to_string();
        let at = now();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO documents (sha256, content_type, bytes, size, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(&c.sha256)
        .bind(&c.content_type)
        .bind(&c.bytes)
        .bind(c.bytes.len() as i64)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        let reasons = serde_json::to_string(&c.reasons).unwrap_or_else(|_| "[]".into());
        let inserted = sqlx::query(
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
        .execute(&mut *tx)
        .await;
        if let Err(e) = inserted {
            if is_unique_violation(&e) {
                // A concurrent twin committed first: answer with it.
                drop(tx);
                if let Some(existing) = self.find_duplicate(&c).await? {
                    return Ok(Inserted::Existing(existing));
                }
            }
            return Err(e.into());
        }
        if c.status == Status::Accepted {
            sqlx::query(
                "INSERT INTO outbox (candidate_id, event, created_at, attempts) VALUES ($1, $2, $3, 0)",
            )
            .bind(&id)
            .bind("candidate.accepted")
            .bind(&at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Inserted::New(self.fetch(&id).await?))
    }

    async fn get(&self, id: &str) -> Result<Candidate, StoreError> {
        self.fetch(id).await
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
            sqlx::query(
                "INSERT INTO outbox (candidate_id, event, created_at, attempts) VALUES ($1, $2, $3, 0)",
            )
            .bind(id)
            .bind("candidate.approved")
            .bind(&at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.fetch(id).await
    }

    async fn erase(&self, id: &str) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query("SELECT sha256 FROM candidates WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let sha: String = row.try_get("sha256")?;
        for stmt in [
            "DELETE FROM review_log WHERE candidate_id = $1",
            "DELETE FROM outbox WHERE candidate_id = $1",
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

    async fn queue_depth(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM candidates WHERE status = $1")
            .bind(Status::NeedsReview.as_str())
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
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
