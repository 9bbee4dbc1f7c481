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
