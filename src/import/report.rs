//! The import report: one record per file, as JSON Lines or CSV, and the
//! summary table.
//!
//! Input: [`Record`]s as files finish. Output: the report file (written and
//! flushed as the import goes, so a killed import leaves what it did) and a
//! summary. Records carry paths, statuses, ids, reason codes and error
//! messages — never resume text or contact details.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::{FileStatus, Record};

/// The report file's format (`--report-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum ReportFormat {
    /// One JSON object per line.
    #[default]
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
}

#[derive(Serialize)]
struct CsvRow<'a> {
    path: String,
    status: &'static str,
    candidate_id: &'a str,
    reasons: String,
    error: &'a str,
    sha256: &'a str,
}

/// Writes records to a file as they come.
pub struct ReportWriter {
    inner: Inner,
}

enum Inner {
    None,
    Jsonl(std::io::BufWriter<std::fs::File>),
    Csv(Box<csv::Writer<std::fs::File>>),
}

impl ReportWriter {
    pub fn none() -> ReportWriter {
        ReportWriter { inner: Inner::None }
    }

    pub fn create(path: &Path, format: ReportFormat) -> std::io::Result<ReportWriter> {
        let f = std::fs::File::create(path)?;
        Ok(ReportWriter {
            inner: match format {
                ReportFormat::Jsonl => Inner::Jsonl(std::io::BufWriter::new(f)),
                ReportFormat::Csv => Inner::Csv(Box::new(csv::Writer::from_writer(f))),
            },
        })
    }

    pub fn write(&mut self, r: &Record) -> std::io::Result<()> {
        match &mut self.inner {
            Inner::None => Ok(()),
            Inner::Jsonl(w) => {
                serde_json::to_writer(&mut *w, r)?;
                w.write_all(b"\n")
            }
            Inner::Csv(w) => w
                .serialize(CsvRow {
                    path: r.path.display().to_string(),
                    status: r.status.as_str(),
                    candidate_id: r.candidate_id.as_deref().unwrap_or(""),
                    reasons: r.reasons.join(";"),
                    error: r.error.as_deref().unwrap_or(""),
                    sha256: r.sha256.as_deref().unwrap_or(""),
                })
                .map_err(std::io::Error::other),
        }
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.inner {
            Inner::None => Ok(()),
            Inner::Jsonl(w) => w.flush(),
            Inner::Csv(w) => w.flush(),
        }
    }
}

/// Counts by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub accepted: usize,
    pub needs_review: usize,
    pub duplicate: usize,
    pub failed: usize,
}

impl Counts {
    pub fn add(&mut self, s: FileStatus) {
        match s {
            FileStatus::Accepted => self.accepted += 1,
            FileStatus::NeedsReview => self.needs_review += 1,
            FileStatus::Duplicate => self.duplicate += 1,
            FileStatus::Failed => self.failed += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.accepted + self.needs_review + self.duplicate + self.failed
    }
}

/// The table printed at the end.
pub fn summary_table(c: &Counts, secs: f64, interrupted: bool, dry_run: bool) -> String {
    let total = c.total();
    let rate = if secs > 0.0 { total as f64 / secs } else { 0.0 };
    let mut s = format!(
        "import{}: {total} files in {secs:.1} s ({rate:.0} files/s){}\n",
        if dry_run {
            " (dry run, nothing written)"
        } else {
            ""
        },
        if interrupted {
            " — interrupted; run it again to import the rest"
        } else {
            ""
        }
    );
    for (label, n) in [
        ("accepted", c.accepted),
        ("needs_review", c.needs_review),
        ("duplicate", c.duplicate),
        ("failed", c.failed),
    ] {
        s.push_str(&format!("  {label:<13}{n:>8}\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_counts_and_rate() {
        let c = Counts {
            accepted: 3,
            needs_review: 1,
            duplicate: 0,
            failed: 1,
        };
        let t = summary_table(&c, 2.5, false, false);
        assert!(t.starts_with("import: 5 files in 2.5 s (2 files/s)"), "{t}");
        assert!(t.contains("  failed              1"), "{t}");
    }
}
