//! Contact and headline: name, e-mail, phone, location, links, label, summary.
//!
//! Input: all prepared lines (contact details may sit in a header, a footer, a
//! sidebar or a "Contact" section) and the link targets the extractor found.
//! Output: [`ContactFound`].
//!
//! The name is chosen among the first lines of the document (any line
//! labelled "Name:", and a line over an address, phone or e-mail a preamble
//! pushed down into a section) by evidence: two to five capitalised words (one, a
//! surname alone, only when it opens the document), no digits or contact
//! tokens, not a heading, a place, a street, a job title, a company or a run
//! of ordinary words, larger type than the body, near the top, close to the
//! e-mail or phone. In the first lines the name is also looked for inside
//! longer text (a paragraph flattened into wrapped lines, a header merged into
//! one line): the capitalised words that open a line or follow "Resume",
//! "Curriculum Vitae", a label, a number, a parenthesis or a run of capitals,
//! cut where a street, a place, a job title, a redaction mark or another letter
//! case begins, and dropped before prose or a building ("… Hall Room 220").
//! Phones are read with libphonenumber (the `phonenumber` crate) and given in
//! E.164 when the country can be inferred from the location (or the number's
//! own `+`).

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Email, Location, PhoneE164, Profile};
use crate::segment::{SectionKind, fold};

use super::dates::find_dates;
use super::fragments::{org_score, title_score};
use super::{Context, Found};

#[derive(Debug, Clone, Default)]
pub struct ContactFound {
    pub name: Option<Found<String>>,
    pub email: Option<Found<Email>>,
    pub phone: Option<Found<String>>,
    pub phone_e164: Option<PhoneE164>,
    pub location: Option<Found<Location>>,
    pub url: Option<String>,
    pub profiles: Vec<Profile>,
    pub label: Option<Found<String>>,
    pub summary: Option<Found<String>>,
}

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[a-z0-9][a-z0-9._%+'-]{0,63}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,24}\b")
        .unwrap_or_else(|e| unreachable!("email regex: {e}"))
});
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    // Word and typesetters write the separators as an en dash or a
    // non-breaking hyphen ("(718) 555–0100").
    Regex::new(r"(?:\(?\+|\b00)?\(?\d[\d\s().\-/–‑]{5,20}\d")
        .unwrap_or_else(|e| unreachable!("phone regex: {e}"))
});
static NANP_FORMAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(\d{3}\)\s*\d{3}[\s.\-–‑]\d{4}$")
        .unwrap_or_else(|e| unreachable!("NANP regex: {e}"))
});
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://)?(?:www\.)?(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|me|in|co|uk|de|info|ai|app|page|site|tech|us|ca|eu|fr|es|it|nl|au)(?:/[^\s,;|)]*)?")
        .unwrap_or_else(|e| unreachable!("url regex: {e}"))
});
static NAME_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:full\s+)?name\s*[:\-]\s*(.+)$")
        .unwrap_or_else(|e| unreachable!("name regex: {e}"))
});

/// Words that are never part of a person's name line.
const NOT_NAME: &[&str] = &[
    "resume",
    "résumé",
    "curriculum",
    "vitae",
    "cv",
    "profile",
    "template",
    "page",
    "contact",
    "email",
    "e-mail",
    "phone",
    "mobile",
    "address",
    "street",
    "road",
    "avenue",
    "lane",
    "nagar",
    "drive",
    "apt",
    "linkedin",
    "github",
    "objective",
    "summary",
    "experience",
    "education",
    "skills",
    "career",
    "professional",
    "personal",
    "details",
    "information",
    "portfolio",
    "references",
    "confidential",
    "updated",
    "the",
    "and",
    "of",
    "for",
    "with",
    "in",
    "at",
    "to",
    "indeed",
    "willing",
    "relocate",
    "authorized",
    "work",
    "technologies",
    "solutions",
    "university",
    "college",
    "institute",
    "school",
    "pvt",
    "ltd",
    "inc",
    "llc",
    "limited",
    "services",
    "java",
    "python",
    "sql",
    "sample",
    "example",
    "seeking",
    "applicant",
    "candidate",
    "biodata",
    "highlights",
    "expertise",
    "areas",
    "examples",
    "samples",
    "vita",
    "this",
    "that",
    "these",
    "your",
    "my",
    "our",
    "city",
    "town",
    "village",
    "county",
    "district",
    "room",
    "floor",
    "building",
    "suite",
    "apartment",
];

/// Words after which a person's name may begin inside a longer line: the
/// document's own name ("Resume of Jane Doe", "Curriculum Vitae Jane Doe").
const DOC_WORDS: &[&str] = &[
    "resume", "résumé", "cv", "vitae", "vita", "template", "biodata", "bio-data",
];

/// Street words: the capitalised word before one names a street, not a person
/// ("Jane Doe Frontier Road", "Jane Doe Decker St., Detroit").
const STREET_WORDS: &[&str] = &[
    "road",
    "rd",
    "street",
    "st",
    "avenue",
    "ave",
    "lane",
    "ln",
    "drive",
    "dr",
    "court",
    "ct",
    "crescent",
    "boulevard",
    "blvd",
    "close",
    "circle",
    "terrace",
    "highway",
    "nagar",
    "colony",
];

/// Name particles written in lower case inside a name.
const PARTICLES: &[&str] = &[
    "van", "von", "de", "da", "di", "del", "la", "le", "bin", "al", "der", "den", "du", "dos",
];

/// Ordinary English words of the skill and degree vocabulary
/// (`taxonomies/curation/ordinary_words.txt`, derived from the SCOWL word list;
/// notice in `taxonomies/licenses/SCOWL-wamerican-copyright.txt`). A line made
/// only of such words ("Computer Science", "Health Economics") is no name.
static ORDINARY: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../taxonomies/curation/ordinary_words.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// All contact values.
pub fn extract(cx: &Context, links: &[String]) -> ContactFound {
    let mut c = ContactFound::default();
    let lines = cx.lines;
    // E-mail: the first valid address, preferring the header.
    for (i, ln) in lines.iter().enumerate() {
        if let Some(e) = EMAIL
            .find_iter(&ln.text)
            .find_map(|m| Email::parse(m.as_str()))
        {
            let conf = if cx.kind_of(i) == SectionKind::Header || i < 15 {
                0.97
            } else {
                0.85
            };
            c.email = Some(Found::new(e, conf, i));
            break;
        }
    }
    if c.email.is_none()
        && let Some(e) = links
            .iter()
            .filter_map(|l| l.strip_prefix("mailto:"))
            .find_map(Email::parse)
    {
        c.email = Some(Found::new(e, 0.9, 0));
    }
    c.location = location(cx);
    let region = c
        .location
        .as_ref()
        .and_then(|l| l.value.country_code.clone());
    phone(cx, &mut c, region.as_deref());
    links_and_profiles(cx, links, &mut c);
    c.name = name(cx, &c);
    c.label = label(cx, c.name.as_ref());
    c.summary = summary(cx);
    c
}

