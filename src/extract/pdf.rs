//! PDF reader: positioned glyphs from pdf-extract, regrouped into lines in
//! reading order.
//!
//! Input: the bytes of a PDF. Output: an [`Extracted`] with one [`Line`] per
//! visual line (per column), read one column at a time, plus the URI link
//! annotations. Errors: [`ExtractError::Encrypted`] (a user password is
//! needed; owner-only encryption reads fine), [`ExtractError::NoTextLayer`]
//! (scanned pages), [`ExtractError::Corrupt`] when the file cannot be loaded.
//!
//! Why not pdf-extract's own text output: it follows content-stream order (a
//! line-interleaved two-column page comes out mixed) and places spaces from
//! glyph advances, which are wrong for Chrome/Skia CID fonts (it never applies
//! `/W` range entries, so "A lexan dra", "C O N TA C T"). Here its
//! [`OutputDev`] hook only collects every glyph with its origin, size and
//! width, and lines are rebuilt from positions:
//! - glyphs are grouped into rows by baseline (superscripts join their line,
//!   text drawn over other text does not), sorted by x, joined with a space
//!   where the gap passes the row's letter spacing by 0.1 em, with a `\t`
//!   where it passes 1.0 em (fields such as a flush-right date, or a tab stop
//!   in a word processor's export); glyphs drawn twice in place (fake bold)
//!   are folded;
//! - a vertical gutter that no row crosses over a long run of rows, with
//!   substantial text on both sides (and not just flush-right dates on the
//!   right), splits a page into two columns, read left then right;
//! - a light walk of each page's content stream, in the same order as
//!   pdf-extract's text strings, gives each string's font: its name and
//!   descriptor say bold, and for CIDFonts with `/W` ranges its true widths,
//!   from which the origins pdf-extract misplaced inside a string are
//!   corrected. If the walk and pdf-extract disagree, the page falls back to
//!   pdf-extract's positions.
//!
//! Damaged files: lopdf 0.42 (pdf-extract's) is strict; when it fails, or
//! pdf-extract panics or errs on what it loaded, the file is read again
//! through lopdf 0.47, which rebuilds the cross-reference table. pdf-extract
//! panics on malformed input — per page here (`catch_unwind`), and the caller
//! ([`super::guard`]) contains the rest. What no `catch_unwind` survives, a
//! stack overflow (self-referencing or too deeply nested form XObjects, a
//! looping `/Parent` chain), is defused before pdf-extract sees the document;
//! references to lost objects are dropped, and image XObjects emptied (it
//! would parse their pixels as content).

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_extract::{
    Dictionary, Document, MediaBox, Object, ObjectId, OutputDev, OutputError, Transform,
};

use super::pdf_hidden::{self, Canvas, Space, Vis, concat};
use super::pdf_streams;
use super::{ExtractError, Extracted, Format, Line, Omitted, Origin};

/// Glyphs collected over the whole document before giving up on the rest
/// (noted as truncated).
pub const MAX_GLYPHS: usize = 400_000;
/// Pages read, at most; the rest are skipped (noted).
pub const MAX_PAGES: usize = 50;
/// Operators kept per content stream (page or form): pdf-extract parses a
/// whole stream into objects before drawing it (~150 bytes per operator).
pub const MAX_OPERATORS: usize = 200_000;
/// Nesting depth of form XObjects beyond which a form is emptied.
const MAX_FORM_DEPTH: usize = 12;
/// Form XObject visits (over all pages) beyond which further forms are emptied.
const MAX_FORM_VISITS: u32 = 4_000;
/// Link targets kept.
const MAX_LINKS: usize = 200;

/// Gap between glyphs (in em of the larger glyph) that ends a text chunk for
/// column detection.
const CHUNK_GAP_EM: f32 = 1.0;
/// Gap (in em) emitted as a field separator `\t` inside a line.
const TAB_GAP_EM: f32 = 1.0;
/// Word gap above the chunk's letter spacing, in em, between glyphs whose
/// widths come from the font (pdftotext uses the same 0.1 em).
const SPACE_GAP_EM: f32 = 0.1;
/// The same where a glyph's width had to be estimated.
const SPACE_GAP_EM_ESTIMATED: f32 = 0.3;

/// Read a PDF into lines.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let (doc, was_repaired) = load(bytes)?;
    match read_document(doc) {
        Ok(x) => Ok(x),
        // pdf-extract panics or fails on objects that a rebuilt
        // cross-reference table often finds (shifted offsets): try once more
        // from lopdf 0.47's reading of the file.
        Err(e @ (ExtractError::Panicked { .. } | ExtractError::Corrupt { .. }))
            if !was_repaired =>
        {
            match repaired(bytes)?.map(read_document) {
                Some(Ok(x)) => Ok(x),
                _ => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}

fn read_document(mut doc: Document) -> Result<Extracted, ExtractError> {
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(corrupt("the document has no pages"));
    }
    let total = pages.len();
    let mut page_ids: Vec<(u32, ObjectId)> = pages.iter().map(|(&n, &id)| (n, id)).collect();
    page_ids.truncate(MAX_PAGES);
    let mut omitted = Omitted {
        pages_skipped: (total - page_ids.len()) as u32,
        ..Omitted::default()
    };
    defuse(&mut doc, &page_ids)?;
    omitted.truncated |= cap_operators(&mut doc, &page_ids);
    let links = collect_links(&doc, &page_ids);

    let mut dev = Collector::default();
    let mut first_error: Option<String> = None;
    let mut panicked = false;
    for &(num, id) in &page_ids {
        dev.walk = string_sequence(&doc, id);
        let run = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(&doc, &mut dev, num)
        }));
        match run {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                if first_error.is_none() && !dev.full {
                    first_error = Some(e.to_string());
                }
            }
            Err(_) => panicked = true,
        }
        dev.close_page();
        if dev.full {
            break;
        }
    }
    omitted.truncated |= dev.full;
    omitted.hidden_chars = dev.hidden_chars.min(u32::MAX as usize) as u32;
    omitted.hidden_kinds = dev.hidden_kinds;

    let mut lines = Vec::new();
    for page in &dev.pages {
        layout_page(page, &mut lines);
    }
    if lines.is_empty() {
        if panicked {
            return Err(ExtractError::Panicked { format: "PDF" });
        }
        if let Some(e) = first_error {
            return Err(corrupt(&e));
        }
        return Err(ExtractError::NoTextLayer);
    }
    Ok(Extracted {
        format: Format::Pdf,
        pages: total as u32,
        lines,
        links,
        omitted,
    })
}

/// Cut every content stream the pages draw (their `/Contents` and the form
/// XObjects) after [`MAX_OPERATORS`] operators; `true` when one was cut.
fn cap_operators(doc: &mut Document, pages: &[(u32, ObjectId)]) -> bool {
    let mut ids: Vec<ObjectId> = Vec::new();
    for &(_, page) in pages {
        let Ok(dict) = doc.get_dictionary(page) else {
            continue;
        };
        match dict.get(b"Contents") {
            Ok(Object::Reference(id)) => ids.push(*id),
            Ok(Object::Array(items)) => {
                ids.extend(items.iter().filter_map(|o| o.as_reference().ok()))
            }
            _ => {}
        }
    }
    for (&id, obj) in &doc.objects {
        if let Object::Stream(s) = obj
            && s.dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Form")
        {
            ids.push(id);
        }
    }
    let mut cut = false;
    for id in ids {
        let Ok(Object::Stream(s)) = doc.get_object_mut(id) else {
            continue;
        };
        // Streams are decoded in place by now (pdf_streams::decode_all); one
        // that could not be decoded is left alone.
        if s.dict.get(b"Filter").is_ok() {
            continue;
        }
        if let Some(at) = operator_cut(&s.content, MAX_OPERATORS) {
            s.content.truncate(at);
            cut = true;
        }
    }
    cut
}

/// Where to cut a content stream: just after its `max`-th operator if there
/// are more, or before an array nested deeper than the walk follows (lopdf's
/// content parser gives up on the whole stream there, and pdf-extract
/// panics: the text before it is kept this way).
fn operator_cut(content: &[u8], max: usize) -> Option<usize> {
    let mut lexer = Lexer {
        data: content,
        pos: 0,
    };
    let mut n = 0usize;
    loop {
        let start = lexer.pos;
        let tok = match lexer.next_token() {
            None => return None,
            Some(Some(tok)) => tok,
            Some(None) => {
                let rest = content.get(start..).unwrap_or_default();
                let opening = rest
                    .iter()
                    .filter(|&&b| !is_space(b))
                    .take(40)
                    .take_while(|&&b| b == b'[')
                    .count();
                return (opening > 32).then_some(start);
            }
        };
        if let Token::Operator(op) = tok {
            if op == b"BI" && lexer.skip_inline_image().is_none() {
                return None;
            }
            n += 1;
            if n == max {
                let at = lexer.pos;
                return (lexer.next_token().is_some()).then_some(at);
            }
        }
    }
}

fn corrupt(detail: &str) -> ExtractError {
    let mut d: String = detail.chars().take(160).collect();
    if d.len() < detail.len() {
        d.push('…');
    }
    ExtractError::Corrupt {
        format: "PDF",
        detail: d,
    }
}

// ---------------------------------------------------------------------------
// Loading, decryption, defusing.

