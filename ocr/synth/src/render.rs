//! Synthetic photos of identity documents: a page (background pattern,
//! photo, printed text, the MRZ in OCR-B from the atlas) placed in a scene
//! by a homography, then lit, blurred, noised, compressed, as a scanner or
//! a phone camera would.

use crate::atlas::{Atlas, BASELINE, PITCH};
use crate::docs::{self, Doc};
use crate::geom::Homography;
use crate::rng::Rng;
use checker_wasm::{Date, MrzFormat};

/// The conditions of the synthetic set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// A flat scan: straight, sharp, clean.
    Flat,
    /// Rotated 3–12°.
    Rotated,
    /// Tilted: perspective and a little rotation.
    Perspective,
    /// Out of focus.
    Blur,
    /// Sensor noise.
    Noise,
    /// Heavy JPEG compression.
    Jpeg,
    /// Light falling off across the page.
    Uneven,
    /// A bright reflection on the page.
    Glare,
    /// Small characters (8–10 pixels a character).
    LowRes,
    /// A hand-held phone frame (1280×720): all of the above, milder.
    Phone,
    /// A page with no MRZ (some with MRZ-like lines that fail the check
    /// digits).
    NoMrz,
}

impl Condition {
    pub const ALL: [Condition; 11] = [
        Condition::Flat,
        Condition::Rotated,
        Condition::Perspective,
        Condition::Blur,
        Condition::Noise,
        Condition::Jpeg,
        Condition::Uneven,
        Condition::Glare,
        Condition::LowRes,
        Condition::Phone,
        Condition::NoMrz,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Condition::Flat => "flat",
            Condition::Rotated => "rotated",
            Condition::Perspective => "perspective",
            Condition::Blur => "blur",
            Condition::Noise => "noise",
            Condition::Jpeg => "jpeg",
            Condition::Uneven => "uneven",
            Condition::Glare => "glare",
            Condition::LowRes => "lowres",
            Condition::Phone => "phone",
            Condition::NoMrz => "nomrz",
        }
    }
}

/// One synthetic image and its ground truth.
#[derive(Debug, Clone)]
pub struct Sample {
    pub name: String,
    pub condition: Condition,
    /// The MRZ lines, or `None` for a page without an MRZ.
    pub truth: Option<Vec<String>>,
    pub format: Option<MrzFormat>,
    pub w: usize,
    pub h: usize,
    /// The image as the recognizer gets it (after JPEG, when compressed).
    pub gray: Vec<u8>,
    /// The JPEG bytes, when the condition compresses.
    pub jpeg: Option<Vec<u8>>,
}

/// A line of text on the page (millimetres).
#[derive(Debug, Clone)]
struct Text {
    x: f32,
    baseline: f32,
    pitch: f32,
    /// Cap height.
    cap: f32,
    chars: Vec<usize>,
}

/// A page in millimetres.
#[derive(Debug, Clone)]
struct Page {
    w: f32,
    h: f32,
    paper: f32,
    ink: f32,
    texts: Vec<Text>,
    photo: (f32, f32, f32, f32, f32),
    wave: (f32, f32, f32),
}

const MM_PITCH: f32 = 2.54;

/// Page width and height in millimetres.
fn page_size(format: MrzFormat) -> (f32, f32) {
    match format {
        MrzFormat::Td1 => (85.6, 54.0),
        MrzFormat::Td2 | MrzFormat::MrvB => (105.0, 74.0),
        MrzFormat::Td3 => (125.0, 88.0),
        MrzFormat::MrvA => (120.0, 80.0),
    }
}

fn chars(s: &str) -> Vec<usize> {
    s.bytes().map(|b| Atlas::index(b).unwrap_or(0)).collect()
}

