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
/// Longest line handed on: a longer one (a DOCX paragraph, a plain-text
/// resume written as one line) is split into several at a sentence or word
/// boundary, so later stages never see an unbounded line. Nothing is dropped.
pub const MAX_LINE_CHARS: usize = 5_000;

/// Cut a document's text to [`MAX_CHARS`] (noting it) and split its lines
/// to at most [`MAX_LINE_CHARS`]. One pass: a line is cut to what is left of
/// the budget before it is split, so a 40 MB paragraph costs no more than
/// the text that is kept.
fn cap_text(mut doc: Extracted) -> Extracted {
    let lines = std::mem::take(&mut doc.lines);
    let mut left = MAX_CHARS;
    for mut line in lines {
        if left == 0 {
            doc.omitted.truncated = true;
            break;
        }
        if let Some((at, _)) = line.text.char_indices().nth(left) {
            line.text.truncate(at);
            doc.omitted.truncated = true;
        }
        left -= line.text.chars().count();
        split_long_line(line, &mut doc.lines);
    }
    doc
}

/// Push `line` onto `out` in pieces of at most [`MAX_LINE_CHARS`]
/// characters, each ending after a sentence (". ", "; ", a bullet) in the
/// last fifth of its window where there is one, else at the last space.
fn split_long_line(mut line: Line, out: &mut Vec<Line>) {
    while let Some((limit, _)) = line.text.char_indices().nth(MAX_LINE_CHARS) {
        let window = &line.text[..limit];
        let floor = window
            .char_indices()
            .nth(MAX_LINE_CHARS * 4 / 5)
            .map_or(0, |(i, _)| i);
        let sentence = [". ", "; ", " \u{2022} ", " - "]
            .iter()
            .filter_map(|sep| window.rfind(sep).map(|i| i + sep.len()))
            .filter(|&i| i > floor)
            .max();
        let at = sentence
            .or_else(|| window.rfind(char::is_whitespace).filter(|&i| i > 0))
            .unwrap_or(limit);
        let rest = line.text.split_off(at);
        let piece = Line {
            text: line.text.trim_end().to_owned(),
            ..line.clone()
        };
        out.push(piece);
        line.text = rest.trim_start().to_owned();
        line.gap_before = 0.0;
    }
    if !line.text.is_empty() {
        out.push(line);
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: String) -> Line {
        Line {
            text,
            page: 1,
            x: 0.0,
            y: 0.0,
            size: 0.0,
            bold: false,
            column: 0,
            gap_before: 1.0,
            origin: Origin::Body,
        }
    }

    #[test]
    fn long_lines_are_split_not_cut() {
        let sentence = "Worked as a Software Engineer at Example Corp on billing systems. ";
        let text = sentence.repeat(400).trim_end().to_owned(); // ~26,000 characters
        let mut out = Vec::new();
        split_long_line(line(text.clone()), &mut out);
        assert!(out.len() >= 6, "{} pieces", out.len());
        assert!(out.iter().all(|l| l.text.chars().count() <= MAX_LINE_CHARS));
        // Split after a sentence: every piece is whole sentences.
        assert!(
            out.iter().all(|l| l.text.ends_with('.')),
            "a piece ends mid-sentence"
        );
        let joined: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(joined.join(" "), text);
        assert_eq!(out[0].gap_before, 1.0);
        assert_eq!(out[1].gap_before, 0.0);
    }

    #[test]
    fn a_huge_paragraph_is_cut_to_the_budget_then_split() {
        let doc = Extracted {
            lines: vec![line("word ".repeat(400_000)), line("after".into())],
            ..Default::default()
        };
        let doc = cap_text(doc);
        assert!(doc.omitted.truncated);
        assert!(doc.chars() <= MAX_CHARS);
        assert!(doc.chars() > MAX_CHARS - MAX_LINE_CHARS);
        assert!(
            doc.lines
                .iter()
                .all(|l| l.text.chars().count() <= MAX_LINE_CHARS)
        );
        assert!(doc.lines.iter().all(|l| l.text != "after"));
    }

    #[test]
    fn a_line_without_spaces_is_cut_at_the_limit() {
        let mut out = Vec::new();
        split_long_line(line("é".repeat(MAX_LINE_CHARS * 2 + 7)), &mut out);
        let counts: Vec<usize> = out.iter().map(|l| l.text.chars().count()).collect();
        assert_eq!(counts, vec![MAX_LINE_CHARS, MAX_LINE_CHARS, 7]);
    }
}
