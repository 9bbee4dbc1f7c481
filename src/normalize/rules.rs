//! The curated rules of title normalisation: word lists and weights.
//!
//! Input: none (constants). Output: the lists the lookup consults — head-noun
//! synonyms, computing words and the computing reading of generic heads,
//! titles too generic to code, membership heads, degree words — and the
//! ranker's weights. Kept apart so that every hand-made rule is in one
//! reviewable place, each with the reason it exists.

/// Head nouns that stand for another in common usage (tried in the fuzzy
/// stage, at a small discount).
pub(super) const HEAD_SYNONYMS: &[(&str, &[&str])] = &[
    ("executive", &["specialist", "representative"]),
    ("professional", &["specialist"]),
    ("incharge", &["supervisor"]),
];

/// Words that put a title in computing ("SAP ABAP Consultant", "Test
/// Analyst", "Android Engineer"); the taxonomy's programming languages and
/// technologies are added at build time.
pub(super) const IT_WORDS: &[&str] = &[
    "software",
    "it",
    "technical",
    "technology",
    "system",
    "application",
    "web",
    "website",
    "network",
    "networking",
    "devops",
    "cloud",
    "database",
    "sap",
    "erp",
    "crm",
    "qa",
    "test",
    "testing",
    "embedded",
    "firmware",
    "frontend",
    "backend",
    "fullstack",
    "computer",
    "programming",
    "informatic",
    "abap",
    "salesforce",
    "sharepoint",
    "mainframe",
    "etl",
    "bi",
];

/// What a generic head noun means when a computing word qualifies it and no
/// O*NET title says more (the coding rules in fixtures/titles/CODING.md).
pub(super) const IT_HEADS: &[(&str, &str)] = &[
    ("developer", "15-1252.00"),
    ("programmer", "15-1251.00"),
    ("engineer", "15-1252.00"),
    ("lead", "15-1252.00"),
    ("consultant", "15-1211.00"),
    ("analyst", "15-1211.00"),
    ("architect", "15-1299.08"),
    ("tester", "15-1253.00"),
    ("administrator", "15-1244.00"),
    ("designer", "15-1255.00"),
    ("manager", "11-3021.00"),
    ("specialist", "15-1299.00"),
    ("professional", "15-1299.00"),
];

/// The bonus, in score, of computer occupations for a title in computing.
pub(super) const IT_BONUS: f32 = 0.12;

/// The weight of a query word that no title form contains.
pub(super) const UNKNOWN_WEIGHT: f32 = 0.5;

/// The share of a fuzzy score that comes from the occupation's own title.
pub(super) const OCC_BLEND: f32 = 0.25;

/// The discount on a match found without the head noun.
pub(super) const HEADLESS_DISCOUNT: f32 = 0.85;

/// Titles too vague to code, whatever O*NET lists: they name a relation to an
/// employer, not an occupation.
pub(super) const GENERIC: &[&str] = &[
    "volunteer",
    "team member",
    "member",
    "staff",
    "staff member",
    "employee",
    "worker",
    "associate",
    "intern",
    "internship",
    "trainee",
    "fresher",
    "apprentice",
    "student",
    "graduate",
    "freelancer",
    "freelance",
    "self employed",
    "contractor",
    "consultant",
    "professional",
    "executive",
    "officer",
    "specialist",
    "partner",
    "owner",
    "founder",
    "co founder",
    "cofounder",
    "various",
    "team lead",
    "team leader",
    "lead",
    "head",
    "manager",
    "senior manager",
    "engineer",
    "analyst",
    "assistant",
    "director",
    "coordinator",
    "representative",
    "advisor",
    "adviser",
    "supervisor",
    "chief",
    "deputy",
    "deputy director",
    "educator",
    "researcher",
    "operator",
    "technician",
    "mentor",
    "fellow",
    "scholar",
    "investigator",
    "vice president",
];

/// Head nouns that name a membership or a status, not an occupation:
/// "Yearbook Committee Member", "PhD Student", "Research Fellow".
pub(super) const GENERIC_HEADS: &[&str] = &[
    "member",
    "student",
    "fellow",
    "scholar",
    "participant",
    "candidate",
    "observer",
    "volunteer",
    "contractor",
];

/// First words that make the "title" a degree ("Bachelor of Science in …",
/// "LLB in Criminal Law").
pub(super) const DEGREE_WORDS: &[&str] = &[
    "bachelor",
    "bachelors",
    "master",
    "masters",
    "llb",
    "llm",
    "phd",
    "mba",
    "bsc",
    "msc",
    "btech",
    "mtech",
    "ba",
    "ma",
    "bs",
    "ms",
    "diploma",
    "degree",
    "be",
    "me",
    "bcom",
    "mcom",
    "bca",
    "mca",
];

/// The weight of an occupation's prior (how much of O*NET's title space it
/// covers) when ranking: it breaks near-ties towards broad, common
/// occupations rather than narrow ones ("Project Manager" → Project
/// Management Specialists, not Wind Energy Development Managers).
pub(super) const PRIOR_WEIGHT: f32 = 0.3;

/// Among the codes one title form names, how far the occupation's own title
/// sharing the query's words moves it, in units of the heaviest code's weight
/// ("Sales Associate": Retail Salespersons, the sources' choice, keeps its
/// lead over Solar Sales Representatives, whose title merely says "sales").
pub(super) const SIM_WEIGHT: f32 = 1.5;

/// Fuzzy-score penalty of an O*NET specialty code whose title the query does
/// not echo (see `rank::context_penalty`).
pub(super) const SPECIALTY_PENALTY: f32 = 0.1;

/// Fuzzy-score penalty of a military occupation without a military word.
pub(super) const MILITARY_PENALTY: f32 = 0.2;

/// Words that make a military occupation plausible (singular forms).
pub(super) const MILITARY_WORDS: &[&str] = &[
    "army",
    "navy",
    "naval",
    "military",
    "marine",
    "airforce",
    "airman",
    "soldier",
    "infantry",
    "sergeant",
    "corporal",
    "lieutenant",
    "captain",
    "colonel",
    "major",
    "officer",
    "artillery",
    "combat",
    "squadron",
    "platoon",
    "battalion",
    "enlisted",
    "cadet",
    "armor",
    "weapon",
];
