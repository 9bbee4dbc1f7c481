//! Hostile and unreadable inputs: every one must end in a clear error (or, for
//! a damaged but partly readable file, a parse of what is left) — quickly, and
//! never in a panic, a hang or a crash of the caller.
//!
//! Why: uploads are untrusted. An empty file, a photo of a CV, a truncated or
//! password-protected PDF, a scanned page, a zip bomb or a 50 MB file are
//! everyday input for a resume service; the user must get a message saying
//! what is wrong ("encrypted PDF", "PDF has no text layer", "unsupported format
//! (looks like a JPEG image)"), and a worker must never be taken down or held
//! up by one file.
//!
//! Every parse runs on a helper thread watched by [`within`], so a hang fails
//! the test (after a generous bound) instead of hanging the test run, and a
//! panic that escapes the library fails it with a clear message. The time
//! bounds are deliberately loose: they guard against hangs, not speed.
//!
//! Inputs: `fixtures/bad/` (PDFs with a user password, with an owner password
//! only, and with no text — see the README there), the real samples in
//! `fixtures/corpus/` (cut short), and files built in memory here (random
//! bytes, a JPEG header, a zip bomb, malformed DOCX XML, …).

// Tests and benches fail loudly on broken fixtures: unwrap/expect are the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use resume_parser::extract::{ExtractError, Limits};
use resume_parser::{Envelope, ParseError, Pipeline};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

/// Upper bound for any single parse: far above the 5 s extraction deadline's
/// normal use, well below "hung".
const HANG: Duration = Duration::from_secs(10);

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(Pipeline::new)
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus")
}

fn bad(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/bad")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Corpus files whose name ends with `suffix`, sorted.
fn corpus_files(suffix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("fixtures/corpus")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no *{suffix} in fixtures/corpus");
    v
}

/// Run `f` on its own thread and return its value; fail the test if it does
/// not answer within `limit` (a hang) or if it panics.
fn within<T: Send + 'static>(
    limit: Duration,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    let t0 = Instant::now();
    std::thread::Builder::new()
        .name(format!("bad-input {what}"))
        .spawn(move || {
            let _ = tx.send(f());
        })
        .expect("spawn");
    match rx.recv_timeout(limit) {
        Ok(v) => v,
        Err(RecvTimeoutError::Timeout) => {
            panic!("{what}: no answer after {:?} — a hang", t0.elapsed())
        }
        Err(RecvTimeoutError::Disconnected) => {
            panic!("{what}: the parser panicked (see the panic message above)")
        }
    }
}

/// Parse `bytes` with the default pipeline under the hang guard.
fn parse(what: &str, bytes: Vec<u8>) -> Result<Envelope, ParseError> {
    within(HANG, what, move || pipeline().parse(&bytes))
}

fn extract_err(what: &str, r: Result<Envelope, ParseError>) -> ExtractError {
    match r {
        Ok(env) => panic!(
            "{what}: expected an error, got an envelope for {:?}",
            env.resume.basics.name
        ),
        Err(ParseError::Extract(e)) => e,
    }
}

/// Deterministic pseudo-random bytes (xorshift64*), so a failure reproduces.
fn random_bytes(n: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(n + 8);
    while out.len() < n {
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        out.extend_from_slice(&seed.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes());
    }
    out.truncate(n);
    out
}

// ---------------------------------------------------------------------------
// Simple cases: nothing to read, or not a document at all.

#[test]
fn empty_file_is_empty() {
    let e = extract_err("empty", parse("empty", Vec::new()));
    assert_eq!(e, ExtractError::Empty);
    assert_eq!(e.to_string(), "empty file");
}

#[test]
fn random_bytes_are_unsupported_binary_data() {
    for seed in [1u64, 0x9E37_79B9_7F4A_7C15, 42] {
        let bytes = random_bytes(64 * 1024, seed);
        let e = extract_err("random bytes", parse("random bytes", bytes));
        assert!(
            matches!(e, ExtractError::Unsupported(what) if what.contains("binary")),
            "seed {seed}: expected Unsupported(binary data), got {e:?}"
        );
        assert_eq!(e.to_string(), "unsupported format (looks like binary data)");
    }
}

#[test]
fn jpeg_is_unsupported_and_named() {
    // A JFIF header (SOI, APP0 "JFIF\0" v1.1, 1×1 dpi), some noise, EOI.
    let mut jpeg = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00,
        0x01, 0x00, 0x01, 0x00, 0x00,
    ];
    jpeg.extend(random_bytes(4096, 7));
    jpeg.extend([0xFF, 0xD9]);
    let e = extract_err("jpeg", parse("jpeg", jpeg));
    assert!(
        matches!(e, ExtractError::Unsupported(what) if what.contains("JPEG")),
        "got {e:?}"
    );
    assert_eq!(
        e.to_string(),
        "unsupported format (looks like a JPEG image)"
    );
}

