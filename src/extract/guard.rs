//! Panic containment and deadlines around third-party readers.
//!
//! Input: a reader and the file's bytes. Output: its result, or
//! [`ExtractError::Panicked`] / [`ExtractError::Timeout`] /
//! [`ExtractError::Busy`]. [`run_reader`] runs a [`Reader`] where the
//! [`Limits::isolation`] setting says: on a guard thread ([`run_guarded`]) or in
//! a worker process ([`super::worker`]), which is killed at the deadline.
//!
//! Threads: the reader runs on its own thread named `extract-<FORMAT>`; a
//! reader that never returns is abandoned (the thread is detached, it cannot
//! be killed) and the caller gets a timeout on time. Abandoned threads that
//! are still running are counted; past [`max_abandoned`] (default: one per
//! core) new thread extractions are refused at once with
//! [`ExtractError::Busy`] rather than piling up spinning threads. The count
//! falls when an abandoned reader finally returns.
//!
//! Containment decision, by measurement (2026-11-27, this 2-core machine
//! shared with other builds, release, `RESUME_PARSER_MEASURE_DIR=../shared/
//! dev-corpus cargo test --release --test containment -- --ignored
//! --nocapture measure_isolation`: 200 PDFs x 3 rounds, modes interleaved):
//! per PDF, bare reader 37.8 ms (0.83), guard thread 45.7 ms (1.00), pooled
//! worker process 44.8 ms (0.98), a process per document 69.2 ms (1.52). A
//! looping reader with a 1 s deadline: both answer `timed out` after 1.0 s;
//! the thread keeps spinning (0.96 s CPU in the next 3 s here, a core when
//! idle, until the process ends), the worker is killed and gone (0.00 s
//! after). So the `resume-parser` binary extracts in pooled worker processes
//! (`Auto` resolves to `Process` once `worker::install` registered the binary;
//! `RESUME_PARSER_EXTRACT_ISOLATION=thread` opts out); library users and tests,
//! which have no worker binary, keep threads with the cap above. The table is
//! also in SECURITY.md ("Containment").
//!
//! Why a quiet panic hook: pdf-extract panics by design on malformed input
//! (an `unwrap` on every odd object), so a service fed hostile files would
//! print a panic message and backtrace to stderr per bad upload. The hook
//! installed here stays silent for panics on `extract-*` threads (they are
//! reported as [`ExtractError::Panicked`] and logged at debug level through
//! `tracing`) and defers to the previous hook everywhere else.

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Once, mpsc};
use std::time::Duration;

use super::worker::{self, ExtractIsolation, Reader};
use super::{ExtractError, Extracted, Limits};

/// Prefix of the names of reader threads, whose panics are expected.
const THREAD_PREFIX: &str = "extract-";

/// Stack of a reader thread (and of a worker process's reader): deeply nested
/// PDF objects recurse.
pub const STACK_SIZE: usize = 16 * 1024 * 1024;

/// Abandoned reader threads still running, over the process.
static ABANDONED: AtomicUsize = AtomicUsize::new(0);
/// The cap on [`ABANDONED`]; 0 = not set (one per core).
static MAX_ABANDONED: AtomicUsize = AtomicUsize::new(0);

/// Abandoned reader threads still running now.
pub fn abandoned() -> usize {
    ABANDONED.load(Ordering::SeqCst)
}

/// How many abandoned reader threads may be alive before thread extractions
/// are refused with [`ExtractError::Busy`] (default: one per core).
pub fn max_abandoned() -> usize {
    match MAX_ABANDONED.load(Ordering::SeqCst) {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    }
}

/// Set the cap on abandoned reader threads (process-wide); 0 restores the
/// default (one per core).
pub fn set_max_abandoned(n: usize) {
    MAX_ABANDONED.store(n, Ordering::SeqCst);
}

/// Run `reader` on `bytes` under `limits.deadline`, isolated as
/// `limits.isolation` says.
pub fn run_reader(
    reader: Reader,
    limits: &Limits,
    bytes: &[u8],
) -> Result<Extracted, ExtractError> {
    match limits.isolation.resolve() {
        ExtractIsolation::Process => worker::run(reader, limits.deadline, bytes),
        _ => run_guarded(reader.format(), limits.deadline, bytes, move |b| {
            reader.run(b)
        }),
    }
}

