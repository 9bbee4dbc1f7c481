//! The embedded dictionaries: section headings, skills, degrees, universities,
//! job titles and occupations, title abbreviations, companies and places.
//!
//! Input: the tab-separated data files in `taxonomies/` (one `#` header line,
//! then rows), compiled into the binary with `include_str!`. They are built
//! from open data by `taxonomies/build.py`; `taxonomies/README.md` documents
//! each file's source, licence, row count and transformation, and `NOTICE`
//! carries the attributions.
//!
//! Output: a [`Taxonomy`] of parsed, read-only tables, built once on first use
//! ([`Taxonomy::embedded`]) and shared by every parse. The tables are plain
//! rows in file order (sorted, deduplicated); building matchers and indexes
//! over them is the job of the lexicon.
//!
//! Why: the binary is self-contained (no data directory to ship or find) and
//! the parsing core does no I/O. Parsing is tolerant: a malformed row (wrong
//! column count, empty key, unknown level, bad number) is skipped, never a
//! panic, so a hand edit of a data file cannot take the service down.

use std::sync::LazyLock;

use serde::Serialize;

const SECTION_HEADINGS: &str = include_str!("../taxonomies/section_headings.tsv");
const SKILLS: &str = include_str!("../taxonomies/skills.tsv");
const DEGREES: &str = include_str!("../taxonomies/degrees.tsv");
const UNIVERSITIES: &str = include_str!("../taxonomies/universities.tsv");
const JOB_TITLES: &str = include_str!("../taxonomies/job_titles.tsv");
const OCCUPATIONS: &str = include_str!("../taxonomies/occupations.tsv");
const TITLE_ABBREVIATIONS: &str = include_str!("../taxonomies/title_abbreviations.tsv");
const COMPANIES: &str = include_str!("../taxonomies/companies.tsv");
const CITIES: &str = include_str!("../taxonomies/cities.tsv");
const REGIONS: &str = include_str!("../taxonomies/regions.tsv");
const COUNTRIES: &str = include_str!("../taxonomies/countries.tsv");

/// A section heading phrase (lower case) and the section it opens.
///
/// Sections: summary, experience, education, skills, projects, certifications,
/// awards, publications, languages, interests, references, volunteer,
/// activities, contact, courses, affiliations, research, leadership, military,
/// additional, personal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub section: String,
    pub phrase: String,
    /// ISO 639-1: en, de, fr, es, pt, it, nl.
    pub lang: String,
}

/// A skill phrase for whole-word dictionary matching.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skill {
    pub name: String,
    /// Match only as written (the lower-case form is an ordinary word or the
    /// name is very short: `Go`, `R`, `Swift`, `Spring`, `SAP`).
    pub case_sensitive: bool,
    /// language | technology | software | professional | soft.
    pub kind: String,
    /// The name to report for this phrase (`Golang` -> `Go`, `K8s` ->
    /// `Kubernetes`, `Excel` -> `Microsoft Excel`); equal to `name` when the
    /// phrase is its own canonical form. Always the `name` of another row.
    pub canonical: String,
    /// The taxonomy id of the canonical skill, when a source knows it:
    /// `linguist:<Language>` (GitHub Linguist), an ESCO skill URI
    /// (`http://data.europa.eu/esco/skill/…`) or `onet-tech:<UNSPSC commodity
    /// code>` (O*NET Technology Skills). Rows sharing a canonical share the id.
    pub id: Option<String>,
}

/// Education level of a degree form, lowest to highest (professional degrees
/// such as MD, JD, MBBS are graduate-entry or long first degrees).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DegreeLevel {
    Secondary,
    Certificate,
    Diploma,
    Associate,
    Bachelor,
    Master,
    Doctorate,
    Professional,
}

