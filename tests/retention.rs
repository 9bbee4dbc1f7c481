//! Retention: candidates older than the period are erased completely — the
//! candidate row (text, parse, form, corrections), its review log, outbox
//! rows, delivery attempts and its file unless a kept candidate shares it —
//! and recent ones are kept. On SQLite and PostgreSQL, through the store
//! API, the `erase` command, and the task `serve` runs.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use resume_parser::store::sql::SqlStore;
use resume_parser::store::{Attempt, Decision, Inserted, NewCandidate, Status, Store};
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::AnyPool;

fn candidate(tag: &str, doc: &str, status: Status) -> NewCandidate {
    let bytes = format!("Resume of {doc}\nSenior engineer at Example Corp\n").into_bytes();
    NewCandidate {
        status,
        reasons: if status == Status::NeedsReview {
            vec!["no_name".into()]
        } else {
            vec![]
        },
        confidence: 0.9,
        sha256: format!("{:x}", Sha256::digest(&bytes)),
        content_type: "text/plain".into(),
        file_name: Some(format!("{tag}.txt")),
        bytes,
        text: format!("Resume of {doc}"),
        source: Some("test".into()),
        job_id: None,
        email: Some(format!("{tag}@example.com")),
        consent: Some(true),
        idempotency_key: Some(format!("retention-{tag}")),
        parse: json!({"schema": "resume-parser/1"}),
        resume: json!({"basics": {"name": tag}}),
        form: json!({"email": format!("{tag}@example.com")}),
        conflicts: json!([]),
    }
}

async fn new(store: &SqlStore, c: NewCandidate) -> (String, String) {
    let sha = c.sha256.clone();
    match store.insert(c).await.unwrap() {
        Inserted::New(c) => (c.id, sha),
        Inserted::Existing(_) => panic!("duplicate"),
    }
}

async fn count(pool: &AnyPool, sql: &str, v: &str) -> i64 {
    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(v)
        .fetch_one(pool)
        .await
        .unwrap();
    n
}

/// Rows that still mention candidate `id` anywhere.
async fn traces(pool: &AnyPool, id: &str) -> i64 {
    let mut n = 0;
    for table in ["review_log", "outbox", "delivery_attempts"] {
        n += count(
            pool,
            &format!("SELECT COUNT(*) FROM {table} WHERE candidate_id = $1"),
            id,
        )
        .await;
    }
    n + count(pool, "SELECT COUNT(*) FROM candidates WHERE id = $1", id).await
}

/// Old: an accepted candidate with a delivery attempt, and a reviewed one
/// (approved, so it has a review log and two outbox rows) whose file a
/// recent candidate shares. Recent: that one and another. The old ones are
/// back-dated by `age_days`.
struct Seeded {
    old: Vec<(String, String)>,
    recent: Vec<(String, String)>,
}

async fn seed(store: &SqlStore, pool: &AnyPool, run: &str, age_days: i64) -> Seeded {
    let old_a = new(
        store,
        candidate(
            &format!("{run}-old-a"),
            &format!("{run}-a"),
            Status::Accepted,
        ),
    )
    .await;
    store
        .record_attempt(&Attempt {
            outbox_seq: 1,
            candidate_id: old_a.0.clone(),
            target: "greenhouse".into(),
            operation: "create".into(),
            http_status: Some(201),
            duration_ms: 12,
            outcome: "ok".into(),
            error: None,
            remote_id: Some("100001".into()),
        })
        .await
        .unwrap();
    let old_b = new(
        store,
        candidate(
            &format!("{run}-old-b"),
            &format!("{run}-shared"),
            Status::NeedsReview,
        ),
    )
    .await;
    store
        .decide(
            &old_b.0,
            "key:test",
            Decision::Approve {
                corrected: Some(json!({"basics": {"name": "Corrected"}})),
            },
        )
        .await
        .unwrap();
    let recent_shared = new(
        store,
        candidate(
            &format!("{run}-new-s"),
            &format!("{run}-shared"),
            Status::Accepted,
        ),
    )
    .await;
    let recent = new(
        store,
        candidate(
            &format!("{run}-new-c"),
            &format!("{run}-c"),
            Status::Accepted,
        ),
    )
    .await;
    let old_at =
        resume_parser::store::sql::stamp(chrono::Utc::now() - chrono::Duration::days(age_days));
    for (id, _) in [&old_a, &old_b] {
        sqlx::query("UPDATE candidates SET created_at = $1 WHERE id = $2")
            .bind(&old_at)
            .bind(id)
            .execute(pool)
            .await
            .unwrap();
        assert!(traces(pool, id).await >= 2, "seeded rows");
    }
    Seeded {
        old: vec![old_a, old_b],
        recent: vec![recent_shared, recent],
    }
}

