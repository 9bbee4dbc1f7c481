//! Title cleaning: a raw job title into the token lists the occupation index
//! is queried with.
//!
//! Input: the title as written ("Sr. SW Engineer (Contract) - Infosys").
//! Output: [`Cleaned`] — candidate pieces (the whole title, then the parts a
//! separator cut off: "Java Developer/Senior Systems Engineer" holds two),
//! each as folded tokens, and the seniority words taken out of them.
//!
//! Why here and not in the index: cleaning is pure string work that can be
//! unit-tested on its own, and the index only ever sees folded tokens, so
//! "Software  Engineer", "SOFTWARE ENGINEER" and "software-engineer" are one key.

/// Seniority as captured from the title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Seniority {
    Intern,
    Trainee,
    Junior,
    Mid,
    Senior,
    Lead,
    Principal,
    Head,
}

/// The words that mark seniority and are removed before lookup, unless the
/// whole title is itself an occupation ("Chief Executive Officer", "First-Line
/// Supervisor" and "General Manager" are looked up before anything is removed).
pub fn seniority_of(token: &str) -> Option<Seniority> {
    Some(match token {
        "intern" | "internship" | "apprentice" => Seniority::Intern,
        "trainee" | "fresher" | "graduate" | "entry" => Seniority::Trainee,
        "junior" | "jr" | "jnr" | "i" | "1" => Seniority::Junior,
        "ii" | "2" | "mid" | "intermediate" => Seniority::Mid,
        "senior" | "sr" | "snr" | "iii" | "iv" | "v" | "3" | "4" | "experienced" => {
            Seniority::Senior
        }
        "lead" | "staff" => Seniority::Lead,
        "principal" => Seniority::Principal,
        "head" => Seniority::Head,
        _ => return None,
    })
}

/// Words dropped wherever they stand: employment terms, not the occupation.
fn is_noise(token: &str) -> bool {
    matches!(
        token,
        "contract"
            | "contractor"
            | "contractual"
            | "temporary"
            | "temp"
            | "freelance"
            | "freelancer"
            | "freelancing"
            | "remote"
            | "parttime"
            | "fulltime"
            | "permanent"
            | "volunteer"
            | "voluntary"
            | "seasonal"
            | "level"
            | "summer"
            | "onsite"
            | "offshore"
            | "ex"
            | "former"
            | "acting"
            | "interim"
    )
}

/// Lower-case, `&` as "and", punctuation to spaces (keeping `+` and `#` for
/// "C++ Developer" and "C# Developer"), runs of spaces collapsed.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut space = true;
    for c in s.chars() {
        if c == '&' {
            if !space {
                out.push(' ');
            }
            out.push_str("and ");
            space = true;
        } else if c.is_alphanumeric() || c == '+' || c == '#' {
            out.extend(c.to_lowercase());
            space = false;
        } else if c == '.' || c == '\'' || c == '’' {
            // "Sr." -> "sr", "Bachelor's" -> "bachelors"
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// One key form of a token: plural folded to singular so that the occupation
/// titles ("Software Developers") and the alternate titles ("Software
/// Developer") meet.
pub fn singular(w: &str) -> &str {
    if w.len() > 4 && w.ends_with("ies") {
        // "secretaries" -> "secretar" (and "secretary" -> "secretar" below)
        return &w[..w.len() - 3];
    }
    if w.len() > 3 && w.ends_with('y') && !w.ends_with("ey") && !w.ends_with("ay") {
        return &w[..w.len() - 1];
    }
    if w.len() > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        return &w[..w.len() - 1];
    }
    w
}

/// The lookup key of a token list.
pub fn key(tokens: &[String]) -> String {
    let mut k = String::with_capacity(tokens.iter().map(|t| t.len() + 1).sum());
    for t in tokens {
        if !k.is_empty() {
            k.push(' ');
        }
        k.push_str(singular(t));
    }
    k
}

/// A title read apart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    /// Candidate pieces, best first: the whole title (parenthesised asides
    /// removed), then each part a separator cut off, then the asides.
    pub pieces: Vec<Vec<String>>,
}

