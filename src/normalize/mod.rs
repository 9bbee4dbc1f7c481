//! Job titles to occupations: a free-text title into an O*NET-SOC code, with
//! its SOC 2018 and ISCO-08 codes, the seniority it carried, a calibrated
//! confidence and the alternatives — or a refusal with a reason.
//!
//! Input: a title as written on a resume. Output: a [`TitleMatch`]. Built
//! once from the embedded [`Taxonomy`] (about 61,500 title forms from O*NET
//! 30.0 alternate titles, occupation titles, the 27.0 sample of reported
//! titles and the SOC 2018 direct-match list), then shared read-only.
//!
//! Lookup, in order, first hit wins (see ARCHITECTURE.md and the README):
//! 1. **exact** — the cleaned title is an O*NET title form;
//! 2. **alias** — it is one after abbreviations are expanded ("Sr. SW
//!    Engineer" → "software engineer"), seniority and employment-term words
//!    are removed, misspellings one edit from a title word are corrected, or a
//!    glued employer/location is cut off;
//! 3. **fuzzy** — a token ranker: IDF-weighted Dice overlap between the title
//!    and each title form that shares its head noun (the last word, counted
//!    twice), so "Java Developer" ranks developers and "Developer Relations
//!    Manager" managers.
//!
//! Ambiguity: when one form names several occupations, the one the sources tie
//! it to most strongly (the `weight` column: how many O*NET sources list it,
//! and whether it is a reported or direct-match title) wins; equal weights go
//! to the code whose own title shares the query's head noun, then to the lower
//! code. A form spread thinly over many occupations ("Engineer") is declined.

pub mod clean;
pub mod degree;
mod rank;
mod rules;

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::taxonomy::Taxonomy;
pub use clean::Seniority;
use clean::{Cleaned, key, singular, strip_seniority};
use rank::edit_distance;
use rules::*;

/// How the code was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Exact,
    Alias,
    Fuzzy,
}

/// Another occupation the title could mean.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    pub onet_soc: String,
    pub title: String,
    pub confidence: f32,
}

/// The normalised title (the `normalize-title` output line and
/// `work[].x_normalized_title`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TitleMatch {
    pub input: String,
    pub onet_soc: Option<String>,
    pub title: Option<String>,
    pub soc2018: Option<String>,
    pub isco08: Option<String>,
    pub seniority: Option<Seniority>,
    pub confidence: f32,
    pub method: Option<Method>,
    pub alternatives: Vec<Alternative>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Below this confidence a title is declined.
pub const DECLINE_BELOW: f32 = 0.55;

struct Occ {
    /// The occupation title's tokens (singular), as vocabulary ids.
    tokens: Vec<u32>,
    code: String,
    title: String,
    soc2018: String,
    isco08: Option<String>,
    head: String,
    /// How much of the title space the occupation covers: ln(1 + the summed
    /// weight of its title forms), scaled to 0..1. A prior for ties.
    prior: f32,
}

struct Form {
    tokens: Box<[u32]>,
    /// Sum of the tokens' IDF, the head counted twice.
    mass: f32,
    occ: u32,
    weight: u16,
}

/// The occupation index. Build once ([`TitleNormalizer::new`]); `Send + Sync`.
pub struct TitleNormalizer {
    occs: Vec<Occ>,
    /// Title key → (occupation, weight), heaviest first.
    exact: HashMap<String, Vec<(u32, u16)>>,
    forms: Vec<Form>,
    vocab: HashMap<String, u32>,
    /// Forms by their last token (the head noun).
    by_head: Vec<Vec<u32>>,
    /// Forms by every token they hold.
    by_token: Vec<Vec<u32>>,
    idf: Vec<f32>,
    /// Token ids by (first letter, length), for the spelling fix: a slip
    /// rarely hits a word's first letter, and this keeps the scan short.
    by_len: HashMap<(char, usize), Vec<u32>>,
    words: Vec<String>,
    df: Vec<u32>,
    abbreviations: HashMap<String, Vec<String>>,
    generic: HashSet<&'static str>,
    /// Head nouns of the occupation titles ("developer", "nurse", "clerk").
    occ_heads: HashSet<String>,
    /// Words that place a title in computing.
    it_words: HashSet<String>,
}

