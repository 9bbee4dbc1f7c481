//! Greenhouse Harvest API v1 sink.
//!
//! Input: an [`Outgoing`] whose payload is already a Harvest candidate body
//! (made by [`super::mapping`]) plus the original resume. Output: the
//! Greenhouse candidate id as a [`RemoteRecord`], or an [`AtsError`]
//! classified for the delivery loop.
//!
//! Calls, as documented by Greenhouse (developers.greenhouse.io/harvest):
//! - auth: HTTP Basic, the API key as user name and an empty password;
//!   writes carry `On-Behalf-Of: <user id>` (required for auditing);
//! - [`find`](AtsSink::find): `GET /v1/candidates?email=…`, first match;
//! - [`create`](AtsSink::create): `POST /v1/candidates` (with
//!   `applications: [{job_id}]` added when a job is set and the payload has
//!   none; Harvest requires at least one application), then
//!   `POST /v1/candidates/{id}/attachments` with the resume as base64;
//! - [`attach`](AtsSink::attach): `GET /v1/candidates/{id}` first, then only
//!   what is missing: `POST /v1/candidates/{id}/applications` for the job and
//!   the attachment. Checking first makes `attach` safe to run twice, which
//!   is what reconciling a half-done `create` needs.
//!
//! A `create` whose candidate was made but whose attachment failed
//! transiently answers [`AtsError::OutcomeUnknown`]: the candidate exists,
//! so the delivery loop must look it up and `attach` rather than create
//! again. Every HTTP request has the constructor's deadline.

use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

use super::http::{self, Answer};
use super::{AtsError, AtsSink, Attachment, Outgoing, RemoteRecord, Target};

/// Greenhouse's Harvest API root.
pub const DEFAULT_BASE_URL: &str = "https://harvest.greenhouse.io";

/// Writes candidates to Greenhouse through the Harvest API.
#[derive(Debug, Clone)]
pub struct GreenhouseSink {
    client: reqwest::Client,
    base: String,
    api_key: String,
    on_behalf_of: String,
}

impl GreenhouseSink {
    /// `base_url` is normally [`DEFAULT_BASE_URL`]; `on_behalf_of` is the
    /// Greenhouse user id recorded as the author of every write; `timeout`
    /// is the deadline of each HTTP request.
    pub fn new(
        base_url: &str,
        api_key: &str,
        on_behalf_of: &str,
        timeout: Duration,
    ) -> Result<Self, AtsError> {
        if api_key.trim().is_empty() {
            return Err(AtsError::Invalid("the Greenhouse API key is empty".into()));
        }
        if on_behalf_of.trim().is_empty() {
            return Err(AtsError::Invalid(
                "the Greenhouse On-Behalf-Of user id is empty".into(),
            ));
        }
        Ok(Self {
            client: http::client(timeout)?,
            base: http::base_url(base_url)?,
            api_key: api_key.trim().to_string(),
            on_behalf_of: on_behalf_of.trim().to_string(),
        })
    }

    fn get(&self, url: reqwest::Url) -> reqwest::RequestBuilder {
        self.client
            .get(url)
            .basic_auth(&self.api_key, Some(""))
            .header(reqwest::header::ACCEPT, "application/json")
    }

    fn post(&self, path: &str, body: &Value) -> reqwest::RequestBuilder {
        self.client
            .post(format!("{}{path}", self.base))
            .basic_auth(&self.api_key, Some(""))
            .header("On-Behalf-Of", &self.on_behalf_of)
            .json(body)
    }

    /// One request with a debug line (operation, status, time; no data).
    async fn call(
        &self,
        op: &'static str,
        req: reqwest::RequestBuilder,
    ) -> Result<Answer, AtsError> {
        let started = Instant::now();
        let out = http::send(req).await;
        tracing::debug!(
            target: "ats",
            sink = "greenhouse",
            op = op,
            status = out.as_ref().map(|a| a.status).ok().or_else(|| out.as_ref().err().and_then(AtsError::status)),
            ok = out.is_ok(),
            duration_ms = started.elapsed().as_millis() as u64,
            "greenhouse call"
        );
        out
    }

