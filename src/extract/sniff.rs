//! Format sniffing from the bytes themselves, never from the file name.
//!
//! Input: the bytes of a file. Output: a [`Format`]. A PDF has `%PDF-` within
//! its first KiB (some generators and mail gateways put junk before it). A
//! DOCX is a zip naming a `word/document*.xml` part, or `[Content_Types].xml`
//! and a `word/` folder (part names are stored uncompressed in the zip
//! headers, so a byte search finds them; python-docx and LibreOffice files
//! are detected this way, where magic-number sniffers just say "zip"). Other
//! zips, images and office formats are named so the user gets "unsupported
//! format (looks like a JPEG image)" instead of garbage.

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
        let word = find(bytes, b"word/").is_some();
        if find(bytes, b"word/document").is_some()
            || (word && find(bytes, b"[Content_Types].xml").is_some())
        {
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
    memchr::memmem::find(hay, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_with_junk_before_the_header() {
        let mut b = b"From: mailer\r\n\r\n".repeat(20);
        b.extend_from_slice(b"%PDF-1.7\n...");
        assert_eq!(sniff(&b), Format::Pdf);
        let mut far = vec![b' '; 2000];
        far.extend_from_slice(b"%PDF-1.7\n");
        assert_ne!(sniff(&far), Format::Pdf);
    }

    #[test]
    fn zips_are_told_apart() {
        let zip = |names: &[&str]| {
            let mut b = b"PK\x03\x04".to_vec();
            for n in names {
                b.extend_from_slice(n.as_bytes());
                b.extend_from_slice(b"\0\0PK\x01\x02");
            }
            b
        };
        assert_eq!(
            sniff(&zip(&["[Content_Types].xml", "word/document.xml"])),
            Format::Docx
        );
        assert_eq!(
            sniff(&zip(&["[Content_Types].xml", "word/document2.xml"])),
            Format::Docx
        );
        assert_eq!(
            sniff(&zip(&["[Content_Types].xml", "xl/workbook.xml"])),
            Format::Other("an Excel file")
        );
        assert_eq!(sniff(&zip(&["notes.txt"])), Format::Other("a zip archive"));
    }
}
