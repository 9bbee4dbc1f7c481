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
            AtsError::RateLimited { .. }
                | AtsError::Unavailable { .. }
                | AtsError::OutcomeUnknown(_)
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
        return (secs.is_finite() && secs >= 0.0)
            .then(|| Duration::from_secs_f64(secs.min(3600.0)));
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let wait = at.signed_duration_since(chrono::Utc::now());
    Some(
        wait.to_std()
            .unwrap_or(Duration::ZERO)
            .min(Duration::from_secs(3600)),
    )
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

/// Shared HTTP plumbing for the sinks (appended with the Greenhouse, Lever
/// and webhook sinks): one client builder, one response classification into
/// [`AtsError`], and error details that never carry candidate data.
pub(crate) mod http {
    use std::time::Duration;

    use reqwest::header::HeaderMap;

    use super::{AtsError, parse_retry_after};

    /// A client for one target: rustls with the ring provider, `timeout` as
    /// the deadline of every request (connect, send and the whole body).
    pub(crate) fn client(timeout: Duration) -> Result<reqwest::Client, AtsError> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("resume-parser/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|_| AtsError::Invalid("cannot build the HTTP client".into()))
    }

    /// Parse a base URL (`https://harvest.greenhouse.io`), without a trailing
    /// slash, so paths can be appended.
    pub(crate) fn base_url(base: &str) -> Result<String, AtsError> {
        let trimmed = base.trim().trim_end_matches('/');
        let url = reqwest::Url::parse(trimmed)
            .map_err(|_| AtsError::Invalid("the target base URL is not a valid URL".into()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(AtsError::Invalid(
                "the target base URL must be http(s)".into(),
            ));
        }
        Ok(trimmed.to_string())
    }

    /// A URL with query parameters, percent-encoded.
    pub(crate) fn url_with_query(
        url: &str,
        query: &[(&str, &str)],
    ) -> Result<reqwest::Url, AtsError> {
        let mut url = reqwest::Url::parse(url)
            .map_err(|_| AtsError::Invalid("cannot build the request URL".into()))?;
        if !query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in query {
                pairs.append_pair(k, v);
            }
        }
        Ok(url)
    }

    /// A successful answer: its status and complete body.
    pub(crate) struct Answer {
        pub status: u16,
        pub body: Vec<u8>,
    }

    /// Send one request and classify the outcome:
    /// - could not connect → [`AtsError::Unavailable`] (nothing was sent);
    /// - sent, then timeout or dropped connection → [`AtsError::OutcomeUnknown`];
    /// - 2xx whose body cannot be read → [`AtsError::OutcomeUnknown`];
    /// - 429 → [`AtsError::RateLimited`] (`Retry-After`, else `X-RateLimit-Reset`);
    /// - 408 and 5xx → [`AtsError::Unavailable`];
    /// - any other status → [`AtsError::Rejected`] with the target's own
    ///   short message (see [`error_detail`]).
    pub(crate) async fn send(req: reqwest::RequestBuilder) -> Result<Answer, AtsError> {
        let resp = req.send().await.map_err(classify_send_error)?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        if resp.status().is_success() {
            return match resp.bytes().await {
                Ok(b) => Ok(Answer {
                    status,
                    body: b.to_vec(),
                }),
                Err(e) if e.is_timeout() => Err(AtsError::OutcomeUnknown(format!(
                    "HTTP {status} but the body did not arrive before the deadline"
                ))),
                Err(_) => Err(AtsError::OutcomeUnknown(format!(
                    "HTTP {status} but the connection dropped while reading the body"
                ))),
            };
        }
        if status == 429 {
            return Err(AtsError::RateLimited {
                retry_after: rate_limit_wait(&headers, chrono::Utc::now().timestamp()),
            });
        }
        if status == 408 || status >= 500 {
            return Err(AtsError::Unavailable {
                status: Some(status),
                retry_after: header_str(&headers, "retry-after").and_then(parse_retry_after),
                detail: format!("HTTP {status}"),
            });
        }
        // The error body is small; a failure to read it only loses the detail.
        let body = resp.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
        Err(AtsError::Rejected {
            status,
            detail: error_detail(&body),
        })
    }

    /// Never formats the reqwest error itself: its text carries the URL,
    /// and a lookup URL carries an e-mail address.
    pub(crate) fn classify_send_error(e: reqwest::Error) -> AtsError {
        if e.is_builder() {
            AtsError::Invalid("cannot build the request".into())
        } else if e.is_connect() {
            AtsError::Unavailable {
                status: None,
                retry_after: None,
                detail: if e.is_timeout() {
                    "connect timed out".into()
                } else {
                    "could not connect".into()
                },
            }
        } else if e.is_timeout() {
            AtsError::OutcomeUnknown("no response before the deadline".into())
        } else {
            AtsError::OutcomeUnknown("connection dropped before a response".into())
        }
    }

    /// A read-only call (lookup) has no outcome to be unsure of: a lost
    /// answer just means "try again later".
    pub(crate) fn for_lookup(e: AtsError) -> AtsError {
        match e {
            AtsError::OutcomeUnknown(detail) => AtsError::Unavailable {
                status: None,
                retry_after: None,
                detail,
            },
            other => other,
        }
    }

