//! Tasks of the MRZ recognizer (`ocr/`): its wasm module under Node (part
//! of `test`), `ocr-train` (the OCR-B atlas and templates from the font),
//! and `bench ocr` (accuracy beside Tesseract, time native and in wasm,
//! the module's brotli size).

use crate::{Result, cargo, root, run, step, tools};
use std::path::PathBuf;
use std::process::Command;

/// Where the Node build of the module and its test frames go.
fn node_dir() -> PathBuf {
    root().join("target/ocr-node")
}

/// Builds `mrz-ocr-wasm` (wasm-release) for Node into `target/ocr-node/`,
/// with `count` phone-like 1280×720 frames from the generator.
pub fn wasm_for_node(count: u32) -> Result {
    tools::ensure_wasm_bindgen()?;
    run(cargo().args([
        "build",
        "--locked",
        "-p",
        "mrz-ocr-wasm",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ]))?;
    let dir = node_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    run(Command::new("wasm-bindgen")
        .args(["--target", "nodejs", "--out-dir"])
        .arg(&dir)
        .arg(root().join("target/wasm32-unknown-unknown/wasm-release/mrz_ocr_wasm.wasm")))?;
    // The repository's package.json says "module"; wasm-bindgen's Node
    // output is CommonJS.
    std::fs::write(dir.join("package.json"), "{\"type\":\"commonjs\"}\n")
        .map_err(|e| e.to_string())?;
    run(cargo()
        .args(["run", "--locked", "-q", "-p", "mrz-ocr-synth", "--", "raw"])
        .arg(&dir)
        .arg(count.to_string()))
}

/// `cargo xtask ocr-train`: rasterizes the OCR-B font (Debian
/// `fonts-ocr-b`) into `ocr/synth/ocrb-atlas.png` and rebuilds
/// `ocr/model/templates.bin` from it.
pub fn train() -> Result {
    run(cargo().args(["run", "--locked", "-p", "mrz-ocr-synth", "--", "train"]))
}

/// `cargo xtask bench ocr`: the synthetic set (100 images per condition)
/// with its budgets, then the wasm module's time per frame and size.
pub fn bench() -> Result {
    step("ocr: exact-MRZ rate per condition, beside Tesseract 5; native time");
    tools::ensure_tesseract()?;
    let accuracy = run(cargo().args([
        "run",
        "--locked",
        "--release",
        "-p",
        "mrz-ocr-synth",
        "--",
        "bench",
        "100",
    ]));
    step("ocr: wasm time per 1280×720 frame under Node, module size (brotli)");
    wasm_for_node(12)?;
    let wasm = run(tools::node().arg("benches/ocr-wasm.mjs"));
    accuracy.and(wasm)
}
