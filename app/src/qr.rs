//! The receipt's QR code as SVG path data (no images, no inline styles).

use qrcode::{Color, QrCode};

/// Quiet zone in modules.
pub const QUIET: usize = 4;

/// `(size in modules including the quiet zone, path data of dark modules)`.
pub fn qr_path(text: &str) -> Option<(usize, String)> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let width = code.width();
    let mut d = String::new();
    for (i, c) in code.to_colors().iter().enumerate() {
        if *c == Color::Dark {
            let (x, y) = (i % width + QUIET, i / width + QUIET);
            d.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    Some((width + 2 * QUIET, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_of_a_reference() {
        let (size, d) = qr_path("PD-2026-ABCD-1234").unwrap();
        assert_eq!(size, 21 + 8);
        assert!(
            d.starts_with("M4 4h1v1h-1z"),
            "finder pattern corner is dark"
        );
        assert!(d.matches('M').count() > 100);
    }
}
