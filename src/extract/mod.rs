//! Extraction: raw bytes of an uploaded file into positioned lines of text.
//!
//! Input: the bytes of one file, whatever its name says. Output: an [`Extracted`]
//! document — the sniffed [`Format`], page count, and [`Line`]s in reading order
//! (one column at a time for multi-column PDFs), each with the layout cues later
//! stages use to find headings and names (font size, bold, indentation, page).
//!
//! Why this shape: segmentation and entity rules work on lines, and the layout
//! cues (a larger font, a bold run, a short line) are the best evidence of a
//! heading or a name that a rule-based parser has. Every format reduces to the
//! same `Vec<Line>` so that the rest of the pipeline is format-blind.
//!
//! Every extractor runs under a deadline with panics contained ([`guard`]):
//! a dependency that panics or loops on a hostile file yields an
//! [`ExtractError`], never a crash or a hang of the caller. Where it runs —
//! a guard thread or a worker process killed at the deadline ([`worker`]) — is
//! [`Limits::isolation`].

pub mod docx;
pub mod guard;
pub mod pdf;
mod pdf_hidden;
mod pdf_streams;
pub mod sniff;
pub mod text;
pub mod worker;

use std::time::Duration;

use serde::Serialize;

pub use sniff::{Format, sniff};
pub use worker::{ExtractIsolation, Reader};

/// One line of text with the layout evidence that came with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// The text, whitespace-trimmed, inner runs of spaces kept as one space
    /// except where a wide gap separated two fields (then a tab `\t`).
    pub text: String,
    /// 1-based page (always 1 for DOCX and text).
    pub page: u32,
    /// Left edge in points from the left of the page (0 when unknown).
    pub x: f32,
    /// Top of the line in points from the top of the page (0 when unknown).
    pub y: f32,
    /// Dominant font size in points (0 when unknown, e.g. plain text).
    pub size: f32,
    /// Most of the line's characters are bold (false when unknown).
    pub bold: bool,
    /// Column index on the page, 0 = leftmost (always 0 for single-column).
    pub column: u8,
    /// Vertical space above this line, in multiples of its own height
    /// (0 when unknown). A blank line in plain text counts as 1.
    pub gap_before: f32,
    /// Where the line came from inside the document.
    pub origin: Origin,
}

/// The part of the document a line was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Body,
    /// A table cell (DOCX) — `Line::column` is then the cell's column index.
    Table,
    Header,
    Footer,
    TextBox,
}

/// A whole extracted document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Extracted {
    pub format: Format,
    pub pages: u32,
    pub lines: Vec<Line>,
    /// Link targets found in the file's structure (PDF link annotations,
    /// DOCX hyperlink relationships): often the only place a LinkedIn URL
    /// or a `mailto:` address is written.
    pub links: Vec<String>,
    /// What the reader left out of `lines`, and why.
    #[serde(skip_serializing_if = "Omitted::is_empty")]
    pub omitted: Omitted,
}

/// Text a reader did not pass on: hidden text (not trusted) and text past a
/// limit (not read). The score turns these into findings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Omitted {
    /// Characters (not counting whitespace) of text drawn so that no reader
    /// sees it: white on white, invisible render mode, clipped, off the page,
    /// under a point tall (PDF only; see `pdf_hidden`).
    pub hidden_chars: u32,
    /// How it was hidden: a bit set, see [`Omitted::hidden_how`].
    pub hidden_kinds: u8,
    /// Pages past [`pdf::MAX_PAGES`], not read.
    pub pages_skipped: u32,
    /// Text past a limit (glyphs, operators per stream, characters, line
    /// length) was cut.
    pub truncated: bool,
}

impl Omitted {
    pub fn is_empty(&self) -> bool {
        *self == Omitted::default()
    }

    /// The ways text was hidden, in words ("the colour of its background
    /// (white on white), off the page").
    pub fn hidden_how(&self) -> String {
        pdf_hidden::describe(self.hidden_kinds)
    }
}

