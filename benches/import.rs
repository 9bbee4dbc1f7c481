//! Bulk import throughput, `--jobs 1` and `--jobs 2` side by side (a custom
//! harness: one import is one measurement).
//!
//! Imports a folder into a fresh SQLite store per run with
//! `resume_parser::import::run_local` — the same code as `resume-parser
//! import` — and prints files per second for each job count and the
//! scaling ratio. The folder is `IMPORT_BENCH_DIR` (e.g. the development
//! corpus, `../shared/dev-corpus`), else `fixtures/corpus`. Compare the
//! ratio, not the absolute numbers: the machine is shared.
//!
//! `IMPORT_BENCH_DIR=../shared/dev-corpus cargo bench --bench import`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use resume_parser::import::{self, Options, Progress};
use resume_parser::store::Store;
use resume_parser::store::sql::SqlStore;

fn main() {
    let root = std::env::var("IMPORT_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus"));
    let rt = tokio::runtime::Runtime::new().unwrap();
    // Warm the page cache and the dictionaries once.
    let _ = resume_parser::Pipeline::new();
    let mut rates = Vec::new();
    for jobs in [1usize, 2] {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("bench.db").display());
        let store: Arc<dyn Store> = Arc::new(rt.block_on(SqlStore::connect(&url)).unwrap());
        let opts = Options {
            root: root.clone(),
            jobs,
            ..Options::default()
        };
        let s = import::run_local(
            &opts,
            Some(store),
            rt.handle(),
            Arc::new(AtomicBool::new(false)),
            Arc::new(Progress::default()),
            &mut |_| {},
        )
        .unwrap();
        let rate = s.counts.total() as f64 / s.secs;
        println!(
            "import --jobs {jobs}: {} files in {:.2} s = {rate:.0} files/s \
             (accepted {}, needs_review {}, duplicate {}, failed {})",
            s.counts.total(),
            s.secs,
            s.counts.accepted,
            s.counts.needs_review,
            s.counts.duplicate,
            s.counts.failed
        );
        rates.push(rate);
    }
    println!("scaling 1 → 2 jobs: {:.2}×", rates[1] / rates[0]);
}
