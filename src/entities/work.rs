//! Work history: experience sections into [`Work`] entries.
//!
//! Input: the lines of every experience section (or, when a resume has no
//! such heading, every line outside other known sections). Output: entries
//! with title, employer, location, dates, summary and highlights, each with a
//! confidence.
//!
//! Entries are anchored on dates: every short line carrying a date or range is
//! one entry's header. The header is that line plus the short, non-bullet lines
//! just above it (and, when a title or employer is still missing, just below
//! it; lines that are only a place do not count). A range whose two ends sit
//! on consecutive date-only lines ("September 2008" / "December 2011", or
//! "Mar 2014" / "current") is one date, and so is a range glued together
//! ("20132015", "2016present"). The header is cut into fragments
//! ([`super::fragments`]) and the best title/employer pair is chosen by
//! evidence (job-title vocabulary, legal suffixes, known companies), not by
//! position — so "Title at Company",
//! "Company | Title | dates", title-first and employer-first layouts all work.
//! Below the dates, a blurb about the employer (up to four wrapped lines) may come
//! before the title, and a labelled title ("Position: Director") may come a
//! few lines down. A label fixes one role; the other is still chosen by
//! evidence, and a "Client:" is the employer only when no other organisation
//! is named. Several roles under one employer inherit the employer line above
//! them; a role with no dates of its own, a job title alone on a line inside
//! the description ("Project Management/Technical Lead"), is one more entry
//! under the same employer.

use crate::layout::Ln;
use crate::model::{PartialDate, Work};
use crate::segment::SectionKind;

use super::dates::{DateSpan, best_range};
use super::fragments::{
    Fragment, HeaderParts, capitalised, client_labelled, header_dates, is_noise, is_sentence,
    is_team, labelled, labelled_other, names_project, not_an_org, org_score, sentence_role,
    split_header, surely_org, title_score,
};
use super::{Context, Found};

/// A work entry with per-field confidence.
#[derive(Debug, Clone, Default)]
pub struct WorkFound {
    pub work: Work,
    pub position: Option<Found<()>>,
    pub employer: Option<Found<()>>,
    pub dates: Option<Found<()>>,
    /// Lines the entry spans (header first line .. last description line).
    pub first_line: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Bullet,
    Long,
    Short,
}

fn kind(ln: &Ln) -> Kind {
    let words = ln.words();
    // "{ Led the delivery": a bullet glyph from a symbol font, read as a brace.
    if ln.bullet || ln.text.starts_with("{ ") {
        Kind::Bullet
    } else if words > 12
        || (words > 6 && ln.text.ends_with('.') && !capitalised_list(&ln.text))
        || ln.text.ends_with(':') && words > 1
    {
        Kind::Long
    } else {
        Kind::Short
    }
}

/// "Staff Software Engineer, Google Search App, Google, Mountain View.",
/// "1 ENNORE FOUNDRIES LIMITED, CHENNAI 600 057, INDIA.": three or more short
/// capitalised (or numbered) parts between commas are a header, whatever the
/// full stop says; a sentence has lower-case words after its commas.
fn capitalised_list(text: &str) -> bool {
    // A line in capitals is a header line, never a sentence.
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters >= 6 && !text.chars().any(char::is_lowercase) {
        return true;
    }
    let parts: Vec<&str> = text
        .trim_end_matches('.')
        .split(',')
        .map(str::trim)
        .collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            p.split_whitespace().count() <= 4
                && p.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                && !p.contains(" and ")
        })
}

