//! Decompression caps for PDF streams: a PDF's size says nothing about what
//! it expands to, so every stream the readers would inflate is measured first.
//!
//! Input: a loaded (not yet decoded) document, or, while lopdf loads the
//! file, each object it reads. Output: the document with every stream that
//! pdf-extract or the page walk would decode already decoded in place (so
//! nothing is inflated twice), or an [`ExtractError::Corrupt`] saying
//! "decompression bomb" when one stream expands past [`MAX_STREAM_BYTES`] or
//! all of them together past [`MAX_DECODED_BYTES`].
//!
//! Why: lopdf decodes a stream in one `read_to_end`, with no limit; pdf-extract
//! decodes every content stream, form, font and colour profile it meets, some
//! of them more than once. A 204 KB PDF holding a 200 MB Flate stream drove the
//! process to 480 MB RSS before this module. Here each filter of a stream's
//! chain (`FlateDecode`, `LZWDecode`, `ASCII85Decode`: the ones lopdf 0.42
//! decodes; anything else is passed on undecoded, as lopdf does) runs through
//! a streaming decoder that stops one byte past the cap, so a bomb costs at
//! most the cap in memory and a little CPU before it is refused.
//!
//! Object streams (`/Type /ObjStm`) are decoded by lopdf while it loads the
//! file, before any code here sees the document: [`objstm_guard_042`] is a
//! lopdf 0.42 load filter that measures each object stream as it is read and
//! empties one that is too large, noting it in a thread-local flag that
//! [`take_load_verdict`] reads after the load (lopdf runs its filter on the
//! loading thread: it is built without its `rayon` feature). The repairing
//! loader, lopdf 0.47, takes [`MAX_STREAM_BYTES`] as its own object-stream
//! limit (a filter would turn its repair off).
//!
//! Images are not measured: they are emptied before pdf-extract runs (it would
//! parse their pixels as content). Streams with a PNG/TIFF predictor whose row
//! would be absurdly long (`/Columns` × `/Colors` × bits) are emptied rather
//! than handed to lopdf's predictor code, which allocates a row up front.

use std::cell::Cell;
use std::io::{Read, Write};

use pdf_extract::{Dictionary, Document, Object};

use super::ExtractError;

/// Largest size one stream may decode to.
pub const MAX_STREAM_BYTES: u64 = 32 * 1024 * 1024;
/// Largest total that all the streams of one document may decode to.
pub const MAX_DECODED_BYTES: u64 = 96 * 1024 * 1024;
/// Longest predictor row accepted (bytes).
const MAX_PREDICTOR_ROW: i64 = 1 << 20;

thread_local! {
    /// Bytes the object streams of the document being loaded decoded to, and
    /// whether one of them was over the cap.
    static LOAD: Cell<(u64, bool)> = const { Cell::new((0, false)) };
}

/// Forget what the previous load on this thread noted.
pub fn reset_load_verdict() {
    LOAD.with(|l| l.set((0, false)));
}

/// What the load filters noted: an error when an object stream was too large.
pub fn take_load_verdict() -> Result<(), ExtractError> {
    let (_, bombed) = LOAD.with(|l| l.replace((0, false)));
    if bombed { Err(bomb()) } else { Ok(()) }
}

/// The error for a stream past a cap. (Said as a damaged PDF: the error type
/// is shared with the worker process's wire format, which has no other
/// variant for it.)
fn bomb() -> ExtractError {
    ExtractError::Corrupt {
        format: "PDF",
        detail: format!(
            "a stream expands past the {} MiB limit (decompression bomb?)",
            MAX_STREAM_BYTES >> 20
        ),
    }
}

/// Note one object stream's decoded size; `false` when it must be emptied.
fn note_objstm(filters: &[&[u8]], content: &[u8]) -> bool {
    let (used, bombed) = LOAD.with(Cell::get);
    let cap = MAX_STREAM_BYTES.min(MAX_DECODED_BYTES.saturating_sub(used));
    match decoded_len(filters, content, cap) {
        Some(n) => {
            LOAD.with(|l| l.set((used + n, bombed)));
            true
        }
        None => {
            LOAD.with(|l| l.set((used, true)));
            false
        }
    }
}

/// lopdf 0.42 load filter (pdf-extract's lopdf): measure object streams.
///
/// lopdf keeps the object it passed in (mutated) for top-level objects and
/// uses the returned one for objects read out of object streams, which are
/// never streams: so a stream is returned as a cheap `Null` placeholder and
/// anything else as a copy.
pub fn objstm_guard_042(id: (u32, u16), obj: &mut Object) -> Option<((u32, u16), Object)> {
    let Object::Stream(s) = obj else {
        return Some((id, obj.clone()));
    };
    if s.dict.has_type(b"ObjStm") {
        let filters = s.filters().unwrap_or_default();
        if !note_objstm(&filters, &s.content) {
            s.dict.remove(b"Filter");
            s.dict.remove(b"DecodeParms");
            s.content.clear();
        }
    }
    Some((id, Object::Null))
}

