//! The glyph classifier: normalized cross-correlation of a character cell
//! with OCR-B templates (several stroke weights per character), searched
//! over small shifts.
//!
//! The templates (`model/templates.bin`) are rendered from the OCR-B font
//! by the generator in `ocr/synth` (`cargo xtask ocr-train`); this module
//! only reads them.

use crate::gray::Gray;
use crate::place::Placement;

/// The MRZ alphabet, in the model's order.
pub const ALPHABET: &[u8; 37] = b"<0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// Template width: one character pitch.
pub const TW: usize = 16;
/// Template height.
pub const TH: usize = 24;
/// Cap height inside a template (centred).
pub const CAP: f32 = 20.0;
/// Shift search, each way, in template pixels.
const SHIFT: usize = 1;
const PW: usize = TW + 2 * SHIFT;
const PH: usize = TH + 2 * SHIFT;
const MAGIC: &[u8; 4] = b"MRZT";

/// Why the embedded model could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelError {
    /// Wrong magic, version or dimensions.
    Header,
    /// The data is shorter or longer than the header says.
    Length,
}

impl ModelError {
    /// Stable code.
    pub const fn code(self) -> &'static str {
        match self {
            ModelError::Header => "ocr.modelHeader",
            ModelError::Length => "ocr.modelLength",
        }
    }
}

/// Zero-mean, unit-norm templates.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    /// `(class index, TW × TH values)` per template.
    templates: Vec<(usize, Vec<f32>)>,
    /// The ink (0–255) of the sharp templates of the middle weight, per
    /// class: where two characters' ink differs, for [`pair_ink`].
    ink: Vec<Vec<f32>>,
}

/// Parses a model file: `MRZT`, version 1, variant count, TW, TH, then
/// for each variant the 37 templates (ink coverage 0–255, row-major).
pub(crate) fn parse(bytes: &[u8]) -> Result<Model, ModelError> {
    let head = bytes.get(..8).ok_or(ModelError::Header)?;
    if &head[..4] != MAGIC || head[4] != 1 || head[6] as usize != TW || head[7] as usize != TH {
        return Err(ModelError::Header);
    }
    let variants = head[5] as usize;
    let body = &bytes[8..];
    let size = TW * TH;
    if variants == 0 || body.len() != variants * ALPHABET.len() * size {
        return Err(ModelError::Length);
    }
    // Variants: the weights sharp, then the weights blurred; the middle
    // sharp one is `variants / 4`.
    let mid = (variants / 4) * ALPHABET.len();
    let ink = body
        .chunks_exact(size)
        .skip(mid)
        .take(ALPHABET.len())
        .map(|t| t.iter().map(|&b| f32::from(b)).collect())
        .collect();
    let templates = body
        .chunks_exact(size)
        .enumerate()
        .map(|(i, t)| {
            let v: Vec<f32> = t.iter().map(|&b| f32::from(b)).collect();
            (i % ALPHABET.len(), normalize(&v))
        })
        .collect();
    Ok(Model { templates, ink })
}

fn normalize(v: &[f32]) -> Vec<f32> {
    let mean = v.iter().sum::<f32>() / v.len().max(1) as f32;
    let norm = v.iter().map(|x| (x - mean).powi(2)).sum::<f32>().sqrt();
    let inv = if norm > 1e-6 { 1.0 / norm } else { 0.0 };
    v.iter().map(|x| (x - mean) * inv).collect()
}

/// The darkness of the cell at `(col, line)`, sampled into a window a
/// little larger than a template.
pub(crate) fn sample(g: &Gray, p: &Placement, col: usize, line: usize) -> [f32; PW * PH] {
    let mut out = [0f32; PW * PH];
    // Frame pixels per template pixel.
    let scale = p.cap / CAP;
    let ss = (scale.ceil() as usize).clamp(1, 3);
    let step = 1.0 / ss as f32;
    let inv = 1.0 / (ss * ss) as f32;
    let axes = p.axes(line, col);
    for py in 0..PH {
        for px in 0..PW {
            let mut acc = 0.0;
            for sy in 0..ss {
                for sx in 0..ss {
                    let fx = px as f32 + (sx as f32 + 0.5) * step - PW as f32 / 2.0;
                    let fy = py as f32 + (sy as f32 + 0.5) * step - PH as f32 / 2.0;
                    let (x, y) = axes.at(fx / TW as f32, fy / CAP);
                    // Component centres are continuous coordinates; the
                    // sampler puts pixel centres at integers.
                    acc += g.sample(x - 0.5, y - 0.5);
                }
            }
            out[py * PW + px] = 255.0 - acc * inv;
        }
    }
    out
}

/// Classes refined over every shift after the first pass.
const REFINE: usize = 5;

