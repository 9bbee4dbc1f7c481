//! Scoring: per-field confidences into the envelope's `fields` map, and a
//! document verdict — confidence, `review_required`, reasons and findings.
//!
//! Input: the assembled resume, the entity stages' [`Found`] confidences, the
//! prepared lines (for source positions) and text statistics. Output:
//! `fields` (JSON Pointer → confidence, level, source) and [`Quality`].
//!
//! A parse goes to review when something a recruiter relies on is missing or
//! doubtful: no name, no way to contact the candidate, no work history found,
//! a low-confidence title or employer, dates that run backwards, a text layer
//! that reads as garbage, a document that is probably not a resume, or text
//! hidden from human readers (white on white, invisible, off the page: the
//! extractor left it out of the lines, so it counts for nothing, but a
//! recruiter should know that someone tried).

use std::collections::BTreeMap;

use crate::entities::Found;
use crate::entities::contact::ContactFound;
use crate::entities::education::EducationFound;
use crate::entities::work::{WorkFound, dates_consistent};
use crate::extract::Omitted;
use crate::layout::Ln;
use crate::model::{FieldInfo, Finding, FindingLevel, Level, Quality, Source};

/// Hidden characters from which a `hidden_text` finding is reported.
pub const HIDDEN_TEXT_MIN_CHARS: u32 = 8;

/// Everything scoring looks at.
pub struct Evidence<'a> {
    pub lines: &'a [Ln],
    pub contact: &'a ContactFound,
    pub work: &'a [WorkFound],
    pub education: &'a [EducationFound],
    pub has_work_section: bool,
    pub headings: usize,
    pub text_quality: TextQuality,
    /// What the extractor left out (hidden text, pages and text past limits).
    pub omitted: Omitted,
}

/// How much the text looks like language rather than extraction garbage.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextQuality {
    /// Share of word-like tokens (letters, with a vowel, mostly one script).
    pub wordlike: f32,
    /// Share of characters that are replacement, private-use or control characters.
    pub junk: f32,
    pub chars: usize,
}

impl TextQuality {
    pub fn of(lines: &[Ln]) -> TextQuality {
        let (mut tokens, mut good, mut chars, mut junk) = (0usize, 0usize, 0usize, 0usize);
        for l in lines {
            for c in l.text.chars() {
                chars += 1;
                if c == '\u{fffd}'
                    || ('\u{e000}'..='\u{f8ff}').contains(&c)
                    || (c.is_control() && c != '\t')
                {
                    junk += 1;
                }
            }
            for t in l.text.split_whitespace() {
                let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
                if letters.is_empty() {
                    continue;
                }
                tokens += 1;
                let vowel = letters
                    .iter()
                    .any(|c| "aeiouyAEIOUYäöüéèáíóúâêîôûàìòù".contains(*c))
                    || !letters.iter().all(|c| c.is_ascii());
                if vowel && letters.len() * 10 >= t.chars().count() * 6 {
                    good += 1;
                }
            }
        }
        TextQuality {
            wordlike: if tokens == 0 {
                0.0
            } else {
                good as f32 / tokens as f32
            },
            junk: if chars == 0 {
                1.0
            } else {
                junk as f32 / chars as f32
            },
            chars,
        }
    }

    pub fn garbled(&self) -> bool {
        self.junk > 0.05 || (self.chars > 200 && self.wordlike < 0.6)
    }
}

/// The `fields` map.
pub fn fields(ev: &Evidence) -> BTreeMap<String, FieldInfo> {
    let mut m = BTreeMap::new();
    let mut put = |ptr: String, conf: f32, line: usize| {
        let src = ev
            .lines
            .get(line)
            .map(|l| Source {
                page: l.page,
                line: l.idx,
            })
            .unwrap_or_default();
        let c = (conf * 100.0).round() / 100.0;
        m.insert(
            ptr,
            FieldInfo {
                confidence: c,
                level: Level::of(c),
                source: src,
            },
        );
    };
    let c = ev.contact;
    if let Some(f) = &c.name {
        put("/basics/name".into(), f.confidence, f.line);
    }
    if let Some(f) = &c.email {
        put("/basics/email".into(), f.confidence, f.line);
    }
    if let Some(f) = &c.phone {
        put("/basics/phone".into(), f.confidence, f.line);
    }
    if let Some(f) = &c.location {
        put("/basics/location".into(), f.confidence, f.line);
    }
    if let Some(f) = &c.label {
        put("/basics/label".into(), f.confidence, f.line);
    }
    if let Some(f) = &c.summary {
        put("/basics/summary".into(), f.confidence, f.line);
    }
    for (i, w) in ev.work.iter().enumerate() {
        let each = [
            ("position", &w.position),
            ("name", &w.employer),
            (
                if w.work.start_date.is_some() {
                    "startDate"
                } else {
                    "endDate"
                },
                &w.dates,
            ),
        ];
        for (k, f) in each {
            if let Some(f) = f {
                put(format!("/work/{i}/{k}"), f.confidence, f.line);
            }
        }
    }
    for (i, e) in ev.education.iter().enumerate() {
        for (k, f) in [("institution", &e.institution), ("studyType", &e.degree)] {
            if let Some(f) = f {
                put(format!("/education/{i}/{k}"), f.confidence, f.line);
            }
        }
    }
    m
}

fn conf<T>(f: &Option<Found<T>>) -> f32 {
    f.as_ref().map(|f| f.confidence).unwrap_or(0.0)
}

