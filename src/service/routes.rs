//! The HTTP handlers, versioned under `/v1`.
//!
//! Input: requests (see the README's endpoint table and `/openapi.json`).
//! Output: JSON bodies or [`ApiError`] problems. Every `/v1` route needs an
//! API key (`Authorization: Bearer <key>`) when keys are configured, except
//! `POST /v1/candidates` while `public_submit` is on (the career-site form).
//! Logs carry ids, sizes, formats and statuses — never resume text or
//! contact details.

use std::sync::Arc;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::AppState;
use super::problem::ApiError;
use super::upload;
use crate::extract::{Format, sniff};
use crate::store::{Decision, Inserted, Status};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(healthz))
        .route("/readyz", web::get().to(readyz))
        .route("/metrics", web::get().to(metrics))
        .route("/openapi.json", web::get().to(openapi))
        .service(
            web::scope("/v1")
                .route("/parse", web::post().to(parse))
                .route("/candidates", web::post().to(submit))
                .route("/candidates", web::get().to(list))
                .route("/candidates/{id}", web::get().to(get))
                .route("/candidates/{id}", web::delete().to(erase))
                .route("/candidates/{id}/document", web::get().to(document))
                .route("/candidates/{id}/deliveries", web::get().to(deliveries))
                .route(
                    "/candidates/{id}/deliveries/retry",
                    web::post().to(retry_delivery),
                )
                .route("/review", web::get().to(review_queue))
                .route("/review/{id}/approve", web::post().to(approve))
                .route("/review/{id}/reject", web::post().to(reject)),
        );
}

/// The caller's identity for the audit trail: `X-Actor` when given, else a
/// fingerprint of the API key (never the key itself).
fn authorize(req: &HttpRequest, st: &AppState) -> Result<String, ApiError> {
    let actor_header = req
        .headers()
        .get("x-actor")
        .and_then(|v| v.to_str().ok())
        .map(|s| {
            s.chars()
                .filter(|c| !c.is_control())
                .take(100)
                .collect::<String>()
        })
        .filter(|s| !s.is_empty());
    if st.config.api_keys.is_empty() {
        return Ok(actor_header.unwrap_or_else(|| "anonymous".into()));
    }
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match presented {
        Some(k) if st.config.api_keys.iter().any(|c| same_key(c, k)) => {
            let fp = Sha256::digest(k.as_bytes());
            let fp: String = fp.iter().take(4).map(|b| format!("{b:02x}")).collect();
            Ok(actor_header.unwrap_or_else(|| format!("key:{fp}")))
        }
        _ => Err(ApiError::Unauthorized),
    }
}

/// Whether two keys are equal, in time that does not depend on where they
/// differ (their SHA-256 digests are compared in full).
fn same_key(a: &str, b: &str) -> bool {
    let (da, db) = (Sha256::digest(a.as_bytes()), Sha256::digest(b.as_bytes()));
    da.iter()
        .zip(db.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

/// Refuse what the parser cannot read before spending a worker on it.
fn check_type(bytes: &[u8]) -> Result<Format, ApiError> {
    if bytes.is_empty() {
        return Err(ApiError::BadRequest("the document is empty".into()));
    }
    match sniff(bytes) {
        Format::Other(what) => Err(ApiError::Unsupported(what.to_owned())),
        f => Ok(f),
    }
}

async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

async fn readyz(st: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    match tokio::time::timeout(std::time::Duration::from_secs(2), st.store.ping()).await {
        Ok(Ok(())) => Ok(HttpResponse::Ok().json(json!({"status": "ready"}))),
        _ => Err(ApiError::StoreUnavailable),
    }
}

async fn metrics(st: web::Data<AppState>) -> HttpResponse {
    if let Ok(Ok(n)) =
        tokio::time::timeout(std::time::Duration::from_secs(2), st.store.queue_depth()).await
    {
        st.metrics.review_queue.set(n);
    }
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(st.metrics.render())
}

async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(include_str!("openapi.json"))
}

/// `POST /v1/parse`: the envelope; nothing stored.
async fn parse(
    req: HttpRequest,
    payload: web::Payload,
    st: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    authorize(&req, &st)?;
    let up = upload::read(&req, payload, st.config.max_upload_bytes).await?;
    st.metrics
        .upload_bytes
        .with_label_values(&["parse"])
        .observe(up.bytes.len() as f64);
    check_type(&up.bytes)?;
    let (env, _) = st.parser.parse(Arc::new(up.bytes), &st.metrics).await?;
    Ok(HttpResponse::Ok().json(env))
}

/// `POST /v1/candidates`: parse, store, route to the ATS outbox or review.
async fn submit(
    req: HttpRequest,
    payload: web::Payload,
    st: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    if !st.config.public_submit {
        authorize(&req, &st)?;
    }
    let idempotency_key = req
        .headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 200)
        .map(str::to_owned);
    let up = upload::read(&req, payload, st.config.max_upload_bytes).await?;
    st.metrics
        .upload_bytes
        .with_label_values(&["candidates"])
        .observe(up.bytes.len() as f64);
    let format = check_type(&up.bytes)?;
    let bytes = Arc::new(up.bytes);
    let (env, text) = st.parser.parse(Arc::clone(&bytes), &st.metrics).await?;
    let bytes = Arc::try_unwrap(bytes).unwrap_or_else(|b| (*b).clone());
    let sub = crate::intake::Submission {
        file_name: up.file_name,
        fields: up.fields,
        idempotency_key,
    };
    let new = crate::intake::candidate(&env, text, bytes, &format, sub)
        .map_err(|_| ApiError::Internal)?;
    match st.store.insert(new).await? {
        Inserted::New(c) => {
            tracing::info!(candidate = %c.id, status = c.status.as_str(), "candidate stored");
            Ok(HttpResponse::Created()
                .insert_header((header::LOCATION, format!("/v1/candidates/{}", c.id)))
                .json(c))
        }
        Inserted::Existing(c) => {
            tracing::info!(candidate = %c.id, "duplicate submission");
            Ok(HttpResponse::Ok()
                .insert_header((header::LOCATION, format!("/v1/candidates/{}", c.id)))
                .insert_header(("idempotent-replayed", "true"))
                .json(c))
        }
    }
}

