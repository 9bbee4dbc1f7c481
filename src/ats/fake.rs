//! An in-process fake ATS for tests and demos: a real HTTP server (actix-web
//! on `127.0.0.1:0` by default) speaking the vendors' documented shapes.
//!
//! - Greenhouse Harvest v1: `GET /v1/candidates?email=`, `GET
//!   /v1/candidates/{id}`, `POST /v1/candidates`, `POST
//!   /v1/candidates/{id}/attachments`, `POST /v1/candidates/{id}/applications`.
//!   Basic auth (API key as user) → 401; writes need `On-Behalf-Of: <user
//!   id>` → 403; Harvest's required fields (`first_name`, `last_name`, at
//!   least one application) → 422 with Harvest's `{message, errors:[{field,
//!   message}]}` body. Numeric ids; responses in the candidate-object shape.
//! - Lever v1: `GET /v1/opportunities?email=[&expand=applications]`, `POST
//!   /v1/opportunities?perform_as=` as JSON or `multipart/form-data` (form
//!   names `emails[]`, `phones[0][value]`, file `resumeFile`). Basic auth →
//!   401; a missing or different `perform_as` → 403; answers `{"data": …}`
//!   and `{code, message}` errors. Contacts are deduplicated by e-mail as
//!   Lever does: a new opportunity joins the contact of any opportunity
//!   sharing an address.
//! - Standard Webhooks receiver: `POST /webhook`, verified with the
//!   configured secret (5-minute tolerance) → 401 when it does not verify;
//!   events are stored once per `webhook-id`, redeliveries counted.
//! - Control, for demos and external tests: `GET /_fake/records` (all that
//!   is stored), `POST /_fake/faults` with `{"op": "create", "fault":
//!   "rate_limited", "retry_after_secs": 3, "times": 2}`, `DELETE
//!   /_fake/faults`. These are not counted and never faulted.
//!
//! Stored records are the vendor bodies plus what the fake added (ids,
//! applications, attachments); attachment and resume bytes are kept as base64
//! under `content` for assertions and left out of API answers.
//!
//! Faults ([`FakeAts::inject`]) apply to the next `times` requests of an
//! [`Op`]: statuses (401, 429 + `Retry-After` or `X-RateLimit-Reset`, 500,
//! 503, 422), a delay before answering, a connection dropped without an
//! answer, and a *lost response*: the write is stored, then the answer
//! breaks off mid-body.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine as _;
use futures_util::StreamExt as _;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::webhook;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;
const MAX_BODY: usize = 32 * 1024 * 1024;

/// How the fake is reached and what it accepts.
#[derive(Debug, Clone)]
pub struct FakeConfig {
    /// Listen address; `127.0.0.1:0` picks a free port.
    pub bind: String,
    /// The API key both vendors' Basic auth must carry as user name.
    pub api_key: String,
    /// The Greenhouse `On-Behalf-Of` and Lever `perform_as` user id.
    pub user_id: String,
    /// The Standard Webhooks secret (`whsec_…` or raw text).
    pub webhook_secret: String,
}

impl Default for FakeConfig {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:0".into(),
            api_key: "fake-api-key".into(),
            user_id: "42".into(),
            webhook_secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".into(),
        }
    }
}

/// Which requests a fault applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// Every vendor or webhook request.
    Any,
    /// `POST /v1/candidates`, `POST /v1/opportunities`, `POST /webhook`.
    Create,
    /// `GET /v1/candidates[/{id}]`, `GET /v1/opportunities`.
    Lookup,
    /// Greenhouse follow-up writes: attachments and applications.
    Attach,
}

/// What goes wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fault", rename_all = "snake_case")]
pub enum Fault {
    /// 401 in the vendor's error shape.
    Unauthorized,
    /// 429 with `Retry-After: <secs>`.
    RateLimited { retry_after_secs: u64 },
    /// 429 with only `X-RateLimit-Reset: <epoch seconds>` (now + secs).
    RateLimitReset { reset_in_secs: u64 },
    /// 500.
    ServerError,
    /// 503, with `Retry-After` when given.
    Unavailable {
        #[serde(default)]
        retry_after_secs: Option<u64>,
    },
    /// 422 with a Harvest validation body.
    Validation,
    /// Sleep before handling the request normally.
    Slow { delay_ms: u64 },
    /// Close the connection without an answer (nothing is stored).
    DropConnection,
    /// Store the write, then break the answer off mid-body.
    LostResponse,
}