/// Load the document (the second value says whether it took the repairing
/// loader), its streams measured and decoded under the caps
/// ([`pdf_streams`]).
fn load(bytes: &[u8]) -> Result<(Document, bool), ExtractError> {
    let (doc, was_repaired) = match load_strict(bytes)? {
        Ok(doc) if !doc.get_pages().is_empty() || doc.trailer.get(b"Encrypt").is_ok() => {
            (doc, false)
        }
        Ok(_) => (
            repaired(bytes)?.ok_or_else(|| corrupt("the document has no pages"))?,
            true,
        ),
        Err(e) => {
            let err = load_error(&e);
            if err == ExtractError::Encrypted {
                return Err(err);
            }
            (repaired(bytes)?.ok_or(err)?, true)
        }
    };
    // lopdf decrypts with the empty user password while loading; when that
    // fails it returns a document with the /Encrypt entry still in place and
    // none of the objects.
    if doc.trailer.get(b"Encrypt").is_ok() {
        return Err(ExtractError::Encrypted);
    }
    Ok((doc, was_repaired))
}

/// pdf-extract's lopdf (0.42), with object streams measured as they are read
/// and every other stream decoded under the caps once loaded. The outer error
/// is a decompression bomb, the inner one lopdf's.
fn load_strict(bytes: &[u8]) -> Result<Result<Document, pdf_extract::Error>, ExtractError> {
    pdf_streams::reset_load_verdict();
    let options = pdf_extract::LoadOptions::with_filter(pdf_streams::objstm_guard_042);
    let loaded = Document::load_mem_with_options(bytes, options);
    pdf_streams::take_load_verdict()?;
    match loaded {
        Ok(mut doc) => {
            pdf_streams::decode_all(&mut doc)?;
            Ok(Ok(doc))
        }
        Err(e) => Ok(Err(e)),
    }
}

/// pdf-extract's lopdf (0.42) is strict: bytes after `%%EOF`, a wrong
/// `startxref` or shifted offsets make it fail where other readers succeed.
/// lopdf 0.47 rebuilds the cross-reference table; save its reading and load
/// that instead. `Ok(None)` when that fails too.
fn repaired(bytes: &[u8]) -> Result<Option<Document>, ExtractError> {
    let options = lopdf_repair::LoadOptions::with_max_decompressed_size(
        pdf_streams::MAX_STREAM_BYTES as usize,
    );
    let loaded = lopdf_repair::Document::load_mem_with_options(bytes, options);
    let Ok(mut doc) = loaded else {
        return Ok(None);
    };
    if doc.get_pages().is_empty() {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(bytes.len());
    if doc.save_to(&mut out).is_err() {
        return Ok(None);
    }
    drop(doc);
    Ok(load_strict(&out)?
        .ok()
        .filter(|doc| !doc.get_pages().is_empty()))
}

fn load_error(e: &pdf_extract::Error) -> ExtractError {
    use pdf_extract::Error as E;
    match e {
        E::Decryption(_) | E::InvalidPassword => ExtractError::Encrypted,
        E::Parse(_) => corrupt("the file structure could not be parsed"),
        E::Xref(_) | E::MissingXrefEntry | E::InvalidOffset(_) | E::IndirectObject { .. } => {
            corrupt("the cross-reference table is broken")
        }
        E::UnsupportedSecurityHandler(_) => ExtractError::Encrypted,
        other => corrupt(&other.to_string()),
    }
}

/// Make the document safe for pdf-extract: check that every page's `/Parent`
/// chain ends, give pages without a usable media box a Letter one, empty image
/// XObjects (pdf-extract would parse their pixels as content) and form
/// XObjects that recurse or nest too deep (pdf-extract would overflow its
/// stack, which no `catch_unwind` survives).
fn defuse(doc: &mut Document, pages: &[(u32, ObjectId)]) -> Result<(), ExtractError> {
    let mut no_box = Vec::new();
    for &(_, id) in pages {
        let mut cur = id;
        let mut has_box = false;
        let mut steps = 0;
        while let Ok(dict) = doc.get_dictionary(cur) {
            if !has_box {
                has_box = dict
                    .get(b"MediaBox")
                    .ok()
                    .and_then(|o| number_array(doc, o))
                    .is_some_and(|v| v.len() == 4);
            }
            match dict.get(b"Parent").and_then(Object::as_reference) {
                Ok(parent) => cur = parent,
                Err(_) => break,
            }
            steps += 1;
            if steps > 64 {
                return Err(corrupt("the page tree loops"));
            }
        }
        if !has_box {
            no_box.push(id);
        }
    }
    for id in no_box {
        if let Ok(dict) = doc.get_dictionary_mut(id) {
            let letter = [0i64, 0, 612, 792].map(Object::Integer);
            dict.set("MediaBox", Object::Array(letter.to_vec()));
        }
    }

    // Objects that are references to references… ending where they began
    // (`7 0 R` → `7 0 R`): lopdf reports the cycle and pdf-extract panics on
    // it. They become null (and entries pointing at them are dropped below).
    let looping: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| matches!(o, Object::Reference(_)))
        .map(|(&id, _)| id)
        .filter(|&id| {
            let mut cur = id;
            for _ in 0..32 {
                match doc.objects.get(&cur) {
                    Some(Object::Reference(next)) if *next == id => return true,
                    Some(Object::Reference(next)) => cur = *next,
                    _ => return false,
                }
            }
            true
        })
        .collect();
    for id in looping {
        doc.objects.remove(&id);
    }

    // Entries that point at objects the file lost (damaged or truncated
    // files): pdf-extract `expect`s every reference it follows.
    let ids: HashSet<ObjectId> = doc.objects.keys().copied().collect();
    for obj in doc.objects.values_mut() {
        prune_dangling(obj, &ids, 0);
    }

    let mut empty: HashSet<ObjectId> = HashSet::new();
    for (&id, obj) in &doc.objects {
        if let Object::Stream(s) = obj
            && s.dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Image")
        {
            empty.insert(id);
        }
    }
    let mut visits = 0u32;
    for &(_, id) in pages {
        if let Some(res) = page_resources(doc, id) {
            let mut stack = Vec::new();
            walk_forms(doc, res, &mut stack, &mut empty, &mut visits);
        }
    }
    for id in empty {
        if let Ok(Object::Stream(s)) = doc.get_object_mut(id) {
            s.dict.remove(b"Filter");
            s.dict.remove(b"DecodeParms");
            s.set_plain_content(Vec::new());
        }
    }
    Ok(())
}

/// Drop dictionary entries that reference a missing object; in arrays,
/// replace such references with null.
fn prune_dangling(obj: &mut Object, ids: &HashSet<ObjectId>, depth: usize) {
    if depth > 32 {
        return;
    }
    let dangling = |o: &Object| matches!(o, Object::Reference(id) if !ids.contains(id));
    let dict = match obj {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &mut s.dict,
        Object::Array(items) => {
            for item in items.iter_mut() {
                if dangling(item) {
                    *item = Object::Null;
                } else {
                    prune_dangling(item, ids, depth + 1);
                }
            }
            return;
        }
        _ => return,
    };
    let gone: Vec<Vec<u8>> = dict
        .iter()
        .filter(|(_, v)| dangling(v))
        .map(|(k, _)| k.clone())
        .collect();
    for k in gone {
        dict.remove(&k);
    }
    for (_, v) in dict.iter_mut() {
        prune_dangling(v, ids, depth + 1);
    }
}

fn walk_forms(
    doc: &Document,
    res: &Dictionary,
    stack: &mut Vec<ObjectId>,
    empty: &mut HashSet<ObjectId>,
    visits: &mut u32,
) {
    let Some(xobjects) = res.get(b"XObject").ok().and_then(|o| deref_dict(doc, o)) else {
        return;
    };
    for (_, entry) in xobjects.iter() {
        let Ok(id) = entry.as_reference() else {
            continue;
        };
        if empty.contains(&id) {
            continue;
        }
        let Ok(Object::Stream(form)) = doc.get_object(id) else {
            continue;
        };
        if stack.contains(&id) || stack.len() >= MAX_FORM_DEPTH || *visits >= MAX_FORM_VISITS {
            empty.insert(id);
            continue;
        }
        *visits += 1;
        // A form without its own resources uses its caller's (as pdf-extract does).
        let inner = form
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| deref_dict(doc, o))
            .unwrap_or(res);
        stack.push(id);
        walk_forms(doc, inner, stack, empty, visits);
        stack.pop();
    }
}

fn deref_dict<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    doc.dereference(obj).ok()?.1.as_dict().ok()
}

fn number_array(doc: &Document, obj: &Object) -> Option<Vec<f64>> {
    let arr = doc.dereference(obj).ok()?.1.as_array().ok()?;
    arr.iter()
        .map(|o| match o {
            Object::Integer(i) => Some(*i as f64),
            Object::Real(r) => Some(f64::from(*r)),
            _ => None,
        })
        .collect()
}

/// The page's resource dictionary, inherited through `/Parent` like pdf-extract does.
fn page_resources(doc: &Document, page: ObjectId) -> Option<&Dictionary> {
    let mut cur = doc.get_dictionary(page).ok()?;
    for _ in 0..64 {
        if let Some(res) = cur.get(b"Resources").ok().and_then(|o| deref_dict(doc, o)) {
            return Some(res);
        }
        let parent = cur.get(b"Parent").and_then(Object::as_reference).ok()?;
        cur = doc.get_dictionary(parent).ok()?;
    }
    None
}

