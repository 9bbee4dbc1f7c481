//! The hostile-file corpus, data-driven: every file under `fixtures/hostile/`
//! (subfolders too, e.g. `fuzz/` for crash files found by fuzzing) is parsed
//! with the library's public entry point, [`Pipeline::parse`], under the
//! default limits and deadline, and checked against the expectations in the
//! JSON file beside it.
//!
//! Why: a resume service takes files from anyone. Zip and Flate bombs, deeply
//! nested or self-referencing PDF objects, millions of tiny text runs, broken
//! encodings, very long documents, hidden keyword stuffing and damaged but
//! readable PDFs must each end in a clear rejection or a sound parse, and
//! never in a panic or a hang of the caller. Adding a case is adding two
//! files; no code changes.
//!
//! The expectations for `<name>.<ext>` are in `<name>.expect.json` (or, for a
//! file without an extension, `<file>.expect.json`):
//!
//! ```json
//! { "outcome": "parsed" | "rejected",
//!   "error": "substring of the error message (rejected only)",
//!   "name": "basics.name, exactly", "email": "basics.email, exactly",
//!   "findings": ["codes that quality.findings must contain"],
//!   "not_findings": ["codes it must not contain"],
//!   "absent": ["text that must appear nowhere in the resume"],
//!   "note": "free text, for people" }
//! ```
//!
//! There are no timing assertions: the extraction deadline guarantees that a
//! parse ends, and a panic anywhere fails the case (caught, so that the
//! other cases still run and every failure is listed).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use resume_parser::{Envelope, ParseError, Pipeline};
use serde_json::Value;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(Pipeline::new)
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile")
}

const EXPECT: &str = ".expect.json";
/// Files in the corpus folders that are not cases.
const NOT_CASES: &[&str] = &["README.md", "make_hostile.py", ".gitignore"];

/// Every file under `dir`, recursively, sorted.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
    out.sort();
}

/// The expectation file of an input: `<name>.expect.json` beside
/// `<name>.<ext>`, else `<file>.expect.json`.
fn expect_path(input: &Path) -> Option<PathBuf> {
    let name = input.file_name()?.to_str()?;
    let mut candidates = Vec::new();
    if let Some((stem, _)) = name.rsplit_once('.')
        && !stem.is_empty()
    {
        candidates.push(input.with_file_name(format!("{stem}{EXPECT}")));
    }
    candidates.push(input.with_file_name(format!("{name}{EXPECT}")));
    candidates.into_iter().find(|p| p.is_file())
}

const KEYS: &[&str] = &[
    "outcome",
    "error",
    "name",
    "email",
    "findings",
    "not_findings",
    "absent",
    "note",
];

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Check one parse against its expectations; the problems found.
fn check(expect: &Value, result: &Result<Envelope, ParseError>) -> Vec<String> {
    let mut bad = Vec::new();
    let Some(obj) = expect.as_object() else {
        return vec!["the expect file is not a JSON object".into()];
    };
    for k in obj.keys() {
        if !KEYS.contains(&k.as_str()) {
            bad.push(format!("unknown key {k:?} in the expect file"));
        }
    }
    let outcome = expect.get("outcome").and_then(Value::as_str).unwrap_or("");
    match (outcome, result) {
        ("rejected", Err(e)) => {
            let msg = e.to_string();
            if let Some(want) = expect.get("error").and_then(Value::as_str)
                && !msg.contains(want)
            {
                bad.push(format!(
                    "rejected with {msg:?}, expected it to say {want:?}"
                ));
            }
        }
        ("rejected", Ok(env)) => bad.push(format!(
            "parsed (name {:?}), expected a rejection",
            env.resume.basics.name
        )),
        ("parsed", Err(e)) => bad.push(format!(
            "rejected with {:?}, expected a parse",
            e.to_string()
        )),
        ("parsed", Ok(env)) => {
            let basics = &env.resume.basics;
            if let Some(want) = expect.get("name").and_then(Value::as_str)
                && basics.name.as_deref() != Some(want)
            {
                bad.push(format!("name {:?}, expected {want:?}", basics.name));
            }
            if let Some(want) = expect.get("email").and_then(Value::as_str)
                && basics.email.as_ref().map(|e| e.as_str()) != Some(want)
            {
                bad.push(format!("email {:?}, expected {want:?}", basics.email));
            }
            let codes: BTreeSet<&str> = env
                .quality
                .findings
                .iter()
                .map(|f| f.code.as_str())
                .collect();
            for want in strings(expect, "findings") {
                if !codes.contains(want.as_str()) {
                    bad.push(format!("no {want:?} finding (findings: {codes:?})"));
                }
            }
            for unwanted in strings(expect, "not_findings") {
                if codes.contains(unwanted.as_str()) {
                    bad.push(format!("unexpected {unwanted:?} finding"));
                }
            }
            let resume = serde_json::to_string(&env.resume).unwrap_or_default();
            for text in strings(expect, "absent") {
                if resume.contains(&text) {
                    bad.push(format!("{text:?} reached the resume"));
                }
            }
        }
        (other, _) => bad.push(format!(
            "outcome {other:?}: expected \"parsed\" or \"rejected\""
        )),
    }
    bad
}

