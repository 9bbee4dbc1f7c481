//! Line preparation: extracted lines into clean, comparable lines with
//! relative layout cues.
//!
//! Input: [`Extracted`] from any format. Output: [`Ln`]s — text normalised
//! (NFKC, one bullet glyph, literal `\xNN` byte escapes decoded), flattened
//! paragraphs split back into their lines, a whole document reflowed as one
//! wrapped paragraph cut back into pseudo-lines at guessed boundaries (date
//! ranges, bullets, sentence ends; marked `reflowed` so that the segmenter
//! also looks for headings inside them), and font size expressed relative
//! to the document's body size, so that "larger than the body text" means the
//! same thing in a PDF, a DOCX and (as "unknown") a plain-text file.
//!
//! Why: every later rule (headings, names, entry headers) compares lines; doing
//! the normalisation once here keeps those rules format-blind.

use std::sync::LazyLock;

use regex::Regex;
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
    /// The line is a piece cut out of a reflowed paragraph (see
    /// [`reflowed_blob`]): its ends are guessed, not laid out, so a heading
    /// may still be glued inside it.
    pub reflowed: bool,
}

impl Ln {
    /// A prepared line from the `src`-th extracted line `l`, with its text
    /// `t`; the font size becomes relative to the `body` size.
    fn from_line(
        l: &Line,
        t: &str,
        src: usize,
        body: f32,
        gap: f32,
        bullet: bool,
        reflowed: bool,
    ) -> Ln {
        Ln {
            text: t.to_owned(),
            idx: (src + 1) as u32,
            page: l.page,
            size: if body > 0.0 && l.size > 0.0 {
                l.size / body
            } else {
                0.0
            },
            bold: l.bold,
            gap,
            column: l.column,
            origin: l.origin,
            bullet,
            reflowed,
        }
    }

    pub fn words(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// Bullet-like glyphs that open a list item.
const BULLETS: &[char] = &[
    '•', '●', '○', '◦', '▪', '■', '□', '◆', '◇', '❖', '➢', '➤', '►', '▶', '✓', '✔', '✗', '→', '⇒',
    '·', '∙', '★', '☆', '»',
];

/// A page number opening a line: "Page 2 of 3", "Page 2/3", "Page 2 -".
static PAGE_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^page\s+\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?(?:\s*[-–—])?(?:\s|$)")
        .unwrap_or_else(|e| unreachable!("page mark regex: {e}"))
});

/// Prepare all lines of a document.
pub fn prepare(doc: &Extracted) -> Vec<Ln> {
    let body = body_size(doc);
    if reflowed_blob(&doc.lines) {
        let mut out = reflow(&doc.lines, body);
        drop_repeats(&mut out);
        join_split_present(&mut out);
        return out;
    }
    let mut out: Vec<Ln> = Vec::with_capacity(doc.lines.len());
    let joined = rejoin_wrapped(&doc.lines);
    for (i, l) in doc.lines.iter().enumerate() {
        let Some(raw) = &joined[i] else { continue };
        let text = normalize(raw);
        let pieces = split_flattened(&text);
        let many = pieces.len() > 1;
        for (k, piece) in pieces.into_iter().enumerate() {
            let (bullet, t) = strip_bullet(piece);
            // "- Page 2 of 2 RU Corp.": the page number set before the
            // text, and its dash, are furniture, not a bullet.
            let (bullet, t) = match PAGE_MARK.find(t) {
                Some(m) => (false, t[m.end()..].trim_start()),
                None => (bullet, t),
            };
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
            let gap = if many && k > 0 { 0.0 } else { l.gap_before };
            out.push(Ln::from_line(l, t, i, body, gap, bullet, false));
        }
    }
    drop_repeats(&mut out);
    join_wrapped_cells(&mut out);
    join_split_present(&mut out);
    out
}

