//! Skills: the skills sections' lists, and dictionary skills anywhere.
//!
//! Input: skills sections (items split at commas, bullets, pipes; sub-labels
//! like "Languages: Java, C" become group names) and every other line (matched
//! against the skills dictionary with aho-corasick). Output: JSON Resume skill
//! groups — one per sub-label, "Skills" for unlabelled items, and "Mentioned"
//! for dictionary skills found only in the rest of the resume. Each group's
//! `x_ids` holds the taxonomy id of every keyword the dictionary knows (null
//! for the others), or is empty when no keyword has one.

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
                    push(&mut groups, &group, item, cx.lex.skill_id(item), &mut seen);
                } else {
                    for h in cx.lex.skills.find(item) {
                        if let Some(n) = cx.lex.skill_names.get(h.entry) {
                            let written = &item[h.start..h.end];
                            let shown = if written.eq_ignore_ascii_case(n) {
                                written
                            } else {
                                n
                            };
                            let id = cx.lex.skill_ids.get(h.entry).and_then(Option::as_deref);
                            push(&mut groups, &group, shown, id, &mut seen);
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
