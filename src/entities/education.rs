//! Education: education sections into [`Education`] entries.
//!
//! Input: the lines of every education section (or, when there is none, lines
//! anywhere that name a degree). Output: entries with institution, degree
//! (`studyType`, as written), field (`area`), dates and score (GPA).
//!
//! A degree is found with the degree dictionary (aho-corasick over every
//! written form: "B.Tech", "Bachelor of Science", "MBA", …), an institution by
//! the university list or an institution word (University, College,
//! Institute, School, …). A new entry starts when a line brings a degree or an
//! institution that the current entry already has.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::Education;
use crate::segment::SectionKind;

use super::dates::find_dates;
use super::fragments::{clean, split_header};
use super::{Context, Found};

/// An education entry with per-field confidence.
#[derive(Debug, Clone, Default)]
pub struct EducationFound {
    pub education: Education,
    pub institution: Option<Found<()>>,
    pub degree: Option<Found<()>>,
    pub first_line: usize,
}

static INSTITUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(universit(y|ies|é|e|ä|at|ät|ario|aria|idad|à)|college|institute|institut|instituto|school|academy|academie|polytechnic|politecnico|conservatory|seminary|vidyalaya|vidyapeeth|vidyapith|mahavidyalaya|iit|nit|iiit|iim|bits|hochschule|fachhochschule|ecole|école|escuela|escola|lyceum|gymnasium|campus)\b")
        .unwrap_or_else(|e| unreachable!("institution regex: {e}"))
});

static SCORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:c?gpa|cpi|gpa|grade|percentage|score|marks|aggregate)\b[\s:of-]*([0-9]{1,3}(?:\.[0-9]+)?\s*(?:/\s*[0-9]{1,3}(?:\.[0-9]+)?|%)?)|\b([0-9]{2}(?:\.[0-9]+)?\s*%)|\b([0-9](?:\.[0-9]{1,2})\s*/\s*(?:4|5|10)(?:\.0+)?)\b")
        .unwrap_or_else(|e| unreachable!("score regex: {e}"))
});

/// Entries of all education sections.
pub fn extract(cx: &Context) -> Vec<EducationFound> {
    let ranges = cx.ranges(SectionKind::Education);
    let mut out = Vec::new();
    if ranges.is_empty() {
        // No heading: only lines that name a degree, outside experience.
        for i in 0..cx.lines.len() {
            let k = cx.kind_of(i);
            if matches!(
                k,
                SectionKind::Experience | SectionKind::Skills | SectionKind::Certifications
            ) || cx.lines[i].words() > 16
            {
                continue;
            }
            if !cx.lex.degrees.find(&cx.lines[i].text).is_empty() {
                out.extend(entries(cx, i..(i + 3).min(cx.lines.len()), true));
            }
        }
        return dedupe(out);
    }
    for r in ranges {
        out.extend(entries(cx, r, false));
    }
    out
}

fn dedupe(mut v: Vec<EducationFound>) -> Vec<EducationFound> {
    let mut seen = std::collections::HashSet::new();
    v.retain(|e| {
        seen.insert((
            e.education.study_type.clone(),
            e.education.institution.clone(),
        ))
    });
    v
}