fn phone(cx: &Context, c: &mut ContactFound, region: Option<&str>) {
    let mut best: Option<(f32, usize, String)> = None;
    for (i, ln) in cx.lines.iter().enumerate() {
        for m in PHONE.find_iter(&ln.text) {
            let s = m.as_str().trim();
            let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
            if !(7..=15).contains(&digits.len()) {
                continue;
            }
            // Year ranges and dates are not phones.
            if find_dates(s)
                .iter()
                .any(|d| d.is_range || d.to - d.from + 2 >= s.len())
                && !s.starts_with('+')
            {
                continue;
            }
            let lower = ln.text.to_lowercase();
            let labelled = ["phone", "mobile", "tel", "cell", "contact", "mob", "ph"]
                .iter()
                .any(|k| lower.contains(k));
            let mut score = if labelled { 0.9 } else { 0.6 };
            if s.starts_with('+') || s.contains('(') || s.contains('-') || s.contains(' ') {
                score += 0.05;
            }
            if i < 15 || cx.kind_of(i) == SectionKind::Header {
                score += 0.05;
            }
            if best.as_ref().is_none_or(|b| score > b.0 + 0.001) {
                best = Some((score, i, s.to_owned()));
            }
        }
    }
    if let Some((score, i, s)) = best {
        c.phone_e164 = e164(&s, region);
        let conf = if c.phone_e164.is_some() {
            score.max(0.85)
        } else {
            score
        };
        c.phone = Some(Found::new(s, conf, i));
    }
}

/// The number in E.164, when libphonenumber accepts it for the inferred country.
pub fn e164(s: &str, region: Option<&str>) -> Option<PhoneE164> {
    use phonenumber::Mode;
    let mut tries: Vec<Option<phonenumber::country::Id>> = Vec::new();
    if s.trim_start().starts_with('+') {
        tries.push(None);
    }
    if let Some(r) = region.and_then(|r| r.parse::<phonenumber::country::Id>().ok()) {
        tries.push(Some(r));
    }
    if NANP_FORMAT.is_match(s.trim()) {
        // "(718) 555-0100": the bracketed area code is North American
        // numbering, wherever the candidate lives now; libphonenumber still
        // checks the area code is real.
        tries.push(Some(phonenumber::country::Id::US));
    }
    for t in tries {
        if let Ok(n) = phonenumber::parse(t, s)
            && phonenumber::is_valid(&n)
        {
            return PhoneE164::parse(&n.format().mode(Mode::E164).to_string());
        }
    }
    None
}

fn links_and_profiles(cx: &Context, links: &[String], c: &mut ContactFound) {
    let mut urls: Vec<String> = links
        .iter()
        .filter(|l| !l.starts_with("mailto:"))
        .cloned()
        .collect();
    for ln in cx.lines {
        for m in URL.find_iter(&ln.text) {
            let u = m.as_str().trim_end_matches(['.', ',']);
            // Skip the domain of an e-mail address.
            if ln.text[..m.start()].ends_with('@') {
                continue;
            }
            urls.push(u.to_owned());
        }
    }
    for u in urls {
        let low = u.to_lowercase();
        let network = [
            ("linkedin.com", "LinkedIn"),
            ("github.com", "GitHub"),
            ("gitlab.com", "GitLab"),
            ("twitter.com", "Twitter"),
            ("x.com/", "X"),
            ("stackoverflow.com", "Stack Overflow"),
            ("behance.net", "Behance"),
            ("dribbble.com", "Dribbble"),
            ("medium.com", "Medium"),
            ("kaggle.com", "Kaggle"),
            ("indeed.com/r/", "Indeed"),
            ("facebook.com", "Facebook"),
            ("instagram.com", "Instagram"),
        ]
        .iter()
        .find(|(d, _)| low.contains(d))
        .map(|(_, n)| *n);
        let full = if low.starts_with("http") {
            u.clone()
        } else {
            format!("https://{u}")
        };
        match network {
            Some(n) => {
                if c.profiles.iter().any(|p| p.network == n) {
                    continue;
                }
                let username = full
                    .trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .filter(|s| !s.is_empty() && !s.contains('.'))
                    .map(str::to_owned);
                c.profiles.push(Profile {
                    network: n.to_owned(),
                    username,
                    url: full,
                });
            }
            None => {
                let generic = [
                    "google.com",
                    "collegegrad.com",
                    "gmail.com",
                    "yahoo.com",
                    "hotmail.com",
                    "outlook.com",
                    "example.org",
                ];
                let bare_domain_of_email = c.email.as_ref().is_some_and(|e| {
                    e.value
                        .as_str()
                        .to_lowercase()
                        .ends_with(low.trim_start_matches("www."))
                });
                if c.url.is_none()
                    && !generic.iter().any(|g| low.contains(g))
                    && !bare_domain_of_email
                    && low.contains('.')
                    && (low.starts_with("http") || low.starts_with("www.") || low.contains('/'))
                {
                    c.url = Some(full);
                }
            }
        }
    }
}

fn location(cx: &Context) -> Option<Found<Location>> {
    let lim = cx.lines.len().min(20);
    for (i, ln) in cx.lines[..lim].iter().enumerate() {
        // The contact block, or the top lines when a heading there opens a
        // profile; never an education or work line ("Southwestern University
        // ⇥ Georgetown, TX" is the school's town, not the candidate's).
        let kind = cx.kind_of(i);
        let contact = matches!(
            kind,
            SectionKind::Header | SectionKind::Contact | SectionKind::Personal
        );
        if !contact && (i > 6 || kind != SectionKind::Summary) {
            continue;
        }
        for part in ln
            .text
            .split(|c: char| {
                matches!(c, '\t' | '|' | '•' | '·' | '■' | '●' | '◆' | '♦' | '❖' | '▪')
                    // A symbol font's separator glyph.
                    || ('\u{E000}'..='\u{F8FF}').contains(&c)
            })
            .flat_map(|p| p.split(" - "))
            // "… Avenue  Chicago, IL 60603  jane@…": fields set apart by spaces.
            .flat_map(|p| p.split("  "))
        {
            let part = part.trim().trim_start_matches("Address:").trim();
            let part = part.split(':').next_back().unwrap_or(part).trim();
            // (An address may be long: "Flat 12, Sector 62, Noida, Uttar
            // Pradesh"; a sentence is longer.)
            if part.is_empty() || part.contains('@') || part.split_whitespace().count() > 12 {
                continue;
            }
            // "Justin Street, London": keep the tail that is a place.
            let pieces: Vec<&str> = part.split(',').map(str::trim).collect();
            for k in 0..pieces.len() {
                let tail = pieces[k..].join(", ");
                if tail.split_whitespace().count() > 6 {
                    continue;
                }
                if let Some(p) = cx.lex.place(&tail) {
                    if p.population == 0
                        && p.region.is_none()
                        && pieces.len() - k == 1
                        && k == 0
                        && !cx.lex.countries.contains_key(&fold(&tail))
                    {
                        continue;
                    }
                    // "New York, NY": GeoNames names the city "New York City".
                    let key = fold(pieces[k]);
                    let city = (cx.lex.cities.contains_key(&key)
                        || pieces.len() - k >= 2
                            && cx
                                .lex
                                .cities
                                .get(&format!("{key} city"))
                                .is_some_and(|c| c.country == p.country))
                    .then(|| pieces[k].to_owned())
                    .or_else(|| cx.lex.city_area(pieces[k]));
                    let loc = Location {
                        city,
                        region: p.region.clone(),
                        country_code: Some(p.country.clone()),
                    };
                    if !loc.is_empty() {
                        return Some(Found::new(loc, 0.75, i));
                    }
                }
            }
        }
    }
    None
}

/// Where a name candidate was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Span {
    /// A whole line or its first field.
    Whole,
    /// The capitalised words that open a longer line, or follow the
    /// document's own name in it ("Resume Template Jane Doe …").
    Lead,
    /// The capitalised words after a label, a number or a document word
    /// inside a longer line ("Resume Template Jane Doe 12 Main Street").
    Inner,
}

