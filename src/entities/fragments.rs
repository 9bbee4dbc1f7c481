//! Entry header lines cut into fragments, and the evidence that a fragment is
//! a job title, an organisation or a place.
//!
//! Input: a header line ("Senior Engineer | Acme Corp | Austin, TX | 2019 –
//! Present"). Output: [`Fragment`]s with dates (also ranges glued together,
//! "20132015", see [`header_dates`]) and places set apart, plus
//! `title_score` / `org_score` in 0..1, used by the work and education stages
//! to decide which fragment is which, whatever order the resume uses.

use std::sync::LazyLock;

use regex::Regex;

use crate::lexicon::{Lexicon, strip_legal};
use crate::segment::fold;

use super::dates::{DateSpan, find_dates, parse_date};

/// A piece of a header line.
#[derive(Debug, Clone, PartialEq)]
pub struct Fragment {
    pub text: String,
    /// Index into the prepared lines.
    pub line: usize,
}

/// A header line read apart.
#[derive(Debug, Clone, Default)]
pub struct HeaderParts {
    pub fragments: Vec<Fragment>,
    pub dates: Vec<DateSpan>,
    pub places: Vec<(String, usize)>,
}

static STRONG_SEP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\t|;\s+|\s+[|•·]\s+|\s[-–—]+\s|\s[-–—]+$|^[-–—]+\s|\s@\s|\s*\|\s*|[()]")
        .unwrap_or_else(|e| unreachable!("separator regex: {e}"))
});

/// "CLEARWIRE- Kansas City, MO": a dash set against the word before it and
/// apart from the capitalised word after it separates like " - ".
static ATTACHED_DASH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{L}{2,})[-–—]\s+(\p{Lu})")
        .unwrap_or_else(|e| unreachable!("attached dash regex: {e}"))
});

/// Legal forms: strong evidence of an organisation wherever they stand.
static LEGAL_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(inc|incorporated|ltd|limited|llc|llp|plc|pvt|corp|corporation|gmbh|ag|s\.a|s\.p\.a|b\.v|n\.v|pty|co\.)(\b|\.|$)")
        .unwrap_or_else(|e| unreachable!("legal regex: {e}"))
});

/// A firm's name ("Rödl & Partner", "Smith & Associates"): as plain a mark
/// of an organisation as a legal form, though it ends in a job word.
static FIRM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\w\s*&\s*(?:partners?|associates|sons|company|co\b)")
        .unwrap_or_else(|e| unreachable!("firm regex: {e}"))
});

/// European legal forms that are also words or initials in lower or mixed
/// case ("as", "ab"): read only as written, at the end of a name ("Nofas
/// AS", "Redpill Linpro AB", "Nokia Oyj", "Maersk A/S").
static LEGAL_FORM_CASED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\S\s+(?:AS|ASA|AB|Oy|Oyj|A/S|ApS|SARL|SRL|SAS|KG|SpA|S\.A\.S\.?|Sp\. z o\.o\.)$")
        .unwrap_or_else(|e| unreachable!("cased legal regex: {e}"))
});

/// A legal form or a firm's name anywhere in the fragment.
fn legal_form(f: &str) -> bool {
    LEGAL_FORM.is_match(f) || FIRM.is_match(f) || LEGAL_FORM_CASED.is_match(f.trim_end())
}

/// Nouns that name organisations. They are evidence when they end the name
/// ("Acme Software", "Bank of Baroda") and weak evidence elsewhere, because
/// titles use them too ("Software Engineer", "Bank Teller").
const ORG_NOUNS: &[&str] = &[
    "company",
    "technologies",
    "technology",
    "tech",
    "solutions",
    "systems",
    "services",
    "consulting",
    "consultants",
    "consultancy",
    "group",
    "bank",
    "lab",
    "labs",
    "laboratory",
    "laboratories",
    "software",
    "infotech",
    "infosys",
    "enterprise",
    "enterprises",
    "international",
    "industries",
    "foundation",
    "associates",
    "partners",
    "agency",
    "hospital",
    "hospitals",
    "clinic",
    "clinics",
    "studio",
    "studios",
    "media",
    "network",
    "networks",
    "pharma",
    "pharmaceuticals",
    "motors",
    "energy",
    "capital",
    "ventures",
    "holdings",
    "global",
    "digital",
    "logistics",
    "airlines",
    "communications",
    "telecom",
    "healthcare",
    "financial",
    "insurance",
    "university",
    "college",
    "institute",
    "school",
    "academy",
    "council",
    "ministry",
    "department",
    "government",
    "authority",
    "organization",
    "organisation",
    "association",
    "society",
    "trust",
    "firm",
    "store",
    "stores",
    "restaurant",
    "hotel",
    "center",
    "centre",
    "centers",
    "centres",
    "club",
    "church",
    "office",
    "offices",
    "county",
    "bureau",
    "corps",
    "army",
    "navy",
    "force",
    "police",
    "court",
    "library",
    "museum",
    "press",
    "publishing",
    "records",
    "entertainment",
    "games",
    "retail",
    "foods",
    "farms",
    "construction",
    "engineering",
    "manufacturing",
    "electronics",
    "automotive",
    "chemicals",
    "steel",
    "oil",
    "gas",
    "power",
    "airways",
    "railways",
    "transport",
    "university's",
    // Schools, shops and the places people work first jobs in.
    "elementary",
    "schools",
    "district",
    "camp",
    "league",
    "shop",
    "station",
    "pharmacy",
    "cafe",
    "diner",
    "grill",
    "steakhouse",
    "bakery",
    "salon",
    "charity",
    "commission",
    "newspaper",
    "magazine",
    "ngo",
    "llp",
];

fn org_noun_evidence(key: &str) -> f32 {
    let words: Vec<&str> = key.split(' ').collect();
    let mut best: f32 = 0.0;
    for (i, w) in words.iter().enumerate() {
        if ORG_NOUNS.contains(w) {
            let last = i + 1 == words.len();
            let before_of = words.get(i + 1) == Some(&"of") || words.get(i + 1) == Some(&"for");
            // "Corporate Department": a unit inside the employer, unless it
            // is the "Department of …" that employs.
            let unit = *w == "department" && !before_of;
            best = best.max(match (last || before_of, unit) {
                (true, false) => 0.6,
                (true, true) => 0.45,
                (false, _) => 0.15,
            });
        }
    }
    best
}

