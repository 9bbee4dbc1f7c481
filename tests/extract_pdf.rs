//! PDF reader behaviour on real and synthetic files (fixtures/extract/):
//! column-by-column reading order, no words split by pdf-extract's wrong
//! advances on Chrome/Skia PDFs, flush-right dates kept on their line, bold,
//! link annotations, encryption; and damaged input that must end in a clear
//! error (or repaired text) without a hang, a crash or a stack overflow.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use resume_parser::extract::{self, ExtractError, Extracted, Format, Limits};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/extract/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    extract::extract(bytes, &Limits::default())
}

fn texts(x: &Extracted) -> Vec<&str> {
    x.lines.iter().map(|l| l.text.as_str()).collect()
}

fn position(x: &Extracted, text: &str) -> usize {
    x.lines
        .iter()
        .position(|l| l.text == text)
        .unwrap_or_else(|| panic!("no line {text:?} in {:#?}", texts(x)))
}

#[test]
fn a_line_interleaved_two_column_page_is_read_one_column_at_a_time() {
    let x = read(&fixture("interleaved-two-column.pdf")).unwrap();
    assert_eq!(x.format, Format::Pdf);
    let t = texts(&x);
    assert_eq!(
        t,
        vec![
            "Jane Doe",
            "CONTACT",
            "jane.doe@example.com",
            "+1 312 555 0100",
            "Chicago, IL",
            "SKILLS",
            "Rust, Go, Python",
            "PostgreSQL, Kafka",
            "Kubernetes",
            "LANGUAGES",
            "English, Spanish",
            "EXPERIENCE",
            "Senior Engineer, Acme Corp\t2019 - Present",
            "Built the billing platform used by",
            "two million customers every month.",
            "EDUCATION",
            "B.S. Computer Science",
            "State University, 2014",
            "Dean's list, four semesters",
            "Teaching assistant, algorithms",
        ]
    );
    let line = |s: &str| &x.lines[position(&x, s)];
    assert_eq!(line("English, Spanish").column, 0);
    assert_eq!(line("EXPERIENCE").column, 1);
    assert_eq!(line("EXPERIENCE").gap_before, 0.0, "first line of a column");
    assert!(line("SKILLS").bold && line("EXPERIENCE").bold);
    assert!(!line("Kubernetes").bold);
    assert_eq!(line("Jane Doe").size, 22.0);
    assert_eq!(line("Kubernetes").x, 40.0);
    assert_eq!(x.links, vec!["mailto:jane.doe@example.com"]);
}

#[test]
fn google_docs_two_column_resume_reads_by_column_without_split_words() {
    let x = read(&fixture("google-docs-two-column.pdf")).unwrap();
    let t = texts(&x);
    // The sidebar (contact, skills, education, awards) comes whole before
    // the main column.
    let order = [
        "Jane Smith",
        "CONTACT",
        "• jane.smith@example.com",
        "SKILLS",
        "EDUCATION",
        "Springfield State University",
        "AWARDS",
        "• Acme Innovation Prize, 2023",
        "EXPERIENCE",
        "Acme Corp — Senior Software Engineer",
        "Globex Corporation — Software Engineer",
        "PROJECTS",
        "opentrace — Distributed Tracing Library",
    ];
    let idx: Vec<usize> = order.iter().map(|s| position(&x, s)).collect();
    assert!(idx.windows(2).all(|w| w[0] < w[1]), "{idx:?}\n{t:#?}");
    assert_eq!(x.lines[position(&x, "AWARDS")].column, 0);
    assert_eq!(x.lines[position(&x, "EXPERIENCE")].column, 1);

    // Chrome/Skia CID fonts: glyphs joined by position, not by pdf-extract's
    // advances, so no "A cme C o rp" and no "C O N TA C T".
    for l in &t {
        for bad in ["A cme", "C o", "C O N", "Un iversity", "En gin", "D istrib"] {
            assert!(!l.contains(bad), "split word in {l:?}");
        }
    }
    assert!(t.contains(&"B.S. Computer Science, 2017"));
    assert!(t.contains(&"• Kubernetes, Docker, Terraform"));

    // Bold from the font names (Helvetica-Bold), size from the text matrix.
    let line = |s: &str| &x.lines[position(&x, s)];
    assert!(line("EXPERIENCE").bold);
    assert!(line("Acme Corp — Senior Software Engineer").bold);
    assert!(!line("Jan 2022 – Present · Springfield, IL").bold);
    assert!(line("Jane Smith").size > 1.5 * line("EXPERIENCE").size);
}

