//! The HTTP service (`resume-parser serve`): upload, store, review queue API.
//!
//! Input: HTTP requests (career-site forms, recruiters, the bulk importer).
//! Output: JSON (the parse envelope, stored candidates) or problem+json
//! errors. The parsing core stays pure: parses run on actix's blocking pool
//! behind [`ParsePool`], which admits at most `parse_workers` at once and
//! `parse_queue` waiting — beyond that a request gets 503 + `Retry-After` at
//! once, so memory stays bounded under overload. Storage is the [`Store`]
//! trait (SQLite by default, PostgreSQL by `DATABASE_URL`).
//!
//! Modules: [`config`] (settings), [`upload`] (streamed, size-limited
//! multipart/raw bodies), [`problem`] (errors → statuses, in one place),
//! [`routes`] (the handlers), [`metrics`] (Prometheus).

pub mod config;
pub mod metrics;
pub mod problem;
pub mod review_ui;
pub mod routes;
pub mod session;
pub mod upload;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::dev::{Server, Service};
use actix_web::{App, HttpServer, web};
use tokio::sync::Semaphore;
use tracing::Instrument;

use crate::extract::Limits;
use crate::model::Envelope;
use crate::pipeline::Pipeline;
use crate::store::Store;
use crate::store::sql::SqlStore;
pub use config::Config;
use problem::ApiError;

/// Bounded admission to the parser.
pub struct ParsePool {
    pipeline: Arc<Pipeline>,
    running: Arc<Semaphore>,
    pending: AtomicUsize,
    max_pending: usize,
}

impl ParsePool {
    /// The shared pipeline (for work that is not a whole parse).
    pub fn pipeline(&self) -> &Arc<Pipeline> {
        &self.pipeline
    }

    pub fn new(pipeline: Arc<Pipeline>, workers: usize, queue: usize) -> ParsePool {
        ParsePool {
            pipeline,
            running: Arc::new(Semaphore::new(workers)),
            pending: AtomicUsize::new(0),
            max_pending: workers + queue,
        }
    }

    /// Parse on the blocking pool, or refuse at once when saturated.
    pub async fn parse(
        &self,
        bytes: Arc<Vec<u8>>,
        metrics: &metrics::Metrics,
    ) -> Result<(Envelope, String), ApiError> {
        if self.pending.fetch_add(1, Ordering::SeqCst) >= self.max_pending {
            self.pending.fetch_sub(1, Ordering::SeqCst);
            return Err(ApiError::Overloaded {
                retry_after_secs: 1,
            });
        }
        metrics.parse_pending.inc();
        let out = async {
            let _permit = self
                .running
                .acquire()
                .await
                .map_err(|_| ApiError::Internal)?;
            let pipeline = Arc::clone(&self.pipeline);
            let span = tracing::Span::current();
            let t0 = std::time::Instant::now();
            let result = web::block(move || span.in_scope(|| pipeline.parse_with_text(&bytes)))
                .await
                .map_err(|_| ApiError::Internal)?;
            let format = match &result {
                Ok((env, _)) => env.document.format.to_owned(),
                Err(_) => "unknown".to_owned(),
            };
            metrics
                .parse_seconds
                .with_label_values(&[format.as_str()])
                .observe(t0.elapsed().as_secs_f64());
            let outcome = match &result {
                Ok(_) => "ok".to_owned(),
                Err(e) => ApiError::from(e).code().to_owned(),
            };
            metrics
                .parses
                .with_label_values(&[format.as_str(), outcome.as_str()])
                .inc();
            result.map_err(ApiError::from)
        }
        .await;
        self.pending.fetch_sub(1, Ordering::SeqCst);
        metrics.parse_pending.dec();
        out
    }
}

/// Everything the handlers share.
pub struct AppState {
    pub config: Config,
    pub store: Arc<dyn Store>,
    pub parser: ParsePool,
    pub metrics: metrics::Metrics,
    /// The outbox worker writing candidates to the ATS (started by [`start`]).
    pub writer: Arc<crate::ats::delivery::Writer>,
    /// Tells the writer to stop (after the delivery in hand).
    pub shutdown: Arc<tokio::sync::watch::Sender<bool>>,
    /// Review-page sessions, signed with the API keys.
    pub sessions: session::Sessions,
}

impl AppState {
    /// Build the state: the parser's dictionaries and the store.
    pub async fn new(config: Config) -> anyhow::Result<AppState> {
        let store = SqlStore::connect(&config.database_url)
            .await
            .map_err(|e| anyhow::anyhow!("opening the store: {e}"))?;
        Self::with_store(config, Arc::new(store))
    }

