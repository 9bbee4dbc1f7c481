//! Dates and date ranges as resumes write them.
//!
//! Input: one line of text. Output: the [`DateSpan`]s found in it — single
//! dates and ranges ("Jan 2019 – Present", "03/2017 - 11/2018", "2015-16",
//! "Since 2012", "May 2008"), each with its byte span so the caller can cut the
//! dates out of a header line and keep the title or employer.
//!
//! Precision is kept: "2019" stays a year, "Mar 2019" a month; no day or month
//! is ever invented. "Present" and its synonyms set `current`.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::PartialDate;

/// A date or a range found in a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpan {
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
    /// The range runs to the present ("Present", "Current", "till date", …).
    pub current: bool,
    /// Both ends were written (a range, not a lone date).
    pub is_range: bool,
    /// Byte offsets of the whole match in the line.
    pub from: usize,
    pub to: usize,
}

const MONTH: &str = r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|jun(?:e|\.)?|jul(?:y|\.)?|aug(?:ust|\.)?|sep(?:t(?:ember)?)?\.?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?|spring|summer|fall|autumn|winter)";
/// "Present" and its synonyms, also in German, Spanish, French, Italian,
/// Portuguese and Dutch CVs ("03/2019 – heute", "2018 - actualidad").
const NOW: &str = r"(?:presente|present|current(?:ly)?|now|today|ongoing|(?:till|until|to)\s+(?:date|now|present|today)|date|continuing|bis\s+heute|heute|aktuell|derzeit|laufend|(?:la\s+)?actualidad|hoy|aujourd['’]hui|pr[ée]sent|en\s+cours|oggi|in\s+corso|atualmente|atual|hoje|heden)";

fn date_re() -> String {
    format!(
        r"(?:{MONTH}[\s,.'/-]*(?:(?:19|20)\d{{2}}|'\d{{2}})|(?:0?[1-9]|1[0-2])\s*[/.-]\s*(?:19|20)\d{{2}}|(?:19|20)\d{{2}}\s*[/.-]\s*(?:0?[1-9]|1[0-2])\b|\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:19|20)\d{{2}}|(?:19|20)\d{{2}})"
    )
}

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    let d = date_re();
    let sep = r"\s*(?:-+|–|—|−|~|to|till|until|through|thru|upto|up\s+to|›|>|/)\s*";
    let pat = format!(
        r"(?i)\b(?P<m1>{MONTH}){sep}(?P<m2>{MONTH})[\s,.'/-]*(?P<y2>(?:19|20)\d{{2}})\b|\b(?P<a>{d})(?:{sep}(?P<b>{d}|{NOW}\b)|\s*[-–]\s*(?P<yy>\d{{2}})\b|\s*(?P<onw>(?:onwards?|till\s+date|to\s+date|present|current|ongoing)\b|-\s*$))?|\b(?:since|from)\s+(?P<since>{d})|\b(?P<ma>(?:0?[1-9]|1[0-2])/\d{{2}}|{MONTH}[\s.'-]*\d{{2}}\b)(?:\s*(?:-+|–|—|to)\s*|\s+)(?P<mb>(?:0?[1-9]|1[0-2])/\d{{2}}\b|{MONTH}[\s.'-]*\d{{2}}\b|{NOW}\b)"
    );
    Regex::new(&pat).unwrap_or_else(|e| unreachable!("date regex: {e}"))
});

static ONE: LazyLock<Regex> = LazyLock::new(|| {
    let pat = format!(
        r"(?i)^(?:(?P<mon>{MONTH})[\s,.'/-]*(?P<y1>(?:19|20)\d{{2}}|'\d{{2}})|(?P<m2>\d{{1,2}})\s*[/.-]\s*(?P<y2>(?:19|20)\d{{2}})|(?P<y3>(?:19|20)\d{{2}})\s*[/.-]\s*(?P<m3>\d{{1,2}})|(?P<d4>\d{{1,2}})[/.-](?P<m4>\d{{1,2}})[/.-](?P<y4>(?:19|20)\d{{2}})|(?P<y5>(?:19|20)\d{{2}}))$"
    );
    Regex::new(&pat).unwrap_or_else(|e| unreachable!("date regex: {e}"))
});

