//! Reading the synthetic set and scoring it: exact-MRZ rate per condition.

use crate::render::{self, Condition, Sample};
use mrz_ocr::{Frame, Reader};
use std::time::Instant;

/// The outcome of one condition.
#[derive(Debug, Clone, Default)]
pub struct Score {
    pub images: usize,
    /// Exactly the true MRZ (or, without one, nothing).
    pub exact: usize,
    /// An MRZ reported that is not the true one.
    pub wrong: usize,
    pub ms: f64,
    pub failures: Vec<String>,
}

impl Score {
    pub fn rate(&self) -> f64 {
        if self.images == 0 {
            0.0
        } else {
            self.exact as f64 / self.images as f64
        }
    }
}

/// Some MRZ lines, or none.
pub type Lines = Option<Vec<String>>;

/// What the reader made of a sample: the confirmed lines and, without
/// them, its unconfirmed best reading. `None` when the frame was refused.
pub fn read(reader: &Reader, s: &Sample) -> Option<(Lines, Lines)> {
    let frame = Frame::new(s.w as u32, s.h as u32, &s.gray).ok()?;
    let r = reader.read(&frame, crate::today());
    Some((r.mrz.map(|m| m.lines), r.unconfirmed))
}

/// Scores `n` samples of condition `c`, from index `from`.
pub fn score(
    reader: &Reader,
    atlas: &crate::atlas::Atlas,
    c: Condition,
    from: u64,
    n: u64,
) -> Score {
    let mut sc = Score::default();
    for i in from..from + n {
        let s = render::sample(atlas, c, i, crate::today());
        let t = Instant::now();
        let out = read(reader, &s);
        sc.ms += t.elapsed().as_secs_f64() * 1000.0;
        sc.images += 1;
        match out {
            Some((got, _)) if got == s.truth => sc.exact += 1,
            Some((got, raw)) => {
                if got.is_some() {
                    sc.wrong += 1;
                }
                sc.failures.push(format!(
                    "{}: got {:?} (unconfirmed {:?}) want {:?}",
                    s.name, got, raw, s.truth
                ));
            }
            None => sc.failures.push(format!("{}: frame refused", s.name)),
        }
    }
    sc
}
