//! The generator behind `mrz-ocr` (not product code): the OCR-B atlas and
//! the classifier's templates (`cargo xtask ocr-train`), the synthetic set
//! of document images with ground truth, and the accuracy benchmark
//! (`cargo xtask bench ocr`).

pub mod atlas;
pub mod bench;
pub mod diag;
pub mod docs;
pub mod eval;
pub mod geom;
pub mod image;
pub mod render;
pub mod rng;

use checker_wasm::Date;

/// The date the synthetic set is made and read against (its expiry dates
/// lie after it).
pub fn today() -> Date {
    Date::new(2026, 12, 1).unwrap_or_else(|| unreachable!("a real date"))
}

/// The committed atlas.
pub fn atlas() -> Result<atlas::Atlas, String> {
    atlas::Atlas::from_png(include_bytes!("../ocrb-atlas.png"))
}
