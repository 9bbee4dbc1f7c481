//! Standard Webhooks sink: the candidate payload POSTed, signed, to a URL.
//!
//! Input: an [`Outgoing`] (its JSON payload and its `delivery_id`). Output:
//! a [`RemoteRecord`] whose id is the delivery id, or an [`AtsError`].
//!
//! Signing follows the Standard Webhooks specification
//! (github.com/standard-webhooks/standard-webhooks, spec/standard-webhooks.md)
//! so that a receiver can verify with any of its reference libraries:
//! - `webhook-id`: the delivery id, the same on every retry (the receiver's
//!   idempotency key);
//! - `webhook-timestamp`: unix seconds of this attempt (fresh per retry);
//! - `webhook-signature`: `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`.
//!
//! The secret is `whsec_<base64>` (the key is the decoded bytes) or, as a
//! convenience, any other text, whose UTF-8 bytes are the key. (The
//! reference libraries base64-decode an unprefixed secret as well; give the
//! `whsec_` form to interoperate with them.)
//!
//! A webhook target has no lookup: [`find`](AtsSink::find) answers `None`,
//! and `attach` is the same POST as `create` (the receiver deduplicates by
//! `webhook-id`). [`sign`], [`verify`] and [`secret_bytes`] are public so
//! the fake receiver and consumers' tests use the same code.

use std::time::{Duration, Instant};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::http;
use super::{AtsError, AtsSink, Outgoing, RemoteRecord, Target};

type HmacSha256 = Hmac<Sha256>;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// The key bytes of a secret: `whsec_<base64>` is decoded, anything else is
/// taken as raw text. An empty key is refused.
pub fn secret_bytes(s: &str) -> Result<Vec<u8>, AtsError> {
    let s = s.trim();
    let key = match s.strip_prefix("whsec_") {
        Some(b64) => B64.decode(b64).map_err(|_| {
            AtsError::Invalid("the webhook secret after whsec_ is not base64".into())
        })?,
        None => s.as_bytes().to_vec(),
    };
    if key.is_empty() {
        return Err(AtsError::Invalid("the webhook secret is empty".into()));
    }
    Ok(key)
}

fn mac(secret: &[u8], id: &str, timestamp: &str, body: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length, so `new_from_slice` does not fail; the
    // fallback (an all-zero key) only keeps this panic-free.
    let mut m = HmacSha256::new_from_slice(secret)
        .unwrap_or_else(|_| <HmacSha256 as hmac::digest::KeyInit>::new(&Default::default()));
    m.update(id.as_bytes());
    m.update(b".");
    m.update(timestamp.as_bytes());
    m.update(b".");
    m.update(body);
    m
}

/// The `webhook-signature` value for one message: `v1,<base64 signature>`.
pub fn sign(secret: &[u8], id: &str, timestamp: i64, body: &[u8]) -> String {
    let tag = mac(secret, id, &timestamp.to_string(), body)
        .finalize()
        .into_bytes();
    format!("v1,{}", B64.encode(tag))
}

/// Whether a message is authentic and fresh: the timestamp is within
/// `tolerance` of `now` (unix seconds, both directions) and one of the
/// space-separated `v1,<sig>` entries of `signature_header` matches
/// (compared in constant time). Other versions are ignored.
pub fn verify(
    secret: &[u8],
    id: &str,
    timestamp: &str,
    signature_header: &str,
    body: &[u8],
    now: i64,
    tolerance: Duration,
) -> bool {
    let Ok(ts) = timestamp.trim().parse::<i64>() else {
        return false;
    };
    let tol = i64::try_from(tolerance.as_secs()).unwrap_or(i64::MAX);
    if now.abs_diff(ts) > tol.unsigned_abs() {
        return false;
    }
    let expected = mac(secret, id, timestamp.trim(), body);
    signature_header.split_whitespace().any(|entry| {
        let Some(("v1", sig)) = entry.split_once(',') else {
            return false;
        };
        match B64.decode(sig) {
            Ok(raw) => expected.clone().verify_slice(&raw).is_ok(),
            Err(_) => false,
        }
    })
}

