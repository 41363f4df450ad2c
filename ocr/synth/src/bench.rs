//! `mrz-ocr-synth bench [N]`: the exact-MRZ rate per condition on N images
//! per condition, beside Tesseract 5 on the same images (restricted to the
//! MRZ characters, on the band our locator finds, as PassportEye does),
//! and the native time per 1280×720 frame; fails when a budget is missed:
//! ≥ 99% exact on flat scans, ≥ 97% on phone-like photos (every other
//! condition with an MRZ), no MRZ on pages without one, no wrong MRZ.

use crate::render::{self, Condition};
use mrz_ocr::{Frame, Reader};
use std::process::Command;
use std::time::Instant;

/// Tesseract's reading of the band `quad` outlines: the lines of 30 or
/// more characters it finds in the band's bounding box, or `None`.
fn tesseract(
    s: &render::Sample,
    quad: &[mrz_ocr::Point; 4],
    tmp: &std::path::Path,
) -> Option<Vec<String>> {
    let xs = quad.iter().map(|p| p.x);
    let ys = quad.iter().map(|p| p.y);
    let pad = 6.0;
    let x0 = (xs.clone().fold(f32::MAX, f32::min) - pad).max(0.0) as usize;
    let y0 = (ys.clone().fold(f32::MAX, f32::min) - pad).max(0.0) as usize;
    let x1 = ((xs.fold(f32::MIN, f32::max) + pad) as usize).min(s.w);
    let y1 = ((ys.fold(f32::MIN, f32::max) + pad) as usize).min(s.h);
    if x1 <= x0 + 8 || y1 <= y0 + 8 {
        return None;
    }
    let (w, h) = (x1 - x0, y1 - y0);
    let mut crop = Vec::with_capacity(w * h);
    for y in y0..y1 {
        crop.extend_from_slice(&s.gray[y * s.w + x0..y * s.w + x1]);
    }
    let png = crate::image::png_gray(w, h, &crop).ok()?;
    let file = tmp.join("band.png");
    std::fs::write(&file, png).ok()?;
    let out = Command::new("tesseract")
        .arg(&file)
        .arg("stdout")
        .args([
            "--psm",
            "6",
            "-c",
            "tessedit_char_whitelist=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<",
        ])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|l| l.len() >= 30)
        .collect();
    (!lines.is_empty()).then_some(lines)
}

/// Runs the benchmark; `Err` lists the budgets missed.
pub fn run(n: u64) -> Result<(), String> {
    let atlas = crate::atlas()?;
    let reader = Reader::new().map_err(|e| e.code().to_string())?;
    let have_tesseract = Command::new("tesseract").arg("--version").output().is_ok();
    let tmp = std::env::temp_dir().join(format!("mrz-ocr-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    println!(
        "{:<12} {:>7} {:>9} {:>7} {:>10} {:>9}",
        "condition", "images", "mrz-ocr", "wrong", "tesseract", "ms/frame"
    );
    let mut photo = (0usize, 0usize);
    let mut missed = Vec::new();
    let mut phone_ms = (0.0f64, 0usize);
    for c in Condition::ALL {
        let (mut ours, mut wrong, mut tess, mut ms) = (0usize, 0usize, 0usize, 0.0f64);
        for i in 0..n {
            let s = render::sample(&atlas, c, i, crate::today());
            let Ok(frame) = Frame::new(s.w as u32, s.h as u32, &s.gray) else {
                continue;
            };
            let t = Instant::now();
            let r = reader.read(&frame, crate::today());
            let dt = t.elapsed().as_secs_f64() * 1000.0;
            ms += dt;
            if s.w == 1280 && s.h == 720 {
                phone_ms.0 += dt;
                phone_ms.1 += 1;
            }
            let got = r.mrz.as_ref().map(|m| m.lines.clone());
            if got == s.truth {
                ours += 1;
            } else if got.is_some() {
                wrong += 1;
            }
            if have_tesseract {
                let t = r.quad.as_ref().and_then(|q| tesseract(&s, q, &tmp));
                let exact = match (&t, &s.truth) {
                    (Some(t), Some(truth)) => t == truth,
                    (None, None) => true,
                    _ => false,
                };
                tess += usize::from(exact);
            }
        }
        let pct = |k: usize| 100.0 * k as f64 / n.max(1) as f64;
        println!(
            "{:<12} {:>7} {:>8.1}% {:>7} {:>9} {:>9.1}",
            c.name(),
            n,
            pct(ours),
            wrong,
            if have_tesseract {
                format!("{:.1}%", pct(tess))
            } else {
                "-".into()
            },
            ms / n.max(1) as f64
        );
        match c {
            Condition::Flat if pct(ours) < 99.0 => {
                missed.push(format!("flat {:.1}% < 99%", pct(ours)))
            }
            Condition::NoMrz if ours as u64 != n => missed.push(format!(
                "nomrz: an MRZ on {} page(s) without one",
                n as usize - ours
            )),
            Condition::Flat | Condition::NoMrz => {}
            _ => {
                photo.0 += ours;
                photo.1 += n as usize;
            }
        }
        if wrong > 0 {
            missed.push(format!("{}: {wrong} wrong MRZ(s) reported", c.name()));
        }
    }
    let photo_pct = 100.0 * photo.0 as f64 / photo.1.max(1) as f64;
    println!("phone-like (all but flat and nomrz): {photo_pct:.1}%");
    if photo_pct < 97.0 {
        missed.push(format!("phone-like {photo_pct:.1}% < 97%"));
    }
    if phone_ms.1 > 0 {
        println!(
            "native: {:.1} ms per 1280×720 frame",
            phone_ms.0 / phone_ms.1 as f64
        );
    }
    if !have_tesseract {
        println!("(tesseract not installed: its column is empty; `apt-get install tesseract-ocr`)");
    }
    let _ = std::fs::remove_dir_all(&tmp);
    if missed.is_empty() {
        Ok(())
    } else {
        Err(missed.join("; "))
    }
}
