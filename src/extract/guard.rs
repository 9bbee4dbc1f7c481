//! Panic containment and deadlines around third-party readers.
//!
//! Input: a reader function and the file's bytes. Output: its result, or
//! [`ExtractError::Panicked`] / [`ExtractError::Timeout`]. The reader runs on its
//! own thread named `extract-<FORMAT>`; a reader that never returns is
//! abandoned (the thread is detached, it cannot be killed) and the caller gets
//! a timeout on time.
//!
//! Why a quiet panic hook: pdf-extract panics by design on malformed input
//! (an `unwrap` on every odd object), so a service fed hostile files would
//! print a panic message and backtrace to stderr per bad upload. The hook
//! installed here stays silent for panics on `extract-*` threads (they are
//! reported as [`ExtractError::Panicked`] and logged at debug level through
//! `tracing`) and defers to the previous hook everywhere else.

use std::sync::{Once, mpsc};
use std::time::Duration;

use super::{ExtractError, Extracted};

/// Prefix of the names of reader threads, whose panics are expected.
const THREAD_PREFIX: &str = "extract-";

/// Run `f(bytes)` on a helper thread under `deadline`, catching panics.
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
    let owned = bytes.to_vec();
    let (tx, rx) = mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name(format!("{THREAD_PREFIX}{format}"))
        .stack_size(16 * 1024 * 1024)
        .spawn(move || {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&owned)));
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
        Err(mpsc::RecvTimeoutError::Timeout) => Err(ExtractError::Timeout(deadline)),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(ExtractError::Panicked { format }),
    }
}

/// Install (once per process) a panic hook that is silent on reader threads
/// and calls the previously installed hook on every other thread.
fn install_quiet_hook() {
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
        let t = std::time::Instant::now();
        let r = run_guarded("DOCX", Duration::from_millis(100), b"x", |_| {
            loop {
                std::thread::sleep(Duration::from_millis(50));
            }
        });
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
