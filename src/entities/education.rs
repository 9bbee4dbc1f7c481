//! Education: education sections into [`Education`] entries.
//!
//! Input: the lines of every education section — including sections whose
//! heading names education but was filed elsewhere ("EDUCATION &
//! CREDENTIALS") — or, when there is none, lines anywhere that name a degree.
//! Output: entries with institution, degree (`studyType`, as written), field
//! (`area`), dates and score (GPA).
//!
//! A degree is found with the degree dictionary (aho-corasick over every
//! written form: "B.Tech", "Bachelor of Science", "MBA", …), minus readings
//! that are not degrees ("MS Word", "Boston, MA", "Master Thesis", a
//! lower-case word in a sentence, "Sparta High School"); in an education
//! section a line written as a credential ("Paralegal Certificate",
//! "Certificate in …") counts too. An institution is found by the university
//! list or an institution word (University, College, Institute, School, …),
//! cleaned of the degree, field, place and prose around it ("… from X", "X,
//! New York, NY", "X Bachelor of Arts"). A new entry starts when a line brings
//! a degree or an institution that the current entry already has. Outside the
//! education sections, a line that opens with a degree and names an
//! institution is an entry too. School-level entries (high school, GCSE, SSC)
//! are dropped when the resume lists higher education.

use std::sync::LazyLock;

use regex::Regex;

use crate::lexicon::Lexicon;
use crate::model::Education;
use crate::segment::{Section, SectionKind};

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
    Regex::new(r"(?i)\b(universit(y|ies|é|e|ä|at|ät|ario|aria|idad|à|ade|a|eit|et)|universidade|faculdade|facultad|faculté|college|institute|institut|instituto|school|academy|academie|polytechnic|politecnico|conservatory|seminary|vidyalaya|vidyapeeth|vidyapith|mahavidyalaya|iit|nit|iiit|iim|bits|hochschule|fachhochschule|ecole|école|escuela|escola|lyceum|gymnasium|campus)\b")
        .unwrap_or_else(|e| unreachable!("institution regex: {e}"))
});

/// A school, college or faculty inside a university ("College of Engineering").
static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:(?:the\s+)?(?:college|school|faculty|department|dept\.?|division)\s+of\s+\S)")
        .unwrap_or_else(|e| unreachable!("unit regex: {e}"))
});

static SCORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:c?gpa|cpi|gpa|grade|percentage|score|marks|aggregate)\b[\s:of-]*([0-9]{1,3}(?:\.[0-9]+)?\s*(?:/\s*[0-9]{1,3}(?:\.[0-9]+)?|%)?)|\b([0-9]{2}(?:\.[0-9]+)?\s*%)|\b([0-9](?:\.[0-9]{1,2})\s*/\s*(?:4|5|10)(?:\.0+)?)\b")
        .unwrap_or_else(|e| unreachable!("score regex: {e}"))
});

/// Entries of all education sections.
pub fn extract(cx: &Context) -> Vec<EducationFound> {
    let ranges = education_ranges(cx);
    let mut out = Vec::new();
    if ranges.is_empty() {
        // No heading: only lines that name a degree, outside experience.
        for i in 0..cx.lines.len() {
            let k = cx.kind_of(i);
            if matches!(k, SectionKind::Experience | SectionKind::Skills)
                || cx.lines[i].words() > 16
            {
                continue;
            }
            let hits = degree_hits(cx, &cx.lines[i].text);
            if k == SectionKind::Certifications {
                // "PROFESSIONAL DEVELOPMENT": a degree spelled out under its
                // institution is schooling, though filed with certificates.
                let spelled = hits.first().is_some_and(|h| {
                    h.start == 0 && cx.lines[i].text[h.start..h.end].contains(' ')
                });
                if spelled && let Some(j) = institution_above(cx, i, &|_| false) {
                    out.extend(entries(cx, j..i + 1, false));
                }
                continue;
            }
            if !hits.is_empty() {
                out.extend(entries(cx, i..(i + 3).min(cx.lines.len()), true));
            }
        }
        return without_school(dedupe(out));
    }
    for r in &ranges {
        out.extend(entries(cx, r.clone(), false));
    }
    let stray = stray_entries(cx, &ranges, &out);
    out.extend(stray);
    without_school(out)
}

static SCHOOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(high school|secondary school|higher secondary|senior secondary|primary school|elementary school|middle school|grammar school|comprehensive school|primary education|matriculation|high\.? sch)\b")
        .unwrap_or_else(|e| unreachable!("school regex: {e}"))
});

/// Secondary schooling is left out when the resume lists higher education:
/// the entries that matter are the degrees ("GCSE", "SSC", "Sparta High
/// School" under a bachelor's degree). A resume whose only schooling is
/// secondary keeps it.
fn without_school(mut v: Vec<EducationFound>) -> Vec<EducationFound> {
    let school = |e: &EducationFound| {
        e.education.x_level.as_deref() == Some("secondary")
            || [&e.education.institution, &e.education.study_type]
                .into_iter()
                .flatten()
                .any(|t| SCHOOL.is_match(t))
    };
    let higher = |e: &EducationFound| {
        !school(e)
            && (matches!(
                e.education.x_level.as_deref(),
                Some("bachelor" | "master" | "doctorate" | "associate" | "professional")
            ) || e
                .education
                .institution
                .as_deref()
                .is_some_and(|i| INSTITUTION.is_match(i)))
    };
    if v.iter().any(higher) {
        // A college attended for school-level studies ("Coventry Central
        // College" / "A levels") stays, without the school-level degree.
        v.retain_mut(|e| {
            if !school(e) {
                return true;
            }
            let college = e
                .education
                .institution
                .as_deref()
                .is_some_and(|i| INSTITUTION.is_match(i) && !SCHOOL.is_match(i));
            if college {
                e.education.study_type = None;
                e.education.area = None;
                e.education.x_level = None;
                e.degree = None;
            }
            college
        });
    }
    v
}

/// Headings set side by side ("EDUCATION   CLINICAL EXPERIENCE", a table
/// row or two columns read across): the education heading comes out with no
/// body and the degrees land at the top of the next section. Those lines —
/// from the next section's start, while each names a degree, an institution,
/// a date or a grade, and with at least one degree among them — become the
/// education section's body. Runs after segmentation, before the entities.
pub fn adopt_side_by_side(lines: &[crate::layout::Ln], sections: &mut [Section], lex: &Lexicon) {
    for k in 0..sections.len().saturating_sub(1) {
        let (a, b) = (&sections[k], &sections[k + 1]);
        if a.kind != SectionKind::Education
            || a.start != a.end
            || b.kind == SectionKind::Education
            || b.heading_at != Some(a.end)
        {
            continue;
        }
        let cx = Context {
            lines,
            sections,
            lex,
        };
        let mut end = b.start;
        let mut degrees = 0;
        while end < b.end && !cx.is_heading(end) {
            let text = &lines[end].text;
            let degree = !degree_hits(&cx, text).is_empty();
            let dated = find_dates(text).iter().any(|d| {
                text.len() - (d.to - d.from) <= 12
                    || text.get(..d.from).is_some_and(|t| t.trim().is_empty())
            });
            let named = INSTITUTION.is_match(text) || lex.university_in(text).is_some();
            if !(degree || dated || named || SCORE.is_match(text)) || lines[end].words() > 12 {
                break;
            }
            degrees += usize::from(degree);
            end += 1;
        }
        if degrees == 0 || end - b.start < 2 {
            continue;
        }
        let (start, taken) = (sections[k + 1].start, end);
        sections[k].start = start;
        sections[k].end = taken;
        sections[k + 1].start = taken;
    }
}

/// The education sections, and the sections whose heading names education
/// although the dictionary filed it elsewhere ("EDUCATION & CREDENTIALS",
/// "Education & Professional Development", "Education and other Skills").
fn education_ranges(cx: &Context) -> Vec<std::ops::Range<usize>> {
    cx.sections
        .iter()
        .filter(|s| {
            s.kind == SectionKind::Education
                || (!matches!(s.kind, SectionKind::Experience | SectionKind::Header)
                    && s.heading.as_deref().is_some_and(names_education))
        })
        .map(|s| s.start..s.end)
        .collect()
}

fn names_education(heading: &str) -> bool {
    let key = crate::segment::fold(heading);
    let words: Vec<&str> = key.split(' ').collect();
    words.len() <= 6
        && words
            .iter()
            .any(|w| matches!(*w, "education" | "educational"))
        && !key.contains("continuing education")
}