static TITLE_MODS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(senior|sr|junior|jr|lead|chief|head|principal|staff|assistant|associate|intern|internship|trainee|apprentice|deputy|vice|executive|freelance|volunteer|graduate|student|member|fellow|ceo|cto|cfo|coo|vp|svp|avp|founder|co-founder|cofounder|owner|partner|president|director|manager|engineer|developer|analyst|consultant|specialist|officer|administrator|admin|coordinator|architect|designer|teacher|lecturer|professor|accountant|representative|technician|scientist|researcher|programmer|tester|writer|editor|nurse|clerk|supervisor|advisor|adviser|agent|operator|instructor|tutor|attorney|lawyer|counsel|auditor|recruiter|planner|strategist|buyer|cashier|driver|mechanic|electrician|therapist|pharmacist|physician|doctor|surgeon|secretary|receptionist|librarian|editor|producer|artist|photographer|chef|cook|server|bartender|guard|contractor|sde|swe|qa|it|hr)\b")
        .unwrap_or_else(|e| unreachable!("title regex: {e}"))
});

/// "20132015", "2016present", "2012to date": a range whose separator was
/// lost when the resume was flattened.
static GLUED_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b((?:19|20)\d{2})((?:19|20)\d{2}|present|current|now|to\s*date|till\s*date)\b",
    )
    .unwrap_or_else(|e| unreachable!("glued range regex: {e}"))
});

/// A role written as a sentence, as many resumes do: "Worked as Software
/// Engineer with Prolifics Corporation Limited from Dec' 2015", "Currently
/// working as a Software Engineer in xxx Technologies, Bangalore", "Presently
/// I am associated with XXXX Technologies". The verb and "as" say which part
/// is the title and which the employer; what follows a comma, a bracket, a
/// date (blanked to tabs by [`split_header`]) or "from/since" is place and
/// dates.
static SENTENCE_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    let lead = r"^[-*•]?\s*(?:(?:currently|presently|previously|now)\s+)?(?:(?:i\s+)?(?:am|was|have\s+been|had\s+been|have|had)\s+)?(?:(?:currently|presently|previously)\s+)?";
    let tail = r"(?:\s*[,(;\t].*|\.\s*|\s+(?:from|since|till|until|during|between|on)\b.*)?$";
    Regex::new(&format!(
        r"(?i){lead}(?:(?:working|worked|employed|serving|served|joined|engaged)\s+as\s+(?:an?\s+|the\s+)?(?P<title>[^,;(\t]+?)(?:\s+(?:with|at|in|for)\s+(?P<org>[^,;(\t]+?))?|(?:associated|employed)\s+(?:with|at|by)\s+(?P<org2>[^,;(\t]+?)){tail}"
    ))
    .unwrap_or_else(|e| unreachable!("sentence role regex: {e}"))
});

/// The title and employer of a role written as a sentence (see
/// [`SENTENCE_ROLE`]); either may be missing, never both.
pub fn sentence_role(text: &str) -> Option<(Option<String>, Option<String>)> {
    let c = SENTENCE_ROLE.captures(text.trim())?;
    let title = c.name("title").map(|m| clean(m.as_str()));
    let org = c
        .name("org")
        .or_else(|| c.name("org2"))
        .map(|m| clean(m.as_str()));
    let org = org.map(|o| o.strip_prefix("the ").map(str::to_owned).unwrap_or(o));
    // Ten words are no title: the sentence goes on about something else.
    let fits = |s: &Option<String>| {
        s.as_ref()
            .is_none_or(|s| !s.is_empty() && s.split_whitespace().count() <= 8)
    };
    (fits(&title) && fits(&org) && (title.is_some() || org.is_some())).then_some((title, org))
}

