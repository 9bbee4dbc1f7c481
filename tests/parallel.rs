//! Parallelism never changes the output: every fixture parsed one by one, in a
//! rayon batch (`Pipeline::parse_batch`, on pools of several sizes), from
//! several threads sharing one `Pipeline` at once, and through the CLI with
//! `--jobs 1` and `--jobs 2` gives the same envelopes (but for
//! `document.elapsed_ms`, a wall-clock measurement), in input order.
//!
//! Why: the service builds one `Pipeline` and shares it between workers; a
//! hidden piece of mutable state (a cache, a `RefCell`, an order-dependent
//! table) or an out-of-order collection would make results depend on timing,
//! which no single-threaded test can see. `Pipeline: Send + Sync` is checked
//! at compile time.

// Tests and benches fail loudly on broken fixtures: unwrap/expect are the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use resume_parser::{Envelope, ParseError, Pipeline};
use serde_json::Value;

// The pipeline is shared between threads by reference; its results and errors
// are sent back across them.
const _: () = {
    const fn assert<T: Send + Sync>() {}
    assert::<Pipeline>();
    assert::<Envelope>();
    assert::<ParseError>();
};

fn corpus_inputs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixtures/corpus")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("txt" | "docx" | "pdf")
            )
        })
        .collect();
    v.sort();
    assert!(
        v.len() >= 20,
        "expected the whole corpus, found {} files",
        v.len()
    );
    v
}

/// An envelope as JSON without its timing, or the error message.
fn comparable(r: &Result<Envelope, ParseError>) -> Result<Value, String> {
    match r {
        Ok(env) => {
            // Through text, as the CLI prints it: `to_value` would widen the
            // f32 confidences to f64 (0.97 → 0.9700000286102295).
            let text = serde_json::to_string(env).expect("serialises");
            let mut v: Value = serde_json::from_str(&text).expect("parses back");
            strip_elapsed(&mut v);
            Ok(v)
        }
        Err(e) => Err(e.to_string()),
    }
}

fn strip_elapsed(v: &mut Value) {
    let doc = v
        .get_mut("document")
        .and_then(Value::as_object_mut)
        .expect("an envelope with a document");
    assert!(
        doc.remove("elapsed_ms").is_some(),
        "document.elapsed_ms is missing"
    );
}

fn names(files: &[PathBuf]) -> Vec<String> {
    files
        .iter()
        .map(|p| p.file_name().expect("name").to_string_lossy().into_owned())
        .collect()
}

/// Compare two runs file by file, naming the first difference.
fn assert_same(
    what: &str,
    names: &[String],
    a: &[Result<Value, String>],
    b: &[Result<Value, String>],
) {
    assert_eq!(a.len(), b.len(), "{what}: result counts differ");
    for ((name, x), y) in names.iter().zip(a).zip(b) {
        assert!(
            x == y,
            "{what}: {name} differs\n  one: {}\n  two: {}",
            short(x),
            short(y)
        );
    }
}

fn short(r: &Result<Value, String>) -> String {
    let s = match r {
        Ok(v) => v.to_string(),
        Err(e) => format!("error: {e}"),
    };
    s.chars().take(2000).collect()
}

#[test]
fn batch_equals_sequential() {
    let files = corpus_inputs();
    let names = names(&files);
    let bytes: Vec<Vec<u8>> = files
        .iter()
        .map(|p| std::fs::read(p).expect("read fixture"))
        .collect();
    let pipeline = Pipeline::new();

    let sequential: Vec<_> = bytes
        .iter()
        .map(|b| comparable(&pipeline.parse(b)))
        .collect();
    for (name, r) in names.iter().zip(&sequential) {
        assert!(r.is_ok(), "{name}: a corpus file does not parse: {r:?}");
    }

    // The global pool, then pools smaller and larger than the machine.
    let batch: Vec<_> = pipeline
        .parse_batch(&bytes)
        .iter()
        .map(comparable)
        .collect();
    assert_same("parse_batch (global pool)", &names, &sequential, &batch);
    for threads in [1, 3, 8] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        let batch: Vec<_> = pool
            .install(|| pipeline.parse_batch(&bytes))
            .iter()
            .map(comparable)
            .collect();
        assert_same(
            &format!("parse_batch ({threads} threads)"),
            &names,
            &sequential,
            &batch,
        );
    }

    // Plain threads sharing one pipeline, each walking the corpus from a
    // different starting point, so different files are parsed at the same time.
    let threads = 4;
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (pipeline, bytes) = (&pipeline, &bytes);
                s.spawn(move || {
                    let n = bytes.len();
                    let start = t * n / threads;
                    let mut out: Vec<Option<Result<Value, String>>> = vec![None; n];
                    for k in 0..n {
                        let i = (start + k) % n;
                        out[i] = Some(comparable(&pipeline.parse(&bytes[i])));
                    }
                    out.into_iter()
                        .map(|r| r.expect("every file parsed"))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for (t, h) in handles.into_iter().enumerate() {
            let got = h.join().expect("a parsing thread panicked");
            assert_same(
                &format!("shared pipeline, thread {t}"),
                &names,
                &sequential,
                &got,
            );
        }
    });
}

/// Run the CLI over `files` with `--jobs N`: (exit code, stdout lines as
/// JSON without elapsed_ms, stderr).
fn run_cli(files: &[PathBuf], jobs: usize) -> (Option<i32>, Vec<Value>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_resume-parser"))
        .env_remove("RESUME_PARSER_LOG")
        .arg("parse")
        .args(files)
        .args(["--jobs", &jobs.to_string()])
        .output()
        .expect("run the binary");
    let stdout = String::from_utf8(out.stdout).expect("utf-8 stdout");
    let lines = stdout
        .lines()
        .map(|l| {
            let mut v: Value = serde_json::from_str(l).expect("one JSON document per line");
            strip_elapsed(&mut v);
            v
        })
        .collect();
    (
        out.status.code(),
        lines,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_jobs_1_equals_jobs_2() {
    let files = corpus_inputs();
    let names = names(&files);
    let (code1, out1, err1) = run_cli(&files, 1);
    let (code2, out2, err2) = run_cli(&files, 2);
    assert_eq!(code1, Some(0), "--jobs 1 failed: {err1}");
    assert_eq!(code2, Some(0), "--jobs 2 failed: {err2}");
    assert_eq!(err1, err2, "stderr differs");
    assert_eq!(out1.len(), files.len(), "--jobs 1: one line per file");
    let a: Vec<Result<Value, String>> = out1.into_iter().map(Ok).collect();
    let b: Vec<Result<Value, String>> = out2.into_iter().map(Ok).collect();
    assert_same("CLI --jobs 1 vs --jobs 2", &names, &a, &b);

    // And the CLI prints what the library computes, in input order.
    let pipeline = Pipeline::new();
    let lib: Vec<_> = files
        .iter()
        .map(|p| comparable(&pipeline.parse(&std::fs::read(p).expect("read"))))
        .collect();
    assert_same("CLI vs library", &names, &lib, &a);
}