/// Entries of all experience sections.
pub fn extract(cx: &Context) -> Vec<WorkFound> {
    let mut ranges = cx.ranges(SectionKind::Experience);
    if ranges.is_empty() {
        // No experience heading: look for dated entries outside sections
        // that are clearly something else.
        let other = [
            SectionKind::Education,
            SectionKind::Skills,
            SectionKind::Languages,
            SectionKind::Certifications,
            SectionKind::Awards,
            SectionKind::Publications,
            SectionKind::References,
            SectionKind::Interests,
            SectionKind::Courses,
        ];
        let mut start = None;
        for i in 0..=cx.lines.len() {
            let ok = i < cx.lines.len() && !other.contains(&cx.kind_of(i)) && !cx.is_heading(i);
            match (ok, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    ranges.push(s..i);
                    start = None;
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        for r in ranges {
            out.extend(entries(cx, r, true));
        }
        out.extend(accomplishment_roles(cx, true));
        out.sort_by_key(|w| w.first_line);
        return out;
    }
    let mut out = Vec::new();
    for r in ranges {
        out.extend(entries(cx, r, false));
    }
    out.extend(accomplishment_roles(cx, false));
    // Roles written outside the experience section (a summary table
    // "Company, City. Title May/2008 - May/2016") count when both the title
    // and the employer are clear.
    for s in cx
        .sections
        .iter()
        .filter(|s| matches!(s.kind, SectionKind::Header | SectionKind::Summary))
    {
        for w in entries(cx, s.start..s.end, true) {
            let sure = |f: &Option<Found<()>>| f.as_ref().is_some_and(|f| f.confidence >= 0.75);
            let dup = out
                .iter()
                .any(|o| o.work.position == w.work.position && o.work.name == w.work.name);
            if sure(&w.position) && sure(&w.employer) && !dup {
                out.push(w);
            }
        }
    }
    out.sort_by_key(|w| w.first_line);
    out
}

/// Executive resumes often list their roles under "Accomplishments" (and
/// keep only the early ones under "Prior experience"): a dated entry there
/// with a clear title is a role. An "Awards" or "Honors" section holds
/// roles only in a resume with no experience heading at all.
fn accomplishment_roles(cx: &Context, any_awards: bool) -> Vec<WorkFound> {
    cx.sections
        .iter()
        .filter(|s| s.kind == SectionKind::Awards)
        .filter(|s| {
            any_awards
                || s.heading.as_deref().is_some_and(|h| {
                    let h = crate::segment::fold(h);
                    h.contains("accomplishment") || h.contains("achievement")
                })
        })
        .flat_map(|s| entries(cx, s.start..s.end, true))
        .filter(|w| w.position.as_ref().is_some_and(|f| f.confidence >= 0.75))
        .collect()
}

struct Header {
    lines: Vec<usize>,
    parts: HeaderParts,
    anchor: usize,
    /// A range read across two lines ("September 2008" / "December 2011").
    split_range: Option<DateSpan>,
    /// The sentence the dated line runs on into after its header, which
    /// opens the description ("2005-2008: Department Chair, Political
    /// Science. Responsible for …").
    lead: Option<String>,
}

/// "Jan 2019" / "Present" or "2010" / "2014": a range whose two ends sit on
/// consecutive date-only lines (columns flattened, the dash lost). `start`
/// is the lone date of the first line; the second line must hold nothing but
/// a later date or a word for now.
fn split_range(start: DateSpan, next: &str, lex: &crate::lexicon::Lexicon) -> Option<DateSpan> {
    if start.is_range {
        return None;
    }
    let from = start.start?;
    let key = crate::segment::fold(next);
    if matches!(
        key.as_str(),
        "present"
            | "current"
            | "now"
            | "today"
            | "ongoing"
            | "till date"
            | "to date"
            | "date"
            | "to present"
            | "until now"
            | "until today"
            | "till today"
            | "till now"
            | "continuing"
    ) {
        return Some(DateSpan {
            current: true,
            is_range: true,
            ..start
        });
    }
    let p = split_header(next, 0, lex);
    // "2008" / "2013 Freelance web developer and consultant": the end may
    // open the next line, the role's words after it.
    let leads = p.dates.first().is_some_and(|d| {
        !d.is_range
            && next[..d.from].trim().is_empty()
            && !p.fragments.is_empty()
            && next[d.to..]
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .starts_with(char::is_uppercase)
    });
    let end = if leads {
        p.dates.first()?.start.filter(|e| e.year > from.year)?
    } else {
        if !p.fragments.is_empty() || !p.places.is_empty() {
            return None;
        }
        best_range(&p.dates).filter(|d| !d.is_range)?.start?
    };
    // "2014" / "2014" is a list of dated items, not a range.
    let later = if from.month.is_none() && end.month.is_none() {
        end.year > from.year
    } else {
        end.ordinal(12) >= from.ordinal(1)
    };
    later.then_some(DateSpan {
        end: Some(end),
        is_range: true,
        ..start
    })
}

fn entries(cx: &Context, range: std::ops::Range<usize>, strict: bool) -> Vec<WorkFound> {
    let lines = cx.lines;
    let kinds: Vec<Kind> = lines.iter().map(kind).collect();
    let spans: Vec<Option<DateSpan>> = range
        .clone()
        .map(|i| {
            // A bullet is description, unless it states a role as a
            // sentence ("• Worked as Engineer with Acme from 2015 to 2016").
            if kinds[i] == Kind::Bullet && sentence_role(&lines[i].text).is_none() {
                None
            } else {
                best_range(&header_dates(&lines[i].text))
                    .filter(|&s| !year_in_prose(&lines[i].text, s))
            }
        })
        .collect();
    let span_at = |i: usize| spans.get(i.wrapping_sub(range.start)).copied().flatten();
    let mut claimed = vec![false; lines.len()];
    let mut headers: Vec<Header> = Vec::new();
    if !strict && range.clone().all(|i| span_at(i).is_none()) {
        // No dates at all: entries are the short, non-bullet blocks that
        // open with a job title, after the section start or a description.
        // Lines that together name a title and an organisation: a second
        // such line under them is the next role ("Waitress, Genos
        // Steakhouse, Wayne, NE" / "Food-Service Employee, Chartwells, Inc.").
        let mut i = range.start;
        while i < range.end {
            let opens = i == range.start || kinds[i - 1] != Kind::Short;
            if kinds[i] == Kind::Short && opens && !cx.is_heading(i) {
                let mut block = vec![i];
                while block.len() < 3
                    && i + block.len() < range.end
                    && kinds[i + block.len()] == Kind::Short
                    && !(lines_role(cx, &[i + block.len()], 0.45) && lines_role(cx, &block, 0.45))
                {
                    block.push(i + block.len());
                }
                let titled = block.iter().any(|&l| {
                    split_header(&lines[l].text, l, cx.lex)
                        .fragments
                        .iter()
                        .any(|f| title_score(&f.text, cx.lex) >= 0.5)
                });
                if titled {
                    for &l in &block {
                        claimed[l] = true;
                    }
                    let anchor = *block.last().unwrap_or(&i);
                    i += block.len();
                    headers.push(Header {
                        lines: block,
                        parts: HeaderParts::default(),
                        anchor,
                        split_range: None,
                        lead: None,
                    });
                    continue;
                }
            }
            i += 1;
        }
    }
    if !strict {
        column_first(cx, &range, &kinds, &span_at, &mut claimed, &mut headers);
    }
    // "Professional Experience" / "2006-present" / "Head" / "Division of
    // …": a section whose first line is dates alone writes every entry
    // date-first, so the lines above a later date line end the entry before.
    // Likewise when the first dates alone follow prose ("… a can-do
    // attitude." / "2011 to Present" / "Blentech, Santa Rosa" / "Supervisor"):
    // nothing above them can be their header, the lines below are.
    let dates_lead = range
        .clone()
        .find(|&i| span_at(i).is_some_and(|s| date_only(&lines[i].text, s, cx)))
        .is_some_and(|i| {
            let opens = (range.start..i).all(|l| cx.is_heading(l))
                || kinds[i - 1] == Kind::Long && !lines[i - 1].text.trim_end().ends_with(':');
            let header_below = i + 1 < range.end
                && kinds[i + 1] == Kind::Short
                && span_at(i + 1).is_none()
                && !cx.is_heading(i + 1);
            opens && (header_below || (range.start..i).all(|l| cx.is_heading(l)))
        });
    let mut last_anchor: Option<(usize, DateSpan)> = None;
    for a in range.clone() {
        let Some(span) = span_at(a) else { continue };
        if strict && !span.is_range {
            continue;
        }
        // The date must sit in a short line (what is left is a header).
        let (head, _) = header_and_lead(&lines[a].text, span);
        let rest = remove_span(head, span);
        if rest.split_whitespace().count() > 12 || claimed[a] {
            continue;
        }
        // "… for Active Directory 2008, Exchange server 2007, VMware" / "2010
        // server.": a wrapped sentence's tail that happens to open on a year.
        let wrapped = a > range.start
            && kinds[a - 1] == Kind::Long
            && !lines[a - 1].text.trim_end().ends_with(['.', ':', ';'])
            && lines[a]
                .text
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit())
            && rest.trim_start().starts_with(char::is_lowercase);
        if wrapped {
            continue;
        }
        // The dated line's own words (places and dates set apart): with none,
        // the title and employer sit on the two lines above. "Duration: 8
        // Years (1993": a duration beside the date is no role.
        let own: Vec<Fragment> = split_header(head, a, cx.lex)
            .fragments
            .into_iter()
            .filter(|f| !is_noise(&f.text))
            .collect();
        // "April 2017 to Present" / "Location: Pune" / "Duration: April 2017
        // - Till Date": the same dates again a few lines on belong to the
        // entry above, not to a new one.
        if span.is_range
            && own.iter().all(|f| labelled_other(&f.text))
            && last_anchor.is_some_and(|(l, s)| {
                a - l <= 5
                    && s.start == span.start
                    && s.end == span.end
                    && s.current == span.current
            })
        {
            continue;
        }
        last_anchor = Some((a, span));
        claimed[a] = true;
        let mut hl = vec![a];
        // "Social Media Coordinator, June 2010" / "August 2013": a range
        // cut after the line's last words, its end on the next line.
        let ends_line = lines[a]
            .text
            .get(span.to..)
            .is_some_and(|t| t.trim_matches(|c: char| !c.is_alphanumeric()).is_empty());
        let merged = if (own.is_empty() || ends_line) && a + 1 < range.end && !claimed[a + 1] {
            split_range(span, &lines[a + 1].text, cx.lex)
        } else {
            None
        };
        if merged.is_some() {
            claimed[a + 1] = true;
            hl.push(a + 1);
        }
        // "Duration: 8 Years (1993" / "2001)" / "Position: Senior Vice
        // President": with the title labelled below, only the employer is above.
        let after = if merged.is_some() { a + 2 } else { a + 1 };
        let title_below = lines
            .get(after)
            .is_some_and(|l| labelled(&l.text).is_some_and(|(t, _)| t));
        // "Mater Misericordiae University Hospital, Dublin — Student Nurse,
        // 2014": a dated line that is a whole role takes no job title from
        // above (the title there is the entry before's).
        let whole_role = lines[a].words() <= 12 && lines_role(cx, &[a], 0.6);
        let max_up = if sentence_role(&lines[a].text).is_some() || (dates_lead && own.is_empty()) {
            0
        } else if own.is_empty() && !title_below {
            2
        } else {
            1
        };
        let usable = |j: usize, claimed: &[bool]| {
            !claimed[j]
                && kinds[j] == Kind::Short
                && span_at(j).is_none()
                && !cx.is_heading(j)
                && !continues_paragraph(lines, j)
        };
        let base = hl.len();
        let mut j = a;
        let mut places_only = 0;
        while j > range.start && hl.len() - base < max_up + places_only {
            j -= 1;
            if !usable(j, &claimed) {
                break;
            }
            // A note in brackets under the employer ("(ISO 9000 Company)",
            // "(Contract)") is neither role: skip it, the employer is above.
            let t = lines[j].text.trim();
            if t.starts_with('(') && t.ends_with(')') && !t[1..].contains('(') {
                claimed[j] = true;
                continue;
            }
            // A line that is only a place ("Rolla, MO") does not use up the
            // look-up budget: the employer is usually just above it.
            let p = split_header(&lines[j].text, j, cx.lex);
            // "Sales Associate, Cheap & Tacky Clothing, Cavalier Mall" above
            // "Produce Clerk, Expensive Foods, Pretend, NE": above a whole
            // role, another job title starts another entry.
            if hl.len() > base
                && p.fragments
                    .iter()
                    .any(|f| title_score(&f.text, cx.lex) >= 0.5)
                && lines_role(cx, &hl[..hl.len() - base], 0.45)
            {
                break;
            }
            if whole_role
                && p.fragments
                    .iter()
                    .any(|f| title_score(&f.text, cx.lex) >= 0.5)
                && !p
                    .fragments
                    .iter()
                    .any(|f| org_score(&f.text, cx.lex) >= 0.5)
            {
                break;
            }
            // "1 Year 3 Months", "until today)": likewise.
            if filler(&p, &lines[j].text) {
                places_only += 1;
            }
            claimed[j] = true;
            hl.insert(0, j);
        }
        // "Title" / "Employer – Team" / "dates  City": one more line up when
        // what we have has no title and that line reads as one.
        let titled = |ls: &[usize]| {
            ls.iter().any(|&l| {
                split_header(&lines[l].text, l, cx.lex)
                    .fragments
                    .iter()
                    .any(|f| title_score(&f.text, cx.lex) >= 0.45)
            })
        };
        if let Some(&top) = hl.first()
            && top > range.start
            && max_up > 0
            && hl.len() - base == max_up + places_only
            && !titled(&hl)
            && usable(top - 1, &claimed)
            && titled(&[top - 1])
            // "Waitress, Genos Steakhouse, Wayne, NE" above "Food-Service
            // Employee, Chartwells, Inc.": a whole role of its own above an
            // employer is the entry before, not this one's title.
            && !(lines_role(cx, &[top - 1], 0.6)
                && hl.iter().any(|&l| {
                    split_header(&lines[l].text, l, cx.lex)
                        .fragments
                        .iter()
                        .any(|f| org_score(&f.text, cx.lex) >= 0.5)
                }))
        {
            claimed[top - 1] = true;
            hl.insert(0, top - 1);
        }
        // "Qualcomm, Inc., Cary, North Carolina" / "CDMA Technologies" /
        // "Senior Engineer - June 2004 to Present": the line we stopped at
        // names a division; the company itself, unmistakable by its legal
        // form or name, is one line up.
        let org_only = |l: usize, sure: bool| {
            let p = split_header(&lines[l].text, l, cx.lex);
            !p.fragments.is_empty()
                && p.fragments.iter().all(|f| {
                    title_score(&f.text, cx.lex) < 0.3
                        && if sure {
                            surely_org(&f.text, cx.lex)
                        } else {
                            !surely_org(&f.text, cx.lex)
                        }
                })
        };
        if let Some(&top) = hl.first()
            && top > range.start
            && top < a
            && hl.len() - base == max_up + places_only
            && org_only(top, false)
            && usable(top - 1, &claimed)
            && org_only(top - 1, true)
        {
            claimed[top - 1] = true;
            hl.insert(0, top - 1);
        }
        headers.push(Header {
            lines: hl,
            parts: HeaderParts::default(),
            anchor: if merged.is_some() { a + 1 } else { a },
            split_range: merged,
            lead: header_and_lead(&lines[a].text, span).1.map(str::to_owned),
        });
    }
    // Undated one-line roles ("ARLINGTON CORPORATION, Product Development
    // Specialist"; "Receptionist, Heritage Bank of Huntsville, AL"), as in an
    // "Earlier career" list: a short line that names both a job title and an
    // organisation clearly enough on its own.
    if !strict {
        for i in range.clone() {
            if claimed[i] || kinds[i] != Kind::Short || cx.is_heading(i) || span_at(i).is_some() {
                continue;
            }
            // "Company: Genpact India" / "Client: …" / "Incident Coordinator":
            // an employer labelled as one opens an entry, unless it closes
            // the header just above.
            let labelled_employer = labelled(&lines[i].text).is_some_and(|(t, _)| !t)
                && !client_labelled(&lines[i].text)
                && (i.saturating_sub(3)..i).all(|l| !claimed[l]);
            if labelled_employer || lines_role(cx, &[i], 0.6) {
                claimed[i] = true;
                headers.push(Header {
                    lines: vec![i],
                    parts: HeaderParts::default(),
                    anchor: i,
                    split_range: None,
                    lead: None,
                });
                continue;
            }
            // "…earning award for being in top 5%." / "APPLE COMPUTER" /
            // "Software Engineer, Intern" / "Designed new approach …": two
            // short lines between descriptions that together name a role.
            let pair = [i, i + 1];
            let set_apart = |l: usize| {
                l < range.start || l >= range.end || kinds[l] != Kind::Short || cx.is_heading(l)
            };
            if i + 1 < range.end
                && !claimed[i + 1]
                && kinds[i + 1] == Kind::Short
                && span_at(i + 1).is_none()
                && !cx.is_heading(i + 1)
                && set_apart(i.wrapping_sub(1))
                && set_apart(i + 2)
                && lines_role(cx, &pair, 0.6)
            {
                claimed[i] = true;
                claimed[i + 1] = true;
                headers.push(Header {
                    lines: pair.to_vec(),
                    parts: HeaderParts::default(),
                    anchor: i + 1,
                    split_range: None,
                    lead: None,
                });
            }
        }
        headers.sort_by_key(|h| h.lines[0]);
    }
    // Read the headers; look below the anchor when a title or employer is missing.
    for h in headers.iter_mut() {
        for &l in &h.lines {
            // The end of a split range ("To date)") is a date; any words
            // after it ("2013 Freelance web developer") are the role's.
            if h.split_range.is_some() && l == h.anchor {
                let text = &lines[l].text;
                if let Some(d) = header_dates(text).first() {
                    let p = split_header(&remove_span(text, *d), l, cx.lex);
                    h.parts.fragments.extend(p.fragments);
                    h.parts.places.extend(p.places);
                }
                continue;
            }
            let text = match span_at(l) {
                Some(span) if l == h.anchor => header_and_lead(&lines[l].text, span).0,
                _ => &lines[l].text,
            };
            let p = split_header(text, l, cx.lex);
            h.parts.fragments.extend(p.fragments);
            h.parts.places.extend(p.places);
            if l == h.anchor {
                h.parts.dates = p.dates;
            }
        }
        if let Some(d) = h.split_range {
            h.parts.dates = vec![d];
        }
        let mut below = h.anchor + 1;
        let mut limit = h.anchor + 2;
        while below < range.end
            && below <= limit
            && !claimed[below]
            && (kinds[below] == Kind::Short || colon_title(&lines[below], cx))
            && span_at(below).is_none()
        {
            let p = split_header(&lines[below].text, below, cx.lex);
            // "Acme Corp" / "Montreuil" / "Analyst": a line that is only a
            // place does not use up the look-down budget;
            // "1 Year 3 Months", "until today)": likewise.
            if filler(&p, &lines[below].text) {
                claimed[below] = true;
                h.lines.push(below);
                h.parts.places.extend(p.places);
                below += 1;
                limit += 1;
                continue;
            }
            let (t, o) = best_pair(&h.parts.fragments, cx);
            // "Cisco Systems - Bengaluru" / dates / "under the payroll of
            // GoldStone" / "Agile team Member": a note in lower case under
            // the employer is passed over on the way to the title.
            if t.is_none()
                && o.is_some()
                && lines[below].text.starts_with(|c: char| c.is_lowercase())
                && below + 1 < range.end
            {
                below += 1;
                limit += 1;
                continue;
            }
            // "Company: Genpact India" / "Client: Schneider Electric" /
            // "Incident Coordinator": the client line is read (the labels
            // decide between them) and the title is looked for below it.
            if t.is_none() && client_labelled(&lines[below].text) {
                claimed[below] = true;
                h.lines.push(below);
                h.parts.fragments.extend(p.fragments);
                below += 1;
                limit += 1;
                continue;
            }
            let strong_org_below = p
                .fragments
                .iter()
                .any(|f| org_score(&f.text, cx.lex) >= 0.5);
            let weak_org = o.is_none_or(|o| org_score(&h.parts.fragments[o].text, cx.lex) < 0.3);
            // Complete: unless the employer we have is a guess and the next
            // line names an organisation ("Senior Engineer, Backend" / "Globex Corporation").
            if t.is_some() && o.is_some() && !(weak_org && strong_org_below) {
                break;
            }
            let useful = p
                .fragments
                .iter()
                .any(|f| title_score(&f.text, cx.lex) >= 0.35 || org_score(&f.text, cx.lex) >= 0.5);
            // "2004-2007" / "Fleet Advertising Ltd." / "Advertiser" / description:
            // the short capitalised line between the employer and the
            // description is the title, whatever its words.
            let next_is_body = lines.get(below + 1).is_none_or(|n| kind(n) != Kind::Short)
                || below + 1 >= range.end;
            let plain = p.fragments.len() == 1
                && next_is_body
                && p.fragments[0].text.split_whitespace().count() <= 5
                && capitalised(&p.fragments[0].text)
                && !is_noise(&p.fragments[0].text);
            let plain_title = plain
                && o.is_some()
                && t.is_none()
                && org_score(&p.fragments[0].text, cx.lex) < 0.3;
            // "Sep 2008" / "Dec 2011" / "Senior Consultant" / "Redpill Linpro AB"
            // / description: likewise the name under the title is the employer.
            let plain_org = plain
                && t.is_some()
                && o.is_none()
                && title_score(&p.fragments[0].text, cx.lex) < MIN_TITLE;
            // "2004-2007" / "Bay Journal" / "Editor" / description: with
            // nothing read yet, a plain capitalised name directly above a
            // line that reads as a title is the employer.
            let org_above_title = t.is_none()
                && o.is_none()
                && p.fragments.len() == 1
                && p.fragments[0].text.split_whitespace().count() <= 6
                && capitalised(&p.fragments[0].text)
                && !is_noise(&p.fragments[0].text)
                && title_score(&p.fragments[0].text, cx.lex) < MIN_TITLE
                && below + 1 < range.end
                && !claimed[below + 1]
                && kinds[below + 1] == Kind::Short
                && span_at(below + 1).is_none()
                && split_header(&lines[below + 1].text, below + 1, cx.lex)
                    .fragments
                    .iter()
                    .any(|f| title_score(&f.text, cx.lex) >= 0.5);
            if !useful && !plain_title && !plain_org && !org_above_title {
                break;
            }
            claimed[below] = true;
            h.lines.push(below);
            h.parts.fragments.extend(p.fragments);
            h.parts.places.extend(p.places);
            below += 1;
        }
        // "LEANDER CORPORATION, Boston" / "2000 to Present" / "World leader in
        // analytical instruments." / "Vice President of Sales": a blurb about
        // the employer (up to four wrapped lines) may sit between the header and the title.
        let (t, o) = best_pair(&h.parts.fragments, cx);
        if t.is_none() && o.is_some() {
            let mut end = below;
            let mut words = 0;
            while end < range.end
                && end < below + 5
                && !claimed[end]
                && kinds[end] != Kind::Bullet
                && span_at(end).is_none()
                && !cx.is_heading(end)
            {
                words += lines[end].words();
                end += 1;
                // A sentence ends the blurb unless the next line carries it on.
                let carried = lines
                    .get(end)
                    .is_some_and(|n| n.text.chars().next().is_some_and(char::is_lowercase));
                if lines[end - 1].text.ends_with('.') && !carried {
                    break;
                }
            }
            let ok = end > below
                && kinds[below] == Kind::Long
                && lines[end - 1].text.ends_with('.')
                && words <= 90
                && end < range.end
                && !claimed[end]
                && kinds[end] == Kind::Short
                && span_at(end).is_none()
                && !cx.is_heading(end);
            if ok {
                let p = split_header(&lines[end].text, end, cx.lex);
                if p.fragments.len() <= 2
                    && p.fragments
                        .first()
                        .is_some_and(|f| title_score(&f.text, cx.lex) >= 0.5)
                {
                    claimed[end] = true;
                    h.lines.push(end);
                    h.parts.fragments.extend(p.fragments);
                }
            }
        }
        // "Acme Mechanics, Inc." / "2007 to 2010" / "Vice President of
        // Operations - Promoted to review …": the title run into the first
        // line of its description.
        if best_pair(&h.parts.fragments, cx).0.is_none()
            && below < range.end
            && !claimed[below]
            && !cx.is_heading(below)
            && span_at(below).is_none()
            && let Some(title) = run_in_title(&lines[below].text, cx)
        {
            // The line stays the first of the description (the sentence
            // after the title is not lost).
            h.parts.fragments.push(Fragment {
                text: title.to_owned(),
                line: below,
            });
        }
        // "Duration: 1 Year (April 2002" / "until today)" / "Position:
        // Executive Director": a labelled title a few lines below the dates.
        if best_pair(&h.parts.fragments, cx).0.is_none() {
            for k in below..(below + 3).min(range.end) {
                if claimed[k] || kinds[k] == Kind::Bullet || cx.is_heading(k) {
                    break;
                }
                let p = split_header(&lines[k].text, k, cx.lex);
                let titled: Vec<Fragment> = p
                    .fragments
                    .into_iter()
                    .filter(|f| labelled(&f.text).is_some_and(|(t, _)| t))
                    .collect();
                if !titled.is_empty() {
                    claimed[k] = true;
                    h.lines.push(k);
                    h.parts.fragments.extend(titled);
                    break;
                }
            }
        }
    }
    let mut out: Vec<WorkFound> = Vec::new();
    let mut employer_banner: Option<(String, usize)> = None;
    let mut banner_entry: Option<usize> = None;
    // The first role under the banner had a second part beside its title
    // ("Acme Corporation" / "Staff Engineer, Platform Infrastructure"): that
    // part is a team, and so is the same part of the roles that follow.
    let mut banner_teams = false;
    for (n, h) in headers.iter().enumerate() {
        let (ti, mut oi) = best_pair(&h.parts.fragments, cx);
        let ti = ti.or_else(|| dated_line_title(h, oi, cx));
        let same_line = |a: usize, b: usize| h.parts.fragments[a].line == h.parts.fragments[b].line;
        // Under an employer banner, a name after the title on the role's own
        // line is a team when the first role had one, or when nothing marks
        // it as an organisation ("ACME HEALTH SYSTEMS" / "Director … | 2020 –
        // Present" / "Manager, Clinical Applications | 2016 – 2020").
        if employer_banner.is_some()
            && let (Some(t), Some(o)) = (ti, oi)
            && h.lines.len() == 1
            && same_line(t, o)
            && !surely_org(&h.parts.fragments[o].text, cx.lex)
            && (banner_teams || o > t && org_score(&h.parts.fragments[o].text, cx.lex) < 0.3)
        {
            oi = None;
        }
        let mut wf = WorkFound {
            first_line: h.lines[0],
            ..Default::default()
        };
        let span = best_range(&h.parts.dates);
        // "General Office Company" / "Clerk" / bullets / "August 2009" /
        // "May 2010": dates alone under an undated entry's description are
        // that entry's, not a role of their own.
        if ti.is_none()
            && oi.is_none()
            && let Some(s) = span
            && let Some(prev) = out.last_mut()
            && prev.dates.is_none()
            && n > 0
            && prev.first_line == headers[n - 1].lines[0]
        {
            // Less sure than dates on the entry's own header.
            set_dates(prev, s, 0.1, h.anchor);
            continue;
        }
        if let Some(s) = span {
            set_dates(&mut wf, s, 0.0, h.anchor);
        }
        if let Some(i) = ti {
            let f = &h.parts.fragments[i];
            let s = title_score(&f.text, cx.lex);
            wf.work.position = Some(unstopped(
                labelled(&f.text)
                    .map(|(_, v)| v)
                    .unwrap_or_else(|| f.text.clone()),
            ));
            wf.position = Some(Found::new((), 0.45 + 0.5 * s, f.line));
        }
        if let Some(i) = oi
            && plausible_name(&h.parts.fragments[i].text)
            && !not_an_org(&h.parts.fragments[i].text, cx.lex)
        {
            let f = &h.parts.fragments[i];
            // "Company: Genpact India": the label says what the name is.
            let s = match labelled(&f.text) {
                Some((false, v))
                    if !is_noise(&v)
                        && v.split_whitespace().count() <= 8
                        && title_score(&v, cx.lex) < 0.5 =>
                {
                    org_score(&v, cx.lex).max(0.8)
                }
                _ => org_score(&f.text, cx.lex),
            };
            wf.work.name = Some(unstopped(
                labelled(&f.text)
                    .map(|(_, v)| v)
                    .unwrap_or_else(|| f.text.clone()),
            ));
            wf.employer = Some(Found::new((), 0.45 + 0.5 * s, f.line));
        }
        // An employer line above several roles ("Acme Corp" / "Engineer 2019–21"
        // / … / "Senior Engineer 2021–"): later roles without an employer inherit it.
        if wf.work.name.is_none()
            && let Some((name, _)) = &employer_banner
        {
            wf.work.name = Some(name.clone());
            wf.employer = Some(Found::new((), 0.55, wf.first_line));
            // The employer's own dated line above its roles is not a role.
            if let Some(b) = banner_entry.take()
                && out.get(b).is_some_and(|w| w.work.position.is_none())
            {
                out.remove(b);
            }
        } else if ti.is_none()
            && let Some(i) = oi
            && encloses(&wf.work, headers.get(n + 1).map(|x| &x.parts.dates))
        {
            // "INSTRUMENTATION SOLUTIONS, Sao Paulo  1986 to 1990" then
            // "Sales Director (1988 to 1990)", "Product Manager (1986 to 1988)".
            employer_banner = Some((h.parts.fragments[i].text.clone(), h.parts.fragments[i].line));
            banner_entry = Some(out.len());
        } else if let Some(i) = oi {
            let f = &h.parts.fragments[i];
            employer_banner = (f.line != h.anchor
                && h.lines.len() > 1
                && ti.is_some_and(|t| h.parts.fragments[t].line != f.line))
            .then(|| (f.text.clone(), f.line));
            banner_teams = ti.is_some_and(|t| {
                let title_line = h.parts.fragments[t].line;
                f.line < title_line
                    && h.parts
                        .fragments
                        .iter()
                        .filter(|g| g.line == title_line)
                        .count()
                        == 2
            });
        } else {
            employer_banner = None;
        }
        if let Some((p, _)) = h.parts.places.first() {
            wf.work.location = Some(p.clone());
        }
        // Description: from after the header to the next header.
        let desc_start = h.lines.iter().max().map(|m| m + 1).unwrap_or(h.anchor + 1);
        let desc_end = headers.get(n + 1).map(|x| x.lines[0]).unwrap_or(range.end);
        let mut summary: Vec<&str> = h.lead.iter().map(String::as_str).collect();
        for l in desc_start..desc_end.max(desc_start) {
            if claimed[l] && !h.lines.contains(&l) {
                break;
            }
            // "Project Management/Technical Lead" / "Representative Clients:
            // …" / description: another role under the same employer, with
            // no dates of its own.
            if l > desc_start
                && (wf.work.position.is_some() || wf.work.name.is_some())
                && undated_role(cx, &kinds, l, desc_end)
            {
                if !summary.is_empty() {
                    wf.work.summary = Some(summary.join(" "));
                }
                summary.clear();
                let title = lines[l].text.trim().to_owned();
                // Only a sure employer is carried down to the role.
                let sure = wf.employer.as_ref().is_some_and(|e| e.confidence >= 0.7);
                let next = WorkFound {
                    work: Work {
                        name: wf.work.name.clone().filter(|_| sure),
                        location: wf.work.location.clone(),
                        position: Some(title),
                        ..Default::default()
                    },
                    employer: wf.employer.clone().filter(|_| sure),
                    position: Some(Found::new(
                        (),
                        0.45 + 0.5 * title_score(&lines[l].text, cx.lex),
                        l,
                    )),
                    dates: None,
                    first_line: l,
                };
                let prev = std::mem::replace(&mut wf, next);
                if prev.work.position.is_some() || prev.work.name.is_some() {
                    out.push(prev);
                }
                continue;
            }
            if lines[l].bullet {
                wf.work.highlights.push(lines[l].text.clone());
            } else if let Some(last) = wf.work.highlights.last_mut()
                && lines[l]
                    .text
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_lowercase())
            {
                // A bullet that wrapped onto the next line.
                last.push(' ');
                last.push_str(&lines[l].text);
            } else {
                summary.push(&lines[l].text);
            }
        }
        if !summary.is_empty() {
            wf.work.summary = Some(summary.join(" "));
        }
        // A lone date beside a name that is not clearly an organisation and
        // no job title ("Decision Sciences Institute Conference, 2009"): a
        // talk, an award or a course, not a job.
        let ranged = span.is_some_and(|s| s.is_range);
        let weak_employer_only = wf.work.position.is_none()
            && !ranged
            && wf.employer.as_ref().is_none_or(|e| e.confidence < 0.7);
        if (wf.work.position.is_some() || wf.work.name.is_some()) && !weak_employer_only {
            out.push(wf);
        }
    }
    out
}

