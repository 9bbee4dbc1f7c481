//! Parse-time benchmarks (criterion), so the parser's cost can be read next to
//! a reference extractor in one run:
//!
//! - `parse_pdf`: the whole `Pipeline::parse` of typical 1–2 page PDF resumes
//!   (a LibreOffice export and Chrome/Skia prints), one thread;
//! - `pdftotext`: the same files through poppler's `pdftotext FILE -` (a
//!   process per file, as a service shelling out to it would pay); skipped
//!   with a note when `pdftotext` is not installed;
//! - `parse_text`: everything after extraction (`Pipeline::parse_extracted`
//!   on lines extracted once outside the timed loop): segmentation, entities,
//!   scoring and the envelope;
//! - `extract_docx`: DOCX extraction alone.
//!
//! Each timed closure checks what it computed (a name or a work entry, a
//! non-empty text), so a fast wrong answer cannot pass for a speed-up. The
//! pipeline is built once, outside every loop.
//!
//! `cargo bench --bench parse -- --warm-up-time 1 --measurement-time 3`

// Tests and benches fail loudly on broken fixtures: unwrap/expect are the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use resume_parser::Pipeline;
use resume_parser::extract::{Format, Limits, extract};

/// Typical inputs: a 2-page LibreOffice PDF, the same resume printed by
/// Chrome (1 page), and a 1-page JSON Resume theme printed by Chrome.
const PDFS: &[&str] = &[
    "dotin-1.lo.pdf",
    "dotin-1.web.pdf",
    "jr-resume-schema-sample-resume-classic.web.pdf",
];
const TEXT_INPUTS: &[&str] = &[
    "dotin-1.lo.pdf",
    "dotin-1.web.pdf",
    "jr-resume-schema-sample-resume-classic.web.pdf",
    "dotin-1.txt",
];
const DOCX: &[&str] = &[
    "dotin-1.docx",
    "jr-resume-schema-sample-resume-classic.docx",
];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/corpus")
        .join(name)
}

fn read(name: &str) -> Vec<u8> {
    let p = fixture(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn found_something(env: &resume_parser::Envelope) -> bool {
    env.resume.basics.name.is_some() || !env.resume.work.is_empty()
}

fn parse_pdf(c: &mut Criterion) {
    let pipeline = Pipeline::new();
    let mut g = c.benchmark_group("parse_pdf");
    for name in PDFS {
        let bytes = read(name);
        g.bench_with_input(BenchmarkId::from_parameter(name), &bytes, |b, bytes| {
            b.iter(|| {
                let env = pipeline
                    .parse(black_box(bytes))
                    .expect("the fixture parses");
                assert!(found_something(&env), "{name}: no name and no work entry");
                env
            })
        });
    }
    g.finish();
}

fn pdftotext(c: &mut Criterion) {
    let available = Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty());
    if !available {
        eprintln!("note: pdftotext is not installed; skipping the pdftotext group");
        return;
    }
    let mut g = c.benchmark_group("pdftotext");
    for name in PDFS {
        let path = fixture(name);
        g.bench_with_input(BenchmarkId::from_parameter(name), &path, |b, path| {
            b.iter(|| {
                let out = Command::new("pdftotext")
                    .arg(path)
                    .arg("-")
                    .output()
                    .expect("run pdftotext");
                assert!(out.status.success(), "{name}: pdftotext failed");
                assert!(
                    out.stdout.iter().any(|c| !c.is_ascii_whitespace()),
                    "{name}: pdftotext printed no text"
                );
                out.stdout
            })
        });
    }
    g.finish();
}

fn parse_text(c: &mut Criterion) {
    let pipeline = Pipeline::new();
    let mut g = c.benchmark_group("parse_text");
    for name in TEXT_INPUTS {
        let bytes = read(name);
        let doc = extract(&bytes, &Limits::default()).expect("the fixture extracts");
        g.bench_with_input(
            BenchmarkId::from_parameter(name),
            &(doc, bytes),
            |b, (doc, bytes)| {
                b.iter(|| {
                    let env = pipeline.parse_extracted(black_box(doc), bytes, Instant::now());
                    assert!(found_something(&env), "{name}: no name and no work entry");
                    env
                })
            },
        );
    }
    g.finish();
}

fn extract_docx(c: &mut Criterion) {
    let limits = Limits::default();
    let mut g = c.benchmark_group("extract_docx");
    for name in DOCX {
        let bytes = read(name);
        g.bench_with_input(BenchmarkId::from_parameter(name), &bytes, |b, bytes| {
            b.iter(|| {
                let doc = extract(black_box(bytes), &limits).expect("the fixture extracts");
                assert_eq!(doc.format, Format::Docx);
                assert!(doc.chars() > 200, "{name}: only {} characters", doc.chars());
                doc
            })
        });
    }
    g.finish();
}

criterion_group!(benches, parse_pdf, pdftotext, parse_text, extract_docx);
criterion_main!(benches);
