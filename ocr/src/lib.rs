//! Reads ICAO Doc 9303 machine-readable zones (TD1, TD2, TD3, MRV-A,
//! MRV-B) from camera frames and photos.
//!
//! A pure library: no browser API, no clock (`today` is passed in, for the
//! checker's dates), no network, no unsafe code, no panic on any input.
//! The pipeline:
//!
//! 1. **Locate** ([`locate`]): the frame is turned to gray and shrunk to a
//!    working size, binarized against its local mean, and cut into
//!    connected components; character-sized components linked left to
//!    right at a regular pitch make lines, and two or three parallel lines
//!    of equal length at an MRZ's spacing make a candidate band.
//! 2. **Place** ([`place`]): each line's components give its cell centres
//!    (a quadratic in the column), each cell's vertical runs to the same
//!    column on the next line, and the line length over the pitch gives 30,
//!    36 or 44 columns.
//! 3. **Classify** ([`classify`]): every cell is sampled through the
//!    placement at full resolution and correlated with OCR-B templates
//!    rendered from the font by the repository's generator.
//! 4. **Choose** ([`choose`]): per field class, the best character; then
//!    the checker's repair and the runner-ups; only a reading the checker
//!    finds valid is returned. Otherwise the frame gives hints ("too dark",
//!    "glare", "move closer", "hold still") and no MRZ.
#![forbid(unsafe_code)]

mod choose;
pub mod classify;
mod debug;
#[cfg(feature = "cli")]
pub mod decode;
mod gray;
mod hints;
mod locate;
mod place;

pub use checker_wasm::{Date, MrzFormat};
pub use choose::Refusal;
pub use classify::ModelError;
pub use debug::Attempt;

use classify::{ALPHABET, Model};
use gray::Gray;
use place::Placement;

/// The OCR-B templates, built by `cargo xtask ocr-train`.
static MODEL: &[u8] = include_bytes!("../model/templates.bin");

/// Largest frame accepted (pixels).
pub const MAX_PIXELS: usize = 16 * 1024 * 1024;
/// Largest side of the image the locator works on.
pub(crate) const WORK_SIDE: usize = 800;

/// A point in frame pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// Why a frame was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameError {
    /// Width or height is zero.
    Empty,
    /// More than [`MAX_PIXELS`] pixels.
    TooLarge,
    /// The byte count is not width × height × 4 (RGBA) or × 1 (gray).
    Length,
}

impl FrameError {
    /// Stable code.
    pub const fn code(self) -> &'static str {
        match self {
            FrameError::Empty => "ocr.frameEmpty",
            FrameError::TooLarge => "ocr.frameTooLarge",
            FrameError::Length => "ocr.frameLength",
        }
    }
}

/// A frame: RGBA (4 bytes a pixel, as a canvas gives them) or gray.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    width: usize,
    height: usize,
    data: &'a [u8],
    channels: usize,
}

impl<'a> Frame<'a> {
    /// A frame of `width × height` pixels; RGBA or gray is told by the
    /// length of `data`.
    pub fn new(width: u32, height: u32, data: &'a [u8]) -> Result<Frame<'a>, FrameError> {
        let (w, h) = (width as usize, height as usize);
        if w == 0 || h == 0 {
            return Err(FrameError::Empty);
        }
        let px = w.checked_mul(h).ok_or(FrameError::TooLarge)?;
        if px > MAX_PIXELS {
            return Err(FrameError::TooLarge);
        }
        let channels = if data.len() == px * 4 {
            4
        } else if data.len() == px {
            1
        } else {
            return Err(FrameError::Length);
        };
        Ok(Frame {
            width: w,
            height: h,
            data,
            channels,
        })
    }
}

/// Advice for the person holding the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// The frame is too dark to read.
    TooDark,
    /// A bright reflection covers part of the frame.
    Glare,
    /// The characters are too small: bring the document closer.
    MoveCloser,
    /// The characters are blurred: hold still.
    HoldStill,
}

