//! The ATS writer: where accepted candidates go after the store.
//!
//! Input: an [`Outgoing`] candidate (the payload already shaped by the
//! target's field mapping, [`mapping`], plus the original file). Output: the
//! record the target created or updated ([`RemoteRecord`]) or a typed
//! [`AtsError`] that says whether a retry can help, how long to wait, and
//! whether the outcome is unknown (a create whose response was lost must be
//! reconciled by lookup before any retry).
//!
//! One [`AtsSink`] trait with one implementation per target: Greenhouse
//! Harvest ([`greenhouse`]), Lever ([`lever`]), Standard Webhooks
//! ([`webhook`]); `none` writes nothing. The delivery loop ([`delivery`])
//! drives a sink from the store's transactional outbox: rate limit, retries
//! with backoff, lookup-before-create, audit of every attempt. The fake ATS
//! ([`fake`]) speaks the vendors' documented shapes for tests and demos.

pub mod delivery;
pub mod fake;
pub mod greenhouse;
pub mod lever;
pub mod mapping;
pub mod setup;
pub mod webhook;

use std::time::Duration;

use serde_json::Value;

/// Which system candidates are written to (`ATS_KIND`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    Greenhouse,
    Lever,
    Webhook,
    None,
}

impl Target {
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Greenhouse => "greenhouse",
            Target::Lever => "lever",
            Target::Webhook => "webhook",
            Target::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<Target> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "greenhouse" => Target::Greenhouse,
            "lever" => Target::Lever,
            "webhook" => Target::Webhook,
            "none" | "" => Target::None,
            _ => return None,
        })
    }
}

/// The original resume file, sent along as the candidate's attachment.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// One candidate on its way to the target.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// Our candidate id (stable; used to tag the remote record).
    pub candidate_id: String,
    /// The outbox event (`candidate.accepted`, `candidate.approved`, …).
    pub event: String,
    /// A key stable across retries of this one delivery (the webhook id).
    pub delivery_id: String,
    /// The target's request body, produced by the field mapping.
    pub payload: Value,
    /// Lower-cased e-mail addresses, for the duplicate lookup.
    pub emails: Vec<String>,
    /// The job to apply to, when there is one (form value or `ATS_JOB_ID`).
    pub job_id: Option<String>,
    pub attachment: Option<Attachment>,
}

/// A record in the target system.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RemoteRecord {
    /// The target's id (Greenhouse candidate id, Lever opportunity id,
    /// webhook message id).
    pub id: String,
    /// The HTTP status of the call that produced it.
    pub status: u16,
}

/// Why a call to the target failed, classified for the delivery loop.
#[derive(Debug, Clone, thiserror::Error)]
pub enum AtsError {
    /// 429: wait `retry_after` (from `Retry-After` or `X-RateLimit-Reset`).
    #[error("rate limited (HTTP 429)")]
    RateLimited { retry_after: Option<Duration> },
    /// 5xx, or the connection could not be made: nothing was done; retry.
    #[error("target unavailable{}", status.map(|s| format!(" (HTTP {s})")).unwrap_or_default())]
    Unavailable {
        status: Option<u16>,
        retry_after: Option<Duration>,
        detail: String,
    },
    /// The request was sent but no (complete) answer came back before the
    /// deadline, or the connection dropped: the target may have acted.
    /// Reconcile by lookup before retrying a create.
    #[error("outcome unknown: {0}")]
    OutcomeUnknown(String),
    /// 400/401/403/404/422 and the like: retrying the same request cannot
    /// help. `detail` is the target's message (never the candidate's data).
    #[error("rejected (HTTP {status}): {detail}")]
    Rejected { status: u16, detail: String },
    /// Our side: a payload the sink cannot send (missing required field).
    #[error("cannot send: {0}")]
    Invalid(String),
}

impl AtsError {
    /// Whether retrying later can succeed.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            AtsError::RateLimited { .. } | AtsError::Unavailable { .. } | AtsError::OutcomeUnknown(_)
        )
    }

    /// How long the target asked us to wait, if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            AtsError::RateLimited { retry_after } | AtsError::Unavailable { retry_after, .. } => {
                *retry_after
            }
            _ => None,
        }
    }

    /// The HTTP status the target answered with, if any.
    pub fn status(&self) -> Option<u16> {
        match self {
            AtsError::RateLimited { .. } => Some(429),
            AtsError::Unavailable { status, .. } => *status,
            AtsError::Rejected { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// A target system. Every call is one HTTP request (or a short fixed
/// sequence) with its own deadline; none retries by itself — retries,
/// backoff and rate limits belong to [`delivery`].
#[async_trait::async_trait]
pub trait AtsSink: Send + Sync {
    fn target(&self) -> Target;

    /// The existing record for this person (by e-mail), if the target has
    /// one. Targets without lookup (webhook) answer `Ok(None)`.
    async fn find(&self, c: &Outgoing) -> Result<Option<RemoteRecord>, AtsError>;

    /// Create the person's record (with the application to `job_id`), then
    /// add the resume attachment when the target takes it separately.
    async fn create(&self, c: &Outgoing) -> Result<RemoteRecord, AtsError>;

    /// Add this resume (and application) to an existing record.
    async fn attach(&self, existing: &RemoteRecord, c: &Outgoing)
    -> Result<RemoteRecord, AtsError>;
}

/// Parse a `Retry-After` header value: delta-seconds or an HTTP date.
pub fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(3600.0)));
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let wait = at.signed_duration_since(chrono::Utc::now());
    Some(wait.to_std().unwrap_or(Duration::ZERO).min(Duration::from_secs(3600)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after(" 0.5 "), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("soon"), None);
        // A date in the past means "now".
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn classification() {
        assert!(AtsError::RateLimited { retry_after: None }.is_transient());
        assert!(AtsError::OutcomeUnknown("timeout".into()).is_transient());
        let r = AtsError::Rejected {
            status: 422,
            detail: "email invalid".into(),
        };
        assert!(!r.is_transient());
        assert_eq!(r.status(), Some(422));
    }
}
