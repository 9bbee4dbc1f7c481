//! `resume-parser import`: the command around [`resume_parser::import`].
//!
//! Input: the folder and flags. Output: the report file, a progress bar on a
//! terminal (plain lines every few seconds otherwise), the summary table on
//! stderr, and an [`Outcome`] for the exit code (non-zero when a file failed
//! or the import was interrupted). Ctrl-C stops the walk, finishes the files
//! in flight and prints the summary; a rerun imports what is missing.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;

use resume_parser::import::report::{Counts, ReportFormat, ReportWriter, summary_table};
use resume_parser::import::{self, Options, Progress, Record};

use super::Outcome;

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The folder (or one file).
    pub root: PathBuf,
    /// Parsing threads (default: all cores); with --server, uploads at once.
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Write a report line per file (path, status, candidate id, reasons, error).
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Jsonl)]
    pub report_format: ReportFormat,
    /// Parse and report only; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import through a running service (its base URL) instead of the local store.
    #[arg(long)]
    pub server: Option<String>,
    /// The service's API key (with --server; default: RESUME_PARSER_API_KEY).
    #[arg(long, env = "RESUME_PARSER_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,
    /// Store URL (overrides DATABASE_URL; default sqlite://resume-parser.db).
    #[arg(long)]
    pub database_url: Option<String>,
    /// A TOML configuration file (the service's: store, limits, ATS).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// The `source` recorded on each candidate.
    #[arg(long)]
    pub source: Option<String>,
    /// Seconds to wait at the end for the ATS writer to empty the outbox.
    #[arg(long = "ats-wait", default_value_t = 30.0)]
    pub ats_wait_secs: f64,
    /// Stop after this many files, as Ctrl-C would (for tests).
    #[arg(long, hide = true)]
    pub stop_after: Option<usize>,
}

/// Shows where the import is: a bar on a terminal, lines otherwise.
struct Display {
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
    last_line: Instant,
    counts: Counts,
    progress: Arc<Progress>,
}

