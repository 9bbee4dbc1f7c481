//! Service configuration: defaults, then a TOML file, then the environment,
//! then command-line flags (each overriding the one before).
//!
//! Input: `resume-parser serve [--config FILE] [--bind ADDR] …` and the
//! `RESUME_PARSER_*` / `DATABASE_URL` variables. Output: a validated
//! [`Config`]. With nothing set, the service binds 127.0.0.1:8080 and keeps its
//! data in `./resume-parser.db` (SQLite): nothing to install.

use std::net::SocketAddr;
use std::path::Path;

use serde::Deserialize;

/// Why the configuration is unusable.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("reading {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Toml {
        path: String,
        source: Box<toml::de::Error>,
    },
    #[error("{name}: {detail}")]
    Invalid { name: &'static str, detail: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// `RESUME_PARSER_BIND` (default `127.0.0.1:8080`).
    pub bind: SocketAddr,
    /// `DATABASE_URL` (default `sqlite://resume-parser.db`).
    pub database_url: String,
    /// `RESUME_PARSER_API_KEYS`: comma-separated bearer keys. Empty: no key
    /// is required (a warning is logged at start-up).
    pub api_keys: Vec<String>,
    /// `RESUME_PARSER_MAX_UPLOAD_BYTES` (default 10 MB).
    pub max_upload_bytes: usize,
    /// `RESUME_PARSER_PARSE_WORKERS`: parses run at once (default: cores).
    pub parse_workers: usize,
    /// `RESUME_PARSER_PARSE_QUEUE`: parses allowed to wait for a worker
    /// (default 16 × workers); beyond it requests get 503 + Retry-After.
    pub parse_queue: usize,
    /// `RESUME_PARSER_PARSE_TIMEOUT_SECS`: per-document extraction deadline (default 5).
    pub parse_timeout_secs: f64,
    /// `RESUME_PARSER_CORS_ORIGINS`: comma-separated origins allowed to post
    /// the career-site form (default none).
    pub cors_origins: Vec<String>,
    /// `RESUME_PARSER_PUBLIC_SUBMIT`: whether `POST /v1/candidates` is open
    /// without a key, for a public career-site form (default true).
    pub public_submit: bool,
    /// Where accepted candidates are written (the `[ats]` table, `ATS_*`).
    pub ats: AtsSettings,
    /// `RETENTION_DAYS`: candidates older than this many days are erased
    /// (with their file, text, parse, review trail, outbox rows and delivery
    /// log) by a task that `serve` runs at start and every hour. None (the
    /// default): kept until erased by hand.
    pub retention_days: Option<u32>,
}

/// The ATS writer's settings: the `[ats]` table of the TOML file, then the
/// `ATS_*` / `WEBHOOK_*` variables. Defaults: `kind = none` (candidates stay
/// in the local store) and each vendor's documented rate limit.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AtsSettings {
    /// `ATS_KIND`: greenhouse | lever | webhook | none.
    pub kind: Option<String>,
    /// `ATS_BASE_URL` (default: the vendor's API host).
    pub base_url: Option<String>,
    /// `ATS_API_KEY`.
    pub api_key: Option<String>,
    /// `ATS_ON_BEHALF_OF`: Greenhouse user id / Lever `perform_as`.
    pub on_behalf_of: Option<String>,
    /// `ATS_JOB_ID`: the job to apply to when a submission names none.
    pub job_id: Option<String>,
    /// `WEBHOOK_URL`: the webhook writer's URL, or (beside greenhouse or
    /// lever) where lifecycle notifications go.
    pub webhook_url: Option<String>,
    /// `WEBHOOK_SECRET`: `whsec_<base64>` or raw text.
    pub webhook_secret: Option<String>,
    /// `ATS_MAPPING`: a TOML file overriding lines of the default mapping.
    pub mapping: Option<String>,
    /// `ATS_ON_DUPLICATE`: attach (default) | skip | review.
    pub on_duplicate: Option<String>,
    /// `ATS_RATE_PER_SEC` / `ATS_BURST` (default: the vendor's documented limit).
    pub rate_per_sec: Option<f64>,
    pub burst: Option<f64>,
    /// `ATS_MAX_ATTEMPTS` (default unset: no cap) before the candidate goes
    /// to review; transient failures are otherwise bounded by
    /// `give_up_after_hours`, so a long outage drops nothing.
    pub max_attempts: Option<u32>,
    /// `ATS_RETRY_BASE_MS` (default 2000): first retry delay, doubled each time.
    pub retry_base_ms: Option<u64>,
    /// `ATS_RETRY_MAX_MS` (default 600000): the longest delay between two
    /// attempts of one delivery.
    pub retry_max_ms: Option<u64>,
    /// `ATS_GIVE_UP_AFTER_HOURS` (default 72): transient failures (429, 5xx,
    /// no answer) are retried until the delivery is this old; then the
    /// candidate goes to review (`ats_write_failed`).
    pub give_up_after_hours: Option<f64>,
    /// `ATS_TIMEOUT_SECS` (default 30): deadline of each call.
    pub timeout_secs: Option<f64>,
    /// `ATS_LEASE_SECS` (default 300): how long a worker holds a delivery.
    pub lease_secs: Option<f64>,
}