impl Hint {
    /// Stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Hint::TooDark => "ocr.tooDark",
            Hint::Glare => "ocr.glare",
            Hint::MoveCloser => "ocr.moveCloser",
            Hint::HoldStill => "ocr.holdStill",
        }
    }
}

/// One character read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CharRead {
    /// The character in the returned line.
    pub ch: char,
    /// 0–1: how clearly it beat the runner-up.
    pub confidence: f32,
    /// The next best characters its field allows, best first, with their
    /// correlation (−1–1).
    pub runner_ups: [(char, f32); 2],
}

/// An MRZ read and confirmed by the checker.
#[derive(Debug, Clone, PartialEq)]
pub struct Mrz {
    /// The layout.
    pub format: MrzFormat,
    /// The lines, exactly as the checker validated them.
    pub lines: Vec<String>,
    /// Per line, per character.
    pub chars: Vec<Vec<CharRead>>,
    /// 0.5–1 for a confirmed reading: 0.5 plus half the characters' mean
    /// confidence.
    pub confidence: f32,
}

/// The outcome of one frame.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reading {
    /// The MRZ, when one was read and confirmed.
    pub mrz: Option<Mrz>,
    /// The band's corners (top-left, top-right, bottom-right, bottom-left,
    /// frame pixels) when one was found, confirmed or not.
    pub quad: Option<[Point; 4]>,
    /// What would help; empty when the MRZ was read.
    pub hints: Vec<Hint>,
    /// The classifier's best reading of the first band when the checker
    /// confirmed none: for diagnosis only, never to be filled in.
    pub unconfirmed: Option<Vec<String>>,
}

/// The recognizer: the parsed model.
#[derive(Debug, Clone)]
pub struct Reader {
    model: Model,
}

impl Reader {
    /// The reader with the embedded OCR-B model.
    pub fn new() -> Result<Reader, ModelError> {
        Ok(Reader {
            model: classify::parse(MODEL)?,
        })
    }

    /// Reads `frame`; `today` resolves the MRZ's two-digit years.
    pub fn read(&self, frame: &Frame<'_>, today: Date) -> Reading {
        self.read_logged(frame, today, None)
    }

    /// [`Reader::read`], recording each band read in `log` when given.
    fn read_logged(
        &self,
        frame: &Frame<'_>,
        today: Date,
        mut log: Option<&mut Vec<debug::Attempt>>,
    ) -> Reading {
        let g = Gray::from_bytes(frame.width, frame.height, frame.data, frame.channels);
        let f = g.w.max(g.h).div_ceil(WORK_SIDE).max(1);
        let work = g.shrink(f);
        let bands = locate::bands(&work, f as f32);
        let mut quad = None;
        let mut small = false;
        let mut unconfirmed = None;
        for band in &bands {
            if band.cap() < 7.0 {
                small = true;
                continue;
            }
            for cols in columns(band) {
                let Some((place, q)) = self.placement(&g, band, cols) else {
                    continue;
                };
                quad.get_or_insert(q);
                let b = self.read_band(&g, &place, band.lines.len(), cols, today);
                if let Some(log) = log.as_deref_mut() {
                    log.push(debug::Attempt::new(cols, &b));
                }
                if unconfirmed.is_none() {
                    unconfirmed = b.raw;
                }
                if let Some(mrz) = b.mrz {
                    return Reading {
                        mrz: Some(mrz),
                        quad: Some(q),
                        hints: Vec::new(),
                        unconfirmed: None,
                    };
                }
            }
        }
        Reading {
            mrz: None,
            quad,
            hints: hints::hints(&g, quad.as_ref(), small),
            unconfirmed,
        }
    }

    /// The cells of a band read as `cols` columns, and its corners.
    fn placement(
        &self,
        g: &Gray,
        band: &locate::Band,
        cols: usize,
    ) -> Option<(Placement, [Point; 4])> {
        let nlines = band.lines.len();
        let p = place::place(band, cols, |p| self.fit_score(g, p, nlines, cols))?;
        let last = p.lines.len().checked_sub(1)?;
        let pt = |line: usize, col: usize, fx: f32, fy: f32| {
            let (x, y) = p.map(line, col, fx, fy);
            Point { x, y }
        };
        let quad = [
            pt(0, 0, -0.6, -0.8),
            pt(0, cols - 1, 0.6, -0.8),
            pt(last, cols - 1, 0.6, 0.8),
            pt(last, 0, -0.6, 0.8),
        ];
        Some((p, quad))
    }