/// Measure every stream the readers may decode and decode it in place.
/// (Object streams were measured while loading, against their own total.)
pub fn decode_all(doc: &mut Document) -> Result<(), ExtractError> {
    let mut used = 0u64;
    for obj in doc.objects.values_mut() {
        let Object::Stream(s) = obj else {
            continue;
        };
        let skip = s.dict.has_type(b"ObjStm")
            || s.dict.has_type(b"XRef")
            || s.dict.has_type(b"Metadata")
            || is_image(&s.dict)
            || s.content.is_empty();
        if skip {
            continue;
        }
        let filters: Vec<Vec<u8>> = match s.filters() {
            Ok(f) => f.into_iter().map(<[u8]>::to_vec).collect(),
            // No filter: the content is what it is (bounded by the file size).
            Err(_) => continue,
        };
        let filters: Vec<&[u8]> = filters.iter().map(Vec::as_slice).collect();
        if !predictor_sane(s.dict.get(b"DecodeParms").ok()) {
            s.set_plain_content(Vec::new());
            continue;
        }
        let cap = MAX_STREAM_BYTES.min(MAX_DECODED_BYTES.saturating_sub(used));
        // The common case, Flate (or LZW) without parameters, is decoded once
        // here and kept; lopdf reads exactly these names the same way.
        let plain = s.dict.get(b"DecodeParms").is_err()
            && filters
                .iter()
                .all(|f| matches!(*f, b"FlateDecode" | b"LZWDecode"));
        let Some(decoded) = decode(&filters, &s.content, cap, plain) else {
            return Err(bomb());
        };
        match decoded {
            Decoded::Bytes(data) => {
                used += data.len() as u64;
                s.set_plain_content(data);
            }
            Decoded::Len(n) => {
                used += n;
                // lopdf's own decoding (predictors and all), now known to be
                // bounded; on failure pdf-extract falls back to the raw
                // bytes, as here.
                if let Ok(data) = s.decompressed_content() {
                    s.set_plain_content(data);
                }
            }
        }
    }
    Ok(())
}

fn is_image(dict: &Dictionary) -> bool {
    dict.get(b"Subtype")
        .and_then(Object::as_name)
        .is_ok_and(|n| n == b"Image")
}

/// A predictor's row length must be sane: lopdf allocates it up front.
fn predictor_sane(params: Option<&Object>) -> bool {
    let Some(Ok(p)) = params.map(Object::as_dict) else {
        return true;
    };
    let int = |k: &[u8], d: i64| p.get(k).and_then(Object::as_i64).unwrap_or(d);
    if int(b"Predictor", 1) < 2 {
        return true;
    }
    let (cols, colors, bits) = (
        int(b"Columns", 1),
        int(b"Colors", 1),
        int(b"BitsPerComponent", 8),
    );
    let ok = |v: i64| (0..=MAX_PREDICTOR_ROW).contains(&v);
    ok(cols)
        && ok(colors)
        && ok(bits)
        && cols
            .checked_mul(colors)
            .and_then(|v| v.checked_mul(bits.max(8)))
            .is_some_and(|v| v / 8 <= MAX_PREDICTOR_ROW)
}

/// The size `content` decodes to through `filters` (in decoding order), or
/// `None` past `cap`. Decoding stops at the first filter lopdf 0.42 does not
/// decode (it passes those bytes on as they are) or that fails.
pub fn decoded_len(filters: &[&[u8]], content: &[u8], cap: u64) -> Option<u64> {
    match decode(filters, content, cap, false)? {
        Decoded::Len(n) => Some(n),
        Decoded::Bytes(b) => Some(b.len() as u64),
    }
}

/// [`decoded_len`], keeping the decoded bytes when `keep` is set.
fn decode(filters: &[&[u8]], content: &[u8], cap: u64, keep: bool) -> Option<Decoded> {
    let mut owned: Option<Vec<u8>> = None;
    for (i, f) in filters.iter().enumerate() {
        let input: &[u8] = owned.as_deref().unwrap_or(content);
        let last = i + 1 == filters.len() && !keep;
        let out = match *f {
            b"FlateDecode" | b"Fl" => flate(input, cap, last)?,
            b"LZWDecode" | b"LZW" => lzw(input, cap, last)?,
            b"ASCII85Decode" | b"A85" => ascii85(input, cap, last)?,
            _ => break,
        };
        match out {
            Decoded::Len(n) => return Some(Decoded::Len(n)),
            Decoded::Bytes(b) => owned = Some(b),
        }
    }
    let n = owned.as_ref().map_or(content.len(), Vec::len) as u64;
    if n > cap {
        return None;
    }
    Some(match owned {
        Some(b) if keep => Decoded::Bytes(b),
        _ => Decoded::Len(n),
    })
}

enum Decoded {
    /// The last stage: only its length was kept.
    Len(u64),
    Bytes(Vec<u8>),
}

