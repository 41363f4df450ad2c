//! Plane projective maps from four point correspondences (placing the
//! page in the scene).

/// `(u, v) ↦ (x, y)`, a 3×3 matrix with `h[8] = 1`.
#[derive(Debug, Clone, Copy)]
pub struct Homography {
    h: [f64; 9],
}

impl Homography {
    /// The map taking each `src[i]` to `dst[i]`, or `None` when the points
    /// are degenerate (three on a line).
    pub fn from_points(src: [(f64, f64); 4], dst: [(f64, f64); 4]) -> Option<Homography> {
        let mut a = [[0f64; 9]; 8];
        for i in 0..4 {
            let (u, v) = src[i];
            let (x, y) = dst[i];
            a[2 * i] = [u, v, 1.0, 0.0, 0.0, 0.0, -u * x, -v * x, x];
            a[2 * i + 1] = [0.0, 0.0, 0.0, u, v, 1.0, -u * y, -v * y, y];
        }
        // Gaussian elimination with partial pivoting.
        for col in 0..8 {
            let mut piv = col;
            for r in col + 1..8 {
                if a[r][col].abs() > a[piv][col].abs() {
                    piv = r;
                }
            }
            if a[piv][col].abs() < 1e-12 {
                return None;
            }
            a.swap(col, piv);
            for r in 0..8 {
                if r != col {
                    let f = a[r][col] / a[col][col];
                    let pivot = a[col];
                    for (x, p) in a[r].iter_mut().zip(pivot).skip(col) {
                        *x -= f * p;
                    }
                }
            }
        }
        let mut h = [1f64; 9];
        for i in 0..8 {
            h[i] = a[i][8] / a[i][i];
        }
        if h.iter().all(|v| v.is_finite()) {
            Some(Homography { h })
        } else {
            None
        }
    }

    pub fn map(&self, u: f32, v: f32) -> (f32, f32) {
        let (u, v) = (f64::from(u), f64::from(v));
        let h = &self.h;
        let w = h[6] * u + h[7] * v + h[8];
        if w.abs() < 1e-12 {
            return (-1.0, -1.0);
        }
        (
            ((h[0] * u + h[1] * v + h[2]) / w) as f32,
            ((h[3] * u + h[4] * v + h[5]) / w) as f32,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_the_four_points_and_keeps_lines_straight() {
        let src = [(0.0, 0.0), (43.0, 0.0), (43.0, 1.0), (0.0, 1.0)];
        let dst = [
            (151.0, 755.7),
            (1023.0, 748.1),
            (1023.0, 784.9),
            (151.0, 791.7),
        ];
        let h = Homography::from_points(src, dst).unwrap_or_else(|| unreachable!());
        for (s, d) in src.iter().zip(&dst) {
            let (x, y) = h.map(s.0 as f32, s.1 as f32);
            assert!(
                (f64::from(x) - d.0).abs() < 0.01 && (f64::from(y) - d.1).abs() < 0.01,
                "{x} {y}"
            );
        }
    }
}
