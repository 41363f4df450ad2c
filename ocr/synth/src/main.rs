//! `mrz-ocr-synth train` — rasterize the OCR-B font into the atlas and
//! rebuild the templates (`ocr/synth/ocrb-atlas.png`, `ocr/model/templates.bin`).
//! `mrz-ocr-synth set DIR [N]` — write N images per condition (PNG or JPEG)
//! with the truth beside each (`NAME.txt`, empty for no MRZ).

use mrz_ocr_synth::{atlas, render};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn train() -> Result<(), String> {
    let font = std::fs::read(atlas::FONT)
        .map_err(|e| format!("{}: {e} (install Debian fonts-ocr-b)", atlas::FONT))?;
    let a = atlas::build_atlas(&font)?;
    let png = a.to_png()?;
    std::fs::write(root().join("ocrb-atlas.png"), &png).map_err(|e| e.to_string())?;
    // Templates from the PNG as committed, so `train` and the test agree.
    let a = atlas::Atlas::from_png(&png)?;
    let t = atlas::templates(&a);
    std::fs::write(root().join("../model/templates.bin"), &t).map_err(|e| e.to_string())?;
    eprintln!(
        "atlas: cap height {} px; templates: {} bytes",
        a.cap,
        t.len()
    );
    Ok(())
}

