//! PNG and JPEG in and out, and gray images.

/// Encodes an 8-bit gray image as PNG.
pub fn png_gray(w: usize, h: usize, px: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w as u32, h as u32);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        let mut wr = enc.write_header().map_err(|e| e.to_string())?;
        wr.write_image_data(px).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Encodes an 8-bit gray image as JPEG at `quality` (1–100).
pub fn jpeg_gray(w: usize, h: usize, px: &[u8], quality: u8) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let enc = jpeg_encoder::Encoder::new(&mut out, quality);
    enc.encode(px, w as u16, h as u16, jpeg_encoder::ColorType::Luma)
        .map_err(|e| e.to_string())?;
    Ok(out)
}
