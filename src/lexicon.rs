//! The matchers built once from the taxonomies: automata, sets and maps the
//! entity stages query.
//!
//! Input: the embedded [`Taxonomy`]. Output: a [`Lexicon`] — read-only,
//! `Send + Sync`, shared by every parse (and every rayon worker). Building it
//! costs tens of milliseconds; matching with it costs microseconds, which is
//! why it is built once per process and never per document.

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::segment::{Headings, fold};
use crate::taxonomy::Taxonomy;

/// One dictionary hit in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the entry in the matcher's entry list.
    pub entry: usize,
    pub start: usize,
    pub end: usize,
}

/// A phrase matcher on word boundaries, with a case-sensitive part for
/// entries that are also ordinary words ("Go", "BS").
pub struct PhraseMatcher {
    folded: AhoCorasick,
    folded_ids: Vec<usize>,
    exact: AhoCorasick,
    exact_ids: Vec<usize>,
}

impl PhraseMatcher {
    /// `entries`: (pattern, case_sensitive, entry index).
    pub fn new<'a>(entries: impl Iterator<Item = (&'a str, bool, usize)>) -> PhraseMatcher {
        let (mut fp, mut fi, mut ep, mut ei) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut seen_f = HashSet::new();
        let mut seen_e = HashSet::new();
        for (pat, cs, id) in entries {
            let pat = pat.trim();
            if pat.is_empty() {
                continue;
            }
            if cs {
                if seen_e.insert(pat.to_owned()) {
                    ep.push(pat.to_owned());
                    ei.push(id);
                }
            } else if seen_f.insert(pat.to_lowercase()) {
                fp.push(pat.to_lowercase());
                fi.push(id);
            }
        }
        let build = |pats: &[String], ci: bool| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(aho_corasick::StartKind::Anchored)
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .ascii_case_insensitive(ci)
                .build(pats)
                .unwrap_or_else(|_| {
                    AhoCorasick::new(Vec::<String>::new())
                        .unwrap_or_else(|e| unreachable!("empty automaton: {e}"))
                })
        };
        PhraseMatcher {
            folded: build(&fp, true),
            folded_ids: fi,
            exact: build(&ep, false),
            exact_ids: ei,
        }
    }

    /// Hits in `text`, on word boundaries, non-overlapping, left to right.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut hits: Vec<Hit> = Vec::new();
        for (ac, ids) in [
            (&self.folded, &self.folded_ids),
            (&self.exact, &self.exact_ids),
        ] {
            for m in ac.scan_word_starts(text) {
                if bounded(text, m.0, m.1)
                    && let Some(&entry) = ids.get(m.2)
                {
                    hits.push(Hit {
                        entry,
                        start: m.0,
                        end: m.1,
                    });
                }
            }
        }
        // Longest first, then drop overlaps.
        hits.sort_by(|a, b| {
            (b.end - b.start)
                .cmp(&(a.end - a.start))
                .then(a.start.cmp(&b.start))
        });
        let mut kept: Vec<Hit> = Vec::new();
        for h in hits {
            if kept.iter().all(|k| h.end <= k.start || h.start >= k.end) {
                kept.push(h);
            }
        }
        kept.sort_by_key(|h| h.start);
        kept
    }
}

trait AnchoredScan {
    fn scan_word_starts(&self, text: &str) -> Vec<(usize, usize, usize)>;
}

impl AnchoredScan for AhoCorasick {
    /// The longest entry starting at each word start (anchored searches), so
    /// a rejected match cannot hide a good one that starts inside it.
    fn scan_word_starts(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut prev: Option<char> = None;
        for (i, c) in text.char_indices() {
            let start = !c.is_whitespace()
                && prev.is_none_or(|p| {
                    p.is_whitespace() || (!p.is_alphanumeric() && c.is_alphanumeric())
                });
            prev = Some(c);
            if !start {
                continue;
            }
            let input = aho_corasick::Input::new(text)
                .span(i..text.len())
                .anchored(aho_corasick::Anchored::Yes);
            if let Ok(Some(m)) = self.try_find(input) {
                out.push((m.start(), m.end(), m.pattern().as_usize()));
            }
        }
        out
    }
}