/// A line inside an entry's description that is another role under the
/// same employer, undated: a short line that is a job title and nothing else
/// ("Project Management/Technical Lead"), with description, not another
/// title, under it.
fn undated_role(cx: &Context, kinds: &[Kind], l: usize, end: usize) -> bool {
    let ln = &cx.lines[l];
    let text = ln.text.trim();
    if kinds[l] != Kind::Short
        || ln.bullet
        || cx.is_heading(l)
        || l + 1 >= end
        || text.ends_with(['.', ',', ':', ';'])
        || !capitalised(text)
        || text.split_whitespace().count() > 6
        // (A labelled "Role: Java Developer" under a project is the role in
        // that project, within the same job: no entry of its own.)
        || text.chars().any(|c| c.is_ascii_digit() || c == ':')
        || is_sentence(text)
        || is_noise(text)
        // "PROFESSIONAL", "Page": a lone word in capitals or page furniture.
        || !text.contains(' ') && (text.chars().all(|c| !c.is_lowercase()) || text == "Page")
    {
        return false;
    }
    let p = split_header(text, l, cx.lex);
    if p.fragments.len() != 1 || !p.places.is_empty() || p.fragments[0].text != text {
        return false;
    }
    let under = cx.lines[l + 1].text.trim();
    title_score(text, cx.lex) >= 0.6
        && org_score(text, cx.lex) < 0.3
        && title_score(under, cx.lex) < 0.6
}

