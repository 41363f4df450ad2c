//! Hints for the person holding the document after a frame gave no MRZ:
//! too dark, glare, move closer, hold still.

use crate::gray::Gray;
use crate::{Hint, Point};

/// What might help after a frame gave no MRZ.
pub(crate) fn hints(g: &Gray, quad: Option<&[Point; 4]>, small: bool) -> Vec<Hint> {
    let mut out = Vec::new();
    let n = g.px.len().max(1) as u64;
    let mean = g.px.iter().map(|&p| u64::from(p)).sum::<u64>() / n;
    let mut hist = [0u64; 256];
    for &p in &g.px {
        hist[p as usize] += 1;
    }
    let p95 = percentile(&hist, n, 95);
    if mean < 60 && p95 < 110 {
        out.push(Hint::TooDark);
    }
    // Saturated pixels: over the band when there is one, else anywhere.
    let region = quad.map_or((0, 0, g.w, g.h), |q| bbox(q, g.w, g.h));
    let (mut sat, mut tot) = (0u64, 0u64);
    for y in region.1..region.3 {
        for x in region.0..region.2 {
            tot += 1;
            if g.get(x, y) >= 250 {
                sat += 1;
            }
        }
    }
    if tot > 0 && sat * 100 > tot * if quad.is_some() { 3 } else { 8 } {
        out.push(Hint::Glare);
    }
    if small {
        out.push(Hint::MoveCloser);
    }
    if let Some(q) = quad
        && blurred(g, bbox(q, g.w, g.h))
    {
        out.push(Hint::HoldStill);
    }
    out
}

fn percentile(hist: &[u64; 256], n: u64, p: u64) -> u8 {
    let want = n * p / 100;
    let mut acc = 0;
    for (v, c) in hist.iter().enumerate() {
        acc += c;
        if acc >= want {
            return v as u8;
        }
    }
    255
}

fn bbox(q: &[Point; 4], w: usize, h: usize) -> (usize, usize, usize, usize) {
    let xs = q.iter().map(|p| p.x);
    let ys = q.iter().map(|p| p.y);
    let clamp = |v: f32, hi: usize| (v.max(0.0) as usize).min(hi);
    (
        clamp(xs.clone().fold(f32::MAX, f32::min), w),
        clamp(ys.clone().fold(f32::MAX, f32::min), h),
        clamp(xs.fold(f32::MIN, f32::max), w),
        clamp(ys.fold(f32::MIN, f32::max), h),
    )
}

/// Edges in the band are soft: the strongest gradients are a small part of
/// the band's contrast.
fn blurred(g: &Gray, r: (usize, usize, usize, usize)) -> bool {
    let (x0, y0, x1, y1) = r;
    if x1 <= x0 + 2 || y1 <= y0 + 2 {
        return false;
    }
    let (mut lo, mut hi, mut grad) = (255u8, 0u8, 0i32);
    for y in y0..y1 - 1 {
        for x in x0..x1 - 1 {
            let p = g.get(x, y);
            lo = lo.min(p);
            hi = hi.max(p);
            let gx = (i32::from(g.get(x + 1, y)) - i32::from(p)).abs();
            let gy = (i32::from(g.get(x, y + 1)) - i32::from(p)).abs();
            grad = grad.max(gx.max(gy));
        }
    }
    let contrast = i32::from(hi) - i32::from(lo);
    contrast > 30 && grad * 4 < contrast
}
