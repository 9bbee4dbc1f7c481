//! Ranking: the exact/alias lookup with its tie-break, the fuzzy ranker and
//! the similarity measures they share.
//!
//! Input: cleaned tokens of one title variant. Output: occupations ranked by
//! score (0..1), or a decline. See the parent module for the order in which
//! the lookups are tried and why.

use std::collections::HashMap;

use super::clean::{self, key, singular};
use super::rules::{
    HEADLESS_DISCOUNT, MILITARY_PENALTY, MILITARY_WORDS, OCC_BLEND, PRIOR_WEIGHT, SIM_WEIGHT,
    SPECIALTY_PENALTY, UNKNOWN_WEIGHT,
};
use super::{DECLINE_BELOW, Lookup, Method, TitleNormalizer};

impl TitleNormalizer {
    pub(super) fn exact_hit(&self, tokens: &[String], method: Method) -> Option<Lookup> {
        let k = key(tokens);
        let codes = self.exact.get(&k)?;
        let total: f32 = codes.iter().map(|c| c.1 as f32).sum();
        // Equal weights: the occupation whose own title ends in the same noun.
        let head = k.rsplit(' ').next().unwrap_or_default();
        let ids = self.ids(tokens);
        // Nudges are in units of the heaviest code's weight.
        let scale = codes.iter().map(|c| c.1 as f32).fold(0.0, f32::max);
        let mut ranked: Vec<(u32, f32)> = codes
            .iter()
            .map(|&(o, w)| {
                let same_head = self.occs[o as usize].head == head;
                // The sources' weight, nudged towards the occupation whose
                // own title says most of the query.
                let sim = self.occ_similarity(&ids, o);
                (
                    o,
                    w as f32
                        + if same_head { 0.5 } else { 0.0 }
                        + scale * SIM_WEIGHT * sim
                        + scale * PRIOR_WEIGHT * self.occs[o as usize].prior,
                )
            })
            .collect();
        let total = total * 1.5;
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let share = ranked.first().map_or(0.0, |r| r.1) / (total + 0.5);
        let base = if method == Method::Exact { 0.99 } else { 0.95 };
        let confidence = if ranked.len() == 1 {
            base
        } else {
            base * (0.45 + 0.55 * share)
        };
        let ranked: Vec<(u32, f32)> = ranked
            .into_iter()
            .map(|(o, w)| (o, (base * w / (total + 0.5)).min(base)))
            .collect();
        if confidence < DECLINE_BELOW {
            // Spread over one group ("Professor": every postsecondary
            // subject): O*NET's own catch-all for that group.
            if let Some(other) = self.catch_all(&ranked) {
                let mut r = vec![(other, 0.7)];
                r.extend(ranked.iter().copied().filter(|x| x.0 != other));
                return Some(Lookup::Hit {
                    ranked: r,
                    method,
                    confidence: 0.7,
                });
            }
            return Some(Lookup::Decline {
                reason: format!("ambiguous: names {} occupations", codes.len()),
                ranked,
            });
        }
        Some(Lookup::Hit {
            ranked,
            method,
            confidence,
        })
    }

    /// How much of the query the occupation's own title says, IDF-weighted
    /// (the head counted twice): "Project Manager" is nearer "Project
    /// Management Specialists" than "Architectural and Engineering Managers".
    pub(super) fn occ_similarity(&self, ids: &[Option<u32>], occ: u32) -> f32 {
        let own = &self.occs[occ as usize].tokens;
        let mut total = 0.0;
        let mut hit = 0.0;
        for (i, id) in ids.iter().enumerate() {
            let w = id.map_or(UNKNOWN_WEIGHT, |t| self.idf[t as usize])
                * if i + 1 == ids.len() { 2.0 } else { 1.0 };
            total += w;
            if id.is_some_and(|t| own.contains(&t)) {
                hit += w;
            }
        }
        if total > 0.0 { hit / total } else { 0.0 }
    }

