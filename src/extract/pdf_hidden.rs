//! Hidden text in PDFs: text that is drawn so that no reader sees it, the
//! usual way of stuffing a resume with keywords for a machine to find.
//!
//! Input: the graphics state that the page walk in [`super::pdf`] tracks
//! while it follows a page's content stream (pdf-extract's `OutputDev` gives
//! a glyph's position and size but not its colour or render mode), and, per
//! glyph, its position from pdf-extract. Output: a bit set of the ways a
//! glyph is hidden ([`INVISIBLE`], [`SAME_COLOUR`], [`CLIPPED`], [`OFF_PAGE`],
//! [`TINY`]); hidden glyphs are left out of the lines and counted, and the
//! score reports a `hidden_text` finding.
//!
//! What is detected:
//! - text render mode 3 (neither fill nor stroke) or 7 (clip only), and a
//!   fill alpha (`/ca` of an ExtGState) of 0 — except over an image, where
//!   invisible text is a scan's OCR layer;
//! - a fill colour (`g`, `rg`, `k`, `sc`/`scn` in DeviceGray, DeviceRGB,
//!   DeviceCMYK or an ICC-based space of 1, 3 or 4 components) within 0.06 of
//!   the background under the glyph: the last filled path (its bounding box)
//!   drawn before it that contains the glyph, else the white page. Images and
//!   shadings under a glyph make its background unknown, so white text on a
//!   photo or a gradient is trusted;
//! - a glyph well outside the clip (more than two em): the bounding box of
//!   the paths made the clip with `W`/`W*` (intersected, saved and restored
//!   with `q`/`Q`); text running just past a clipping box (CSS overflow in
//!   browser-made PDFs) is not counted;
//! - a glyph outside the media box (checked in `pdf.rs`), or smaller than one
//!   point.
//!
//! What is not: text covered by a shape or an image drawn after it; colours
//! in Separation, DeviceN, Indexed or pattern spaces (not judged); soft
//! masks and blend modes; non-rectangular clips beyond their bounding box.
//! Inside form XObjects pdf-extract places glyphs without the form's matrix,
//! so there the clip and the backgrounds are not compared (the colour is,
//! against white, while the page has drawn no background yet). When the walk
//! and pdf-extract disagree about a page's text strings, the colour, mode
//! and clip verdicts of that page are dropped (the text is kept).

/// Render mode 3 or 7, or a fill alpha of 0.
pub const INVISIBLE: u8 = 1;
/// Fill colour equal to the background (white on white).
pub const SAME_COLOUR: u8 = 2;
/// Outside the clipping path.
pub const CLIPPED: u8 = 4;
/// Outside the page's media box.
pub const OFF_PAGE: u8 = 8;
/// Under one point tall.
pub const TINY: u8 = 16;
/// The verdicts that come from the walk (dropped when it is misaligned).
pub const FROM_WALK: u8 = INVISIBLE | SAME_COLOUR | CLIPPED;

/// Two colours closer than this on every channel look the same.
const SAME_COLOUR_TOLERANCE: f32 = 0.06;

/// Words for a set of kinds, for the finding's message.
pub fn describe(kinds: u8) -> String {
    let names = [
        (INVISIBLE, "invisible render mode or transparency"),
        (SAME_COLOUR, "the colour of its background (white on white)"),
        (CLIPPED, "clipped away"),
        (OFF_PAGE, "off the page"),
        (TINY, "under one point tall"),
    ];
    names
        .iter()
        .filter(|(k, _)| kinds & k != 0)
        .map(|(_, n)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

pub type Rgb = [f32; 3];
const WHITE: Rgb = [1.0, 1.0, 1.0];

/// An axis-aligned box in default user space (points, y up).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rect {
    fn contains(&self, x: f32, y: f32) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }

    fn intersect(&self, o: &Rect) -> Rect {
        Rect {
            x0: self.x0.max(o.x0),
            y0: self.y0.max(o.y0),
            x1: self.x1.min(o.x1),
            y1: self.y1.min(o.y1),
        }
    }

    /// The bounding box of points (`None` for none or non-finite ones).
    fn around(points: &[(f64, f64)]) -> Option<Rect> {
        let mut r: Option<Rect> = None;
        for &(x, y) in points {
            let (x, y) = (x as f32, y as f32);
            if !(x.is_finite() && y.is_finite()) {
                return None;
            }
            r = Some(match r {
                None => Rect {
                    x0: x,
                    y0: y,
                    x1: x,
                    y1: y,
                },
                Some(r) => Rect {
                    x0: r.x0.min(x),
                    y0: r.y0.min(y),
                    x1: r.x1.max(x),
                    y1: r.y1.max(y),
                },
            });
        }
        r
    }
}

