//! `resume-parser import`, end to end with the real binary: a folder with
//! good, duplicate, corrupt and unsupported files gets the right statuses
//! and report; an import stopped midway (after K files, or killed with
//! SIGKILL) and run again stores every file exactly once; `--dry-run`
//! writes nothing; the same folder through `--server` gives the same result.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const EXE: &str = env!("CARGO_BIN_EXE_resume-parser");

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus")
}

/// A folder like a real migration: nested folders, resumes in every
/// format, the same file twice, a corrupt PDF, an image, OS clutter.
fn messy_folder() -> (tempfile::TempDir, usize) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut good = 0;
    for (i, e) in std::fs::read_dir(corpus()).unwrap().enumerate() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".json") || name.ends_with(".md") || p.is_dir() {
            continue;
        }
        let sub = root.join(format!("batch-{}", i % 3)).join("cvs");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::copy(&p, sub.join(&name)).unwrap();
        good += 1;
    }
    // The same content again under another name.
    let first = std::fs::read_dir(root.join("batch-0/cvs"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::copy(&first, root.join("copy-of-a-resume.bin")).unwrap();
    // A PDF cut in half, an image, an empty file, OS clutter.
    let pdf = std::fs::read(corpus().join("dotin-13.lo.pdf")).unwrap();
    std::fs::write(root.join("truncated.pdf"), &pdf[..pdf.len() / 3]).unwrap();
    std::fs::write(
        root.join("photo.png"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0",
    )
    .unwrap();
    std::fs::write(root.join("empty.txt"), b"").unwrap();
    std::fs::write(root.join(".DS_Store"), b"junk").unwrap();
    std::fs::write(root.join("batch-0/Thumbs.db"), b"junk").unwrap();
    (dir, good)
}

fn import(args: &[&str], db: &str) -> Output {
    Command::new(EXE)
        .arg("import")
        .args(args)
        .env("DATABASE_URL", db)
        .env_remove("ATS_KIND")
        .output()
        .expect("run import")
}

fn report(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn by_status(records: &[Value]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for r in records {
        *m.entry(r["status"].as_str().unwrap().to_owned())
            .or_insert(0) += 1;
    }
    m
}

/// (candidates, distinct files) in a SQLite store; None while it is not
/// created yet.
fn try_stored(db_file: &Path) -> Option<(i64, i64)> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", db_file.display()))
            .await
            .ok()?;
        sqlx::query_as("SELECT COUNT(*), COUNT(DISTINCT sha256) FROM candidates")
            .fetch_one(&mut c)
            .await
            .ok()
    })
}

fn stored(db_file: &Path) -> (i64, i64) {
    try_stored(db_file).expect("the store exists")
}