#[derive(Debug, Deserialize)]
struct FaultRequest {
    op: Op,
    #[serde(default = "one")]
    times: usize,
    #[serde(flatten)]
    fault: Fault,
}

fn one() -> usize {
    1
}

#[derive(Default)]
struct Inner {
    faults: Vec<(Op, Fault, usize)>,
    greenhouse: Vec<Value>,
    lever: Vec<Value>,
    events: Vec<Value>,
    requests: usize,
    next_id: u64,
}

struct Shared {
    api_key: String,
    user_id: String,
    secret: Vec<u8>,
    base_url: String,
    inner: Mutex<Inner>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panicked handler leaves plain data behind; keep serving it.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Inner {
    fn next(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    fn take_fault(&mut self, op: Op) -> Option<Fault> {
        let i = self
            .faults
            .iter()
            .position(|(o, _, n)| *n > 0 && (*o == op || *o == Op::Any))?;
        let (_, fault, n) = &mut self.faults[i];
        let f = fault.clone();
        *n -= 1;
        if *n == 0 {
            self.faults.remove(i);
        }
        Some(f)
    }
}

/// A running fake ATS.
pub struct FakeAts {
    addr: SocketAddr,
    shared: Arc<Shared>,
    handle: actix_web::dev::ServerHandle,
    task: tokio::task::JoinHandle<io::Result<()>>,
}

impl FakeAts {
    /// Bind and serve (one worker) on the current tokio runtime.
    pub async fn start(cfg: FakeConfig) -> io::Result<FakeAts> {
        let secret = webhook::secret_bytes(&cfg.webhook_secret)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
        let listener = std::net::TcpListener::bind(&cfg.bind)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            api_key: cfg.api_key,
            user_id: cfg.user_id,
            secret,
            base_url: format!("http://{addr}"),
            inner: Mutex::new(Inner {
                next_id: 100_000,
                ..Inner::default()
            }),
        });
        let data = web::Data::from(shared.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(web::PayloadConfig::new(MAX_BODY))
                .route("/v1/candidates", web::get().to(gh_list))
                .route("/v1/candidates", web::post().to(gh_create))
                .route("/v1/candidates/{id}", web::get().to(gh_get))
                .route(
                    "/v1/candidates/{id}/attachments",
                    web::post().to(gh_attachment),
                )
                .route(
                    "/v1/candidates/{id}/applications",
                    web::post().to(gh_application),
                )
                .route("/v1/opportunities", web::get().to(lever_list))
                .route("/v1/opportunities", web::post().to(lever_create))
                .route("/webhook", web::post().to(webhook_receive))
                .route("/_fake/records", web::get().to(admin_records))
                .route("/_fake/faults", web::post().to(admin_inject))
                .route("/_fake/faults", web::delete().to(admin_clear))
        })
        .workers(1)
        .disable_signals()
        .shutdown_timeout(1)
        .listen(listener)?
        .run();
        let handle = server.handle();
        let task = tokio::spawn(server);
        Ok(FakeAts {
            addr,
            shared,
            handle,
            task,
        })
    }

    /// `http://127.0.0.1:<port>`: the base URL for both vendor sinks; the
    /// webhook receiver is at `{url}/webhook`.
    pub fn url(&self) -> String {
        self.shared.base_url.clone()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Make the next `times` requests matching `op` fail with `fault`.
    pub fn inject(&self, op: Op, fault: Fault, times: usize) {
        if times > 0 {
            self.shared.lock().faults.push((op, fault, times));
        }
    }

    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Greenhouse candidates as stored (with `attachments` and `applications`).
    pub fn greenhouse_candidates(&self) -> Vec<Value> {
        self.shared.lock().greenhouse.clone()
    }

    /// Lever opportunities as stored (with `resumeFile` when one was sent).
    pub fn lever_opportunities(&self) -> Vec<Value> {
        self.shared.lock().lever.clone()
    }

    /// Verified webhook events: `{id, timestamp, payload, deliveries}`.
    pub fn webhook_events(&self) -> Vec<Value> {
        self.shared.lock().events.clone()
    }

    /// Vendor and webhook requests received (control routes excluded).
    pub fn request_count(&self) -> usize {
        self.shared.lock().requests
    }

    pub async fn stop(self) {
        self.handle.stop(true).await;
        let _ = self.task.await;
    }
}

