//! DOCX reader behaviour on hand-built documents: headers and footers, tables,
//! DrawingML and VML text boxes (without the duplicate `mc:Fallback` copy),
//! hyperlinks (relationship and field-code), style-inherited bold and size,
//! bullets, soft breaks, tracked changes; and hostile input: truncated parts,
//! truncated zips, malformed XML, zip bombs, zips that are not Word files.
//!
//! The documents are built here with the `zip` writer so that each test shows
//! the exact XML it exercises.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use resume_parser::extract::{self, ExtractError, Format, Limits, Origin, docx};
use zip::write::SimpleFileOptions;

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml""#;

const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn content_types() -> Vec<u8> {
    br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_vec()
}

fn package_rels() -> Vec<u8> {
    format!(r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="word/document.xml"/></Relationships>"#).into_bytes()
}

fn document(body: &str) -> Vec<u8> {
    format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}</w:body></w:document>"#).into_bytes()
}

fn minimal(body: &str) -> Vec<u8> {
    zip(&[
        ("[Content_Types].xml", &content_types()),
        ("_rels/.rels", &package_rels()),
        ("word/document.xml", &document(body)),
    ])
}

fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

/// A resume-like document using every construct the reader handles.
fn rich_docx() -> Vec<u8> {
    let body = r#"
<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Jane Q. Doe</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Email: </w:t></w:r><w:hyperlink r:id="rId10"><w:r><w:t>jane@example.com</w:t></w:r></w:hyperlink></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://www.linkedin.com/in/janedoe" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>linkedin.com/in/janedoe</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p/>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Experience</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Acme Corporation Ltd</w:t></w:r><w:r><w:tab/><w:t>2019 – Present</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:ind w:left="720"/></w:pPr><w:r><w:t>Shipped things</w:t></w:r><w:r><w:br/><w:t>second line</w:t></w:r></w:p>
<w:tbl><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="6000"/></w:tblGrid>
 <w:tr><w:tc><w:p><w:r><w:t>Skills</w:t></w:r></w:p><w:p><w:r><w:t>Rust</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Main column text</w:t></w:r></w:p></w:tc></w:tr>
 <w:tr><w:tc><w:p><w:r><w:t>Languages</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>English, French</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Text box line</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Text box line</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>Anchor paragraph</w:t></w:r></w:p>
<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>VML only box</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>
<w:p><w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del><w:ins><w:r><w:t>inserted words</w:t></w:r></w:ins></w:p>
<w:p><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>Tom &amp; Jerry &#8211; done</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:caps/></w:rPr><w:t>Summary</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> hidden keywords</w:t></w:r></w:p>
<w:sectPr><w:headerReference w:type="default" r:id="rId20"/><w:footerReference w:type="default" r:id="rId21"/></w:sectPr>
"#;
    let rels = format!(
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{REL_NS}/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="{REL_NS}/numbering" Target="numbering.xml"/>
<Relationship Id="rId10" Type="{REL_NS}/hyperlink" Target="mailto:jane@example.com" TargetMode="External"/>
<Relationship Id="rId20" Type="{REL_NS}/header" Target="header1.xml"/>
<Relationship Id="rId21" Type="{REL_NS}/footer" Target="footer1.xml"/>
</Relationships>"#
    );
    let styles = format!(
        r#"<?xml version="1.0"?><w:styles {NS}>
<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:basedOn w:val="Heading1"/><w:rPr><w:sz w:val="48"/></w:rPr></w:style>
</w:styles>"#
    );
    let numbering = format!(
        r#"<?xml version="1.0"?><w:numbering {NS}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    );
    let header = format!(
        r#"<?xml version="1.0"?><w:hdr {NS}><w:p><w:r><w:t>Header: +1 555 0100</w:t></w:r></w:p></w:hdr>"#
    );
    let footer = format!(
        r#"<?xml version="1.0"?><w:ftr {NS}><w:p><w:hyperlink r:id="rId1"><w:r><w:t>github.com/janedoe</w:t></w:r></w:hyperlink></w:p></w:ftr>"#
    );
    let footer_rels = format!(
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL_NS}/hyperlink" Target="https://github.com/janedoe" TargetMode="External"/></Relationships>"#
    );
    zip(&[
        ("[Content_Types].xml", &content_types()),
        ("_rels/.rels", &package_rels()),
        ("word/document.xml", &document(body)),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
        ("word/header1.xml", header.as_bytes()),
        ("word/footer1.xml", footer.as_bytes()),
        ("word/_rels/footer1.xml.rels", footer_rels.as_bytes()),
    ])
}

