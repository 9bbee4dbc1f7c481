//! Containment of readers that loop or crash: on a guard thread (abandoned at
//! the deadline, capped) and in a worker process (killed at the deadline).
//!
//! Inputs: test-double readers (`Reader::Spin`, `Panic`, `Abort`, and closures
//! on threads) and the PDF and DOCX files of `fixtures/`; the worker binary is
//! this package's `resume-parser` (`CARGO_BIN_EXE_resume-parser`).
//!
//! Why: a dependency that loops on a hostile file must cost at most its
//! deadline of CPU in the service, and the choice of isolation must not change
//! a single extracted line. `measure_isolation` (ignored; run it by hand in
//! release) prints the per-document cost of a worker process against a thread
//! and the CPU a looping document burns in each mode — the numbers behind the
//! decision in `src/extract/guard.rs` and SECURITY.md.
//!
//! The abandoned-thread count and the worker pool are process-wide, so the
//! tests here run one at a time (`serial`).

// Tests fail loudly on broken fixtures: unwrap/expect are the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use resume_parser::Pipeline;
use resume_parser::extract::{
    self, ExtractError, ExtractIsolation, Extracted, Limits, Reader, guard, worker,
};

fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    let g = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    assert!(worker::install_binary(env!("CARGO_BIN_EXE_resume-parser")));
    g
}

fn limits(isolation: ExtractIsolation, deadline: Duration) -> Limits {
    Limits {
        deadline,
        isolation,
        ..Limits::default()
    }
}

/// Wait (up to 5 s) until no abandoned reader thread is left.
fn wait_for_no_abandoned() {
    let t = Instant::now();
    while guard::abandoned() > 0 && t.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(guard::abandoned(), 0, "abandoned readers left running");
}

/// A reader that spins on the CPU until `stop` is set (the test lets it go at
/// the end so it does not burn a core for the rest of the run).
fn spin_until(stop: &'static AtomicBool) -> impl FnOnce(&[u8]) -> Result<Extracted, ExtractError> {
    move |_| {
        while !stop.load(Ordering::SeqCst) {
            std::hint::spin_loop();
        }
        Err(ExtractError::Empty)
    }
}

#[test]
fn a_looping_reader_on_a_thread_is_abandoned_at_the_deadline() {
    let _s = serial();
    static STOP: AtomicBool = AtomicBool::new(false);
    let t = Instant::now();
    let r = guard::run_guarded("DOCX", Duration::from_millis(200), b"x", spin_until(&STOP));
    let took = t.elapsed();
    assert_eq!(
        r.err(),
        Some(ExtractError::Timeout(Duration::from_millis(200)))
    );
    assert!(took < Duration::from_millis(1500), "took {took:?}");
    assert_eq!(guard::abandoned(), 1, "the spinning thread is counted");
    STOP.store(true, Ordering::SeqCst);
    wait_for_no_abandoned();
}

#[test]
fn abandoned_threads_are_capped_then_refused_as_busy() {
    let _s = serial();
    static STOP: AtomicBool = AtomicBool::new(false);
    guard::set_max_abandoned(1);
    let first = guard::run_guarded("PDF", Duration::from_millis(100), b"x", spin_until(&STOP));
    assert!(matches!(first, Err(ExtractError::Timeout(_))), "{first:?}");
    // The cap is reached: refused at once, without starting a thread.
    let t = Instant::now();
    let pdf = std::fs::read(corpus().join("dotin-1.lo.pdf")).unwrap();
    let busy = extract::extract(
        &pdf,
        &limits(ExtractIsolation::Thread, Duration::from_secs(5)),
    );
    assert_eq!(busy.err(), Some(ExtractError::Busy { abandoned: 1 }));
    assert!(t.elapsed() < Duration::from_millis(50));
    assert!(
        ExtractError::Busy { abandoned: 1 }
            .to_string()
            .starts_with("busy:")
    );
    // Process isolation is not limited by stalled threads.
    let ok = extract::extract(
        &pdf,
        &limits(ExtractIsolation::Process, Duration::from_secs(5)),
    );
    assert!(ok.is_ok(), "{ok:?}");
    // Once the stalled reader ends, threads are accepted again.
    STOP.store(true, Ordering::SeqCst);
    wait_for_no_abandoned();
    let again = extract::extract(
        &pdf,
        &limits(ExtractIsolation::Thread, Duration::from_secs(5)),
    );
    guard::set_max_abandoned(0);
    assert!(again.is_ok(), "{again:?}");
}