async fn get(
    req: HttpRequest,
    path: web::Path<String>,
    st: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    authorize(&req, &st)?;
    Ok(HttpResponse::Ok().json(st.store.get(&path).await?))
}

/// `GET /v1/candidates/{id}/deliveries`: the outbox rows and every call
/// made to the ATS for this candidate (status, duration, error, remote id).
async fn deliveries(
    req: HttpRequest,
    path: web::Path<String>,
    st: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    authorize(&req, &st)?;
    Ok(HttpResponse::Ok().json(st.store.deliveries(&path).await?))
}

/// `POST /v1/candidates/{id}/deliveries/retry`: send a candidate whose ATS
/// write failed again (it leaves the review queue); 409 when nothing failed.
async fn retry_delivery(
    req: HttpRequest,
    path: web::Path<String>,
    st: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let actor = authorize(&req, &st)?;
    let c = st.store.retry_delivery(&path, &actor).await?;
    tracing::info!(candidate = %c.id, actor = %actor, "ats delivery retried");
    Ok(HttpResponse::Accepted().json(c))
}

async fn document(
    req: HttpRequest,
    path: web::Path<String>,
    st: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    authorize(&req, &st)?;
    let (ct, name, bytes) = st.store.document(&path).await?;
    let mut r = HttpResponse::Ok();
    r.content_type(ct);
    if let Some(n) = name {
        let safe: String = n
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        r.insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{safe}\""),
        ));
    }
    Ok(r.body(bytes))
}

#[derive(Deserialize)]
struct ListQuery {
    status: Option<String>,
    cursor: Option<String>,
    limit: Option<u32>,
}

async fn list(
    req: HttpRequest,
    q: web::Query<ListQuery>,
    st: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    authorize(&req, &st)?;
    let status = match q.status.as_deref() {
        None | Some("") => None,
        Some(s) => Some(
            Status::parse(s)
                .ok_or_else(|| ApiError::BadRequest(format!("unknown status {s:?}")))?,
        ),
    };
    let page = st
        .store
        .list(status, q.cursor.as_deref(), q.limit.unwrap_or(50))
        .await
        .map_err(cursor_error)?;
    Ok(HttpResponse::Ok().json(page))
}

fn cursor_error(e: crate::store::StoreError) -> ApiError {
    match e {
        crate::store::StoreError::Conflict(m) => ApiError::BadRequest(m),
        other => other.into(),
    }
}

async fn erase(
    req: HttpRequest,
    path: web::Path<String>,
    st: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let actor = authorize(&req, &st)?;
    st.store.erase(&path).await?;
    tracing::info!(candidate = %path.as_str(), actor = %actor, "candidate erased");
    Ok(HttpResponse::NoContent().finish())
}

async fn review_queue(
    req: HttpRequest,
    q: web::Query<ListQuery>,
    st: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    authorize(&req, &st)?;
    let page = st
        .store
        .list(
            Some(Status::NeedsReview),
            q.cursor.as_deref(),
            q.limit.unwrap_or(50),
        )
        .await
        .map_err(cursor_error)?;
    let items: Vec<Value> = page
        .items
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "created_at": c.created_at,
                "reasons": c.reasons,
                "confidence": c.confidence,
                "name": c.resume["basics"]["name"],
                "file_name": c.file_name,
                "source": c.source,
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({"items": items, "next_cursor": page.next_cursor})))
}

#[derive(Deserialize, Default)]
struct ApproveBody {
    /// The corrected resume (JSON Resume); absent: approve as parsed.
    resume: Option<Value>,
}

async fn approve(
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
    st: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let actor = authorize(&req, &st)?;
    let body: ApproveBody = if body.iter().all(u8::is_ascii_whitespace) {
        ApproveBody::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| ApiError::BadRequest(format!("approve body: {e}")))?
    };
    if let Some(r) = &body.resume
        && !r.is_object()
    {
        return Err(ApiError::BadRequest(
            "`resume` must be a JSON object".into(),
        ));
    }
    let c = st
        .store
        .decide(
            &path,
            &actor,
            Decision::Approve {
                corrected: body.resume,
            },
        )
        .await?;
    tracing::info!(candidate = %c.id, actor = %actor, "approved");
    Ok(HttpResponse::Ok().json(c))
}

#[derive(Deserialize)]
struct RejectBody {
    reason: String,
}

async fn reject(
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
    st: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let actor = authorize(&req, &st)?;
    let body: RejectBody = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("reject body needs a `reason`: {e}")))?;
    if body.reason.trim().is_empty() {
        return Err(ApiError::BadRequest("`reason` is empty".into()));
    }
    let c = st
        .store
        .decide(
            &path,
            &actor,
            Decision::Reject {
                reason: body.reason.trim().to_owned(),
            },
        )
        .await?;
    tracing::info!(candidate = %c.id, actor = %actor, "rejected");
    Ok(HttpResponse::Ok().json(c))
}
