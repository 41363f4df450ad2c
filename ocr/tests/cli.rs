//! `mrz-scan`: one JSON line per image, exit 0, on committed images made
//! by the generator (`mrz-ocr-synth set`): a phone-like JPEG of a TD1 card,
//! the same image as PNG, a JPEG page without an MRZ, and a file that is no
//! image.
#![cfg(feature = "cli")]

use std::path::Path;
use std::process::Command;

fn data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn prints_one_json_line_per_image_and_exits_0() {
    let dir = std::env::temp_dir().join(format!("mrz-scan-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| unreachable!("{e}"));
    // The phone JPEG re-encoded as PNG, to read both formats.
    let jpeg = std::fs::read(data("phone-0001.jpg")).unwrap_or_else(|e| unreachable!("{e}"));
    let (w, h, px) = mrz_ocr::decode::decode(&jpeg).unwrap_or_else(|e| unreachable!("{e}"));
    let png_path = dir.join("phone.png");
    {
        let file = std::fs::File::create(&png_path).unwrap_or_else(|e| unreachable!("{e}"));
        let mut enc = png::Encoder::new(file, w, h);
        enc.set_color(png::ColorType::Grayscale);
        let mut wr = enc.write_header().unwrap_or_else(|e| unreachable!("{e}"));
        wr.write_image_data(&px)
            .unwrap_or_else(|e| unreachable!("{e}"));
    }
    let junk = dir.join("junk.png");
    std::fs::write(&junk, b"not an image").unwrap_or_else(|e| unreachable!("{e}"));
    let out = Command::new(env!("CARGO_BIN_EXE_mrz-scan"))
        .arg(data("phone-0001.jpg"))
        .arg(&png_path)
        .arg(data("nomrz-0000.jpg"))
        .arg(&junk)
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| unreachable!("{l}: {e}")))
        .collect();
    assert_eq!(lines.len(), 4, "{text}");
    let truth: Vec<String> = std::fs::read_to_string(data("phone-0001.txt"))
        .unwrap_or_else(|e| unreachable!("{e}"))
        .lines()
        .map(str::to_owned)
        .collect();
    for l in &lines[..2] {
        let got: Vec<String> = serde_json::from_value(l["lines"].clone()).unwrap_or_default();
        assert_eq!(got, truth, "{l}");
        let c = l["confidence"].as_f64().unwrap_or(-1.0);
        assert!((0.5..=1.0).contains(&c), "{l}");
        assert!(l["ms"].as_f64().is_some_and(|ms| ms >= 0.0), "{l}");
    }
    assert!(lines[2]["lines"].is_null(), "{}", lines[2]);
    assert!(lines[3]["lines"].is_null() && lines[3]["error"] == "ocr.imageUndecodable");
    assert!(Path::new(&png_path).exists());
    let _ = std::fs::remove_dir_all(&dir);
}
