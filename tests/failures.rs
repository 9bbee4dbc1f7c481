//! Failure drills against the real service.
//!
//! - **Store unavailable**: the service runs on PostgreSQL through a TCP
//!   proxy written here, which is cut (every connection closed, new ones
//!   closed at once) and restored — the real PostgreSQL keeps running for
//!   everyone else. While cut: `/readyz` is 503, submissions get 503 +
//!   `Retry-After` + problem+json `store_unavailable` within a bounded time
//!   (never 500, never a hang); every candidate answered 201 before or
//!   during the cut is still there afterwards; the service recovers without
//!   a restart.
//! - **The ATS down for an hour** (simulated: backoff compressed to
//!   milliseconds, the outbox rows aged by an hour): every call fails, the
//!   outbox grows and says so (metrics, a warning naming the target and
//!   the attempt), nothing is dropped or sent to review for the outage
//!   alone, and once the ATS answers every candidate is written exactly once.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use reqwest::multipart::{Form, Part};
use resume_parser::ats::fake::{FakeAts, Fault, Op};
use resume_parser::service::config::AtsSettings;
use resume_parser::service::{AppState, Config, start};
use serde_json::Value;

const PDF: &str = "fixtures/corpus/jr-jsonresume-org-packages-schema-examples-senior-engineer-resume-cofirst.web.pdf";

fn fixture() -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(PDF);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

// ------------------------------------------------------------ log capture

/// Every log line of this test binary, at debug level and above.
fn logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let sink = buf.clone();
        let _ = tracing_subscriber::fmt()
            .with_env_filter("debug,lopdf=off,pdf_extract=off")
            .with_ansi(false)
            .with_writer(move || Capture(sink.clone()))
            .try_init();
        buf
    })
    .clone()
}

struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn captured() -> String {
    String::from_utf8_lossy(&logs().lock().unwrap_or_else(|e| e.into_inner())).into_owned()
}

// ------------------------------------------------------- the TCP proxy

/// A TCP proxy to PostgreSQL that can be cut and restored.
struct Proxy {
    port: u16,
    cut: Arc<AtomicBool>,
    /// Bumped on every cut: each connection's task drops both sockets.
    kill: tokio::sync::watch::Sender<u64>,
}

impl Proxy {
    async fn start(upstream: SocketAddr) -> Proxy {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let cut = Arc::new(AtomicBool::new(false));
        let (kill, _) = tokio::sync::watch::channel(0u64);
        let (flag, killer) = (cut.clone(), kill.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut inbound, _)) = listener.accept().await else {
                    continue;
                };
                if flag.load(Ordering::SeqCst) {
                    // Refused: closed before a byte is read.
                    drop(inbound);
                    continue;
                }
                let mut stop = killer.subscribe();
                tokio::spawn(async move {
                    let Ok(mut outbound) = tokio::net::TcpStream::connect(upstream).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = stop.changed() => {}
                    }
                });
            }
        });
        Proxy { port, cut, kill }
    }

    fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        self.kill.send_modify(|g| *g += 1);
    }

    fn restore(&self) {
        self.cut.store(false, Ordering::SeqCst);
    }
}

// ------------------------------------------------------------ PostgreSQL