impl TitleNormalizer {
    pub fn new(tax: &Taxonomy) -> TitleNormalizer {
        let mut occs: Vec<Occ> = Vec::with_capacity(tax.occupations.len());
        let mut occ_id: HashMap<&str, u32> = HashMap::new();
        for o in &tax.occupations {
            occ_id.insert(o.soc.as_str(), occs.len() as u32);
            let head = clean::fold(&o.title)
                .split(' ')
                .next_back()
                .map(|w| singular(w).to_owned())
                .unwrap_or_default();
            occs.push(Occ {
                prior: 0.0,
                tokens: Vec::new(),
                code: o.soc.clone(),
                title: o.title.clone(),
                soc2018: o.soc2018.clone(),
                isco08: o.isco08.clone(),
                head,
            });
        }
        let mut vocab: HashMap<String, u32> = HashMap::new();
        let mut words: Vec<String> = Vec::new();
        let mut df: Vec<u32> = Vec::new();
        let mut exact: HashMap<String, Vec<(u32, u16)>> = HashMap::new();
        let mut forms: Vec<Form> = Vec::with_capacity(tax.job_titles.len());
        for jt in &tax.job_titles {
            let Some(&occ) = occ_id.get(jt.soc.as_str()) else {
                continue;
            };
            let toks: Vec<String> = clean::fold(&jt.title)
                .split(' ')
                .filter(|t| !t.is_empty())
                .map(|t| singular(t).to_owned())
                .collect();
            let toks = clean::head_last(&toks).unwrap_or(toks);
            if toks.is_empty() {
                continue;
            }
            let k = toks.join(" ");
            let slot = exact.entry(k).or_default();
            match slot.iter_mut().find(|(o, _)| *o == occ) {
                Some((_, w)) => *w = (*w).max(jt.weight),
                None => slot.push((occ, jt.weight)),
            }
            let mut ids: Vec<u32> = Vec::with_capacity(toks.len());
            for t in toks {
                let id = match vocab.get(&t) {
                    Some(&id) => id,
                    None => {
                        let id = words.len() as u32;
                        vocab.insert(t.clone(), id);
                        words.push(t);
                        df.push(0);
                        id
                    }
                };
                if !ids.contains(&id) {
                    df[id as usize] += 1;
                }
                ids.push(id);
            }
            forms.push(Form {
                tokens: ids.into_boxed_slice(),
                mass: 0.0,
                occ,
                weight: jt.weight,
            });
        }
        for v in exact.values_mut() {
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        let n = forms.len().max(1) as f32;
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| (1.0 + n / (d.max(1) as f32)).ln())
            .collect();
        for f in &mut forms {
            let head = f.tokens.last().map_or(0.0, |&h| idf[h as usize]);
            f.mass = f.tokens.iter().map(|&t| idf[t as usize]).sum::<f32>() + head;
        }
        let mut mass = vec![0.0f32; occs.len()];
        for f in &forms {
            mass[f.occ as usize] += f32::from(f.weight);
        }
        let top = mass
            .iter()
            .map(|m| (1.0 + m).ln())
            .fold(0.0f32, f32::max)
            .max(1.0);
        for (o, m) in occs.iter_mut().zip(&mass) {
            o.prior = (1.0 + m).ln() / top;
        }
        for o in &mut occs {
            o.tokens = clean::fold(&o.title)
                .split(' ')
                .filter_map(|t| vocab.get(singular(t)).copied())
                .collect();
        }
        let mut by_token: Vec<Vec<u32>> = vec![Vec::new(); words.len()];
        for (i, f) in forms.iter().enumerate() {
            for &t in f.tokens.iter() {
                if by_token[t as usize].last() != Some(&(i as u32)) {
                    by_token[t as usize].push(i as u32);
                }
            }
        }
        let mut by_head: Vec<Vec<u32>> = vec![Vec::new(); words.len()];
        for (i, f) in forms.iter().enumerate() {
            if let Some(&h) = f.tokens.last() {
                by_head[h as usize].push(i as u32);
            }
        }
        // Person nouns: heads of the occupation titles, and words that end
        // at least three multi-word title forms ("legal secretary", "patent
        // attorney"). Field words ("sales", "research") end almost none.
        let mut head_count: HashMap<u32, u32> = HashMap::new();
        for f in &forms {
            if f.tokens.len() >= 2
                && let Some(&h) = f.tokens.last()
            {
                *head_count.entry(h).or_default() += 1;
            }
        }
        let occ_heads: HashSet<String> = occs
            .iter()
            .filter_map(|o| {
                let toks: Vec<String> = clean::fold(&o.title)
                    .split(' ')
                    .map(|t| singular(t).to_owned())
                    .collect();
                clean::head_last(&toks).unwrap_or(toks).last().cloned()
            })
            .chain(
                head_count
                    .iter()
                    .filter(|&(_, &n)| n >= 3)
                    .map(|(&h, _)| words[h as usize].clone()),
            )
            .collect();
        let mut by_len: HashMap<(char, usize), Vec<u32>> = HashMap::new();
        for (i, w) in words.iter().enumerate() {
            if let Some(c) = w.chars().next() {
                by_len
                    .entry((c, w.chars().count()))
                    .or_default()
                    .push(i as u32);
            }
        }
        let mut it_words: HashSet<String> = IT_WORDS.iter().map(|w| (*w).to_owned()).collect();
        for sk in &tax.skills {
            let f = clean::fold(&sk.name);
            if matches!(sk.kind.as_str(), "language" | "technology")
                && !sk.case_sensitive
                && f.len() >= 3
                && !f.contains(' ')
                // a distinctive word ("php", "android"), not a common
                // title word that happens to be a technology ("data")
                && vocab.get(singular(&f)).is_none_or(|&id| df[id as usize] <= 40)
            {
                it_words.insert(f);
            }
        }
        let mut abbreviations: HashMap<String, Vec<String>> = HashMap::new();
        for (a, e) in &tax.title_abbreviations {
            let a = clean::fold(a);
            let e: Vec<String> = clean::fold(e).split(' ').map(str::to_owned).collect();
            if !a.is_empty() && !e.is_empty() && e != [a.clone()] {
                abbreviations.insert(a, e);
            }
        }
        TitleNormalizer {
            occs,
            exact,
            forms,
            vocab,
            by_head,
            by_token,
            idf,
            by_len,
            words,
            df,
            abbreviations,
            generic: GENERIC.iter().copied().collect(),
            occ_heads,
            it_words,
        }
    }