// ---------------------------------------------------------------------------
// Links.

fn collect_links(doc: &Document, pages: &[(u32, ObjectId)]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for &(_, id) in pages {
        let Ok(page) = doc.get_dictionary(id) else {
            continue;
        };
        let Some(annots) = page
            .get(b"Annots")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_array().ok())
        else {
            continue;
        };
        for a in annots {
            let Some(annot) = deref_dict(doc, a) else {
                continue;
            };
            let Some(action) = annot.get(b"A").ok().and_then(|o| deref_dict(doc, o)) else {
                continue;
            };
            if !action
                .get(b"S")
                .and_then(Object::as_name)
                .is_ok_and(|s| s == b"URI")
            {
                continue;
            }
            let Some(uri) = action
                .get(b"URI")
                .ok()
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_str().ok())
            else {
                continue;
            };
            let uri = String::from_utf8_lossy(uri).trim().to_string();
            if !uri.is_empty() && uri.len() < 2048 && !out.contains(&uri) {
                out.push(uri);
                if out.len() >= MAX_LINKS {
                    return out;
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Fonts: which text strings of a page are bold, and the true glyph widths that
// pdf-extract gets wrong.

/// What pdf-extract will not tell about one text string it shows.
#[derive(Debug, Clone, Default)]
struct StrInfo {
    /// The current font is bold.
    bold: bool,
    /// True advance widths (1/1000 em) of the string's glyphs, when the font is
    /// a CIDFont whose `/W` has range entries (pdf-extract applies the default
    /// width to those, and so misplaces every later glyph of the string).
    widths: Option<Vec<f32>>,
    /// How it was painted: an index into the page's [`Canvas::paints`].
    paint: Option<u32>,
}

/// What is known about one font resource.
#[derive(Debug, Clone, Default)]
struct FontInfo {
    bold: bool,
    /// CID → width for two-byte (Identity) CIDFonts with `/W` range entries.
    cid_widths: Option<std::rc::Rc<(HashMap<u32, f32>, f32)>>,
}

/// The walk of one page's content: one [`StrInfo`] per text string shown, in
/// the order pdf-extract shows them (one `begin_word` per `Tj` string and per
/// string inside a `TJ` array), and how the page was painted.
#[derive(Debug, Default)]
struct PageWalk {
    strings: Vec<StrInfo>,
    canvas: Canvas,
}

/// `None` when the page content cannot be walked.
fn string_sequence(doc: &Document, page: ObjectId) -> Option<PageWalk> {
    let content = doc.get_page_content(page).ok()?;
    let res = page_resources(doc, page)?;
    let mut out = PageWalk::default();
    // pdf-extract caches fonts by resource name for the whole page; so do we.
    let mut cache: HashMap<Vec<u8>, FontInfo> = HashMap::new();
    walk_text(doc, &content, res, &mut out, &mut cache, Vis::default())?;
    Some(out)
}

/// The numbers among `operands`, if there are exactly `n` of them.
fn numbers<const N: usize>(operands: &[Operand]) -> Option<[f64; N]> {
    if operands.len() != N {
        return None;
    }
    let mut out = [0.0; N];
    for (o, v) in operands.iter().zip(out.iter_mut()) {
        match o {
            Operand::Num(n) => *v = *n,
            _ => return None,
        }
    }
    Some(out)
}

/// The colour space a `cs` operand names.
fn colour_space(doc: &Document, res: &Dictionary, name: &[u8]) -> Space {
    match name {
        b"DeviceGray" | b"G" | b"CalGray" => return Space::Gray,
        b"DeviceRGB" | b"RGB" | b"CalRGB" => return Space::Rgb,
        b"DeviceCMYK" | b"CMYK" => return Space::Cmyk,
        _ => {}
    }
    let Some(def) = res
        .get(b"ColorSpace")
        .ok()
        .and_then(|o| deref_dict(doc, o))
        .and_then(|d| d.get(name).ok())
        .and_then(|o| doc.dereference(o).ok())
        .map(|(_, o)| o)
    else {
        return Space::Other;
    };
    let Ok(arr) = def.as_array() else {
        return match def.as_name() {
            Ok(n) if n != name => colour_space(doc, &Dictionary::new(), n),
            _ => Space::Other,
        };
    };
    match arr.first().and_then(|o| o.as_name().ok()) {
        Some(b"ICCBased") => arr
            .get(1)
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_stream().ok())
            .and_then(|s| s.dict.get(b"N").and_then(Object::as_i64).ok())
            .map_or(Space::Other, Space::of_components),
        Some(b"CalGray") => Space::Gray,
        Some(b"CalRGB") => Space::Rgb,
        _ => Space::Other,
    }
}

/// Whether an ExtGState sets the fill alpha to (nearly) zero; `None` when it
/// does not set it.
fn fill_alpha_zero(doc: &Document, res: &Dictionary, name: &[u8]) -> Option<bool> {
    let gs = res
        .get(b"ExtGState")
        .ok()
        .and_then(|o| deref_dict(doc, o))?
        .get(name)
        .ok()
        .and_then(|o| deref_dict(doc, o))?;
    let ca = match doc.dereference(gs.get(b"ca").ok()?).ok()?.1 {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => return None,
    };
    Some(ca <= 0.01)
}

fn walk_text(
    doc: &Document,
    content: &[u8],
    res: &Dictionary,
    out: &mut PageWalk,
    cache: &mut HashMap<Vec<u8>, FontInfo>,
    mut vis: Vis,
) -> Option<()> {
    if vis.form_depth > MAX_FORM_DEPTH {
        return None;
    }
    let mut font = FontInfo::default();
    let mut saved: Vec<(FontInfo, Vis)> = Vec::new();
    let mut clip_pending = false;
    let info = |font: &FontInfo, s: &[u8], paint: u32| StrInfo {
        bold: font.bold,
        widths: font.cid_widths.as_ref().map(|w| {
            s.chunks(2)
                .map(|c| {
                    let cid = if c.len() == 2 {
                        u32::from(c[0]) << 8 | u32::from(c[1])
                    } else {
                        u32::from(c[0])
                    };
                    w.0.get(&cid).copied().unwrap_or(w.1)
                })
                .collect()
        }),
        paint: Some(paint),
    };
    let mut lexer = Lexer {
        data: content,
        pos: 0,
    };
    let mut operands: Vec<Operand> = Vec::new();
    while let Some(tok) = lexer.next_token() {
        // pdf-extract stops at the glyph cap; the walk need not go further.
        if out.strings.len() > MAX_GLYPHS {
            return Some(());
        }
        let op = match tok? {
            Token::Operand(o) => {
                if operands.len() < 64 {
                    operands.push(o);
                }
                continue;
            }
            Token::Operator(op) => op,
        };
        match op {
            b"Tf" => {
                let Some(Operand::Name(name)) = operands.first() else {
                    return None;
                };
                font = match cache.get(name) {
                    Some(f) => f.clone(),
                    None => {
                        let f = font_info(doc, res, name);
                        cache.insert(name.clone(), f.clone());
                        f
                    }
                };
            }
            b"q" if saved.len() < 256 => saved.push((font.clone(), vis.clone())),
            b"Q" => {
                if let Some((f, v)) = saved.pop() {
                    font = f;
                    vis = v;
                }
            }
            b"Tj" => {
                let paint = out.canvas.paint(&vis);
                match operands.first() {
                    Some(Operand::Str(s)) => out.strings.push(info(&font, s, paint)),
                    _ => out.strings.push(StrInfo::default()),
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = operands.first() {
                    let paint = out.canvas.paint(&vis);
                    for item in items {
                        if let Operand::Str(s) = item {
                            out.strings.push(info(&font, s, paint));
                        }
                    }
                }
            }
            // Graphics state that decides whether text can be seen.
            b"cm" => {
                if let Some(m) = numbers::<6>(&operands) {
                    vis.ctm = concat(&m, &vis.ctm);
                }
            }
            b"g" | b"rg" | b"k" => {
                vis.space = match op {
                    b"g" => Space::Gray,
                    b"rg" => Space::Rgb,
                    _ => Space::Cmyk,
                };
                let v: Vec<f64> = operands
                    .iter()
                    .filter_map(|o| match o {
                        Operand::Num(n) => Some(*n),
                        _ => None,
                    })
                    .collect();
                vis.fill = vis.space.colour(&v);
            }
            b"cs" => {
                if let Some(Operand::Name(name)) = operands.first() {
                    vis.space = colour_space(doc, res, name);
                    vis.fill = vis.space.initial();
                }
            }
            b"sc" | b"scn" => {
                let v: Option<Vec<f64>> = operands
                    .iter()
                    .map(|o| match o {
                        Operand::Num(n) => Some(*n),
                        _ => None,
                    })
                    .collect();
                // A pattern name among the operands: not judged.
                vis.fill = v.and_then(|v| vis.space.colour(&v));
            }
            b"Tr" => {
                if let Some([mode]) = numbers::<1>(&operands) {
                    let mode = mode as i64;
                    vis.no_paint = mode == 3 || mode == 7;
                    vis.stroke_only = mode == 1 || mode == 5;
                }
            }
            b"gs" => {
                if let Some(Operand::Name(name)) = operands.first()
                    && let Some(zero) = fill_alpha_zero(doc, res, name)
                {
                    vis.transparent = zero;
                }
            }
            // Paths: filled areas are backgrounds, `W` paths clip.
            b"re" => {
                if let Some([x, y, w, h]) = numbers::<4>(&operands) {
                    out.canvas.rect(&vis, x, y, w, h);
                }
            }
            b"m" | b"l" | b"c" | b"v" | b"y" => {
                let v: Vec<f64> = operands
                    .iter()
                    .filter_map(|o| match o {
                        Operand::Num(n) => Some(*n),
                        _ => None,
                    })
                    .collect();
                let points: Vec<(f64, f64)> = v.chunks_exact(2).map(|p| (p[0], p[1])).collect();
                out.canvas.path_points(&vis, &points);
            }
            b"W" | b"W*" => clip_pending = true,
            b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" | b"S" | b"s" | b"n" => {
                let fill = !matches!(op, b"S" | b"s" | b"n");
                out.canvas.paint_path(&mut vis, fill, clip_pending);
                clip_pending = false;
            }
            b"sh" => out.canvas.opaque_unknown(&vis, true),
            b"BI" => {
                out.canvas.opaque_unknown(&vis, false);
                lexer.skip_inline_image()?;
            }
            b"Do" => {
                let Some(Operand::Name(name)) = operands.first() else {
                    return None;
                };
                let xobjects = res.get(b"XObject").ok().and_then(|o| deref_dict(doc, o))?;
                let (_, obj) = doc.dereference(xobjects.get(name).ok()?).ok()?;
                let form = obj.as_stream().ok()?;
                if form
                    .dict
                    .get(b"Subtype")
                    .and_then(Object::as_name)
                    .is_ok_and(|n| n == b"Image")
                {
                    out.canvas.opaque_unknown(&vis, false);
                    operands.clear();
                    continue;
                }
                let inner = form
                    .dict
                    .get(b"Resources")
                    .ok()
                    .and_then(|o| deref_dict(doc, o))
                    .unwrap_or(res);
                let data = if form.dict.get(b"Filter").is_ok() {
                    form.decompressed_content()
                        .unwrap_or_else(|_| form.content.clone())
                } else {
                    form.content.clone()
                };
                let mut inner_vis = vis.clone();
                inner_vis.form_depth += 1;
                if let Some(m) = form
                    .dict
                    .get(b"Matrix")
                    .ok()
                    .and_then(|o| number_array(doc, o))
                    .and_then(|v| <[f64; 6]>::try_from(v).ok())
                {
                    inner_vis.ctm = concat(&m, &inner_vis.ctm);
                }
                if let Some(b) = form
                    .dict
                    .get(b"BBox")
                    .ok()
                    .and_then(|o| number_array(doc, o))
                    .and_then(|v| <[f64; 4]>::try_from(v).ok())
                {
                    out.canvas.clip_to(&mut inner_vis, b);
                }
                walk_text(doc, &data, inner, out, cache, inner_vis)?;
            }
            _ => {}
        }
        operands.clear();
    }
    Some(())
}

/// An operand of a content-stream operator, as far as the walk needs it.
#[derive(Debug)]
enum Operand {
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Operand>),
    Num(f64),
    Other,
}

enum Token<'a> {
    Operand(Operand),
    Operator(&'a [u8]),
}

/// A minimal content-stream tokenizer: enough to follow fonts, text strings
/// and form XObjects several times faster than a full parse into objects.
struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

/// A numeric operand (anything else that is not a keyword: `Other`).
fn number(w: &[u8]) -> Operand {
    std::str::from_utf8(w)
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|v| v.is_finite())
        .map_or(Operand::Other, Operand::Num)
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

impl<'a> Lexer<'a> {
    /// The next token; `None` at the end, `Some(None)` on malformed input.
    fn next_token(&mut self) -> Option<Option<Token<'a>>> {
        self.skip_space();
        let &b = self.data.get(self.pos)?;
        Some(match b {
            b'[' => {
                self.pos += 1;
                self.array(0).map(|a| Token::Operand(Operand::Array(a)))
            }
            b']' | b')' | b'>' | b'}' => None,
            _ => match self.operand(b) {
                Some(Some(o)) => Some(Token::Operand(o)),
                Some(None) => None,
                None => {
                    let start = self.pos;
                    while self
                        .data
                        .get(self.pos)
                        .is_some_and(|&c| !is_space(c) && !is_delimiter(c))
                    {
                        self.pos += 1;
                    }
                    let word = &self.data[start..self.pos];
                    match word {
                        b"true" | b"false" | b"null" => Some(Token::Operand(Operand::Other)),
                        w if w.first().is_some_and(|c| {
                            c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.')
                        }) =>
                        {
                            Some(Token::Operand(number(w)))
                        }
                        b"" => None,
                        w => Some(Token::Operator(w)),
                    }
                }
            },
        })
    }

    /// A non-keyword operand starting at the current byte: `None` when the
    /// byte starts a keyword or number, `Some(None)` when malformed.
    fn operand(&mut self, b: u8) -> Option<Option<Operand>> {
        Some(match b {
            b'/' => {
                self.pos += 1;
                Some(Operand::Name(self.name()))
            }
            b'(' => {
                self.pos += 1;
                self.literal().map(Operand::Str)
            }
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                self.skip_dict().map(|()| Operand::Other)
            }
            b'<' => {
                self.pos += 1;
                self.hex().map(Operand::Str)
            }
            b'{' => {
                self.pos += 1;
                Some(Operand::Other)
            }
            _ => return None,
        })
    }

    fn skip_space(&mut self) {
        while let Some(&b) = self.data.get(self.pos) {
            if is_space(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self
                    .data
                    .get(self.pos)
                    .is_some_and(|&c| c != b'\n' && c != b'\r')
                {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(&c) = self.data.get(self.pos) {
            if is_space(c) || is_delimiter(c) {
                break;
            }
            self.pos += 1;
            if c == b'#'
                && let Some(h) = self.data.get(self.pos..self.pos + 2)
                && let Ok(v) = u8::from_str_radix(&String::from_utf8_lossy(h), 16)
            {
                out.push(v);
                self.pos += 2;
                continue;
            }
            out.push(c);
        }
        out
    }

    fn literal(&mut self) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        loop {
            let &c = self.data.get(self.pos)?;
            self.pos += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(out);
                    }
                    out.push(c);
                }
                b'\\' => {
                    let &e = self.data.get(self.pos)?;
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.data.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.data.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xff) as u8);
                        }
                        other => out.push(other),
                    }
                }
                c => out.push(c),
            }
        }
    }

    fn hex(&mut self) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        loop {
            let &c = self.data.get(self.pos)?;
            self.pos += 1;
            let v = match c {
                b'>' => break,
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                c if is_space(c) => continue,
                _ => return None,
            };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        Some(out)
    }

    fn array(&mut self, depth: usize) -> Option<Vec<Operand>> {
        if depth > 32 {
            return None;
        }
        let mut items = Vec::new();
        loop {
            self.skip_space();
            let &b = self.data.get(self.pos)?;
            match b {
                b']' => {
                    self.pos += 1;
                    return Some(items);
                }
                b'[' => {
                    self.pos += 1;
                    items.push(Operand::Array(self.array(depth + 1)?));
                }
                _ => match self.operand(b) {
                    Some(o) => items.push(o?),
                    None => {
                        // A number (or keyword) inside the array.
                        let start = self.pos;
                        while self
                            .data
                            .get(self.pos)
                            .is_some_and(|&c| !is_space(c) && !is_delimiter(c))
                        {
                            self.pos += 1;
                        }
                        if self.pos == start {
                            return None;
                        }
                        items.push(number(&self.data[start..self.pos]));
                    }
                },
            }
        }
    }

    /// Skip a `<< … >>` dictionary (the opening `<<` already read).
    fn skip_dict(&mut self) -> Option<()> {
        let mut depth = 1usize;
        while depth > 0 {
            self.skip_space();
            let &b = self.data.get(self.pos)?;
            match b {
                b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                    self.pos += 2;
                    depth += 1;
                }
                b'>' if self.data.get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    depth -= 1;
                }
                b'(' => {
                    self.pos += 1;
                    self.literal()?;
                }
                b'<' => {
                    self.pos += 1;
                    self.hex()?;
                }
                _ => self.pos += 1,
            }
        }
        Some(())
    }

    /// Skip an inline image: its parameters up to `ID`, then its data up to
    /// an `EI` between whitespace.
    fn skip_inline_image(&mut self) -> Option<()> {
        loop {
            match self.next_token()?? {
                Token::Operator(b"ID") => break,
                Token::Operator(_) | Token::Operand(_) => {}
            }
        }
        self.pos += 1;
        let rest = self.data.get(self.pos..)?;
        let mut i = 0;
        while i + 2 <= rest.len() {
            if &rest[i..i + 2] == b"EI"
                && (i == 0 || is_space(rest[i - 1]))
                && rest
                    .get(i + 2)
                    .is_none_or(|&c| is_space(c) || is_delimiter(c))
            {
                self.pos += i + 2;
                return Some(());
            }
            i += 1;
        }
        None
    }
}

