//! The MRZ recognizer on arbitrary frames: the first four bytes give the
//! width and height (1–255 each), the rest are the pixels (gray or RGBA
//! when the length fits, else refused). It must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mrz_ocr::{Date, Frame, Reader};

fuzz_target!(|data: &[u8]| {
    let Some((head, px)) = data.split_at_checked(2) else {
        return;
    };
    let (w, h) = (u32::from(head[0]).max(1), u32::from(head[1]).max(1));
    let Ok(reader) = Reader::new() else {
        return;
    };
    let Some(today) = Date::new(2026, 12, 1) else {
        return;
    };
    // As given, then stretched to fill the frame (so most inputs are read).
    if let Ok(f) = Frame::new(w, h, px) {
        let _ = reader.read(&f, today);
    }
    let n = (w * h) as usize;
    if !px.is_empty() {
        let filled: Vec<u8> = (0..n).map(|i| px[i % px.len()]).collect();
        if let Ok(f) = Frame::new(w, h, &filled) {
            let _ = reader.read(&f, today);
        }
    }
});
