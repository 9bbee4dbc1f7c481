//! Intake: one submitted resume → the [`NewCandidate`] to store.
//!
//! Input: the parse envelope and extracted text, the file's bytes and name,
//! and the form fields that came with it (career-site form values, or none
//! for a bulk import). Output: the candidate row — status (`accepted`, or
//! `needs_review` when the parse asks for review), reasons, the resume with
//! the form's values winning over parsed ones, the disagreements, and the
//! duplicate keys (sha256, lower-cased e-mail, idempotency key).
//!
//! Why one place: `POST /v1/candidates` and `resume-parser import` must route
//! and dedupe a resume identically. Pure: no I/O.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::extract::Format;
use crate::model::Envelope;
use crate::store::{NewCandidate, Status};

/// The sha256 of the bytes, lower-case hex (the document's key).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hex of a digest.
pub fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The content type a stored document is served with.
pub fn content_type(format: &Format) -> &'static str {
    match format {
        Format::Pdf => "application/pdf",
        Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Format::Text => "text/plain; charset=utf-8",
        Format::Other(_) => "application/octet-stream",
    }
}

/// Everything that came with the file.
#[derive(Debug, Clone, Default)]
pub struct Submission {
    pub file_name: Option<String>,
    /// Form fields (`first_name`, `last_name`, `email`, `phone`, `job_id`,
    /// `source`, `consent`, …).
    pub fields: BTreeMap<String, String>,
    pub idempotency_key: Option<String>,
}

/// Build the candidate row for a parsed document.
pub fn candidate(
    env: &Envelope,
    text: String,
    bytes: Vec<u8>,
    format: &Format,
    sub: Submission,
) -> Result<NewCandidate, serde_json::Error> {
    let parse = serde_json::to_value(env)?;
    let mut resume = parse["resume"].clone();
    let conflicts = merge_form(&mut resume, &sub.fields);
    let email = resume["basics"]["email"]
        .as_str()
        .map(|e| e.trim().to_lowercase());
    let status = if env.quality.review_required {
        Status::NeedsReview
    } else {
        Status::Accepted
    };
    let consent = sub
        .fields
        .get("consent")
        .map(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on"));
    let form = serde_json::to_value(&sub.fields)?;
    Ok(NewCandidate {
        status,
        reasons: env.quality.reasons.clone(),
        confidence: (f64::from(env.quality.confidence) * 1000.0).round() / 1000.0,
        sha256: sha256_hex(&bytes),
        content_type: content_type(format).to_owned(),
        file_name: sub.file_name,
        bytes,
        text,
        source: sub.fields.get("source").cloned(),
        job_id: sub.fields.get("job_id").cloned(),
        email,
        consent,
        idempotency_key: sub.idempotency_key,
        parse,
        resume,
        form,
        conflicts,
    })
}

/// Values the candidate typed win over parsed ones; a disagreement is kept.
pub fn merge_form(resume: &mut Value, form: &BTreeMap<String, String>) -> Value {
    let mut conflicts = Vec::new();
    let basics = &mut resume["basics"];
    if !basics.is_object() {
        *basics = json!({});
    }
    let first = form.get("first_name").filter(|s| !s.is_empty());
    let last = form.get("last_name").filter(|s| !s.is_empty());
    let name = match (first, last) {
        (Some(f), Some(l)) => Some(format!("{f} {l}")),
        (Some(x), None) | (None, Some(x)) => Some(x.clone()),
        _ => None,
    };
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let mut set = |key: &str, typed: Option<String>, same: &dyn Fn(&str, &str) -> bool| {
        let Some(typed) = typed else { return };
        if let Some(parsed) = basics[key].as_str()
            && !same(parsed, &typed)
        {
            conflicts
                .push(json!({"field": format!("/basics/{key}"), "form": typed, "parsed": parsed}));
        }
        basics[key] = Value::String(typed);
    };
    set("name", name, &|a, b| a.eq_ignore_ascii_case(b));
    set(
        "email",
        form.get("email").filter(|s| !s.is_empty()).cloned(),
        &|a, b| a.eq_ignore_ascii_case(b),
    );
    set(
        "phone",
        form.get("phone").filter(|s| !s.is_empty()).cloned(),
        &|a, b| {
            let (a, b) = (digits(a), digits(b));
            a.ends_with(&b) || b.ends_with(&a)
        },
    );
    // The E.164 form follows the phone that won.
    if let Some(typed) = form.get("phone").filter(|s| !s.is_empty()) {
        let region = basics
            .pointer("/location/countryCode")
            .and_then(Value::as_str)
            .map(str::to_owned);
        match crate::entities::contact::e164(typed, region.as_deref()) {
            Some(p) => basics["x_phone_e164"] = Value::String(p.as_str().to_owned()),
            None => {
                if let Some(b) = basics.as_object_mut() {
                    b.remove("x_phone_e164");
                }
            }
        }
    }
    Value::Array(conflicts)
}