// ---------------------------------------------------------------- plumbing

/// Count the request, apply a pending fault. `Err` is the answer to send
/// now; `Ok(true)` means "handle, then lose the response".
async fn prelude(s: &Shared, op: Op, greenhouse_shape: bool) -> Result<bool, HttpResponse> {
    let fault = {
        let mut inner = s.lock();
        inner.requests += 1;
        inner.take_fault(op)
    };
    let Some(fault) = fault else {
        return Ok(false);
    };
    Err(match fault {
        Fault::Slow { delay_ms } => {
            tokio::time::sleep(Duration::from_millis(delay_ms)).await;
            return Ok(false);
        }
        Fault::LostResponse => return Ok(true),
        Fault::Unauthorized => unauthorized(greenhouse_shape),
        Fault::RateLimited { retry_after_secs } => HttpResponse::TooManyRequests()
            .insert_header(("Retry-After", retry_after_secs.to_string()))
            .json(json!({"message": "Too Many Requests"})),
        Fault::RateLimitReset { reset_in_secs } => HttpResponse::TooManyRequests()
            .insert_header((
                "X-RateLimit-Reset",
                (chrono::Utc::now().timestamp() + reset_in_secs as i64).to_string(),
            ))
            .json(json!({"message": "Too Many Requests"})),
        Fault::ServerError => {
            HttpResponse::InternalServerError().json(json!({"message": "Server error"}))
        }
        Fault::Unavailable { retry_after_secs } => {
            let mut r = HttpResponse::ServiceUnavailable();
            if let Some(secs) = retry_after_secs {
                r.insert_header(("Retry-After", secs.to_string()));
            }
            r.json(json!({"message": "Service Unavailable"}))
        }
        Fault::Validation => HttpResponse::UnprocessableEntity().json(json!({
            "message": "Validation error",
            "errors": [
                {"field": "email_addresses", "message": "Email address is invalid"},
                {"field": "type", "message": "Must be one of: candidate, prospect"}
            ]
        })),
        Fault::DropConnection => dropped(),
    })
}

/// A response whose body fails before its first byte: actix closes the
/// connection, so the client gets no usable answer.
fn dropped() -> HttpResponse {
    let stream = futures_util::stream::once(async {
        Err::<web::Bytes, _>(io::Error::other("fault: dropped"))
    });
    HttpResponse::Ok()
        .content_type("application/json")
        .streaming(stream)
}

/// The real status, then a body cut off after its first bytes.
fn lost(status: actix_web::http::StatusCode) -> HttpResponse {
    let stream = futures_util::stream::iter([
        Ok(web::Bytes::from_static(b"{\"id\": ")),
        Err(io::Error::other("fault: response lost")),
    ]);
    HttpResponse::build(status)
        .content_type("application/json")
        .streaming(stream)
}

fn unauthorized(greenhouse_shape: bool) -> HttpResponse {
    if greenhouse_shape {
        HttpResponse::Unauthorized().json(json!({"message": "Invalid Basic Auth credentials"}))
    } else {
        HttpResponse::Unauthorized()
            .json(json!({"code": "UnauthorizedError", "message": "Invalid API key"}))
    }
}