fn font_info(doc: &Document, res: &Dictionary, name: &[u8]) -> FontInfo {
    let Some(font) = res
        .get(b"Font")
        .ok()
        .and_then(|o| deref_dict(doc, o))
        .and_then(|fonts| fonts.get(name).ok())
        .and_then(|o| deref_dict(doc, o))
    else {
        return FontInfo::default();
    };
    // The descendant CIDFont of a Type0 font.
    let descendant = font
        .get(b"DescendantFonts")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_array().ok())
        .and_then(|a| a.first())
        .and_then(|o| deref_dict(doc, o));
    let identity = font
        .get(b"Encoding")
        .and_then(Object::as_name)
        .is_ok_and(|e| e == b"Identity-H");
    let cid_widths = match descendant {
        Some(d) if identity => cid_width_table(doc, d).map(std::rc::Rc::new),
        _ => None,
    };
    FontInfo {
        bold: font_is_bold(doc, font, descendant),
        cid_widths,
    }
}

/// A CIDFont's `/W` widths and `/DW`, but only when `/W` has a range entry
/// (`c_first c_last w`), which pdf-extract ignores.
fn cid_width_table(doc: &Document, cid: &Dictionary) -> Option<(HashMap<u32, f32>, f32)> {
    let num = |o: &Object| match doc.dereference(o).ok()?.1 {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    };
    let dw = cid.get(b"DW").ok().and_then(num).unwrap_or(1000.0);
    let w = doc
        .dereference(cid.get(b"W").ok()?)
        .ok()?
        .1
        .as_array()
        .ok()?;
    let mut map = HashMap::new();
    let mut ranged = false;
    let mut i = 0;
    while i + 1 < w.len() && map.len() < 70_000 {
        let first = num(&w[i])?.max(0.0) as u32;
        match doc.dereference(&w[i + 1]).ok()?.1 {
            Object::Array(list) => {
                for (j, v) in list.iter().enumerate().take(70_000) {
                    map.insert(first + j as u32, num(v)?);
                }
                i += 2;
            }
            other => {
                let last = num(other)?.max(0.0) as u32;
                let width = num(w.get(i + 2)?)?;
                if last >= first && last - first < 70_000 {
                    for c in first..=last {
                        map.insert(c, width);
                    }
                }
                ranged = true;
                i += 3;
            }
        }
    }
    ranged.then_some((map, dw))
}

