//! Lever API v1 sink.
//!
//! Input: an [`Outgoing`] whose payload holds Lever opportunity fields (made
//! by [`super::mapping`]: `name`, `headline`, `emails[]`, `phones[]`
//! (`{value, type}`), `links[]`, `tags[]`, `sources[]`, `location`, …) plus
//! the original resume. Output: the Lever opportunity id as a
//! [`RemoteRecord`], or an [`AtsError`] classified for the delivery loop.
//!
//! Calls, as documented by Lever (hire.lever.co/developer/documentation):
//! - auth: HTTP Basic, the API key as user name and an empty password;
//!   writes name the acting user with the `perform_as=<user id>` query
//!   parameter;
//! - [`find`](AtsSink::find): `GET /v1/opportunities?email=…`, first match;
//! - [`create`](AtsSink::create): `POST /v1/opportunities?perform_as=…`;
//!   with a resume it is `multipart/form-data` (the payload flattened into
//!   form fields: `emails[]`, `phones[0][value]`, … and the file as
//!   `resumeFile`), without one it is JSON. `postings: [job_id]` is added
//!   when a job is set and the payload names none (Lever takes one posting
//!   per request). The answer is `201 {"data": {opportunity}}`.
//! - [`attach`](AtsSink::attach): Lever has one *contact* per person and one
//!   *opportunity* per candidacy, and deduplicates contacts by e-mail itself:
//!   creating an opportunity whose e-mail matches an existing contact links
//!   the new opportunity to that contact. So `attach` creates another
//!   opportunity with this resume. When a job is set it first lists the
//!   person's opportunities (`expand=applications`) and does nothing if one
//!   is already on that posting, so a retried `attach` does not apply twice.
//!   Without a job a retried `attach` whose answer was lost can add a second
//!   general opportunity; Lever shows both on the one contact.
//!
//! Every HTTP request has the constructor's deadline.

use std::time::{Duration, Instant};

use reqwest::multipart::{Form, Part};
use serde_json::{Map, Value};

use super::http::{self, Answer};
use super::{AtsError, AtsSink, Outgoing, RemoteRecord, Target};

/// Lever's API root.
pub const DEFAULT_BASE_URL: &str = "https://api.lever.co";

/// Writes candidates to Lever as opportunities.
#[derive(Debug, Clone)]
pub struct LeverSink {
    client: reqwest::Client,
    base: String,
    api_key: String,
    perform_as: String,
}

impl LeverSink {
    /// `base_url` is normally [`DEFAULT_BASE_URL`]; `perform_as` is the Lever
    /// user id every write is made as; `timeout` is the deadline of each
    /// HTTP request.
    pub fn new(
        base_url: &str,
        api_key: &str,
        perform_as: &str,
        timeout: Duration,
    ) -> Result<Self, AtsError> {
        if api_key.trim().is_empty() {
            return Err(AtsError::Invalid("the Lever API key is empty".into()));
        }
        if perform_as.trim().is_empty() {
            return Err(AtsError::Invalid(
                "the Lever perform_as user id is empty".into(),
            ));
        }
        Ok(Self {
            client: http::client(timeout)?,
            base: http::base_url(base_url)?,
            api_key: api_key.trim().to_string(),
            perform_as: perform_as.trim().to_string(),
        })
    }

    async fn call(
        &self,
        op: &'static str,
        req: reqwest::RequestBuilder,
    ) -> Result<Answer, AtsError> {
        let started = Instant::now();
        let out = http::send(req.basic_auth(&self.api_key, Some(""))).await;
        tracing::debug!(
            target: "ats",
            sink = "lever",
            op = op,
            status = out.as_ref().map(|a| a.status).ok().or_else(|| out.as_ref().err().and_then(AtsError::status)),
            ok = out.is_ok(),
            duration_ms = started.elapsed().as_millis() as u64,
            "lever call"
        );
        out
    }

