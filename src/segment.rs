//! Segmentation: prepared lines into resume sections.
//!
//! Input: [`Ln`]s and the heading dictionary (several languages, from
//! `taxonomies/section_headings.tsv`). Output: [`Section`]s, each a kind and a
//! range of lines. The lines before the first heading form the `Header`
//! section (name and contact block).
//!
//! A line is a heading when its whole text is a dictionary heading ("WORK
//! EXPERIENCE", "Formación académica:"), or when it is short, has no digits,
//! and is made only of heading vocabulary ("Career Experience/Job History"),
//! or when a dictionary label opens the line before a colon ("Skills: Java,
//! SQL") — then the rest of the line is the section's first line. Layout cues
//! (capitals, larger or bold type, a trailing colon) let shorter matches count.
//! A dictionary heading glued to its neighbours by a joined paragraph is cut
//! out first: one in capitals at either end of any line, and, in the pieces
//! of a reflowed paragraph, one in capitals or Title Case anywhere in the
//! line when the words around it show where it starts and ends.
//! Two sections of the same kind (two experience sections) stay separate; a
//! resume with no headings is one `Header` section and the entity stages fall
//! back to scanning all lines.

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Serialize;

use crate::layout::Ln;
use crate::taxonomy::Taxonomy;

/// What a section is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Header,
    Summary,
    Experience,
    Education,
    Skills,
    Projects,
    Certifications,
    Awards,
    Publications,
    Languages,
    Interests,
    References,
    Volunteer,
    Activities,
    Contact,
    Courses,
    Affiliations,
    Research,
    Personal,
    Other,
}

impl SectionKind {
    fn from_name(s: &str) -> SectionKind {
        use SectionKind::*;
        match s {
            "summary" | "objective" | "profile" => Summary,
            "experience" | "internships" | "military" | "work" | "employment" => Experience,
            "education" => Education,
            "skills" => Skills,
            "projects" => Projects,
            "certifications" | "licenses" => Certifications,
            "awards" | "achievements" => Awards,
            "publications" => Publications,
            "languages" => Languages,
            "interests" => Interests,
            "references" => References,
            "volunteer" => Volunteer,
            "activities" | "leadership" => Activities,
            "contact" => Contact,
            "courses" | "training" => Courses,
            "affiliations" => Affiliations,
            "research" => Research,
            "personal" => Personal,
            _ => Other,
        }
    }
}

/// A run of lines under one heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub kind: SectionKind,
    /// The heading as written (None for the header block).
    pub heading: Option<String>,
    /// Index (into the prepared lines) of the heading line, if any.
    pub heading_at: Option<usize>,
    /// The section's body: indices into the prepared lines.
    pub start: usize,
    pub end: usize,
}

/// The heading dictionary, compiled once.
pub struct Headings {
    exact: HashMap<String, SectionKind>,
    /// Multi-word headings with their spaces removed, for headings whose
    /// words a small-caps font split at the wrong places ("P ROFE SSI ONAL
    /// E XPER IENCE").
    despaced: HashMap<String, SectionKind>,
    phrases: AhoCorasick,
    phrase_kinds: Vec<SectionKind>,
    vocab: HashSet<String>,
    /// Words that end job titles ("engineer", "manager"): a one-word heading
    /// before one of them in capitals is the title's first word ("SOFTWARE
    /// ENGINEER"), not a heading. Empty until [`Headings::with_title_heads`].
    title_heads: HashSet<String>,
}

/// Words that may join heading words ("Summary of Qualifications").
const GLUE: &[&str] = &[
    "of",
    "and",
    "&",
    "my",
    "the",
    "in",
    "for",
    "de",
    "et",
    "und",
    "e",
    "y",
    "a",
    "other",
    "key",
    "relevant",
    "related",
    "selected",
    "professional",
    "technical",
    "career",
    "personal",
    "academic",
    "work",
    "job",
    "history",
    "details",
    "information",
    "profile",
    "qualification",
    "qualifications",
    "background",
    "record",
    "overview",
    "highlights",
    "areas",
    "skill",
    "proficiency",
    "competencies",
    "expertise",
    "training",
    "experiences",
    "achievements",
    "accomplishments",
];

impl Headings {
    pub fn new(tax: &Taxonomy) -> Headings {
        let mut exact = HashMap::new();
        let mut despaced = HashMap::new();
        let mut vocab: HashSet<String> = GLUE.iter().map(|s| s.to_string()).collect();
        let mut pats: Vec<(String, SectionKind)> = Vec::new();
        for h in &tax.headings {
            let key = fold(&h.phrase);
            if key.is_empty() {
                continue;
            }
            let kind = SectionKind::from_name(&h.section);
            for w in key.split(' ') {
                vocab.insert(singular(w).to_owned());
                vocab.insert(w.to_owned());
            }
            if key.contains(' ') {
                despaced.entry(key.replace(' ', "")).or_insert(kind);
            }
            exact.entry(key.clone()).or_insert(kind);
            pats.push((key, kind));
        }
        pats.sort_by(|a, b| a.0.cmp(&b.0));
        pats.dedup_by(|a, b| a.0 == b.0);
        let phrases = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(pats.iter().map(|(p, _)| p.as_str()))
            .unwrap_or_else(|_| {
                AhoCorasick::new(Vec::<String>::new())
                    .unwrap_or_else(|e| unreachable!("empty automaton: {e}"))
            });
        Headings {
            exact,
            despaced,
            phrase_kinds: pats.iter().map(|(_, k)| *k).collect(),
            phrases,
            vocab,
            title_heads: HashSet::new(),
        }
    }

    /// The words that end job titles, so that a title in capitals whose first
    /// word is also a heading ("SOFTWARE ENGINEER", "TRAINING COORDINATOR")
    /// is not cut after that word.
    pub fn with_title_heads(mut self, heads: impl IntoIterator<Item = String>) -> Headings {
        self.title_heads = heads.into_iter().collect();
        self
    }

    /// A line in lower case that is exactly a heading ("work experience",
    /// "education"): the heading style of some templates, which
    /// `classify` alone reads as a wrapped line's tail.
    fn lower_case(&self, ln: &Ln) -> Option<SectionKind> {
        let raw = strip_rule(ln.text.trim()).trim_end_matches(':').trim();
        if ln.bullet
            || raw.split_whitespace().count() > 4
            || raw.chars().any(|c| c.is_uppercase() || c.is_ascii_digit())
            || !raw.starts_with(char::is_alphabetic)
        {
            return None;
        }
        let key = fold(raw);
        self.exact.get(&key).copied()
    }

