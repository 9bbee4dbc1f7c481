//! resume-parser: PDF, DOCX and text resumes into structured, scored candidates.
//!
//! The pipeline (a pure core: bytes in, values out; no I/O, async or database):
//! extract → segment → entities → normalize → score.

pub mod extract;