/// A table read column by column (a converter that flattens a table one
/// column at a time): k role lines ("Girls High School Soccer Coach,
/// Sunnybrook Charter School, Fridley, MN", …) and then their k dates
/// ("2008-2009", "2007-2009", …), each date on a line of its own; or, with
/// no dates, k employers and then their k job titles. The n-th of the second
/// run belongs to the n-th of the first. Only runs of whole ranges are paired
/// (a range broken over two lines, "Jan 2012" / "Sept 2012", is one date),
/// only under lines that each hold a job title beside something else, and
/// only equal runs of names and titles.
fn column_first(
    cx: &Context,
    range: &std::ops::Range<usize>,
    kinds: &[Kind],
    span_at: &dyn Fn(usize) -> Option<DateSpan>,
    claimed: &mut [bool],
    headers: &mut Vec<Header>,
) {
    let lines = cx.lines;
    let date_only = |l: usize| {
        span_at(l).is_some_and(|s| {
            !remove_span(&lines[l].text, s)
                .chars()
                .any(char::is_alphabetic)
        })
    };
    let mut s = range.start;
    while s < range.end {
        if claimed[s] || !date_only(s) {
            s += 1;
            continue;
        }
        let mut e = s;
        while e < range.end && !claimed[e] && date_only(e) {
            e += 1;
        }
        let k = e - s;
        let ranged = (s..e)
            .filter(|&l| span_at(l).is_some_and(|d| d.is_range))
            .count();
        let roles = k >= 2
            && s >= range.start + k
            && ranged + 1 >= k
            && (s - k..s).all(|l| {
                let p = split_header(&lines[l].text, l, cx.lex);
                !claimed[l]
                    && kinds[l] == Kind::Short
                    && span_at(l).is_none()
                    && !cx.is_heading(l)
                    && p.fragments.len() >= 2
                    && p.fragments
                        .iter()
                        .any(|f| title_score(&f.text, cx.lex) >= 0.5)
            });
        if roles {
            for n in 0..k {
                let (role, date) = (s - k + n, s + n);
                claimed[role] = true;
                claimed[date] = true;
                headers.push(Header {
                    lines: vec![role, date],
                    parts: HeaderParts::default(),
                    anchor: date,
                    split_range: None,
                    lead: None,
                });
            }
        }
        s = e;
    }
    // The same without dates: k employers ("Nortel Networks", "Texas
    // Instruments", …), then their k job titles ("Backbone Network
    // Specialist", "Windows Developer", …).
    let single = |l: usize| {
        let plain = !claimed[l]
            && kinds[l] == Kind::Short
            && !lines[l]
                .text
                .contains(|c: char| c.is_ascii_digit() || c == ':')
            && !cx.is_heading(l);
        plain
            .then(|| split_header(&lines[l].text, l, cx.lex))
            .filter(|p| p.fragments.len() <= 2)
    };
    let is_org = |l: usize| {
        single(l).is_some_and(|p| {
            p.fragments.len() == 1
                && capitalised(&p.fragments[0].text)
                && !is_noise(&p.fragments[0].text)
                && title_score(&p.fragments[0].text, cx.lex) < MIN_TITLE
        })
    };
    // The layout is the evidence here: a title need only read as one.
    let is_title = |l: usize| {
        single(l).is_some_and(|p| {
            p.fragments
                .first()
                .is_some_and(|f| title_score(&f.text, cx.lex) >= 0.35)
        })
    };
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut s = range.start;
    while s < range.end {
        let orgs = (s..range.end).take_while(|&l| is_org(l)).count();
        if orgs < 2 {
            s += 1;
            continue;
        }
        let titles = (s + orgs..range.end).take_while(|&l| is_title(l)).count();
        if titles == orgs {
            pairs.extend((0..orgs).map(|n| (s + n, s + orgs + n)));
        }
        s += orgs + titles;
    }
    for (org, title) in pairs {
        claimed[org] = true;
        claimed[title] = true;
        headers.push(Header {
            lines: vec![org, title],
            parts: HeaderParts::default(),
            anchor: title,
            split_range: None,
            lead: None,
        });
    }
}

/// Header lines that together name a job title and an organisation clearly
/// enough on their own ("Receptionist, Heritage Bank of Huntsville, AL").
/// Give an entry its dates; `doubt` lowers the confidence (0.9 for a range,
/// 0.6 for a lone date, which is the end — or the only — date of the role).
/// "Since moving to Santa Cruz in 2007, Ms. Southers has": a lone year
/// after a preposition, in a line of running prose, is part of a sentence,
/// not an entry's dates ("Software Engineer since 2015" still is).
fn year_in_prose(text: &str, span: DateSpan) -> bool {
    if span.is_range {
        return false;
    }
    let before = text.get(..span.from).unwrap_or("");
    let after_preposition = before.split_whitespace().next_back().is_some_and(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "in" | "since" | "by" | "until" | "till" | "during" | "around" | "before" | "after"
        )
    });
    let prose_words = text
        .split_whitespace()
        .filter(|w| w.starts_with(char::is_lowercase) && !crate::layout::FUNCTION_WORDS.contains(w))
        .count();
    after_preposition && prose_words >= 2
}