    /// Whether the line is a heading; returns its kind and any inline content
    /// after a colon.
    pub fn classify(&self, ln: &Ln) -> Option<(SectionKind, Option<String>)> {
        // A rule drawn with the heading ("SUMMARY________") is decoration.
        let raw = strip_rule(ln.text.trim());
        if raw.is_empty() || raw.chars().count() > 60 || ln.bullet {
            return self.inline(ln);
        }
        let key = fold(raw);
        if key.is_empty() || key.chars().any(|c| c.is_ascii_digit()) {
            return self.inline(ln);
        }
        // "GeneralEducation:", "WorkExperience": words run together where a
        // converter lost the space; the last one names the section.
        if let Some(parts) = camel_parts(raw)
            && parts.len() <= 3
            && let Some(last) = parts.last()
            && let Some(k) = self.exact.get(&fold(last))
            && (raw.ends_with(':') || ln.bold || ln.size >= 1.12 || parts.len() == 2)
        {
            return Some((*k, None));
        }
        // "…CRM project in Wipro / Technologies.": the end of a wrapped
        // sentence, not a heading (headings do not end with a full stop
        // unless set apart by capitals, weight or size).
        let plain = !ln.bold && ln.size < 1.12;
        if plain && raw.ends_with('.') && !raw.ends_with("..") && !is_caps(raw) {
            return self.inline(ln);
        }
        // "… using Microsoft / software)": a lower-case word, or a closing
        // bracket, in plain type continues the line above.
        let first_letter = raw.chars().find(|c| c.is_alphabetic());
        if plain && (first_letter.is_some_and(char::is_lowercase) || raw.ends_with(')')) {
            return self.inline(ln);
        }
        // "Summary of Qualification" / "Certification": singular or plural.
        let plural = format!("{key}s");
        let singular_key = key.strip_suffix('s').unwrap_or(&key);
        if let Some(k) = self
            .exact
            .get(&key)
            .or_else(|| self.exact.get(&plural))
            .or_else(|| self.exact.get(singular_key))
        {
            return Some((*k, None));
        }
        if is_caps(raw)
            && key.contains(' ')
            && let Some(k) = self.despaced.get(&key.replace(' ', ""))
        {
            return Some((*k, None));
        }
        let words: Vec<&str> = key.split(' ').collect();
        let cue = is_caps(raw) || ln.size >= 1.12 || ln.bold || raw.ends_with(':');
        if words.len() <= 5
            && (cue || words.len() <= 4)
            && raw.chars().next().is_some_and(|c| c.is_uppercase())
        {
            let all_vocab = words
                .iter()
                .all(|w| self.vocab.contains(*w) || self.vocab.contains(singular(w)));
            if all_vocab && let Some(kind) = self.longest_kind(&key) {
                return Some((kind, None));
            }
        }
        // "PUBLIC RELATIONS/EVENT PLANNING EXPERIENCE", "LABORATORY SKILLS":
        // a line in capitals that ends with a section's own noun names that
        // section, whatever field it qualifies it with; so does a short
        // title-case one set in bold or larger type ("Performance Experience").
        let styled_title = (ln.bold || ln.size >= 1.12)
            && words.len() <= 4
            && raw.split_whitespace().all(|w| {
                w.chars().next().is_some_and(|c| !c.is_lowercase())
                    || ["of", "and", "in", "for", "the", "&"].contains(&w)
            });
        if (is_caps(raw) || styled_title)
            && (2..=6).contains(&words.len())
            && !raw.ends_with([',', ';'])
            && let Some(last) = words.last()
            && matches!(
                *last,
                "experience"
                    | "education"
                    | "skills"
                    | "projects"
                    | "publications"
                    | "certifications"
            )
            && let Some(k) = self.exact.get(*last)
        {
            return Some((*k, None));
        }
        self.inline(ln)
    }

    /// "Skills: Java, SQL" — a dictionary label before a colon, then content;
    /// or a label rail: "Experience ⇥ Staff Engineer, Platform ⇥ 2024 – Present",
    /// where the label sits in its own left cell on the content's first row.
    fn inline(&self, ln: &Ln) -> Option<(SectionKind, Option<String>)> {
        if ln.bullet {
            return None;
        }
        for sep in [':', '\t'] {
            let Some((label, rest)) = ln.text.split_once(sep) else {
                continue;
            };
            if label.chars().count() > 40 || rest.trim().is_empty() {
                continue;
            }
            let key = fold(label);
            let kind = self
                .exact
                .get(&key)
                .or_else(|| self.exact.get(&format!("{key}s")));
            if let Some(kind) = kind {
                return Some((*kind, Some(rest.trim().to_owned())));
            }
        }
        None
    }

    /// A capitalised heading glued to the text before or after it when a
    /// wrapped paragraph was joined ("Contract Negotiations PROFESSIONAL
    /// EXPERIENCE", "EDUCATION BOSTON UNIVERSITY, Boston"): the byte offset
    /// where to cut the line in two. Only an exact dictionary heading set in
    /// capitals counts, so a title such as "Head of SALES" is left alone.
    pub fn glued(&self, ln: &Ln) -> Option<usize> {
        if ln.text.contains('\t') {
            return None;
        }
        let text = ln.text.as_str();
        let toks = crate::layout::word_offsets(text);
        let caps = |t: &str| {
            let letters = t.chars().filter(|c| c.is_alphabetic());
            t.chars().any(char::is_alphabetic) && letters.clone().all(char::is_uppercase)
                || t == "&"
        };
        let known = |words: &[(usize, &str)]| {
            let phrase: Vec<&str> = words.iter().map(|(_, t)| *t).collect();
            let key = fold(&phrase.join(" "));
            let letters = key.chars().filter(|c| c.is_alphabetic()).count();
            (words.len() >= 2 || letters >= 6)
                && (self.exact.contains_key(&key) || self.exact.contains_key(&format!("{key}s")))
        };
        let n = toks.len();
        if n < 2 {
            return None;
        }
        // Trailing run of capitals: the longest known heading ending the line
        // (in a bullet only after the end of its sentence: "… to $8M.
        // EDUCATION").
        let run = toks.iter().rev().take_while(|(_, t)| caps(t)).count();
        let after_sentence = |k: usize| toks[n - k - 1].1.ends_with(['.', '!', '?', ';', ':']);
        for k in (1..=run.min(4)).rev() {
            if k < n && known(&toks[n - k..]) && (!ln.bullet || after_sentence(k)) {
                return Some(toks[n - k].0);
            }
        }
        // A Title-Case heading with its colon ending the line ("… Social
        // Media Marketing Educational Qualification:").
        if toks[n - 1].1.ends_with(':') {
            let title = |t: &str| t.chars().next().is_some_and(char::is_uppercase);
            for k in (2..=4.min(n - 1)).rev() {
                let span = &toks[n - k..];
                if span.iter().all(|(_, t)| title(t))
                    && span[..k - 1]
                        .iter()
                        .all(|(_, t)| !t.ends_with([':', ',', '.']))
                    && known(span)
                {
                    return Some(toks[n - k].0);
                }
            }
        }
        if ln.bullet {
            return None;
        }
        // Leading run: the longest known heading opening the line.
        let run = toks.iter().take_while(|(_, t)| caps(t)).count();
        let title_after = |k: usize| {
            k < run
                && toks
                    .get(k)
                    .is_some_and(|(_, t)| self.title_heads.contains(&fold(t)))
        };
        for k in (1..=run.min(4)).rev() {
            if k < n && known(&toks[..k]) && !(k == 1 && title_after(k)) {
                return Some(toks[k].0);
            }
        }
        // "Work Experience Carnegie Mellon University": a Title-Case
        // experience or education heading of two or three words, then a
        // capitalised name (table cells read into one line).
        // "Experience Disney Interactive Media Group January 2008": one word
        // will do for experience when a dated entry follows it.
        let title_case = |t: &str| t.starts_with(char::is_uppercase);
        let lowest = if has_year(text) { 1 } else { 2 };
        for k in (lowest..=3).rev() {
            if k + 2 > n || !toks[..k + 2].iter().all(|(_, t)| title_case(t)) {
                continue;
            }
            let phrase: Vec<&str> = toks[..k].iter().map(|(_, t)| *t).collect();
            let kind = self.exact.get(&fold(&phrase.join(" ")));
            let wanted = match kind {
                Some(SectionKind::Experience) => true,
                Some(SectionKind::Education) => k >= 2,
                _ => false,
            };
            if wanted
                && !self.title_heads.contains(&fold(toks[k].1))
                && !toks[..k].iter().any(|(_, t)| t.ends_with([',', ':', '.']))
            {
                return Some(toks[k].0);
            }
        }
        None
    }

