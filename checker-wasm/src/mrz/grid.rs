//! Turning the text as it arrives into fixed lines of characters.

use std::fmt::Write as _;

/// Longest trimmed input that is looked at character by character. An MRZ
/// has at most 90 characters plus line breaks; anything much longer is
/// rejected without further work.
pub(crate) const MAX_INPUT: usize = 1024;

/// Marks a non-ASCII character in the grid; the original is kept aside.
pub(crate) const OTHER: u8 = 0x1A;

/// A range of columns on one line (`end` exclusive).
// Four bytes, aligned: read in one load rather than assembled from a
// two-byte and a one-byte load wherever a span is looked at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(C, align(4))]
pub(crate) struct Span {
    pub line: u8,
    pub start: u8,
    pub end: u8,
}

pub(crate) const fn span(line: u8, start: u8, end: u8) -> Span {
    Span { line, start, end }
}

impl Span {
    pub(crate) fn contains(self, line: usize, col: usize) -> bool {
        usize::from(self.line) == line
            && usize::from(self.start) <= col
            && col < usize::from(self.end)
    }
    pub(crate) fn len(self) -> usize {
        usize::from(self.end.saturating_sub(self.start))
    }
}

/// The MRZ as fixed rows of bytes. ASCII is kept as is (lower case too);
/// any other character is [`OTHER`] with the original in `others`. Cells
/// outside the MRZ's lines (past `width`, rows from `nrows` on) are always
/// fillers: a grid starts as fillers and only cells of its lines are
/// written.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    pub rows: [[u8; 44]; 3],
    pub nrows: usize,
    pub width: usize,
    pub others: Vec<(u8, u8, char)>,
    /// For ASCII input: where each row's first character stands in the
    /// text as given (byte offset, which is also the UTF-16 offset), so a
    /// caller holding the original string can cut fields out of it.
    pub origin: Option<[u16; 3]>,
    /// Per row, bit `c` set where column `c` is a filler (`<`): fields are
    /// trimmed and split with a few bit operations instead of a walk over
    /// their characters. Kept in step with `rows` by every write
    /// ([`Grid::set`], the constructors).
    fillers: [u64; 3],
}

/// One in every byte.
const LANES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
const HIGH: u64 = 0x80 * LANES;

/// The bits `0..n` (`n` at most 64).
pub(crate) const fn low_bits(n: usize) -> u64 {
    if n >= 64 { u64::MAX } else { (1 << n) - 1 }
}