#[test]
fn flush_right_dates_stay_on_their_line() {
    let x = read(&fixture("flush-right-dates.pdf")).unwrap();
    assert!(x.lines.iter().all(|l| l.column == 0), "{:#?}", texts(&x));
    let t = texts(&x);
    assert!(
        t.contains(&"Reliability Lead\tJun 2024 – Present"),
        "{t:#?}"
    );
    assert!(t.contains(&"MIT\tMay 2022"), "{t:#?}");
}

#[test]
fn encryption_with_only_an_owner_password_still_reads() {
    let x = read(&fixture("owner-password-only.pdf")).unwrap();
    assert!(texts(&x).contains(&"Rust, Go, Python"));
    assert_eq!(
        read(&fixture("user-password.pdf")).unwrap_err(),
        ExtractError::Encrypted
    );
}

#[test]
fn truncated_pdfs_fail_cleanly_and_quickly() {
    let full = fixture("google-docs-two-column.pdf");
    let limits = Limits {
        deadline: Duration::from_secs(5),
        ..Limits::default()
    };
    for frac in [0.05, 0.2, 0.4, 0.6, 0.8, 0.95, 0.999] {
        let cut = &full[..(full.len() as f64 * frac) as usize];
        let t = Instant::now();
        let r = extract::extract(cut, &limits);
        assert!(
            t.elapsed() < Duration::from_secs(3),
            "{frac}: {:?}",
            t.elapsed()
        );
        match r {
            Ok(x) => assert!(!x.lines.is_empty()),
            Err(e) => assert!(
                matches!(
                    e,
                    ExtractError::Corrupt { .. }
                        | ExtractError::NoTextLayer
                        | ExtractError::Panicked { .. }
                ),
                "{frac}: {e:?}"
            ),
        }
    }
}

#[test]
fn junk_after_eof_and_a_wrong_startxref_are_repaired() {
    let good = fixture("interleaved-two-column.pdf");
    let mut junk = good.clone();
    junk.extend_from_slice(&[0x9c; 3000]);
    let i = good
        .windows(9)
        .rposition(|w| w == b"startxref")
        .expect("startxref");
    let mut wrong = good[..i].to_vec();
    wrong.extend_from_slice(b"startxref\n99999\n%%EOF\n");
    for bytes in [junk, wrong] {
        let x = read(&bytes).unwrap();
        assert!(texts(&x).contains(&"Teaching assistant, algorithms"));
    }
}

/// A minimal PDF from object bodies (object 1 is the catalog).
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (n, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", n + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    s.extend_from_slice(data);
    s.extend_from_slice(b"\nendstream");
    s
}

fn page_objects(page_extra: &str, content: &[u8], xobject: Vec<u8>) -> Vec<Vec<u8>> {
    vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> /Contents 4 0 R {page_extra} >>"
        )
        .into_bytes(),
        stream("", content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        xobject,
    ]
}

#[test]
fn a_self_referencing_form_xobject_does_not_overflow_the_stack() {
    // pdf-extract would recurse into /X1 forever: a stack overflow aborts the
    // process, which no catch_unwind survives.
    let objects = page_objects(
        "",
        b"q /X1 Do Q BT /F1 12 Tf 72 700 Td (Hello loop) Tj ET",
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 612 792]",
            b"/X1 Do",
        ),
    );
    let x = read(&pdf(&objects)).unwrap();
    assert_eq!(texts(&x), vec!["Hello loop"]);
}

#[test]
fn a_looping_page_tree_is_corrupt() {
    let mut objects = page_objects(
        "",
        b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET",
        stream("/Type /XObject /Subtype /Form /BBox [0 0 1 1]", b""),
    );
    objects[1] = b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 2 0 R >>".to_vec();
    objects[2] =
        b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_vec();
    assert!(matches!(
        read(&pdf(&objects)),
        Err(ExtractError::Corrupt { .. })
    ));
}

#[test]
fn an_image_only_pdf_has_no_text_layer() {
    let objects = page_objects(
        "",
        b"q 100 0 0 100 0 0 cm /X1 Do Q",
        stream(
            "/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8",
            b"\x00\xff\x00\xff",
        ),
    );
    assert_eq!(read(&pdf(&objects)).unwrap_err(), ExtractError::NoTextLayer);
}

#[test]
fn garbage_after_a_pdf_header_is_corrupt() {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend((0..5000u32).map(|i| (i.wrapping_mul(2654435761) >> 24) as u8));
    assert!(matches!(read(&bytes), Err(ExtractError::Corrupt { .. })));
}