/// "2005" / "Present: Freelance Music Producer": a lone date whose range end
/// ("Present", "Current", "To date") opens the next line, the dash lost
/// when the fields were split. The word moves up to make the range, and the
/// next line keeps what follows it.
fn join_split_present(lines: &mut [Ln]) {
    for i in 0..lines.len().saturating_sub(1) {
        let text = lines[i].text.trim();
        let spans = crate::entities::dates::find_dates(text);
        let lone =
            matches!(spans.as_slice(), [d] if !d.is_range && d.from == 0 && d.to == text.len());
        if !lone || lines[i + 1].page != lines[i].page {
            continue;
        }
        let next = lines[i + 1].text.trim_start();
        let lower = next.to_lowercase();
        let Some(word) = ["present", "current", "to date", "till date", "ongoing"]
            .into_iter()
            .find(|w| lower.starts_with(w))
        else {
            continue;
        };
        // The word as written (its case kept); `get` because the lower-cased
        // copy's offsets need not fall on the original's char boundaries.
        let (Some(written), Some(rest)) = (next.get(..word.len()), next.get(word.len()..)) else {
            continue;
        };
        let Some(after) = rest
            .strip_prefix([':', '-', '–', '—', '\t'])
            .or_else(|| rest.strip_prefix(" -"))
            .or_else(|| rest.strip_prefix(" –"))
        else {
            continue;
        };
        let after = after
            .trim_start_matches([' ', '-', '–', ':', '\t'])
            .to_owned();
        if after.is_empty() {
            continue;
        }
        let joined = format!("{text} – {written}");
        lines[i].text = joined;
        lines[i + 1].text = after;
    }
}