fn set_dates(wf: &mut WorkFound, s: DateSpan, doubt: f32, line: usize) {
    wf.work.start_date = s.start;
    wf.work.end_date = if s.current { None } else { s.end };
    wf.work.x_current = s.current;
    // "Northwind Ensemble · 2022": a role dated by one year or month began
    // and ended within it.
    if !s.is_range && s.end.is_none() {
        wf.work.end_date = s.start;
    }
    let confidence = if s.is_range { 0.9 } else { 0.6 } - doubt;
    wf.dates = Some(Found::new((), confidence, line));
}

/// A line that holds dates and nothing else ("2006-present", "Jan 2010 –
/// Mar 2012").
fn date_only(text: &str, span: DateSpan, cx: &Context) -> bool {
    let (head, _) = header_and_lead(text, span);
    split_header(head, 0, cx.lex)
        .fragments
        .iter()
        .all(|f| is_noise(&f.text))
}

fn lines_role(cx: &Context, ls: &[usize], min_title: f32) -> bool {
    let fragments: Vec<Fragment> = ls
        .iter()
        .flat_map(|&l| split_header(&cx.lines[l].text, l, cx.lex).fragments)
        .collect();
    if !(2..=4).contains(&fragments.len()) {
        return false;
    }
    let (Some(t), Some(o)) = best_pair(&fragments, cx) else {
        return false;
    };
    title_score(&fragments[t].text, cx.lex) >= min_title
        && org_score(&fragments[o].text, cx.lex) >= 0.5
}

