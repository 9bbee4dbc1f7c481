//! Skills: the skills sections' lists, technology lists in other sections,
//! and dictionary skills anywhere.
//!
//! Input: skills sections and every other line. A skills-section line is a
//! list: split at commas, semicolons, bullets, pipes and tabs outside
//! parentheses; a sub-label ("Languages: Java, C", or a label without a colon
//! such as "Operating Systems Windows, Linux") becomes the group name;
//! "Java (Spring, Hibernate)" gives the head and each inner item; an item the
//! dictionary does not know is split at "and" / "&" / "/" when its parts are
//! skills ("Windows and Linux", "HTML/CSS"), and filler around a known skill
//! is dropped ("Proficient in Java"). Lines of other sections labelled as a
//! technology list ("Environment: …", "Technologies used: …", "Tools: …") are
//! read the same way into a "Technologies" group. Everything else is matched
//! against the skills dictionary with aho-corasick. Output: JSON Resume skill
//! groups — one per sub-label, "Skills" for unlabelled items, "Technologies"
//! for the labelled lists, and "Mentioned" for dictionary skills found only
//! in the rest of the resume. Each group's `x_ids` holds the taxonomy id of
//! every keyword the dictionary knows (null for the others), or is empty when
//! no keyword has one.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::lexicon::{Lexicon, skill_key};
use crate::model::SkillGroup;
use crate::segment::{SectionKind, fold};

use super::Context;

static EXPERIENCE_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*\((?:less than )?\d*\+?\s*(?:years?|yrs?|months?)\)|\s*\(less than 1 year\)|\s*-\s*\d+\s*(?:years?|yrs?)\b")
        .unwrap_or_else(|e| unreachable!("note regex: {e}"))
});

/// A labelled technology list outside the skills section ("Environment: Java,
/// Oracle", "Technologies used: …", "Tools: …"), at the start of a line.
static TECH_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[^\p{L}\p{N}]*(?:technical\s+)?(?:environment|technologies(?:\s+used)?|technology(?:\s+stack|\s+used)?|tech\s+stack|tools(?:\s+used)?|tools\s*(?:&|and)\s*technologies|software(?:\s+used)?|platforms?|skills\s+used|frameworks|languages\s+used|key\s+technologies)\s*:\s*(?P<list>.+)$",
    )
    .unwrap_or_else(|e| unreachable!("tech list regex: {e}"))
});

/// A version written after a skill name: "2008", "5.0", "v8.0", "3.x", "11g".
static VERSION_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^v?\.?\d+(?:\.\d+)*(?:\.x|x|\+|g|i|c)?$")
        .unwrap_or_else(|e| unreachable!("version regex: {e}"))
});

/// A date range or month, not a skill ("Feb 2011 - June 2014").
static DATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b\W*\d{2,4}")
        .unwrap_or_else(|e| unreachable!("date regex: {e}"))
});

/// A month name on its own.
static MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$")
        .unwrap_or_else(|e| unreachable!("month regex: {e}"))
});

/// Characters that separate the items of a list line.
const SEPARATORS: &[char] = &[
    ',', ';', '|', '•', '·', '\t', '●', '▪', '■', '◦', '➢', '❖', '\u{f0a7}', '\u{f0b7}', '\u{f0d8}',
];

/// Last words of a sub-label written without a colon before its first item
/// ("Operating Systems Windows, Linux", "Version Control Tools Git, SVN").
const LABEL_WORDS: &[&str] = &[
    "systems",
    "system",
    "tools",
    "tool",
    "languages",
    "language",
    "databases",
    "database",
    "frameworks",
    "framework",
    "technologies",
    "technology",
    "servers",
    "ide",
    "ides",
    "ide's",
    "protocols",
    "os",
    "platforms",
    "platform",
    "environment",
    "environments",
    "packages",
    "software",
    "skills",
    "utilities",
    "methodologies",
    "libraries",
    "rdbms",
];

