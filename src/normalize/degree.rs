//! Degrees to ISCED 2011 levels.
//!
//! Input: the degree level the education stage read from `taxonomies/degrees.tsv`
//! (`bachelor`, `master`, `doctorate`, `associate`, `diploma`, `certificate`,
//! `professional`, `secondary`). Output: the ISCED 2011 level (UNESCO) that
//! level corresponds to, so that "B.Tech", "BSc" and "B.S." all report 6.
//!
//! Why a table and not the degree list: the level words are few and stable;
//! the per-form level is already curated in `degrees.tsv` (see its README).

/// The ISCED 2011 level of a degree level word.
///
/// Diplomas are counted as short-cycle tertiary (5), the most common reading
/// on resumes (a polytechnic "Diploma in Mechanical Engineering"); first
/// professional degrees (MD, JD, Pharm.D.) as 7, as ISCED 2011 classes
/// long first degrees.
pub fn isced_level(level: &str) -> Option<u8> {
    Some(match level {
        "secondary" => 3,
        "certificate" => 4,
        "diploma" | "associate" => 5,
        "bachelor" => 6,
        "master" | "professional" => 7,
        "doctorate" => 8,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels() {
        assert_eq!(isced_level("bachelor"), Some(6));
        assert_eq!(isced_level("master"), Some(7));
        assert_eq!(isced_level("doctorate"), Some(8));
        assert_eq!(isced_level("associate"), Some(5));
        assert_eq!(isced_level("nonsense"), None);
    }
}
