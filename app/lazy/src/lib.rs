//! The portal's second wasm module: what the first pages (start, document)
//! do not need, loaded on demand so the first load stays small.
//!
//! * [`seal`]: the record sealed to the agency's key (envelope v1: HPKE with
//!   X-Wing or X25519, ChaCha20-Poly1305), about a tenth of the portal's code;
//! * [`qr_path`]: the receipt's QR code as SVG path data.
//!
//! Built by Trunk beside the main module (`app/index.html`, `data-type="worker"`,
//! wasm-bindgen `--target web`, so nothing starts it); the boot script
//! (`app/postbuild.mjs`) defines `portalLazy()`, which imports it once, and the
//! main module calls it through `portal::lazy`.

use wasm_bindgen::prelude::*;

/// Seals `record_json` to the key in `public_key_json` (the config's
/// `publicKey`, as JSON), with the clear-text meta block; `replaces` is the
/// submission id of the envelope this one replaces, or empty.
///
/// # Errors
/// A JS `Error` naming what failed: the key, the meta, the record or the
/// random source.
#[wasm_bindgen]
pub fn seal(
    public_key_json: &str,
    submission_id: &str,
    created_at: &str,
    schema: u32,
    record_json: &[u8],
    replaces: &str,
) -> Result<Vec<u8>, JsError> {
    seal_record(
        public_key_json,
        submission_id,
        created_at,
        schema,
        record_json,
        replaces,
    )
    .map_err(|e| JsError::new(&e))
}

/// [`seal`] with a plain error, for native tests.
pub fn seal_record(
    public_key_json: &str,
    submission_id: &str,
    created_at: &str,
    schema: u32,
    record_json: &[u8],
    replaces: &str,
) -> Result<Vec<u8>, String> {
    let key: envelope::PublicKeyConfig =
        serde_json::from_str(public_key_json).map_err(|e| e.to_string())?;
    let mut meta = envelope::Meta::new(submission_id, created_at, schema);
    if !replaces.is_empty() {
        meta = meta.replacing(replaces);
    }
    envelope::seal(&key, &meta, record_json).map_err(|e| e.to_string())
}

/// Quiet zone around the QR code, in modules.
pub const QUIET: usize = 4;

/// The QR code of `text`: `"SIZE PATH"`, SIZE the side in modules including
/// the quiet zone, PATH the SVG path data of the dark modules; empty when
/// the text does not fit a QR code.
#[wasm_bindgen(js_name = qrPath)]
pub fn qr_path(text: &str) -> String {
    use qrcode::{Color, QrCode};
    let Ok(code) = QrCode::new(text.as_bytes()) else {
        return String::new();
    };
    let width = code.width();
    let mut out = format!("{} ", width + 2 * QUIET);
    for (i, c) in code.to_colors().iter().enumerate() {
        if *c == Color::Dark {
            let (x, y) = (i % width + QUIET, i / width + QUIET);
            out.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    out
}

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

    #[test]
    fn seals_to_the_key_given_as_json() {
        let (secret, public) = envelope::generate_keypair_os(envelope::Kem::XWing).unwrap();
        let key = serde_json::to_string(&public).unwrap();
        let record = br#"{"schema":1}"#;
        let sealed = seal_record(
            &key,
            "0b7e6f0a-4c1d-4f2e-9a3b-5c6d7e8f9a0b",
            "2026-12-01T00:00:00.000Z",
            1,
            record,
            "",
        )
        .unwrap();
        let opened = envelope::open(&secret, &sealed).unwrap();
        assert_eq!(opened.record_json, record);
        assert_eq!(opened.header.meta.replaces, None);
        assert!(seal_record("{}", "x", "y", 1, record, "").is_err());
        let replacing = seal_record(
            &key,
            "0b7e6f0a-4c1d-4f2e-9a3b-5c6d7e8f9a0c",
            "2026-12-01T00:01:00.000Z",
            1,
            record,
            "0b7e6f0a-4c1d-4f2e-9a3b-5c6d7e8f9a0b",
        )
        .unwrap();
        assert_eq!(
            envelope::open(&secret, &replacing)
                .unwrap()
                .header
                .meta
                .replaces
                .as_deref(),
            Some("0b7e6f0a-4c1d-4f2e-9a3b-5c6d7e8f9a0b"),
            "the meta names the submission it replaces"
        );
    }

    /// The QR code of `text` drawn as a grayscale frame, `scale` pixels a module.
    fn frame_of(text: &str, scale: usize) -> (usize, Vec<u8>) {
        let out = qr_path(text);
        let (size, d) = out.split_once(' ').unwrap();
        let n: usize = size.parse().unwrap();
        let side = n * scale;
        let mut luma = vec![255u8; side * side];
        for square in d.split('M').filter(|s| !s.is_empty()) {
            let xy = square.trim_end_matches("h1v1h-1z");
            let (x, y) = xy.split_once(' ').unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
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

    #[test]
    fn qr_of_a_reference() {
        let out = qr_path("PD-2026-ABCD-1234");
        let (size, d) = out.split_once(' ').unwrap();
        assert_eq!(size, (21 + 8).to_string());
        assert!(
            d.starts_with("M4 4h1v1h-1z"),
            "finder pattern corner is dark"
        );
        assert!(d.matches('M').count() > 100);
    }
}
