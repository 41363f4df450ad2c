//! Free text (the address and the contact in Japan): what it may not hold.
//!
//! Free text is shown to agency staff and printed on forms, so characters
//! that show nothing (or turn the text around) are refused: a control
//! character, a bidirectional override or isolate could make an address
//! read differently from what is stored (the "Trojan Source" kind of
//! trick), and an invisible one makes two equal-looking values differ.

use crate::issue::{Code, Issue};

/// Whether `c` is a character free text refuses: every control character
/// (Unicode Cc, tab and line breaks included: the fields are one line),
/// every format character (Cf: soft hyphen, zero-width spaces and joiners,
/// direction marks, bidirectional embeddings, overrides and isolates, word
/// joiner and invisible operators, byte-order mark, interlinear
/// annotation, tags …) and the line and paragraph separators.
pub fn is_hidden(c: char) -> bool {
    matches!(
        u32::from(c),
        // Cc
        0x0000..=0x001F | 0x007F..=0x009F
        // Cf
        | 0x00AD
        | 0x0600..=0x0605
        | 0x061C
        | 0x06DD
        | 0x070F
        | 0x0890..=0x0891
        | 0x08E2
        | 0x180E
        | 0x200B..=0x200F
        | 0x202A..=0x202E
        | 0x2060..=0x2064
        | 0x2066..=0x206F
        | 0xFEFF
        | 0xFFF9..=0xFFFB
        | 0x110BD
        | 0x110CD
        | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A
        | 0xE0001
        | 0xE0020..=0xE007F
        // Zl, Zp
        | 0x2028..=0x2029
    )
}

/// The first hidden character of `value`: its index in code points and
/// the character.
pub fn first_hidden(value: &str) -> Option<(usize, char)> {
    value.chars().enumerate().find(|&(_, c)| is_hidden(c))
}

/// `U+XXXX` (at least four hex digits), as the finding names a character.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// The findings of one free-text value (`field` names it): empty when
/// `required`, longer than `max` characters, or holding a hidden
/// character (`text.hiddenChar`, with `codepoint` and `position`).
pub fn check_free_text(value: &str, required: bool, max: usize, field: &str) -> Vec<Issue> {
    let mut out = Vec::new();
    let v = value.trim();
    if v.is_empty() {
        if required {
            out.push(Issue::new(Code::Required, field));
        }
        return out;
    }
    if v.chars().count() > max {
        out.push(Issue::new(Code::TooLong, field).param("max", max));
    }
    if let Some((position, c)) = first_hidden(value) {
        out.push(
            Issue::new(Code::HiddenChar, field)
                .param("codepoint", code_point(c))
                .param("position", position),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_of_every_kind() {
        for c in [
            '\u{0}',
            '\t',
            '\n',
            '\r',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{9f}',
            '\u{ad}',
            '\u{61c}',
            '\u{180e}',
            '\u{200b}',
            '\u{200c}',
            '\u{200d}',
            '\u{200e}',
            '\u{200f}',
            '\u{202a}',
            '\u{202b}',
            '\u{202c}',
            '\u{202d}',
            '\u{202e}',
            '\u{2028}',
            '\u{2029}',
            '\u{2060}',
            '\u{2066}',
            '\u{2067}',
            '\u{2068}',
            '\u{2069}',
            '\u{feff}',
            '\u{fff9}',
            '\u{e0001}',
            '\u{e0041}',
        ] {
            assert!(is_hidden(c), "{}", code_point(c));
        }
        for c in [
            ' ',
            'a',
            '-',
            '東',
            'ー',
            '・',
            '\u{3000}',
            '\u{a0}',
            '\u{fe0f}',
            '丁',
            '目',
            '\u{1f600}',
        ] {
            assert!(!is_hidden(c), "{}", code_point(c));
        }
    }

    #[test]
    fn findings_name_the_character_and_where_it_is() {
        let issues = check_free_text("東京都\u{202e}1-2-3", true, 300, "trip.addressInJapan");
        assert_eq!(issues.len(), 1);
        let i = &issues[0];
        assert_eq!(i.code, Code::HiddenChar);
        assert_eq!(i.field, "trip.addressInJapan");
        assert_eq!(i.params["codepoint"], "U+202E");
        assert_eq!(i.params["position"], "3");
        assert_eq!(
            i.message,
            "The text holds an invisible or control character (U+202E): remove it."
        );
        assert!(check_free_text("東京都港区1-2-3", true, 300, "a").is_empty());
        assert_eq!(
            check_free_text("  ", true, 300, "a")[0].code,
            Code::Required
        );
        assert!(check_free_text("  ", false, 300, "a").is_empty());
        let both = check_free_text(&format!("{}\u{200b}", "x".repeat(300)), true, 300, "a");
        let codes: Vec<_> = both.iter().map(|i| i.code).collect();
        assert_eq!(codes, [Code::TooLong, Code::HiddenChar]);
    }
}
