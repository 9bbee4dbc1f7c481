//! Field mapping: which value of a candidate goes into which field of the
//! target's request body, and how it is transformed on the way.
//!
//! Input: one *input document* built by [`input`] from the parse envelope,
//! the career-site form and the stored candidate record:
//!
//! ```text
//! { "resume":    <the resume to write: the candidate's (form-merged,
//!                 recruiter-corrected) resume, else the envelope's>,
//!   "parse":     <the whole resume-parser/1 envelope>,
//!   "form":      <the form's text fields>,
//!   "candidate": <the candidate record: id, status, source, job_id, …> }
//! ```
//!
//! Output: the request body ([`Mapping::apply`]): pure, never panics, and
//! never sends `null`, `""` or an empty list or object.
//!
//! A mapping is a TOML file. Each target ships a default (`mappings/*.toml`,
//! embedded); a user file ([`Mapping::load`]) replaces any of its fields, adds
//! new ones, removes one (`omit = true`) and adds or extends value maps. The
//! merged mapping is validated when it is loaded — every source pointer must
//! name a field the input can have, every target field must be one the target
//! accepts, every transform must exist — so a mistake stops start-up with a
//! message naming the line, the key and the nearest valid names, instead of
//! failing on the first candidate.
//!
//! # File format
//!
//! ```toml
//! target = "greenhouse"            # optional; must match the target if given
//!
//! [fields]
//! # target path = rule
//! first_name = { from = ["/form/first_name", "/resume/basics/name | first_name"] }
//! "email_addresses[0].value" = { from = ["/form/email", "/resume/basics/email"], transform = ["trim", "lowercase"] }
//! "email_addresses[0].type" = "=personal"
//! tags = { all = ["=resume-parser", "/candidate/source | prefix:source:"] }
//!
//! [fields.employments]             # a list: one object per work entry
//! each = "/resume/work/*"
//! [fields.employments.fields]
//! company_name = { from = "./name", required = true }
//! start_date = { from = "./startDate", transform = ["date:iso"] }
//!
//! [maps.status_tag]                # value maps, used as `map:status_tag`
//! needs_review = "parser:needs-review"
//! "*" = "parser:other"             # optional fallback; else unmapped values are left out
//!
//! [form]
//! extra_fields = ["utm_campaign"]  # custom form fields the career site sends
//! ```
//!
//! **Target paths** (the keys of `[fields]`): dot-separated keys with `[n]`
//! list slots, e.g. `title`, `recruiter.email`, `phone_numbers[0].value`.
//! Slots of one list are ordered by `n`; a slot left empty disappears (no
//! holes); a slot whose value is a list is spliced in. A list entry that is an
//! object built only from constants (`"=mobile"`, `value = …`) is left out: a
//! constant alone never creates a phone number or an employment. Keys with
//! dots or brackets must be quoted in TOML.
//!
//! **Sources** are strings: an absolute JSON Pointer (RFC 6901) into the input
//! document (`/resume/basics/name`, `/form/email`, `/candidate/source`,
//! `/parse/quality/confidence`); a relative pointer inside `each` (`./name`,
//! or `.` for the item itself); or a literal (`=text`). A `*` segment matches
//! every list item (or map member) and gives a list: `/resume/skills/*/keywords/*`.
//! A source may be followed by transforms: `"/resume/basics/name | first_name"`.
//!
//! **Rules**: a bare string is one source, a bare list of them a `from`
//! list, a bare number or boolean a constant. A table has one of
//! - `from = "src"` or `from = ["src", …]`: the first source whose value is
//!   non-empty after its transforms and the rule's `transform` wins; an entry
//!   may itself be a rule table (e.g. `{ all = [...], transform = ["join:' '"] }`);
//! - `all = [...]`: every non-empty source, collected into a list (lists spliced);
//! - `value = <any TOML value>`: a constant;
//! - `fields = { path = rule, … }`: an object;
//! - `each = "src"` (or a rule table giving a list): one entry per item,
//!   built by `fields` (objects), `from`/`all` (relative pointers) or, with
//!   neither, the item itself;
//!
//! plus `transform = ["t", …]` (applied after the sources' own transforms;
//! with `each` or `all` to the resulting list), `default = <value>` (used when
//! everything came out empty), `required = true` (inside `fields`: without
//! this value the enclosing object is left out — e.g. Greenhouse rejects an
//! employment without a start date) and `omit = true` (user files: remove the
//! default's rule for that target path).
//!
//! **Transforms** (chainable; on a list, a per-value transform maps each
//! element and drops the ones that come out empty):
//! - `trim`, `lowercase`, `uppercase`, `string`, `number` (`"4012"` → `4012`;
//!   not a number → left out), `prefix:<text>`, `suffix:<text>`;
//! - `e164[:<REGION>][,keep]`: the phone in E.164 (`+14155550142`) via
//!   libphonenumber. A number without `+` is read in `<REGION>` (ISO 3166
//!   alpha-2), else in the resume's `basics.location.countryCode`. A number
//!   that is not valid there is **left out**, or with `keep` sent as written;
//! - `first_name`, `last_name`: split a full name. Titles (`Dr.`, `Mr`, …)
//!   and suffixes (`Jr.`, `PhD`, …) are dropped; `"DOE, Jane"` is read as
//!   last, first; surname particles stay with the surname (`"Jane van der
//!   Berg"` → `Jane` / `van der Berg`); middle names stay with the first name;
//!   a single name is a first name only (no last name);
//! - `name_case`: words written in capitals get an initial capital
//!   (`"JANE O'NEIL-SMITH"` → `"Jane O'Neil-Smith"`); mixed case is kept;
//! - `date:<fmt>` from `YYYY`, `YYYY-MM` (or `YYYY-MM-DD`): `iso` →
//!   `YYYY-MM-DDT00:00:00Z`; `ymd` → `YYYY-MM-DD`; these two need a full date
//!   and **pad a missing month or day with 01** (`2019` → `2019-01-01…`),
//!   which the default files say wherever they use them; `iso_strict` is
//!   `iso` but leaves out dates without a month; `year` → `2019`; `month` →
//!   `3` (left out when unknown); `month_year` → `{"month": 3, "year": 2019}`
//!   (no `month` when unknown);
//! - `normalized_title[:<min>]`: from a work entry's `x_normalized_title`,
//!   its O*NET `title` when its confidence is at least `<min>` (default 0.8,
//!   the envelope's "confident"), else nothing (so a fallback source applies);
//! - `map:<table>`: look the value up in `[maps.<table>]` (`"*"` = fallback);
//! - `confidence_level[:<c>,<p>]`: a confidence → `confident` (≥ c, default
//!   0.8), `probable` (≥ p, default 0.5) or `unlikely`;
//!   `tags_from_confidence[:<c>,<p>]` is the same with a `parser:` prefix;
//! - lists: `join[:<sep>]` (default one space), `first`, `unique`, and
//!   `omit_empty` (drops empty members and list elements deep inside a
//!   copied object; without it a copied object loses empty members but its
//!   lists are kept as they are, since positions can matter — `x_ids`).
//!
//! Arguments are trimmed; quote them with `'…'` to keep spaces or `|`:
//! `join:', '`.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::Target;

const GREENHOUSE_TOML: &str = include_str!("../../mappings/greenhouse.toml");
const LEVER_TOML: &str = include_str!("../../mappings/lever.toml");
const WEBHOOK_TOML: &str = include_str!("../../mappings/webhook.toml");

// ---------------------------------------------------------------------------
// What a source may name and what a target accepts.
// ---------------------------------------------------------------------------

/// Paths of the resume (JSON Resume 1.2.1, `fixtures/schema/`, plus the
/// parser's `x_` fields), relative to `/resume` (and `/parse/resume`). `*` is
/// a list item; every prefix of a line is valid too.
const RESUME_PATHS: &str = "
$schema
basics/name basics/label basics/image basics/email basics/phone basics/url basics/summary
basics/location/address basics/location/postalCode basics/location/city
basics/location/countryCode basics/location/region
basics/profiles/*/network basics/profiles/*/username basics/profiles/*/url
basics/x_phone_e164
work/*/name work/*/location work/*/description work/*/position work/*/url
work/*/startDate work/*/endDate work/*/summary work/*/highlights/*
work/*/x_current
work/*/x_normalized_title/input work/*/x_normalized_title/onet_soc
work/*/x_normalized_title/title work/*/x_normalized_title/soc2018
work/*/x_normalized_title/isco08 work/*/x_normalized_title/seniority
work/*/x_normalized_title/confidence work/*/x_normalized_title/method
work/*/x_normalized_title/reason
work/*/x_normalized_title/alternatives/*/onet_soc
work/*/x_normalized_title/alternatives/*/title
work/*/x_normalized_title/alternatives/*/confidence
volunteer/*/organization volunteer/*/position volunteer/*/url volunteer/*/startDate
volunteer/*/endDate volunteer/*/summary volunteer/*/highlights/*
education/*/institution education/*/url education/*/area education/*/studyType
education/*/startDate education/*/endDate education/*/score education/*/courses/*
education/*/x_level education/*/x_isced education/*/x_current
awards/*/title awards/*/date awards/*/awarder awards/*/summary
certificates/*/name certificates/*/date certificates/*/url certificates/*/issuer
publications/*/name publications/*/publisher publications/*/releaseDate
publications/*/url publications/*/summary
skills/*/name skills/*/level skills/*/keywords/* skills/*/x_ids/*
languages/*/language languages/*/fluency
interests/*/name interests/*/keywords/*
references/*/name references/*/reference
projects/*/name projects/*/description projects/*/highlights/* projects/*/keywords/*
projects/*/startDate projects/*/endDate projects/*/url projects/*/roles/*
projects/*/entity projects/*/type
meta/canonical meta/version meta/lastModified
";

/// The envelope around the resume, relative to `/parse`. `{key}` is a map
/// member (any key), not a list item.
const ENVELOPE_PATHS: &str = "
schema
fields/{key}/confidence fields/{key}/level fields/{key}/source/page fields/{key}/source/line
quality/confidence quality/review_required quality/reasons/*
quality/findings/*/level quality/findings/*/code quality/findings/*/message
document/format document/pages document/chars document/sha256 document/elapsed_ms
document/parser_version
";

/// The career-site form's fields (`POST /v1/candidates`); a mapping declares
/// any other field it reads under `[form] extra_fields`.
const FORM_FIELDS: &[&str] = &[
    "first_name",
    "last_name",
    "name",
    "email",
    "phone",
    "job_id",
    "source",
    "consent",
];

