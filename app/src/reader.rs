//! Document readers that type the MRZ like a keyboard ("keyboard wedge"):
//! 2–3 lines of MRZ characters arriving fast, ending in Enter, wherever the
//! focus is. A global keydown listener feeds [`ReaderBuffer`].

/// Longest pause between two keystrokes of one reader burst.
pub const MAX_GAP_MS: f64 = 50.0;

/// What a keystroke did to the buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Feed {
    /// Not part of a reader burst.
    Ignored,
    /// Buffered; `true` when the keystroke starts a new burst.
    Buffered(bool),
    /// Enter inside a burst (between lines): its default action should be
    /// suppressed (it would submit or insert a newline elsewhere).
    LineBreak,
    /// A complete MRZ, lines joined by `\n`.
    Captured(String),
}

/// Buffers fast keystrokes until they form an MRZ.
#[derive(Debug, Clone, Default)]
pub struct ReaderBuffer {
    lines: Vec<String>,
    current: String,
    last_ms: Option<f64>,
}

fn is_mrz_char(c: char) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit() || c == '<'
}

/// Splits reader output into MRZ lines when it has a Doc 9303 shape
/// (3×30, 2×36, 2×44), also when the lines came run together.
pub fn mrz_shape(lines: &[String]) -> Option<Vec<String>> {
    let lens: Vec<usize> = lines.iter().map(String::len).collect();
    match lens.as_slice() {
        [30, 30, 30] | [36, 36] | [44, 44] => Some(lines.to_vec()),
        [90] | [72] | [88] => {
            let all = lines.first()?;
            let width = if all.len() == 90 { 30 } else { all.len() / 2 };
            Some(
                all.as_bytes()
                    .chunks(width)
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect(),
            )
        }
        _ => None,
    }
}

impl ReaderBuffer {
    /// Clears the buffer.
    pub fn reset(&mut self) {
        self.lines.clear();
        self.current.clear();
        self.last_ms = None;
    }

    fn chars(&self) -> usize {
        self.lines.iter().map(String::len).sum::<usize>() + self.current.len()
    }

    /// Feeds one keydown (`KeyboardEvent.key`) at time `now_ms`.
    pub fn feed(&mut self, key: &str, now_ms: f64) -> Feed {
        let fast = self.last_ms.is_some_and(|last| now_ms - last <= MAX_GAP_MS);
        let mut chars = key.chars();
        let single = match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        };
        if key == "Enter" {
            if !fast || self.chars() == 0 {
                self.reset();
                return Feed::Ignored;
            }
            if !self.current.is_empty() {
                self.lines.push(std::mem::take(&mut self.current));
            }
            self.last_ms = Some(now_ms);
            if let Some(lines) = mrz_shape(&self.lines) {
                self.reset();
                return Feed::Captured(lines.join("\n"));
            }
            if self.lines.len() >= 3 || self.chars() > 90 {
                self.reset();
                return Feed::LineBreak;
            }
            return Feed::LineBreak;
        }
        match single {
            Some(c) if is_mrz_char(c) => {
                let new_burst = !fast;
                if new_burst {
                    self.reset();
                }
                self.current.push(c);
                self.last_ms = Some(now_ms);
                if self.chars() > 100 {
                    self.reset();
                    return Feed::Ignored;
                }
                Feed::Buffered(new_burst)
            }
            // Modifier keys (Shift for capitals and '<') do not break a burst.
            None if matches!(key, "Shift" | "CapsLock" | "Alt" | "AltGraph" | "Control") => {
                Feed::Ignored
            }
            _ => {
                self.reset();
                Feed::Ignored
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const L1: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    const L2: &str = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

    fn type_all(b: &mut ReaderBuffer, text: &str, start: f64, step: f64) -> Vec<Feed> {
        let mut t = start;
        let mut out = Vec::new();
        for c in text.chars() {
            let key = if c == '\n' {
                "Enter".to_owned()
            } else {
                c.to_string()
            };
            out.push(b.feed(&key, t));
            t += step;
        }
        out
    }

    #[test]
    fn captures_fast_two_line_mrz() {
        let mut b = ReaderBuffer::default();
        let feeds = type_all(&mut b, &format!("{L1}\n{L2}\n"), 1000.0, 5.0);
        assert_eq!(feeds.last(), Some(&Feed::Captured(format!("{L1}\n{L2}"))));
        assert_eq!(feeds[0], Feed::Buffered(true));
        assert_eq!(feeds[44], Feed::LineBreak);
    }

    #[test]
    fn captures_run_together_lines() {
        let mut b = ReaderBuffer::default();
        let feeds = type_all(&mut b, &format!("{L1}{L2}\n"), 0.0, 3.0);
        assert_eq!(feeds.last(), Some(&Feed::Captured(format!("{L1}\n{L2}"))));
    }

    #[test]
    fn slow_typing_is_not_a_reader() {
        let mut b = ReaderBuffer::default();
        let feeds = type_all(&mut b, &format!("{L1}\n{L2}\n"), 0.0, 120.0);
        assert!(
            feeds
                .iter()
                .all(|f| matches!(f, Feed::Buffered(true) | Feed::Ignored)),
            "{feeds:?}"
        );
    }

    #[test]
    fn wrong_shape_is_not_captured() {
        let mut b = ReaderBuffer::default();
        let feeds = type_all(&mut b, "ABC\nDEF\n", 0.0, 5.0);
        assert!(!feeds.iter().any(|f| matches!(f, Feed::Captured(_))));
        let feeds = type_all(&mut b, "abc\n", 100.0, 5.0);
        assert!(!feeds.iter().any(|f| matches!(f, Feed::Captured(_))));
    }

    #[test]
    fn shift_keeps_the_burst() {
        let mut b = ReaderBuffer::default();
        assert_eq!(b.feed("P", 0.0), Feed::Buffered(true));
        assert_eq!(b.feed("Shift", 2.0), Feed::Ignored);
        assert_eq!(b.feed("<", 4.0), Feed::Buffered(false));
    }
}
