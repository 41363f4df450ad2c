//! Latin-script names and their machine-readable form.
//!
//! ICAO Doc 9303 Part 3 (section 6, "Transliteration of multinational
//! Latin-based characters") says how a name printed in the visual zone is
//! written in the MRZ, whose only characters are `A`–`Z`, `0`–`9` and the
//! filler `<`:
//!
//! * letters with diacritics lose them (`É` → `E`, `Ç` → `C`, `Ł` → `L` …);
//! * some letters become two or three: `Ä`/`Æ` → `AE`, `Ö`/`Ø`/`Œ` → `OE`,
//!   `Ü` → `UE`, `Å` → `AA`, `ß`/`ẞ` → `SS`, `Þ` → `TH`, `Ĳ` → `IJ`;
//!   Doc 9303 also allows `Ä` → `A`, `Ö` → `O`, `Ü` → `U` or `UXX`,
//!   `Å` → `A`, `Ñ` → `NXX`, which [`matches_mrz`] accepts;
//! * apostrophes are omitted (`D'ARTAGNAN` → `DARTAGNAN`);
//! * hyphens and spaces become a single filler (`MARIE-ELISE` →
//!   `MARIE<ELISE`);
//! * the surname (primary identifier) is followed by `<<` and the given
//!   names (secondary identifier), and the field is padded with `<`.
//!
//! Input conveniences, beyond Doc 9303: lower case is upper-cased;
//! full-width Latin letters (`Ａ`, typed by East Asian input methods) and the
//! ideographic space are folded to ASCII; decomposed input (a base letter
//! followed by combining marks, U+0300–U+036F) is handled like the composed
//! letter; the typographic apostrophes `’ ‘ ʼ` and the hyphens `‐ ‑ －` count
//! as apostrophe and hyphen. Vietnamese letters (Latin Extended Additional)
//! and pinyin tone letters are reduced to their base letter.

use crate::issue::{Code, Issue};

/// MRZ spellings of `A`–`Z`.
const ASCII: [&[&str]; 26] = [
    &["A"],
    &["B"],
    &["C"],
    &["D"],
    &["E"],
    &["F"],
    &["G"],
    &["H"],
    &["I"],
    &["J"],
    &["K"],
    &["L"],
    &["M"],
    &["N"],
    &["O"],
    &["P"],
    &["Q"],
    &["R"],
    &["S"],
    &["T"],
    &["U"],
    &["V"],
    &["W"],
    &["X"],
    &["Y"],
    &["Z"],
];

const A_UMLAUT: &[&str] = &["AE", "A"];
const A_RING: &[&str] = &["AA", "A"];
const O_UMLAUT: &[&str] = &["OE", "O"];
const U_UMLAUT: &[&str] = &["UE", "UXX", "U"];
const N_TILDE: &[&str] = &["N", "NXX"];
const PINYIN_U: &[&str] = &["U", "UE"];

/// One character of a typed name, classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameChar {
    /// A (transliterable) letter: its MRZ spellings, the one Doc 9303
    /// recommends first.
    Letter(&'static [&'static str]),
    /// Space or hyphen: becomes one filler `<`.
    Separator,
    /// Apostrophe: omitted from the MRZ.
    Omitted,
    /// A combining diacritical mark (U+0300–U+036F), applying to the
    /// previous letter.
    Combining(char),
    /// Anything else: not allowed in a Latin-script name.
    Invalid,
}

/// Folds full-width ASCII (U+FF01–U+FF5E) and the ideographic space to
/// their ASCII counterparts; other characters are returned unchanged.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Whether `c` is an apostrophe (ASCII or typographic).
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

/// Whether `c` is a hyphen (ASCII, Unicode hyphen, non-breaking or full-width).
pub fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{FF0D}')
}

/// Classifies one character of a typed Latin-script name.
pub fn classify(c: char) -> NameChar {
    let c = fold_width(c);
    if c == ' ' || is_hyphen(c) {
        return NameChar::Separator;
    }
    if is_apostrophe(c) {
        return NameChar::Omitted;
    }
    if ('\u{0300}'..='\u{036F}').contains(&c) {
        return NameChar::Combining(c);
    }
    match letter(c) {
        Some(spellings) => NameChar::Letter(spellings),
        None => NameChar::Invalid,
    }
}