/// The stored candidate record, relative to `/candidate`.
const CANDIDATE_PATHS: &str = "
id status source job_id confidence reasons/* created_at updated_at sha256
content_type file_name consent conflicts/*/field conflicts/*/form conflicts/*/parsed
";

/// Greenhouse Harvest `POST /v1/candidates` body (grnhse/greenhouse-api-docs,
/// harvest/_candidates.md: Add Candidate, Add Education, Add Employment, Add
/// Application). `[]` is a list item.
const GREENHOUSE_FIELDS: &str = "
first_name last_name company title is_private
phone_numbers[].value phone_numbers[].type
addresses[].value addresses[].type
email_addresses[].value email_addresses[].type
website_addresses[].value website_addresses[].type
social_media_addresses[].value
educations[].school_id educations[].discipline_id educations[].degree_id
educations[].start_date educations[].end_date educations[].start_month
educations[].start_year educations[].end_month educations[].end_year
employments[].company_name employments[].title employments[].start_date employments[].end_date
tags[]
custom_fields[].id custom_fields[].name_key custom_fields[].value custom_fields[].unit
recruiter.id recruiter.email coordinator.id coordinator.email
activity_feed_notes[].user_id activity_feed_notes[].body activity_feed_notes[].visibility
applications[].job_id applications[].source_id applications[].initial_stage_id
applications[].referrer.type applications[].referrer.value
";

/// Lever `POST /v1/opportunities` body.
const LEVER_FIELDS: &str = "
name headline stage location phones[].value phones[].type emails[] links[] tags[]
sources[] origin owner followers[] postings[] createdAt archived.reason
archived.archivedAt contact
";

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split_whitespace()
}

// ---------------------------------------------------------------------------
// Errors.
// ---------------------------------------------------------------------------

/// One thing wrong with a mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Which file: `built-in greenhouse mapping`, `user mapping`, or the name
    /// given to [`Mapping::load_named`].
    pub origin: String,
    /// 1-based line of the rule in that file, when known.
    pub line: Option<usize>,
    /// The rule's key, e.g. `fields.employments → fields.title`.
    pub key: String,
    pub message: String,
    /// The nearest valid names.
    pub suggestions: Vec<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.origin)?;
        if let Some(l) = self.line {
            write!(f, ", line {l}")?;
        }
        if !self.key.is_empty() {
            write!(f, ", `{}`", self.key)?;
        }
        write!(f, ": {}", self.message)?;
        if !self.suggestions.is_empty() {
            let s: Vec<String> = self.suggestions.iter().map(|s| format!("`{s}`")).collect();
            write!(f, " (did you mean {}?)", s.join(", "))?;
        }
        Ok(())
    }
}

/// A mapping that cannot be used: every problem found, not just the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingError {
    pub target: Target,
    pub problems: Vec<Problem>,
}

impl fmt::Display for MappingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} ATS mapping", self.target.as_str())?;
        if let [one] = self.problems.as_slice() {
            return write!(f, ": {one}");
        }
        write!(f, " ({} problems):", self.problems.len())?;
        for p in &self.problems {
            write!(f, "\n  - {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for MappingError {}

// ---------------------------------------------------------------------------
// The compiled mapping.
// ---------------------------------------------------------------------------

/// A loaded, validated mapping for one target.
#[derive(Debug, Clone)]
pub struct Mapping {
    target: Target,
    fields: Vec<(TargetPath, Rule)>,
    maps: HashMap<String, ValueMap>,
}

#[derive(Debug, Clone, Default)]
struct ValueMap {
    entries: HashMap<String, Value>,
    fallback: Option<Value>,
}

#[derive(Debug, Clone)]
struct Rule {
    each: Option<Box<Source>>,
    body: Body,
    transforms: Vec<Transform>,
    default: Option<Value>,
    required: bool,
}

#[derive(Debug, Clone)]
enum Body {
    /// `each` alone: the item itself.
    Item,
    First(Vec<Source>),
    All(Vec<Source>),
    Const(Value),
    Object(Vec<(TargetPath, Rule)>),
}

#[derive(Debug, Clone)]
enum Source {
    Pointer {
        relative: bool,
        segs: Vec<String>,
        transforms: Vec<Transform>,
    },
    Literal(String, Vec<Transform>),
    Rule(Box<Rule>),
}

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone, PartialEq)]
struct TargetPath(Vec<Seg>);

impl fmt::Display for TargetPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum DateFmt {
    Iso,
    IsoStrict,
    Ymd,
    Year,
    Month,
    MonthYear,
}

#[derive(Debug, Clone, PartialEq)]
enum Transform {
    Trim,
    Lowercase,
    Uppercase,
    Str,
    Number,
    Prefix(String),
    Suffix(String),
    E164 {
        region: Option<String>,
        keep: bool,
    },
    FirstName,
    LastName,
    NameCase,
    Date(DateFmt),
    NormalizedTitle(f64),
    Map(String),
    ConfidenceLevel {
        confident: f64,
        probable: f64,
        prefix: &'static str,
    },
    Join(String),
    First,
    Unique,
    OmitEmpty,
}

const TRANSFORM_NAMES: &[&str] = &[
    "trim",
    "lowercase",
    "uppercase",
    "string",
    "number",
    "prefix",
    "suffix",
    "e164",
    "first_name",
    "last_name",
    "name_case",
    "date",
    "normalized_title",
    "map",
    "confidence_level",
    "tags_from_confidence",
    "join",
    "first",
    "unique",
    "omit_empty",
];

const DATE_FORMATS: &[&str] = &["iso", "iso_strict", "ymd", "year", "month", "month_year"];

/// Build the input document a mapping reads. `resume` is the candidate's
/// resume (the parse merged with the form's values and any recruiter
/// correction) when the record carries one, else the envelope's; the
/// candidate record is kept without its bulky copies (`resume`, `parse`,
/// `form`), which are reachable at the top level.
pub fn input(envelope: &Value, form: &Value, candidate: &Value) -> Value {
    let resume = candidate
        .get("resume")
        .filter(|r| r.is_object())
        .or_else(|| envelope.get("resume"))
        .cloned()
        .unwrap_or_else(|| json!({}));
    let mut cand = candidate.clone();
    if let Some(c) = cand.as_object_mut() {
        for k in ["resume", "parse", "form"] {
            c.remove(k);
        }
    }
    json!({"resume": resume, "parse": envelope, "form": form, "candidate": cand})
}

impl Mapping {
    /// The target's default mapping, with `user_toml`'s rules over it.
    pub fn load(target: Target, user_toml: Option<&str>) -> Result<Mapping, MappingError> {
        Mapping::load_named(target, user_toml, "user mapping")
    }

    /// As [`Mapping::load`], naming the user file `origin` in messages (its
    /// path, say).
    pub fn load_named(
        target: Target,
        user_toml: Option<&str>,
        origin: &str,
    ) -> Result<Mapping, MappingError> {
        let err = |problems| MappingError { target, problems };
        let mut rules: Vec<RawRule> = Vec::new();
        let mut maps: BTreeMap<String, BTreeMap<String, toml::Value>> = BTreeMap::new();
        let mut extra_form: Vec<String> = Vec::new();
        let mut problems = Vec::new();

        let default = match target {
            Target::Greenhouse => Some(GREENHOUSE_TOML),
            Target::Lever => Some(LEVER_TOML),
            Target::Webhook => Some(WEBHOOK_TOML),
            Target::None => None,
        };
        let default_origin = format!("built-in {} mapping", target.as_str());
        for (text, origin, is_user) in [
            (default, default_origin.as_str(), false),
            (user_toml, origin, true),
        ] {
            let Some(text) = text else { continue };
            let file = match parse_file(text, origin) {
                Ok(f) => f,
                Err(p) => return Err(err(vec![p])),
            };
            if let Some(t) = &file.target
                && Target::parse(t) != Some(target)
            {
                problems.push(Problem {
                    origin: origin.to_owned(),
                    line: None,
                    key: "target".into(),
                    message: format!(
                        "this file is for target `{t}`, but the target is `{}`",
                        target.as_str()
                    ),
                    suggestions: vec![],
                });
            }
            for (name, table) in file.maps {
                maps.entry(name).or_default().extend(table);
            }
            if let Some(form) = file.form {
                extra_form.extend(form.extra_fields);
            }
            let mut entries: Vec<(String, toml::Spanned<toml::Value>)> =
                file.fields.into_iter().collect();
            entries.sort_by_key(|(_, v)| v.span().start);
            for (key, v) in entries {
                let line = line_of(text, v.span().start);
                let value = v.into_inner();
                let omit = value
                    .as_table()
                    .and_then(|t| t.get("omit"))
                    .and_then(toml::Value::as_bool)
                    == Some(true);
                let pos = rules.iter().position(|r| r.key == key);
                if omit {
                    if value.as_table().is_some_and(|t| t.len() > 1) {
                        problems.push(Problem {
                            origin: origin.to_owned(),
                            line: Some(line),
                            key: format!("fields.{key}"),
                            message: "`omit = true` removes the field; give it no other keys"
                                .into(),
                            suggestions: vec![],
                        });
                    }
                    match pos {
                        Some(i) => {
                            rules.remove(i);
                        }
                        None if is_user => problems.push(Problem {
                            origin: origin.to_owned(),
                            line: Some(line),
                            key: format!("fields.{key}"),
                            message: "`omit = true` but the default mapping has no such field"
                                .into(),
                            suggestions: nearest(&key, rules.iter().map(|r| r.key.as_str())),
                        }),
                        None => {}
                    }
                    continue;
                }
                let raw = RawRule {
                    key,
                    value,
                    origin: origin.to_owned(),
                    line,
                };
                match pos {
                    Some(i) => rules[i] = raw,
                    None => rules.push(raw),
                }
            }
        }

        let mut compiled_maps = HashMap::new();
        for (name, table) in &maps {
            let mut m = ValueMap::default();
            for (k, v) in table {
                let v = toml_to_json(v);
                if k == "*" {
                    m.fallback = Some(v);
                } else {
                    m.entries.insert(k.clone(), v);
                }
            }
            compiled_maps.insert(name.clone(), m);
        }

        let mut cx = Compile {
            target,
            maps: &compiled_maps,
            extra_form: &extra_form,
            problems: &mut problems,
            origin: String::new(),
            line: None,
        };
        let mut fields: Vec<(TargetPath, Rule)> = Vec::new();
        let mut paths: Vec<(TargetPath, String, String, usize)> = Vec::new();
        for raw in &rules {
            cx.origin = raw.origin.clone();
            cx.line = Some(raw.line);
            let key = format!("fields.{}", raw.key);
            let Some(path) = cx.target_path(&raw.key, &key) else {
                continue;
            };
            let Some(rule) = cx.rule(&raw.value, &key, None, false) else {
                continue;
            };
            cx.check_target(&path, &rule, &key);
            if let Some((other, o_origin, o_key, o_line)) = paths
                .iter()
                .find(|(p, ..)| is_prefix(&p.0, &path.0) || is_prefix(&path.0, &p.0))
            {
                cx.problem(
                    &key,
                    format!(
                        "`{path}` overlaps `{other}` ({o_origin}, line {o_line}, `{o_key}`); \
                         remove one (`omit = true` in a user file removes a default)"
                    ),
                    vec![],
                );
            }
            paths.push((path.clone(), raw.origin.clone(), key, raw.line));
            fields.push((path, rule));
        }
        if problems.is_empty() {
            Ok(Mapping {
                target,
                fields,
                maps: compiled_maps,
            })
        } else {
            Err(err(problems))
        }
    }