/// Words around a skill in a skills-section item that are not part of the
/// skill ("Proficient in Java", "Working knowledge of SQL").
const FILLER: &[&str] = &[
    "proficient",
    "proficiency",
    "in",
    "with",
    "of",
    "knowledge",
    "experience",
    "experienced",
    "expert",
    "expertise",
    "skilled",
    "strong",
    "good",
    "basic",
    "advanced",
    "working",
    "familiar",
    "familiarity",
    "using",
    "the",
    "a",
    "an",
    "excellent",
    "solid",
    "hands-on",
    "understanding",
    "exposure",
    "to",
    "on",
    "and",
    "&",
];

/// The dictionary entry for a skill written `name`, also with a trailing
/// version removed ("SQL Server 2008" → SQL Server).
fn known(lex: &Lexicon, name: &str) -> Option<usize> {
    if let Some(&e) = lex.skill_by_key.get(&skill_key(name)) {
        return Some(e);
    }
    let mut words: Vec<&str> = name.split_whitespace().collect();
    let before = words.len();
    while words.len() > 1 && words.last().is_some_and(|w| VERSION_WORD.is_match(w)) {
        words.pop();
    }
    if words.len() == before {
        return None;
    }
    lex.skill_by_key.get(&skill_key(&words.join(" "))).copied()
}

/// The lines of a skills section with the wraps of labelled lists joined:
/// "Technical Skills: G Suite, InDesign, Microsoft" / "Word, Canva" is one
/// list (and "Microsoft Word" one item), "… (APA, MLA," / "Chicago)" too. An
/// unlabelled line under a labelled one continues it when the wrap shows: an
/// open bracket, a trailing comma or joiner, a lower-case start, or a known
/// skill across the break. Each logical line carries the index of its first
/// line.
fn logical_lines(cx: &Context, r: std::ops::Range<usize>) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize, bool)> = Vec::new();
    for i in r {
        let ln = &cx.lines[i];
        let text = ln.text.trim();
        if let Some((prev, _, labelled)) = out.last_mut()
            && *labelled
            && !ln.bullet
            && !text.is_empty()
            && split_label(text).is_none()
            && !text.ends_with(':')
            && !prev.ends_with('.')
            && !(text.contains("://") || text.contains('@') || text.starts_with("www."))
        {
            let open = prev.matches('(').count() > prev.matches(')').count();
            let first_item = text.split(SEPARATORS).next().unwrap_or("").trim();
            let last_word = prev.rsplit(' ').next().unwrap_or("");
            let wrapped = open
                || prev.ends_with([',', '&', '/', '-'])
                || text.starts_with(|c: char| c.is_lowercase())
                || known(cx.lex, &format!("{last_word} {first_item}")).is_some();
            if wrapped {
                prev.push(' ');
                prev.push_str(text);
                continue;
            }
        }
        out.push((ln.text.clone(), i, split_label(text).is_some()));
    }
    out.into_iter().map(|(t, i, _)| (t, i)).collect()
}

/// A line of a skills section that only names the group of the lines below
/// it: a short label ending in a colon ("Over 5000 lines:", "Familiar:"), or
/// a word or two set in bold or larger type that is no skill itself
/// ("PROGRAMMING" above "Java • Shell").
fn group_label(cx: &Context, i: usize, end: usize) -> Option<String> {
    let ln = &cx.lines[i];
    let text = ln.text.trim();
    let words = text.split_whitespace().count();
    if ln.bullet || words == 0 || words > 4 || i + 1 >= end {
        return None;
    }
    if let Some(label) = text.strip_suffix(':') {
        return (!label.contains(':')).then(|| label.trim().to_owned());
    }
    let set_apart = ln.bold || ln.size >= 1.1;
    let plain_words = !text.contains([',', ';', '|', '•', '/', '(', ':']);
    (set_apart && plain_words && words <= 2 && known(cx.lex, text).is_none())
        .then(|| text.to_owned())
}

fn id_of<'l>(lex: &'l Lexicon, name: &str) -> Option<&'l str> {
    lex.skill_ids.get(known(lex, name)?)?.as_deref()
}