    /// The person's opportunities for one e-mail (first page; enough to
    /// find one and to see the postings applied to).
    async fn list(&self, email: &str, expand_applications: bool) -> Result<Vec<Value>, AtsError> {
        let mut q = vec![("email", email)];
        if expand_applications {
            q.push(("expand", "applications"));
        }
        let url = http::url_with_query(&format!("{}/v1/opportunities", self.base), &q)?;
        let a = self
            .call(
                "find",
                self.client
                    .get(url)
                    .header(reqwest::header::ACCEPT, "application/json"),
            )
            .await
            .map_err(http::for_lookup)?;
        let v: Value =
            serde_json::from_slice(&a.body).map_err(|_| http::for_lookup(unreadable(a.status)))?;
        Ok(v.get("data")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default())
    }

    async fn create_opportunity(&self, c: &Outgoing) -> Result<RemoteRecord, AtsError> {
        let fields = opportunity_fields(c)?;
        let url = http::url_with_query(
            &format!("{}/v1/opportunities", self.base),
            &[("perform_as", self.perform_as.as_str())],
        )?;
        let req = self.client.post(url);
        let req = match &c.attachment {
            None => req.json(&Value::Object(fields)),
            Some(att) => {
                let mut form = Form::new();
                for (k, v) in form_fields(&fields) {
                    form = form.text(k, v);
                }
                let part = Part::bytes(att.bytes.clone())
                    .file_name(att.file_name.clone())
                    .mime_str(&att.content_type)
                    .map_err(|_| {
                        AtsError::Invalid("the resume content type is not a valid MIME type".into())
                    })?;
                req.multipart(form.part("resumeFile", part))
            }
        };
        let a = self.call("create", req).await?;
        let v: Value = serde_json::from_slice(&a.body).map_err(|_| unreadable(a.status))?;
        let id = v
            .get("data")
            .and_then(|d| d.get("id"))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| unreadable(a.status))?;
        Ok(RemoteRecord {
            id: id.to_string(),
            status: a.status,
        })
    }
}

fn unreadable(status: u16) -> AtsError {
    AtsError::OutcomeUnknown(format!("HTTP {status} with an unreadable body"))
}

/// The opportunity body: the mapped payload plus the posting.
fn opportunity_fields(c: &Outgoing) -> Result<Map<String, Value>, AtsError> {
    let Some(obj) = c.payload.as_object() else {
        return Err(AtsError::Invalid(
            "the Lever payload is not a JSON object".into(),
        ));
    };
    let mut fields = obj.clone();
    if let Some(job) = c.job_id.as_deref().map(str::trim).filter(|j| !j.is_empty())
        && !fields.contains_key("postings")
    {
        fields.insert(
            "postings".into(),
            Value::Array(vec![Value::String(job.to_string())]),
        );
    }
    Ok(fields)
}

/// Flatten an opportunity body into Lever's form-field names: scalars as
/// `name`, lists of scalars as `emails[]`, lists of objects as
/// `phones[0][value]`, objects as `archived[reason]`. Nulls are left out.
pub(crate) fn form_fields(fields: &Map<String, Value>) -> Vec<(String, String)> {
    fn scalar(v: &Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
    fn walk(key: &str, v: &Value, out: &mut Vec<(String, String)>) {
        match v {
            Value::Null => {}
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::Object(_) | Value::Array(_) => {
                            walk(&format!("{key}[{i}]"), item, out)
                        }
                        other => {
                            if let Some(s) = scalar(other) {
                                out.push((format!("{key}[]"), s));
                            }
                        }
                    }
                }
            }
            Value::Object(map) => {
                for (k, inner) in map {
                    walk(&format!("{key}[{k}]"), inner, out);
                }
            }
            other => {
                if let Some(s) = scalar(other) {
                    out.push((key.to_string(), s));
                }
            }
        }
    }
    let mut out = Vec::new();
    for (k, v) in fields {
        walk(k, v, &mut out);
    }
    out
}

fn on_posting(opportunity: &Value, posting: &str) -> bool {
    opportunity
        .get("applications")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|a| a.get("posting").and_then(Value::as_str) == Some(posting))
}

#[async_trait::async_trait]
impl AtsSink for LeverSink {
    fn target(&self) -> Target {
        Target::Lever
    }

