//! Finding the MRZ band: local-mean binarization, connected components,
//! chains of character-sized components at a regular pitch, and groups of
//! two or three parallel chains of equal length and equal spacing.

use crate::gray::{Gray, Integral};

/// One connected component of dark pixels (working-image coordinates).
#[derive(Debug, Clone, Copy)]
struct Comp {
    x0: u32,
    y0: u32,
    x1: u32,
    y1: u32,
    n: u32,
}

impl Comp {
    fn w(&self) -> f32 {
        (self.x1 - self.x0 + 1) as f32
    }
    fn h(&self) -> f32 {
        (self.y1 - self.y0 + 1) as f32
    }
    fn cx(&self) -> f32 {
        (self.x0 + self.x1) as f32 / 2.0 + 0.5
    }
    fn cy(&self) -> f32 {
        (self.y0 + self.y1) as f32 / 2.0 + 0.5
    }
}

/// A text line: its first and last character centres (full-frame pixels),
/// its character count, median pitch and cap height.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// Component centres, left to right (full-frame pixels).
    pub points: Vec<(f32, f32)>,
    /// Their widths.
    pub widths: Vec<f32>,
    pub first: (f32, f32),
    pub last: (f32, f32),
    pub count: usize,
    pub pitch: f32,
    pub cap: f32,
}

impl Line {
    pub(crate) fn span(&self) -> f32 {
        ((self.last.0 - self.first.0).powi(2) + (self.last.1 - self.first.1).powi(2)).sqrt()
    }
    fn mid(&self) -> (f32, f32) {
        (
            (self.first.0 + self.last.0) / 2.0,
            (self.first.1 + self.last.1) / 2.0,
        )
    }
    fn dir(&self) -> (f32, f32) {
        let s = self.span().max(1e-3);
        (
            (self.last.0 - self.first.0) / s,
            (self.last.1 - self.first.1) / s,
        )
    }
}

/// Two or three lines that may be an MRZ, top to bottom.
#[derive(Debug, Clone)]
pub(crate) struct Band {
    pub lines: Vec<Line>,
}

impl Band {
    /// Cap height: the tallest line's (a line of mostly fillers would
    /// give the fillers' height).
    pub(crate) fn cap(&self) -> f32 {
        self.lines.iter().map(|l| l.cap).fold(0.0, f32::max)
    }
}

/// Most components considered (a frame of noise yields many).
const MAX_COMPS: usize = 6000;

/// Finds MRZ-like bands in `g` (a working image `scale` times smaller than
/// the frame); coordinates come back in frame pixels. Best first.
pub(crate) fn bands(g: &Gray, scale: f32) -> Vec<Band> {
    if g.w < 16 || g.h < 8 {
        return Vec::new();
    }
    let dark = binarize(g);
    let comps = components(&dark, g.w, g.h);
    let lines = chains(&comps, g.h as f32)
        .into_iter()
        .map(|l| Line {
            points: l
                .points
                .iter()
                .map(|p| (p.0 * scale, p.1 * scale))
                .collect(),
            widths: l.widths.iter().map(|w| w * scale).collect(),
            first: (l.first.0 * scale, l.first.1 * scale),
            last: (l.last.0 * scale, l.last.1 * scale),
            pitch: l.pitch * scale,
            cap: l.cap * scale,
            count: l.count,
        })
        .collect::<Vec<_>>();
    group(&lines)
}

/// Dark where the pixel is clearly below the mean of its neighbourhood.
fn binarize(g: &Gray) -> Vec<bool> {
    let int = Integral::new(g);
    let r = (g.w.max(g.h) / 50).clamp(6, 40);
    let mut out = vec![false; g.w * g.h];
    for y in 0..g.h {
        let y0 = y.saturating_sub(r);
        let y1 = (y + r + 1).min(g.h);
        for x in 0..g.w {
            let x0 = x.saturating_sub(r);
            let x1 = (x + r + 1).min(g.w);
            let area = ((x1 - x0) * (y1 - y0)) as u32;
            let mean = int.rect(x0, y0, x1, y1) / area.max(1);
            let p = u32::from(g.px[y * g.w + x]);
            let delta = (mean / 8).max(10);
            out[y * g.w + x] = p + delta < mean;
        }
    }
    out
}

fn find(parent: &mut [u32], mut i: u32) -> u32 {
    while parent[i as usize] != i {
        let p = parent[i as usize];
        parent[i as usize] = parent[p as usize];
        i = p;
    }
    i
}

