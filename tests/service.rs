//! The HTTP service, end to end: the real app on a random port, against
//! SQLite and against PostgreSQL (127.0.0.1:5432, user postgres, trust auth;
//! each run creates its own database and drops it). Every endpoint, the
//! errors, idempotent double submit, erase, and — with the real binary —
//! a kill -9 right after a 201.
//!
//! PostgreSQL is required (CI starts it); set `RESUME_PARSER_TEST_PG_URL` to
//! use another server (its user must be able to create databases).

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use resume_parser::service::{AppState, Config, start};
use resume_parser::store::StoreError;
use serde_json::{Value, json};

fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

const PDF: &str = "fixtures/corpus/jr-resume-schema-sample-resume-classic.web.pdf";

struct Running {
    base: String,
    client: reqwest::Client,
    handle: actix_web::dev::ServerHandle,
    _dir: Option<tempfile::TempDir>,
}

impl Running {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

async fn spawn(database_url: String, tweak: impl FnOnce(&mut Config)) -> Running {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut config = Config {
        database_url,
        parse_workers: 2,
        ..Config::default()
    };
    tweak(&mut config);
    let state = AppState::new(config).await.expect("app state");
    let server = start(state, listener).expect("server");
    let handle = server.handle();
    actix_web::rt::spawn(server);
    Running {
        base: format!("http://127.0.0.1:{port}"),
        client: http_client(),
        handle,
        _dir: None,
    }
}

async fn sqlite(tweak: impl FnOnce(&mut Config)) -> Running {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let mut r = spawn(url, tweak).await;
    r._dir = Some(dir);
    r
}

/// A fresh PostgreSQL database for one test; dropped by [`drop_pg`].
async fn pg_database() -> (String, String) {
    use sqlx::Connection;
    let admin = std::env::var("RESUME_PARSER_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let name = format!("rp_test_{}", uuid::Uuid::now_v7().simple());
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .expect("PostgreSQL on 127.0.0.1:5432 (see tests/service.rs)");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .unwrap();
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
    (format!("{base}/{name}"), name)
}

async fn drop_pg(name: &str) {
    use sqlx::Connection;
    let admin = std::env::var("RESUME_PARSER_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(&mut conn)
        .await;
    }
}

fn file_form(bytes: Vec<u8>, name: &str) -> Form {
    Form::new().part("file", Part::bytes(bytes).file_name(name.to_owned()))
}

async fn json_of(r: reqwest::Response) -> Value {
    r.json().await.expect("JSON body")
}

/// Everything a backend must do, in one scenario.
async fn scenario(app: &Running) {
    let c = &app.client;
    // Health.
    assert_eq!(
        c.get(app.url("/healthz")).send().await.unwrap().status(),
        200
    );
    assert_eq!(
        c.get(app.url("/readyz")).send().await.unwrap().status(),
        200
    );
    let openapi = json_of(c.get(app.url("/openapi.json")).send().await.unwrap()).await;
    assert!(openapi["paths"]["/v1/candidates"].is_object());

    // Stateless parse: multipart and raw body.
    let r = c
        .post(app.url("/v1/parse"))
        .multipart(file_form(fixture(PDF), "cv.pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let env = json_of(r).await;
    assert_eq!(env["schema"], "resume-parser/1");
    let raw = c
        .post(app.url("/v1/parse"))
        .header("content-type", "application/pdf")
        .body(fixture(PDF))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);

    // Submit: 201 + Location; form values win; a conflict is recorded.
    let form = file_form(fixture(PDF), "cv.pdf")
        .text("email", "Form.Person@Example.com")
        .text("job_id", "42")
        .text("source", "careers")
        .text("consent", "true");
    let r = c
        .post(app.url("/v1/candidates"))
        .header("Idempotency-Key", "abc-1")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let cand = json_of(r).await;
    let id = cand["id"].as_str().unwrap().to_owned();
    assert_eq!(location, format!("/v1/candidates/{id}"));
    assert_eq!(cand["resume"]["basics"]["email"], "Form.Person@Example.com");
    assert_eq!(cand["job_id"], "42");
    assert_eq!(cand["consent"], true);
    assert!(
        cand["conflicts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["field"] == "/basics/email"),
        "{}",
        cand["conflicts"]
    );
    assert!(matches!(
        cand["status"].as_str(),
        Some("accepted" | "needs_review")
    ));

    // Double submit: same key → the same candidate (200); same file and
    // e-mail without a key → the same candidate too.
    let again = c
        .post(app.url("/v1/candidates"))
        .header("Idempotency-Key", "abc-1")
        .multipart(file_form(fixture(PDF), "cv.pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200);
    assert_eq!(json_of(again).await["id"], id.as_str());
    let twin = c
        .post(app.url("/v1/candidates"))
        .multipart(file_form(fixture(PDF), "cv.pdf").text("email", "form.person@example.com"))
        .send()
        .await
        .unwrap();
    assert_eq!(twin.status(), 200);
    assert_eq!(json_of(twin).await["id"], id.as_str());

    // Read back: the candidate and its original bytes.
    let got = json_of(c.get(app.url(&location)).send().await.unwrap()).await;
    assert_eq!(got["id"], id.as_str());
    let doc = c
        .get(app.url(&format!("{location}/document")))
        .send()
        .await
        .unwrap();
    assert_eq!(doc.status(), 200);
    assert_eq!(doc.headers()["content-type"], "application/pdf");
    assert_eq!(doc.bytes().await.unwrap().to_vec(), fixture(PDF));

    // A thin document goes to review.
    let thin = b"Some notes about nothing in particular.\nNo dates here.\n".to_vec();
    let r = c
        .post(app.url("/v1/candidates"))
        .multipart(file_form(thin, "notes.txt"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let review_id = json_of(r).await["id"].as_str().unwrap().to_owned();
    let queue = json_of(c.get(app.url("/v1/review")).send().await.unwrap()).await;
    let item = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == review_id.as_str())
        .expect("queued");
    assert!(!item["reasons"].as_array().unwrap().is_empty());

    // Approve with a correction: stored as a diff, who and when.
    let corrected = json!({"basics": {"name": "Fixed Name", "email": "fixed@example.com"}});
    let r = c
        .post(app.url(&format!("/v1/review/{review_id}/approve")))
        .header("x-actor", "recruiter-7")
        .json(&json!({"resume": corrected}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let approved = json_of(r).await;
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["resume"]["basics"]["email"], "fixed@example.com");
    assert_eq!(approved["review"]["by"], "recruiter-7");
    assert!(
        approved["review"]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|ch| ch["path"] == "/basics/email" && ch["after"] == "fixed@example.com")
    );
    // Deciding twice is a conflict.
    let r = c
        .post(app.url(&format!("/v1/review/{review_id}/reject")))
        .json(&json!({"reason": "dup"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);

    // Reject another one.
    let r = c
        .post(app.url("/v1/candidates"))
        .multipart(file_form(b"Just a line of text.\n".to_vec(), "x.txt"))
        .send()
        .await
        .unwrap();
    let rid = json_of(r).await["id"].as_str().unwrap().to_owned();
    let r = c
        .post(app.url(&format!("/v1/review/{rid}/reject")))
        .json(&json!({"reason": "not a resume"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(json_of(r).await["status"], "rejected");

    // Listing: by status, and cursor pagination over everything.
    let page = json_of(
        c.get(app.url("/v1/candidates?status=approved"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let p = json_of(
            c.get(app.url(&format!("/v1/candidates?limit=1&cursor={cursor}")))
                .send()
                .await
                .unwrap(),
        )
        .await;
        for i in p["items"].as_array().unwrap() {
            seen.push(i["id"].as_str().unwrap().to_owned());
        }
        match p["next_cursor"].as_str() {
            Some(n) => cursor = n.to_owned(),
            None => break,
        }
    }
    assert_eq!(seen.len(), 3, "{seen:?}");
    let bad = c
        .get(app.url("/v1/candidates?cursor=zzz"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);

    // Erase: the candidate, its document and its trail are gone.
    let r = c.delete(app.url(&location)).send().await.unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(
        c.get(app.url(&location)).send().await.unwrap().status(),
        404
    );
    assert_eq!(
        c.get(app.url(&format!("{location}/document")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        c.delete(app.url(&location)).send().await.unwrap().status(),
        404
    );

    // Metrics.
    let m = c
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(m.contains("resume_parser_parses_total"), "{m}");
    assert!(m.contains("resume_parser_review_queue_depth"));
}

/// Bad input: a clear problem+json each.
async fn errors(app: &Running) {
    let c = &app.client;
    let problem = |r: reqwest::Response, status: u16, code: &'static str| async move {
        assert_eq!(r.status().as_u16(), status);
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        let p: Value = r.json().await.unwrap();
        assert_eq!(p["code"], code, "{p}");
        assert_eq!(p["status"], status);
    };
    // 415: random bytes.
    let r = c
        .post(app.url("/v1/parse"))
        .multipart(file_form(
            vec![0x8f, 0x01, 0xfe, 0x22, 0x00, 0x91, 0x7a, 0x13],
            "x.bin",
        ))
        .send()
        .await
        .unwrap();
    problem(r, 415, "unsupported_media_type").await;
    // 422: a truncated PDF.
    let mut pdf = fixture(PDF);
    pdf.truncate(pdf.len() / 3);
    let r = c
        .post(app.url("/v1/parse"))
        .multipart(file_form(pdf, "cut.pdf"))
        .send()
        .await
        .unwrap();
    problem(r, 422, "unparseable").await;
    // 422: encrypted.
    let r = c
        .post(app.url("/v1/candidates"))
        .multipart(file_form(
            fixture("fixtures/bad/encrypted-user-password.pdf"),
            "e.pdf",
        ))
        .send()
        .await
        .unwrap();
    problem(r, 422, "unparseable").await;
    // 400: no file field; malformed multipart; empty body.
    let r = c
        .post(app.url("/v1/parse"))
        .multipart(Form::new().text("job_id", "1"))
        .send()
        .await
        .unwrap();
    problem(r, 400, "bad_request").await;
    let r = c
        .post(app.url("/v1/parse"))
        .header("content-type", "multipart/form-data; boundary=xyz")
        .body("--xyz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc")
        .send()
        .await
        .unwrap();
    problem(r, 400, "bad_request").await;
    let r = c.post(app.url("/v1/parse")).send().await.unwrap();
    problem(r, 400, "bad_request").await;
    // 404.
    let r = c.get(app.url("/v1/candidates/nope")).send().await.unwrap();
    problem(r, 404, "not_found").await;
    // 400: bad reject body.
    let r = c
        .post(app.url("/v1/review/nope/reject"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    problem(r, 400, "bad_request").await;
}

#[actix_web::test]
async fn sqlite_backend() {
    let app = sqlite(|_| {}).await;
    scenario(&app).await;
    errors(&app).await;
    app.handle.stop(true).await;
}

#[actix_web::test]
async fn postgres_backend() {
    let (url, name) = pg_database().await;
    let app = spawn(url, |_| {}).await;
    scenario(&app).await;
    errors(&app).await;
    app.handle.stop(true).await;
    drop_pg(&name).await;
}

/// API keys: /v1 needs one, except the public submit; health does not.
#[actix_web::test]
async fn api_keys_and_limits() {
    let app = sqlite(|c| {
        c.api_keys = vec!["s3cret".into()];
        c.max_upload_bytes = 20_000;
    })
    .await;
    let c = &app.client;
    let r = c.get(app.url("/v1/candidates")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let r = c
        .get(app.url("/v1/candidates"))
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = c
        .get(app.url("/v1/candidates"))
        .bearer_auth("s3cret")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        c.get(app.url("/healthz")).send().await.unwrap().status(),
        200
    );
    // 413: over the limit, refused while streaming (multipart and raw).
    let big = vec![b'a'; 50_000];
    let r = c
        .post(app.url("/v1/candidates"))
        .multipart(file_form(big.clone(), "big.txt"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let r = c
        .post(app.url("/v1/parse"))
        .bearer_auth("s3cret")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    app.handle.stop(true).await;
}

/// Under overload the service answers 503 + Retry-After at once rather than
/// queueing without bound: one worker, no queue, many parallel uploads.
#[actix_web::test]
async fn overload_is_refused_fast() {
    let app = Arc::new(
        sqlite(|c| {
            c.parse_workers = 1;
            c.parse_queue = 0;
        })
        .await,
    );
    let pdf = fixture(PDF);
    let mut tasks = Vec::new();
    for _ in 0..24 {
        let app = Arc::clone(&app);
        let pdf = pdf.clone();
        tasks.push(actix_web::rt::spawn(async move {
            let r = app
                .client
                .post(app.url("/v1/parse"))
                .header("content-type", "application/pdf")
                .body(pdf)
                .send()
                .await
                .unwrap();
            (
                r.status().as_u16(),
                r.headers().get("retry-after").is_some(),
            )
        }));
    }
    let mut ok = 0;
    let mut refused = 0;
    for t in tasks {
        match t.await.unwrap() {
            (200, _) => ok += 1,
            (503, true) => refused += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(ok >= 1, "some parse must get through");
    assert_eq!(ok + refused, 24);
    app.handle.stop(true).await;
}

/// A store that is down: every call fails as unreachable.
struct DownStore;

#[async_trait::async_trait]
impl resume_parser::store::Store for DownStore {
    async fn ping(&self) -> Result<(), StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    async fn insert(
        &self,
        _: resume_parser::store::NewCandidate,
    ) -> Result<resume_parser::store::Inserted, StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    async fn get(&self, _: &str) -> Result<resume_parser::store::Candidate, StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    async fn text(&self, _: &str) -> Result<String, StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    async fn document(&self, _: &str) -> Result<(String, Option<String>, Vec<u8>), StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    async fn list(
        &self,
        _: Option<resume_parser::store::Status>,
        _: Option<&str>,
        _: u32,
    ) -> Result<resume_parser::store::Page, StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    async fn decide(
        &self,
        _: &str,
        _: &str,
        _: resume_parser::store::Decision,
    ) -> Result<resume_parser::store::Candidate, StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    async fn erase(&self, _: &str) -> Result<(), StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    async fn queue_depth(&self) -> Result<i64, StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    async fn insert_batch(
        &self,
        _: Vec<resume_parser::store::NewCandidate>,
    ) -> Result<Vec<resume_parser::store::Inserted>, StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    async fn known_keys(&self, _: &[String]) -> Result<Vec<(String, String)>, StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    async fn claim(
        &self,
        _: &str,
        _: std::time::Duration,
        _: u32,
    ) -> Result<Vec<resume_parser::store::OutboxItem>, StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    async fn progress(&self, _: i64, _: bool, _: Option<&str>) -> Result<(), StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    async fn record_attempt(&self, _: &resume_parser::store::Attempt) -> Result<(), StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    async fn delivered(
        &self,
        _: i64,
        _: resume_parser::store::Delivered,
        _: Option<&str>,
    ) -> Result<(), StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    async fn retry_at(&self, _: i64, _: &str, _: &str) -> Result<(), StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    async fn delivery_failed(&self, _: i64, _: &str) -> Result<(), StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    async fn enqueue(&self, _: &str, _: &str, _: &str) -> Result<(), StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    async fn deliveries(&self, _: &str) -> Result<serde_json::Value, StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    async fn retry_delivery(
        &self,
        _: &str,
        _: &str,
    ) -> Result<resume_parser::store::Candidate, StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
    async fn outbox_stats(&self) -> Result<resume_parser::store::OutboxStats, StoreError> {
        Err(StoreError::Unavailable("down".into()))
    }
}

/// The store down: not ready, and submissions get 503 + Retry-After (the
/// client keeps its file and retries) — never a 201 for something not stored.
#[actix_web::test]
async fn store_down_means_503() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let state = AppState::with_store(Config::default(), Arc::new(DownStore)).unwrap();
    let server = start(state, listener).unwrap();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    let base = format!("http://127.0.0.1:{port}");
    let c = http_client();
    assert_eq!(
        c.get(format!("{base}/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let r = c.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 503);
    let r = c
        .post(format!("{base}/v1/candidates"))
        .multipart(file_form(fixture(PDF), "cv.pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 503);
    assert!(r.headers().contains_key("retry-after"));
    assert_eq!(json_of(r).await["code"], "store_unavailable");
    handle.stop(true).await;
}

/// The career-site form's origin may post; another origin gets no CORS grant.
#[actix_web::test]
async fn cors_allow_list() {
    let app = sqlite(|c| c.cors_origins = vec!["https://careers.example.com".into()]).await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/v1/candidates"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .send()
    };
    let ok = preflight("https://careers.example.com").await.unwrap();
    assert_eq!(
        ok.headers()["access-control-allow-origin"],
        "https://careers.example.com"
    );
    let other = preflight("https://evil.example.net").await.unwrap();
    assert!(!other.headers().contains_key("access-control-allow-origin"));
    app.handle.stop(true).await;
}

/// Every route the app serves is in the OpenAPI document.
#[actix_web::test]
async fn openapi_lists_every_route() {
    let doc: Value = serde_json::from_str(include_str!("../src/service/openapi.json")).unwrap();
    for (path, method) in [
        ("/healthz", "get"),
        ("/readyz", "get"),
        ("/metrics", "get"),
        ("/openapi.json", "get"),
        ("/v1/parse", "post"),
        ("/v1/candidates", "post"),
        ("/v1/candidates", "get"),
        ("/v1/candidates/{id}", "get"),
        ("/v1/candidates/{id}", "delete"),
        ("/v1/candidates/{id}/document", "get"),
        ("/v1/candidates/{id}/deliveries", "get"),
        ("/v1/candidates/{id}/deliveries/retry", "post"),
        ("/v1/review", "get"),
        ("/v1/review/{id}/approve", "post"),
        ("/v1/review/{id}/reject", "post"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
}

/// A TOML file configures the service; the environment overrides it.
#[test]
fn toml_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("s.toml");
    std::fs::write(
        &f,
        "bind = \"127.0.0.1:9999\"\napi_keys = [\"k1\"]\nmax_upload_bytes = 1234\n",
    )
    .unwrap();
    let c = Config::load(Some(&f), |k| {
        (k == "RESUME_PARSER_MAX_UPLOAD_BYTES").then(|| "4321".to_owned())
    })
    .unwrap();
    assert_eq!(c.bind.port(), 9999);
    assert_eq!(c.api_keys, ["k1"]);
    assert_eq!(c.max_upload_bytes, 4321);
    std::fs::write(&f, "unknown_key = 1\n").unwrap();
    assert!(Config::load(Some(&f), |_| None).is_err());
}

/// A 201 means stored: kill -9 right after loses nothing.
#[test]
fn candidate_survives_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_resume-parser"));
    let serve = |port: u16| {
        std::process::Command::new(&exe)
            .args([
                "serve",
                "--bind",
                &format!("127.0.0.1:{port}"),
                "--database-url",
                &format!("sqlite://{}", db.display()),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let port = || {
        TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = http_client();
    let wait_ready = |base: String| {
        let client = client.clone();
        async move {
            for _ in 0..200 {
                if let Ok(r) = client.get(format!("{base}/readyz")).send().await
                    && r.status() == 200
                {
                    return;
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            panic!("service did not start");
        }
    };
    let p1 = port();
    let mut child = serve(p1);
    let base = format!("http://127.0.0.1:{p1}");
    let id = rt.block_on(async {
        wait_ready(base.clone()).await;
        let r = client
            .post(format!("{base}/v1/candidates"))
            .multipart(file_form(fixture(PDF), "cv.pdf"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        json_of(r).await["id"].as_str().unwrap().to_owned()
    });
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let p2 = port();
    let mut child = serve(p2);
    let base = format!("http://127.0.0.1:{p2}");
    rt.block_on(async {
        wait_ready(base.clone()).await;
        let r = client
            .get(format!("{base}/v1/candidates/{id}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let doc = client
            .get(format!("{base}/v1/candidates/{id}/document"))
            .send()
            .await
            .unwrap();
        assert_eq!(doc.bytes().await.unwrap().to_vec(), fixture(PDF));
    });
    child.kill().unwrap();
    child.wait().unwrap();
}

/// A client for the tests (reqwest is built with rustls and no default
/// crypto provider: the service installs ring, and so do we).
fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