impl DegreeLevel {
    /// Parse the lower-case name used in `degrees.tsv`.
    #[must_use]
    pub fn parse(s: &str) -> Option<DegreeLevel> {
        Some(match s {
            "secondary" => DegreeLevel::Secondary,
            "certificate" => DegreeLevel::Certificate,
            "diploma" => DegreeLevel::Diploma,
            "associate" => DegreeLevel::Associate,
            "bachelor" => DegreeLevel::Bachelor,
            "master" => DegreeLevel::Master,
            "doctorate" => DegreeLevel::Doctorate,
            "professional" => DegreeLevel::Professional,
            _ => return None,
        })
    }

    /// The lower-case name (as serialised).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            DegreeLevel::Secondary => "secondary",
            DegreeLevel::Certificate => "certificate",
            DegreeLevel::Diploma => "diploma",
            DegreeLevel::Associate => "associate",
            DegreeLevel::Bachelor => "bachelor",
            DegreeLevel::Master => "master",
            DegreeLevel::Doctorate => "doctorate",
            DegreeLevel::Professional => "professional",
        }
    }
}

/// A written form of a degree (`B.Tech`, `BS`, `Master of Science`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Degree {
    pub form: String,
    pub canonical: String,
    pub level: DegreeLevel,
    /// Short all-caps abbreviations (`BS`, `MA`, `BE`, `MBA`) and forms whose
    /// lower case is a word (`BEd`, `MArch`) must match as written.
    pub case_sensitive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct University {
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

/// A job title (lower case) and the O*NET-SOC code it belongs to. A title may
/// appear with several codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobTitle {
    pub title: String,
    pub soc: String,
    /// How strongly the sources tie this title to this code (1 = one O*NET
    /// source for an alternate title, up to ~10 when several sources agree).
    pub weight: u16,
}

/// An O*NET-SOC 2019 occupation (`15-1252.00`, `Software Developers`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Occupation {
    pub soc: String,
    pub title: String,
    /// The SOC 2018 detailed occupation (`15-1252`).
    pub soc2018: String,
    /// The ISCO-08 unit group, derived through ESCO labels (`2512`).
    pub isco08: Option<String>,
}

/// A GeoNames city of at least 15,000 people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct City {
    pub name: String,
    pub ascii_name: String,
    /// GeoNames admin-1 code; join with [`Region::code`] and `country`.
    pub region_code: String,
    pub country: String,
    pub population: u32,
}

/// A GeoNames admin-1 region (state, province) with its postal/ISO abbreviation
/// where one is in common use (US, CA, AU, IN, BR).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    pub country: String,
    pub code: String,
    pub name: String,
    pub abbreviation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Country {
    pub iso2: String,
    pub name: String,
    pub aliases: Vec<String>,
}

/// All embedded dictionaries, parsed.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub headings: Vec<Heading>,
    pub skills: Vec<Skill>,
    pub degrees: Vec<Degree>,
    pub universities: Vec<University>,
    pub job_titles: Vec<JobTitle>,
    pub occupations: Vec<Occupation>,
    /// (abbreviation, expansion), lower case: `sr` -> `senior`.
    pub title_abbreviations: Vec<(String, String)>,
    /// Company names as registered (legal suffixes kept: `MICROSOFT CORP`).
    pub companies: Vec<String>,
    pub cities: Vec<City>,
    pub regions: Vec<Region>,
    pub countries: Vec<Country>,
}

static EMBEDDED: LazyLock<Taxonomy> = LazyLock::new(Taxonomy::parse_embedded);

impl Taxonomy {
    /// The dictionaries compiled into the binary, parsed on first use.
    pub fn embedded() -> &'static Taxonomy {
        &EMBEDDED
    }

    fn parse_embedded() -> Taxonomy {
        Taxonomy {
            headings: parse_headings(SECTION_HEADINGS),
            skills: parse_skills(SKILLS),
            degrees: parse_degrees(DEGREES),
            universities: parse_universities(UNIVERSITIES),
            job_titles: parse_job_titles(JOB_TITLES),
            occupations: parse_occupations(OCCUPATIONS),
            title_abbreviations: parse_title_abbreviations(TITLE_ABBREVIATIONS),
            companies: parse_companies(COMPANIES),
            cities: parse_cities(CITIES),
            regions: parse_regions(REGIONS),
            countries: parse_countries(COUNTRIES),
        }
    }
}

