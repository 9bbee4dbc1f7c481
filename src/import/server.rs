//! Server mode: the same import through a running service's
//! `POST /v1/candidates`.
//!
//! Input: the folder, the service's base URL and API key. Output: the same
//! [`Record`]s as a local import. Each file goes with `Idempotency-Key:
//! import:<sha256>`, so a rerun (or a replica restarted mid-import) answers
//! "replayed" for what is already in, and nothing is stored twice; 429/503
//! answers are retried after their `Retry-After`. `jobs` uploads run at once.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::Value;

use super::report::Counts;
use super::{FileStatus, ImportError, Options, Progress, Record, Summary, import_key, walk};

/// Upload every file under `opts.root` to `server`.
pub async fn run(
    opts: &Options,
    server: &str,
    api_key: Option<&str>,
    stop: Arc<AtomicBool>,
    progress: Arc<Progress>,
    on_record: &mut dyn FnMut(&Record),
) -> Result<Summary, ImportError> {
    let started = Instant::now();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .timeout(opts.timeout + Duration::from_secs(60))
        .build()
        .map_err(|e| ImportError::Setup(e.to_string()))?;
    let url = format!("{}/v1/candidates", server.trim_end_matches('/'));
    let (tx, rx) = tokio::sync::mpsc::channel::<super::Entry>(opts.jobs.max(1) * 2);
    // The walk and the reads run on a blocking thread; memory is bounded by
    // the channel.
    let walker = {
        let (root, max, stop, progress) = (
            opts.root.clone(),
            opts.max_bytes,
            stop.clone(),
            progress.clone(),
        );
        tokio::task::spawn_blocking(move || {
            let mut seen: HashSet<[u8; 32]> = HashSet::new();
            for entry in walk::walk(&root) {
                if stop.load(Ordering::SeqCst) {
                    return;
                }
                progress.found.fetch_add(1, Ordering::Relaxed);
                let item = super::read_entry(entry, max, &mut seen);
                if tx.blocking_send(item).is_err() {
                    return;
                }
            }
            progress.walk_done.store(true, Ordering::SeqCst);
        })
    };
    let source = opts.source.clone();
    let mut records = tokio_stream_of(rx)
        .map(|item| {
            let (client, url, source) = (client.clone(), url.clone(), source.clone());
            let key = api_key.map(str::to_owned);
            async move {
                match item {
                    super::Entry::Done(r) => r,
                    super::Entry::Work(w) => {
                        upload(&client, &url, key.as_deref(), &source, w).await
                    }
                }
            }
        })
        .buffer_unordered(opts.jobs.max(1));
    let mut counts = Counts::default();
    while let Some(r) = records.next().await {
        counts.add(r.status);
        on_record(&r);
        if opts.stop_after.is_some_and(|k| counts.total() >= k) {
            stop.store(true, Ordering::SeqCst);
        }
    }
    let _ = walker.await;
    Ok(Summary {
        counts,
        secs: started.elapsed().as_secs_f64(),
        interrupted: !progress.walk_done.load(Ordering::SeqCst),
    })
}

fn tokio_stream_of<T: Send + 'static>(
    mut rx: tokio::sync::mpsc::Receiver<T>,
) -> impl futures_util::Stream<Item = T> {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

/// One file to the service; retried on 429/503 and connection failures.
async fn upload(
    client: &reqwest::Client,
    url: &str,
    api_key: Option<&str>,
    source: &str,
    w: super::Work,
) -> Record {
    let super::Work {
        path,
        bytes,
        sha256: sha,
    } = w;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "resume".into());
    let mut last_error = String::new();
    for attempt in 0..6u32 {
        let form = reqwest::multipart::Form::new()
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.clone()),
            )
            .text("source", source.to_owned());
        let mut req = client
            .post(url)
            .header("idempotency-key", import_key(&sha))
            .multipart(form);
        if let Some(k) = api_key {
            req = req.bearer_auth(k);
        }
        let wait = match req.send().await {
            Err(e) => {
                last_error = format!("service unreachable: {}", without_url(&e));
                Duration::from_millis(250 << attempt)
            }
            Ok(resp) => {
                let status = resp.status().as_u16();
                let retry_after = resp
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(crate::ats::parse_retry_after);
                let body: Value = resp.json().await.unwrap_or(Value::Null);
                match status {
                    200 | 201 => {
                        let id = body["id"].as_str().map(str::to_owned);
                        let reasons = body["reasons"]
                            .as_array()
                            .map(|a| {
                                a.iter()
                                    .filter_map(|r| r.as_str().map(str::to_owned))
                                    .collect()
                            })
                            .unwrap_or_default();
                        let st = if status == 200 {
                            FileStatus::Duplicate
                        } else if body["status"] == "needs_review" {
                            FileStatus::NeedsReview
                        } else {
                            FileStatus::Accepted
                        };
                        return Record {
                            path,
                            status: st,
                            candidate_id: id,
                            reasons: if st == FileStatus::Duplicate {
                                vec!["submitted_before".into()]
                            } else {
                                reasons
                            },
                            error: None,
                            sha256: Some(sha),
                        };
                    }
                    429 | 502 | 503 | 504 => {
                        last_error = format!("service busy (HTTP {status})");
                        retry_after.unwrap_or(Duration::from_millis(500 << attempt))
                    }
                    _ => {
                        let detail = body["detail"]
                            .as_str()
                            .or_else(|| body["title"].as_str())
                            .unwrap_or("refused");
                        return Record::failed(path, format!("HTTP {status}: {detail}"), Some(sha));
                    }
                }
            }
        };
        tokio::time::sleep(wait.min(Duration::from_secs(30))).await;
    }
    Record::failed(path, last_error, Some(sha))
}

fn without_url(e: &reqwest::Error) -> String {
    let mut s = e.to_string();
    if let Some(u) = e.url() {
        s = s.replace(u.as_str(), "…");
    }
    s
}