/// Characters kept over a whole document: several times the longest CV.
/// Later stages run without a deadline, so their input is bounded here.
pub const MAX_CHARS: usize = 300_000;
/// Characters kept per line (a DOCX paragraph can be one long line).
pub const MAX_LINE_CHARS: usize = 5_000;

/// Cut a document's text to [`MAX_CHARS`] and its lines to
/// [`MAX_LINE_CHARS`], noting it.
fn cap_text(mut doc: Extracted) -> Extracted {
    let mut total = 0usize;
    let mut keep = doc.lines.len();
    for (i, line) in doc.lines.iter_mut().enumerate() {
        let mut n = line.text.chars().count();
        if n > MAX_LINE_CHARS {
            if let Some((at, _)) = line.text.char_indices().nth(MAX_LINE_CHARS) {
                line.text.truncate(at);
            }
            n = MAX_LINE_CHARS;
            doc.omitted.truncated = true;
        }
        if total + n > MAX_CHARS {
            keep = i;
            doc.omitted.truncated = true;
            break;
        }
        total += n;
    }
    doc.lines.truncate(keep);
    doc
}

impl Extracted {
    /// Characters of text over all lines.
    pub fn chars(&self) -> usize {
        self.lines.iter().map(|l| l.text.chars().count()).sum()
    }
}

/// Why a file could not be turned into text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExtractError {
    #[error("empty file")]
    Empty,
    #[error("file too large ({size} bytes; the limit is {limit})")]
    TooLarge { size: usize, limit: usize },
    #[error("unsupported format (looks like {0})")]
    Unsupported(&'static str),
    #[error("encrypted PDF")]
    Encrypted,
    #[error("PDF has no text layer")]
    NoTextLayer,
    #[error("{format} has no text (images only?)")]
    NoText { format: &'static str },
    #[error("damaged {format}: {detail}")]
    Corrupt {
        format: &'static str,
        detail: String,
    },
    #[error("DOCX expands past the {limit}-byte limit (zip bomb?)")]
    Bomb { limit: u64 },
    #[error("timed out after {} s", .0.as_secs_f32())]
    Timeout(Duration),
    #[error("the {format} reader crashed on this file")]
    Panicked { format: &'static str },
    /// Too many earlier readers overran their deadline and still run on
    /// abandoned threads; try again later.
    #[error("busy: {abandoned} earlier extractions are still running past their deadline")]
    Busy { abandoned: usize },
    /// No extraction worker process could be used.
    #[error("extraction worker failed: {0}")]
    Worker(String),
}

/// Resource limits for one extraction.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest input accepted, in bytes.
    pub max_bytes: usize,
    /// Largest total of decompressed XML read from a DOCX.
    pub max_inflated: u64,
    /// Wall-clock deadline for one extraction.
    pub deadline: Duration,
    /// Where PDF and DOCX readers run: a guard thread or a worker process
    /// (default `Auto`: a process in the `resume-parser` binary, a thread in
    /// library users and tests).
    pub isolation: ExtractIsolation,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 20 * 1024 * 1024,
            max_inflated: 64 * 1024 * 1024,
            deadline: Duration::from_secs(5),
            isolation: ExtractIsolation::Auto,
        }
    }
}

/// Extract text from `bytes`: sniff the format, dispatch to its reader under
/// the deadline with panics contained.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(ExtractError::TooLarge {
            size: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    let doc = match sniff(bytes) {
        // A panic inside the PDF library means it could not follow the file's
        // structure: for the user that is a damaged PDF, said as such.
        Format::Pdf => guard::run_reader(Reader::Pdf, limits, bytes).map_err(|e| match e {
            ExtractError::Panicked { format } => ExtractError::Corrupt {
                format,
                detail: "its structure is broken (objects missing or malformed)".into(),
            },
            e => e,
        }),
        Format::Docx => guard::run_reader(
            Reader::Docx {
                max_inflated: limits.max_inflated,
            },
            limits,
            bytes,
        ),
        Format::Text => text::extract(bytes),
        Format::Other(what) => Err(ExtractError::Unsupported(what)),
    }?;
    Ok(cap_text(doc))
}
