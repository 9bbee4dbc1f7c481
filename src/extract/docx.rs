//! DOCX reader: the WordprocessingML parts of a DOCX zip, streamed into lines.
//!
//! Input: the bytes of a DOCX and the most decompressed XML it may read.
//! Output: an [`Extracted`] with one [`Line`] per paragraph (a soft line break
//! starts a new line) — header parts first, then the body, then footer parts —
//! and the external hyperlink targets. Table cells become [`Origin::Table`]
//! lines (emitted row by row, each cell's paragraphs in turn, `column` = the
//! cell's grid column); text boxes (DrawingML and VML) become
//! [`Origin::TextBox`] lines where they are anchored.
//!
//! Why not docx-rs: it loops forever on truncated XML, panics on mutated zips,
//! inflates zip bombs without limit and drops hyperlink text, headers, footers
//! and VML text boxes. Here the zip is read with the `zip` crate and the XML
//! streamed with `quick-xml` through a reader that stops once the total
//! decompressed size passes `max_inflated` ([`ExtractError::Bomb`]); nothing
//! is held but the lines. A zip without its central directory (a truncated
//! upload) is read entry by entry from the local headers, and a part cut off
//! mid-XML yields the lines read before the cut.
//!
//! Layout cues: `bold` when most characters are in bold runs (explicit `w:b`,
//! character style, paragraph style through its `basedOn` chain, document
//! defaults); `size` from `w:sz` (half-points) likewise; `x` from the
//! paragraph indentation plus the table cell's offset in the table grid;
//! `gap_before` from empty paragraphs above (1 each) and paragraph spacing,
//! in line heights. Bulleted list paragraphs (numbering format `bullet`) get
//! a "• " prefix, since the bullet glyph is not in the text.

use std::cell::Cell;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor, Read};

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use zip::ZipArchive;

use super::{ExtractError, Extracted, Format, Line, Origin};

const W_NS: &[u8] = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_NS_STRICT: &[u8] = b"http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC_NS: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";
/// Header or footer parts read, at most.
const MAX_SIDE_PARTS: usize = 12;
/// Lines kept, at most (a resume has a few hundred).
const MAX_LINES: usize = 50_000;
/// Nesting of paragraphs (text boxes in text boxes) and tables followed.
const MAX_NESTING: usize = 64;

/// Read a DOCX into lines.
pub fn extract(bytes: &[u8], max_inflated: u64) -> Result<Extracted, ExtractError> {
    let budget = Budget {
        left: Cell::new(max_inflated),
        hit: Cell::new(false),
        limit: max_inflated,
    };
    let mut pkg = Package::open(bytes, &budget)?;
    let main = pkg.main_part(&budget)?;
    if !pkg.has(&main) {
        return Err(not_word(&pkg));
    }
    let styles = match pkg.read_part("word/styles.xml", &budget, parse_styles) {
        Ok(Some(s)) => s,
        Ok(None) => Styles::default(),
        Err(e) if budget.hit.get() => return Err(e),
        Err(_) => Styles::default(),
    };
    let numbering = match pkg.read_part("word/numbering.xml", &budget, parse_numbering) {
        Ok(Some(n)) => n,
        Ok(None) => Numbering::default(),
        Err(e) if budget.hit.get() => return Err(e),
        Err(_) => Numbering::default(),
    };
    let rels = pkg.rels_for(&main, &budget)?;
    let ctx = Context {
        styles: &styles,
        numbering: &numbering,
    };

    let mut links: Vec<String> = Vec::new();
    let side = |kind: &str, origin: Origin, pkg: &mut Package, links: &mut Vec<String>| {
        let mut parts: Vec<&Rel> = rels.values().filter(|r| r.kind == kind).collect();
        parts.sort_by_key(|r| natural_key(&r.target));
        let mut lines: Vec<Line> = Vec::new();
        for rel in parts.into_iter().take(MAX_SIDE_PARTS) {
            let name = resolve_target(&main, &rel.target);
            let part_rels = pkg.rels_for(&name, &budget)?;
            let read = pkg.read_part(&name, &budget, |r| walk(r, &ctx, &part_rels, origin));
            match read {
                Ok(Some(w)) => {
                    for l in w.lines {
                        // First-page, even and default headers often repeat.
                        if !lines.iter().any(|k| k.text == l.text) {
                            lines.push(l);
                        }
                    }
                    push_links(links, w.links);
                }
                Ok(None) => {}
                Err(e) if budget.hit.get() => return Err(e),
                Err(_) => {}
            }
        }
        Ok::<Vec<Line>, ExtractError>(lines)
    };
    let headers = side("header", Origin::Header, &mut pkg, &mut links)?;
    let body = match pkg.read_part(&main, &budget, |r| walk(r, &ctx, &rels, Origin::Body)) {
        Ok(Some(w)) => w,
        Ok(None) => return Err(not_word(&pkg)),
        Err(e) => return Err(e),
    };
    push_links(&mut links, body.links);
    let footers = side("footer", Origin::Footer, &mut pkg, &mut links)?;

    // Malformed XML is an error; a part cut short (a truncated upload) keeps
    // the lines read before the cut, if there are any.
    match body.error {
        Some(Stop::Malformed(detail)) => return Err(corrupt(format!("{main}: {detail}"))),
        Some(Stop::Truncated(detail)) if body.lines.is_empty() => {
            return Err(corrupt(format!("{main}: {detail}")));
        }
        _ => {}
    }
    let mut lines = headers;
    lines.extend(body.lines);
    lines.extend(footers);
    lines.truncate(MAX_LINES);
    if lines.is_empty() {
        return Err(ExtractError::NoText { format: "DOCX" });
    }
    Ok(Extracted {
        format: Format::Docx,
        pages: 1,
        lines,
        links,
        omitted: Default::default(),
    })
}