/// Whether a fragment can name an employer at all: not an e-mail address or
/// a link (a page footer "Name Resume jane@x.com" caught as a header), and
/// written with a capital or a digit ("games", "equipments" are words of a
/// sentence, not names).
fn plausible_name(t: &str) -> bool {
    let lower = t.to_lowercase();
    !t.contains('@')
        && !lower.contains("://")
        && !lower.starts_with("www.")
        && t.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && t.chars().any(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Whether an employer's dated line spans the next header's dates (its
/// roles sit inside its years).
fn encloses(employer: &Work, next: Option<&Vec<DateSpan>>) -> bool {
    let Some(inner) = next.and_then(|d| best_range(d)) else {
        return false;
    };
    let year = |d: Option<PartialDate>| d.map(|d| d.year);
    let (Some(from), Some(start)) = (year(employer.start_date), year(inner.start)) else {
        return false;
    };
    let until = if employer.x_current {
        i32::MAX
    } else {
        year(employer.end_date).map_or(i32::MIN, i32::from)
    };
    i32::from(from) <= i32::from(start)
        && year(inner.end).map_or(inner.current && employer.x_current, |e| {
            i32::from(e) <= until
        })
}

/// Below this, a fragment is not taken as a job title.
const MIN_TITLE: f32 = 0.3;

/// The fragment indices that are most likely (title, employer).
/// "University of California, Berkeley ⇥ Berkeley, CA" / "Transfer Center
/// Peer ⇥ September 2025 – Present": under a sure employer, the one short
/// capitalised name beside the dates is the title, whatever its words (no
/// title was found by its vocabulary, above, below or by a label).
fn dated_line_title(h: &Header, org: Option<usize>, cx: &Context) -> Option<usize> {
    let frags = &h.parts.fragments;
    let o = org.filter(|&o| org_score(&frags[o].text, cx.lex) >= 0.5)?;
    let beside: Vec<usize> = (0..frags.len())
        .filter(|&k| k != o && frags[k].line == h.anchor && !is_noise(&frags[k].text))
        .collect();
    let &[k] = beside.as_slice() else {
        return None;
    };
    let t = &frags[k].text;
    (frags[k].line > frags[o].line
        && capitalised(t)
        && (2..=4).contains(&t.split_whitespace().count())
        && t.chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-'))
        && t.chars().any(char::is_lowercase)
        && org_score(t, cx.lex) < 0.3
        && !is_team(t)
        && cx.lex.place(t).is_none())
    .then_some(k)
}

fn best_pair(frags: &[Fragment], cx: &Context) -> (Option<usize>, Option<usize>) {
    // Labels decide outright ("Company: Acme", "Designation: Engineer").
    let by_label: Vec<Option<bool>> = frags
        .iter()
        .map(|f| labelled(&f.text).map(|(t, _)| t))
        .collect();
    let lt = by_label.iter().position(|l| *l == Some(true));
    let lo = by_label.iter().position(|l| *l == Some(false));
    if lt.is_some() || lo.is_some() {
        if lt.is_some() && lo.is_some() {
            return (lt, lo);
        }
        // The other role from the unlabelled fragments ("Client: Atlantic
        // Lottery" / "Test Lead, QA" / "CGI, Canada").
        let rest: Vec<usize> = (0..frags.len())
            .filter(|&i| by_label[i].is_none())
            .collect();
        let sub: Vec<Fragment> = rest.iter().map(|&i| frags[i].clone()).collect();
        let (st, so) = best_pair(&sub, cx);
        let (st, so) = (st.map(|i| rest[i]), so.map(|i| rest[i]));
        return match lt {
            Some(_) => (lt, so),
            None => {
                // A client is the employer only when no organisation is named.
                let client = lo.is_some_and(|i| client_labelled(&frags[i].text));
                // A long capitalised name beside a client is the project's
                // ("Ontario Diabetes Registry (Client: Ministry of Health)").
                let other = so.filter(|&i| {
                    org_score(&frags[i].text, cx.lex) >= 0.3
                        || capitalised(&frags[i].text)
                            && frags[i].text.split_whitespace().count() <= 3
                            && !names_project(&crate::segment::fold(&frags[i].text))
                });
                (st, if client && other.is_some() { other } else { lo })
            }
        };
    }
    let scored: Vec<(f32, f32)> = frags
        .iter()
        .map(|f| (title_score(&f.text, cx.lex), org_score(&f.text, cx.lex)))
        .collect();
    // "L6 / L7": codes of a letter each are a level, not a name ("3M" alone is).
    let worded = |t: &str| {
        let tokens: Vec<&str> = t
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        tokens.len() == 1
            || tokens
                .iter()
                .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
    };
    let eligible = |i: usize| {
        !is_noise(&frags[i].text)
            && !labelled_other(&frags[i].text)
            && frags[i].text.split_whitespace().count() <= 10
            && frags[i].text.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && worded(&frags[i].text)
    };
    let ok: Vec<usize> = (0..frags.len()).filter(|&i| eligible(i)).collect();
    match ok.as_slice() {
        [] => (None, None),
        &[only] => {
            let (t, o) = scored[only];
            if t >= o && t >= MIN_TITLE {
                (Some(only), None)
            } else if (o > 0.0 || capitalised(&frags[only].text)) && !is_team(&frags[only].text) {
                (None, Some(only))
            } else {
                (None, None)
            }
        }
        _ => {
            let mut best: Option<(f32, usize, usize)> = None;
            for &i in &ok {
                for &j in &ok {
                    if i == j {
                        continue;
                    }
                    let (ti, oi) = scored[i];
                    let (tj, oj) = scored[j];
                    // Earlier fragments are slightly more likely to be the title.
                    let order = if i < j { 0.05 } else { 0.0 };
                    let proper = if capitalised(&frags[j].text) {
                        0.05
                    } else {
                        -0.2
                    };
                    let v = ti - 0.5 * oi + oj - 0.5 * tj + order + proper - 0.02 * (i + j) as f32;
                    if best.is_none_or(|b| v > b.0) {
                        best = Some((v, i, j));
                    }
                }
            }
            match best {
                Some((_, i, j)) => {
                    let (t, o) = (scored[i].0, scored[j].1);
                    // "Project Leader/" / "Technical Analyst": a second job
                    // title with no sign of an organisation is not one.
                    let titled = scored[j].0 >= 0.6
                        && o < 0.1
                        && crate::segment::fold(&frags[j].text)
                            .split(' ')
                            .all(|w| cx.lex.title_words.contains(w));
                    // "Senior Engineer, Backend": a team after the title is no employer.
                    let org_ok = (o > 0.0 || capitalised(&frags[j].text))
                        && frags[j].text.chars().any(char::is_uppercase)
                        && !titled
                        && !is_team(&frags[j].text);
                    (
                        if t >= MIN_TITLE { Some(i) } else { None },
                        if org_ok { Some(j) } else { None },
                    )
                }
                None => (None, None),
            }
        }
    }
}

/// "Owner/Operator - Oversee all aspects of …": a job title that leads into
/// the sentence describing it, cut off by a spaced dash or a colon.
fn run_in_title<'a>(text: &'a str, cx: &Context) -> Option<&'a str> {
    let (head, rest) = [" - ", " – ", " — ", ": "]
        .iter()
        .filter_map(|sep| text.split_once(sep))
        .min_by_key(|(head, _)| head.len())?;
    let head = head.trim().trim_start_matches(['•', '-', '*']).trim();
    let words = head.split_whitespace().count();
    (words <= 7
        && rest.split_whitespace().count() >= 4
        && capitalised(head)
        && labelled(head).is_none()
        && title_score(head, cx.lex) >= 0.5)
        .then_some(head)
}

/// "Project Manager:" — a job title written as a lead-in to its description.
fn colon_title(ln: &Ln, cx: &Context) -> bool {
    let Some(t) = ln.text.strip_suffix(':') else {
        return false;
    };
    !ln.bullet && ln.words() <= 5 && title_score(t, cx.lex) >= 0.5
}

/// A short line that ends a wrapped paragraph or bullet ("popular Internet
/// services.", "35 minutes.") or continues a sentence ("of Technology,
/// Poland"): description, not a header.
fn continues_paragraph(lines: &[Ln], j: usize) -> bool {
    let t = &lines[j].text;
    let prev_long = j > 0
        && !lines[j - 1].text.ends_with(':')
        && match kind(&lines[j - 1]) {
            Kind::Long => true,
            // A bullet that has not ended its sentence wraps on.
            Kind::Bullet => lines[j - 1].words() > 6 && !lines[j - 1].text.ends_with('.'),
            Kind::Short => false,
        };
    // "… serving on the executive team for" / "enrollment and budget
    // management.": a line cannot end on a connector, so the next one goes on
    // with the sentence.
    let prev_open = j > 0
        && lines[j - 1]
            .text
            .rsplit(' ')
            .next()
            .is_some_and(|w| crate::layout::FUNCTION_WORDS.contains(&w));
    // "academic programs and community outreach.": a sentence's tail on a
    // line of its own is never a header.
    let tail = t.ends_with('.') && t.starts_with(char::is_lowercase);
    tail || prev_open
        || prev_long && (t.ends_with('.') || t.chars().next().is_some_and(char::is_lowercase))
}

/// A line beside a header that holds only a place or a duration ("Rolla,
/// MO", "1 Year 3 Months"), which does not use up the budget of header
/// lines; a sentence ("academic programs and outreach.") is description.
fn filler(p: &HeaderParts, text: &str) -> bool {
    p.fragments.iter().all(|f| is_noise(&f.text))
        && !(p.fragments.is_empty() && p.places.is_empty())
        && !is_sentence(text)
}

/// A header's closing full stop dropped ("College of Social Sciences." →
/// "College of Social Sciences"); an abbreviation's kept ("Acme Inc.").
fn unstopped(mut s: String) -> String {
    if s.rsplit(' ')
        .next()
        .is_some_and(crate::layout::ends_sentence)
        && s.ends_with('.')
    {
        s.pop();
    }
    s
}

/// A dated line that opens with its dates and runs on past its header into
/// a sentence ("2005-2008: Department Chair, Political Science. Responsible
/// for …"): the header part (through the full stop) and the sentence. Any
/// other line is all header.
fn header_and_lead(text: &str, span: DateSpan) -> (&str, Option<&str>) {
    let opens = text
        .get(..span.from)
        .is_some_and(|b| !b.chars().any(char::is_alphanumeric));
    if !opens {
        return (text, None);
    }
    let after = text.get(span.to..).unwrap_or_default();
    let toks = crate::layout::word_offsets(after);
    for w in toks.windows(2) {
        let ((at, word), (_, next)) = (w[0], w[1]);
        if crate::layout::ends_sentence(word) && next.starts_with(char::is_uppercase) {
            let cut = span.to + at + word.len();
            if let (Some(head), Some(lead)) = (text.get(..cut), text.get(cut..)) {
                return (head, Some(lead.trim()));
            }
        }
    }
    (text, None)
}

fn remove_span(text: &str, span: DateSpan) -> String {
    let mut t = String::with_capacity(text.len());
    t.push_str(text.get(..span.from).unwrap_or_default());
    t.push(' ');
    t.push_str(text.get(span.to..).unwrap_or_default());
    t
}

/// Whether the dates of two entries are in a plausible order (used by scoring).
pub fn dates_consistent(w: &Work) -> bool {
    match (w.start_date, w.end_date) {
        (Some(s), Some(e)) => s.ordinal(1) <= e.ordinal(12),
        _ => true,
    }
}

/// The latest date a work entry mentions.
pub fn latest(w: &Work) -> Option<PartialDate> {
    w.end_date.or(w.start_date)
}

#[cfg(test)]
mod tests {
    use crate::model::Work;

    fn work(text: &str) -> Vec<Work> {
        super::super::parse_text(text).work
    }

    fn pairs(text: &str) -> Vec<(String, String)> {
        work(text)
            .into_iter()
            .map(|w| (w.position.unwrap_or_default(), w.name.unwrap_or_default()))
            .collect()
    }

    /// (position, employer) of each entry, as read.
    fn roles(w: &[Work]) -> Vec<(Option<&str>, Option<&str>)> {
        w.iter()
            .map(|w| (w.position.as_deref(), w.name.as_deref()))
            .collect()
    }

    const HEAD: &str = "Jane Doe\njane@example.com\n\n";

    #[test]
    fn a_plain_name_beside_the_dates_under_a_sure_employer_is_the_title() {
        let w = work(&format!(
            "{HEAD}Work Experience\nUniversity of California, Berkeley    Berkeley, CA\n\
             Transfer Center Peer    September 2025-Present\n\
             Collaborate with a 7-person team to design and launch programming for transfer students.\n\
             Freelance    Berkeley, CA\nEnglish Tutor    March 2023-December 2024\n\
             Virtually instructed and supervised 8 high school students in English.\n"
        ));
        let got = roles(&w);
        assert_eq!(
            got,
            [
                (
                    Some("Transfer Center Peer"),
                    Some("University of California")
                ),
                (Some("English Tutor"), None)
            ]
        );
    }

    #[test]
    fn a_role_dated_by_one_year_starts_and_ends_in_it() {
        let w = work(&format!(
            "{HEAD}EXPERIENCE\nComposer\nNorthwind Ensemble · Boston, MA · 2022\n\
             • Wrote and arranged the season's original score.\n"
        ));
        let d = |d: Option<crate::model::PartialDate>| d.map(|d| d.to_string());
        assert_eq!(d(w[0].start_date).as_deref(), Some("2022"), "{w:?}");
        assert_eq!(d(w[0].end_date).as_deref(), Some("2022"));
        assert!(!w[0].x_current);
    }

    #[test]
    fn undated_roles_under_one_employer_are_entries() {
        let w = work(&format!(
            "{HEAD}Professional Experience:\nEmbie Technical Solutions, Inc. Los Angeles, CA 1994 - Present\n\
             Senior IT Manager/Director\nRepresentative Clients: Bob Blake Associates, Mirror Digital, Inc.\n\
             Played a key role in the direction and planning of the technology department.\n\
             Oversaw/managed external contractors\n\
             Oracle eBusiness Suite Specialist\nRepresentative Clients: AMGEN, Toyota Motor Sales U.S.A.\n\
             Created several custom applications using Oracle APEX\n\
             Data Migration Specialist\n\
             Migrated a billing system to a newly installed application environment.\n\
             Role: Java Developer\nDeveloped REST APIs.\n"
        ));
        let got = roles(&w);
        assert_eq!(
            got,
            [
                (
                    Some("Senior IT Manager/Director"),
                    Some("Embie Technical Solutions, Inc.")
                ),
                (
                    Some("Oracle eBusiness Suite Specialist"),
                    Some("Embie Technical Solutions, Inc.")
                ),
                (
                    Some("Data Migration Specialist"),
                    Some("Embie Technical Solutions, Inc.")
                )
            ],
            "{w:?}"
        );
        assert!(
            w[0].summary
                .as_deref()
                .is_some_and(|s| s.contains("key role"))
        );
        assert_eq!(w[1].start_date, None);
    }

    #[test]
    fn a_department_after_a_title_under_an_employer_banner() {
        let w = work(&format!(
            "{HEAD}PROFESSIONAL EXPERIENCE\nACME HEALTH SYSTEMS — Chicago, IL\n\
             Director of Clinical Informatics | March 2020 – Present\n• Led a team of 14 analysts.\n\
             Manager, Clinical Applications | June 2016 – February 2020\n• Rolled out Epic to 6 hospitals.\n"
        ));
        let got = roles(&w);
        assert_eq!(
            got,
            [
                (
                    Some("Director of Clinical Informatics"),
                    Some("ACME HEALTH SYSTEMS")
                ),
                (Some("Manager"), Some("ACME HEALTH SYSTEMS"))
            ]
        );
    }

    #[test]
    fn a_whole_role_on_its_dated_line_takes_no_title_from_above() {
        let w = work(&format!(
            "{HEAD}Professional Experience\nBeaumont Hospital (2015 - 2018)\nStaff Nurse, Cardiology Ward\n\n\
             Mater Misericordiae University Hospital, Dublin — Student Nurse, 2014\n"
        ));
        assert_eq!(
            roles(&w),
            [
                (Some("Staff Nurse"), Some("Beaumont Hospital")),
                (
                    Some("Student Nurse"),
                    Some("Mater Misericordiae University Hospital")
                )
            ]
        );
    }

    #[test]
    fn a_team_after_the_title_is_no_employer() {
        let w = work(&format!(
            "{HEAD}Experience\nStaff Engineer, Platform    Aug 2024 - Present\n• Led a migration\n\
             Senior Engineer, Backend    Jun 2021 - Aug 2024\n• Built a pipeline\n\
             Software Engineer, Payments    Jun 2019 - Jun 2021\n• Built things\n"
        ));
        let got = roles(&w);
        assert_eq!(
            got,
            [
                (Some("Staff Engineer"), None),
                (Some("Senior Engineer"), None),
                (Some("Software Engineer"), None)
            ]
        );
        // A named employer after the title still is one.
        let w = work(&format!(
            "{HEAD}Experience\nSenior Engineer, Globex Corporation    Jun 2021 - Aug 2024\n• Built a pipeline\n"
        ));
        assert_eq!(w[0].name.as_deref(), Some("Globex Corporation"));
    }

    #[test]
    fn header_list_ending_in_a_full_stop_is_a_header() {
        let t = "Jane Doe\njane@x.com\n\nWORK EXPERIENCE\n2013 - 2015\n\
                 Staff Software Engineer, Google Search App, Google, Mountain View.\n\
                 Improved the Android app\n";
        assert_eq!(
            pairs(t),
            vec![("Staff Software Engineer".to_owned(), "Google".to_owned())]
        );
        assert!(!super::capitalised_list(
            "Led the team, improved sales, and cut costs."
        ));
    }

    #[test]
    fn dates_alone_after_prose_lead_every_entry() {
        let t = format!(
            "{HEAD}SUMMARY OF QUALIFICATIONS\n\
             Competent, hard working, forward-looking with a can-do, hands on attitude.\n\
             2011 to Present\nBlentech, Santa Rosa, California\nSupervisor/CNC Programmer\n\
             Create a new machine shop\nWorking with Engineers (FEA in Solidworks)\n\
             2008 to 2010\nMicrolux, Santa Rosa, California\nSupervisor/Mechanical Designer\n\
             CAD, engineering, design\nProcess Development\n\
             2006 to 2008\nSiemens PLM Software (UGS), Cypress, California\nSr. Applications Engineer\n\
             Test Modeling software for release to customers\n"
        );
        let got = pairs(&t);
        assert!(
            got.contains(&(
                "Supervisor/Mechanical Designer".to_owned(),
                "Microlux".to_owned()
            )),
            "{got:?}"
        );
        assert!(
            got.iter().any(|(t, _)| t == "Sr. Applications Engineer"),
            "{got:?}"
        );
        assert!(
            !got.iter()
                .any(|(t, e)| t.contains("Engineers") || e.contains("FEA")),
            "{got:?}"
        );
    }

    #[test]
    fn a_year_inside_a_sentence_opens_no_entry() {
        let t = format!(
            "{HEAD}EMPLOYMENT\nLegally Related\n2008\nPresent\nProfessional Legal Coaching\n\
             Since moving to Santa Cruz in 2007, Ms. Southers has\n\
             directed her attention to coaching attorneys and legal staff.\n\
             1987\n2007\nLaw Offices of Eleanor Southers\n\
             Personal Injury, Workers Compensation, Immigration\n\
             A full service law firm handling all aspects of cases from the claim stage through trial.\n\
             Pro Bono work has included mediations for the\n\
             CA. Superior Court, Probate Panel, Judicial Officers\n\
             1982\n1987\nLaw Offices of Gary Eisenberg\nLaw Clerk and Attorney\n"
        );
        let got = pairs(&t);
        let employers: Vec<&str> = got.iter().map(|(_, e)| e.as_str()).collect();
        assert!(
            employers.contains(&"Law Offices of Eleanor Southers"),
            "{got:?}"
        );
        assert!(
            got.contains(&(
                "Law Clerk and Attorney".to_owned(),
                "Law Offices of Gary Eisenberg".to_owned()
            )),
            "{got:?}"
        );
        assert!(
            !employers.iter().any(|e| e.contains("Superior Court")),
            "{got:?}"
        );
        let w = work(&t);
        assert!(
            w.iter()
                .all(|w| w.start_date.map(|d| d.to_string()) != Some("2007".into()))
        );
    }

    #[test]
    fn a_range_whose_end_opens_the_role_line() {
        let t = format!(
            "{HEAD}Work Experience\n2008\n2013 Freelance web developer and consultant\n\
             My work has covered a variety of projects, including custom eCommerce sites and consultation.\n\
             -In 1992\n1995 headed the claims and motor underwriting departments\n"
        );
        let w = work(&t);
        assert_eq!(w.len(), 1);
        assert_eq!(
            w[0].position.as_deref(),
            Some("Freelance web developer and consultant")
        );
        let d = |d: Option<crate::model::PartialDate>| d.map(|d| d.to_string());
        assert_eq!(d(w[0].start_date).as_deref(), Some("2008"));
        assert_eq!(d(w[0].end_date).as_deref(), Some("2013"));
    }

    #[test]
    fn two_short_lines_between_descriptions_naming_a_role_are_an_entry() {
        let t = format!(
            "{HEAD}EXPERIENCE\nGOOGLE\nSoftware Engineer\n2005-2008\n\
             Designed and built a Google Docs feature with three internal teams and four outside companies.\n\
             MICROSOFT CORPORATION\nSoftware Design Engineer, Intern\n\
             Designed a new approach for searching iChat files, enabling rapid searching and compatibility.\n"
        );
        let got = pairs(&t);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].1, "MICROSOFT CORPORATION");
        assert!(got[1].0.starts_with("Software Design Engineer"));
    }

    #[test]
    fn dates_under_an_undated_entrys_description_are_its_dates() {
        let t = format!(
            "{HEAD}ADDITIONAL EXPERIENCE\nGeneral Office Company, Naperville, IL\nClerk\n\
             • Coordinated scheduling of events and meetings for multiple departments.\n\
             • Distributed newsletters and correspondence to constituents.\n\
             August 2009 - May 2010\n"
        );
        let w = work(&t);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].position.as_deref(), Some("Clerk"));
        assert_eq!(w[0].name.as_deref(), Some("General Office Company"));
        assert_eq!(
            w[0].start_date.map(|d| d.to_string()).as_deref(),
            Some("2009-08")
        );
    }

    #[test]
    fn a_section_opening_on_dates_reads_every_entry_date_first() {
        // Without descriptions, the organisation lines under one role sit
        // right above the next role's dates: they stay with the role above.
        let t = format!(
            "{HEAD}Professional Experience\n2005-2007\nAssociate Director\n\
             Graduate School of Public Health\nSan Diego State University\n\
             2003-Present\nDeputy Director\nInstitute for Public Health\n\
             1993-1994\nVisiting Research Fellow\nCentre for Health Economics\n"
        );
        let got = pairs(&t);
        let titles: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "Associate Director",
                "Deputy Director",
                "Visiting Research Fellow"
            ]
        );
        assert_eq!(got[2].1, "Centre for Health Economics");
    }

    #[test]
    fn date_first_entries_with_a_plain_employer_above_the_title() {
        let t = format!(
            "{HEAD}Career Experience/Job History\n2004-2007\nBay Journal\nEditor\n\
             Edited incoming news and analysed them for repeats from agencies.\n\
             Wrote special coverage articles on issues and formulated editorials for everyday use.\n\
             2007-Present\nDaily Mail\nDeputy Editor\n\
             Supervise and re-edit articles to make them fit the paper's standards.\n"
        );
        assert_eq!(
            pairs(&t),
            vec![
                ("Editor".to_owned(), "Bay Journal".to_owned()),
                ("Deputy Editor".to_owned(), "Daily Mail".to_owned())
            ]
        );
    }

    #[test]
    fn two_whole_roles_on_two_lines_are_two_entries() {
        let t = format!(
            "{HEAD}OTHER EMPLOYMENT\nWaitress, Genos Steakhouse, Wayne, NE\n\
             Food-Service Employee, Chartwells, Inc., Wayne, NE\n\
             September [year] - Present\nAugust [year]\n"
        );
        assert_eq!(
            pairs(&t),
            vec![
                ("Waitress".to_owned(), "Genos Steakhouse".to_owned()),
                (
                    "Food-Service Employee".to_owned(),
                    "Chartwells, Inc.".to_owned()
                )
            ]
        );
    }

    #[test]
    fn undated_roles_opened_by_a_labelled_employer() {
        let desc =
            "Managed escalations from the Redmond team to India and back for all products.\n";
        let t = format!(
            "{HEAD}EXPERIENCE\nCompany: Microsoft India\nDesignation: Escalation Manager\n\
             June 2016 - Present\n{desc}{desc}{desc}\
             Company: Genpact India\nClient: Schneider Electric\nIT consultant\n\
             Roles and Responsibilities:\n{desc}\
             Level-2 IT Consultant for Active Directory 2008, Exchange server 2007, VMware ESX 4.1 and Microsoft Exchange\n\
             2010 server.\n"
        );
        assert_eq!(
            pairs(&t),
            vec![
                (
                    "Escalation Manager".to_owned(),
                    "Microsoft India".to_owned()
                ),
                ("IT consultant".to_owned(), "Genpact India".to_owned())
            ]
        );
    }

    #[test]
    fn a_table_read_column_by_column_pairs_roles_and_dates_in_order() {
        let t = format!(
            "{HEAD}COACHING EXPERIENCE\n\
             Girls High School Soccer Coach, Sunnybrook Charter School, Fridley, MN\n\
             Girls Junior High Volleyball Coach, Sunnybrook Charter School, Fridley, MN\n\
             Assistant Soccer Coach, Minneapolis Youth Soccer\n\
             2008-2009\n2007-2009\n2004-2007\n"
        );
        let w = work(&t);
        let got: Vec<(Option<String>, Option<String>)> = w
            .iter()
            .map(|w| (w.position.clone(), w.start_date.map(|d| d.to_string())))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    Some("Girls High School Soccer Coach".into()),
                    Some("2008".into())
                ),
                (
                    Some("Girls Junior High Volleyball Coach".into()),
                    Some("2007".into())
                ),
                (Some("Assistant Soccer Coach".into()), Some("2004".into())),
            ]
        );
    }

    #[test]
    fn an_undated_table_read_column_by_column_pairs_employers_and_titles() {
        let t = format!(
            "{HEAD}EXPERIENCE\nInternships (1995-2000):\nNortel Networks\nTexas Instruments\n\
             WebSENSE,\nCarnegie Mellon University\nBackbone Network Specialist\n\
             Windows Developer\nArtificial Intelligence Developer\n\
             Research Scholar, Business Intelligence\n"
        );
        assert_eq!(
            pairs(&t),
            vec![
                (
                    "Backbone Network Specialist".to_owned(),
                    "Nortel Networks".to_owned()
                ),
                (
                    "Windows Developer".to_owned(),
                    "Texas Instruments".to_owned()
                ),
                (
                    "Artificial Intelligence Developer".to_owned(),
                    "WebSENSE".to_owned()
                ),
                (
                    "Research Scholar".to_owned(),
                    "Carnegie Mellon University".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn range_split_over_two_lines() {
        let t = format!(
            "{HEAD}WORK EXPERIENCE\nSeptember 2008\nDecember 2011\nSenior System Consultant\nRedpill Linpro AB\nWorked on Linux infrastructure for customers across the Nordic region, and taught courses.\nMar 2014\ncurrent\nWebsite Developer\nRosies Antique Shop, Canterbury\nManaged and maintained the company website and its online shop for the owners.\n"
        );
        let w = work(&t);
        assert_eq!(w.len(), 2, "{w:#?}");
        assert_eq!(w[0].position.as_deref(), Some("Senior System Consultant"));
        assert_eq!(w[0].name.as_deref(), Some("Redpill Linpro AB"));
        assert_eq!(
            w[0].end_date.map(|d| d.to_string()).as_deref(),
            Some("2011-12")
        );
        assert_eq!(w[1].position.as_deref(), Some("Website Developer"));
        assert!(w[1].x_current);
    }

    #[test]
    fn glued_range_and_brace_bullets() {
        let t = format!(
            "{HEAD}Work Experience\n2016present\nSoftware Eng Lead, Google Assistant, Google\n{{ Delivered the My Day feature\n{{ Delivering Assistant in Auto\n20132015\nStaff Software Engineer, Google\n{{ Improved the Android app\n"
        );
        let w = work(&t);
        assert_eq!(w.len(), 2, "{w:#?}");
        assert!(w[0].x_current);
        assert_eq!(w[1].position.as_deref(), Some("Staff Software Engineer"));
        assert_eq!(
            w[1].start_date.map(|d| d.to_string()).as_deref(),
            Some("2013")
        );
        assert_eq!(
            w[1].end_date.map(|d| d.to_string()).as_deref(),
            Some("2015")
        );
    }

    #[test]
    fn blurb_of_two_lines_before_the_title() {
        let t = format!(
            "{HEAD}PROFESSIONAL EXPERIENCE\nJackson Associates\nPalatine, IL 2006 to 2009\nLeading provider of HR benefits, outsourcing, and consulting services in the U.S.\nand U.K. 25,000 employees. 30 countries.\nSENIOR DIVISION OPERATIONS EXECUTIVE\nDoubled sales performance and profitability by establishing robust development tools.\n"
        );
        assert_eq!(
            pairs(&t),
            vec![(
                "SENIOR DIVISION OPERATIONS EXECUTIVE".into(),
                "Jackson Associates".into()
            )]
        );
        // A blurb of four wrapped lines.
        let t = format!(
            "{HEAD}PROFESSIONAL EXPERIENCE\nACI WORLDWIDE (PACIFIC)\nOctober 2002 to September 2004\n\
             ACI WORLDWIDE (PACIFIC) is the Australian subsidiary of Applied Communications Inc (ACI). ACI\n\
             supply HP Nonstop based BASE24 EFT products to 60% of the world EFT market. BASE24 consists\n\
             of online transaction processes written in TAL and screen requester/servers written in ScreenCOBOL\n\
             and COBOL.\nTechnical Consultant\nResponsibilities:\n"
        );
        assert_eq!(
            pairs(&t),
            vec![("Technical Consultant".into(), "ACI WORLDWIDE".into())]
        );
    }

    #[test]
    fn labelled_title_below_and_client_label() {
        let t = format!(
            "{HEAD}EXPERIENCE\nKirloskar Ferrous Industries Ltd\nDuration: 1 Year (April 2002\nuntil today)\nPosition: Executive Director\nJob Profile: Operations, Quality, Marketing, Materials, and Administration of the plant.\nQuality Assurance Manager, QA\nWipro Technologies, Canada\nClient: Hanes Brands\nMay 2006 - Aug 2008\nDescription\n"
        );
        assert_eq!(
            pairs(&t),
            vec![
                (
                    "Executive Director".into(),
                    "Kirloskar Ferrous Industries Ltd".into()
                ),
                (
                    "Quality Assurance Manager".into(),
                    "Wipro Technologies".into()
                ),
            ]
        );
    }

    #[test]
    fn a_project_list_labelled_inside_experience_keeps_the_roles_after_it() {
        // "Selected projects:" is set like an entry's label (a colon the
        // section headings lack), so the roles after the list are read.
        let t = format!(
            "{HEAD}Employment\nCourtyard Group, Consultant, 2006-Present\nAuthored methodology.\n\
             Selected projects:\nCardiology Transformation Project (Client: William Osler Health Sciences) 2007-2008\n\
             Wrote interface requirements.\nPharmAchieve, Founder and CEO, 2009-Present\nTrained pharmacists.\n\
             Education\nMIT, MS Computer Science, 2006\n"
        );
        let got = pairs(&t);
        assert!(
            got.contains(&("Consultant".into(), "Courtyard Group".into())),
            "{got:?}"
        );
        assert!(
            got.contains(&("Founder and CEO".into(), "PharmAchieve".into())),
            "{got:?}"
        );
        assert!(
            !got.iter().any(|(_, o)| o.ends_with("Project")),
            "a project is no employer: {got:?}"
        );
    }

    #[test]
    fn roles_under_accomplishments_before_a_prior_experience_section() {
        let t = format!(
            "{HEAD}ACCOMPLISHMENTS\nTHUNDERBIRD SCHOOL OF GLOBAL MANAGEMENT, Phoenix, Arizona\n2000 to 2012\n\
             Chief Business Officer\n2005 to 2012\nReporting to President & CEO, directed Finance.\n\
             PRIOR EXPERIENCE\nCorporate Controller for Caliber Bank; member of a team.\n\
             AWARDS\nEmployee of the Year, Acme Corp, 2001\n"
        );
        assert_eq!(
            pairs(&t),
            vec![(
                "Chief Business Officer".into(),
                "THUNDERBIRD SCHOOL OF GLOBAL MANAGEMENT".into()
            )]
        );
    }

    #[test]
    fn title_run_into_its_description() {
        let t = format!(
            "{HEAD}PROFESSIONAL EXPERIENCE\nAcme Mechanics, Inc., Los Angeles, CA\n2007 to 2010\n\
             Vice President of Operations - Promoted to review and approve plans for planned outages.\n\
             Worked closely with project managers.\n\
             Globex Corporation, Boston, MA\n2001 to 2007\n\
             Managed growth - increasing the company to 85 employees and more.\n"
        );
        assert_eq!(
            pairs(&t),
            vec![
                (
                    "Vice President of Operations".into(),
                    "Acme Mechanics, Inc.".into()
                ),
                (String::new(), "Globex Corporation".into()),
            ]
        );
        let first = &work(&t)[0];
        assert!(
            first
                .summary
                .as_deref()
                .is_some_and(|s| s.contains("Promoted to review")),
            "{first:?}"
        );
    }

    #[test]
    fn duration_line_below_the_dates() {
        let t = format!(
            "{HEAD}EXPERIENCE\nGame Programmer & Flash Developer\nOctober 2010 to October 2011\n1 Year\nGameloft Software Pvt. Ltd., Hyderabad\n• Worked on porting of Android games.\n"
        );
        assert_eq!(
            pairs(&t),
            vec![(
                "Game Programmer & Flash Developer".into(),
                "Gameloft Software Pvt. Ltd.".into()
            )]
        );
    }

    #[test]
    fn place_line_and_colon_title_below_the_dates() {
        let t = format!(
            "{HEAD}EXPERIENCE\nBNP Paribas ITP\nSept. 2011 - Feb. 2012\nMontreuil\nIT Development Analyst\nBuilt real time dashboards for the departments of the bank with Business Bridge.\nPricewaterhouseCoopers\n2003-Present\nProject Manager:\nWork as a CRM expert on special projects with Fortune 500 companies to assist their efforts.\n"
        );
        assert_eq!(
            pairs(&t),
            vec![
                ("IT Development Analyst".into(), "BNP Paribas ITP".into()),
                ("Project Manager".into(), "PricewaterhouseCoopers".into()),
            ]
        );
    }

    #[test]
    fn the_tail_of_a_wrapped_bullet_is_not_a_header_line() {
        let t = format!(
            "{HEAD}Experience\nGlobex Corporation\tMar 2019 – Dec 2021\nSoftware Engineer · Remote\n\
             • Owned the on-call rotation runbook, cutting time to resolve from 90 minutes to\n\
             35 minutes.\nInitech\tAug 2017 – Feb 2019\nSoftware Engineer Intern · Pacific Coast, CA\n\
             • Implemented authentication for an internal admin tool.\n"
        );
        assert_eq!(
            pairs(&t),
            vec![
                ("Software Engineer".into(), "Globex Corporation".into()),
                ("Software Engineer Intern".into(), "Initech".into())
            ]
        );
    }

    #[test]
    fn numbered_employers_with_notes_durations_and_labelled_titles() {
        let t = format!(
            "{HEAD}EMPLOYMENT HISTORY\n1 ENNORE FOUNDRIES LIMITED, CHENNAI 600 057, INDIA.\n\
             (ISO 9000 and QS 9000 Company)\nDuration: 1 Year (April 2002\nuntil today)\n\
             Position: Executive Director and CEO\nJob Profile: Operations, Quality and Administration of\n\
             a) Aluminum Foundry: Capacity 2000 Tons of castings/Year,\nLike GearBox, Cylinder Head, and Intake\n\
             Manifolds for Commercial Vehicles, Cars.\n\
             2 KIRLOSKAR FERROUS INDUSTRIES LTD, KARANATAKA, INDIA.\n(An ISO 9002 Company)\n\
             Duration: 8 Years (1993\n2001)\nPosition: Senior Vice-President\nJob Profile: Project Planning\n"
        );
        let w = work(&t);
        let got: Vec<_> = w
            .iter()
            .map(|w| {
                (
                    w.position.clone().unwrap_or_default(),
                    w.name.clone().unwrap_or_default(),
                    w.start_date.map(|d| d.to_string()),
                    w.end_date.map(|d| d.to_string()),
                    w.x_current,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "Executive Director and CEO".into(),
                    "ENNORE FOUNDRIES LIMITED".into(),
                    Some("2002-04".into()),
                    None,
                    true
                ),
                (
                    "Senior Vice-President".into(),
                    "KIRLOSKAR FERROUS INDUSTRIES LTD".into(),
                    Some("1993".into()),
                    Some("2001".into()),
                    false
                ),
            ]
        );
    }

    /// One entry each: the same dates repeated under the header ("Duration:
    /// …") are not another entry; a firm beside its department is the employer.
    #[test]
    fn one_entry_headers() {
        for (body, title, employer) in [
            (
                "WORK EXPERIENCE\nSoftware Engineer\nInfosys LTD - Pune\nApril 2017 to Present\n\
                 Location: Pune, India\nClient: Insurance Client from London\n\
                 Duration: April 2017 - Till Date\nBuilt claims workflows on SharePoint.\n",
                "Software Engineer",
                "Infosys LTD",
            ),
            (
                "CURRENT POSITION\n18/06/2014\nPresent\nAssociate Attorney\n\
                 Corporate Department, Rödl & Partner, Padua (Italy)\nAdvises clients on contracts.\n",
                "Associate Attorney",
                "Rödl & Partner",
            ),
        ] {
            assert_eq!(
                pairs(&format!("{HEAD}{body}")),
                vec![(title.to_owned(), employer.to_owned())],
                "{body}"
            );
        }
    }

    #[test]
    fn a_dated_line_running_into_its_description_is_cut_at_the_sentence() {
        let t = format!(
            "{HEAD}Administrative Positions\n\
             2013 to Present: Special Assistant to the Dean, College of Social and Behavioral Sciences.\n\
             Responsibilities include overseeing all college assessment, serving on the executive team for\n\
             enrollment and budget management.\n\
             2005-2008: Department Chair, Political Science. Responsible for supervising faculty, staff, four\n\
             academic programs and community outreach.\n"
        );
        let w = work(&t);
        assert_eq!(w.len(), 2, "{w:#?}");
        assert_eq!(
            w[0].position.as_deref(),
            Some("Special Assistant to the Dean")
        );
        assert_eq!(
            w[0].name.as_deref(),
            Some("College of Social and Behavioral Sciences")
        );
        assert_eq!(w[1].position.as_deref(), Some("Department Chair"));
        // The sentence after the header opens the description, and the
        // sentence's tail on the next line stays in it.
        assert_eq!(
            w[1].summary.as_deref(),
            Some(
                "Responsible for supervising faculty, staff, four academic programs and community outreach."
            )
        );
    }

    #[test]
    fn a_second_job_title_is_not_the_employer() {
        let t = format!(
            "{HEAD}Experience
1995-96
Project Leader/
Technical Analyst
"
        );
        let w = work(&t);
        assert!(w.iter().all(|w| w.name.is_none()), "{w:#?}");
    }

    #[test]
    fn level_codes_beside_a_title_are_not_the_employer() {
        let t = format!(
            "{HEAD}Experience\nSr. Engineering Manager (L6 / L7)\nGlobex Assistant, Assistant on Android TV\n\
             06/2017 - 04/2021 Mountain View, CA\nManaged the team for Assistant on Android TV.\n"
        );
        let got = pairs(&t);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "Sr. Engineering Manager");
        assert!(got[0].1.contains("Assistant"), "{got:?}");
    }

    #[test]
    fn roles_under_an_employer_banner_keep_it_over_their_team() {
        let t = format!(
            "{HEAD}Experience\nAcme Corporation\nStaff Engineer, Platform Infrastructure  Aug 2024 - Present\n\
             • Led reliability engineering across the platform org\n\
             Senior Engineer, Payments Core  Jul 2022 - Aug 2024\n\
             • Built the payment settlement rails\n\
             Engineer, Identity Services  Aug 2020 - Jul 2022\n\
             • Shipped the single sign-on flow\n"
        );
        let acme = |t: &str| (t.to_owned(), "Acme Corporation".to_owned());
        assert_eq!(
            pairs(&t),
            vec![
                acme("Staff Engineer"),
                acme("Senior Engineer"),
                acme("Engineer")
            ]
        );
        // Without a banner line, "Title, Company" still names the company.
        let t = format!(
            "{HEAD}Experience\nStaff Engineer, Northwind Labs  2021 - Present\n\
             • Led the platform\nSenior Engineer, Globex  2017 - 2021\n• Built things\n"
        );
        assert_eq!(
            pairs(&t),
            vec![
                ("Staff Engineer".into(), "Northwind Labs".into()),
                ("Senior Engineer".into(), "Globex".into())
            ]
        );
    }
}