    /// Normalise one title.
    pub fn normalize(&self, input: &str) -> TitleMatch {
        let cleaned = clean::clean(input);
        let mut out = TitleMatch {
            input: input.to_owned(),
            onet_soc: None,
            title: None,
            soc2018: None,
            isco08: None,
            seniority: None,
            confidence: 0.0,
            method: None,
            alternatives: Vec::new(),
            reason: None,
        };
        let Some(first) = cleaned.pieces.first() else {
            out.reason = Some("empty title".into());
            return out;
        };
        let (_, seniority) = strip_seniority(first);
        out.seniority = seniority;
        match self.lookup(&cleaned) {
            Lookup::Hit {
                ranked,
                method,
                confidence,
            } => {
                self.fill(&mut out, &ranked, method, confidence);
            }
            Lookup::Decline { reason, ranked } => {
                out.reason = Some(reason);
                out.alternatives = self.alternatives(&ranked, 0, 3);
                out.confidence = round2(ranked.first().map_or(0.0, |r| r.1.min(0.49)));
            }
        }
        out
    }

    fn fill(&self, out: &mut TitleMatch, ranked: &[(u32, f32)], method: Method, confidence: f32) {
        let Some(&(best, _)) = ranked.first() else {
            return;
        };
        let o = &self.occs[best as usize];
        out.onet_soc = Some(o.code.clone());
        out.title = Some(o.title.clone());
        out.soc2018 = Some(o.soc2018.clone());
        out.isco08 = o.isco08.clone();
        out.confidence = round2(confidence);
        out.method = Some(method);
        out.alternatives = self.alternatives(ranked, 1, 3);
    }