/// Best correlation of the cell with each character (over shifts and
/// stroke weights), in alphabet order; all zero for a blank cell. First
/// every template at the centred window, then every shift for the
/// templates of the best [`REFINE`] characters only.
pub(crate) fn scores(m: &Model, cell: &[f32; PW * PH]) -> [f32; 37] {
    let mut best = [-1f32; 37];
    let mut win = [0f32; TW * TH];
    if !window(cell, SHIFT, SHIFT, &mut win) {
        return [0.0; 37];
    }
    for (class, t) in &m.templates {
        let s = dot(&win, t);
        if s > best[*class] {
            best[*class] = s;
        }
    }
    let mut order: Vec<usize> = (0..37).collect();
    order.sort_by(|&a, &b| best[b].total_cmp(&best[a]));
    let mut keep = [false; 37];
    for &c in order.iter().take(REFINE) {
        keep[c] = true;
    }
    for dy in 0..=2 * SHIFT {
        for dx in 0..=2 * SHIFT {
            if (dx, dy) == (SHIFT, SHIFT) || !window(cell, dx, dy, &mut win) {
                continue;
            }
            for (class, t) in &m.templates {
                if !keep[*class] {
                    continue;
                }
                let s = dot(&win, t);
                if s > best[*class] {
                    best[*class] = s;
                }
            }
        }
    }
    best
}

/// Where the ink of `a` and `b` differs, how much the cell has of each:
/// the darkness of the cell where only `a` has ink minus where only `b`
/// has, each as a fraction of the darkness where both have (the paper at
/// 0). Near 1 for `a`, −1 for `b` when each has ink the other lacks; for
/// S and 8 (S has none 8 lacks) near 1 for 8 and 0 for S. The window is
/// the shift where `a`'s ink fits best. `None` when the masks are empty.
pub(crate) fn pair_ink(m: &Model, cell: &[f32; PW * PH], a: u8, b: u8) -> Option<f32> {
    let at = |c: u8| ALPHABET.iter().position(|&x| x == c);
    let (ta, tb) = (m.ink.get(at(a)?)?, m.ink.get(at(b)?)?);
    let (norm_a, norm_b) = (normalize(ta), normalize(tb));
    let mut win = [0f32; TW * TH];
    let mut best = (f32::MIN, (SHIFT, SHIFT));
    for dy in 0..=2 * SHIFT {
        for dx in 0..=2 * SHIFT {
            if window(cell, dx, dy, &mut win) {
                let s = dot(&win, &norm_a).max(dot(&win, &norm_b));
                if s > best.0 {
                    best = (s, (dx, dy));
                }
            }
        }
    }
    let (dx, dy) = best.1;
    let mut raw = [0f32; TW * TH];
    for y in 0..TH {
        let row = (y + dy) * PW + dx;
        raw[y * TW..(y + 1) * TW].copy_from_slice(&cell[row..row + TW]);
    }
    let mut sorted = raw;
    sorted.sort_by(f32::total_cmp);
    let paper = sorted[TW * TH / 10];
    let mean = |keep: &dyn Fn(f32, f32) -> bool| {
        let (mut sum, mut n) = (0.0, 0usize);
        for ((&v, &x), &y) in raw.iter().zip(ta).zip(tb) {
            if keep(x, y) {
                sum += v - paper;
                n += 1;
            }
        }
        (n > 0).then(|| sum / n as f32)
    };
    let both = mean(&|x, y| x > 160.0 && y > 160.0)?;
    if both < 10.0 {
        return None;
    }
    let only_a = mean(&|x, y| x > 160.0 && y < 30.0);
    let only_b = mean(&|x, y| y > 160.0 && x < 30.0);
    if only_a.is_none() && only_b.is_none() {
        return None;
    }
    Some((only_a.unwrap_or(0.0) - only_b.unwrap_or(0.0)) / both)
}

/// The zero-mean, unit-norm window at `(dx, dy)`; false when flat.
fn window(cell: &[f32; PW * PH], dx: usize, dy: usize, win: &mut [f32; TW * TH]) -> bool {
    for y in 0..TH {
        let row = (y + dy) * PW + dx;
        win[y * TW..(y + 1) * TW].copy_from_slice(&cell[row..row + TW]);
    }
    let mean = win.iter().sum::<f32>() / (TW * TH) as f32;
    let norm = win.iter().map(|x| (x - mean).powi(2)).sum::<f32>().sqrt();
    if norm < 1e-3 {
        return false;
    }
    let inv = 1.0 / norm;
    for v in win.iter_mut() {
        *v = (*v - mean) * inv;
    }
    true
}

/// Dot product in eight lanes (so it vectorizes).
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    acc.iter().sum()
}
