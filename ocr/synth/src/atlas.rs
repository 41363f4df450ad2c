//! The OCR-B glyph atlas and the classifier templates made from it.
//!
//! `build_atlas` rasterizes the 37 MRZ characters from the OCR-B font
//! (Debian `fonts-ocr-b`, public domain) into one gray strip, one cell of
//! [`PITCH`] × [`CELL_H`] pixels per character, baseline at [`BASELINE`].
//! The strip is committed (`ocr/synth/ocrb-atlas.png`) so the synthetic
//! set and the tests need no font; `templates` turns it into the model
//! the recognizer embeds. Both are deterministic.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use mrz_ocr::classify::{ALPHABET, CAP, TH, TW};

/// Atlas pixels per character pitch.
pub const PITCH: usize = 48;
/// Atlas cell height.
pub const CELL_H: usize = 96;
/// Baseline row in a cell.
pub const BASELINE: usize = 72;
/// Where Debian installs the font.
pub const FONT: &str = "/usr/share/fonts/opentype/ocr-b/OCRB.otf";

/// Ink coverage (0–255) of each character cell, alphabet order.
#[derive(Debug, Clone)]
pub struct Atlas {
    pub cells: Vec<Vec<u8>>,
    /// Cap height in atlas pixels (the height of `H`).
    pub cap: usize,
}

impl Atlas {
    /// Coverage 0–1 at a real position in the cell of character index `c`.
    pub fn ink(&self, c: usize, x: f32, y: f32) -> f32 {
        let Some(cell) = self.cells.get(c) else {
            return 0.0;
        };
        if !(x >= 0.0 && y >= 0.0) {
            return 0.0;
        }
        let (x0, y0) = (x as usize, y as usize);
        if x0 + 1 >= PITCH || y0 + 1 >= CELL_H {
            return 0.0;
        }
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let g = |xx: usize, yy: usize| f32::from(cell[yy * PITCH + xx]) / 255.0;
        let top = g(x0, y0) * (1.0 - fx) + g(x0 + 1, y0) * fx;
        let bot = g(x0, y0 + 1) * (1.0 - fx) + g(x0 + 1, y0 + 1) * fx;
        top * (1.0 - fy) + bot * fy
    }

    /// Index of an MRZ character.
    pub fn index(b: u8) -> Option<usize> {
        ALPHABET.iter().position(|&a| a == b)
    }

    /// The atlas from its PNG strip.
    pub fn from_png(bytes: &[u8]) -> Result<Atlas, String> {
        let dec = png::Decoder::new(bytes);
        let mut r = dec.read_info().map_err(|e| e.to_string())?;
        let mut buf = vec![0; r.output_buffer_size()];
        let info = r.next_frame(&mut buf).map_err(|e| e.to_string())?;
        if info.width as usize != PITCH * ALPHABET.len()
            || info.height as usize != CELL_H
            || info.color_type != png::ColorType::Grayscale
        {
            return Err("atlas: unexpected size or colour type".into());
        }
        let w = info.width as usize;
        let cells = (0..ALPHABET.len())
            .map(|c| {
                let mut cell = vec![0u8; PITCH * CELL_H];
                for y in 0..CELL_H {
                    cell[y * PITCH..(y + 1) * PITCH]
                        .copy_from_slice(&buf[y * w + c * PITCH..y * w + (c + 1) * PITCH]);
                }
                cell
            })
            .collect();
        let mut a = Atlas { cells, cap: 0 };
        a.cap = a.measure_cap();
        Ok(a)
    }

    fn measure_cap(&self) -> usize {
        let Some(h) = Atlas::index(b'H').and_then(|i| self.cells.get(i)) else {
            return 0;
        };
        let top = (0..CELL_H).find(|&y| h[y * PITCH..(y + 1) * PITCH].iter().any(|&v| v > 127));
        top.map_or(0, |t| BASELINE.saturating_sub(t))
    }

    /// The strip as PNG.
    pub fn to_png(&self) -> Result<Vec<u8>, String> {
        let w = PITCH * ALPHABET.len();
        let mut px = vec![0u8; w * CELL_H];
        for (c, cell) in self.cells.iter().enumerate() {
            for y in 0..CELL_H {
                px[y * w + c * PITCH..y * w + (c + 1) * PITCH]
                    .copy_from_slice(&cell[y * PITCH..(y + 1) * PITCH]);
            }
        }
        crate::image::png_gray(w, CELL_H, &px)
    }
}