#[test]
fn statuses_report_and_exit_code() {
    let (dir, good) = messy_folder();
    let out_dir = tempfile::tempdir().unwrap();
    let db_file = out_dir.path().join("s.db");
    let db = format!("sqlite://{}", db_file.display());
    let rep = out_dir.path().join("r.jsonl");
    let out = import(
        &[
            dir.path().to_str().unwrap(),
            "--jobs",
            "2",
            "--report",
            rep.to_str().unwrap(),
        ],
        &db,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Two failures (truncated PDF? parsed or failed; the image and the
    // empty file surely) make the exit code non-zero, with the count.
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("file(s) failed"), "{stderr}");
    assert!(stderr.contains("accepted"), "summary table: {stderr}");
    let records = report(&rep);
    // Every file accounted for, clutter skipped.
    assert_eq!(records.len(), good + 4, "{records:#?}");
    assert!(
        records
            .iter()
            .all(|r| !r["path"].as_str().unwrap().contains("DS_Store")
                && !r["path"].as_str().unwrap().contains("Thumbs"))
    );
    let status_of = |suffix: &str| {
        records
            .iter()
            .find(|r| r["path"].as_str().unwrap().ends_with(suffix))
            .unwrap_or_else(|| panic!("{suffix} not reported"))["status"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(status_of("photo.png"), "failed");
    assert_eq!(status_of("empty.txt"), "failed");
    assert_eq!(status_of("truncated.pdf"), "failed");
    let counts = by_status(&records);
    assert_eq!(counts.get("duplicate"), Some(&1), "{counts:?}");
    let stored_n = counts.get("accepted").unwrap_or(&0) + counts.get("needs_review").unwrap_or(&0);
    assert_eq!(stored_n, good);
    for r in &records {
        match r["status"].as_str().unwrap() {
            "failed" => assert!(r["error"].is_string()),
            "accepted" | "needs_review" => assert!(r["candidate_id"].is_string()),
            _ => {}
        }
    }
    assert_eq!(stored(&db_file), (good as i64, good as i64));

    // A rerun finds everything done: no new candidate, all duplicates
    // except the files that cannot be read.
    let rep2 = out_dir.path().join("r2.csv");
    let out = import(
        &[
            dir.path().to_str().unwrap(),
            "--report",
            rep2.to_str().unwrap(),
            "--report-format",
            "csv",
        ],
        &db,
    );
    assert_eq!(out.status.code(), Some(1));
    let csv = std::fs::read_to_string(&rep2).unwrap();
    assert!(csv.starts_with("path,status,candidate_id,reasons,error,sha256\n"));
    assert_eq!(
        csv.lines().filter(|l| l.contains(",duplicate,")).count(),
        good + 1
    );
    assert_eq!(stored(&db_file), (good as i64, good as i64));
}

#[test]
fn stopped_midway_then_rerun_stores_every_file_once() {
    let (dir, mut good) = messy_folder();
    // More files than the import keeps in flight (a few hundred distinct
    // text resumes), so stopping leaves some for the rerun.
    let text = std::fs::read_to_string(corpus().join("dotin-13.txt")).unwrap();
    std::fs::create_dir_all(dir.path().join("many")).unwrap();
    for i in 0..300 {
        std::fs::write(
            dir.path().join(format!("many/cv-{i:03}.txt")),
            format!("{text}\nReference number {i}\n"),
        )
        .unwrap();
        good += 1;
    }
    let out_dir = tempfile::tempdir().unwrap();
    let db_file = out_dir.path().join("s.db");
    let db = format!("sqlite://{}", db_file.display());
    // As Ctrl-C after 5 files: the files in flight finish, exit 130.
    let out = import(
        &[
            dir.path().to_str().unwrap(),
            "--jobs",
            "1",
            "--stop-after",
            "5",
        ],
        &db,
    );
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The files already read when it stopped are finished; the rest are
    // left for the rerun.
    let (first, _) = stored(&db_file);
    assert!(
        first >= 1 && (first as usize) < good,
        "stored {first} of {good}"
    );
    let out = import(&[dir.path().to_str().unwrap()], &db);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stored(&db_file), (good as i64, good as i64));
}

#[test]
fn killed_midway_then_rerun_stores_every_file_once() {
    let (dir, good) = messy_folder();
    let out_dir = tempfile::tempdir().unwrap();
    let db_file = out_dir.path().join("s.db");
    let db = format!("sqlite://{}", db_file.display());
    let rep = out_dir.path().join("r.jsonl");
    let mut child = Command::new(EXE)
        .args([
            "import",
            dir.path().to_str().unwrap(),
            "--jobs",
            "1",
            "--report",
            rep.to_str().unwrap(),
        ])
        .env("DATABASE_URL", &db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill -9 once some files are stored.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let n = db_file
            .exists()
            .then(|| try_stored(&db_file))
            .flatten()
            .map_or(0, |s| s.0);
        if n >= 3 || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let out = import(&[dir.path().to_str().unwrap()], &db);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stored(&db_file), (good as i64, good as i64));
}

#[test]
fn dry_run_writes_nothing() {
    let (dir, good) = messy_folder();
    let out_dir = tempfile::tempdir().unwrap();
    let db_file = out_dir.path().join("never.db");
    let rep = out_dir.path().join("r.jsonl");
    let out = import(
        &[
            dir.path().to_str().unwrap(),
            "--dry-run",
            "--report",
            rep.to_str().unwrap(),
        ],
        &format!("sqlite://{}", db_file.display()),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!db_file.exists(), "a dry run must not create the store");
    let records = report(&rep);
    assert_eq!(records.len(), good + 4);
    assert!(records.iter().all(|r| r["candidate_id"].is_null()));
    assert!(String::from_utf8_lossy(&out.stderr).contains("dry run"));
}

#[test]
fn through_a_running_service_gives_the_same_result() {
    let (dir, good) = messy_folder();
    let out_dir = tempfile::tempdir().unwrap();
    // Local import, for comparison.
    let rep_local = out_dir.path().join("local.jsonl");
    let local_db = format!("sqlite://{}", out_dir.path().join("l.db").display());
    import(
        &[
            dir.path().to_str().unwrap(),
            "--report",
            rep_local.to_str().unwrap(),
        ],
        &local_db,
    );
    // The service, on its own store.
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let server_db = out_dir.path().join("srv.db");
    let mut srv = Command::new(EXE)
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .env("DATABASE_URL", format!("sqlite://{}", server_db.display()))
        .env("RESUME_PARSER_API_KEYS", "k1")
        .env_remove("ATS_KIND")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "serve did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let rep_srv = out_dir.path().join("srv.jsonl");
    let out = Command::new(EXE)
        .args([
            "import",
            dir.path().to_str().unwrap(),
            "--server",
            &format!("http://127.0.0.1:{port}"),
            "--api-key",
            "k1",
            "--report",
            rep_srv.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let status_map = |records: Vec<Value>| -> BTreeMap<String, String> {
        records
            .into_iter()
            .map(|r| {
                (
                    r["path"].as_str().unwrap().to_owned(),
                    r["status"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let local = status_map(report(&rep_local));
    let served = status_map(report(&rep_srv));
    assert_eq!(local, served);
    // Run again through the service: everything is a duplicate now.
    let out = Command::new(EXE)
        .args([
            "import",
            dir.path().to_str().unwrap(),
            "--server",
            &format!("http://127.0.0.1:{port}"),
            "--api-key",
            "k1",
            "--report",
            rep_srv.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let again = by_status(&report(&rep_srv));
    assert_eq!(again.get("duplicate"), Some(&(good + 1)), "{again:?}");
    srv.kill().unwrap();
    srv.wait().unwrap();
    assert_eq!(stored(&server_db), (good as i64, good as i64));
}

/// The same import into PostgreSQL (batched transactions on the shared
/// store), twice: every file once.
#[test]
fn into_postgres_twice_stores_every_file_once() {
    use resume_parser::import::{self, Options, Progress};
    use resume_parser::store::Store;
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;
    let (dir, good) = messy_folder();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let admin = std::env::var("RESUME_PARSER_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let name = format!("rp_imp_{}", uuid::Uuid::now_v7().simple());
    let url = rt.block_on(async {
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(&admin)
            .await
            .expect("PostgreSQL on 127.0.0.1:5432");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .unwrap();
        let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
        format!("{base}/{name}")
    });
    let store: Arc<dyn Store> = Arc::new(
        rt.block_on(resume_parser::store::sql::SqlStore::connect(&url))
            .unwrap(),
    );
    let opts = Options {
        root: dir.path().to_path_buf(),
        jobs: 2,
        batch: 7,
        ..Options::default()
    };
    let run = || {
        import::run_local(
            &opts,
            Some(store.clone()),
            rt.handle(),
            Arc::new(AtomicBool::new(false)),
            Arc::new(Progress::default()),
            &mut |_| {},
        )
        .unwrap()
    };
    let first = run();
    assert_eq!(first.counts.accepted + first.counts.needs_review, good);
    assert_eq!(first.counts.duplicate, 1);
    assert_eq!(first.counts.failed, 3);
    let second = run();
    assert_eq!(second.counts.duplicate, good + 1);
    assert_eq!(second.counts.accepted + second.counts.needs_review, 0);
    let n: i64 = rt.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::PgConnection::connect(&url).await.unwrap();
        sqlx::query_scalar("SELECT COUNT(*) FROM candidates")
            .fetch_one(&mut c)
            .await
            .unwrap()
    });
    assert_eq!(n as usize, good);
    drop(store);
    rt.block_on(async {
        use sqlx::Connection;
        if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&mut conn)
            .await;
        }
    });
}
