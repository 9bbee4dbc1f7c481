//! The output contract: for every sample in `fixtures/corpus/` (text, DOCX
//! and PDF), the envelope's `resume` object is a valid JSON Resume document
//! (the official schema, `fixtures/schema/jsonresume.schema.json`, JSON Schema
//! draft-07 with `format` checked), and the envelope around it keeps its
//! invariants:
//!
//! - `schema` is `"resume-parser/1"`;
//! - every `startDate` / `endDate` / `date` is `YYYY` or `YYYY-MM` (never an
//!   invented day), and an entry with `x_current: true` has no `endDate`;
//! - every key of `fields` is a JSON Pointer that resolves inside `resume`,
//!   with a confidence in 0..=1 and a level of confident / probable / unlikely
//!   that agrees with the confidence;
//! - `quality.confidence` is in 0..=1, `review_required` is a bool, every
//!   reason names a finding, an error finding forces review, and without
//!   review the reasons are empty or informational;
//! - `document.sha256` is 64 lower-case hex digits, the SHA-256 of the input.
//!
//! Why: downstream services and people key on this JSON; a field that breaks
//! the JSON Resume schema or a pointer that leads nowhere is a broken API,
//! whatever the accuracy of the parse. Accuracy itself is `tests/fixtures.rs`.
//!
//! The corpus is parsed once (cached) and each invariant is its own test, so
//! a failure names the broken rule and every file that breaks it.

// Tests and benches fail loudly on broken fixtures: unwrap/expect are the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use regex::Regex;
use resume_parser::Pipeline;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// One parsed corpus file.
struct Case {
    name: String,
    /// SHA-256 of the input bytes, lower-case hex.
    sha256: String,
    /// The envelope as the JSON text a user gets (as the CLI prints it),
    /// read back. (`serde_json::to_value` would widen the f32 confidences.)
    env: Value,
}

/// Every input of the corpus (not the expected JSON or the licences), parsed.
fn corpus() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/corpus"))
            .expect("fixtures/corpus")
            .map(|e| e.expect("dir entry").path())
            .filter(|p| {
                matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("txt" | "docx" | "pdf")
                )
            })
            .collect();
        files.sort();
        assert!(
            files.len() >= 20,
            "expected the whole corpus, found {} files",
            files.len()
        );
        let pipeline = Pipeline::new();
        files
            .iter()
            .map(|path| {
                let name = path
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned();
                let bytes = std::fs::read(path).expect("read fixture");
                let env = pipeline
                    .parse(&bytes)
                    .unwrap_or_else(|e| panic!("{name}: a corpus file does not parse: {e}"));
                let text = serde_json::to_string(&env).expect("the envelope serialises");
                Case {
                    name,
                    sha256: Sha256::digest(&bytes)
                        .iter()
                        .map(|b| format!("{b:02x}"))
                        .collect(),
                    env: serde_json::from_str(&text).expect("the envelope is JSON"),
                }
            })
            .collect()
    })
}

/// Run `check` on every case, collecting `name: problem` lines; fail with all
/// of them.
fn each_case(rule: &str, mut check: impl FnMut(&Case, &mut dyn FnMut(String))) {
    let cases = corpus();
    let mut problems = Vec::new();
    for case in cases {
        check(case, &mut |msg| {
            problems.push(format!("{}: {msg}", case.name))
        });
    }
    assert!(
        problems.is_empty(),
        "{rule}: {} problem(s) over {} files:\n{}",
        problems.len(),
        cases.len(),
        problems.join("\n")
    );
}