/// Every date or range in a header line: [`find_dates`], plus ranges glued
/// together without a separator.
pub fn header_dates(text: &str) -> Vec<DateSpan> {
    let mut out = find_dates(text);
    for c in GLUED_RANGE.captures_iter(text) {
        let (Some(whole), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let Some(start) = parse_date(a.as_str()) else {
            continue;
        };
        let end = parse_date(b.as_str());
        if end.is_some_and(|e| e.year < start.year || e.year > start.year + 60) {
            continue;
        }
        out.retain(|d| d.to <= whole.start() || d.from >= whole.end());
        out.push(DateSpan {
            start: Some(start),
            end,
            current: end.is_none(),
            is_range: true,
            from: whole.start(),
            to: whole.end(),
        });
    }
    out.sort_by_key(|d| d.from);
    out
}

/// Cut a header line into fragments, setting dates and places apart.
pub fn split_header(text: &str, line: usize, lex: &Lexicon) -> HeaderParts {
    let mut parts = HeaderParts {
        dates: header_dates(text),
        ..Default::default()
    };
    // Blank out the dates, keeping byte offsets.
    let mut t = text.to_owned();
    for d in &parts.dates {
        if d.from < d.to
            && d.to <= t.len()
            && t.is_char_boundary(d.from)
            && t.is_char_boundary(d.to)
        {
            t.replace_range(d.from..d.to, &"\t".repeat(d.to - d.from));
        }
    }
    // "Title at Company" splits at " at "; "University of Texas at Austin" does not.
    let mut pieces: Vec<String> = Vec::new();
    let sentence = sentence_role(&t);
    if let Some((title, org)) = sentence.clone() {
        pieces.extend(title);
        pieces.extend(org);
    }
    let t = ATTACHED_DASH.replace_all(&t, "$1 - $2");
    for piece in STRONG_SEP.split(&t).filter(|_| sentence.is_none()) {
        match piece.split_once(" at ") {
            Some((left, right))
                if title_score(left, lex) >= 0.3 && org_noun_evidence(&fold(left)) < 0.6 =>
            {
                pieces.push(left.to_owned());
                pieces.push(right.to_owned());
            }
            _ => match piece.split_once(": ") {
                // "Full Time Instructor: Kent State University" — but keep
                // "Company: Acme" whole, its label says what it is.
                Some((left, right))
                    if labelled(piece).is_none()
                        && !client_labelled(piece)
                        && title_score(left, lex) >= 0.3 =>
                {
                    pieces.push(left.to_owned());
                    pieces.push(right.to_owned());
                }
                _ => pieces.push(piece.to_owned()),
            },
        }
    }
    for piece in &pieces {
        let piece = clean(piece);
        // A "Present" left over from a range cut across a gap.
        let piece = match piece.split_once(' ') {
            Some((w, rest))
                if matches!(
                    w.to_lowercase().as_str(),
                    "present" | "current" | "now" | "today"
                ) =>
            {
                rest.to_owned()
            }
            _ => piece,
        };
        if piece.is_empty() {
            continue;
        }
        if lex.place(&piece).is_some() || is_remote(&piece) {
            parts.places.push((piece, line));
            continue;
        }
        // "Northwind Technology. San Jose, California": a place set off by a
        // full stop rather than a comma.
        let piece = match piece.rsplit_once(". ") {
            Some((name, place))
                if lex.place(place).is_some()
                    && name.split_whitespace().count() <= 8
                    && !ends_in_initial(name)
                    && find_dates(place).is_empty() =>
            {
                parts.places.push((place.to_owned(), line));
                let abbreviated =
                    LEGAL_FORM.is_match(name.split_whitespace().next_back().unwrap_or(""));
                if abbreviated {
                    format!("{name}.")
                } else {
                    name.to_owned()
                }
            }
            _ => piece,
        };
        // "Client: CTB/McGraw-Hill, Hanes Brands INC., Target": the list of
        // clients is one labelled fragment, none of it the employer.
        if client_labelled(&piece) {
            parts.fragments.push(Fragment { text: piece, line });
            continue;
        }
        // "Acme Corp, Austin, TX": the longest place suffix after a comma.
        let commas: Vec<&str> = piece.split(',').map(str::trim).collect();
        let mut cut = commas.len();
        for k in 1..commas.len() {
            let tail = commas[k..].join(", ");
            if lex.place(&tail).is_some() || is_remote(&tail) {
                cut = k;
                parts.places.push((tail, line));
                break;
            }
        }
        // "Sr. Web Developer North Hollywood, CA": the town before the
        // place's region, set after the title with no comma of its own.
        let region_code = |p: &str| lex.region_abbrevs.contains_key(p.trim_end_matches('.'));
        let tail_at = if cut == commas.len() && commas.len() >= 2 && region_code(commas[cut - 1]) {
            cut - 1
        } else {
            cut
        };
        let mut head: Vec<String> = commas[..cut].iter().map(|s| (*s).to_owned()).collect();
        if tail_at > 0
            && tail_at < commas.len()
            && let Some((title, town)) = town_after_title(&head[tail_at - 1], lex)
        {
            let place = format!("{town}, {}", commas[tail_at..].join(", "));
            if lex.place(&place).is_some() {
                if tail_at < cut {
                    head.truncate(tail_at);
                    parts.places.push((place, line));
                } else if let Some(p) = parts.places.last_mut() {
                    p.0 = place;
                }
                head[tail_at - 1] = title;
            }
        }
        let head: Vec<&str> = head.iter().map(String::as_str).collect();
        // "Title, Company" → two fragments; keep commas inside "Inc., Ltd".
        for f in split_commas(&head, lex) {
            let f = clean(&f);
            if !f.is_empty() && f.chars().any(|c| c.is_alphabetic()) {
                match split_glued(&f, lex) {
                    Some((title, org)) => {
                        parts.fragments.push(Fragment { text: title, line });
                        parts.fragments.push(Fragment { text: org, line });
                    }
                    None => parts.fragments.push(Fragment { text: f, line }),
                }
            }
        }
    }
    if let [only] = parts.fragments.as_slice()
        && let Some((title, org)) = split_glued_org_first(&only.text, lex)
    {
        parts.fragments = vec![Fragment { text: title, line }, Fragment { text: org, line }];
    }
    parts
}

/// "Sr. Web Developer North Hollywood" (before ", CA"): a job title ending
/// on its head noun, then one to three capitalised words that are neither
/// title nor organisation words — a town. Returns the title and the town.
fn town_after_title(f: &str, lex: &Lexicon) -> Option<(String, String)> {
    let words: Vec<&str> = f.split_whitespace().collect();
    let k = (1..words.len())
        .rev()
        .find(|&k| lex.title_heads.contains_key(&fold(words[k - 1])))?;
    let town = &words[k..];
    let plain = |w: &&str| {
        let key = fold(w);
        w.starts_with(|c: char| c.is_uppercase())
            && !lex.title_heads.contains_key(&key)
            && !TITLE_MODS.is_match(w)
            && !ORG_NOUNS.contains(&key.as_str())
            && !LEGAL_FORM.is_match(w)
    };
    let title = words[..k].join(" ");
    (!town.is_empty()
        && town.len() <= 3
        && town.iter().all(plain)
        && org_noun_evidence(&fold(&title)) == 0.0
        && title_score(&title, lex) >= 0.6)
        .then(|| (title, town.join(" ")))
}

/// A title and an organisation run together with no separator between them,
/// as reflowed text and HTML renders leave them ("PHP Web Developer AMD,
/// Inc.", "Staff Accountant Deloitte LLP"): cut after the title's head noun
/// when what follows is capitalised and names an organisation. Nothing is cut
/// inside a known title, before a word that continues a title ("Engineer
/// II", "Manager Sales Operations"), or without organisation evidence.
fn split_glued(f: &str, lex: &Lexicon) -> Option<(String, String)> {
    let words: Vec<&str> = f.split_whitespace().collect();
    if words.len() < 3 || words.len() > 12 || lex.titles.contains(&fold(f)) {
        return None;
    }
    let mut best: Option<(f32, usize)> = None;
    for k in 1..words.len() {
        let head = fold(words[k - 1]);
        let next = words[k];
        if !lex.title_heads.contains_key(&head)
            || ORG_NOUNS.contains(&head.as_str())
            || !next.chars().next().is_some_and(char::is_uppercase)
        {
            continue;
        }
        let next_key = fold(next);
        if lex.title_heads.contains_key(&next_key)
            || matches!(next_key.as_str(), "i" | "ii" | "iii" | "iv" | "v")
        {
            continue;
        }
        let left = words[..k].join(" ");
        let right = words[k..].join(" ");
        let t = title_score(&left, lex);
        let o = org_score(&right, lex);
        // A department ("Information Technology") is all title and
        // organisation words; a name has a word of its own ("St. Patrick").
        let named = right.split_whitespace().map(fold).any(|w| {
            !w.is_empty() && !lex.title_words.contains(&w) && !ORG_NOUNS.contains(&w.as_str())
        });
        let strong_org = legal_form(&right)
            || lex.companies.contains(&strip_legal(&fold(&right)))
            || (o >= 0.6 && named);
        // "Chief" / "Project Manager ICT Nofas AS": the title goes on past
        // this head word.
        let head_inside = words[k..words.len() - 1].iter().any(|w| {
            let w = fold(w);
            lex.title_heads.contains_key(&w) && !ORG_NOUNS.contains(&w.as_str())
        });
        if t < 0.5
            || !strong_org
            || head_inside
            || title_score(&right, lex) >= 0.3
            || !capitalised(&right)
        {
            continue;
        }
        let v = t + o;
        if best.is_none_or(|b| v > b.0) {
            best = Some((v, k));
        }
    }
    let (_, k) = best?;
    Some((words[..k].join(" "), words[k..].join(" ")))
}

/// The other order, "Supervine Motors Sales Development Officer", tried only
/// when the fragment is alone on its line (nothing else there can be the
/// employer): a title ending in a head noun, after a capitalised
/// organisation name — one with a word of its own and organisation evidence
/// at its end (a legal form, an organisation noun, a known company).
fn split_glued_org_first(f: &str, lex: &Lexicon) -> Option<(String, String)> {
    let words: Vec<&str> = f.split_whitespace().collect();
    if words.len() < 3
        || words.len() > 12
        || lex.titles.contains(&fold(f))
        || f.contains(':')
        || labelled(f).is_some()
    {
        return None;
    }
    if !words
        .last()
        .is_some_and(|w| lex.title_heads.contains_key(&fold(w)))
    {
        return None;
    }
    let named = |w: &str| {
        let w = fold(w);
        !w.is_empty()
            && !lex.title_words.contains(&w)
            && !ORG_NOUNS.contains(&w.as_str())
            && !TITLE_MODS.is_match(&w)
    };
    (1..words.len() - 1)
        .rev()
        .find(|&k| {
            let left = words[..k].join(" ");
            let right = words[k..].join(" ");
            let org_end = ORG_NOUNS.contains(&fold(words[k - 1]).as_str())
                || LEGAL_FORM.is_match(words[k - 1])
                || lex.companies.contains(&strip_legal(&fold(&left)));
            org_end
                && words[..k].iter().any(|w| named(w))
                && capitalised(&left)
                && words[k].chars().next().is_some_and(char::is_uppercase)
                && (lex.titles.contains(&fold(&right)) || title_score(&right, lex) >= 0.6)
                && title_score(&left, lex) < 0.3
        })
        .map(|k| (words[k..].join(" "), words[..k].join(" ")))
}

/// A name ending in a middle initial ("Law Office of Richard C"): the full
/// stop after it abbreviates the name, it does not end it.
fn ends_in_initial(name: &str) -> bool {
    name.split_whitespace().count() >= 2
        && name
            .split_whitespace()
            .next_back()
            .is_some_and(|w| w.len() == 1 && w.chars().all(|c| c.is_ascii_uppercase()))
}

/// A partnership's name written as a list of surnames ("Cohen, Jayson &
/// Foster", "Fuhrer, Flournoy, Hunter & Morton"): single capitalised words
/// before a last "Name & Name" are one name, not a title and an employer.
fn surname_run(items: &[&str], lex: &Lexicon) -> usize {
    let surname = |s: &str| {
        let s = s.trim();
        !s.contains(' ')
            && s.len() >= 2
            && s.chars().next().is_some_and(char::is_uppercase)
            && s.chars()
                .skip(1)
                .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
            && !lex.title_heads.contains_key(&fold(s))
            && !ORG_NOUNS.contains(&fold(s).as_str())
    };
    // "Hunter & Morton" (a surname may be a job word too), but not "Owner &
    // Operator".
    let pair = |s: &str| {
        let s = s.trim();
        let head = |w: &str| lex.title_heads.contains_key(&fold(w));
        match s.split_once(" & ") {
            Some((a, b)) => {
                !a.contains(' ')
                    && a.chars().next().is_some_and(char::is_uppercase)
                    && !b.is_empty()
                    && b.split_whitespace().count() <= 2
                    && capitalised(b)
                    && !(head(a) && head(b))
            }
            None => false,
        }
    };
    let run = items.iter().take_while(|s| surname(s)).count();
    if run >= 1 && items.get(run).is_some_and(|s| pair(s)) {
        run + 1
    } else {
        0
    }
}

fn split_commas(items: &[&str], lex: &Lexicon) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let firm = surname_run(items, lex);
    if firm > 0 {
        out.push(items[..firm].join(", "));
    }
    for it in &items[firm..] {
        let low = it.trim().trim_end_matches('.').to_lowercase();
        let legal = matches!(
            low.as_str(),
            "inc"
                | "ltd"
                | "llc"
                | "llp"
                | "corp"
                | "co"
                | "plc"
                | "gmbh"
                | "s.a"
                | "pvt. ltd"
                | "pvt ltd"
        );
        // "Embie Technical Solutions, Inc. Los Angeles": the legal form
        // closes the name, what follows it is the next item.
        let run_on = it.trim().split_once(". ").filter(|(form, rest)| {
            matches!(
                form.to_lowercase().as_str(),
                // Not "Co.": "Fermoy, Co. Cork" is an Irish county.
                "inc" | "ltd" | "llc" | "corp"
            ) && rest.starts_with(char::is_uppercase)
        });
        match out.last_mut() {
            Some(prev) if legal || it.is_empty() => {
                prev.push_str(", ");
                prev.push_str(it);
            }
            Some(prev) if run_on.is_some() => {
                if let Some((form, rest)) = run_on {
                    prev.push_str(", ");
                    prev.push_str(form);
                    prev.push('.');
                    out.push(rest.to_owned());
                }
            }
            _ => out.push((*it).to_owned()),
        }
    }
    out
}