#[test]
fn too_large_is_refused_with_default_limits() {
    let limit = Limits::default().max_bytes;
    let size = 50 * 1024 * 1024;
    assert!(
        size > limit,
        "the default limit grew past 50 MB; revisit this test"
    );
    // Plain text, so that without the size check it would be a valid input.
    let bytes = b"Jane Doe\njane@example.com\n".repeat(size / 26 + 1);
    let n = bytes.len();
    let t0 = Instant::now();
    let e = extract_err("50 MB", parse("50 MB", bytes));
    assert_eq!(e, ExtractError::TooLarge { size: n, limit });
    assert!(e.to_string().starts_with("file too large"), "{e}");
    // Refused up front, not after reading it: a generous bound all the same.
    assert!(
        t0.elapsed() < Duration::from_secs(5),
        "took {:?}",
        t0.elapsed()
    );
}

// ---------------------------------------------------------------------------
// PDF: truncated, encrypted, without text.

/// Every corpus PDF cut to its first 40%, parsed under the hang guard:
/// (file name, result, time taken).
fn truncated_pdfs() -> Vec<(String, Result<Envelope, ParseError>, Duration)> {
    corpus_files(".pdf")
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).expect("read fixture");
            let cut = bytes[..bytes.len() * 4 / 10].to_vec();
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let t0 = Instant::now();
            let r = parse(&name, cut);
            (name, r, t0.elapsed())
        })
        .collect()
}

/// The safety net: a truncated PDF never takes the caller down or holds it
/// up, and what comes back is a parse of the text that survived or a PDF
/// error (a panic inside pdf-extract, contained, included — see the next test).
#[test]
fn truncated_pdfs_never_crash_or_hang() {
    for (name, r, took) in truncated_pdfs() {
        assert!(
            took < Duration::from_secs(3),
            "{name} cut at 40%: took {took:?}"
        );
        match r {
            Ok(env) => assert!(env.document.chars > 0, "{name}: an envelope without text"),
            Err(ParseError::Extract(
                ExtractError::Corrupt { format: "PDF", .. }
                | ExtractError::Panicked { format: "PDF" },
            )) => {}
            Err(ParseError::Extract(e)) => panic!("{name} cut at 40%: unexpected {e:?} ({e})"),
        }
    }
}