/// Degree lines outside the education sections, when they read as an entry:
/// the line opens with a degree and names the institution too ("BS
/// Engineering, University of Michigan, 2013" under Skills), or, outside
/// experience, a spelled-out degree sits next to an institution line.
fn stray_entries(
    cx: &Context,
    ranges: &[std::ops::Range<usize>],
    found: &[EducationFound],
) -> Vec<EducationFound> {
    let mut out: Vec<EducationFound> = Vec::new();
    let inside = |i: usize| ranges.iter().any(|r| r.contains(&i));
    for i in 0..cx.lines.len() {
        let ln = &cx.lines[i];
        let kind = cx.kind_of(i);
        if inside(i)
            || cx.is_heading(i)
            || ln.words() > 16
            || matches!(kind, SectionKind::Header | SectionKind::Summary)
        {
            continue;
        }
        let text = ln.text.as_str();
        let Some(h) = degree_hits(cx, text).into_iter().next() else {
            continue;
        };
        if !text[..h.start].chars().all(|c| !c.is_alphanumeric()) {
            continue;
        }
        let mut got = entries(cx, i..i + 1, true);
        if got.iter().all(|e| e.education.institution.is_none()) {
            got.clear();
            let spelled = text[h.start..h.end].contains(' ');
            if kind != SectionKind::Experience && spelled {
                let institution_line = |j: usize| {
                    j < cx.lines.len()
                        && !inside(j)
                        && cx.kind_of(j) == kind
                        && !cx.is_heading(j)
                        && cx.lines[j].words() <= 8
                        && degree_hits(cx, &cx.lines[j].text).is_empty()
                        && institution_on(cx, &cx.lines[j].text, j).is_some()
                };
                if let Some(j) = [i.wrapping_sub(1), i + 1]
                    .into_iter()
                    .find(|&j| institution_line(j))
                {
                    got = entries(cx, i.min(j)..i.max(j) + 1, true);
                } else if let Some(j) = institution_above(cx, i, &inside) {
                    // Read as a block: a second degree under the
                    // institution line is from the same institution.
                    got = entries(cx, j..i + 1, false);
                }
            }
        }
        for e in got {
            let dup = found.iter().chain(out.iter()).any(|f| {
                f.education.study_type == e.education.study_type
                    && (f.education.institution == e.education.institution
                        || e.education.institution.is_none())
            });
            if !dup && e.education.institution.is_some() {
                out.push(e);
            }
        }
    }
    out
}

/// "University of Texas at Dallas" / "Dallas, Texas" / "Masters in Business
/// Administration" / "Bachelor of Science": the institution line over the
/// degree at `i`, with only its place or other degrees between (at most two
/// lines), in the same section.
fn institution_above(cx: &Context, i: usize, inside: &dyn Fn(usize) -> bool) -> Option<usize> {
    let kind = cx.kind_of(i);
    let same = |k: usize| !inside(k) && !cx.is_heading(k) && cx.kind_of(k) == kind;
    let institution_line = |k: usize| {
        same(k)
            && cx.lines[k].words() <= 8
            && degree_hits(cx, &cx.lines[k].text).is_empty()
            && institution_on(cx, &cx.lines[k].text, k).is_some()
    };
    let mut j = i;
    while j > 0 && i - j <= 3 {
        if institution_line(j - 1) {
            return Some(j - 1);
        }
        let t = &cx.lines[j - 1].text;
        if !same(j - 1) || (cx.lex.place(t).is_none() && degree_hits(cx, t).is_empty()) {
            return None;
        }
        j -= 1;
    }
    None
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
    // A second degree written beside the first ("Bachelor of Laws/Bachelor
    // of Arts"): a double degree, one more entry at the same institution.
    let mut twin: Option<Twin> = None;
    // "BSc (Hons)" / "Sales Management" / "2008 - 2011": a degree alone on
    // its line may have its field on the next.
    let mut field_next = false;
    // "Full-Stack Web Development Program (2022)" / "General Assembly": a
    // school with no school word, named alone under the credential.
    let mut school_next = false;
    for (i, text) in entry_lines(cx, range.clone()) {
        let text = text.as_str();
        let field_line = std::mem::take(&mut field_next);
        let school_line = std::mem::take(&mut school_next);
        let mut degree_hits = degree_hits(cx, text);
        // A credential names its field ("Data Analytics Immersive"): the
        // line under it is not the field.
        let named_credential = degree_hits.is_empty();
        if degree_hits.is_empty()
            && !single
            && let Some(c) = credential(text)
        {
            degree_hits.push(c);
        }
        let mut inst_frag = institution_on(cx, text, i);
        // "CORNELL UNIVERSITY" / "BS in Computer Science" / "College of
        // Engineering": a school or faculty named alone under its university
        // is part of that entry, not another institution.
        if degree_hits.is_empty()
            && let Some(f) = &inst_frag
            && cur
                .education
                .institution
                .as_deref()
                .is_some_and(|u| u.to_lowercase().contains("univers"))
            && UNIT.is_match(&f.text)
            && !f.text.to_lowercase().contains("univers")
        {
            inst_frag = None;
        }
        let dates = find_dates(text);
        if inst_frag.is_none()
            && let (Some(h), Some(d)) = (degree_hits.first(), dates.first())
        {
            inst_frag =
                named_before_date(cx, text, h.end, d.from).map(|name| super::fragments::Fragment {
                    text: name.to_owned(),
                    line: i,
                });
        }
        let new_degree = !degree_hits.is_empty() && cur.education.study_type.is_some();
        let new_inst = inst_frag.is_some() && cur.education.institution.is_some();
        // Whether an institution line belongs to the degree above it or starts anew.
        // A line naming both a degree and an institution is a whole entry:
        // it does not complete an entry that already has its institution.
        if (new_degree
            || (new_inst && !degree_hits.is_empty())
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
            push_with_twin(&mut out, prev, twin.take());
            cur_has_date = false;
        }
        if cur.education.study_type.is_none()
            && cur.education.institution.is_none()
            && !cur_has_date
            && (inst_frag.is_some() || !degree_hits.is_empty())
        {
            cur.first_line = i;
        }
        if field_line
            && degree_hits.is_empty()
            && cur.education.study_type.is_some()
            && cur.education.area.is_none()
        {
            cur.education.area =
                field_on_own_line(cx, text, inst_frag.as_ref().map(|f| f.text.as_str()));
        }
        if school_line
            && degree_hits.is_empty()
            && inst_frag.is_none()
            && dates.is_empty()
            && cur.education.study_type.is_some()
            && cur.education.institution.is_none()
            && cur.education.area.as_deref() != Some(text.trim())
            && let Some(name) = school_on_own_line(cx, text)
        {
            cur.education.institution = Some(clean(&name));
            cur.institution = Some(Found::new((), 0.6, i));
        }
        if let Some(h) = degree_hits.first()
            && cur.education.study_type.is_none()
        {
            let written = extend_degree(text, h.start, h.end);
            let written_len = written.len();
            cur.education.study_type = Some(written);
            cur.education.x_level = (!h.level.is_empty()).then(|| h.level.clone());
            cur.education.area = area_after(
                text,
                (h.start + written_len).min(text.len()),
                inst_frag.as_ref().map(|f| f.text.as_str()),
            );
            cur.degree = Some(Found::new((), 0.9, i));
            school_next =
                named_credential && cur.education.institution.is_none() && inst_frag.is_none();
            field_next = !named_credential
                && cur.education.area.is_none()
                && text
                    .get(h.start + written_len..)
                    .is_some_and(|r| r.trim_matches([' ', ',', '.', ':', '-']).is_empty());
            twin = degree_hits.get(1).and_then(|h2| {
                let between = text.get(h.start + written_len..h2.start)?.trim();
                matches!(between, "/" | "&" | "and" | "," | "+").then(|| {
                    let degree = extend_degree(text, h2.start, h2.end);
                    let area = area_after(text, (h2.start + degree.len()).min(text.len()), None);
                    Twin {
                        degree,
                        level: h2.level.clone(),
                        area,
                    }
                })
            });
            if twin.is_some()
                && cur.education.area.as_deref().is_some_and(|a| {
                    degree_hits
                        .iter()
                        .any(|h| a.contains(&text[h.start..h.end]))
                })
            {
                cur.education.area = None;
            }
        }
        if let Some(f) = inst_frag
            && cur.education.institution.is_none()
        {
            let known = cx.lex.university_in(&f.text).is_some();
            cur.education.institution = Some(clean(&f.text));
            cur.institution = Some(Found::new((), if known { 0.95 } else { 0.8 }, i));
        }
        if let Some(d) = dates.iter().find(|d| d.is_range).or_else(|| dates.last()) {
            // Dates held by no degree or school yet (a training course's
            // "2004 – Present" above) are not this line's entry's.
            if cur_has_date
                && cur.education.study_type.is_none()
                && cur.education.institution.is_none()
            {
                cur.education.start_date = None;
                cur.education.end_date = None;
                cur.education.x_current = false;
            }
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
        push_with_twin(&mut out, cur, twin);
    }
    out
}

/// The second degree of a double degree, as written on the entry's line.
struct Twin {
    degree: String,
    level: String,
    area: Option<String>,
}

/// Push an entry, and the second degree of a double degree as its own
/// entry at the same institution, with the same dates.
fn push_with_twin(out: &mut Vec<EducationFound>, mut e: EducationFound, twin: Option<Twin>) {
    // "B.S. and M.S. in Computer Science": the field written once is both's.
    if e.education.area.is_none() {
        e.education.area = twin.as_ref().and_then(|t| t.area.clone());
    }
    let second = twin.map(|t| {
        let mut second = e.clone();
        second.education.study_type = Some(t.degree);
        second.education.x_level = (!t.level.is_empty()).then_some(t.level);
        second.education.area = t.area.or_else(|| e.education.area.clone());
        second
    });
    out.push(e);
    out.extend(second);
}

/// The lines of an education section as entries read them, with their
/// indices: a name wrapped before its institution word ("…, Michigan
/// Technological" / "University") is joined into one line; a long piece of
/// a reflowed paragraph (a flattened resume, the whole section in one run)
/// is cut before each degree it names; other long lines (prose) are skipped.
fn entry_lines(cx: &Context, range: std::ops::Range<usize>) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut skip = None;
    for i in range.clone() {
        let ln = &cx.lines[i];
        if skip.is_some_and(|s| i <= s) {
            continue;
        }
        if ln.words() > 25 {
            if ln.reflowed {
                let cuts: Vec<usize> = degree_hits(cx, &ln.text)
                    .iter()
                    .map(|h| h.start)
                    .filter(|&c| c > 0)
                    .collect();
                for piece in pieces(&ln.text, &cuts) {
                    if piece.split_whitespace().count() <= 25 {
                        out.push((i, piece.to_owned()));
                    }
                }
            }
            continue;
        }
        // "MEng Computer Systems" / "Engineering" / "University of
        // Manchester" (a narrow sidebar): the field wrapped after its degree
        // is the degree line's tail.
        if let Some(next) = cx.lines.get(i + 1)
            && range.contains(&(i + 1))
            && !next.bullet
            && !degree_hits(cx, &ln.text).is_empty()
            && field_words_only(&next.text)
        {
            skip = Some(i + 1);
            out.push((i, format!("{} {}", ln.text.trim_end(), next.text.trim())));
            continue;
        }
        match cx.lines.get(i + 1) {
            Some(next)
                if range.contains(&(i + 1))
                    && !field_words_only(&ln.text)
                    && wrapped_institution(&ln.text, &next.text)
                    && !next.bullet
                    // "BA Graphic Design" / "University of Leeds": a degree
                    // and its field, then a whole school's name.
                    && (degree_hits(cx, &ln.text).is_empty()
                        || next.text.split_whitespace().nth(1) != Some("of")) =>
            {
                skip = Some(i + 1);
                out.push((i, format!("{} {}", ln.text, next.text)));
            }
            // "1996" / "2001: Bachelor of Science …": a range cut after its
            // start year, its end opening the entry's line.
            Some(next)
                if range.contains(&(i + 1))
                    && lone_year(&ln.text)
                    && next.text.get(..5).is_some_and(|h| {
                        h.get(..4).is_some_and(lone_year) && h.ends_with([':', ' ', ','])
                    })
                    && next.text.get(..4).is_some_and(|y| y >= ln.text.trim()) =>
            {
                let mut joined = format!("{} - {}", ln.text.trim(), next.text);
                skip = Some(i + 1);
                // "… Michigan Technological" / "University" under it.
                if let Some(third) = cx.lines.get(i + 2)
                    && range.contains(&(i + 2))
                    && wrapped_institution(&next.text, &third.text)
                    && !third.bullet
                {
                    joined = format!("{joined} {}", third.text);
                    skip = Some(i + 2);
                }
                out.push((i, joined));
            }
            _ => {
                for piece in degree_run(cx, &ln.text) {
                    out.push((i, piece));
                }
            }
        }
    }
    out
}