/// The MRZ spellings of a letter (first = Doc 9303's recommendation), or
/// `None` when `c` is not a Latin letter that Doc 9303 transliterates.
pub fn letter(c: char) -> Option<&'static [&'static str]> {
    letter_with(c, latin_upper)
}

/// The upper case of a Latin letter the table below knows, as
/// `char::to_uppercase` gives it (a unit test holds the two equal over
/// every character), without the Unicode case tables: `letter` is the only
/// user of upper case in the checker, and those tables would weigh more
/// in the WebAssembly than the rest of this module.
fn latin_upper(c: char) -> Option<char> {
    let n = u32::from(c);
    let up = match n {
        0x00E0..=0x00FE if n != 0x00F7 => n - 0x20,
        0x00FF => 0x0178,
        0x0131 => u32::from(b'I'),
        // Upper case at even points, lower case at odd ones.
        0x0100..=0x0137 | 0x014A..=0x0177 | 0x01DE..=0x01EF | 0x01F8..=0x021F | 0x1EA0..=0x1EFF => {
            n & !1
        }
        // Upper case at odd points, lower case at even ones.
        0x0139..=0x0148 | 0x0179..=0x017E | 0x01CD..=0x01DC if n % 2 == 0 => n - 1,
        0x01A1 => 0x01A0,
        0x01B0 => 0x01AF,
        _ => n,
    };
    char::from_u32(up)
}

/// [`letter`] with the upper case given by `upper`.
fn letter_with(c: char, upper: fn(char) -> Option<char>) -> Option<&'static [&'static str]> {
    let letter = |c| letter_with(c, upper);
    if c.is_ascii_alphabetic() {
        let i = usize::from(c.to_ascii_uppercase() as u8 - b'A');
        return ASCII.get(i).copied();
    }
    match c {
        'ß' | 'ẞ' => return Some(&["SS"]),
        // Letters without a (single) upper case: kra, n preceded by
        // apostrophe, long s.
        'ĸ' => return letter('K'),
        'ŉ' => return letter('N'),
        'ſ' => return letter('S'),
        _ => {}
    }
    if c.is_ascii() {
        return None;
    }
    // Upper-case single characters; letters whose upper case is more than
    // one character (other than ß above) are not in the table.
    let u = upper(c)?;
    if u.is_ascii_uppercase() {
        // e.g. dotless ı → I
        return letter(u);
    }
    let base = match u {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ā' | 'Ă' | 'Ą' | 'Ǎ' => 'A',
        'Ä' => return Some(A_UMLAUT),
        'Å' => return Some(A_RING),
        'Æ' => return Some(&["AE"]),
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => 'C',
        'Ð' | 'Ď' | 'Đ' => 'D',
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => 'E',
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => 'G',
        'Ĥ' | 'Ħ' => 'H',
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' | 'Ǐ' => 'I',
        'Ĳ' => return Some(&["IJ"]),
        'Ĵ' => 'J',
        'Ķ' => 'K',
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => 'L',
        'Ñ' => return Some(N_TILDE),
        'Ń' | 'Ņ' | 'Ň' | 'Ŋ' => 'N',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ō' | 'Ŏ' | 'Ő' | 'Ơ' | 'Ǒ' => 'O',
        'Ö' => return Some(O_UMLAUT),
        'Ø' | 'Œ' => return Some(&["OE"]),
        'Ŕ' | 'Ŗ' | 'Ř' => 'R',
        'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => 'S',
        'Ţ' | 'Ť' | 'Ŧ' | 'Ț' => 'T',
        'Þ' => return Some(&["TH"]),
        'Ù' | 'Ú' | 'Û' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' | 'Ư' | 'Ǔ' => 'U',
        'Ü' => return Some(U_UMLAUT),
        'Ǖ' | 'Ǘ' | 'Ǚ' | 'Ǜ' => return Some(PINYIN_U),
        'Ŵ' => 'W',
        'Ý' | 'Ÿ' | 'Ŷ' => 'Y',
        'Ź' | 'Ż' | 'Ž' => 'Z',
        // Vietnamese (Latin Extended Additional, upper case at even points).
        '\u{1EA0}'..='\u{1EB7}' => 'A',
        '\u{1EB8}'..='\u{1EC7}' => 'E',
        '\u{1EC8}'..='\u{1ECB}' => 'I',
        '\u{1ECC}'..='\u{1EE3}' => 'O',
        '\u{1EE4}'..='\u{1EF1}' => 'U',
        '\u{1EF2}'..='\u{1EF9}' => 'Y',
        _ => return None,
    };
    letter(base)
}