/// Separators between a title and what was glued to it ("Java Developer -
/// INFOSYS", "Engineer at Google", "Analyst | Deloitte", "A/B").
fn split_pieces(s: &str) -> Vec<String> {
    let lower = s.to_lowercase();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for sep in [
        " at ", " @ ", " - ", " – ", " — ", " | ", ", ", "/", " with ", " for ", " in ",
    ] {
        let mut from = 0;
        while let Some(p) = lower[from..].find(sep) {
            let at = from + p;
            cuts.push((at, at + sep.len()));
            from = at + sep.len();
        }
    }
    cuts.sort_unstable();
    let mut out = Vec::new();
    let mut start = 0;
    for (a, b) in cuts {
        if a >= start && s.is_char_boundary(a) && s.is_char_boundary(b) {
            out.push(s[start..a].to_owned());
            start = b;
        }
    }
    if s.is_char_boundary(start) {
        out.push(s[start..].to_owned());
    }
    out
}

/// Rejoin small-caps words a PDF split after their first letter
/// ("S ENIOR P ROJECT M ANAGER" → "SENIOR PROJECT MANAGER").
fn join_letter_spaced(raw: &str) -> std::borrow::Cow<'_, str> {
    let words: Vec<&str> = raw.split(' ').collect();
    let single = |w: &str| w.chars().count() == 1 && w.chars().all(|c| c.is_uppercase());
    let caps = |w: &str| w.len() > 1 && w.chars().all(|c| c.is_uppercase() || !c.is_alphabetic());
    let splits = words
        .windows(2)
        .filter(|p| single(p[0]) && caps(p[1]))
        .count();
    if splits == 0 || splits * 2 < words.len() / 2 {
        return raw.into();
    }
    let mut out = String::with_capacity(raw.len());
    let mut glue = false;
    for w in words {
        if !out.is_empty() && !glue {
            out.push(' ');
        }
        out.push_str(w);
        glue = single(w);
    }
    out.into()
}

/// "Director of Engineering" → "engineering director", "Lecturer in Law" →
/// "law lecturer": the head noun last,
/// as in most titles (the index stores its titles the same way).
pub fn head_last(tokens: &[String]) -> Option<Vec<String>> {
    let at = tokens.iter().position(|t| t == "of" || t == "in")?;
    if at == 0 || at + 1 >= tokens.len() {
        return None;
    }
    let mut v: Vec<String> = tokens[at + 1..].to_vec();
    v.extend_from_slice(&tokens[..at]);
    Some(v)
}

/// Cut a raw title into candidate pieces of folded tokens.
pub fn clean(raw: &str) -> Cleaned {
    let raw = join_letter_spaced(raw);
    let raw = raw.as_ref();
    // Parenthesised asides: "(Contract)", "(CEO)", "(Java/J2EE)".
    let mut main = String::with_capacity(raw.len());
    let mut asides: Vec<String> = Vec::new();
    let mut depth = 0usize;
    let mut aside = String::new();
    for c in raw.chars() {
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                main.push(' ');
            }
            ')' | ']' | '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 && !aside.trim().is_empty() {
                    asides.push(std::mem::take(&mut aside));
                }
            }
            _ if depth > 0 => aside.push(c),
            _ => main.push(c),
        }
    }
    let tokens = |s: &str| -> Vec<String> {
        fold(s)
            .split(' ')
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let mut pieces: Vec<Vec<String>> = Vec::new();
    let mut push = |p: Vec<String>| {
        if !p.is_empty() && !pieces.contains(&p) {
            pieces.push(p);
        }
    };
    push(tokens(&main));
    for p in split_pieces(&main) {
        push(tokens(&p));
    }
    for a in asides {
        push(tokens(&a));
    }
    Cleaned { pieces }
}

