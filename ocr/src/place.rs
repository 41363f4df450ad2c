//! Where each MRZ cell lies in the frame.
//!
//! Every cell of an MRZ holds ink (fillers included), so each line's chain
//! of components gives the cell centres directly. Each component gets its
//! column from its distance to the previous one in pitches; a quadratic in
//! the column, fitted by least squares to the centres, then gives every
//! cell's centre and the local pitch vector (rotation, scale and the
//! foreshortening of a tilted page), without trusting any single component.
//! A full homography from the band's corners was tried first: over one
//! line spacing, a pixel of error in the corners' heights bent the columns
//! by several pixels.

use crate::locate::{Band, Line};

/// A line's cell centres: `x(c)` and `y(c)` quadratics in the column.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineModel {
    x: [f32; 3],
    y: [f32; 3],
}

impl LineModel {
    /// Centre of column `c` (may be fractional).
    pub(crate) fn at(&self, c: f32) -> (f32, f32) {
        (
            self.x[0] + c * (self.x[1] + c * self.x[2]),
            self.y[0] + c * (self.y[1] + c * self.y[2]),
        )
    }
    /// The step from one column to the next at column `c`.
    pub(crate) fn pitch(&self, c: f32) -> (f32, f32) {
        (
            self.x[1] + 2.0 * c * self.x[2],
            self.y[1] + 2.0 * c * self.y[2],
        )
    }
}

/// The cells of a band read as `cols` columns.
#[derive(Debug, Clone)]
pub(crate) struct Placement {
    pub lines: Vec<LineModel>,
    /// Cap height in frame pixels.
    pub cap: f32,
}

/// A cell's centre and axes in frame pixels: `across` is one pitch along
/// the line, `down` one cap height along the cell's columns.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Axes {
    pub centre: (f32, f32),
    pub across: (f32, f32),
    pub down: (f32, f32),
}

impl Axes {
    /// The frame position of point `(fx, fy)`, in pitches across and cap
    /// heights down from the centre.
    pub(crate) fn at(&self, fx: f32, fy: f32) -> (f32, f32) {
        (
            self.centre.0 + fx * self.across.0 + fy * self.down.0,
            self.centre.1 + fx * self.across.1 + fy * self.down.1,
        )
    }
}

/// Largest slant of a cell's columns from the line's normal that is
/// believed (cos 20°): a tilted page leans its columns a few degrees; more
/// means the lines' models disagree, and the normal is used.
const MAX_SLANT_COS: f32 = 0.94;

impl Placement {
    /// The axes of cell `(col, line)`. The columns of an MRZ line up from
    /// line to line, so the direction from one line's cell to the next
    /// line's cell in the same column is the cell's own vertical: on a page
    /// seen at an angle it leans away from the line's normal, and a glyph
    /// sampled along the normal would be sheared (an H leaning toward an
    /// N). The cap height stays measured across the line.
    pub(crate) fn axes(&self, line: usize, col: usize) -> Axes {
        let Some(m) = self.lines.get(line) else {
            return Axes {
                centre: (-1.0, -1.0),
                across: (0.0, 0.0),
                down: (0.0, 0.0),
            };
        };
        let c = col as f32;
        let (cx, cy) = m.at(c);
        let (px, py) = m.pitch(c);
        let len = (px * px + py * py).sqrt().max(1e-3);
        let normal = (-py / len, px / len);
        let prev = line.checked_sub(1).and_then(|l| self.lines.get(l));
        let next = self.lines.get(line + 1);
        // The same column on the lines around this one (a lone line has
        // only its normal).
        let column = match (prev, next) {
            (Some(p), Some(n)) => Some((p.at(c), n.at(c))),
            (Some(p), None) => Some((p.at(c), (cx, cy))),
            (None, Some(n)) => Some(((cx, cy), n.at(c))),
            (None, None) => None,
        };
        let mut down = (normal.0 * self.cap, normal.1 * self.cap);
        if let Some((a, b)) = column {
            let (vx, vy) = (b.0 - a.0, b.1 - a.1);
            // |v| · cos of its angle to the normal: v's extent across the line.
            let across_line = vx * normal.0 + vy * normal.1;
            let vlen = (vx * vx + vy * vy).sqrt();
            if vlen > 1e-3 && across_line >= MAX_SLANT_COS * vlen {
                // One cap height across the line, along the column.
                let k = self.cap / across_line;
                down = (vx * k, vy * k);
            }
        }
        Axes {
            centre: (cx, cy),
            across: (px, py),
            down,
        }
    }

    /// The frame position of point `(fx, fy)` of cell `(col, line)`, in
    /// pitches across and cap heights down from the cell centre.
    pub(crate) fn map(&self, line: usize, col: usize, fx: f32, fy: f32) -> (f32, f32) {
        self.axes(line, col).at(fx, fy)
    }
}

/// Columns of a line's components: each the previous kept one's plus its
/// distance in pitches (at least one). Components wider than a character
/// (two merged by blur) are left out: their centre lies between columns.
fn columns_of(l: &Line) -> Vec<(f32, (f32, f32))> {
    let mut out: Vec<(f32, (f32, f32))> = Vec::with_capacity(l.points.len());
    let pitch = l.pitch.max(1e-3);
    for (p, w) in l.points.iter().zip(&l.widths) {
        if *w > 1.3 * pitch {
            continue;
        }
        let c = match out.last() {
            None => 0.0,
            Some((c, q)) => {
                let d = ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt();
                c + (d / pitch).round().max(1.0)
            }
        };
        out.push((c, *p));
    }
    // The first component kept may not be the first column's.
    if let (Some(first), Some((_, fp))) = (l.points.first(), out.first()) {
        let d = ((fp.0 - first.0).powi(2) + (fp.1 - first.1).powi(2)).sqrt();
        let shift = (d / pitch).round();
        for o in &mut out {
            o.0 += shift;
        }
    }
    out
}