/// A name as a sequence of MRZ slots: letters (with their spellings) and
/// single fillers, trimmed, separators collapsed.
fn slots(name: &str) -> Result<Vec<&'static [&'static str]>, (char, usize)> {
    const FILLER: &[&str] = &["<"];
    let mut out: Vec<&'static [&'static str]> = Vec::with_capacity(name.len());
    // Whether the last slot came straight from a base letter, so that a
    // combining mark may modify it.
    let mut last_letter = false;
    for (position, c) in name.chars().enumerate() {
        match classify(c) {
            NameChar::Letter(s) => {
                out.push(s);
                last_letter = true;
            }
            NameChar::Separator => {
                if out.last().is_some_and(|l| *l != FILLER) {
                    out.push(FILLER);
                }
                last_letter = false;
            }
            NameChar::Omitted => last_letter = false,
            NameChar::Combining(mark) => {
                if !last_letter {
                    return Err((c, position));
                }
                if let Some(prev) = out.last_mut() {
                    *prev = match (prev.first().copied(), mark) {
                        (Some("A"), '\u{0308}') => A_UMLAUT,
                        (Some("O"), '\u{0308}') => O_UMLAUT,
                        (Some("U"), '\u{0308}') => U_UMLAUT,
                        (Some("A"), '\u{030A}') => A_RING,
                        (Some("N"), '\u{0303}') => N_TILDE,
                        _ => prev,
                    };
                }
            }
            NameChar::Invalid => return Err((c, position)),
        }
    }
    while out.last() == Some(&FILLER) {
        out.pop();
    }
    Ok(out)
}

fn join_primary(slots: &[&'static [&'static str]]) -> String {
    slots.iter().filter_map(|s| s.first().copied()).collect()
}

/// The first character of `name` that a Latin-script name may not hold,
/// with its 0-based position in Unicode code points.
pub fn first_invalid(name: &str) -> Option<(char, usize)> {
    slots(name).err()
}

/// The MRZ form of one name component (a surname or the given names):
/// upper case, transliterated, apostrophes omitted, spaces and hyphens as
/// single fillers, no leading or trailing filler. `ANNA-MARIA` →
/// `ANNA<MARIA`, `Müller` → `MUELLER`.
///
/// # Errors
/// `name.invalidChar` (params `char`, `position` — 0-based, in Unicode
/// code points) for the first character that is not a letter, space,
/// hyphen or apostrophe; its `field` is empty for the caller to fill in.
pub fn mrz_form(name: &str) -> Result<String, Issue> {
    slots(name)
        .map(|s| join_primary(&s))
        .map_err(|(c, position)| {
            Issue::new(Code::NameChar, "")
                .param("char", c)
                .param("position", position)
        })
}

/// Like [`mrz_form`] but skips characters that cannot be transliterated.
pub fn mrz_form_lossy(name: &str) -> String {
    let kept: String = name
        .chars()
        .filter(|&c| !matches!(classify(c), NameChar::Invalid))
        .collect();
    match slots(&kept) {
        Ok(s) => join_primary(&s),
        // Only a leading combining mark can fail now: drop marks too.
        Err(_) => {
            let letters: String = kept
                .chars()
                .filter(|&c| !matches!(classify(c), NameChar::Combining(_)))
                .collect();
            slots(&letters)
                .map(|s| join_primary(&s))
                .unwrap_or_default()
        }
    }
}

/// The untruncated, unpadded MRZ name: `SURNAME<<GIVEN<NAMES`, or just
/// `SURNAME` when there are no given names.
pub fn full_mrz_name(surname: &str, given_names: &str) -> String {
    let primary = mrz_form_lossy(surname);
    let secondary = mrz_form_lossy(given_names);
    if secondary.is_empty() {
        primary
    } else {
        format!("{primary}<<{secondary}")
    }
}