/// A template's placeholder year ("20XX", "September 20xx – Present",
/// "19xx-20xx", "May [year]-August [year]", "Month Year - Month Year"): it
/// places a date where a date belongs, so the line is read as dated, but no
/// year is known and none is reported.
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    let year = r"(?:19|20)(?:xx|XX|\d\d)";
    let ph = format!(r"(?:(?:\b{MONTH}[\s,.]*)?(?:\b(?:19|20)xx\b|\[year\])|\bmonth\s+year\b)");
    let pat = format!(
        r"(?i){ph}(?:\s*(?:-+|–|—|to)\s*(?:(?P<end>(?:{MONTH}[\s,.]*)?{year})\b|(?P<unknown>{ph})|(?P<now>{NOW})\b))?"
    );
    Regex::new(&pat).unwrap_or_else(|e| unreachable!("placeholder regex: {e}"))
});

static NOW_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^{NOW}$")).unwrap_or_else(|e| unreachable!("now regex: {e}"))
});

fn month_of(name: &str) -> Option<u8> {
    let n = name.to_ascii_lowercase();
    let key = n.get(..3)?;
    Some(match key {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None, // seasons: year precision only
    })
}

fn year_of(s: &str) -> Option<u16> {
    if let Some(yy) = s.strip_prefix('\'') {
        let v: u16 = yy.parse().ok()?;
        return Some(if v > 50 { 1900 + v } else { 2000 + v });
    }
    s.parse().ok()
}

/// A month's name, in English or as Scandinavian and German resumes spell
/// it ("Januar", "Mai", "Oktober"): three letters of a month and at most nine.
pub fn month_word(w: &str) -> bool {
    let w = w.trim_end_matches(['.', ',']).to_lowercase();
    let n = w.chars().count();
    w.chars().all(char::is_alphabetic)
        && (3..=9).contains(&n)
        && (matches!(
            w.as_str(),
            "mai" | "okt" | "oktober" | "dez" | "dezember" | "desember"
        ) || [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ]
        .iter()
        .any(|m| w.starts_with(m) && (n == 3 || month_name_of(&w, m))))
}

/// Whether `w`, which starts with the month prefix `m`, is that month's
/// name ("september", "sept", "januar"), not another word ("decade", "Marc").
fn month_name_of(w: &str, m: &str) -> bool {
    const FULL: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "januar",
        "februar",
        "juni",
        "juli",
        "augusti",
    ];
    w == "sept" || FULL.iter().any(|f| f.starts_with(m) && w == *f)
}

/// Parse one date as written ("Mar 2019", "03/2019", "2019-03", "2019").
pub fn parse_date(s: &str) -> Option<PartialDate> {
    let c = ONE.captures(s.trim())?;
    if let (Some(m), Some(y)) = (c.name("mon"), c.name("y1")) {
        return PartialDate::new(year_of(y.as_str())?, month_of(m.as_str()));
    }
    if let (Some(m), Some(y)) = (c.name("m2"), c.name("y2")) {
        return PartialDate::new(y.as_str().parse().ok()?, m.as_str().parse().ok());
    }
    if let (Some(y), Some(m)) = (c.name("y3"), c.name("m3")) {
        return PartialDate::new(y.as_str().parse().ok()?, m.as_str().parse().ok());
    }
    if let (Some(d), Some(m), Some(y)) = (c.name("d4"), c.name("m4"), c.name("y4")) {
        // 05/06/2019: month is ambiguous unless one side is > 12.
        let (d, m): (u8, u8) = (d.as_str().parse().ok()?, m.as_str().parse().ok()?);
        let month = if d > 12 {
            Some(m)
        } else if m > 12 {
            Some(d)
        } else {
            None
        };
        return PartialDate::new(y.as_str().parse().ok()?, month);
    }
    let y = c.name("y5")?;
    PartialDate::new(y.as_str().parse().ok()?, None)
}