/// A skill name's lookup key: lower case, single spaces. Punctuation is kept
/// (`C`, `C#` and `C++` are three skills), unlike [`fold`].
pub fn skill_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// True when text[a..b] does not cut a word.
pub fn bounded(text: &str, a: usize, b: usize) -> bool {
    let before = text[..a].chars().next_back();
    let after = text[b..].chars().next();
    let first = text[a..].chars().next();
    let last = text[..b].chars().next_back();
    let edge_ok = |edge: Option<char>, inner: Option<char>| match (edge, inner) {
        (Some(e), Some(i)) => !(e.is_alphanumeric() && i.is_alphanumeric()),
        _ => true,
    };
    // "C++" and ".NET" end or start with symbols: the symbol side is its own boundary.
    edge_ok(before, first)
        && edge_ok(after, last)
        && !(after == Some('+') && last != Some('+'))
        && after != Some('#')
}

/// A place name's reading.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub country: String,
    pub region: Option<String>,
    pub population: u32,
}

/// Everything the entity stages look things up in.
pub struct Lexicon {
    pub headings: Headings,
    pub skills: PhraseMatcher,
    /// The name to report, per skill entry (the dictionary's spelling of the
    /// phrase as matched; mapping to a canonical skill is normalisation's job).
    pub skill_names: Vec<String>,
    /// The taxonomy id of each skill entry's canonical skill (`linguist:…`,
    /// an ESCO skill URI, `onet-tech:…`), parallel to `skill_names`.
    pub skill_ids: Vec<Option<String>>,
    /// Skill entry by its name folded with [`skill_key`].
    pub skill_by_key: HashMap<String, usize>,
    /// Whether a skill entry counts when found outside a skills section.
    pub skill_in_prose: Vec<bool>,
    pub degrees: PhraseMatcher,
    /// (canonical, level) per degree entry.
    pub degree_info: Vec<(String, String)>,
    /// Folded names of universities (one-word names such as "Caltech" are
    /// matched only when capitalised, see [`Lexicon::university_in`]).
    pub universities: HashSet<String>,
    /// Folded O*NET / SOC job titles.
    pub titles: HashSet<String>,
    /// Words that end job titles ("engineer", "manager", …) with their weight.
    pub title_heads: HashMap<String, f32>,
    /// Words that occur in job titles at all.
    pub title_words: HashSet<String>,
    /// Folded company names (legal suffix removed).
    pub companies: HashSet<String>,
    /// Folded city name → best reading (largest population).
    pub cities: HashMap<String, Place>,
    /// Folded region name or abbreviation → (country, region name).
    pub regions: HashMap<String, (String, String)>,
    /// Region abbreviations that are upper-case only ("CA", "IN").
    pub region_abbrevs: HashMap<String, (String, String)>,
    /// Folded country name or alias → ISO 3166-1 alpha-2.
    pub countries: HashMap<String, String>,
}