/// A two-cell row whose cells both wrapped ("Docent | Community Heritage ⇥
/// May 2023 - June" / "Museum ⇥ 2024", a table in Google Docs or Word):
/// joined back into one row when the right cells only make a date range
/// together and the left continuation is a short name with no date.
fn join_wrapped_cells(lines: &mut Vec<Ln>) {
    use crate::entities::dates::find_dates;
    let cells = |t: &str| -> Option<(String, String)> {
        let (l, r) = t.split_once('\t')?;
        (!r.contains('\t')).then(|| (l.trim().to_owned(), r.trim().to_owned()))
    };
    let mut i = 0;
    while i + 1 < lines.len() {
        let (a, b) = (&lines[i], &lines[i + 1]);
        let joined = if a.page == b.page
            && a.column == b.column
            && !a.bullet
            && !b.bullet
            && a.bold == b.bold
            && b.gap < 0.5
            && let Some((l1, r1)) = cells(&a.text)
            && let Some((l2, r2)) = cells(&b.text)
            && l2.split_whitespace().count() <= 4
            && l2.chars().next().is_some_and(char::is_uppercase)
            && find_dates(&l2).is_empty()
            && !find_dates(&r1)
                .iter()
                .any(|d| d.is_range && d.end.is_some())
        {
            let right = format!("{r1} {r2}");
            let whole = find_dates(&right)
                .iter()
                .any(|d| d.is_range && d.to > r1.len() && d.from < r1.len());
            whole.then(|| format!("{l1} {l2}\t{right}"))
        } else {
            None
        };
        if let Some(text) = joined {
            lines[i].text = text;
            lines.remove(i + 1);
        }
        i += 1;
    }
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

/// Width of a line in characters, a wide gap counting as a few.
fn width(l: &Line) -> usize {
    l.text.chars().count() + 3 * l.text.matches('\t').count()
}

/// A reflowed blob: a resume that was one flattened line (fields joined by
/// runs of spaces) which a renderer then wrapped as one paragraph, so every
/// line fills the column: one left edge, one font size, no bold, no blank
/// space, and (nearly) every line as wide as the widest. Ordinary resumes,
/// even prose-heavy ones, have short lines (headings, dates, names) and
/// several type sizes.
fn reflowed_blob(lines: &[Line]) -> bool {
    let n = lines.len();
    if n < 6 || lines.iter().all(|l| l.y == 0.0) {
        return false;
    }
    let mut w: Vec<usize> = lines.iter().map(width).collect();
    w.sort_unstable();
    let full = w.get(n * 9 / 10).copied().unwrap_or(0);
    if full < 40 {
        return false;
    }
    let filled = lines.iter().filter(|l| width(l) * 10 >= full * 8).count();
    let x0 = lines.first().map(|l| l.x).unwrap_or(0.0);
    let aligned = lines.iter().filter(|l| (l.x - x0).abs() < 2.0).count();
    let chars: usize = lines.iter().map(|l| l.text.len()).sum();
    let size0 = lines.first().map(|l| l.size).unwrap_or(0.0);
    let odd: usize = lines
        .iter()
        .filter(|l| l.bold || (l.size - size0).abs() > 0.3)
        .map(|l| l.text.len())
        .sum();
    let gaps = lines
        .windows(2)
        .filter(|p| p[0].page == p[1].page && p[1].gap_before >= 0.6)
        .count();
    filled * 100 >= n * 85 && aligned * 100 >= n * 95 && odd * 50 <= chars && gaps * 20 <= n
}

/// Cut a reflowed blob back into pseudo-lines: the wrapped lines are joined
/// (a word hyphenated at the wrap is rejoined), then cut at the wide gaps
/// that survived (tabs) and at [`reflow_cuts`]. Each piece keeps the page and
/// column of the line it starts on and is marked `reflowed`.
fn reflow(lines: &[Line], body: f32) -> Vec<Ln> {
    // Each line's start is marked by a control character that survives
    // normalisation (byte escapes and NFKC change lengths), then recorded.
    const MARK: char = '\u{1}';
    let mut raw = String::new();
    let mut marked_lines: Vec<usize> = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        let t = l.text.trim();
        if raw.ends_with('\\') {
            // A byte escape cut by the wrap ("\xe2\" / "x80\xa2") joins bare.
        } else {
            let hyphen = raw
                .strip_suffix('-')
                .is_some_and(|h| h.ends_with(char::is_alphabetic));
            if !raw.is_empty() && !hyphen {
                raw.push(' ');
            }
            raw.push(MARK);
            marked_lines.push(i);
        }
        raw.push_str(&t.replace(MARK, ""));
    }
    let marked: String = decode_byte_escapes(&raw)
        .nfkc()
        .filter(|&c| !invisible(c))
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c => c,
        })
        .collect();
    let mut text = String::with_capacity(marked.len());
    let mut starts: Vec<(usize, usize)> = Vec::with_capacity(lines.len());
    let mut next = marked_lines.iter();
    for c in marked.chars() {
        if c == MARK {
            if let Some(&i) = next.next() {
                starts.push((text.len(), i));
            }
        } else {
            text.push(c);
        }
    }
    let mut out: Vec<Ln> = Vec::new();
    let mut at = 0usize;
    for field in text.split('\t') {
        let base = at;
        at += field.len() + 1;
        let mut cuts = reflow_cuts(field);
        cuts.push(field.len());
        let mut from = 0;
        for cut in cuts {
            let Some(raw) = field.get(from..cut) else {
                continue;
            };
            let offset = base + from;
            from = cut;
            // A quote that opened or closed the whole flattened text.
            let raw = raw.trim();
            let raw = if raw.matches('"').count() == 1 {
                raw.trim_matches(|c: char| c == '"' || c.is_whitespace())
            } else {
                raw
            };
            let (bullet, t) = strip_bullet(raw);
            if t.is_empty() || !t.chars().any(char::is_alphanumeric) {
                continue;
            }
            let src = starts
                .iter()
                .rev()
                .find(|(o, _)| *o <= offset)
                .map(|(_, i)| *i)
                .unwrap_or(0);
            let Some(l) = lines.get(src) else { continue };
            // "Department of" ⇥ "Communication Studies": a field never ends
            // on a connecting word.
            if !bullet
                && let Some(prev) = out.last_mut()
                && ends_with_connector(&prev.text)
                && t.starts_with(char::is_uppercase)
            {
                prev.text.push(' ');
                prev.text.push_str(t);
                continue;
            }
            out.push(Ln::from_line(l, t, src, body, 0.0, bullet, true));
        }
    }
    out
}

/// A verb that opens a resume's achievement sentence: a past tense
/// ("Devised", "Escalated"), or one of the common irregular and present forms.
fn action_verb(t: &str) -> bool {
    let w: String = t
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    let adjective = matches!(
        w.as_str(),
        "certified"
            | "skilled"
            | "experienced"
            | "detailed"
            | "talented"
            | "licensed"
            | "registered"
            | "based"
            | "advanced"
            | "related"
            | "dedicated"
            | "motivated"
            | "united"
            | "limited"
            | "accredited"
            | "qualified"
            | "applied"
            | "embedded"
    );
    (w.len() >= 5 && w.ends_with("ed") && !w.ends_with("eed") && !adjective)
        || matches!(
            w.as_str(),
            "led"
                | "built"
                | "ran"
                | "oversaw"
                | "drove"
                | "grew"
                | "won"
                | "wrote"
                | "made"
                | "taught"
                | "spearheaded"
                | "responsible"
                | "manage"
                | "develop"
                | "assist"
                | "coordinate"
                | "provide"
                | "maintain"
                | "perform"
                | "prepare"
                | "handle"
                | "monitor"
                | "create"
                | "design"
                | "implement"
                | "conduct"
                | "ensure"
                | "support"
                | "oversee"
                | "supervise"
                | "plan"
                | "lead"
                | "gather"
                | "set"
        )
}