/// A folded word without its punctuation.
fn bare(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// Words that qualify a job title without naming one.
const TITLE_MODIFIERS: &[&str] = &[
    "senior",
    "junior",
    "trainee",
    "intern",
    "apprentice",
    "assistant",
    "associate",
    "lead",
    "chief",
    "head",
    "deputy",
    "principal",
    "experienced",
    "certified",
    "qualified",
    "licensed",
    "registered",
    "freelance",
];

/// A job-title word (each part of a hyphenated one).
fn title_word(w: &str, cx: &Context) -> bool {
    let b = bare(w);
    !b.is_empty()
        && b.split('-')
            .all(|p| cx.lex.title_words.contains(p) || TITLE_MODIFIERS.contains(&p))
}

/// An ordinary or job-title word (each part of a hyphenated one).
fn common(w: &str, cx: &Context) -> bool {
    let b = bare(w);
    !b.is_empty()
        && b.split('-').all(|p| {
            ORDINARY.contains(p)
                || cx.lex.title_words.contains(p)
                || TITLE_MODIFIERS.contains(&p)
                || p.len() <= 2
        })
}

/// "Morris Plains, NJ 07950": the words before a comma and a short tail that
/// opens with a region or a country name a town the place table may not know.
fn city_of_address(cand: &str, line: &str, cx: &Context) -> bool {
    let Some(pos) = line.find(cand) else {
        return false;
    };
    let Some(rest) = line[pos + cand.len()..].trim_start().strip_prefix(',') else {
        return false;
    };
    let next: Vec<&str> = rest
        .split([',', ' '])
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    // Only a short place tail: "Jane Doe, MS (CS), PMP" is a name with degrees.
    if next.len() > 3 {
        return false;
    }
    let Some(first) = next.first() else {
        return false;
    };
    let first = first.trim_matches(|c: char| !c.is_alphanumeric());
    cx.lex.region_abbrevs.contains_key(first)
        || cx.lex.regions.contains_key(&fold(first))
        || cx.lex.countries.contains_key(&fold(first))
        || cx.lex.regions.contains_key(&fold(&next.join(" ")))
        || cx.lex.countries.contains_key(&fold(&next.join(" ")))
}

/// Whether the line after `i` gives an address, a phone or an e-mail.
fn next_is_contact_block(cx: &Context, i: usize) -> bool {
    cx.lines.get(i + 1).is_some_and(|l| {
        let t = l.text.trim();
        let words: Vec<&str> = t.split_whitespace().collect();
        EMAIL.is_match(t)
            || (PHONE.is_match(t) && words.len() <= 4)
            || (words.len() <= 6
                && words
                    .first()
                    .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
                && words[1..]
                    .iter()
                    .any(|w| STREET_WORDS.contains(&bare(w).as_str())))
    })
}

/// A candidate name's score (0 = not a name).
/// The e-mail's local part, lower-cased ("john.smith" of john.smith@x.com).
fn email_local(c: &ContactFound) -> Option<String> {
    c.email.as_ref().map(|e| {
        e.value
            .as_str()
            .split('@')
            .next()
            .unwrap_or_default()
            .to_lowercase()
    })
}

fn name_score(text: &str, i: usize, cx: &Context, c: &ContactFound, span: Span) -> f32 {
    let ln = &cx.lines[i];
    let words: Vec<&str> = text.split_whitespace().collect();
    // One word only where a surname alone opens the document ("Tillman" over
    // the contact lines); five words where the line holds nothing else.
    let single = words.len() == 1;
    if single && (i != 0 || span == Span::Inner) {
        return 0.0;
    }
    if words.is_empty() || words.len() > 5 || text.chars().count() > 48 {
        return 0.0;
    }
    if text
        .chars()
        .any(|ch| ch.is_ascii_digit() || "@/:|#&+=_".contains(ch))
    {
        return 0.0;
    }
    let nameish = words.iter().all(|w| {
        let mut cs = w.chars();
        let first = cs.next().unwrap_or(' ');
        (first.is_uppercase() || (w.len() <= 3 && (w.ends_with('.') || PARTICLES.contains(w))))
            && w.chars()
                .all(|ch| ch.is_alphabetic() || "'-.’".contains(ch))
    });
    if !nameish {
        return 0.0;
    }
    let key = fold(text);
    if key.split(' ').any(|w| NOT_NAME.contains(&w)) {
        return 0.0;
    }
    let bares: Vec<String> = words.iter().map(|w| bare(w)).collect();
    // "Jane Doe XXXX": a redacted part; "East Vill.": an abbreviated place;
    // "Ed.S. Ph.D.": degrees and initials only.
    if bares
        .iter()
        .any(|w| w.len() >= 3 && w.chars().all(|c| c == 'x'))
        || words.iter().all(|w| {
            w.contains('.')
                && w.split('.')
                    .all(|p| p.chars().filter(|c| c.is_alphabetic()).count() <= 3)
        })
        || words
            .iter()
            .any(|w| w.ends_with('.') && w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
    {
        return 0.0;
    }
    // "Hill Crescent", "Volkerts Rd.": a street.
    if bares[1..]
        .iter()
        .any(|w| STREET_WORDS.contains(&w.as_str()) && w != "st" && w != "dr")
    {
        return 0.0;
    }
    // "Computer Science", "Medical Assistant", "Distribution Channel
    // Management": every word an ordinary or a job-title word.
    let commons = words.iter().filter(|w| common(w, cx)).count();
    // ... unless the e-mail spells it ("John Smith" / "john.smith@…": john
    // and smith are words too).
    let spelled = bares.len() >= 2
        && email_local(c).is_some_and(|local| {
            bares
                .iter()
                .any(|w| w.len() >= 3 && local.contains(w.as_str()))
        });
    if commons == words.len() && !single && !spelled {
        return 0.0;
    }
    let probe = crate::layout::Ln {
        text: text.to_owned(),
        ..ln.clone()
    };
    if cx.lex.place(text).is_some()
        || city_of_address(text, &ln.text, cx)
        || cx.lex.headings.classify(&probe).is_some()
        || (span == Span::Whole && cx.lex.headings.classify(ln).is_some())
    {
        return 0.0;
    }
    if single {
        let w = bares[0].as_str();
        if w.len() < 3
            || cx.lex.title_words.contains(w)
            || ORDINARY.contains(w)
            || cx.lex.cities.contains_key(w)
            || cx.lex.companies.contains(w)
        {
            return 0.0;
        }
    }
    // A title-like line is not a name — unless it opens the document and the
    // next line reads even more like a title ("Jane Developer" / "Full Stack
    // Software Engineer"): surnames such as Baker or Cook are job words too.
    let ts = title_score(text, cx.lex);
    let next_ts = cx
        .lines
        .get(i + 1)
        .map(|l| title_score(&l.text, cx.lex))
        .unwrap_or(0.0);
    // The first line right above the contact line is the name, whatever its words.
    let next_is_contact = cx
        .lines
        .get(i + 1)
        .is_some_and(|l| EMAIL.is_match(&l.text) || PHONE.is_match(&l.text));
    // A first word that no job title uses ("Josef Miller") marks a person.
    let lead_is_title = cx.lex.title_words.contains(bares[0].as_str());
    if (ts >= 0.45
        && (lead_is_title || commons >= 2)
        && !(i == 0 && (next_ts >= ts || next_is_contact)))
        || org_score(text, cx.lex) >= 0.5
    {
        return 0.0;
    }
    // "Team Building", "Customer Relationship Management": skills, not people
    // (every word a skill: "Maya Lin" keeps its name, Autodesk Maya or not).
    let covered: usize = cx
        .lex
        .skills
        .find(text)
        .iter()
        .map(|h| h.end - h.start)
        .sum();
    let letters = text.chars().filter(|c| !c.is_whitespace()).count();
    if covered * 10 >= letters * 9 {
        return 0.0;
    }
    // Names sit in the header block (or a contact section), or open the
    // document, or head the contact block that a preamble pushed down into a
    // section (the next line an address, a phone or an e-mail).
    if i >= 3
        && !matches!(
            cx.kind_of(i),
            SectionKind::Header | SectionKind::Contact | SectionKind::Personal
        )
        && !(span == Span::Whole && i < 12 && next_is_contact_block(cx, i))
    {
        return 0.0;
    }
    let mut s: f32 = 0.55;
    s -= 0.03 * i.min(10) as f32;
    match span {
        Span::Whole => {}
        Span::Lead => s -= 0.05,
        Span::Inner => s -= 0.1,
    }
    if single {
        s -= 0.2;
    }
    if ln.size >= 1.3 {
        s += 0.3;
    } else if ln.size >= 1.1 {
        s += 0.15;
    }
    if ln.bold {
        s += 0.05;
    }
    if words.len() == 2 || words.len() == 3 {
        s += 0.1;
    }
    if let Some(e) = &c.email
        && e.line.abs_diff(i) <= 4
    {
        s += 0.05;
        // The e-mail's local part often spells the name.
        let local = email_local(c).unwrap_or_default();
        if words
            .iter()
            .any(|w| w.len() >= 3 && local.contains(&w.to_lowercase()))
        {
            s += 0.2;
        }
    }
    if cx.kind_of(i) == SectionKind::Header {
        s += 0.1;
    }
    s
}

fn name(cx: &Context, c: &ContactFound) -> Option<Found<String>> {
    // An explicit "Name: …" label wins.
    for (i, ln) in cx.lines.iter().enumerate().take(60) {
        if let Some(m) = NAME_LABEL.captures(&ln.text).and_then(|c| c.get(1)) {
            let v = m.as_str().trim();
            if name_score(v, i, cx, c, Span::Whole) > 0.0 {
                return Some(Found::new(tidy_name(v), 0.95, i));
            }
        }
    }
    let mut best: Option<(f32, usize, String)> = None;
    let mut consider = |cand: &str, i: usize, span: Span, cut: bool| {
        if cand.is_empty() {
            return;
        }
        let mut s = name_score(cand, i, cx, c, span);
        // A surname alone is trusted more when a title, an address or a
        // redaction mark cut it off.
        if cut && s > 0.0 && !cand.contains(' ') {
            s += 0.1;
        }
        if s > 0.0 && best.as_ref().is_none_or(|b| s > b.0) {
            best = Some((s, i, cand.to_owned()));
        }
    };
    for i in 0..cx.lines.len().min(25) {
        let text = &cx.lines[i].text;
        // "Jane Doe | jane@x.com | …": the first field.
        let first = text
            .split(['\t', '|', '•', ','])
            .next()
            .unwrap_or(text)
            .trim();
        let first = first.split(" - ").next().unwrap_or(first).trim();
        let joined = unspace(first);
        // A name set large over two lines ("Chanchal" / "Sharma").
        let stacked = cx
            .lines
            .get(i + 1)
            .filter(|n| {
                let l = &cx.lines[i];
                l.size >= 1.3 && (n.size - l.size).abs() < 0.05 && l.words() <= 2 && n.words() <= 2
            })
            .map(|n| format!("{first} {}", n.text))
            .unwrap_or_default();
        for cand in [first, joined.as_str(), stacked.as_str()] {
            consider(cand, i, Span::Whole, false);
        }
        if i < SPAN_LINES {
            for (cand, span, cut) in name_spans(cx, i) {
                consider(&cand, i, span, cut);
            }
        }
    }
    best.map(|(s, i, n)| Found::new(tidy_name(&n), s.min(0.98), i))
}

/// Lines at the top searched for a name inside longer text.
const SPAN_LINES: usize = 4;

/// Name candidates inside line `i`: the capitalised words that open it, or
/// that follow a document word ("Resume", "Curriculum Vitae"), a label
/// ("Name:"), a number or a link — cut where a street, a place, a job title,
/// a contact label or another casing begins. A line wrapped from a flattened
/// paragraph may carry the name on to the next line.
fn name_spans(cx: &Context, i: usize) -> Vec<(String, Span, bool)> {
    let ln = &cx.lines[i];
    let own = ln.words();
    let mut toks: Vec<&str> = ln.text.split_whitespace().collect();
    if own >= 6
        && let Some(next) = cx.lines.get(i + 1)
    {
        toks.extend(next.text.split_whitespace().take(6));
    }
    let mut out = Vec::new();
    for s in 0..own.min(30) {
        let span = if s == 0 || after_doc_word(&toks[..s]) {
            Span::Lead
        } else if opens_name(&toks[..s])
            || (case_of(toks[s - 1]) == Case::Upper
                && !toks[s - 1].ends_with(',')
                && case_of(toks[s]) == Case::Title)
        {
            Span::Inner
        } else {
            continue;
        };
        if let Some((cand, cut)) = name_run(&toks[s..], cx) {
            out.push((cand, span, cut));
        }
    }
    out
}

/// Whether a name may start right after these tokens.
fn opens_name(before: &[&str]) -> bool {
    let Some(prev) = before.last() else {
        return true;
    };
    prev.ends_with(':')
        || prev.ends_with(')')
        || !prev.chars().any(char::is_alphanumeric)
        || prev.chars().any(|c| c.is_ascii_digit())
        || prev.contains('@')
        || prev.contains("www.")
        || prev.contains("://")
}

/// Whether these tokens end with the document's own name ("Resume",
/// "Curriculum Vitae", "Resume of"): what follows reads as the line's start.
fn after_doc_word(before: &[&str]) -> bool {
    let Some(prev) = before.last() else {
        return false;
    };
    let b = bare(prev);
    DOC_WORDS.contains(&b.as_str())
        || (b == "of"
            && before.len() >= 2
            && DOC_WORDS.contains(&bare(before[before.len() - 2]).as_str()))
}

/// Letter case of a name word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Title,
    Upper,
    Other,
}

fn case_of(w: &str) -> Case {
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        Case::Upper
    } else if letters.first().is_some_and(|c| c.is_uppercase())
        && letters.iter().skip(1).any(|c| c.is_lowercase())
    {
        Case::Title
    } else {
        Case::Other
    }
}