/// The MRZ name field of `width` characters (39 for TD3 and MRV-A, 31 for
/// TD2 and MRV-B, 30 for TD1): `SURNAME<<GIVEN<NAMES<<<…`.
///
/// Characters that cannot be transliterated are skipped. When the name is
/// too long it is truncated as Doc 9303 Part 3 describes: characters are
/// removed from the end of the secondary identifier (given names) first;
/// only when the surname alone leaves no room for `<<` and one character of
/// the given names is the surname cut too, so that the field ends with
/// `<<` and the given names' first letter.
pub fn mrz_name(surname: &str, given_names: &str, width: usize) -> String {
    let primary = mrz_form_lossy(surname);
    let secondary = mrz_form_lossy(given_names);
    let mut out = String::with_capacity(width);
    if secondary.is_empty() {
        out.push_str(primary.get(..width.min(primary.len())).unwrap_or_default());
    } else if primary.len() + 2 + secondary.len() <= width {
        out.push_str(&primary);
        out.push_str("<<");
        out.push_str(&secondary);
    } else if primary.len() + 3 <= width {
        out.push_str(&primary);
        out.push_str("<<");
        let room = width - primary.len() - 2;
        out.push_str(secondary.get(..room).unwrap_or_default());
    } else if width >= 4 {
        out.push_str(primary.get(..width - 3).unwrap_or_default());
        out.push_str("<<");
        out.push_str(secondary.get(..1).unwrap_or_default());
    } else {
        // Too narrow for a separator: the surname only.
        out.push_str(primary.get(..width.min(primary.len())).unwrap_or_default());
    }
    while out.len() < width {
        out.push('<');
    }
    out
}

/// Longest MRZ name [`matches_mrz`] compares.
pub const MAX_MATCH_LEN: usize = 128;

/// Whether `mrz` (one name component as read from an MRZ, fillers or
/// spaces between words) is a Doc 9303 transliteration of the typed
/// `name`, accepting Doc 9303's alternative spellings (`MULLER` or
/// `MUELLER` for `Müller`). With `allow_truncation`, `mrz` may also be a
/// truncation of it (a prefix, cut anywhere). An empty `name` matches only
/// an empty `mrz`. Names with characters that cannot be transliterated
/// never match.
pub fn matches_mrz(name: &str, mrz: &str, allow_truncation: bool) -> bool {
    // No MRZ name field is longer than 39 characters: bound the work on
    // hostile input (longer inputs never match).
    if mrz.len() > MAX_MATCH_LEN || name.chars().count() > MAX_MATCH_LEN * 4 {
        return false;
    }
    let Ok(slots) = slots(name) else {
        return false;
    };
    let target: Vec<u8> = mrz
        .trim_matches(|c| c == ' ' || c == '<')
        .bytes()
        .map(|b| {
            if b == b' ' {
                b'<'
            } else {
                b.to_ascii_uppercase()
            }
        })
        .collect();
    // Collapse runs of fillers in the MRZ side, as the typed side does.
    let mut t: Vec<u8> = Vec::with_capacity(target.len());
    for b in target {
        if !(b == b'<' && t.last() == Some(&b'<')) {
            t.push(b);
        }
    }
    let n = t.len();
    // reach[p]: the first k slots can spell t[..p].
    let mut reach = vec![false; n + 1];
    if let Some(r) = reach.first_mut() {
        *r = true;
    }
    for slot in &slots {
        if allow_truncation && reach.get(n).copied().unwrap_or(false) {
            return true;
        }
        let mut next = vec![false; n + 1];
        for p in 0..=n {
            if !reach.get(p).copied().unwrap_or(false) {
                continue;
            }
            let rest = t.get(p..).unwrap_or_default();
            for spelling in *slot {
                let s = spelling.as_bytes();
                if rest.starts_with(s) {
                    if let Some(x) = next.get_mut(p + s.len()) {
                        *x = true;
                    }
                } else if allow_truncation && s.starts_with(rest) {
                    return true;
                }
            }
        }
        reach = next;
        if !reach.iter().any(|&r| r) {
            return false;
        }
    }
    reach.get(n).copied().unwrap_or(false)
}

#[cfg(test)]
mod tests;
