//! [`MrzText`]: the text of one field read from an MRZ, kept inline.
//!
//! A report has nine text fields; as `String`s each one that was not empty
//! was a heap allocation (a third of the time of checking a valid passport).
//! No MRZ field is longer than 39 characters (a TD3 name), so any field of
//! an MRZ typed in its own character set fits inline; only text holding
//! characters outside ASCII that does not fit (each is reported as an
//! error anyway) goes on the heap.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::ops::Deref;

/// Bytes kept inline: the longest MRZ field.
const INLINE: usize = 39;

/// The text of an MRZ field. Reads as a `&str` (it derefs to one) and
/// compares equal to strings with the same characters; serialized as a
/// string.
#[derive(Clone)]
pub struct MrzText(Repr);

#[derive(Clone)]
enum Repr {
    /// The text is `buf[off..off + len]`, valid UTF-8: it is only ever
    /// filled from a whole `&str` or from a grid row (ASCII).
    Inline {
        off: u8,
        len: u8,
        buf: [u8; INLINE],
    },
    Heap(Box<str>),
}

impl MrzText {
    /// The empty text.
    pub const fn new() -> MrzText {
        MrzText(Repr::Inline {
            off: 0,
            len: 0,
            buf: [0; INLINE],
        })
    }

    /// `row[start..end]` of a grid row, copied as one block of fixed size
    /// (no call to `memcpy`), with `<` turned into a space when `spaces`.
    /// A grid row is ASCII; were it not, the text would read as empty
    /// rather than as something else.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(crate) fn from_row(row: &[u8; 44], start: usize, end: usize, spaces: bool) -> MrzText {
        let window = start.min(row.len() - INLINE);
        match (
            row.get(window..window + INLINE),
            u8::try_from(start - window),
            u8::try_from(end.saturating_sub(start)),
        ) {
            (Some(block), Ok(off), Ok(len)) if end <= row.len() => {
                let mut buf = [0u8; INLINE];
                buf.copy_from_slice(block);
                if spaces {
                    // Over the text only: a loop of fixed length would be
                    // unrolled (1 KB more WebAssembly).
                    let text = usize::from(off)..usize::from(off) + usize::from(len);
                    for b in buf.get_mut(text).unwrap_or(&mut []) {
                        if *b == b'<' {
                            *b = b' ';
                        }
                    }
                }
                MrzText(Repr::Inline { off, len, buf })
            }
            _ => MrzText::new(),
        }
    }

    /// The text as a string slice.
    // Not inlined in WebAssembly: every caller would get its own copy of
    // the UTF-8 check.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // The text is always valid (see `Repr::Inline`); the check is
            // there because this crate has no `unsafe`.
            Repr::Inline { off, len, buf } => buf
                .get(usize::from(*off)..usize::from(*off) + usize::from(*len))
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or(""),
            Repr::Heap(s) => s,
        }
    }
}

impl Default for MrzText {
    fn default() -> Self {
        MrzText::new()
    }
}

impl Deref for MrzText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for MrzText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for MrzText {
    fn from(s: &str) -> Self {
        let mut buf = [0u8; INLINE];
        match (buf.get_mut(..s.len()), u8::try_from(s.len())) {
            (Some(dst), Ok(len)) => {
                dst.copy_from_slice(s.as_bytes());
                MrzText(Repr::Inline { off: 0, len, buf })
            }
            _ => MrzText(Repr::Heap(s.into())),
        }
    }
}

impl From<String> for MrzText {
    fn from(s: String) -> Self {
        if s.len() <= INLINE {
            MrzText::from(s.as_str())
        } else {
            MrzText(Repr::Heap(s.into_boxed_str()))
        }
    }
}

impl From<&MrzText> for String {
    fn from(t: &MrzText) -> Self {
        t.as_str().to_owned()
    }
}

impl From<MrzText> for String {
    fn from(t: MrzText) -> Self {
        t.as_str().to_owned()
    }
}

impl PartialEq for MrzText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for MrzText {}

impl std::hash::Hash for MrzText {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq<str> for MrzText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for MrzText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for MrzText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<MrzText> for &str {
    fn eq(&self, other: &MrzText) -> bool {
        *self == other.as_str()
    }
}

impl fmt::Debug for MrzText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for MrzText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for MrzText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for MrzText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(MrzText::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_stays_inline_and_long_text_goes_on_the_heap() {
        assert_eq!(MrzText::new(), "");
        let longest = "A".repeat(INLINE);
        let inline = MrzText::from(longest.as_str());
        assert!(matches!(
            inline.0,
            Repr::Inline {
                off: 0,
                len: 39,
                ..
            }
        ));
        assert_eq!(inline, longest.as_str());
        // Characters outside ASCII take more bytes than columns.
        let t = MrzText::from("É".repeat(19));
        assert!(matches!(t.0, Repr::Inline { len: 38, .. }));
        let t = MrzText::from(format!("{}Ö", "É".repeat(19)));
        assert!(matches!(t.0, Repr::Heap(_)));
        assert_eq!(t, format!("{}Ö", "É".repeat(19)));
        assert_eq!(MrzText::from("É".repeat(30).as_str()), "É".repeat(30));
    }

    #[test]
    fn row_windows_hold_the_field_wherever_it_stands() {
        let mut row = [b'<'; 44];
        row[..10].copy_from_slice(b"P<UTOERIKS");
        row[30..44].copy_from_slice(b"ZE184226B<<<<1");
        assert_eq!(MrzText::from_row(&row, 0, 1, false), "P");
        assert_eq!(MrzText::from_row(&row, 2, 10, true), "UTOERIKS");
        // Near the end of the row the window starts before the text.
        let opt = MrzText::from_row(&row, 30, 39, false);
        assert!(matches!(
            opt.0,
            Repr::Inline {
                off: 25,
                len: 9,
                ..
            }
        ));
        assert_eq!(opt, "ZE184226B");
        assert_eq!(MrzText::from_row(&row, 30, 44, false), "ZE184226B<<<<1");
        assert_eq!(MrzText::from_row(&row, 0, 10, true), "P UTOERIKS");
        assert_eq!(MrzText::from_row(&row, 10, 5, false), "");
        assert_eq!(MrzText::from_row(&row, 40, 45, false), "");
        // Not ASCII (never so in a grid): empty, not something else.
        row[3] = 0xC3;
        assert_eq!(MrzText::from_row(&row, 0, 4, false), "");
    }

    #[test]
    fn reads_writes_and_compares_as_a_string() {
        let t = MrzText::from("SUZUKI");
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"SUZUKI\"");
        let back: MrzText = serde_json::from_str("\"SUZUKI\"").unwrap();
        assert_eq!(back, t);
        assert_eq!(format!("{t} {t:?}"), "SUZUKI \"SUZUKI\"");
        assert_eq!(String::from(&t), "SUZUKI");
        let owned = String::from("SUZUKI");
        assert!("SUZUKI" == t && t == *"SUZUKI" && t == owned);
        assert_ne!(t, MrzText::from("SUZUKA"));
    }
}
