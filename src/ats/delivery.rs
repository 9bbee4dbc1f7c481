//! Delivery: the outbox worker that writes candidates to the ATS.
//!
//! Input: outbox rows leased from the [`Store`] (written in the same
//! transaction as the candidate change that calls for them), the candidate
//! and its file, a [`Mapping`] per target, and the [`AtsSink`]s. Output: the
//! candidate in the ATS exactly once, an audit row per call, metrics, and —
//! when a write cannot succeed — the candidate back in the review queue with
//! reason `ats_write_failed`. Nothing is dropped silently.
//!
//! Per row: look the person up by e-mail first; an existing record gets this
//! resume attached (or the row is skipped, or sent to review: `on_duplicate`);
//! otherwise `create_sent` is stored *before* the create is sent, so a create
//! whose answer was lost (timeout, dropped connection, this process killed)
//! is reconciled by the lookup on the next attempt instead of creating a
//! second record. Calls share one token bucket per target (the vendors'
//! documented rates), each has a deadline, and transient failures are retried
//! with exponential backoff and full jitter, never sooner than the target's
//! `Retry-After` / `X-RateLimit-Reset`. Leases make the worker safe to run in
//! several replicas on PostgreSQL (`FOR UPDATE SKIP LOCKED`).

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use prometheus::{Gauge, IntCounterVec, IntGauge, Opts, Registry};
use serde_json::{Value, json};
use tokio::sync::{Mutex, watch};

use super::mapping::{self, Mapping};
use super::{AtsError, AtsSink, Outgoing, RemoteRecord, Target};
use crate::store::{Attempt, Delivered, OutboxItem, Store, StoreError};

/// What to do when the person is already in the ATS (`ATS_ON_DUPLICATE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnDuplicate {
    /// Add this resume (and application) to the existing record (default).
    Attach,
    /// Leave the existing record alone; the delivery is done.
    Skip,
    /// Send the candidate to the review queue.
    Review,
}

impl OnDuplicate {
    pub fn parse(s: &str) -> Option<OnDuplicate> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "attach" => OnDuplicate::Attach,
            "skip" => OnDuplicate::Skip,
            "review" => OnDuplicate::Review,
            _ => return None,
        })
    }
}

/// Retry, rate and lease settings.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Steady request rate per target (tokens per second).
    pub rate_per_sec: f64,
    /// Bucket size (requests allowed in a burst).
    pub burst: f64,
    /// Attempts per delivery before it goes to review (None: no cap; the
    /// time budget below bounds transient failures).
    pub max_attempts: Option<u32>,
    /// Transient failures (429, 5xx, no answer) are retried until the
    /// delivery is this old; then the candidate goes to review. Long
    /// enough that an ATS outage of hours drops nothing.
    pub give_up_after: Duration,
    /// First retry delay; doubled per attempt, with full jitter.
    pub retry_base: Duration,
    pub retry_max: Duration,
    /// Per-call deadline (the sinks have their own; this is the backstop).
    pub call_deadline: Duration,
    /// How long a worker holds a row it is delivering.
    pub lease: Duration,
    /// Sleep between polls when nothing is due.
    pub poll: Duration,
    pub on_duplicate: OnDuplicate,
    /// `ATS_JOB_ID`: the job to apply to when the submission names none.
    pub default_job_id: Option<String>,
}

impl Policy {
    /// The vendor's documented rate: Greenhouse Harvest allows 50 requests
    /// per 10 s window; Lever 10 requests/s steady with bursts of 20.
    pub fn for_target(target: Target) -> Policy {
        let (rate, burst) = match target {
            Target::Greenhouse => (5.0, 50.0),
            Target::Lever => (10.0, 20.0),
            Target::Webhook | Target::None => (20.0, 40.0),
        };
        Policy {
            rate_per_sec: rate,
            burst,
            max_attempts: None,
            give_up_after: Duration::from_secs(72 * 3600),
            retry_base: Duration::from_secs(2),
            retry_max: Duration::from_secs(600),
            call_deadline: Duration::from_secs(30),
            lease: Duration::from_secs(300),
            poll: Duration::from_secs(1),
            on_duplicate: OnDuplicate::Attach,
            default_job_id: None,
        }
    }