/// Lower-case words that continue a sentence: capitalised words before one
/// open prose ("Designing Proficiency in Java"), not a name.
const PROSE: &[&str] = &[
    "in", "of", "and", "the", "to", "for", "with", "on", "at", "is", "was", "has", "as", "from",
];

/// Words after the name of a building.
const BUILDING: &[&str] = &["room", "floor", "suite", "building", "wing", "block"];

/// The name at the start of `toks`, if its words read like one, and whether
/// a title, an address or a redaction mark cut it off.
fn name_run(toks: &[&str], cx: &Context) -> Option<(String, bool)> {
    let mut run: Vec<&str> = Vec::new();
    let mut case = Case::Other;
    let mut next = toks.len();
    let mut cut = false;
    for (k, raw) in toks.iter().enumerate() {
        let mut t = raw.trim_end_matches([',', ';']);
        let mut last = t.len() != raw.len();
        // "Jane Doe. Heath": a full stop after a word (not an initial) ends it.
        if t.ends_with('.') && t.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
            t = t.trim_end_matches('.');
            last = true;
        }
        let b = bare(t);
        let particle = PARTICLES.contains(&t);
        let word = t
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || particle)
            && t.chars().all(|c| c.is_alphabetic() || "'-.’".contains(c))
            && t.chars().any(char::is_alphabetic);
        // "XXXX": a redacted part.
        let redacted = b.len() >= 3 && b.chars().all(|c| c == 'x');
        if redacted {
            cut = true;
        }
        if !word
            || redacted
            || run.len() >= 5
            || b.is_empty()
            || NOT_NAME.contains(&b.as_str())
            || DOC_WORDS.contains(&b.as_str())
        {
            next = k;
            break;
        }
        let this = case_of(t);
        if this != Case::Other {
            if case != Case::Other && this != case && run.len() >= 2 {
                next = k;
                break;
            }
            if case == Case::Other {
                case = this;
            }
        }
        run.push(t);
        if last {
            next = k + 1;
            break;
        }
    }
    while run.last().is_some_and(|w| PARTICLES.contains(w)) {
        run.pop();
    }
    // "Lucina Hall Room 220": a building.
    if toks
        .get(next)
        .is_some_and(|w| BUILDING.contains(&bare(w).as_str()))
    {
        return None;
    }
    let mut end = run.len();
    // Prose goes on ("Designing Proficiency in Java") — unless the last word
    // opens a title that goes on ("Jane Doe Web and Application Developer").
    if toks.get(next).is_some_and(|w| PROSE.contains(w)) {
        let title_on = run.len() >= 3 && {
            let phrase: Vec<&str> = toks[next - 1..].iter().take(5).copied().collect();
            title_score(&phrase.join(" "), cx.lex) >= 0.45
        };
        if !title_on {
            return None;
        }
        // The title may start earlier ("Distinguished Professor of …").
        end = (2..run.len())
            .find(|&j| {
                let phrase: Vec<&str> = run[j..]
                    .iter()
                    .chain(toks[next..].iter().take(4))
                    .copied()
                    .collect();
                title_score(&phrase.join(" "), cx.lex) >= 0.45
            })
            .unwrap_or(run.len() - 1);
    }
    // "Jane Doe Springfield, IL": the last word before a comma and a region is a town.
    if end >= 3
        && next == end
        && toks[end - 1].ends_with(',')
        && toks.get(next).is_some_and(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            cx.lex.region_abbrevs.contains_key(w)
                || cx.lex.regions.contains_key(&fold(w))
                || cx.lex.countries.contains_key(&fold(w))
        })
    {
        end -= 1;
    }
    // "Jane Doe Frontier Road": the word before a street word is the street's.
    let street = |w: &str| STREET_WORDS.contains(&bare(w).as_str());
    if let Some(j) = (1..run.len()).find(|&j| street(run[j])) {
        end = end.min(j - 1);
    } else if toks.get(next).is_some_and(|w| street(w)) && next == run.len() {
        end = end.saturating_sub(1);
    }
    // "Jane Doe London", "Jane Doe Cary, North Carolina": a place follows.
    if let Some(j) = (2..end).find(|&j| {
        let w = fold(run[j]);
        cx.lex.countries.contains_key(&w)
            || cx.lex.regions.contains_key(&w)
            || cx
                .lex
                .cities
                .get(&w)
                .is_some_and(|p| p.population >= 100_000)
    }) {
        end = j;
    }
    // "Jane Doe Trainee solicitor", "Doe Software Engineer": a job title follows.
    let tail_words: Vec<&str> = if end == run.len() {
        toks[next.min(toks.len())..]
            .iter()
            .take_while(|w| w.chars().all(|c| c.is_lowercase()))
            .take(3)
            .copied()
            .collect()
    } else {
        Vec::new()
    };
    // ... or ordinary words ("Jane Doe Digital Marketing").
    let is_title = |j: usize| {
        let tail: Vec<&str> = run[j..end].iter().chain(&tail_words).copied().collect();
        let text = tail.join(" ");
        tail.iter().all(|w| common(w, cx))
            && !common(run[j - 1], cx)
            && (tail.len() >= 2 || title_score(&text, cx.lex) >= 0.45)
    };
    // A surname that is an ordinary word ("Jane Price Trainee solicitor")
    // stays when a title modifier or a job-title word opens the tail after it.
    let opens_title = |j: usize| {
        let tail: Vec<&str> = run[j..end].iter().chain(&tail_words).copied().collect();
        (TITLE_MODIFIERS.contains(&bare(run[j]).as_str())
            || (title_word(run[j], cx) && !title_word(run[j - 1], cx)))
            && tail.iter().all(|w| common(w, cx))
            && title_score(&tail.join(" "), cx.lex) >= 0.45
    };
    if let Some(j) = (2..end).find(|&j| is_title(j)) {
        end = j;
    } else if let Some(j) = (2..end).find(|&j| opens_title(j)) {
        end = j;
    } else if end >= 3 && is_title(1) {
        end = 1;
    }
    cut |= end < run.len();
    // "Experienced Teacher Jane Doe": a title before the name.
    let start = (1..end.saturating_sub(1))
        .find(|&j| run[..j].iter().all(|w| common(w, cx)) && !common(run[j], cx))
        .unwrap_or(0);
    (end > start).then(|| (run[start..end].join(" "), cut))
}