/// Character-sized 8-connected components.
fn components(dark: &[bool], w: usize, h: usize) -> Vec<Comp> {
    let mut label = vec![u32::MAX; w * h];
    let mut parent: Vec<u32> = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let i = y * w + x;
            if !dark[i] {
                continue;
            }
            let mut l = u32::MAX;
            let mut neigh = [u32::MAX; 4];
            if x > 0 {
                neigh[0] = label[i - 1];
            }
            if y > 0 {
                neigh[1] = label[i - w];
                if x > 0 {
                    neigh[2] = label[i - w - 1];
                }
                if x + 1 < w {
                    neigh[3] = label[i - w + 1];
                }
            }
            for &n in &neigh {
                if n == u32::MAX {
                    continue;
                }
                if l == u32::MAX {
                    l = find(&mut parent, n);
                } else {
                    let a = find(&mut parent, n);
                    if a != l {
                        let (lo, hi) = if a < l { (a, l) } else { (l, a) };
                        parent[hi as usize] = lo;
                        l = lo;
                    }
                }
            }
            if l == u32::MAX {
                l = parent.len() as u32;
                parent.push(l);
            }
            label[i] = l;
        }
    }
    let mut stats: Vec<Comp> = vec![
        Comp {
            x0: u32::MAX,
            y0: u32::MAX,
            x1: 0,
            y1: 0,
            n: 0,
        };
        parent.len()
    ];
    for y in 0..h {
        for x in 0..w {
            let l = label[y * w + x];
            if l == u32::MAX {
                continue;
            }
            let r = find(&mut parent, l) as usize;
            let c = &mut stats[r];
            c.x0 = c.x0.min(x as u32);
            c.y0 = c.y0.min(y as u32);
            c.x1 = c.x1.max(x as u32);
            c.y1 = c.y1.max(y as u32);
            c.n += 1;
        }
    }
    let max_h = (h as f32 / 5.0).max(6.0);
    let mut out: Vec<Comp> = stats
        .into_iter()
        .filter(|c| {
            if c.n == 0 {
                return false;
            }
            let (cw, ch) = (c.w(), c.h());
            let fill = c.n as f32 / (cw * ch);
            ch >= 3.0 && ch <= max_h && cw <= 2.2 * ch + 2.0 && c.n >= 5 && fill > 0.08
        })
        .collect();
    if out.len() > MAX_COMPS {
        out.sort_by_key(|c| std::cmp::Reverse(c.n));
        out.truncate(MAX_COMPS);
    }
    out
}

/// Chains of components linked left to right at a character's distance.
fn chains(comps: &[Comp], img_h: f32) -> Vec<Line> {
    let mut order: Vec<usize> = (0..comps.len()).collect();
    order.sort_by(|&a, &b| comps[a].cx().total_cmp(&comps[b].cx()));
    let sorted: Vec<Comp> = order.iter().map(|&i| comps[i]).collect();
    let n = sorted.len();
    // Best right neighbour of each component.
    let mut right = vec![usize::MAX; n];
    let mut right_d = vec![f32::MAX; n];
    for i in 0..n {
        let a = sorted[i];
        let reach = 2.6 * a.h().max(a.w());
        let mut best = (f32::MAX, usize::MAX);
        for (j, b) in sorted.iter().enumerate().skip(i + 1) {
            let dx = b.cx() - a.cx();
            if dx > reach.max(2.6 * b.h()) {
                break;
            }
            let s = a.h().max(b.h());
            let ratio = a.h() / b.h();
            if !(0.3..=3.3).contains(&ratio) || dx < 0.35 * s || dx > 2.4 * s {
                continue;
            }
            let dy = (b.cy() - a.cy()).abs();
            if dy > 0.3 * s + 0.4 * dx {
                continue;
            }
            let d = dx + 2.0 * dy;
            if d < best.0 {
                best = (d, j);
            }
        }
        right[i] = best.1;
        right_d[i] = best.0;
    }
    // Keep only the closest claim on each component.
    let mut left = vec![usize::MAX; n];
    for i in 0..n {
        let j = right[i];
        if j == usize::MAX {
            continue;
        }
        if left[j] == usize::MAX || right_d[left[j]] > right_d[i] {
            if left[j] != usize::MAX {
                right[left[j]] = usize::MAX;
            }
            left[j] = i;
        } else {
            right[i] = usize::MAX;
        }
    }
    let mut out = Vec::new();
    for start in 0..n {
        if left[start] != usize::MAX || right[start] == usize::MAX {
            continue;
        }
        let mut members = vec![start];
        let mut cur = start;
        while right[cur] != usize::MAX && members.len() < 64 {
            cur = right[cur];
            members.push(cur);
        }
        if members.len() < 12 {
            continue;
        }
        if let Some(l) = fit(&sorted, &members, img_h) {
            out.push(l);
        }
    }
    out
}

