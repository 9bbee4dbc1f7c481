//! Entities: sections of prepared lines into resume values.
//!
//! Input: the prepared lines, their sections and the [`Lexicon`]. Output:
//! [`Found`] values — each carries its confidence and the line it came from,
//! which the scoring stage turns into the envelope's `fields` map.
//!
//! One module per concern: [`dates`], [`contact`] (name, e-mail, phone,
//! location, links, headline), [`work`], [`education`], [`skills`], and
//! [`extras`] (certificates, languages, projects, awards).

pub mod contact;
pub mod dates;
pub mod education;
pub mod extras;
pub mod fragments;
pub mod skills;
pub mod work;

use crate::layout::Ln;
use crate::lexicon::Lexicon;
use crate::segment::{Section, SectionKind};

/// A value with how sure we are of it and where it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    pub value: T,
    pub confidence: f32,
    /// Index into the prepared lines.
    pub line: usize,
}

impl<T> Found<T> {
    pub fn new(value: T, confidence: f32, line: usize) -> Found<T> {
        Found {
            value,
            confidence: confidence.clamp(0.0, 1.0),
            line,
        }
    }
}

/// What every entity stage reads.
pub struct Context<'a> {
    pub lines: &'a [Ln],
    pub sections: &'a [Section],
    pub lex: &'a Lexicon,
}

impl Context<'_> {
    /// Line index ranges of every section of `kind`.
    pub fn ranges(&self, kind: SectionKind) -> Vec<std::ops::Range<usize>> {
        self.sections
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| s.start..s.end)
            .collect()
    }

    pub fn has(&self, kind: SectionKind) -> bool {
        self.sections
            .iter()
            .any(|s| s.kind == kind && s.end > s.start)
    }

    /// The section kind a line belongs to.
    pub fn kind_of(&self, line: usize) -> SectionKind {
        self.sections
            .iter()
            .find(|s| (s.start..s.end).contains(&line) || s.heading_at == Some(line))
            .map(|s| s.kind)
            .unwrap_or(SectionKind::Other)
    }

    pub fn is_heading(&self, line: usize) -> bool {
        self.sections.iter().any(|s| s.heading_at == Some(line))
    }
}

/// A whole parse of a plain-text resume, for the entity modules' tests (one
/// pipeline for all of them).
#[cfg(test)]
pub(crate) fn parse_text(text: &str) -> crate::model::Resume {
    use std::sync::LazyLock;
    static PIPELINE: LazyLock<crate::pipeline::Pipeline> =
        LazyLock::new(crate::pipeline::Pipeline::new);
    PIPELINE
        .parse(text.as_bytes())
        .unwrap_or_else(|e| panic!("parse failed: {e}"))
        .resume
}