    /// When most of the weight of an ambiguous title falls in one SOC minor
    /// group (`25-1`), that group's "All Other" occupation (`25-1199.00`).
    pub(super) fn catch_all(&self, ranked: &[(u32, f32)]) -> Option<u32> {
        let total: f32 = ranked.iter().map(|r| r.1).sum();
        let mut groups: HashMap<&str, f32> = HashMap::new();
        for &(o, w) in ranked {
            let code = &self.occs[o as usize].code;
            *groups.entry(code.get(..4)?).or_default() += w;
        }
        let (group, w) = groups
            .into_iter()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(a.0)))?;
        if w < 0.7 * total {
            return None;
        }
        self.occs
            .iter()
            .position(|o| {
                o.code.starts_with(group)
                    && o.code.ends_with("99.00")
                    && o.title.ends_with("All Other")
            })
            .map(|i| i as u32)
    }

    /// A word that names a person in a role: the head noun of an O*NET
    /// occupation title, an agent noun ("-er", "-or", "-ist", "-ant", "-ee"…)
    /// or a seniority word ("intern", "lead").
    pub(super) fn person_noun(&self, t: &str) -> bool {
        let s = singular(t);
        if clean::seniority_of(t).is_some() {
            return true;
        }
        // Nouns of action or field ("operations", "intelligence", "teaching")
        // end a few title forms but never name the person.
        let field = ["tion", "ment", "ing", "ence", "ance", "ics", "ogy", "ship"];
        if field.iter().any(|e| s.ends_with(e)) {
            return false;
        }
        if self.occ_heads.contains(s) {
            return true;
        }
        let agent = [
            "er", "or", "ist", "ian", "ant", "ee", "man", "woman", "person", "ive",
        ];
        (s.len() > 4 && agent.iter().any(|a| s.ends_with(a)))
            || (s.ends_with("ent") && !s.ends_with("ment") && s.len() > 5)
            || self.abbreviations.contains_key(t)
    }

    /// Occupations a title should not land in by word overlap alone: an
    /// O*NET specialty (`….01`–`.99`) whose own title the query does not echo
    /// ("Blockchain Engineers" for "Firmware Engineer"), and the military
    /// (`55-`) without a military word (`military`: the query has one).
    pub(super) fn context_penalty(&self, o: u32, sim: f32, military: bool) -> f32 {
        let code = &self.occs[o as usize].code;
        let mut p = 0.0;
        if !code.ends_with(".00") && sim < 0.5 {
            p += SPECIALTY_PENALTY;
        }
        if !military && code.starts_with("55-") {
            p += MILITARY_PENALTY;
        }
        p
    }

    pub(super) fn ids(&self, tokens: &[String]) -> Vec<Option<u32>> {
        tokens
            .iter()
            .map(|t| self.vocab.get(singular(t)).copied())
            .collect()
    }

    /// IDF-weighted Dice overlap with every form sharing the head noun (the
    /// head counts twice on both sides), blended with how much of the query
    /// the occupation's own title says. Without a known head noun ("Software
    /// Intern" once "intern" is set aside), every form sharing a word is
    /// scored without the head bonus, at a discount. Returns occupations best
    /// first with their score (0..1).
    pub(super) fn fuzzy(&self, tokens: &[String]) -> Vec<(u32, f32)> {
        let ids = self.ids(tokens);
        let Some(&last) = ids.last() else {
            return Vec::new();
        };
        // A word no title uses ("SAP", "Android", "Nokia") is a qualifier:
        // it counts a little against every form, the same for all.
        let w = |id: Option<u32>| id.map_or(UNKNOWN_WEIGHT, |i| self.idf[i as usize]);
        let headed = last.is_some_and(|h| !self.by_head[h as usize].is_empty());
        let pooled: Vec<u32>;
        let (candidates, q_total, discount): (&[u32], f32, f32) = match (headed, last) {
            (true, Some(h)) => {
                let q = ids.iter().map(|&i| w(i)).sum::<f32>() + w(Some(h));
                (&self.by_head[h as usize], q, 1.0)
            }
            _ => {
                // The forms holding the query's most specific (rarest) word.
                let rarest = ids.iter().flatten().min_by_key(|&&t| self.df[t as usize]);
                pooled = rarest.map_or_else(Vec::new, |&t| self.by_token[t as usize].clone());
                let q = ids.iter().map(|&i| w(i)).sum::<f32>();
                (&pooled, q, HEADLESS_DISCOUNT)
            }
        };
        // Best (score, weight) per occupation, indexed by occupation.
        let mut per_occ: Vec<(f32, u16)> = vec![(0.0, 0); self.occs.len()];
        for &f in candidates {
            let form = &self.forms[f as usize];
            let (d_total, mut matched, rest) = match (headed, last) {
                (true, Some(h)) => (form.mass, 2.0 * w(Some(h)), &ids[..ids.len() - 1]),
                _ => (
                    form.tokens
                        .iter()
                        .map(|&t| self.idf[t as usize])
                        .sum::<f32>(),
                    0.0,
                    &ids[..],
                ),
            };
            let own = if headed {
                &form.tokens[..form.tokens.len() - 1]
            } else {
                &form.tokens[..]
            };
            for &t in own {
                if rest.contains(&Some(t)) {
                    matched += self.idf[t as usize];
                }
            }
            let score = discount * 2.0 * matched / (q_total + d_total);
            let e = &mut per_occ[form.occ as usize];
            if score > e.0 + 1e-6 || ((score - e.0).abs() <= 1e-6 && form.weight > e.1) {
                *e = (score, form.weight);
            }
        }
        let military = tokens.iter().any(|t| MILITARY_WORDS.contains(&singular(t)));
        let mut ranked: Vec<(u32, f32, u16)> = per_occ
            .into_iter()
            .enumerate()
            .filter(|(_, (s, _))| *s > 0.0)
            .map(|(o, (s, wt))| {
                let o = o as u32;
                let sim = self.occ_similarity(&ids, o);
                let blended = (1.0 - OCC_BLEND) * s
                    + OCC_BLEND * sim * discount
                    + PRIOR_WEIGHT * 0.1 * self.occs[o as usize].prior
                    - self.context_penalty(o, sim, military);
                (o, blended, wt)
            })
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
        // Confidence: the score, lowered when the runner-up is as close.
        let margin = match ranked.as_slice() {
            [a, b, ..] => a.1 - b.1,
            _ => 1.0,
        };
        let scale = 0.8 + 0.2 * (margin / 0.1).min(1.0);
        ranked
            .into_iter()
            .enumerate()
            .map(|(i, (o, s, _))| (o, if i == 0 { s * scale } else { s * 0.9 }))
            .collect()
    }
}

/// Levenshtein distance with an early exit once it exceeds `max`.
pub(super) fn edit_distance(a: &str, b: &str, max: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            row_min = row_min.min(cur[j]);
        }
        if row_min > max {
            return max + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}
