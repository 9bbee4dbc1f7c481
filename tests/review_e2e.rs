//! The recruiter review UI end to end, in a real browser: Debian's headless
//! Chromium driven through `chromedriver` (WebDriver, the `fantoccini` crate)
//! against the real server on a random port, with a seeded SQLite store and
//! the fake ATS (Greenhouse Harvest).
//!
//! The journey: log in, open the queue, open a flagged candidate, correct the
//! job title and the e-mail, approve → the candidate leaves the queue, its
//! stored resume carries the corrections, the audit log (`review.changes`, entries `{path, before, after}`) has
//! the diff, and the ATS receives the corrected values. Screenshots of the
//! queue and of the candidate page are saved as `target/review-queue.png` and
//! `target/review-candidate.png` (on a failure, `target/review-failure.png`
//! and `target/review-failure.html`).
//!
//! A second test, with a plain HTTP client: the login cookie's attributes,
//! and a forged POST without (or with a wrong) CSRF token is refused with 403
//! and changes nothing.
//!
//! `chromium` and `chromium-driver` are installed by `.ci/run`; without them
//! the browser test fails (it does not skip). `CHROMEDRIVER` and `CHROMIUM`
//! override the binaries' paths.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::FutureExt;
use reqwest::multipart::{Form, Part};
use resume_parser::ats::fake::{FakeAts, FakeConfig};
use resume_parser::service::config::AtsSettings;
use resume_parser::service::{AppState, Config, start};
use serde_json::{Value, json};

const KEY: &str = "recruiter-key-1";
/// Flagged (`no_work_entries`): no work entry to correct.
const FLAGGED_NO_WORK: &str = "fixtures/corpus/dotin-1.web.pdf";
/// Flagged (`low_confidence_employer`: a one-word employer no dictionary
/// knows), with a work entry ("Team Member") and an e-mail: the one the
/// journey corrects. Made for this test, so that parser improvements on real
/// resumes do not take it out of the queue.
const FLAGGED: &str = "fixtures/review/flagged-weak-employer.pdf";
/// Parses confidently: accepted, never in the queue.
const CONFIDENT: &str = "fixtures/corpus/jr-jsonresume-org-packages-schema-examples-senior-engineer-resume-cofirst.web.pdf";

const NEW_TITLE: &str = "Senior Software Engineer";
const NEW_EMAIL: &str = "Marquetta.Reviewed@Example.com";

// ---------------------------------------------------------------- the server

struct App {
    base: String,
    http: reqwest::Client,
    handle: actix_web::dev::ServerHandle,
    fake: FakeAts,
    _dir: tempfile::TempDir,
}

impl App {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn stop(self) {
        self.handle.stop(true).await;
    }

    /// Submit a fixture through the public form endpoint; (id, status).
    async fn submit(&self, rel: &str) -> (String, String) {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
        let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let form = Form::new().part("file", Part::bytes(bytes).file_name(name));
        let r = self
            .http
            .post(self.url("/v1/candidates"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = r.status();
        let body = r.text().await.unwrap_or_default();
        assert_eq!(status, 201, "submit {rel}: {body}");
        let c: Value = serde_json::from_str(&body).unwrap();
        (
            c["id"].as_str().unwrap().to_owned(),
            c["status"].as_str().unwrap().to_owned(),
        )
    }

    /// `GET /v1/candidates/{id}` with the recruiter key.
    async fn candidate(&self, id: &str) -> Value {
        let r = self
            .http
            .get(self.url(&format!("/v1/candidates/{id}")))
            .bearer_auth(KEY)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "GET /v1/candidates/{id}");
        r.json().await.unwrap()
    }
}

fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    // No idle connection reuse: the browser journey outlasts the server's
    // keep-alive, and a request sent on a connection the server is closing
    // fails with `IncompleteMessage` (a race of the test's, not the service's).
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(0)
        .build()
        .unwrap()
}