    /// The delay before retry number `attempt` (1-based): full jitter over
    /// an exponential ceiling, never sooner than the target asked.
    pub fn backoff(&self, attempt: u32, asked: Option<Duration>) -> Duration {
        let ceiling = self
            .retry_base
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(20))
            .min(self.retry_max);
        let jittered = ceiling.mul_f64(fastrand::f64().max(0.1));
        jittered.max(asked.unwrap_or(Duration::ZERO))
    }
}

/// A token bucket shared by every call to one target; a 429 closes it until
/// the target's reset time.
struct Bucket {
    tokens: f64,
    last: Instant,
    closed_until: Option<Instant>,
}

/// Delivery metrics, registered on the service's registry.
#[derive(Clone)]
pub struct DeliveryMetrics {
    /// Deliveries finished, by target and outcome (written, duplicate,
    /// skipped, failed).
    pub deliveries: IntCounterVec,
    /// Calls that will be retried, by target.
    pub retries: IntCounterVec,
    pub outbox_pending: IntGauge,
    pub outbox_failed: IntGauge,
    pub outbox_oldest_seconds: Gauge,
}

impl DeliveryMetrics {
    pub fn new(registry: &Registry) -> Result<DeliveryMetrics, prometheus::Error> {
        let deliveries = IntCounterVec::new(
            Opts::new(
                "ats_deliveries_total",
                "ATS deliveries, by target and outcome",
            ),
            &["target", "outcome"],
        )?;
        let retries = IntCounterVec::new(
            Opts::new("ats_retries_total", "ATS calls to be retried, by target"),
            &["target"],
        )?;
        let outbox_pending = IntGauge::new("outbox_pending", "Deliveries waiting in the outbox")?;
        let outbox_failed = IntGauge::new(
            "outbox_failed",
            "Deliveries that gave up (their candidates are in review)",
        )?;
        let outbox_oldest_seconds = Gauge::new(
            "outbox_oldest_pending_seconds",
            "Age of the oldest pending delivery; a large value means the integration is broken",
        )?;
        registry.register(Box::new(deliveries.clone()))?;
        registry.register(Box::new(retries.clone()))?;
        registry.register(Box::new(outbox_pending.clone()))?;
        registry.register(Box::new(outbox_failed.clone()))?;
        registry.register(Box::new(outbox_oldest_seconds.clone()))?;
        Ok(DeliveryMetrics {
            deliveries,
            retries,
            outbox_pending,
            outbox_failed,
            outbox_oldest_seconds,
        })
    }
}

/// The outbox worker.
pub struct Writer {
    store: Arc<dyn Store>,
    /// The ATS writer (`ATS_KIND`); None: candidates stay local.
    sink: Option<(Arc<dyn AtsSink>, Mapping)>,
    /// Lifecycle notifications (`WEBHOOK_URL` beside another ATS, or the
    /// webhook writer itself).
    notifier: Option<(Arc<dyn AtsSink>, Mapping)>,
    policy: Policy,
    bucket: Mutex<Bucket>,
    metrics: Option<DeliveryMetrics>,
    worker_id: String,
    /// Transient failures in a row (any delivery), for the "ATS is
    /// failing" warning; reset by a success.
    failing: std::sync::atomic::AtomicU64,
}

/// What happened to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Written,
    Duplicate,
    Skipped,
    Retry,
    Failed,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Written => "written",
            Outcome::Duplicate => "duplicate",
            Outcome::Skipped => "skipped",
            Outcome::Retry => "retry",
            Outcome::Failed => "failed",
        }
    }
}