    /// A heading inside a piece of a reflowed paragraph ("… for pick up
    /// Education 2001 Present: …", "QProsacco@wlac.info Objective Looking
    /// for …", "… Business PROFESSIONAL EXPERIENCE COMPANY, INC."): the byte
    /// offset of the first cut, before the heading or, when it opens the
    /// line, after it. The heading must be a dictionary phrase written in
    /// capitals or Title Case, must not continue a capitalised phrase, and
    /// must be followed by a colon, a capital or a digit — a single Title-Case
    /// word only when a sentence or a date follows ("Objective Looking for",
    /// not "Training Coordinator, Acme").
    pub fn glued_reflowed(&self, ln: &Ln) -> Option<usize> {
        if !ln.reflowed || ln.text.contains('\t') {
            return None;
        }
        let text = ln.text.as_str();
        let toks = crate::layout::word_offsets(text);
        let n = toks.len();
        let letters = |t: &str| t.chars().filter(|c| c.is_alphabetic()).collect::<Vec<_>>();
        let caps = |t: &str| {
            let l = letters(t);
            (!l.is_empty() && l.iter().all(|c| c.is_uppercase())) || t == "&"
        };
        let title = |t: &str| {
            let l = letters(t);
            l.first().is_some_and(|c| c.is_uppercase())
                && l.iter().skip(1).any(|c| c.is_lowercase())
        };
        let glue = |t: &str| matches!(t, "of" | "and" | "&" | "for" | "in" | "the");
        let upper = |t: &str| {
            t.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        };
        let known_caps = |span: &[(usize, &str)]| {
            let words: Vec<&str> = span.iter().map(|(_, w)| *w).collect();
            let key = fold(&words.join(" "));
            let letters_n = key.chars().filter(|c| c.is_alphabetic()).count();
            (span.len() >= 2 || letters_n >= 6)
                && (self.exact.contains_key(&key) || self.exact.contains_key(&format!("{key}s")))
        };
        let cut_at = |s: usize, k: usize| {
            if s > 0 {
                toks.get(s).map(|t| t.0)
            } else {
                toks.get(k).map(|t| t.0)
            }
        };
        let mut s = 0;
        while s < n {
            let (_, first) = toks[s];
            // A run of capitals: a heading opens or closes it ("PROFESSIONAL
            // EXPERIENCE COMPANY, INC.", "SALES MANAGEMENT EXECUTIVE PROFILE").
            if caps(first) && first != "&" {
                let run = toks[s..].iter().take_while(|(_, t)| caps(t)).count();
                let inner = |span: &[(usize, &str)]| {
                    span[..span.len() - 1]
                        .iter()
                        .all(|(_, w)| !w.ends_with([':', ',', '.']))
                };
                // A lone word only when it is the whole run; a whole run of
                // heading vocabulary counts ("AWARDS AND ACCOMPLISHMENTS").
                let fits = |k: usize| k >= 2 || k == run;
                let vocab_run = |span: &[(usize, &str)]| {
                    let words: Vec<&str> = span.iter().map(|(_, w)| *w).collect();
                    let key = fold(&words.join(" "));
                    span.len() == run
                        && key
                            .split(' ')
                            .all(|w| self.vocab.contains(w) || self.vocab.contains(singular(w)))
                        && self.longest_kind(&key).is_some()
                };
                for k in (1..=run.min(4)).rev().filter(|&k| fits(k)) {
                    let span = &toks[s..s + k];
                    if inner(span)
                        && (known_caps(span) || vocab_run(span))
                        && let Some(c) = cut_at(s, k)
                    {
                        return Some(c);
                    }
                }
                // "… Review/Assessment PUBLIC RELATIONS/EVENT PLANNING
                // EXPERIENCE PR/Special Events Intern": a capitalised run that
                // ends on a one-word heading ("EXPERIENCE", "EDUCATION")
                // names a section of that kind.
                if (2..=5).contains(&run) && inner(&toks[s..s + run]) {
                    let last = fold(toks[s + run - 1].1);
                    let head = matches!(
                        self.exact.get(&last),
                        Some(SectionKind::Experience | SectionKind::Education)
                    );
                    if head && let Some(c) = cut_at(s, run) {
                        return Some(c);
                    }
                }
                for k in (2..=run.min(4)).rev() {
                    let from = s + run - k;
                    if from > s && inner(&toks[from..s + run]) && known_caps(&toks[from..s + run]) {
                        return Some(toks[from].0);
                    }
                }
                s += run;
                continue;
            }
            if !title(first) || first.ends_with(',') {
                s += 1;
                continue;
            }
            // Not the tail of a capitalised phrase ("Sales Training") nor the
            // object of a connector ("Bachelor of Education").
            if let Some(&(_, p)) = s.checked_sub(1).and_then(|p| toks.get(p))
                && (title(p) && !p.ends_with(['.', ':', ';', '!', '?', ')']) && !p.contains('@')
                    || matches!(
                        p,
                        "of" | "in" | "and" | "&" | "for" | "the" | "at" | "de" | "to"
                    ))
            {
                s += 1;
                continue;
            }
            for k in (1..=5.min(n - s)).rev() {
                let span = &toks[s..s + k];
                let (_, last) = span[k - 1];
                let inner_ok = span.iter().enumerate().all(|(j, (_, w))| {
                    let w = w.trim_end_matches(':');
                    title(w) || (j > 0 && j + 1 < k && glue(w))
                });
                // "… that stresses Professional Development, Life Skills":
                // a heading is not an item of a list.
                if !inner_ok
                    || last.ends_with(',')
                    || span[..k - 1]
                        .iter()
                        .any(|(_, w)| w.ends_with([':', ',', '.']))
                {
                    continue;
                }
                let words: Vec<&str> = span.iter().map(|(_, w)| *w).collect();
                let key = fold(&words.join(" "));
                let letters_n = key.chars().filter(|c| c.is_alphabetic()).count();
                if letters_n < 4 || key.chars().any(|c| c.is_ascii_digit()) {
                    continue;
                }
                let colon = last.ends_with(':');
                // Dictionary phrases; heading vocabulary only before a colon.
                let known = self.exact.contains_key(&key)
                    || self.exact.contains_key(&format!("{key}s"))
                    || (colon
                        && k >= 2
                        && key
                            .split(' ')
                            .all(|w| self.vocab.contains(w) || self.vocab.contains(singular(w)))
                        && self.longest_kind(&key).is_some());
                if !known {
                    continue;
                }
                let next = toks.get(s + k).map(|t| t.1);
                let after = toks.get(s + k + 1).map(|t| t.1);
                let follows = match next {
                    None => true,
                    Some(_) if colon => true,
                    Some(nx) if nx.starts_with([':', '-']) => true,
                    Some(nx) if !upper(nx) => false,
                    // A lone word opens a sentence or a date — or, opening
                    // a piece, names the experience or education that
                    // follows ("Employment Courtyard Group, Consultant,"),
                    // unless it begins a title ("Education Coordinator").
                    Some(nx) => {
                        k >= 2
                            || nx.starts_with(|c: char| c.is_ascii_digit())
                            || after.is_some_and(|a| a.starts_with(char::is_lowercase))
                            || s == 0
                                && first.starts_with(char::is_alphabetic)
                                && named_then_comma(&toks[s + 1..])
                                && matches!(
                                    self.exact.get(&key),
                                    Some(SectionKind::Experience | SectionKind::Education)
                                )
                                && !self.title_heads.contains(&fold(nx))
                    }
                };
                if follows && let Some(c) = cut_at(s, k) {
                    return Some(c);
                }
            }
            s += 1;
        }
        None
    }