impl AtsSettings {
    fn overlay(&mut self, get: &impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        let text = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        macro_rules! set {
            ($field:ident, $name:literal) => {
                if let Some(v) = text($name) {
                    self.$field = Some(v);
                }
            };
            ($field:ident, $name:literal, parse) => {
                if let Some(v) = text($name) {
                    self.$field = Some(parse($name, &v)?);
                }
            };
        }
        set!(kind, "ATS_KIND");
        set!(base_url, "ATS_BASE_URL");
        set!(api_key, "ATS_API_KEY");
        set!(on_behalf_of, "ATS_ON_BEHALF_OF");
        set!(job_id, "ATS_JOB_ID");
        set!(webhook_url, "WEBHOOK_URL");
        set!(webhook_secret, "WEBHOOK_SECRET");
        set!(mapping, "ATS_MAPPING");
        set!(on_duplicate, "ATS_ON_DUPLICATE");
        set!(rate_per_sec, "ATS_RATE_PER_SEC", parse);
        set!(burst, "ATS_BURST", parse);
        set!(max_attempts, "ATS_MAX_ATTEMPTS", parse);
        set!(retry_base_ms, "ATS_RETRY_BASE_MS", parse);
        set!(retry_max_ms, "ATS_RETRY_MAX_MS", parse);
        set!(give_up_after_hours, "ATS_GIVE_UP_AFTER_HOURS", parse);
        set!(timeout_secs, "ATS_TIMEOUT_SECS", parse);
        set!(lease_secs, "ATS_LEASE_SECS", parse);
        Ok(())
    }
}

impl Default for Config {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: "sqlite://resume-parser.db".into(),
            api_keys: Vec::new(),
            max_upload_bytes: 10 * 1024 * 1024,
            parse_workers: cores,
            parse_queue: 16 * cores,
            parse_timeout_secs: 5.0,
            cors_origins: Vec::new(),
            public_submit: true,
            ats: AtsSettings::default(),
            retention_days: None,
        }
    }
}

/// The TOML file: every key optional, same names as the fields.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<String>,
    database_url: Option<String>,
    api_keys: Option<Vec<String>>,
    max_upload_bytes: Option<usize>,
    parse_workers: Option<usize>,
    parse_queue: Option<usize>,
    parse_timeout_secs: Option<f64>,
    cors_origins: Option<Vec<String>>,
    public_submit: Option<bool>,
    ats: Option<AtsSettings>,
    retention_days: Option<u32>,
}

fn list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

fn parse<T: std::str::FromStr>(name: &'static str, v: &str) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    v.trim().parse().map_err(|e: T::Err| ConfigError::Invalid {
        name,
        detail: format!("{v:?}: {e}"),
    })
}

