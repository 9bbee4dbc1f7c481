//! The ATS writer end to end: the real service, the real store, the fake ATS
//! (`resume_parser::ats::fake`, speaking Greenhouse Harvest, Lever and
//! Standard Webhooks). A fault matrix: for each fault, N candidates
//! submitted → afterwards exactly N records in the fake ATS (none lost, none
//! duplicated) with the right values and the resume attached; permanent
//! faults end in the review queue with `ats_write_failed` and are delivered
//! after a retry. Plus kill -9 of `serve` during delivery, two replicas on
//! PostgreSQL, and signed webhooks.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

use reqwest::multipart::{Form, Part};
use resume_parser::ats::fake::{FakeAts, FakeConfig, Fault, Op};
use resume_parser::service::config::AtsSettings;
use resume_parser::service::{AppState, Config, start};
use serde_json::Value;

const PDF: &str = "fixtures/corpus/jr-jsonresume-org-packages-schema-examples-senior-engineer-resume-cofirst.web.pdf";

fn fixture() -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(PDF);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

struct App {
    base: String,
    client: reqwest::Client,
    /// The in-process server (None: a child process).
    handle: Option<actix_web::dev::ServerHandle>,
}

impl App {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

fn settings(kind: &str, fake: &FakeAts) -> AtsSettings {
    AtsSettings {
        kind: Some(kind.into()),
        base_url: Some(fake.url()),
        api_key: Some("fake-api-key".into()),
        on_behalf_of: Some("42".into()),
        webhook_url: (kind == "webhook").then(|| format!("{}/webhook", fake.url())),
        webhook_secret: (kind == "webhook").then(|| FakeConfig::default().webhook_secret),
        rate_per_sec: Some(500.0),
        burst: Some(500.0),
        max_attempts: Some(6),
        retry_base_ms: Some(20),
        timeout_secs: Some(1.0),
        lease_secs: Some(3.0),
        ..AtsSettings::default()
    }
}

async fn serve(database_url: &str, ats: AtsSettings) -> App {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let config = Config {
        database_url: database_url.to_owned(),
        parse_workers: 2,
        ats,
        ..Config::default()
    };
    let state = AppState::new(config).await.expect("app state");
    let server = start(state, listener).expect("server");
    let handle = server.handle();
    actix_web::rt::spawn(server);
    App {
        base: format!("http://127.0.0.1:{port}"),
        client: http_client(),
        handle: Some(handle),
    }
}

async fn stop(app: App) {
    if let Some(h) = app.handle {
        h.stop(true).await;
    }
}

fn sqlite_url(dir: &tempfile::TempDir) -> String {
    format!("sqlite://{}", dir.path().join("t.db").display())
}

/// Submit candidate `i` (its own e-mail and phone on the form); its id.
async fn submit(app: &App, tag: &str, i: usize) -> String {
    let form = Form::new()
        .part(
            "file",
            Part::bytes(fixture()).file_name(format!("cv-{tag}-{i}.pdf")),
        )
        .text("first_name", format!("Ada{i}"))
        .text("last_name", format!("Lovelace-{tag}"))
        .text("email", format!("Ada.{tag}.{i}@Example.com"))
        .text("phone", format!("+1 415 555 {:04}", 100 + i))
        .text("job_id", "4001");
    let r = app
        .client
        .post(app.url("/v1/candidates"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
    let c: Value = r.json().await.unwrap();
    assert_eq!(c["status"], "accepted", "the fixture parses confidently");
    c["id"].as_str().unwrap().to_owned()
}

async fn deliveries(app: &App, id: &str) -> Value {
    app.client
        .get(app.url(&format!("/v1/candidates/{id}/deliveries")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Wait until every ATS delivery of these candidates has ended; their
/// final states.
async fn settle(app: &App, ids: &[String]) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let mut states = Vec::new();
        for id in ids {
            let d = deliveries(app, id).await;
            let ats: Vec<&Value> = d["deliveries"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["target"] == "ats")
                .collect();
            states.push(
                ats.last()
                    .map(|r| r["state"].as_str().unwrap().to_owned())
                    .unwrap_or_default(),
            );
        }
        if states.iter().all(|s| s != "pending" && !s.is_empty()) {
            return states;
        }
        assert!(
            Instant::now() < deadline,
            "deliveries did not settle: {states:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn email_of(record: &Value) -> String {
    record["email_addresses"][0]["value"]
        .as_str()
        .or_else(|| record["emails"][0].as_str())
        .unwrap_or_default()
        .to_owned()
}

/// Exactly one Greenhouse record per submitted person, with the mapped
/// values and the resume attached.
fn check_greenhouse(fake: &FakeAts, tag: &str, n: usize) {
    let records = fake.greenhouse_candidates();
    for i in 0..n {
        let email = format!("ada.{tag}.{i}@example.com");
        let mine: Vec<&Value> = records.iter().filter(|r| email_of(r) == email).collect();
        assert_eq!(
            mine.len(),
            1,
            "{email}: {} records: {:?}",
            mine.len(),
            mine.iter()
                .map(|r| (r["id"].clone(), r["created_at"].clone()))
                .collect::<Vec<_>>()
        );
        let r = mine[0];
        assert_eq!(r["first_name"], format!("Ada{i}"));
        assert_eq!(r["last_name"], format!("Lovelace-{tag}"));
        assert_eq!(
            r["phone_numbers"][0]["value"],
            format!("+1415555{:04}", 100 + i),
            "E.164 phone"
        );
        let jobs = r["employments"].as_array().expect("employments");
        assert!(!jobs.is_empty(), "employments");
        assert!(jobs.iter().all(|j| j["title"].is_string()));
        // The normalized occupation, not the raw "Staff Software Engineer".
        assert_eq!(jobs[0]["title"], "Software Developers", "{jobs:?}");
        assert_eq!(jobs[0]["company_name"], "Confluent");
        assert!(r["educations"].is_array() || r["educations"].is_null());
        let files = r["attachments"].as_array().expect("attachments");
        assert!(
            files.iter().any(|a| a["type"] == "resume"),
            "resume attached: {files:?}"
        );
        let apps = r["applications"].as_array().expect("applications");
        assert!(
            apps.iter().any(|a| a["jobs"]
                .as_array()
                .is_some_and(|j| j.iter().any(|j| j["id"] == 4001))),
            "applied to the job: {apps:?}"
        );
    }
    assert_eq!(
        records
            .iter()
            .filter(|r| email_of(r).contains(&format!(".{tag}.")))
            .count(),
        n,
        "no duplicates"
    );
}

const N: usize = 3;

/// Transient faults: retried until written, exactly once each.
#[actix_web::test]
async fn greenhouse_fault_matrix_transient() {
    let fake = FakeAts::start(FakeConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let app = serve(&sqlite_url(&dir), settings("greenhouse", &fake)).await;
    let faults: Vec<(&str, Op, Fault, usize)> = vec![
        ("ok", Op::Any, Fault::Slow { delay_ms: 0 }, 0),
        (
            "r429",
            Op::Create,
            Fault::RateLimited {
                retry_after_secs: 1,
            },
            2,
        ),
        (
            "reset",
            Op::Any,
            Fault::RateLimitReset { reset_in_secs: 1 },
            2,
        ),
        ("e500", Op::Create, Fault::ServerError, 2),
        (
            "e503",
            Op::Any,
            Fault::Unavailable {
                retry_after_secs: None,
            },
            3,
        ),
        ("slow", Op::Create, Fault::Slow { delay_ms: 1_500 }, 1),
        ("drop", Op::Create, Fault::DropConnection, 2),
        ("lost", Op::Create, Fault::LostResponse, 2),
        ("lookup", Op::Lookup, Fault::ServerError, 2),
        (
            "attach",
            Op::Attach,
            Fault::Unavailable {
                retry_after_secs: Some(0),
            },
            1,
        ),
    ];
    for (tag, op, fault, times) in faults {
        fake.clear_faults();
        if times > 0 {
            fake.inject(op, fault.clone(), times);
        }
        let mut ids = Vec::new();
        for i in 0..N {
            ids.push(submit(&app, tag, i).await);
        }
        let states = settle(&app, &ids).await;
        assert!(states.iter().all(|s| s == "delivered"), "{tag}: {states:?}");
        check_greenhouse(&fake, tag, N);
    }
    // Every call is audited (operation, status, duration, remote id),
    // without personal data.
    let id = submit(&app, "audit", 0).await;
    settle(&app, std::slice::from_ref(&id)).await;
    let d = deliveries(&app, &id).await;
    let ops: Vec<&str> = d["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["operation"].as_str().unwrap())
        .collect();
    assert_eq!(ops, ["lookup", "create"], "{d}");
    let create = &d["attempts"][1];
    assert!(
        create["http_status"]
            .as_i64()
            .is_some_and(|s| (200..300).contains(&s))
    );
    assert!(create["remote_id"].is_string());
    assert!(create["duration_ms"].is_i64());
    assert!(!d.to_string().to_lowercase().contains("ada."));
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("resume_parser_ats_deliveries_total"));
    assert!(metrics.contains("resume_parser_outbox_pending"));
    stop(app).await;
    fake.stop().await;
}

/// Permanent faults: the candidate goes to review with the reason; a retry
/// through the API delivers it once the ATS is fixed.
#[actix_web::test]
async fn greenhouse_permanent_faults_go_to_review_then_retry() {
    let fake = FakeAts::start(FakeConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let app = serve(&sqlite_url(&dir), settings("greenhouse", &fake)).await;
    for (tag, fault) in [("e401", Fault::Unauthorized), ("e422", Fault::Validation)] {
        fake.clear_faults();
        fake.inject(Op::Create, fault, N);
        let mut ids = Vec::new();
        for i in 0..N {
            ids.push(submit(&app, tag, i).await);
        }
        let states = settle(&app, &ids).await;
        assert!(states.iter().all(|s| s == "failed"), "{tag}: {states:?}");
        for id in &ids {
            let c: Value = app
                .client
                .get(app.url(&format!("/v1/candidates/{id}")))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(c["status"], "needs_review");
            assert!(
                c["reasons"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|r| r == "ats_write_failed")
            );
            let d = deliveries(&app, id).await;
            let last = d["attempts"].as_array().unwrap().last().unwrap().clone();
            assert_eq!(last["outcome"], "failed");
            assert!(last["http_status"] == 401 || last["http_status"] == 422);
            // The audit never carries the candidate's data.
            assert!(!d.to_string().to_lowercase().contains("ada."));
        }
        assert!(
            fake.greenhouse_candidates()
                .iter()
                .all(|r| !email_of(r).contains(&format!(".{tag}.")))
        );
        // Fixed: retry each through the API.
        for id in &ids {
            let r = app
                .client
                .post(app.url(&format!("/v1/candidates/{id}/deliveries/retry")))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 202);
        }
        let states = settle(&app, &ids).await;
        assert!(states.iter().all(|s| s == "delivered"), "{tag}: {states:?}");
        check_greenhouse(&fake, tag, N);
        // Nothing left to retry.
        let r = app
            .client
            .post(app.url(&format!("/v1/candidates/{}/deliveries/retry", ids[0])))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 409);
    }
    stop(app).await;
    fake.stop().await;
}

/// A person already in the ATS gets the new resume attached, not a second
/// record.
#[actix_web::test]
async fn existing_person_is_not_duplicated() {
    let fake = FakeAts::start(FakeConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let app = serve(&sqlite_url(&dir), settings("greenhouse", &fake)).await;
    let first = submit(&app, "dup", 0).await;
    settle(&app, &[first]).await;
    // The same person applies again with another file name (a new sha):
    // a different submission, the same e-mail.
    let form = Form::new()
        .part(
            "file",
            Part::bytes([fixture(), b"\n".to_vec()].concat()).file_name("cv2.pdf"),
        )
        .text("first_name", "Ada0")
        .text("last_name", "Lovelace-dup")
        .text("email", "ada.dup.0@example.com");
    let r = app
        .client
        .post(app.url("/v1/candidates"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let c: Value = r.json().await.unwrap();
    let second = c["id"].as_str().unwrap().to_owned();
    settle(&app, std::slice::from_ref(&second)).await;
    let records = fake.greenhouse_candidates();
    let mine: Vec<&Value> = records
        .iter()
        .filter(|r| email_of(r) == "ada.dup.0@example.com")
        .collect();
    assert_eq!(mine.len(), 1);
    assert!(mine[0]["attachments"].as_array().unwrap().len() >= 2);
    stop(app).await;
    fake.stop().await;
}

/// Lever: the same guarantees through its API.
#[actix_web::test]
async fn lever_faults() {
    let fake = FakeAts::start(FakeConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let app = serve(&sqlite_url(&dir), settings("lever", &fake)).await;
    for (tag, fault, times) in [
        ("ok", Fault::Slow { delay_ms: 0 }, 0),
        (
            "r429",
            Fault::RateLimited {
                retry_after_secs: 1,
            },
            2,
        ),
        ("lost", Fault::LostResponse, 1),
        (
            "e503",
            Fault::Unavailable {
                retry_after_secs: None,
            },
            2,
        ),
    ] {
        fake.clear_faults();
        if times > 0 {
            fake.inject(Op::Create, fault, times);
        }
        let mut ids = Vec::new();
        for i in 0..N {
            ids.push(submit(&app, tag, i).await);
        }
        let states = settle(&app, &ids).await;
        assert!(states.iter().all(|s| s == "delivered"), "{tag}: {states:?}");
        let opps = fake.lever_opportunities();
        for i in 0..N {
            let email = format!("ada.{tag}.{i}@example.com");
            let mine: Vec<&Value> = opps
                .iter()
                .filter(|o| {
                    o["emails"]
                        .as_array()
                        .is_some_and(|e| e.iter().any(|x| x == email.as_str()))
                })
                .collect();
            assert_eq!(mine.len(), 1, "{tag} {email}");
            assert!(
                mine[0]["name"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("Ada{i}"))
            );
        }
    }
    stop(app).await;
    fake.stop().await;
}

/// The webhook writer signs per Standard Webhooks; the fake verifies it.
#[actix_web::test]
async fn webhook_is_signed_and_delivered_once() {
    let fake = FakeAts::start(FakeConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let app = serve(&sqlite_url(&dir), settings("webhook", &fake)).await;
    fake.inject(Op::Create, Fault::ServerError, 1);
    let mut ids = Vec::new();
    for i in 0..N {
        ids.push(submit(&app, "hook", i).await);
    }
    settle(&app, &ids).await;
    let events = fake.webhook_events();
    let accepted: Vec<&Value> = events
        .iter()
        .filter(|e| e["payload"]["type"] == "candidate.accepted")
        .collect();
    assert_eq!(accepted.len(), N, "{events:?}");
    for id in &ids {
        assert_eq!(
            accepted
                .iter()
                .filter(|e| e["payload"]["data"]["candidate_id"] == id.as_str())
                .count(),
            1
        );
    }
    // A candidate sent to review is announced too (candidate.review_required).
    let weak = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus/dotin-1.web.pdf");
    let r = app
        .client
        .post(app.url("/v1/candidates"))
        .multipart(Form::new().part(
            "file",
            Part::bytes(std::fs::read(weak).unwrap()).file_name("weak.pdf"),
        ))
        .send()
        .await
        .unwrap();
    let c: Value = r.json().await.unwrap();
    assert_eq!(c["status"], "needs_review");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let n = fake
            .webhook_events()
            .iter()
            .filter(|e| {
                e["payload"]["type"] == "candidate.review_required"
                    && e["payload"]["data"]["candidate_id"] == c["id"]
            })
            .count();
        if n == 1 {
            break;
        }
        assert!(Instant::now() < deadline, "no review_required event");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // A forged signature is refused by the receiver (the fake checks it
    // with the spec's algorithm).
    let r = http_client()
        .post(format!("{}/webhook", fake.url()))
        .header("webhook-id", "msg_x")
        .header(
            "webhook-timestamp",
            chrono::Utc::now().timestamp().to_string(),
        )
        .header("webhook-signature", "v1,AAAA")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    stop(app).await;
    fake.stop().await;
}

/// Two replicas on one PostgreSQL outbox: each candidate written once.
#[actix_web::test]
async fn two_replicas_on_postgres_deliver_once() {
    use sqlx::Connection;
    let admin = std::env::var("RESUME_PARSER_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let name = format!("rp_ats_{}", uuid::Uuid::now_v7().simple());
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .expect("PostgreSQL on 127.0.0.1:5432");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .unwrap();
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
    let url = format!("{base}/{name}");

    let fake = FakeAts::start(FakeConfig::default()).await.unwrap();
    // Slow creates so both replicas are busy at once.
    fake.inject(Op::Create, Fault::Slow { delay_ms: 200 }, 100);
    let a = serve(&url, settings("greenhouse", &fake)).await;
    let b = serve(&url, settings("greenhouse", &fake)).await;
    let n = 10;
    let mut ids = Vec::new();
    for i in 0..n {
        let app = if i % 2 == 0 { &a } else { &b };
        ids.push(submit(app, "pg2", i).await);
    }
    let states = settle(&a, &ids).await;
    assert!(states.iter().all(|s| s == "delivered"), "{states:?}");
    let records = fake.greenhouse_candidates();
    assert_eq!(
        records
            .iter()
            .filter(|r| email_of(r).contains(".pg2."))
            .count(),
        n
    );
    stop(a).await;
    stop(b).await;
    fake.stop().await;
    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(&mut conn)
    .await;
}

/// kill -9 of the real `serve` while a create is in flight, then a
/// restart: every candidate is in the ATS exactly once.
#[actix_web::test]
async fn kill_during_delivery_then_restart() {
    let fake = FakeAts::start(FakeConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(&dir);
    let exe = env!("CARGO_BIN_EXE_resume-parser");
    let spawn = |port: u16| {
        std::process::Command::new(exe)
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .env("DATABASE_URL", &db)
            .env("ATS_KIND", "greenhouse")
            .env("ATS_BASE_URL", fake.url())
            .env("ATS_API_KEY", "fake-api-key")
            .env("ATS_ON_BEHALF_OF", "42")
            .env("ATS_RETRY_BASE_MS", "20")
            .env("ATS_TIMEOUT_SECS", "5")
            .env("ATS_LEASE_SECS", "2")
            .env("ATS_RATE_PER_SEC", "500")
            .env("ATS_BURST", "500")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn serve")
    };
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let app = App {
        base: format!("http://127.0.0.1:{port}"),
        client: http_client(),
        handle: None,
    };
    let wait_up = || async {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(r) = app.client.get(app.url("/readyz")).send().await
                && r.status() == 200
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("serve did not start");
    };
    // Creates are stored by the fake but answered only after 3 s: the
    // process is killed while they are in flight.
    fake.inject(Op::Create, Fault::Slow { delay_ms: 3_000 }, N);
    let mut child = spawn(port);
    wait_up().await;
    let mut ids = Vec::new();
    for i in 0..N {
        ids.push(submit(&app, "kill", i).await);
    }
    // Wait for the first create to reach the fake, then kill.
    let deadline = Instant::now() + Duration::from_secs(20);
    while fake.request_count() == 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    child.kill().unwrap();
    child.wait().unwrap();
    let mut child = spawn(port);
    wait_up().await;
    let states = settle(&app, &ids).await;
    assert!(states.iter().all(|s| s == "delivered"), "{states:?}");
    check_greenhouse(&fake, "kill", N);
    child.kill().unwrap();
    child.wait().unwrap();
    fake.stop().await;
}

/// A client for the tests (reqwest is built with rustls and no default
/// crypto provider: the service installs ring, and so do we).
fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// A mapping that names a field that does not exist stops start-up with a
/// message naming it (not a failure at the first candidate).
#[actix_web::test]
async fn bad_mapping_fails_at_start_up() {
    let fake = FakeAts::start(FakeConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mapping = dir.path().join("map.toml");
    std::fs::write(
        &mapping,
        "[fields]\nfrist_name = \"/resume/basics/name | first_name\"\ntitle = \"/resume/basics/lable\"\n",
    )
    .unwrap();
    let config = Config {
        database_url: sqlite_url(&dir),
        ats: AtsSettings {
            mapping: Some(mapping.display().to_string()),
            ..settings("greenhouse", &fake)
        },
        ..Config::default()
    };
    let err = match AppState::new(config).await {
        Ok(_) => panic!("a bad mapping must not start"),
        Err(e) => format!("{e:#}"),
    };
    assert!(err.contains("frist_name"), "{err}");
    assert!(err.contains("first_name"), "did-you-mean: {err}");
    assert!(err.contains("/resume/basics/lable"), "{err}");
    // A missing key for the chosen target is named too.
    let config = Config {
        database_url: sqlite_url(&dir),
        ats: AtsSettings {
            api_key: None,
            ..settings("greenhouse", &fake)
        },
        ..Config::default()
    };
    let err = match AppState::new(config).await {
        Ok(_) => panic!("no key must not start"),
        Err(e) => format!("{e:#}"),
    };
    assert!(err.contains("ATS_API_KEY"), "{err}");
    fake.stop().await;
}