    async fn find(&self, c: &Outgoing) -> Result<Option<RemoteRecord>, AtsError> {
        for email in c.emails.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
            let found = self.list(email, false).await?;
            if let Some(id) = found
                .first()
                .and_then(|o| o.get("id"))
                .and_then(Value::as_str)
            {
                return Ok(Some(RemoteRecord {
                    id: id.to_string(),
                    status: 200,
                }));
            }
        }
        Ok(None)
    }

    async fn create(&self, c: &Outgoing) -> Result<RemoteRecord, AtsError> {
        self.create_opportunity(c).await
    }

    async fn attach(
        &self,
        _existing: &RemoteRecord,
        c: &Outgoing,
    ) -> Result<RemoteRecord, AtsError> {
        if let Some(job) = c.job_id.as_deref().map(str::trim).filter(|j| !j.is_empty()) {
            for email in c.emails.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
                let opportunities = self.list(email, true).await?;
                if let Some(id) = opportunities
                    .iter()
                    .find(|o| on_posting(o, job))
                    .and_then(|o| o.get("id"))
                    .and_then(Value::as_str)
                {
                    return Ok(RemoteRecord {
                        id: id.to_string(),
                        status: 200,
                    });
                }
            }
        }
        self.create_opportunity(c).await
    }
}