fn authorized(s: &Shared, req: &HttpRequest) -> bool {
    let Some(v) = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let Some(b64) = v.strip_prefix("Basic ") else {
        return false;
    };
    let Ok(raw) = B64.decode(b64.trim()) else {
        return false;
    };
    let Ok(text) = String::from_utf8(raw) else {
        return false;
    };
    matches!(text.split_once(':'), Some((user, _)) if user == s.api_key)
}

fn now_iso() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A stored record without the kept file bytes.
fn public(v: &Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.remove("content");
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = v.clone();
    strip(&mut v);
    v
}

fn query(req: &HttpRequest) -> HashMap<String, String> {
    web::Query::<HashMap<String, String>>::from_query(req.query_string())
        .map(|q| q.into_inner())
        .unwrap_or_default()
}

fn gh_error(status: u16, message: &str) -> HttpResponse {
    let code = actix_web::http::StatusCode::from_u16(status)
        .unwrap_or(actix_web::http::StatusCode::BAD_REQUEST);
    HttpResponse::build(code).json(json!({ "message": message }))
}

fn gh_validation(errors: Vec<(&str, &str)>) -> HttpResponse {
    let errors: Vec<Value> = errors
        .into_iter()
        .map(|(f, m)| json!({"field": f, "message": m}))
        .collect();
    HttpResponse::UnprocessableEntity()
        .json(json!({"message": "Validation error", "errors": errors}))
}

/// Auth and `On-Behalf-Of` for a Greenhouse write.
fn gh_write_guard(s: &Shared, req: &HttpRequest) -> Option<HttpResponse> {
    if !authorized(s, req) {
        return Some(unauthorized(true));
    }
    let obo = req
        .headers()
        .get("on-behalf-of")
        .and_then(|v| v.to_str().ok());
    if obo.map(str::trim) != Some(s.user_id.as_str()) {
        return Some(gh_error(403, "Invalid or missing On-Behalf-Of user"));
    }
    None
}

fn email_matches(list: Option<&Value>, email: &str, key: Option<&str>) -> bool {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|e| {
            let v = match key {
                Some(k) => e.get(k).and_then(Value::as_str),
                None => e.as_str(),
            };
            v.is_some_and(|v| v.trim().eq_ignore_ascii_case(email.trim()))
        })
}

// -------------------------------------------------------------- Greenhouse

async fn gh_list(s: web::Data<Shared>, req: HttpRequest) -> HttpResponse {
    if let Err(r) = prelude(&s, Op::Lookup, true).await {
        return r;
    }
    if !authorized(&s, &req) {
        return unauthorized(true);
    }
    let q = query(&req);
    let inner = s.lock();
    let found: Vec<Value> = inner
        .greenhouse
        .iter()
        .filter(|c| match q.get("email") {
            Some(e) => email_matches(c.get("email_addresses"), e, Some("value")),
            None => true,
        })
        .map(public)
        .collect();
    HttpResponse::Ok().json(found)
}

fn gh_find_mut<'a>(inner: &'a mut Inner, id: &str) -> Option<&'a mut Value> {
    let id: u64 = id.parse().ok()?;
    inner
        .greenhouse
        .iter_mut()
        .find(|c| c.get("id").and_then(Value::as_u64) == Some(id))
}

async fn gh_get(s: web::Data<Shared>, req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    if let Err(r) = prelude(&s, Op::Lookup, true).await {
        return r;
    }
    if !authorized(&s, &req) {
        return unauthorized(true);
    }
    let mut inner = s.lock();
    match gh_find_mut(&mut inner, &path) {
        Some(c) => HttpResponse::Ok().json(public(c)),
        None => gh_error(404, "Resource not found"),
    }
}

fn gh_new_application(id: u64, candidate_id: u64, job_id: u64) -> Value {
    json!({
        "id": id,
        "candidate_id": candidate_id,
        "prospect": false,
        "applied_at": now_iso(),
        "rejected_at": null,
        "jobs": [{"id": job_id, "name": format!("Job {job_id}")}],
        "status": "active",
        "current_stage": {"id": 1, "name": "Application Review"},
        "attachments": [],
    })
}