impl Config {
    /// Defaults ← `file` (if any) ← environment (`get` reads a variable).
    pub fn load(
        file: Option<&Path>,
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut c = Config::default();
        if let Some(path) = file {
            let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                path: path.display().to_string(),
                source,
            })?;
            let f: FileConfig = toml::from_str(&text).map_err(|e| ConfigError::Toml {
                path: path.display().to_string(),
                source: Box::new(e),
            })?;
            if let Some(v) = f.bind {
                c.bind = parse("bind", &v)?;
            }
            c.database_url = f.database_url.unwrap_or(c.database_url);
            c.api_keys = f.api_keys.unwrap_or(c.api_keys);
            c.max_upload_bytes = f.max_upload_bytes.unwrap_or(c.max_upload_bytes);
            c.parse_workers = f.parse_workers.unwrap_or(c.parse_workers);
            c.parse_queue = f.parse_queue.unwrap_or(c.parse_queue);
            c.parse_timeout_secs = f.parse_timeout_secs.unwrap_or(c.parse_timeout_secs);
            c.cors_origins = f.cors_origins.unwrap_or(c.cors_origins);
            c.public_submit = f.public_submit.unwrap_or(c.public_submit);
            c.ats = f.ats.unwrap_or_default();
            c.retention_days = f.retention_days.or(c.retention_days);
        }
        if let Some(v) = get("RESUME_PARSER_BIND") {
            c.bind = parse("RESUME_PARSER_BIND", &v)?;
        }
        if let Some(v) = get("DATABASE_URL") {
            c.database_url = v;
        }
        if let Some(v) = get("RESUME_PARSER_API_KEYS") {
            c.api_keys = list(&v);
        }
        if let Some(v) = get("RESUME_PARSER_MAX_UPLOAD_BYTES") {
            c.max_upload_bytes = parse("RESUME_PARSER_MAX_UPLOAD_BYTES", &v)?;
        }
        if let Some(v) = get("RESUME_PARSER_PARSE_WORKERS") {
            c.parse_workers = parse("RESUME_PARSER_PARSE_WORKERS", &v)?;
        }
        if let Some(v) = get("RESUME_PARSER_PARSE_QUEUE") {
            c.parse_queue = parse("RESUME_PARSER_PARSE_QUEUE", &v)?;
        }
        if let Some(v) = get("RESUME_PARSER_PARSE_TIMEOUT_SECS") {
            c.parse_timeout_secs = parse("RESUME_PARSER_PARSE_TIMEOUT_SECS", &v)?;
        }
        if let Some(v) = get("RESUME_PARSER_CORS_ORIGINS") {
            c.cors_origins = list(&v);
        }
        if let Some(v) = get("RESUME_PARSER_PUBLIC_SUBMIT") {
            c.public_submit = parse("RESUME_PARSER_PUBLIC_SUBMIT", &v)?;
        }
        if let Some(v) = get("RETENTION_DAYS").filter(|v| !v.trim().is_empty()) {
            c.retention_days = Some(parse("RETENTION_DAYS", &v)?);
        }
        c.ats.overlay(&get)?;
        c.validate()?;
        Ok(c)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if self.parse_workers == 0 {
            return Err(ConfigError::Invalid {
                name: "parse_workers",
                detail: "must be at least 1".into(),
            });
        }
        if self.max_upload_bytes == 0 {
            return Err(ConfigError::Invalid {
                name: "max_upload_bytes",
                detail: "must be at least 1".into(),
            });
        }
        if !(self.parse_timeout_secs > 0.0 && self.parse_timeout_secs <= 600.0) {
            return Err(ConfigError::Invalid {
                name: "parse_timeout_secs",
                detail: "must be in (0, 600]".into(),
            });
        }
        if self.retention_days == Some(0) {
            return Err(ConfigError::Invalid {
                name: "retention_days",
                detail: "must be at least 1 (unset keeps candidates until erased)".into(),
            });
        }
        if !(self.database_url.starts_with("sqlite:")
            || self.database_url.starts_with("postgres://")
            || self.database_url.starts_with("postgresql://"))
        {
            return Err(ConfigError::Invalid {
                name: "DATABASE_URL",
                detail: "must start with sqlite: or postgres://".into(),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_need_nothing() {
        let c = Config::load(None, |_| None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert!(c.database_url.starts_with("sqlite:"));
        assert!(c.api_keys.is_empty());
    }

    #[test]
    fn environment_overrides() {
        let c = Config::load(None, |k| match k {
            "RESUME_PARSER_BIND" => Some("0.0.0.0:9000".into()),
            "RESUME_PARSER_API_KEYS" => Some("a, b".into()),
            "DATABASE_URL" => Some("postgres://u@h/db".into()),
            _ => None,
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.bind.port(), 9000);
        assert_eq!(c.api_keys, ["a", "b"]);
        assert!(c.database_url.starts_with("postgres"));
    }

    #[test]
    fn retention_from_file_and_environment() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("s.toml");
        std::fs::write(&path, "retention_days = 30\n").unwrap_or_else(|e| panic!("{e}"));
        let c = Config::load(Some(&path), |_| None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.retention_days, Some(30));
        let c = Config::load(Some(&path), |k| {
            (k == "RETENTION_DAYS").then(|| "7".to_owned())
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.retention_days, Some(7));
        assert_eq!(
            Config::load(None, |_| None).map(|c| c.retention_days).ok(),
            Some(None)
        );
        assert!(Config::load(None, |k| (k == "RETENTION_DAYS").then(|| "0".to_owned())).is_err());
    }

    #[test]
    fn bad_values_are_named() {
        let e = Config::load(None, |k| {
            (k == "RESUME_PARSER_MAX_UPLOAD_BYTES").then(|| "ten".to_owned())
        });
        assert!(matches!(
            e,
            Err(ConfigError::Invalid {
                name: "RESUME_PARSER_MAX_UPLOAD_BYTES",
                ..
            })
        ));
    }
}
