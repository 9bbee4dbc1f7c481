//! Command-line front end: `resume-parser parse FILE...`,
//! `normalize-title [TITLE...]`, `serve`, `import DIR` ([`import`]) and
//! `erase --older-than-days N` (retention, once).
//!
//! Input: file paths and flags. Output: one JSON envelope per file on stdout
//! (pretty for a single file, JSON Lines for several, in input order) and one
//! line per failed file on stderr (`<file>: <reason>`). Files are read here —
//! the only I/O — and parsed in parallel on a rayon pool of `--jobs` threads;
//! the output is identical whatever the number of jobs.

mod import;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use rayon::prelude::*;

use resume_parser::Pipeline;
use resume_parser::extract::Limits;

/// Some input could not be parsed (its error is on stderr).
pub const EXIT_PARTIAL: u8 = 1;
/// The command itself failed (bad arguments, stdout closed, …).
pub const EXIT_FAILURE: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "resume-parser",
    version,
    about = "Parse resumes (PDF, DOCX, text) into structured JSON Resume candidates"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Parse files and print one JSON envelope per file.
    Parse {
        /// Files to parse (format is sniffed from the bytes).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Parallel workers (default: all cores).
        #[arg(long, short = 'j')]
        jobs: Option<usize>,
        /// Print JSON Lines even for a single file.
        #[arg(long)]
        compact: bool,
        /// Per-file extraction deadline, in seconds.
        #[arg(long, default_value_t = 5.0)]
        timeout: f64,
        /// Print how each file was read (lines, sections, layout cues) instead of JSON.
        #[arg(long)]
        explain: bool,
    },
    /// Run the HTTP service (defaults: 127.0.0.1:8080, SQLite ./resume-parser.db).
    Serve {
        /// A TOML configuration file (environment variables override it).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Address to bind (overrides RESUME_PARSER_BIND).
        #[arg(long)]
        bind: Option<std::net::SocketAddr>,
        /// Store URL (overrides DATABASE_URL): sqlite://FILE or postgres://…
        #[arg(long)]
        database_url: Option<String>,
    },
    /// Import a folder of resumes (recursively) into the store — or through a
    /// running service with --server — in parallel, resumably, with a report.
    Import(import::ImportArgs),
    /// Erase candidates older than N days (retention), with their files,
    /// text, parses, review trail, outbox rows and delivery log.
    Erase {
        /// Erase candidates received more than this many days ago.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        older_than_days: u32,
        /// A TOML configuration file (for `database_url`).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Store URL (overrides DATABASE_URL): sqlite://FILE or postgres://…
        #[arg(long)]
        database_url: Option<String>,
    },
    /// Map job titles to O*NET-SOC occupations: one JSON object per title.
    /// Titles come from the arguments, or one per line on stdin.
    NormalizeTitle {
        /// Titles to normalise (none: read stdin).
        titles: Vec<String>,
    },
}

/// What a run did, for the exit code.
pub struct Outcome {
    pub failed: usize,
    /// Stopped before the end (Ctrl-C during an import).
    pub interrupted: bool,
}

/// An import stopped by Ctrl-C (the conventional 128 + SIGINT).
pub const EXIT_INTERRUPTED: u8 = 130;

/// Map an outcome to the process exit code (the one place that does).
pub fn exit_code(o: &Outcome) -> ExitCode {
    if o.interrupted {
        ExitCode::from(EXIT_INTERRUPTED)
    } else if o.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_PARTIAL)
    }
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    match args.command {
        Command::Parse {
            files,
            jobs,
            compact,
            timeout,
            explain,
        } => parse(&files, jobs, compact, timeout, explain),
        Command::NormalizeTitle { titles } => normalize_titles(&titles),
        Command::Import(a) => import::run(a),
        Command::Serve {
            config,
            bind,
            database_url,
        } => serve(config.as_deref(), bind, database_url),
        Command::Erase {
            older_than_days,
            config,
            database_url,
        } => erase(older_than_days, config.as_deref(), database_url),
    }
}

