//! Prometheus metrics for `GET /metrics`.
//!
//! Input: events from the handlers (a parse finished, an upload read, a
//! request started). Output: the text exposition format. Built once per
//! service on its own registry (tests run several services in one process).

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};

pub struct Metrics {
    registry: Registry,
    /// Parses by format (pdf, docx, text, other) and outcome (ok, error code).
    pub parses: IntCounterVec,
    /// Parse latency in seconds, by format.
    pub parse_seconds: HistogramVec,
    /// Upload sizes in bytes, by endpoint.
    pub upload_bytes: HistogramVec,
    /// Candidates waiting in the review queue (refreshed on scrape).
    pub review_queue: IntGauge,
    /// Requests being served.
    pub in_flight: IntGauge,
    /// Parses running or waiting for a worker.
    pub parse_pending: IntGauge,
}

impl Metrics {
    pub fn new() -> Result<Metrics, prometheus::Error> {
        let registry = Registry::new_custom(Some("resume_parser".into()), None)?;
        let parses = IntCounterVec::new(
            Opts::new("parses_total", "Documents parsed, by format and outcome"),
            &["format", "outcome"],
        )?;
        let parse_seconds = HistogramVec::new(
            HistogramOpts::new("parse_seconds", "Parse latency (extraction to envelope)").buckets(
                vec![
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                ],
            ),
            &["format"],
        )?;
        let upload_bytes = HistogramVec::new(
            HistogramOpts::new("upload_bytes", "Uploaded document sizes")
                .buckets(prometheus::exponential_buckets(4096.0, 4.0, 8)?),
            &["endpoint"],
        )?;
        let review_queue = IntGauge::new("review_queue_depth", "Candidates waiting for review")?;
        let in_flight = IntGauge::new("http_requests_in_flight", "Requests being served")?;
        let parse_pending =
            IntGauge::new("parse_pending", "Parses running or waiting for a worker")?;
        registry.register(Box::new(parses.clone()))?;
        registry.register(Box::new(parse_seconds.clone()))?;
        registry.register(Box::new(upload_bytes.clone()))?;
        registry.register(Box::new(review_queue.clone()))?;
        registry.register(Box::new(in_flight.clone()))?;
        registry.register(Box::new(parse_pending.clone()))?;
        Ok(Metrics {
            registry,
            parses,
            parse_seconds,
            upload_bytes,
            review_queue,
            in_flight,
            parse_pending,
        })
    }

    /// The registry, for other parts of the service (the ATS writer) to
    /// register their metrics on.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The exposition text.
    pub fn render(&self) -> String {
        let mut buf = Vec::new();
        if TextEncoder::new()
            .encode(&self.registry.gather(), &mut buf)
            .is_err()
        {
            return String::new();
        }
        String::from_utf8(buf).unwrap_or_default()
    }
}
