//! The receipt's QR code as SVG path data (no images, no inline styles),
//! drawn by the lazily loaded module (`crate::lazy`, crate `portal-lazy`).

/// `(size in modules including the quiet zone, path data of dark modules)`;
/// `None` when the lazy module is not loaded or the text does not fit.
pub fn qr_path(text: &str) -> Option<(usize, String)> {
    crate::lazy::qr_path(text)
}