fn font_is_bold(doc: &Document, font: &Dictionary, descendant: Option<&Dictionary>) -> bool {
    if let Ok(base) = font.get(b"BaseFont").and_then(Object::as_name)
        && bold_font_name(base)
    {
        return true;
    }
    // The descriptor: the font's own, or its descendant's for Type0 fonts.
    let descriptor = font
        .get(b"FontDescriptor")
        .ok()
        .or_else(|| descendant.and_then(|d| d.get(b"FontDescriptor").ok()))
        .and_then(|o| deref_dict(doc, o));
    let Some(desc) = descriptor else {
        return false;
    };
    let weight = desc
        .get(b"FontWeight")
        .ok()
        .and_then(|o| o.as_float().ok())
        .unwrap_or(0.0);
    let flags = desc
        .get(b"Flags")
        .ok()
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(0);
    weight >= 600.0 || flags & (1 << 18) != 0
}

/// Whether a PostScript font name names a bold weight ("ABCDEF+Arial-BoldMT",
/// "LiberationSerif-Bold", TeX's "CMBX10", "SFBX1200", psnfss "ptmb8r").
fn bold_font_name(name: &[u8]) -> bool {
    let name = String::from_utf8_lossy(name).to_ascii_lowercase();
    // Drop a subset prefix "ABCDEF+".
    let name = name.split_once('+').map_or(name.as_str(), |(_, n)| n);
    const WORDS: &[&str] = &[
        "bold", "black", "heavy", "semibold", "demi", "extrab", "ultrab", "-sb", "_sb",
    ];
    if WORDS.iter().any(|w| name.contains(w)) {
        return true;
    }
    // TeX: cmbx, cmb, cmssbx, sfbx, lmroman10-bold (covered above), ec "sfbx".
    const TEX: &[&str] = &["cmbx", "cmb1", "cmssbx", "sfbx", "sfsx", "cmbsy", "ecbx"];
    if TEX.iter().any(|p| name.starts_with(p)) {
        return true;
    }
    // psnfss names: foundry letter, 2-letter family, weight letter 'b'.
    let b = name.as_bytes();
    b.len() >= 5 && b.len() <= 8 && b[0] == b'p' && b[3] == b'b' && b[b.len() - 2..] == *b"8r"
}

// ---------------------------------------------------------------------------
// Glyph collection.

#[derive(Debug, Clone)]
struct Glyph {
    /// Origin, points from the left of the media box.
    x: f32,
    /// Baseline, points from the top of the media box.
    y: f32,
    /// Effective font size in points.
    size: f32,
    /// Advance width in points.
    w: f32,
    /// `w` is known to be the font's true width (our walk of the content
    /// stream matched pdf-extract's), not possibly pdf-extract's wrong one.
    exact: bool,
    /// The origin as pdf-extract reported it, before our width correction.
    raw_x: f32,
    /// pdf-extract's width, before our correction.
    raw_w: f32,
    text: String,
    /// A whitespace glyph (kept only as word-break evidence).
    space: bool,
    /// Drawn with a bold font.
    bold: bool,
    /// How the walk says it is hidden ([`pdf_hidden`] kinds; 0 = visible).
    hidden: u8,
}

#[derive(Debug, Default)]
struct RawPage {
    number: u32,
    glyphs: Vec<Glyph>,
}

#[derive(Default)]
struct Collector {
    pages: Vec<RawPage>,
    open: bool,
    llx: f64,
    ury: f64,
    width: f64,
    height: f64,
    /// Our walk of the page's text strings and painting, if it succeeded.
    walk: Option<PageWalk>,
    /// Text strings begun on this page (pdf-extract's `begin_word` calls).
    words: usize,
    /// Glyphs shown so far of the current string.
    in_word: usize,
    /// Our walk and pdf-extract disagreed about the strings of this page.
    misaligned: bool,
    /// Accumulated position error (points) from pdf-extract's wrong widths
    /// since the last text positioning operator.
    drift: f64,
    total: usize,
    full: bool,
    /// Characters of hidden text (not whitespace) over the document, and how
    /// they were hidden.
    hidden_chars: usize,
    hidden_kinds: u8,
}

impl Collector {
    fn current(&self) -> Option<&StrInfo> {
        self.walk.as_ref()?.strings.get(self.words.checked_sub(1)?)
    }

    /// Count a hidden glyph's characters.
    fn note_hidden(&mut self, text: &str, kinds: u8) {
        let n = text.chars().filter(|c| !c.is_whitespace()).count();
        if n > 0 {
            self.hidden_chars += n;
            self.hidden_kinds |= kinds;
        }
    }

    /// Check that the string just finished had as many glyphs as we expected.
    fn check_string(&mut self) {
        if let Some(w) = self.current().and_then(|i| i.widths.as_ref())
            && w.len() != self.in_word
        {
            self.misaligned = true;
        }
    }