fn pid_alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

#[test]
fn a_looping_reader_in_a_worker_is_killed_at_the_deadline() {
    let _s = serial();
    let pool = worker::pool().expect("registered");
    let before = pool.stats();
    let deadline = Duration::from_millis(300);
    let t = Instant::now();
    let r = guard::run_reader(
        Reader::Spin,
        &limits(ExtractIsolation::Process, deadline),
        b"x",
    );
    let took = t.elapsed();
    assert_eq!(r.err(), Some(ExtractError::Timeout(deadline)));
    assert!(took < Duration::from_millis(1500), "took {took:?}");
    let after = pool.stats();
    assert_eq!(after.killed, before.killed + 1);
    let pid = after.last_killed.expect("a killed worker");
    assert!(
        !pid_alive(pid),
        "worker {pid} still exists after the deadline"
    );
    assert!(!after.idle.contains(&pid));
    // Nothing is left spinning on this side either.
    assert_eq!(guard::abandoned(), 0);
    // The pool recovers: the next document gets a fresh worker.
    let pdf = std::fs::read(corpus().join("dotin-5.lo.pdf")).unwrap();
    let ok = extract::extract(
        &pdf,
        &limits(ExtractIsolation::Process, Duration::from_secs(5)),
    );
    assert!(ok.is_ok(), "{ok:?}");
}

#[test]
fn a_panicking_reader_is_a_clean_error_in_both_modes() {
    let _s = serial();
    let r = guard::run_guarded("DOCX", Duration::from_secs(5), b"x", |_| panic!("boom"));
    assert_eq!(r.err(), Some(ExtractError::Panicked { format: "DOCX" }));
    let process = limits(ExtractIsolation::Process, Duration::from_secs(5));
    let r = guard::run_reader(Reader::Panic, &process, b"x");
    assert_eq!(r.err(), Some(ExtractError::Panicked { format: "TEST" }));
    // A worker that dies outright (abort, stack overflow) is the same error.
    let r = guard::run_reader(Reader::Abort, &process, b"x");
    assert_eq!(r.err(), Some(ExtractError::Panicked { format: "TEST" }));
    // ... and the worker that caught the panic is still usable.
    let pdf = std::fs::read(corpus().join("dotin-9.lo.pdf")).unwrap();
    assert!(extract::extract(&pdf, &process).is_ok());
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus")
}

/// Every PDF and DOCX under `fixtures/` (hostile ones included).
fn fixture_documents() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "pdf" || x == "docx") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn same(a: &Result<Extracted, ExtractError>, b: &Result<Extracted, ExtractError>) -> bool {
    match (a, b) {
        (Ok(a), Ok(b)) => {
            a.format == b.format
                && a.pages == b.pages
                && a.lines == b.lines
                && a.links == b.links
                && a.omitted == b.omitted
        }
        (Err(a), Err(b)) => a == b,
        _ => false,
    }
}

#[test]
fn documents_extract_identically_on_a_thread_and_in_a_worker() {
    let _s = serial();
    let thread = limits(ExtractIsolation::Thread, Duration::from_secs(20));
    let process = limits(ExtractIsolation::Process, Duration::from_secs(20));
    let files = fixture_documents();
    assert!(files.len() >= 50, "{} files", files.len());
    let mut differ = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let a = extract::extract(&bytes, &thread);
        let b = extract::extract(&bytes, &process);
        if !same(&a, &b) {
            differ.push(format!(
                "{}: thread {:?} / process {:?}",
                f.display(),
                a.as_ref().map(|d| d.lines.len()),
                b.as_ref().map(|d| d.lines.len())
            ));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    // The whole envelope too, for one document of each format.
    for name in ["dotin-13.web.pdf", "dotin-13.docx"] {
        let bytes = std::fs::read(corpus().join(name)).unwrap();
        let env = |isolation| {
            let mut v = serde_json::to_value(
                Pipeline::with_limits(limits(isolation, Duration::from_secs(20)))
                    .parse(&bytes)
                    .unwrap(),
            )
            .unwrap();
            v["document"]["elapsed_ms"] = serde_json::Value::Null;
            v
        };
        assert_eq!(
            env(ExtractIsolation::Thread),
            env(ExtractIsolation::Process),
            "{name}"
        );
    }
}

/// CPU time (user + system, seconds) of this process and of its reaped
/// children, from /proc/self/stat.
fn cpu_times() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse::<f64>().unwrap_or(0.0))
        .collect();
    // Fields 14-17 (utime, stime, cutime, cstime) are 11-14 after the state.
    ((f[11] + f[12]) / 100.0, (f[13] + f[14]) / 100.0)
}