/// Rasterizes the atlas from the OCR-B font file.
pub fn build_atlas(font: &[u8]) -> Result<Atlas, String> {
    let font = FontRef::try_from_slice(font).map_err(|e| format!("font: {e}"))?;
    let unit = font.as_scaled(PxScale::from(100.0));
    let adv = unit.h_advance(font.glyph_id('H'));
    if adv <= 0.0 {
        return Err("font: no advance for H".into());
    }
    let scale = PxScale::from(100.0 * PITCH as f32 / adv);
    let mut cells = Vec::new();
    for &b in ALPHABET {
        let mut cell = vec![0u8; PITCH * CELL_H];
        let g = font
            .glyph_id(char::from(b))
            .with_scale_and_position(scale, point(0.0, BASELINE as f32));
        let og = font
            .outline_glyph(g)
            .ok_or_else(|| format!("font: no outline for {}", char::from(b)))?;
        let bb = og.px_bounds();
        og.draw(|x, y, c| {
            let (xx, yy) = (bb.min.x as i32 + x as i32, bb.min.y as i32 + y as i32);
            if (0..PITCH as i32).contains(&xx) && (0..CELL_H as i32).contains(&yy) {
                let i = yy as usize * PITCH + xx as usize;
                cell[i] = cell[i].max((c.clamp(0.0, 1.0) * 255.0).round() as u8);
            }
        });
        cells.push(cell);
    }
    let mut a = Atlas { cells, cap: 0 };
    a.cap = a.measure_cap();
    Ok(a)
}

/// Stroke weights of the templates: atlas pixels grown (positive) or
/// shrunk (negative), about 1/48 of a pitch each.
const WEIGHTS: [i32; 3] = [0, 2, 5];

impl Atlas {
    /// The atlas with strokes grown by `r` pixels (shrunk when negative):
    /// a max (min) filter over a (2|r|+1)² square.
    pub fn morph(&self, r: i32) -> Atlas {
        if r == 0 {
            return self.clone();
        }
        let k = r.unsigned_abs() as i32;
        let cells = self
            .cells
            .iter()
            .map(|cell| {
                let mut out = vec![0u8; PITCH * CELL_H];
                for y in 0..CELL_H as i32 {
                    for x in 0..PITCH as i32 {
                        let mut v = if r > 0 { 0u8 } else { 255u8 };
                        for dy in -k..=k {
                            for dx in -k..=k {
                                let (xx, yy) = (x + dx, y + dy);
                                let p = if (0..PITCH as i32).contains(&xx)
                                    && (0..CELL_H as i32).contains(&yy)
                                {
                                    cell[yy as usize * PITCH + xx as usize]
                                } else {
                                    0
                                };
                                v = if r > 0 { v.max(p) } else { v.min(p) };
                            }
                        }
                        out[y as usize * PITCH + x as usize] = v;
                    }
                }
                out
            })
            .collect();
        Atlas {
            cells,
            cap: self.cap,
        }
    }
}

/// The recognizer's model: for each stroke weight, each character's cell
/// resampled to TW × TH with the cap height at CAP pixels, centred.
pub fn templates(a: &Atlas) -> Vec<u8> {
    let mut out = b"MRZT".to_vec();
    out.extend([1, 2 * WEIGHTS.len() as u8, TW as u8, TH as u8]);
    let cap = a.cap.max(1) as f32;
    // Template row y ↦ atlas row: the cap box [BASELINE - cap, BASELINE]
    // maps to [(TH - CAP)/2, (TH + CAP)/2].
    let sy = cap / CAP;
    let top = BASELINE as f32 - cap - (TH as f32 - CAP) / 2.0 * sy;
    let sx = PITCH as f32 / TW as f32;
    // Each weight sharp, then each weight out of focus (a 3×3 box blur
    // at template resolution).
    let mut sharp = Vec::new();
    for &w in &WEIGHTS {
        let a = a.morph(w);
        for c in 0..ALPHABET.len() {
            for ty in 0..TH {
                for tx in 0..TW {
                    // Box filter over the atlas pixels of this template pixel.
                    let mut acc = 0.0;
                    let n = 4;
                    for j in 0..n {
                        for i in 0..n {
                            let x = (tx as f32 + (i as f32 + 0.5) / n as f32) * sx;
                            let y = top + (ty as f32 + (j as f32 + 0.5) / n as f32) * sy;
                            acc += a.ink(c, x, y);
                        }
                    }
                    sharp.push((acc / (n * n) as f32 * 255.0).round() as u8);
                }
            }
        }
    }
    let blurred: Vec<u8> = sharp.chunks_exact(TW * TH).flat_map(blur).collect();
    out.extend(&sharp);
    out.extend(blurred);
    out
}

fn blur(t: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; TW * TH];
    for y in 0..TH {
        for x in 0..TW {
            let (mut acc, mut n) = (0u32, 0u32);
            for yy in y.saturating_sub(1)..(y + 2).min(TH) {
                for xx in x.saturating_sub(1)..(x + 2).min(TW) {
                    acc += u32::from(t[yy * TW + xx]);
                    n += 1;
                }
            }
            out[y * TW + x] = (acc / n.max(1)) as u8;
        }
    }
    out
}