/// "J O H N   D O E" → "JOHN DOE".
fn unspace(s: &str) -> String {
    let singles = s
        .split_whitespace()
        .filter(|w| w.chars().count() == 1)
        .count();
    if singles >= 4 && singles * 10 >= s.split_whitespace().count() * 8 {
        s.split("  ")
            .map(|w| w.split_whitespace().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        s.to_owned()
    }
}

/// "JANE DOE" → "Jane Doe"; mixed case is kept as written.
fn tidy_name(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase())
    {
        s.split(' ')
            .map(|w| {
                let mut cs = w.chars();
                match cs.next() {
                    Some(f) => f
                        .to_uppercase()
                        .chain(cs.flat_map(|c| c.to_lowercase()))
                        .collect(),
                    None => String::new(),
                }
            })
            .collect::<Vec<String>>()
            .join(" ")
    } else {
        s
    }
}

/// The headline: a title-like line right below the name; failing that, a
/// title run into a contact line or a document word near the top ("…@x.info
/// SALES EXECUTIVE", "Copy Writer CV Resume Template"), or the role an
/// objective or summary opens with ("Marketing professional with 5+ years",
/// "a position as a Mechanical Engineer").
fn label(cx: &Context, name: Option<&Found<String>>) -> Option<Found<String>> {
    labelled_headline(cx)
        .or_else(|| label_below_name(cx, name))
        .or_else(|| label_in_top_lines(cx))
        .or_else(|| label_in_objective(cx))
}

/// "Title" / "Sr. Java J2ee Developer", "Current position: Paralegal": a
/// headline the header labels as one (a job board's profile export, a CV
/// form).
fn labelled_headline(cx: &Context) -> Option<Found<String>> {
    const LABELS: &[&str] = &[
        "title",
        "job title",
        "position",
        "current position",
        "present position",
        "designation",
        "current designation",
        "current role",
    ];
    let is_label = |t: &str| LABELS.contains(&fold(t.trim().trim_end_matches(':')).as_str());
    for i in 0..cx.lines.len().min(15) {
        if cx.kind_of(i) != SectionKind::Header || cx.is_heading(i) {
            continue;
        }
        let text = cx.lines[i].text.trim();
        let value = match text.split_once(':') {
            Some((l, v)) if is_label(l) && !v.trim().is_empty() => Some(v.trim()),
            _ if is_label(text) => cx
                .lines
                .get(i + 1)
                .filter(|_| cx.kind_of(i + 1) == SectionKind::Header && !cx.is_heading(i + 1))
                .map(|n| n.text.trim()),
            _ => None,
        };
        // "Staff Attorney, 905-12": a vacancy number after the title.
        let value = value.map(|v| match v.rsplit_once(',') {
            Some((head, tail)) if !tail.chars().any(char::is_alphabetic) => head.trim(),
            _ => v,
        });
        if let Some(v) = value
            && (1..=8).contains(&v.split_whitespace().count())
            && title_score(v, cx.lex) >= 0.3
            && find_dates(v).is_empty()
        {
            return Some(Found::new(v.to_owned(), 0.8, i));
        }
    }
    None
}

