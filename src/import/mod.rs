//! Bulk import: a folder of resumes into the store (or through a running
//! service), in parallel, resumable, every file accounted for.
//!
//! Input: a root folder and [`Options`]. Output: one [`Record`] per file
//! found (accepted | needs_review | duplicate | failed, with the candidate id
//! or the error), handed to the caller as it happens, and a [`Summary`].
//!
//! Local mode is three stages joined by bounded channels, so memory stays
//! flat whatever the folder size: a walker thread streams the folder
//! ([`walk`]), reads each file, hashes it, and drops what is already done
//! (the same content earlier in this run, or an `import:<sha256>`
//! idempotency key already in the store — which is what makes a rerun after
//! Ctrl-C, kill -9 or power loss import only what is missing); a rayon pool
//! of `jobs` threads parses; the caller's thread stores the candidates in
//! batched transactions ([`Store::insert_batch`]) exactly as `POST
//! /v1/candidates` would ([`crate::intake`]: same routing to the outbox or
//! the review queue, same duplicate rules). Server mode sends each file to
//! `POST /v1/candidates` with the same idempotency key instead.

pub mod report;
pub mod server;
pub mod walk;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::extract::{Format, Limits, sniff};
use crate::intake::{self, Submission};
use crate::pipeline::Pipeline;
use crate::store::{Inserted, NewCandidate, Status, Store, StoreError};
use report::Counts;

/// What became of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    /// Stored and queued for the ATS.
    Accepted,
    /// Stored in the review queue.
    NeedsReview,
    /// Already imported (this run or an earlier one) or submitted before.
    Duplicate,
    /// Not imported: the error says why.
    Failed,
}

impl FileStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Accepted => "accepted",
            FileStatus::NeedsReview => "needs_review",
            FileStatus::Duplicate => "duplicate",
            FileStatus::Failed => "failed",
        }
    }

    fn of(s: Status) -> FileStatus {
        match s {
            Status::NeedsReview => FileStatus::NeedsReview,
            _ => FileStatus::Accepted,
        }
    }
}

/// One line of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub path: PathBuf,
    pub status: FileStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub candidate_id: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

impl Record {
    fn failed(path: PathBuf, error: String, sha256: Option<String>) -> Record {
        Record {
            path,
            status: FileStatus::Failed,
            candidate_id: None,
            reasons: Vec::new(),
            error: Some(error),
            sha256,
        }
    }
}

/// How to import.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// Parsing threads.
    pub jobs: usize,
    /// Parse and report only; open no store, write nothing.
    pub dry_run: bool,
    /// Files larger than this fail without being read whole.
    pub max_bytes: usize,
    /// Per-file extraction deadline.
    pub timeout: Duration,
    /// `source` recorded on every candidate (default `bulk-import`).
    pub source: String,
    /// Candidates per store transaction.
    pub batch: usize,
    /// Stop (as on Ctrl-C) after this many files (for tests).
    pub stop_after: Option<usize>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            root: PathBuf::new(),
            jobs: std::thread::available_parallelism().map_or(2, |n| n.get()),
            dry_run: false,
            max_bytes: 10 * 1024 * 1024,
            timeout: Duration::from_secs(5),
            source: "bulk-import".into(),
            batch: 64,
            stop_after: None,
        }
    }
}

/// How the import ended.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    pub counts: Counts,
    pub secs: f64,
    /// Stopped before the walk ended (Ctrl-C or `stop_after`).
    pub interrupted: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the store failed: {0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Setup(String),
}

/// Progress as the import goes: files found so far (the walk streams, so
/// this grows until the walk ends) and whether the walk has ended.
#[derive(Debug, Default)]
pub struct Progress {
    pub found: AtomicUsize,
    pub walk_done: AtomicBool,
}

/// The idempotency key of an imported file: its content hash.
pub fn import_key(sha256: &str) -> String {
    format!("import:{sha256}")
}

/// A file read, hashed and not yet seen.
pub(crate) struct Work {
    path: PathBuf,
    bytes: Vec<u8>,
    sha256: String,
}

enum Out {
    Parsed(PathBuf, Box<NewCandidate>),
    Done(Record),
}