async fn serve() -> App {
    let fake = FakeAts::start(FakeConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ats = AtsSettings {
        kind: Some("greenhouse".into()),
        base_url: Some(fake.url()),
        api_key: Some("fake-api-key".into()),
        on_behalf_of: Some("42".into()),
        job_id: Some("4001".into()),
        rate_per_sec: Some(500.0),
        burst: Some(500.0),
        max_attempts: Some(6),
        retry_base_ms: Some(20),
        timeout_secs: Some(1.0),
        lease_secs: Some(3.0),
        ..AtsSettings::default()
    };
    let config = Config {
        database_url: format!("sqlite://{}", dir.path().join("t.db").display()),
        parse_workers: 2,
        api_keys: vec![KEY.into()],
        ats,
        ..Config::default()
    };
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let state = AppState::new(config).await.expect("app state");
    let server = start(state, listener).expect("server");
    let handle = server.handle();
    actix_web::rt::spawn(server);
    App {
        base: format!("http://127.0.0.1:{port}"),
        http: http_client(),
        handle,
        fake,
        _dir: dir,
    }
}

// ---------------------------------------------------------------- the browser

/// `chromedriver` (and the Chromium it starts) in a process group of their
/// own, killed as a group when dropped: also when the test panics.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let pgid = self.child.id();
        // The whole group: chromedriver and the browser processes it started.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pgid}")])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_binary(env: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    for c in candidates {
        let p = Path::new(c);
        if p.is_absolute() {
            if p.exists() {
                return Some(p.to_path_buf());
            }
        } else if let Some(path) = std::env::var_os("PATH") {
            for d in std::env::split_paths(&path) {
                let f = d.join(c);
                if f.is_file() {
                    return Some(f);
                }
            }
        }
    }
    None
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_driver() -> Driver {
    use std::os::unix::process::CommandExt;
    let bin = find_binary("CHROMEDRIVER", &["/usr/bin/chromedriver", "chromedriver"])
        .unwrap_or_else(|| {
            panic!(
                "chromedriver not found (set CHROMEDRIVER, or install Debian's `chromium` and \
             `chromium-driver`: .ci/run does); the review UI's browser test cannot run"
            )
        });
    let log = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/chromedriver.log");
    let _ = std::fs::create_dir_all(log.parent().unwrap());
    let port = free_port();
    let child = Command::new(&bin)
        .arg(format!("--port={port}"))
        .arg(format!("--log-path={}", log.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("starting {}: {e}", bin.display()));
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    // Ready when /status answers `ready: true`.
    let http = http_client();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(r) = http.get(format!("{}/status", driver.url)).send().await
            && let Ok(v) = r.json::<Value>().await
            && v["value"]["ready"] == true
        {
            return driver;
        }
        assert!(
            Instant::now() < deadline,
            "{} did not become ready on port {port} within 20 s (log: {})",
            bin.display(),
            log.display()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn browser(driver: &Driver) -> Client {
    let chromium =
        find_binary("CHROMIUM", &["/usr/bin/chromium", "chromium"]).unwrap_or_else(|| {
            panic!(
                "chromium not found (set CHROMIUM, or install Debian's `chromium` and \
             `chromium-driver`: .ci/run does)"
            )
        });
    let caps = json!({
        "goog:chromeOptions": {
            "binary": chromium.display().to_string(),
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=1400,1000",
            ],
        }
    });
    let Value::Object(caps) = caps else {
        unreachable!()
    };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .unwrap_or_else(|e| panic!("a Chromium session via {}: {e}", driver.url))
}

fn artifact(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

async fn screenshot(b: &Client, name: &str) {
    let png = b.screenshot().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    let p = artifact(name);
    std::fs::write(&p, png).unwrap();
    eprintln!("screenshot: {}", p.display());
}

/// Wait (10 s at most) until the browser is at `path` (query ignored).
async fn wait_path(b: &Client, path: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let u = b.current_url().await.expect("current url");
        if u.path() == path {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "expected the browser at {path}, it is at {u}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Click what `css` finds and wait (10 s at most) until a new document has
/// loaded: the old one is marked first, so a form posted back to the same
/// URL is not mistaken for its result.
async fn click_and_load(b: &Client, css: &str) {
    b.execute("document.documentElement.dataset.e2eOld = '1';", vec![])
        .await
        .unwrap();
    find(b, css).await.click().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let fresh = b
            .execute(
                "return document.readyState === 'complete' \
                 && document.documentElement.dataset.e2eOld === undefined;",
                vec![],
            )
            .await;
        if matches!(fresh, Ok(Value::Bool(true))) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "clicking `{css}` loaded no new page within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn find(b: &Client, css: &str) -> fantoccini::elements::Element {
    let found = b
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await;
    match found {
        Ok(e) => e,
        Err(e) => panic!(
            "no element `{css}` on {:?}: {e}",
            b.current_url().await.ok().map(|u| u.to_string())
        ),
    }
}

async fn value(e: &fantoccini::elements::Element) -> String {
    e.prop("value").await.unwrap().unwrap_or_default()
}

/// Replace an input's text as a person would: clear it, type.
async fn retype(b: &Client, css: &str, text: &str) {
    let e = find(b, css).await;
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
    assert_eq!(value(&e).await, text, "typed into {css}");
}

/// The ids of the rows of `table#queue`.
async fn queue_ids(b: &Client) -> Vec<String> {
    let mut ids = Vec::new();
    for row in b
        .find_all(Locator::Css("table#queue tr.item"))
        .await
        .unwrap()
    {
        ids.push(
            row.attr("data-id")
                .await
                .unwrap()
                .expect("tr.item[data-id]"),
        );
    }
    ids
}

async fn pending_count(b: &Client) -> u64 {
    let t = find(b, "span#pending-count").await.text().await.unwrap();
    t.trim()
        .parse()
        .unwrap_or_else(|_| panic!("span#pending-count holds a number, not {t:?}"))
}

// ---------------------------------------------------------------- the tests

/// The browser journey: login → queue → candidate → correct → approve; then
/// the store, the audit diff and the ATS.
#[actix_web::test]
async fn review_journey_in_headless_chromium() {
    let driver = start_driver().await;
    let app = serve().await;

    // The seeded store: two flagged candidates and one confident one.
    let (no_work, s) = app.submit(FLAGGED_NO_WORK).await;
    assert_eq!(s, "needs_review", "{FLAGGED_NO_WORK}");
    let (flagged, s) = app.submit(FLAGGED).await;
    assert_eq!(s, "needs_review", "{FLAGGED}");
    let (confident, s) = app.submit(CONFIDENT).await;
    assert_eq!(s, "accepted", "{CONFIDENT}");
    let before = app.candidate(&flagged).await;
    let old_email = before["resume"]["basics"]["email"]
        .as_str()
        .unwrap()
        .to_owned();
    let old_title = before["resume"]["work"][0]["position"]
        .as_str()
        .unwrap()
        .to_owned();

    let b = browser(&driver).await;
    let journey = async {
        // Sanity: the browser loads a page of the server.
        b.goto(&app.url("/healthz")).await.unwrap();
        assert_eq!(b.current_url().await.unwrap().path(), "/healthz");

        // No session: the queue sends the browser to the login form.
        b.goto(&app.url("/review")).await.unwrap();
        wait_path(&b, "/login").await;
        find(&b, "form#login-form").await;

        // A wrong key: the form again.
        retype(&b, "form#login-form input#api_key", "not-the-key").await;
        click_and_load(&b, "form#login-form button[type=submit]").await;
        wait_path(&b, "/login").await;
        find(&b, "form#login-form").await;
        let typ = find(&b, "input#api_key").await.attr("type").await.unwrap();
        assert_eq!(typ.as_deref(), Some("password"), "input#api_key type");

        // The right key: the queue.
        retype(&b, "form#login-form input#api_key", KEY).await;
        click_and_load(&b, "form#login-form button[type=submit]").await;
        wait_path(&b, "/review").await;
        find(&b, "table#queue").await;
        let mut ids = queue_ids(&b).await;
        ids.sort();
        let mut want = vec![no_work.clone(), flagged.clone()];
        want.sort();
        assert_eq!(ids, want, "the queue: the two flagged candidates only");
        assert!(!ids.contains(&confident));
        assert_eq!(pending_count(&b).await, 2, "span#pending-count");
        let row = format!("table#queue tr.item[data-id=\"{flagged}\"]");
        let reasons = b
            .find_all(Locator::Css(&format!("{row} span.reason")))
            .await
            .unwrap();
        let mut codes = Vec::new();
        for r in &reasons {
            codes.push(r.attr("data-code").await.unwrap().unwrap_or_default());
        }
        assert!(
            codes.iter().any(|c| c == "low_confidence_employer"),
            "the flagged row's reason labels (span.reason[data-code]): {codes:?}"
        );
        let filters = b.find_all(Locator::Css("a.filter")).await.unwrap();
        assert!(!filters.is_empty(), "reason filter links (a.filter)");
        screenshot(&b, "review-queue.png").await;

        // Open the flagged candidate from its row.
        let open = find(&b, &format!("{row} a.open")).await;
        let href = open.attr("href").await.unwrap().unwrap_or_default();
        assert!(
            href.ends_with(&format!("/review/{flagged}")),
            "a.open href: {href}"
        );
        click_and_load(&b, &format!("{row} a.open")).await;
        wait_path(&b, &format!("/review/{flagged}")).await;
        let form = find(&b, "form#candidate-form").await;
        let action = form.attr("action").await.unwrap().unwrap_or_default();
        assert!(
            action.ends_with(&format!("/review/{flagged}/approve")),
            "form#candidate-form action: {action}"
        );
        let csrf = find(&b, "form#candidate-form input[name=csrf]").await;
        assert!(!value(&csrf).await.is_empty(), "a CSRF token in the form");
        find(&b, "form#reject-form input[name=csrf]").await;
        find(&b, "form#reject-form textarea#reject-reason").await;
        find(&b, "form#reject-form button#reject").await;
        find(&b, "iframe#document").await;
        let email = find(&b, "form#candidate-form input#basics-email").await;
        assert_eq!(
            email.attr("name").await.unwrap().as_deref(),
            Some("basics.email")
        );
        assert_eq!(
            value(&email).await,
            old_email,
            "#basics-email shows the parsed e-mail"
        );
        let title = find(&b, "form#candidate-form input#work-0-position").await;
        assert_eq!(
            title.attr("name").await.unwrap().as_deref(),
            Some("work.0.position")
        );
        assert_eq!(
            value(&title).await,
            old_title,
            "#work-0-position shows the parsed title"
        );
        // Time for Chromium's PDF viewer to draw the document (for the picture only).
        tokio::time::sleep(Duration::from_secs(3)).await;
        screenshot(&b, "review-candidate.png").await;

        // Correct the title and the e-mail; approve.
        retype(&b, "input#work-0-position", NEW_TITLE).await;
        retype(&b, "input#basics-email", NEW_EMAIL).await;
        click_and_load(&b, "form#candidate-form button#approve").await;

        // Back at the queue, without it.
        wait_path(&b, "/review").await;
        find(&b, "table#queue").await;
        assert_eq!(
            queue_ids(&b).await,
            vec![no_work.clone()],
            "the queue after approve"
        );
        assert_eq!(
            pending_count(&b).await,
            1,
            "span#pending-count after approve"
        );
    };
    if let Err(panic) = std::panic::AssertUnwindSafe(journey).catch_unwind().await {
        if let Ok(png) = b.screenshot().await {
            let _ = std::fs::write(artifact("review-failure.png"), png);
        }
        if let Ok(html) = b.source().await {
            let _ = std::fs::write(artifact("review-failure.html"), html);
        }
        eprintln!(
            "the browser was at {:?}; see target/review-failure.png and .html",
            b.current_url().await.ok().map(|u| u.to_string())
        );
        let _ = b.close().await;
        std::panic::resume_unwind(panic);
    }
    b.close().await.unwrap();
    drop(driver);

    // The store: approved, with the corrections.
    let c = app.candidate(&flagged).await;
    assert_eq!(c["status"], "approved", "{c:#}");
    let resume = &c["resume"];
    assert_eq!(resume["work"][0]["position"], NEW_TITLE, "{resume:#}");
    let stored_email = resume["basics"]["email"].as_str().unwrap_or_default();
    assert!(
        stored_email.eq_ignore_ascii_case(NEW_EMAIL),
        "stored e-mail {stored_email:?}, corrected to {NEW_EMAIL:?}"
    );
    // Untouched fields stay as parsed.
    assert_eq!(resume["basics"]["name"], before["resume"]["basics"]["name"]);
    assert_eq!(
        resume["work"][0]["name"],
        before["resume"]["work"][0]["name"]
    );
    assert_eq!(
        resume["education"], before["resume"]["education"],
        "education, untouched"
    );

    // The audit diff: exactly the corrections (and what is derived from them).
    let review = &c["review"];
    assert_eq!(review["action"], "approve", "{review:#}");
    assert!(
        review["by"].as_str().is_some_and(|s| !s.is_empty()),
        "{review:#}"
    );
    assert!(
        review["at"].as_str().is_some_and(|s| !s.is_empty()),
        "{review:#}"
    );
    let changes = review["changes"].as_array().expect("review.changes");
    let change = |p: &str| changes.iter().find(|c| c["path"] == p);
    let e = change("/basics/email").unwrap_or_else(|| panic!("/basics/email in {changes:#?}"));
    assert_eq!(e["before"], old_email.as_str());
    assert!(
        e["after"]
            .as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case(NEW_EMAIL)),
        "{e}"
    );
    let t =
        change("/work/0/position").unwrap_or_else(|| panic!("/work/0/position in {changes:#?}"));
    assert_eq!(t["before"], old_title.as_str());
    assert_eq!(t["after"], NEW_TITLE);
    eprintln!(
        "the audit diff: {}",
        serde_json::to_string_pretty(changes).unwrap()
    );
    for ch in changes {
        let p = ch["path"].as_str().unwrap_or_default();
        assert!(
            p == "/basics/email"
                || p == "/work/0/position"
                || p.split('/').any(|seg| seg.starts_with("x_")),
            "a change nobody made (the form's round trip must not alter untouched \
             fields): {ch}"
        );
    }

    // The ATS: the approved candidate with the corrected values.
    let want_email = NEW_EMAIL.to_lowercase();
    let deadline = Instant::now() + Duration::from_secs(20);
    let record = loop {
        let found = app.fake.greenhouse_candidates().into_iter().find(|r| {
            r["email_addresses"][0]["value"]
                .as_str()
                .is_some_and(|v| v.eq_ignore_ascii_case(&want_email))
        });
        if let Some(r) = found {
            break r;
        }
        assert!(
            Instant::now() < deadline,
            "the ATS did not receive the approved candidate within 20 s: {:#?}",
            app.fake.greenhouse_candidates()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(record["email_addresses"][0]["value"], want_email.as_str());
    let norm = &resume["work"][0]["x_normalized_title"];
    // The corrected title was normalized again, not declined by the choice
    // the page offered for the old title.
    assert_ne!(norm["reason"], "declined by the reviewer", "{norm}");
    assert_eq!(norm["input"], NEW_TITLE, "{norm}");
    let want_title = match (norm["title"].as_str(), norm["confidence"].as_f64()) {
        (Some(t), Some(conf)) if conf >= 0.8 => t.to_owned(),
        _ => NEW_TITLE.to_owned(),
    };
    assert_eq!(
        record["employments"][0]["title"],
        want_title.as_str(),
        "the ATS's employment title (the corrected title, or its occupation: {norm})"
    );

    app.stop().await;
}

/// A `application/x-www-form-urlencoded` body from simple ASCII pairs.
fn form_body(pairs: &[(&str, &str)]) -> String {
    fn enc(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                b' ' => "+".into(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The value of the `csrf` input in a page.
fn csrf_in(html: &str) -> Option<String> {
    let input = regex::Regex::new(r"(?is)<input\b[^>]*>").unwrap();
    let value = regex::Regex::new(r#"(?is)\bvalue\s*=\s*"([^"]*)""#).unwrap();
    let name = regex::Regex::new(r#"(?is)\bname\s*=\s*"?csrf"?[\s/>]"#).unwrap();
    input
        .find_iter(html)
        .map(|m| m.as_str())
        .find(|tag| name.is_match(tag))
        .and_then(|tag| value.captures(tag))
        .map(|c| c[1].to_owned())
}

/// Login and CSRF, without a browser: a forged POST is refused.
#[actix_web::test]
async fn forged_review_post_without_csrf_is_refused() {
    let app = serve().await;
    let (id, s) = app.submit(FLAGGED_NO_WORK).await;
    assert_eq!(s, "needs_review");
    let h = &app.http;
    let form = |body: String| {
        move |rb: reqwest::RequestBuilder| {
            rb.header("content-type", "application/x-www-form-urlencoded")
                .body(body)
        }
    };

    // No session: the queue redirects to the login form.
    let r = h.get(app.url("/review")).send().await.unwrap();
    assert_eq!(r.status(), 303, "GET /review without a session");
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .ends_with("/login")
    );
    let r = h.get(app.url("/login")).send().await.unwrap();
    assert_eq!(r.status(), 200, "GET /login");

    // A bad key: 401, no session.
    let r = form(form_body(&[("api_key", "wrong")]))(h.post(app.url("/login")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "POST /login with a bad key");
    assert!(
        !r.headers().get_all("set-cookie").iter().any(|v| v
            .to_str()
            .unwrap_or("")
            .starts_with("rp_session=")
            && !v.to_str().unwrap_or("").starts_with("rp_session=;")),
        "no session for a bad key"
    );

    // The right key: a session cookie (HttpOnly, SameSite=Strict), 303 to the queue.
    let r = form(form_body(&[("api_key", KEY)]))(h.post(app.url("/login")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "POST /login with the key");
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .ends_with("/review")
    );
    let set_cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("rp_session="))
        .expect("a set-cookie rp_session");
    let attrs = set_cookie.to_ascii_lowercase();
    assert!(attrs.contains("httponly"), "{set_cookie}");
    assert!(attrs.contains("samesite=strict"), "{set_cookie}");
    let cookie = set_cookie.split(';').next().unwrap().to_owned();

    // With the session, the queue and the candidate page.
    let r = h
        .get(app.url("/review"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "GET /review with the session");
    let r = h
        .get(app.url(&format!("/review/{id}")))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "GET /review/{id} with the session");
    let page = r.text().await.unwrap();
    let token = csrf_in(&page).expect("an input named csrf with a value on the candidate page");
    assert!(!token.is_empty());

    // The document beside the fields: only with the session.
    let doc = app.url(&format!("/review/{id}/document"));
    let r = h.get(&doc).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(r.status(), 200, "GET {doc} with the session");
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(
        r.bytes().await.unwrap().starts_with(b"%PDF"),
        "the stored PDF"
    );
    let r = h.get(&doc).send().await.unwrap();
    assert!(
        r.status() == 401 || r.status() == 403 || r.status() == 303,
        "GET {doc} without a session: {}",
        r.status()
    );

    let approve = app.url(&format!("/review/{id}/approve"));
    let reject = app.url(&format!("/review/{id}/reject"));
    let email = ("basics.email", "forged@example.com");

    // The session but no token: 403.
    let r = form(form_body(&[email]))(h.post(&approve).header("cookie", &cookie))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "approve without csrf");
    // The session and a wrong token: 403.
    let r = form(form_body(&[("csrf", "forged-token"), email]))(
        h.post(&approve).header("cookie", &cookie),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), 403, "approve with a wrong csrf");
    let r = form(form_body(&[("reason", "forged")]))(h.post(&reject).header("cookie", &cookie))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "reject without csrf");
    // The token but no session (a cross-site form post): refused too.
    let r = form(form_body(&[("csrf", &token), email]))(h.post(&approve))
        .send()
        .await
        .unwrap();
    let to_queue = r.status() == 303
        && r.headers()
            .get("location")
            .is_some_and(|l| l.to_str().unwrap_or("").ends_with("/review"));
    assert!(
        r.status() == 401 || r.status() == 403 || (r.status() == 303 && !to_queue),
        "approve without a session: {}",
        r.status()
    );

    // Nothing changed.
    let c = app.candidate(&id).await;
    assert_eq!(c["status"], "needs_review", "{c:#}");
    assert_ne!(c["resume"]["basics"]["email"], "forged@example.com");

    // The control: the same session with the page's token is accepted.
    let r = form(form_body(&[
        ("csrf", &token),
        ("reason", "duplicate application"),
    ]))(h.post(&reject).header("cookie", &cookie))
    .send()
    .await
    .unwrap();
    assert_eq!(
        r.status(),
        303,
        "reject with the session and the page's token"
    );
    let c = app.candidate(&id).await;
    assert_eq!(c["status"], "rejected", "{c:#}");

    app.stop().await;
}