fn is_remote(s: &str) -> bool {
    matches!(
        fold(s).as_str(),
        "remote" | "remotely" | "work from home" | "hybrid" | "onsite" | "on site"
    )
}

/// Words that label a field rather than name anything.
const LABELS: &[&str] = &[
    "location",
    "responsibilities",
    "responsibility",
    "duration",
    "role",
    "roles",
    "project",
    "projects",
    "client",
    "environment",
    "team size",
    "description",
    "project description",
    "designation",
    "company",
    "organization",
    "organisation",
    "period",
    "employer",
    "position",
    "title",
    "contribution",
    "contributions",
    "achievements",
    "key achievements",
    "duties",
    "technologies",
    "tools",
    "platform",
    "domain",
    "skills",
    "summary",
    "details",
    "name",
    // A template's field name left where its value belongs ("Company Name:
    // Address").
    "company name",
    "address",
    "tenure",
    "from",
    "to",
    "present",
    "current",
    "till date",
    "to date",
    "until today",
    "until now",
    "till now",
    "today",
    "ongoing",
    "remote",
    "various",
    "internships",
    // A template's place holders ("Your Job Title  City, State").
    "city",
    "state",
    "city state",
    "n/a",
    "na",
    // Terms of employment: "Data Analyst (Contract), Freelance".
    "contract",
    "contractual",
    "part time",
    "full time",
    "temporary",
    "temp",
    "permanent",
    "hybrid",
    "onsite",
    "on site",
    "seasonal",
    "fixed term",
];