/// What the user should be told about a truncated PDF: that it is damaged
/// (or, if enough survived, its parse) — not that the reader crashed.
#[test]
fn truncated_pdfs_are_reported_damaged() {
    let mut wrong = Vec::new();
    for (name, r, _) in truncated_pdfs() {
        match r {
            Ok(_) => {}
            Err(ParseError::Extract(e @ ExtractError::Corrupt { format: "PDF", .. })) => {
                assert!(e.to_string().starts_with("damaged PDF: "), "{e}");
            }
            Err(ParseError::Extract(e)) => wrong.push(format!("{name}: {e:?} ({e})")),
        }
    }
    assert!(
        wrong.is_empty(),
        "truncated PDFs not reported as damaged:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn encrypted_pdf_needs_a_password() {
    let e = extract_err(
        "encrypted",
        parse("encrypted", bad("encrypted-user-password.pdf")),
    );
    assert_eq!(e, ExtractError::Encrypted);
    assert_eq!(e.to_string(), "encrypted PDF");
}

/// A PDF with only an owner password (editing restrictions, no password to
/// open it) is not an encrypted upload: it parses like its original.
#[test]
fn owner_password_only_pdf_parses_like_the_original() {
    let plain = std::fs::read(corpus().join("dotin-150.lo.pdf")).expect("read fixture");
    let original = parse("original", plain).expect("the original parses");
    let restricted = parse("owner password only", bad("owner-password-only.pdf"))
        .expect("an owner-password-only PDF parses");
    let json = |e: &Envelope| serde_json::to_string(&e.resume).expect("serialises");
    assert_eq!(json(&restricted), json(&original));
    assert_eq!(restricted.document.chars, original.document.chars);
}

#[test]
fn image_only_pdf_has_no_text_layer() {
    let e = extract_err("image-only", parse("image-only", bad("image-only.pdf")));
    assert_eq!(e, ExtractError::NoTextLayer);
    assert_eq!(e.to_string(), "PDF has no text layer");
}

// ---------------------------------------------------------------------------
// DOCX: zip bomb, truncated, malformed XML.

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOC_OPEN: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#;
const DOC_CLOSE: &str = "</w:body></w:document>";

fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// A DOCX with `[Content_Types].xml`, `_rels/.rels` and `word/document.xml`
/// written by `write_doc` (which streams into the deflated entry).
fn docx_with(write_doc: impl FnOnce(&mut zip::ZipWriter<Cursor<Vec<u8>>>)) -> Vec<u8> {
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    z.start_file("[Content_Types].xml", opts).expect("zip");
    z.write_all(CONTENT_TYPES.as_bytes()).expect("zip");
    z.start_file("_rels/.rels", opts).expect("zip");
    z.write_all(RELS.as_bytes()).expect("zip");
    z.start_file("word/document.xml", opts).expect("zip");
    write_doc(&mut z);
    z.finish().expect("zip").into_inner()
}

fn docx(document_xml: &str) -> Vec<u8> {
    docx_with(|z| z.write_all(document_xml.as_bytes()).expect("zip"))
}

/// The in-memory DOCX builder makes files the reader accepts, so the errors
/// below come from the hostile part alone.
#[test]
fn docx_builder_makes_a_readable_docx() {
    let xml = format!(
        "{DOC_OPEN}{}{}{}{DOC_CLOSE}",
        para("Jane Doe"),
        para("jane.doe@example.com"),
        para("Software Engineer")
    );
    let env = parse("built docx", docx(&xml)).expect("a well-formed built DOCX parses");
    assert_eq!(env.document.format, "docx");
    let email = env
        .resume
        .basics
        .email
        .as_ref()
        .map(|e| e.as_str().to_string());
    assert_eq!(email.as_deref(), Some("jane.doe@example.com"));
}

#[test]
fn docx_zip_bomb_is_stopped() {
    // ~200 MiB of empty paragraphs and spaces in word/document.xml, deflated.
    let inflated: u64 = 200 * 1024 * 1024;
    let chunk = "<w:p/>  ".repeat(128 * 1024); // 1 MiB
    let bomb = docx_with(|z| {
        z.write_all(DOC_OPEN.as_bytes()).expect("zip");
        z.write_all(para("Jane Doe").as_bytes()).expect("zip");
        for _ in 0..inflated / chunk.len() as u64 {
            z.write_all(chunk.as_bytes()).expect("zip");
        }
        z.write_all(DOC_CLOSE.as_bytes()).expect("zip");
    });
    assert!(
        bomb.len() < 1024 * 1024,
        "the bomb should be small; it is {} bytes",
        bomb.len()
    );
    println!(
        "zip bomb: {} bytes compressed, {inflated} inflated",
        bomb.len()
    );

    let limit = Limits::default().max_inflated;
    assert!(
        limit < inflated,
        "the default inflation limit grew past the bomb; revisit this test"
    );
    let t0 = Instant::now();
    let e = extract_err("zip bomb", parse("zip bomb", bomb));
    assert_eq!(e, ExtractError::Bomb { limit });
    assert!(e.to_string().contains("zip bomb"), "{e}");
    assert!(
        t0.elapsed() < Duration::from_secs(5),
        "took {:?}",
        t0.elapsed()
    );
}

#[test]
fn truncated_docx_fails_cleanly_or_parses_what_is_left() {
    let mut outcomes = Vec::new();
    for path in corpus_files(".docx") {
        let bytes = std::fs::read(&path).expect("read fixture");
        let cut = bytes[..bytes.len() * 6 / 10].to_vec();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let t0 = Instant::now();
        let r = parse(&name, cut);
        let took = t0.elapsed();
        assert!(
            took < Duration::from_secs(3),
            "{name} cut at 60%: took {took:?}"
        );
        let outcome = match r {
            Ok(env) => format!("parsed, {} chars", env.document.chars),
            Err(ParseError::Extract(
                e @ (ExtractError::Timeout(_) | ExtractError::Panicked { .. }),
            )) => {
                panic!("{name} cut at 60%: {e:?} ({e}) — the reader hung or crashed")
            }
            Err(ParseError::Extract(e)) => {
                assert!(!e.to_string().is_empty());
                format!("error: {e}")
            }
        };
        outcomes.push(format!("{name}: {outcome}"));
    }
    println!("{}", outcomes.join("\n"));
}

#[test]
fn docx_with_malformed_document_xml() {
    // Text, then tags that do not match: the text before the fault is kept,
    // or the file is reported damaged; nothing else.
    let mismatched = format!(
        "{DOC_OPEN}{}{}<w:p><w:r><w:t>unclosed</w:r></w:tbl></w:body></w:x>",
        para("Jane Doe"),
        para("jane.doe@example.com")
    );
    // Cut off in the middle of a tag, and an undefined entity.
    let cut_off = format!(
        "{DOC_OPEN}{}<w:p><w:r><w:t>Developer &bogus; at</w:t></w:r></w:p><w:p><w:r",
        para("Jane Doe")
    );
    // Not XML at all.
    let garbage = "\u{0}\u{1}<<<>>> this <is <not xml &&& ]]> </w:p>".to_string();

    for (label, xml) in [
        ("mismatched tags", mismatched),
        ("cut off", cut_off),
        ("garbage", garbage),
    ] {
        let r = parse(label, docx(&xml));
        match r {
            Ok(env) => {
                assert_eq!(env.document.format, "docx", "{label}");
                println!(
                    "{label}: parsed, {} chars, name {:?}",
                    env.document.chars, env.resume.basics.name
                );
            }
            Err(ParseError::Extract(e @ ExtractError::Corrupt { format: "DOCX", .. })) => {
                println!("{label}: {e}");
            }
            Err(ParseError::Extract(e)) => {
                panic!("{label}: expected Corrupt or a partial parse, got {e:?} ({e})")
            }
        }
    }
}

/// A zip that claims to be a DOCX but whose `word/document.xml` is some other
/// XML (here XHTML) is a damaged DOCX, not an "empty file".
#[test]
fn docx_with_foreign_document_xml_is_corrupt() {
    let foreign = r#"<?xml version="1.0"?><html><body><p>Jane Doe</p></body></html>"#;
    let e = extract_err("foreign xml", parse("foreign xml", docx(foreign)));
    assert!(
        matches!(e, ExtractError::Corrupt { format: "DOCX", .. }),
        "got {e:?} ({e})"
    );
}

// ---------------------------------------------------------------------------
// The CLI: failures on stderr, one line each, the rest still printed.

fn cli() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_resume-parser"));
    c.env_remove("RESUME_PARSER_LOG");
    c
}

