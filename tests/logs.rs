//! Logs carry no resume text or contact details, even at TRACE.
//!
//! One full flow with every log line of the process captured in memory (a
//! `MakeWriter` into a buffer, filter `trace` for every crate): a parse, a
//! submission written to the fake ATS, a submission whose ATS write fails
//! into review and is approved with a correction and then written, an
//! import through the service, and the `parse` and `import` commands at
//! `RESUME_PARSER_LOG=trace` (their stderr). Then the captured text is
//! searched for the fixtures' names, e-mail addresses, phone numbers (as
//! written and as digits) and distinctive sentences of the resumes, and for
//! the form values posted: none may appear.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::net::TcpListener;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::multipart::{Form, Part};
use resume_parser::ats::fake::{FakeAts, Fault, Op};
use resume_parser::service::config::AtsSettings;
use resume_parser::service::{AppState, Config, start};
use serde_json::{Value, json};

/// (file, fixture case) — the case's `.expected.json` names the person.
const FILES: &[(&str, &str)] = &[
    (
        "jr-jsonresume-org-packages-schema-examples-senior-engineer-resume-cofirst.web.pdf",
        "jr-jsonresume-org-packages-schema-examples-senior-engineer-resume-cofirst",
    ),
    (
        "jr-resume-schema-sample-resume-classic.web.pdf",
        "jr-resume-schema-sample-resume-classic",
    ),
    (
        "jr-jsonresume-org-packages-schema-examples-new-grad-resume-classic.docx",
        "jr-jsonresume-org-packages-schema-examples-new-grad-resume-classic",
    ),
    (
        "synthetic-table-two-column.docx",
        "synthetic-table-two-column",
    ),
    ("dotin-1.txt", "dotin-1"),
];