#[test]
fn hostile_corpus() {
    let mut files = Vec::new();
    walk(&root(), &mut files);
    let is_expect = |p: &Path| p.to_string_lossy().ends_with(EXPECT);
    let inputs: Vec<&PathBuf> = files
        .iter()
        .filter(|p| !is_expect(p))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !NOT_CASES.contains(&name) && !name.starts_with('.')
        })
        .collect();
    assert!(
        inputs.len() >= 20,
        "the hostile corpus is missing: {}",
        root().display()
    );

    let mut failures: Vec<String> = Vec::new();
    let mut used: BTreeSet<PathBuf> = BTreeSet::new();
    for input in &inputs {
        let rel = input
            .strip_prefix(root())
            .unwrap_or(input)
            .display()
            .to_string();
        let Some(expect_file) = expect_path(input) else {
            failures.push(format!("{rel}: no expect file beside it"));
            continue;
        };
        used.insert(expect_file.clone());
        let expect: Value = match std::fs::read_to_string(&expect_file)
            .map_err(|e| e.to_string())
            .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()))
        {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{rel}: unreadable expect file: {e}"));
                continue;
            }
        };
        let bytes = std::fs::read(input).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let result = catch_unwind(AssertUnwindSafe(|| pipeline().parse(&bytes)));
        let Ok(result) = result else {
            failures.push(format!("{rel}: the parser panicked"));
            continue;
        };
        let summary = match &result {
            Ok(env) => format!(
                "parsed: name {:?}, findings {:?}",
                env.resume.basics.name,
                env.quality
                    .findings
                    .iter()
                    .map(|f| f.code.as_str())
                    .collect::<Vec<_>>()
            ),
            Err(e) => format!("rejected: {e}"),
        };
        println!("{rel:40} {summary}");
        for problem in check(&expect, &result) {
            failures.push(format!("{rel}: {problem}"));
        }
    }
    for f in files.iter().filter(|p| is_expect(p)) {
        if !used.contains(f) {
            failures.push(format!("{}: expectations for no file", f.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} hostile case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Too big to commit: a text file just under the 20 MB upload limit, made of
/// a resume repeated. The text caps keep what reaches the later stages (which
/// run without a deadline) bounded, and the cut is reported.
#[test]
fn huge_text_file_is_cut_and_noted() {
    let one = "Jane Hostile\njane.hostile@example.com\nEXPERIENCE\nSoftware Engineer, Acme Corporation\nJan 2019 - Present\n";
    let mut text = String::new();
    while text.len() + one.len() < 19 * 1024 * 1024 {
        text.push_str(one);
    }
    let env = pipeline()
        .parse(text.as_bytes())
        .unwrap_or_else(|e| panic!("rejected: {e}"));
    assert!(
        env.document.chars <= resume_parser::extract::MAX_CHARS,
        "{} characters reached the pipeline",
        env.document.chars
    );
    assert!(
        env.quality.findings.iter().any(|f| f.code == "truncated"),
        "{:?}",
        env.quality.findings
    );
    assert_eq!(env.resume.basics.name.as_deref(), Some("Jane Hostile"));
}

/// The runner's own rules: expectations are checked, unknown keys refused.
#[test]
fn expectations_are_checked() {
    let rejected: Result<Envelope, ParseError> = Err(ParseError::Extract(
        resume_parser::extract::ExtractError::Encrypted,
    ));
    let want = |s: &str| serde_json::from_str::<Value>(s).unwrap();
    assert!(
        check(
            &want(r#"{"outcome": "rejected", "error": "encrypted"}"#),
            &rejected
        )
        .is_empty()
    );
    assert_eq!(
        check(
            &want(r#"{"outcome": "rejected", "error": "bomb"}"#),
            &rejected
        )
        .len(),
        1
    );
    assert_eq!(check(&want(r#"{"outcome": "parsed"}"#), &rejected).len(), 1);
    assert_eq!(
        check(&want(r#"{"outcome": "rejected", "eror": "x"}"#), &rejected).len(),
        1
    );
}
