//! PNG and JPEG decoding for the native CLI and the tools (feature `cli`).

/// Decodes a PNG or JPEG to `(width, height, gray or RGBA bytes)`.
pub fn decode(bytes: &[u8]) -> Result<(u32, u32, Vec<u8>), String> {
    if bytes.starts_with(b"\x89PNG") {
        let mut dec = png::Decoder::new(bytes);
        dec.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut r = dec.read_info().map_err(|e| e.to_string())?;
        let mut buf = vec![0; r.output_buffer_size()];
        let info = r.next_frame(&mut buf).map_err(|e| e.to_string())?;
        buf.truncate(info.buffer_size());
        let px = (info.width * info.height) as usize;
        let rgba = match info.color_type {
            png::ColorType::Grayscale => buf,
            png::ColorType::GrayscaleAlpha => buf.chunks_exact(2).map(|p| p[0]).collect(),
            png::ColorType::Rgb => buf
                .chunks_exact(3)
                .flat_map(|p| [p[0], p[1], p[2], 255])
                .collect(),
            png::ColorType::Rgba => buf,
            png::ColorType::Indexed => return Err("indexed PNG after expansion".into()),
        };
        if rgba.len() != px && rgba.len() != px * 4 {
            return Err("PNG: unexpected data length".into());
        }
        Ok((info.width, info.height, rgba))
    } else {
        let mut dec = jpeg_decoder::Decoder::new(bytes);
        let px = dec.decode().map_err(|e| e.to_string())?;
        let info = dec.info().ok_or("JPEG: no header")?;
        let (w, h) = (u32::from(info.width), u32::from(info.height));
        let data = match info.pixel_format {
            jpeg_decoder::PixelFormat::L8 => px,
            jpeg_decoder::PixelFormat::RGB24 => px
                .chunks_exact(3)
                .flat_map(|p| [p[0], p[1], p[2], 255])
                .collect(),
            _ => return Err("JPEG: unsupported pixel format".into()),
        };
        Ok((w, h, data))
    }
}