    async fn lookup(&self, email: &str) -> Result<Option<RemoteRecord>, AtsError> {
        let url =
            http::url_with_query(&format!("{}/v1/candidates", self.base), &[("email", email)])?;
        let a = self.call("find", self.get(url)).await?;
        let list: Value = serde_json::from_slice(&a.body).map_err(|_| unreadable(a.status))?;
        let first = list.as_array().and_then(|l| l.first());
        match first {
            None => Ok(None),
            Some(c) => Ok(Some(RemoteRecord {
                id: id_of(c).ok_or_else(|| unreadable(a.status))?,
                status: a.status,
            })),
        }
    }

    async fn add_attachment(
        &self,
        candidate_id: &str,
        att: &Attachment,
    ) -> Result<Answer, AtsError> {
        let body = json!({
            "filename": att.file_name,
            "type": "resume",
            "content": base64::engine::general_purpose::STANDARD.encode(&att.bytes),
            "content_type": att.content_type,
        });
        self.call(
            "attachment",
            self.post(&format!("/v1/candidates/{candidate_id}/attachments"), &body),
        )
        .await
    }
}

/// A 2xx whose body we cannot make sense of: the target may have acted.
fn unreadable(status: u16) -> AtsError {
    AtsError::OutcomeUnknown(format!("HTTP {status} with an unreadable body"))
}

/// Harvest ids are numbers; accept a numeric string too.
fn id_of(v: &Value) -> Option<String> {
    match v.get("id")? {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) => {
            Some(s.clone())
        }
        _ => None,
    }
}

fn job_number(job_id: &str) -> Result<u64, AtsError> {
    job_id
        .trim()
        .parse::<u64>()
        .map_err(|_| AtsError::Invalid("the Greenhouse job id is not a number".into()))
}

/// The candidate body: the mapped payload, plus the application to the job
/// when one is set and the payload does not already say where to apply.
fn candidate_body(c: &Outgoing) -> Result<Value, AtsError> {
    let mut body = c.payload.clone();
    let Some(obj) = body.as_object_mut() else {
        return Err(AtsError::Invalid(
            "the Greenhouse payload is not a JSON object".into(),
        ));
    };
    if let Some(job) = &c.job_id
        && !obj.contains_key("applications")
    {
        obj.insert(
            "applications".into(),
            json!([{ "job_id": job_number(job)? }]),
        );
    }
    Ok(body)
}

fn has_application_for(candidate: &Value, job: u64) -> bool {
    candidate
        .get("applications")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|a| {
            a.get("jobs")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        })
        .any(|j| j.get("id").and_then(Value::as_u64) == Some(job))
}

fn has_resume_named(candidate: &Value, file_name: &str) -> bool {
    candidate
        .get("attachments")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|a| {
            a.get("type").and_then(Value::as_str) == Some("resume")
                && a.get("filename").and_then(Value::as_str) == Some(file_name)
        })
}

#[async_trait::async_trait]
impl AtsSink for GreenhouseSink {
    fn target(&self) -> Target {
        Target::Greenhouse
    }