/// Bit `i` set for each byte `i` of `h` whose high bit is set.
const fn gather(h: u64) -> u64 {
    ((h >> 7) & LANES).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// What one pass over a row finds, eight columns at a time.
struct RowScan {
    /// The filler columns, as bits.
    fillers: u64,
    /// Every cell is printable ASCII other than a space (0x21–0x7E).
    printable: bool,
}

fn scan_row(row: &[u8; 44]) -> RowScan {
    let word = |at: usize| {
        row.get(at..at + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            .map_or(0, u64::from_le_bytes)
    };
    let (mut fillers, mut unprintable) = (0u64, 0u64);
    // Columns 40–43 are the upper half of the row's last eight.
    for (i, at, shift) in [
        (0, 0, 0),
        (1, 8, 0),
        (2, 16, 0),
        (3, 24, 0),
        (4, 32, 0),
        (5, 36, 4),
    ] {
        let x = word(at);
        // A byte below 0x21 gets its high bit in `x - 0x21`, one of 0x7F
        // in `x + 1`, one of 0x80 or more has it already. A borrow or a
        // carry between bytes can only set more high bits: then the row
        // is looked at byte by byte.
        unprintable |= (x.wrapping_sub(0x21 * LANES) | x.wrapping_add(LANES) | x) & HIGH;
        // Below 0x80 no carry leaves a byte; a zero byte of
        // `x ^ "<<<<<<<<"` is a filler.
        let low = x & !HIGH;
        let filler = !((low ^ (u64::from(b'<') * LANES)) + 0x7F * LANES) & !x & HIGH;
        fillers |= (gather(filler) >> shift) << (8 * i);
    }
    RowScan {
        fillers,
        printable: unprintable == 0 || row.iter().all(|b| (0x21..=0x7E).contains(b)),
    }
}

impl Grid {
    pub(crate) fn slice(&self, s: Span) -> &[u8] {
        self.rows
            .get(usize::from(s.line))
            .and_then(|r| r.get(usize::from(s.start)..usize::from(s.end)))
            .unwrap_or(&[])
    }

    pub(crate) fn at(&self, line: usize, col: usize) -> u8 {
        self.rows
            .get(line)
            .and_then(|r| r.get(col))
            .copied()
            .unwrap_or(OTHER)
    }

    /// Writes a cell of the MRZ's lines (a cell outside them stays a filler).
    pub(crate) fn set(&mut self, line: usize, col: usize, b: u8) {
        if line >= self.nrows || col >= self.width {
            return;
        }
        if let Some(c) = self.rows.get_mut(line).and_then(|r| r.get_mut(col)) {
            *c = b;
        }
        let bit = 1u64 << (col & 63);
        if let Some(f) = self.fillers.get_mut(line) {
            *f = if b == b'<' { *f | bit } else { *f & !bit };
        }
    }

    /// The character as it was given at a position.
    pub(crate) fn original(&self, line: usize, col: usize) -> char {
        let b = self.at(line, col);
        if b == OTHER {
            self.others
                .iter()
                .find(|&&(l, c, _)| usize::from(l) == line && usize::from(c) == col)
                .map_or(char::REPLACEMENT_CHARACTER, |&(_, _, ch)| ch)
        } else {
            char::from(b)
        }
    }

    /// Appends the characters of `s` as given.
    pub(crate) fn push_str(&self, out: &mut String, s: Span) {
        let bytes = self.slice(s);
        if !bytes.contains(&OTHER)
            && let Ok(text) = std::str::from_utf8(bytes)
        {
            out.push_str(text);
            return;
        }
        for (i, &b) in self.slice(s).iter().enumerate() {
            if b == OTHER {
                out.push(self.original(usize::from(s.line), usize::from(s.start) + i));
            } else {
                out.push(char::from(b));
            }
        }
    }

    /// One row as a string (characters as given).
    pub(crate) fn row_string(&self, line: usize) -> String {
        let mut out = String::with_capacity(self.width);
        if let (Ok(l), Ok(w)) = (u8::try_from(line), u8::try_from(self.width)) {
            self.push_str(&mut out, span(l, 0, w));
        }
        out
    }

    fn empty(nrows: usize, width: usize) -> Grid {
        Grid {
            rows: [[b'<'; 44]; 3],
            nrows,
            width,
            others: Vec::new(),
            origin: None,
            fillers: [low_bits(44); 3],
        }
    }

    /// Marks every row's fillers anew (after rows were written directly).
    fn mark(&mut self) {
        // Rows from `nrows` on stay fillers.
        for (row, f) in self.rows.iter().zip(&mut self.fillers).take(self.nrows) {
            *f = scan_row(row).fillers;
        }
    }

    /// The columns of `s` that are fillers, as bits from bit 0 (column
    /// `s.start`); nothing for a span outside the grid (as [`Grid::slice`]).
    pub(crate) fn fillers_in(&self, s: Span) -> u64 {
        Self::marks_in(&self.fillers, s, false)
    }

    /// The columns of `s` that are not fillers, as [`Grid::fillers_in`].
    pub(crate) fn content_in(&self, s: Span) -> u64 {
        Self::marks_in(&self.fillers, s, true)
    }

    /// The bits of `s`'s columns in its row's marks (or in their
    /// complement), from bit 0.
    fn marks_in(marks: &[u64; 3], s: Span, complement: bool) -> u64 {
        let (start, end) = (usize::from(s.start), usize::from(s.end));
        match marks.get(usize::from(s.line)) {
            Some(&m) if start <= end && end <= 44 => {
                let m = if complement { !m } else { m };
                (m >> start) & low_bits(end - start)
            }
            _ => 0,
        }
    }

    fn put(&mut self, line: usize, col: usize, ch: char) {
        if ch.is_ascii() {
            self.set(line, col, ch as u8);
        } else {
            self.set(line, col, OTHER);
            if let (Ok(l), Ok(c)) = (u8::try_from(line), u8::try_from(col)) {
                self.others.push((l, c, ch));
            }
        }
    }
}

/// What the input turned out to be.
#[derive(Debug)]
pub(crate) enum Input {
    /// Only blanks.
    Empty,
    /// A well-shaped MRZ.
    Grid(Grid),
    /// The right number of lines, nearly the right lengths:
    /// `(lines, width, [(line, found length)])` for the lines that are off.
    LineLength {
        nrows: usize,
        width: usize,
        first: Option<char>,
        wrong: Vec<(usize, usize)>,
    },
    /// No format fits; the lengths as a human-readable list.
    Shape(String),
}

fn is_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// [`is_break`] for ASCII.
fn is_break_byte(b: u8) -> bool {
    matches!(b, b'\n' | b'\r' | 0x0B | 0x0C)
}

/// `char::is_whitespace` for ASCII (which, unlike
/// `u8::is_ascii_whitespace`, includes vertical tab).
fn is_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// `(lines, width)` of an exact shape, for a run-together line too.
fn exact(lens: &[usize]) -> Option<(usize, usize)> {
    match lens {
        [90] => Some((3, 30)),
        [72] => Some((2, 36)),
        [88] => Some((2, 44)),
        [30, 30, 30] => Some((3, 30)),
        [36, 36] => Some((2, 36)),
        [44, 44] => Some((2, 44)),
        _ => None,
    }
}

/// Up to 3 pieces and their character counts; `count` is the real number.
struct Pieces<'a> {
    items: [&'a str; 3],
    lens: [usize; 3],
    /// For ASCII pieces: each one's byte offset in the text.
    starts: [usize; 3],
    count: usize,
}

impl<'a> Pieces<'a> {
    fn collect(iter: impl Iterator<Item = &'a str>) -> Pieces<'a> {
        let mut p = Pieces {
            items: [""; 3],
            lens: [0; 3],
            starts: [0; 3],
            count: 0,
        };
        for s in iter {
            p.push(s, s.chars().count());
        }
        p
    }

    fn push(&mut self, s: &'a str, len: usize) {
        if let (Some(item), Some(l)) = (
            self.items.get_mut(self.count),
            self.lens.get_mut(self.count),
        ) {
            *item = s;
            *l = len;
        }
        self.count += 1;
    }

    /// For ASCII text: the same pieces as splitting at `split` and (for
    /// lines) trimming blanks, then dropping empty pieces, without decoding
    /// characters.
    fn ascii(t: &'a str, split: fn(u8) -> bool) -> Pieces<'a> {
        let mut p = Pieces {
            items: [""; 3],
            lens: [0; 3],
            starts: [0; 3],
            count: 0,
        };
        let bytes = t.as_bytes();
        let mut start = 0;
        while start < bytes.len() {
            let end = bytes
                .get(start..)
                .and_then(|rest| rest.iter().position(|&b| split(b)))
                .map_or(bytes.len(), |n| start + n);
            let piece = bytes.get(start..end).unwrap_or(&[]);
            let lead = piece.iter().position(|&b| !is_space_byte(b));
            let trail = piece.iter().rposition(|&b| !is_space_byte(b));
            if let (Some(a), Some(z)) = (lead, trail)
                && let Some(s) = t.get(start + a..start + z + 1)
            {
                if let Some(o) = p.starts.get_mut(p.count) {
                    *o = start + a;
                }
                p.push(s, z + 1 - a);
            }
            start = end + 1;
        }
        p
    }

    /// The lengths, or nothing when there are more than 3 pieces.
    fn lens(&self) -> &[usize] {
        if self.count > self.lens.len() {
            return &[];
        }
        self.lens.get(..self.count).unwrap_or(&[])
    }

    /// The grid; `lead` is where the pieces' text starts in the input,
    /// for [`Grid::origin`] (ASCII pieces only).
    fn grid(&self, nrows: usize, width: usize, lead: Option<usize>) -> Grid {
        let mut g = Grid::empty(nrows, width);
        let mut origin = [0u16; 3];
        let (mut row, mut col) = (0usize, 0usize);
        for (s, &start) in self.items.iter().zip(&self.starts).take(self.count) {
            if s.is_ascii() {
                // Fast path: copy whole runs of bytes.
                let mut bytes = s.as_bytes();
                while !bytes.is_empty() && col < width {
                    if col == 0
                        && let (Some(o), Some(lead)) = (origin.get_mut(row), lead)
                    {
                        // At most MAX_INPUT plus the blanks trimmed off.
                        *o = u16::try_from(lead + start + (s.len() - bytes.len()))
                            .unwrap_or(u16::MAX);
                    }
                    let take = (width - col).min(bytes.len());
                    let (head, tail) = bytes.split_at(take);
                    if let Some(dst) = g.rows.get_mut(row).and_then(|r| r.get_mut(col..col + take))
                    {
                        dst.copy_from_slice(head);
                    }
                    bytes = tail;
                    col += take;
                    if col == width {
                        col = 0;
                        row += 1;
                    }
                }
            } else {
                for ch in s.chars() {
                    g.put(row, col, ch);
                    col += 1;
                    if col == width {
                        col = 0;
                        row += 1;
                    }
                }
            }
        }
        if lead.is_some() && origin.iter().all(|&o| o != u16::MAX) {
            g.origin = Some(origin);
        }
        g.mark();
        g
    }
}

/// The usual input in one step: the lines of a format exactly, joined by
/// LF, CRLF or nothing, every other character printable ASCII other than
/// a space. Anything else (blanks, other breaks, other characters) is left
/// to the general reading, which gives the same grid for these.
pub(crate) fn plain(bytes: &[u8]) -> Option<Grid> {
    for (nrows, width) in [(2usize, 44usize), (2, 36), (3, 30)] {
        for sep in [&b"\n"[..], b"\r\n", b""] {
            if bytes.len() != nrows * width + (nrows - 1) * sep.len() {
                continue;
            }
            let mut g = Grid::empty(nrows, width);
            let mut origin = [0u16; 3];
            let mut ok = true;
            let rows = g.rows.iter_mut().zip(&mut origin).zip(&mut g.fillers);
            for (row, ((dst, o), f)) in rows.take(nrows).enumerate() {
                let start = row * (width + sep.len());
                let line = bytes.get(start..start + width).unwrap_or(&[]);
                let next = bytes.get(start + width..(start + width + sep.len()).min(bytes.len()));
                if let Some(d) = dst.get_mut(..line.len()) {
                    d.copy_from_slice(line);
                }
                // The row past the line is fillers, which are printable:
                // the row's verdict is the line's.
                let scan = scan_row(dst);
                *f = scan.fillers;
                ok &= line.len() == width
                    && scan.printable
                    && (row + 1 == nrows || next.is_some_and(|n| is_sep(n, sep)));
                *o = u16::try_from(start).unwrap_or(u16::MAX);
            }
            if ok {
                g.origin = Some(origin);
                return Some(g);
            }
        }
    }
    None
}

/// `n == sep` for a separator of at most two bytes, without a call to
/// `memcmp` (a tenth of the time of a run-together MRZ).
fn is_sep(n: &[u8], sep: &[u8]) -> bool {
    n.len() == sep.len() && n.iter().zip(sep).all(|(a, b)| a == b)
}

/// Reads the text into lines. Accepts LF, CRLF or CR breaks, blanks around
/// lines, blank lines, all lines run together in one string, or lines
/// separated by blanks only.
pub(crate) fn read(text: &str) -> Input {
    if let Some(g) = plain(text.as_bytes()) {
        return Input::Grid(g);
    }
    let t = text.trim();
    if t.is_empty() {
        return Input::Empty;
    }
    if t.len() > MAX_INPUT {
        return Input::Shape(format!("more than {MAX_INPUT} characters"));
    }
    let ascii = t.is_ascii();
    // Offsets into `text` are only meaningful when the blanks trimmed off
    // its start are ASCII too.
    let lead = text.len() - text.trim_start().len();
    let lead = (ascii && text.get(..lead).is_some_and(str::is_ascii)).then_some(lead);
    let lines = if ascii {
        Pieces::ascii(t, is_break_byte)
    } else {
        Pieces::collect(t.split(is_break).map(str::trim).filter(|l| !l.is_empty()))
    };
    if let Some((nrows, width)) = exact(lines.lens()) {
        return Input::Grid(lines.grid(nrows, width, lead));
    }
    let words = if ascii {
        Pieces::ascii(t, is_space_byte)
    } else {
        Pieces::collect(t.split_whitespace())
    };
    if let Some((nrows, width)) = exact(words.lens()) {
        return Input::Grid(words.grid(nrows, width, lead));
    }
    // Nearly right: the right line count, every line within a few characters.
    let guess = match lines.lens() {
        [a, b, c] if [a, b, c].iter().all(|&&n| n.abs_diff(30) <= 6) => Some((3, 30)),
        [a, b] => {
            let d36 = a.abs_diff(36) + b.abs_diff(36);
            let d44 = a.abs_diff(44) + b.abs_diff(44);
            let w = if d36 <= d44 { 36 } else { 44 };
            (a.abs_diff(w) <= 6 && b.abs_diff(w) <= 6).then_some((2, w))
        }
        _ => None,
    };
    if let Some((nrows, width)) = guess {
        let wrong = lines
            .lens()
            .iter()
            .enumerate()
            .filter(|&(_, &n)| n != width)
            .map(|(i, &n)| (i, n))
            .collect();
        let first = lines.items.first().and_then(|l| l.chars().next());
        return Input::LineLength {
            nrows,
            width,
            first,
            wrong,
        };
    }
    let mut desc = String::new();
    for (i, l) in t
        .split(is_break)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        if i == 8 {
            desc.push_str(", …");
            break;
        }
        if i > 0 {
            desc.push_str(", ");
        }
        let _ = write!(desc, "{}", l.chars().count());
    }
    Input::Shape(desc)
}

#[cfg(test)]
mod tests;