/// The reader thread's state, shared with the caller.
const RUNNING: u8 = 0;
const DONE: u8 = 1;
const ABANDONED_STATE: u8 = 2;

/// Run `f(bytes)` on a helper thread under `deadline`, catching panics.
/// Refused with [`ExtractError::Busy`] while [`max_abandoned`] abandoned
/// readers are still running.
pub fn run_guarded<F>(
    format: &'static str,
    deadline: Duration,
    bytes: &[u8],
    f: F,
) -> Result<Extracted, ExtractError>
where
    F: FnOnce(&[u8]) -> Result<Extracted, ExtractError> + Send + 'static,
{
    install_quiet_hook();
    let stalled = abandoned();
    if stalled >= max_abandoned() {
        return Err(ExtractError::Busy { abandoned: stalled });
    }
    let owned = bytes.to_vec();
    let (tx, rx) = mpsc::sync_channel(1);
    let state = Arc::new(AtomicU8::new(RUNNING));
    let thread_state = Arc::clone(&state);
    let spawned = std::thread::Builder::new()
        .name(format!("{THREAD_PREFIX}{format}"))
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&owned)));
            if thread_state
                .compare_exchange(RUNNING, DONE, Ordering::SeqCst, Ordering::SeqCst)
                .is_err()
            {
                // The caller gave up on this reader and counted it.
                ABANDONED.fetch_sub(1, Ordering::SeqCst);
            }
            let _ = tx.send(r);
        });
    if spawned.is_err() {
        return Err(ExtractError::Corrupt {
            format,
            detail: "could not start a reader thread".into(),
        });
    }
    match rx.recv_timeout(deadline) {
        Ok(Ok(r)) => r,
        Ok(Err(_)) => Err(ExtractError::Panicked { format }),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            // Count before marking, so the reader's decrement cannot come first.
            ABANDONED.fetch_add(1, Ordering::SeqCst);
            if state
                .compare_exchange(RUNNING, ABANDONED_STATE, Ordering::SeqCst, Ordering::SeqCst)
                .is_err()
            {
                // It finished just now: not abandoned after all.
                ABANDONED.fetch_sub(1, Ordering::SeqCst);
                if let Ok(r) = rx.try_recv() {
                    return r.unwrap_or(Err(ExtractError::Panicked { format }));
                }
            }
            Err(ExtractError::Timeout(deadline))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(ExtractError::Panicked { format }),
    }
}

/// Install (once per process) a panic hook that is silent on reader threads
/// and calls the previously installed hook on every other thread.
pub(crate) fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let thread = std::thread::current();
            match thread.name() {
                Some(name) if name.starts_with(THREAD_PREFIX) => {
                    tracing::debug!(thread = name, "reader panicked: {info}");
                }
                _ => previous(info),
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Format;

    #[test]
    fn a_panicking_reader_is_an_error() {
        let r = run_guarded("PDF", Duration::from_secs(5), b"x", |_| {
            panic!("boom");
        });
        assert_eq!(r.err(), Some(ExtractError::Panicked { format: "PDF" }));
    }

    #[test]
    fn a_looping_reader_times_out() {
        // Loops until the test lets it go, so that the abandoned thread
        // does not count against the cap for the other tests for long.
        static STOP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        let t = std::time::Instant::now();
        let r = run_guarded("DOCX", Duration::from_millis(100), b"x", |_| {
            while !STOP.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(ExtractError::Empty)
        });
        STOP.store(true, Ordering::SeqCst);
        assert!(matches!(r, Err(ExtractError::Timeout(_))));
        assert!(t.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn a_result_passes_through() {
        let r = run_guarded("PDF", Duration::from_secs(5), b"abc", |b| {
            Ok(Extracted {
                format: Format::Pdf,
                pages: b.len() as u32,
                ..Extracted::default()
            })
        });
        assert_eq!(r.map(|x| x.pages).ok(), Some(3));
    }
}