/// Data rows of a TSV file split into exactly `N` leading fields (extra
/// trailing fields are ignored). Comment (`#`) and blank lines are skipped, as
/// are rows with fewer than `N` fields or an empty first field.
fn rows<const N: usize>(data: &str) -> impl Iterator<Item = [&str; N]> + '_ {
    rows_padded::<N>(data, N)
}

/// Like [`rows`], but only the first `required` fields must be present; the
/// missing trailing ones (optional columns) are empty.
fn rows_padded<const N: usize>(
    data: &str,
    required: usize,
) -> impl Iterator<Item = [&str; N]> + '_ {
    data.lines().filter_map(move |line| {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let mut out = [""; N];
        let mut parts = line.split('\t');
        for (i, slot) in out.iter_mut().enumerate() {
            match parts.next() {
                Some(p) => *slot = p.trim(),
                None if i < required => return None,
                None => break,
            }
        }
        if out[0].is_empty() { None } else { Some(out) }
    })
}

fn flag(s: &str) -> Option<bool> {
    match s {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

fn parse_headings(data: &str) -> Vec<Heading> {
    rows::<3>(data)
        .filter(|[_, phrase, lang]| !phrase.is_empty() && !lang.is_empty())
        .map(|[section, phrase, lang]| Heading {
            section: section.to_owned(),
            phrase: phrase.to_owned(),
            lang: lang.to_owned(),
        })
        .collect()
}

fn parse_skills(data: &str) -> Vec<Skill> {
    // The 5th column (id) is optional: a 4-column row has no id.
    rows_padded::<5>(data, 4)
        .filter_map(|[name, cs, kind, canonical, id]| {
            Some(Skill {
                name: name.to_owned(),
                case_sensitive: flag(cs)?,
                kind: non_empty(kind)?,
                canonical: if canonical.is_empty() {
                    name
                } else {
                    canonical
                }
                .to_owned(),
                id: non_empty(id),
            })
        })
        .collect()
}

fn parse_degrees(data: &str) -> Vec<Degree> {
    rows::<4>(data)
        .filter_map(|[form, canonical, level, cs]| {
            Some(Degree {
                form: form.to_owned(),
                canonical: non_empty(canonical)?,
                level: DegreeLevel::parse(level)?,
                case_sensitive: flag(cs)?,
            })
        })
        .collect()
}

fn parse_universities(data: &str) -> Vec<University> {
    rows::<2>(data)
        .filter_map(|[name, country]| {
            Some(University {
                name: name.to_owned(),
                country: non_empty(country)?,
            })
        })
        .collect()
}

fn parse_job_titles(data: &str) -> Vec<JobTitle> {
    rows::<3>(data)
        .filter_map(|[title, soc, weight]| {
            Some(JobTitle {
                title: title.to_owned(),
                soc: non_empty(soc)?,
                weight: weight.parse().unwrap_or(1),
            })
        })
        .collect()
}

fn parse_occupations(data: &str) -> Vec<Occupation> {
    rows::<4>(data)
        .filter_map(|[soc, title, soc2018, isco08]| {
            Some(Occupation {
                soc: soc.to_owned(),
                title: non_empty(title)?,
                soc2018: non_empty(soc2018)?,
                isco08: non_empty(isco08),
            })
        })
        .collect()
}

fn parse_title_abbreviations(data: &str) -> Vec<(String, String)> {
    rows::<2>(data)
        .filter_map(|[abbr, expansion]| Some((abbr.to_owned(), non_empty(expansion)?)))
        .collect()
}

fn parse_companies(data: &str) -> Vec<String> {
    rows::<1>(data).map(|[name]| name.to_owned()).collect()
}

fn parse_cities(data: &str) -> Vec<City> {
    rows::<5>(data)
        .filter_map(|[name, ascii_name, region, country, population]| {
            Some(City {
                name: name.to_owned(),
                ascii_name: if ascii_name.is_empty() {
                    name
                } else {
                    ascii_name
                }
                .to_owned(),
                region_code: region.to_owned(),
                country: non_empty(country)?,
                population: population.parse().ok()?,
            })
        })
        .collect()
}

fn parse_regions(data: &str) -> Vec<Region> {
    // The abbreviation column may be empty and, being last, may then be cut
    // off by an editor that trims trailing tabs: accept three or four fields.
    data.lines()
        .filter_map(|line| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.is_empty() || line.starts_with('#') {
                return None;
            }
            let mut parts = line.split('\t').map(str::trim);
            let country = parts.next().filter(|s| !s.is_empty())?;
            let code = parts.next().filter(|s| !s.is_empty())?;
            let name = parts.next().filter(|s| !s.is_empty())?;
            Some(Region {
                country: country.to_owned(),
                code: code.to_owned(),
                name: name.to_owned(),
                abbreviation: parts.next().and_then(non_empty),
            })
        })
        .collect()
}

fn parse_countries(data: &str) -> Vec<Country> {
    data.lines()
        .filter_map(|line| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.is_empty() || line.starts_with('#') {
                return None;
            }
            let mut parts = line.split('\t').map(str::trim);
            let iso2 = parts.next().filter(|s| !s.is_empty())?;
            let name = parts.next().filter(|s| !s.is_empty())?;
            let aliases = parts
                .next()
                .unwrap_or("")
                .split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
                .collect();
            Some(Country {
                iso2: iso2.to_owned(),
                name: name.to_owned(),
                aliases,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::time::Instant;

    use super::*;

    fn tax() -> &'static Taxonomy {
        Taxonomy::embedded()
    }

    #[test]
    fn loads_quickly_and_once() {
        // A fresh parse (the shared instance may already exist: tests run in
        // parallel), then the shared instance, which must be one value.
        let start = Instant::now();
        let fresh = Taxonomy::parse_embedded();
        let parse = start.elapsed();
        eprintln!("taxonomy: full parse of the embedded tables took {parse:?}");
        assert_eq!(fresh.skills.len(), tax().skills.len());
        assert!(std::ptr::eq(Taxonomy::embedded(), Taxonomy::embedded()));
        // Generous bound so that debug builds on a busy CI machine pass; the
        // release figure is reported in taxonomies/README.md.
        assert!(parse.as_secs() < 10, "parsing took {parse:?}");
    }

    #[test]
    fn counts_above_sane_minimums() {
        let t = tax();
        assert!(t.headings.len() >= 400, "headings {}", t.headings.len());
        assert!(t.skills.len() >= 5_000, "skills {}", t.skills.len());
        assert!(t.degrees.len() >= 500, "degrees {}", t.degrees.len());
        assert!(
            t.universities.len() >= 9_000,
            "universities {}",
            t.universities.len()
        );
        assert!(
            t.job_titles.len() >= 50_000,
            "job titles {}",
            t.job_titles.len()
        );
        assert_eq!(t.occupations.len(), 1_016);
        assert!(t.title_abbreviations.len() >= 100);
        assert!(
            t.companies.len() >= 5_000,
            "companies {}",
            t.companies.len()
        );
        assert!(t.cities.len() >= 30_000, "cities {}", t.cities.len());
        assert!(t.regions.len() >= 3_500, "regions {}", t.regions.len());
        assert!(t.countries.len() >= 245, "countries {}", t.countries.len());
    }

    #[test]
    fn every_embedded_row_parses() {
        // Tolerant parsing must not hide a broken build: each data line of the
        // shipped files yields exactly one row.
        fn data_lines(s: &str) -> usize {
            s.lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .count()
        }
        let t = tax();
        assert_eq!(t.headings.len(), data_lines(SECTION_HEADINGS));
        assert_eq!(t.skills.len(), data_lines(SKILLS));
        assert_eq!(t.degrees.len(), data_lines(DEGREES));
        assert_eq!(t.universities.len(), data_lines(UNIVERSITIES));
        assert_eq!(t.job_titles.len(), data_lines(JOB_TITLES));
        assert_eq!(t.occupations.len(), data_lines(OCCUPATIONS));
        assert_eq!(t.title_abbreviations.len(), data_lines(TITLE_ABBREVIATIONS));
        assert_eq!(t.companies.len(), data_lines(COMPANIES));
        assert_eq!(t.cities.len(), data_lines(CITIES));
        assert_eq!(t.regions.len(), data_lines(REGIONS));
        assert_eq!(t.countries.len(), data_lines(COUNTRIES));
    }

    #[test]
    fn known_entries_are_present() {
        let t = tax();
        let python = t
            .skills
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case("python"));
        assert!(matches!(python, Some(s) if !s.case_sensitive && s.kind == "language"));
        assert_eq!(
            python.and_then(|s| s.id.as_deref()),
            Some("linguist:Python")
        );
        let excel = t.skills.iter().find(|s| s.name == "Excel");
        assert!(
            matches!(excel, Some(s) if s.id.as_deref().is_some_and(|i| i.starts_with("onet-tech:")))
        );
        let go = t.skills.iter().find(|s| s.name == "Go");
        assert!(matches!(go, Some(s) if s.case_sensitive));
        let golang = t
            .skills
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case("golang"));
        assert!(matches!(golang, Some(s) if s.canonical == "Go"));

        let btech = t.degrees.iter().find(|d| d.form == "B.Tech");
        assert!(matches!(btech, Some(d) if d.level == DegreeLevel::Bachelor));
        let bs = t.degrees.iter().find(|d| d.form == "BS");
        assert!(matches!(bs, Some(d) if d.case_sensitive && d.level == DegreeLevel::Bachelor));
        let phd = t.degrees.iter().find(|d| d.form == "Ph.D.");
        assert!(matches!(phd, Some(d) if d.level == DegreeLevel::Doctorate));

        assert!(
            t.job_titles
                .iter()
                .any(|j| j.title == "software engineer" && j.soc == "15-1252.00")
        );
        assert!(t.occupations.iter().any(|o| o.soc == "15-1252.00"));
        assert!(
            t.cities
                .iter()
                .any(|c| c.name == "Bengaluru" && c.country == "IN" && c.population > 1_000_000)
        );
        let ca = t
            .regions
            .iter()
            .find(|r| r.country == "US" && r.abbreviation.as_deref() == Some("CA"));
        assert!(matches!(ca, Some(r) if r.name == "California"));
        assert!(
            t.headings
                .iter()
                .any(|h| h.phrase == "experience" && h.section == "experience" && h.lang == "en")
        );
        let us = t.countries.iter().find(|c| c.iso2 == "US");
        assert!(matches!(us, Some(c) if c.aliases.iter().any(|a| a == "USA")));
        assert!(
            t.title_abbreviations
                .iter()
                .any(|(a, e)| a == "sr" && e == "senior")
        );
        assert!(
            t.universities
                .iter()
                .any(|u| u.name.contains("Stanford") && u.country == "US")
        );
    }

    #[test]
    fn no_duplicate_forms() {
        let t = tax();
        let mut seen = HashSet::new();
        for s in &t.skills {
            assert!(
                seen.insert(s.name.to_lowercase()),
                "duplicate skill {}",
                s.name
            );
        }
        let mut seen = HashSet::new();
        for d in &t.degrees {
            assert!(
                seen.insert(d.form.to_lowercase()),
                "duplicate degree form {}",
                d.form
            );
        }
        let mut seen = HashSet::new();
        for h in &t.headings {
            assert!(
                seen.insert((h.phrase.as_str(), h.lang.as_str())),
                "duplicate heading {}",
                h.phrase
            );
        }
        let mut seen = HashSet::new();
        for j in &t.job_titles {
            assert!(
                seen.insert((j.title.as_str(), j.soc.as_str())),
                "duplicate title {}",
                j.title
            );
        }
    }

    #[test]
    fn values_are_in_their_fixed_sets() {
        let t = tax();
        let sections = [
            "summary",
            "experience",
            "education",
            "skills",
            "projects",
            "certifications",
            "awards",
            "publications",
            "languages",
            "interests",
            "references",
            "volunteer",
            "activities",
            "contact",
            "courses",
            "affiliations",
            "research",
            "leadership",
            "military",
            "additional",
            "personal",
        ];
        for h in &t.headings {
            assert!(
                sections.contains(&h.section.as_str()),
                "section {}",
                h.section
            );
            assert_eq!(h.phrase, h.phrase.to_lowercase());
        }
        let kinds = ["language", "technology", "software", "professional", "soft"];
        let names: HashSet<&str> = t.skills.iter().map(|s| s.name.as_str()).collect();
        for s in &t.skills {
            assert!(kinds.contains(&s.kind.as_str()), "kind {}", s.kind);
            assert!(
                names.contains(s.canonical.as_str()),
                "canonical {} of {}",
                s.canonical,
                s.name
            );
        }
        for j in &t.job_titles {
            assert!(
                j.soc.len() == 10 && j.soc.as_bytes()[2] == b'-' && j.soc.as_bytes()[7] == b'.',
                "soc {}",
                j.soc
            );
        }
        for c in &t.countries {
            assert!(c.iso2.len() == 2 && c.iso2.bytes().all(|b| b.is_ascii_uppercase()));
        }
        for c in &t.cities {
            assert!(
                c.population >= 15_000 && c.ascii_name.is_ascii(),
                "city {}",
                c.name
            );
        }
    }

    #[test]
    fn malformed_rows_are_skipped() {
        let skills = "# name\tcase_sensitive\tkind\tcanonical\n\
                      Rust\t1\tlanguage\tRust\n\
                      short row\n\
                      \t0\tlanguage\tX\n\
                      Bad flag\tyes\tlanguage\t\n\
                      Kotlin\t0\tlanguage\t\r\n\
                      \n";
        let s = parse_skills(skills);
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].name, "Kotlin");
        assert_eq!(s[1].canonical, "Kotlin");
        assert_eq!(s[1].id, None);

        let with_ids = "Rust\t1\tlanguage\tRust\tlinguist:Rust\nZig\t0\tlanguage\tZig\t\n";
        let s = parse_skills(with_ids);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].id.as_deref(), Some("linguist:Rust"));
        assert_eq!(s[1].id, None);

        let degrees = "BS\tBachelor of Science\tbachelor\t1\nXX\tSomething\tgrand\t0\nMS\tMaster of Science\tmaster\n";
        let d = parse_degrees(degrees);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].level, DegreeLevel::Bachelor);

        let cities = "Pune\tPune\t16\tIN\t3124458\nNowhere\tNowhere\t01\tXX\tmany\n";
        assert_eq!(parse_cities(cities).len(), 1);

        let regions = "US\tCA\tCalifornia\tCA\nIN\t19\tKarnataka\nIN\t\tNo code\t\n";
        let r = parse_regions(regions);
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].abbreviation, None);

        let countries = "US\tUnited States\tUSA|U.S.||\nXX\n";
        let c = parse_countries(countries);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].aliases, vec!["USA".to_owned(), "U.S.".to_owned()]);
    }

    #[test]
    fn degree_level_round_trips_and_serialises_lowercase() {
        for level in [
            DegreeLevel::Secondary,
            DegreeLevel::Certificate,
            DegreeLevel::Diploma,
            DegreeLevel::Associate,
            DegreeLevel::Bachelor,
            DegreeLevel::Master,
            DegreeLevel::Doctorate,
            DegreeLevel::Professional,
        ] {
            assert_eq!(DegreeLevel::parse(level.as_str()), Some(level));
            let json = serde_json::to_string(&level).ok();
            assert_eq!(json, Some(format!("\"{}\"", level.as_str())));
        }
        assert!(DegreeLevel::Bachelor < DegreeLevel::Master);
    }
}