    async fn find(&self, c: &Outgoing) -> Result<Option<RemoteRecord>, AtsError> {
        for email in c.emails.iter().filter(|e| !e.trim().is_empty()) {
            if let Some(found) = self.lookup(email.trim()).await.map_err(http::for_lookup)? {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }

    async fn create(&self, c: &Outgoing) -> Result<RemoteRecord, AtsError> {
        let body = candidate_body(c)?;
        let a = self
            .call("create", self.post("/v1/candidates", &body))
            .await?;
        let created: Value = serde_json::from_slice(&a.body).map_err(|_| unreadable(a.status))?;
        let id = id_of(&created).ok_or_else(|| unreadable(a.status))?;
        let mut record = RemoteRecord {
            id,
            status: a.status,
        };
        if let Some(att) = &c.attachment {
            match self.add_attachment(&record.id, att).await {
                Ok(_) => {}
                Err(AtsError::Rejected { status, detail }) => {
                    return Err(AtsError::Rejected {
                        status,
                        detail: format!(
                            "candidate {} created; resume attachment rejected: {detail}",
                            record.id
                        ),
                    });
                }
                Err(AtsError::Invalid(d)) => return Err(AtsError::Invalid(d)),
                Err(e) => {
                    return Err(AtsError::OutcomeUnknown(format!(
                        "candidate {} created but the resume attachment did not complete ({e}); look up and attach",
                        record.id
                    )));
                }
            }
            record.status = a.status;
        }
        Ok(record)
    }

    async fn attach(
        &self,
        existing: &RemoteRecord,
        c: &Outgoing,
    ) -> Result<RemoteRecord, AtsError> {
        let id = existing.id.trim();
        if id.is_empty() || !id.chars().all(|ch| ch.is_ascii_digit()) {
            return Err(AtsError::Invalid(
                "the Greenhouse candidate id is not a number".into(),
            ));
        }
        let job = c.job_id.as_deref().map(job_number).transpose()?;
        let url = http::url_with_query(&format!("{}/v1/candidates/{id}", self.base), &[])?;
        let current = self
            .call("get", self.get(url))
            .await
            .map_err(http::for_lookup)?;
        let candidate: Value = serde_json::from_slice(&current.body)
            .map_err(|_| http::for_lookup(unreadable(current.status)))?;
        let mut status = current.status;
        if let Some(job) = job
            && !has_application_for(&candidate, job)
        {
            let a = self
                .call(
                    "application",
                    self.post(
                        &format!("/v1/candidates/{id}/applications"),
                        &json!({ "job_id": job }),
                    ),
                )
                .await?;
            status = a.status;
        }
        if let Some(att) = &c.attachment
            && !has_resume_named(&candidate, &att.file_name)
        {
            status = self.add_attachment(id, att).await?.status;
        }
        Ok(RemoteRecord {
            id: id.to_string(),
            status,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ats::fake::{FakeAts, FakeConfig, Fault, Op};

    const PDF: &[u8] = b"%PDF-1.4\n\x00\xff\xfe binary resume bytes";

    fn outgoing(job: Option<&str>, with_file: bool) -> Outgoing {
        Outgoing {
            candidate_id: "cand-1".into(),
            event: "candidate.accepted".into(),
            delivery_id: "del-1".into(),
            payload: json!({
                "first_name": "Ada",
                "last_name": "Lovelace",
                "email_addresses": [{"value": "ada@example.org", "type": "personal"}],
                "phone_numbers": [{"value": "+44 20 7946 0000", "type": "mobile"}],
            }),
            emails: vec!["ada@example.org".into()],
            job_id: job.map(str::to_string),
            attachment: with_file.then(|| Attachment {
                file_name: "ada.pdf".into(),
                content_type: "application/pdf".into(),
                bytes: PDF.to_vec(),
            }),
        }
    }

    async fn setup(timeout_ms: u64) -> (FakeAts, GreenhouseSink) {
        let cfg = FakeConfig::default();
        let (key, user) = (cfg.api_key.clone(), cfg.user_id.clone());
        let fake = FakeAts::start(cfg)
            .await
            .unwrap_or_else(|e| panic!("fake: {e}"));
        let sink = GreenhouseSink::new(&fake.url(), &key, &user, Duration::from_millis(timeout_ms))
            .unwrap_or_else(|e| panic!("sink: {e}"));
        (fake, sink)
    }

    fn err<T: std::fmt::Debug>(r: Result<T, AtsError>) -> AtsError {
        match r {
            Ok(v) => panic!("expected an error, got {v:?}"),
            Err(e) => e,
        }
    }

    fn ok<T>(r: Result<T, AtsError>) -> T {
        r.unwrap_or_else(|e| panic!("unexpected error: {e:?}"))
    }

    #[tokio::test]
    async fn create_find_attach_round_trip() {
        let (fake, sink) = setup(5_000).await;
        let c = outgoing(Some("101"), true);
        assert_eq!(ok(sink.find(&c).await), None);
        let rec = ok(sink.create(&c).await);
        assert_eq!(rec.status, 201);

        let stored = fake.greenhouse_candidates();
        assert_eq!(stored.len(), 1);
        let cand = &stored[0];
        assert_eq!(id_of(cand).as_deref(), Some(rec.id.as_str()));
        assert_eq!(cand["applications"][0]["jobs"][0]["id"], json!(101));
        let att = &cand["attachments"][0];
        assert_eq!(att["type"], "resume");
        assert_eq!(att["filename"], "ada.pdf");
        let content = att["content"].as_str().unwrap_or_default();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(content)
            .unwrap_or_default();
        assert_eq!(decoded, PDF, "attachment bytes round-trip through base64");

        let found = ok(sink.find(&c).await).map(|r| r.id);
        assert_eq!(found.as_deref(), Some(rec.id.as_str()));

        // Attach to another job: a new application, the same file not re-sent.
        let c2 = outgoing(Some("202"), true);
        let again = ok(sink.attach(&rec, &c2).await);
        assert_eq!(again.id, rec.id);
        ok(sink.attach(&rec, &c2).await); // twice: nothing new
        let cand = &fake.greenhouse_candidates()[0];
        assert_eq!(cand["applications"].as_array().map(Vec::len), Some(2));
        assert_eq!(cand["attachments"].as_array().map(Vec::len), Some(1));
        fake.stop().await;
    }

    #[tokio::test]
    async fn auth_failures_are_rejections() {
        let (fake, _) = setup(5_000).await;
        let bad_key = GreenhouseSink::new(&fake.url(), "wrong", "42", Duration::from_secs(5))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            err(bad_key.create(&outgoing(Some("1"), false)).await),
            AtsError::Rejected { status: 401, .. }
        ));
        let bad_user =
            GreenhouseSink::new(&fake.url(), "fake-api-key", "7", Duration::from_secs(5))
                .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            err(bad_user.create(&outgoing(Some("1"), false)).await),
            AtsError::Rejected { status: 403, .. }
        ));
        fake.inject(Op::Any, Fault::Unauthorized, 1);
        let sink = ok(GreenhouseSink::new(
            &fake.url(),
            "fake-api-key",
            "42",
            Duration::from_secs(5),
        ));
        assert!(matches!(
            err(sink.find(&outgoing(None, false)).await),
            AtsError::Rejected { status: 401, .. }
        ));
        fake.stop().await;
    }

    #[tokio::test]
    async fn rate_limits_and_outages_carry_the_wait() {
        let (fake, sink) = setup(5_000).await;
        let c = outgoing(Some("1"), false);
        fake.inject(
            Op::Create,
            Fault::RateLimited {
                retry_after_secs: 7,
            },
            1,
        );
        let e = err(sink.create(&c).await);
        assert!(matches!(e, AtsError::RateLimited { .. }), "{e:?}");
        assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));