fn corrupt(detail: impl Into<String>) -> ExtractError {
    let detail: String = detail.into();
    let mut d: String = detail.chars().take(160).collect();
    if d.len() < detail.len() {
        d.push('…');
    }
    ExtractError::Corrupt {
        format: "DOCX",
        detail: d,
    }
}

fn not_word(pkg: &Package) -> ExtractError {
    let has = |prefix: &str| pkg.names().iter().any(|n| n.starts_with(prefix));
    if has("xl/") {
        ExtractError::Unsupported("an Excel file")
    } else if has("ppt/") {
        ExtractError::Unsupported("a PowerPoint file")
    } else if pkg.names().iter().any(|n| n == "content.xml") {
        ExtractError::Unsupported("an OpenDocument file")
    } else if has("word/") {
        corrupt("the main document part (word/document.xml) is missing or unreadable")
    } else {
        ExtractError::Unsupported("a zip archive without a Word document")
    }
}

fn push_links(links: &mut Vec<String>, new: Vec<String>) {
    for l in new {
        if links.len() < 500 && !links.contains(&l) {
            links.push(l);
        }
    }
}

/// "header10.xml" after "header2.xml".
fn natural_key(s: &str) -> (String, u32) {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let letters: String = s.chars().filter(|c| !c.is_ascii_digit()).collect();
    (letters, digits.parse().unwrap_or(0))
}

// ---------------------------------------------------------------------------
// The package: zip entries under a decompression budget.

/// Decompressed bytes still allowed, shared by every part read.
struct Budget {
    left: Cell<u64>,
    hit: Cell<bool>,
    limit: u64,
}

/// A reader that fails once the budget is spent.
struct Capped<'b, R> {
    inner: R,
    budget: &'b Budget,
}

impl<R: Read> Read for Capped<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let left = self.budget.left.get();
        if n as u64 > left {
            self.budget.hit.set(true);
            self.budget.left.set(0);
            return Err(std::io::Error::other("decompression limit reached"));
        }
        self.budget.left.set(left - n as u64);
        Ok(n)
    }
}

/// The zip: its central directory when it can be read, and the entries found
/// by their local headers when it cannot (or when an entry it lists is
/// unreadable, e.g. after bytes were inserted or lost before it).
struct Package<'a> {
    bytes: &'a [u8],
    zip: Option<ZipArchive<Cursor<&'a [u8]>>>,
    salvaged: Option<Vec<(String, Vec<u8>)>>,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8], budget: &Budget) -> Result<Self, ExtractError> {
        let mut pkg = Package {
            bytes,
            zip: None,
            salvaged: None,
        };
        match ZipArchive::new(Cursor::new(bytes)) {
            Ok(z) => pkg.zip = Some(z),
            Err(e) => {
                pkg.salvage(budget)?;
                if !pkg.names().iter().any(|n| n.starts_with("word/")) {
                    return Err(corrupt(format!("not a readable zip archive ({e})")));
                }
            }
        }
        Ok(pkg)
    }

    /// Scan for local file headers (once).
    fn salvage(&mut self, budget: &Budget) -> Result<&[(String, Vec<u8>)], ExtractError> {
        if self.salvaged.is_none() {
            self.salvaged = Some(salvage(self.bytes, budget)?);
        }
        Ok(self.salvaged.as_deref().unwrap_or_default())
    }

    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = match &self.zip {
            Some(z) => z.file_names().map(str::to_string).collect(),
            None => Vec::new(),
        };
        for (n, _) in self.salvaged.iter().flatten() {
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
        names
    }

    fn has(&self, name: &str) -> bool {
        self.zip
            .as_ref()
            .is_some_and(|z| z.index_for_name(name).is_some())
            || self.salvaged.iter().flatten().any(|(n, _)| n == name)
    }

    /// Run `parse` over the part's decompressed XML; `Ok(None)` when the part
    /// is absent. Errors: the budget ran out ([`ExtractError::Bomb`]), or the
    /// zip entry cannot be read.
    fn read_part<T>(
        &mut self,
        name: &str,
        budget: &Budget,
        parse: impl FnOnce(&mut dyn BufRead) -> T,
    ) -> Result<Option<T>, ExtractError> {
        let bomb = || ExtractError::Bomb {
            limit: budget.limit,
        };
        let mut listed_but_unreadable = None;
        if let Some(z) = self.zip.as_mut()
            && let Some(index) = z.index_for_name(name)
        {
            match z.by_index(index) {
                // The size the zip declares: an honest bomb is refused before
                // inflating anything (a lying one hits the cap while streaming).
                Ok(entry) if entry.size() > budget.left.get() => {
                    budget.hit.set(true);
                    return Err(bomb());
                }
                Ok(entry) => {
                    let mut reader = BufReader::with_capacity(
                        32 * 1024,
                        Capped {
                            inner: entry,
                            budget,
                        },
                    );
                    let out = parse(&mut reader);
                    return if budget.hit.get() {
                        Err(bomb())
                    } else {
                        Ok(Some(out))
                    };
                }
                Err(e) => listed_but_unreadable = Some(e),
            }
        }
        if self.zip.is_some() && listed_but_unreadable.is_none() {
            return Ok(None);
        }
        let salvaged = self.salvage(budget)?;
        match salvaged.iter().find(|(n, _)| n == name) {
            Some((_, data)) => {
                let mut reader: &[u8] = data;
                Ok(Some(parse(&mut reader)))
            }
            None => match listed_but_unreadable {
                Some(e) => Err(corrupt(format!("{name}: {e}"))),
                None => Ok(None),
            },
        }
    }

    /// The main document part, from the package relationships
    /// (`word/document.xml` unless they say otherwise).
    fn main_part(&mut self, budget: &Budget) -> Result<String, ExtractError> {
        let rels = match self.read_part("_rels/.rels", budget, parse_rels) {
            Ok(r) => r.unwrap_or_default(),
            Err(e) if budget.hit.get() => return Err(e),
            Err(_) => Rels::default(),
        };
        let main = rels
            .values()
            .find(|r| r.kind == "officeDocument" && !r.external)
            .map(|r| resolve_target("", &r.target));
        Ok(match main {
            Some(m) if self.has(&m) => m,
            _ => "word/document.xml".to_string(),
        })
    }

    /// The relationships of a part (`word/_rels/document.xml.rels` for
    /// `word/document.xml`).
    fn rels_for(&mut self, part: &str, budget: &Budget) -> Result<Rels, ExtractError> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        match self.read_part(&name, budget, parse_rels) {
            Ok(r) => Ok(r.unwrap_or_default()),
            Err(e) if budget.hit.get() => Err(e),
            Err(_) => Ok(Rels::default()),
        }
    }
}