fn json_resume_validator() -> jsonschema::Validator {
    let path = root().join("fixtures/schema/jsonresume.schema.json");
    let text = std::fs::read_to_string(&path).expect("the JSON Resume schema");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

/// The validator itself rejects what it should (so a pass below means something).
#[test]
fn validator_rejects_bad_resumes() {
    let v = json_resume_validator();
    assert!(v.is_valid(
        &serde_json::json!({"basics": {"name": "Jane"}, "work": [{"startDate": "2019-03"}]})
    ));
    for bad in [
        serde_json::json!({"basics": {"email": "not an e-mail"}}),
        serde_json::json!({"work": [{"startDate": "March 2019"}]}),
        serde_json::json!({"work": {"name": "Acme"}}),
        serde_json::json!({"skills": [{"keywords": "Rust"}]}),
    ] {
        assert!(!v.is_valid(&bad), "accepted {bad}");
    }
}

#[test]
fn resume_is_valid_json_resume() {
    let validator = json_resume_validator();
    each_case("JSON Resume schema", |case, p| {
        for err in validator.iter_errors(&case.env["resume"]) {
            p(format!("{err} at {}", err.instance_path));
        }
    });
}

#[test]
fn envelope_shape_and_schema_tag() {
    each_case("envelope shape", |case, p| {
        let keys: Vec<&str> = case
            .env
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        if keys != ["schema", "resume", "fields", "quality", "document"] {
            p(format!("top-level keys {keys:?}"));
        }
        if case.env["schema"] != "resume-parser/1" {
            p(format!("schema is {}", case.env["schema"]));
        }
    });
}

#[test]
fn dates_are_partial_and_current_entries_have_no_end() {
    let date_re = Regex::new(r"^\d{4}(-\d{2})?$").expect("regex");
    each_case("dates", |case, p| {
        walk(&case.env["resume"], "", &mut |ptr, obj| {
            for key in ["startDate", "endDate", "date"] {
                if let Some(d) = obj.get(key) {
                    match d.as_str() {
                        Some(s) if date_re.is_match(s) => {}
                        _ => p(format!("{ptr}/{key} = {d} is not YYYY or YYYY-MM")),
                    }
                }
            }
            if let Some(c) = obj.get("x_current") {
                if c.as_bool().is_none() {
                    p(format!("{ptr}/x_current = {c} is not a bool"));
                }
                if c == true && obj.contains_key("endDate") {
                    p(format!(
                        "{ptr} is current but has endDate {}",
                        obj["endDate"]
                    ));
                }
            }
        });
    });
}

#[test]
fn field_confidences_and_levels() {
    each_case("fields confidence/level", |case, p| {
        for (ptr, info) in case.env["fields"].as_object().expect("fields is an object") {
            let c = info["confidence"].as_f64();
            match c {
                Some(c) if (0.0..=1.0).contains(&c) => {}
                _ => p(format!(
                    "{ptr}: confidence {} not in 0..=1",
                    info["confidence"]
                )),
            }
            let level = info["level"].as_str().unwrap_or("");
            if !["confident", "probable", "unlikely"].contains(&level) {
                p(format!("{ptr}: level {}", info["level"]));
            } else if let Some(c) = c {
                // model::Level::of: ≥ 0.8 confident, ≥ 0.5 probable.
                let expected = if c >= 0.8 {
                    "confident"
                } else if c >= 0.5 {
                    "probable"
                } else {
                    "unlikely"
                };
                if level != expected {
                    p(format!("{ptr}: level {level} for confidence {c}"));
                }
            }
        }
    });
}

#[test]
fn field_keys_resolve_inside_resume() {
    each_case("fields pointers", |case, p| {
        let resume = &case.env["resume"];
        for ptr in case.env["fields"]
            .as_object()
            .expect("fields is an object")
            .keys()
        {
            if !ptr.starts_with('/') {
                p(format!("fields key {ptr:?} is not a JSON Pointer"));
            } else if resume.pointer(ptr).is_none_or(Value::is_null) {
                p(format!("fields key {ptr} resolves to nothing in resume"));
            }
        }
    });
}

/// The quality verdict is well formed and agrees with its findings.
#[test]
fn quality_is_well_formed() {
    each_case("quality", |case, p| {
        let q = &case.env["quality"];
        match q["confidence"].as_f64() {
            Some(c) if (0.0..=1.0).contains(&c) => {}
            _ => p(format!(
                "quality.confidence {} not in 0..=1",
                q["confidence"]
            )),
        }
        let findings = q["findings"].as_array().expect("findings is an array");
        for r in q["reasons"].as_array().expect("reasons is an array") {
            match r.as_str() {
                Some(code) if findings.iter().any(|f| f["code"] == code) => {}
                _ => p(format!("reason {r} names no finding")),
            }
        }
        match q["review_required"].as_bool() {
            None => p(format!(
                "review_required {} is not a bool",
                q["review_required"]
            )),
            Some(true) => {}
            Some(false) => {
                if findings.iter().any(|f| f["level"] == "error") {
                    p(format!(
                        "an error finding without review: {}",
                        q["findings"]
                    ));
                }
            }
        }
    });
}

/// No review ⇒ no reason for one, beyond informational notes.
#[test]
fn no_review_means_no_serious_reasons() {
    each_case("reasons without review", |case, p| {
        let q = &case.env["quality"];
        if q["review_required"] != false {
            return;
        }
        let findings = q["findings"].as_array().expect("findings is an array");
        let level_of = |code: &Value| {
            findings
                .iter()
                .find(|f| &f["code"] == code)
                .map(|f| f["level"].clone())
        };
        let serious: Vec<&Value> = q["reasons"]
            .as_array()
            .expect("reasons is an array")
            .iter()
            .filter(|r| level_of(r) != Some(Value::from("info")))
            .collect();
        if !serious.is_empty() {
            p(format!(
                "review_required is false, yet reasons {serious:?} (findings {})",
                q["findings"]
            ));
        }
    });
}

#[test]
fn sha256_is_the_digest_of_the_input() {
    each_case("document.sha256", |case, p| {
        let sha = case.env["document"]["sha256"].as_str().unwrap_or("");
        if sha.len() != 64
            || !sha
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            p(format!(
                "document.sha256 {sha:?} is not 64 lower-case hex digits"
            ));
        } else if sha != case.sha256 {
            p(format!(
                "document.sha256 {sha} is not the SHA-256 of the input ({})",
                case.sha256
            ));
        }
    });
}

/// Call `f(pointer, object)` for every object inside `v` (including `v`).
fn walk(v: &Value, ptr: &str, f: &mut impl FnMut(&str, &Map<String, Value>)) {
    match v {
        Value::Object(m) => {
            f(ptr, m);
            for (k, x) in m {
                walk(x, &format!("{ptr}/{k}"), f);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                walk(x, &format!("{ptr}/{i}"), f);
            }
        }
        _ => {}
    }
}