    fn alternatives(&self, ranked: &[(u32, f32)], skip: usize, n: usize) -> Vec<Alternative> {
        ranked
            .iter()
            .skip(skip)
            .take(n)
            .map(|&(occ, c)| {
                let o = &self.occs[occ as usize];
                Alternative {
                    onet_soc: o.code.clone(),
                    title: o.title.clone(),
                    confidence: round2(c),
                }
            })
            .collect()
    }

    /// [`Self::lookup_inner`], then the computing context: with a computing
    /// word in the title, computer occupations are preferred, and a generic
    /// head no title form fits ("SAP ABAP Consultant") takes its computing
    /// reading.
    fn lookup(&self, cleaned: &Cleaned) -> Lookup {
        let found = self.lookup_inner(cleaned);
        let it = cleaned
            .pieces
            .first()
            .is_some_and(|p| p.iter().any(|t| self.it_words.contains(singular(t))));
        if !it {
            return found;
        }
        let boost = |ranked: &mut Vec<(u32, f32)>| {
            for r in ranked.iter_mut() {
                if self.occs[r.0 as usize].code.starts_with("15-12") {
                    r.1 = (r.1 + IT_BONUS).min(0.99);
                }
            }
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        };
        match found {
            Lookup::Hit {
                mut ranked,
                method,
                confidence,
            } => {
                let before = ranked.first().map(|r| r.0);
                boost(&mut ranked);
                let confidence = if ranked.first().map(|r| r.0) == before {
                    confidence
                } else {
                    ranked.first().map_or(confidence, |r| r.1.min(0.9))
                };
                Lookup::Hit {
                    ranked,
                    method,
                    confidence,
                }
            }
            Lookup::Decline { reason, mut ranked } => {
                if reason.starts_with("too generic") {
                    return Lookup::Decline { reason, ranked };
                }
                boost(&mut ranked);
                if let Some(&(o, c)) = ranked.first()
                    && c >= DECLINE_BELOW
                    && self.occs[o as usize].code.starts_with("15-12")
                {
                    return Lookup::Hit {
                        ranked,
                        method: Method::Fuzzy,
                        confidence: c,
                    };
                }
                // The rightmost generic head anywhere in the title ("Technical
                // Lead", "Application Developer SAP ABAP").
                let head = cleaned.pieces.first().and_then(|p| {
                    p.iter()
                        .rev()
                        .find_map(|h| IT_HEADS.iter().find(|(w, _)| *w == singular(h)))
                });
                match head.and_then(|(_, code)| self.occs.iter().position(|o| o.code == *code)) {
                    Some(o) => {
                        ranked.retain(|r| r.0 != o as u32);
                        ranked.insert(0, (o as u32, 0.6));
                        Lookup::Hit {
                            ranked,
                            method: Method::Alias,
                            confidence: 0.6,
                        }
                    }
                    _ => Lookup::Decline { reason, ranked },
                }
            }
        }
    }

