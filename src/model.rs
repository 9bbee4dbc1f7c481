//! Domain types: the parsed resume (JSON Resume 1.x field names, verbatim), the
//! envelope around it, and the validating newtypes the entity stages produce.
//!
//! Input: values built by the entity and scoring stages. Output: the
//! `resume-parser/1` JSON envelope (see README). Field names are a public
//! contract: later services and users key on them, so they never change within
//! a schema version. Extra fields carry an `x_` prefix, as JSON Resume allows.
//!
//! Newtypes ([`Email`], [`PhoneE164`], [`PartialDate`]) validate on construction,
//! so a later stage never sees an unchecked e-mail or a date with an invented
//! day or month.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Serialize, Serializer};

/// The envelope's schema tag.
pub const SCHEMA: &str = "resume-parser/1";

/// One parsed document.
#[derive(Debug, Clone, Serialize)]
pub struct Envelope {
    pub schema: &'static str,
    pub resume: Resume,
    /// JSON Pointer (into `resume`) → how sure the parser is of that field.
    pub fields: BTreeMap<String, FieldInfo>,
    pub quality: Quality,
    pub document: DocumentInfo,
}

/// A JSON Resume document (the subset the parser fills, plus `x_` extras).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Resume {
    pub basics: Basics,
    pub work: Vec<Work>,
    pub education: Vec<Education>,
    pub skills: Vec<SkillGroup>,
    pub certificates: Vec<Certificate>,
    pub languages: Vec<Language>,
    pub projects: Vec<Project>,
    pub awards: Vec<Award>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Basics {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The headline, e.g. "Senior Java Developer".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
    /// The phone number as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<Profile>,
    /// The phone in E.164, when a country could be inferred.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x_phone_e164: Option<PhoneE164>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(rename = "countryCode", skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
}