/// A year alone ("1996", "2001").
fn lone_year(t: &str) -> bool {
    let t = t.trim();
    t.len() == 4
        && (t.starts_with("19") || t.starts_with("20"))
        && t.bytes().all(|b| b.is_ascii_digit())
}

/// A line holding several whole entries ("Ph.D. (Economics) Johns Hopkins
/// University, 1983. M.A. (Economics) Johns Hopkins University, 1981."),
/// cut before each later degree that follows the end of the one before it (a
/// year, a full stop or a closing parenthesis) after an institution or a
/// year. "Bachelor of Science (B.Sc.)" and "B.S. and M.S. in …" stay whole.
fn degree_run(cx: &Context, text: &str) -> Vec<String> {
    let hits = degree_hits(cx, text);
    if hits.len() < 2 {
        return vec![text.to_owned()];
    }
    let year_end = |s: &str| {
        let w = s
            .split_whitespace()
            .next_back()
            .unwrap_or("")
            .trim_end_matches(['.', ',', ';', ')']);
        w.len() == 4 && w.chars().all(|c| c.is_ascii_digit())
    };
    let mut cuts = Vec::new();
    let mut from = 0;
    for h in &hits[1..] {
        let before = text[from..h.start].trim_end();
        let ended = before.ends_with(['.', ';', ')']) || year_end(before);
        let whole = INSTITUTION.is_match(before) || !find_dates(before).is_empty();
        if ended && whole && !before.ends_with('(') {
            cuts.push(h.start);
            from = h.start;
        }
    }
    pieces(text, &cuts).map(str::to_owned).collect()
}

/// The trimmed, non-empty pieces of `text` between ascending byte offsets.
fn pieces<'t>(text: &'t str, cuts: &[usize]) -> impl Iterator<Item = &'t str> {
    let ends = cuts.iter().copied().chain(std::iter::once(text.len()));
    let starts = std::iter::once(0).chain(cuts.iter().copied());
    starts
        .zip(ends)
        .filter_map(|(a, b)| text.get(a..b))
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// Whether `next` finishes an institution name that `line` ran out of room
/// for: `line` ends on a capitalised word with no punctuation and names no
/// institution yet, and `next` is a short line opening with an institution
/// word ("University", "College of Engineering").
/// A short line of capitalised field-of-study words only ("Engineering",
/// "Computer Science"): a field, not the start of a school's name.
fn field_words_only(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=3).contains(&words.len())
        && words.iter().all(|w| {
            let b = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            w.starts_with(char::is_uppercase)
                && (FIELD_WORDS.contains(&b.as_str()) || SUBJECT_WORDS.contains(&b.as_str()))
        })
}

fn wrapped_institution(line: &str, next: &str) -> bool {
    let last = line.split_whitespace().next_back().unwrap_or("");
    let first = next.split_whitespace().next().unwrap_or("");
    // "May 2014 | Ithaca, NY" / "College of Engineering": a line of set-apart
    // fields is whole; the unit below is not its tail.
    last.chars().next().is_some_and(char::is_uppercase)
        && last.chars().all(char::is_alphabetic)
        && !line.contains(['|', '\t'])
        && !INSTITUTION.is_match(line)
        && next.split_whitespace().count() <= 4
        && first.chars().next().is_some_and(char::is_uppercase)
        && INSTITUTION.is_match(first)
}

/// A degree named on a line: byte span and level ("bachelor", "master", …).
#[derive(Debug, Clone)]
struct DegreeHit {
    start: usize,
    end: usize,
    level: String,
}

/// Dictionary degrees on a line, without the readings that are not degrees.
fn degree_hits(cx: &Context, text: &str) -> Vec<DegreeHit> {
    cx.lex
        .degrees
        .find(text)
        .into_iter()
        .filter(|h| degree_use(text, h.start, h.end))
        .map(|h| DegreeHit {
            start: h.start,
            end: h.end,
            level: cx
                .lex
                .degree_info
                .get(h.entry)
                .map(|(_, l)| l.clone())
                .unwrap_or_default(),
        })
        .collect()
}

/// Microsoft products written "MS …": "MS Word", "MS Project", "MS Visual C++".
const MS_PRODUCTS: &[&str] = &[
    "word",
    "excel",
    "office",
    "project",
    "visual",
    "sharepoint",
    "iis",
    "sql",
    "access",
    "powerpoint",
    "outlook",
    "dynamics",
    "windows",
    "teams",
    "exchange",
    "dos",
    "paint",
    "publisher",
    "visio",
    "azure",
    "crm",
    "navision",
    "onenote",
];