fn corpus(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/corpus")
        .join(name)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(corpus(name)).unwrap()
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

/// What must never be logged: contact details and distinctive text of
/// every fixture, from its expected fields and its parse.
fn needles(envelopes: &[Value]) -> Vec<String> {
    let mut out = Vec::new();
    for (_, case) in FILES {
        let exp: Value = serde_json::from_slice(&read(&format!("{case}.expected.json"))).unwrap();
        for key in ["name", "email", "phone"] {
            if let Some(v) = exp[key].as_str() {
                out.push(v.to_owned());
            }
        }
    }
    for env in envelopes {
        let r = &env["resume"];
        for p in [
            "/basics/name",
            "/basics/email",
            "/basics/phone",
            "/basics/x_phone_e164",
        ] {
            if let Some(v) = r.pointer(p).and_then(Value::as_str) {
                out.push(v.to_owned());
            }
        }
        let mut sentences = Vec::new();
        if let Some(s) = r.pointer("/basics/summary").and_then(Value::as_str) {
            sentences.push(s.to_owned());
        }
        for w in r["work"].as_array().into_iter().flatten() {
            for h in w["highlights"].as_array().into_iter().flatten() {
                sentences.extend(h.as_str().map(str::to_owned));
            }
            sentences.extend(w["summary"].as_str().map(str::to_owned));
        }
        // A distinctive stretch of each long sentence (its first 40 chars).
        for s in sentences {
            let s: String = s.chars().take(40).collect();
            if s.len() >= 30 {
                out.push(s);
            }
        }
    }
    // Name parts on their own (a surname is enough to identify).
    let mut parts = Vec::new();
    for n in &out {
        if !n.contains('@') && !n.chars().any(|c| c.is_ascii_digit()) && n.len() < 30 {
            for w in n.split_whitespace() {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                if w.len() >= 5 {
                    parts.push(w.to_owned());
                }
            }
        }
    }
    out.extend(parts);
    // Phone numbers as digits too.
    let digits: Vec<String> = out
        .iter()
        .filter(|n| n.chars().filter(char::is_ascii_digit).count() >= 7 && !n.contains('@'))
        .map(|n| n.chars().filter(char::is_ascii_digit).collect())
        .collect();
    out.extend(digits);
    out.sort();
    out.dedup();
    out
}

fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

async fn wait_for<F, Fut>(what: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let t0 = Instant::now();
    while !f().await {
        assert!(t0.elapsed() < Duration::from_secs(60), "timed out: {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[actix_web::test]
async fn logs_carry_no_resume_text_or_contact_details() {
    let buf = Arc::new(Mutex::new(Vec::new()));
    let sink = buf.clone();
    tracing_subscriber::fmt()
        .with_env_filter("trace")
        .with_ansi(false)
        .with_writer(move || Capture(sink.clone()))
        .try_init()
        .unwrap();
    tracing::info!("log capture on");

    let fake = FakeAts::start(Default::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(Config {
        database_url: format!("sqlite://{}", dir.path().join("t.db").display()),
        parse_workers: 2,
        ats: AtsSettings {
            kind: Some("greenhouse".into()),
            base_url: Some(fake.url()),
            api_key: Some("fake-api-key".into()),
            on_behalf_of: Some("42".into()),
            job_id: Some("4001".into()),
            rate_per_sec: Some(500.0),
            burst: Some(500.0),
            retry_base_ms: Some(20),
            timeout_secs: Some(2.0),
            ..AtsSettings::default()
        },
        ..Config::default()
    })
    .await
    .unwrap();
    let server = start(state, listener).unwrap();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    let client = http_client();
    let url = |p: &str| format!("{base}{p}");

    // 1. Parse every fixture (their envelopes name what must not leak).
    let mut envelopes = Vec::new();
    for (file, _) in FILES {
        let r = client
            .post(url("/v1/parse"))
            .multipart(
                Form::new().part("file", Part::bytes(read(file)).file_name(file.to_string())),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{file}");
        envelopes.push(r.json::<Value>().await.unwrap());
    }

    // 2. A submission with form values, written to the ATS.
    let submit = |file: &str, who: &str| {
        Form::new()
            .part("file", Part::bytes(read(file)).file_name(file.to_string()))
            .text("first_name", format!("Zebulon{who}"))
            .text("last_name", "Quillfeather")
            .text("email", format!("zebulon.{who}@quill.example"))
            .text("phone", "+1 415 555 0199")
    };
    let r = client
        .post(url("/v1/candidates"))
        .multipart(submit(FILES[0].0, "a"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let a: Value = r.json().await.unwrap();
    assert_eq!(a["status"], "accepted");

    // 3. A submission the ATS refuses (422): to review, approved with a
    //    correction, then written.
    wait_for("first record", || async {
        fake.greenhouse_candidates().len() == 1
    })
    .await;
    fake.inject(Op::Create, Fault::Validation, 1);
    let r = client
        .post(url("/v1/candidates"))
        .multipart(submit(FILES[1].0, "b"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let b: Value = r.json().await.unwrap();
    let b_id = b["id"].as_str().unwrap().to_owned();
    wait_for("ats_write_failed", || {
        let (client, u) = (client.clone(), url(&format!("/v1/candidates/{b_id}")));
        async move {
            let c: Value = client.get(u).send().await.unwrap().json().await.unwrap();
            c["status"] == "needs_review"
        }
    })
    .await;
    let mut corrected = b["resume"].clone();
    corrected["basics"]["name"] = json!("Zebulon Correctedname");
    let r = client
        .post(url(&format!("/v1/review/{b_id}/approve")))
        .header("x-actor", "reviewer-1")
        .json(&json!({"resume": corrected}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    wait_for("second record", || async {
        fake.greenhouse_candidates().len() == 2
    })
    .await;

    // 4. An import through the running service.
    let import_dir = tempfile::tempdir().unwrap();
    for (file, _) in &FILES[2..] {
        std::fs::write(import_dir.path().join(file), read(file)).unwrap();
    }
    let opts = resume_parser::import::Options {
        root: import_dir.path().to_owned(),
        jobs: 1,
        ..Default::default()
    };
    let mut records = 0;
    let summary = resume_parser::import::server::run(
        &opts,
        &base,
        None,
        Arc::new(AtomicBool::new(false)),
        Arc::default(),
        &mut |_| records += 1,
    )
    .await
    .unwrap();
    assert_eq!(records, FILES.len() - 2, "{summary:?}");
    wait_for("imports delivered", || async {
        fake.greenhouse_candidates().len() >= 3
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    handle.stop(true).await;
    fake.stop().await;

    // 5. The commands at TRACE: their stderr.
    let bin = env!("CARGO_BIN_EXE_resume-parser");
    let files: Vec<_> = FILES.iter().map(|(f, _)| corpus(f)).collect();
    let parse = std::process::Command::new(bin)
        .arg("parse")
        .args(&files)
        .env("RESUME_PARSER_LOG", "trace")
        .output()
        .unwrap();
    assert!(parse.status.success());
    let import = std::process::Command::new(bin)
        .args([
            "import",
            import_dir.path().to_str().unwrap(),
            "--jobs",
            "1",
            "--ats-wait",
            "0",
        ])
        .args([
            "--database-url",
            &format!("sqlite://{}", dir.path().join("i.db").display()),
        ])
        .env("RESUME_PARSER_LOG", "trace")
        .output()
        .unwrap();
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );

    let mut logged = String::from_utf8_lossy(&buf.lock().unwrap()).into_owned();
    let in_process = logged.lines().count();
    logged.push_str(&String::from_utf8_lossy(&parse.stderr));
    logged.push_str(&String::from_utf8_lossy(&import.stderr));
    assert!(
        in_process > 200,
        "the capture saw too little: {in_process} lines"
    );
    assert!(
        logged.contains("delivered"),
        "the flow ran through delivery"
    );
    let lower = logged.to_lowercase();
    let mut needles = needles(&envelopes);
    needles.extend(
        [
            "Zebulon",
            "Quillfeather",
            "quill.example",
            "Correctedname",
            "415 555 0199",
            "4155550199",
        ]
        .map(str::to_owned),
    );
    let leaks: Vec<String> = needles
        .iter()
        .filter(|n| lower.contains(&n.to_lowercase()))
        .map(|n| {
            let at = lower.find(&n.to_lowercase()).unwrap_or(0);
            let line = logged[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = logged[at..].find('\n').map_or(logged.len(), |i| at + i);
            format!("{n:?} in: {}", &logged[line..end.min(line + 400)])
        })
        .collect();
    eprintln!(
        "{} log lines checked for {} needles",
        logged.lines().count(),
        needles.len()
    );
    assert!(
        leaks.is_empty(),
        "leaked into the logs:\n{}",
        leaks.join("\n")
    );
}
