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