/// Walk, read, hash, drop what is done; hand the rest to the parsers.
fn walker(
    root: PathBuf,
    max_bytes: usize,
    store: Option<(Arc<dyn Store>, tokio::runtime::Handle)>,
    stop: Arc<AtomicBool>,
    progress: Arc<Progress>,
    to_parse: SyncSender<Work>,
    done: SyncSender<Out>,
) {
    let mut seen: HashSet<[u8; 32]> = HashSet::new();
    let mut pending: Vec<Work> = Vec::new();
    // Files already imported by an earlier run: reported as duplicates
    // without being parsed again.
    let flush = |pending: &mut Vec<Work>| -> bool {
        let known: Vec<(String, String)> = match &store {
            Some((s, rt)) => {
                let keys: Vec<String> = pending.iter().map(|w| import_key(&w.sha256)).collect();
                match rt.block_on(s.known_keys(&keys)) {
                    Ok(k) => k,
                    Err(e) => {
                        tracing::warn!(error = %e, "could not check earlier imports");
                        Vec::new()
                    }
                }
            }
            None => Vec::new(),
        };
        for w in pending.drain(..) {
            let key = import_key(&w.sha256);
            let sent = match known.iter().find(|(k, _)| *k == key) {
                Some((_, id)) => done
                    .send(Out::Done(Record {
                        path: w.path,
                        status: FileStatus::Duplicate,
                        candidate_id: Some(id.clone()),
                        reasons: vec!["imported_before".into()],
                        error: None,
                        sha256: Some(w.sha256),
                    }))
                    .is_ok(),
                None => to_parse.send(w).is_ok(),
            };
            if !sent {
                return false;
            }
        }
        true
    };
    let mut complete = true;
    for entry in walk::walk(&root) {
        if stop.load(Ordering::SeqCst) {
            complete = false;
            break;
        }
        progress.found.fetch_add(1, Ordering::Relaxed);
        let out = match read_entry(entry, max_bytes, &mut seen) {
            Entry::Work(w) => {
                pending.push(w);
                None
            }
            Entry::Done(r) => Some(r),
        };
        if let Some(r) = out
            && done.send(Out::Done(r)).is_err()
        {
            return;
        }
        if pending.len() >= 32 && !flush(&mut pending) {
            return;
        }
    }
    // Files already read are finished even when stopping.
    if flush(&mut pending) && complete {
        progress.walk_done.store(true, Ordering::SeqCst);
    }
}

/// A walked entry after reading: work for the parsers, or already decided.
pub(crate) enum Entry {
    Work(Work),
    Done(Record),
}

/// One walked entry, read and hashed: the work to do, or its record
/// (unreadable, or the same content as an earlier file of this import).
pub(crate) fn read_entry(
    entry: walk::Entry,
    max_bytes: usize,
    seen: &mut HashSet<[u8; 32]>,
) -> Entry {
    let path = match entry {
        walk::Entry::Error { path, error } => {
            return Entry::Done(Record::failed(path, error, None));
        }
        walk::Entry::File(path) => path,
    };
    let bytes = match read_limited(&path, max_bytes) {
        Ok(b) => b,
        Err(e) => return Entry::Done(Record::failed(path, e, None)),
    };
    let digest: [u8; 32] = Sha256::digest(&bytes).into();
    let sha256 = intake::hex(&digest);
    if seen.insert(digest) {
        Entry::Work(Work {
            path,
            bytes,
            sha256,
        })
    } else {
        Entry::Done(Record {
            path,
            status: FileStatus::Duplicate,
            candidate_id: None,
            reasons: vec!["same_content_in_this_import".into()],
            error: None,
            sha256: Some(sha256),
        })
    }
}

/// Read a file, refusing (without reading it all) one larger than `max`.
pub fn read_limited(path: &Path, max: usize) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let reason = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    };
    let f = std::fs::File::open(path).map_err(reason)?;
    let meta = f.metadata().map_err(reason)?;
    if meta.is_dir() {
        return Err("is a directory".into());
    }
    let len = meta.len();
    if len > max as u64 {
        return Err(format!("file too large ({len} bytes; the limit is {max})"));
    }
    let mut buf = Vec::with_capacity(len as usize);
    f.take(max as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(reason)?;
    if buf.len() > max {
        return Err(format!("file too large (over {max} bytes)"));
    }
    Ok(buf)
}

/// Parse one file into the candidate row (or the reason it failed).
fn parse_one(pipeline: &Pipeline, source: &str, w: Work) -> Out {
    if w.bytes.is_empty() {
        return Out::Done(Record::failed(w.path, "empty file".into(), Some(w.sha256)));
    }
    let format = sniff(&w.bytes);
    if let Format::Other(what) = format {
        return Out::Done(Record::failed(
            w.path,
            format!("unsupported format (looks like {what})"),
            Some(w.sha256),
        ));
    }
    match pipeline.parse_with_text(&w.bytes) {
        Err(e) => Out::Done(Record::failed(w.path, e.to_string(), Some(w.sha256))),
        Ok((env, text)) => {
            let sub = Submission {
                file_name: w.path.file_name().map(|n| n.to_string_lossy().into_owned()),
                fields: [("source".to_owned(), source.to_owned())].into(),
                idempotency_key: Some(import_key(&w.sha256)),
            };
            match intake::candidate(&env, text, w.bytes, &format, sub) {
                Ok(c) => Out::Parsed(w.path, Box::new(c)),
                Err(e) => Out::Done(Record::failed(w.path, e.to_string(), Some(w.sha256))),
            }
        }
    }
}