impl Lexicon {
    pub fn new(tax: &Taxonomy) -> Lexicon {
        // The skills automaton is the slowest piece (~50 ms): build it on one
        // core while the tables are built on the other.
        let (skills, (titles, places)) = rayon::join(
            || {
                PhraseMatcher::new(
                    tax.skills
                        .iter()
                        .enumerate()
                        .map(|(i, s)| (s.name.as_str(), s.case_sensitive, i)),
                )
            },
            || rayon::join(|| title_tables(tax), || place_tables(tax)),
        );
        let (titles, title_heads, title_words) = titles;
        let (cities, regions, region_abbrevs, countries) = places;
        let skill_names = tax.skills.iter().map(|s| s.name.clone()).collect();
        let skill_ids = tax.skills.iter().map(|s| s.id.clone()).collect();
        let mut skill_by_key = HashMap::with_capacity(tax.skills.len());
        for (i, s) in tax.skills.iter().enumerate() {
            skill_by_key.entry(skill_key(&s.name)).or_insert(i);
        }
        // In running prose only technical and professional names count:
        // "Leadership" in a bullet is not a listed skill.
        let skill_in_prose = tax
            .skills
            .iter()
            .map(|s| {
                matches!(
                    s.kind.as_str(),
                    "language" | "technology" | "software" | "professional"
                )
            })
            .collect();
        let degrees = PhraseMatcher::new(
            tax.degrees
                .iter()
                .enumerate()
                .map(|(i, d)| (d.form.as_str(), d.case_sensitive, i)),
        );
        let degree_info = tax
            .degrees
            .iter()
            .map(|d| (d.canonical.clone(), d.level.as_str().to_owned()))
            .collect();
        let universities = tax.universities.iter().map(|u| fold(&u.name)).collect();

        let companies = tax
            .companies
            .iter()
            .map(|c| strip_legal(&fold(c)))
            .filter(|c| c.len() >= 4)
            .collect();

        Lexicon {
            headings: Headings::new(tax).with_title_heads(title_heads.keys().cloned()),
            skills,
            skill_names,
            skill_ids,
            skill_by_key,
            skill_in_prose,
            degrees,
            degree_info,
            universities,
            titles,
            title_heads,
            title_words,
            companies,
            cities,
            regions,
            region_abbrevs,
            countries,
        }
    }

    /// The taxonomy id of a skill written `name` (any case), when the
    /// dictionary knows the skill and a taxonomy knows its canonical form.
    pub fn skill_id(&self, name: &str) -> Option<&str> {
        let entry = *self.skill_by_key.get(&skill_key(name))?;
        self.skill_ids.get(entry)?.as_deref()
    }

    /// The first known university named inside `text`, as (byte start, byte end).
    /// Tries every run of 1–10 words (a set lookup each): cheaper to build than
    /// an automaton over 10,000 long names, and just as exact. A one-word
    /// name ("Caltech", "MIT") counts only when written with a capital.
    pub fn university_in(&self, text: &str) -> Option<(usize, usize)> {
        let words: Vec<(usize, usize)> = word_spans(text);
        let mut best: Option<(usize, usize)> = None;
        for i in 0..words.len() {
            for j in (i..words.len().min(i + 10)).rev() {
                let (a, b) = (words[i].0, words[j].1);
                if j == i && (b - a < 3 || !text[a..b].starts_with(|c: char| c.is_uppercase())) {
                    continue;
                }
                if self.universities.contains(&fold(&text[a..b])) {
                    if best.is_none_or(|(x, y)| b - a > y - x) {
                        best = Some((a, b));
                    }
                    break;
                }
            }
        }
        best
    }

    /// Read "City", "City, ST", "City, Region", "City, Country" or "Region, Country".
    /// The city named by its area ("San Francisco Bay Area", "Greater
    /// Seattle Area", "Atlanta Metropolitan Area" → "San Francisco",
    /// "Seattle", "Atlanta"), as written; only a city of 100,000 or more.
    pub fn city_area(&self, text: &str) -> Option<String> {
        let t = text.trim();
        let lower = t.to_lowercase();
        // (place() asks for every fragment: most have no area words.)
        // "Greater Noida" is a city of its own.
        if !(lower.starts_with("greater ") || lower.ends_with(" area"))
            || self.cities.contains_key(&fold(t))
        {
            return None;
        }
        for lead in ["greater ", ""] {
            for tail in [
                " bay area",
                " metropolitan area",
                " metro area",
                " area",
                "",
            ] {
                if lead.is_empty() && tail.is_empty() {
                    continue;
                }
                let (Some(a), Some(b)) = (
                    lower.starts_with(lead).then_some(lead.len()),
                    lower.ends_with(tail).then(|| lower.len() - tail.len()),
                ) else {
                    continue;
                };
                let Some(core) = t.get(a..b).map(str::trim).filter(|c| !c.is_empty()) else {
                    continue;
                };
                if self
                    .cities
                    .get(&fold(core))
                    .is_some_and(|c| c.population >= 100_000)
                {
                    return Some(core.to_owned());
                }
            }
        }
        None
    }

