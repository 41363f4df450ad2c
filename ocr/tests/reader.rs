//! The recognizer's contract: refused frames are errors with codes, no
//! input panics, a page without an MRZ gives none, and a video read needs
//! two agreeing frames.

use mrz_ocr::{Agreement, Date, Frame, FrameError, Reader, Reading};

fn today() -> Date {
    Date::new(2026, 12, 1).unwrap_or_else(|| unreachable!())
}

#[test]
fn frames_of_the_wrong_size_are_refused_with_a_code() {
    assert_eq!(Frame::new(0, 10, &[]).err(), Some(FrameError::Empty));
    assert_eq!(Frame::new(4, 4, &[0; 15]).err(), Some(FrameError::Length));
    assert_eq!(
        Frame::new(5000, 5000, &[]).err(),
        Some(FrameError::TooLarge)
    );
    assert_eq!(FrameError::Length.code(), "ocr.frameLength");
    assert!(Frame::new(4, 4, &[0; 16]).is_ok());
    assert!(Frame::new(4, 4, &[0; 64]).is_ok());
}

#[test]
fn noise_flat_frames_and_tiny_frames_give_no_mrz_and_no_panic() {
    let reader = Reader::new().unwrap_or_else(|e| unreachable!("{e:?}"));
    let mut seed = 7u64;
    let mut next = || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as u8
    };
    for (w, h) in [(1, 1), (3, 200), (64, 48), (320, 240), (640, 360)] {
        let noise: Vec<u8> = (0..w * h).map(|_| next()).collect();
        for data in [noise, vec![0; w * h], vec![255; w * h * 4]] {
            let f = Frame::new(w as u32, h as u32, &data).unwrap_or_else(|e| unreachable!("{e:?}"));
            let r = reader.read(&f, today());
            assert!(r.mrz.is_none(), "{w}×{h}");
        }
    }
}

#[test]
fn a_black_frame_says_too_dark() {
    let reader = Reader::new().unwrap_or_else(|e| unreachable!("{e:?}"));
    let data = vec![8u8; 320 * 240];
    let f = Frame::new(320, 240, &data).unwrap_or_else(|e| unreachable!("{e:?}"));
    let r = reader.read(&f, today());
    assert!(r.hints.contains(&mrz_ocr::Hint::TooDark), "{:?}", r.hints);
}

#[test]
fn agreement_needs_two_frames_with_the_same_confirmed_mrz() {
    let reading = |l: &str| Reading {
        mrz: Some(mrz_ocr::Mrz {
            format: mrz_ocr::MrzFormat::Td3,
            lines: vec![l.to_owned()],
            chars: Vec::new(),
            confidence: 1.0,
        }),
        ..Reading::default()
    };
    let mut a = Agreement::new();
    assert_eq!(a.feed(&reading("A")), None);
    assert_eq!(a.feed(&Reading::default()), None);
    assert_eq!(a.feed(&reading("B")), None);
    assert_eq!(a.feed(&reading("A")), Some(vec!["A".to_owned()]));
    a.reset();
    assert_eq!(a.feed(&reading("A")), None);
}