fn page(r: &mut Rng, a: &Atlas, format: MrzFormat, mrz: Option<&[String]>, decoy: bool) -> Page {
    let (w, h) = page_size(format);
    let natural = a.cap as f32 / PITCH as f32 * MM_PITCH;
    let cap = natural * r.range(0.82, 1.0);
    let (nlines, cols) = format.shape();
    let spacing = if nlines == 3 { 3.6 } else { 4.2 } * r.range(0.95, 1.08);
    let pitch = MM_PITCH * r.range(0.97, 1.03);
    let x0 = (w - cols as f32 * pitch) / 2.0 + r.range(-1.0, 1.0);
    let bottom = h - r.range(3.0, 5.0);
    let mut texts = Vec::new();
    let lines: Vec<String> = match (mrz, decoy) {
        (Some(m), _) => m.to_vec(),
        (None, true) => (0..nlines)
            .map(|_| {
                (0..cols)
                    .map(|_| {
                        let k = r.below(50);
                        if k < 13 {
                            '<'
                        } else {
                            char::from(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[r.below(36)])
                        }
                    })
                    .collect()
            })
            .collect(),
        (None, false) => Vec::new(),
    };
    let n = lines.len();
    for (i, l) in lines.iter().enumerate() {
        texts.push(Text {
            x: x0,
            baseline: bottom - (n - 1 - i) as f32 * spacing,
            pitch,
            cap,
            chars: chars(l),
        });
    }
    // The visual zone: a title and a few fields in smaller type.
    let tx = w * 0.34;
    let mut y = 10.0;
    texts.push(Text {
        x: tx,
        baseline: y,
        pitch: 3.0,
        cap: 3.0,
        chars: chars(if format == MrzFormat::Td3 {
            "PASSPORT"
        } else {
            "IDENTITY<CARD"
        }),
    });
    let fields = if nlines == 3 { 3 } else { 6 };
    for _ in 0..fields {
        y += r.range(5.0, 7.0);
        if y > bottom - (n as f32 + 1.5) * spacing {
            break;
        }
        let len = 5 + r.below(14);
        let s: String = (0..len)
            .map(|_| char::from(b"ABCDEFGHIJKLMNOPRSTUVWXYZ0123456789<"[r.below(36)]))
            .collect();
        texts.push(Text {
            x: tx + r.range(0.0, 8.0),
            baseline: y,
            pitch: r.range(1.6, 2.2),
            cap: r.range(1.7, 2.3),
            chars: chars(&s),
        });
    }
    let py = 8.0;
    let ph = (bottom - (n as f32 + 0.8) * spacing - py).max(10.0);
    Page {
        w,
        h,
        paper: r.range(205.0, 245.0),
        ink: r.range(10.0, 50.0),
        texts,
        photo: (4.0, py, w * 0.28, ph, r.range(70.0, 160.0)),
        wave: (r.range(0.5, 1.5), r.range(0.3, 1.2), r.range(4.0, 12.0)),
    }
}

impl Page {
    /// Reflectance 0–255 at a page point.
    fn at(&self, a: &Atlas, x: f32, y: f32) -> f32 {
        let mut v =
            self.paper + self.wave.2 * ((x * self.wave.0 + (y * self.wave.1).sin() * 3.0).sin());
        let (px, py, pw, ph, pv) = self.photo;
        if x >= px && x < px + pw && y >= py && y < py + ph {
            let cx = (x - px) / pw - 0.5;
            let cy = (y - py) / ph - 0.4;
            v = pv + 60.0 * (cx * cx + cy * cy).sqrt() + 15.0 * (x * 1.7).sin() * (y * 1.3).cos();
        }
        for t in &self.texts {
            // Cell coordinates in atlas pixels.
            let k = PITCH as f32 / t.pitch;
            let ky = a.cap as f32 / t.cap;
            let ay = BASELINE as f32 + (y - t.baseline) * ky;
            if !(0.0..crate::atlas::CELL_H as f32).contains(&ay) {
                continue;
            }
            let dx = (x - t.x) / t.pitch;
            if dx < 0.0 {
                continue;
            }
            let col = dx as usize;
            let Some(&c) = t.chars.get(col) else {
                continue;
            };
            let ax = (x - t.x - col as f32 * t.pitch) * k;
            let ink = a.ink(c, ax, ay);
            if ink > 0.0 {
                v = v * (1.0 - ink) + self.ink * ink;
            }
        }
        v.clamp(0.0, 255.0)
    }
}

/// Scene parameters drawn for a condition.
#[derive(Debug, Clone, Copy)]
struct Shot {
    w: usize,
    h: usize,
    /// Page width in the scene, as a fraction of the scene width.
    fill: f32,
    rot: f32,
    persp: f32,
    blur: usize,
    noise: f32,
    jpeg: Option<u8>,
    uneven: f32,
    glare: f32,
    /// Stroke weight (atlas pixels, see `Atlas::morph`).
    weight: i32,
}