impl Display {
    fn new(progress: Arc<Progress>) -> Display {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = indicatif::ProgressBar::new(0);
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:30} {pos}/{len} files  {per_sec}  ETA {eta}  {msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b
        });
        Display {
            bar,
            started: Instant::now(),
            last_line: Instant::now(),
            counts: Counts::default(),
            progress,
        }
    }

    fn counts_text(&self) -> String {
        let c = &self.counts;
        format!(
            "accepted {} · review {} · duplicate {} · failed {}",
            c.accepted, c.needs_review, c.duplicate, c.failed
        )
    }

    fn record(&mut self, r: &Record) {
        self.counts.add(r.status);
        let found = self.progress.found.load(Ordering::Relaxed) as u64;
        let done = self.counts.total() as u64;
        if let Some(b) = &self.bar {
            b.set_length(found.max(done));
            b.set_position(done);
            b.set_message(self.counts_text());
        } else if self.last_line.elapsed() >= Duration::from_secs(2) {
            self.last_line = Instant::now();
            let secs = self.started.elapsed().as_secs_f64();
            let rate = done as f64 / secs.max(1e-3);
            let total = if self.progress.walk_done.load(Ordering::Relaxed) {
                found.to_string()
            } else {
                format!("{found}+")
            };
            eprintln!(
                "import: {done}/{total} files, {rate:.0}/s, {}",
                self.counts_text()
            );
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

pub fn run(a: ImportArgs) -> anyhow::Result<Outcome> {
    let meta = std::fs::metadata(&a.root)
        .with_context(|| format!("{}: cannot read the folder", a.root.display()))?;
    if !meta.is_dir() && !meta.is_file() {
        anyhow::bail!("{}: not a folder", a.root.display());
    }
    let mut config =
        resume_parser::service::Config::load(a.config.as_deref(), |k| std::env::var(k).ok())
            .context("configuration")?;
    if let Some(u) = a.database_url.clone() {
        config.database_url = u;
    }
    let opts = Options {
        root: a.root.clone(),
        jobs: a.jobs.unwrap_or_else(|| Options::default().jobs).max(1),
        dry_run: a.dry_run,
        max_bytes: config.max_upload_bytes,
        timeout: Duration::from_secs_f64(config.parse_timeout_secs),
        source: a.source.clone().unwrap_or_else(|| "bulk-import".into()),
        stop_after: a.stop_after,
        ..Options::default()
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the runtime")?;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        rt.spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!(
                    "\nimport: stopping — finishing the files in flight (Ctrl-C again to abort)"
                );
                stop.store(true, Ordering::SeqCst);
                if tokio::signal::ctrl_c().await.is_ok() {
                    std::process::exit(130);
                }
            }
        });
    }
    let mut report = match &a.report {
        Some(p) => ReportWriter::create(p, a.report_format)
            .with_context(|| format!("{}: cannot write the report", p.display()))?,
        None => ReportWriter::none(),
    };
    let progress = Arc::new(Progress::default());
    let mut display = Display::new(progress.clone());
    let mut report_error = None;
    let mut on_record = |r: &Record| {
        display.record(r);
        if r.status == import::FileStatus::Failed && display.bar.is_none() {
            eprintln!(
                "{}: {}",
                r.path.display(),
                r.error.as_deref().unwrap_or("failed")
            );
        }
        if let Err(e) = report.write(r) {
            report_error.get_or_insert(e);
        }
    };

    let summary = if let Some(server) = &a.server {
        if a.dry_run {
            anyhow::bail!("--dry-run and --server together: a dry run talks to no server");
        }
        rt.block_on(import::server::run(
            &opts,
            server,
            a.api_key.as_deref(),
            stop.clone(),
            progress.clone(),
            &mut on_record,
        ))?
    } else if a.dry_run {
        import::run_local(
            &opts,
            None,
            rt.handle(),
            stop.clone(),
            progress.clone(),
            &mut on_record,
        )?
    } else {
        let store: Arc<dyn resume_parser::store::Store> = Arc::new(
            rt.block_on(resume_parser::store::sql::SqlStore::connect(
                &config.database_url,
            ))
            .with_context(|| "opening the store".to_string())?,
        );
        // The ATS writer delivers while the import runs (the same worker as
        // `serve`); what it has not sent when the import ends stays in the
        // outbox for `serve`.
        let writer = Arc::new(
            resume_parser::ats::setup::writer(&config.ats, store.clone(), None)
                .context("ATS settings")?,
        );
        let (stop_writer, rx) = tokio::sync::watch::channel(false);
        let writer_task = rt.spawn(writer.run(rx));
        let summary = import::run_local(
            &opts,
            Some(store.clone()),
            rt.handle(),
            stop.clone(),
            progress.clone(),
            &mut on_record,
        )?;
        let deadline = Instant::now() + Duration::from_secs_f64(a.ats_wait_secs.max(0.0));
        while Instant::now() < deadline {
            match rt.block_on(store.outbox_stats()) {
                Ok(s) if s.pending > 0 => std::thread::sleep(Duration::from_millis(200)),
                _ => break,
            }
        }
        let _ = stop_writer.send(true);
        let _ = rt.block_on(writer_task);
        summary
    };
    display.finish();
    report.flush().context("writing the report")?;
    if let Some(e) = report_error {
        return Err(e).context("writing the report");
    }
    eprint!(
        "{}",
        summary_table(
            &summary.counts,
            summary.secs,
            summary.interrupted,
            a.dry_run
        )
    );
    if summary.counts.failed > 0 {
        eprintln!(
            "import: {} file(s) failed (see {})",
            summary.counts.failed,
            a.report
                .as_ref()
                .map_or("the lines above".into(), |p| p.display().to_string())
        );
    }
    rt.shutdown_timeout(Duration::from_secs(1));
    Ok(Outcome {
        failed: summary.counts.failed,
        interrupted: summary.interrupted,
    })
}
