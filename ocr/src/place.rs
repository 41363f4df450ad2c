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

impl Placement {
    /// The frame position of point `(fx, fy)` of cell `(col, line)`, in
    /// pitches across and cap heights down from the cell centre.
    pub(crate) fn map(&self, line: usize, col: usize, fx: f32, fy: f32) -> (f32, f32) {
        let Some(m) = self.lines.get(line) else {
            return (-1.0, -1.0);
        };
        let c = col as f32;
        let (cx, cy) = m.at(c);
        let (px, py) = m.pitch(c);
        let len = (px * px + py * py).sqrt().max(1e-3);
        let (nx, ny) = (-py / len, px / len);
        (
            cx + fx * px + fy * self.cap * nx,
            cy + fx * py + fy * self.cap * ny,
        )
    }
}

/// Columns of a line's components: each the previous plus its gap in
/// pitches (at least one).
fn columns_of(l: &Line) -> Vec<f32> {
    let mut out = Vec::with_capacity(l.points.len());
    let mut c = 0.0f32;
    for (i, p) in l.points.iter().enumerate() {
        if i > 0 {
            let q = l.points[i - 1];
            let d = ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt();
            c += (d / l.pitch.max(1e-3)).round().max(1.0);
        }
        out.push(c);
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
        .map(|l| columns_of(l).last().copied().unwrap_or(0.0) + 1.0)
        .fold(0.0, f32::max);
    n
}

/// The placement of `band` as `cols` columns: lines whose chain spans
/// fewer columns are aligned to the longest line by position.
pub(crate) fn place(band: &Band, cols: usize) -> Option<Placement> {
    let per: Vec<Vec<f32>> = band.lines.iter().map(columns_of).collect();
    let (ri, rcols) = per.iter().enumerate().max_by(|a, b| {
        let la = a.1.last().copied().unwrap_or(0.0);
        let lb = b.1.last().copied().unwrap_or(0.0);
        la.total_cmp(&lb)
    })?;
    let rline = band.lines.get(ri)?;
    let rspan = rcols.last().copied().unwrap_or(0.0);
    if rspan + 1.0 > cols as f32 + 0.5 {
        return None;
    }
    // The reference line fills the columns from 0 when it spans them all;
    // otherwise it cannot tell which end is missing: try from 0.
    let rmodel = fit(rline, rcols, 0.0)?;
    let mut lines = Vec::with_capacity(band.lines.len());
    for (i, l) in band.lines.iter().enumerate() {
        if i == ri {
            lines.push(rmodel);
            continue;
        }
        let cs = &per[i];
        // Offset: the reference line's column nearest this line's first
        // component, measured along the reference line.
        let first = *l.points.first()?;
        let (px, py) = rmodel.pitch(0.0);
        let p2 = (px * px + py * py).max(1e-6);
        let (ox, oy) = rmodel.at(0.0);
        // Project onto the reference direction, after moving across to it.
        let along = ((first.0 - ox) * px + (first.1 - oy) * py) / p2;
        let off = along.round().max(0.0);
        if off + cs.last().copied().unwrap_or(0.0) + 1.0 > cols as f32 + 0.5 {
            return None;
        }
        lines.push(fit(l, cs, off)?);
    }
    Some(Placement {
        lines,
        cap: band.cap(),
    })
}

fn fit(l: &Line, cs: &[f32], off: f32) -> Option<LineModel> {
    let cs: Vec<f32> = cs.iter().map(|c| c + off).collect();
    let xs: Vec<f32> = l.points.iter().map(|p| p.0).collect();
    let ys: Vec<f32> = l.points.iter().map(|p| p.1).collect();
    Some(LineModel {
        x: quadratic(&cs, &xs)?,
        y: quadratic(&cs, &ys)?,
    })
}