impl Writer {
    pub fn new(
        store: Arc<dyn Store>,
        sink: Option<(Arc<dyn AtsSink>, Mapping)>,
        notifier: Option<(Arc<dyn AtsSink>, Mapping)>,
        policy: Policy,
        metrics: Option<DeliveryMetrics>,
    ) -> Writer {
        Writer {
            store,
            sink,
            notifier,
            bucket: Mutex::new(Bucket {
                tokens: policy.burst,
                last: Instant::now(),
                closed_until: None,
            }),
            policy,
            metrics,
            worker_id: format!("w-{}", uuid::Uuid::now_v7()),
            failing: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Deliver until `shutdown` turns true; the row in hand is finished first.
    pub async fn run(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        tracing::info!(worker = %self.worker_id, "ats writer started");
        loop {
            if *shutdown.borrow() {
                break;
            }
            let done = match self.drain_once(&shutdown).await {
                Ok(n) => n,
                Err(e) => {
                    tracing::warn!(error = %e, "outbox unavailable");
                    0
                }
            };
            self.refresh_gauges().await;
            if done == 0 {
                tokio::select! {
                    _ = tokio::time::sleep(self.policy.poll) => {}
                    _ = shutdown.changed() => {}
                }
            }
        }
        tracing::info!(worker = %self.worker_id, "ats writer stopped");
    }

    async fn refresh_gauges(&self) {
        if let (Some(m), Ok(s)) = (&self.metrics, self.store.outbox_stats().await) {
            m.outbox_pending.set(s.pending);
            m.outbox_failed.set(s.failed);
            m.outbox_oldest_seconds.set(s.oldest_pending_secs);
            if s.oldest_pending_secs > 900.0 {
                tracing::warn!(
                    pending = s.pending,
                    oldest_secs = s.oldest_pending_secs as u64,
                    "outbox is backing up: the ATS integration may be broken"
                );
            }
        }
    }

    /// Lease the due rows once and deliver them; how many were handled.
    pub async fn drain_once(&self, shutdown: &watch::Receiver<bool>) -> Result<usize, StoreError> {
        let items = self
            .store
            .claim(&self.worker_id, self.policy.lease, 4)
            .await?;
        let n = items.len();
        for item in items {
            if *shutdown.borrow() {
                break;
            }
            let outcome = self.deliver(&item).await;
            if let Some(m) = &self.metrics {
                let target = self.target_name(&item);
                match outcome {
                    Ok(Outcome::Retry) => m.retries.with_label_values(&[target]).inc(),
                    Ok(o) => m.deliveries.with_label_values(&[target, o.as_str()]).inc(),
                    Err(_) => {}
                }
            }
            if let Err(e) = outcome {
                // The row's lease runs out and it is tried again.
                tracing::warn!(delivery = item.seq, error = %e, "delivery not recorded");
            }
        }
        Ok(n)
    }

    fn target_name(&self, item: &OutboxItem) -> &'static str {
        let sink = if item.target == "webhook" {
            &self.notifier
        } else {
            &self.sink
        };
        sink.as_ref().map_or("none", |(s, _)| s.target().as_str())
    }

    /// Deliver one leased row.
    pub async fn deliver(&self, item: &OutboxItem) -> Result<Outcome, StoreError> {
        let Some((sink, mapping)) = (if item.target == "webhook" {
            self.notifier.as_ref()
        } else {
            self.sink.as_ref()
        }) else {
            self.store
                .delivered(item.seq, Delivered::Skipped, None)
                .await?;
            return Ok(Outcome::Skipped);
        };
        let candidate = match self.store.get(&item.candidate_id).await {
            Ok(c) => c,
            Err(StoreError::NotFound) => {
                // Erased meanwhile: nothing to send.
                self.store
                    .delivered(item.seq, Delivered::Skipped, None)
                    .await?;
                return Ok(Outcome::Skipped);
            }
            Err(e) => return Err(e),
        };
        let attachment = if sink.target() == Target::Webhook {
            None
        } else {
            match self.store.document(&item.candidate_id).await {
                Ok((content_type, file_name, bytes)) => Some(super::Attachment {
                    file_name: file_name.unwrap_or_else(|| default_file_name(&content_type)),
                    content_type,
                    bytes,
                }),
                Err(StoreError::NotFound) => None,
                Err(e) => return Err(e),
            }
        };
        let c = self.outgoing(item, &candidate, mapping, sink.target(), attachment);
        if sink.target() == Target::Webhook {
            let r = self.call(item, sink, "notify", sink.create(&c)).await;
            return self
                .finish(item, r.map(|rec| (rec, Outcome::Written)))
                .await;
        }
        // Look the person up first: a duplicate, or our own create whose
        // answer was lost.
        let existing = if c.emails.is_empty() {
            Ok(None)
        } else {
            self.call(item, sink, "lookup", sink.find(&c)).await
        };
        let existing = match existing {
            Ok(e) => e,
            Err(e) => return self.finish(item, Err(e)).await,
        };
        let result = match existing {
            Some(rec) if item.create_sent || item.remote_id.as_deref() == Some(&rec.id) => {
                // Our earlier create went through (its answer was lost):
                // complete it. `attach` adds only what the record lacks
                // (the application to this job, the file), so nothing is
                // doubled.
                self.call(item, sink, "attach", sink.attach(&rec, &c))
                    .await
                    .map(|r| (r, Outcome::Written))
            }
            Some(rec) => match self.policy.on_duplicate {
                OnDuplicate::Attach => self
                    .call(item, sink, "attach", sink.attach(&rec, &c))
                    .await
                    .map(|r| (r, Outcome::Duplicate)),
                OnDuplicate::Skip => Ok((rec, Outcome::Duplicate)),
                OnDuplicate::Review => Err(AtsError::Rejected {
                    status: 409,
                    detail: format!("the person is already in the ATS (record {})", rec.id),
                }),
            },
            None if item.create_sent && !self.create_settled(item) => {
                // A create was sent whose answer never came (a timeout, a
                // dropped connection, a worker killed mid-call): the target
                // may still be processing it. Look again once it must have
                // finished instead of creating a second record now.
                let at = self.settle_time(item);
                self.store
                    .retry_at(item.seq, &at, "waiting to reconcile an unanswered create")
                    .await?;
                return Ok(Outcome::Retry);
            }
            None => {
                self.store.progress(item.seq, true, None).await?;
                self.call(item, sink, "create", sink.create(&c))
                    .await
                    .map(|r| (r, Outcome::Written))
            }
        };
        self.finish(item, result).await
    }

    /// When an unanswered create must have finished on the target's side:
    /// two call deadlines after it was sent.
    fn settle_time(&self, item: &OutboxItem) -> String {
        let sent = item
            .create_sent_at
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or_else(chrono::Utc::now);
        let wait = chrono::Duration::from_std(self.policy.call_deadline * 2).unwrap_or_default();
        crate::store::sql::stamp(sent + wait)
    }

    fn create_settled(&self, item: &OutboxItem) -> bool {
        self.settle_time(item) <= crate::store::sql::now()
    }

    /// Record how the row ended: done, retry later, or failed into review.
    async fn finish(
        &self,
        item: &OutboxItem,
        result: Result<(RemoteRecord, Outcome), AtsError>,
    ) -> Result<Outcome, StoreError> {
        let is_ats = item.target != "webhook";
        match result {
            Ok((rec, outcome)) => {
                self.store
                    .delivered(item.seq, Delivered::Written, Some(&rec.id))
                    .await?;
                let failed_before = self.failing.swap(0, Ordering::Relaxed);
                if failed_before > 0 {
                    tracing::warn!(
                        target = self.target_name(item),
                        failed_calls = failed_before,
                        "ats answers again: the outbox drains"
                    );
                }
                tracing::info!(
                    delivery = item.seq,
                    candidate = %item.candidate_id,
                    target = self.target_name(item),
                    remote_id = %rec.id,
                    outcome = outcome.as_str(),
                    "delivered"
                );
                if is_ats && self.notifies() {
                    self.store
                        .enqueue(&item.candidate_id, "candidate.written", "webhook")
                        .await?;
                }
                Ok(outcome)
            }
            Err(e) => {
                let attempt = u32::try_from(item.attempts + 1).unwrap_or(u32::MAX);
                if e.is_transient() && self.within_budget(item, attempt) {
                    let failing = self.failing.fetch_add(1, Ordering::Relaxed) + 1;
                    // Once, then at 10, 100, 1000… failures in a row: a
                    // long outage is visible without flooding the log.
                    if 10u64.pow(failing.ilog10()) == failing {
                        tracing::warn!(
                            target = self.target_name(item),
                            failed_calls = failing,
                            attempt,
                            error = %e,
                            "ats is failing: deliveries stay in the outbox and are retried"
                        );
                    }
                    let wait = self.policy.backoff(attempt, e.retry_after());
                    let at = crate::store::sql::stamp(
                        chrono::Utc::now() + chrono::Duration::from_std(wait).unwrap_or_default(),
                    );
                    self.store.retry_at(item.seq, &at, &e.to_string()).await?;
                    tracing::warn!(
                        delivery = item.seq,
                        candidate = %item.candidate_id,
                        target = self.target_name(item),
                        attempt,
                        retry_in_ms = wait.as_millis() as u64,
                        error = %e,
                        "delivery will be retried"
                    );
                    Ok(Outcome::Retry)
                } else {
                    self.store.delivery_failed(item.seq, &e.to_string()).await?;
                    tracing::error!(
                        delivery = item.seq,
                        candidate = %item.candidate_id,
                        target = self.target_name(item),
                        attempt,
                        error = %e,
                        "delivery failed: candidate sent to review (ats_write_failed)"
                    );
                    if is_ats && self.notifies() {
                        self.store
                            .enqueue(&item.candidate_id, "candidate.write_failed", "webhook")
                            .await?;
                    }
                    Ok(Outcome::Failed)
                }
            }
        }
    }

    /// Whether a transient failure on attempt `attempt` is retried: within
    /// `max_attempts` (when set) and while the delivery is younger than
    /// `give_up_after`.
    fn within_budget(&self, item: &OutboxItem, attempt: u32) -> bool {
        if self.policy.max_attempts.is_some_and(|max| attempt >= max) {
            return false;
        }
        let age = chrono::DateTime::parse_from_rfc3339(&item.created_at)
            .ok()
            .and_then(|t| {
                (chrono::Utc::now() - t.with_timezone(&chrono::Utc))
                    .to_std()
                    .ok()
            })
            .unwrap_or_default();
        age < self.policy.give_up_after
    }

    /// Whether lifecycle notifications go to a webhook beside the ATS.
    fn notifies(&self) -> bool {
        self.notifier.is_some()
            && self
                .sink
                .as_ref()
                .is_some_and(|(s, _)| s.target() != Target::Webhook)
    }

    fn outgoing(
        &self,
        item: &OutboxItem,
        candidate: &crate::store::Candidate,
        mapping: &Mapping,
        target: Target,
        attachment: Option<super::Attachment>,
    ) -> Outgoing {
        // The resume to write is the stored one (form values and the
        // recruiter's corrections applied), inside the parse envelope.
        let mut envelope = candidate.parse.clone();
        if let Some(obj) = envelope.as_object_mut() {
            obj.insert("resume".into(), candidate.resume.clone());
        }
        let job_id = candidate
            .job_id
            .clone()
            .or_else(|| self.policy.default_job_id.clone());
        let record = json!({
            "id": candidate.id,
            "status": candidate.status.as_str(),
            "reasons": candidate.reasons,
            "confidence": candidate.confidence,
            "source": candidate.source,
            "job_id": job_id,
            "created_at": candidate.created_at,
            "event": item.event,
        });
        let mut payload = mapping.apply(&mapping::input(&envelope, &candidate.form, &record));
        if target == Target::Webhook {
            // The Standard Webhooks payload shape: type, timestamp, data.
            payload = json!({
                "type": item.event,
                "timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                "data": payload,
            });
        }
        let mut emails: Vec<String> = [
            candidate.form.get("email"),
            candidate.resume.pointer("/basics/email"),
        ]
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|e| e.trim().to_lowercase())
        .filter(|e| e.contains('@'))
        .collect();
        emails.dedup();
        Outgoing {
            candidate_id: candidate.id.clone(),
            event: item.event.clone(),
            delivery_id: format!("msg_{}_{}", candidate.id, item.seq),
            payload,
            emails,
            job_id,
            attachment,
        }
    }