impl Location {
    pub fn is_empty(&self) -> bool {
        self.city.is_none() && self.region.is_none() && self.country_code.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub network: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    pub url: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Work {
    /// The employer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(rename = "startDate", skip_serializing_if = "Option::is_none")]
    pub start_date: Option<PartialDate>,
    #[serde(rename = "endDate", skip_serializing_if = "Option::is_none")]
    pub end_date: Option<PartialDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub highlights: Vec<String>,
    /// The role is ongoing ("Present"); `endDate` is then absent.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub x_current: bool,
    /// The position mapped to an O*NET-SOC occupation (or declined, with a
    /// reason): the `normalize-title` object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x_normalized_title: Option<crate::normalize::TitleMatch>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Education {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub institution: Option<String>,
    /// Field of study, e.g. "Computer Science".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// The degree as written, e.g. "B.Tech".
    #[serde(rename = "studyType", skip_serializing_if = "Option::is_none")]
    pub study_type: Option<String>,
    #[serde(rename = "startDate", skip_serializing_if = "Option::is_none")]
    pub start_date: Option<PartialDate>,
    #[serde(rename = "endDate", skip_serializing_if = "Option::is_none")]
    pub end_date: Option<PartialDate>,
    /// GPA or grade as written, e.g. "3.6/4.0" or "78%".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<String>,
    /// The degree's level (bachelor, master, …) from the degree taxonomy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x_level: Option<String>,
    /// The ISCED 2011 level of the degree (6 bachelor, 7 master, 8 doctorate…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x_isced: Option<u8>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub x_current: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct SkillGroup {
    pub name: String,
    pub keywords: Vec<String>,
    /// Taxonomy ids parallel to `keywords` (same length, entry `i` is the id
    /// of `keywords[i]` or null): `linguist:<Language>` (GitHub Linguist), an
    /// ESCO skill URI, or `onet-tech:<UNSPSC commodity code>` (O*NET
    /// Technology Skills). Empty (and omitted) when no keyword has an id.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub x_ids: Vec<Option<String>>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Certificate {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Language {
    pub language: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fluency: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Project {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub highlights: Vec<String>,
    #[serde(rename = "startDate", skip_serializing_if = "Option::is_none")]
    pub start_date: Option<PartialDate>,
    #[serde(rename = "endDate", skip_serializing_if = "Option::is_none")]
    pub end_date: Option<PartialDate>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Award {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
}

/// How sure the parser is of one field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldInfo {
    pub confidence: f32,
    pub level: Level,
    pub source: Source,
}

/// Where in the document a value was read: 1-based page and line (line
/// numbers count the extracted lines of the whole document).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Source {
    pub page: u32,
    pub line: u32,
}

/// A coarse reading of a confidence, for people and rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Confident,
    Probable,
    Unlikely,
}

impl Level {
    pub fn of(confidence: f32) -> Level {
        if confidence >= 0.8 {
            Level::Confident
        } else if confidence >= 0.5 {
            Level::Probable
        } else {
            Level::Unlikely
        }
    }
}

/// The document-level verdict.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Quality {
    pub confidence: f32,
    pub review_required: bool,
    pub reasons: Vec<String>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub level: FindingLevel,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingLevel {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentInfo {
    pub format: &'static str,
    pub pages: u32,
    pub chars: usize,
    pub sha256: String,
    pub elapsed_ms: f64,
    pub parser_version: &'static str,
}

/// A syntactically valid e-mail address (lower-cased domain).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Accepts `local@domain.tld` with a sane local part and a dotted domain.
    pub fn parse(s: &str) -> Option<Email> {
        let s = s
            .trim()
            .trim_start_matches("mailto:")
            .trim_matches(|c: char| !c.is_alphanumeric());
        let (local, domain) = s.split_once('@')?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._%+-'".contains(c))
            && !local.starts_with('.')
            && !local.ends_with('.');
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels
                .iter()
                .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            && labels
                .last()
                .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
        (local_ok && domain_ok).then(|| Email(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number in E.164 form (`+` and 8–15 digits).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct PhoneE164(String);

impl PhoneE164 {
    pub fn parse(s: &str) -> Option<PhoneE164> {
        let digits = s.strip_prefix('+')?;
        (8..=15)
            .contains(&digits.len())
            .then_some(())
            .filter(|_| digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0'))
            .map(|_| PhoneE164(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A date with the precision it was written with: a year, or a year and month.
/// Never an invented day or month. Serialises as `YYYY` or `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
}

impl PartialDate {
    /// A year in 1900..=2100 and, if given, a month in 1..=12.
    pub fn new(year: u16, month: Option<u8>) -> Option<PartialDate> {
        let ok = (1900..=2100).contains(&year) && month.is_none_or(|m| (1..=12).contains(&m));
        ok.then_some(PartialDate { year, month })
    }

    /// Months since year 0, with a missing month taken as `default_month`.
    pub fn ordinal(&self, default_month: u8) -> i32 {
        self.year as i32 * 12 + self.month.unwrap_or(default_month) as i32 - 1
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.month {
            Some(m) => write!(f, "{:04}-{:02}", self.year, m),
            None => write!(f, "{:04}", self.year),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_validates() {
        assert_eq!(
            Email::parse("Jane.Doe@Example.COM").map(|e| e.0),
            Some("Jane.Doe@example.com".into())
        );
        assert_eq!(
            Email::parse("mailto:a@b.io").map(|e| e.0),
            Some("a@b.io".into())
        );
        assert!(Email::parse("a@b").is_none());
        assert!(Email::parse("@b.com").is_none());
        assert!(Email::parse("a b@c.com").is_none());
    }

    #[test]
    fn dates_keep_precision() {
        assert_eq!(
            PartialDate::new(2019, Some(3)).map(|d| d.to_string()),
            Some("2019-03".into())
        );
        assert_eq!(
            PartialDate::new(2019, None).map(|d| d.to_string()),
            Some("2019".into())
        );
        assert!(PartialDate::new(2019, Some(13)).is_none());
        assert!(PartialDate::new(1800, None).is_none());
    }

    #[test]
    fn e164() {
        assert!(PhoneE164::parse("+14155550142").is_some());
        assert!(PhoneE164::parse("4155550142").is_none());
        assert!(PhoneE164::parse("+1").is_none());
    }
}