/// Least-squares quadratic `v ≈ a + b·c + e·c²` (Cramer's rule on the
/// normal equations); `None` when degenerate.
fn quadratic(cs: &[f32], vs: &[f32]) -> Option<[f32; 3]> {
    let mut s = [0f64; 5];
    let mut t = [0f64; 3];
    for (&c, &v) in cs.iter().zip(vs) {
        let (c, v) = (f64::from(c), f64::from(v));
        let mut p = 1.0;
        for k in s.iter_mut() {
            *k += p;
            p *= c;
        }
        t[0] += v;
        t[1] += v * c;
        t[2] += v * c * c;
    }
    let m = [[s[0], s[1], s[2]], [s[1], s[2], s[3]], [s[2], s[3], s[4]]];
    let det = |m: &[[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let d = det(&m);
    if d.abs() < 1e-9 {
        return None;
    }
    let mut out = [0f32; 3];
    for (i, o) in out.iter_mut().enumerate() {
        let mut mi = m;
        for r in 0..3 {
            mi[r][i] = t[r];
        }
        *o = (det(&mi) / d) as f32;
    }
    out.iter().all(|v| v.is_finite()).then_some(out)
}

/// The columns a band's lines span, each line's own count, for deciding
/// between 36 and 44.
pub(crate) fn span_columns(band: &Band) -> f32 {
    let n: f32 = band
        .lines
        .iter()
        .map(|l| columns_of(l).last().map_or(0.0, |c| c.0) + 1.0)
        .fold(0.0, f32::max);
    n
}

/// The placement of `band` as `cols` columns. A line whose chain spans
/// fewer columns than `cols` may be missing either end, and one that spans
/// more has picked up a speck or the page's edge at one end: each
/// possible alignment is tried and `score` (the classifier's fit of a few
/// cells) chooses.
pub(crate) fn place(
    band: &Band,
    cols: usize,
    score: impl Fn(&Placement) -> f32,
) -> Option<Placement> {
    let n = cols as f32;
    let mut options: Vec<Vec<LineModel>> = Vec::with_capacity(band.lines.len());
    for l in &band.lines {
        let cs = columns_of(l);
        let span = cs.last().map_or(0.0, |c| c.0) + 1.0;
        let diff = (n - span).round();
        if diff.abs() > 6.0 {
            return None;
        }
        let (lo, hi) = (diff.min(0.0) as i32, diff.max(0.0) as i32);
        let mut opts = Vec::new();
        for off in lo..=hi {
            let off = off as f32;
            let kept: Vec<(f32, (f32, f32))> = cs
                .iter()
                .filter(|c| c.0 + off > -0.5 && c.0 + off < n - 0.5)
                .copied()
                .collect();
            if (kept.len() as f32) < 0.6 * n {
                continue;
            }
            opts.extend(fit(&kept, off));
        }
        if opts.is_empty() {
            return None;
        }
        options.push(opts);
    }
    let mut p = Placement {
        lines: options.iter().filter_map(|o| o.first().copied()).collect(),
        cap: band.cap(),
    };
    for (i, opts) in options.iter().enumerate() {
        if opts.len() < 2 {
            continue;
        }
        let mut best = (f32::MIN, p.lines[i]);
        for m in opts {
            let mut q = p.clone();
            q.lines[i] = *m;
            let s = score(&q);
            if s > best.0 {
                best = (s, *m);
            }
        }
        p.lines[i] = best.1;
    }
    Some(p)
}

fn fit(cs: &[(f32, (f32, f32))], off: f32) -> Option<LineModel> {
    let xs: Vec<f32> = cs.iter().map(|c| c.1.0).collect();
    let ys: Vec<f32> = cs.iter().map(|c| c.1.1).collect();
    let cs: Vec<f32> = cs.iter().map(|c| c.0 + off).collect();
    Some(LineModel {
        x: quadratic(&cs, &xs)?,
        y: quadratic(&cs, &ys)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two lines 30 pixels apart, pitch 10 along x; line 2 shifted right by
    /// `lean` pixels (a page seen at an angle leans its columns).
    fn sheared(lean: f32) -> Placement {
        let line = |y: f32, dx: f32| LineModel {
            x: [100.0 + dx, 10.0, 0.0],
            y: [y, 0.0, 0.0],
        };
        Placement {
            lines: vec![line(50.0, 0.0), line(80.0, lean)],
            cap: 20.0,
        }
    }

    fn close(a: (f32, f32), b: (f32, f32)) -> bool {
        (a.0 - b.0).abs() < 1e-3 && (a.1 - b.1).abs() < 1e-3
    }

    #[test]
    fn a_cell_s_vertical_follows_its_column_from_line_to_line() {
        let p = sheared(3.0);
        for line in 0..2 {
            let a = p.axes(line, 5);
            assert!(close(a.across, (10.0, 0.0)));
            // Along the column (3 right for 30 down), one cap height (20)
            // measured across the line.
            assert!(close(a.down, (2.0, 20.0)), "{:?}", a.down);
        }
        assert!(close(p.map(1, 5, 0.0, 1.0), (155.0, 100.0)));
    }

    #[test]
    fn an_implausible_lean_falls_back_to_the_normal() {
        // 15 right for 30 down is 27°: the lines disagree, not the page.
        let p = sheared(15.0);
        assert!(close(p.axes(0, 3).down, (0.0, 20.0)));
        // One line alone has only its normal.
        let one = Placement {
            lines: vec![p.lines[0]],
            cap: 20.0,
        };
        assert!(close(one.axes(0, 3).down, (0.0, 20.0)));
    }
}