/// A "Label: items" line's label, when the part before the colon is short and
/// is not a URL scheme ("https://…").
fn split_label(text: &str) -> Option<(&str, &str)> {
    let (label, rest) = text.split_once(':')?;
    (label.split_whitespace().count() <= 4 && !rest.trim().is_empty() && !rest.starts_with("//"))
        .then(|| (label.trim(), rest))
}

/// The pieces of a list line, split at separators outside parentheses (and at
/// " / ").
fn pieces(list: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut prev = ' ';
    let mut chars = list.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map_or(' ', |&(_, n)| n);
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0
                && (SEPARATORS.contains(&c)
                    || (c == '/' && prev.is_whitespace() && next.is_whitespace())) =>
            {
                out.push(&list[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
        prev = c;
    }
    out.push(&list[start..]);
    out
}

/// One piece with its parentheses read: "Java (Spring, Hibernate)" → Java,
/// Spring, Hibernate; "Rational Application Developer (RAD)" stays whole; a
/// parenthesis opened or closed on another line is dropped.
fn expand(piece: &str, out: &mut Vec<String>) {
    let p = piece.trim();
    let Some(open) = p.find(['(', '[']) else {
        out.push(p.trim_matches([')', ']']).to_owned());
        return;
    };
    let head = p[..open].trim();
    let after = &p[open + 1..];
    let (inner, tail, closed) = match after.rfind([')', ']']) {
        Some(close) => (&after[..close], after[close + 1..].trim(), true),
        None => (after, "", false),
    };
    let listy = inner.contains([',', ';', '|']) || inner.contains(" and ") || inner.contains(" & ");
    if !listy && closed {
        out.push(p.to_owned());
        return;
    }
    if !head.is_empty() {
        out.push(head.to_owned());
    }
    for q in pieces(inner) {
        expand(q, out);
    }
    if !tail.is_empty() {
        out.push(tail.to_owned());
    }
}

/// An item the dictionary does not know, read as several skills when its
/// parts are: "Windows and Linux", "HTML/CSS", "Proficient in Java".
fn refine(item: &str, lex: &Lexicon) -> Vec<String> {
    if known(lex, item).is_some() {
        return vec![item.to_owned()];
    }
    for conj in [" and ", " & ", " And "] {
        let parts: Vec<&str> = item.split(conj).map(str::trim).collect();
        if parts.len() >= 2
            && parts.iter().all(|p| !p.is_empty())
            && parts.iter().any(|p| known(lex, p).is_some())
        {
            return parts.into_iter().flat_map(|p| refine(p, lex)).collect();
        }
    }
    if item.contains('/') {
        let parts: Vec<&str> = item.split('/').map(str::trim).collect();
        if parts.iter().all(|p| known(lex, p).is_some()) {
            return parts.into_iter().map(str::to_owned).collect();
        }
    }
    let hits = lex.skills.find(item);
    if !hits.is_empty() {
        let mut rest = String::new();
        let mut at = 0;
        for h in &hits {
            rest.push_str(&item[at..h.start]);
            rest.push(' ');
            at = h.end;
        }
        rest.push_str(&item[at..]);
        if rest
            .split_whitespace()
            .all(|w| FILLER.contains(&w.to_lowercase().as_str()))
        {
            return hits
                .iter()
                .map(|h| item[h.start..h.end].to_owned())
                .collect();
        }
    }
    vec![item.to_owned()]
}

/// "Operating Systems Windows" → ("Operating Systems", "Windows"): a label
/// written without a colon before the first item of a line.
fn label_prefix<'t>(item: &'t str, lex: &Lexicon) -> Option<(String, String)> {
    if known(lex, item).is_some() {
        return None;
    }
    let words: Vec<&'t str> = item.split_whitespace().collect();
    for k in 1..words.len() {
        let last = words[k - 1].to_lowercase();
        if LABEL_WORDS.contains(&last.as_str()) {
            let rest = words[k..].join(" ");
            if known(lex, &rest).is_some() {
                return Some((words[..k].join(" "), rest));
            }
        }
    }
    None
}

/// The skills of one list line: (group, keyword, taxonomy id).
fn list_line(
    text: &str,
    default_group: &str,
    lex: &Lexicon,
) -> Vec<(String, String, Option<String>)> {
    let text = EXPERIENCE_NOTE.replace_all(text, "");
    let (mut group, list) = match split_label(&text) {
        Some((label, rest)) => (label.to_owned(), rest),
        None => (default_group.to_owned(), &*text),
    };
    let labelled = group != default_group;
    let mut items = Vec::new();
    for piece in pieces(list) {
        expand(piece, &mut items);
    }
    let mut out = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let mut item = item
            .trim()
            .trim_matches(|c: char| {
                c == '.' || c == '-' || c == '*' || c == ':' || c.is_whitespace()
            })
            .to_owned();
        let words = item.split_whitespace().count();
        if words == 0 || item.contains("://") || item.contains('@') || item.starts_with("www.") {
            continue;
        }
        if n == 0
            && !labelled
            && let Some((label, rest)) = label_prefix(&item, lex)
        {
            group = label;
            item = rest;
        }
        let words = item.split_whitespace().count();
        if words <= 4 && item.chars().any(|c| c.is_alphabetic()) {
            for k in refine(&item, lex) {
                if !k.chars().any(char::is_alphabetic) || DATED.is_match(&k) {
                    continue;
                }
                // "A" (the end of a typeset "LaTeX"): a lone letter is a skill
                // only when the dictionary says so ("C", "R").
                if k.chars().count() == 1 && known(lex, &k).is_none() {
                    continue;
                }
                let id = id_of(lex, &k).map(str::to_owned);
                out.push((group.clone(), k, id));
            }
        } else {
            for h in lex.skills.find(&item) {
                if let Some(n) = lex.skill_names.get(h.entry) {
                    let written = &item[h.start..h.end];
                    let shown = if written.eq_ignore_ascii_case(n) {
                        written
                    } else {
                        n
                    };
                    let id = lex.skill_ids.get(h.entry).and_then(Option::as_deref);
                    out.push((group.clone(), shown.to_owned(), id.map(str::to_owned)));
                }
            }
        }
    }
    out
}

