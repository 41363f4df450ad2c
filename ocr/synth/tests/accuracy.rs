//! Accuracy of the recognizer on a modest slice of the synthetic set (ten
//! images per condition); the full set, with the targets as
//! budgets, is `cargo xtask bench ocr`.

use mrz_ocr::Reader;
use mrz_ocr_synth::eval::score;
use mrz_ocr_synth::render::Condition;

#[test]
fn the_committed_model_is_the_one_the_generator_makes() {
    let atlas = mrz_ocr_synth::atlas().unwrap_or_else(|e| unreachable!("{e}"));
    let built = mrz_ocr_synth::atlas::templates(&atlas);
    assert!(
        built.as_slice() == include_bytes!("../../model/templates.bin"),
        "ocr/model/templates.bin is stale: run `cargo xtask ocr-train`"
    );
}

#[test]
fn reads_the_synthetic_slice_and_never_reports_a_wrong_mrz() {
    let atlas = mrz_ocr_synth::atlas().unwrap_or_else(|e| unreachable!("{e}"));
    let reader = Reader::new().unwrap_or_else(|e| unreachable!("{e:?}"));
    let mut photo = (0, 0);
    let mut report = String::new();
    for c in Condition::ALL {
        let s = score(&reader, &atlas, c, 0, 10);
        report.push_str(&format!("{:<12} {}/{}\n", c.name(), s.exact, s.images));
        assert_eq!(
            s.wrong,
            0,
            "{}: a wrong MRZ was reported: {:?}",
            c.name(),
            s.failures
        );
        match c {
            Condition::NoMrz => assert_eq!(s.exact, s.images, "{:?}", s.failures),
            // Measured 10/10 (9/10 before 8 and S were settled by ink).
            Condition::Flat => assert_eq!(s.exact, s.images, "{:?}", s.failures),
            _ => {
                photo.0 += s.exact;
                photo.1 += s.images;
            }
        }
    }
    eprintln!("{report}");
    // Measured 95.6% (86/90) on this slice (94% before cells followed
    // their columns and G/Q, H/N, Z/I were settled by ink; 89% before
    // that); the 97% is the bench's budget, on its 100 images per
    // condition.
    assert!(
        photo.0 * 100 >= photo.1 * 95,
        "photo-like {}/{}\n{report}",
        photo.0,
        photo.1
    );
}