/// A team or function named after a job title ("Senior Engineer, Backend",
/// "Software Engineer, Payments", "Analyst, Marketing"): part of the role,
/// never the employer.
pub fn is_team(f: &str) -> bool {
    const TEAMS: &[&str] = &[
        "backend",
        "back end",
        "frontend",
        "front end",
        "full stack",
        "fullstack",
        "platform",
        "infrastructure",
        "infra",
        "payments",
        "billing",
        "checkout",
        "security",
        "mobile",
        "ios",
        "android",
        "web",
        "search",
        "ads",
        "growth",
        "core",
        "cloud",
        "devops",
        "sre",
        "reliability",
        "data",
        "data platform",
        "data engineering",
        "data science",
        "machine learning",
        "ml",
        "ai",
        "analytics",
        "api",
        "apis",
        "identity",
        "storage",
        "networking",
        "tooling",
        "developer experience",
        "developer tools",
        "internal tools",
        "product",
        "design",
        "research",
        "engineering",
        "operations",
        "sales",
        "marketing",
        "finance",
        "support",
        "customer success",
        "qa",
        "quality",
        "testing",
        "integrations",
        "observability",
        "compute",
        "kernel",
        "firmware",
        "hardware",
        "embedded",
        "systems",
        "ux",
        "ui",
        "fraud",
        "risk",
        "trust and safety",
        "privacy",
        "enterprise",
        "consumer",
        "monetization",
        "personalization",
        "recommendations",
    ];
    TEAMS.contains(&fold(f).as_str())
}

/// A fragment that can be neither a title nor an employer: a field label,
/// a duration ("6 months", "23 years"), a bare state code.
pub fn is_noise(f: &str) -> bool {
    let key = fold(f);
    if LABELS.contains(&key.as_str()) || key.is_empty() {
        return true;
    }
    let words: Vec<&str> = key.split(' ').collect();
    let duration = words.iter().any(|w| {
        let w = w.trim_start_matches(|c: char| c.is_ascii_digit());
        matches!(
            w,
            "years" | "year" | "yrs" | "yr" | "months" | "month" | "mos"
        )
    }) && f.chars().any(|c| c.is_ascii_digit());
    // "Page 2 of 3", "Fall 07": page furniture and terms, not names.
    let furniture = matches!(
        words.first(),
        Some(&"page") | Some(&"fall") | Some(&"spring") | Some(&"summer") | Some(&"winter")
    ) && words
        .iter()
        .skip(1)
        .all(|w| w.chars().all(|c| c.is_ascii_digit()) || *w == "of");
    if furniture {
        return true;
    }
    // "September": a month whose year wrapped onto another line.
    if words.len() == 1 && super::dates::month_word(words[0]) {
        return true;
    }
    duration || is_sentence(f) || (f.len() == 2 && f.chars().all(|c| c.is_ascii_uppercase()))
}

/// A sentence ("Wrote a prototype storage layer.") is description, not a
/// header. A name in Title Case ending a line with a full stop ("College of
/// Social and Behavioral Sciences.") is not one: a sentence has lower-case
/// words.
pub fn is_sentence(f: &str) -> bool {
    let lower_word = || {
        f.split_whitespace().any(|w| {
            w.starts_with(char::is_lowercase)
                && !matches!(
                    w,
                    "of" | "and" | "the" | "for" | "in" | "at" | "to" | "de" | "du" | "la" | "y"
                )
        })
    };
    f.ends_with('.') && f.split_whitespace().count() >= 4 && !legal_form(f) && lower_word()
}

/// "Company: Acme" / "Designation: Engineer": the label says what the value is.
pub fn labelled(f: &str) -> Option<(bool, String)> {
    let (label, value) = f.split_once(':')?;
    let value = clean(value);
    if value.is_empty() {
        return None;
    }
    // "Company 1: Oracle India": a numbered label is the same label.
    let label = fold(label);
    match label.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ') {
        "company" | "employer" | "organization" | "organisation" | "company name" | "client"
        | "clients" | "firm" => Some((false, value)),
        "designation" | "title" | "role" | "position" | "job title" | "position held"
        | "post held" | "job role" | "function" => Some((true, value)),
        _ => None,
    }
}

/// A fragment labelled as something other than a role ("Location: Pune",
/// "Duration: 2 years", "Team size: 5"): never a title or an employer.
pub fn labelled_other(f: &str) -> bool {
    const OTHER: &[&str] = &[
        "since",
        "until",
        "location",
        "address",
        "duration",
        "period",
        "tenure",
        "team size",
        "environment",
        "technologies",
        "tools",
        "platform",
        "domain",
        "details",
        "description",
        "project description",
        "responsibilities",
        "duties",
        "contribution",
        "contributions",
        "achievements",
        "summary",
        "skills",
    ];
    f.split_once(':').is_some_and(|(label, value)| {
        !value.trim().is_empty() && OTHER.contains(&fold(label).as_str())
    })
}

