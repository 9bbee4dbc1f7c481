//! Reading an upload: a multipart form (field `file` plus text fields) or a
//! raw body, with the size limit enforced while the bytes stream in — a
//! request over the limit is refused at the first chunk past it, never
//! buffered whole.
//!
//! Input: the request headers and payload stream. Output: an [`Upload`] (the
//! file's bytes, its name, the form's text fields) or an [`ApiError`]
//! (400 malformed, 413 too large).

use std::collections::BTreeMap;

use actix_multipart::Multipart;
use actix_web::HttpRequest;
use actix_web::web::{Bytes, Payload};
use futures_util::{Stream, StreamExt, TryStreamExt};

use super::problem::ApiError;

/// Longest accepted text field of a form.
const MAX_FIELD_BYTES: usize = 16 * 1024;

#[derive(Debug, Default)]
pub struct Upload {
    pub bytes: Vec<u8>,
    pub file_name: Option<String>,
    /// Text fields of the form (`job_id`, `email`, …), trimmed.
    pub fields: BTreeMap<String, String>,
}

async fn read_limited<S, E>(mut s: S, limit: usize) -> Result<Vec<u8>, ApiError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let mut out = Vec::new();
    while let Some(chunk) = s.next().await {
        let chunk = chunk.map_err(|e| ApiError::BadRequest(format!("reading the body: {e}")))?;
        if out.len() + chunk.len() > limit {
            return Err(ApiError::TooLarge { limit });
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// Read the request's document (multipart field `file`, or the raw body).
pub async fn read(req: &HttpRequest, payload: Payload, limit: usize) -> Result<Upload, ApiError> {
    if let Some(len) = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
    {
        // A declared length over the limit (plus room for multipart framing)
        // is refused before reading anything.
        if len > limit + 64 * 1024 {
            return Err(ApiError::TooLarge { limit });
        }
    }
    let multipart = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    if !multipart {
        let bytes = read_limited(payload, limit).await?;
        return Ok(Upload {
            bytes,
            ..Default::default()
        });
    }
    let mut form = Multipart::new(req.headers(), payload);
    let mut up = Upload::default();
    let mut have_file = false;
    loop {
        let field = form
            .try_next()
            .await
            .map_err(|e| ApiError::BadRequest(format!("malformed multipart body: {e}")))?;
        let Some(field) = field else { break };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            if have_file {
                return Err(ApiError::BadRequest("more than one `file` field".into()));
            }
            have_file = true;
            up.file_name = field
                .content_disposition()
                .and_then(|cd| cd.get_filename())
                .map(|f| f.chars().filter(|c| !c.is_control()).take(255).collect());
            up.bytes = read_limited(field, limit).await?;
        } else {
            let raw = read_limited(field, MAX_FIELD_BYTES)
                .await
                .map_err(|e| match e {
                    ApiError::TooLarge { .. } => {
                        ApiError::BadRequest(format!("form field `{name}` is too long"))
                    }
                    other => other,
                })?;
            let value = String::from_utf8(raw)
                .map_err(|_| ApiError::BadRequest(format!("form field `{name}` is not UTF-8")))?;
            up.fields.insert(name, value.trim().to_owned());
        }
    }
    if !have_file {
        return Err(ApiError::BadRequest(
            "the multipart form has no `file` field".into(),
        ));
    }
    Ok(up)
}