    /// Finish the current page (also after pdf-extract failed mid-page). If
    /// our walk of the strings did not match pdf-extract's, fall back to
    /// pdf-extract's positions and widths and drop the bold flags.
    fn close_page(&mut self) {
        if !self.open {
            return;
        }
        self.check_string();
        self.open = false;
        let seen = self.walk.as_ref().map_or(0, |w| w.strings.len());
        let trust_walk = !(self.misaligned || self.words > seen || self.walk.is_none());
        let Some(p) = self.pages.last_mut() else {
            return;
        };
        if !trust_walk {
            for g in &mut p.glyphs {
                g.x = g.raw_x;
                g.w = g.raw_w;
                g.exact = false;
                g.bold = false;
                g.hidden &= !pdf_hidden::FROM_WALK;
            }
        }
        // Hidden text is counted and left out of the lines.
        let glyphs = std::mem::take(&mut p.glyphs);
        let (hidden, visible): (Vec<Glyph>, Vec<Glyph>) =
            glyphs.into_iter().partition(|g| g.hidden != 0);
        p.glyphs = visible;
        for g in hidden {
            self.note_hidden(&g.text, g.hidden);
        }
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.close_page();
        self.open = true;
        self.llx = media_box.llx.min(media_box.urx);
        self.ury = media_box.ury.max(media_box.lly);
        self.width = (media_box.urx - media_box.llx).abs();
        self.height = (media_box.ury - media_box.lly).abs();
        self.words = 0;
        self.in_word = 0;
        self.misaligned = false;
        self.drift = 0.0;
        self.pages.push(RawPage {
            number: page_num,
            glyphs: Vec::new(),
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.close_page();
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        if self.total >= MAX_GLYPHS {
            self.full = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        self.total += 1;
        let info = self.current();
        let known = info.is_some();
        let bold = info.is_some_and(|i| i.bold);
        let paint = info.and_then(|i| i.paint);
        let true_width = info
            .and_then(|i| i.widths.as_ref())
            .and_then(|w| w.get(self.in_word))
            .map(|&w| f64::from(w) / 1000.0);
        self.in_word += 1;
        // Upright text only: rotated or mirrored glyphs (vertical side labels)
        // would scramble the lines they cross.
        let (a, b, c, d) = (trm.m11, trm.m12, trm.m21, trm.m22);
        if !(a > 0.0 && d > 0.0 && b.abs() <= 0.05 * a && c.abs() <= 0.05 * d) {
            return Ok(());
        }
        let x = trm.m31 + self.drift;
        let corrected = match true_width {
            Some(t) => {
                // pdf-extract advanced by `width`; the font says `t`.
                self.drift += (t - width) * font_size * a;
                t
            }
            None => width,
        };
        let size = (font_size.abs() * (a * d - b * c).abs().sqrt()) as f32;
        let raw_x = (trm.m31 - self.llx) as f32;
        let x = (x - self.llx) as f32;
        let y = (self.ury - trm.m32) as f32;
        let w = (corrected * font_size.abs() * a) as f32;
        let raw_w = (width * font_size.abs() * a) as f32;
        let finite = size.is_finite() && x.is_finite() && raw_x.is_finite() && y.is_finite();
        if !finite || size > 400.0 {
            return Ok(());
        }
        // Text under a point tall, or off the page, is invisible.
        if size < 1.0 {
            self.note_hidden(text, pdf_hidden::TINY);
            return Ok(());
        }
        let (pw, ph) = (self.width as f32, self.height as f32);
        if x < -size || y < -size || x > pw + size || y > ph + size {
            self.note_hidden(text, pdf_hidden::OFF_PAGE);
            return Ok(());
        }
        // Colour, render mode and clip, from the walk.
        let hidden = match (paint, self.walk.as_ref()) {
            (Some(i), Some(walk)) => walk.canvas.paints.get(i as usize).map_or(0, |p| {
                pdf_hidden::judge(
                    p,
                    &walk.canvas.backgrounds,
                    trm.m31,
                    trm.m32,
                    f64::from(size),
                )
            }),
            _ => 0,
        };
        let clean = clean_glyph_text(text);
        let space = clean.chars().all(char::is_whitespace);
        let finite = |v: f32| if v.is_finite() { v } else { 0.0 };
        if let Some(p) = self.pages.last_mut() {
            p.glyphs.push(Glyph {
                x,
                y,
                size,
                w: finite(w),
                exact: known,
                raw_x,
                raw_w: finite(raw_w),
                text: if space { String::new() } else { clean },
                space,
                bold,
                hidden,
            });
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.check_string();
        self.words += 1;
        self.in_word = 0;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        // Td, TD, T* and Tm set the text position afresh.
        self.drift = 0.0;
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Layout: glyphs → rows → chunks → columns → lines.

/// A glyph placed in a row, with its estimated right edge.
#[derive(Debug, Clone)]
struct Placed {
    x: f32,
    end: f32,
    y: f32,
    size: f32,
    text: String,
    /// Whitespace glyphs that stood between this glyph and the previous one
    /// (two or more mark a field gap, as in text: "Acme  2019").
    space_before: u8,
    /// `end` comes from the font's width, not from an estimate.
    trusted: bool,
    bold: bool,
    /// Drawn twice at (nearly) the same spot: fake bold.
    doubled: bool,
}

/// Consecutive glyphs of one row without a wide gap.
#[derive(Debug)]
struct Chunk {
    x0: f32,
    x1: f32,
    chars: usize,
    glyphs: Vec<Placed>,
}

#[derive(Debug)]
struct Row {
    /// Top of the row's dominant text, points from the page top.
    top: f32,
    chunks: Vec<Chunk>,
}

fn layout_page(page: &RawPage, out: &mut Vec<Line>) {
    let rows = build_rows(&page.glyphs);
    if rows.is_empty() {
        return;
    }
    let gutter = find_gutter(&rows);
    let mut blocks: Vec<Vec<(usize, u8, Vec<&Chunk>)>> = Vec::new();
    match gutter {
        None => {
            let block = rows
                .iter()
                .enumerate()
                .map(|(i, r)| (i, 0u8, r.chunks.iter().collect()))
                .collect();
            blocks.push(block);
        }
        Some(g) => {
            // Runs of rows that do not cross the gutter are read column by
            // column when both sides have text; everything else row by row.
            let mut i = 0;
            while i < rows.len() {
                if crosses(&rows[i], g) {
                    let mut block = Vec::new();
                    while i < rows.len() && crosses(&rows[i], g) {
                        block.push((i, 0u8, rows[i].chunks.iter().collect()));
                        i += 1;
                    }
                    blocks.push(block);
                    continue;
                }
                let start = i;
                while i < rows.len() && !crosses(&rows[i], g) {
                    i += 1;
                }
                let run = start..i;
                let left_rows = run
                    .clone()
                    .filter(|&r| rows[r].chunks.iter().any(|c| c.x1 <= g.0))
                    .count();
                let right_rows = run
                    .clone()
                    .filter(|&r| rows[r].chunks.iter().any(|c| c.x0 >= g.1))
                    .count();
                if left_rows >= 2 && right_rows >= 2 {
                    let mut left = Vec::new();
                    let mut right = Vec::new();
                    for r in run {
                        let (l, rt): (Vec<&Chunk>, Vec<&Chunk>) =
                            rows[r].chunks.iter().partition(|c| c.x1 <= g.0);
                        if !l.is_empty() {
                            left.push((r, 0u8, l));
                        }
                        if !rt.is_empty() {
                            right.push((r, 1u8, rt));
                        }
                    }
                    blocks.push(left);
                    blocks.push(right);
                } else {
                    blocks.push(
                        run.map(|r| (r, 0u8, rows[r].chunks.iter().collect()))
                            .collect(),
                    );
                }
            }
        }
    }
    for block in blocks {
        let mut made: Vec<(Line, f32)> = block
            .into_iter()
            .filter_map(|(_, column, chunks)| make_line(&chunks, page.number, column))
            .collect();
        // Rows were ordered by the top of their dominant text over the whole
        // page; within one column, order by the line's own top.
        made.sort_by(|a, b| a.0.y.total_cmp(&b.0.y));
        let mut prev: Option<(f32, f32)> = None; // (baseline, size)
        for (mut line, baseline) in made {
            line.gap_before = match prev {
                None => 0.0,
                Some((pb, ps)) => {
                    let extra = (baseline - pb) - (0.2 * ps + line.size);
                    let h = 1.2 * line.size.max(1.0);
                    ((extra.max(0.0) / h) * 100.0).round() / 100.0
                }
            };
            prev = Some((baseline, line.size));
            out.push(line);
        }
    }
}

fn crosses(row: &Row, g: (f32, f32)) -> bool {
    row.chunks.iter().any(|c| c.x0 < g.1 && c.x1 > g.0)
}

/// Group glyphs into rows by baseline, sort them by x, fold doubled glyphs,
/// estimate glyph ends and cut rows into chunks at wide gaps.
fn build_rows(glyphs: &[Glyph]) -> Vec<Row> {
    let mut order: Vec<usize> = (0..glyphs.len()).collect();
    order.sort_by(|&a, &b| {
        glyphs[a]
            .y
            .total_cmp(&glyphs[b].y)
            .then(glyphs[a].x.total_cmp(&glyphs[b].x))
    });
    // Glyphs whose baselines are within half an em of an anchor glyph (the
    // largest seen so far): a line with its superscripts and subscripts.
    // (anchor baseline, anchor size, members)
    let mut groups: Vec<(f32, f32, Vec<usize>)> = Vec::new();
    for i in order {
        let g = &glyphs[i];
        match groups.last_mut() {
            Some((base, size, members)) if (g.y - *base).abs() <= 0.5 * g.size.max(*size) => {
                members.push(i);
                if !g.space && g.size > *size {
                    *base = g.y;
                    *size = g.size;
                }
            }
            _ => groups.push((g.y, g.size, vec![i])),
        }
    }
    let mut rows = Vec::with_capacity(groups.len());
    for (_, _, members) in groups {
        for mut part in split_overlapping(glyphs, members) {
            part.sort_by(|&a, &b| glyphs[a].x.total_cmp(&glyphs[b].x));
            if let Some(row) = make_row(glyphs, &part) {
                rows.push(row);
            }
        }
    }
    rows.sort_by(|a, b| a.top.total_cmp(&b.top));
    rows
}

/// Split a group of glyphs into baselines, then merge back every baseline
/// whose glyphs do not overlap horizontally with the group it joins: a
/// superscript joins its line, two lines drawn over each other stay apart.
fn split_overlapping(glyphs: &[Glyph], mut members: Vec<usize>) -> Vec<Vec<usize>> {
    members.sort_by(|&a, &b| glyphs[a].y.total_cmp(&glyphs[b].y));
    let mut subs: Vec<(f32, Vec<usize>)> = Vec::new();
    for i in members {
        let g = &glyphs[i];
        match subs.last_mut() {
            Some((y, m)) if (g.y - *y).abs() <= 0.15 * g.size => m.push(i),
            _ => subs.push((g.y, vec![i])),
        }
    }
    if subs.len() == 1 {
        return subs.into_iter().map(|(_, m)| m).collect();
    }
    subs.sort_by_key(|(_, m)| std::cmp::Reverse(m.len()));
    let extent = |i: usize| {
        let g = &glyphs[i];
        let w = if plausible_width(g) {
            g.w
        } else {
            0.5 * g.size
        };
        (g.x, g.x + w)
    };
    // (occupied x spans, member glyphs) of each output row.
    type Part = (Vec<(f32, f32)>, Vec<usize>);
    let mut out: Vec<Part> = Vec::new();
    for (_, m) in subs {
        let mut spans: Vec<(f32, f32)> = m
            .iter()
            .filter(|&&i| !glyphs[i].space)
            .map(|&i| extent(i))
            .collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let target = out
            .iter_mut()
            .find(|(have, _)| !spans_overlap(have, &spans));
        match target {
            Some((have, members)) => {
                have.extend(spans);
                have.sort_by(|a, b| a.0.total_cmp(&b.0));
                members.extend(m);
            }
            None => out.push((spans, m)),
        }
    }
    out.into_iter().map(|(_, m)| m).collect()
}

/// Whether two x-sorted span lists overlap by more than a sliver.
fn spans_overlap(a: &[(f32, f32)], b: &[(f32, f32)]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x0, x1) = a[i];
        let (y0, y1) = b[j];
        let overlap = x1.min(y1) - x0.max(y0);
        if overlap > 0.3 * (x1 - x0).min(y1 - y0).max(0.5) {
            return true;
        }
        if x1 < y1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    false
}

/// Drop control characters, spell out Latin ligatures (U+FB00–FB06), turn
/// drawn soft hyphens into hyphens.
fn clean_glyph_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            // A drawn soft hyphen is a visible hyphen (TeX fonts map their
            // hyphen glyph to U+00AD).
            '\u{AD}' => out.push('-'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn plausible_width(g: &Glyph) -> bool {
    let em = g.w / g.size;
    if g.exact {
        return em > 0.0 && em < 3.0;
    }
    // pdf-extract's CIDFont /W bug gives 1000/1000 (the default) to glyphs
    // whose width came from a range entry: an exact 1 em is not trusted for
    // ordinary letters.
    em > 0.05 && em < 1.2 && !((em - 1.0).abs() < 1e-3 && g.text.is_ascii())
}

fn make_row(glyphs: &[Glyph], members: &[usize]) -> Option<Row> {
    // Average plausible width per em on this row, for glyphs whose width is not.
    let (sum, n) = members
        .iter()
        .map(|&i| &glyphs[i])
        .filter(|g| !g.space && plausible_width(g))
        .fold((0.0f32, 0usize), |(s, n), g| (s + g.w / g.size, n + 1));
    let avg_em = if n > 0 { sum / n as f32 } else { 0.5 };

    let mut placed: Vec<Placed> = Vec::with_capacity(members.len());
    let mut pending_space: u8 = 0;
    for &i in members {
        let g = &glyphs[i];
        if g.space {
            if !placed.is_empty() {
                pending_space = pending_space.saturating_add(g.text.chars().count().max(1) as u8);
            }
            continue;
        }
        // Fake bold: the same glyph drawn again within a fraction of an em.
        if let Some(dup) = placed.iter_mut().rev().take(3).find(|p| {
            p.text == g.text
                && (p.x - g.x).abs() < 0.15 * g.size
                && (p.y - g.y).abs() < 0.1 * g.size
        }) {
            dup.doubled = true;
            continue;
        }
        let trusted = plausible_width(g);
        let w = if trusted { g.w } else { avg_em * g.size };
        placed.push(Placed {
            x: g.x,
            end: g.x + w,
            y: g.y,
            size: g.size,
            text: g.text.clone(),
            space_before: pending_space,
            trusted,
            bold: g.bold,
            doubled: false,
        });
        pending_space = 0;
    }
    if placed.is_empty() {
        return None;
    }
    // Top of the row: from the baseline and size of most characters.
    let chars = |p: &Placed| p.text.chars().count();
    let baseline = weighted_mode(placed.iter().map(|p| (p.y, chars(p))));
    let size = weighted_mode(placed.iter().map(|p| (p.size, chars(p))));
    let top = baseline - 0.8 * size;
    let mut chunks: Vec<Chunk> = Vec::new();
    for p in placed {
        let new_chunk = match chunks.last().and_then(|c| c.glyphs.last()) {
            None => true,
            Some(prev) => p.x - prev.end > CHUNK_GAP_EM * prev.size.max(p.size),
        };
        if new_chunk {
            chunks.push(Chunk {
                x0: p.x,
                x1: p.end,
                chars: 0,
                glyphs: Vec::new(),
            });
        }
        if let Some(c) = chunks.last_mut() {
            c.x0 = c.x0.min(p.x);
            c.x1 = c.x1.max(p.end);
            c.chars += p.text.chars().count();
            c.glyphs.push(p);
        }
    }
    Some(Row { top, chunks })
}

/// The value carrying the most weight, values within 0.5 of each other pooled.
fn weighted_mode(items: impl Iterator<Item = (f32, usize)>) -> f32 {
    let mut buckets: Vec<(f32, usize)> = Vec::new();
    for (v, w) in items {
        match buckets.iter_mut().find(|(b, _)| (b - v).abs() <= 0.5) {
            Some(b) => b.1 += w,
            None => buckets.push((v, w)),
        }
    }
    buckets
        .into_iter()
        .max_by_key(|&(_, w)| w)
        .map_or(0.0, |(v, _)| v)
}

/// Join a row's chunks (of one column) into a line.
fn make_line(chunks: &[&Chunk], page: u32, column: u8) -> Option<(Line, f32)> {
    let mut text = String::new();
    let mut sizes: Vec<(f32, usize)> = Vec::new();
    let mut bold_chars = 0usize;
    let mut chars = 0usize;
    let mut prev_end: Option<(f32, f32)> = None; // (end, size)
    let mut baselines: Vec<(f32, usize)> = Vec::new();
    for c in chunks {
        if let Some((end, size)) = prev_end
            && let Some(first) = c.glyphs.first()
        {
            let gap = first.x - end;
            text.push(if gap > TAB_GAP_EM * size.max(first.size) {
                '\t'
            } else {
                ' '
            });
        }
        let tracking = letter_spacing(c);
        let mut last: Option<&Placed> = None;
        for g in &c.glyphs {
            if let Some(l) = last {
                let gap = (g.x - l.end) / l.size.max(g.size);
                let margin = if l.trusted && g.trusted {
                    SPACE_GAP_EM
                } else {
                    SPACE_GAP_EM_ESTIMATED
                };
                if g.space_before >= 2 {
                    text.push('\t');
                } else if g.space_before > 0 || gap > tracking + margin {
                    text.push(' ');
                }
            }
            text.push_str(&g.text);
            let n = g.text.chars().count();
            sizes.push((g.size, n));
            chars += n;
            if g.bold || g.doubled {
                bold_chars += n;
            }
            baselines.push((g.y, n));
            last = Some(g);
        }
        if let Some(l) = last {
            prev_end = Some((l.end, l.size));
        }
    }
    let text = tidy(&text);
    if text.is_empty() {
        return None;
    }
    let size = weighted_mode(sizes.into_iter());
    let baseline = weighted_mode(baselines.into_iter());
    let x = chunks.first().map_or(0.0, |c| c.x0);
    let line = Line {
        text,
        page,
        x: round2(x),
        y: round2((baseline - 0.8 * size).max(0.0)),
        size: round2(size),
        bold: bold_chars * 2 > chars,
        column,
        gap_before: 0.0,
        origin: Origin::Body,
    };
    Some((line, baseline))
}

/// The chunk's own letter spacing in em: its lower-quartile gap, so that
/// letter-spaced headings like "C O N T A C T" read "CONTACT". Word gaps are
/// gaps wider than this by a margin.
fn letter_spacing(c: &Chunk) -> f32 {
    let mut gaps: Vec<f32> = c
        .glyphs
        .windows(2)
        .filter(|w| w[1].space_before == 0)
        .map(|w| (w[1].x - w[0].end) / w[0].size.max(w[1].size))
        .collect();
    if gaps.len() >= 4 {
        gaps.sort_by(f32::total_cmp);
        gaps[gaps.len() / 4].clamp(0.0, 0.6)
    } else {
        0.0
    }
}

/// Trim, fold space runs, keep tabs single and unpadded.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        match c {
            ' ' | '\u{a0}' => {
                if !out.ends_with([' ', '\t']) {
                    out.push(' ');
                }
            }
            '\t' => {
                while out.ends_with(' ') {
                    out.pop();
                }
                if !out.ends_with('\t') {
                    out.push('\t');
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn round2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

// ---------------------------------------------------------------------------
// Column detection.

/// Find a vertical gutter `(x0, x1)` that splits the page into two columns:
/// an x range that no chunk crosses over a long run of rows, with substantial
/// text on both sides, and whose right side is not just flush-right fields
/// (dates) of a single-column page.
fn find_gutter(rows: &[Row]) -> Option<(f32, f32)> {
    if rows.len() < 6 {
        return None;
    }
    let chunks = || rows.iter().flat_map(|r| r.chunks.iter());
    let xmin = chunks().map(|c| c.x0).fold(f32::MAX, f32::min);
    let xmax = chunks().map(|c| c.x1).fold(f32::MIN, f32::max);
    if !(xmax - xmin > 20.0 && xmax - xmin < 5000.0) {
        return None;
    }
    let n = (xmax - xmin).ceil() as usize + 1;
    let mut cov = vec![0u32; n];
    for c in chunks() {
        let a = ((c.x0 - xmin).floor().max(0.0) as usize).min(n - 1);
        let b = ((c.x1 - xmin).ceil().max(0.0) as usize).min(n);
        for v in &mut cov[a..b] {
            *v += 1;
        }
    }
    let allow = (rows.len() / 4).max(1) as u32;
    let mut best: Option<((usize, f32), (f32, f32))> = None;
    let mut i = 1;
    while i < n {
        if cov[i] > allow {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && cov[i] <= allow {
            i += 1;
        }
        if i >= n {
            break; // touches the right margin
        }
        // The widest stretch at the run's minimum coverage.
        let run = &cov[start..i];
        let min = run.iter().copied().min().unwrap_or(0);
        let (mut bs, mut bl, mut cs, mut cl) = (0, 0, 0, 0);
        for (k, &v) in run.iter().enumerate() {
            if v == min {
                if cl == 0 {
                    cs = k;
                }
                cl += 1;
                if cl > bl {
                    bl = cl;
                    bs = cs;
                }
            } else {
                cl = 0;
            }
        }
        let g = (
            xmin + (start + bs) as f32,
            xmin + (start + bs + bl) as f32 - 1.0,
        );
        if g.1 - g.0 >= 2.0
            && let Some(score) = judge_gutter(rows, g)
            && best.is_none_or(|(s, _)| score.0 > s.0 || (score.0 == s.0 && score.1 > s.1))
        {
            best = Some((score, g));
        }
    }
    best.map(|(_, g)| g)
}

/// Score a candidate gutter (rows in its longest clean band, gutter width) or
/// reject it.
fn judge_gutter(rows: &[Row], g: (f32, f32)) -> Option<(usize, f32)> {
    // Longest run of consecutive rows that no chunk of crosses the gutter.
    let (mut best_start, mut best_len, mut cur_start, mut cur_len) = (0, 0, 0, 0);
    for (i, r) in rows.iter().enumerate() {
        if crosses(r, g) {
            cur_len = 0;
        } else {
            if cur_len == 0 {
                cur_start = i;
            }
            cur_len += 1;
            if cur_len > best_len {
                best_len = cur_len;
                best_start = i + 1 - cur_len;
                let _ = cur_start;
            }
        }
    }
    if best_len < 6 || best_len * 2 < rows.len() {
        return None;
    }
    let band = &rows[best_start..best_start + best_len];
    let (mut lc, mut rc, mut lrows, mut rrows) = (0usize, 0usize, 0usize, 0usize);
    let mut right: Vec<&Chunk> = Vec::new();
    for r in band {
        let (mut l, mut rt) = (false, false);
        for c in &r.chunks {
            if c.x1 <= g.0 {
                lc += c.chars;
                l = true;
            } else {
                rc += c.chars;
                rt = true;
                right.push(c);
            }
        }
        lrows += usize::from(l);
        rrows += usize::from(rt);
    }
    let total = lc + rc;
    if lrows < 3 || rrows < 3 || lc * 8 < total || rc * 8 < total {
        return None;
    }
    // Flush-right fields (dates) of a single-column page: the right side's
    // chunks share their right edge, not their left edge.
    let rmax = right.iter().map(|c| c.x1).fold(f32::MIN, f32::max);
    let rmin = right.iter().map(|c| c.x0).fold(f32::MAX, f32::min);
    let flush_right = right.iter().filter(|c| rmax - c.x1 <= 2.0).count();
    let flush_left = right.iter().filter(|c| c.x0 - rmin <= 2.0).count();
    let paired = band
        .iter()
        .filter(|r| r.chunks.iter().any(|c| c.x0 >= g.1) && r.chunks.iter().any(|c| c.x1 <= g.0))
        .count();
    if std::env::var("PDF_DEBUG_GUTTER").is_ok() {
        eprintln!(
            "gutter {:.0}-{:.0} band {}/{} lc {} rc {} share {:.2} lrows {} rrows {} fr {} fl {} n {} paired {}",
            g.0,
            g.1,
            best_len,
            rows.len(),
            lc,
            rc,
            rc as f32 / total as f32,
            lrows,
            rrows,
            flush_right,
            flush_left,
            right.len(),
            paired
        );
    }
    if flush_right * 10 >= right.len() * 6 && flush_right > flush_left {
        return None;
    }
    Some((best_len, g.1 - g.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(x: f32, y: f32, t: &str) -> Glyph {
        Glyph {
            x,
            y,
            size: 10.0,
            w: 5.0,
            exact: true,
            raw_x: x,
            raw_w: 5.0,
            text: t.to_string(),
            space: t == " ",
            bold: false,
            hidden: 0,
        }
    }

    fn text_of(glyphs: Vec<Glyph>) -> Vec<String> {
        let mut out = Vec::new();
        layout_page(&RawPage { number: 1, glyphs }, &mut out);
        out.into_iter().map(|l| l.text).collect()
    }

    /// Lay out words as glyphs 5 pt wide each.
    fn words(x: f32, y: f32, s: &str) -> Vec<Glyph> {
        s.chars()
            .enumerate()
            .map(|(i, c)| glyph(x + 5.0 * i as f32, y, &c.to_string()))
            .collect()
    }

    #[test]
    fn joins_by_position_and_splits_fields() {
        let mut g = words(72.0, 100.0, "Acme Corp");
        g.extend(words(400.0, 100.0, "2019"));
        assert_eq!(text_of(g), vec!["Acme Corp\t2019"]);
    }

    #[test]
    fn folds_fake_bold() {
        let mut g = words(72.0, 100.0, "Bold");
        g.extend(words(72.3, 100.0, "Bold"));
        let mut out = Vec::new();
        layout_page(
            &RawPage {
                number: 1,
                glyphs: g,
            },
            &mut out,
        );
        assert_eq!(out[0].text, "Bold");
        assert!(out[0].bold);
    }

    #[test]
    fn bold_font_names() {
        assert!(bold_font_name(b"ABCDEF+Arial-BoldMT"));
        assert!(bold_font_name(b"CMBX10"));
        assert!(bold_font_name(b"ptmb8r"));
        assert!(!bold_font_name(b"ABCDEF+LiberationSerif"));
        assert!(!bold_font_name(b"CMR10"));
    }

    #[test]
    fn letter_spaced_heading_reads_as_a_word() {
        let g: Vec<Glyph> = "CONTACT"
            .chars()
            .enumerate()
            .map(|(i, c)| glyph(72.0 + 8.0 * i as f32, 100.0, &c.to_string()))
            .collect();
        assert_eq!(text_of(g), vec!["CONTACT"]);
    }

    #[test]
    fn interleaved_columns_come_out_one_at_a_time() {
        let mut g = Vec::new();
        for i in 0..10 {
            let y = 100.0 + 14.0 * i as f32;
            g.extend(words(40.0, y, &format!("left line {i}")));
            g.extend(words(300.0, y + 1.0, &format!("right column line {i}")));
        }
        let t = text_of(g);
        assert_eq!(t.len(), 20);
        assert_eq!(t[0], "left line 0");
        assert_eq!(t[9], "left line 9");
        assert_eq!(t[10], "right column line 0");
    }

    #[test]
    fn flush_right_dates_do_not_make_columns() {
        let mut g = Vec::new();
        for i in 0..10 {
            let y = 100.0 + 14.0 * i as f32;
            if i % 3 == 0 {
                g.extend(words(40.0, y, "Company name here"));
                let d = if i % 2 == 0 {
                    "2019 - 2021"
                } else {
                    "Jan 2019 - Present"
                };
                g.extend(words(560.0 - 5.0 * d.len() as f32, y, d));
            } else {
                g.extend(words(
                    40.0,
                    y,
                    "a bullet line describing the work that was done",
                ));
            }
        }
        let t = text_of(g);
        assert!(t[0].contains('\t'), "{t:?}");
        assert_eq!(t.len(), 10);
    }
}

#[cfg(test)]
mod debug {
    use super::*;

    /// `PDF_GLYPHS=file.pdf PDF_GREP=text cargo test --lib glyph_dump -- --ignored --nocapture`
    #[test]
    #[ignore = "developer tool"]
    fn glyph_dump() {
        let Ok(path) = std::env::var("PDF_GLYPHS") else {
            return;
        };
        let grep = std::env::var("PDF_GREP").unwrap_or_default();
        let bytes = std::fs::read(path).unwrap_or_default();
        let Ok((mut doc, _)) = load(&bytes) else {
            return;
        };
        let pages: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().collect();
        let _ = defuse(&mut doc, &pages);
        let mut dev = Collector::default();
        for &(num, id) in &pages {
            dev.walk = string_sequence(&doc, id);
            let _ = pdf_extract::output_doc_page(&doc, &mut dev, num);
            dev.close_page();
        }
        for p in &dev.pages {
            for row in build_rows(&p.glyphs) {
                let text: String = row
                    .chunks
                    .iter()
                    .flat_map(|c| c.glyphs.iter().map(|g| g.text.as_str()))
                    .collect();
                if !text.contains(&grep) {
                    continue;
                }
                println!("row {text}");
                for c in &row.chunks {
                    println!(
                        " chunk {:.1}-{:.1} tracking {:.2}",
                        c.x0,
                        c.x1,
                        letter_spacing(c)
                    );
                    for g in &c.glyphs {
                        println!(
                            "  {:?} x{:.2} end{:.2} y{:.2} s{:.2} sp{} t{}",
                            g.text, g.x, g.end, g.y, g.size, g.space_before, g.trusted
                        );
                    }
                }
            }
        }
    }
}