    /// One call: wait for a token, run it under the deadline, audit it.
    async fn call<T: Into<Option<RemoteRecord>> + Clone>(
        &self,
        item: &OutboxItem,
        sink: &Arc<dyn AtsSink>,
        operation: &str,
        fut: impl std::future::Future<Output = Result<T, AtsError>>,
    ) -> Result<T, AtsError> {
        let cost = if operation == "create" { 2.0 } else { 1.0 };
        self.take(cost).await;
        let started = Instant::now();
        let result = match tokio::time::timeout(self.policy.call_deadline, fut).await {
            Ok(r) => r,
            Err(_) => Err(AtsError::OutcomeUnknown(format!(
                "no answer within {} s",
                self.policy.call_deadline.as_secs()
            ))),
        };
        if let Err(AtsError::RateLimited { retry_after }) = &result {
            self.close_for(retry_after.unwrap_or(Duration::from_secs(10)))
                .await;
        }
        let (http_status, outcome, error, remote_id) = match &result {
            Ok(v) => {
                let rec: Option<RemoteRecord> = v.clone().into();
                (
                    rec.as_ref().map(|r| r.status),
                    "ok".to_owned(),
                    None,
                    rec.map(|r| r.id),
                )
            }
            Err(e) => (
                e.status(),
                if e.is_transient() { "retry" } else { "failed" }.to_owned(),
                Some(e.to_string()),
                None,
            ),
        };
        let attempt = Attempt {
            outbox_seq: item.seq,
            candidate_id: item.candidate_id.clone(),
            target: sink.target().as_str().to_owned(),
            operation: operation.to_owned(),
            http_status,
            duration_ms: started.elapsed().as_millis() as u64,
            outcome,
            error,
            remote_id,
        };
        if let Err(e) = self.store.record_attempt(&attempt).await {
            tracing::warn!(delivery = item.seq, error = %e, "attempt not audited");
        }
        result
    }

