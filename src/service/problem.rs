//! API errors as RFC 9457 problem details (`application/problem+json`).
//!
//! Input: an [`ApiError`] from any handler. Output: the HTTP response — this
//! is the one place that maps errors to statuses. Every problem has a stable
//! `code` (and `type` URI built from it) that clients can match on, a human
//! `title`, and a `detail` that never contains resume text.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde_json::json;

use crate::pipeline::ParseError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("malformed request: {0}")]
    BadRequest(String),
    #[error("a valid API key is required (Authorization: Bearer <key>)")]
    Unauthorized,
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Conflict(String),
    #[error("upload larger than the {limit}-byte limit")]
    TooLarge { limit: usize },
    #[error("unsupported document type: {0}")]
    Unsupported(String),
    #[error("the document cannot be parsed: {0}")]
    Unparseable(String),
    #[error("the parser is saturated; retry later")]
    Overloaded { retry_after_secs: u32 },
    #[error("the store is unavailable; retry later")]
    StoreUnavailable,
    #[error("internal error")]
    Internal,
}

impl ApiError {
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad_request",
            ApiError::Unauthorized => "unauthorized",
            ApiError::NotFound => "not_found",
            ApiError::Conflict(_) => "conflict",
            ApiError::TooLarge { .. } => "payload_too_large",
            ApiError::Unsupported(_) => "unsupported_media_type",
            ApiError::Unparseable(_) => "unparseable",
            ApiError::Overloaded { .. } => "overloaded",
            ApiError::StoreUnavailable => "store_unavailable",
            ApiError::Internal => "internal",
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::NotFound,
            StoreError::Conflict(m) => ApiError::Conflict(m),
            StoreError::Unavailable(m) => {
                tracing::error!(error = %m, "store unavailable");
                ApiError::StoreUnavailable
            }
            StoreError::Corrupt(m) => {
                tracing::error!(error = %m, "corrupt row");
                ApiError::Internal
            }
        }
    }
}

impl From<&ParseError> for ApiError {
    fn from(e: &ParseError) -> Self {
        use crate::extract::ExtractError as X;
        match e {
            ParseError::Extract(X::Unsupported(what)) => ApiError::Unsupported((*what).to_owned()),
            ParseError::Extract(X::TooLarge { limit, .. }) => ApiError::TooLarge { limit: *limit },
            // Not the document's fault: readers still running past their
            // deadline, or no extraction worker to hand the file to. The
            // client should retry, so 503 with Retry-After rather than 422.
            ParseError::Extract(X::Busy { .. } | X::Worker(_)) => {
                tracing::warn!(error = %e, "extraction capacity exhausted");
                ApiError::Overloaded {
                    retry_after_secs: 5,
                }
            }
            _ => ApiError::Unparseable(e.to_string()),
        }
    }
}

impl From<ParseError> for ApiError {
    fn from(e: ParseError) -> Self {
        ApiError::from(&e)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unsupported(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unparseable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Overloaded { .. } | ApiError::StoreUnavailable => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let body = json!({
            "type": format!("urn:resume-parser:problem:{}", self.code()),
            "title": status.canonical_reason().unwrap_or("Error"),
            "status": status.as_u16(),
            "code": self.code(),
            "detail": self.to_string(),
        });
        let mut r = HttpResponse::build(status);
        r.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        ));
        match self {
            ApiError::Overloaded { retry_after_secs } => {
                r.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            ApiError::StoreUnavailable => {
                r.insert_header((header::RETRY_AFTER, "5"));
            }
            ApiError::Unauthorized => {
                r.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            _ => {}
        }
        r.body(body.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::ExtractError as X;

    fn status(e: X) -> (StatusCode, Option<String>) {
        let api = ApiError::from(ParseError::Extract(e));
        let resp = api.error_response();
        let retry = resp
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        (resp.status(), retry)
    }

    #[test]
    fn capacity_errors_are_503_with_retry_after() {
        for e in [X::Busy { abandoned: 2 }, X::Worker("no worker".into())] {
            let (s, retry) = status(e);
            assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(retry.as_deref(), Some("5"));
        }
    }

    #[test]
    fn document_errors_are_4xx_without_retry_after() {
        let cases = [
            (
                X::Panicked { format: "PDF" },
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (X::Encrypted, StatusCode::UNPROCESSABLE_ENTITY),
            (
                X::Unsupported("a JPEG image"),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ),
            (
                X::TooLarge { size: 10, limit: 5 },
                StatusCode::PAYLOAD_TOO_LARGE,
            ),
        ];
        for (e, want) in cases {
            let (s, retry) = status(e);
            assert_eq!(s, want);
            assert_eq!(retry, None);
        }
    }
}