/// Read zip entries from their local file headers, wherever a header
/// signature is found (so entries after inserted or lost bytes, and entries
/// of a zip cut before its central directory, are found), keeping what
/// decompresses of the XML parts. The first readable copy of a name wins.
fn salvage(bytes: &[u8], budget: &Budget) -> Result<Vec<(String, Vec<u8>)>, ExtractError> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    for at in memchr::memmem::find_iter(bytes, b"PK\x03\x04").take(10_000) {
        let mut reader = Cursor::new(&bytes[at..]);
        let Ok(Some(entry)) = zip::read::read_zipfile_from_stream(&mut reader) else {
            continue;
        };
        let name = entry.name().to_string();
        let wanted = name.ends_with(".xml") || name.ends_with(".rels");
        if !wanted || out.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let mut capped = Capped {
            inner: entry,
            budget,
        };
        // A cut-off entry still yields what was inflated before the cut.
        let mut data = Vec::new();
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match capped.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => data.extend_from_slice(&chunk[..n]),
            }
        }
        if budget.hit.get() {
            return Err(ExtractError::Bomb {
                limit: budget.limit,
            });
        }
        if !data.is_empty() {
            out.push((name, data));
        }
    }
    Ok(out)
}

/// Resolve a relationship target against the part that owns it.
fn resolve_target(base_part: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = match base_part.rsplit_once('/') {
        Some((dir, _)) => dir.split('/').collect(),
        None => Vec::new(),
    };
    for seg in target.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

// ---------------------------------------------------------------------------
// Small XML helpers.

fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// An OOXML on/off property (`<w:b/>`, `<w:b w:val="false"/>`).
fn on_off(e: &BytesStart) -> bool {
    !matches!(
        attr(e, b"val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

fn twips(e: &BytesStart, local: &[u8]) -> Option<f32> {
    attr(e, local)?.parse::<f32>().ok().map(|t| t / 20.0)
}

fn is_w(ns: &ResolveResult) -> bool {
    matches!(ns, ResolveResult::Bound(n) if n.as_ref() == W_NS || n.as_ref() == W_NS_STRICT)
}

fn is_mc(ns: &ResolveResult) -> bool {
    matches!(ns, ResolveResult::Bound(n) if n.as_ref() == MC_NS)
}

/// Why a walk over a part stopped before its end.
#[derive(Debug)]
enum Stop {
    /// The XML (or the zip entry holding it) ends early.
    Truncated(String),
    /// The XML is not well-formed.
    Malformed(String),
}

fn xml_stop(e: &quick_xml::Error, pos: u64) -> Stop {
    use quick_xml::errors::SyntaxError;
    match e {
        quick_xml::Error::Io(_) => Stop::Truncated(format!("the part ends early (at byte {pos})")),
        quick_xml::Error::Syntax(
            SyntaxError::UnclosedTag
            | SyntaxError::UnclosedCData
            | SyntaxError::UnclosedComment
            | SyntaxError::UnclosedPIOrXmlDecl
            | SyntaxError::UnclosedDoctype
            | SyntaxError::InvalidBangMarkup,
        ) => Stop::Truncated(format!("the XML ends early (at byte {pos})")),
        other => Stop::Malformed(format!("malformed XML at byte {pos}: {other}")),
    }
}

// ---------------------------------------------------------------------------
// Relationships.

#[derive(Debug, Clone)]
struct Rel {
    /// The last segment of the relationship type ("header", "hyperlink").
    kind: String,
    target: String,
    external: bool,
}

type Rels = HashMap<String, Rel>;

fn parse_rels(r: &mut dyn BufRead) -> Rels {
    let mut out = Rels::new();
    let mut reader = quick_xml::Reader::from_reader(r);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"Relationship" => {
                let (Some(id), Some(target)) = (attr(&e, b"Id"), attr(&e, b"Target")) else {
                    continue;
                };
                let kind = attr(&e, b"Type")
                    .and_then(|t| t.rsplit('/').next().map(str::to_string))
                    .unwrap_or_default();
                let external = attr(&e, b"TargetMode").is_some_and(|m| m == "External");
                out.insert(
                    id,
                    Rel {
                        kind,
                        target,
                        external,
                    },
                );
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

// ---------------------------------------------------------------------------
// Styles and numbering.

#[derive(Debug, Clone, Default)]
struct StyleDef {
    based_on: Option<String>,
    bold: Option<bool>,
    /// Font size in points.
    size: Option<f32>,
    indent: Option<f32>,
    before: Option<f32>,
    after: Option<f32>,
    num: Option<(String, u32)>,
    caps: Option<bool>,
    hidden: Option<bool>,
}

#[derive(Debug, Default)]
struct Styles {
    map: HashMap<String, StyleDef>,
    default_para: Option<String>,
    defaults: StyleDef,
}

impl Styles {
    /// The first value `get` finds along the style's `basedOn` chain, then in
    /// the document defaults.
    fn lookup<T>(&self, style: Option<&str>, get: impl Fn(&StyleDef) -> Option<T>) -> Option<T> {
        self.chain(style.or(self.default_para.as_deref()), &get)
            .or_else(|| get(&self.defaults))
    }

    /// Like [`Self::lookup`] for a character style, without falling back to
    /// the paragraph default.
    fn lookup_char<T>(&self, style: &str, get: impl Fn(&StyleDef) -> Option<T>) -> Option<T> {
        self.chain(Some(style), &get)
    }

    /// The first value `get` finds along a `basedOn` chain (at most 8 steps,
    /// so a cyclic chain cannot loop).
    fn chain<T>(&self, start: Option<&str>, get: &impl Fn(&StyleDef) -> Option<T>) -> Option<T> {
        let mut cur = start;
        for _ in 0..8 {
            let def = self.map.get(cur?)?;
            if let Some(v) = get(def) {
                return Some(v);
            }
            cur = def.based_on.as_deref();
        }
        None
    }
}

/// Where a run of property elements lands while parsing styles.xml.
#[derive(Clone, Copy, PartialEq)]
enum StyleScope {
    None,
    Style,
    Defaults,
}

fn parse_styles(r: &mut dyn BufRead) -> Styles {
    let mut styles = Styles::default();
    let mut reader = quick_xml::Reader::from_reader(r);
    let mut buf = Vec::new();
    let mut scope = StyleScope::None;
    let mut id: Option<String> = None;
    let mut def = StyleDef::default();
    // Inside w:rPrChange / w:pPrChange / w:tblStylePr: old or conditional
    // properties, not the style's own.
    let mut skip = 0usize;
    let mut num_id: Option<String> = None;
    while let Ok(ev) = reader.read_event_into(&mut buf) {
        match ev {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = e.local_name();
                let name = name.as_ref();
                if skip > 0 {
                    if !empty {
                        skip += 1;
                    }
                } else {
                    match name {
                        b"rPrChange" | b"pPrChange" | b"tblStylePr" | b"tblPr" | b"trPr"
                        | b"tcPr"
                            if !empty =>
                        {
                            skip = 1
                        }
                        b"docDefaults" => scope = StyleScope::Defaults,
                        b"style" => {
                            scope = StyleScope::Style;
                            def = StyleDef::default();
                            id = attr(e, b"styleId");
                            let paragraph = attr(e, b"type").is_none_or(|t| t == "paragraph");
                            if paragraph
                                && attr(e, b"default").is_some_and(|d| d == "1" || d == "true")
                            {
                                styles.default_para.clone_from(&id);
                            }
                        }
                        b"basedOn" if scope == StyleScope::Style => def.based_on = attr(e, b"val"),
                        b"b" if scope != StyleScope::None => def.bold = Some(on_off(e)),
                        b"caps" if scope != StyleScope::None => def.caps = Some(on_off(e)),
                        b"vanish" if scope != StyleScope::None => def.hidden = Some(on_off(e)),
                        b"sz" if scope != StyleScope::None => {
                            def.size = attr(e, b"val")
                                .and_then(|v| v.parse::<f32>().ok())
                                .map(|h| h / 2.0);
                        }
                        b"ind" if scope != StyleScope::None => {
                            def.indent = twips(e, b"left").or_else(|| twips(e, b"start"));
                        }
                        b"spacing" if scope != StyleScope::None => {
                            def.before = twips(e, b"before");
                            def.after = twips(e, b"after");
                        }
                        b"numId" if scope == StyleScope::Style => num_id = attr(e, b"val"),
                        b"ilvl" if scope == StyleScope::Style => {
                            let lvl = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0);
                            if let Some((_, l)) = def.num.as_mut() {
                                *l = lvl;
                            }
                        }
                        _ => {}
                    }
                    if name == b"numPr" && !empty {
                        num_id = None;
                    }
                }
            }
            Event::End(ref e) => {
                if skip > 0 {
                    skip -= 1;
                    buf.clear();
                    continue;
                }
                match e.local_name().as_ref() {
                    b"numPr" if scope == StyleScope::Style => {
                        if let Some(n) = num_id.take() {
                            let lvl = def.num.as_ref().map_or(0, |(_, l)| *l);
                            def.num = Some((n, lvl));
                        }
                    }
                    b"style" => {
                        if let Some(id) = id.take() {
                            styles.map.insert(id, std::mem::take(&mut def));
                        }
                        scope = StyleScope::None;
                    }
                    b"docDefaults" => {
                        styles.defaults = std::mem::take(&mut def);
                        scope = StyleScope::None;
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        buf.clear();
    }
    styles
}

#[derive(Debug, Default)]
struct Numbering {
    /// numId → abstractNumId.
    nums: HashMap<String, String>,
    /// (abstractNumId, level) → the level's number format is "bullet".
    bullet: HashMap<(String, u32), bool>,
}

impl Numbering {
    fn is_bullet(&self, num_id: &str, level: u32) -> bool {
        self.nums
            .get(num_id)
            .and_then(|a| self.bullet.get(&(a.clone(), level)))
            .copied()
            .unwrap_or(false)
    }
}

fn parse_numbering(r: &mut dyn BufRead) -> Numbering {
    let mut out = Numbering::default();
    let mut reader = quick_xml::Reader::from_reader(r);
    let mut buf = Vec::new();
    let mut abstract_id: Option<String> = None;
    let mut level: u32 = 0;
    let mut num_id: Option<String> = None;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                b"abstractNum" => abstract_id = attr(&e, b"abstractNumId"),
                b"lvl" => level = attr(&e, b"ilvl").and_then(|v| v.parse().ok()).unwrap_or(0),
                b"numFmt" => {
                    if let Some(a) = &abstract_id {
                        let bullet = attr(&e, b"val").is_some_and(|v| v == "bullet");
                        out.bullet.insert((a.clone(), level), bullet);
                    }
                }
                b"num" => num_id = attr(&e, b"numId"),
                b"abstractNumId" => {
                    if let (Some(n), Some(a)) = (&num_id, attr(&e, b"val")) {
                        out.nums.insert(n.clone(), a);
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                b"abstractNum" => abstract_id = None,
                b"num" => num_id = None,
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

// ---------------------------------------------------------------------------
// The document walker.

struct Context<'a> {
    styles: &'a Styles,
    numbering: &'a Numbering,
}

/// What one part yielded.
struct Walked {
    lines: Vec<Line>,
    links: Vec<String>,
    /// Why the walk stopped early, if it did (lines read before are kept).
    error: Option<Stop>,
}

/// The properties of the run being read.
#[derive(Debug, Clone, Default)]
struct RunProps {
    bold: Option<bool>,
    size: Option<f32>,
    /// `w:caps`: shown in capitals whatever the typed case.
    caps: Option<bool>,
    /// `w:vanish`: hidden text.
    hidden: Option<bool>,
    style: Option<String>,
}

#[derive(Debug)]
struct Para {
    text: String,
    chars: usize,
    bold_chars: usize,
    sizes: Vec<(f32, usize)>,
    style: Option<String>,
    indent: Option<f32>,
    before: Option<f32>,
    after: Option<f32>,
    num_id: Option<String>,
    num_level: u32,
    run: Option<RunProps>,
    /// Lines already emitted from this paragraph (soft breaks).
    emitted: usize,
    origin: Origin,
    column: u8,
    x_offset: f32,
}

#[derive(Debug, Default)]
struct Table {
    grid: Vec<f32>,
    /// Grid column of the current cell.
    col: usize,
    /// Grid column where the next cell starts.
    next_col: usize,
}

/// Field-code state: `HYPERLINK "url"` instructions carry link targets.
#[derive(Debug, Default)]
struct Field {
    instr: String,
    in_instr: bool,
}

struct Walk<'c> {
    ctx: &'c Context<'c>,
    rels: &'c Rels,
    origin: Origin,
    lines: Vec<Line>,
    links: Vec<String>,
    paras: Vec<Para>,
    tables: Vec<Table>,
    textbox: usize,
    /// Depth inside an element whose content is skipped.
    skip: usize,
    in_ppr: bool,
    in_rpr: bool,
    in_t: bool,
    in_num_pr: bool,
    field: Field,
    /// Empty paragraphs since the last line.
    blank: u32,
    /// Spacing after the previous paragraph, in points.
    prev_after: f32,
}

fn walk(r: &mut dyn BufRead, ctx: &Context, rels: &Rels, origin: Origin) -> Walked {
    let mut w = Walk {
        ctx,
        rels,
        origin,
        lines: Vec::new(),
        links: Vec::new(),
        paras: Vec::new(),
        tables: Vec::new(),
        textbox: 0,
        skip: 0,
        in_ppr: false,
        in_rpr: false,
        in_t: false,
        in_num_pr: false,
        field: Field::default(),
        blank: 0,
        prev_after: 0.0,
    };
    let mut reader = NsReader::from_reader(r);
    let mut buf = Vec::new();
    let mut error = None;
    let mut depth = 0usize;
    loop {
        let (ns, ev) = match reader.read_resolved_event_into(&mut buf) {
            Ok(x) => x,
            Err(e) => {
                error = Some(xml_stop(&e, reader.buffer_position()));
                break;
            }
        };
        match ev {
            Event::Eof => {
                if depth > 0 {
                    error = Some(Stop::Truncated("the XML ends early".to_string()));
                }
                break;
            }
            Event::Start(ref e) => {
                depth += 1;
                // The root of a Word part is w:document, w:hdr, w:ftr, …; an
                // HTML page or any other XML under that name is not a DOCX.
                if depth == 1 && origin == Origin::Body && e.local_name().as_ref() != b"document" {
                    error = Some(Stop::Malformed(format!(
                        "the root element is <{}>, not a Word document",
                        String::from_utf8_lossy(e.local_name().as_ref())
                    )));
                    break;
                }
                if w.skip > 0 {
                    w.skip += 1;
                } else {
                    w.start(&ns, e, false);
                }
            }
            Event::Empty(ref e) if w.skip == 0 => w.start(&ns, e, true),
            Event::End(ref e) => {
                depth = depth.saturating_sub(1);
                if w.skip > 0 {
                    w.skip -= 1;
                } else {
                    w.end(&ns, e.local_name().as_ref());
                }
            }
            Event::Text(ref t) if w.skip == 0 => {
                if let Ok(s) = t.decode() {
                    w.text(&s);
                }
            }
            Event::CData(ref t) if w.skip == 0 => {
                if let Ok(s) = t.decode() {
                    w.text(&s);
                }
            }
            Event::GeneralRef(ref g) if w.skip == 0 => {
                let c = match g.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match &**g {
                        b"amp" => Some('&'),
                        b"lt" => Some('<'),
                        b"gt" => Some('>'),
                        b"quot" => Some('"'),
                        b"apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    w.text(c.encode_utf8(&mut [0u8; 4]));
                }
            }
            _ => {}
        }
        buf.clear();
        if w.lines.len() >= MAX_LINES {
            break;
        }
    }
    // A cut-off part: keep the paragraph that was being read.
    while !w.paras.is_empty() {
        w.end_paragraph();
    }
    Walked {
        lines: w.lines,
        links: w.links,
        error,
    }
}

impl Walk<'_> {
    fn start(&mut self, ns: &ResolveResult, e: &BytesStart, empty: bool) {
        let local = e.local_name();
        let name = local.as_ref();
        if is_mc(ns) {
            // Read mc:Choice, skip mc:Fallback (the same content again).
            if name == b"Fallback" && !empty {
                self.skip = 1;
            }
            return;
        }
        if !is_w(ns) {
            return;
        }
        match name {
            // Deleted text, moved-away text, old properties of tracked changes.
            b"del" | b"moveFrom" | b"rPrChange" | b"pPrChange" | b"sectPrChange"
            | b"numberingChange" | b"delInstrText" | b"sectPr" | b"fldData"
                if !empty =>
            {
                self.skip = 1;
            }
            b"p" if !empty => self.begin_paragraph(),
            b"p" => self.blank += 1,
            b"pPr" if !empty => self.in_ppr = true,
            b"rPr" if !empty => self.in_rpr = true,
            b"numPr" if !empty => self.in_num_pr = true,
            b"r" if !empty => {
                if let Some(p) = self.paras.last_mut() {
                    p.run = Some(RunProps::default());
                }
            }
            b"t" if !empty => self.in_t = true,
            b"instrText" if !empty => self.field.in_instr = true,
            b"tab" | b"ptab" if !self.in_ppr => self.push_text("\t", false),
            b"br" | b"cr" if !self.in_ppr => self.soft_break(),
            b"noBreakHyphen" => self.push_text("-", true),
            b"sym" => {
                let c = attr(e, b"char")
                    .and_then(|h| u32::from_str_radix(&h, 16).ok())
                    .map(|c| {
                        if (0xF000..=0xF0FF).contains(&c) {
                            '•'
                        } else {
                            char::from_u32(c).unwrap_or('•')
                        }
                    })
                    .unwrap_or('•');
                self.push_text(c.encode_utf8(&mut [0u8; 4]), true);
            }
            b"fldChar" => {
                if attr(e, b"fldCharType").is_some_and(|t| t == "separate" || t == "end") {
                    self.finish_field();
                }
            }
            b"fldSimple" => {
                if let Some(instr) = attr(e, b"instr") {
                    self.field.instr = instr;
                    self.finish_field();
                }
            }
            b"hyperlink" => {
                if let Some(rel) = attr(e, b"id").and_then(|id| self.rels.get(&id))
                    && rel.external
                {
                    push_links(&mut self.links, vec![rel.target.trim().to_string()]);
                }
            }
            b"txbxContent" if !empty => self.textbox += 1,
            b"tbl" if !empty => {
                if self.tables.len() < MAX_NESTING {
                    self.tables.push(Table::default());
                }
            }
            b"gridCol" => {
                if let Some(t) = self.tables.last_mut() {
                    t.grid.push(twips(e, b"w").unwrap_or(0.0));
                }
            }
            b"tr" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.col = 0;
                    t.next_col = 0;
                }
            }
            b"tc" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.col = t.next_col;
                    t.next_col += 1;
                }
            }
            b"gridSpan" => {
                let span: usize = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(1);
                if let Some(t) = self.tables.last_mut() {
                    t.next_col = t.col + span.clamp(1, 64);
                }
            }
            _ => {
                if self.in_ppr && !self.in_rpr {
                    self.paragraph_property(name, e);
                } else if self.in_rpr && !self.in_ppr {
                    self.run_property(name, e);
                }
            }
        }
    }

    fn end(&mut self, ns: &ResolveResult, name: &[u8]) {
        if !is_w(ns) {
            return;
        }
        match name {
            b"p" => self.end_paragraph(),
            b"pPr" => self.in_ppr = false,
            b"rPr" => self.in_rpr = false,
            b"numPr" => self.in_num_pr = false,
            b"r" => {
                if let Some(p) = self.paras.last_mut() {
                    p.run = None;
                }
            }
            b"t" => self.in_t = false,
            b"instrText" => self.field.in_instr = false,
            b"txbxContent" => self.textbox = self.textbox.saturating_sub(1),
            b"tbl" => {
                self.tables.pop();
            }
            _ => {}
        }
    }

    fn paragraph_property(&mut self, name: &[u8], e: &BytesStart) {
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        match name {
            b"pStyle" => p.style = attr(e, b"val"),
            b"ind" => {
                if let Some(x) = twips(e, b"left").or_else(|| twips(e, b"start")) {
                    p.indent = Some(x);
                }
            }
            b"spacing" => {
                if let Some(b) = twips(e, b"before") {
                    p.before = Some(b);
                }
                if let Some(a) = twips(e, b"after") {
                    p.after = Some(a);
                }
            }
            b"numId" if self.in_num_pr => p.num_id = attr(e, b"val"),
            b"ilvl" if self.in_num_pr => {
                p.num_level = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0);
            }
            _ => {}
        }
    }

    fn run_property(&mut self, name: &[u8], e: &BytesStart) {
        let Some(run) = self.paras.last_mut().and_then(|p| p.run.as_mut()) else {
            return;
        };
        match name {
            b"b" => run.bold = Some(on_off(e)),
            b"caps" => run.caps = Some(on_off(e)),
            b"vanish" => run.hidden = Some(on_off(e)),
            b"sz" => {
                run.size = attr(e, b"val")
                    .and_then(|v| v.parse::<f32>().ok())
                    .map(|h| h / 2.0);
            }
            b"rStyle" => run.style = attr(e, b"val"),
            _ => {}
        }
    }

    fn text(&mut self, s: &str) {
        if self.field.in_instr {
            if self.field.instr.len() < 4096 {
                self.field.instr.push_str(s);
            }
        } else if self.in_t {
            self.push_text(s, true);
        }
    }

    fn finish_field(&mut self) {
        let instr = std::mem::take(&mut self.field.instr);
        if let Some(url) = hyperlink_field(&instr) {
            push_links(&mut self.links, vec![url]);
        }
    }

    fn begin_paragraph(&mut self) {
        if self.paras.len() >= MAX_NESTING {
            // Pathological nesting: fold into the current paragraph.
            self.skip = 1;
            return;
        }
        let origin = if self.textbox > 0 {
            Origin::TextBox
        } else if !self.tables.is_empty() {
            Origin::Table
        } else {
            self.origin
        };
        let (column, x_offset) = match self.tables.last() {
            Some(t) => (t.col.min(255) as u8, t.grid.iter().take(t.col).sum::<f32>()),
            None => (0, 0.0),
        };
        self.paras.push(Para {
            text: String::new(),
            chars: 0,
            bold_chars: 0,
            sizes: Vec::new(),
            style: None,
            indent: None,
            before: None,
            after: None,
            num_id: None,
            num_level: 0,
            run: None,
            emitted: 0,
            origin,
            column,
            x_offset,
        });
    }

    /// Append text to the current paragraph, counting bold characters.
    fn push_text(&mut self, s: &str, counts: bool) {
        let styles = self.ctx.styles;
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        if p.text.len() > 100_000 {
            return;
        }
        let default_run = RunProps::default();
        let run = p.run.as_ref().unwrap_or(&default_run);
        let pstyle = p.style.as_deref();
        // Run property, else the run's character style, else the paragraph
        // style (through basedOn), else the document defaults.
        let prop = |get: &dyn Fn(&StyleDef) -> Option<bool>, direct: Option<bool>| {
            direct
                .or_else(|| {
                    run.style
                        .as_deref()
                        .and_then(|s| styles.lookup_char(s, get))
                })
                .or_else(|| styles.lookup(pstyle, get))
                .unwrap_or(false)
        };
        if prop(&|d| d.hidden, run.hidden) {
            return;
        }
        let caps = prop(&|d| d.caps, run.caps);
        let bold = prop(&|d| d.bold, run.bold);
        let size = run
            .size
            .or_else(|| {
                run.style
                    .as_deref()
                    .and_then(|s| styles.lookup_char(s, |d| d.size))
            })
            .or_else(|| styles.lookup(pstyle, |d| d.size))
            .unwrap_or(10.0);
        if caps {
            p.text.push_str(&s.to_uppercase());
        } else {
            p.text.push_str(s);
        }
        if !counts {
            return;
        }
        let n = s.chars().filter(|c| !c.is_whitespace()).count();
        if n == 0 {
            return;
        }
        p.chars += n;
        if bold {
            p.bold_chars += n;
        }
        match p.sizes.iter_mut().find(|(s, _)| (*s - size).abs() < 0.01) {
            Some(entry) => entry.1 += n,
            None => p.sizes.push((size, n)),
        }
    }

    /// A `w:br` / `w:cr`: what was read of the paragraph becomes a line.
    fn soft_break(&mut self) {
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        let text = std::mem::take(&mut p.text);
        let (chars, bold_chars) = (p.chars, p.bold_chars);
        let sizes = std::mem::take(&mut p.sizes);
        p.chars = 0;
        p.bold_chars = 0;
        self.emit(text, chars, bold_chars, sizes);
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        let text = std::mem::take(&mut p.text);
        let (chars, bold_chars) = (p.chars, p.bold_chars);
        let sizes = std::mem::take(&mut p.sizes);
        let emitted_before = p.emitted;
        let emitted = self.emit(text, chars, bold_chars, sizes);
        if !emitted && emitted_before == 0 {
            self.blank += 1;
        }
        let styles = self.ctx.styles;
        if let Some(p) = self.paras.pop() {
            self.prev_after = p
                .after
                .or_else(|| styles.lookup(p.style.as_deref(), |d| d.after))
                .unwrap_or(0.0);
        }
    }

    /// Turn the current paragraph's text into a line; false when it is empty.
    fn emit(
        &mut self,
        text: String,
        chars: usize,
        bold_chars: usize,
        sizes: Vec<(f32, usize)>,
    ) -> bool {
        let styles = self.ctx.styles;
        let numbering = self.ctx.numbering;
        let Some(p) = self.paras.last_mut() else {
            return false;
        };
        let mut text = tidy(&text);
        if text.is_empty() {
            return false;
        }
        let first = p.emitted == 0;
        p.emitted += 1;
        let style = p.style.as_deref();
        let size = sizes
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1))
            .map(|s| s.0)
            .or_else(|| styles.lookup(style, |d| d.size))
            .unwrap_or(10.0);
        let indent = p
            .indent
            .or_else(|| styles.lookup(style, |d| d.indent))
            .unwrap_or(0.0);
        let gap_before = if first {
            let before = p
                .before
                .or_else(|| styles.lookup(style, |d| d.before))
                .unwrap_or(0.0);
            let space = (self.prev_after + before).max(0.0) / (1.2 * size.max(1.0));
            ((self.blank as f32 + space) * 100.0).round() / 100.0
        } else {
            0.0
        };
        if first {
            let num = p
                .num_id
                .clone()
                .map(|n| (n, p.num_level))
                .or_else(|| styles.lookup(style, |d| d.num.clone()));
            if let Some((id, level)) = num
                && id != "0"
                && numbering.is_bullet(&id, level)
                && !text.starts_with(['•', '-', '–', '*', '●', '▪', '◦', '○', '■'])
            {
                text.insert_str(0, "• ");
            }
        }
        let line = Line {
            text,
            page: 1,
            x: ((p.x_offset + indent).max(0.0) * 100.0).round() / 100.0,
            y: 0.0,
            size,
            bold: chars > 0 && bold_chars * 2 > chars,
            column: p.column,
            gap_before,
            origin: p.origin,
        };
        self.blank = 0;
        self.prev_after = 0.0;
        self.lines.push(line);
        true
    }
}

/// The URL of a `HYPERLINK "url"` field instruction (not `\l` bookmarks).
fn hyperlink_field(instr: &str) -> Option<String> {
    let rest = instr.trim_start().strip_prefix("HYPERLINK")?;
    let rest = rest.trim_start();
    if rest.starts_with("\\l") {
        return None;
    }
    let url = match rest.strip_prefix('"') {
        Some(q) => q.split('"').next()?,
        None => rest.split_whitespace().next()?,
    };
    let url = url.trim();
    (!url.is_empty()).then(|| url.to_string())
}

/// Trim, fold runs of spaces, keep single tabs (unpadded) between fields.
/// Two or more spaces in a row also separate fields, as in plain text.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = 0usize;
    for c in s.trim().chars() {
        run = if c == ' ' { run + 1 } else { 0 };
        if run == 2 {
            while out.ends_with(' ') {
                out.pop();
            }
            if !out.ends_with('\t') && !out.is_empty() {
                out.push('\t');
            }
            continue;
        }
        match c {
            '\t' => {
                while out.ends_with(' ') {
                    out.pop();
                }
                if !out.ends_with('\t') && !out.is_empty() {
                    out.push('\t');
                }
            }
            c if c.is_whitespace() => {
                if !out.is_empty() && !out.ends_with([' ', '\t']) {
                    out.push(' ');
                }
            }
            '\u{AD}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    while out.ends_with([' ', '\t']) {
        out.pop();
    }
    out
}