    pub fn place(&self, text: &str) -> Option<Place> {
        let parts: Vec<&str> = text
            .split([',', '-', '|', '/'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.is_empty()
            || parts.len() > 4
            || text.chars().any(|c| c.is_ascii_digit()) && !looks_like_zip(text)
        {
            return None;
        }
        let first = self
            .city_area(parts[0])
            .map_or_else(|| fold(parts[0]), |c| fold(&c));
        let rest: Vec<&str> = parts[1..].to_vec();
        // "GOOGLE, New York, NY", "Trailer Park, Hollywood, California": a
        // city and its region after the first part leave no room for a town
        // there; it is what the place belongs to.
        let abbrev = |r: &str| self.region_abbrevs.contains_key(r.trim_end_matches('.'));
        if rest.len() >= 2
            && !self.cities.contains_key(&first)
            && ((self.cities.contains_key(&fold(rest[0]))
                && (abbrev(rest[1]) || self.regions.contains_key(&fold(rest[1]))))
                // "New York, NY": the state's name before its code is the city.
                || (self.regions.contains_key(&fold(rest[0])) && abbrev(rest[1])))
        {
            return None;
        }
        let mut country = None;
        let mut region = None;
        for r in &rest {
            let r_clean = r
                .split_whitespace()
                .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
                .collect::<Vec<_>>()
                .join(" ");
            let code = r_clean.trim();
            let as_region = self
                .region_abbrevs
                .get(code)
                .or_else(|| self.region_abbrevs.get(&title_case_state(code)?))
                .or_else(|| self.regions.get(&fold(code)));
            // A code or name that is a region and a country ("London, UK",
            // "Toronto, CA", "Berlin, DE", "Tbilisi, Georgia" beside
            // "Springfield, IN" and "Atlanta, Georgia"): the city's own
            // country decides; with no known city, a US state stays a state
            // and any other region gives way to the country.
            let city_country = self.cities.get(&first).map(|p| p.country.as_str());
            let iso = (code.len() == 2 && city_country == Some(code)).then(|| code.to_owned());
            let as_country = self.countries.get(&fold(code)).cloned().or(iso);
            if let (Some((rc, _)), Some(cc)) = (as_region, &as_country)
                && (city_country == Some(cc.as_str())
                    || rc != "US" && city_country != Some(rc.as_str()))
            {
                country = Some(cc.clone());
            } else if let Some((c, name)) = as_region {
                region = Some((c.clone(), name.clone()));
            } else if let Some(c) = as_country {
                country = Some(c);
            } else if !r_clean.is_empty() {
                return None;
            }
        }
        if let Some(city) = self.cities.get(&first) {
            let mut p = city.clone();
            if let Some((c, name)) = region {
                p.country = c;
                p.region = Some(name);
            } else {
                p.region = None;
            }
            if let Some(c) = country {
                p.country = c;
            }
            return Some(p);
        }
        if rest.is_empty()
            && let Some(c) = self.countries.get(&first)
        {
            return Some(Place {
                country: c.clone(),
                region: None,
                population: 0,
            });
        }
        // "Region, Country", an unknown town with a known region, or a state
        // or province on its own ("Illinois", "Karnataka"). An unknown
        // "town" that names an organisation is none ("ABC International
        // Bank, New Jersey, NY" is an employer and its place).
        // A town's name has no ampersand, no middle initial and at most
        // three words ("Cohen, Jayson & Foster, PA" and "Jack E. Carter, PA"
        // are law firms and their legal form).
        let initial = |w: &str| {
            w.len() == 2 && w.ends_with('.') && w.starts_with(|c: char| c.is_ascii_uppercase())
        };
        // "Telefónica I+D, Madrid": a town is named in letters; and outside
        // the US a region that is also a big city ("Madrid", "Delhi") is that
        // city, with an organisation before it.
        let city_region = rest.len() == 1
            && region.as_ref().is_some_and(|(c, _)| c != "US")
            && self
                .cities
                .get(&fold(rest[0]))
                .is_some_and(|c| c.population >= 1_000_000)
            && !self.cities.contains_key(&first);
        let organisation = first.split(' ').count() > 3
            || city_region
            || parts[0]
                .chars()
                .any(|c| !(c.is_alphabetic() || matches!(c, ' ' | '\'' | '’' | '-' | '.')))
            || parts[0].contains('&')
            || parts[0].split_whitespace().skip(1).any(initial)
            || first.split(' ').any(|w| {
                LEGAL.contains(&w)
                    || INSTITUTION_WORDS.contains(&w)
                    || ORGANISATION_WORDS.contains(&w)
            });
        if let Some((c, name)) =
            region.filter(|_| !organisation || self.regions.contains_key(&first))
        {
            return Some(Place {
                country: c,
                region: Some(name),
                population: 0,
            });
        }
        if let Some((c, name)) = self.regions.get(&first) {
            return Some(Place {
                country: c.clone(),
                region: Some(name.clone()),
                population: 0,
            });
        }
        None
    }
}

type TitleTables = (HashSet<String>, HashMap<String, f32>, HashSet<String>);
type PlaceTables = (
    HashMap<String, Place>,
    HashMap<String, (String, String)>,
    HashMap<String, (String, String)>,
    HashMap<String, String>,
);

/// Folded job titles, title head words with weights, and every title word.
fn title_tables(tax: &Taxonomy) -> TitleTables {
    let mut titles = HashSet::new();
    let mut head_count: HashMap<String, u32> = HashMap::new();
    let mut title_words = HashSet::new();
    for t in &tax.job_titles {
        let f = fold(&t.title);
        if let Some(last) = f.split(' ').next_back() {
            *head_count.entry(last.to_owned()).or_default() += 1;
        }
        for w in f.split(' ') {
            title_words.insert(w.to_owned());
        }
        titles.insert(f);
    }
    for (a, _) in &tax.title_abbreviations {
        title_words.insert(fold(a));
    }
    let title_heads: HashMap<String, f32> = head_count
        .into_iter()
        .filter(|(w, n)| *n >= 8 && w.len() > 2 && !NOT_TITLE_HEADS.contains(&w.as_str()))
        .map(|(w, n)| (w, ((n as f32).ln() / 6.0).min(1.0)))
        .chain(
            EXTRA_TITLE_HEADS
                .iter()
                .map(|w| ((*w).to_owned(), EXTRA_HEAD_WEIGHT)),
        )
        .collect();

    (titles, title_heads, title_words)
}

/// Cities, regions (by name and by abbreviation) and countries, folded.
fn place_tables(tax: &Taxonomy) -> PlaceTables {
    let mut cities: HashMap<String, Place> = HashMap::new();
    for c in &tax.cities {
        let p = Place {
            country: c.country.clone(),
            region: Some(c.region_code.clone()),
            population: c.population,
        };
        for name in [&c.name, &c.ascii_name] {
            let key = fold(name);
            // GeoNames lists campuses as populated places ("University of
            // Texas"): in a resume those words name an institution.
            if key.is_empty() || key.split(' ').any(|w| INSTITUTION_WORDS.contains(&w)) {
                continue;
            }
            match cities.get(&key) {
                Some(old) if old.population >= p.population => {}
                _ => {
                    cities.insert(key, p.clone());
                }
            }
        }
    }
    let mut regions = HashMap::new();
    let mut region_abbrevs = HashMap::new();
    for r in &tax.regions {
        regions.insert(fold(&r.name), (r.country.clone(), r.name.clone()));
        if let Some(a) = &r.abbreviation
            && !a.is_empty()
        {
            region_abbrevs.insert(a.clone(), (r.country.clone(), r.name.clone()));
        }
    }
    let mut countries = HashMap::new();
    for c in &tax.countries {
        countries.insert(fold(&c.name), c.iso2.clone());
        for a in &c.aliases {
            if a.chars().count() > 3 {
                countries.insert(fold(a), c.iso2.clone());
            }
        }
    }
    for (alias, iso) in [
        ("usa", "US"),
        ("u s a", "US"),
        ("united states", "US"),
        ("uk", "GB"),
        ("u k", "GB"),
        ("uae", "AE"),
    ] {
        countries.insert(alias.to_owned(), iso.to_owned());
    }

    (cities, regions, region_abbrevs, countries)
}

/// Byte spans of whitespace-separated words.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn looks_like_zip(text: &str) -> bool {
    text.split_whitespace()
        .any(|w| w.len() >= 5 && w.chars().all(|c| c.is_ascii_digit()))
}

const INSTITUTION_WORDS: &[&str] = &[
    "university",
    "college",
    "institute",
    "school",
    "academy",
    "campus",
];

/// Words that name an organisation, never a town.
const ORGANISATION_WORDS: &[&str] = &[
    "bank",
    "group",
    "services",
    "solutions",
    "technologies",
    "systems",
    "software",
    "consulting",
    "associates",
    "partners",
    "hospital",
    "clinic",
    "foundation",
    "agency",
    "store",
    "restaurant",
    "laboratories",
    "labs",
    "enterprises",
    "industries",
    "international",
    "media",
    "networks",
    "department",
    "shop",
    "center",
    "centre",
    "office",
    "offices",
    "company",
    "corporation",
    "society",
    "council",
    "ministry",
];

/// Words that end resume job titles often but O*NET titles rarely (it lists
/// few officers, board roles and owners): "Department Chair", "Co-Founder",
/// "Business Owner", "Project Head", "Management Trainee", "Food-Service
/// Employee", "Research Scholar".
const EXTRA_TITLE_HEADS: &[&str] = &[
    "employee",
    "scholar",
    "chair",
    "chairman",
    "chairperson",
    "chairwoman",
    "founder",
    "cofounder",
    "owner",
    "head",
    "trainee",
    "ceo",
    "cfo",
    "cto",
    "coo",
    "cio",
];

/// The weight of an [`EXTRA_TITLE_HEADS`] word: that of a head word O*NET
/// ends some 20 titles with.
const EXTRA_HEAD_WEIGHT: f32 = 0.5;

/// Last words that end many O*NET titles but say nothing about a job on their own.
const NOT_TITLE_HEADS: &[&str] = &[
    "and",
    "of",
    "the",
    "for",
    "in",
    "i",
    "ii",
    "iii",
    "iv",
    "worker",
    "workers",
    "all",
    "other",
    "care",
    "services",
    "service",
    "sales",
    "operations",
    "education",
];

const LEGAL: &[&str] = &[
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "llc",
    "llp",
    "lp",
    "plc",
    "pvt",
    "private",
    "gmbh",
    "ag",
    "sa",
    "nv",
    "bv",
    "holdings",
    "group",
    "the",
    "de",
    "com",
];

/// Drop legal suffixes from a folded company name ("acme corp inc" → "acme").
pub fn strip_legal(folded: &str) -> String {
    let mut words: Vec<&str> = folded.split(' ').collect();
    while words.len() > 1 && words.last().is_some_and(|w| LEGAL.contains(w)) {
        words.pop();
    }
    if words.first() == Some(&"the") && words.len() > 1 {
        words.remove(0);
    }
    words.join(" ")
}

/// "Ukiah, Ca", "Dallas, Tx": a US state's code typed in title case, for
/// the codes that are no English word ("In", "Or", "Me", "Co", "Pa" are left
/// alone). Returns the code in capitals.
fn title_case_state(r: &str) -> Option<String> {
    const CODES: &[&str] = &[
        "Ca", "Tx", "Ny", "Nj", "Fl", "Az", "Il", "Mi", "Wa", "Va", "Nc", "Sc", "Ct", "Md", "Ky",
        "Ks", "Nv", "Nm", "Ut", "Wi", "Mn", "Ia", "Ne", "Tn", "Ri", "Nh", "Vt", "Wv", "Wy", "Sd",
        "Nd", "Ak", "Dc",
    ];
    CODES.contains(&r).then(|| r.to_uppercase())
}

#[cfg(test)]
mod tests {
    use super::Lexicon;
    use crate::taxonomy::Taxonomy;