fn cpu_seconds() -> f64 {
    cpu_times().0
}

/// Per-document cost of the isolations, side by side in one run, and the CPU
/// a looping document burns after its deadline. Documents: every PDF in
/// `RESUME_PARSER_MEASURE_DIR` (default `fixtures/corpus`), at most 200.
/// Run: `cargo test --release --test containment -- --ignored --nocapture measure_isolation`.
#[test]
#[ignore]
fn measure_isolation() {
    let _s = serial();
    let dir = std::env::var_os("RESUME_PARSER_MEASURE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(corpus);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    files.sort();
    files.truncate(200);
    let docs: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let deadline = Duration::from_secs(20);
    let thread = limits(ExtractIsolation::Thread, deadline);
    let pool = worker::pool().expect("registered");
    // No idle worker kept: every document starts (and ends) a process.
    let fresh = worker::WorkerPool::new(pool.exe().to_path_buf(), 0);
    let mut total = [Duration::ZERO; 4];
    // Warm up: page cache, lazily built tables, one pooled worker per core.
    for d in docs.iter().take(4) {
        let _ = extract::extract(d, &thread);
        let _ = worker::run(Reader::Pdf, deadline, d);
    }
    for round in 0..3 {
        for (i, d) in docs.iter().enumerate() {
            // Rotate the order so that no mode always runs first (cache).
            for k in 0..4 {
                let mode = (i + k + round) % 4;
                let t = Instant::now();
                let _ = match mode {
                    0 => extract::extract(d, &thread),
                    1 => worker::run(Reader::Pdf, deadline, d),
                    2 => fresh.run(Reader::Pdf, deadline, d),
                    // The bare reader, no containment at all.
                    _ => Reader::Pdf.run(d),
                };
                total[mode] += t.elapsed();
            }
        }
    }
    let n = (docs.len() * 3) as f64;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0 / n;
    let base = ms(total[0]);
    println!(
        "{} PDFs from {} x 3 rounds, interleaved",
        docs.len(),
        dir.display()
    );
    for (name, d) in [
        ("bare reader (no containment)", total[3]),
        ("thread (guard, current)", total[0]),
        ("process, pooled worker", total[1]),
        ("process, one per document", total[2]),
    ] {
        println!(
            "  {name:<30} {:>7.3} ms/doc  ratio to thread {:.2}",
            ms(d),
            ms(d) / base
        );
    }

    // A looping document: CPU burnt in the 3 s after its 1 s deadline.
    let loop_deadline = Duration::from_secs(1);
    static STOP: AtomicBool = AtomicBool::new(false);
    let c0 = cpu_seconds();
    let t = Instant::now();
    let r = guard::run_guarded("TEST", loop_deadline, b"x", spin_until(&STOP));
    let returned = t.elapsed();
    let c1 = cpu_seconds();
    std::thread::sleep(Duration::from_secs(3));
    let thread_after = cpu_seconds() - c1;
    STOP.store(true, Ordering::SeqCst);
    wait_for_no_abandoned();
    println!(
        "looping document, thread: {r:?} after {returned:?}; CPU during the deadline {:.2} s, in the 3 s after it {thread_after:.2} s (and on, until the process ends)",
        c1 - c0
    );
    let (_, children0) = cpu_times();
    let t = Instant::now();
    let r = worker::run(Reader::Spin, loop_deadline, b"x");
    let returned = t.elapsed();
    let pid = pool.stats().last_killed;
    let (c1, children1) = cpu_times();
    std::thread::sleep(Duration::from_secs(3));
    let (c2, children2) = cpu_times();
    println!(
        "looping document, process: {r:?} after {returned:?}; worker {pid:?} alive afterwards: {}; the killed worker's CPU {:.2} s; in the 3 s after: this process {:.2} s, workers {:.2} s",
        pid.is_some_and(pid_alive),
        children1 - children0,
        c2 - c1,
        children2 - children1
    );
}
