//! `mrz-scan IMAGE…`: reads the MRZ of each PNG or JPEG image and prints
//! one JSON line per image:
//! `{"file": …, "lines": [..] or null, "confidence": 0–1, "ms": …}`.
//! Always exits 0; an unreadable file gives `"lines": null` and an
//! `"error"` code. Dates are resolved against today's UTC date.

use mrz_ocr::{Date, Frame, Reader};
use serde_json::json;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

fn today() -> Option<Date> {
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    Date::from_days_since_epoch(days as i64)
}

fn main() {
    let reader = match Reader::new() {
        Ok(r) => r,
        Err(e) => {
            println!("{}", json!({"error": e.code()}));
            return;
        }
    };
    let Some(today) = today() else {
        println!("{}", json!({"error": "ocr.clock"}));
        return;
    };
    for file in std::env::args().skip(1) {
        let start = Instant::now();
        let out = match std::fs::read(&file)
            .map_err(|_| "ocr.fileUnreadable")
            .and_then(|b| mrz_ocr::decode::decode(&b).map_err(|_| "ocr.imageUndecodable"))
        {
            Err(code) => {
                json!({"file": file, "lines": null, "confidence": 0.0, "ms": 0.0, "error": code})
            }
            Ok((w, h, px)) => match Frame::new(w, h, &px) {
                Err(e) => {
                    json!({"file": file, "lines": null, "confidence": 0.0, "ms": 0.0, "error": e.code()})
                }
                Ok(frame) => {
                    let r = reader.read(&frame, today);
                    let ms = start.elapsed().as_secs_f64() * 1000.0;
                    let hints: Vec<&str> = r.hints.iter().map(|h| h.code()).collect();
                    match r.mrz {
                        Some(m) => {
                            json!({"file": file, "lines": m.lines, "confidence": m.confidence, "ms": ms})
                        }
                        None => {
                            json!({"file": file, "lines": null, "confidence": 0.0, "ms": ms, "hints": hints})
                        }
                    }
                }
            },
        };
        println!("{out}");
    }
}