    pub fn target(&self) -> Target {
        self.target
    }

    /// The target's request body for one input document ([`input`]).
    pub fn apply(&self, input: &Value) -> Value {
        let region = input
            .pointer("/resume/basics/location/countryCode")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let cx = Cx {
            root: input,
            item: None,
            maps: &self.maps,
            region: region.as_deref(),
        };
        let mut root = Node::Obj(Vec::new());
        for (path, rule) in &self.fields {
            if let Some(out) = eval_rule(rule, &cx) {
                root.insert(&path.0, out);
            }
        }
        root.finish()
            .map(|o| o.v)
            .unwrap_or_else(|| Value::Object(Map::new()))
    }
}

// ---------------------------------------------------------------------------
// Reading the TOML.
// ---------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    target: Option<String>,
    #[serde(default)]
    fields: BTreeMap<String, toml::Spanned<toml::Value>>,
    #[serde(default)]
    maps: BTreeMap<String, BTreeMap<String, toml::Value>>,
    form: Option<RawForm>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForm {
    #[serde(default)]
    extra_fields: Vec<String>,
}

struct RawRule {
    key: String,
    value: toml::Value,
    origin: String,
    line: usize,
}

fn parse_file(text: &str, origin: &str) -> Result<RawFile, Problem> {
    toml::from_str::<RawFile>(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        let mut message = e.message().trim().to_owned();
        if let Some(l) = line.and_then(|l| text.lines().nth(l - 1)).map(str::trim)
            && !l.is_empty()
        {
            message.push_str(&format!(" (at `{l}`)"));
        }
        Problem {
            origin: origin.to_owned(),
            line,
            key: String::new(),
            message,
            suggestions: vec![],
        }
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(0, |t| t.bytes().filter(|&b| b == b'\n').count())
        + 1
}

fn toml_to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

// ---------------------------------------------------------------------------
// Compiling and validating.
// ---------------------------------------------------------------------------

struct Compile<'a> {
    target: Target,
    maps: &'a HashMap<String, ValueMap>,
    extra_form: &'a [String],
    problems: &'a mut Vec<Problem>,
    origin: String,
    line: Option<usize>,
}

const RULE_KEYS: &[&str] = &[
    "from",
    "all",
    "value",
    "fields",
    "each",
    "transform",
    "default",
    "required",
    "omit",
];