async fn gh_create(s: web::Data<Shared>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let lose = match prelude(&s, Op::Create, true).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    if let Some(r) = gh_write_guard(&s, &req) {
        return r;
    }
    let Ok(Value::Object(mut c)) = serde_json::from_slice::<Value>(&body) else {
        return gh_error(400, "Request body must be a JSON object");
    };
    let mut errors = Vec::new();
    for f in ["first_name", "last_name"] {
        if c.get(f)
            .and_then(Value::as_str)
            .is_none_or(|v| v.trim().is_empty())
        {
            errors.push((f, "Missing required field"));
        }
    }
    let apps: Vec<Value> = c
        .get("applications")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let jobs: Vec<Option<u64>> = apps
        .iter()
        .map(|a| a.get("job_id").and_then(Value::as_u64))
        .collect();
    if jobs.is_empty() {
        errors.push(("applications", "At least one application is required"));
    } else if jobs.iter().any(Option::is_none) {
        errors.push(("applications.job_id", "Must be a job id"));
    }
    if !errors.is_empty() {
        return gh_validation(errors);
    }
    let stored = {
        let mut inner = s.lock();
        let id = inner.next();
        let apps: Vec<Value> = jobs
            .into_iter()
            .flatten()
            .map(|j| {
                let app_id = inner.next();
                gh_new_application(app_id, id, j)
            })
            .collect();
        let app_ids: Vec<Value> = apps.iter().filter_map(|a| a.get("id").cloned()).collect();
        let now = now_iso();
        c.insert("id".into(), json!(id));
        c.insert("created_at".into(), json!(now));
        c.insert("updated_at".into(), json!(now));
        c.insert("attachments".into(), json!([]));
        c.insert("application_ids".into(), Value::Array(app_ids));
        c.insert("applications".into(), Value::Array(apps));
        let v = Value::Object(c);
        inner.greenhouse.push(v.clone());
        v
    };
    if lose {
        return lost(actix_web::http::StatusCode::CREATED);
    }
    HttpResponse::Created().json(public(&stored))
}

async fn gh_attachment(
    s: web::Data<Shared>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
) -> HttpResponse {
    let lose = match prelude(&s, Op::Attach, true).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    if let Some(r) = gh_write_guard(&s, &req) {
        return r;
    }
    let Ok(Value::Object(a)) = serde_json::from_slice::<Value>(&body) else {
        return gh_error(400, "Request body must be a JSON object");
    };
    let text = |k: &str| a.get(k).and_then(Value::as_str).map(str::to_string);
    let mut errors = Vec::new();
    if text("filename").is_none_or(|f| f.trim().is_empty()) {
        errors.push(("filename", "Missing required field"));
    }
    if !matches!(
        text("type").as_deref(),
        Some("resume" | "cover_letter" | "admin_only")
    ) {
        errors.push(("type", "Must be one of: resume, cover_letter, admin_only"));
    }
    match (text("content"), text("url")) {
        (Some(c), _) => {
            if B64.decode(c.as_bytes()).is_err() {
                errors.push(("content", "Must be Base64 encoded"));
            }
            if text("content_type").is_none() {
                errors.push(("content_type", "Missing required field"));
            }
        }
        (None, Some(_)) => {}
        (None, None) => errors.push(("content", "Either content or url is required")),
    }
    if !errors.is_empty() {
        return gh_validation(errors);
    }
    let answer = {
        let mut inner = s.lock();
        let n = inner.next();
        let base = s.base_url.clone();
        let Some(c) = gh_find_mut(&mut inner, &path) else {
            return gh_error(404, "Resource not found");
        };
        let stored = json!({
            "filename": text("filename"),
            "url": format!("{base}/_fake/files/{n}"),
            "type": text("type"),
            "content_type": text("content_type"),
            "created_at": now_iso(),
            "content": text("content"),
        });
        if let Some(list) = c.get_mut("attachments").and_then(Value::as_array_mut) {
            list.push(stored.clone());
        }
        public(&stored)
    };
    if lose {
        return lost(actix_web::http::StatusCode::CREATED);
    }
    HttpResponse::Created().json(answer)
}