/// Contact tokens (e-mail, link, phone), document words ([`DOC_WORDS`],
/// "Curriculum") and separators that may share a line with a headline.
static NOT_HEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    let doc: Vec<String> = DOC_WORDS.iter().map(|w| regex::escape(w)).collect();
    Regex::new(&format!(
        r"(?:{})|(?:{})|(?:{})|(?i:\b(?:curriculum|{})\b)|[|\t•]",
        EMAIL.as_str(),
        URL.as_str(),
        PHONE.as_str(),
        doc.join("|")
    ))
    .unwrap_or_else(|e| unreachable!("headline regex: {e}"))
});

/// The words that end in a job title's head noun, taken back to where the
/// title words stop ("Versatile, bilingual project manager" → "project
/// manager"), at most five; `None` unless the result reads as a title.
fn title_tail(words: &[&str], cx: &Context) -> Option<String> {
    let last = words.last()?;
    let key = |w: &str| fold(w.trim_matches(|c: char| !c.is_alphanumeric()));
    if !cx.lex.title_heads.contains_key(&key(last)) {
        return None;
    }
    let mut from = words.len() - 1;
    while from > 0 && words.len() - from < 5 {
        let w = words[from - 1];
        if w.ends_with(',') || w.ends_with('.') || !cx.lex.title_words.contains(&key(w)) {
            break;
        }
        from -= 1;
    }
    // Praise is not part of the title ("Dedicated Java Developer").
    while from + 1 < words.len()
        && (PRAISE.contains(&key(words[from]).as_str())
            || matches!(
                key(words[from]).as_str(),
                "to" | "and" | "or" | "of" | "the" | "a" | "an" | "for" | "in"
            ))
    {
        from += 1;
    }
    if words.len() - from < 2 {
        return None;
    }
    let t = words[from..].join(" ");
    let t = t.trim_matches(|c: char| !c.is_alphanumeric() && c != ')');
    (title_score(t, cx.lex) >= 0.6 && org_score(t, cx.lex) < 0.3).then(|| t.to_owned())
}

/// Adjectives a summary puts before a role.
const PRAISE: &[&str] = &[
    "skilled",
    "experienced",
    "dedicated",
    "exceptional",
    "strategic",
    "motivated",
    "versatile",
    "oriented",
    "seasoned",
    "accomplished",
    "talented",
    "passionate",
    "driven",
    "creative",
    "dynamic",
    "enthusiastic",
    "hardworking",
    "proven",
    "successful",
    "energetic",
    "innovative",
    "reliable",
    "committed",
    "qualified",
    "professional",
    "highly",
    "sample",
    "aspiring",
    "diligent",
    "competent",
    "efficient",
    "organized",
    "focused",
];

fn label_in_top_lines(cx: &Context) -> Option<Found<String>> {
    for (i, ln) in cx.lines.iter().enumerate().take(8) {
        if cx.kind_of(i) != SectionKind::Header || cx.is_heading(i) || ln.bullet {
            continue;
        }
        for piece in NOT_HEADLINE.split(&ln.text) {
            let piece = piece.trim().trim_end_matches([',', ';', ':']);
            let mut words: Vec<&str> = piece.split_whitespace().collect();
            // "Entry-Level Business Analyst - SAMPLE RESUME": the template's
            // own words after the title.
            while words.len() > 1
                && words
                    .last()
                    .is_some_and(|w| matches!(fold(w).as_str(), "" | "sample" | "example"))
            {
                words.pop();
            }
            if !(1..=6).contains(&words.len()) || !find_dates(piece).is_empty() {
                continue;
            }
            // A whole piece, or the run of capitals that ends it
            // ("… Blog SOCIAL MEDIA MANAGER").
            let caps = words
                .iter()
                .rposition(|w| w.chars().any(char::is_lowercase))
                .map_or(0, |p| p + 1);
            for cand in [&words[..], &words[caps..]] {
                if let Some(text) = title_tail(cand, cx)
                    && crate::entities::fragments::capitalised(&text)
                {
                    return Some(Found::new(text, 0.5, i));
                }
            }
        }
    }
    None
}

/// "(a job | a position | experience) as (a | an) Mechanical Engineer";
/// "Marketing professional with 5+ years".
static AS_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:position|job|role|career|experience|work(?:ing)?|serve|be|become)\s+as\s+(?:an?\s+|the\s+)?((?:[A-Za-z][\w/&-]*\s+){0,4}[A-Za-z][\w/&-]*)")
        .unwrap_or_else(|e| unreachable!("as-role regex: {e}"))
});
static ROLE_WITH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:[A-Za-z][\w/&,-]*\s+){0,5}?[A-Za-z][\w/&-]*)\s+(?:with|who|having|seeking|offering)\b")
        .unwrap_or_else(|e| unreachable!("role-with regex: {e}"))
});

fn label_in_objective(cx: &Context) -> Option<Found<String>> {
    let first_summary = cx.ranges(SectionKind::Summary).into_iter().next();
    let lines = (0..cx.lines.len().min(12))
        .filter(|&i| cx.kind_of(i) == SectionKind::Header)
        .chain(
            first_summary
                .clone()
                .into_iter()
                .flat_map(|r| r.start..r.end.min(r.start + 4)),
        );
    for i in lines {
        if cx.is_heading(i) {
            continue;
        }
        let text = &cx.lines[i].text;
        // "JOB OBJECTIVES" / "Developer / Software Architect": an objective
        // that opens on a bare job title names the one sought.
        let opens_summary = first_summary
            .as_ref()
            .is_some_and(|r| (r.start..i).all(|l| cx.is_heading(l)) && r.contains(&i));
        let t = text.trim();
        if opens_summary
            && (1..=6).contains(&t.split_whitespace().count())
            && !t.ends_with(['.', ',', ':'])
            && find_dates(t).is_empty()
            && crate::entities::fragments::capitalised(t)
            && !crate::entities::fragments::is_noise(t)
            && title_score(t, cx.lex) >= 0.6
        {
            return Some(Found::new(t.to_owned(), 0.5, i));
        }
        // "Working as Escalation Engineer with Microsoft."
        if let Some((Some(t), _)) = crate::entities::fragments::sentence_role(text)
            && title_score(&t, cx.lex) >= 0.5
        {
            return Some(Found::new(t, 0.45, i));
        }
        let mut cands: Vec<&str> = Vec::new();
        if let Some(c) = ROLE_WITH.captures(text).and_then(|c| c.get(1)) {
            cands.push(c.as_str());
        }
        if let Some(c) = AS_ROLE.captures(text).and_then(|c| c.get(1)) {
            cands.push(c.as_str());
        }
        for c in cands {
            let words: Vec<&str> = c.split_whitespace().collect();
            // The longest prefix that ends in a title ("Mechanical Engineer
            // with ABC" → "Mechanical Engineer").
            for end in (1..=words.len()).rev() {
                if let Some(t) = title_tail(&words[..end], cx) {
                    return Some(Found::new(t, 0.45, i));
                }
            }
        }
    }
    None
}