/// A writer that keeps (or just counts) bytes and fails past a cap.
struct Capped {
    kept: Option<Vec<u8>>,
    len: u64,
    cap: u64,
}

impl Capped {
    fn new(cap: u64, keep: bool) -> Capped {
        Capped {
            kept: keep.then(Vec::new),
            len: 0,
            cap,
        }
    }

    fn over(&self) -> bool {
        self.len > self.cap
    }

    fn finish(self) -> Option<Decoded> {
        if self.over() {
            return None;
        }
        Some(match self.kept {
            Some(b) => Decoded::Bytes(b),
            None => Decoded::Len(self.len),
        })
    }
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.len += buf.len() as u64;
        if self.over() {
            return Err(std::io::Error::other("decoded size limit reached"));
        }
        if let Some(k) = self.kept.as_mut() {
            k.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Pump `r` into `w` until the end, an error or the cap.
fn pump(mut r: impl Read, w: &mut Capped) {
    let mut buf = [0u8; 64 * 1024];
    loop {
        match r.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                if w.write_all(&buf[..n]).is_err() {
                    return;
                }
            }
        }
    }
}

/// Flate as lopdf decodes it: zlib, and when that yields nothing, raw
/// deflate after the two header bytes. `None` past the cap.
fn flate(input: &[u8], cap: u64, last: bool) -> Option<Decoded> {
    let mut w = Capped::new(cap, !last);
    pump(flate2::read::ZlibDecoder::new(input), &mut w);
    if w.len == 0 && input.len() > 2 {
        w = Capped::new(cap, !last);
        pump(flate2::read::DeflateDecoder::new(&input[2..]), &mut w);
    }
    w.finish()
}

/// LZW as lopdf decodes it (MSB first, 8-bit symbols; the early-change
/// setting moves code-size switches, not the output bound).
fn lzw(input: &[u8], cap: u64, last: bool) -> Option<Decoded> {
    let mut w = Capped::new(cap, !last);
    let mut decoder = weezl::decode::Decoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
    let _ = decoder.into_stream(&mut w).decode_all(input);
    w.finish()
}

/// ASCII85 expands at most 4 bytes per input byte (`z`), so the input bounds
/// it; it is decoded by lopdf once that bound is under the cap. Undecodable
/// input is passed on as it is (lopdf's caller falls back to the raw bytes).
fn ascii85(input: &[u8], cap: u64, last: bool) -> Option<Decoded> {
    let zs = input.iter().filter(|&&b| b == b'z').count() as u64;
    let bound = zs * 4 + (input.len() as u64 - zs) * 4 / 5 + 4;
    if bound > cap {
        return None;
    }
    let mut d = Dictionary::new();
    d.set("Filter", Object::Name(b"ASCII85Decode".to_vec()));
    let s = pdf_extract::Stream::new(d, input.to_vec());
    let out = s.decompressed_content().unwrap_or_else(|_| input.to_vec());
    Some(if last {
        Decoded::Len(out.len() as u64)
    } else {
        Decoded::Bytes(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let _ = e.write_all(data);
        e.finish().unwrap_or_default()
    }

    #[test]
    fn flate_is_measured_and_capped() {
        let z = zlib(&vec![b' '; 1 << 20]);
        assert_eq!(decoded_len(&[b"FlateDecode"], &z, 2 << 20), Some(1 << 20));
        assert_eq!(decoded_len(&[b"FlateDecode"], &z, 1000), None);
    }

    #[test]
    fn chains_multiply_and_are_capped_per_stage() {
        let z = zlib(&zlib(&vec![0u8; 4 << 20]));
        assert_eq!(
            decoded_len(&[b"FlateDecode", b"FlateDecode"], &z, 8 << 20),
            Some(4 << 20)
        );
        assert_eq!(
            decoded_len(&[b"FlateDecode", b"FlateDecode"], &z, 1 << 20),
            None
        );
    }

    #[test]
    fn kept_bytes_are_the_decoded_stream() {
        let z = zlib(b"BT (x) Tj ET");
        match decode(&[b"FlateDecode"], &z, 100, true) {
            Some(Decoded::Bytes(b)) => assert_eq!(b, b"BT (x) Tj ET"),
            _ => panic!("not kept"),
        }
    }

    #[test]
    fn unknown_filters_pass_the_bytes_on() {
        assert_eq!(decoded_len(&[b"DCTDecode"], b"abc", 10), Some(3));
        assert_eq!(decoded_len(&[b"FlateDecode"], b"not zlib", 100), Some(0));
    }

    #[test]
    fn absurd_predictor_rows_are_refused() {
        let mut p = Dictionary::new();
        p.set("Predictor", 12i64);
        p.set("Columns", 1i64 << 40);
        assert!(!predictor_sane(Some(&Object::Dictionary(p.clone()))));
        p.set("Columns", 600i64);
        assert!(predictor_sane(Some(&Object::Dictionary(p))));
    }
}
