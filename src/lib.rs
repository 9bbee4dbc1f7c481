//! resume-parser: PDF, DOCX and text resumes into structured, scored candidates.
//!
//! The pipeline (a pure core: bytes in, values out; no I/O, async or database):
//!
//! 1. [`extract`] — sniff the format from the bytes and read positioned lines
//!    (PDF glyphs rebuilt into lines and columns; DOCX XML streamed; text decoded),
//!    under a deadline with panics contained;
//! 2. [`layout`] — normalise lines and express layout cues relative to the body;
//! 3. [`segment`] — cut the lines into sections by a heading dictionary and layout;
//! 4. [`entities`] — contact, headline, work, education, skills and the rest;
//! 5. [`normalize`] — job titles to O*NET-SOC occupations (with SOC 2018 and ISCO-08);
//! 6. [`score`] — per-field and document confidence, review reasons;
//!
//! all orchestrated by [`pipeline::Pipeline`], built once (automata, regexes,
//! [`taxonomy`] tables in a [`lexicon::Lexicon`]) and shared read-only.
//! The output types live in [`model`]. Outside the pure core: [`service`] (the
//! HTTP API, `resume-parser serve`) and [`store`] (SQLite / PostgreSQL).

pub mod ats;
pub mod entities;
pub mod extract;
pub mod import;
pub mod intake;
pub mod layout;
pub mod lexicon;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod score;
pub mod segment;
pub mod service;
pub mod store;
pub mod taxonomy;

pub use model::Envelope;
pub use pipeline::{ParseError, Pipeline};