/// `erase --older-than-days N`: what the service's retention task does, once.
fn erase(
    days: u32,
    file: Option<&std::path::Path>,
    database_url: Option<String>,
) -> anyhow::Result<Outcome> {
    use resume_parser::store::Store as _;
    let mut config = resume_parser::service::Config::load(file, |k| std::env::var(k).ok())
        .context("configuration")?;
    if let Some(u) = database_url {
        config.database_url = u;
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?;
    let cutoff = resume_parser::service::retention_cutoff(days);
    let erased = rt.block_on(async {
        let store = resume_parser::store::sql::SqlStore::connect(&config.database_url)
            .await
            .context("opening the store")?;
        store
            .erase_older_than(&cutoff)
            .await
            .context("erasing old candidates")
    })?;
    println!("erased {erased} candidates received before {cutoff} (older than {days} days)");
    Ok(Outcome {
        failed: 0,
        interrupted: false,
    })
}

fn parse(
    files: &[PathBuf],
    jobs: Option<usize>,
    compact: bool,
    timeout: f64,
    explain: bool,
) -> anyhow::Result<Outcome> {
    if !(timeout.is_finite() && timeout > 0.0) {
        anyhow::bail!("--timeout must be a positive number of seconds");
    }
    let limits = Limits {
        deadline: std::time::Duration::from_secs_f64(timeout),
        ..Limits::default()
    };
    let pipeline = Pipeline::with_limits(limits);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .context("starting the worker pool")?;
    let max = limits.max_bytes;
    let results: Vec<Result<String, String>> = pool.install(|| {
        files
            .par_iter()
            .map(|path| {
                let bytes = resume_parser::import::read_limited(path, max)?;
                if explain {
                    return pipeline
                        .explain(&bytes)
                        .map(|t| format!("== {}\n{}", path.display(), t.trim_end()))
                        .map_err(|e| e.to_string());
                }
                let env = pipeline.parse(&bytes).map_err(|e| e.to_string())?;
                let json = if compact || files.len() > 1 {
                    serde_json::to_string(&env)
                } else {
                    serde_json::to_string_pretty(&env)
                };
                json.map_err(|e| format!("could not serialise the result: {e}"))
            })
            .collect()
    });
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = 0;
    for (path, r) in files.iter().zip(results) {
        match r {
            Ok(json) => writeln!(out, "{json}").context("writing to stdout")?,
            Err(e) => {
                failed += 1;
                eprintln!("{}: {e}", path.display());
            }
        }
    }
    out.flush().context("writing to stdout")?;
    Ok(Outcome {
        failed,
        interrupted: false,
    })
}

fn normalize_titles(titles: &[String]) -> anyhow::Result<Outcome> {
    use std::io::BufRead;
    let tax = resume_parser::taxonomy::Taxonomy::embedded();
    let norm = resume_parser::normalize::TitleNormalizer::new(tax);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut emit = |t: &str| -> anyhow::Result<()> {
        let m = norm.normalize(t.trim());
        serde_json::to_writer(&mut out, &m).context("writing JSON")?;
        out.write_all(b"\n").context("writing to stdout")?;
        Ok(())
    };
    if titles.is_empty() {
        for line in std::io::stdin().lock().lines() {
            let line = line.context("reading titles from stdin")?;
            if !line.trim().is_empty() {
                emit(&line)?;
            }
        }
    } else {
        for t in titles {
            emit(t)?;
        }
    }
    out.flush().context("writing to stdout")?;
    Ok(Outcome {
        failed: 0,
        interrupted: false,
    })
}

fn serve(
    file: Option<&std::path::Path>,
    bind: Option<std::net::SocketAddr>,
    database_url: Option<String>,
) -> anyhow::Result<Outcome> {
    let mut config = resume_parser::service::Config::load(file, |k| std::env::var(k).ok())
        .context("configuration")?;
    if let Some(b) = bind {
        config.bind = b;
    }
    if let Some(u) = database_url {
        config.database_url = u;
    }
    actix_web::rt::System::new().block_on(resume_parser::service::run(config))?;
    Ok(Outcome {
        failed: 0,
        interrupted: false,
    })
}
