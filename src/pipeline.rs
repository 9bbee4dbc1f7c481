//! The pipeline: extract → segment → entities → normalize → score, built once
//! and shared.
//!
//! Input: the bytes of one file (or already-extracted lines). Output: an
//! [`Envelope`] or a [`ParseError`]. A [`Pipeline`] owns every compiled
//! automaton, regex and dictionary; it is `Send + Sync` and is meant to be
//! built once per process and handed by reference (or `Arc`) to every caller,
//! rayon worker or request handler. `parse` is pure: no I/O, no async, no
//! global mutable state, so the same bytes always give the same envelope
//! (but for `elapsed_ms`).

use std::time::Instant;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::entities::{self, Context};
use crate::extract::{self, ExtractError, Extracted, Limits};
use crate::layout;
use crate::lexicon::Lexicon;
use crate::model::{Basics, DocumentInfo, Envelope, Resume, SCHEMA};
use crate::normalize::TitleNormalizer;
use crate::score::{self, Evidence, TextQuality};
use crate::segment::{self, SectionKind};
use crate::taxonomy::Taxonomy;

/// Why a document could not be parsed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParseError {
    #[error(transparent)]
    Extract(#[from] ExtractError),
}

/// The parser, with everything it needs compiled in.
pub struct Pipeline {
    lex: Lexicon,
    titles: TitleNormalizer,
    limits: Limits,
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Pipeline>();
};

impl Pipeline {
    /// Build the pipeline from the embedded taxonomies (tens of ms).
    pub fn new() -> Pipeline {
        Pipeline::with_limits(Limits::default())
    }