/// Take seniority words off both ends of a piece (and noise words from
/// anywhere); report the strongest seniority seen.
pub fn strip_seniority(tokens: &[String]) -> (Vec<String>, Option<Seniority>) {
    let mut found: Option<Seniority> = None;
    let mut note = |s: Seniority| {
        found = Some(match found {
            Some(f) if f as u8 >= s as u8 => f,
            _ => s,
        });
    };
    let mut t: Vec<String> = tokens.iter().filter(|w| !is_noise(w)).cloned().collect();
    if t.is_empty() {
        t = tokens.to_vec();
    }
    while t.len() > 1 {
        match seniority_of(&t[0]) {
            Some(s) => {
                note(s);
                t.remove(0);
            }
            None if t[0] == "level" || t[0] == "entry" => {
                t.remove(0);
            }
            None => break,
        }
    }
    while t.len() > 1 {
        let last = t.len() - 1;
        match seniority_of(&t[last]) {
            Some(s) => {
                note(s);
                t.pop();
            }
            None => break,
        }
    }
    (t, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn folds_case_and_punctuation() {
        assert_eq!(fold("Sr. SW Engineer"), "sr sw engineer");
        assert_eq!(fold("R&D  Manager"), "r and d manager");
        assert_eq!(fold("C++/C# Developer"), "c++ c# developer");
        assert_eq!(fold("  ASSIT MANAGER "), "assit manager");
    }

    #[test]
    fn plural_and_singular_meet() {
        assert_eq!(
            key(&toks("software developers")),
            key(&toks("software developer"))
        );
        assert_eq!(key(&toks("secretaries")), key(&toks("secretary")));
        assert_eq!(singular("business"), "business");
        assert_eq!(singular("analysis"), "analysis");
    }

    #[test]
    fn seniority_is_captured_and_removed() {
        let (t, s) = strip_seniority(&toks("senior software engineer"));
        assert_eq!(t, toks("software engineer"));
        assert_eq!(s, Some(Seniority::Senior));
        let (t, s) = strip_seniority(&toks("software engineer ii"));
        assert_eq!(t, toks("software engineer"));
        assert_eq!(s, Some(Seniority::Mid));
        let (t, s) = strip_seniority(&toks("lead"));
        assert_eq!(t, toks("lead"), "a lone word stays");
        assert_eq!(s, None);
    }

    #[test]
    fn noise_is_dropped() {
        let c = clean("Java Developer (Contract) - INFOSYS LIMITED");
        assert_eq!(c.pieces[0], toks("java developer infosys limited"));
        assert!(c.pieces.contains(&toks("java developer")));
        assert!(c.pieces.contains(&toks("infosys limited")));
        assert!(c.pieces.contains(&toks("contract")));
        let (t, _) = strip_seniority(&toks("freelance web designer"));
        assert_eq!(t, toks("web designer"));
    }

    #[test]
    fn letter_spaced_capitals_are_joined() {
        let c = clean("S ENIOR P ROJECT M ANAGER");
        assert_eq!(c.pieces[0], toks("senior project manager"));
        let c = clean("A Dev-Test Professional");
        assert_eq!(c.pieces[0], toks("a dev test professional"));
    }

    #[test]
    fn head_noun_goes_last() {
        assert_eq!(
            head_last(&toks("director of software development")),
            Some(toks("software development director"))
        );
        assert_eq!(head_last(&toks("software engineer")), None);
    }

    #[test]
    fn glued_parts_become_pieces() {
        let c = clean("JAVA Developer/Senior Systems Engineer");
        assert!(c.pieces.contains(&toks("java developer")));
        assert!(c.pieces.contains(&toks("senior systems engineer")));
        let c = clean("Software Engineer at Google");
        assert_eq!(c.pieces[1], toks("software engineer"));
    }
}