#[test]
fn cli_too_large_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("big.pdf");
    // A sparse 50 MB file: the CLI must refuse it by its size.
    std::fs::File::create(&big)
        .expect("create")
        .set_len(50 * 1024 * 1024)
        .expect("set_len");
    let t0 = Instant::now();
    let out = cli()
        .arg("parse")
        .arg(&big)
        .output()
        .expect("run the binary");
    assert!(t0.elapsed() < HANG, "took {:?}", t0.elapsed());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert!(
        out.stdout.is_empty(),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line on stderr, got: {stderr}");
    assert!(
        lines[0].starts_with(&format!("{}: ", big.display())),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("too large"), "{}", lines[0]);
}

#[test]
fn cli_reports_each_bad_file_and_prints_the_good_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("good.txt");
    std::fs::copy(corpus().join("dotin-1.txt"), &good).expect("copy");
    let missing = dir.path().join("missing.pdf");
    let jpg = dir.path().join("bad.jpg");
    let mut jpeg = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00,
    ];
    jpeg.extend(random_bytes(1024, 3));
    std::fs::write(&jpg, jpeg).expect("write");

    let t0 = Instant::now();
    let out = cli()
        .arg("parse")
        .args([&good, &missing, &jpg])
        .args(["--jobs", "2"])
        .output()
        .expect("run the binary");
    assert!(t0.elapsed() < HANG, "took {:?}", t0.elapsed());
    let stdout = String::from_utf8(out.stdout).expect("utf-8 stdout");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");

    let errs: Vec<&str> = stderr.lines().collect();
    assert_eq!(errs.len(), 2, "two lines on stderr, got:\n{stderr}");
    let missing_line = format!("{}: ", missing.display());
    let jpg_line = format!("{}: ", jpg.display());
    assert!(
        errs[0].starts_with(&missing_line) && errs[0].contains("no such file"),
        "{}",
        errs[0]
    );
    assert!(
        errs[1].starts_with(&jpg_line) && errs[1].contains("JPEG"),
        "{}",
        errs[1]
    );

    // Several files: JSON Lines, only the good file's envelope.
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "one JSON line on stdout, got:\n{stdout}");
    let v: serde_json::Value = serde_json::from_str(lines[0]).expect("JSON on stdout");
    assert_eq!(v["schema"], "resume-parser/1");
    assert_eq!(v["document"]["format"], "text");
    assert!(
        v["resume"]["basics"]["name"].is_string(),
        "the good file's name: {}",
        v["resume"]["basics"]
    );
}

/// One line per failed file on stderr, even for PDFs the reader complains
/// about: a batch over hostile uploads must give one readable line each.
#[test]
fn cli_one_stderr_line_per_bad_pdf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cut = dir.path().join("cut.pdf");
    let web = std::fs::read(corpus().join("dotin-1.web.pdf")).expect("read fixture");
    std::fs::write(&cut, &web[..web.len() * 4 / 10]).expect("write");
    let encrypted =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad/encrypted-user-password.pdf");
    let out = cli()
        .arg("parse")
        .arg(&encrypted)
        .arg(&cut)
        .output()
        .expect("run the binary");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "one line per bad file, got:\n{stderr}");
    assert!(
        lines[0].starts_with(&format!("{}: ", encrypted.display())),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with(&format!("{}: ", cut.display())),
        "{}",
        lines[1]
    );
    assert!(
        !stderr.contains('\u{1b}'),
        "ANSI escapes in stderr: {stderr:?}"
    );
}
