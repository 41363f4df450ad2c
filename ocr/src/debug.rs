//! What the recognizer saw, for tools (`mrz-ocr-synth diag`, `cells`):
//! the cells of the first band, their scores, and every band read with
//! why it was refused. Not part of the product's API.

use crate::gray::Gray;
use crate::{
    BandRead, Date, Frame, Reader, Reading, Refusal, WORK_SIDE, choose, classify, columns, locate,
};

/// One band read as `cols` columns.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub cols: usize,
    /// The best character of each cell, when the cells were read.
    pub raw: Option<Vec<String>>,
    /// Each cell's three best characters under its field's class.
    pub top: Vec<Vec<[(char, f32); 3]>>,
    /// Why nothing was confirmed; `None` when confirmed or unread.
    pub refusal: Option<Refusal>,
    /// Cells settled by the ink test: line, column, the two best, its value.
    pub pairs: Vec<(usize, usize, char, char, f32)>,
}

impl Attempt {
    pub(crate) fn new(cols: usize, b: &BandRead) -> Attempt {
        Attempt {
            cols,
            raw: b.raw.clone(),
            top: b
                .ranked
                .iter()
                .map(|l| l.iter().map(top3).collect())
                .collect(),
            refusal: b.refusal,
            pairs: b.pairs.clone(),
        }
    }
}

fn top3(r: &choose::Ranked) -> [(char, f32); 3] {
    let at = |i: usize| {
        r.order
            .get(i)
            .map_or(('?', 0.0), |x| (char::from(x.0), x.1))
    };
    [at(0), at(1), at(2)]
}

impl Reader {
    /// [`Reader::read`] with every band it read. For tools.
    #[doc(hidden)]
    pub fn explain(&self, frame: &Frame<'_>, today: Date) -> (Reading, Vec<Attempt>) {
        let mut log = Vec::new();
        let r = self.read_logged(frame, today, Some(&mut log));
        (r, log)
    }

    /// The cells of the first band found, as the classifier sees them
    /// (one row of cells per line; width, height, darkness). For tools.
    #[doc(hidden)]
    pub fn debug_cells(&self, frame: &Frame<'_>) -> Option<(usize, usize, Vec<u8>)> {
        let g = Gray::from_bytes(frame.width, frame.height, frame.data, frame.channels);
        let f = g.w.max(g.h).div_ceil(WORK_SIDE).max(1);
        let band = locate::bands(&g.shrink(f), f as f32).into_iter().next()?;
        let cols = *columns(&band).first()?;
        let (place, _) = self.placement(&g, &band, cols)?;
        let (pw, ph) = (classify::TW + 2, classify::TH + 2);
        let (w, h) = (cols * pw, band.lines.len() * ph);
        let mut out = vec![0u8; w * h];
        for line in 0..band.lines.len() {
            for c in 0..cols {
                let cell = classify::sample(&g, &place, c, line);
                for y in 0..ph {
                    for x in 0..pw {
                        out[(line * ph + y) * w + c * pw + x] =
                            cell[y * pw + x].clamp(0.0, 255.0) as u8;
                    }
                }
            }
        }
        let _ = self;
        Some((w, h, out))
    }

    /// Top scores of each cell of the first band. For tools.
    #[doc(hidden)]
    pub fn debug_scores(&self, frame: &Frame<'_>) -> Vec<Vec<[(char, f32); 3]>> {
        let g = Gray::from_bytes(frame.width, frame.height, frame.data, frame.channels);
        let f = g.w.max(g.h).div_ceil(WORK_SIDE).max(1);
        let Some(band) = locate::bands(&g.shrink(f), f as f32).into_iter().next() else {
            return Vec::new();
        };
        let Some(&cols) = columns(&band).first() else {
            return Vec::new();
        };
        let Some((place, _)) = self.placement(&g, &band, cols) else {
            return Vec::new();
        };
        (0..band.lines.len())
            .map(|line| {
                (0..cols)
                    .map(|c| {
                        let s =
                            classify::scores(&self.model, &classify::sample(&g, &place, c, line));
                        top3(&choose::rank(&s, choose::Class::Any))
                    })
                    .collect()
            })
            .collect()
    }
}
