//! Line preparation: extracted lines into clean, comparable lines with
//! relative layout cues.
//!
//! Input: [`Extracted`] from any format. Output: [`Ln`]s — text normalised
//! (NFKC, one bullet glyph, literal `\xNN` byte escapes decoded), flattened
//! paragraphs split back into their lines, and font size expressed relative
//! to the document's body size, so that "larger than the body text" means the
//! same thing in a PDF, a DOCX and (as "unknown") a plain-text file.
//!
//! Why: every later rule (headings, names, entry headers) compares lines; doing
//! the normalisation once here keeps those rules format-blind.

use unicode_normalization::UnicodeNormalization;

use crate::extract::{Extracted, Line, Origin};

/// A prepared line.
#[derive(Debug, Clone, PartialEq)]
pub struct Ln {
    pub text: String,
    /// 1-based index of the extracted line this came from (the `source.line`).
    pub idx: u32,
    pub page: u32,
    /// Font size relative to the body text (1.0 = body; 0 = unknown).
    pub size: f32,
    pub bold: bool,
    /// Blank space above, in line heights (plain text: blank lines).
    pub gap: f32,
    pub column: u8,
    pub origin: Origin,
    /// The line started with a bullet glyph (removed from `text`).
    pub bullet: bool,
}

impl Ln {
    pub fn words(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// Bullet-like glyphs that open a list item.
const BULLETS: &[char] = &[
    '•', '●', '○', '◦', '▪', '■', '□', '◆', '◇', '❖', '➢', '➤', '►', '▶', '✓', '✔', '✗', '→', '⇒',
    '·', '∙', '★', '☆', '»',
];

/// Prepare all lines of a document.
pub fn prepare(doc: &Extracted) -> Vec<Ln> {
    let body = body_size(doc);
    let mut out: Vec<Ln> = Vec::with_capacity(doc.lines.len());
    let joined = rejoin_wrapped(&doc.lines);
    for (i, l) in doc.lines.iter().enumerate() {
        let Some(raw) = &joined[i] else { continue };
        let text = normalize(raw);
        let pieces = split_flattened(&text);
        let many = pieces.len() > 1;
        for (k, piece) in pieces.into_iter().enumerate() {
            let (bullet, t) = strip_bullet(piece);
            if t.is_empty() {
                continue;
            }
            // A name cut by the line width ("Massachusetts Institute of" /
            // "Technology"): join when the line ends on a connecting word.
            if !bullet
                && k == 0
                && let Some(prev) = out.last_mut()
                && prev.page == l.page
                && prev.column == l.column
                && ends_with_connector(&prev.text)
                && t.chars().next().is_some_and(|c| c.is_uppercase())
            {
                prev.text.push(' ');
                prev.text.push_str(t);
                continue;
            }
            out.push(Ln {
                text: t.to_owned(),
                idx: (i + 1) as u32,
                page: l.page,
                size: if body > 0.0 && l.size > 0.0 {
                    l.size / body
                } else {
                    0.0
                },
                bold: l.bold,
                gap: if many && k > 0 { 0.0 } else { l.gap_before },
                column: l.column,
                origin: l.origin,
                bullet,
            });
        }
    }
    drop_repeats(&mut out);
    out
}

/// Drop running headers and footers: a line repeated on two or more pages,
/// each time among the first or last two lines of its page ("June 3, 2026 ·
/// Jane Smith · Résumé · 1"), is dropped everywhere, except at the very top of
/// the first page, where it is the candidate's own header.
fn drop_repeats(lines: &mut Vec<Ln>) {
    use std::collections::{HashMap, HashSet};
    if lines.iter().all(|l| l.page == 1) {
        return;
    }
    let key = |l: &Ln| -> String {
        l.text
            .chars()
            .filter(|c| c.is_alphabetic())
            .flat_map(char::to_lowercase)
            .collect()
    };
    // Position of each line within its page.
    let mut edge = vec![false; lines.len()];
    let mut start = 0;
    while start < lines.len() {
        let page = lines[start].page;
        let end = (start..lines.len())
            .find(|&i| lines[i].page != page)
            .unwrap_or(lines.len());
        for (i, e) in edge.iter_mut().enumerate().take(end).skip(start) {
            *e = i < start + 2 || i + 2 >= end;
        }
        start = end;
    }
    let mut pages: HashMap<String, (HashSet<u32>, bool)> = HashMap::new();
    for (l, &e) in lines.iter().zip(&edge) {
        let entry = pages
            .entry(key(l))
            .or_insert_with(|| (HashSet::new(), true));
        entry.0.insert(l.page);
        entry.1 &= e;
    }
    let mut i = 0usize;
    lines.retain(|l| {
        i += 1;
        let k = key(l);
        let running = k.len() >= 4
            && pages
                .get(&k)
                .is_some_and(|(p, all_edge)| p.len() >= 2 && *all_edge);
        !running || (l.page == 1 && i <= 3)
    });
}

/// A paragraph that was one flattened line (fields joined by wide gaps) and
/// that a page layout then wrapped at its width: the wrapped lines are joined
/// back into one, so that [`split_flattened`] cuts it at the gaps and not at
/// the arbitrary wrap points ("LEANDER" / "CORPORATION, Boston, MA").
///
/// A line continues the one above when both sit in the same column of the
/// same page with no blank line between, and the one above runs to the full
/// width (it wrapped). Only runs holding several gaps are joined: ordinary
/// wrapped prose is left as it was. Returns, per input line, the text to use
/// (`None` for lines folded into an earlier one).
fn rejoin_wrapped(lines: &[Line]) -> Vec<Option<std::borrow::Cow<'_, str>>> {
    use std::borrow::Cow;
    let mut out: Vec<Option<Cow<'_, str>>> = lines
        .iter()
        .map(|l| Some(Cow::Borrowed(l.text.as_str())))
        .collect();
    if lines.iter().all(|l| l.y == 0.0) {
        return out; // plain text and DOCX: lines are paragraphs already
    }
    // The full width: the longest lines of the document, in characters.
    let mut lens: Vec<usize> = lines.iter().map(|l| l.text.chars().count()).collect();
    lens.sort_unstable();
    let full = lens.get(lens.len() * 9 / 10).copied().unwrap_or(0);
    if full < 40 {
        return out;
    }
    let wraps = |a: &Line, b: &Line| {
        a.page == b.page
            && a.column == b.column
            && b.gap_before < 0.6
            && (a.x - b.x).abs() < 2.0
            && a.text.chars().count() * 10 >= full * 8
    };
    let mut start = 0;
    while start < lines.len() {
        let mut end = start + 1;
        while end < lines.len() && wraps(&lines[end - 1], &lines[end]) {
            end += 1;
        }
        let gaps: usize = lines[start..end]
            .iter()
            .map(|l| l.text.matches('\t').count())
            .sum();
        if end - start >= 3 && gaps >= 3 {
            let mut text = String::new();
            for l in &lines[start..end] {
                // A byte escape cut by the wrap ("\xe2\" / "x80\xa2") joins
                // without a space.
                if !text.is_empty() && !text.ends_with('\\') {
                    text.push(' ');
                }
                text.push_str(&l.text);
            }
            out[start] = Some(Cow::Owned(text));
            for o in &mut out[start + 1..end] {
                *o = None;
            }
        }
        start = end;
    }
    out
}

fn ends_with_connector(s: &str) -> bool {
    let last = s.rsplit(' ').next().unwrap_or_default();
    s.split_whitespace().count() >= 2
        && matches!(last, "of" | "and" | "&" | "for" | "the" | "de" | "at")
}

/// The body font size: the size carried by the most characters.
fn body_size(doc: &Extracted) -> f32 {
    let mut hist: Vec<(i32, usize)> = Vec::new();
    for l in &doc.lines {
        if l.size <= 0.0 {
            continue;
        }
        let key = (l.size * 2.0).round() as i32;
        let n = l.text.chars().count();
        match hist.iter_mut().find(|(k, _)| *k == key) {
            Some((_, c)) => *c += n,
            None => hist.push((key, n)),
        }
    }
    hist.iter()
        .max_by_key(|(_, c)| *c)
        .map(|(k, _)| *k as f32 / 2.0)
        .unwrap_or(0.0)
}

/// NFKC, literal byte escapes decoded, private-use bullets unified, quotes trimmed.
pub fn normalize(s: &str) -> String {
    let decoded = decode_byte_escapes(s);
    let mut t: String = decoded.nfkc().collect();
    if t.contains(['\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}']) {
        t = t
            .replace(['\u{2018}', '\u{2019}'], "'")
            .replace(['\u{201c}', '\u{201d}'], "\"");
    }
    let trimmed = t.trim_matches(|c: char| c.is_whitespace() || c == '"');
    if trimmed.len() != t.len() && t.starts_with('"') {
        trimmed.to_owned()
    } else {
        t.trim().to_owned()
    }
}

/// Text copied through some tools arrives with UTF-8 bytes written as literal
/// `\xe2\x80\xa2` escapes. Decode runs of such escapes that form valid UTF-8.
fn decode_byte_escapes(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains("\\x") {
        return s.into();
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut last = 0;
    while i + 3 < b.len() {
        if b[i] == b'\\' && b[i + 1] == b'x' {
            // Collect a run of \xHH.
            let mut bytes = Vec::new();
            let mut j = i;
            while j + 3 < b.len() && b[j] == b'\\' && b[j + 1] == b'x' {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(b[j + 2]), hex(b[j + 3])) {
                    (Some(h), Some(l)) => bytes.push((h * 16 + l) as u8),
                    _ => break,
                }
                j += 4;
            }
            if !bytes.is_empty()
                && let Ok(text) = std::str::from_utf8(&bytes)
            {
                out.push_str(&s[last..i]);
                out.push_str(text);
                last = j;
                i = j;
                continue;
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    out.push_str(&s[last..]);
    out.into()
}

/// A paragraph that is really many lines joined by wide gaps (tabs after
/// [`crate::extract::text::clean_line`]) is split back at the gaps. Short
/// lines with one or two gaps ("Acme\tJan 2019 – Present") stay whole.
fn split_flattened(s: &str) -> Vec<&str> {
    let tabs = s.matches('\t').count();
    // A sentence between the gaps gives it away: fields are short.
    let prose = tabs > 0 && s.split('\t').any(|p| p.split_whitespace().count() >= 8);
    if tabs == 0 || (s.chars().count() < 160 && tabs < 3 && !prose) {
        return vec![s];
    }
    s.split('\t')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Remove a leading bullet glyph (or "- ", "* ", "o ") and report it.
fn strip_bullet(s: &str) -> (bool, &str) {
    let t = s.trim_start();
    let mut chars = t.chars();
    match chars.next() {
        Some(c) if BULLETS.contains(&c) || c.is_private_use() => {
            (true, chars.as_str().trim_start())
        }
        Some('-' | '*' | '–' | '—' | 'o' | '>') if chars.clone().next() == Some(' ') => {
            (true, chars.as_str().trim_start())
        }
        _ => (false, t),
    }
}

trait PrivateUse {
    fn is_private_use(&self) -> bool;
}

impl PrivateUse for char {
    fn is_private_use(&self) -> bool {
        ('\u{e000}'..='\u{f8ff}').contains(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_decoded() {
        assert_eq!(normalize(r"\xe2\x80\xa2 Java"), "• Java");
        assert_eq!(normalize(r"C:\xyz"), r"C:\xyz");
    }

    #[test]
    fn flattened_paragraphs_split() {
        let s = "Name Here\tJustin Street\tLondon\tPhone: 77-332-55\tObjective\tSeeking a reputable position as an advertiser where I can showcase my creativity";
        assert_eq!(split_flattened(s).len(), 6);
        assert_eq!(
            split_flattened("Acme Corp\tJan 2019 - Present"),
            vec!["Acme Corp\tJan 2019 - Present"]
        );
    }

    #[test]
    fn bullets() {
        assert_eq!(strip_bullet("• Led a team"), (true, "Led a team"));
        assert_eq!(strip_bullet("- Led"), (true, "Led"));
        assert_eq!(strip_bullet("Oracle"), (false, "Oracle"));
    }
}