#[cfg(test)]
mod flatten_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn form_field_names_follow_lever() {
        let v = json!({
            "name": "A", "emails": ["a@x.io", "b@x.io"],
            "phones": [{"value": "1", "type": "mobile"}],
            "archived": {"reason": "r"}, "location": null, "confidential": false
        });
        let f = form_fields(v.as_object().unwrap_or(&Map::new()));
        let has = |k: &str, val: &str| f.iter().any(|(a, b)| a == k && b == val);
        assert!(has("name", "A"));
        assert!(has("emails[]", "a@x.io") && has("emails[]", "b@x.io"));
        assert!(has("phones[0][value]", "1") && has("phones[0][type]", "mobile"));
        assert!(has("archived[reason]", "r"));
        assert!(has("confidential", "false"));
        assert!(!f.iter().any(|(k, _)| k == "location"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ats::Attachment;
    use crate::ats::fake::{FakeAts, FakeConfig, Fault, Op};
    use base64::Engine as _;
    use serde_json::json;

    const DOC: &[u8] = b"PK\x03\x04 docx-ish \x00\xff bytes";

    fn outgoing(job: Option<&str>, with_file: bool) -> Outgoing {
        Outgoing {
            candidate_id: "cand-1".into(),
            event: "candidate.accepted".into(),
            delivery_id: "del-1".into(),
            payload: json!({
                "name": "Grace Hopper",
                "headline": "Navy, Harvard",
                "emails": ["grace@example.org"],
                "phones": [{"value": "+1 555 0100", "type": "mobile"}],
                "links": ["https://example.org/grace"],
                "tags": ["resume-parser"],
                "sources": ["Resume parser"],
                "location": "Arlington",
            }),
            emails: vec!["grace@example.org".into()],
            job_id: job.map(str::to_string),
            attachment:
                with_file.then(|| Attachment {
                    file_name: "grace.docx".into(),
                    content_type:
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                            .into(),
                    bytes: DOC.to_vec(),
                }),
        }
    }

    async fn setup(timeout_ms: u64) -> (FakeAts, LeverSink) {
        let cfg = FakeConfig::default();
        let (key, user) = (cfg.api_key.clone(), cfg.user_id.clone());
        let fake = FakeAts::start(cfg)
            .await
            .unwrap_or_else(|e| panic!("fake: {e}"));
        let sink = LeverSink::new(&fake.url(), &key, &user, Duration::from_millis(timeout_ms))
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
    async fn multipart_create_find_attach() {
        let (fake, sink) = setup(5_000).await;
        let c = outgoing(Some("posting-a"), true);
        assert_eq!(ok(sink.find(&c).await), None);
        let rec = ok(sink.create(&c).await);
        assert_eq!(rec.status, 201);

        let stored = fake.lever_opportunities();
        assert_eq!(stored.len(), 1);
        let o = &stored[0];
        assert_eq!(o["id"], json!(rec.id));
        assert_eq!(o["emails"], json!(["grace@example.org"]));
        assert_eq!(o["phones"][0]["value"], "+1 555 0100");
        assert_eq!(o["location"], "Arlington");
        assert_eq!(o["applications"][0]["posting"], "posting-a");
        assert_eq!(o["resumeFile"]["name"], "grace.docx");
        let content = o["resumeFile"]["content"].as_str().unwrap_or_default();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(content)
            .unwrap_or_default();
        assert_eq!(bytes, DOC);

        assert_eq!(ok(sink.find(&c).await).map(|r| r.id), Some(rec.id.clone()));

        // Same posting again: nothing new. Another posting: a second
        // opportunity on the same contact (Lever's e-mail dedupe).
        assert_eq!(ok(sink.attach(&rec, &c).await).id, rec.id);
        let other = ok(sink.attach(&rec, &outgoing(Some("posting-b"), true)).await);
        assert_ne!(other.id, rec.id);
        let stored = fake.lever_opportunities();
        assert_eq!(stored.len(), 2);
        assert_eq!(stored[0]["contact"], stored[1]["contact"]);
        fake.stop().await;
    }

    #[tokio::test]
    async fn json_create_without_a_file() {
        let (fake, sink) = setup(5_000).await;
        let rec = ok(sink.create(&outgoing(None, false)).await);
        let o = &fake.lever_opportunities()[0];
        assert_eq!(o["id"], json!(rec.id));
        assert_eq!(o["name"], "Grace Hopper");
        assert!(o.get("resumeFile").is_none());
        fake.stop().await;
    }

    #[tokio::test]
    async fn errors_are_classified() {
        let (fake, sink) = setup(400).await;
        let c = outgoing(Some("p"), true);
        let bad_key = ok(LeverSink::new(
            &fake.url(),
            "nope",
            "42",
            Duration::from_secs(5),
        ));
        assert!(matches!(
            err(bad_key.create(&c).await),
            AtsError::Rejected { status: 401, .. }
        ));
        let bad_user = ok(LeverSink::new(
            &fake.url(),
            "fake-api-key",
            "nobody",
            Duration::from_secs(5),
        ));
        match err(bad_user.create(&c).await) {
            AtsError::Rejected {
                status: 403,
                detail,
            } => assert!(detail.starts_with("ForbiddenError"), "{detail}"),
            other => panic!("{other:?}"),
        }
        let mut nameless = outgoing(None, false);
        nameless.payload = json!({"emails": ["grace@example.org"]});
        assert!(matches!(
            err(sink.create(&nameless).await),
            AtsError::Rejected { status: 400, .. }
        ));

        fake.inject(
            Op::Create,
            Fault::RateLimited {
                retry_after_secs: 4,
            },
            1,
        );
        assert_eq!(
            err(sink.create(&c).await).retry_after(),
            Some(Duration::from_secs(4))
        );
        fake.inject(
            Op::Create,
            Fault::Unavailable {
                retry_after_secs: None,
            },
            1,
        );
        assert!(matches!(
            err(sink.create(&c).await),
            AtsError::Unavailable {
                status: Some(503),
                ..
            }
        ));
        fake.inject(Op::Create, Fault::Slow { delay_ms: 1_500 }, 1);
        assert!(matches!(
            err(sink.create(&c).await),
            AtsError::OutcomeUnknown(_)
        ));
        fake.inject(Op::Create, Fault::DropConnection, 1);
        assert!(matches!(
            err(sink.create(&c).await),
            AtsError::OutcomeUnknown(_)
        ));
        fake.inject(Op::Lookup, Fault::DropConnection, 1);
        assert!(matches!(
            err(sink.find(&c).await),
            AtsError::Unavailable { .. }
        ));

        let before = fake.lever_opportunities().len();
        fake.inject(Op::Create, Fault::LostResponse, 1);
        assert!(matches!(
            err(sink.create(&c).await),
            AtsError::OutcomeUnknown(_)
        ));
        assert_eq!(
            fake.lever_opportunities().len(),
            before + 1,
            "the create happened"
        );
        let found = ok(sink.find(&c).await).unwrap_or_else(|| panic!("found by e-mail"));
        // Reconciling with attach for the same posting does not duplicate.
        ok(sink.attach(&found, &c).await);
        assert_eq!(fake.lever_opportunities().len(), before + 1);
        fake.stop().await;
    }
}
