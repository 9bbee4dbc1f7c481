//! Format sniffing from the bytes themselves, never from the file name.
//!
//! Input: the first bytes of a file. Output: a [`Format`]. A DOCX is a zip with
//! `word/document.xml`; other zips, images and office formats are named so the
//! user gets "unsupported format (looks like a JPEG image)" instead of garbage.

use serde::Serialize;

/// What a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Docx,
    #[default]
    Text,
    /// Something we do not read; the text says what it looks like.
    #[serde(rename = "other")]
    Other(&'static str),
}

impl Format {
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Text => "text",
            Format::Other(_) => "other",
        }
    }
}

/// Decide the format of `bytes`.
pub fn sniff(bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Format::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        if find(bytes, b"word/document.xml").is_some() {
            return Format::Docx;
        }
        if find(bytes, b"ppt/").is_some() {
            return Format::Other("a PowerPoint file");
        }
        if find(bytes, b"xl/").is_some() {
            return Format::Other("an Excel file");
        }
        if find(bytes, b"content.xml").is_some() && find(bytes, b"opendocument").is_some() {
            return Format::Other("an OpenDocument file");
        }
        return Format::Other("a zip archive");
    }
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"II*\x00", "a TIFF image"),
        (b"MM\x00*", "a TIFF image"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "a legacy Word/Office (OLE) file",
        ),
        (b"{\\rtf", "an RTF document"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (b"\x7FELF", "an executable"),
        (b"MZ", "an executable"),
    ];
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            return Format::Other(what);
        }
    }
    if bytes.len() > 12 && &bytes[4..8] == b"ftyp" {
        return Format::Other("a video or HEIC image");
    }
    if bytes.starts_with(b"RIFF") && bytes.len() > 12 && &bytes[8..12] == b"WEBP" {
        return Format::Other("a WebP image");
    }
    if super::text::looks_like_text(bytes) {
        Format::Text
    } else {
        Format::Other("binary data")
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