    #[test]
    fn an_employer_before_its_place_is_no_town() {
        let lex = Lexicon::new(Taxonomy::embedded());
        for place in [
            "Sometown, NY",
            "Sometown, New York, USA",
            "New York, NY",
            "Hollywood, California",
            "Pune, Maharashtra",
            "Smalltown, New York",
            "Dwarka, Delhi",
        ] {
            assert!(lex.place(place).is_some(), "{place}");
        }
        for employer in [
            "GOOGLE, New York, NY",
            "Trailer Park, Hollywood, California",
            "ABC International Bank, New Jersey, NY",
            "Wipro Technologies, Canada",
            "Telefónica I+D, Madrid",
            "Rosies Antique Shop, Canterbury",
            "Kennedy Space Center, Florida",
        ] {
            assert!(lex.place(employer).is_none(), "{employer}");
        }
    }

    #[test]
    fn a_code_that_is_a_region_and_a_country_follows_the_city() {
        let lex = Lexicon::new(Taxonomy::embedded());
        let read = |t: &str| {
            lex.place(t)
                .map(|p| (p.country, p.region))
                .unwrap_or_else(|| panic!("{t}: no place"))
        };
        let gb = ("GB".to_owned(), None);
        assert_eq!(read("London, UK"), gb);
        assert_eq!(read("Uxbridge, UK"), gb);
        assert_eq!(read("Toronto, CA"), ("CA".to_owned(), None));
        assert_eq!(read("Berlin, DE"), ("DE".to_owned(), None));
        assert_eq!(read("Tbilisi, Georgia"), ("GE".to_owned(), None));
        for (t, region) in [
            ("San Jose, CA", "California"),
            ("Springfield, IN", "Indiana"),
            ("Dover, DE", "Delaware"),
            ("Atlanta, Georgia", "Georgia"),
        ] {
            assert_eq!(read(t), ("US".to_owned(), Some(region.to_owned())), "{t}");
        }
    }

    #[test]
    fn a_city_named_by_its_area() {
        let lex = Lexicon::new(Taxonomy::embedded());
        assert_eq!(
            lex.city_area("San Francisco Bay Area").as_deref(),
            Some("San Francisco")
        );
        assert_eq!(
            lex.city_area("Greater Seattle Area").as_deref(),
            Some("Seattle")
        );
        assert_eq!(
            lex.city_area("Atlanta Metropolitan Area").as_deref(),
            Some("Atlanta")
        );
        assert_eq!(lex.city_area("Greater Noida"), None);
        assert_eq!(lex.city_area("Bay Area"), None);
        assert_eq!(
            lex.place("Greater Seattle Area")
                .map(|p| p.country)
                .as_deref(),
            Some("US")
        );
    }

    #[test]
    fn a_state_code_typed_in_title_case() {
        let lex = Lexicon::new(Taxonomy::embedded());
        assert!(lex.place("Ukiah, Ca").is_some());
        assert!(lex.place("Elmonte, Tx").is_some());
        // A code that is also a word is not read in title case.
        assert!(lex.place("Sometown, In").is_none());
        assert!(lex.place("Acme, Co").is_none());
    }
}