/// Whether a dictionary degree at `start..end` is used as a degree: not a
/// state ("Boston, MA"), not a product ("MS Word"), not a word inside a
/// sentence ("the first undergraduate to …"), not a thesis or project
/// ("Master Thesis", "PhD Workshop"), not a school's name ("Sparta High School").
fn degree_use(text: &str, start: usize, end: usize) -> bool {
    if state_abbreviation(text, start, end) {
        return false;
    }
    let m = &text[start..end];
    // "Dr. R.M.L.S College": the tail of a longer dotted initialism.
    let mut back = text[..start].chars().rev();
    if m.contains('.') && back.next() == Some('.') && back.next().is_some_and(char::is_alphabetic) {
        return false;
    }
    let next = text[end..]
        .trim_start_matches([' ', '-'])
        .split(|c: char| !c.is_alphanumeric() && c != '+')
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let before = text[..start].trim_end();
    let prev = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or_default();
    if matches!(m.trim_end_matches('.'), "MS" | "M.S" | "Ms")
        && MS_PRODUCTS.contains(&next.as_str())
    {
        return false;
    }
    if matches!(
        next.as_str(),
        "thesis"
            | "research"
            | "project"
            | "projects"
            | "workshop"
            | "workshops"
            | "dissertation"
            | "seminar"
            | "supervisor"
    ) {
        return false;
    }
    // Lower case after a lower-case word: running prose.
    if m.chars().next().is_some_and(char::is_lowercase)
        && prev.chars().next().is_some_and(char::is_lowercase)
    {
        return false;
    }
    // "Sparta High School", "ABC High School": the words before name a school.
    if m.to_lowercase().starts_with("high school")
        && prev.chars().next().is_some_and(char::is_uppercase)
        && next != "diploma"
    {
        return false;
    }
    true
}

/// A credential the degree list does not hold, written as such in an
/// education section: "Paralegal Certificate", "Certificate in Commercial
/// Law", "Computer System Technician Diploma", "Degree in Engineering".
fn credential(text: &str) -> Option<DegreeHit> {
    static CREDENTIAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:(?:Certificate|Certification|Diploma|Degree)\s+(?:in|of|on)\s+\S.*|[A-Z][\w&'.-]*(?:\s+[\w&'.-]+){0,5}\s+(?:Certificate|Certification|Diploma|Degree|Program|Programme|Bootcamp|Immersive|Nanodegree))$")
            .unwrap_or_else(|e| unreachable!("credential regex: {e}"))
    });
    let cut = text
        .find([',', '|', '\t', '(', ';'])
        .into_iter()
        .chain(text.find(" - "))
        .chain(text.find(" – "))
        .chain(find_dates(text).first().map(|d| d.from))
        .min()
        .unwrap_or(text.len());
    let head = text[..cut].trim_end();
    let lead = head.len() - head.trim_start().len();
    let head = head.trim_start();
    let words = head.split_whitespace().count();
    if words > 8 || INSTITUTION.is_match(head) {
        return None;
    }
    // "Graduate in Commerce", "Post graduate in commerce": the Indian
    // usage names the level and the field, no degree.
    static GRADUATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(post[- ]?graduat(?:e|ion)|under[- ]?graduate|graduat(?:e|ion))\s+(?:degree\s+)?in\s+\S")
            .unwrap_or_else(|e| unreachable!("graduate regex: {e}"))
    });
    if let Some(c) = GRADUATE.captures(head) {
        let level = if c[1].to_lowercase().starts_with("post") {
            "master"
        } else {
            "bachelor"
        };
        return Some(DegreeHit {
            start: lead,
            end: lead + head.len(),
            level: level.to_owned(),
        });
    }
    // "Full-Stack Web Development Program": a programme is a credential
    // when it is named in title case, not an exchange, a fellowship or a
    // sentence ("Refereed paper presented at the Annual Program").
    let programme = head
        .rsplit(' ')
        .next()
        .is_some_and(|w| w.starts_with("Program"));
    if programme
        && (head
            .split_whitespace()
            .any(|w| w.len() > 3 && w.starts_with(char::is_lowercase))
            || [
                "exchange",
                "study",
                "abroad",
                "fellows",
                "fellowship",
                "faculty",
                "honors",
                "honours",
                "scholars",
                "scholarship",
                "dual",
                "career",
                "mentoring",
                "volunteer",
                "leadership",
            ]
            .iter()
            .any(|x| head.to_lowercase().split_whitespace().any(|w| w == *x)))
    {
        return None;
    }
    CREDENTIAL.is_match(head).then(|| DegreeHit {
        start: lead,
        end: lead + head.len(),
        level: "certificate".to_owned(),
    })
}

/// The institution named on a line, cleaned of what surrounds it.
fn institution_on(cx: &Context, text: &str, i: usize) -> Option<super::fragments::Fragment> {
    // "Baltimore, MD: Johns Hopkins University Press.": a publisher in a
    // citation, not a school.
    if publisher(text) {
        return None;
    }
    let parts = split_header(text, i, cx.lex);
    // "University of New York, NY" reads as a place (an unknown town in a
    // known state): an institution word says otherwise.
    let places = parts
        .places
        .iter()
        .filter(|(p, _)| INSTITUTION.is_match(p))
        .map(|(p, _)| super::fragments::Fragment {
            text: strip_place_tail(p, cx),
            line: i,
        });
    parts
        .fragments
        .iter()
        .cloned()
        .chain(places)
        .filter_map(|f| {
            let name = clean_institution(&strip_place_tail(&f.text, cx), cx);
            let n = name.split_whitespace().count();
            (INSTITUTION.is_match(&name) && (1..=12).contains(&n) && !prose(&name)).then_some(
                super::fragments::Fragment {
                    text: name,
                    line: f.line,
                },
            )
        })
        .find(|f| {
            f.text.split_whitespace().count() >= 2
                || cx.lex.university_in(&f.text).is_some()
                || f.text.chars().all(|c| !c.is_lowercase())
        })
        .or_else(|| {
            cx.lex
                .university_in(text)
                .map(|(a, b)| super::fragments::Fragment {
                    text: text[a..b].to_owned(),
                    line: i,
                })
        })
}

/// A citation, not a school: a university press ("Oxford University
/// Press", "Johns Hopkins Univ. Press") or a journal's volume and pages
/// ("Peking University Education Review 4:32-41.").
fn publisher(text: &str) -> bool {
    static PAGES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b\d{1,4}\s*(?:\(\d{1,3}\))?\s*:\s*\d{1,5}\s*[-–]\s*\d{1,5}\b")
            .unwrap_or_else(|e| unreachable!("pages regex: {e}"))
    });
    if PAGES.is_match(text) {
        return true;
    }
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words
        .windows(2)
        .any(|w| matches!(w[0].as_str(), "university" | "univ" | "college") && w[1] == "press")
}

/// "MSc International Development, Oxford Brookes, 2003 - 2004": on a
/// degree's line, the name set off by commas just before the date is the
/// institution when nothing else names one — two to five capitalised words,
/// after the degree and its field, that are not a place, a grade or a
/// qualifier of the degree ("Minor in Math", "Clinical Specialization").
fn named_before_date<'t>(
    cx: &Context,
    text: &'t str,
    degree_end: usize,
    date_from: usize,
) -> Option<&'t str> {
    let before = text.get(degree_end..date_from)?.trim_end();
    let before = before.strip_suffix(',')?;
    // "B.S., Biology, Reed College, 2010"; "BSc Administration (Accounting)
    // — KNUST, 2014" (a school known by its initials).
    let (field, name) = [" — ", " – ", " - ", ","]
        .iter()
        .find_map(|sep| before.rsplit_once(sep))?;
    let name = name.trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let initials = words.len() == 1
        && (3..=8).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_uppercase());
    let capital = |w: &&str| w.starts_with(char::is_uppercase) || GLUE.contains(w);
    let key = crate::segment::fold(name);
    let qualifier = key.split(' ').any(|w| {
        matches!(
            w,
            "minor"
                | "major"
                | "concentration"
                | "specialization"
                | "specialisation"
                | "emphasis"
                | "honors"
                | "honours"
                | "track"
                | "option"
                | "gpa"
                | "cum"
                | "laude"
                | "thesis"
        )
    });
    (((2..=5).contains(&words.len()) || initials)
        && !field.trim().is_empty()
        && words.iter().all(capital)
        && words[0].starts_with(char::is_uppercase)
        && !qualifier
        && !key
            .split(' ')
            .next_back()
            .is_some_and(|w| FIELD_WORDS.contains(&w))
        && !SCORE.is_match(name)
        && cx.lex.place(name).is_none()
        && degree_hits(cx, name).is_empty())
    .then_some(name)
}