    fn longest_kind(&self, key: &str) -> Option<SectionKind> {
        self.phrases
            .find_iter(key)
            .filter(|m| word_bounded(key, m.start(), m.end()))
            .max_by_key(|m| m.end() - m.start())
            .and_then(|m| self.phrase_kinds.get(m.pattern().as_usize()).copied())
    }
}

/// Whether `toks` open with a name of two to five capitalised words ended by
/// a comma ("Courtyard Group, Consultant"), as an entry header does.
fn named_then_comma(toks: &[(usize, &str)]) -> bool {
    let capital = |t: &str| t.starts_with(char::is_uppercase);
    toks.iter()
        .take(5)
        .take_while(|(_, t)| capital(t))
        .position(|(_, t)| t.ends_with(','))
        .is_some_and(|p| p >= 1)
}

/// The words of one token written in camel case ("GeneralEducation:" →
/// "General", "Education"); `None` for anything else.
fn camel_parts(raw: &str) -> Option<Vec<&str>> {
    let t = raw.trim_end_matches(':');
    if t.contains(char::is_whitespace) || !t.chars().all(char::is_alphabetic) {
        return None;
    }
    let mut parts = Vec::new();
    let mut from = 0;
    let mut prev_lower = false;
    for (i, c) in t.char_indices() {
        if c.is_uppercase() && prev_lower {
            parts.push(&t[from..i]);
            from = i;
        }
        prev_lower = c.is_lowercase();
    }
    parts.push(&t[from..]);
    (parts.len() >= 2 && parts.iter().all(|p| p.chars().count() >= 3)).then_some(parts)
}

fn word_bounded(s: &str, a: usize, b: usize) -> bool {
    let before = s[..a].chars().next_back();
    let after = s[b..].chars().next();
    before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
}

fn singular(w: &str) -> &str {
    w.strip_suffix('s').filter(|s| s.len() > 3).unwrap_or(w)
}

/// Lower-case, strip decoration and numbering, join letter-spaced words.
pub fn fold(s: &str) -> String {
    let s = s
        .trim()
        .trim_end_matches([':', '-', '–', '—', '.', ' ', '|']);
    let s = s.trim_start_matches(|c: char| !c.is_alphanumeric());
    let s = s.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')' || c == ' ');
    let (mut tokens, mut singles) = (0usize, 0usize);
    for t in s.split_whitespace() {
        tokens += 1;
        if t.chars().nth(1).is_none() {
            singles += 1;
        }
    }
    let spaced = tokens >= 4 && singles * 10 >= tokens * 8;
    let joined;
    let s = if spaced {
        // "E X P E R I E N C E" (words separated by wider gaps come as tabs).
        joined = s
            .split('\t')
            .map(|w| w.split_whitespace().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ");
        joined.as_str()
    } else {
        s
    };
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_alphanumeric() || c == '&' || c == '\'' {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            pending_space = true;
        }
    }
    out
}

/// A work-entry field label ("Position", "Organization:").
fn is_field_label(s: &str) -> bool {
    matches!(
        fold(s).as_str(),
        "company"
            | "employer"
            | "organization"
            | "organisation"
            | "company name"
            | "client"
            | "position"
            | "designation"
            | "function"
            | "role"
            | "job title"
            | "title"
            | "duration"
            | "period"
    )
}

/// Whether a line carries a year (19xx or 20xx standing alone).
fn has_year(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(3)).any(|i| {
        let year = (b[i] == b'1' && b[i + 1] == b'9') || (b[i] == b'2' && b[i + 1] == b'0');
        year && b[i + 2].is_ascii_digit()
            && b[i + 3].is_ascii_digit()
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
    })
}

/// The text without a trailing rule of underscores, dashes, equals signs or
/// dots ("SUMMARY______", "Education ----").
fn strip_rule(s: &str) -> &str {
    let t = s.trim_end_matches(['_', '-', '=', '.', '~', '*', '─', '━', ' ']);
    if s.len() - t.len() >= 3 { t } else { s }
}

fn is_caps(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase())
}

/// How a heading is set: weight, capitals, relative size.
#[derive(Debug, Clone, Copy)]
struct Style {
    bold: bool,
    caps: bool,
    size: f32,
    /// Ends with a colon ("Selected projects:"): a label's mark.
    colon: bool,
}

impl Style {
    fn of(ln: &Ln) -> Style {
        Style {
            bold: ln.bold,
            caps: is_caps(ln.text.trim()),
            size: ln.size,
            colon: ln.text.trim_end().ends_with(':'),
        }
    }

    /// Nowhere stronger than `other`, and weaker somewhere.
    fn weaker_than(self, other: Style) -> bool {
        let not_stronger = (!self.bold || other.bold)
            && (!self.caps || other.caps)
            && self.size <= other.size + 0.02
            && (self.colon || !other.colon);
        let weaker = (self.colon && !other.colon)
            || (other.bold && !self.bold)
            || (other.caps && !self.caps)
            || other.size - self.size > 0.08;
        not_stronger && weaker
    }
}

