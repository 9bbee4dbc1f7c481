//! The smaller lists: certificates, languages, projects, awards.
//!
//! Input: the lines of the matching sections. Output: JSON Resume
//! `certificates`, `languages`, `projects` and `awards`. Each line (or
//! comma-separated item, for languages) is one item; a date on the line is
//! kept with its precision.

use crate::model::{Award, Certificate, Language, Project};
use crate::segment::SectionKind;

use super::Context;
use super::dates::{best_range, find_dates};
use super::fragments::clean;

const FLUENCY: &[&str] = &[
    "native",
    "mother tongue",
    "fluent",
    "proficient",
    "professional",
    "advanced",
    "intermediate",
    "basic",
    "beginner",
    "elementary",
    "conversational",
    "limited",
    "working",
    "full professional",
    "bilingual",
    "c1",
    "c2",
    "b1",
    "b2",
    "a1",
    "a2",
];

fn without_dates(text: &str) -> (String, Option<crate::model::PartialDate>) {
    let spans = find_dates(text);
    let date = best_range(&spans).and_then(|d| d.end.or(d.start));
    let mut t = text.to_owned();
    for d in spans.iter().rev() {
        if t.is_char_boundary(d.from) && t.is_char_boundary(d.to) {
            t.replace_range(d.from..d.to, "");
        }
    }
    // "ACLS (2022)": the brackets that held the date go with it.
    let t = t.replace("()", "").replace("( )", "");
    (clean(&t), date)
}

/// "ACLS (2022), BLS (2023)", "PMP, CSM, ITIL": several certificates on one
/// line, each dated or each an acronym. ("Certified ScrumMaster, Scrum
/// Alliance, 2019" is one certificate, its issuer and its date.)
fn listed(text: &str) -> Vec<&str> {
    let parts: Vec<&str> = text
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let acronym =
        |n: &str| (2..=6).contains(&n.chars().count()) && n.chars().all(|c| c.is_ascii_uppercase());
    let each = parts.len() >= 2
        && (parts.iter().all(|p| !find_dates(p).is_empty())
            || parts.iter().all(|p| acronym(&without_dates(p).0)));
    if each { parts } else { vec![text] }
}

pub fn certificates(cx: &Context) -> Vec<Certificate> {
    let mut out = Vec::new();
    for r in cx.ranges(SectionKind::Certifications) {
        for item in cx.lines[r].iter().flat_map(|ln| listed(&ln.text)) {
            let (name, date) = without_dates(item);
            if name.split_whitespace().count() == 0 || name.split_whitespace().count() > 20 {
                continue;
            }
            let (name, issuer) = match name.split_once(" - ").or_else(|| name.split_once(" | ")) {
                Some((a, b)) => (clean(a), Some(clean(b))),
                None => (name, None),
            };
            out.push(Certificate { name, date, issuer });
        }
    }
    out
}

pub fn languages(cx: &Context) -> Vec<Language> {
    let mut out: Vec<Language> = Vec::new();
    for r in cx.ranges(SectionKind::Languages) {
        for ln in &cx.lines[r] {
            for item in ln.text.split([',', ';', '|', '•', '\t']) {
                let item = clean(item);
                if item.is_empty() || item.split_whitespace().count() > 6 {
                    continue;
                }
                let low = item.to_lowercase();
                let fluency = FLUENCY
                    .iter()
                    .find(|f| low.contains(*f))
                    .map(|f| (*f).to_owned());
                let name = item
                    .split(['(', ':', '-', '–'])
                    .next()
                    .map(clean)
                    .unwrap_or_default();
                let name = match &fluency {
                    Some(f) if name.to_lowercase().ends_with(f.as_str()) => {
                        clean(&name[..name.len() - f.len()])
                    }
                    _ => name,
                };
                if !name.is_empty()
                    && name.chars().next().is_some_and(|c| c.is_uppercase())
                    && name.split_whitespace().count() <= 2
                {
                    out.push(Language {
                        language: name,
                        fluency,
                    });
                }
            }
        }
    }
    out
}

pub fn projects(cx: &Context) -> Vec<Project> {
    let mut out: Vec<Project> = Vec::new();
    for r in cx.ranges(SectionKind::Projects) {
        for ln in &cx.lines[r] {
            let words = ln.words();
            if !ln.bullet && words <= 12 && !ln.text.ends_with('.') {
                let (name, date) = without_dates(&ln.text);
                let name = name
                    .trim_start_matches("Project")
                    .trim_start_matches(['-', ':', ' '])
                    .to_owned();
                if !name.is_empty() {
                    let spans = find_dates(&ln.text);
                    let range = best_range(&spans);
                    out.push(Project {
                        name,
                        start_date: range.filter(|d| d.is_range).and_then(|d| d.start),
                        end_date: range.and_then(|d| if d.is_range { d.end } else { date }),
                        ..Default::default()
                    });
                    continue;
                }
            }
            match out.last_mut() {
                Some(p) if ln.bullet => p.highlights.push(ln.text.clone()),
                Some(p) => {
                    let d = p.description.get_or_insert_with(String::new);
                    if !d.is_empty() {
                        d.push(' ');
                    }
                    d.push_str(&ln.text);
                }
                None => out.push(Project {
                    name: clean(&ln.text),
                    ..Default::default()
                }),
            }
        }
    }
    out
}

pub fn awards(cx: &Context) -> Vec<Award> {
    let mut out = Vec::new();
    for r in cx.ranges(SectionKind::Awards) {
        for ln in &cx.lines[r] {
            let (title, date) = without_dates(&ln.text);
            if !title.is_empty() && title.split_whitespace().count() <= 30 {
                out.push(Award { title, date });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn several_certificates_on_one_line() {
        let r = crate::entities::parse_text(
            "Jane Doe\njane@example.com\n\nCertifications\nACLS (2022), BLS (2023)\nPMP, CSM\n\
             Certified ScrumMaster, Scrum Alliance, 2019\n",
        );
        let got: Vec<(&str, Option<String>)> = r
            .certificates
            .iter()
            .map(|c| (c.name.as_str(), c.date.map(|d| d.to_string())))
            .collect();
        assert_eq!(
            got,
            [
                ("ACLS", Some("2022".to_owned())),
                ("BLS", Some("2023".to_owned())),
                ("PMP", None),
                ("CSM", None),
                (
                    "Certified ScrumMaster, Scrum Alliance",
                    Some("2019".to_owned())
                ),
            ]
        );
    }
}