async fn gh_application(
    s: web::Data<Shared>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
) -> HttpResponse {
    let lose = match prelude(&s, Op::Attach, true).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    if let Some(r) = gh_write_guard(&s, &req) {
        return r;
    }
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return gh_error(400, "Request body must be a JSON object");
    };
    let Some(job) = v.get("job_id").and_then(Value::as_u64) else {
        return gh_validation(vec![("job_id", "Missing required field")]);
    };
    let app = {
        let mut inner = s.lock();
        let app_id_seed = inner.next();
        let Some(c) = gh_find_mut(&mut inner, &path) else {
            return gh_error(404, "Resource not found");
        };
        let cid = c.get("id").and_then(Value::as_u64).unwrap_or_default();
        let app = gh_new_application(app_id_seed, cid, job);
        if let Some(list) = c.get_mut("applications").and_then(Value::as_array_mut) {
            list.push(app.clone());
        }
        if let Some(ids) = c.get_mut("application_ids").and_then(Value::as_array_mut) {
            ids.push(json!(app_id_seed));
        }
        app
    };
    if lose {
        return lost(actix_web::http::StatusCode::CREATED);
    }
    HttpResponse::Created().json(app)
}

// ------------------------------------------------------------------- Lever

fn lever_error(status: u16, code: &str, message: &str) -> HttpResponse {
    let sc = actix_web::http::StatusCode::from_u16(status)
        .unwrap_or(actix_web::http::StatusCode::BAD_REQUEST);
    HttpResponse::build(sc).json(json!({"code": code, "message": message}))
}

/// An opportunity as Lever answers it: applications as ids unless
/// `expand=applications`.
fn lever_view(o: &Value, expand: bool) -> Value {
    let mut v = public(o);
    if !expand && let Some(apps) = v.get_mut("applications") {
        let ids: Vec<Value> = apps
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a.get("id").cloned())
            .collect();
        *apps = Value::Array(ids);
    }
    v
}

async fn lever_list(s: web::Data<Shared>, req: HttpRequest) -> HttpResponse {
    if let Err(r) = prelude(&s, Op::Lookup, false).await {
        return r;
    }
    if !authorized(&s, &req) {
        return unauthorized(false);
    }
    let q = query(&req);
    let expand = q.get("expand").is_some_and(|e| e == "applications");
    let inner = s.lock();
    let data: Vec<Value> = inner
        .lever
        .iter()
        .filter(|o| match q.get("email") {
            Some(e) => email_matches(o.get("emails"), e, None),
            None => true,
        })
        .map(|o| lever_view(o, expand))
        .collect();
    HttpResponse::Ok().json(json!({"data": data, "hasNext": false}))
}

/// Put one form value at a Lever form name: `name`, `emails[]`,
/// `phones[0][value]`, `archived[reason]`.
fn set_form_value(map: &mut Map<String, Value>, name: &str, value: Value) {
    let (base, rest) = match name.find('[') {
        Some(i) => (&name[..i], &name[i..]),
        None => (name, ""),
    };
    let segs: Vec<&str> = rest
        .split('[')
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_end_matches(']'))
        .collect();
    let mut slot = map.entry(base.to_string()).or_insert(Value::Null);
    for seg in segs {
        if seg.is_empty() {
            if !slot.is_array() {
                *slot = Value::Array(Vec::new());
            }
            if let Value::Array(a) = slot {
                a.push(Value::Null);
                let last = a.len() - 1;
                slot = &mut a[last];
            }
        } else if let Ok(i) = seg.parse::<usize>() {
            if !slot.is_array() {
                *slot = Value::Array(Vec::new());
            }
            if let Value::Array(a) = slot {
                while a.len() <= i.min(100) {
                    a.push(Value::Null);
                }
                slot = &mut a[i.min(100)];
            }
        } else {
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            if let Value::Object(m) = slot {
                slot = m.entry(seg.to_string()).or_insert(Value::Null);
            }
        }
    }
    *slot = value;
}