    pub fn with_store(config: Config, store: Arc<dyn Store>) -> anyhow::Result<AppState> {
        let limits = Limits {
            max_bytes: config.max_upload_bytes,
            deadline: std::time::Duration::from_secs_f64(config.parse_timeout_secs),
            ..Limits::default()
        };
        let pipeline = Arc::new(Pipeline::with_limits(limits));
        let metrics = metrics::Metrics::new()?;
        // A bad ATS setting or mapping stops start-up here, with its name.
        let writer =
            crate::ats::setup::writer(&config.ats, store.clone(), Some(metrics.registry()))?;
        Ok(AppState {
            parser: ParsePool::new(pipeline, config.parse_workers, config.parse_queue),
            metrics,
            writer: Arc::new(writer),
            shutdown: Arc::new(tokio::sync::watch::channel(false).0),
            sessions: session::Sessions::new(&config.api_keys),
            store,
            config,
        })
    }
}

/// Configure the routes on an actix `App` (used by `serve` and by tests).
pub fn configure(state: web::Data<AppState>) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg: &mut web::ServiceConfig| {
        cfg.app_data(state)
            .app_data(web::PayloadConfig::new(usize::MAX))
            .configure(routes::routes)
            .configure(review_ui::routes);
    }
}

/// Start the server on an already-bound listener.
pub fn start(state: AppState, listener: std::net::TcpListener) -> std::io::Result<Server> {
    let origins = state.config.cors_origins.clone();
    tokio::spawn(state.writer.clone().run(state.shutdown.subscribe()));
    if let Some(days) = state.config.retention_days {
        tokio::spawn(retention(
            state.store.clone(),
            days,
            RETENTION_EVERY,
            state.shutdown.subscribe(),
        ));
    }
    let state = web::Data::new(state);
    let server = HttpServer::new(move || {
        let mut cors = actix_cors::Cors::default()
            .allowed_methods(["GET", "POST", "DELETE"])
            .allowed_headers([
                actix_web::http::header::CONTENT_TYPE,
                actix_web::http::header::AUTHORIZATION,
            ])
            .allowed_header("idempotency-key")
            .max_age(3600);
        for o in &origins {
            cors = cors.allowed_origin(o);
        }
        let st = state.clone();
        App::new()
            .wrap(cors)
            .wrap_fn(move |req, srv| {
                // A request id and structured fields on every log line; the
                // in-flight gauge. Never the body.
                let id = uuid::Uuid::now_v7();
                let span = tracing::info_span!(
                    "request",
                    request_id = %id,
                    method = %req.method(),
                    path = %req.path()
                );
                st.metrics.in_flight.inc();
                let st = st.clone();
                let fut = srv.call(req);
                async move {
                    let res = fut.await;
                    st.metrics.in_flight.dec();
                    if let Ok(r) = &res {
                        tracing::info!(status = r.status().as_u16(), "served");
                    }
                    res
                }
                .instrument(span)
            })
            .configure(configure(state.clone()))
    })
    .listen(listener)?
    .shutdown_timeout(30)
    .run();
    Ok(server)
}

/// How often the retention task runs (it also runs at start).
const RETENTION_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// The cut-off of a retention period: now minus `days`, as stored timestamps
/// are written.
pub fn retention_cutoff(days: u32) -> String {
    crate::store::sql::stamp(chrono::Utc::now() - chrono::Duration::days(i64::from(days)))
}

/// Erase candidates older than `days` now and every `every` until shutdown.
/// A store that is down is tried again at the next run.
pub async fn retention(
    store: Arc<dyn Store>,
    days: u32,
    every: std::time::Duration,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        if *shutdown.borrow() {
            break;
        }
        let cutoff = retention_cutoff(days);
        let next = match store.erase_older_than(&cutoff).await {
            Ok(0) => {
                tracing::debug!(days, "retention: nothing to erase");
                every
            }
            Ok(n) => {
                tracing::info!(erased = n, days, before = %cutoff, "retention: candidates erased");
                every
            }
            Err(e) => {
                tracing::warn!(error = %e, "retention: not run; retried in a minute");
                every.min(std::time::Duration::from_secs(60))
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(next) => {}
            _ = shutdown.changed() => {}
        }
    }
}

/// `resume-parser serve`: run until Ctrl-C / SIGTERM (in-flight requests finish).
pub async fn run(config: Config) -> anyhow::Result<()> {
    if config.api_keys.is_empty() {
        tracing::warn!("no RESUME_PARSER_API_KEYS set: the API is open to anyone who can reach it");
    }
    let listener = std::net::TcpListener::bind(config.bind)
        .map_err(|e| anyhow::anyhow!("binding {}: {e}", config.bind))?;
    let backend = if config.database_url.starts_with("sqlite:") {
        "sqlite"
    } else {
        "postgres"
    };
    let state = AppState::new(config.clone()).await?;
    tracing::info!(bind = %config.bind, store = backend, "serving");
    eprintln!(
        "resume-parser serving on http://{} (store: {backend})",
        config.bind
    );
    let writer_stop = state.shutdown.clone();
    let served = start(state, listener)?.await;
    // The writer finishes the delivery in hand; undelivered rows stay in
    // the outbox for the next start.
    let _ = writer_stop.send(true);
    served?;
    Ok(())
}