/// Small words inside institution names ("University of the Arts").
const GLUE: &[&str] = &[
    "of", "and", "for", "the", "de", "del", "della", "di", "da", "do", "du", "des", "la", "le",
    "in", "at", "on", "&", "und", "y", "e", "et",
];

/// Fields that institution names carry after "of" ("Institute of technology").
const FIELD_WORDS: &[&str] = &[
    "technology",
    "engineering",
    "science",
    "sciences",
    "arts",
    "commerce",
    "management",
    "education",
    "medicine",
    "law",
    "pharmacy",
    "research",
    "business",
    "design",
    "music",
    "nursing",
    "agriculture",
    "economics",
    "studies",
];

/// A sentence rather than a name: "and local school officials to devise",
/// "off all high school information".
fn prose(name: &str) -> bool {
    let first = name.split(' ').next().unwrap_or_default();
    let lower = name
        .split(' ')
        .filter(|w| {
            w.chars().next().is_some_and(char::is_lowercase)
                && !GLUE.contains(w)
                && !INSTITUTION.is_match(w)
        })
        .count();
    (first.chars().next().is_some_and(char::is_lowercase)
        && (GLUE.contains(&first)
            || matches!(
                first,
                "off" | "to" | "with" | "from" | "by" | "a" | "an" | "as"
            )))
        || lower >= 3
}

/// "University of New York, NY" → "University of New York";
/// "Pace University, New York, NY" → "Pace University".
fn strip_place_tail(p: &str, cx: &Context) -> String {
    for (k, _) in p.match_indices(',') {
        let (head, tail) = (&p[..k], &p[k + 1..]);
        let tail = tail.trim();
        let place = cx.lex.place(tail).is_some() || cx.lex.region_abbrevs.contains_key(tail);
        if INSTITUTION.is_match(head) && place {
            return clean(head);
        }
    }
    p.to_owned()
}

/// An institution fragment without the degree or field around it:
/// "in Computer Science from VMKV Eng. college" → "VMKV Eng. college",
/// "B.E. in ENC North Maharashtra University" → "North Maharashtra
/// University", "Marietta College Bachelor of Arts" → "Marietta College".
fn clean_institution(f: &str, cx: &Context) -> String {
    let mut name = f.to_owned();
    // "Attended Bond University …": the verb is not part of the name.
    for verb in ["Attended ", "Attending "] {
        if let Some(rest) = name.strip_prefix(verb) {
            name = rest.to_owned();
        }
    }
    // "Finance/Accounting—Hoboken State University": a field set off by an
    // unspaced dash, as well as the words before " from " or " at ".
    for sep in [" from ", " at the ", " at ", "—", "–"] {
        if let Some((_, right)) = name.rsplit_once(sep)
            && (INSTITUTION.is_match(right) || cx.lex.university_in(right).is_some())
        {
            name = clean(right.strip_prefix("the ").unwrap_or(right));
            break;
        }
    }
    let hits = degree_hits(cx, &name);
    if let Some(h) = hits.first()
        && h.start == 0
    {
        name = clean(name[h.end..].trim_start_matches(|c: char| c == ',' || c.is_whitespace()));
    } else if let Some(h) = hits.first()
        && INSTITUTION.is_match(&name[..h.start])
        && !name[..h.start].trim_end().ends_with(" of")
    {
        name = clean(&name[..h.start]);
    }
    // "The Kent State University research and training program": the name
    // ends where running lower-case words begin.
    if name.chars().next().is_some_and(char::is_uppercase) {
        let mut end = name.len();
        let mut at = 0;
        let mut prev = "";
        for w in name.split(' ') {
            // "T.J Institute of technology": a field of study after "of"
            // is part of the name, whatever its case.
            let field = matches!(prev, "of" | "and" | "&") && FIELD_WORDS.contains(&w);
            if w.chars().next().is_some_and(char::is_lowercase)
                && !GLUE.contains(&w)
                && !INSTITUTION.is_match(w)
                && !field
            {
                end = at;
                break;
            }
            at += w.len() + 1;
            prev = w;
        }
        let mut head = name[..end.min(name.len())].trim_end();
        while let Some((h, last)) = head.rsplit_once(' ')
            && GLUE.contains(&last)
        {
            head = h.trim_end();
        }
        if INSTITUTION.is_match(head) {
            name = clean(head);
        }
    }
    for tail in [" Degree", " Diploma", " Certificate"] {
        if let Some(head) = name.strip_suffix(tail)
            && INSTITUTION.is_match(head)
        {
            name = clean(head);
        }
    }
    strip_leading_field(&name, cx.lex)
}

/// The field of study run into the name that follows it, as reflowed lines
/// leave it ("in Electronics ABC University", "Information Technology
/// Towson University") → "ABC University". The rest must still be a
/// capitalised institution name of two words or more, so "Law School" and
/// "Institute of Technology" stay whole.
fn strip_leading_field(name: &str, lex: &crate::lexicon::Lexicon) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let subject = |w: &str| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        FIELD_WORDS.contains(&w.as_str()) || SUBJECT_WORDS.contains(&w.as_str())
    };
    let mut k = 0;
    if words.first().is_some_and(|w| matches!(*w, "in" | "of")) {
        k = 1;
    }
    let start = k;
    while k < words.len() && (subject(words[k]) || k > start && matches!(words[k], "and" | "&")) {
        k += 1;
    }
    if k == start || k >= words.len() {
        return name.to_owned();
    }
    let rest = words[k..].join(" ");
    // A name the dictionary knows, ending the rest, is the name ("in
    // Information Security University of Oslo").
    if let Some((a, b)) = lex.university_in(&rest)
        && b == rest.len()
        && a > 0
    {
        return rest[a..].to_owned();
    }
    // "Business School of Lausanne" is one name; "in Electronics University
    // of Mumbai" (after a degree) is two things.
    let named = words[k].chars().next().is_some_and(char::is_uppercase)
        && !matches!(words[k], "of" | "and" | "&")
        && !subject(words[k])
        && (start == 1 || !INSTITUTION.is_match(words[k]));
    // Without "in" before it the field is only cut off a name the
    // dictionary knows whole ("Information Technology Towson University"),
    // not from "Public Health Leadership Institute".
    let known = || lex.universities.contains(&crate::segment::fold(&rest));
    if named
        && words.len() - k >= 2
        && INSTITUTION.is_match(&rest)
        && !prose(&rest)
        && (start == 1 || known())
    {
        rest
    } else {
        name.to_owned()
    }
}

/// Fields of study that precede an institution's name when a line was run
/// together (beyond [`FIELD_WORDS`]).
const SUBJECT_WORDS: &[&str] = &[
    "information",
    "computer",
    "computing",
    "electronics",
    "electronic",
    "electrical",
    "mechanical",
    "civil",
    "chemical",
    "communication",
    "communications",
    "marketing",
    "finance",
    "accounting",
    "accountancy",
    "psychology",
    "biology",
    "chemistry",
    "physics",
    "mathematics",
    "statistics",
    "history",
    "english",
    "journalism",
    "media",
    "advertising",
    "human",
    "resources",
    "administration",
    "health",
    "public",
    "digital",
    "cinema",
    "film",
    "sociology",
    "philosophy",
    "politics",
    "political",
    "economics",
    "biotechnology",
    "architecture",
    "literature",
    "linguistics",
    "nutrition",
    "hospitality",
    "tourism",
    "applications",
    "systems",
    "software",
    "data",
    "analytics",
];

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
        // "(Hons)", "(B.E.)", not "(2022)".
        .filter(|p| !rest[..p + 2].chars().any(|c| c.is_ascii_digit()))
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
/// A school named on its own line under a credential, with no school word
/// ("General Assembly", "BrainStation", "Le Wagon, Paris"): a short
/// capitalised name, not a note, a place, a sentence or a field.
fn school_on_own_line(cx: &Context, text: &str) -> Option<String> {
    let name = strip_place_tail(text.trim(), cx);
    let name = name.trim().trim_end_matches([',', ';']);
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = words.first()?.to_lowercase();
    let capitalised = words
        .iter()
        .all(|w| w.len() < 4 || w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
    (words.len() <= 5
        && capitalised
        && !NOT_A_NAME.contains(&first.as_str())
        && !name
            .chars()
            .any(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | ',' | '|' | '('))
        && cx.lex.place(name).is_none()
        && !super::fragments::is_sentence(name)
        && !super::fragments::is_noise(name)
        && degree_hits(cx, name).is_empty()
        && credential(name).is_none())
    .then(|| name.to_owned())
}