/// Every date or range in `line`, left to right.
pub fn find_dates(line: &str) -> Vec<DateSpan> {
    let mut out = Vec::new();
    for c in RANGE.captures_iter(line) {
        let Some(whole) = c.get(0) else { continue };
        if let Some(s) = c.name("since") {
            if let Some(d) = parse_date(s.as_str()) {
                out.push(DateSpan {
                    start: Some(d),
                    end: None,
                    current: true,
                    is_range: true,
                    from: whole.start(),
                    to: whole.end(),
                });
            }
            continue;
        }
        // "09/14 - Present", "05/13-08/14": month/two-digit year, only as a range
        // (a lone "3/14" is as likely a fraction or a day).
        if let (Some(ma), Some(mb)) = (c.name("ma"), c.name("mb")) {
            let start = short_month_year(ma.as_str());
            let b = mb.as_str().trim();
            let (end, current) = if NOW_RE.is_match(b) {
                (None, true)
            } else {
                (short_month_year(b), false)
            };
            let ordered = match (start, end) {
                (Some(s), Some(e)) => e.ordinal(12) >= s.ordinal(1),
                (Some(_), None) => current,
                _ => false,
            };
            if ordered {
                out.push(DateSpan {
                    start,
                    end,
                    current,
                    is_range: true,
                    from: whole.start(),
                    to: whole.end(),
                });
            }
            continue;
        }
        // "Jan – Aug 2011": both months in the year written once.
        if let (Some(m1), Some(m2), Some(y)) = (c.name("m1"), c.name("m2"), c.name("y2")) {
            let year = y.as_str().parse().ok();
            let (start, end) = (
                year.and_then(|y| PartialDate::new(y, month_of(m1.as_str()))),
                year.and_then(|y| PartialDate::new(y, month_of(m2.as_str()))),
            );
            if start.is_some() && end.is_some() {
                out.push(DateSpan {
                    start,
                    end,
                    current: false,
                    is_range: true,
                    from: whole.start(),
                    to: whole.end(),
                });
            }
            continue;
        }
        let Some(a) = c.name("a") else { continue };
        let start = parse_date(a.as_str());
        if start.is_none() {
            continue;
        }
        let mut span = DateSpan {
            start,
            end: None,
            current: false,
            is_range: false,
            from: whole.start(),
            to: whole.end(),
        };
        if let Some(b) = c.name("b") {
            let t = b.as_str().trim();
            if NOW_RE.is_match(t) {
                span.current = true;
                span.is_range = true;
            } else if let Some(e) = parse_date(t) {
                span.end = Some(e);
                span.is_range = true;
            }
        } else if let (Some(yy), Some(s)) = (c.name("yy"), start) {
            // "2015-16": a two-digit end year in the same century.
            if let Ok(v) = yy.as_str().parse::<u16>() {
                let e = s.year / 100 * 100 + v;
                if e >= s.year && e <= s.year + 10 {
                    span.end = PartialDate::new(e, None);
                    span.is_range = true;
                }
            }
        } else if c.name("onw").is_some() {
            span.current = true;
            span.is_range = true;
        } else if let Some(s) = start
            && let Some(m) = s.month
            && u16::from(m) == (s.year + 1) % 100
            && a.as_str().starts_with(|c: char| c.is_ascii_digit())
            && a.as_str().contains('-')
        {
            // "2004-05", "2011 - 12": an academic year, not May 2004 — the
            // second number is the next year's last two digits.
            span.start = PartialDate::new(s.year, None);
            span.end = PartialDate::new(s.year + 1, None);
            span.is_range = true;
        }
        out.push(span);
    }
    join_bare_pairs(line, &mut out);
    glued_years(line, &mut out);
    placeholders(line, &mut out);
    // A lone 4-digit number glued to other digits or in a phone/ID, or
    // counting something ("2000 Tons of castings"), is not a date.
    out.retain(|s| {
        s.is_range || !(is_embedded_number(line, s.from, s.to) || counts_something(line, s))
    });
    out
}

