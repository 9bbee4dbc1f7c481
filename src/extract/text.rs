//! Plain-text resumes: decode UTF-8, UTF-16 (with a BOM) or Latin-1 / Windows-1252
//! into [`Line`]s.
//!
//! Input: bytes that [`super::sniff`] judged to be text. Output: one [`Line`] per
//! non-blank line, with `gap_before` counting the blank lines above it (the only
//! layout cue plain text has).

use super::{ExtractError, Extracted, Format, Line, Origin};

/// Decode and split into lines.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let text = decode(bytes);
    let mut lines = Vec::new();
    let mut blank = 0u32;
    let mut chars = 0usize;
    let mut truncated = false;
    for raw in text.lines() {
        // A 20 MB text file is a million lines: keep what the pipeline may
        // read (super::MAX_CHARS), not the rest.
        if chars > super::MAX_CHARS {
            truncated = true;
            break;
        }
        let t = clean_line(raw);
        chars += t.len();
        if t.is_empty() {
            blank += 1;
            continue;
        }
        lines.push(Line {
            text: t,
            page: 1,
            x: leading_indent(raw),
            y: 0.0,
            size: 0.0,
            bold: false,
            column: 0,
            gap_before: blank as f32,
            origin: Origin::Body,
        });
        blank = 0;
    }
    if lines.is_empty() {
        return Err(ExtractError::Empty);
    }
    Ok(Extracted {
        format: Format::Text,
        pages: 1,
        lines,
        links: Vec::new(),
        omitted: super::Omitted {
            truncated,
            ..Default::default()
        },
    })
}

/// Decode bytes as UTF-8, UTF-16 (BOM) or Windows-1252, in that order.
pub fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => bytes.iter().map(|&b| cp1252(b)).collect(),
    }
}

/// Whether `bytes` look like human text in one of the encodings we decode.
pub fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return true;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return false;
    }
    // Valid UTF-8 (allowing a cut multi-byte char at the sample end) is text
    // when it has few control characters.
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if controls * 50 > sample.len() {
        return false;
    }
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) if e.error_len().is_none() => true,
        Err(_) => {
            // Latin-1 text: mostly printable ASCII with some high bytes.
            let high = sample.iter().filter(|&&b| b >= 0x80).count();
            high * 5 < sample.len()
        }
    }
}

fn utf16(bytes: &[u8], f: fn([u8; 2]) -> u16) -> String {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| f([c[0], c[1]])).collect();
    String::from_utf16_lossy(&units)
}

fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// Trim a line, fold single spaces, keep wide gaps (2+ spaces or a tab) as a tab:
/// they separate fields ("Acme  2019") or, in flattened text, whole lines.
pub fn clean_line(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut spaces = 0usize;
    let mut tab = false;
    for c in raw.trim().chars() {
        match c {
            ' ' | '\u{a0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' => spaces += 1,
            '\t' => tab = true,
            c if c.is_control() => {}
            c => {
                if tab || spaces >= 2 {
                    out.push('\t');
                } else if spaces > 0 {
                    out.push(' ');
                }
                spaces = 0;
                tab = false;
                out.push(c);
            }
        }
    }
    out
}

fn leading_indent(raw: &str) -> f32 {
    raw.chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .map(|c| if c == '\t' { 4.0 } else { 1.0 })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf16_and_latin1() {
        let le: Vec<u8> = b"\xFF\xFE"
            .iter()
            .copied()
            .chain("Zoë".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&le), "Zoë");
        assert_eq!(decode(b"Zo\xEB \x96 x"), "Zoë – x");
    }

    #[test]
    fn wide_gaps_become_tabs() {
        assert_eq!(
            clean_line("  Acme Corp      2019 - 2021 "),
            "Acme Corp\t2019 - 2021"
        );
        assert_eq!(clean_line("a b"), "a b");
        assert_eq!(clean_line("a  b"), "a\tb");
    }
}