fn label_below_name(cx: &Context, name: Option<&Found<String>>) -> Option<Found<String>> {
    let n = name?;
    // Personal details ("Age : 23", "Nationality : French") may come
    // between the name and the headline too.
    for i in n.line + 1..(n.line + 11).min(cx.lines.len()) {
        let ln = &cx.lines[i];
        // Contact lines (e-mail, phone, address, links; a phone may carry a
        // symbol read as a bullet) may sit between the name and the headline.
        let digits = ln.text.chars().filter(char::is_ascii_digit).count();
        let contact = ln.text.contains('@') || ln.text.contains("://") || digits >= 5;
        if cx.is_heading(i)
            || ln.bullet && !contact
            || cx.kind_of(i) != SectionKind::Header
            || ln.words() > 12
        {
            break;
        }
        if contact {
            continue;
        }
        let head = ln.text.split(['|', '\t']).next().unwrap_or(&ln.text).trim();
        let head = head.split(" - ").next().unwrap_or(head).trim();
        let s = title_score(head, cx.lex);
        // Further down, only a line that is a title and nothing else.
        let near = i <= n.line + 6
            || s >= 0.6
                && (2..=5).contains(&head.split_whitespace().count())
                && head
                    .split_whitespace()
                    .all(|w| w.starts_with(|c: char| c.is_uppercase()))
                && !head.contains([',', '.', ':']);
        if near && s >= 0.45 && head.split_whitespace().count() <= 8 && find_dates(head).is_empty()
        {
            return Some(Found::new(head.to_owned(), 0.5 + 0.4 * s, i));
        }
        // "Jane Doe" / "IT SUPPORT" / "Pune - jane@example.com": the line set
        // between the name and the contact line is the headline, though its
        // words are not the dictionary's — when it is short, capitalised,
        // no place and no sentence.
        let contact_next = cx.lines.get(i + 1).is_some_and(|l| {
            let digits = l.text.chars().filter(char::is_ascii_digit).count();
            l.text.contains('@') || l.text.contains("://") || digits >= 7
        });
        if !near {
            continue;
        }
        if i == n.line + 1
            && contact_next
            && s >= 0.15
            && (2..=5).contains(&head.split_whitespace().count())
            && crate::entities::fragments::capitalised(head)
            && !head.chars().any(|c| c.is_ascii_digit() || c == '.')
            && cx.lex.place(head).is_none()
            && org_score(head, cx.lex) < 0.3
        {
            return Some(Found::new(head.to_owned(), 0.5, i));
        }
    }
    None
}

fn summary(cx: &Context) -> Option<Found<String>> {
    let r = cx.ranges(SectionKind::Summary).into_iter().next()?;
    let text: Vec<&str> = cx.lines[r.clone()]
        .iter()
        .map(|l| l.text.as_str())
        .collect();
    let s = text.join(" ");
    (!s.trim().is_empty()).then(|| Found::new(s, 0.8, r.start))
}

#[cfg(test)]
mod tests {
    fn name(text: &str) -> Option<String> {
        super::super::parse_text(text).basics.name
    }

    const BODY: &str = "\n\nEXPERIENCE\nAnalyst, Acme Corp, 2015 - 2020\n";

    fn label(text: &str) -> Option<String> {
        super::super::parse_text(text).basics.label
    }

    #[test]
    fn a_sample_resume_title_names_the_label() {
        let t = format!(
            "Entry-Level Business Analyst - SAMPLE RESUME/ADVICE\n(Created by Zippia)\nEmail: xxxxx{BODY}"
        );
        assert_eq!(label(&t).as_deref(), Some("Business Analyst"));
    }

    #[test]
    fn an_objective_opening_on_a_bare_title_names_the_label() {
        let t = format!(
            "RESUME OF Darell Cormier\nLOS ANGELES\nd.cormier@example.com\nJOB OBJECTIVES\n\
             Developer / Software Architect\nRoles that utilize Android, Flash, Flex environments{BODY}"
        );
        assert_eq!(label(&t).as_deref(), Some("Developer / Software Architect"));
        // Page furniture opening the section is no title.
        let t = format!("Darell Cormier\nd.cormier@example.com\nSummary\nPage\n1 of 3{BODY}");
        assert_eq!(label(&t), None);
    }

    #[test]
    fn a_city_named_like_its_state() {
        let b = super::super::parse_text(&format!(
            "Jordan Reyes\njordan@example.com | (312) 555-0123 | New York, NY{BODY}"
        ))
        .basics;
        let loc = b.location.unwrap_or_default();
        assert_eq!(loc.city.as_deref(), Some("New York"));
        assert_eq!(loc.country_code.as_deref(), Some("US"));
    }

    #[test]
    fn a_name_of_ordinary_words_that_the_email_spells() {
        let b = super::super::parse_text(&format!(
            "JOHN A. DOE, PMP\nChicago, IL 60601 | (312) 555-0199 | john.doe@outlook.com{BODY}"
        ))
        .basics;
        assert_eq!(b.name.as_deref(), Some("John A. Doe"));
    }

    #[test]
    fn the_location_is_the_contact_blocks_not_the_schools() {
        let b = super::super::parse_text(
            "Jake Ryan\n123-456-7890 | jake@su.edu\nEducation\n\
             Southwestern University\tGeorgetown, TX\nBachelor of Arts in Computer Science\n",
        )
        .basics;
        assert_eq!(b.location, None);
        // Fields set apart by a symbol font's glyph or by wide spaces.
        let b = super::super::parse_text(&format!(
            "Ivory Beahan 122 South Michigan Avenue {g} Chicago, IL 60603 {g} ivory@example.org{BODY}",
            g = '\u{f09f}'
        ))
        .basics;
        assert_eq!(
            b.location.unwrap_or_default().city.as_deref(),
            Some("Chicago")
        );
    }

    #[test]
    fn a_long_address_ends_in_its_place() {
        let b = super::super::parse_text(&format!(
            "RAHUL SHARMA\nMobile: +91 98765 43210 | Email: rahul@example.com\n\
             Address: Flat 12, Sector 62, Noida, Uttar Pradesh - 201301{BODY}"
        ))
        .basics;
        let loc = b.location.unwrap_or_default();
        assert_eq!(loc.city.as_deref(), Some("Noida"));
        assert_eq!(loc.region.as_deref(), Some("Uttar Pradesh"));
        assert_eq!(loc.country_code.as_deref(), Some("IN"));
    }

    #[test]
    fn phone_written_with_an_en_dash() {
        let b = super::super::parse_text(&format!(
            "Chanchal Sharma\nOffice Manager\n(718) 555–0100\nchanchal@example.com{BODY}"
        ))
        .basics;
        assert_eq!(b.phone.as_deref(), Some("(718) 555–0100"));
        assert_eq!(
            b.x_phone_e164
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .as_deref(),
            Some("+17185550100")
        );
    }

    #[test]
    fn headline_run_into_a_contact_line() {
        let t = format!("Marta Kowalczyk\nmarta@example.com SOCIAL MEDIA MANAGER{BODY}");
        assert_eq!(label(&t).as_deref(), Some("SOCIAL MEDIA MANAGER"));
    }

    #[test]
    fn headline_from_the_objective_or_summary() {
        let t = format!(
            "Marta Kowalczyk\nmarta@example.com\nOBJECTIVE\nTo obtain an entry-level position \
             as a Mechanical Engineer with ABC Technologies.{BODY}"
        );
        assert_eq!(label(&t).as_deref(), Some("Mechanical Engineer"));
        let t = format!(
            "Marta Kowalczyk\nmarta@example.com\nSUMMARY\nDedicated Java Developer with 5 years \
             of experience in banking.{BODY}"
        );
        assert_eq!(label(&t).as_deref(), Some("Java Developer"));
    }

    #[test]
    fn no_headline_from_praise_or_a_bare_word() {
        let t = format!(
            "Marta Kowalczyk\nmarta@example.com\nSUMMARY\nHighly motivated professional with \
             a passion for learning.{BODY}"
        );
        assert_eq!(label(&t), None);
    }