/// Nouns a number counts or measures: after a bare year-like number they
/// make it a quantity.
const COUNT_NOUNS: &[&str] = &[
    "tons",
    "tonnes",
    "units",
    "employees",
    "people",
    "students",
    "users",
    "customers",
    "members",
    "pieces",
    "pcs",
    "kg",
    "km",
    "mw",
    "hours",
    "hrs",
    "acres",
    "sq",
    "square",
    "feet",
    "ft",
    "meters",
    "metres",
    "miles",
    "vehicles",
    "beds",
    "patients",
    "staff",
    "clients",
    "stores",
    "sites",
    "servers",
    "nodes",
    "transactions",
    "records",
    "lines",
    "copies",
    "participants",
    "attendees",
    "subscribers",
    "accounts",
    "calls",
    "tickets",
    "orders",
    "items",
    "words",
];

/// "2000 Tons", "1500 employees": a bare number followed by what it counts.
fn counts_something(line: &str, s: &DateSpan) -> bool {
    let written = &line[s.from..s.to];
    if !written.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    line[s.to..]
        .split_whitespace()
        .next()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .is_some_and(|w| COUNT_NOUNS.contains(&w.as_str()))
}

/// Placeholder years ("20XX") not already inside a found date, as dates
/// without a value; `spans` stays in line order.
fn placeholders(line: &str, spans: &mut Vec<DateSpan>) {
    if !line.contains(['x', 'X', ']']) && !line.to_lowercase().contains("month year") {
        return;
    }
    let mut added = false;
    for c in PLACEHOLDER.captures_iter(line) {
        let Some(whole) = c.get(0) else { continue };
        if spans
            .iter()
            .any(|s| s.from < whole.end() && whole.start() < s.to)
        {
            continue;
        }
        let end = c.name("end").and_then(|e| parse_date(e.as_str()));
        spans.push(DateSpan {
            start: None,
            end,
            current: c.name("now").is_some(),
            is_range: c.name("end").is_some()
                || c.name("unknown").is_some()
                || c.name("now").is_some(),
            from: whole.start(),
            to: whole.end(),
        });
        added = true;
    }
    if added {
        spans.sort_by_key(|s| s.from);
    }
}

/// "20072008", "2012 20132014": two years run together where the dash between
/// them was a glyph the source dropped — a range when in order and at most
/// ten years apart, and not inside a longer run of digits or a phone number.
fn glued_years(line: &str, spans: &mut Vec<DateSpan>) {
    static GLUED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b((?:19|20)\d{2})((?:19|20)\d{2})\b")
            .unwrap_or_else(|e| unreachable!("glued years regex: {e}"))
    });
    for c in GLUED.captures_iter(line) {
        let (Some(whole), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let (Ok(y1), Ok(y2)) = (a.as_str().parse::<u16>(), b.as_str().parse::<u16>()) else {
            continue;
        };
        if y2 < y1 || y2 - y1 > 10 || is_embedded_number(line, whole.start(), whole.end()) {
            continue;
        }
        let overlaps = |s: &DateSpan| s.from < whole.end() && whole.start() < s.to;
        if spans.iter().any(|s| overlaps(s) && s.is_range) {
            continue;
        }
        spans.retain(|s| !overlaps(s));
        spans.push(DateSpan {
            start: PartialDate::new(y1, None),
            end: PartialDate::new(y2, None),
            current: false,
            is_range: true,
            from: whole.start(),
            to: whole.end(),
        });
    }
    spans.sort_by_key(|s| s.from);
}

