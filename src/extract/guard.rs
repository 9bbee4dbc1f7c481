//! Panic containment and deadlines around third-party readers.
//!
//! Input: a reader function and the file's bytes. Output: its result, or
//! [`ExtractError::Panicked`] / [`ExtractError::Timeout`]. The reader runs on its
//! own thread; a reader that never returns is abandoned (the thread is detached)
//! and the caller gets a timeout on time.

use std::sync::mpsc;
use std::time::Duration;

use super::{ExtractError, Extracted};

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
    let owned = bytes.to_vec();
    let (tx, rx) = mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name(format!("extract-{format}"))
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