    fn lookup_inner(&self, cleaned: &Cleaned) -> Lookup {
        let whole = &cleaned.pieces[0];
        let whole_key = key(whole);
        if self.generic.contains(whole_key.as_str()) {
            return Lookup::Decline {
                reason: "too generic to name an occupation".into(),
                ranked: Vec::new(),
            };
        }
        // 1. exact, on the whole title as written.
        if let Some(hit) = self.exact_hit(whole, Method::Exact) {
            return hit;
        }
        let bare = strip_seniority(whole).0;
        if self.generic.contains(key(&bare).as_str()) {
            return Lookup::Decline {
                reason: "too generic to name an occupation".into(),
                ranked: Vec::new(),
            };
        }
        if whole
            .first()
            .is_some_and(|t| DEGREE_WORDS.contains(&t.as_str()))
            && whole.len() > 1
            && whole.iter().any(|t| t == "in" || t == "of")
        {
            return Lookup::Decline {
                reason: "a degree, not a job title".into(),
                ranked: Vec::new(),
            };
        }
        if bare
            .last()
            .is_some_and(|h| GENERIC_HEADS.contains(&singular(h)))
        {
            return Lookup::Decline {
                reason: "a membership or status, not an occupation".into(),
                ranked: Vec::new(),
            };
        }
        if !whole.iter().any(|t| self.person_noun(t)) {
            return Lookup::Decline {
                reason: "no word naming a person's role (a field, skill or place?)".into(),
                ranked: Vec::new(),
            };
        }
        // 2. alias: each piece, expanded, without seniority, spelling fixed.
        let all: Vec<Vec<Vec<String>>> = cleaned.pieces.iter().map(|p| self.variants(p)).collect();
        for (n, variants) in all.iter().enumerate() {
            for variant in variants {
                if self.generic.contains(key(variant).as_str()) {
                    continue;
                }
                if let Some(mut hit) = self.exact_hit(variant, Method::Alias) {
                    if n > 0
                        && let Lookup::Hit { confidence, .. } = &mut hit
                    {
                        // A part of the title, not all of it.
                        *confidence -= 0.05;
                    }
                    return hit;
                }
            }
        }
        // 3. fuzzy, on the best-scoring piece.
        let mut best: Option<(Vec<(u32, f32)>, f32)> = None;
        let mut known_any = false;
        let mut headed = false;
        for variants in &all {
            let Some(variant) = variants.last().cloned() else {
                continue;
            };
            if variant.iter().any(|t| self.vocab.contains_key(singular(t))) {
                known_any = true;
            }
            let mut ranked = self.fuzzy(&variant);
            // "HR Executive", "Sales Executive": in Indian and British usage a
            // function word before "executive" (or "professional") names a
            // specialist, not a chief executive.
            if variant.len() > 1
                && let Some(alts) = HEAD_SYNONYMS
                    .iter()
                    .find(|(h, _)| variant.last().is_some_and(|l| l == h))
                    .map(|(_, a)| *a)
            {
                for alt in alts {
                    let mut v = variant.clone();
                    if let Some(last) = v.last_mut() {
                        *last = (*alt).to_owned();
                    }
                    let r: Vec<(u32, f32)> = self
                        .fuzzy(&v)
                        .into_iter()
                        .map(|(o, c)| (o, c * 0.95))
                        .collect();
                    if r.first().map_or(0.0, |x| x.1) > ranked.first().map_or(0.0, |x| x.1) {
                        ranked = r;
                    }
                }
            }
            if !ranked.is_empty() {
                headed = true;
            }
            let top = ranked.first().map_or(0.0, |r| r.1);
            if best.as_ref().is_none_or(|(_, b)| top > *b) {
                best = Some((ranked, top));
            }
        }
        let Some((ranked, top)) = best else {
            return Lookup::Decline {
                reason: "no title words".into(),
                ranked: Vec::new(),
            };
        };
        if !known_any {
            return Lookup::Decline {
                reason: "no word of any occupation title (a name or another language?)".into(),
                ranked,
            };
        }
        if !headed {
            return Lookup::Decline {
                reason: "no occupational head noun (a skill or a field, not a job title?)".into(),
                ranked,
            };
        }
        if top < DECLINE_BELOW {
            return Lookup::Decline {
                reason: "no occupation close enough".into(),
                ranked,
            };
        }
        Lookup::Hit {
            ranked,
            method: Method::Fuzzy,
            confidence: top,
        }
    }