fn pg_admin() -> String {
    std::env::var("RESUME_PARSER_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A fresh database: (its name, the server's address).
async fn pg_database() -> (String, SocketAddr) {
    use sqlx::Connection;
    let admin = pg_admin();
    let name = format!("rp_fail_{}", uuid::Uuid::now_v7().simple());
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .expect("PostgreSQL on 127.0.0.1:5432 (see tests/service.rs)");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .unwrap();
    let hostport = admin
        .split('@')
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or("127.0.0.1:5432");
    let addr: SocketAddr = tokio::net::lookup_host(hostport)
        .await
        .unwrap()
        .next()
        .unwrap();
    (name, addr)
}

async fn drop_pg(name: &str) {
    use sqlx::Connection;
    if let Ok(mut conn) = sqlx::PgConnection::connect(&pg_admin()).await {
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(&mut conn)
        .await;
    }
}

/// The URL of `name` on the real server (not through the proxy).
fn direct_url(name: &str) -> String {
    let admin = pg_admin();
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
    format!("{base}/{name}")
}

// ---------------------------------------------------------------- service

struct App {
    base: String,
    client: reqwest::Client,
    handle: actix_web::dev::ServerHandle,
}

impl App {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

async fn serve(config: Config) -> App {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let state = AppState::new(config).await.expect("app state");
    let server = start(state, listener).expect("server");
    let handle = server.handle();
    actix_web::rt::spawn(server);
    App {
        base: format!("http://127.0.0.1:{port}"),
        client: http_client(),
        handle,
    }
}

fn form(tag: &str, i: usize) -> Form {
    Form::new()
        .part(
            "file",
            Part::bytes(fixture()).file_name(format!("cv-{tag}-{i}.pdf")),
        )
        .text("first_name", format!("Grace{i}"))
        .text("last_name", format!("Hopper-{tag}"))
        .text("email", format!("grace.{tag}.{i}@example.com"))
        .text("phone", format!("+1 415 555 {:04}", 200 + i))
        .text("job_id", "4001")
}

/// How long any one request may take, cut or not.
const BOUND: Duration = Duration::from_secs(12);

/// Post candidate `i`: (status, Retry-After present, body).
async fn post(app: &App, tag: &str, i: usize) -> (u16, bool, Value, Duration) {
    let t0 = Instant::now();
    let r = tokio::time::timeout(
        BOUND,
        app.client
            .post(app.url("/v1/candidates"))
            .header("idempotency-key", format!("{tag}-{i}"))
            .multipart(form(tag, i))
            .send(),
    )
    .await
    .unwrap_or_else(|_| panic!("POST {tag}-{i} hung past {BOUND:?}"))
    .unwrap();
    let status = r.status().as_u16();
    let retry_after = r.headers().get("retry-after").is_some();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    if status == 503 {
        assert_eq!(ct, "application/problem+json", "{body}");
    }
    (status, retry_after, body, t0.elapsed())
}

async fn ready(app: &App) -> (u16, Duration) {
    let t0 = Instant::now();
    let r = tokio::time::timeout(BOUND, app.client.get(app.url("/readyz")).send())
        .await
        .expect("/readyz hung")
        .unwrap();
    (r.status().as_u16(), t0.elapsed())
}

/// One answer during the drill: status, Retry-After present, the new
/// candidate's id, how long it took.
type Answer = (u16, bool, Option<String>, Duration);

#[actix_web::test]
async fn store_cut_and_restored() {
    let _ = logs();
    let (name, upstream) = pg_database().await;
    let proxy = Proxy::start(upstream).await;
    let app = serve(Config {
        database_url: format!("postgres://postgres@127.0.0.1:{}/{name}", proxy.port),
        parse_workers: 2,
        ..Config::default()
    })
    .await;
    assert_eq!(ready(&app).await.0, 200);

    // Accepted right before the cut.
    let (status, _, before, _) = post(&app, "pre", 0).await;
    assert_eq!(status, 201, "{before}");
    let before_id = before["id"].as_str().unwrap().to_owned();

    // Submitters keep posting through the cut and the restore.
    let stop = Arc::new(AtomicBool::new(false));
    let answered: Arc<Mutex<Vec<Answer>>> = Arc::default();
    let mut workers = Vec::new();
    for w in 0..2 {
        let (stop, answered) = (stop.clone(), answered.clone());
        let app = App {
            base: app.base.clone(),
            client: http_client(),
            handle: app.handle.clone(),
        };
        workers.push(actix_web::rt::spawn(async move {
            let mut i = 0;
            while !stop.load(Ordering::SeqCst) {
                let (status, retry_after, body, took) = post(&app, &format!("load{w}"), i).await;
                let id = body["id"].as_str().map(str::to_owned);
                if status == 503 {
                    assert_eq!(body["code"], "store_unavailable", "{body}");
                }
                answered
                    .lock()
                    .unwrap()
                    .push((status, retry_after, id, took));
                i += 1;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(800)).await;

    proxy.cut();
    tokio::time::sleep(Duration::from_millis(200)).await;
    // Not ready, said quickly.
    let (status, took) = ready(&app).await;
    assert_eq!(status, 503);
    assert!(took < Duration::from_secs(4), "/readyz took {took:?}");
    // A submission: 503 + Retry-After + problem+json, in bounded time.
    let (status, retry_after, body, took) = post(&app, "cut", 0).await;
    assert_eq!(status, 503, "{body}");
    assert!(retry_after, "Retry-After on 503");
    assert_eq!(body["code"], "store_unavailable");
    assert_eq!(body["type"], "urn:resume-parser:problem:store_unavailable");
    assert!(took < Duration::from_secs(8), "503 took {took:?}");
    // Reads too.
    let r = app
        .client
        .get(app.url(&format!("/v1/candidates/{before_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 503);
    tokio::time::sleep(Duration::from_secs(3)).await;

    proxy.restore();
    let t0 = Instant::now();
    loop {
        if ready(&app).await.0 == 200 {
            break;
        }
        assert!(t0.elapsed() < Duration::from_secs(20), "no recovery");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let recovered_in = t0.elapsed();
    tokio::time::sleep(Duration::from_millis(800)).await;
    stop.store(true, Ordering::SeqCst);
    for w in workers {
        w.await.unwrap();
    }

    // After the restore, without a restart: new posts succeed.
    let (status, _, after, _) = post(&app, "post", 0).await;
    assert_eq!(status, 201, "{after}");
    let after_id = after["id"].as_str().unwrap().to_owned();
    for id in [&before_id, &after_id] {
        let r = app
            .client
            .get(app.url(&format!("/v1/candidates/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{id}");
    }

    // Only 201 or 503 + Retry-After; every 201 is in the database (read
    // directly, not through the proxy or the service).
    let answered = answered.lock().unwrap().clone();
    let created: Vec<String> = answered
        .iter()
        .filter(|a| a.0 == 201)
        .filter_map(|a| a.2.clone())
        .collect();
    let refused = answered.iter().filter(|a| a.0 == 503).count();
    for (status, retry_after, _, took) in &answered {
        assert!(
            *status == 201 || (*status == 503 && *retry_after),
            "unexpected {status}"
        );
        assert!(*took < BOUND, "{took:?}");
    }
    assert!(refused >= 1, "the cut refused nothing: {answered:?}");
    assert!(created.len() >= 2, "too few accepted: {answered:?}");
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(&direct_url(&name))
        .await
        .unwrap();
    let mut all = created.clone();
    all.push(before_id.clone());
    all.push(after_id.clone());
    for id in &all {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM candidates WHERE id = $1")
            .bind(id)
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(n, 1, "candidate {id} answered 201 is missing");
        let docs: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM documents d JOIN candidates c ON c.sha256 = d.sha256 WHERE c.id = $1",
        )
        .bind(id)
        .fetch_one(&mut conn)
        .await
        .unwrap();
        assert_eq!(docs, 1, "candidate {id}: file missing");
    }
    let slowest = answered.iter().map(|a| a.3).max().unwrap_or_default();
    eprintln!(
        "store cut: {} answered ({} × 201, {refused} × 503), slowest {slowest:?}, ready again {recovered_in:?} after the restore",
        answered.len(),
        created.len()
    );
    drop(conn);
    app.handle.stop(true).await;
    drop_pg(&name).await;
}

// -------------------------------------------------------- ATS outage

fn metric(text: &str, name: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
        .unwrap_or_else(|| panic!("{name} not in /metrics"))
}

async fn scrape(app: &App) -> String {
    app.client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
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

#[actix_web::test]
async fn ats_down_for_an_hour() {
    let _ = logs();
    const N: usize = 6;
    let fake = FakeAts::start(Default::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    let app = serve(Config {
        database_url: db.clone(),
        parse_workers: 2,
        ats: AtsSettings {
            kind: Some("greenhouse".into()),
            base_url: Some(fake.url()),
            api_key: Some("fake-api-key".into()),
            on_behalf_of: Some("42".into()),
            rate_per_sec: Some(1000.0),
            burst: Some(1000.0),
            // The compressed clock: an hour of retries in seconds. No
            // attempt cap (the default): only the 72 h budget bounds them.
            retry_base_ms: Some(5),
            retry_max_ms: Some(40),
            timeout_secs: Some(1.0),
            lease_secs: Some(3.0),
            ..AtsSettings::default()
        },
        ..Config::default()
    })
    .await;
    // The ATS fails every call until told otherwise.
    fake.inject(
        Op::Any,
        Fault::Unavailable {
            retry_after_secs: None,
        },
        usize::MAX,
    );
    let mut ids = Vec::new();
    for i in 0..N {
        let (status, _, body, _) = post(&app, "outage", i).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["status"], "accepted");
        ids.push(body["id"].as_str().unwrap().to_owned());
    }

    // The outage has lasted an hour: the rows were queued 65 minutes ago.
    {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&db).await.unwrap();
        let old =
            resume_parser::store::sql::stamp(chrono::Utc::now() - chrono::Duration::minutes(65));
        sqlx::query("UPDATE outbox SET created_at = $1")
            .bind(&old)
            .execute(&mut conn)
            .await
            .unwrap();
    }

    // Many more attempts than an hour of real backoff would make (2 s
    // doubling to 10 min: 13 attempts), and more than the old cap of 8.
    let t0 = Instant::now();
    let first_scrape = loop {
        let mut min_attempts = i64::MAX;
        for id in &ids {
            let d = deliveries(&app, id).await;
            let row = &d["deliveries"][0];
            assert_eq!(row["state"], "pending", "{d}");
            min_attempts = min_attempts.min(row["attempts"].as_i64().unwrap());
        }
        if min_attempts >= 20 {
            break scrape(&app).await;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "retries too slow: {min_attempts} attempts"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let second_scrape = scrape(&app).await;
    for text in [&first_scrape, &second_scrape] {
        assert_eq!(metric(text, "resume_parser_outbox_pending"), N as f64);
        assert_eq!(metric(text, "resume_parser_outbox_failed"), 0.0);
    }
    let (age1, age2) = (
        metric(&first_scrape, "resume_parser_outbox_oldest_pending_seconds"),
        metric(
            &second_scrape,
            "resume_parser_outbox_oldest_pending_seconds",
        ),
    );
    assert!(age1 >= 3900.0, "oldest age {age1}");
    assert!(age2 > age1, "the oldest age grows: {age1} -> {age2}");
    assert!(
        metric(
            &second_scrape,
            "resume_parser_ats_retries_total{target=\"greenhouse\"}"
        ) >= (N * 20) as f64
    );
    // Nobody went to review over the outage.
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
        assert_eq!(c["status"], "accepted", "{id}");
    }
    let logged = captured();
    let warning = logged
        .lines()
        .find(|l| l.contains("WARN") && l.contains("ats is failing"))
        .unwrap_or_else(|| panic!("no 'ats is failing' warning"));
    assert!(
        warning.contains("target=\"greenhouse\"") || warning.contains("target=greenhouse"),
        "{warning}"
    );
    assert!(warning.contains("attempt="), "{warning}");
    assert!(
        logged
            .lines()
            .any(|l| l.contains("WARN") && l.contains("outbox is backing up")),
        "no backing-up warning"
    );
    assert!(!logged.contains("example.com"), "contact data in the log");
    assert!(!logged.contains("Grace"), "a name in the log");

    // The ATS is back: every candidate written exactly once.
    let attempts_before = fake.request_count();
    fake.clear_faults();
    let t0 = Instant::now();
    loop {
        let mut done = 0;
        for id in &ids {
            let d = deliveries(&app, id).await;
            match d["deliveries"][0]["state"].as_str() {
                Some("delivered") => done += 1,
                Some("pending") => {}
                other => panic!("{id}: {other:?}: {d}"),
            }
        }
        if done == N {
            break;
        }
        assert!(t0.elapsed() < Duration::from_secs(60), "not drained");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let records = fake.greenhouse_candidates();
    assert_eq!(records.len(), N, "exactly N records");
    for i in 0..N {
        let email = format!("grace.outage.{i}@example.com");
        let mine = records
            .iter()
            .filter(|r| r["email_addresses"][0]["value"] == email.as_str())
            .count();
        assert_eq!(mine, 1, "{email}");
    }
    let scraped = scrape(&app).await;
    assert_eq!(metric(&scraped, "resume_parser_outbox_pending"), 0.0);
    eprintln!("ATS outage: {attempts_before} failed calls during the outage, {N} records after it");
    app.handle.stop(true).await;
    fake.stop().await;
}