/// A 2-D affine matrix `[a b c d e f]` as in PDF.
pub type Matrix = [f64; 6];
pub const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m` then `n` (PDF's `m × n`).
pub fn concat(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// How a fill colour's components are read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Space {
    Gray,
    Rgb,
    Cmyk,
    /// Separation, DeviceN, Indexed, Pattern, Lab…: not judged.
    Other,
}

impl Space {
    pub fn initial(self) -> Option<Rgb> {
        match self {
            Space::Gray | Space::Rgb | Space::Cmyk => Some([0.0; 3]),
            Space::Other => None,
        }
    }

    /// The colour of `v` in this space.
    pub fn colour(self, v: &[f64]) -> Option<Rgb> {
        let c = |i: usize| v.get(i).map(|&x| x.clamp(0.0, 1.0) as f32);
        match (self, v.len()) {
            (Space::Gray, 1) => c(0).map(|g| [g, g, g]),
            (Space::Rgb, 3) => Some([c(0)?, c(1)?, c(2)?]),
            (Space::Cmyk, 4) => {
                let k = c(3)?;
                Some([
                    (1.0 - c(0)?) * (1.0 - k),
                    (1.0 - c(1)?) * (1.0 - k),
                    (1.0 - c(2)?) * (1.0 - k),
                ])
            }
            _ => None,
        }
    }

    /// A colour space by its component count (ICC-based, Cal* spaces).
    pub fn of_components(n: i64) -> Space {
        match n {
            1 => Space::Gray,
            3 => Space::Rgb,
            4 => Space::Cmyk,
            _ => Space::Other,
        }
    }
}

/// The part of the graphics state that decides visibility.
#[derive(Debug, Clone)]
pub struct Vis {
    pub ctm: Matrix,
    pub space: Space,
    pub fill: Option<Rgb>,
    /// Render mode 1 or 5: the stroke colour shows the text, not the fill.
    pub stroke_only: bool,
    /// Render mode 3 or 7.
    pub no_paint: bool,
    /// Fill alpha 0.
    pub transparent: bool,
    /// The clip's bounding box; `None` = the whole page.
    pub clip: Option<Rect>,
    /// Inside a form XObject (nesting depth).
    pub form_depth: usize,
}

impl Default for Vis {
    fn default() -> Self {
        Vis {
            ctm: IDENTITY,
            space: Space::Gray,
            fill: Some([0.0; 3]),
            stroke_only: false,
            no_paint: false,
            transparent: false,
            clip: None,
            form_depth: 0,
        }
    }
}

/// How one text string was painted (interned per page).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Paint {
    pub invisible: bool,
    /// The colour to compare with the background (`None`: not judged).
    pub fill: Option<Rgb>,
    pub clip: Option<Rect>,
    pub in_form: bool,
    /// Backgrounds drawn before this string.
    pub backgrounds: u32,
}

/// A filled area drawn on the page, in drawing order.
#[derive(Debug, Clone, Copy)]
pub struct Background {
    pub rect: Rect,
    /// `None`: an image or shading, or a colour not judged.
    pub colour: Option<Rgb>,
    /// An image: invisible text over it is an OCR text layer, not hidden.
    pub image: bool,
}

/// The walk's record of one page: paints and backgrounds, and the current
/// path under construction.
#[derive(Debug, Default)]
pub struct Canvas {
    pub paints: Vec<Paint>,
    pub backgrounds: Vec<Background>,
    path: Vec<(f64, f64)>,
}

/// Backgrounds kept per page, at most (later ones are ignored, which can only
/// make a verdict of "same colour" less likely).
const MAX_BACKGROUNDS: usize = 20_000;

impl Canvas {
    /// The index of the paint for text shown in state `vis`.
    pub fn paint(&mut self, vis: &Vis) -> u32 {
        let p = Paint {
            invisible: vis.no_paint || vis.transparent,
            fill: if vis.stroke_only { None } else { vis.fill },
            clip: vis.clip,
            in_form: vis.form_depth > 0,
            backgrounds: self.backgrounds.len() as u32,
        };
        if self.paints.last() != Some(&p) {
            self.paints.push(p);
        }
        self.paints.len().saturating_sub(1) as u32
    }

    /// Path construction: points in user space, kept in default user space.
    pub fn path_points(&mut self, vis: &Vis, points: &[(f64, f64)]) {
        if self.path.len() < 100_000 {
            self.path
                .extend(points.iter().map(|&(x, y)| apply(&vis.ctm, x, y)));
        }
    }

    /// `re`: a rectangle's four corners.
    pub fn rect(&mut self, vis: &Vis, x: f64, y: f64, w: f64, h: f64) {
        self.path_points(vis, &[(x, y), (x + w, y), (x, y + h), (x + w, y + h)]);
    }

    /// A path-painting operator: record a fill as a background, apply a
    /// pending clip, start a new path.
    pub fn paint_path(&mut self, vis: &mut Vis, fill: bool, clip: bool) {
        let bbox = Rect::around(&self.path);
        self.path.clear();
        let Some(bbox) = bbox else {
            return;
        };
        if fill && !vis.transparent && self.backgrounds.len() < MAX_BACKGROUNDS {
            self.backgrounds.push(Background {
                rect: bbox,
                colour: vis.fill,
                image: false,
            });
        }
        if clip {
            vis.clip = Some(match vis.clip {
                Some(c) => c.intersect(&bbox),
                None => bbox,
            });
        }
    }

    /// An image (or inline image) drawn in the unit square of the CTM, or a
    /// shading over the clip: a background of unknown colour.
    pub fn opaque_unknown(&mut self, vis: &Vis, shading: bool) {
        let rect = if shading {
            vis.clip.unwrap_or(Rect {
                x0: f32::MIN,
                y0: f32::MIN,
                x1: f32::MAX,
                y1: f32::MAX,
            })
        } else {
            let corners = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
                .map(|(x, y)| apply(&vis.ctm, x, y));
            match Rect::around(&corners) {
                Some(r) => r,
                None => return,
            }
        };
        if self.backgrounds.len() < MAX_BACKGROUNDS {
            self.backgrounds.push(Background {
                rect,
                colour: None,
                image: !shading,
            });
        }
    }

    /// A form's bounding box clips what it draws.
    pub fn clip_to(&self, vis: &mut Vis, bbox: [f64; 4]) {
        let corners = [
            (bbox[0], bbox[1]),
            (bbox[2], bbox[1]),
            (bbox[0], bbox[3]),
            (bbox[2], bbox[3]),
        ]
        .map(|(x, y)| apply(&vis.ctm, x, y));
        if let Some(r) = Rect::around(&corners) {
            vis.clip = Some(match vis.clip {
                Some(c) => c.intersect(&r),
                None => r,
            });
        }
    }
}

/// The walk-based verdicts for a glyph of `size` points whose origin is at
/// (`x`, `y`) in default user space (pdf-extract's `trm.m31`, `trm.m32`).
pub fn judge(paint: &Paint, backgrounds: &[Background], x: f64, y: f64, size: f64) -> u8 {
    let mut kinds = 0;
    let (x, y, size) = (x as f32, y as f32, size as f32);
    let before = &backgrounds[..(paint.backgrounds as usize).min(backgrounds.len())];
    // Invisible text over an image is a scan's OCR text layer: it is what
    // the image shows.
    let (cx, cy) = (x + 0.25 * size, y + 0.3 * size);
    let over_image = !paint.in_form && before.iter().any(|b| b.image && b.rect.contains(cx, cy));
    if paint.invisible && !over_image {
        kinds |= INVISIBLE;
    }
    if !paint.in_form
        && let Some(c) = paint.clip
    {
        // Well outside: text running a little past a box that clips it
        // (CSS `overflow: hidden` in browser-made PDFs) is not hiding.
        let m = 2.0 * size;
        if x + m < c.x0 || x > c.x1 + m || y + m < c.y0 || y > c.y1 + m {
            kinds |= CLIPPED;
        }
    }
    let background = if paint.in_form {
        if before.is_empty() { Some(WHITE) } else { None }
    } else {
        // The glyph's middle.
        before
            .iter()
            .rev()
            .find(|b| b.rect.contains(cx, cy))
            .map_or(Some(WHITE), |b| b.colour)
    };
    if let (Some(f), Some(b)) = (paint.fill, background)
        && f.iter()
            .zip(b.iter())
            .all(|(p, q)| (p - q).abs() < SAME_COLOUR_TOLERANCE)
    {
        kinds |= SAME_COLOUR;
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paint(canvas: &mut Canvas, vis: &Vis) -> Paint {
        let i = canvas.paint(vis) as usize;
        canvas.paints[i]
    }

    #[test]
    fn white_on_white_is_hidden_and_white_on_dark_is_not() {
        let mut c = Canvas::default();
        let mut vis = Vis {
            fill: Space::Rgb.colour(&[1.0, 1.0, 1.0]),
            ..Vis::default()
        };
        let p = paint(&mut c, &vis);
        assert_eq!(judge(&p, &c.backgrounds, 72.0, 300.0, 10.0), SAME_COLOUR);
        vis.fill = Space::Rgb.colour(&[0.1, 0.2, 0.4]);
        c.rect(&vis, 60.0, 280.0, 300.0, 30.0);
        c.paint_path(&mut vis, true, false);
        vis.fill = Space::Gray.colour(&[1.0]);
        let p = paint(&mut c, &vis);
        assert_eq!(judge(&p, &c.backgrounds, 72.0, 290.0, 10.0), 0);
        // Outside the dark box, on the page: hidden again.
        assert_eq!(judge(&p, &c.backgrounds, 72.0, 500.0, 10.0), SAME_COLOUR);
        // Grey text on a grey box of the same shade.
        vis.fill = Space::Gray.colour(&[0.5]);
        c.rect(&vis, 0.0, 0.0, 100.0, 100.0);
        c.paint_path(&mut vis, true, false);
        let p = paint(&mut c, &vis);
        assert_eq!(judge(&p, &c.backgrounds, 10.0, 10.0, 10.0), SAME_COLOUR);
    }

    #[test]
    fn images_make_the_background_unknown() {
        let mut c = Canvas::default();
        let vis = Vis {
            ctm: [200.0, 0.0, 0.0, 100.0, 50.0, 50.0],
            fill: Some(WHITE),
            ..Vis::default()
        };
        c.opaque_unknown(&vis, false);
        let p = paint(&mut c, &vis);
        assert_eq!(judge(&p, &c.backgrounds, 60.0, 60.0, 10.0), 0);
        assert_eq!(judge(&p, &c.backgrounds, 400.0, 400.0, 10.0), SAME_COLOUR);
        // A scan's OCR layer: invisible text over the page image.
        let ocr = Vis {
            no_paint: true,
            ..vis.clone()
        };
        let p = paint(&mut c, &ocr);
        assert_eq!(judge(&p, &c.backgrounds, 60.0, 60.0, 10.0), 0);
        assert_eq!(
            judge(&p, &c.backgrounds, 400.0, 400.0, 10.0),
            INVISIBLE | SAME_COLOUR
        );
    }

    #[test]
    fn clips_and_render_modes() {
        let mut c = Canvas::default();
        let mut vis = Vis::default();
        c.rect(&vis, 0.0, 0.0, 1.0, 1.0);
        c.paint_path(&mut vis, false, true);
        let p = paint(&mut c, &vis);
        assert_eq!(judge(&p, &c.backgrounds, 72.0, 300.0, 9.0), CLIPPED);
        let vis = Vis {
            no_paint: true,
            ..Vis::default()
        };
        let p = paint(&mut c, &vis);
        assert_eq!(judge(&p, &c.backgrounds, 72.0, 300.0, 9.0), INVISIBLE);
        assert_eq!(Space::Cmyk.colour(&[0.0, 0.0, 0.0, 0.0]), Some(WHITE));
    }
}