async fn read_multipart(
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<(Map<String, Value>, Option<Value>), String> {
    let mut mp = actix_multipart::Multipart::new(req.headers(), payload);
    let mut fields = Map::new();
    let mut resume = None;
    let mut total = 0usize;
    while let Some(field) = mp.next().await {
        let mut field = field.map_err(|_| "malformed multipart body".to_string())?;
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_string);
        let mime = field.content_type().map(|m| m.to_string());
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| "malformed multipart body".to_string())?;
            total += chunk.len();
            if total > MAX_BODY {
                return Err("request too large".into());
            }
            bytes.extend_from_slice(&chunk);
        }
        if name == "resumeFile" {
            resume = Some(json!({
                "name": file_name,
                "contentType": mime,
                "size": bytes.len(),
                "uploadedAt": chrono::Utc::now().timestamp_millis(),
                "content": B64.encode(&bytes),
            }));
        } else {
            let text =
                String::from_utf8(bytes).map_err(|_| "form fields must be UTF-8".to_string())?;
            set_form_value(&mut fields, &name, Value::String(text));
        }
    }
    Ok((fields, resume))
}

async fn lever_create(
    s: web::Data<Shared>,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let lose = match prelude(&s, Op::Create, false).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    if !authorized(&s, &req) {
        return unauthorized(false);
    }
    if query(&req).get("perform_as").map(|p| p.trim()) != Some(s.user_id.as_str()) {
        return lever_error(403, "ForbiddenError", "perform_as must name a valid user");
    }
    let is_multipart = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("multipart/form-data"));
    let (mut fields, resume) = if is_multipart {
        match read_multipart(&req, payload).await {
            Ok(x) => x,
            Err(m) => return lever_error(400, "BadRequestError", &m),
        }
    } else {
        let mut body = web::BytesMut::new();
        let mut payload = payload;
        while let Some(chunk) = payload.next().await {
            let Ok(chunk) = chunk else {
                return lever_error(400, "BadRequestError", "unreadable body");
            };
            if body.len() + chunk.len() > MAX_BODY {
                return lever_error(413, "RequestTooLarge", "request too large");
            }
            body.extend_from_slice(&chunk);
        }
        match serde_json::from_slice::<Value>(&body) {
            Ok(Value::Object(m)) => (m, None),
            _ => return lever_error(400, "BadRequestError", "Request body must be a JSON object"),
        }
    };
    if fields
        .get("name")
        .and_then(Value::as_str)
        .is_none_or(|n| n.trim().is_empty())
    {
        return lever_error(400, "BadRequestError", "name is required");
    }
    let postings: Vec<String> = fields
        .get("postings")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| p.as_str().map(str::to_string))
        .collect();
    if postings.len() > 1 {
        return lever_error(400, "BadRequestError", "Only one posting may be specified");
    }
    let stored = {
        let mut inner = s.lock();
        let emails: Vec<String> = fields
            .get("emails")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|e| e.as_str().map(str::to_string))
            .collect();
        let contact = inner
            .lever
            .iter()
            .find(|o| {
                emails
                    .iter()
                    .any(|e| email_matches(o.get("emails"), e, None))
            })
            .and_then(|o| o.get("contact").cloned())
            .unwrap_or_else(|| json!(uuid::Uuid::now_v7().to_string()));
        let id = uuid::Uuid::now_v7().to_string();
        let now = chrono::Utc::now().timestamp_millis();
        let applications: Vec<Value> = postings
            .iter()
            .map(|p| {
                json!({"id": uuid::Uuid::now_v7().to_string(), "opportunityId": id,
                       "posting": p, "type": "posting", "createdAt": now})
            })
            .collect();
        fields.insert("id".into(), json!(id));
        fields.insert("contact".into(), contact);
        fields.insert("createdAt".into(), json!(now));
        fields.insert("updatedAt".into(), json!(now));
        fields.insert("owner".into(), json!(s.user_id));
        fields.insert("archived".into(), Value::Null);
        fields.insert("applications".into(), Value::Array(applications));
        if let Some(r) = resume {
            fields.insert("resumeFile".into(), r);
        }
        let v = Value::Object(fields);
        inner.lever.push(v.clone());
        v
    };
    if lose {
        return lost(actix_web::http::StatusCode::CREATED);
    }
    HttpResponse::Created().json(json!({"data": lever_view(&stored, false)}))
}

