//! Shared by every fuzz target: which panics are findings.
//!
//! Input: the fuzzer's bytes and the reader to run on them. Output: nothing;
//! a finding aborts the process (libFuzzer then saves the input as
//! `artifacts/<target>/crash-*`), a hang trips libFuzzer's `-timeout`.
//!
//! Why the panic filter: in production every third-party reader runs under
//! `extract::guard` (`catch_unwind` on a reader thread, a deadline), so a panic
//! raised inside a dependency (pdf-extract, lopdf, zip, quick-xml) is already a
//! clean rejection — pdf-extract panics by design on malformed input, and
//! reporting each one would stop the fuzzer every few seconds on a known,
//! contained class. A panic located in our own code is a bug and is reported.
//! libfuzzer-sys installs a hook that aborts on every panic; the hook added
//! here lets a dependency's panic unwind to the `catch_unwind` below and hands
//! every other panic to libFuzzer's hook (abort = finding). Aborts that no
//! `catch_unwind` survives (stack overflow, out of memory) are always findings.
//!
//! `FUZZ_DEP_PANICS_DIR=dir` keeps each input whose dependency panic was
//! contained (named by a hash of its bytes), to turn a few into
//! `fixtures/hostile/fuzz/` regression files.

use std::cell::Cell;
use std::hash::{Hash, Hasher};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

thread_local! {
    static DEPENDENCY_PANIC: Cell<bool> = const { Cell::new(false) };
}

/// A panic raised inside a crate from a registry (not this repository).
fn in_dependency(file: &str) -> bool {
    file.contains("registry/src/") || file.contains("/.cargo/git/checkouts/")
}

fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if info.location().is_some_and(|l| in_dependency(l.file())) {
                DEPENDENCY_PANIC.with(|c| c.set(true));
                return;
            }
            previous(info);
        }));
    });
}

/// Run `f(data)`; a panic inside a dependency is contained (as the guard
/// does in production), any other panic aborts.
pub fn run(data: &[u8], f: impl FnOnce(&[u8])) {
    install_hook();
    DEPENDENCY_PANIC.with(|c| c.set(false));
    let r = catch_unwind(AssertUnwindSafe(|| f(data)));
    if r.is_err() && DEPENDENCY_PANIC.with(|c| c.get()) {
        keep_dependency_panic(data);
    }
}

fn keep_dependency_panic(data: &[u8]) {
    let Some(dir) = std::env::var_os("FUZZ_DEP_PANICS_DIR") else {
        return;
    };
    let mut h = std::collections::hash_map::DefaultHasher::new();
    data.hash(&mut h);
    let path = std::path::Path::new(&dir).join(format!("{:016x}", h.finish()));
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(path, data);
}