/// Least-squares centre line of a chain, its ends, pitch and cap height.
fn fit(c: &[Comp], members: &[usize], img_h: f32) -> Option<Line> {
    let k = members.len() as f32;
    let (mut sx, mut sy, mut sxx, mut sxy) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
    for &m in members {
        let (x, y) = (c[m].cx(), c[m].cy());
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    let den = k * sxx - sx * sx;
    if den.abs() < 1e-6 {
        return None;
    }
    let slope = (k * sxy - sx * sy) / den;
    let icpt = (sy - slope * sx) / k;
    let first = c[*members.first()?].cx();
    let last = c[*members.last()?].cx();
    let mut gaps: Vec<f32> = members
        .windows(2)
        .map(|w| {
            let dx = c[w[1]].cx() - c[w[0]].cx();
            dx * (1.0 + slope * slope).sqrt()
        })
        .collect();
    gaps.sort_by(f32::total_cmp);
    let pitch = *gaps.get(gaps.len() / 2)?;
    let mut hs: Vec<f32> = members.iter().map(|&m| c[m].h()).collect();
    hs.sort_by(f32::total_cmp);
    let cap = *hs.get(hs.len() * 4 / 5)?;
    if cap > img_h / 4.0 || pitch <= 0.0 {
        return None;
    }
    Some(Line {
        points: members.iter().map(|&m| (c[m].cx(), c[m].cy())).collect(),
        widths: members.iter().map(|&m| c[m].w()).collect(),
        first: (first, slope * first + icpt),
        last: (last, slope * last + icpt),
        count: members.len(),
        pitch,
        cap,
    })
}

/// Groups of two or three lines one above the other, parallel, of about
/// the same length and start, at an MRZ's line spacing.
fn group(lines: &[Line]) -> Vec<Band> {
    let mut ls: Vec<Line> = lines.to_vec();
    ls.sort_by(|a, b| a.mid().1.total_cmp(&b.mid().1));
    let fits = |a: &Line, b: &Line| -> Option<f32> {
        let (da, db) = (a.dir(), b.dir());
        if da.0 * db.0 + da.1 * db.1 < 0.995 {
            return None;
        }
        let (ma, mb) = (a.mid(), b.mid());
        // Perpendicular distance and offset along the line.
        let (vx, vy) = (mb.0 - ma.0, mb.1 - ma.1);
        let along = vx * da.0 + vy * da.1;
        let across = -vx * da.1 + vy * da.0;
        let cap = a.cap.max(b.cap);
        let pitch = a.pitch.max(b.pitch);
        let len = a.span().max(b.span());
        if across < 1.1 * cap || across > 3.0 * cap {
            return None;
        }
        if along.abs() > 2.5 * pitch || (a.span() - b.span()).abs() > 0.12 * len + 2.0 * pitch {
            return None;
        }
        Some(across)
    };
    let mut out: Vec<(f32, Band)> = Vec::new();
    for i in 0..ls.len() {
        for j in i + 1..ls.len() {
            let Some(d1) = fits(&ls[i], &ls[j]) else {
                continue;
            };
            let score2 = (ls[i].count + ls[j].count) as f32;
            out.push((
                score2,
                Band {
                    lines: vec![ls[i].clone(), ls[j].clone()],
                },
            ));
            for k in j + 1..ls.len() {
                let Some(d2) = fits(&ls[j], &ls[k]) else {
                    continue;
                };
                if (d1 - d2).abs() < 0.2 * d1.max(d2) {
                    out.push((
                        score2 + ls[k].count as f32 + 10.0,
                        Band {
                            lines: vec![ls[i].clone(), ls[j].clone(), ls[k].clone()],
                        },
                    ));
                }
            }
        }
    }
    out.sort_by(|a, b| b.0.total_cmp(&a.0));
    out.truncate(4);
    out.into_iter().map(|(_, b)| b).collect()
}