/// "2010 2014", "August 2007 July 2011": two lone dates with only spaces
/// between them, in order and not inside a run of numbers, are one range
/// whose dash was lost (a glyph the PDF or the source dropped).
fn join_bare_pairs(line: &str, spans: &mut Vec<DateSpan>) {
    let mut i = 0;
    while i + 1 < spans.len() {
        let (a, b) = (spans[i], spans[i + 1]);
        let spaced = line
            .get(a.to..b.from)
            .is_some_and(|g| !g.is_empty() && g.trim().is_empty());
        let ordered = match (a.start, b.start) {
            (Some(s), Some(e)) => e.ordinal(12) >= s.ordinal(1) && e.year - s.year <= 45,
            _ => false,
        };
        if !a.is_range
            && !b.is_range
            && ordered
            && spaced
            && !is_embedded_number(line, a.from, b.to)
        {
            spans[i] = DateSpan {
                end: b.start,
                is_range: true,
                to: b.to,
                ..a
            };
            spans.remove(i + 1);
        }
        i += 1;
    }
}

/// "09/14", "Sept 13", "Jun-06": a month and a two-digit year (after 50 in
/// the 1900s).
fn short_month_year(s: &str) -> Option<PartialDate> {
    let (m, y) = match s.split_once('/') {
        Some((m, y)) => (m.parse().ok()?, y),
        None => {
            let at = s.find(|c: char| c.is_ascii_digit())?;
            (
                month_of(s[..at].trim_end_matches(|c: char| !c.is_alphabetic()))?,
                &s[at..],
            )
        }
    };
    let y: u16 = y.trim().parse().ok()?;
    PartialDate::new(if y > 50 { 1900 + y } else { 2000 + y }, Some(m))
}

fn is_embedded_number(line: &str, from: usize, to: usize) -> bool {
    // The nearest non-space neighbours: "+91 2019 5550" is a phone, not a year.
    let before = line[..from].trim_end().chars().next_back();
    let after = line[to..].trim_start().chars().next();
    let digitish =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == '+' || c == '#' || c == '$');
    digitish(before) || digitish(after) || after == Some('%')
}