    pub fn with_limits(limits: Limits) -> Pipeline {
        let tax = Taxonomy::embedded();
        let (lex, titles) = rayon::join(|| Lexicon::new(tax), || TitleNormalizer::new(tax));
        Pipeline {
            lex,
            titles,
            limits,
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Parse one file's bytes.
    /// [`Pipeline::parse`], also returning the extracted text (one line per
    /// extracted line), which the service keeps for review and re-parsing.
    pub fn parse_with_text(&self, bytes: &[u8]) -> Result<(Envelope, String), ParseError> {
        let (doc, env) = self.extract_and_parse(bytes)?;
        let mut text = String::with_capacity(env.document.chars + doc.lines.len());
        for l in &doc.lines {
            text.push_str(&l.text);
            text.push('\n');
        }
        Ok((env, text))
    }

    /// Normalize one job title (a recruiter's correction, say) with the
    /// pipeline's taxonomy.
    pub fn normalize_title(&self, title: &str) -> crate::normalize::TitleMatch {
        self.titles.normalize(title)
    }

    pub fn parse(&self, bytes: &[u8]) -> Result<Envelope, ParseError> {
        self.extract_and_parse(bytes).map(|(_, env)| env)
    }

    fn extract_and_parse(&self, bytes: &[u8]) -> Result<(Extracted, Envelope), ParseError> {
        let t0 = Instant::now();
        let doc = extract::extract(bytes, &self.limits).inspect_err(|e| {
            tracing::debug!(bytes = bytes.len(), error = %e, "extraction failed");
        })?;
        let env = self.parse_extracted(&doc, bytes, t0);
        // Structured facts only: never resume text, names or contact details.
        tracing::debug!(
            format = env.document.format,
            pages = env.document.pages,
            chars = env.document.chars,
            work = env.resume.work.len(),
            education = env.resume.education.len(),
            confidence = env.quality.confidence,
            review_required = env.quality.review_required,
            elapsed_ms = env.document.elapsed_ms,
            "parsed"
        );
        Ok((doc, env))
    }

    /// Parse many files in parallel (rayon); results in input order.
    pub fn parse_batch<B: AsRef<[u8]> + Sync>(
        &self,
        files: &[B],
    ) -> Vec<Result<Envelope, ParseError>> {
        files.par_iter().map(|b| self.parse(b.as_ref())).collect()
    }

    /// Parse already-extracted text (the extraction-free path the benchmark measures).
    pub fn parse_extracted(&self, doc: &Extracted, bytes: &[u8], t0: Instant) -> Envelope {
        let (lines, sections) = self.read_layout(doc);
        let cx = Context {
            lines: &lines,
            sections: &sections,
            lex: &self.lex,
        };

        let contact = entities::contact::extract(&cx, &doc.links);
        let mut work = entities::work::extract(&cx);
        for w in &mut work {
            let Some(position) = w.work.position.as_deref() else {
                continue;
            };
            let m = self.titles.normalize(position);
            // A title no occupation fits is less likely to be a title at all.
            if let Some(f) = w.position.as_mut() {
                if m.onet_soc.is_none() {
                    f.confidence *= 0.75;
                } else if m.confidence < 0.7 {
                    f.confidence *= 0.9;
                }
            }
            w.work.x_normalized_title = Some(m);
        }
        // An entry with a lone date whose "title" names no occupation and
        // whose "employer" is not clearly an organisation is a talk, a paper
        // or an award read as a job: drop it.
        work.retain(|w| {
            // (A lone date is both ends of the entry: "Jumping off the
            // Distance Learning Bandwagon, 2001".)
            let lone_date = w.work.start_date.is_none()
                || w.work.end_date.is_none() && !w.work.x_current
                || w.work.start_date == w.work.end_date;
            // ("Summer Intern", "Trainee": a dated placement no occupation
            // takes is still a job.)
            let dated = w.work.start_date.is_some() || w.work.end_date.is_some();
            let placement = w.work.position.as_deref().is_some_and(|p| {
                crate::segment::fold(p)
                    .rsplit(' ')
                    .next()
                    .is_some_and(|h| matches!(h, "intern" | "trainee" | "apprentice"))
            });
            let declined = w
                .work
                .x_normalized_title
                .as_ref()
                .is_some_and(|m| m.onet_soc.is_none())
                && !(dated && placement);
            let weak_employer = w.employer.as_ref().is_none_or(|e| e.confidence < 0.7);
            !(lone_date && declined && weak_employer)
        });
        let mut education = entities::education::extract(&cx);
        for e in &mut education {
            e.education.x_isced = e
                .education
                .x_level
                .as_deref()
                .and_then(crate::normalize::degree::isced_level);
        }
        let skills = entities::skills::extract(&cx);

        let basics = Basics {
            name: contact.name.as_ref().map(|f| f.value.clone()),
            label: contact.label.as_ref().map(|f| f.value.clone()),
            email: contact.email.as_ref().map(|f| f.value.clone()),
            phone: contact.phone.as_ref().map(|f| f.value.clone()),
            url: contact.url.clone(),
            summary: contact.summary.as_ref().map(|f| f.value.clone()),
            location: contact.location.as_ref().map(|f| f.value.clone()),
            profiles: contact.profiles.clone(),
            x_phone_e164: contact.phone_e164.clone(),
        };
        let resume = Resume {
            basics,
            work: work.iter().map(|w| w.work.clone()).collect(),
            education: education.iter().map(|e| e.education.clone()).collect(),
            skills,
            certificates: entities::extras::certificates(&cx),
            languages: entities::extras::languages(&cx),
            projects: entities::extras::projects(&cx),
            awards: entities::extras::awards(&cx),
        };
        let ev = Evidence {
            lines: &lines,
            contact: &contact,
            work: &work,
            education: &education,
            has_work_section: sections.iter().any(|s| s.kind == SectionKind::Experience),
            headings: sections.iter().filter(|s| s.heading.is_some()).count(),
            text_quality: TextQuality::of(&lines),
            omitted: doc.omitted,
        };
        let fields = score::fields(&ev);
        let quality = score::quality(&ev);
        let sha = Sha256::digest(bytes);
        Envelope {
            schema: SCHEMA,
            resume,
            fields,
            quality,
            document: DocumentInfo {
                format: doc.format.as_str(),
                pages: doc.pages,
                chars: doc.chars(),
                sha256: sha.iter().map(|b| format!("{b:02x}")).collect(),
                elapsed_ms: (t0.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0,
                parser_version: env!("CARGO_PKG_VERSION"),
            },
        }
    }
}

impl Pipeline {
    /// Lines and sections, as the entities read them: layout, segmentation,
    /// and education headings set beside another heading given their lines.
    fn read_layout(&self, doc: &Extracted) -> (Vec<layout::Ln>, Vec<segment::Section>) {
        let mut lines = layout::prepare(doc);
        let mut sections = segment::segment(&mut lines, &self.lex.headings);
        entities::education::adopt_side_by_side(&lines, &mut sections, &self.lex);
        (lines, sections)
    }

    /// A human-readable trace of how a document was read: every prepared line
    /// with its section, layout cues and source line (for `parse --explain`).
    pub fn explain(&self, bytes: &[u8]) -> Result<String, ParseError> {
        use std::fmt::Write as _;
        let doc = extract::extract(bytes, &self.limits)?;
        let (lines, sections) = self.read_layout(&doc);
        let mut out = String::new();
        for (i, l) in lines.iter().enumerate() {
            let sec = sections.iter().find(|s| s.heading_at == Some(i));
            let kind = sections
                .iter()
                .find(|s| (s.start..s.end).contains(&i))
                .map(|s| s.kind);
            let tag = match sec {
                Some(s) => format!("## {:?}", s.kind),
                None => format!("{:?}", kind.unwrap_or(SectionKind::Other)),
            };
            let _ = writeln!(
                out,
                "{i:>4} p{} c{} L{:<4} {:<14} size {:.2}{}{} | {}",
                l.page,
                l.column,
                l.idx,
                tag,
                l.size,
                if l.bold { " B" } else { "" },
                if l.bullet { " •" } else { "" },
                l.text.replace('\t', " ⇥ ")
            );
        }
        Ok(out)
    }
}

impl Default for Pipeline {
    fn default() -> Self {
        Pipeline::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small resume in the commonest plain-text shape; parsing it also
    /// compiles every lazily built regex and automaton once.
    const RESUME: &str = "Jane Q. Doe\nSenior Software Engineer\njane.doe@example.com | +1 (415) 555-0142 | San Francisco, CA\nlinkedin.com/in/janedoe\n\nSUMMARY\nBackend engineer with 8 years of experience.\n\nWORK EXPERIENCE\nSenior Software Engineer, Acme Corp\nJan 2019 – Present\n• Built payment services in Rust and Go on Kubernetes.\nSoftware Engineer | Initech Inc | Austin, TX | 06/2015 - 12/2018\n• Maintained Java and PostgreSQL systems.\n\nEDUCATION\nB.S. in Computer Science, University of Texas at Austin, 2015\nGPA: 3.7/4.0\n\nSKILLS\nLanguages: Rust, Go, Java\nDatabases: PostgreSQL, Redis\n\nCERTIFICATIONS\nAWS Certified Solutions Architect - Amazon, 2020\n\nLANGUAGES\nEnglish (Native), Spanish (Professional)\n";

    #[test]
    fn parses_a_plain_text_resume() {
        let p = Pipeline::new();
        let env = p
            .parse(RESUME.as_bytes())
            .unwrap_or_else(|e| panic!("parse failed: {e}"));
        let r = &env.resume;
        assert_eq!(r.basics.name.as_deref(), Some("Jane Q. Doe"));
        assert_eq!(r.basics.label.as_deref(), Some("Senior Software Engineer"));
        assert_eq!(
            r.basics.email.as_ref().map(|e| e.as_str()),
            Some("jane.doe@example.com")
        );
        assert_eq!(
            r.basics.x_phone_e164.as_ref().map(|e| e.as_str()),
            Some("+14155550142")
        );
        assert_eq!(
            r.basics
                .location
                .as_ref()
                .and_then(|l| l.country_code.as_deref()),
            Some("US")
        );
        assert_eq!(
            r.basics.profiles.first().map(|p| p.network.as_str()),
            Some("LinkedIn")
        );
        assert_eq!(r.work.len(), 2, "{:#?}", r.work);
        assert_eq!(
            r.work[0].position.as_deref(),
            Some("Senior Software Engineer")
        );
        assert_eq!(r.work[0].name.as_deref(), Some("Acme Corp"));
        assert!(r.work[0].x_current && r.work[0].end_date.is_none());
        assert_eq!(
            r.work[0].start_date.map(|d| d.to_string()).as_deref(),
            Some("2019-01")
        );
        assert_eq!(r.work[1].position.as_deref(), Some("Software Engineer"));
        assert_eq!(r.work[1].name.as_deref(), Some("Initech Inc"));
        assert_eq!(r.work[1].location.as_deref(), Some("Austin, TX"));
        assert_eq!(r.education.len(), 1);
        let e = &r.education[0];
        assert_eq!(e.study_type.as_deref(), Some("B.S."));
        assert_eq!(e.area.as_deref(), Some("Computer Science"));
        assert_eq!(
            e.institution.as_deref(),
            Some("University of Texas at Austin")
        );
        assert_eq!(e.end_date.map(|d| d.to_string()).as_deref(), Some("2015"));
        assert_eq!(e.score.as_deref(), Some("3.7/4.0"));
        let langs = r
            .skills
            .iter()
            .find(|g| g.name == "Languages")
            .map(|g| g.keywords.clone());
        assert_eq!(
            langs,
            Some(vec!["Rust".to_owned(), "Go".to_owned(), "Java".to_owned()])
        );
        assert_eq!(r.certificates.len(), 1);
        assert_eq!(
            r.languages
                .iter()
                .map(|l| l.language.as_str())
                .collect::<Vec<_>>(),
            vec!["English", "Spanish"]
        );
        assert!(!env.quality.review_required, "{:?}", env.quality);
        assert!(env.fields.contains_key("/work/0/position"));
    }

    /// Every work entry carries its occupation; a title no occupation fits
    /// is reported with a reason and a lower field confidence.
    #[test]
    fn work_titles_are_normalised() {
        let text = "JANE SMITH\njane@example.com\n\nExperience\nSr. Software Engineer\nAcme Corporation\nJan 2019 - Present\n• Built things\n\nTeam Member\nGlobex Corporation\nJan 2015 - Dec 2018\n• Helped\n";
        let env = Pipeline::new()
            .parse(text.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        let w = &env.resume.work;
        assert_eq!(w.len(), 2, "{w:#?}");
        let Some(coded) = w[0].x_normalized_title.as_ref() else {
            panic!("not normalised: {w:#?}")
        };
        assert_eq!(coded.onet_soc.as_deref(), Some("15-1252.00"));
        assert_eq!(coded.seniority, Some(crate::normalize::Seniority::Senior));
        let Some(declined) = w[1].x_normalized_title.as_ref() else {
            panic!("not normalised: {w:#?}")
        };
        assert_eq!(declined.onet_soc, None);
        assert!(declined.reason.is_some());
        let conf = |i: usize| env.fields[&format!("/work/{i}/position")].confidence;
        assert!(conf(1) < conf(0), "{} !< {}", conf(1), conf(0));
    }

    #[test]
    fn a_dated_placement_no_occupation_takes_is_kept() {
        let text = "JANE SMITH\njane@example.com\n\nWork Experience\n2007 Summer Intern at Symbian\n\
                    I lived in London and worked in the graphics department at Symbian.\n";
        let env = Pipeline::new()
            .parse(text.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        let w = &env.resume.work;
        assert_eq!(w.len(), 1, "{w:#?}");
        assert_eq!(w[0].position.as_deref(), Some("Summer Intern"));
        assert_eq!(w[0].name.as_deref(), Some("Symbian"));
    }

    #[test]
    fn same_bytes_same_envelope() {
        let p = Pipeline::new();
        let a = p
            .parse(RESUME.as_bytes())
            .map(|e| serde_json::to_value(e.resume).ok());
        let b = p
            .parse(RESUME.as_bytes())
            .map(|e| serde_json::to_value(e.resume).ok());
        assert_eq!(a, b);
    }

    /// Label-rail layouts put the section label in a left cell on the
    /// content's first row; a noise fragment ("Platform") must not hide the title.
    #[test]
    fn label_rail_layout() {
        let text = "JANE SMITH\njane@example.com\nExperience\tStaff Engineer, Platform\tAug 2024 - Present\n• Led platform migration\nSenior Engineer, Backend\tJun 2021 - Aug 2024\nGlobex Corporation\tAustin, TX\n• Built an event pipeline\nEducation\tB.S. Computer Science, State University\t2013 - 2017\n";
        let env = Pipeline::new()
            .parse(text.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        let w = &env.resume.work;
        assert_eq!(w.len(), 2, "{w:#?}");
        assert_eq!(w[0].position.as_deref(), Some("Staff Engineer"));
        assert_eq!(w[1].position.as_deref(), Some("Senior Engineer"));
        assert_eq!(w[1].name.as_deref(), Some("Globex Corporation"));
        let e = &env.resume.education[0];
        assert_eq!(
            (
                e.study_type.as_deref(),
                e.area.as_deref(),
                e.institution.as_deref()
            ),
            (
                Some("B.S."),
                Some("Computer Science"),
                Some("State University")
            )
        );
    }
}