fn shot(r: &mut Rng, c: Condition, (page_w, page_h): (f32, f32)) -> Shot {
    // Scene width for `ppc` pixels per character with the page filling
    // `fill` of it.
    let scan_w = |ppc: f32, fill: f32| ((page_w / MM_PITCH * ppc) / fill) as usize;
    let mut s = Shot {
        w: 0,
        h: 0,
        fill: 0.9,
        rot: 0.0,
        persp: 0.0,
        blur: 0,
        noise: 2.0,
        jpeg: None,
        uneven: 0.0,
        glare: 0.0,
        weight: 1 + r.below(4) as i32,
    };
    let ppc = match c {
        Condition::LowRes => r.range(8.0, 10.0),
        Condition::Flat => r.range(20.0, 28.0),
        _ => r.range(14.0, 20.0),
    };
    if matches!(c, Condition::Rotated | Condition::Perspective) {
        s.fill = 0.75;
    }
    s.w = scan_w(ppc, s.fill);
    s.h = (s.w as f32 * 0.8) as usize;
    let sign = if r.below(2) == 0 { -1.0 } else { 1.0 };
    match c {
        Condition::Flat | Condition::NoMrz => s.rot = r.range(-0.5, 0.5),
        Condition::Rotated => s.rot = sign * r.range(3.0, 12.0),
        Condition::Perspective => {
            s.rot = r.range(-4.0, 4.0);
            s.persp = r.range(0.04, 0.09);
        }
        Condition::Blur => s.blur = 1 + r.below(2),
        Condition::Noise => s.noise = r.range(8.0, 14.0),
        Condition::Jpeg => s.jpeg = Some(25 + r.below(20) as u8),
        Condition::Uneven => s.uneven = r.range(0.4, 0.6),
        Condition::Glare => s.glare = r.range(0.1, 0.2),
        Condition::LowRes => s.rot = r.range(-2.0, 2.0),
        Condition::Phone => {
            s.w = 1280;
            s.h = 720;
            // The page's height (a passport's is 0.7 of its width) fits in
            // the frame with some room, as in a camera's guide frame: a
            // frame that cuts the MRZ off holds no MRZ to read.
            let fits = 0.85 * (s.h as f32 / s.w as f32) * (page_w / page_h);
            s.fill = r.range(0.6, 0.85).min(fits);
            s.rot = r.range(-7.0, 7.0);
            s.persp = r.range(0.0, 0.05);
            s.blur = r.below(2);
            s.noise = r.range(3.0, 8.0);
            s.jpeg = Some(55 + r.below(30) as u8);
            s.uneven = r.range(0.0, 0.35);
            s.glare = if r.below(3) == 0 {
                r.range(0.06, 0.12)
            } else {
                0.0
            };
        }
    }
    if c == Condition::NoMrz {
        s.jpeg = Some(70);
        s.noise = 4.0;
    }
    s
}

/// Draws the `index`-th sample of condition `c` (deterministic in both).
pub fn sample(a: &Atlas, c: Condition, index: u64, today: Date) -> Sample {
    let mut r = Rng::new((c as u64) << 32 ^ index);
    const FORMATS: [MrzFormat; 5] = [
        MrzFormat::Td3,
        MrzFormat::Td1,
        MrzFormat::Td2,
        MrzFormat::MrvA,
        MrzFormat::MrvB,
    ];
    // Passports most often, as travelers use them.
    let format = if r.below(2) == 0 {
        MrzFormat::Td3
    } else {
        FORMATS[r.below(5)]
    };
    let doc: Option<Doc> = (c != Condition::NoMrz).then(|| docs::random(&mut r, format, today));
    let shot = shot(&mut r, c, page_size(format));
    let decoy = c == Condition::NoMrz && r.below(2) == 0;
    let atlas = a.morph(shot.weight);
    let pg = page(
        &mut r,
        &atlas,
        format,
        doc.as_ref().map(|d| d.lines.as_slice()),
        decoy,
    );
    let mut img = render(&mut r, &atlas, &pg, &shot);
    let (w, h) = (shot.w, img.len() / shot.w.max(1));
    let mut jpeg = None;
    if let Some(q) = shot.jpeg
        && let Ok(bytes) = crate::image::jpeg_gray(w, h, &img, q)
        && let Ok((_, _, px)) = mrz_ocr::decode::decode(&bytes)
        && px.len() == img.len()
    {
        img = px;
        jpeg = Some(bytes);
    }
    Sample {
        name: format!("{}-{index:04}", c.name()),
        condition: c,
        truth: doc.as_ref().map(|d| d.lines.clone()),
        format: doc.map(|d| d.format),
        w,
        h,
        gray: img,
        jpeg,
    }
}