/// Cut the lines into sections. Inline headings ("Skills: …") put their
/// content back as the section's first line (the returned lines may differ
/// from the input only there).
pub fn segment(lines: &mut Vec<Ln>, headings: &Headings) -> Vec<Section> {
    let mut marks: Vec<(usize, SectionKind, String)> = Vec::new();
    let mut current = SectionKind::Header;
    // How the heading that opened the current section was set.
    let mut current_style: Option<Style> = None;
    // "work experience" / "education" / "publications": three different
    // headings in lower case set the document's heading style; then a
    // lower-case heading counts, and a capitalised line matching one in
    // plain type ("Reference: Jane Smith" inside an entry) is a label.
    let lower_style = {
        let mut kinds: Vec<String> = lines
            .iter()
            .filter(|l| headings.lower_case(l).is_some())
            .map(|l| fold(&l.text))
            .collect();
        kinds.sort();
        kinds.dedup();
        kinds.len() >= 3
    };
    let classify = |ln: &Ln| {
        if !lower_style {
            return headings.classify(ln);
        }
        if let Some(kind) = headings.lower_case(ln) {
            return Some((kind, None));
        }
        let styled = ln.bold || ln.size >= 1.12 || is_caps(ln.text.trim());
        headings.classify(ln).filter(|_| styled)
    };
    // "Robert L. Seidman" over every page: a running header. Where one is
    // read into the line after it ("Robert L. Seidman Professional
    // Experience"), the heading is the line.
    let running: Vec<String> = {
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for l in lines.iter() {
            let t = l.text.trim();
            if (2..=5).contains(&l.words()) && !t.chars().any(|c| c.is_ascii_digit()) {
                *seen.entry(t).or_default() += 1;
            }
        }
        seen.into_iter()
            .filter(|&(_, n)| n >= 3)
            .map(|(t, _)| t.to_owned())
            .collect()
    };
    for l in lines.iter_mut() {
        let rest = running.iter().find_map(|r| {
            l.text
                .trim()
                .strip_prefix(r.as_str())
                .filter(|rest| rest.starts_with(' '))
                .map(|rest| rest.trim().to_owned())
        });
        if let Some(rest) = rest {
            let mut heading = l.clone();
            heading.text = rest;
            if matches!(classify(&heading), Some((_, None))) {
                *l = heading;
            }
        }
    }
    let mut i = 0;
    while i < lines.len() {
        // A field label on its own line above its value ("Position" /
        // "Executive Director"; "Organization" / "Acme Ltd"): one
        // "Label: value" line, not a section heading.
        if current == SectionKind::Experience
            && is_field_label(&lines[i].text)
            && let Some(next) = lines.get(i + 1)
            && !next.bullet
            && next.words() <= 12
            && !is_field_label(&next.text)
            && classify(next).is_none()
        {
            let value = lines.remove(i + 1).text;
            let label = lines[i].text.trim().trim_end_matches(':').trim().to_owned();
            let value = value.trim().trim_start_matches(':').trim_start();
            lines[i].text = format!("{label}: {value}");
        }
        // "Role" / ": Lead Data Analyst": a form's label and its value read
        // apart where a run of spaces stood between them.
        if i + 1 < lines.len()
            && lines[i + 1].text.trim_start().starts_with(':')
            && !lines[i + 1].bullet
            && (1..=3).contains(&lines[i].words())
            && !lines[i].text.contains(':')
            && !lines[i].text.chars().any(|c| c.is_ascii_digit())
            && lines[i + 1].text.trim_start()[1..].trim().len() > 1
        {
            let value = lines.remove(i + 1).text;
            let label = lines[i].text.trim().to_owned();
            lines[i].text = format!("{label}: {}", value.trim_start()[1..].trim());
        }
        // "NAME" / ":" / "Jane Doe": a form's label, colon and value set in
        // table cells and read as separate lines are one "Label: value" line.
        if i + 2 < lines.len()
            && lines[i + 1].text.trim() == ":"
            && lines[i].words() <= 4
            && !lines[i].text.chars().any(|c| c.is_ascii_digit())
            && !lines[i + 2].bullet
        {
            let value = lines.remove(i + 2).text;
            lines.remove(i + 1);
            let label = lines[i].text.trim().to_owned();
            lines[i].text = format!("{label}: {}", value.trim());
        }
        // A heading broken over two short lines ("PROFESSIONAL" /
        // "EXPERIENCE_____"): one heading, when the first line is none alone.
        if let Some(next) = lines.get(i + 1)
            && is_caps(&lines[i].text)
            && is_caps(next.text.trim_end_matches(['_', '-', '=']))
            && lines[i].words() <= 2
            && next.words() <= 2
            && !next.bullet
            && classify(&lines[i]).is_none()
        {
            let mut joined = lines[i].clone();
            joined.text = format!("{} {}", lines[i].text.trim(), strip_rule(next.text.trim()));
            // "HTML/CSS" / "EDUCATION": a heading alone under the last item
            // in capitals of a list is not that item's tail; only a whole
            // dictionary heading is joined then.
            let whole = headings.exact.contains_key(&fold(&joined.text));
            if let Some((_, None)) = classify(&joined)
                && (whole || classify(next).is_none())
            {
                lines[i] = joined;
                lines.remove(i + 1);
            }
        }
        // "Tools: Assemblers, Emulators, OrCad EXPERIENCE": a labelled line
        // may carry the next heading at its end too.
        let label = match classify(&lines[i]) {
            Some((kind, Some(_))) => Some(kind),
            _ => None,
        };
        // In a labelled line, only the value is searched, for a whole
        // heading of another kind at its end.
        let value_cut = || {
            let text = &lines[i].text;
            let colon = text.find(':')?;
            let mut value = lines[i].clone();
            value.text = text[colon + 1..].to_owned();
            let c = colon + 1 + headings.glued(&value)?;
            let mut tail = lines[i].clone();
            tail.text = text[c..].trim().to_owned();
            let whole =
                classify(&tail).is_some_and(|(k, inline)| inline.is_none() && Some(k) != label);
            (c > colon + 1 && !tail.text.contains(':') && whole).then_some(c)
        };
        if let Some(cut) = match label {
            Some(_) => value_cut(),
            None if classify(&lines[i]).is_none() => headings
                .glued_reflowed(&lines[i])
                .or_else(|| headings.glued(&lines[i])),
            None => None,
        } {
            let mut tail = lines[i].clone();
            tail.text = lines[i].text[cut..].trim().to_owned();
            tail.gap = 0.0;
            tail.bullet = false;
            lines[i].text.truncate(cut);
            let head = lines[i].text.trim_end().len();
            lines[i].text.truncate(head);
            lines.insert(i + 1, tail);
        }
        // "■ Professional Experience": a glyph set before a heading as
        // decoration, not a list's bullet, when no bullet line is beside it.
        if lines[i].bullet
            && !(i > 0 && lines[i - 1].bullet)
            && !lines.get(i + 1).is_some_and(|n| n.bullet)
            && headings.exact.contains_key(&fold(&lines[i].text))
            && lines[i].text.trim().starts_with(char::is_uppercase)
        {
            let mut plain = lines[i].clone();
            plain.bullet = false;
            if let Some((_, None)) = classify(&plain) {
                lines[i].bullet = false;
            }
        }
        if let Some((kind, inline)) = classify(&lines[i]) {
            // "References available upon request" with more of the resume
            // after it: a closing formula that names no section, set down
            // where the page ended (the lines after it carry on the section
            // before). It is dropped.
            if kind == SectionKind::References
                && fold(&lines[i].text).contains("request")
                && lines.get(i + 1).is_some_and(|n| classify(n).is_none())
            {
                lines.remove(i);
                continue;
            }
            let is_inline = inline.is_some();
            // Sub-labels inside a skills section ("Languages: Java, C") and
            // "Project:" inside experience stay where they are.
            // Thesis, dissertation and coursework lines belong to the degree above.
            // (Not a heading set in the document's own heading style.)
            let edu_sub = current == SectionKind::Education
                && !(lower_style && headings.lower_case(&lines[i]).is_some())
                && matches!(
                    kind,
                    SectionKind::Publications | SectionKind::Courses | SectionKind::Research
                );
            // "Organization: Acme" inside experience is an entry's field.
            let field = is_inline
                && current == SectionKind::Experience
                && lines[i]
                    .text
                    .split_once([':', '\t'])
                    .is_some_and(|(label, _)| is_field_label(label));
            // "Technologies", "Project", "Responsibilities", "Language" set
            // smaller or plainer than the experience heading: labels inside
            // an entry, not the next section (a document sets its headings
            // alike).
            let sub_label = current == SectionKind::Experience
                && matches!(
                    kind,
                    SectionKind::Skills
                        | SectionKind::Projects
                        | SectionKind::Other
                        | SectionKind::Summary
                        | SectionKind::Awards
                        | SectionKind::Languages
                )
                && current_style.is_some_and(|s| Style::of(&lines[i]).weaker_than(s));
            // "Freelance ⇥ 08/2024 - 04/2025" (or the dates on the next line)
            // set plainer than the experience heading: an entry's employer
            // line, not a new section.
            let entry_line = current == SectionKind::Experience
                && kind == SectionKind::Experience
                && !lines[i].text.contains(':')
                && (has_year(&lines[i].text)
                    || lines.get(i + 1).is_some_and(|n| has_year(&n.text)))
                && current_style.is_some_and(|s| Style::of(&lines[i]).weaker_than(s));
            // "BSc (Hons)" / "Information Technology": a field of study read
            // as a skills heading, set plainer than the education heading.
            let edu_field = current == SectionKind::Education
                && !is_inline
                && matches!(kind, SectionKind::Skills | SectionKind::Other)
                && !lines[i].text.trim_end().ends_with(':')
                && !fold(&lines[i].text).contains("skill")
                && current_style.is_some_and(|s| Style::of(&lines[i]).weaker_than(s));
            // "TECHNOLOGIES" (the rest of an employer's name broken over a
            // page, or a label) directly above a dated role line inside
            // experience: a skills list does not open on a date.
            let dated_below = current == SectionKind::Experience
                && kind == SectionKind::Skills
                && !is_inline
                && lines[i].words() <= 2
                && !fold(&lines[i].text).contains("skill")
                && lines.get(i + 1).is_some_and(|n| {
                    has_year(&n.text) && !n.text.contains(':') && n.words() <= 12 && !n.bullet
                });
            // "Industry" / "Position" / "Technologies": the labels of a
            // form-like experience table, not sections of their own.
            let form_label = current == SectionKind::Experience
                && !is_inline
                && (is_field_label(&lines[i].text) || i > 0 && is_field_label(&lines[i - 1].text));
            let keep = edu_sub
                || edu_field
                || form_label
                || dated_below
                || entry_line
                || sub_label
                || field
                || is_inline
                    && ((current == SectionKind::Skills
                        && matches!(
                            kind,
                            SectionKind::Languages | SectionKind::Skills | SectionKind::Other
                        ))
                        || (current == SectionKind::Experience
                            && matches!(
                                kind,
                                SectionKind::Projects | SectionKind::Other | SectionKind::Summary
                            ))
                        || matches!(
                            kind,
                            SectionKind::Contact
                                | SectionKind::Other
                                | SectionKind::Personal
                                | SectionKind::Courses
                        ));
            if !keep {
                let heading = if let Some(rest) = inline {
                    let label = lines[i]
                        .text
                        .split([':', '\t'])
                        .next()
                        .unwrap_or_default()
                        .trim()
                        .to_owned();
                    let mut content = lines[i].clone();
                    content.text = rest;
                    content.bullet = false;
                    lines[i].text = label.clone();
                    lines.insert(i + 1, content);
                    label
                } else {
                    lines[i].text.trim_end_matches(':').trim().to_owned()
                };
                current_style = Some(Style::of(&lines[i]));
                marks.push((i, kind, heading));
                current = kind;
            }
        }
        i += 1;
    }
    let mut sections = Vec::with_capacity(marks.len() + 1);
    let first = marks.first().map(|m| m.0).unwrap_or(lines.len());
    sections.push(Section {
        kind: SectionKind::Header,
        heading: None,
        heading_at: None,
        start: 0,
        end: first,
    });
    for (n, (at, kind, heading)) in marks.iter().enumerate() {
        let end = marks.get(n + 1).map(|m| m.0).unwrap_or(lines.len());
        sections.push(Section {
            kind: *kind,
            heading: Some(heading.clone()),
            heading_at: Some(*at),
            start: at + 1,
            end,
        });
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reflowed(text: &str) -> Ln {
        Ln {
            text: text.to_owned(),
            idx: 1,
            page: 1,
            size: 1.0,
            bold: false,
            gap: 0.0,
            column: 0,
            origin: crate::extract::Origin::Body,
            bullet: false,
            reflowed: true,
        }
    }

    fn cut(h: &Headings, text: &str) -> Option<(String, String)> {
        let ln = reflowed(text);
        h.glued_reflowed(&ln)
            .map(|c| (text[..c].trim().to_owned(), text[c..].trim().to_owned()))
    }

    #[test]
    fn headings_glued_in_reflowed_text() {
        let h = Headings::new(Taxonomy::embedded());
        let pair = |a: &str, b: &str| Some((a.to_owned(), b.to_owned()));
        // Title Case after running text, before a date.
        assert_eq!(
            cut(&h, "schedule for pick up Education 2001 Present: Associate"),
            pair("schedule for pick up", "Education 2001 Present: Associate")
        );
        assert_eq!(
            cut(&h, "Education 2001 Present: Associate"),
            pair("Education", "2001 Present: Associate")
        );
        // A lone word opening a sentence.
        assert_eq!(
            cut(&h, "Objective Looking for a position as a technician"),
            pair("Objective", "Looking for a position as a technician")
        );
        // Capitals: a heading opening a run of capitals.
        assert_eq!(
            cut(
                &h,
                "International Business PROFESSIONAL EXPERIENCE COMPANY, INC., City"
            ),
            pair(
                "International Business",
                "PROFESSIONAL EXPERIENCE COMPANY, INC., City"
            )
        );
        // Not a heading: the object of a connector, a phrase's tail, a word
        // followed by lower case, a title.
        assert_eq!(
            cut(&h, "Bachelor of Education (Primary) to be conferred"),
            None
        );
        assert_eq!(cut(&h, "Experience in version control using SVN"), None);
        assert_eq!(cut(&h, "Training Coordinator, Acme Ltd"), None);
        // A lone section noun opening a piece names what follows, unless it
        // begins a title.
        assert_eq!(
            cut(&h, "Employment Courtyard Group, Consultant,"),
            pair("Employment", "Courtyard Group, Consultant,")
        );
        let h = h.with_title_heads(["coordinator".to_owned()]);
        assert_eq!(cut(&h, "Education Coordinator, Acme Ltd"), None);
        // Only pieces of a reflowed paragraph are searched.
        let mut ln = reflowed("schedule for pick up Education 2001 Present");
        ln.reflowed = false;
        assert_eq!(h.glued_reflowed(&ln), None);
    }

    #[test]
    fn headings_run_together_in_camel_case() {
        let h = Headings::new(Taxonomy::embedded());
        let kind = |t: &str| h.classify(&line(t)).map(|(k, _)| k);
        assert_eq!(kind("GeneralEducation:"), Some(SectionKind::Education));
        assert_eq!(kind("WorkExperience"), Some(SectionKind::Experience));
        // A product or a name in camel case is no heading.
        assert_eq!(kind("JavaScript"), None);
        assert_eq!(kind("McDonald"), None);
    }

    #[test]
    fn a_label_and_its_colon_value_read_apart_are_one_line() {
        let h = Headings::new(Taxonomy::embedded());
        let mut lines: Vec<Ln> = [
            "EXPERIENCE",
            "Acme Pvt Ltd, Bangalore (Jun 06 - Jul 11)",
            "Role",
            ": Lead Data Analyst",
            "Position",
            ": Team Lead",
        ]
        .iter()
        .map(|t| line(t))
        .collect();
        segment(&mut lines, &h);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts[2..],
            ["Role: Lead Data Analyst", "Position: Team Lead"]
        );
    }

    #[test]
    fn a_glyph_before_a_heading_is_decoration() {
        use SectionKind::*;
        let h = Headings::new(Taxonomy::embedded());
        let mut lines: Vec<Ln> = [
            "Jane Doe",
            "Web Services REST (Web API), SOAP",
            "Professional Experience",
            "BG Computer Technologies",
            "Education",
            "Masters degree in Computer Science",
            "Skills",
            "Education",
            "Teamwork",
        ]
        .iter()
        .map(|t| line(t))
        .collect();
        for i in [2, 4, 7, 8] {
            lines[i].bullet = true;
        }
        let kinds: Vec<SectionKind> = segment(&mut lines, &h).iter().map(|s| s.kind).collect();
        // The last "• Education" sits in a bulleted list: an item, not a heading.
        assert_eq!(kinds, [Header, Experience, Education, Skills]);
    }

    #[test]
    fn lower_case_headings_set_the_documents_style() {
        use SectionKind::*;
        let kinds = |texts: &[&str]| {
            let h = Headings::new(Taxonomy::embedded());
            let mut lines: Vec<Ln> = texts.iter().map(|t| line(t)).collect();
            segment(&mut lines, &h)
                .iter()
                .map(|s| s.kind)
                .collect::<Vec<_>>()
        };
        let doc = [
            "Katerine Johnson",
            "work experience",
            "2012-Present",
            "Lehman Brothers",
            "Reference: Jane Smith",
            "education",
            "2007-2010",
            "Bachelor of Business Studies",
            "publications",
            "January 2013",
            "Publication Title",
        ];
        // Three lower-case headings: each opens its section (publications
        // too, though under education), and the capitalised label does not.
        assert_eq!(kinds(&doc), [Header, Experience, Education, Publications]);
        // One lower-case line alone is a wrapped line's tail, as before.
        assert_eq!(
            kinds(&[
                "Jane Doe",
                "EXPERIENCE",
                "Built tools for the",
                "education",
                "Reference: Joe"
            ]),
            [Header, Experience, References]
        );
    }

    #[test]
    fn references_on_request_mid_document_is_no_section() {
        use SectionKind::*;
        let h = Headings::new(Taxonomy::embedded());
        let mut lines: Vec<Ln> = [
            "Jane Doe",
            "EXPERIENCE",
            "2014 - 2016",
            "References available upon request",
            "NATIXIS",
            "IT Networks Engineer",
        ]
        .iter()
        .map(|t| line(t))
        .collect();
        let sections = segment(&mut lines, &h);
        let kinds: Vec<SectionKind> = sections.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [Header, Experience]);
        assert!(!lines.iter().any(|l| l.text.contains("request")));
        // At the end of the resume it closes the last section, as before.
        let mut lines: Vec<Ln> = [
            "Jane Doe",
            "SKILLS",
            "Java",
            "References available upon request",
        ]
        .iter()
        .map(|t| line(t))
        .collect();
        let kinds: Vec<SectionKind> = segment(&mut lines, &h).iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [Header, Skills, References]);
    }

    #[test]
    fn form_labels_inside_experience_stay_in_it() {
        let kinds = styled_kinds(&[
            "EXPERIENCE",
            "06/2013",
            "Present",
            "Industry",
            "Position",
            "Technologies",
            "The Product Engine, Inc.",
            "Junior Android Developer",
        ]);
        assert_eq!(kinds, [SectionKind::Header, SectionKind::Experience]);
    }

    #[test]
    fn title_case_heading_glued_to_a_name() {
        let h = Headings::new(Taxonomy::embedded());
        let l = line("Work Experience Carnegie Mellon University");
        assert_eq!(h.glued(&l), l.text.find("Carnegie"));
        // A job title that opens with a heading word is no heading.
        assert_eq!(h.glued(&line("Education Program Manager")), None);
        assert_eq!(h.glued(&line("Work Experience")), None);
        // One word will do for experience before a dated entry, not for
        // education (a course line with years reads alike).
        let l = line("Experience Disney Interactive Media Group January 2008");
        assert_eq!(h.glued(&l), l.text.find("Disney"));
        assert_eq!(
            h.glued(&line("Education Society Of India Annual Meet 2008")),
            None
        );
    }

    #[test]
    fn a_heading_glued_after_a_labelled_value_is_cut_out() {
        use SectionKind::*;
        let h = Headings::new(Taxonomy::embedded());
        let mut lines: Vec<Ln> = [
            "Jane Doe",
            "SKILLS",
            "Programming: C/C++, Vertex",
            "Tools: Assemblers/Compilers/Debuggers, Emulators, Source Safe, OrCad EXPERIENCE",
            "ABC Corp",
            "Technologies: Drupal 7, PHP5, CSS",
        ]
        .iter()
        .map(|t| line(t))
        .collect();
        let kinds: Vec<SectionKind> = segment(&mut lines, &h).iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [Header, Skills, Experience]);
        // A label inside the section keeps its value whole.
        assert!(
            lines
                .iter()
                .any(|l| l.text == "Technologies: Drupal 7, PHP5, CSS")
        );
    }

    #[test]
    fn a_running_header_read_into_a_heading_is_left_out() {
        use SectionKind::*;
        let h = Headings::new(Taxonomy::embedded());
        let mut lines: Vec<Ln> = [
            "Robert L. Seidman",
            "Education",
            "Ph.D., Johns Hopkins University, 1979",
            "Robert L. Seidman Professional Experience",
            "2006-present",
            "Robert L. Seidman",
            "Publications",
            "Robert L. Seidman",
        ]
        .iter()
        .map(|t| line(t))
        .collect();
        let kinds: Vec<SectionKind> = segment(&mut lines, &h).iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [Header, Education, Experience, Publications]);
        assert!(lines.iter().any(|l| l.text == "Professional Experience"));
    }

    #[test]
    fn a_heading_broken_over_two_lines_but_not_a_list_item_and_a_heading() {
        use SectionKind::*;
        let h = Headings::new(Taxonomy::embedded());
        let mut lines: Vec<Ln> = [
            "Jane Doe",
            "PROFESSIONAL",
            "EXPERIENCE",
            "Engineer, Acme Corp, 2019 - 2021",
            "SKILLS",
            "Figma",
            "HTML/CSS",
            "EDUCATION",
            "MA Interaction Design",
        ]
        .iter()
        .map(|t| line(t))
        .collect();
        let kinds: Vec<SectionKind> = segment(&mut lines, &h).iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [Header, Experience, Skills, Education]);
        assert!(lines.iter().any(|l| l.text == "PROFESSIONAL EXPERIENCE"));
        assert!(lines.iter().any(|l| l.text == "HTML/CSS"));
    }

    #[test]
    fn folds_headings() {
        assert_eq!(fold("WORK EXPERIENCE:"), "work experience");
        assert_eq!(fold("E X P E R I E N C E"), "experience");
        assert_eq!(fold("03. Education"), "education");
        assert_eq!(fold("Awards & Honors"), "awards & honors");
    }

    fn line(text: &str) -> Ln {
        let mut ln = reflowed(text);
        ln.reflowed = false;
        ln
    }

    #[test]
    fn capitals_ending_in_a_section_noun_name_that_section() {
        let h = Headings::new(Taxonomy::embedded());
        let kind = |t: &str| h.classify(&line(t)).map(|(k, _)| k);
        assert_eq!(
            kind("PUBLIC RELATIONS/EVENT PLANNING EXPERIENCE"),
            Some(SectionKind::Experience)
        );
        assert_eq!(kind("LABORATORY SKILLS"), Some(SectionKind::Skills));
        assert_eq!(kind("Public Relations Experience Manager"), None);
        assert_eq!(kind("SENIOR SOFTWARE ENGINEER"), None);
        // Title case, when set apart by weight or size.
        let mut l = line("Performance Experience");
        assert_eq!(h.classify(&l).map(|(k, _)| k), None);
        l.bold = true;
        l.size = 1.3;
        assert_eq!(
            h.classify(&l).map(|(k, _)| k),
            Some(SectionKind::Experience)
        );
        l.text = "Led the experience".into();
        assert_eq!(h.classify(&l).map(|(k, _)| k), None);
    }

    #[test]
    fn heading_ending_a_line_after_a_sentence_or_with_its_colon() {
        let h = Headings::new(Taxonomy::embedded());
        let mut b = line("Doubled revenues from $4M to $8M. EDUCATION");
        b.bullet = true;
        assert_eq!(h.glued(&b), b.text.find("EDUCATION"));
        // In a bullet, capitals that do not follow a sentence stay.
        let mut b = line("Led the SALES EXPERIENCE");
        b.bullet = true;
        assert_eq!(h.glued(&b), None);
        let l = line("Sponsored Search and Social Media Marketing Educational Qualification:");
        assert_eq!(h.glued(&l), l.text.find("Educational"));
        let l = line("Worked on the Technical Skills of the team");
        assert_eq!(h.glued(&l), None);
    }

    #[test]
    fn a_title_in_capitals_is_not_cut_after_a_heading_word() {
        let h = Headings::new(Taxonomy::embedded())
            .with_title_heads(["engineer".to_owned(), "coordinator".to_owned()]);
        assert_eq!(h.glued(&line("SOFTWARE ENGINEER")), None);
        assert_eq!(h.glued(&line("TRAINING COORDINATOR, ACME")), None);
        // A heading before other capitals is still cut off.
        let l = line("EDUCATION BOSTON UNIVERSITY, Boston");
        assert_eq!(h.glued(&l), l.text.find("BOSTON"));
    }

    /// The sections of `texts`, lines in capitals set as bold, larger headings.
    fn styled_kinds(texts: &[&str]) -> Vec<SectionKind> {
        let h = Headings::new(Taxonomy::embedded());
        let mut lines: Vec<Ln> = texts
            .iter()
            .map(|t| {
                let mut l = line(t);
                if t.chars().all(|c| !c.is_lowercase()) && t.len() > 6 {
                    l.bold = true;
                    l.size = 1.24;
                }
                l
            })
            .collect();
        segment(&mut lines, &h).iter().map(|s| s.kind).collect()
    }

    #[test]
    fn plainer_labels_inside_experience_stay_in_it() {
        let kinds = styled_kinds(&[
            "WORK EXPERIENCE",
            "Integration Developer",
            "Acme - San Jose",
            "Technologies\tJava, Maven",
            "Team Lead",
            "Language",
            "C#, JavaScript, SQL Server 2000.",
            "Project",
            // An entry's employer line named like a heading, dates beside or below.
            "Freelance",
            "08/2024 - 04/2025",
            "Data Analyst (Contract)",
            "Freelance\t01/2023 - 06/2024",
            "Bookkeeper",
            "EDUCATION",
            "B.Sc.",
        ]);
        assert_eq!(
            kinds,
            [
                SectionKind::Header,
                SectionKind::Experience,
                SectionKind::Education
            ]
        );
    }

    #[test]
    fn a_skills_word_above_a_dated_role_stays_in_experience() {
        let kinds = styled_kinds(&[
            "WORK EXPERIENCE",
            "Web Developer, August 2011",
            "Built the site.",
            "Kendall Considine ROBERT HALF",
            "TECHNOLOGIES",
            "Drupal Developer (consultant), April 2011",
            "EDUCATION AND OTHER SKILLS",
            "BS Engineering, University of Michigan, 2013",
        ]);
        assert_eq!(
            kinds,
            [
                SectionKind::Header,
                SectionKind::Experience,
                SectionKind::Skills
            ]
        );
    }

    #[test]
    fn plainer_field_of_study_inside_education_stays_in_it() {
        let kinds = styled_kinds(&[
            "EDUCATION",
            "BSc (Hons)",
            "Information Technology",
            "Nuneaton University 2005 - 2008",
            "Relevant Skills:",
            "Java, SQL",
            "TECHNICAL SKILLS",
            "Python",
        ]);
        // The field stays with its degree; a labelled skills list and a
        // heading set like the education one still open sections.
        assert_eq!(
            kinds,
            [
                SectionKind::Header,
                SectionKind::Education,
                SectionKind::Skills,
                SectionKind::Skills
            ]
        );
    }

    #[test]
    fn decorated_split_and_small_caps_headings() {
        let h = Headings::new(Taxonomy::embedded());
        let kind = |t: &str| h.classify(&line(t)).map(|(k, _)| k);
        assert_eq!(
            kind("SUMMARY____________________________________________________________"),
            Some(SectionKind::Summary)
        );
        assert_eq!(
            kind("P ROFE SSI ONAL E XPER IENCE"),
            Some(SectionKind::Experience)
        );
        // The end of a wrapped sentence is not a heading.
        assert_eq!(kind("Technologies."), None);
        assert_eq!(kind("Technologies"), Some(SectionKind::Skills));
        assert_eq!(kind("software"), None);
        assert_eq!(kind("activities"), None);
        // Small-caps joining needs capitals: a phrase in Title Case is left alone.
        assert_eq!(kind("Work Ex Perience Of Note"), None);
        let mut lines: Vec<Ln> = [
            "Jane Doe",
            "LANGUAGE",
            ":",
            "English, Swahili",
            "PROFESSIONAL",
            "EXPERIENCE_____________",
            "Nurse Tutor",
        ]
        .iter()
        .map(|t| line(t))
        .collect();
        let sections = segment(&mut lines, &h);
        let kinds: Vec<SectionKind> = sections.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SectionKind::Header,
                SectionKind::Languages,
                SectionKind::Experience
            ]
        );
        assert!(lines.iter().any(|l| l.text == "English, Swahili"));
        assert!(lines.iter().any(|l| l.text == "PROFESSIONAL EXPERIENCE"));
    }
}