fn entries(cx: &Context, range: std::ops::Range<usize>, single: bool) -> Vec<EducationFound> {
    let mut out: Vec<EducationFound> = Vec::new();
    let mut cur = EducationFound::default();
    let mut cur_has_date = false;
    for i in range.clone() {
        let ln = &cx.lines[i];
        if ln.words() > 25 {
            continue;
        }
        let text = ln.text.as_str();
        let degree_hits: Vec<_> = cx
            .lex
            .degrees
            .find(text)
            .into_iter()
            .filter(|h| !state_abbreviation(text, h.start, h.end))
            .collect();
        let parts = split_header(text, i, cx.lex);
        let inst_frag = parts
            .fragments
            .iter()
            .find(|f| {
                INSTITUTION.is_match(&f.text)
                    && (2..=12).contains(&f.text.split_whitespace().count())
            })
            .cloned()
            .or_else(|| {
                cx.lex
                    .university_in(text)
                    .map(|(a, b)| super::fragments::Fragment {
                        text: text[a..b].to_owned(),
                        line: i,
                    })
            });
        let dates = find_dates(text);
        let new_degree = !degree_hits.is_empty() && cur.education.study_type.is_some();
        let new_inst = inst_frag.is_some() && cur.education.institution.is_some();
        // Whether an institution line belongs to the degree above it or starts anew.
        if (new_degree
            || (new_inst
                && degree_hits.is_empty()
                && (cur.education.study_type.is_some() || cur_has_date)))
            && !single
        {
            let prev = std::mem::take(&mut cur);
            // "Missouri S&T" / "Ph.D. …" / "M.S. …": a second degree under an
            // institution line belongs to the same institution.
            let inst_above =
                matches!((&prev.institution, &prev.degree), (Some(a), Some(b)) if a.line < b.line);
            if new_degree && inst_frag.is_none() && inst_above {
                cur.education.institution = prev.education.institution.clone();
                cur.institution = prev.institution.clone();
            }
            out.push(prev);
            cur_has_date = false;
        }
        if cur.education.study_type.is_none()
            && cur.education.institution.is_none()
            && !cur_has_date
            && (inst_frag.is_some() || !degree_hits.is_empty())
        {
            cur.first_line = i;
        }
        if let Some(h) = degree_hits.first()
            && cur.education.study_type.is_none()
        {
            let written = extend_degree(text, h.start, h.end);
            let (canonical, level) = cx.lex.degree_info.get(h.entry).cloned().unwrap_or_default();
            let _ = canonical;
            let written_len = written.len();
            cur.education.study_type = Some(written);
            cur.education.x_level = (!level.is_empty()).then_some(level);
            cur.education.area = area_after(
                text,
                (h.start + written_len).min(text.len()),
                inst_frag.as_ref().map(|f| f.text.as_str()),
            );
            cur.degree = Some(Found::new((), 0.9, i));
        }
        if let Some(f) = inst_frag
            && cur.education.institution.is_none()
        {
            let mut name = f.text.clone();
            // "B.E. in ENC, North Maharashtra University": drop the degree part.
            if let Some(h) = cx.lex.degrees.find(&name).first()
                && h.start == 0
            {
                name = clean(
                    name[h.end..].trim_start_matches(|c: char| c == ',' || c.is_whitespace()),
                );
            }
            let known = cx.lex.university_in(&name).is_some();
            cur.education.institution = Some(name);
            cur.institution = Some(Found::new((), if known { 0.95 } else { 0.8 }, i));
        }
        if let Some(d) = dates.iter().find(|d| d.is_range).or_else(|| dates.last()) {
            cur_has_date = true;
            if d.is_range {
                cur.education.start_date = d.start;
                cur.education.end_date = d.end;
                cur.education.x_current = d.current;
            } else if cur.education.end_date.is_none() {
                cur.education.end_date = d.start;
            }
        }
        if cur.education.score.is_none()
            && let Some(c) = SCORE.captures(text)
            && let Some(m) = c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3))
        {
            cur.education.score = Some(m.as_str().split_whitespace().collect::<String>());
        }
    }
    if cur.education.study_type.is_some() || cur.education.institution.is_some() {
        out.push(cur);
    }
    out
}

/// The degree as written, extended over "of Science" / "(Hons)" that the
/// dictionary form stopped short of ("Masters of Science", "BSc (Hons)").
fn extend_degree(text: &str, start: usize, end: usize) -> String {
    let mut e = end;
    let rest = &text[end..];
    if let Some(r) = rest
        .strip_prefix(" of ")
        .or_else(|| rest.strip_prefix(" Of "))
    {
        let mut taken = 4;
        for w in r.split(' ') {
            let cap = w.chars().next().is_some_and(|c| c.is_uppercase());
            if !cap || w.ends_with(',') || taken > 40 {
                if cap && w.ends_with(',') {
                    taken += w.len() - 1;
                }
                break;
            }
            taken += w.len() + 1;
        }
        e = (end + taken).min(text.len());
        while !text.is_char_boundary(e) {
            e -= 1;
        }
    } else if let Some(p) = rest
        .strip_prefix(" (")
        .and_then(|r| r.find(')'))
        .filter(|p| *p <= 8)
    {
        e = end + p + 3;
    }
    clean(text[start..e].trim_end_matches(' '))
}

/// "Boston, MA" / "Tempe, AZ 85281": a two-letter capital abbreviation after a
/// comma is a state, not a Master of Arts.
fn state_abbreviation(text: &str, start: usize, end: usize) -> bool {
    let m = &text[start..end];
    m.len() <= 3
        && m.chars().all(|c| c.is_ascii_uppercase())
        && text[..start].trim_end().ends_with(',')
}

/// The field of study after a degree: "in Computer Science", "of Engineering (CSE)",
/// ", Mechanical Engineering".
fn area_after(text: &str, at: usize, institution: Option<&str>) -> Option<String> {
    let rest = text.get(at..)?;
    let rest = rest.trim_start_matches(['.', ' ']);
    let opener = rest.get(..3).unwrap_or_default();
    let body = if opener.eq_ignore_ascii_case("in ") || opener.eq_ignore_ascii_case("of ") {
        &rest[3..]
    } else if rest.chars().next().is_some_and(|c| c.is_uppercase()) && text[at..].starts_with(' ') {
        // "B.S. Computer Science, State University"
        rest
    } else {
        rest.strip_prefix(',')
            .or_else(|| rest.strip_prefix('('))
            .or_else(|| rest.strip_prefix('-'))?
    };
    let mut end = body.len();
    for stop in [
        ",", " - ", " – ", " — ", " | ", "\t", "(", " from ", " at ", ";",
    ] {
        if let Some(p) = body.find(stop) {
            end = end.min(p);
        }
    }
    if let Some(inst) = institution
        && let Some(p) = body.find(inst)
    {
        end = end.min(p);
    }
    let mut area = clean(&body[..end]);
    for d in find_dates(&area).into_iter().rev() {
        area.replace_range(d.from..d.to, "");
    }
    let area = clean(&area);
    let words = area.split_whitespace().count();
    (words > 0 && words <= 8 && !INSTITUTION.is_match(&area)).then_some(area)
}