/// Words that end in a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "inc", "ltd", "co", "corp", "llc", "sr", "jr", "dr", "mr", "mrs", "ms", "st", "ave", "no",
    "etc", "vs", "dept", "univ", "pvt", "govt", "approx", "nos", "mgr", "asst", "assoc", "tech",
];

/// Whether a word ends a sentence: a full stop, '!' or '?' after a word of
/// two letters or more that is not an abbreviation ("Inc.", "Dr.", "U.S.").
pub fn ends_sentence(word: &str) -> bool {
    // A quotation or an aside closes after its full stop ("… outcomes?\"").
    let word = word.trim_end_matches(['"', '\'', '”', '’', ')']);
    if !word.ends_with(['.', '!', '?']) {
        return false;
    }
    let bare = word
        .trim_end_matches(['.', '!', '?'])
        .trim_start_matches(|c: char| !c.is_alphanumeric());
    bare.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !bare.contains('.')
        && !ABBREVIATIONS.contains(&bare.to_lowercase().as_str())
}

/// Where a run of text from a reflowed blob is cut into pseudo-lines (byte
/// offsets, ascending): before a bullet glyph or a dash glued to a capital
/// ("-Hands on …"); around a date range ("COMPANY, City 2007-Present
/// Female-owned …"), unless a preposition introduces it ("from May 2009 to
/// April 2010"); after a sentence end followed by a capital; and between a
/// capitalised phrase and the sentence that follows it ("Vice President,
/// Sales Precipitated 100% jump in …"). Headings are cut later, by the
/// segmenter, which knows them.
fn reflow_cuts(s: &str) -> Vec<usize> {
    let toks = word_offsets(s);
    let mut cuts: Vec<usize> = Vec::new();
    let upper = |t: &str| t.chars().next().is_some_and(char::is_uppercase);
    let lower = |t: &str| t.chars().next().is_some_and(char::is_lowercase);
    let capword = |t: &str| {
        let t = t.trim_end_matches([',', ';', ':']);
        let mut c = t.chars();
        c.next().is_some_and(char::is_uppercase)
            && t.chars().filter(|c| c.is_alphabetic()).count() >= 3
            && c.clone().any(char::is_lowercase)
            && c.all(|c| c.is_lowercase() || c == '/' || c == '-')
    };
    for (k, &(at, t)) in toks.iter().enumerate() {
        let first = t.chars().next();
        // Bullets and dash-led items.
        if first.is_some_and(|c| BULLETS.contains(&c) || c.is_private_use())
            || (t.starts_with('-') && t.chars().nth(1).is_some_and(char::is_uppercase))
        {
            cuts.push(at);
            continue;
        }
        let prev = k.checked_sub(1).and_then(|p| toks.get(p)).map(|p| p.1);
        // A sentence ends before a capital.
        if let Some(p) = prev
            && upper(t)
            && ends_sentence(p)
        {
            cuts.push(at);
            continue;
        }
        // A capitalised phrase, then a sentence opened by an action verb:
        // "… Sales Director Devised a training program …".
        if k >= 2
            && capword(t)
            && action_verb(t)
            && upper(toks[k - 2].1)
            && upper(toks[k - 1].1)
            && !toks[k - 1].1.ends_with([',', ';', ':', '.'])
            && toks.get(k + 1..k + 3).is_some_and(|n| {
                n.iter().any(|(_, w)| lower(w))
                    && n.iter().all(|(_, w)| {
                        lower(w) || w.starts_with(|c: char| c.is_ascii_digit() || c == '$')
                    })
            })
        {
            cuts.push(at);
        }
    }
    // Date ranges; also two years, or a year and "Present", whose dash the
    // rendering lost ("1998 2001: Associate in …").
    let year = |t: &str| {
        let t = t.trim_end_matches([':', ',']);
        t.len() == 4
            && (t.starts_with("19") || t.starts_with("20"))
            && t.chars().all(|c| c.is_ascii_digit())
    };
    let now = |t: &str| {
        matches!(
            t.trim_end_matches([':', ',']).to_lowercase().as_str(),
            "present" | "current" | "now" | "today"
        )
    };
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for k in 0..toks.len().saturating_sub(1) {
        let (at, t) = toks[k];
        let (at2, t2) = toks[k + 1];
        if year(t) && !t.ends_with([':', ',']) && (year(t2) || now(t2)) {
            // "September 2013 present": the month before the year too.
            let from = k
                .checked_sub(1)
                .map(|p| toks[p])
                .filter(|(_, m)| crate::entities::dates::month_word(m))
                .map_or(at, |(a, _)| a);
            ranges.push((from, at2 + t2.trim_end_matches([':', ',']).len()));
        }
    }
    ranges.extend(
        crate::entities::dates::find_dates(s)
            .into_iter()
            .filter(|d| d.is_range)
            .map(|d| (d.from, d.to)),
    );
    for (from, to) in ranges {
        let before = s[..from].split_whitespace().next_back().unwrap_or("");
        let prep = matches!(
            before.to_lowercase().as_str(),
            "from" | "since" | "in" | "between" | "during" | "of" | "by" | "to" | "and" | "on"
        );
        let lead = s.get(from..).unwrap_or("").to_lowercase();
        if prep || lead.starts_with("from") || lead.starts_with("since") {
            continue;
        }
        if from > 0 {
            cuts.push(from);
            if let Some(h) = header_before(&toks, from) {
                cuts.push(h);
            }
        }
        // The range's own trailing punctuation stays with it.
        let rest = s.get(to..).unwrap_or("");
        let end = to + rest.len() - rest.trim_start_matches([':', ',', ')', ' ']).len();
        if end < s.len() {
            cuts.push(end);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.retain(|&c| c > 0 && c < s.len() && s.is_char_boundary(c));
    let titled = title_then_sentence(&toks, &cuts);
    if !titled.is_empty() {
        cuts.extend(titled);
        cuts.sort_unstable();
        cuts.dedup();
    }
    cuts
}

/// The start of an entry header run into the text before its dates ("…
/// user satisfaction Veristage, Senior Consultant, 2000-2001"): the
/// capitalised words (and connectors) right before the range, with a comma
/// among them, back to a lower-case word or the end of a sentence or
/// parenthesis. `None` when there is no such run or it is the whole text.
fn header_before(toks: &[(usize, &str)], from: usize) -> Option<usize> {
    let end = toks.iter().position(|(at, _)| *at >= from)?;
    let connector = |t: &str| matches!(t, "of" | "and" | "&" | "at" | "for" | "the" | "in" | "-");
    let capital = |t: &str| {
        t.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c == '(')
    };
    let mut start = end;
    while start > 0 && end - start < 12 {
        let t = toks[start - 1].1;
        // A sentence, a parenthesis or a label closes what came before.
        let closes = ends_sentence(t) || t.ends_with([')', ':', ';']);
        if closes || !(capital(t) || connector(t)) {
            break;
        }
        start -= 1;
    }
    // Connectors never open the header.
    while start < end && connector(toks[start].1) {
        start += 1;
    }
    let run = &toks[start..end];
    let comma = run
        .iter()
        .take(run.len().saturating_sub(1))
        .any(|(_, t)| t.ends_with(','));
    (start > 0 && run.len() >= 2 && comma && !toks[start - 1].1.ends_with(','))
        .then(|| toks[start].0)
}

/// Function words: title phrases carry them in lower case ("Head of
/// sales"), they never start a sentence's run of plain words, and no
/// sentence ends on one (a line ending "… team for" goes on below).
pub const FUNCTION_WORDS: &[&str] = &[
    "of", "and", "for", "in", "the", "a", "an", "to", "at", "on", "with", "by", "or", "as", "de",
];

/// Words that open a description sentence right after a job title in a
/// reflowed blob ("Ontologist This was a 3-month contract").
const SENTENCE_OPENERS: &[&str] = &[
    "this",
    "the",
    "a",
    "an",
    "i",
    "my",
    "our",
    "we",
    "worked",
    "working",
    "responsible",
    "currently",
    "involved",
    "duties",
    "role",
    "key",
];

/// Second pass over the pseudo-lines of a reflowed blob: a piece that opens
/// with a short capitalised phrase (a title such as "Software Developer" or
/// "Senior Content Architect / Ontologist") followed by the sentence that
/// describes the job is cut between the two. The sentence must visibly start:
/// an opener word or an action verb followed by a lower-case word, or a number
/// followed by one ("6 month consulting position"). The phrase must not itself
/// start with an action verb ("Managed 6 people").
fn title_then_sentence(toks: &[(usize, &str)], cuts: &[usize]) -> Vec<usize> {
    let upper = |t: &str| t.chars().next().is_some_and(char::is_uppercase);
    let lower = |t: &str| t.chars().next().is_some_and(char::is_lowercase);
    let connector = |t: &str| matches!(t, "of" | "and" | "&" | "/" | "-" | "–" | "for" | "in");
    let mut out = Vec::new();
    let mut seg_start = 0usize; // token index where the current piece starts
    let mut bounds = cuts.iter().peekable();
    while seg_start < toks.len() {
        // The piece runs until the next cut.
        let end_at = bounds
            .by_ref()
            .find(|&&c| c > toks[seg_start].0)
            .copied()
            .unwrap_or(usize::MAX);
        let seg_end = toks
            .iter()
            .position(|(at, _)| *at >= end_at)
            .unwrap_or(toks.len());
        let piece = &toks[seg_start..seg_end];
        if piece.len() >= 4 && upper(piece[0].1) && !action_verb(piece[0].1) {
            // A note in brackets ("Support Engineer (40 % part time)") is
            // passed over and does not count against the title's length.
            let mut bracket = false;
            let mut words = 1;
            for k in 1..piece.len().min(14) {
                let (at, t) = piece[k];
                if bracket || t.starts_with('(') {
                    bracket = !t.ends_with(')');
                    continue;
                }
                words += 1;
                if words > 7 {
                    break;
                }
                let prev = piece[k - 1].1;
                if prev.ends_with([',', ';', ':', '.']) {
                    break;
                }
                let next_lower = piece.get(k + 1).is_some_and(|(_, w)| lower(w));
                let bare: String = t
                    .chars()
                    .take_while(|c| c.is_alphabetic())
                    .flat_map(char::to_lowercase)
                    .collect();
                // Or any capitalised word opening two lower-case words that
                // are not connectors ("Board Member Board member elected by
                // …", "Owner/Consultant Various freelance work.").
                let plain_word =
                    |w: &str| lower(w) && !connector(w) && !FUNCTION_WORDS.contains(&w);
                // ("Linpro AS Technical free and open source …": a connector
                // may stand between them.)
                let sentence_follows = piece
                    .get(k + 1..k + 3)
                    .is_some_and(|n| n.len() == 2 && n.iter().all(|(_, w)| plain_word(w)))
                    || piece.get(k + 1..k + 4).is_some_and(|n| {
                        n.len() == 3
                            && plain_word(n[0].1)
                            && connector(n[1].1)
                            && plain_word(n[2].1)
                    });
                let opens = upper(t)
                    && next_lower
                    && (SENTENCE_OPENERS.contains(&bare.as_str())
                        || action_verb(t)
                        || sentence_follows);
                // A count, not a year: "August 2009 to Present" stays whole.
                let digits = t.chars().take_while(char::is_ascii_digit).count();
                let number = digits > 0
                    && digits < 4
                    && next_lower
                    && !prev.ends_with(|c: char| c.is_ascii_digit());
                let prev_ok = upper(prev) || prev.ends_with(')');
                if (opens || number) && prev_ok {
                    out.push(at);
                    break;
                }
                if !(upper(t) || connector(t)) {
                    break;
                }
            }
        }
        if seg_end <= seg_start {
            break;
        }
        seg_start = seg_end;
    }
    out
}

/// The words of a line (split at single spaces) with their byte offsets.
pub fn word_offsets(s: &str) -> Vec<(usize, &str)> {
    s.split(' ')
        .scan(0usize, |at, t| {
            let start = *at;
            *at += t.len() + 1;
            Some((start, t))
        })
        .filter(|(_, t)| !t.is_empty())
        .collect()
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

/// Zero-width and formatting characters (zero-width space and joiners, word
/// joiner, byte-order mark, soft hyphen): invisible in the document, noise in
/// the text ("Lead Engineer,\u{200b}").
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}'
    )
}