/// First words of a line under a degree that make it a note about the
/// degree, not its field or its school.
const NOT_A_NAME: &[&str] = &[
    "thesis",
    "dissertation",
    "graduated",
    "graduation",
    "graduating",
    "honors",
    "honours",
    "cum",
    "magna",
    "summa",
    "gpa",
    "cgpa",
    "grade",
    "class",
    "first",
    "second",
    "upper",
    "lower",
    "distinction",
    "merit",
    "relevant",
    "coursework",
    "courses",
    "course",
    "activities",
    "awards",
    "award",
    "member",
    "president",
    "minor",
    "minors",
    "expected",
    "anticipated",
    "completed",
    "pursuing",
    "currently",
    "dean's",
    "deans",
    "scholarship",
    "project",
    "projects",
    "including",
    "studied",
    "study",
    "exchange",
    "focus",
    "concentration",
    "specialization",
    "specialisation",
    "the",
    "a",
    "an",
];

/// The field of study written alone on the line under a degree that ended
/// its own line ("BSc (Hons)" / "Sales Management"; "BS" / "Electrical
/// Engineering, 1991: Rutgers University"). Not a place, a school, a date, a
/// grade or a note about the degree ("Graduated with honours", "Thesis: …").
fn field_on_own_line(cx: &Context, text: &str, institution: Option<&str>) -> Option<String> {
    // ": Business Administration": the separator wrapped onto the field's line.
    let mut t = text.trim().trim_start_matches([':', '-', '–']).trim_start();
    for prefix in ["majoring in ", "major in ", "majors:", "major:"] {
        if t.get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        {
            t = t[prefix.len()..].trim_start();
        }
    }
    if !t.chars().next().is_some_and(char::is_uppercase) || cx.lex.place(t).is_some() {
        return None;
    }
    let area = area_after(&format!(" {t}"), 0, institution)?;
    let first = area.split_whitespace().next()?.to_lowercase();
    (!NOT_A_NAME.contains(&first.as_str())
        && area.split_whitespace().count() <= 6
        && !area.contains(':')
        && !area.chars().any(|c| c.is_ascii_digit())
        // A field is named in title case ("Mathematical Science with
        // Statistics"); "Identifying depressive …" starts a sentence.
        && area
            .split_whitespace()
            .all(|w| w.len() < 4 || !w.starts_with(|c: char| c.is_lowercase()))
        && !SCHOOL.is_match(&area)
        && cx.lex.place(&area).is_none()
        && degree_hits(cx, &area).is_empty())
    .then_some(area)
}

