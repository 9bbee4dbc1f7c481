//! Skills: the skills sections' lists, and dictionary skills anywhere.
//!
//! Input: skills sections (items split at commas, bullets, pipes; sub-labels
//! like "Languages: Java, C" become group names) and every other line (matched
//! against the skills dictionary with aho-corasick). Output: JSON Resume skill
//! groups — one per sub-label, "Skills" for unlabelled items, and "Mentioned"
//! for dictionary skills found only in the rest of the resume.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::SkillGroup;
use crate::segment::SectionKind;

use super::Context;

static EXPERIENCE_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*\((?:less than )?\d*\+?\s*(?:years?|yrs?|months?)\)|\s*\(less than 1 year\)|\s*-\s*\d+\s*(?:years?|yrs?)\b")
        .unwrap_or_else(|e| unreachable!("note regex: {e}"))
});

/// Skill groups, in document order.
pub fn extract(cx: &Context) -> Vec<SkillGroup> {
    let mut groups: Vec<SkillGroup> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let push =
        |groups: &mut Vec<SkillGroup>, group: &str, item: &str, seen: &mut HashSet<String>| {
            let key = item.to_lowercase();
            if key.is_empty() || !seen.insert(key) {
                return;
            }
            match groups.iter_mut().find(|g| g.name == group) {
                Some(g) => g.keywords.push(item.to_owned()),
                None => groups.push(SkillGroup {
                    name: group.to_owned(),
                    keywords: vec![item.to_owned()],
                }),
            }
        };
    for r in cx.ranges(SectionKind::Skills) {
        for i in r {
            let text = EXPERIENCE_NOTE.replace_all(&cx.lines[i].text, "");
            let (group, list) = match text.split_once(':') {
                Some((label, rest))
                    if label.split_whitespace().count() <= 4 && !rest.trim().is_empty() =>
                {
                    (label.trim().to_owned(), rest.to_owned())
                }
                _ => ("Skills".to_owned(), text.to_string()),
            };
            for item in list
                .split([',', ';', '|', '•', '·', '\t'])
                .flat_map(|s| s.split(" / "))
            {
                let item = item
                    .trim()
                    .trim_matches(|c: char| c == '.' || c == '-' || c == '*' || c.is_whitespace());
                let words = item.split_whitespace().count();
                if words == 0 {
                    continue;
                }
                if words <= 4 && item.chars().any(|c| c.is_alphabetic()) {
                    push(&mut groups, &group, item, &mut seen);
                } else {
                    for h in cx.lex.skills.find(item) {
                        if let Some(n) = cx.lex.skill_names.get(h.entry) {
                            let written = &item[h.start..h.end];
                            let shown = if written.eq_ignore_ascii_case(n) {
                                written
                            } else {
                                n
                            };
                            push(&mut groups, &group, shown, &mut seen);
                        }
                    }
                }
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
                push(&mut groups, "Mentioned", n, &mut seen);
            }
        }
    }
    groups
}