    async fn take(&self, cost: f64) {
        loop {
            let wait = {
                let mut b = self.bucket.lock().await;
                let now = Instant::now();
                if let Some(until) = b.closed_until {
                    if until > now {
                        Some(until - now)
                    } else {
                        b.closed_until = None;
                        None
                    }
                } else {
                    None
                }
                .or_else(|| {
                    let refill =
                        now.duration_since(b.last).as_secs_f64() * self.policy.rate_per_sec;
                    b.tokens = (b.tokens + refill).min(self.policy.burst);
                    b.last = now;
                    if b.tokens >= cost.min(self.policy.burst) {
                        b.tokens -= cost.min(self.policy.burst);
                        None
                    } else {
                        Some(Duration::from_secs_f64(
                            (cost.min(self.policy.burst) - b.tokens) / self.policy.rate_per_sec,
                        ))
                    }
                })
            };
            match wait {
                None => return,
                Some(d) => tokio::time::sleep(d).await,
            }
        }
    }

    async fn close_for(&self, d: Duration) {
        let mut b = self.bucket.lock().await;
        let until = Instant::now() + d;
        b.closed_until = Some(b.closed_until.map_or(until, |u| u.max(until)));
        b.tokens = 0.0;
    }
}

fn default_file_name(content_type: &str) -> String {
    let ext = match content_type {
        "application/pdf" => "pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        _ => "txt",
    };
    format!("resume.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_honours_retry_after() {
        let mut p = Policy::for_target(Target::Greenhouse);
        p.retry_base = Duration::from_secs(1);
        p.retry_max = Duration::from_secs(60);
        for attempt in 1..30 {
            let d = p.backoff(attempt, None);
            assert!(d <= Duration::from_secs(60), "{attempt}: {d:?}");
            let ceiling = Duration::from_secs(1 << (attempt - 1).min(6)).min(p.retry_max);
            assert!(d <= ceiling);
        }
        assert!(p.backoff(1, Some(Duration::from_secs(30))) >= Duration::from_secs(30));
    }

    #[test]
    fn duplicate_policy_names() {
        assert_eq!(OnDuplicate::parse("Attach"), Some(OnDuplicate::Attach));
        assert_eq!(OnDuplicate::parse("review"), Some(OnDuplicate::Review));
        assert_eq!(OnDuplicate::parse("merge"), None);
    }
}