fn area_after(text: &str, at: usize, institution: Option<&str>) -> Option<String> {
    let raw = text.get(at..)?;
    // "Master's Degree in …", "B.Tech with Honors in …", "BSc (Hons) …": the
    // possessive, the word "degree" and the honours are not the field.
    let mut rest = raw.trim_start_matches(['.', ' ']);
    let mut skipped = false;
    loop {
        let before = rest;
        for word in [
            "\\'s",
            "'s",
            "’s",
            "degree",
            "with honors",
            "with honours",
            "(hons)",
            "hons",
        ] {
            if rest
                .get(..word.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
                && rest[word.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
            {
                rest = rest[word.len()..].trim_start_matches(['.', ' ']);
                skipped = true;
            }
        }
        if rest.len() == before.len() {
            break;
        }
    }
    let opener = rest.get(..3).unwrap_or_default();
    let body = if opener.eq_ignore_ascii_case("in ") || opener.eq_ignore_ascii_case("of ") {
        &rest[3..]
    } else if rest.chars().next().is_some_and(|c| c.is_uppercase())
        && (raw.starts_with(' ') || skipped)
    {
        // "B.S. Computer Science, State University"
        rest
    } else {
        rest.strip_prefix(',')
            .or_else(|| rest.strip_prefix(':'))
            .or_else(|| rest.strip_prefix('('))
            .or_else(|| rest.strip_prefix('-'))?
    };
    let mut end = body.len();
    for stop in [
        ",",
        " - ",
        " – ",
        " — ",
        " | ",
        " · ",
        " • ",
        "\t",
        "(",
        " from ",
        " at ",
        ";",
        // "Business Administration with concentration in MIS": the
        // concentration qualifies the field, it is not part of it.
        " with ",
        // "Elementary Education Minor: Psychology": the minor is another field.
        " Minor:",
        " Minor in ",
        " minor in ",
    ] {
        if let Some(p) = body.find(stop) {
            end = end.min(p);
        }
    }
    // "B.S. Computer Science GPA 3.7": the score is not part of the field.
    if let Some(m) = SCORE.find(body) {
        end = end.min(m.start());
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
    let mut area = clean(&area);
    // "Computer Science Expected (June 2013)": the date went, its word goes too.
    while let Some((head, last)) = area.rsplit_once(' ')
        && [
            "expected",
            "anticipated",
            "graduated",
            "graduation",
            "completed",
            "since",
        ]
        .contains(&last.to_lowercase().as_str())
    {
        area = clean(head);
    }
    let words = area.split_whitespace().count();
    (words > 0 && words <= 8 && !INSTITUTION.is_match(&area)).then_some(area)
}

#[cfg(test)]
mod tests {
    use crate::model::Education;

    fn education(text: &str) -> Vec<Education> {
        super::super::parse_text(text).education
    }

    fn institutions(text: &str) -> Vec<String> {
        education(text)
            .into_iter()
            .filter_map(|e| e.institution)
            .collect()
    }

    fn degrees(text: &str) -> Vec<String> {
        education(text)
            .into_iter()
            .filter_map(|e| e.study_type)
            .collect()
    }

    const HEAD: &str =
        "Jane Doe\njane@example.com\n\nEXPERIENCE\nAnalyst, Acme Corp, 2015 - 2020\n\n";

    #[test]
    fn a_range_cut_after_its_start_year_and_training_dates_above() {
        let t = format!(
            "{HEAD}Education\n2004 – Present\n\
             In house training on print broadcast and web content copywriting and high power\nediting.\n\
             1997\n2001: Bachelor of Science in Automotive Engineering, Michigan Technological\nUniversity\n"
        );
        let e = education(&t);
        assert_eq!(e.len(), 1, "{e:?}");
        let d = |d: Option<crate::model::PartialDate>| d.map(|d| d.to_string());
        assert_eq!(d(e[0].start_date).as_deref(), Some("1997"));
        assert_eq!(d(e[0].end_date).as_deref(), Some("2001"));
        assert!(!e[0].x_current);
        assert_eq!(
            e[0].institution.as_deref(),
            Some("Michigan Technological University")
        );
        // A multi-byte character where the year's end would be.
        let _ = education(&format!("{HEAD}Education\n1996\n12€ Bachelor of Arts\n"));
    }

    #[test]
    fn a_school_under_a_degree_and_its_field_is_not_the_fields_tail() {
        let e = education(&format!(
            "{HEAD}EDUCATION\nMA Interaction Design\nRoyal College of Art\n2015 – 2017\n\
             BA Graphic Design\nUniversity of Leeds\n2011 – 2014\n"
        ));
        assert_eq!(
            e[1].institution.as_deref(),
            Some("University of Leeds"),
            "{e:?}"
        );
        assert_eq!(e[1].area.as_deref(), Some("Graphic Design"));
    }

    #[test]
    fn separators_around_a_school_are_not_its_name() {
        let e = education(&format!(
            "{HEAD}Education\nMaster of Science (M.Sc.) in Computer Science, Universidad Politécnica de Madrid, 2016\n\
             B.Sc. Computer Engineering — Universidad de Sevilla (2010 – 2014)\n"
        ));
        let got: Vec<Option<&str>> = e.iter().map(|e| e.institution.as_deref()).collect();
        assert_eq!(
            got,
            [
                Some("Universidad Politécnica de Madrid"),
                Some("Universidad de Sevilla")
            ]
        );
    }

    #[test]
    fn a_field_wrapped_in_a_narrow_column_after_its_degree() {
        let e = education(&format!(
            "{HEAD}Education\nMEng Computer Systems\nEngineering\nUniversity of Manchester\n2012 – 2016\n"
        ));
        assert_eq!(
            e[0].institution.as_deref(),
            Some("University of Manchester"),
            "{e:?}"
        );
        assert_eq!(e[0].area.as_deref(), Some("Computer Systems Engineering"));
    }

    #[test]
    fn a_school_known_by_its_initials_after_the_field() {
        let e = education(&format!(
            "{HEAD}Education\nBSc Administration (Accounting) — KNUST, 2014\nB.S., Biology, Reed College, 2010\n"
        ));
        let got: Vec<Option<&str>> = e.iter().map(|e| e.institution.as_deref()).collect();
        assert_eq!(got, [Some("KNUST"), Some("Reed College")], "{e:?}");
    }

    #[test]
    fn a_programme_and_its_school_named_under_it() {
        let e = education(&format!(
            "{HEAD}EDUCATION\nFull-Stack Web Development Program (2022)\nGeneral Assembly\n\
             Data Analytics Immersive (2021)\nBrainStation\n"
        ));
        let got: Vec<(Option<&str>, Option<&str>)> = e
            .iter()
            .map(|e| (e.study_type.as_deref(), e.institution.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some("Full-Stack Web Development Program"),
                    Some("General Assembly")
                ),
                (Some("Data Analytics Immersive"), Some("BrainStation"))
            ]
        );
        // An exchange or a fellowship is no credential; a note is no school.
        let e = education(&format!(
            "{HEAD}EDUCATION\nBoston University\nBachelor of Arts, 2010\nExchange Program\n"
        ));
        assert_eq!(e.len(), 1, "{e:?}");
        let e = education(&format!(
            "{HEAD}EDUCATION\nWeb Design Bootcamp\nSumma Cum Laude\n"
        ));
        assert_eq!(e[0].institution, None, "{e:?}");
    }

    #[test]
    fn a_field_on_the_line_under_a_degree_alone() {
        let e = education(&format!(
            "{HEAD}ACADEMIC QUALIFICATIONS\nNuneaton University\nBSc (Hons)\nSales Management\n2008 - 2011\n\
             Coventry Central College\nA levels:\n2005 - 2008\n"
        ));
        assert_eq!(e[0].study_type.as_deref(), Some("BSc (Hons)"), "{e:?}");
        assert_eq!(e[0].area.as_deref(), Some("Sales Management"));
        let e = education(&format!(
            "{HEAD}EDUCATION\nBS\nElectrical Engineering, 1991: Rutgers University, New Brunswick, NJ\n"
        ));

        assert_eq!(
            e[0].area.as_deref(),
            Some("Electrical Engineering"),
            "{e:?}"
        );
        assert_eq!(e[0].institution.as_deref(), Some("Rutgers University"));
        let e = education(&format!(
            "{HEAD}EDUCATION\nBachelor of Arts\n: Business Administration\n"
        ));
        assert_eq!(
            e[0].area.as_deref(),
            Some("Business Administration"),
            "{e:?}"
        );
        let e = education(&format!(
            "{HEAD}EDUCATION\nBachelor of Science: Elementary Education Minor: Psychology\n"
        ));
        assert_eq!(e[0].area.as_deref(), Some("Elementary Education"), "{e:?}");
        // A note, a place or a school under the degree is no field.
        for under in [
            "Graduated with honours",
            "Boston, MA",
            "Harvard University",
            "May 2011",
        ] {
            let e = education(&format!("{HEAD}EDUCATION\nMaster of Arts\n{under}\n"));
            assert_eq!(e[0].area, None, "{under}: {e:?}");
        }
    }

    #[test]
    fn a_college_under_its_university_is_the_same_entry() {
        let e = education(&format!(
            "{HEAD}EDUCATION\nCORNELL UNIVERSITY\nMEng in Computer Science\nDec 2014 | Ithaca, NY\n\
             CORNELL UNIVERSITY\nBS in Computer Science\nMay 2014 | Ithaca, NY\n\
             College of Engineering\nMagna Cum Laude\n"
        ));
        let got: Vec<(Option<&str>, Option<&str>, Option<String>)> = e
            .iter()
            .map(|e| {
                (
                    e.institution.as_deref(),
                    e.study_type.as_deref(),
                    e.end_date.map(|d| d.to_string()),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    Some("CORNELL UNIVERSITY"),
                    Some("MEng"),
                    Some("2014-12".into())
                ),
                (
                    Some("CORNELL UNIVERSITY"),
                    Some("BS"),
                    Some("2014-05".into())
                ),
            ]
        );
    }

    /// Institution, degree as written, field and level of each entry.
    type Row<'a> = (
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );

    fn rows(e: &[Education]) -> Vec<Row<'_>> {
        e.iter()
            .map(|e| {
                (
                    e.institution.as_deref(),
                    e.study_type.as_deref(),
                    e.area.as_deref(),
                    e.x_level.as_deref(),
                )
            })
            .collect()
    }

    #[test]
    fn headings_side_by_side_give_the_degrees_to_education() {
        let r = crate::entities::parse_text(
            "Jane Doe\njane@example.com\n\nEDUCATION\nCLINICAL EXPERIENCE\nMaster of Arts, Counseling Psychology\nMay 2015\n\
             Towson University, Towson, MD\nClinical Intern and Administrative Assistant,\n\
             January 2013 - September 2013\nThe Center for Empowered Living, Baltimore, MD\n\
             Observed therapy sessions, including couples therapy sessions and group work.\n",
        );
        assert_eq!(
            rows(&r.education),
            [(
                Some("Towson University"),
                Some("Master of Arts"),
                Some("Counseling Psychology"),
                Some("master")
            )]
        );
        assert_eq!(r.work.len(), 1, "{:#?}", r.work);
        assert_eq!(
            r.work[0].position.as_deref(),
            Some("Clinical Intern and Administrative Assistant")
        );
    }

    #[test]
    fn possessive_degree_and_honours_before_the_field() {
        let e = education(&format!(
            "{HEAD}EDUCATION\nMaster's Degree in Computer Science, California University, 2012\n\
             B.Tech with Honors in Information Technology, Indian Institute of Information Technology, 2004\n\
             B.S.Ed., Physical Education, Northern Illinois University, DeKalb, IL, May 2009\n"
        ));
        let r = rows(&e);
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].2, Some("Computer Science"));
        assert_eq!(r[1].2, Some("Information Technology"));
        assert_eq!(r[2].1, Some("B.S.Ed."));
        assert_eq!(r[2].2, Some("Physical Education"));
    }

    #[test]
    fn plural_spellings_and_initialisms() {
        let e = education(&format!(
            "{HEAD}EDUCATION\nBachelor of Sciences - Mathematics, 1974\nCarnegie-Mellon University\n\
             M.L.S., North Carolina Central University, 2011\n\
             Diploma, Dr. R.M.L.S College, 2009\n"
        ));
        let degrees: Vec<_> = rows(&e).iter().map(|r| r.1).collect();
        assert_eq!(
            degrees,
            [
                Some("Bachelor of Sciences"),
                Some("M.L.S."),
                Some("Diploma")
            ]
        );
    }

    #[test]
    fn a_name_between_the_field_and_the_date_is_the_institution() {
        let e = education(&format!(
            "{HEAD}EDUCATION\nBA English Studies and Marketing Management, Oxford Brookes, 1998 - 2001\n\
             BS Home Economics, Textiles and Related Arts, 1975\n"
        ));
        assert_eq!(
            rows(&e).iter().map(|r| r.0).collect::<Vec<_>>(),
            [Some("Oxford Brookes"), None]
        );
    }

    #[test]
    fn indian_and_foreign_forms() {
        let e = education(&format!(
            "{HEAD}EDUCATION\nB-TECH\nXYZ Institute of Technology, 2012\n\n\
             Post graduate in commerce, University of New Jersey, 2004-05\n\n\
             MBA, 2001\nUNIVERSIDADE CENTRAL DE BRASILIA, Sao Paulo, Brazil\n"
        ));
        assert_eq!(
            rows(&e),
            [
                (
                    Some("XYZ Institute of Technology"),
                    Some("B-TECH"),
                    None,
                    Some("bachelor")
                ),
                (
                    Some("University of New Jersey"),
                    Some("Post graduate in commerce"),
                    None,
                    Some("master")
                ),
                (
                    Some("UNIVERSIDADE CENTRAL DE BRASILIA"),
                    Some("MBA"),
                    None,
                    Some("master")
                ),
            ]
        );
    }

    #[test]
    fn degrees_filed_under_professional_development() {
        let e = education(&format!(
            "{HEAD}PROFESSIONAL DEVELOPMENT\nUniversity of Texas at Dallas\nDallas, Texas\n\
             Masters in Business Administration with concentration in Management Information Systems\n\
             Bachelor of Science in Business Administration\n\
             TECHNICAL CERTIFICATIONS\nMicrosoft Certified Systems Engineer (MCSE)\n"
        ));
        let utd = Some("University of Texas at Dallas");
        let field = Some("Business Administration");
        assert_eq!(
            rows(&e),
            [
                (utd, Some("Masters"), field, Some("master")),
                (utd, Some("Bachelor of Science"), field, Some("bachelor")),
            ]
        );
    }

    #[test]
    fn score_and_separators_end_the_field() {
        for (line, score) in [
            ("B.S. Computer Science · GPA 3.7", "3.7"),
            ("B.S. Computer Science · Expected · GPA 3.6", "3.6"),
            ("B.S. Computer Science GPA: 3.7/4.0", "3.7/4.0"),
            (
                "B.S. Computer Science Expected June 2017 3.3/4.0 G.P.A",
                "3.3/4.0",
            ),
        ] {
            let e = education(&format!(
                "{HEAD}EDUCATION\nSpringfield State University  2013 - 2017\n{line}\n"
            ));
            assert_eq!(e.len(), 1, "{line}: {e:#?}");
            assert_eq!(e[0].area.as_deref(), Some("Computer Science"), "{line}");
            assert_eq!(e[0].score.as_deref(), Some(score), "{line}");
        }
    }

    #[test]
    fn institutions_known_by_a_short_name() {
        let t = format!(
            "{HEAD}EDUCATION\nCaltech\tSep 2022 – Present\nPh.D., Applied Mathematics\n\
             MIT\tMay 2022\nM.S., Computer Science\nGeorgia Tech\tMay 2020\n\
             B.S., Computer Science, cum laude\n"
        );
        assert_eq!(institutions(&t), vec!["Caltech", "MIT", "Georgia Tech"]);
        assert_eq!(degrees(&t), vec!["Ph.D.", "M.S.", "B.S."]);
    }

    #[test]
    fn several_entries_on_one_line_are_read_apart() {
        let t = format!(
            "{HEAD}EDUCATION\nPh.D. (Economics) Johns Hopkins University, 1983. M.A. (Economics) \
             Boston University, 1981.\n"
        );
        assert_eq!(
            institutions(&t),
            vec!["Johns Hopkins University", "Boston University"]
        );
        assert_eq!(degrees(&t), vec!["Ph.D.", "M.A."]);
        let t = format!("{HEAD}EDUCATION\nBachelor of Science (B.Sc.), Boston University, 2001\n");
        assert_eq!(degrees(&t), vec!["Bachelor of Science (B.Sc.)"]);
    }

    #[test]
    fn field_or_verb_before_the_institution_is_not_its_name() {
        let t = format!(
            "{HEAD}EDUCATION\nBachelor of Science, Finance/Accounting—Hoboken State University\n\
             2010: Attended Bond University, mediation course\n"
        );
        assert_eq!(
            institutions(&t),
            vec!["Hoboken State University", "Bond University"]
        );
    }

    #[test]
    fn double_degree_is_two_entries() {
        let t = format!(
            "{HEAD}EDUCATION\nBachelor of Laws/Bachelor of Arts\nMonash University\n2010 - 2015\n\
             B.S. and M.S. in Computer Science, Stanford University, 2018\n"
        );
        let e = education(&t);
        let got: Vec<(Option<String>, Option<String>, Option<String>)> = e
            .into_iter()
            .map(|e| (e.study_type, e.area, e.institution))
            .collect();
        let s = |v: &str| Some(v.to_owned());
        assert_eq!(
            got,
            vec![
                (s("Bachelor of Laws"), None, s("Monash University")),
                (s("Bachelor of Arts"), None, s("Monash University")),
                (s("B.S."), s("Computer Science"), s("Stanford University")),
                (s("M.S."), s("Computer Science"), s("Stanford University")),
            ]
        );
    }

    #[test]
    fn field_run_into_the_institution_is_cut_off() {
        let t = format!(
            "{HEAD}EDUCATION\nBachelor's Degree in Electronics ABC University, New York, NY 2012\n"
        );
        assert_eq!(institutions(&t), vec!["ABC University"]);
        let t = format!(
            "{HEAD}EDUCATION\nBachelor of Science, Information Technology Towson University, Towson, MD\n"
        );
        assert_eq!(institutions(&t), vec!["Towson University"]);
        let lex = crate::lexicon::Lexicon::new(crate::taxonomy::Taxonomy::embedded());
        for whole in [
            "Law School",
            "Business School of Lausanne",
            "Institute of Technology",
            "Public Health Leadership Institute",
            "in Network Security University of Oslo",
        ] {
            assert_eq!(super::strip_leading_field(whole, &lex), whole);
        }
    }

    #[test]
    fn heading_that_names_education_is_read() {
        let t = format!(
            "{HEAD}EDUCATION & CREDENTIALS\nTexas Tech University, Lubbock, TX\nBachelor of Science, Marketing, 2001\n"
        );
        assert_eq!(institutions(&t), vec!["Texas Tech University"]);
        assert_eq!(degrees(&t), vec!["Bachelor of Science"]);
    }

    #[test]
    fn citations_under_an_education_heading_name_no_school() {
        let t = format!(
            "{HEAD}EDUCATION\nPh.D., Stanford University, 1987\n\
             Gumport, P. (2007). Sociology of Higher Education. Baltimore, MD: Johns Hopkins University Press.\n\
             Gumport, P. (2002). Universities and Knowledge. Peking University Education Review 4:32-41.\n"
        );
        assert_eq!(institutions(&t), vec!["Stanford University"]);
    }

    #[test]
    fn institution_after_from() {
        let t = format!(
            "{HEAD}EDUCATION\nBachelor of Engineering in Computer Science from VMKV Eng. college, Salem, India, 1999\n"
        );
        assert_eq!(institutions(&t), vec!["VMKV Eng. college"]);
        let t =
            format!("{HEAD}EDUCATION\nDiploma from the Institute of Political Studies, Paris\n");
        assert_eq!(institutions(&t), vec!["Institute of Political Studies"]);
    }

    #[test]
    fn institution_read_as_a_place_and_place_tail() {
        let t = format!(
            "{HEAD}EDUCATION\nPhD Education Administration, University of New York, NY (2000)\nB.S. Finance, Pace University, New York, NY, 1990\n"
        );
        assert_eq!(
            institutions(&t),
            vec!["University of New York", "Pace University"]
        );
    }

    #[test]
    fn degree_after_institution_is_cut_off() {
        let t = format!(
            "{HEAD}EDUCATION\nMarietta College Bachelor of Arts, Marietta, Ohio, August 2007 - May 2011\n"
        );
        assert_eq!(institutions(&t), vec!["Marietta College"]);
        assert_eq!(degrees(&t), vec!["Bachelor of Arts"]);
    }

    #[test]
    fn prose_after_institution_is_cut_off() {
        let t = format!(
            "{HEAD}EDUCATION\nM.Sc., The Kent State University research and training program, 2004\n"
        );
        assert_eq!(institutions(&t), vec!["The Kent State University"]);
    }

    #[test]
    fn not_degrees() {
        let t = format!(
            "{HEAD}EDUCATION\nB.S. Computer Science, Boston University, Boston, MA, 2010\nProficient in MS Word and MS Project\nMaster Thesis on distributed systems\nTaught as the first undergraduate to lead a course\n"
        );
        assert_eq!(degrees(&t), vec!["B.S."]);
    }

    #[test]
    fn credentials_without_dictionary_degree() {
        let t = format!(
            "{HEAD}EDUCATION\nParalegal Certificate, 1999\nCertificate in Commercial Law and Practice 1990\n"
        );
        assert_eq!(
            degrees(&t),
            vec![
                "Paralegal Certificate",
                "Certificate in Commercial Law and Practice"
            ]
        );
    }

    #[test]
    fn school_level_dropped_beside_higher_education() {
        let t = format!(
            "{HEAD}EDUCATION\nB.Tech in Mechanical Engineering, Anna University, 2012\nHSC, Velankanni Higher Secondary School, 2008\nCoventry Central College\nA levels, 2005 - 2008\n"
        );
        assert_eq!(
            institutions(&t),
            vec!["Anna University", "Coventry Central College"]
        );
        assert_eq!(degrees(&t), vec!["B.Tech"]);
        // Only school: it stays.
        let t = format!("{HEAD}EDUCATION\nHigh School Diploma, Sparta High School, 2008\n");
        assert_eq!(degrees(&t), vec!["High School Diploma"]);
    }

    #[test]
    fn degree_line_with_institution_outside_education() {
        let t = format!(
            "{HEAD}EDUCATION\nMBA, Harvard University, 2012\n\nSKILLS\nExcel, SQL\nBS Engineering, University of Michigan, 2008\n"
        );
        assert_eq!(
            institutions(&t),
            vec!["Harvard University", "University of Michigan"]
        );
    }
}