fn texts(x: &extract::Extracted) -> Vec<&str> {
    x.lines.iter().map(|l| l.text.as_str()).collect()
}

#[test]
fn rich_document_reads_every_part_in_order() {
    let bytes = rich_docx();
    assert_eq!(extract::sniff(&bytes), Format::Docx);
    let x = extract::extract(&bytes, &Limits::default()).unwrap();
    let t = texts(&x);
    assert_eq!(
        t,
        vec![
            "Header: +1 555 0100",
            "Jane Q. Doe",
            "Email: jane@example.com",
            "linkedin.com/in/janedoe",
            "Experience",
            "Acme Corporation Ltd\t2019 – Present",
            "• Shipped things",
            "second line",
            "Skills",
            "Rust",
            "Main column text",
            "Languages",
            "English, French",
            "Text box line",
            "Anchor paragraph",
            "VML only box",
            "inserted words",
            "Tom & Jerry – done",
            "SUMMARY",
            "github.com/janedoe",
        ]
    );
    let line = |s: &str| x.lines.iter().find(|l| l.text == s).unwrap();
    assert_eq!(line("Header: +1 555 0100").origin, Origin::Header);
    assert_eq!(line("github.com/janedoe").origin, Origin::Footer);
    assert_eq!(line("Text box line").origin, Origin::TextBox);
    assert_eq!(line("VML only box").origin, Origin::TextBox);
    assert_eq!(line("Anchor paragraph").origin, Origin::Body);

    // Tables: cells in document order, `column` = grid column, x = grid offset.
    assert_eq!(line("Skills").origin, Origin::Table);
    assert_eq!(line("Skills").column, 0);
    assert_eq!(line("Main column text").column, 1);
    assert_eq!(line("Main column text").x, 150.0);
    assert_eq!(line("English, French").column, 1);

    // Styles: Title inherits bold from Heading1 through basedOn.
    assert!(line("Jane Q. Doe").bold);
    assert_eq!(line("Jane Q. Doe").size, 24.0);
    assert!(line("Experience").bold);
    assert_eq!(line("Experience").size, 16.0);
    assert!(
        line("Experience").gap_before >= 1.0,
        "empty paragraph above"
    );
    assert!(line("Acme Corporation Ltd\t2019 – Present").bold);
    assert!(!line("Tom & Jerry – done").bold);
    assert_eq!(line("Tom & Jerry – done").size, 11.0);
    assert_eq!(line("• Shipped things").x, 36.0);

    assert_eq!(
        x.links,
        vec![
            "mailto:jane@example.com",
            "https://www.linkedin.com/in/janedoe",
            "https://github.com/janedoe",
        ]
    );
}

#[test]
fn truncated_document_xml_ends_quickly_in_an_error_or_partial_text() {
    let paras: String = (0..200)
        .map(|i| para(&format!("Paragraph number {i}")))
        .collect();
    let full = document(&paras);
    for cut in [
        10,
        60,
        200,
        1000,
        full.len() / 2,
        full.len() - 40,
        full.len() - 3,
    ] {
        let bytes = zip(&[
            ("[Content_Types].xml", &content_types()),
            ("word/document.xml", &full[..cut]),
        ]);
        let t = Instant::now();
        let r = docx::extract(&bytes, 64 << 20);
        assert!(t.elapsed() < Duration::from_secs(1), "cut {cut}");
        match r {
            Ok(x) => assert!(texts(&x).iter().all(|l| l.starts_with("Paragraph number"))),
            Err(e) => assert!(
                matches!(e, ExtractError::Corrupt { .. } | ExtractError::Empty),
                "cut {cut}: {e:?}"
            ),
        }
    }
}