fn render(r: &mut Rng, a: &Atlas, pg: &Page, s: &Shot) -> Vec<u8> {
    let (w, h) = (s.w, s.h);
    // Page corners in the scene.
    let pw = s.fill * w as f32;
    let scale = pw / pg.w;
    let ph = pg.h * scale;
    let (cx, cy) = (
        w as f32 / 2.0 + r.range(-0.04, 0.04) * w as f32,
        h as f32 / 2.0 + r.range(-0.04, 0.04) * h as f32,
    );
    let th = s.rot.to_radians();
    let (sn, cs) = th.sin_cos();
    let mut corners = [(0f64, 0f64); 4];
    for (i, (dx, dy)) in [(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)]
        .iter()
        .enumerate()
    {
        let jx = r.range(-1.0, 1.0) * s.persp * pw;
        let jy = r.range(-1.0, 1.0) * s.persp * ph;
        let (x, y) = (dx * pw + jx, dy * ph + jy);
        corners[i] = (
            f64::from(cx + x * cs - y * sn),
            f64::from(cy + x * sn + y * cs),
        );
    }
    let doc = [
        (0.0, 0.0),
        (f64::from(pg.w), 0.0),
        (f64::from(pg.w), f64::from(pg.h)),
        (0.0, f64::from(pg.h)),
    ];
    let Some(inv) = Homography::from_points(corners, doc) else {
        return vec![128; w * h];
    };
    let table = r.range(40.0, 140.0);
    let ss = if scale / MM_PITCH < 12.0 { 3 } else { 2 };
    let mut img = vec![0f32; w * h];
    for y in 0..h {
        for x in 0..w {
            let mut acc = 0.0;
            for j in 0..ss {
                for i in 0..ss {
                    let fx = x as f32 + (i as f32 + 0.5) / ss as f32;
                    let fy = y as f32 + (j as f32 + 0.5) / ss as f32;
                    let (u, v) = inv.map(fx, fy);
                    acc += if u >= 0.0 && v >= 0.0 && u < pg.w && v < pg.h {
                        pg.at(a, u, v)
                    } else {
                        table + 20.0 * ((fx * 0.05).sin() * (fy * 0.07).cos())
                    };
                }
            }
            img[y * w + x] = acc / (ss * ss) as f32;
        }
    }
    // Light: a linear fall-off in a random direction.
    if s.uneven > 0.0 {
        let ang = r.range(0.0, std::f32::consts::TAU);
        let (dx, dy) = (ang.cos(), ang.sin());
        for y in 0..h {
            for x in 0..w {
                let t = ((x as f32 / w as f32 - 0.5) * dx + (y as f32 / h as f32 - 0.5) * dy) + 0.5;
                img[y * w + x] *= 1.0 - s.uneven * t.clamp(0.0, 1.0);
            }
        }
    }
    // Glare: a bright spot on the upper part of the page.
    if s.glare > 0.0 {
        let gx = cx + r.range(-0.35, 0.35) * pw;
        let gy = cy + r.range(-0.45, 0.0) * ph;
        let rad = s.glare * pw;
        for y in 0..h {
            for x in 0..w {
                let d2 = ((x as f32 - gx).powi(2) + (y as f32 - gy).powi(2)) / (rad * rad);
                img[y * w + x] += 200.0 * (-d2).exp();
            }
        }
    }
    for _ in 0..s.blur {
        box_blur(&mut img, w, h);
    }
    img.iter()
        .map(|v| (v + s.noise * r.normal()).round().clamp(0.0, 255.0) as u8)
        .collect()
}

/// One 3×3 box blur pass.
fn box_blur(img: &mut [f32], w: usize, h: usize) {
    let src = img.to_vec();
    for y in 0..h {
        for x in 0..w {
            let mut acc = 0.0;
            let mut n = 0.0;
            for yy in y.saturating_sub(1)..(y + 2).min(h) {
                for xx in x.saturating_sub(1)..(x + 2).min(w) {
                    acc += src[yy * w + xx];
                    n += 1.0;
                }
            }
            img[y * w + x] = acc / n;
        }
    }
}
