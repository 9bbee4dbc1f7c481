//! Building the ATS writer from the settings, once, at start-up.
//!
//! Input: [`AtsSettings`] (the `[ats]` TOML table and `ATS_*` variables), the
//! store, the metrics registry. Output: a ready [`Writer`], or an error that
//! names the setting at fault — a missing key, an unknown kind, a mapping
//! that names a field that does not exist — so a bad configuration stops
//! `serve` at start-up instead of failing at the first candidate.

use std::sync::Arc;
use std::time::Duration;

use super::delivery::{DeliveryMetrics, OnDuplicate, Policy, Writer};
use super::greenhouse::GreenhouseSink;
use super::lever::LeverSink;
use super::mapping::Mapping;
use super::webhook::WebhookSink;
use super::{AtsSink, Target};
use crate::service::config::AtsSettings;
use crate::store::Store;

/// Why the writer cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("{name}: {detail}")]
    Setting { name: &'static str, detail: String },
    #[error("ATS mapping: {0}")]
    Mapping(String),
    #[error("reading the ATS mapping {path}: {source}")]
    MappingFile {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Client(String),
    #[error("metrics: {0}")]
    Metrics(#[from] prometheus::Error),
}

fn required<'a>(
    v: &'a Option<String>,
    name: &'static str,
    kind: &str,
) -> Result<&'a str, SetupError> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| SetupError::Setting {
            name,
            detail: format!("required when ATS_KIND={kind}"),
        })
}

/// The target named by the settings.
pub fn target(s: &AtsSettings) -> Result<Target, SetupError> {
    let kind = s.kind.as_deref().unwrap_or("none");
    Target::parse(kind).ok_or_else(|| SetupError::Setting {
        name: "ATS_KIND",
        detail: format!("{kind:?}: expected greenhouse, lever, webhook or none"),
    })
}

/// Build the writer (a `none` writer marks deliveries skipped: candidates
/// stay in the local store).
pub fn writer(
    s: &AtsSettings,
    store: Arc<dyn Store>,
    registry: Option<&prometheus::Registry>,
) -> Result<Writer, SetupError> {
    let target = target(s)?;
    let timeout = Duration::from_secs_f64(s.timeout_secs.unwrap_or(30.0).clamp(0.1, 600.0));
    let user_mapping = match &s.mapping {
        Some(path) => {
            Some(
                std::fs::read_to_string(path).map_err(|source| SetupError::MappingFile {
                    path: path.clone(),
                    source,
                })?,
            )
        }
        None => None,
    };
    let mapping = |t: Target| {
        // The user's file overrides the writer's mapping, not the notifier's.
        let user = (t == target).then_some(user_mapping.as_deref()).flatten();
        Mapping::load(t, user).map_err(|e| SetupError::Mapping(e.to_string()))
    };
    let client = |e: super::AtsError| SetupError::Client(e.to_string());
    let webhook = match &s.webhook_url {
        Some(url) if !url.trim().is_empty() => {
            let secret = required(&s.webhook_secret, "WEBHOOK_SECRET", "webhook")?;
            Some(
                Arc::new(WebhookSink::new(url, secret, timeout).map_err(client)?)
                    as Arc<dyn AtsSink>,
            )
        }
        _ => None,
    };
    let sink: Option<Arc<dyn AtsSink>> = match target {
        Target::None => None,
        Target::Greenhouse => Some(Arc::new(
            GreenhouseSink::new(
                s.base_url
                    .as_deref()
                    .unwrap_or("https://harvest.greenhouse.io"),
                required(&s.api_key, "ATS_API_KEY", "greenhouse")?,
                required(&s.on_behalf_of, "ATS_ON_BEHALF_OF", "greenhouse")?,
                timeout,
            )
            .map_err(client)?,
        )),
        Target::Lever => Some(Arc::new(
            LeverSink::new(
                s.base_url.as_deref().unwrap_or("https://api.lever.co"),
                required(&s.api_key, "ATS_API_KEY", "lever")?,
                required(&s.on_behalf_of, "ATS_ON_BEHALF_OF", "lever")?,
                timeout,
            )
            .map_err(client)?,
        )),
        Target::Webhook => Some(webhook.clone().ok_or_else(|| SetupError::Setting {
            name: "WEBHOOK_URL",
            detail: "required when ATS_KIND=webhook".into(),
        })?),
    };
    let sink = match sink {
        Some(k) => Some((k, mapping(target)?)),
        None => None,
    };
    let notifier = match webhook {
        Some(w) => Some((w, mapping(Target::Webhook)?)),
        None => None,
    };
    let mut policy = Policy::for_target(target);
    if let Some(r) = s.rate_per_sec {
        if r.is_nan() || r <= 0.0 {
            return Err(SetupError::Setting {
                name: "ATS_RATE_PER_SEC",
                detail: "must be above 0".into(),
            });
        }
        policy.rate_per_sec = r;
    }
    if let Some(b) = s.burst {
        policy.burst = b.max(1.0);
    }
    if let Some(n) = s.max_attempts {
        policy.max_attempts = Some(n.max(1));
    }
    if let Some(h) = s.give_up_after_hours {
        if h.is_nan() || h <= 0.0 {
            return Err(SetupError::Setting {
                name: "ATS_GIVE_UP_AFTER_HOURS",
                detail: "must be above 0".into(),
            });
        }
        policy.give_up_after = Duration::from_secs_f64(h.min(24.0 * 365.0) * 3600.0);
    }
    if let Some(ms) = s.retry_max_ms {
        policy.retry_max = Duration::from_millis(ms.max(1));
    }
    if let Some(ms) = s.retry_base_ms {
        policy.retry_base = Duration::from_millis(ms);
        policy.poll = policy.poll.min(Duration::from_millis(ms.max(20)));
    }
    policy.call_deadline = timeout + Duration::from_secs(1);
    if let Some(l) = s.lease_secs {
        policy.lease = Duration::from_secs_f64(l.clamp(1.0, 86_400.0));
    }
    if let Some(d) = &s.on_duplicate {
        policy.on_duplicate = OnDuplicate::parse(d).ok_or_else(|| SetupError::Setting {
            name: "ATS_ON_DUPLICATE",
            detail: format!("{d:?}: expected attach, skip or review"),
        })?;
    }
    policy.default_job_id = s.job_id.clone().filter(|j| !j.trim().is_empty());
    if target == Target::Greenhouse && policy.default_job_id.is_none() {
        tracing::warn!(
            "ATS_JOB_ID is not set: Greenhouse requires an application, so a submission \
             without a job_id will be refused (422) and go to the review queue"
        );
    }
    let metrics = registry.map(DeliveryMetrics::new).transpose()?;
    Ok(Writer::new(store, sink, notifier, policy, metrics))
}
