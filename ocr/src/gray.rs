//! Grayscale images: conversion from the frame, box downscaling, and the
//! local statistics the locator and the hints use.

/// An 8-bit grayscale image, row-major.
#[derive(Debug, Clone)]
pub(crate) struct Gray {
    pub w: usize,
    pub h: usize,
    pub px: Vec<u8>,
}

impl Gray {
    /// Luminance of RGBA (`channels` 4) or gray (`channels` 1) bytes; the
    /// caller has checked the length.
    pub(crate) fn from_bytes(w: usize, h: usize, data: &[u8], channels: usize) -> Gray {
        let px = if channels == 4 {
            data.chunks_exact(4)
                .map(|p| {
                    // BT.601 weights in 1/256ths.
                    let y = 77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2]);
                    (y >> 8) as u8
                })
                .collect()
        } else {
            data.to_vec()
        };
        Gray { w, h, px }
    }

    pub(crate) fn get(&self, x: usize, y: usize) -> u8 {
        self.px.get(y * self.w + x).copied().unwrap_or(255)
    }

    /// Bilinear sample at a real position; outside the image reads white.
    pub(crate) fn sample(&self, x: f32, y: f32) -> f32 {
        if !(x >= 0.0 && y >= 0.0) {
            return 255.0;
        }
        let x0 = x as usize;
        let y0 = y as usize;
        if x0 + 1 >= self.w || y0 + 1 >= self.h {
            return 255.0;
        }
        let fx = x - x0 as f32;
        let fy = y - y0 as f32;
        let i = y0 * self.w + x0;
        let a = f32::from(self.px[i]);
        let b = f32::from(self.px[i + 1]);
        let c = f32::from(self.px[i + self.w]);
        let d = f32::from(self.px[i + self.w + 1]);
        let top = a + (b - a) * fx;
        let bot = c + (d - c) * fx;
        top + (bot - top) * fy
    }

    /// Box-filtered downscale by an integer factor.
    pub(crate) fn shrink(&self, f: usize) -> Gray {
        if f <= 1 {
            return self.clone();
        }
        let w = self.w / f;
        let h = self.h / f;
        let mut px = vec![0u8; w * h];
        let area = (f * f) as u32;
        for y in 0..h {
            for x in 0..w {
                let mut s = 0u32;
                for yy in 0..f {
                    let row = (y * f + yy) * self.w + x * f;
                    for v in &self.px[row..row + f] {
                        s += u32::from(*v);
                    }
                }
                px[y * w + x] = (s / area) as u8;
            }
        }
        Gray { w, h, px }
    }
}

/// Summed-area table of an image (one row and column of zeros in front).
#[derive(Debug)]
pub(crate) struct Integral {
    w: usize,
    sum: Vec<u32>,
}

impl Integral {
    pub(crate) fn new(g: &Gray) -> Integral {
        let w = g.w + 1;
        let mut sum = vec![0u32; w * (g.h + 1)];
        for y in 0..g.h {
            let mut row = 0u32;
            for x in 0..g.w {
                row = row.wrapping_add(u32::from(g.px[y * g.w + x]));
                sum[(y + 1) * w + x + 1] = sum[y * w + x + 1].wrapping_add(row);
            }
        }
        Integral { w, sum }
    }

    /// Sum over `x0..x1`, `y0..y1` (exclusive ends, already clamped).
    pub(crate) fn rect(&self, x0: usize, y0: usize, x1: usize, y1: usize) -> u32 {
        let a = self.sum[y0 * self.w + x0];
        let b = self.sum[y0 * self.w + x1];
        let c = self.sum[y1 * self.w + x0];
        let d = self.sum[y1 * self.w + x1];
        d.wrapping_add(a).wrapping_sub(b).wrapping_sub(c)
    }
}