/// Names listed among known skills in a sentence: "Expertise in Core Java,
/// Servlet 2.3, JSP, MESB, and OSB" gives Servlet 2.3, MESB and OSB (the
/// dictionary already finds the others). The line must read as a list: at
/// least three short comma-separated items, two or more of them known skills,
/// and no more unknown items than dictionary skills in the line; only names
/// that look like product names are taken (see [`techy`]).
fn prose_list(text: &str, lex: &Lexicon) -> Vec<String> {
    let short: Vec<&str> = text
        .split([',', ';', '(', ')', '|'])
        .map(|p| {
            let p = p.trim().trim_end_matches(['.', ':']).trim();
            ["and ", "or ", "& ", "as well as "]
                .iter()
                .find_map(|c| p.strip_prefix(c))
                .unwrap_or(p)
                .trim()
        })
        .filter(|p| {
            let n = p.split_whitespace().count();
            (1..=3).contains(&n)
        })
        .collect();
    let n_known = short.iter().filter(|p| known(lex, p).is_some()).count();
    let evidence = lex.skills.find(text).len().max(n_known);
    if short.len() < 3 || n_known < 2 || evidence < short.len() - n_known {
        return Vec::new();
    }
    short
        .into_iter()
        .filter(|p| {
            known(lex, p).is_none()
                && p.chars().any(char::is_alphabetic)
                && !DATED.is_match(p)
                && !MONTH.is_match(p)
                && !is_place(p, lex)
                && !p.contains(['@', '\''])
                && p.split_whitespace().all(|w| {
                    w.chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '.')
                        || w.chars().skip(1).any(char::is_uppercase)
                })
                && (p.split_whitespace().any(|w| techy(w, lex))
                    || (!p.contains(' ') && !WORDY_END.iter().any(|e| p.ends_with(e))))
        })
        .map(str::to_owned)
        .collect()
}

/// A word that reads as a product or technology name: a known skill, or
/// written with a digit, an inner capital, a symbol, or in capitals ("J2SE",
/// "uDeploy", "C#", "MESB").
fn techy(word: &str, lex: &Lexicon) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    known(lex, word).is_some()
        || word
            .chars()
            .any(|c| c.is_ascii_digit() || matches!(c, '#' | '+' | '.'))
        || word.chars().skip(1).any(char::is_uppercase)
        || (letters >= 2 && word.chars().all(|c| !c.is_lowercase()))
}

