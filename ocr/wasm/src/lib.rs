//! The recognizer for JavaScript: a `Scanner` that reads frames (RGBA as a
//! canvas gives them, or gray) and answers in JSON. Frames are read in
//! memory and dropped; nothing is kept but the last few confirmed lines
//! for the two-frame agreement, and `reset` forgets them.
#![forbid(unsafe_code)]

use checker_wasm::Date;
use mrz_ocr::{Agreement, Frame, Reader};
use serde_json::json;
use wasm_bindgen::prelude::*;

/// A reader and its agreement across video frames.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Scanner {
    reader: Option<Reader>,
    agreement: Agreement,
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner::new()
    }
}

#[wasm_bindgen]
impl Scanner {
    /// A scanner with the embedded OCR-B model.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Scanner {
        Scanner {
            reader: Reader::new().ok(),
            agreement: Agreement::new(),
        }
    }

    /// Reads one frame. `today` is `YYYY-MM-DD`. Answers
    /// `{"lines": [..] | null, "agreed": [..] | null, "confidence", "quad":
    /// [[x, y] ×4] | null, "hints": [codes], "error"?: code}`; `agreed` is
    /// set once two frames gave the same confirmed MRZ.
    pub fn read(&mut self, width: u32, height: u32, data: &[u8], today: &str) -> String {
        let Some(reader) = &self.reader else {
            return json!({"error": "ocr.model"}).to_string();
        };
        let Ok(today) = Date::parse_iso(today) else {
            return json!({"error": "ocr.today"}).to_string();
        };
        let frame = match Frame::new(width, height, data) {
            Ok(f) => f,
            Err(e) => return json!({"error": e.code()}).to_string(),
        };
        let r = reader.read(&frame, today);
        let agreed = self.agreement.feed(&r);
        let quad = r
            .quad
            .map(|q| q.iter().map(|p| [p.x, p.y]).collect::<Vec<_>>());
        let hints: Vec<&str> = r.hints.iter().map(|h| h.code()).collect();
        let (lines, confidence) = match &r.mrz {
            Some(m) => (Some(m.lines.clone()), m.confidence),
            None => (None, 0.0),
        };
        json!({"lines": lines, "agreed": agreed, "confidence": confidence, "quad": quad, "hints": hints})
            .to_string()
    }

    /// Forgets the frames seen (the traveler left the page, kiosk reset).
    pub fn reset(&mut self) {
        self.agreement.reset();
    }
}