/// Posts candidates to a webhook URL, signed per Standard Webhooks.
#[derive(Clone)]
pub struct WebhookSink {
    client: reqwest::Client,
    url: String,
    secret: Vec<u8>,
}

impl std::fmt::Debug for WebhookSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookSink")
            .field("url", &self.url)
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl WebhookSink {
    /// `secret` as for [`secret_bytes`]; `timeout` is the deadline of each POST.
    pub fn new(url: &str, secret: &str, timeout: Duration) -> Result<Self, AtsError> {
        Ok(Self {
            client: http::client(timeout)?,
            url: http::base_url(url)?,
            secret: secret_bytes(secret)?,
        })
    }

    async fn post(&self, c: &Outgoing) -> Result<RemoteRecord, AtsError> {
        if c.delivery_id.trim().is_empty() {
            return Err(AtsError::Invalid("the webhook message id is empty".into()));
        }
        let body = serde_json::to_vec(&c.payload)
            .map_err(|_| AtsError::Invalid("the webhook payload cannot be serialised".into()))?;
        let ts = chrono::Utc::now().timestamp();
        let signature = sign(&self.secret, &c.delivery_id, ts, &body);
        let req = self
            .client
            .post(&self.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("webhook-id", &c.delivery_id)
            .header("webhook-timestamp", ts.to_string())
            .header("webhook-signature", signature)
            .body(body);
        let started = Instant::now();
        let out = http::send(req).await;
        tracing::debug!(
            target: "ats",
            sink = "webhook",
            op = "post",
            webhook.id = %c.delivery_id,
            status = out.as_ref().map(|a| a.status).ok().or_else(|| out.as_ref().err().and_then(AtsError::status)),
            ok = out.is_ok(),
            duration_ms = started.elapsed().as_millis() as u64,
            "webhook call"
        );
        let a = out?;
        Ok(RemoteRecord {
            id: c.delivery_id.clone(),
            status: a.status,
        })
    }
}

#[async_trait::async_trait]
impl AtsSink for WebhookSink {
    fn target(&self) -> Target {
        Target::Webhook
    }

    async fn find(&self, _c: &Outgoing) -> Result<Option<RemoteRecord>, AtsError> {
        Ok(None)
    }

    async fn create(&self, c: &Outgoing) -> Result<RemoteRecord, AtsError> {
        self.post(c).await
    }

    async fn attach(
        &self,
        _existing: &RemoteRecord,
        c: &Outgoing,
    ) -> Result<RemoteRecord, AtsError> {
        self.post(c).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TS: i64 = 1_614_265_330;
    const BODY: &[u8] = br#"{"test": 2432232314}"#;
    const FIVE_MIN: Duration = Duration::from_secs(300);

    fn key() -> Vec<u8> {
        secret_bytes(SECRET).unwrap_or_default()
    }

    #[test]
    fn reproduces_the_published_test_vector() {
        // The vector of the Standard Webhooks reference libraries' tests.
        assert_eq!(
            sign(&key(), ID, TS, BODY),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn verifies_the_vector_and_rejects_tampering() {
        let sig = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        let ts = TS.to_string();
        assert!(verify(&key(), ID, &ts, sig, BODY, TS, FIVE_MIN));
        assert!(!verify(
            &key(),
            ID,
            &ts,
            sig,
            br#"{"test": 2432232315}"#,
            TS,
            FIVE_MIN
        ));
        assert!(!verify(&key(), "msg_other", &ts, sig, BODY, TS, FIVE_MIN));
        assert!(!verify(
            &key(),
            ID,
            &(TS + 1).to_string(),
            sig,
            BODY,
            TS,
            FIVE_MIN
        ));
        assert!(!verify(b"another key", ID, &ts, sig, BODY, TS, FIVE_MIN));
        assert!(!verify(&key(), ID, &ts, "v1,", BODY, TS, FIVE_MIN));
        assert!(!verify(
            &key(),
            ID,
            &ts,
            "v1,dawfeoifkpqwoekfpqoekf",
            BODY,
            TS,
            FIVE_MIN
        ));
        assert!(!verify(&key(), ID, &ts, &sig[..8], BODY, TS, FIVE_MIN));
        assert!(!verify(&key(), ID, "hello", sig, BODY, TS, FIVE_MIN));
        // v2 with the right bytes is not v1.
        assert!(!verify(
            &key(),
            ID,
            &ts,
            &sig.replace("v1,", "v2,"),
            BODY,
            TS,
            FIVE_MIN
        ));
    }

    #[test]
    fn several_signatures_one_valid() {
        let good = sign(&key(), ID, TS, BODY);
        let header = format!(
            "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= {good}"
        );
        assert!(verify(
            &key(),
            ID,
            &TS.to_string(),
            &header,
            BODY,
            TS,
            FIVE_MIN
        ));
    }

    #[test]
    fn expired_and_future_timestamps_fail() {
        let sig = sign(&key(), ID, TS, BODY);
        let ts = TS.to_string();
        assert!(verify(&key(), ID, &ts, &sig, BODY, TS + 300, FIVE_MIN));
        assert!(!verify(&key(), ID, &ts, &sig, BODY, TS + 301, FIVE_MIN));
        assert!(!verify(&key(), ID, &ts, &sig, BODY, TS - 301, FIVE_MIN));
    }

    #[test]
    fn secret_forms() {
        assert_eq!(
            secret_bytes("plain-text-key").ok(),
            Some(b"plain-text-key".to_vec())
        );
        assert!(secret_bytes("whsec_***").is_err());
        assert!(secret_bytes("").is_err());
        assert_eq!(key().len(), 24);
    }
}

#[cfg(test)]
mod sink_tests {
    use super::*;
    use crate::ats::fake::{FakeAts, FakeConfig, Fault, Op};
    use serde_json::json;

    fn outgoing() -> Outgoing {
        Outgoing {
            candidate_id: "cand-1".into(),
            event: "candidate.accepted".into(),
            delivery_id: "msg_01J0000000000000000000000".into(),
            payload: json!({"type": "candidate.accepted", "data": {"candidate_id": "cand-1"}}),
            emails: vec![],
            job_id: None,
            attachment: None,
        }
    }

    #[tokio::test]
    async fn the_fake_verifies_what_we_sign() {
        let cfg = FakeConfig::default();
        let secret = cfg.webhook_secret.clone();
        let fake = FakeAts::start(cfg).await.unwrap_or_else(|e| panic!("{e}"));
        let url = format!("{}/webhook", fake.url());
        let sink = WebhookSink::new(&url, &secret, Duration::from_secs(5))
            .unwrap_or_else(|e| panic!("{e}"));
        let c = outgoing();
        assert_eq!(sink.find(&c).await.ok(), Some(None));
        let rec = sink.create(&c).await.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((rec.id.as_str(), rec.status), (c.delivery_id.as_str(), 204));
        // A retry carries the same webhook-id: one event, two deliveries.
        let again = sink
            .attach(&rec, &c)
            .await
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(again.id, rec.id);
        let events = fake.webhook_events();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0]["payload"], c.payload);
        assert_eq!(events[0]["deliveries"], 2);

        let wrong = WebhookSink::new(
            &url,
            "whsec_QUFBQUFBQUFBQUFBQUFBQQ==",
            Duration::from_secs(5),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            wrong.create(&c).await,
            Err(AtsError::Rejected { status: 401, .. })
        ));

        fake.inject(Op::Create, Fault::LostResponse, 1);
        let mut c2 = outgoing();
        c2.delivery_id = "msg_second".into();
        assert!(matches!(
            sink.create(&c2).await,
            Err(AtsError::OutcomeUnknown(_))
        ));
        assert_eq!(fake.webhook_events().len(), 2);
        fake.stop().await;
    }
}