/// A city, region or country name ("Austin", "Lahore", "Pakistan").
fn is_place(name: &str, lex: &Lexicon) -> bool {
    let f = fold(name);
    lex.cities.contains_key(&f) || lex.regions.contains_key(&f) || lex.countries.contains_key(&f)
}

/// Endings of ordinary adjectives and abstract nouns, which a one-word name in
/// a sentence list is not ("Analytical", "Continuous", "Assessment").
const WORDY_END: &[&str] = &[
    "al", "ous", "ive", "ing", "ment", "tion", "sion", "ity", "ics", "ed", "ly", "ness", "ship",
];

/// Skill groups, in document order.
pub fn extract(cx: &Context) -> Vec<SkillGroup> {
    let mut groups: Vec<SkillGroup> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    // x_ids stays parallel to keywords while building; groups without any id
    // get an empty list at the end.
    let push = |groups: &mut Vec<SkillGroup>,
                group: &str,
                item: &str,
                id: Option<&str>,
                seen: &mut HashSet<String>| {
        let key = item.to_lowercase();
        if key.is_empty() || !seen.insert(key) {
            return;
        }
        let id = id.map(str::to_owned);
        match groups.iter_mut().find(|g| g.name == group) {
            Some(g) => {
                g.keywords.push(item.to_owned());
                g.x_ids.push(id);
            }
            None => groups.push(SkillGroup {
                name: group.to_owned(),
                keywords: vec![item.to_owned()],
                x_ids: vec![id],
            }),
        }
    };
    for r in cx.ranges(SectionKind::Skills) {
        // A label on its own line ("Over 5000 lines:", a bold "PROGRAMMING")
        // names the lines below it.
        let mut group = "Skills".to_owned();
        for (text, i) in logical_lines(cx, r.clone()) {
            if let Some(label) = group_label(cx, i, r.end) {
                group = label;
                continue;
            }
            for (group, item, id) in list_line(&text, &group, cx.lex) {
                push(&mut groups, &group, &item, id.as_deref(), &mut seen);
            }
        }
    }
    // Technology lists in work and project entries ("Environment: …").
    for (i, ln) in cx.lines.iter().enumerate() {
        if cx.kind_of(i) == SectionKind::Skills || cx.is_heading(i) {
            continue;
        }
        if let Some(list) = TECH_LIST.captures(&ln.text).and_then(|c| c.name("list")) {
            for (_, item, id) in list_line(list.as_str(), "Technologies", cx.lex) {
                push(&mut groups, "Technologies", &item, id.as_deref(), &mut seen);
            }
        } else {
            for item in prose_list(&ln.text, cx.lex) {
                push(&mut groups, "Technologies", &item, None, &mut seen);
            }
        }
    }
    // Dictionary skills elsewhere (experience bullets, summary, projects).
    for (i, ln) in cx.lines.iter().enumerate() {
        if cx.kind_of(i) == SectionKind::Skills || cx.is_heading(i) {
            continue;
        }
        // Addresses and links are not skills ("github.com/jane" is no GitHub skill).
        let text: String = ln
            .text
            .split(' ')
            .map(|w| {
                if w.contains('@')
                    || w.contains("://")
                    || w.starts_with("www.")
                    || w.contains(".com")
                {
                    ""
                } else {
                    w
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let hits = cx.lex.skills.find(&text);
        // A one-letter name ("C", "R") counts only inside a list of skills,
        // never in a sentence ("grade C").
        let listy = hits.len() >= 3;
        for h in hits {
            if cx.lex.skill_in_prose.get(h.entry) != Some(&true) || (h.end - h.start == 1 && !listy)
            {
                continue;
            }
            if let Some(n) = cx.lex.skill_names.get(h.entry) {
                let id = cx.lex.skill_ids.get(h.entry).and_then(Option::as_deref);
                push(&mut groups, "Mentioned", n, id, &mut seen);
            }
        }
    }
    for g in &mut groups {
        if g.x_ids.len() != g.keywords.len() || g.x_ids.iter().all(Option::is_none) {
            g.x_ids.clear();
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use crate::Pipeline;

    fn skills_of(text: &str) -> Vec<(String, String)> {
        let env = Pipeline::new()
            .parse(text.as_bytes())
            .unwrap_or_else(|e| panic!("parse failed: {e}"));
        env.resume
            .skills
            .iter()
            .flat_map(|g| g.keywords.iter().map(|k| (g.name.clone(), k.clone())))
            .collect()
    }

    fn has(skills: &[(String, String)], group: &str, kw: &str) -> bool {
        skills.iter().any(|(g, k)| g == group && k == kw)
    }

    #[test]
    fn a_label_on_its_own_line_names_the_lines_below() {
        let s = skills_of(
            "Jane Doe\njane@example.com\n\nSKILLS\nOver 5000 lines:\nJava • Shell • Python\nOCaml • LTEX\nA\nFamiliar:\nAS3 • iOS • MySQL\n",
        );
        for kw in ["Java", "Shell", "OCaml"] {
            assert!(has(&s, "Over 5000 lines", kw), "{kw}: {s:?}");
        }
        for kw in ["AS3", "iOS", "MySQL"] {
            assert!(has(&s, "Familiar", kw), "{kw}: {s:?}");
        }
        for junk in ["Over 5000 lines", "Familiar", "A"] {
            assert!(!s.iter().any(|(_, k)| k == junk), "{junk}: {s:?}");
        }
    }

    #[test]
    fn a_wrapped_labelled_list_is_one_list() {
        let s = skills_of(
            "Jane Doe\njane@example.com\n\nSKILLS\nTechnical Skills: G Suite, InDesign, Microsoft\nWord, Canva\n\
             Writing & Editing: citation (APA, MLA,\nChicago)\nLanguages: Java, Python\nDocker, Kubernetes\n\
             https://www.example.com/jane\n",
        );
        for kw in ["Microsoft Word", "Canva"] {
            assert!(has(&s, "Technical Skills", kw), "{kw}: {s:?}");
        }
        assert!(has(&s, "Writing & Editing", "Chicago"), "{s:?}");
        assert!(has(&s, "Languages", "Python"), "{s:?}");
        for kw in ["Docker", "Kubernetes"] {
            assert!(has(&s, "Skills", kw), "{kw}: {s:?}");
        }
        assert!(
            !s.iter()
                .any(|(_, k)| k == "Word" || k.contains("Python Docker")),
            "{s:?}"
        );
    }

    #[test]
    fn items_joined_by_and_or_slash_are_split() {
        let s = skills_of(
            "Jane Doe\njane@example.com\n\nSKILLS\nOperating systems: Windows and Linux\nHTML/CSS, Research and Development\n",
        );
        for kw in ["Windows", "Linux"] {
            assert!(has(&s, "Operating systems", kw), "{kw}: {s:?}");
        }
        for kw in ["HTML", "CSS"] {
            assert!(has(&s, "Skills", kw), "{kw}: {s:?}");
        }
        assert!(!s.iter().any(|(_, k)| k == "Windows and Linux"), "{s:?}");
    }

    #[test]
    fn parenthesised_lists_give_head_and_items() {
        let s = skills_of(
            "Jane Doe\njane@example.com\n\nSKILLS\nJava (Spring, Hibernate), Rational Application Developer (RAD)\nMS Office (Word, Excel and PowerPoint)\n",
        );
        for kw in [
            "Java",
            "Spring",
            "Hibernate",
            "Rational Application Developer (RAD)",
            "MS Office",
            "Word",
            "Excel",
            "PowerPoint",
        ] {
            assert!(has(&s, "Skills", kw), "{kw}: {s:?}");
        }
    }

    #[test]
    fn label_without_colon_and_filler_words() {
        let s = skills_of(
            "Jane Doe\njane@example.com\n\nSKILLS\nOperating Systems Windows, UNIX\nProficient in Python, Working knowledge of SQL\n",
        );
        assert!(has(&s, "Operating Systems", "Windows"), "{s:?}");
        assert!(has(&s, "Operating Systems", "UNIX"), "{s:?}");
        assert!(has(&s, "Skills", "Python"), "{s:?}");
        assert!(has(&s, "Skills", "SQL"), "{s:?}");
        assert!(!s.iter().any(|(_, k)| k.starts_with("Proficient")), "{s:?}");
    }

    #[test]
    fn versions_keep_the_skill_id() {
        let lex = crate::lexicon::Lexicon::new(crate::taxonomy::Taxonomy::embedded());
        assert!(super::id_of(&lex, "SQL Server 2008").is_some());
        assert_eq!(
            super::id_of(&lex, "SQL Server 2008"),
            super::id_of(&lex, "SQL Server")
        );
    }

    #[test]
    fn technology_lists_in_work_entries() {
        let s = skills_of(
            "Jane Doe\njane@example.com\n\nEXPERIENCE\nSoftware Engineer\nAcme Corp\nJan 2015 - Dec 2018\n• Built the billing system\nEnvironment: Java 8, Oracle 11g, uDeploy, Win XP\n",
        );
        for kw in ["Java 8", "Oracle 11g", "uDeploy", "Win XP"] {
            assert!(has(&s, "Technologies", kw), "{kw}: {s:?}");
        }
    }

    #[test]
    fn names_listed_among_skills_in_a_sentence() {
        let s = skills_of(
            "Jane Doe\njane@example.com\n\nSUMMARY\nExpertise in the areas of Core Java, Servlet 2.3, JSP, Web Services, MESB, and OSB.\nWorked with Dell, Lenovo, and Acer on Analytical reviews.\nUsed Java, C++, Python, Austin, 2 and Go.\n",
        );
        for kw in ["Servlet 2.3", "MESB", "OSB"] {
            assert!(has(&s, "Technologies", kw), "{kw}: {s:?}");
        }
        for kw in ["Dell", "Lenovo", "Acer", "Analytical", "Austin", "2"] {
            assert!(!s.iter().any(|(_, k)| k == kw), "{kw}: {s:?}");
        }
    }

    #[test]
    fn keywords_carry_taxonomy_ids() {
        let text =
            "Jane Doe\njane@example.com\n\nSKILLS\nPython, Excel, Kubernetes, Basket weaving\n";
        let env = Pipeline::new()
            .parse(text.as_bytes())
            .unwrap_or_else(|e| panic!("parse failed: {e}"));
        let groups = &env.resume.skills;
        let g = groups
            .iter()
            .find(|g| g.keywords.iter().any(|k| k == "Python"))
            .unwrap_or_else(|| panic!("no group with Python: {groups:#?}"));
        assert_eq!(
            g.keywords,
            ["Python", "Excel", "Kubernetes", "Basket weaving"],
            "{groups:#?}"
        );
        assert_eq!(g.x_ids.len(), g.keywords.len());
        assert_eq!(g.x_ids[0].as_deref(), Some("linguist:Python"));
        for i in 1..3 {
            assert!(
                g.x_ids[i]
                    .as_deref()
                    .is_some_and(|id| id.starts_with("onet-tech:")),
                "{} -> {:?}",
                g.keywords[i],
                g.x_ids[i]
            );
        }
        assert_eq!(g.x_ids[3], None);
        // Serialised as a parallel array with nulls.
        let json = serde_json::to_value(g).unwrap_or_default();
        assert_eq!(json["x_ids"][0], "linguist:Python");
        assert!(json["x_ids"][3].is_null());
    }

    #[test]
    fn no_ids_no_field() {
        let text = "Jane Doe\njane@example.com\n\nSKILLS\nBasket weaving, Underwater origami\n";
        let env = Pipeline::new()
            .parse(text.as_bytes())
            .unwrap_or_else(|e| panic!("parse failed: {e}"));
        for g in &env.resume.skills {
            assert!(g.x_ids.is_empty(), "{g:#?}");
            let json = serde_json::to_value(g).unwrap_or_default();
            assert!(json.get("x_ids").is_none());
        }
    }
}