/// The document verdict.
pub fn quality(ev: &Evidence) -> Quality {
    let mut q = Quality::default();
    let add = |level: FindingLevel, code: &str, message: String, reason: bool, q: &mut Quality| {
        if reason {
            q.reasons.push(code.to_owned());
        }
        q.findings.push(Finding {
            level,
            code: code.to_owned(),
            message,
        });
    };
    let c = ev.contact;
    // A few stray glyphs past a clipping box or the page edge are layout
    // noise (seen in 3 of 424 real resumes, 1-5 characters each); stuffing
    // is words. Hidden text is left out of the lines either way.
    let hidden = ev.omitted.hidden_chars >= HIDDEN_TEXT_MIN_CHARS;
    if hidden {
        let msg = format!(
            "{} characters of text are hidden from human readers ({}) and were ignored",
            ev.omitted.hidden_chars,
            ev.omitted.hidden_how()
        );
        add(FindingLevel::Warning, "hidden_text", msg, true, &mut q);
    }
    if ev.omitted.pages_skipped > 0 || ev.omitted.truncated {
        let msg = if ev.omitted.pages_skipped > 0 {
            format!(
                "only the first {} pages were read ({} more skipped)",
                crate::extract::pdf::MAX_PAGES,
                ev.omitted.pages_skipped
            )
        } else {
            "the text was cut at a size limit; the rest was not read".to_owned()
        };
        add(FindingLevel::Warning, "truncated", msg, false, &mut q);
    }
    if ev.text_quality.garbled() {
        let msg = format!(
            "the text layer reads as garbage ({:.0}% word-like tokens, {:.1}% junk characters): fonts without a Unicode map?",
            ev.text_quality.wordlike * 100.0,
            ev.text_quality.junk * 100.0
        );
        add(FindingLevel::Error, "garbled_text", msg, true, &mut q);
    }
    let contactable = c.email.is_some() || c.phone.is_some();
    let resume_like =
        ev.headings >= 2 || (contactable && (!ev.work.is_empty() || !ev.education.is_empty()));
    if !resume_like {
        add(
            FindingLevel::Error,
            "not_a_resume",
            "no resume sections, contact details or dated entries were found".into(),
            true,
            &mut q,
        );
    }
    if c.name.is_none() {
        add(
            FindingLevel::Error,
            "no_name",
            "no candidate name was found".into(),
            true,
            &mut q,
        );
    } else if conf(&c.name) < 0.5 {
        add(
            FindingLevel::Warning,
            "low_confidence_name",
            "the candidate name is uncertain".into(),
            true,
            &mut q,
        );
    }
    if !contactable {
        add(
            FindingLevel::Error,
            "no_contact",
            "no e-mail address or phone number was found".into(),
            true,
            &mut q,
        );
    }
    if !ev.has_work_section {
        add(
            FindingLevel::Warning,
            "no_work_section",
            "no work-experience heading was found".into(),
            ev.work.is_empty(),
            &mut q,
        );
    }
    if ev.work.is_empty() {
        add(
            FindingLevel::Warning,
            "no_work_entries",
            "no work entries were found".into(),
            ev.has_work_section,
            &mut q,
        );
    }
    let low_title = ev.work.iter().filter(|w| conf(&w.position) < 0.5).count();
    let low_emp = ev.work.iter().filter(|w| conf(&w.employer) < 0.5).count();
    if low_title > 0 {
        add(
            FindingLevel::Warning,
            "low_confidence_title",
            format!("{low_title} work entr(y/ies) without a confident job title"),
            true,
            &mut q,
        );
    }
    if low_emp > 0 {
        add(
            FindingLevel::Warning,
            "low_confidence_employer",
            format!("{low_emp} work entr(y/ies) without a confident employer"),
            true,
            &mut q,
        );
    }
    let bad_dates = ev.work.iter().filter(|w| !dates_consistent(&w.work)).count()
        + ev.education.iter().filter(|e| matches!((e.education.start_date, e.education.end_date), (Some(s), Some(e)) if s.ordinal(1) > e.ordinal(12))).count();
    if bad_dates > 0 {
        add(
            FindingLevel::Warning,
            "inconsistent_dates",
            format!("{bad_dates} entr(y/ies) end before they start"),
            true,
            &mut q,
        );
    }
    if ev.education.is_empty() {
        add(
            FindingLevel::Info,
            "no_education",
            "no education entries were found".into(),
            false,
            &mut q,
        );
    }

    // Document confidence: a weighted mean of what a recruiter needs.
    let work_conf = if ev.work.is_empty() {
        if ev.has_work_section { 0.2 } else { 0.5 }
    } else {
        ev.work
            .iter()
            .map(|w| (conf(&w.position) + conf(&w.employer)) / 2.0)
            .sum::<f32>()
            / ev.work.len() as f32
    };
    let edu_conf = if ev.education.is_empty() {
        0.5
    } else {
        ev.education
            .iter()
            .map(|e| {
                (conf(&e.institution).max(conf(&e.degree))
                    + conf(&e.degree).min(conf(&e.institution)))
                    / 2.0
            })
            .sum::<f32>()
            / ev.education.len() as f32
    };
    let contact_conf = conf(&c.email).max(conf(&c.phone));
    let structure = (ev.headings.min(4) as f32) / 4.0;
    let mut score = 0.25 * conf(&c.name)
        + 0.2 * contact_conf
        + 0.3 * work_conf
        + 0.1 * edu_conf
        + 0.15 * structure;
    if ev.text_quality.garbled() || !resume_like {
        score *= 0.5;
    }
    q.confidence = (score * 100.0).round() / 100.0;
    let errors = q.findings.iter().any(|f| f.level == FindingLevel::Error);
    // Warnings send a document to review only when the overall confidence is
    // middling; `reasons` lists exactly what sent it there (empty otherwise).
    // Hidden text is an attempt to game the parser: always a person's call.
    q.review_required =
        errors || hidden || q.confidence < 0.7 || (!q.reasons.is_empty() && q.confidence < 0.8);
    if !q.review_required {
        q.reasons.clear();
    }
    q
}