        fake.inject(Op::Create, Fault::RateLimitReset { reset_in_secs: 30 }, 1);
        let wait = err(sink.create(&c).await).retry_after().unwrap_or_default();
        assert!(
            (Duration::from_secs(28)..=Duration::from_secs(30)).contains(&wait),
            "{wait:?}"
        );

        fake.inject(
            Op::Create,
            Fault::Unavailable {
                retry_after_secs: Some(2),
            },
            1,
        );
        let e = err(sink.create(&c).await);
        assert!(
            matches!(
                e,
                AtsError::Unavailable {
                    status: Some(503),
                    ..
                }
            ),
            "{e:?}"
        );
        assert_eq!(e.retry_after(), Some(Duration::from_secs(2)));

        fake.inject(Op::Lookup, Fault::ServerError, 1);
        assert!(matches!(
            err(sink.find(&c).await),
            AtsError::Unavailable {
                status: Some(500),
                ..
            }
        ));
        assert!(fake.greenhouse_candidates().is_empty());
        fake.stop().await;
    }

    #[tokio::test]
    async fn validation_errors_name_fields_not_values() {
        let (fake, sink) = setup(5_000).await;
        let c = outgoing(Some("1"), false);
        fake.inject(Op::Create, Fault::Validation, 1);
        match err(sink.create(&c).await) {
            AtsError::Rejected {
                status: 422,
                detail,
            } => {
                assert!(detail.contains("email_addresses"), "{detail}");
                assert!(
                    !detail.contains("ada@") && !detail.contains("Lovelace"),
                    "{detail}"
                );
            }
            other => panic!("{other:?}"),
        }
        // The fake's own Harvest validation: no application, no last name.
        let mut bad = outgoing(None, false);
        if let Some(o) = bad.payload.as_object_mut() {
            o.remove("last_name");
        }
        match err(sink.create(&bad).await) {
            AtsError::Rejected {
                status: 422,
                detail,
            } => {
                assert!(
                    detail.contains("last_name") && detail.contains("applications"),
                    "{detail}"
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            err(sink.create(&outgoing(Some("x1"), false)).await),
            AtsError::Invalid(_)
        ));
        fake.stop().await;
    }

    #[tokio::test]
    async fn slow_and_lost_answers_are_outcome_unknown() {
        let (fake, sink) = setup(400).await;
        let c = outgoing(Some("1"), false);
        fake.inject(Op::Create, Fault::Slow { delay_ms: 1_500 }, 1);
        assert!(matches!(
            err(sink.create(&c).await),
            AtsError::OutcomeUnknown(_)
        ));

        fake.inject(Op::Create, Fault::LostResponse, 1);
        assert!(matches!(
            err(sink.create(&c).await),
            AtsError::OutcomeUnknown(_)
        ));
        // The create happened: reconciling by lookup finds it.
        let stored = fake.greenhouse_candidates();
        assert!(!stored.is_empty());
        let found = ok(sink.find(&c).await);
        assert!(found.is_some());
        fake.stop().await;
    }

    #[tokio::test]
    async fn dropped_connections() {
        let (fake, sink) = setup(5_000).await;
        let c = outgoing(Some("1"), false);
        fake.inject(Op::Create, Fault::DropConnection, 1);
        assert!(matches!(
            err(sink.create(&c).await),
            AtsError::OutcomeUnknown(_)
        ));
        assert!(fake.greenhouse_candidates().is_empty());
        // A lookup has no outcome to be unsure of: it is an outage.
        fake.inject(Op::Lookup, Fault::DropConnection, 1);
        assert!(matches!(
            err(sink.find(&c).await),
            AtsError::Unavailable { status: None, .. }
        ));
        let addr = fake.addr();
        fake.stop().await;
        // Nobody listening: nothing was sent.
        let gone =
            GreenhouseSink::new(&format!("http://{addr}"), "k", "42", Duration::from_secs(2))
                .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            err(gone.create(&c).await),
            AtsError::Unavailable { status: None, .. }
        ));
    }

    #[tokio::test]
    async fn half_done_create_is_finished_by_attach() {
        let (fake, sink) = setup(5_000).await;
        let c = outgoing(Some("5"), true);
        fake.inject(
            Op::Attach,
            Fault::Unavailable {
                retry_after_secs: None,
            },
            1,
        );
        assert!(matches!(
            err(sink.create(&c).await),
            AtsError::OutcomeUnknown(_)
        ));
        let rec = ok(sink.find(&c).await).unwrap_or_else(|| panic!("candidate exists"));
        ok(sink.attach(&rec, &c).await);
        let cand = &fake.greenhouse_candidates()[0];
        assert_eq!(
            cand["applications"].as_array().map(Vec::len),
            Some(1),
            "same job not applied twice"
        );
        assert_eq!(cand["attachments"].as_array().map(Vec::len), Some(1));
        fake.stop().await;
    }
}