    /// How well the templates fit a sample of the cells: every fifth, and
    /// the two at each end of each line (which tell a line shifted by a
    /// column: its inner cells still hold characters, one end does not).
    fn fit_score(&self, g: &Gray, p: &Placement, nlines: usize, cols: usize) -> f32 {
        let mut sum = 0.0;
        for line in 0..nlines {
            let ends = [0, 1, cols.saturating_sub(2), cols.saturating_sub(1)];
            let every_fifth = (line % 3 + 2..cols.saturating_sub(2)).step_by(5);
            for c in ends.into_iter().chain(every_fifth) {
                let s = classify::scores(&self.model, &classify::sample(g, p, c, line));
                sum += s.iter().copied().fold(f32::MIN, f32::max);
            }
        }
        sum
    }

    /// The cap height that fits the templates best: the components' boxes
    /// include blur and bold strokes, so a few scales are tried on a
    /// sample of cells.
    fn calibrate(&self, g: &Gray, place: &Placement, nlines: usize, cols: usize) -> Placement {
        let mut best = (f32::MIN, place.cap);
        for k in [0.78f32, 0.85, 0.92, 1.0, 1.08] {
            let p = Placement {
                cap: place.cap * k,
                ..place.clone()
            };
            let sum = self.fit_score(g, &p, nlines, cols);
            if sum > best.0 {
                best = (sum, p.cap);
            }
        }
        Placement {
            cap: best.1,
            ..place.clone()
        }
    }

    fn read_band(
        &self,
        g: &Gray,
        place: &Placement,
        nlines: usize,
        cols: usize,
        today: Date,
    ) -> BandRead {
        let place = &self.calibrate(g, place, nlines, cols);
        let mut scores = Vec::with_capacity(nlines);
        let mut cells = Vec::with_capacity(nlines);
        for line in 0..nlines {
            let row: Vec<_> = (0..cols)
                .map(|c| classify::sample(g, place, c, line))
                .collect();
            scores.push(
                row.iter()
                    .map(|cell| classify::scores(&self.model, cell))
                    .collect::<Vec<[f32; 37]>>(),
            );
            cells.push(row);
        }
        let first = scores
            .first()
            .and_then(|l| l.first())
            .map(best_letter)
            .unwrap_or(b'<');
        let mut out = BandRead::default();
        let Some(format) = choose::format(nlines, cols, first) else {
            return out;
        };
        let mut ranked: Vec<Vec<choose::Ranked>> = scores
            .iter()
            .enumerate()
            .map(|(li, l)| {
                l.iter()
                    .enumerate()
                    .map(|(ci, s)| choose::rank(s, choose::class(format, li, ci)))
                    .collect()
            })
            .collect();
        for (li, (rl, cl)) in ranked.iter_mut().zip(&cells).enumerate() {
            for (ci, (r, cell)) in rl.iter_mut().zip(cl).enumerate() {
                if let Some(p) =
                    choose::settle(r, |a, b| classify::pair_ink(&self.model, cell, a, b))
                {
                    out.pairs.push((li, ci, p.0, p.1, p.2));
                }
            }
        }
        let raw: Vec<String> = ranked
            .iter()
            .map(|l| {
                l.iter()
                    .map(|r| char::from(r.order.first().map_or(b'<', |c| c.0)))
                    .collect()
            })
            .collect();
        out.raw = Some(raw);
        let chosen = choose::choose(&ranked, today)
            .and_then(|l| choose::faint(&ranked, &l).map_or(Ok(l), Err));
        let lines = match chosen {
            Ok(lines) => lines,
            Err(why) => {
                out.refusal = Some(why);
                out.ranked = ranked;
                return out;
            }
        };
        let chars: Vec<Vec<CharRead>> = lines
            .iter()
            .zip(&ranked)
            .map(|(line, rs)| line.bytes().zip(rs).map(|(b, r)| char_read(b, r)).collect())
            .collect();
        let n = chars.iter().map(Vec::len).sum::<usize>().max(1);
        let mean = chars.iter().flatten().map(|c| c.confidence).sum::<f32>() / n as f32;
        let Some(format) = checker_wasm::validate_mrz(&lines.join("\n"), today).format else {
            out.refusal = Some(choose::Refusal::NoValid);
            out.ranked = ranked;
            return out;
        };
        out.raw = None;
        out.ranked = ranked;
        out.mrz = Some(Mrz {
            format,
            lines,
            chars,
            confidence: 0.5 + 0.5 * mean,
        });
        out
    }
}