/// Import a folder into `store` (None with `dry_run`). `on_record` sees
/// every file's record as it is decided; `stop` ends the walk early (the
/// files in flight are finished). Store errors end the import.
pub fn run_local(
    opts: &Options,
    store: Option<Arc<dyn Store>>,
    rt: &tokio::runtime::Handle,
    stop: Arc<AtomicBool>,
    progress: Arc<Progress>,
    on_record: &mut dyn FnMut(&Record),
) -> Result<Summary, ImportError> {
    let started = Instant::now();
    let store = if opts.dry_run { None } else { store };
    let jobs = opts.jobs.max(1);
    let pipeline = Arc::new(Pipeline::with_limits(Limits {
        max_bytes: opts.max_bytes,
        deadline: opts.timeout,
        ..Limits::default()
    }));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("import-parse-{i}"))
        .build()
        .map_err(|e| ImportError::Setup(e.to_string()))?;
    let (to_parse, parse_rx): (SyncSender<Work>, Receiver<Work>) = sync_channel(jobs * 4);
    let (out_tx, out_rx) = sync_channel::<Out>(jobs * 16 + opts.batch);

    let walker_thread = {
        let (root, max, stop, progress) = (
            opts.root.clone(),
            opts.max_bytes,
            stop.clone(),
            progress.clone(),
        );
        let store = store.clone().map(|s| (s, rt.clone()));
        let done = out_tx.clone();
        std::thread::Builder::new()
            .name("import-walk".into())
            .spawn(move || walker(root, max, store, stop, progress, to_parse, done))
            .map_err(|e| ImportError::Setup(e.to_string()))?
    };
    let parse_thread = {
        let pipeline = pipeline.clone();
        let source = opts.source.clone();
        std::thread::Builder::new()
            .name("import-parse".into())
            .spawn(move || {
                pool.install(|| {
                    parse_rx
                        .into_iter()
                        .par_bridge()
                        .for_each_with(out_tx, |tx, w| {
                            let _ = tx.send(parse_one(&pipeline, &source, w));
                        })
                })
            })
            .map_err(|e| ImportError::Setup(e.to_string()))?
    };

    let mut counts = Counts::default();
    let mut batch: Vec<(PathBuf, NewCandidate)> = Vec::with_capacity(opts.batch);
    let mut emit = |r: Record, counts: &mut Counts| {
        counts.add(r.status);
        on_record(&r);
        if opts.stop_after.is_some_and(|k| counts.total() >= k) {
            stop.store(true, Ordering::SeqCst);
        }
    };
    let mut result = Ok(());
    let mut last_flush = Instant::now();
    loop {
        let msg = out_rx.recv_timeout(Duration::from_millis(50));
        let closed = matches!(msg, Err(RecvTimeoutError::Disconnected));
        match msg {
            Ok(Out::Done(r)) => emit(r, &mut counts),
            Ok(Out::Parsed(path, c)) => batch.push((path, *c)),
            Err(_) => {}
        }
        let due = batch.len() >= opts.batch
            || (!batch.is_empty()
                && (closed || last_flush.elapsed() >= Duration::from_millis(200)));
        if due {
            last_flush = Instant::now();
            match store_batch(store.as_ref(), rt, std::mem::take(&mut batch)) {
                Ok(records) => records.into_iter().for_each(|r| emit(r, &mut counts)),
                Err(e) => {
                    // The store is gone: stop; nothing after this is recorded
                    // as imported, so a rerun picks it up.
                    stop.store(true, Ordering::SeqCst);
                    result = Err(e);
                    break;
                }
            }
        }
        if closed {
            break;
        }
    }
    drop(out_rx);
    let _ = walker_thread.join();
    let _ = parse_thread.join();
    result?;
    Ok(Summary {
        counts,
        secs: started.elapsed().as_secs_f64(),
        interrupted: !progress.walk_done.load(Ordering::SeqCst),
    })
}

/// Store one batch in one transaction; a record per file.
fn store_batch(
    store: Option<&Arc<dyn Store>>,
    rt: &tokio::runtime::Handle,
    batch: Vec<(PathBuf, NewCandidate)>,
) -> Result<Vec<Record>, ImportError> {
    let (paths, cands): (Vec<PathBuf>, Vec<NewCandidate>) = batch.into_iter().unzip();
    let Some(store) = store else {
        // Dry run: what would have happened.
        return Ok(paths
            .into_iter()
            .zip(cands)
            .map(|(path, c)| Record {
                path,
                status: FileStatus::of(c.status),
                candidate_id: None,
                reasons: c.reasons,
                error: None,
                sha256: Some(c.sha256),
            })
            .collect());
    };
    let shas: Vec<String> = cands.iter().map(|c| c.sha256.clone()).collect();
    let inserted = rt.block_on(store.insert_batch(cands))?;
    Ok(paths
        .into_iter()
        .zip(inserted)
        .zip(shas)
        .map(|((path, ins), sha)| match ins {
            Inserted::New(c) => Record {
                path,
                status: FileStatus::of(c.status),
                candidate_id: Some(c.id),
                reasons: c.reasons,
                error: None,
                sha256: Some(sha),
            },
            Inserted::Existing(c) => Record {
                path,
                status: FileStatus::Duplicate,
                candidate_id: Some(c.id),
                reasons: vec!["submitted_before".into()],
                error: None,
                sha256: Some(sha),
            },
        })
        .collect())
}