async fn check_erased(pool: &AnyPool, s: &Seeded) {
    // Nothing of the old candidates is left …
    for (id, _) in &s.old {
        assert_eq!(traces(pool, id).await, 0, "{id} left traces");
    }
    // … their own file is gone, the shared one is kept for the recent candidate.
    let (_, old_a_sha) = &s.old[0];
    assert_eq!(
        count(
            pool,
            "SELECT COUNT(*) FROM documents WHERE sha256 = $1",
            old_a_sha
        )
        .await,
        0
    );
    let (_, shared_sha) = &s.old[1];
    assert_eq!(
        count(
            pool,
            "SELECT COUNT(*) FROM documents WHERE sha256 = $1",
            shared_sha
        )
        .await,
        1
    );
    // Recent candidates are untouched, with their outbox rows and files.
    for (id, sha) in &s.recent {
        assert_eq!(
            count(pool, "SELECT COUNT(*) FROM candidates WHERE id = $1", id).await,
            1
        );
        assert_eq!(
            count(
                pool,
                "SELECT COUNT(*) FROM outbox WHERE candidate_id = $1",
                id
            )
            .await,
            1
        );
        assert_eq!(
            count(
                pool,
                "SELECT COUNT(*) FROM documents WHERE sha256 = $1",
                sha
            )
            .await,
            1
        );
    }
}

async fn any_pool(url: &str) -> AnyPool {
    sqlx::any::install_default_drivers();
    AnyPool::connect(url).await.unwrap()
}

/// The store API: erase_older_than with a 30-day cut-off.
async fn store_api(url: &str) {
    let store = SqlStore::connect(url).await.unwrap();
    let pool = any_pool(url).await;
    let s = seed(&store, &pool, "api", 45).await;
    let erased = store
        .erase_older_than(&resume_parser::service::retention_cutoff(30))
        .await
        .unwrap();
    assert_eq!(erased, 2);
    check_erased(&pool, &s).await;
    // Idempotent: nothing more to erase.
    assert_eq!(
        store
            .erase_older_than(&resume_parser::service::retention_cutoff(30))
            .await
            .unwrap(),
        0
    );
    // More than one chunk (200 per transaction) goes in one call.
    let pool2 = any_pool(url).await;
    let mut ids = Vec::new();
    for i in 0..230 {
        ids.push(
            new(
                &store,
                candidate(&format!("bulk-{i}"), &format!("bulk-{i}"), Status::Accepted),
            )
            .await
            .0,
        );
    }
    sqlx::query(
        "UPDATE candidates SET created_at = $1 WHERE idempotency_key LIKE 'retention-bulk-%'",
    )
    .bind("2001-01-01T00:00:00.000Z")
    .execute(&pool2)
    .await
    .unwrap();
    assert_eq!(
        store
            .erase_older_than(&resume_parser::service::retention_cutoff(30))
            .await
            .unwrap(),
        230
    );
    for id in ids.iter().step_by(37) {
        assert_eq!(traces(&pool2, id).await, 0);
    }
}

/// `resume-parser erase --older-than-days 30 --database-url …`.
async fn cli(url: &str) {
    let store = SqlStore::connect(url).await.unwrap();
    let pool = any_pool(url).await;
    let s = seed(&store, &pool, "cli", 31).await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_resume-parser"))
        .args(["erase", "--older-than-days", "30", "--database-url", url])
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("erased 2 candidates"), "{stdout}");
    check_erased(&pool, &s).await;
    // A period of zero days is refused.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_resume-parser"))
        .args(["erase", "--older-than-days", "0", "--database-url", url])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

/// `serve` with `retention_days`: its task erases at start.
async fn service_task(url: &str) {
    let store = SqlStore::connect(url).await.unwrap();
    let pool = any_pool(url).await;
    let s = seed(&store, &pool, "task", 8).await;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let config = resume_parser::service::Config {
        database_url: url.to_owned(),
        parse_workers: 1,
        retention_days: Some(7),
        ..Default::default()
    };
    let state = resume_parser::service::AppState::new(config).await.unwrap();
    let server = resume_parser::service::start(state, listener).unwrap();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    let t0 = Instant::now();
    while traces(&pool, &s.old[0].0).await + traces(&pool, &s.old[1].0).await > 0 {
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "the retention task did not run"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    check_erased(&pool, &s).await;
    handle.stop(true).await;
}

#[actix_web::test]
async fn retention_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    for (n, run) in ["api", "cli", "task"].iter().enumerate() {
        let url = format!("sqlite://{}", dir.path().join(format!("r{n}.db")).display());
        // Created (and migrated) first, so the raw pool finds the tables.
        SqlStore::connect(&url).await.unwrap();
        match *run {
            "api" => store_api(&url).await,
            "cli" => cli(&url).await,
            _ => service_task(&url).await,
        }
    }
}

#[actix_web::test]
async fn retention_on_postgres() {
    use sqlx::Connection;
    let admin = std::env::var("RESUME_PARSER_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let base = admin
        .rsplit_once('/')
        .map(|(b, _)| b)
        .unwrap_or(&admin)
        .to_owned();
    let mut names = Vec::new();
    for run in ["api", "cli", "task"] {
        let name = format!("rp_ret_{}", uuid::Uuid::now_v7().simple());
        let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .unwrap();
        let url = format!("{base}/{name}");
        SqlStore::connect(&url).await.unwrap();
        match run {
            "api" => store_api(&url).await,
            "cli" => cli(&url).await,
            _ => service_task(&url).await,
        }
        names.push(name);
    }
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
    for name in names {
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(&mut conn)
        .await;
    }
}