    fn header_str<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
        h.get(name).and_then(|v| v.to_str().ok())
    }

    /// How long a 429 asks us to wait: `Retry-After` (seconds or HTTP date),
    /// else `X-RateLimit-Reset`, read as an epoch timestamp when it is one
    /// (larger than 10^9) and as seconds-until otherwise. Capped at an hour.
    pub(crate) fn rate_limit_wait(h: &HeaderMap, now_epoch: i64) -> Option<Duration> {
        if let Some(d) = header_str(h, "retry-after").and_then(parse_retry_after) {
            return Some(d);
        }
        let reset = header_str(h, "x-ratelimit-reset")?
            .trim()
            .parse::<f64>()
            .ok()?;
        if !reset.is_finite() || reset < 0.0 {
            return None;
        }
        let secs = if reset > 1e9 {
            (reset - now_epoch as f64).max(0.0)
        } else {
            reset
        };
        Some(Duration::from_secs_f64(secs.min(3600.0)))
    }

    /// A short, data-free summary of a vendor's error body: Greenhouse's
    /// `{message, errors: [{field, message}]}`, Lever's `{code, message}`.
    /// Only field names and messages are kept (never a `value`), quoted text,
    /// e-mail-like words and long digit runs are masked, and the whole is
    /// capped, so a message echoing the input cannot leak it.
    pub(crate) fn error_detail(body: &[u8]) -> String {
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) else {
            return "no readable error body".into();
        };
        let mut parts: Vec<String> = Vec::new();
        let s = |key: &str| v.get(key).and_then(|x| x.as_str()).map(scrub);
        match (s("code"), s("message").or_else(|| s("error"))) {
            (Some(c), Some(m)) => parts.push(format!("{c}: {m}")),
            (Some(c), None) => parts.push(c),
            (None, Some(m)) => parts.push(m),
            (None, None) => {}
        }
        if let Some(errors) = v.get("errors").and_then(|e| e.as_array()) {
            let fields: Vec<String> = errors
                .iter()
                .take(10)
                .filter_map(|e| {
                    let field = e.get("field").and_then(|f| f.as_str()).map(scrub);
                    let msg = e.get("message").and_then(|m| m.as_str()).map(scrub);
                    match (field, msg) {
                        (Some(f), Some(m)) => Some(format!("{f}: {m}")),
                        (Some(f), None) => Some(f),
                        (None, Some(m)) => Some(m),
                        (None, None) => None,
                    }
                })
                .collect();
            if !fields.is_empty() {
                parts.push(fields.join("; "));
            }
        }
        if parts.is_empty() {
            return "no readable error message".into();
        }
        let mut out = parts.join(" — ");
        if out.chars().count() > 300 {
            out = out.chars().take(300).collect::<String>() + "…";
        }
        out
    }

    fn scrub(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut in_quote: Option<char> = None;
        for ch in s.chars() {
            match in_quote {
                Some(q) if ch == q => {
                    in_quote = None;
                    out.push_str("[…]");
                }
                Some(_) => {}
                None if ch == '"' || ch == '\'' || ch == '`' => in_quote = Some(ch),
                None => out.push(ch),
            }
        }
        if in_quote.is_some() {
            out.push_str("[…]");
        }
        out.split_whitespace()
            .map(|w| {
                let digits = w.chars().filter(char::is_ascii_digit).count();
                if w.contains('@') || digits >= 6 {
                    "[…]"
                } else {
                    w
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(160)
            .collect()
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use reqwest::header::HeaderValue;

        #[test]
        fn rate_limit_headers() {
            let mut h = HeaderMap::new();
            h.insert("x-ratelimit-reset", HeaderValue::from_static("1700000030"));
            assert_eq!(
                rate_limit_wait(&h, 1_700_000_000),
                Some(Duration::from_secs(30))
            );
            h.insert("x-ratelimit-reset", HeaderValue::from_static("7"));
            assert_eq!(
                rate_limit_wait(&h, 1_700_000_000),
                Some(Duration::from_secs(7))
            );
            h.insert("x-ratelimit-reset", HeaderValue::from_static("1600000000"));
            assert_eq!(rate_limit_wait(&h, 1_700_000_000), Some(Duration::ZERO));
            h.insert("retry-after", HeaderValue::from_static("2"));
            assert_eq!(
                rate_limit_wait(&h, 1_700_000_000),
                Some(Duration::from_secs(2))
            );
            assert_eq!(rate_limit_wait(&HeaderMap::new(), 0), None);
        }

        #[test]
        fn error_detail_keeps_fields_and_messages_only() {
            let body = br#"{"message":"Validation error","errors":[
                {"field":"email_addresses","message":"'jane@example.com' is not valid","value":"jane@example.com"},
                {"field":"first_name","message":"Missing required field"}]}"#;
            let d = error_detail(body);
            assert!(d.contains("Validation error"), "{d}");
            assert!(d.contains("email_addresses"), "{d}");
            assert!(d.contains("first_name: Missing required field"), "{d}");
            assert!(!d.contains("jane"), "{d}");
            let lever =
                br#"{"code":"BadRequestError","message":"Invalid email +15551234567 x@y.z"}"#;
            let d = error_detail(lever);
            assert!(d.starts_with("BadRequestError: Invalid email"), "{d}");
            assert!(!d.contains("5551234567") && !d.contains("x@y.z"), "{d}");
            assert_eq!(error_detail(b"<html>oops</html>"), "no readable error body");
        }
    }
}
