//! Load test of the HTTP service, side by side with the parsing core on the
//! same cores (a custom harness; criterion measures single calls, this
//! measures a saturated service).
//!
//! 1. **core**: `Pipeline::parse` of a 2-page PDF on N threads for D seconds
//!    (rayon, no HTTP): documents per second.
//! 2. **http**: the real app (SQLite store in a temporary directory) on a
//!    local port, C concurrent clients posting the same PDF to `POST
//!    /v1/parse` for D seconds: requests per second, p50/p99 latency, errors.
//!    The ratio http/core is what the HTTP layer costs.
//! 3. **overload**: 4 × C clients against a service allowed one waiting
//!    parse per worker: every answer is 200 or 503 + Retry-After, and the
//!    refusals are fast (p99 of the 503s reported).
//!
//! `cargo bench --bench load` (defaults: C = 16, D = 10 s, N = cores);
//! `LOAD_CLIENTS`, `LOAD_SECS` override. Compare the ratio, not absolute
//! numbers: the machine is shared.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use resume_parser::Pipeline;
use resume_parser::service::{AppState, Config, start};

const PDF: &str = "fixtures/corpus/dotin-1.lo.pdf";

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

struct Run {
    ok: usize,
    refused: usize,
    errors: usize,
    ok_ms: Vec<f64>,
    refused_ms: Vec<f64>,
    secs: f64,
}

async fn hammer(base: &str, clients: usize, secs: u64, pdf: Arc<Vec<u8>>) -> Run {
    let client = http_client();
    let stop = Arc::new(AtomicBool::new(false));
    let t0 = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (client, stop, pdf) = (client.clone(), Arc::clone(&stop), Arc::clone(&pdf));
        let url = format!("{base}/v1/parse");
        tasks.push(actix_web::rt::spawn(async move {
            let mut out = (Vec::new(), Vec::new(), 0usize);
            while !stop.load(Ordering::Relaxed) {
                let t = Instant::now();
                let r = client
                    .post(&url)
                    .header("content-type", "application/pdf")
                    .body(pdf.as_ref().clone())
                    .send()
                    .await;
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                match r.map(|r| (r.status().as_u16(), r.headers().contains_key("retry-after"))) {
                    Ok((200, _)) => out.0.push(ms),
                    Ok((503 | 429, true)) => out.1.push(ms),
                    _ => out.2 += 1,
                }
            }
            out
        }));
    }
    tokio::time::sleep(Duration::from_secs(secs)).await;
    stop.store(true, Ordering::Relaxed);
    let mut run = Run {
        ok: 0,
        refused: 0,
        errors: 0,
        ok_ms: Vec::new(),
        refused_ms: Vec::new(),
        secs: 0.0,
    };
    for t in tasks {
        let (ok, refused, errors) = t.await.unwrap();
        run.ok += ok.len();
        run.refused += refused.len();
        run.errors += errors;
        run.ok_ms.extend(ok);
        run.refused_ms.extend(refused);
    }
    run.secs = t0.elapsed().as_secs_f64();
    run.ok_ms.sort_by(f64::total_cmp);
    run.refused_ms.sort_by(f64::total_cmp);
    run
}

async fn serve(
    tweak: impl FnOnce(&mut Config),
) -> (String, actix_web::dev::ServerHandle, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut config = Config {
        database_url: format!("sqlite://{}", dir.path().join("load.db").display()),
        ..Config::default()
    };
    tweak(&mut config);
    let server = start(AppState::new(config).await.unwrap(), listener).unwrap();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    (format!("http://127.0.0.1:{port}"), handle, dir)
}

fn main() {
    // `cargo bench` passes harness flags (e.g. `--bench`); nothing to parse.
    let clients = env_or("LOAD_CLIENTS", 16) as usize;
    let secs = env_or("LOAD_SECS", 10);
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let pdf = Arc::new(std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(PDF)).unwrap());

    // 1. The core alone, on every core.
    let pipeline = Pipeline::new();
    let t0 = Instant::now();
    let mut done = 0usize;
    while t0.elapsed() < Duration::from_secs(secs) {
        let batch: Vec<&[u8]> = vec![pdf.as_slice(); cores * 8];
        done += batch
            .par_iter()
            .filter(|b| pipeline.parse(b).is_ok())
            .count();
    }
    let core_rate = done as f64 / t0.elapsed().as_secs_f64();
    println!("core:     {core_rate:8.1} documents/s on {cores} threads ({PDF})");

    actix_web::rt::System::new().block_on(async {
        // 2. The service at saturation.
        let (base, handle, _dir) = serve(|_| {}).await;
        let r = hammer(&base, clients, secs, Arc::clone(&pdf)).await;
        let rate = r.ok as f64 / r.secs;
        println!(
            "http:     {rate:8.1} requests/s with {clients} clients; p50 {:.1} ms, p99 {:.1} ms; \
             {} refused, {} errors; http/core = {:.2}",
            percentile(&r.ok_ms, 0.5),
            percentile(&r.ok_ms, 0.99),
            r.refused,
            r.errors,
            rate / core_rate
        );
        handle.stop(true).await;

        // 3. Four times the clients against a short queue.
        let (base, handle, _dir) = serve(|c| c.parse_queue = c.parse_workers).await;
        let r = hammer(&base, clients * 4, secs, Arc::clone(&pdf)).await;
        println!(
            "overload: {:8.1} requests/s served with {} clients; {} refused (503 + Retry-After, \
             p99 {:.1} ms), {} errors; served p99 {:.1} ms",
            r.ok as f64 / r.secs,
            clients * 4,
            r.refused,
            percentile(&r.refused_ms, 0.99),
            r.errors,
            percentile(&r.ok_ms, 0.99)
        );
        handle.stop(true).await;
    });
}

/// A client for the tests (reqwest is built with rustls and no default
/// crypto provider: the service installs ring, and so do we).
fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