// ----------------------------------------------------------------- webhook

async fn webhook_receive(s: web::Data<Shared>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let lose = match prelude(&s, Op::Create, false).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let h = |n: &str| {
        req.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    };
    let (id, ts, sig) = (
        h("webhook-id"),
        h("webhook-timestamp"),
        h("webhook-signature"),
    );
    let now = chrono::Utc::now().timestamp();
    if id.is_empty()
        || !webhook::verify(&s.secret, id, ts, sig, &body, now, Duration::from_secs(300))
    {
        return HttpResponse::Unauthorized().json(json!({"error": "invalid signature"}));
    }
    {
        let mut inner = s.lock();
        if let Some(e) = inner
            .events
            .iter_mut()
            .find(|e| e.get("id").and_then(Value::as_str) == Some(id))
        {
            let n = e.get("deliveries").and_then(Value::as_u64).unwrap_or(1);
            e["deliveries"] = json!(n + 1);
        } else {
            let payload = serde_json::from_slice::<Value>(&body).unwrap_or(Value::Null);
            inner.events.push(json!({
                "id": id,
                "timestamp": ts.parse::<i64>().unwrap_or_default(),
                "payload": payload,
                "deliveries": 1,
            }));
        }
    }
    if lose {
        return lost(actix_web::http::StatusCode::OK);
    }
    HttpResponse::NoContent().finish()
}

// ----------------------------------------------------------------- control

async fn admin_records(s: web::Data<Shared>) -> HttpResponse {
    let inner = s.lock();
    HttpResponse::Ok().json(json!({
        "greenhouse_candidates": inner.greenhouse,
        "lever_opportunities": inner.lever,
        "webhook_events": inner.events,
        "request_count": inner.requests,
        "pending_faults": inner.faults.iter().map(|(op, f, n)| json!({"op": op, "fault": f, "times": n})).collect::<Vec<_>>(),
    }))
}

async fn admin_inject(s: web::Data<Shared>, body: web::Bytes) -> HttpResponse {
    match serde_json::from_slice::<FaultRequest>(&body) {
        Ok(r) => {
            if r.times > 0 {
                s.lock().faults.push((r.op, r.fault, r.times));
            }
            HttpResponse::Created().json(json!({"ok": true}))
        }
        Err(e) => HttpResponse::BadRequest().json(json!({"error": e.to_string()})),
    }
}

async fn admin_clear(s: web::Data<Shared>) -> HttpResponse {
    s.lock().faults.clear();
    HttpResponse::NoContent().finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_names_rebuild_lever_fields() {
        let mut m = Map::new();
        set_form_value(&mut m, "name", json!("A"));
        set_form_value(&mut m, "emails[]", json!("a@x.io"));
        set_form_value(&mut m, "emails[]", json!("b@x.io"));
        set_form_value(&mut m, "phones[0][value]", json!("1"));
        set_form_value(&mut m, "phones[0][type]", json!("mobile"));
        set_form_value(&mut m, "archived[reason]", json!("r"));
        assert_eq!(
            Value::Object(m),
            json!({"name": "A", "emails": ["a@x.io", "b@x.io"],
                   "phones": [{"value": "1", "type": "mobile"}], "archived": {"reason": "r"}})
        );
    }

    #[test]
    fn fault_requests_parse() {
        let r: FaultRequest = serde_json::from_str(
            r#"{"op":"create","fault":"rate_limited","retry_after_secs":3,"times":2}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (r.op, r.fault, r.times),
            (
                Op::Create,
                Fault::RateLimited {
                    retry_after_secs: 3
                },
                2
            )
        );
        let r: FaultRequest = serde_json::from_str(r#"{"op":"any","fault":"drop_connection"}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((r.fault, r.times), (Fault::DropConnection, 1));
    }
}