    /// Lookup forms of one piece, most literal first: as is, abbreviations
    /// expanded, spelling fixed, seniority and noise removed.
    fn variants(&self, piece: &[String]) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = vec![piece.to_vec()];
        let fixed: Vec<String> = piece.iter().map(|t| self.spell(t)).collect();
        let expanded: Vec<String> = fixed
            .iter()
            .flat_map(|t| {
                self.abbreviations
                    .get(t)
                    .cloned()
                    .unwrap_or_else(|| vec![t.clone()])
            })
            .collect();
        let stripped = strip_seniority(&expanded).0;
        let reordered = clean::head_last(&stripped);
        for v in [Some(fixed), Some(expanded), Some(stripped), reordered]
            .into_iter()
            .flatten()
        {
            if !v.is_empty() && !out.contains(&v) {
                out.push(v);
            }
        }
        out
    }

    /// A token unknown to every title, one edit from a known one (two for
    /// long words), becomes the most frequent such word ("assit" → "assist").
    fn spell<'a>(&'a self, t: &str) -> String {
        let s = singular(t);
        let n = s.chars().count();
        if self.vocab.contains_key(s) || self.abbreviations.contains_key(t) || n < 5 {
            return t.to_owned();
        }
        if t.chars().any(|c| c.is_ascii_digit()) {
            return t.to_owned();
        }
        let max = if n >= 9 { 2 } else { 1 };
        // Best: fewest edits; then a dropped letter ("assit" → "assist")
        // before a changed one ("asset"), the commonest typing slip; then
        // the more frequent word.
        let mut best: Option<(usize, bool, u32, &str)> = None;
        let mut consider = |w: &'a str, df: u32| {
            let d = edit_distance(s, w, max);
            if d <= max {
                let cand = (d, w.chars().count() <= n, u32::MAX - df, w);
                if best.is_none_or(|b| cand < b) {
                    best = Some(cand);
                }
            }
        };
        let first = s.chars().next().unwrap_or(' ');
        for l in n.saturating_sub(max)..=n + max {
            for &id in self
                .by_len
                .get(&(first, l))
                .map(Vec::as_slice)
                .unwrap_or(&[])
            {
                consider(&self.words[id as usize], self.df[id as usize]);
            }
        }
        for a in self.abbreviations.keys() {
            if a.starts_with(first)
                && a.chars().count().abs_diff(n) <= max
                && a.chars().all(char::is_alphabetic)
            {
                consider(a, 0);
            }
        }
        match best {
            Some((_, _, _, w)) => w.to_owned(),
            None => t.to_owned(),
        }
    }
}

enum Lookup {
    Hit {
        ranked: Vec<(u32, f32)>,
        method: Method,
        confidence: f32,
    },
    Decline {
        reason: String,
        ranked: Vec<(u32, f32)>,
    },
}

/// A confidence in 0..=1 at two decimals (NaN, from a degenerate score, is 0).
fn round2(x: f32) -> f32 {
    if x.is_nan() {
        return 0.0;
    }
    (x.clamp(0.0, 1.0) * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static N: LazyLock<TitleNormalizer> =
        LazyLock::new(|| TitleNormalizer::new(Taxonomy::embedded()));

    #[test]
    fn abbreviations_and_seniority() {
        let m = N.normalize("Sr. SW Engineer");
        assert_eq!(m.onet_soc.as_deref(), Some("15-1252.00"), "{m:?}");
        assert_eq!(m.seniority, Some(Seniority::Senior));
        assert_eq!(m.soc2018.as_deref(), Some("15-1252"));
        assert_eq!(m.isco08.as_deref(), Some("2512"));
        assert_eq!(m.method, Some(Method::Alias));
    }

    #[test]
    fn exact_titles() {
        let m = N.normalize("Registered Nurse");
        assert_eq!(m.onet_soc.as_deref(), Some("29-1141.00"), "{m:?}");
        assert_eq!(m.method, Some(Method::Exact));
        assert!(m.confidence >= 0.9);
    }

    #[test]
    fn declines_what_is_not_an_occupation() {
        for t in [
            "Volunteer",
            "Team Member",
            "Christel Roux",
            "Project management",
            "",
        ] {
            let m = N.normalize(t);
            assert_eq!(m.onet_soc, None, "{t}: {m:?}");
            assert!(m.reason.is_some(), "{t}");
        }
    }

    #[test]
    fn head_noun_decides() {
        let m = N.normalize("Java Developer");
        assert!(
            m.onet_soc
                .as_deref()
                .is_some_and(|c| c.starts_with("15-12")),
            "{m:?}"
        );
        let m = N.normalize("Developer Relations Manager");
        assert!(
            m.onet_soc.as_deref().is_some_and(|c| c.starts_with("11-")),
            "{m:?}"
        );
    }

    #[test]
    fn misspelling_is_fixed() {
        let m = N.normalize("ASSIT MANAGER");
        assert!(m.onet_soc.is_some() || m.reason.is_some(), "{m:?}");
    }

    #[test]
    fn edit_distance_bounds() {
        assert_eq!(edit_distance("assit", "assist", 1), 1);
        assert_eq!(edit_distance("manager", "manager", 1), 0);
        assert!(edit_distance("abc", "xyz", 1) > 1);
    }
}