/// One band read as some number of columns.
#[derive(Debug, Clone, Default)]
pub(crate) struct BandRead {
    /// The confirmed MRZ.
    mrz: Option<Mrz>,
    /// Without it, the best character of each cell.
    raw: Option<Vec<String>>,
    /// Each cell's characters, best first, under its field's class.
    ranked: Vec<Vec<choose::Ranked>>,
    /// Why no MRZ was confirmed, when the cells were read.
    refusal: Option<choose::Refusal>,
    /// Cells whose two best no check digit tells apart, settled by their
    /// ink: line, column, the two, the ink test's value.
    pairs: Vec<(usize, usize, char, char, f32)>,
}

fn best_letter(s: &[f32; 37]) -> u8 {
    let mut best = (f32::MIN, b'<');
    for (b, v) in ALPHABET.iter().zip(s) {
        if b.is_ascii_uppercase() && *v > best.0 {
            best = (*v, *b);
        }
    }
    best.1
}

fn char_read(b: u8, r: &choose::Ranked) -> CharRead {
    let mine = r.order.iter().find(|c| c.0 == b).map_or(0.0, |c| c.1);
    let mut others = r.order.iter().filter(|c| c.0 != b);
    let r1 = others.next().copied().unwrap_or((b'<', -1.0));
    let r2 = others.next().copied().unwrap_or((b'<', -1.0));
    CharRead {
        ch: char::from(b),
        confidence: ((mine - r1.1) / 0.25).clamp(0.0, 1.0),
        runner_ups: [(char::from(r1.0), r1.1), (char::from(r2.0), r2.1)],
    }
}

/// Column counts worth trying for a band, likeliest first.
pub(crate) fn columns(band: &locate::Band) -> Vec<usize> {
    let est = place::span_columns(band);
    let mut opts: Vec<usize> = if band.lines.len() == 3 {
        vec![30]
    } else {
        vec![36, 44]
    };
    opts.sort_by(|a, b| (*a as f32 - est).abs().total_cmp(&(*b as f32 - est).abs()));
    opts.retain(|&n| ((n as f32) - est).abs() < 0.25 * n as f32);
    opts
}

/// Accepts a video read once the same confirmed MRZ came from two frames
/// (not necessarily consecutive) among the last few.
#[derive(Debug, Clone, Default)]
pub struct Agreement {
    recent: Vec<Vec<String>>,
}

/// Frames remembered by [`Agreement`].
const AGREE_WINDOW: usize = 6;

impl Agreement {
    /// A fresh agreement (no frame seen).
    pub fn new() -> Agreement {
        Agreement::default()
    }

    /// Records a frame's reading; returns the lines once two frames agree.
    pub fn feed(&mut self, reading: &Reading) -> Option<Vec<String>> {
        let lines = reading.mrz.as_ref()?.lines.clone();
        let agreed = self.recent.contains(&lines);
        self.recent.push(lines.clone());
        if self.recent.len() > AGREE_WINDOW {
            self.recent.remove(0);
        }
        agreed.then_some(lines)
    }

    /// Forgets every frame (the traveler left the page).
    pub fn reset(&mut self) {
        self.recent.clear();
    }
}
