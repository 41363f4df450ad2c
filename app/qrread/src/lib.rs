//! The portal's third wasm module: the QR code reader of "Check a receipt"
//! with a camera (app/src/steps/check_receipt.rs, app/qrread.js). Loaded only
//! when staff choose the camera on that page, so no traveler downloads it.
//! Built by Trunk beside the main module (`app/index.html`,
//! `data-type="worker"`); the boot script (`app/postbuild.mjs`) defines
//! `portalQrRead()`, which imports it once.

use wasm_bindgen::prelude::*;

/// The text of the first QR code found in a grayscale frame (`luma`, one
/// byte a pixel, row by row, `width` × `height`), or empty when none is read.
/// For "Check a receipt" with a camera: the frame is read and dropped.
#[wasm_bindgen(js_name = readQr)]
pub fn read_qr(width: u32, height: u32, luma: &[u8]) -> String {
    let (w, h) = (width as usize, height as usize);
    if w == 0 || h == 0 || w.checked_mul(h).is_none_or(|n| n > luma.len()) {
        return String::new();
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        luma.get(y * w + x).copied().unwrap_or(255)
    });
    image
        .detect_grids()
        .into_iter()
        .find_map(|grid| grid.decode().ok().map(|(_, text)| text))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The QR code of `text` drawn as a grayscale frame, `scale` pixels a module.
    fn frame_of(text: &str, scale: usize) -> (usize, Vec<u8>) {
        let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
        let quiet = 4;
        let n = code.width() + 2 * quiet;
        let side = n * scale;
        let mut luma = vec![255u8; side * side];
        for (i, c) in code.to_colors().iter().enumerate() {
            if *c != qrcode::Color::Dark {
                continue;
            }
            let (x, y) = (i % code.width() + quiet, i / code.width() + quiet);
            for dy in 0..scale {
                for dx in 0..scale {
                    luma[(y * scale + dy) * side + x * scale + dx] = 0;
                }
            }
        }
        (side, luma)
    }

    #[test]
    fn reads_back_the_qr_code_of_a_signed_receipt() {
        let text = "PDR1/33A7BHNFP6/1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b/\
                    9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08/\
                    2026-12-02T00:00:00.000000Z/00112233445566ff/\
                    AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-Pw";
        let (side, luma) = frame_of(text, 4);
        let side32 = u32::try_from(side).unwrap();
        assert_eq!(read_qr(side32, side32, &luma), text);
        assert_eq!(
            read_qr(side32, side32, &vec![255; side * side]),
            "",
            "a blank frame"
        );
        assert_eq!(read_qr(side32, side32, &luma[..10]), "", "a short buffer");
        assert_eq!(read_qr(0, 0, &[]), "");
    }
}