#[test]
fn a_truncated_upload_still_yields_the_text_before_the_cut() {
    let paras: String = (0..50)
        .map(|i| para(&format!("Paragraph number {i}")))
        .collect();
    let bytes = minimal(&paras);
    // Cut inside the central directory: the zip index is gone, the local
    // entries are intact.
    let cut = &bytes[..bytes.len() - 30];
    let x = extract::extract(cut, &Limits::default()).unwrap();
    assert_eq!(x.lines.len(), 50);
    // Every cut either reads or fails cleanly.
    for n in (0..bytes.len()).step_by(97) {
        let t = Instant::now();
        let r = extract::extract(&bytes[..n], &Limits::default());
        assert!(t.elapsed() < Duration::from_secs(1));
        if let Err(e) = r {
            assert!(
                matches!(
                    e,
                    ExtractError::Corrupt { .. }
                        | ExtractError::Empty
                        | ExtractError::NoText { .. }
                        | ExtractError::Unsupported(_)
                ),
                "cut {n}: {e:?}"
            );
        }
    }
}

#[test]
fn malformed_xml_is_corrupt_with_detail() {
    let bytes = minimal("<w:p><w:r><w:t>Hello</w:t></w:r></w:q></w:p>");
    match docx::extract(&bytes, 64 << 20) {
        Err(ExtractError::Corrupt { format, detail }) => {
            assert_eq!(format, "DOCX");
            assert!(detail.contains("word/document.xml"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_zip_bomb_is_rejected_quickly() {
    // 16 MiB of whitespace inside a paragraph compresses to a few KiB.
    let mut xml = format!("<w:document {NS}><w:body><w:p><w:r><w:t>").into_bytes();
    xml.resize(xml.len() + (16 << 20), b' ');
    xml.extend_from_slice(b"</w:t></w:r></w:p></w:body></w:document>");
    let bytes = zip(&[
        ("[Content_Types].xml", &content_types()),
        ("word/document.xml", &xml),
    ]);
    assert!(bytes.len() < 100_000, "{}", bytes.len());
    let limits = Limits {
        max_inflated: 4 << 20,
        ..Limits::default()
    };
    let t = Instant::now();
    let r = extract::extract(&bytes, &limits);
    assert_eq!(r.unwrap_err(), ExtractError::Bomb { limit: 4 << 20 });
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
}

#[test]
fn a_zip_bomb_that_lies_about_its_size_is_stopped_while_inflating() {
    let mut xml = format!("<w:document {NS}><w:body><w:p><w:r><w:t>").into_bytes();
    xml.resize(xml.len() + (6 << 20), b' ');
    xml.extend_from_slice(b"</w:t></w:r></w:p></w:body></w:document>");
    let mut bytes = zip(&[("word/document.xml", &xml)]);
    // Declare 1000 bytes in both the local and the central header.
    let name = b"word/document.xml";
    let mut at = 0;
    while let Some(i) = bytes[at..].windows(name.len()).position(|w| w == name) {
        let i = at + i;
        let (sig, field) = if bytes[i - 30..i - 26] == *b"PK\x03\x04" {
            (i - 30, 22)
        } else {
            (i - 46, 24)
        };
        bytes[sig + field..sig + field + 4].copy_from_slice(&1000u32.to_le_bytes());
        at = i + name.len();
    }
    let t = Instant::now();
    let r = docx::extract(&bytes, 1 << 20);
    assert_eq!(r.unwrap_err(), ExtractError::Bomb { limit: 1 << 20 });
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
}

#[test]
fn zips_that_are_not_word_documents_are_unsupported() {
    let bytes = zip(&[("notes.txt", b"hello"), ("xl/workbook.xml", b"<x/>")]);
    assert_eq!(
        docx::extract(&bytes, 64 << 20).unwrap_err(),
        ExtractError::Unsupported("an Excel file")
    );
    // Word parts without the main document: a damaged DOCX.
    let bytes = zip(&[("word/styles.xml", b"<x/>")]);
    assert!(matches!(
        docx::extract(&bytes, 64 << 20),
        Err(ExtractError::Corrupt { .. })
    ));
    let garbage = b"PK\x03\x04 this is not really a zip archive at all word/document.xml";
    assert!(matches!(
        extract::extract(garbage, &Limits::default()),
        Err(ExtractError::Corrupt { .. })
    ));
}

#[test]
fn a_document_without_text_says_so() {
    let bytes = minimal("<w:p/><w:p><w:r><w:t>   </w:t></w:r></w:p>");
    assert_eq!(
        extract::extract(&bytes, &Limits::default()).unwrap_err(),
        ExtractError::NoText { format: "DOCX" }
    );
}