    #[test]
    fn name_on_its_own_line() {
        let t = format!("Marta Kowalczyk\nmarta@example.com | 555-123-4567{BODY}");
        assert_eq!(name(&t).as_deref(), Some("Marta Kowalczyk"));
    }

    #[test]
    fn name_after_document_words_in_a_flattened_paragraph() {
        let t = "Sales Manager Resume Template Marta Kowalczyk 12 Main Street, Springfield \
                 Phone: 555-123-4567 marta@example.com Objective To lead a sales team in a \
                 growing company where my experience of ten years counts.";
        assert_eq!(name(t).as_deref(), Some("Marta Kowalczyk"));
        let t = format!("RESUME OF Marta Kowalczyk\nLOS ANGELES\nmarta@example.com{BODY}");
        assert_eq!(name(&t).as_deref(), Some("Marta Kowalczyk"));
    }

    #[test]
    fn name_before_a_street_in_the_same_line() {
        let t = format!("Marta Kowalczyk Frontier Road London Phone: 555-123-4567{BODY}");
        assert_eq!(name(&t).as_deref(), Some("Marta Kowalczyk"));
    }

    #[test]
    fn name_before_a_title_in_the_same_line() {
        let t = format!(
            "Marta Kowalczyk ESB Integration Developer - Cisco Systems\nmarta@example.com{BODY}"
        );
        assert_eq!(name(&t).as_deref(), Some("Marta Kowalczyk"));
        let t = format!(
            "Marta Kowalczyk Trainee solicitor AREAS OF EXPERTISE Drafting{BODY}\nmarta@example.com"
        );
        assert_eq!(name(&t).as_deref(), Some("Marta Kowalczyk"));
    }

    #[test]
    fn ordinary_word_surname_before_a_title_and_title_before_a_name() {
        let t = format!("Marta Price Trainee solicitor AREAS OF EXPERTISE Drafting{BODY}");
        assert_eq!(name(&t).as_deref(), Some("Marta Price"));
        let t = format!(
            "Education Resume Example - Experienced Teacher Marta Kowalczyk\n\
             1640 Maple Street Treeville, NE 68000\n(555)345-7890{BODY}"
        );
        assert_eq!(name(&t).as_deref(), Some("Marta Kowalczyk"));
    }

    #[test]
    fn name_before_a_title_with_and_or_of_and_before_a_town() {
        let t = format!(
            "PROFESSIONAL RESUME\tMarta Kowalczyk Web and Application Developer\n\
             New Delhi, India{BODY}"
        );
        assert_eq!(name(&t).as_deref(), Some("Marta Kowalczyk"));
        let t = format!(
            "12345 Knox Drive Cell: (555)345-7890 Marta Kowalczyk Rosharon, TX 77583\n\
             marta@example.com{BODY}"
        );
        assert_eq!(name(&t).as_deref(), Some("Marta Kowalczyk"));
        let t = format!(
            "Curriculum Vitae Marta Kowalczyk\nProgress Energy / Gordon Hulbert \
             Distinguished Professor of Information Systems\nWilmington, NC 28403{BODY}"
        );
        assert_eq!(name(&t).as_deref(), Some("Marta Kowalczyk"));
    }

    #[test]
    fn name_over_a_contact_block_pushed_down_by_a_preamble() {
        let t = format!(
            "Sample Resume\nEducation\nDO NOT COPY: You are advised not to\n\
             copy this sample, but to use it to generate\nideas to create your own resume.\n\
             Marta Kowalczyk\n790 Brown St\nTraralgon VIC 3844\nemail: marta@example.com{BODY}"
        );
        assert_eq!(name(&t).as_deref(), Some("Marta Kowalczyk"));
    }

    #[test]
    fn headline_labelled_or_below_personal_details() {
        let t = "Title\nSr. Java J2ee Developer\nPrimary Skills\nJava, Spring\n\
                 Summary\nTen years of Java.\n";
        assert_eq!(label(t).as_deref(), Some("Sr. Java J2ee Developer"));
        let t = "Al Franecki\nStroman@yahoo.com\nJOB TITLE\nStaff Attorney, 905-12\n\
                 QUALIFICATIONS SUMMARY\nAn attorney.\n";
        assert_eq!(label(t).as_deref(), Some("Staff Attorney"));
        let t = "Jefferson Hoeger\n42, rue Manin\n75019 Paris\n\u{2022} 06.61.33.91.80\n\
                 Willene14@hotmail.com\nAge : 23\nSingle\nNationality : French\n\
                 Driver license\nIT Network Engineer\n6 years of IT experience\n\
                 Education\nBTS, 2010\n";
        assert_eq!(label(t).as_deref(), Some("IT Network Engineer"));
    }

    #[test]
    fn name_label_inside_a_line() {
        let t = format!(
            "CURRICULUM VITAE Personal Particulars Name: Marta Kowalczyk Address: P.O. Box 12, \
             Nairobi Telephone: 555-123-4567{BODY}"
        );
        assert_eq!(name(&t).as_deref(), Some("Marta Kowalczyk"));
    }

    #[test]
    fn name_after_capitals_or_a_parenthesis() {
        let t = format!(
            "VITA\nI. NAME AND TITLE Marta Kowalczyk, Ph.D., Associate Professor,\n\
             Phone: 555-123-4567{BODY}"
        );
        assert_eq!(name(&t).as_deref(), Some("Marta Kowalczyk"));
        let t = format!(
            "Sample Résumé: Physical Education (B.S.Ed.) Marta Kowalczyk\n555-123-4567 \
             marta@example.com{BODY}"
        );
        assert_eq!(name(&t).as_deref(), Some("Marta Kowalczyk"));
    }

    #[test]
    fn building_is_no_name() {
        let t = format!(
            "Sample Teacher Résumé\nCareer Center\nLucina Hall Room 220\n\
             Marta Kowalczyk 2000 W. University Avenue\nmarta@example.com{BODY}"
        );
        assert_eq!(name(&t).as_deref(), Some("Marta Kowalczyk"));
    }

    #[test]
    fn surname_alone_over_a_title_or_a_redaction() {
        let t = format!(
            "Kowalczyk Software-Firmware Engineer\n24 Robinson Road\nMorris Plains, NJ 07950\n\
             marta@example.com{BODY}"
        );
        assert_eq!(name(&t).as_deref(), Some("Kowalczyk"));
        let t = format!("Kowalczyk XXXX\nMobile: +91-9999999999\nmarta@example.com{BODY}");
        assert_eq!(name(&t).as_deref(), Some("Kowalczyk"));
    }

    #[test]
    fn surname_that_is_a_job_word() {
        let t = format!(
            "Josef Miller\nTech Support Executive - Teleperformance for Microsoft\n\
             Jaipur, Rajasthan - josef@example.com{BODY}"
        );
        assert_eq!(name(&t).as_deref(), Some("Josef Miller"));
    }

    #[test]
    fn five_word_name() {
        let t = format!("Marta Anna Zofia Maria Kowalczyk\nmarta@example.com{BODY}");
        assert_eq!(
            name(&t).as_deref(),
            Some("Marta Anna Zofia Maria Kowalczyk")
        );
    }

    #[test]
    fn no_name_from_titles_places_fields_or_prose() {
        for t in [
            "Medical Assistant\n555-123-4567\nanon@example.com\nSeattle, WA",
            "Morris Plains, NJ 07950\n555-123-4567\nanon@example.com",
            "Computer Science\nanon@example.com",
            "Designing Proficiency in Java, J2EE and the latest frameworks\nanon@example.com",
            "Hill Crescent\nanon@example.com",
            "Ed.S. Ph.D. III.\nanon@example.com",
        ] {
            let t = format!("{t}{BODY}");
            assert_eq!(name(&t), None, "{t}");
        }
    }
}