fn set(dir: &Path, n: u64) -> Result<(), String> {
    let a = mrz_ocr_synth::atlas()?;
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    for c in render::Condition::ALL {
        for i in 0..n {
            let s = render::sample(&a, c, i, mrz_ocr_synth::today());
            let (file, bytes) = match &s.jpeg {
                Some(j) => (format!("{}.jpg", s.name), j.clone()),
                None => (
                    format!("{}.png", s.name),
                    mrz_ocr_synth::image::png_gray(s.w, s.h, &s.gray)?,
                ),
            };
            std::fs::write(dir.join(file), bytes).map_err(|e| e.to_string())?;
            let truth = s.truth.map(|l| l.join("\n") + "\n").unwrap_or_default();
            std::fs::write(dir.join(format!("{}.txt", s.name)), truth)
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn evaluate(n: u64, only: Option<&str>) -> Result<(), String> {
    let a = mrz_ocr_synth::atlas()?;
    let reader = mrz_ocr::Reader::new().map_err(|e| e.code().to_string())?;
    for c in render::Condition::ALL {
        if only.is_some_and(|o| o != c.name()) {
            continue;
        }
        let s = mrz_ocr_synth::eval::score(&reader, &a, c, 0, n);
        println!(
            "{:<12} {:>4}/{:<4} {:>6.1}%  wrong {:>3}  {:>6.1} ms/img",
            c.name(),
            s.exact,
            s.images,
            s.rate() * 100.0,
            s.wrong,
            s.ms / s.images.max(1) as f64
        );
        for f in s.failures.iter().take(3) {
            println!("    {f}");
        }
    }
    Ok(())
}

fn cells(cond: &str, i: u64) -> Result<(), String> {
    let a = mrz_ocr_synth::atlas()?;
    let reader = mrz_ocr::Reader::new().map_err(|e| e.code().to_string())?;
    let c = render::Condition::ALL
        .into_iter()
        .find(|c| c.name() == cond)
        .ok_or("condition")?;
    let s = render::sample(&a, c, i, mrz_ocr_synth::today());
    std::fs::write(
        "/tmp/ocr-sample.png",
        mrz_ocr_synth::image::png_gray(s.w, s.h, &s.gray)?,
    )
    .map_err(|e| e.to_string())?;
    let f =
        mrz_ocr::Frame::new(s.w as u32, s.h as u32, &s.gray).map_err(|e| e.code().to_string())?;
    for line in reader.debug_scores(&f) {
        for c in line {
            println!(
                "{}:{:.2} {}:{:.2} {}:{:.2}",
                c[0].0, c[0].1, c[1].0, c[1].1, c[2].0, c[2].1
            );
        }
        println!("--");
    }
    let (w, h, px) = reader.debug_cells(&f).ok_or("no band")?;
    std::fs::write(
        "/tmp/ocr-cells.png",
        mrz_ocr_synth::image::png_gray(w, h, &px)?,
    )
    .map_err(|e| e.to_string())?;
    let t = include_bytes!("../../model/templates.bin");
    let (tw, th) = (16usize, 24usize);
    let n = (t.len() - 8) / (tw * th);
    let mut img = vec![0u8; 37 * tw * (n / 37) * th];
    let wd = 37 * tw;
    for k in 0..n {
        let (v, c) = (k / 37, k % 37);
        for y in 0..th {
            for x in 0..tw {
                img[(v * th + y) * wd + c * tw + x] = t[8 + k * tw * th + y * tw + x];
            }
        }
    }
    std::fs::write(
        "/tmp/ocr-templates.png",
        mrz_ocr_synth::image::png_gray(wd, th * (n / 37), &img)?,
    )
    .map_err(|e| e.to_string())?;
    Ok(())
}

/// Phone frames as raw gray bytes (`phone-NNNN.gray`, 1280×720) with
/// their truth, for the recognizer under wasm in Node.
fn raw(dir: &Path, n: u64) -> Result<(), String> {
    let a = mrz_ocr_synth::atlas()?;
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    for i in 0..n {
        let s = render::sample(&a, render::Condition::Phone, i, mrz_ocr_synth::today());
        let put = |name: String, bytes: &[u8]| {
            std::fs::write(dir.join(name), bytes).map_err(|e| e.to_string())
        };
        put(format!("{}.gray", s.name), &s.gray)?;
        put(
            format!("{}.txt", s.name),
            s.truth
                .map(|l| l.join("\n") + "\n")
                .unwrap_or_default()
                .as_bytes(),
        )?;
    }
    Ok(())
}

/// A fake camera for Chromium (`--use-file-for-fake-video-capture`): the
/// phone sample `index` as a 1280×720 Y4M (4:2:0, gray chroma), 30 frames
/// at 10 fps with the page shifting by a pixel every few frames (so the
/// frames differ, as a hand-held camera's do). The truth goes to
/// `FILE.txt`.
fn y4m(file: &Path, index: u64) -> Result<(), String> {
    let a = mrz_ocr_synth::atlas()?;
    let s = render::sample(&a, render::Condition::Phone, index, mrz_ocr_synth::today());
    let (w, h) = (s.w, s.h);
    let mut out = format!("YUV4MPEG2 W{w} H{h} F10:1 Ip A1:1 C420jpeg\n").into_bytes();
    for f in 0..30usize {
        out.extend_from_slice(b"FRAME\n");
        let dx = f / 10;
        for y in 0..h {
            for x in 0..w {
                out.push(s.gray[y * w + x.saturating_sub(dx)]);
            }
        }
        out.extend(std::iter::repeat_n(
            128u8,
            2 * w.div_ceil(2) * h.div_ceil(2),
        ));
    }
    std::fs::write(file, out).map_err(|e| e.to_string())?;
    let truth = s.truth.map(|l| l.join("\n") + "\n").unwrap_or_default();
    std::fs::write(file.with_extension("txt"), truth).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let r = match args.first().map(String::as_str) {
        Some("train") => train(),
        Some("set") => match args.get(1) {
            Some(d) => set(
                Path::new(d),
                args.get(2).and_then(|n| n.parse().ok()).unwrap_or(20),
            ),
            None => Err("usage: mrz-ocr-synth set DIR [N]".into()),
        },
        Some("cells") => cells(
            args.get(1).map(String::as_str).unwrap_or("flat"),
            args.get(2).and_then(|n| n.parse().ok()).unwrap_or(0),
        ),
        Some("raw") => match args.get(1) {
            Some(d) => raw(Path::new(d), args.get(2).and_then(|n| n.parse().ok()).unwrap_or(4)),
            None => Err("usage: mrz-ocr-synth raw DIR [N]".into()),
        },
        Some("bench") => mrz_ocr_synth::bench::run(args.get(1).and_then(|n| n.parse().ok()).unwrap_or(100)),
        Some("y4m") => match args.get(1) {
            Some(f) => y4m(Path::new(f), args.get(2).and_then(|n| n.parse().ok()).unwrap_or(0)),
            None => Err("usage: mrz-ocr-synth y4m FILE.y4m [INDEX]".into()),
        },
        Some("diag") => mrz_ocr_synth::diag::run(
            args.get(1).and_then(|n| n.parse().ok()).unwrap_or(30),
            args.get(2).and_then(|n| n.parse().ok()).unwrap_or(100),
            args.get(3).map(String::as_str),
        ),
        Some("eval") => evaluate(
            args.get(1).and_then(|n| n.parse().ok()).unwrap_or(20),
            args.get(2).map(String::as_str),
        ),
        _ => Err("usage: mrz-ocr-synth train | set DIR [N] | raw DIR [N] | bench [N] | y4m FILE [INDEX] | eval [N] [CONDITION] | diag [N] [FROM] [CONDITION] | cells CONDITION INDEX".into()),
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mrz-ocr-synth: {e}");
            ExitCode::FAILURE
        }
    }
}
