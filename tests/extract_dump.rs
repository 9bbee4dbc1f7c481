//! Developer tool, not a test of behaviour: dump the extracted lines of the
//! files named in `EXTRACT_DUMP` (space-separated paths) with their layout
//! fields, to compare with `pdftotext -layout` by eye.
//!
//! `EXTRACT_DUMP="a.pdf b.docx" cargo test --release --test extract_dump -- --ignored --nocapture`

use std::time::Instant;

use resume_parser::extract::{Limits, extract};

#[test]
#[ignore = "developer tool: needs EXTRACT_DUMP"]
fn dump() {
    let Ok(paths) = std::env::var("EXTRACT_DUMP") else {
        return;
    };
    if std::env::var("RUST_LOG").is_ok() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .try_init();
    }
    let quiet = std::env::var("EXTRACT_DUMP_QUIET").is_ok();
    let flat = std::env::var("EXTRACT_DUMP_FLAT").is_ok();
    for path in paths.split_whitespace() {
        let Ok(bytes) = std::fs::read(path) else {
            println!("== {path}: unreadable");
            continue;
        };
        if flat {
            // pdf-extract's own text, for comparison.
            let text = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(&bytes));
            println!(
                "== {path}: pdf-extract flat\n{:?}",
                text.map(|t| t.map_err(|e| e.to_string()))
            );
        }
        let t = Instant::now();
        let r = extract(&bytes, &Limits::default());
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        match r {
            Err(e) => println!("== {path}: ERROR {e} ({ms:.2} ms)"),
            Ok(x) => {
                println!(
                    "== {path}: {} pages, {} lines, {} chars, {} links ({ms:.2} ms)",
                    x.pages,
                    x.lines.len(),
                    x.chars(),
                    x.links.len()
                );
                if quiet {
                    continue;
                }
                for l in &x.lines {
                    println!(
                        "p{} c{} x{:6.1} y{:6.1} s{:5.1} {} g{:4.2} {:?} | {}",
                        l.page,
                        l.column,
                        l.x,
                        l.y,
                        l.size,
                        if l.bold { "B" } else { "-" },
                        l.gap_before,
                        l.origin,
                        l.text.replace('\t', " ⇥ ")
                    );
                }
                for k in &x.links {
                    println!("link {k}");
                }
            }
        }
    }
}

/// (minimum, median) milliseconds of `f` over `n` runs: the minimum is the
/// figure to trust on a busy machine.
fn time_ms(n: usize, mut f: impl FnMut()) -> (f64, f64) {
    let mut v: Vec<f64> = (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    v.sort_by(f64::total_cmp);
    (v[0], v[n / 2])
}

#[test]
#[ignore = "developer tool: needs EXTRACT_BENCH"]
fn bench() {
    let Ok(paths) = std::env::var("EXTRACT_BENCH") else {
        return;
    };
    for path in paths.split_whitespace() {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let n = 25;
        let ours = time_ms(n, || {
            let _ = extract(&bytes, &Limits::default());
        });
        let direct = time_ms(n, || {
            let _ = resume_parser::extract::pdf::extract(&bytes);
        });
        let flat = time_ms(n, || {
            let _ = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(&bytes));
        });
        println!(
            "min/median ms: guarded {:.2}/{:.2}  unguarded {:.2}/{:.2}  pdf-extract flat text {:.2}/{:.2}  {path}",
            ours.0, ours.1, direct.0, direct.1, flat.0, flat.1
        );
    }
}