/// NFKC, literal byte escapes decoded, private-use bullets unified, quotes trimmed.
pub fn normalize(s: &str) -> String {
    let decoded = decode_byte_escapes(s);
    let mut t: String = decoded.nfkc().filter(|&c| !invisible(c)).collect();
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

    fn pdf_line(text: &str, y: f32) -> Line {
        Line {
            text: text.to_owned(),
            page: 1,
            x: 72.0,
            y,
            size: 10.5,
            bold: false,
            column: 0,
            gap_before: 0.1,
            origin: Origin::Body,
        }
    }

    #[test]
    fn a_row_whose_cells_both_wrapped_is_joined() {
        let doc = Extracted {
            lines: vec![
                pdf_line("Docent | Community Heritage\tMay 2023 - June", 100.0),
                pdf_line("Museum\t2024", 112.0),
                pdf_line("Led tours for museum guests.", 124.0),
                pdf_line("Counselor | Youth Center\tSep 2022 - Present", 136.0),
                pdf_line("Springfield\t2021", 148.0),
            ],
            ..Default::default()
        };
        let texts: Vec<String> = prepare(&doc).into_iter().map(|l| l.text).collect();
        assert_eq!(
            texts,
            [
                "Docent | Community Heritage Museum\tMay 2023 - June 2024",
                "Led tours for museum guests.",
                "Counselor | Youth Center\tSep 2022 - Present",
                "Springfield\t2021",
            ]
        );
    }

    #[test]
    fn a_page_number_opening_a_line_is_dropped() {
        let doc = Extracted {
            lines: vec![
                pdf_line("- Page 2 of 2 RU Corp.", 100.0),
                pdf_line("Page 3", 112.0),
                pdf_line("Pageant Coordinator", 124.0),
            ],
            ..Default::default()
        };
        let lines = prepare(&doc);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["RU Corp.", "Pageant Coordinator"]);
        assert!(!lines[0].bullet);
    }

    const BLOB: &[&str] = &[
        "Jane Roe 12 Main Street, Springfield jane@example.com PROFESSIONAL",
        "EXPERIENCE ACME WIDGETS, INC., Boston, MA 2007-Present Female-",
        "owned maker of widgets. Vice President, Sales Precipitated 100% jump in",
        "annual revenues by procuring multi-year contracts with large clients.",
        "Supervised a team of sales people in the region and trained new staff",
        "members. EDUCATION 1998 2001: Bachelor of Science, Boston University",
    ];

    #[test]
    fn reflowed_blobs_are_recognised() {
        let lines: Vec<Line> = BLOB
            .iter()
            .enumerate()
            .map(|(i, t)| pdf_line(t, 72.0 + 14.0 * i as f32))
            .collect();
        assert!(reflowed_blob(&lines));
        // An ordinary resume: short lines among the long ones.
        let mut mixed = lines.clone();
        for (i, l) in mixed.iter_mut().enumerate().step_by(2) {
            l.text = format!("Heading {i}");
        }
        assert!(!reflowed_blob(&mixed));
        // Plain text and DOCX carry no positions.
        let flat: Vec<Line> = lines
            .iter()
            .map(|l| Line {
                y: 0.0,
                ..l.clone()
            })
            .collect();
        assert!(!reflowed_blob(&flat));
    }

    #[test]
    fn reflowed_blobs_are_cut_into_pseudo_lines() {
        let lines: Vec<Line> = BLOB
            .iter()
            .enumerate()
            .map(|(i, t)| pdf_line(t, 72.0 + 14.0 * i as f32))
            .collect();
        let out = reflow(&lines, 10.5);
        let texts: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        assert!(texts.contains(&"2007-Present"), "{texts:?}");
        // The word hyphenated at the wrap is whole again.
        assert!(
            texts.iter().any(|t| t.starts_with("Female-owned maker")),
            "{texts:?}"
        );
        assert!(texts.contains(&"1998 2001:"), "{texts:?}");
        assert!(
            texts.contains(&"Bachelor of Science, Boston University"),
            "{texts:?}"
        );
        assert!(out.iter().all(|l| l.reflowed));
        // Source lines follow the text.
        let sup = out.iter().find(|l| l.text.starts_with("Supervised"));
        assert_eq!(sup.map(|l| l.idx), Some(5));
    }

    #[test]
    fn a_range_end_opening_the_next_line_joins_its_start() {
        let mut lines: Vec<Ln> = ["2005", "Present: Freelance Music Producer", "2001", "2003"]
            .iter()
            .map(|t| Ln::from_line(&pdf_line(t, 10.0), t, 0, 10.5, 0.0, false, false))
            .collect();
        join_split_present(&mut lines);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            ["2005 – Present", "Freelance Music Producer", "2001", "2003"]
        );
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("outcomes?\""));
        assert!(ends_sentence("work.)"));
        assert!(ends_sentence("done."));
        assert!(!ends_sentence("Inc."));
        assert!(!ends_sentence("U.S."));
        assert!(!ends_sentence("done"));
    }

    #[test]
    fn reflow_cut_points() {
        let pieces = |s: &'static str| {
            let mut cuts = reflow_cuts(s);
            cuts.push(s.len());
            let mut from = 0;
            cuts.into_iter()
                .map(|c| {
                    let p = s[from..c].trim();
                    from = c;
                    p
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            pieces("COMPANY, INC., City, ST 2007-Present Female-owned firm."),
            vec![
                "COMPANY, INC., City, ST",
                "2007-Present",
                "Female-owned firm."
            ]
        );
        assert_eq!(
            pieces("Vice President, Sales Precipitated 100% jump in revenues"),
            vec![
                "Vice President, Sales",
                "Precipitated 100% jump in revenues"
            ]
        );
        // A note in brackets inside the title; a connector in the sentence.
        assert_eq!(
            pieces("Network Engineer (40 % part time) Telenor Nextra AS I worked part time"),
            vec![
                "Network Engineer (40 % part time) Telenor Nextra AS",
                "I worked part time"
            ]
        );
        assert_eq!(
            pieces("Systems Consultant Linpro AS Technical free and open source consultant"),
            vec![
                "Systems Consultant Linpro AS",
                "Technical free and open source consultant"
            ]
        );
        // An entry header run into the text before its dates.
        assert_eq!(
            pieces("and user satisfaction Veristage, Senior Consultant, 2000-2001 Led"),
            vec![
                "and user satisfaction",
                "Veristage, Senior Consultant,",
                "2000-2001",
                "Led"
            ]
        );
        assert_eq!(
            pieces("taught grade 3 St. Patrick School, Teacher, 2001-2004"),
            vec![
                "taught grade 3",
                "St. Patrick School, Teacher,",
                "2001-2004"
            ]
        );
        // A title, then a sentence that opens on any capitalised word.
        assert_eq!(
            pieces("Board Member Board member elected by the employees."),
            vec!["Board Member", "Board member elected by the employees."]
        );
        // A month written before a year and "present" goes with them.
        assert_eq!(
            pieces("Voluntary September 2013 present Board Member"),
            vec!["Voluntary", "September 2013 present", "Board Member"]
        );
        // A range introduced by a preposition stays in its sentence.
        assert_eq!(
            pieces("Worked as Java programmer from May 2009 to April 2010."),
            vec!["Worked as Java programmer from May 2009 to April 2010."]
        );
        // Abbreviations do not end sentences; bullets and dash items open lines.
        assert_eq!(
            pieces("Acme Inc. Boston office. • Led sales -Hands on Java"),
            vec!["Acme Inc. Boston office.", "• Led sales", "-Hands on Java"]
        );
        // A capitalised noun phrase before lower-case words is not a title.
        assert_eq!(
            pieces("Championed DC Power services to clients"),
            vec!["Championed DC Power services to clients"]
        );
    }

    #[test]
    fn bullets() {
        assert_eq!(strip_bullet("• Led a team"), (true, "Led a team"));
        assert_eq!(strip_bullet("- Led"), (true, "Led"));
        assert_eq!(strip_bullet("Oracle"), (false, "Oracle"));
    }
}