/// Trim punctuation and filler around a fragment.
pub fn clean(s: &str) -> String {
    let mut t = s.trim_matches(|c: char| c.is_whitespace() || ",;:|-–—[]*•·".contains(c));
    // Parentheses only when unbalanced: keep "BSc (Hons)", drop "(2019".
    if t.starts_with('(') && !t.contains(')') {
        t = &t[1..];
    }
    if t.ends_with(')') && !t.contains('(') {
        t = &t[..t.len() - 1];
    }
    if t.ends_with('(') {
        t = &t[..t.len() - 1];
    }
    // List numbering: ". 3. Name", "2) Name", and a lone digit before a name
    // in capitals ("1 ENNORE FOUNDRIES LIMITED").
    let lead = t.find(|c: char| c.is_alphabetic()).unwrap_or(0);
    let numbered_caps = lead == 2
        && t.as_bytes()[0].is_ascii_digit()
        && t.as_bytes()[1] == b' '
        && t[lead..]
            .split_whitespace()
            .next()
            .is_some_and(|w| w.len() >= 3 && w.chars().all(|c| c.is_uppercase()));
    if lead > 0
        && t[..lead]
            .chars()
            .all(|c| c.is_ascii_digit() || ".) ".contains(c))
        && (t[..lead].contains(['.', ')']) || numbered_caps)
    {
        t = &t[lead..];
    }
    let t = t.trim_matches(|c: char| c.is_whitespace() || ",;:|-–—".contains(c));
    let t = t
        .strip_prefix("at ")
        .or_else(|| t.strip_prefix("@ "))
        .unwrap_or(t);
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How much a fragment reads like a job title (0..1). A compound role
/// ("Founding Member & Site Reliability Engineer & Infrastructure Team
/// Lead", "Developer/Analyst") reads as well as its weakest part, so its
/// length alone does not make it a sentence.
pub fn title_score(f: &str, lex: &Lexicon) -> f32 {
    let whole = whole_title_score(f, lex);
    if !f.contains(['&', '/', '+']) {
        return whole;
    }
    let parts: Vec<&str> = f
        .split(['&', '/', '+'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    // "… Program Manager roles.": a sentence's end, not a compound title.
    // Only a long compound needs its parts read: the length penalty is what
    // they undo, and this runs for every fragment of every header line.
    if parts.len() < 2 || f.ends_with('.') || f.split_whitespace().count() <= 7 {
        return whole;
    }
    let weakest = parts
        .iter()
        .map(|p| whole_title_score(p, lex))
        .fold(f32::MAX, f32::min);
    whole.max(weakest - 0.05)
}

fn whole_title_score(f: &str, lex: &Lexicon) -> f32 {
    let key = fold(f);
    if key.is_empty() {
        return 0.0;
    }
    let words: Vec<&str> = key.split(' ').collect();
    let mut s: f32 = 0.0;
    if lex.titles.contains(&key) {
        s += 0.7;
    }
    if let Some(w) = words.last().and_then(|w| lex.title_heads.get(*w)) {
        s += 0.35 + 0.2 * w;
    } else if words
        .iter()
        .any(|w| *w != "lead" && lex.title_heads.contains_key(*w))
    {
        // "Lead" heads a title only at its end ("Team Lead"); elsewhere it
        // is as often the verb of a bullet ("Lead development on Flex").
        s += 0.3;
    }
    if TITLE_MODS.is_match(f) {
        s += 0.25;
    }
    // Agent nouns name jobs: Advertiser, Counselor, Pharmacist, Accountant, Librarian.
    if let Some(last) = words.last()
        && last.len() > 4
        && !ORG_NOUNS.contains(last)
        && ["er", "or", "ist", "ant", "ian", "ent"]
            .iter()
            .any(|x| last.ends_with(x))
    {
        s += 0.15;
    }
    let known = words
        .iter()
        .filter(|w| lex.title_words.contains(**w))
        .count();
    s += 0.15 * known as f32 / words.len() as f32;
    if words.len() > 7 {
        s -= 0.4;
    }
    if !lex.titles.contains(&key)
        && (legal_form(f) || org_noun_evidence(&key) >= 0.6 && !heads_a_function(&key, lex))
    {
        s -= 0.35;
    }
    if f.ends_with('.') && words.len() > 4 || f.contains("//") {
        s -= 0.3;
    }
    // The caps below only matter for a fragment that reads as a title so
    // far; skip their dictionary scans otherwise (this runs for every
    // fragment of every header line).
    if s <= 0.2 {
        return s.clamp(0.0, 1.0);
    }
    // "management.", "staff": a word or two of a sentence, not a title.
    if words.len() <= 2
        && f.chars().next().is_some_and(char::is_lowercase)
        && !lex.titles.contains(&key)
    {
        s = s.min(0.25);
    }
    // "Master of Education in Counseling", "Bachelor in Commerce Intern": a
    // degree opening the fragment.
    if lex
        .degrees
        .find(f)
        .first()
        .is_some_and(|h| h.start == 0 && f[h.start..h.end].contains(' '))
        && (f.contains(" of ") || f.contains(" in "))
    {
        s = s.min(0.2);
    }
    // "Windows Server", "Microsoft SQL Server": a product named like a job;
    // "Rödl & Partner": a firm named after its partners.
    if !lex.titles.contains(&key) && (skill_cover(f, lex).1 >= 0.9 || FIRM.is_match(f)) {
        s = s.min(0.2);
    }
    s.clamp(0.0, 1.0)
}

/// How many dictionary skills a fragment names, and the share of its
/// non-space characters they cover (0..1).
fn skill_cover(f: &str, lex: &Lexicon) -> (usize, f32) {
    let hits = lex.skills.find(f);
    let covered: usize = hits.iter().map(|h| h.end - h.start).sum();
    let letters = f.chars().filter(|c| !c.is_whitespace()).count();
    if letters == 0 {
        return (hits.len(), 0.0);
    }
    (hits.len(), covered as f32 / letters as f32)
}

/// How much a fragment reads like an organisation name (0..1).
pub fn org_score(f: &str, lex: &Lexicon) -> f32 {
    let key = fold(f);
    if key.is_empty() {
        return 0.0;
    }
    let mut s: f32 = 0.0;
    if legal_form(f) {
        s += 0.7;
    }
    s += org_noun_evidence(&key);
    let stripped = strip_legal(&key);
    // "Alphabet / Google Fiber": a parent and its unit, one of them known.
    if lex.companies.contains(&stripped)
        || f.contains('/')
            && f.split('/')
                .any(|p| lex.companies.contains(&strip_legal(&fold(p))))
    {
        s += 0.5;
    }
    let letters: Vec<char> = f.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        s += 0.15;
    }
    if f.split_whitespace().count() > 7 {
        s -= 0.4;
    }
    // "under the payroll of GoldStone Technologies": a sentence's words run
    // into the name; the name may be in there, but this is not how one is written.
    if f.starts_with(|c: char| c.is_lowercase())
        && key.split(' ').next().is_some_and(|w| {
            [
                "under", "of", "for", "with", "in", "by", "from", "to", "and", "the", "through",
                "via", "on",
            ]
            .contains(&w)
        })
    {
        s -= 0.3;
    }
    if lex.titles.contains(&key) {
        s -= 0.4;
    }
    // "SAP ABAP", "Java/J2EE": a skill list, not an employer.
    let covered: usize = lex.skills.find(f).iter().map(|h| h.end - h.start).sum();
    if covered * 10 >= f.len() * 6 && !legal_form(f) {
        s -= 0.5;
    }
    // "Software Engineering Intern": a title head at the end outweighs an org noun inside.
    if let Some(last) = key.split(' ').next_back()
        && lex.title_heads.contains_key(last)
        && !ORG_NOUNS.contains(&last)
        && !FIRM.is_match(f)
    {
        s -= 0.3;
    }
    if names_project(&key) {
        s -= 0.5;
    }
    if heads_a_function(&key, lex) {
        s -= 0.4;
    }
    s.clamp(0.0, 1.0)
}

/// "Director of Engineering", "Vice President of Sales", "Head of Legal
/// Services": a title head (within the first three words) followed by "of"
/// and what it heads. The organisation nouns after it name a function, not
/// an employer ("Bank of America" and "University of Texas" open with none).
fn heads_a_function(key: &str, lex: &Lexicon) -> bool {
    let words: Vec<&str> = key.split(' ').collect();
    let Some(of) = words.iter().position(|w| *w == "of") else {
        return false;
    };
    (1..=3).contains(&of)
        && lex.title_heads.contains_key(words[of - 1])
        && !words[..of].iter().any(|w| ORG_NOUNS.contains(w))
}

/// "Client: Hanes Brands" / "Clients: …": a fragment that names whom the
/// work was for.
pub fn client_labelled(text: &str) -> bool {
    // "Representative Clients:", "Key Clients:", "Clients Served:".
    text.split_once(':').is_some_and(|(l, _)| {
        let label = fold(l);
        let words: Vec<&str> = label.split(' ').collect();
        words.len() <= 3
            && (matches!(words.last(), Some(&("client" | "clients")))
                || words.first() == Some(&"clients"))
    })
}

/// "Cardiology Transformation Project", "Diabetes Dataset Initiative": the
/// name of a piece of work, not of who paid for it.
pub fn names_project(key: &str) -> bool {
    key.split(' ')
        .next_back()
        .is_some_and(|w| matches!(w, "project" | "projects" | "initiative" | "initiatives"))
}

/// A fragment that is an organisation's name whatever its place: it carries a
/// legal form ("Globex Ltd") or is a known company ("Google").
pub fn surely_org(f: &str, lex: &Lexicon) -> bool {
    legal_form(f) || lex.companies.contains(&strip_legal(&fold(f)))
}

/// A fragment that names skills or a field rather than an organisation: two
/// dictionary skills or more covering it ("Java J2EE Hibernate"; also one
/// skill made of words that are each a skill, "SAP ABAP"), or a field
/// name in Title Case made only of [`FIELD_NAMES`] ("Information
/// Technology"); never one with a legal form or a known company. Such a
/// fragment is never taken as an employer.
pub fn not_an_org(f: &str, lex: &Lexicon) -> bool {
    let key = fold(f);
    if key.is_empty() || surely_org(f, lex) {
        return false;
    }
    // A list of skills ("SAP ABAP", "Java J2EE"): two dictionary skills or
    // more covering the whole fragment. One skill alone may be a company
    // ("Red Hat", "SAP").
    let (hits, cover) = skill_cover(f, lex);
    if hits >= 2 && cover >= 0.9 {
        return true;
    }
    // "SAP ABAP": one dictionary skill made of words that are each a skill.
    let parts: Vec<&str> = f.split_whitespace().collect();
    if hits == 1
        && cover >= 0.9
        && parts.len() >= 2
        && parts.iter().all(|w| skill_cover(w, lex) == (1, 1.0))
    {
        return true;
    }
    // A field or department in Title Case ("Information Technology",
    // "Management Information Systems"); capitals ("IVORY SYSTEMS") are a
    // company's header.
    let caps = f
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let words: Vec<&str> = key.split(' ').collect();
    !caps
        && words.len() >= 2
        && words
            .iter()
            .all(|w| FIELD_NAMES.contains(w) || matches!(*w, "and" | "of" | "&"))
}

/// Words that make up the name of a field of work or study, not of an
/// organisation ("Management Information Systems", "Business Intelligence").
const FIELD_NAMES: &[&str] = &[
    "information",
    "technology",
    "technologies",
    "systems",
    "system",
    "management",
    "operating",
    "business",
    "intelligence",
    "marketing",
    "decision",
    "support",
    "data",
    "integration",
    "applications",
    "research",
    "computer",
    "science",
    "sciences",
    "engineering",
    "development",
    "analysis",
    "design",
    "modeling",
    "market",
    "database",
    "network",
    "networks",
    "software",
];

/// True for a word sequence that could be a proper name of something.
pub fn capitalised(f: &str) -> bool {
    let words: Vec<&str> = f.split_whitespace().collect();
    !words.is_empty()
        && words[0]
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && words
            .iter()
            .filter(|w| {
                w.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            })
            .count()
            * 2
            >= words.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Taxonomy;

    fn lex() -> &'static Lexicon {
        static LEX: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::new(Taxonomy::embedded()));
        &LEX
    }

    fn texts(line: &str) -> Vec<String> {
        split_header(line, 0, lex())
            .fragments
            .into_iter()
            .map(|f| f.text)
            .collect()
    }

    #[test]
    fn roles_written_as_sentences_are_read() {
        assert_eq!(
            texts(
                "Worked as Software Engineer with Prolifics Corporation Limited from Dec' 2015 to Sept' 2016"
            ),
            ["Software Engineer", "Prolifics Corporation Limited"]
        );
        assert_eq!(
            texts(
                "Currently working as a Software Engineer in Acme Technologies, Bangalore from July 2016"
            ),
            ["Software Engineer", "Acme Technologies"]
        );
        assert_eq!(
            texts("Presently I am associated with Globex Technologies"),
            ["Globex Technologies"]
        );
        assert_eq!(
            texts("Have worked as a Support Engineer"),
            ["Support Engineer"]
        );
        // Not a role: "worked with" names no title.
        assert_eq!(sentence_role("Worked with cross-functional teams"), None);
    }

    #[test]
    fn a_client_list_stays_one_labelled_fragment() {
        assert_eq!(
            texts("Client: CTB/ McGraw-Hill, Hanes Brands INC., Target"),
            ["Client: CTB/ McGraw-Hill, Hanes Brands INC., Target"]
        );
        // A longer label naming clients is no job title before its colon.
        assert_eq!(
            texts("Representative Clients: AMGEN, Petersen Publishing Co."),
            ["Representative Clients: AMGEN, Petersen Publishing Co."]
        );
        assert!(client_labelled("Key Clients: Acme"));
        assert!(client_labelled("Clients Served: Acme"));
        assert!(!client_labelled("Client Services Manager: Acme"));
    }

    #[test]
    fn glued_title_and_organisation_are_cut() {
        assert_eq!(
            texts("PHP Web Developer AMD, Inc."),
            ["PHP Web Developer", "AMD, Inc."]
        );
        assert_eq!(
            texts("Education Administrator St. Patrick School, Chicago, IL"),
            ["Education Administrator", "St. Patrick School"]
        );
        assert_eq!(
            texts("Supervine Motors Sales Development Officer"),
            ["Sales Development Officer", "Supervine Motors"]
        );
        assert_eq!(
            texts("Platform Engineering Intern, Northwind Technology. San Jose, California"),
            ["Platform Engineering Intern", "Northwind Technology"]
        );
        // A dash against the word before it still separates; a hyphen inside
        // a word does not.
        assert_eq!(texts("CLEARWIRE- Kansas City, MO"), ["CLEARWIRE"]);
        assert_eq!(texts("Entry-Level Analyst"), ["Entry-Level Analyst"]);
        assert_eq!(
            texts("Staff Accountant Deloitte LLP"),
            ["Staff Accountant", "Deloitte LLP"]
        );
    }

    #[test]
    fn products_and_sentence_words_are_not_titles() {
        for f in [
            "Windows Server",
            "Microsoft SQL Server",
            "management.",
            "staff",
        ] {
            assert!(
                title_score(f, lex()) < 0.3,
                "{f}: {}",
                title_score(f, lex())
            );
        }
        for f in [
            "Server",
            "Java Developer",
            "Sales Manager",
            "Web Developer",
            "Master Electrician",
        ] {
            assert!(
                title_score(f, lex()) >= 0.5,
                "{f}: {}",
                title_score(f, lex())
            );
        }
    }

    #[test]
    fn a_compound_title_reads_as_its_weakest_part() {
        let long = "Founding Member & Site Reliability Engineer & Infrastructure Team Lead";
        assert!(
            title_score(long, lex()) >= 0.3,
            "{}",
            title_score(long, lex())
        );
        let parts = "producing light/medium/heavy";
        assert!(
            title_score(parts, lex()) < 0.3,
            "{}",
            title_score(parts, lex())
        );
        // A sentence's end is not lifted by its best-scoring parts.
        let sentence = "Scrum Master/Program Manager roles.";
        assert!(title_score(sentence, lex()) < title_score("Program Manager", lex()) - 0.2);
    }

    #[test]
    fn a_sentence_running_into_a_name_is_a_weak_organisation() {
        let run_on = "under the payroll of GoldStone Technologies";
        assert!(org_score(run_on, lex()) < org_score("GoldStone Technologies", lex()) - 0.2);
    }

    #[test]
    fn a_known_parent_names_its_unit_an_organisation() {
        assert!(org_score("Alphabet / Google Fiber", lex()) >= 0.5);
        assert!(org_score("Rödl & Partner", lex()) >= 0.5);
        assert!(title_score("Rödl & Partner", lex()) < title_score("Partner", lex()));
        assert!(org_score("Customer Experience Engineering", lex()) < 0.3);
    }

    #[test]
    fn skills_and_fields_are_not_organisations() {
        for f in [
            "Java J2EE Hibernate",
            "SAP ABAP",
            "Information Technology",
            "Management Information Systems",
        ] {
            assert!(not_an_org(f, lex()), "{f}");
        }
        for f in [
            "Acme Systems",
            "Infosys Limited",
            "Microsoft",
            "Towson University",
            "Oracle",
            "Red Hat",
            "IVORY SYSTEMS",
        ] {
            assert!(!not_an_org(f, lex()), "{f}");
        }
    }

    #[test]
    fn titles_and_names_stay_whole() {
        for line in [
            "Senior Systems Engineer II",
            "Director Sales Operations",
            "Software Engineer",
            "Project Manager Information Technology",
            "Bank of America",
            "Regional Sales Manager",
            "Senior Sales Executive",
            "Software Engineer",
            "SAP ABAP Consultant",
            "Digital Advertising Executive",
            "Designation: Digital Advertising Executive",
        ] {
            assert_eq!(texts(line), [line], "{line}");
        }
    }

    #[test]
    fn partnerships_and_initials_stay_whole() {
        assert_eq!(
            texts("Cohen, Jayson & Foster, PA"),
            ["Cohen, Jayson & Foster"]
        );
        assert_eq!(
            texts("Fuhrer, Flournoy, Hunter & Morton"),
            ["Fuhrer, Flournoy, Hunter & Morton"]
        );
        assert_eq!(
            texts("The Law Office of Richard C. Peper, PA"),
            ["The Law Office of Richard C. Peper"]
        );
        // A title before the firm is still its own fragment.
        assert_eq!(
            texts("Paralegal, Cohen, Jayson & Foster"),
            ["Paralegal", "Cohen", "Jayson & Foster"]
        );
        assert!(
            lex()
                .place("Sessums Black Caballero Ficarrotta, PA")
                .is_none()
        );
        assert!(lex().place("Jayson & Foster, PA").is_none());
        assert!(lex().place("Jack E. Carter, PA").is_none());
        assert!(lex().place("Lakeland, Florida").is_some());
    }

    #[test]
    fn a_town_after_a_title_goes_with_its_region() {
        let parts = |t: &str| {
            let p = split_header(t, 0, lex());
            let f: Vec<String> = p.fragments.into_iter().map(|f| f.text).collect();
            let pl: Vec<String> = p.places.into_iter().map(|p| p.0).collect();
            (f, pl)
        };
        assert_eq!(
            parts("Sr. Web Developer North Hollywood, CA"),
            (
                vec!["Sr. Web Developer".into()],
                vec!["North Hollywood, CA".into()]
            )
        );
        assert_eq!(
            parts("Owner/Web Developer West Hills, California").0,
            ["Owner/Web Developer"]
        );
        // An employer before a city and its region is no town; nor is the
        // rest of an organisation's name.
        assert_eq!(
            parts("Sales & Marketing Engineer OTC Logic, New York, NY").0,
            ["Sales & Marketing Engineer OTC Logic"]
        );
        assert_eq!(
            parts("Center for Teacher Education, Normal, Illinois").0,
            ["Center for Teacher Education"]
        );
    }

    #[test]
    fn a_head_of_a_function_is_a_title_not_an_employer() {
        for f in ["Vice President of Engineering", "Director of Engineering"] {
            assert!(title_score(f, lex()) > org_score(f, lex()), "{f}");
            assert!(org_score(f, lex()) < 0.3, "{f}");
        }
        for f in ["Bank of America", "University of Texas"] {
            assert!(org_score(f, lex()) >= 0.5, "{f}");
        }
    }

    #[test]
    fn a_legal_form_run_into_the_place_closes_the_name() {
        let t = texts("Embie Technical Solutions, Inc. Los Angeles, CA Information Technology");
        assert_eq!(t[0], "Embie Technical Solutions, Inc.");
        assert!(!t.iter().any(|f| f.starts_with("Inc")), "{t:?}");
    }

    #[test]
    fn european_legal_forms_end_a_name() {
        assert_eq!(
            texts("Chief Project Manager ICT Nofas AS"),
            ["Chief Project Manager", "ICT Nofas AS"]
        );
        assert!(org_score("Redpill Linpro AB", lex()) >= 0.7);
        // The English words are no legal form.
        assert!(org_score("Known as", lex()) < 0.5);
    }
}