impl Compile<'_> {
    fn problem(&mut self, key: &str, message: String, suggestions: Vec<String>) {
        self.problems.push(Problem {
            origin: self.origin.clone(),
            line: self.line,
            key: key.to_owned(),
            message,
            suggestions,
        });
    }

    /// `base`: the validation path of the current `each` item (`None` outside
    /// `each`; `Some(None)` when the items' shape is unknown).
    fn rule(
        &mut self,
        v: &toml::Value,
        key: &str,
        base: Option<Option<&[String]>>,
        in_object: bool,
    ) -> Option<Rule> {
        let t = match v {
            toml::Value::String(s) => {
                let src = self.source_str(s, key, base)?;
                return Some(Rule {
                    each: None,
                    body: Body::First(vec![src]),
                    transforms: vec![],
                    default: None,
                    required: false,
                });
            }
            toml::Value::Table(t) => t,
            toml::Value::Array(_) => {
                // A bare list is a fallback list (`from`); a constant list
                // is written `{ value = [...] }`.
                let mut t = toml::Table::new();
                t.insert("from".into(), v.clone());
                return self.rule(&toml::Value::Table(t), key, base, in_object);
            }
            other => {
                return Some(Rule {
                    each: None,
                    body: Body::Const(toml_to_json(other)),
                    transforms: vec![],
                    default: None,
                    required: false,
                });
            }
        };
        for k in t.keys() {
            if !RULE_KEYS.contains(&k.as_str()) {
                self.problem(
                    key,
                    format!("unknown rule key `{k}`"),
                    nearest(k, RULE_KEYS.iter().copied()),
                );
            }
        }
        if t.get("omit").and_then(toml::Value::as_bool) == Some(true) {
            self.problem(
                key,
                "`omit` only removes a top-level field of the default mapping".into(),
                vec![],
            );
            return None;
        }
        let required = match t.get("required") {
            None => false,
            Some(toml::Value::Boolean(b)) => *b,
            Some(_) => {
                self.problem(key, "`required` must be true or false".into(), vec![]);
                false
            }
        };
        if required && !in_object {
            self.problem(
                key,
                "`required` only applies to a sub-field inside `fields`".into(),
                vec![],
            );
        }
        let kinds: Vec<&str> = ["from", "all", "value", "fields"]
            .into_iter()
            .filter(|k| t.contains_key(*k))
            .collect();
        if kinds.len() > 1 {
            self.problem(
                key,
                format!(
                    "give only one of `from`, `all`, `value`, `fields` (found {})",
                    kinds.join(", ")
                ),
                vec![],
            );
            return None;
        }
        // `each`: the list, and the validation base of its items.
        let mut each = None;
        let mut item_base: Option<Option<Vec<String>>> = None;
        if let Some(e) = t.get("each") {
            let ekey = format!("{key}.each");
            let src = match e {
                toml::Value::String(s) => self.source_str(s, &ekey, base),
                toml::Value::Table(_) => self
                    .rule(e, &ekey, base, false)
                    .map(|r| Source::Rule(Box::new(r))),
                _ => {
                    self.problem(
                        &ekey,
                        "`each` is a source string or a rule table".into(),
                        vec![],
                    );
                    None
                }
            };
            let src = src?;
            item_base = Some(self.item_base(&src, base));
            each = Some(Box::new(src));
        }
        let inner_base: Option<Option<&[String]>> = match &item_base {
            Some(b) => Some(b.as_deref()),
            None => base,
        };
        let body = match kinds.first().copied() {
            None if each.is_some() => Body::Item,
            None => {
                self.problem(
                    key,
                    "a rule needs one of `from`, `all`, `value`, `fields` or `each`".into(),
                    vec![],
                );
                return None;
            }
            Some("value") => Body::Const(toml_to_json(&t["value"])),
            Some("fields") => {
                let Some(ft) = t["fields"].as_table() else {
                    self.problem(key, "`fields` must be a table".into(), vec![]);
                    return None;
                };
                let mut out = Vec::new();
                let mut ok = true;
                for (k, v) in ft {
                    let sub_key = format!("{key} → fields.{k}");
                    let Some(p) = self.target_path(k, &sub_key) else {
                        ok = false;
                        continue;
                    };
                    match self.rule(v, &sub_key, inner_base, true) {
                        Some(r) => out.push((p, r)),
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                Body::Object(out)
            }
            Some(k) => {
                let list: Vec<&toml::Value> = match &t[k] {
                    toml::Value::Array(a) => a.iter().collect(),
                    one => vec![one],
                };
                if list.is_empty() {
                    self.problem(key, format!("`{k}` is empty"), vec![]);
                    return None;
                }
                let mut srcs = Vec::new();
                for (i, s) in list.into_iter().enumerate() {
                    let skey = format!("{key}.{k}[{i}]");
                    let src = match s {
                        toml::Value::String(s) => self.source_str(s, &skey, inner_base),
                        toml::Value::Table(_) => self
                            .rule(s, &skey, inner_base, false)
                            .map(|r| Source::Rule(Box::new(r))),
                        _ => {
                            self.problem(
                                &skey,
                                "a source is a string (`/pointer`, `./relative`, `=literal`) or a rule table"
                                    .into(),
                                vec![],
                            );
                            None
                        }
                    };
                    srcs.push(src?);
                }
                if k == "from" {
                    Body::First(srcs)
                } else {
                    Body::All(srcs)
                }
            }
        };
        let transforms = match t.get("transform") {
            None => vec![],
            Some(toml::Value::String(s)) => self.transforms(std::slice::from_ref(s), key)?,
            Some(toml::Value::Array(a)) => {
                let mut names = Vec::new();
                for x in a {
                    match x.as_str() {
                        Some(s) => names.push(s.to_owned()),
                        None => {
                            self.problem(key, "`transform` is a list of strings".into(), vec![]);
                            return None;
                        }
                    }
                }
                self.transforms(&names, key)?
            }
            Some(_) => {
                self.problem(key, "`transform` is a list of strings".into(), vec![]);
                return None;
            }
        };
        Some(Rule {
            each,
            body,
            transforms,
            default: t.get("default").map(toml_to_json),
            required,
        })
    }

    /// Where the items of an `each` live, for validating relative pointers.
    fn item_base(&self, src: &Source, base: Option<Option<&[String]>>) -> Option<Vec<String>> {
        match src {
            Source::Pointer {
                relative,
                segs,
                transforms,
            } if transforms.is_empty() => {
                let mut abs: Vec<String> = if *relative {
                    base.flatten()?.to_vec()
                } else {
                    Vec::new()
                };
                abs.extend(segs.iter().cloned());
                if abs.last().map(String::as_str) != Some("*") && is_list_path(&abs) {
                    abs.push("*".into());
                }
                Some(abs)
            }
            Source::Rule(r) if r.transforms.is_empty() && r.each.is_none() => {
                let srcs = match &r.body {
                    Body::First(s) | Body::All(s) => s,
                    _ => return None,
                };
                let bases: Vec<Option<Vec<String>>> =
                    srcs.iter().map(|s| self.item_base(s, base)).collect();
                let first = bases.first()?.clone()?;
                bases
                    .iter()
                    .all(|b| b.as_ref() == Some(&first))
                    .then_some(first)
            }
            _ => None,
        }
    }

    fn source_str(
        &mut self,
        s: &str,
        key: &str,
        base: Option<Option<&[String]>>,
    ) -> Option<Source> {
        let parts = split_pipes(s);
        let head = parts.first().map(|p| p.trim()).unwrap_or_default();
        let transforms = self.transforms(&parts[1..], key)?;
        if let Some(lit) = head.strip_prefix('=') {
            return Some(Source::Literal(lit.to_owned(), transforms));
        }
        let (relative, rest) = if head == "." {
            (true, "")
        } else if let Some(r) = head.strip_prefix("./") {
            (true, r)
        } else if let Some(r) = head.strip_prefix('/') {
            (false, r)
        } else {
            self.problem(
                key,
                format!(
                    "`{head}` is not a source: write a JSON Pointer (`/resume/basics/name`), \
                     a relative pointer inside `each` (`./name`, `.`) or a literal (`=text`)"
                ),
                vec![],
            );
            return None;
        };
        let segs: Vec<String> = if rest.is_empty() {
            vec![]
        } else {
            rest.split('/')
                .map(|p| p.replace("~1", "/").replace("~0", "~"))
                .collect()
        };
        if segs.iter().any(String::is_empty) {
            self.problem(key, format!("`{head}` has an empty segment"), vec![]);
            return None;
        }
        let abs: Vec<String> = if relative {
            match base {
                None => {
                    self.problem(
                        key,
                        format!("`{head}` is relative, but this rule is not inside `each`"),
                        vec![],
                    );
                    return None;
                }
                Some(None) if segs.is_empty() => None,
                Some(None) => {
                    self.problem(
                        key,
                        format!(
                            "`{head}`: the items of this `each` have no known shape (it is not a \
                             plain pointer), so only `.` can be used"
                        ),
                        vec![],
                    );
                    return None;
                }
                Some(Some(b)) => Some(b.iter().cloned().chain(segs.iter().cloned()).collect()),
            }
        } else {
            Some(segs.clone())
        }
        .unwrap_or_default();
        if (!relative || base.flatten().is_some()) && !self.source_valid(&abs) {
            let shown = format!("/{}", abs.join("/"));
            let sugg = nearest(
                &normalize_pointer(&abs),
                self.source_candidates().iter().map(String::as_str),
            );
            self.problem(
                key,
                format!(
                    "`{head}`{}: no such field in the input",
                    if relative {
                        format!(" (= {shown})")
                    } else {
                        String::new()
                    }
                ),
                sugg,
            );
            return None;
        }
        Some(Source::Pointer {
            relative,
            segs,
            transforms,
        })
    }

    fn source_valid(&self, abs: &[String]) -> bool {
        let Some((root, rest)) = abs.split_first() else {
            return true; // the whole input document
        };
        match root.as_str() {
            "resume" => path_ok(rest, RESUME_PATHS),
            "parse" => match rest.split_first() {
                None => true,
                Some((r, rr)) if r == "resume" => path_ok(rr, RESUME_PATHS),
                Some(_) => path_ok(rest, ENVELOPE_PATHS),
            },
            "form" => match rest {
                [] => true,
                [f] => FORM_FIELDS.contains(&f.as_str()) || self.extra_form.iter().any(|x| x == f),
                _ => false,
            },
            "candidate" => path_ok(rest, CANDIDATE_PATHS),
            _ => false,
        }
    }

    fn source_candidates(&self) -> Vec<String> {
        let mut out = Vec::new();
        for p in words(RESUME_PATHS) {
            out.push(format!("/resume/{p}"));
        }
        for p in words(ENVELOPE_PATHS) {
            out.push(format!("/parse/{p}"));
        }
        for f in FORM_FIELDS
            .iter()
            .copied()
            .chain(self.extra_form.iter().map(String::as_str))
        {
            out.push(format!("/form/{f}"));
        }
        for p in words(CANDIDATE_PATHS) {
            out.push(format!("/candidate/{p}"));
        }
        // Intermediate objects too (`/resume/basics/location`).
        let mut prefixes = Vec::new();
        for p in &out {
            let mut cut = p.as_str();
            while let Some(i) = cut.rfind('/') {
                cut = &cut[..i];
                if cut.matches('/').count() >= 2 && !cut.ends_with("/*") {
                    prefixes.push(cut.to_owned());
                }
            }
        }
        out.extend(prefixes);
        out.sort();
        out.dedup();
        out
    }

    fn transforms(&mut self, names: &[impl AsRef<str>], key: &str) -> Option<Vec<Transform>> {
        let mut out = Vec::new();
        let mut ok = true;
        for n in names {
            match self.transform(n.as_ref().trim(), key) {
                Some(t) => out.push(t),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn transform(&mut self, spec: &str, key: &str) -> Option<Transform> {
        let (name, arg) = match spec.split_once(':') {
            Some((n, a)) => (n.trim(), Some(unquote(a.trim()))),
            None => (spec, None),
        };
        let bad = |cx: &mut Self, msg: String| {
            cx.problem(key, format!("transform `{spec}`: {msg}"), vec![]);
            None
        };
        let no_arg = |cx: &mut Self, t: Transform| match &arg {
            Some(_) => bad(cx, format!("`{name}` takes no argument")),
            None => Some(t),
        };
        match name {
            "trim" => no_arg(self, Transform::Trim),
            "lowercase" => no_arg(self, Transform::Lowercase),
            "uppercase" => no_arg(self, Transform::Uppercase),
            "string" => no_arg(self, Transform::Str),
            "number" => no_arg(self, Transform::Number),
            "first_name" => no_arg(self, Transform::FirstName),
            "last_name" => no_arg(self, Transform::LastName),
            "name_case" => no_arg(self, Transform::NameCase),
            "first" => no_arg(self, Transform::First),
            "unique" => no_arg(self, Transform::Unique),
            "omit_empty" => no_arg(self, Transform::OmitEmpty),
            "prefix" | "suffix" => match arg {
                Some(a) if !a.is_empty() => Some(if name == "prefix" {
                    Transform::Prefix(a)
                } else {
                    Transform::Suffix(a)
                }),
                _ => bad(self, format!("write `{name}:<text>`")),
            },
            "join" => Some(Transform::Join(arg.unwrap_or_else(|| " ".into()))),
            "e164" => {
                let mut region = None;
                let mut keep = false;
                for a in arg.as_deref().unwrap_or("").split(',').map(str::trim) {
                    if a.is_empty() {
                        continue;
                    } else if a == "keep" {
                        keep = true;
                    } else if a.parse::<phonenumber::country::Id>().is_ok() {
                        region = Some(a.to_ascii_uppercase());
                    } else {
                        return bad(
                            self,
                            format!(
                                "`{a}` is neither `keep` nor a region (ISO 3166 alpha-2, e.g. `US`)"
                            ),
                        );
                    }
                }
                Some(Transform::E164 { region, keep })
            }
            "date" => match arg.as_deref() {
                Some("iso") => Some(Transform::Date(DateFmt::Iso)),
                Some("iso_strict") => Some(Transform::Date(DateFmt::IsoStrict)),
                Some("ymd") => Some(Transform::Date(DateFmt::Ymd)),
                Some("year") => Some(Transform::Date(DateFmt::Year)),
                Some("month") => Some(Transform::Date(DateFmt::Month)),
                Some("month_year") => Some(Transform::Date(DateFmt::MonthYear)),
                Some(other) => {
                    let s = nearest(other, DATE_FORMATS.iter().copied())
                        .into_iter()
                        .map(|f| format!("date:{f}"))
                        .collect();
                    self.problem(
                        key,
                        format!("transform `{spec}`: unknown date format `{other}`"),
                        s,
                    );
                    None
                }
                None => bad(
                    self,
                    format!("write `date:<format>`, one of {}", DATE_FORMATS.join(", ")),
                ),
            },
            "normalized_title" => match arg.as_deref().map(str::parse::<f64>) {
                None => Some(Transform::NormalizedTitle(0.8)),
                Some(Ok(x)) if (0.0..=1.0).contains(&x) => Some(Transform::NormalizedTitle(x)),
                Some(_) => bad(self, "the minimum confidence is a number in 0..1".into()),
            },
            "confidence_level" | "tags_from_confidence" => {
                let (mut c, mut p) = (0.8, 0.5);
                if let Some(a) = &arg {
                    let nums: Vec<Option<f64>> =
                        a.split(',').map(|x| x.trim().parse::<f64>().ok()).collect();
                    match nums.as_slice() {
                        [Some(x), Some(y)] if (0.0..=1.0).contains(y) && y <= x && *x <= 1.0 => {
                            (c, p) = (*x, *y)
                        }
                        _ => {
                            return bad(
                                self,
                                format!(
                                    "write `{name}:<confident>,<probable>`, e.g. `{name}:0.8,0.5`"
                                ),
                            );
                        }
                    }
                }
                Some(Transform::ConfidenceLevel {
                    confident: c,
                    probable: p,
                    prefix: if name == "tags_from_confidence" {
                        "parser:"
                    } else {
                        ""
                    },
                })
            }
            "map" => match arg {
                Some(t) if self.maps.contains_key(&t) => Some(Transform::Map(t)),
                Some(t) => {
                    let s = nearest(&t, self.maps.keys().map(String::as_str))
                        .into_iter()
                        .map(|m| format!("map:{m}"))
                        .collect();
                    self.problem(
                        key,
                        format!("transform `{spec}`: no value map `[maps.{t}]` in the mapping"),
                        s,
                    );
                    None
                }
                None => bad(
                    self,
                    "write `map:<table>` with a `[maps.<table>]` section".into(),
                ),
            },
            _ => {
                let s = nearest(name, TRANSFORM_NAMES.iter().copied());
                self.problem(key, format!("unknown transform `{name}`"), s);
                None
            }
        }
    }

    fn target_path(&mut self, s: &str, key: &str) -> Option<TargetPath> {
        let mut segs = Vec::new();
        let bad = |cx: &mut Self| {
            cx.problem(
                key,
                format!("`{s}` is not a target path (write `name`, `a.b` or `list[0].field`)"),
                vec![],
            );
            None
        };
        for part in s.split('.') {
            let (name, mut rest) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if name.is_empty() || name.contains(']') {
                return bad(self);
            }
            segs.push(Seg::Key(name.to_owned()));
            while !rest.is_empty() {
                let Some(close) = rest.find(']') else {
                    return bad(self);
                };
                let Ok(n) = rest[1..close].trim().parse::<usize>() else {
                    return bad(self);
                };
                segs.push(Seg::Index(n));
                rest = &rest[close + 1..];
                if !rest.is_empty() && !rest.starts_with('[') {
                    return bad(self);
                }
            }
        }
        Some(TargetPath(segs))
    }

    /// Every leaf path a rule writes must be one the target accepts.
    fn check_target(&mut self, path: &TargetPath, rule: &Rule, key: &str) {
        let fields = match self.target {
            Target::Greenhouse => GREENHOUSE_FIELDS,
            Target::Lever => LEVER_FIELDS,
            Target::Webhook | Target::None => return,
        };
        let mut leaves = Vec::new();
        collect_leaves(path.0.iter().map(norm_seg).collect(), rule, &mut leaves);
        for leaf in leaves {
            let ok = words(fields).any(|f| {
                let f = split_target_pattern(f);
                leaf.len() <= f.len() && leaf.iter().zip(&f).all(|(a, b)| a == b)
            });
            if !ok {
                let shown = leaf.concat();
                let shown = shown.trim_start_matches('.').to_owned();
                let sugg = nearest(&shown, words(fields));
                self.problem(
                    key,
                    format!(
                        "`{shown}` is not a field the {} API accepts",
                        self.target.as_str()
                    ),
                    sugg,
                );
            }
        }
    }
}

fn norm_seg(s: &Seg) -> String {
    match s {
        Seg::Key(k) => format!(".{k}"),
        Seg::Index(_) => "[]".into(),
    }
}

fn split_target_pattern(p: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in p.split('.') {
        match part.strip_suffix("[]") {
            Some(k) => {
                out.push(format!(".{k}"));
                out.push("[]".into());
            }
            None => out.push(format!(".{part}")),
        }
    }
    out
}

fn collect_leaves(path: Vec<String>, rule: &Rule, out: &mut Vec<Vec<String>>) {
    if let Body::Object(fields) = &rule.body {
        let mut base = path;
        if rule.each.is_some() && base.last().map(String::as_str) != Some("[]") {
            base.push("[]".into());
        }
        for (p, r) in fields {
            let mut sub = base.clone();
            sub.extend(p.0.iter().map(norm_seg));
            collect_leaves(sub, r, out);
        }
    } else {
        out.push(path);
    }
}

fn is_prefix(a: &[Seg], b: &[Seg]) -> bool {
    a.len() <= b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Whether `segs` (with numbers for list items) names a path in `table`.
fn path_ok(segs: &[String], table: &str) -> bool {
    if segs.is_empty() {
        return true;
    }
    words(table).any(|p| {
        let p: Vec<&str> = p.split('/').collect();
        segs.len() <= p.len()
            && segs.iter().zip(&p).all(|(s, p)| match *p {
                "*" => s == "*" || s.parse::<usize>().is_ok(),
                "{key}" => true,
                lit => s == lit,
            })
    })
}

fn is_list_path(abs: &[String]) -> bool {
    let mut with_star = abs.to_vec();
    with_star.push("*".into());
    let (Some(root), Some(rest)) = (abs.first(), with_star.get(1..)) else {
        return false;
    };
    let table = match root.as_str() {
        "resume" => RESUME_PATHS,
        "candidate" => CANDIDATE_PATHS,
        "parse" if abs.get(1).map(String::as_str) == Some("resume") => {
            return path_ok(&with_star[2..], RESUME_PATHS);
        }
        "parse" => ENVELOPE_PATHS,
        _ => return false,
    };
    words(table).any(|p| {
        let p: Vec<&str> = p.split('/').collect();
        rest.len() <= p.len()
            && rest.iter().zip(&p).all(|(s, p)| match *p {
                "*" => s == "*" || s.parse::<usize>().is_ok(),
                lit => s == lit,
            })
    })
}

fn normalize_pointer(abs: &[String]) -> String {
    let segs: Vec<&str> = abs
        .iter()
        .map(|s| {
            if s.parse::<usize>().is_ok() {
                "*"
            } else {
                s.as_str()
            }
        })
        .collect();
    format!("/{}", segs.join("/"))
}

/// Split `"/a/b | t1 | join:' | '"` at the pipes outside single quotes.
fn split_pipes(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '|' if !quoted => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

fn unquote(a: &str) -> String {
    a.strip_prefix('\'')
        .and_then(|x| x.strip_suffix('\''))
        .unwrap_or(a)
        .to_owned()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Up to three names close to `bad`.
fn nearest<'a>(bad: &str, names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let limit = (bad.chars().count() / 3).clamp(2, 6);
    let mut scored: Vec<(usize, &str)> = names
        .map(|n| (edit_distance(bad, n), n))
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    // The closest ones only: ties of the best distance.
    let best = scored.first().map_or(0, |s| s.0);
    scored
        .into_iter()
        .take_while(|(d, _)| *d == best)
        .take(3)
        .map(|(_, n)| n.to_owned())
        .collect()
}

// ---------------------------------------------------------------------------
// Applying.
// ---------------------------------------------------------------------------

#[derive(Clone, Copy)]
struct Cx<'a> {
    root: &'a Value,
    item: Option<&'a Value>,
    maps: &'a HashMap<String, ValueMap>,
    region: Option<&'a str>,
}

/// A value and whether it came from the input (a constant alone never makes
/// an object or list entry).
struct Out {
    v: Value,
    sourced: bool,
}

fn eval_rule(rule: &Rule, cx: &Cx) -> Option<Out> {
    let out = if let Some(each) = &rule.each {
        let items = match eval_source(each, cx, &[]) {
            Some(o) => match o.v {
                Value::Array(a) => a,
                one => vec![one],
            },
            None => vec![],
        };
        let mut list = Vec::new();
        let mut sourced = false;
        for it in &items {
            let icx = Cx {
                item: Some(it),
                ..*cx
            };
            if let Some(o) = eval_body(&rule.body, &icx, &[]) {
                if o.v.is_object() && !o.sourced {
                    continue;
                }
                sourced |= o.sourced;
                match o.v {
                    // `from`/`all` with wildcards inside an item: splice.
                    Value::Array(a) if !matches!(rule.body, Body::Object(_)) => list.extend(a),
                    v => list.push(v),
                }
            }
        }
        let v = apply_all(&rule.transforms, Value::Array(list), cx);
        v.filter(|v| !is_empty(v)).map(|v| Out { v, sourced })
    } else {
        eval_body(&rule.body, cx, &rule.transforms)
    };
    out.or_else(|| rule.default.clone().map(|v| Out { v, sourced: false }))
}

fn eval_body(body: &Body, cx: &Cx, transforms: &[Transform]) -> Option<Out> {
    let out = match body {
        Body::Item => {
            let v = clean(cx.item?.clone())?;
            Out { v, sourced: true }
        }
        Body::First(srcs) => return srcs.iter().find_map(|s| eval_source(s, cx, transforms)),
        Body::All(srcs) => {
            let mut list = Vec::new();
            let mut sourced = false;
            for s in srcs {
                if let Some(o) = eval_source(s, cx, &[]) {
                    sourced |= o.sourced;
                    match o.v {
                        Value::Array(a) => list.extend(a.into_iter().filter(|x| !is_empty(x))),
                        v => list.push(v),
                    }
                }
            }
            Out {
                v: Value::Array(list),
                sourced,
            }
        }
        Body::Const(v) => Out {
            v: v.clone(),
            sourced: false,
        },
        Body::Object(fields) => {
            let mut node = Node::Obj(Vec::new());
            for (p, r) in fields {
                match eval_rule(r, cx) {
                    Some(o) => node.insert(&p.0, o),
                    None if r.required => return None,
                    None => {}
                }
            }
            node.finish()?
        }
    };
    let v = apply_all(transforms, out.v, cx)?;
    (!is_empty(&v)).then_some(Out {
        v,
        sourced: out.sourced,
    })
}

fn eval_source(src: &Source, cx: &Cx, extra: &[Transform]) -> Option<Out> {
    let (v, own, sourced) = match src {
        Source::Pointer {
            relative,
            segs,
            transforms,
        } => {
            let base = if *relative { cx.item? } else { cx.root };
            (resolve(base, segs)?, transforms, true)
        }
        Source::Literal(s, transforms) => (Value::String(s.clone()), transforms, false),
        Source::Rule(r) => {
            let o = eval_rule(r, cx)?;
            let v = apply_all(extra, o.v, cx)?;
            return (!is_empty(&v)).then_some(Out {
                v,
                sourced: o.sourced,
            });
        }
    };
    let v = apply_all(own, v, cx)?;
    let v = apply_all(extra, v, cx)?;
    (!is_empty(&v)).then_some(Out { v, sourced })
}

/// The value at `segs` (`*` = every item/member, giving a list), cleaned.
fn resolve(v: &Value, segs: &[String]) -> Option<Value> {
    let Some((first, rest)) = segs.split_first() else {
        return clean(v.clone());
    };
    if first == "*" {
        let items: Vec<&Value> = match v {
            Value::Array(a) => a.iter().collect(),
            Value::Object(o) => o.values().collect(),
            _ => return None,
        };
        let mut out = Vec::new();
        for it in items {
            match resolve(it, rest) {
                // A nested wildcard flattens.
                Some(Value::Array(a)) if rest.iter().any(|s| s == "*") => out.extend(a),
                Some(x) => out.push(x),
                None => {}
            }
        }
        return Some(Value::Array(out));
    }
    let next = match v {
        Value::Object(o) => o.get(first.as_str())?,
        Value::Array(a) => a.get(first.parse::<usize>().ok()?)?,
        _ => return None,
    };
    resolve(next, rest)
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.iter().all(is_empty),
        Value::Object(o) => o.values().all(is_empty),
        _ => false,
    }
}

/// Drop empty object members (recursively); list elements are kept.
fn clean(v: Value) -> Option<Value> {
    let v = match v {
        Value::Object(o) => Value::Object(
            o.into_iter()
                .filter_map(|(k, v)| clean(v).map(|v| (k, v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(
            a.into_iter()
                .map(|x| match x {
                    Value::Object(_) => clean(x).unwrap_or(Value::Null),
                    other => other,
                })
                .collect(),
        ),
        other => other,
    };
    (!is_empty(&v)).then_some(v)
}

/// Drop empty members and list elements, deep.
fn deep_clean(v: Value) -> Option<Value> {
    let v = match v {
        Value::Object(o) => Value::Object(
            o.into_iter()
                .filter_map(|(k, v)| deep_clean(v).map(|v| (k, v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().filter_map(deep_clean).collect()),
        other => other,
    };
    (!is_empty(&v)).then_some(v)
}

/// The output tree, before empty containers are dropped.
enum Node {
    Leaf(Out),
    Obj(Vec<(String, Node)>),
    Arr(BTreeMap<usize, Node>),
}

impl Node {
    fn insert(&mut self, path: &[Seg], out: Out) {
        let Some((first, rest)) = path.split_first() else {
            *self = Node::Leaf(out);
            return;
        };
        match first {
            Seg::Key(k) => {
                if !matches!(self, Node::Obj(_)) {
                    *self = Node::Obj(Vec::new());
                }
                if let Node::Obj(members) = self {
                    let i = match members.iter().position(|(m, _)| m == k) {
                        Some(i) => i,
                        None => {
                            members.push((k.clone(), Node::Obj(Vec::new())));
                            members.len() - 1
                        }
                    };
                    members[i].1.insert(rest, out);
                }
            }
            Seg::Index(n) => {
                if !matches!(self, Node::Arr(_)) {
                    *self = Node::Arr(BTreeMap::new());
                }
                if let Node::Arr(items) = self {
                    items
                        .entry(*n)
                        .or_insert_with(|| Node::Obj(Vec::new()))
                        .insert(rest, out);
                }
            }
        }
    }

    /// The JSON, or `None` when empty. A list entry that is an object built
    /// only from constants is left out.
    fn finish(self) -> Option<Out> {
        match self {
            Node::Leaf(o) => Some(o),
            Node::Obj(members) => {
                let mut map = Map::new();
                let mut sourced = false;
                for (k, n) in members {
                    if let Some(o) = n.finish() {
                        sourced |= o.sourced;
                        map.insert(k, o.v);
                    }
                }
                (!map.is_empty()).then_some(Out {
                    v: Value::Object(map),
                    sourced,
                })
            }
            Node::Arr(items) => {
                let mut list = Vec::new();
                let mut sourced = false;
                for (_, n) in items {
                    let leaf = matches!(n, Node::Leaf(_));
                    let Some(o) = n.finish() else { continue };
                    if o.v.is_object() && !o.sourced {
                        continue;
                    }
                    sourced |= o.sourced;
                    match o.v {
                        Value::Array(a) if leaf => list.extend(a),
                        v => list.push(v),
                    }
                }
                (!list.is_empty()).then_some(Out {
                    v: Value::Array(list),
                    sourced,
                })
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Transforms.
// ---------------------------------------------------------------------------

fn apply_all(ts: &[Transform], mut v: Value, cx: &Cx) -> Option<Value> {
    for t in ts {
        v = apply(t, v, cx)?;
        if is_empty(&v) {
            return None;
        }
    }
    Some(v)
}

fn apply(t: &Transform, v: Value, cx: &Cx) -> Option<Value> {
    match t {
        Transform::Join(sep) => {
            let parts: Vec<String> = as_list(v).iter().filter_map(scalar_string).collect();
            (!parts.is_empty()).then(|| Value::String(parts.join(sep)))
        }
        Transform::First => as_list(v).into_iter().find(|x| !is_empty(x)),
        Transform::Unique => {
            let mut seen: Vec<Value> = Vec::new();
            for x in as_list(v) {
                if !is_empty(&x) && !seen.contains(&x) {
                    seen.push(x);
                }
            }
            Some(Value::Array(seen))
        }
        Transform::OmitEmpty => deep_clean(v),
        _ => match v {
            Value::Array(a) => Some(Value::Array(
                a.into_iter()
                    .filter_map(|x| apply_one(t, x, cx))
                    .filter(|x| !is_empty(x))
                    .collect(),
            )),
            one => apply_one(t, one, cx),
        },
    }
}

fn as_list(v: Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a,
        one => vec![one],
    }
}

fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn apply_one(t: &Transform, v: Value, cx: &Cx) -> Option<Value> {
    let s = || scalar_string(&v);
    let string = |x: String| Some(Value::String(x));
    match t {
        Transform::Trim => match &v {
            Value::String(x) => string(x.trim().to_owned()),
            _ => Some(v),
        },
        Transform::Lowercase => match &v {
            Value::String(x) => string(x.to_lowercase()),
            _ => Some(v),
        },
        Transform::Uppercase => match &v {
            Value::String(x) => string(x.to_uppercase()),
            _ => Some(v),
        },
        Transform::Str => string(s()?),
        Transform::Number => match &v {
            Value::Number(_) => Some(v),
            _ => {
                let x = s()?;
                if let Ok(i) = x.parse::<i64>() {
                    Some(json!(i))
                } else {
                    x.parse::<f64>()
                        .ok()
                        .filter(|f| f.is_finite())
                        .map(|f| json!(f))
                }
            }
        },
        Transform::Prefix(p) => string(format!("{p}{}", s()?)),
        Transform::Suffix(p) => string(format!("{}{p}", s()?)),
        Transform::E164 { region, keep } => {
            let x = s()?;
            match to_e164(&x, region.as_deref().or(cx.region)) {
                Some(e) => string(e),
                None if *keep => string(x),
                None => None,
            }
        }
        Transform::FirstName => split_name(&s()?).0.map(Value::String),
        Transform::LastName => split_name(&s()?).1.map(Value::String),
        Transform::NameCase => string(name_case(&s()?)),
        Transform::Date(f) => format_date(&s()?, *f),
        Transform::NormalizedTitle(min) => {
            let o = v.as_object()?;
            let conf = o.get("confidence").and_then(Value::as_f64)?;
            let title = o.get("title").and_then(Value::as_str)?.trim();
            (conf >= *min && !title.is_empty()).then(|| Value::String(title.to_owned()))
        }
        Transform::Map(name) => {
            let m = cx.maps.get(name)?;
            let k = s()?;
            m.entries.get(&k).or(m.fallback.as_ref()).cloned()
        }
        Transform::ConfidenceLevel {
            confident,
            probable,
            prefix,
        } => {
            let c = v.as_f64().or_else(|| s()?.parse::<f64>().ok())?;
            let level = if c >= *confident {
                "confident"
            } else if c >= *probable {
                "probable"
            } else {
                "unlikely"
            };
            string(format!("{prefix}{level}"))
        }
        Transform::Join(_) | Transform::First | Transform::Unique | Transform::OmitEmpty => Some(v),
    }
}

fn to_e164(s: &str, region: Option<&str>) -> Option<String> {
    crate::entities::contact::e164(s, region).map(|p| p.as_str().to_owned())
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` in the given format.
fn format_date(s: &str, f: DateFmt) -> Option<Value> {
    let mut parts = s.trim().splitn(3, '-');
    let year: u16 = parts.next()?.parse().ok()?;
    let month: Option<u8> = match parts.next() {
        Some(m) => Some(m.parse().ok().filter(|m| (1..=12).contains(m))?),
        None => None,
    };
    let day: Option<u8> = match parts.next() {
        Some(d) => Some(
            d.get(..2)
                .unwrap_or(d)
                .parse()
                .ok()
                .filter(|d| (1..=31).contains(d))?,
        ),
        None => None,
    };
    if !(1000..=9999).contains(&year) {
        return None;
    }
    let (m, d) = (month.unwrap_or(1), day.unwrap_or(1));
    Some(match f {
        DateFmt::Iso => json!(format!("{year:04}-{m:02}-{d:02}T00:00:00Z")),
        DateFmt::IsoStrict => {
            month?;
            json!(format!("{year:04}-{m:02}-{d:02}T00:00:00Z"))
        }
        DateFmt::Ymd => json!(format!("{year:04}-{m:02}-{d:02}")),
        DateFmt::Year => json!(year),
        DateFmt::Month => json!(month?),
        DateFmt::MonthYear => match month {
            Some(m) => json!({"month": m, "year": year}),
            None => json!({"year": year}),
        },
    })
}

const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "rev",
    "fr",
    "hon",
    "eng",
    "ing",
];
const SUFFIXES: &[&str] = &[
    "jr", "sr", "ii", "iii", "iv", "v", "phd", "md", "mba", "msc", "bsc", "ma", "ba", "esq", "cpa",
    "pe", "rn", "dds", "jd", "pmp",
];
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "dos", "das",
    "do", "ter", "ten", "bin", "binti", "al", "el", "st", "st.", "af", "zu",
];

fn strip_titles(mut ws: Vec<&str>) -> Vec<&str> {
    while ws.len() > 1
        && ws
            .first()
            .is_some_and(|w| HONORIFICS.contains(&bare(w).as_str()))
    {
        ws.remove(0);
    }
    while ws.len() > 1
        && ws
            .last()
            .is_some_and(|w| SUFFIXES.contains(&bare(w).as_str()))
    {
        ws.pop();
    }
    ws
}

fn bare(w: &str) -> String {
    w.trim_matches(|c: char| c == '.' || c == ',')
        .replace('.', "")
        .to_lowercase()
}

/// (first, last) of a full name; see the module docs.
fn split_name(full: &str) -> (Option<String>, Option<String>) {
    let full = full.split_whitespace().collect::<Vec<_>>().join(" ");
    // "Doe, Jane" (but "Jane Doe, PhD" is a suffix).
    let mut segments: Vec<&str> = full
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    while segments.len() > 1
        && segments.last().is_some_and(|s| {
            s.split_whitespace()
                .all(|w| SUFFIXES.contains(&bare(w).as_str()))
        })
    {
        segments.pop();
    }
    let (given, family): (Vec<&str>, Vec<&str>) = if segments.len() >= 2 {
        (
            segments[1..]
                .iter()
                .flat_map(|s| s.split_whitespace())
                .collect(),
            segments[0].split_whitespace().collect(),
        )
    } else {
        let words: Vec<&str> = segments
            .first()
            .map(|s| s.split_whitespace().collect())
            .unwrap_or_default();
        (words, Vec::new())
    };
    let given = strip_titles(given);
    let join = |ws: &[&str]| Some(ws.join(" ")).filter(|s| !s.is_empty());
    if !family.is_empty() {
        return (join(&given), join(&strip_titles(family)));
    }
    if given.len() <= 1 {
        return (join(&given), None);
    }
    // The surname starts at the first particle after the first word, else
    // it is the last word.
    let start = (1..given.len() - 1)
        .find(|&i| PARTICLES.contains(&given[i].to_lowercase().as_str()))
        .unwrap_or(given.len() - 1);
    (join(&given[..start]), join(&given[start..]))
}

/// Words in capitals get an initial capital (each part after `-` or `'`);
/// surname particles in capitals become lower case.
fn name_case(s: &str) -> String {
    s.split(' ')
        .enumerate()
        .map(|(i, w)| {
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            let caps = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
            if !caps {
                return w.to_owned();
            }
            if i > 0 && PARTICLES.contains(&w.to_lowercase().as_str()) {
                return w.to_lowercase();
            }
            let mut out = String::new();
            let mut start = true;
            for c in w.chars() {
                if start {
                    out.extend(c.to_uppercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                start = matches!(c, '-' | '\'' | '’');
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn envelope() -> Value {
        json!({
            "schema": "resume-parser/1",
            "resume": {
                "basics": {
                    "name": "Dr. Jane van der Berg",
                    "label": "Senior Backend Engineer",
                    "email": "Jane.vdBerg@Example.com",
                    "phone": "(415) 555-0142",
                    "url": "https://janevdberg.dev",
                    "location": {"city": "San Francisco", "region": "CA", "countryCode": "US"},
                    "profiles": [
                        {"network": "LinkedIn", "username": "janevdberg", "url": "https://www.linkedin.com/in/janevdberg"},
                        {"network": "GitHub", "username": "jvdb", "url": "https://github.com/jvdb"}
                    ],
                    "x_phone_e164": "+14155550142"
                },
                "work": [
                    {
                        "name": "Acme Corp",
                        "position": "Sr. Backend Eng.",
                        "startDate": "2021-03",
                        "x_current": true,
                        "highlights": ["Cut p99 latency by 40%"],
                        "x_normalized_title": {
                            "input": "Sr. Backend Eng.", "onet_soc": "15-1252.00",
                            "title": "Software Developers", "soc2018": "15-1252",
                            "isco08": "2512", "seniority": "senior", "confidence": 0.91,
                            "method": "alias", "alternatives": []
                        }
                    },
                    {
                        "name": "Initech",
                        "position": "Associate Software Engineer",
                        "startDate": "2017",
                        "endDate": "2021-02",
                        "x_normalized_title": {
                            "input": "Associate Software Engineer", "onet_soc": "15-1252.00",
                            "title": "Software Developers", "soc2018": null, "isco08": null,
                            "seniority": null, "confidence": 0.71, "method": "fuzzy",
                            "alternatives": []
                        }
                    },
                    {"name": "Freelance", "position": "Developer"}
                ],
                "education": [
                    {"institution": "TU Delft", "area": "Computer Science", "studyType": "MSc",
                     "startDate": "2014-09", "endDate": "2016", "x_level": "master", "x_isced": 7}
                ],
                "skills": [{"name": "Languages", "keywords": ["Rust", "Go", "SQL"],
                            "x_ids": ["linguist:Rust", "linguist:Go", null]}],
                "certificates": [], "languages": [], "projects": [], "awards": []
            },
            "fields": {"/basics/name": {"confidence": 0.8, "level": "confident", "source": {"page": 1, "line": 1}}},
            "quality": {"confidence": 0.86, "review_required": false, "reasons": [], "findings": []},
            "document": {"format": "pdf", "pages": 2, "chars": 4200, "sha256": "ab12",
                         "elapsed_ms": 41.5, "parser_version": "0.1.0"}
        })
    }

    fn form() -> Value {
        json!({"email": "  JANE@Example.com ", "job_id": "4012007", "source": "careers-site", "consent": "yes"})
    }

    fn candidate() -> Value {
        json!({"id": "01J0CANDIDATE", "status": "accepted", "source": "careers-site",
               "job_id": "4012007", "confidence": 0.86, "reasons": [],
               "created_at": "2026-01-05T10:00:00Z"})
    }

    fn doc() -> Value {
        input(&envelope(), &form(), &candidate())
    }

    fn load(target: Target, user: Option<&str>) -> Mapping {
        match Mapping::load(target, user) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        }
    }

    fn load_err(target: Target, user: &str) -> String {
        match Mapping::load(target, Some(user)) {
            Ok(_) => panic!("expected an error for:\n{user}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn greenhouse_default() {
        let out = load(Target::Greenhouse, None).apply(&doc());
        assert_eq!(
            out,
            json!({
                "first_name": "Jane",
                "last_name": "van der Berg",
                "company": "Acme Corp",
                "title": "Software Developers",
                "email_addresses": [
                    {"value": "jane@example.com", "type": "personal"},
                    {"value": "jane.vdberg@example.com", "type": "personal"}
                ],
                "phone_numbers": [{"value": "+14155550142", "type": "mobile"}],
                "addresses": [{"value": "San Francisco, CA, US", "type": "home"}],
                "website_addresses": [{"value": "https://janevdberg.dev", "type": "personal"}],
                "social_media_addresses": [
                    {"value": "https://www.linkedin.com/in/janevdberg"},
                    {"value": "https://github.com/jvdb"}
                ],
                "tags": ["resume-parser", "source:careers-site", "parser:confident", "parser:auto-accepted"],
                "applications": [{"job_id": 4012007}],
                "employments": [
                    {"company_name": "Acme Corp", "title": "Software Developers",
                     "start_date": "2021-03-01T00:00:00Z"},
                    {"company_name": "Initech", "title": "Associate Software Engineer",
                     "start_date": "2017-01-01T00:00:00Z", "end_date": "2021-02-01T00:00:00Z"}
                ]
            })
        );
    }

    #[test]
    fn lever_default() {
        let out = load(Target::Lever, None).apply(&doc());
        assert_eq!(
            out,
            json!({
                "name": "Dr. Jane van der Berg",
                "headline": "Senior Backend Engineer",
                "location": "San Francisco, CA, US",
                "emails": ["jane@example.com", "jane.vdberg@example.com"],
                "phones": [{"value": "+14155550142", "type": "mobile"}],
                "links": ["https://janevdberg.dev", "https://www.linkedin.com/in/janevdberg", "https://github.com/jvdb"],
                "tags": ["resume-parser", "parser:confident", "parser:auto-accepted"],
                "sources": ["careers-site"],
                "origin": "applied",
                "postings": ["4012007"]
            })
        );
    }

    #[test]
    fn webhook_default() {
        let out = load(Target::Webhook, None).apply(&doc());
        assert_eq!(out["candidate_id"], "01J0CANDIDATE");
        assert_eq!(out["status"], "accepted");
        assert_eq!(out["job_id"], "4012007");
        assert_eq!(out["quality"]["confidence"], 0.86);
        assert_eq!(out["resume"]["basics"]["name"], "Dr. Jane van der Berg");
        // Empty members go, list positions stay.
        assert!(out["resume"].get("awards").is_none());
        assert!(
            out["resume"]["work"][1]["x_normalized_title"]
                .get("soc2018")
                .is_none()
        );
        assert_eq!(out["resume"]["skills"][0]["x_ids"][2], Value::Null);
        assert!(out["quality"].get("reasons").is_none());
    }

    #[test]
    fn sparse_input_sends_no_empties() {
        let env = json!({"schema": "resume-parser/1",
                         "resume": {"basics": {"name": "Madonna", "phone": "12"}, "work": [{"position": "Singer"}]},
                         "quality": {"confidence": 0.3}});
        for t in [Target::Greenhouse, Target::Lever, Target::Webhook] {
            let out = load(t, None).apply(&input(&env, &json!({}), &json!({})));
            let text = out.to_string();
            assert!(
                !text.contains("null") && !text.contains("\"\"") && !text.contains("[]"),
                "{t:?}: {text}"
            );
        }
        let gh = load(Target::Greenhouse, None).apply(&input(&env, &json!({}), &json!({})));
        assert_eq!(gh["first_name"], "Madonna");
        assert!(gh.get("last_name").is_none());
        // "12" is no phone: no phone entry, not a lone {"type": "mobile"}.
        assert!(gh.get("phone_numbers").is_none());
        // No employer, no start date: Greenhouse would reject it; left out.
        assert!(gh.get("employments").is_none());
        assert_eq!(gh["tags"], json!(["resume-parser", "parser:unlikely"]));
        // Garbage never panics.
        for junk in [
            json!(null),
            json!([1, 2]),
            json!({"resume": "x", "parse": 3}),
        ] {
            let _ = load(Target::Greenhouse, None).apply(&junk);
            let _ = load(Target::Lever, None).apply(&junk);
        }
    }

    #[test]
    fn name_splitting() {
        let cases = [
            ("Jane Doe", Some("Jane"), Some("Doe")),
            ("Jane van der Berg", Some("Jane"), Some("van der Berg")),
            ("Dr. Jane Doe", Some("Jane"), Some("Doe")),
            ("DOE, Jane", Some("Jane"), Some("DOE")),
            ("Doe, Jane Marie", Some("Jane Marie"), Some("Doe")),
            ("Jane Doe, PhD", Some("Jane"), Some("Doe")),
            ("Mary Ann Smith Jr.", Some("Mary Ann"), Some("Smith")),
            (
                "Ludwig von Beethoven",
                Some("Ludwig"),
                Some("von Beethoven"),
            ),
            ("Madonna", Some("Madonna"), None),
            ("  Prof  Cher  ", Some("Cher"), None),
            ("", None, None),
        ];
        for (full, first, last) in cases {
            let (f, l) = split_name(full);
            assert_eq!((f.as_deref(), l.as_deref()), (first, last), "{full:?}");
        }
        assert_eq!(name_case("JANE O'NEIL-SMITH"), "Jane O'Neil-Smith");
        assert_eq!(name_case("JANE VAN DER BERG"), "Jane van der Berg");
        assert_eq!(name_case("Jane McDonald"), "Jane McDonald");
        assert_eq!(name_case("AL PACINO"), "Al Pacino");
    }

    #[test]
    fn e164_phones() {
        assert_eq!(
            to_e164("(415) 555-0142", Some("US")).as_deref(),
            Some("+14155550142")
        );
        assert_eq!(
            to_e164("+44 20 7946 0958", None).as_deref(),
            Some("+442079460958")
        );
        assert_eq!(
            to_e164("020 7946 0958", Some("GB")).as_deref(),
            Some("+442079460958")
        );
        assert_eq!(to_e164("12", Some("US")), None);
        // Region from the rule, else the resume's country; `keep` sends it raw.
        let user = r#"
            [fields]
            a = "/form/phone | e164"
            b = "/form/phone | e164:GB"
            c = "/form/name | e164:keep"
        "#;
        let m = load(Target::Webhook, Some(user));
        let doc = input(
            &json!({"resume": {"basics": {"location": {"countryCode": "US"}}}}),
            &json!({"phone": "020 7946 0958", "name": "call me"}),
            &json!({}),
        );
        let out = m.apply(&doc);
        assert!(out.get("a").is_none(), "not a valid US number: {out}");
        assert_eq!(out["b"], "+442079460958");
        assert_eq!(out["c"], "call me");
    }

    #[test]
    fn dates() {
        let f = |s: &str, fmt| format_date(s, fmt);
        assert_eq!(
            f("2019-03", DateFmt::Iso),
            Some(json!("2019-03-01T00:00:00Z"))
        );
        assert_eq!(f("2019", DateFmt::Iso), Some(json!("2019-01-01T00:00:00Z")));
        assert_eq!(f("2019", DateFmt::IsoStrict), None);
        assert_eq!(
            f("2019-03", DateFmt::IsoStrict),
            Some(json!("2019-03-01T00:00:00Z"))
        );
        assert_eq!(f("2019-03-17", DateFmt::Ymd), Some(json!("2019-03-17")));
        assert_eq!(
            f("2019-03", DateFmt::MonthYear),
            Some(json!({"month": 3, "year": 2019}))
        );
        assert_eq!(f("2019", DateFmt::MonthYear), Some(json!({"year": 2019})));
        assert_eq!(f("2019", DateFmt::Month), None);
        assert_eq!(f("2019-11", DateFmt::Year), Some(json!(2019)));
        assert_eq!(f("2019-13", DateFmt::Iso), None);
        assert_eq!(f("Present", DateFmt::Iso), None);
    }

    #[test]
    fn value_maps_and_tags() {
        let user = r#"
            [fields]
            stage = "/candidate/status | map:lever_stage"
            tags = { all = ["/parse/quality/confidence | tags_from_confidence:0.9,0.6", "/candidate/status | map:lever_stage"] }

            [maps.lever_stage]
            accepted = "stage-new"
            "*" = "stage-other"
        "#;
        let m = load(Target::Lever, Some(user));
        let out = m.apply(&doc());
        assert_eq!(out["stage"], "stage-new");
        assert_eq!(out["tags"], json!(["parser:probable", "stage-new"]));
        let mut c = candidate();
        c["status"] = json!("approved");
        let out = m.apply(&input(&envelope(), &form(), &c));
        assert_eq!(out["stage"], "stage-other");
        // Adding an entry to a default map keeps the others.
        let m = load(
            Target::Greenhouse,
            Some("[maps.status_tag]\naccepted = \"auto\"\n"),
        );
        assert_eq!(m.apply(&doc())["tags"][3], "auto");
        let mut c = candidate();
        c["status"] = json!("needs_review");
        let out = m.apply(&input(&envelope(), &form(), &c));
        assert_eq!(out["tags"][3], "parser:needs-review");
    }

    #[test]
    fn override_one_line_and_remove_one() {
        let user = r#"
            [fields]
            # Raw titles, not the normalized ones.
            title = "/resume/work/0/position"
            company = { omit = true }
            "custom_fields[0].name_key" = "=skills"
            "custom_fields[0].value" = { from = "/resume/skills/*/keywords/*", transform = ["join:', '"] }
            "phone_numbers[0].type" = "=work"
        "#;
        let out = load(Target::Greenhouse, Some(user)).apply(&doc());
        assert_eq!(out["title"], "Sr. Backend Eng.");
        assert!(out.get("company").is_none());
        assert_eq!(
            out["custom_fields"],
            json!([{"name_key": "skills", "value": "Rust, Go, SQL"}])
        );
        assert_eq!(
            out["phone_numbers"],
            json!([{"value": "+14155550142", "type": "work"}])
        );
        // The rest of the default is untouched.
        assert_eq!(out["first_name"], "Jane");
        assert_eq!(out["employments"][0]["title"], "Software Developers");
    }

    #[test]
    fn list_mapping_and_relative_pointers() {
        let user = r#"
            [fields.roles]
            each = "/resume/work"
            fields = { employer = { from = "./name", required = true }, title = ["./x_normalized_title | normalized_title:0.7", "./position"], since = "./startDate | date:month_year", current = "./x_current", highlights = "./highlights/*" }

            [fields]
            skills = { from = "/resume/skills/*/keywords/*", transform = ["lowercase"] }
            "letters[0]" = "=a"
            "letters[2]" = "/form/missing_but_declared"
            "letters[1]" = { value = ["b", "c"] }

            [form]
            extra_fields = ["missing_but_declared"]
        "#;
        let out = load(Target::Webhook, Some(user)).apply(&doc());
        assert_eq!(
            out["roles"],
            json!([
                {"employer": "Acme Corp", "title": "Software Developers",
                 "since": {"month": 3, "year": 2021}, "current": true,
                 "highlights": ["Cut p99 latency by 40%"]},
                {"employer": "Initech", "title": "Software Developers", "since": {"year": 2017}},
                {"employer": "Freelance", "title": "Developer"}
            ])
        );
        assert_eq!(out["skills"], json!(["rust", "go", "sql"]));
        assert_eq!(out["letters"], json!(["a", "b", "c"]));
    }

    #[test]
    fn unknown_source_pointer_fails_at_load() {
        let e = load_err(
            Target::Greenhouse,
            "[fields]\ntitle = \"/resume/basics/lable\"\n",
        );
        assert!(e.contains("user mapping, line 2, `fields.title`"), "{e}");
        assert!(
            e.contains("`/resume/basics/lable`: no such field in the input"),
            "{e}"
        );
        assert!(e.contains("did you mean `/resume/basics/label`"), "{e}");

        let e = load_err(
            Target::Greenhouse,
            "[fields.employments]\neach = \"/resume/work/*\"\nfields = { title = \"./start_date\" }\n",
        );
        assert!(e.contains("(= /resume/work/*/start_date)"), "{e}");
        assert!(e.contains("`/resume/work/*/startDate`"), "{e}");

        let e = load_err(Target::Lever, "[fields]\nname = \"/form/frist_name\"\n");
        assert!(e.contains("did you mean `/form/first_name`"), "{e}");

        let e = load_err(Target::Lever, "[fields]\nname = \"./name\"\n");
        assert!(e.contains("not inside `each`"), "{e}");
    }

    #[test]
    fn unknown_target_field_fails_for_greenhouse() {
        let e = load_err(
            Target::Greenhouse,
            "[fields]\nfrist_name = \"/form/first_name\"\n",
        );
        assert!(
            e.contains(
                "`frist_name` is not a field the greenhouse API accepts (did you mean `first_name`"
            ),
            "{e}"
        );
        let e = load_err(
            Target::Greenhouse,
            "[fields]\n\"employments[0].titel\" = \"/resume/work/0/position\"\n",
        );
        assert!(e.contains("employments[].titel"), "{e}");
        assert!(e.contains("`employments[].title`"), "{e}");
        // …and overlapping a default field is named too.
        assert!(e.contains("overlaps `employments`"), "{e}");
        // Webhook takes anything.
        load(
            Target::Webhook,
            Some("[fields]\nfrist_name = \"/form/first_name\"\n"),
        );
    }

    #[test]
    fn other_load_failures_are_readable() {
        let e = load_err(
            Target::Lever,
            "[fields]\nemails = \"/form/email | lowercse\"\n",
        );
        assert!(
            e.contains("unknown transform `lowercse` (did you mean `lowercase`"),
            "{e}"
        );
        let e = load_err(
            Target::Lever,
            "[fields]\nstage = \"/candidate/status | map:stages\"\n",
        );
        assert!(e.contains("no value map `[maps.stages]`"), "{e}");
        let e = load_err(Target::Lever, "[fields]\nx = { omit = true }\n");
        assert!(e.contains("no such field"), "{e}");
        let e = load_err(
            Target::Lever,
            "[fields]\nheadline = { form = \"/resume/basics/label\" }\n",
        );
        assert!(
            e.contains("unknown rule key `form` (did you mean `from`"),
            "{e}"
        );
        let e = load_err(Target::Lever, "target = \"greenhouse\"\n");
        assert!(e.contains("this file is for target `greenhouse`"), "{e}");
        let e = load_err(Target::Lever, "[feilds]\nname = \"/form/name\"\n");
        assert!(e.contains("user mapping, line 1"), "{e}");
        let e = load_err(
            Target::Lever,
            "[fields]\nheadline = \"/resume/work/0/startDate | date:isoo\"\n",
        );
        assert!(e.contains("did you mean `date:iso`"), "{e}");
        // Several problems are all reported.
        let e = load_err(
            Target::Lever,
            "[fields]\na = \"/nope\"\nb = \"/resume/nope\"\n",
        );
        assert!(e.contains("2 problems"), "{e}");
    }

    #[test]
    fn documented_examples_load() {
        // The commented-out examples in mappings/*.toml, uncommented.
        let gh = r#"
            "custom_fields[0].name_key" = "=education"
            "custom_fields[0].value" = { all = ["/resume/education/0/studyType", "/resume/education/0/area", "/resume/education/0/institution"], transform = ["join:', '"] }
            "applications[0].source_id" = "/candidate/source | map:gh_source"

            [fields.educations]
            each = "/resume/education/*"
            [fields.educations.fields]
            degree_id = { from = "./x_level | map:gh_degree", required = true }
            start_year = "./startDate | date:year"
            start_month = "./startDate | date:month"
            end_year = "./endDate | date:year"
            end_month = "./endDate | date:month"
            [maps.gh_degree]
            bachelor = 1230
            master = 1231
            [maps.gh_source]
            careers-site = 4000123
        "#;
        let gh = format!("[fields]\n{gh}");
        let out = load(Target::Greenhouse, Some(&gh)).apply(&doc());
        assert_eq!(
            out["educations"],
            json!([{"degree_id": 1231, "start_year": 2014, "start_month": 9, "end_year": 2016}])
        );
        assert_eq!(
            out["custom_fields"],
            json!([{"name_key": "education", "value": "MSc, Computer Science, TU Delft"}])
        );
        assert_eq!(
            out["applications"],
            json!([{"job_id": 4012007, "source_id": 4000123}])
        );

        let lever = r#"
            [fields]
            stage = "/candidate/status | map:lever_stage"
            [maps.lever_stage]
            accepted = "00922a60-7c15-422b-b086-f62000824fd7"
        "#;
        let out = load(Target::Lever, Some(lever)).apply(&doc());
        assert_eq!(out["stage"], "00922a60-7c15-422b-b086-f62000824fd7");
    }

    #[test]
    fn input_prefers_the_candidates_resume() {
        let mut c = candidate();
        c["resume"] = json!({"basics": {"name": "Jane Corrected"}});
        c["parse"] = json!({"big": true});
        let d = input(&envelope(), &form(), &c);
        assert_eq!(d["resume"]["basics"]["name"], "Jane Corrected");
        assert_eq!(d["parse"]["schema"], "resume-parser/1");
        assert!(d["candidate"].get("parse").is_none());
        assert_eq!(d["candidate"]["id"], "01J0CANDIDATE");
    }
}