/// The best range in a line: the first real range, else the first date.
pub fn best_range(spans: &[DateSpan]) -> Option<DateSpan> {
    spans
        .iter()
        .find(|s| s.is_range)
        .or_else(|| spans.first())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> (String, String, bool) {
        let d = best_range(&find_dates(s)).unwrap_or_else(|| panic!("no date in {s:?}"));
        (
            d.start.map(|d| d.to_string()).unwrap_or_default(),
            d.end.map(|d| d.to_string()).unwrap_or_default(),
            d.current,
        )
    }

    #[test]
    fn placeholder_years_are_dates_without_a_value() {
        let d = best_range(&find_dates("Teacher, Acme School District, 20xx-Present"));
        assert!(d.is_some_and(|d| d.current && d.start.is_none() && d.end.is_none()));
        let d = best_range(&find_dates("Summer 20XX-20XX"));
        assert!(d.is_some_and(|d| d.is_range && d.start.is_none()));
        let spans = find_dates("May 20XX");
        assert_eq!(spans.len(), 1);
        assert!(!spans[0].is_range);
        assert!(find_dates("Windows XP, 20 xx").is_empty());
        // A real year is still read where one is written.
        assert_eq!(one("2019 - 20XX").0, "2019");
        // Other templates' placeholders.
        let d = best_range(&find_dates("Camp Counselor  May [year]-August [year]"));
        assert!(d.is_some_and(|d| d.is_range && d.start.is_none() && d.end.is_none()));
        let d = best_range(&find_dates("September [year] - Present"));
        assert!(d.is_some_and(|d| d.current));
        let d = best_range(&find_dates("City, State  Month Year - Month Year"));
        assert!(d.is_some_and(|d| d.is_range));
        assert!(find_dates("a five year plan, [1]").is_empty());
    }

    #[test]
    fn ranges() {
        assert_eq!(
            one("February 2016 to Present"),
            ("2016-02".into(), "".into(), true)
        );
        assert_eq!(
            one("Jan 2019 – Mar 2021"),
            ("2019-01".into(), "2021-03".into(), false)
        );
        assert_eq!(
            one("12/2013 - 12/2014"),
            ("2013-12".into(), "2014-12".into(), false)
        );
        assert_eq!(one("2015-16"), ("2015".into(), "2016".into(), false));
        assert_eq!(one("2004-2007"), ("2004".into(), "2007".into(), false));
        // The dash lost: two dates in order with only spaces between them.
        assert_eq!(one("2010 2014"), ("2010".into(), "2014".into(), false));
        assert_eq!(
            one("August 2007 July 2011"),
            ("2007-08".into(), "2011-07".into(), false)
        );
        assert_eq!(one("Januar 2012 present"), ("2012".into(), "".into(), true));
        assert_eq!(one("03/2019 – heute"), ("2019-03".into(), "".into(), true));
        assert_eq!(one("2018 - actualidad"), ("2018".into(), "".into(), true));
        assert_eq!(one("2020 – aujourd'hui"), ("2020".into(), "".into(), true));
        assert_eq!(one("2016present"), ("2016".into(), "".into(), true));
        // The dash lost between two years written together.
        assert_eq!(one("20072008"), ("2007".into(), "2008".into(), false));
        assert!(find_dates("20082007").is_empty());
        assert!(find_dates("+33 20072008").is_empty());
        // Out of order, or inside a run of numbers, it is not a range.
        assert!(!best_range(&find_dates("2014 2010")).is_some_and(|d| d.is_range));
        assert!(find_dates("+47 2010 2014 33").is_empty());
        assert_eq!(one("2007-Present"), ("2007".into(), "".into(), true));
        assert_eq!(one("Since 2012"), ("2012".into(), "".into(), true));
        assert_eq!(
            one("Sept. 2017 onwards"),
            ("2017-09".into(), "".into(), true)
        );
        assert_eq!(
            one("2019-03 to 2020-01"),
            ("2019-03".into(), "2020-01".into(), false)
        );
        assert_eq!(one("Summer 2019"), ("2019".into(), "".into(), false));
        assert_eq!(one("2004-05"), ("2004".into(), "2005".into(), false));
        assert_eq!(one("2019-03"), ("2019-03".into(), "".into(), false));
        assert_eq!(one("09/14-Present"), ("2014-09".into(), "".into(), true));
        assert_eq!(
            one("05/13 - 08/14"),
            ("2013-05".into(), "2014-08".into(), false)
        );
        assert_eq!(
            one("Mar '19 - Present"),
            ("2019-03".into(), "".into(), true)
        );
        // A month name and a two-digit year, as a range only.
        assert_eq!(
            one("Infosys, Bangalore ( Jun 06 - Jul 11)"),
            ("2006-06".into(), "2011-07".into(), false)
        );
        assert_eq!(
            one("( Sept 13 Till Date)"),
            ("2013-09".into(), "".into(), true)
        );
        assert_eq!(
            one("Jul 12 to Present"),
            ("2012-07".into(), "".into(), true)
        );
    }

    #[test]
    fn not_dates() {
        assert!(
            find_dates("Call 2123-456789")
                .iter()
                .all(|d| d.start.map(|s| s.year) != Some(2123))
        );
        assert!(find_dates("+91 2019 5550").is_empty());
        assert!(find_dates("scored 2000%").is_empty());
        assert!(find_dates("Capacity 2000 Tons of castings/Year").is_empty());
        assert!(find_dates("a staff of 1990 employees.").is_empty());
        assert_eq!(find_dates("Joined in 2000, left in 2004").len(), 2);
        // Days of a month are not two-digit years.
        assert!(find_dates("Met on May 13, then June 14").is_empty());
        assert!(find_dates("June 14 - 18").is_empty());
        assert!(find_dates("Jul 11 - Jun 06").is_empty());
    }
}
