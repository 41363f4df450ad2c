//! Unit tests of `translit`.

use super::*;

fn form(s: &str) -> String {
    mrz_form(s).unwrap()
}

#[test]
fn doc9303_transliterations() {
    assert_eq!(form("Müller"), "MUELLER");
    assert_eq!(form("Gärtner"), "GAERTNER");
    assert_eq!(form("Ørsted"), "OERSTED");
    assert_eq!(form("Ångström"), "AANGSTROEM");
    assert_eq!(form("Æbelø"), "AEBELOE");
    assert_eq!(form("Strauß"), "STRAUSS");
    assert_eq!(form("Þórsdóttir"), "THORSDOTTIR");
    assert_eq!(form("Œuvray"), "OEUVRAY");
    assert_eq!(form("Ĳsselmeer"), "IJSSELMEER");
    assert_eq!(form("ĳzer"), "IJZER");
    assert_eq!(form("José Ñúñez"), "JOSE<NUNEZ");
    assert_eq!(form("Łukasz Wałęsa"), "LUKASZ<WALESA");
    assert_eq!(form("Nguyễn Thị Ánh"), "NGUYEN<THI<ANH");
    assert_eq!(form("Đặng"), "DANG");
    assert_eq!(form("Șerban Țurcan"), "SERBAN<TURCAN");
    assert_eq!(form("Çağlar İnce"), "CAGLAR<INCE");
    assert_eq!(form("Lǚ"), "LU");
}

#[test]
fn punctuation_rules() {
    assert_eq!(form("D'Artagnan"), "DARTAGNAN");
    assert_eq!(form("O’Connor"), "OCONNOR");
    assert_eq!(form("Marie-Élise"), "MARIE<ELISE");
    assert_eq!(form("  anna   maria  "), "ANNA<MARIA");
    assert_eq!(form("Smith - Jones"), "SMITH<JONES");
    assert_eq!(form("-Lee-"), "LEE");
    assert_eq!(form("ＴＡＮＡＫＡ　Ｔａｒｏ"), "TANAKA<TARO");
    assert_eq!(form(""), "");
}

#[test]
fn decomposed_input() {
    assert_eq!(form("Mu\u{0308}ller"), "MUELLER");
    assert_eq!(form("A\u{030A}se"), "AASE");
    assert_eq!(form("Jose\u{0301}"), "JOSE");
    assert_eq!(form("Nu\u{0303}n\u{0303}ez"), "NUNEZ");
}

#[test]
fn invalid_characters_have_position() {
    let e = mrz_form("Ann4").unwrap_err();
    assert_eq!(e.code, Code::NameChar);
    assert_eq!(e.params["char"], "4");
    assert_eq!(e.params["position"], "3");
    let e = mrz_form("李 Wei").unwrap_err();
    assert_eq!(
        (e.params["char"].as_str(), e.params["position"].as_str()),
        ("李", "0")
    );
    let e = mrz_form("Ivan Петров").unwrap_err();
    assert_eq!(e.params["position"], "5");
    assert!(mrz_form("a.b").is_err());
    assert!(mrz_form("a<b").is_err());
    assert!(mrz_form("\u{0301}a").is_err());
    assert!(mrz_form("a,b").is_err());
    assert_eq!(first_invalid("Anna"), None);
    assert_eq!(first_invalid("An😀"), Some(('😀', 2)));
}

#[test]
fn name_field_and_truncation() {
    assert_eq!(
        mrz_name("Eriksson", "Anna María", 39),
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
    );
    assert_eq!(mrz_name("Eriksson", "", 12), "ERIKSSON<<<<");
    // Given names cut first.
    let n = mrz_name("Nilavadhanananda", "Arnpol Petch Charonguang", 30);
    assert_eq!(n, "NILAVADHANANANDA<<ARNPOL<PETCH");
    assert_eq!(n.len(), 30);
    // Surname too long for the field: surname cut, `<<` and an initial kept.
    let n = mrz_name("Abcdefghijklmnopqrstuvwxyzabcdefghijklmn", "Zoe", 39);
    assert_eq!(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ<<Z");
    assert_eq!(mrz_name("Verylongsurname", "", 5), "VERYL");
    assert_eq!(mrz_name("Lee", "Ann", 3), "LEE");
    assert_eq!(mrz_name("Lee", "Ann", 0), "");
    assert_eq!(full_mrz_name("O'Neil", "Mary-Kate"), "ONEIL<<MARY<KATE");
    assert_eq!(mrz_name("Lee 李", "Ann", 10), "LEE<<ANN<<");
}

#[test]
fn matching_with_alternatives_and_truncation() {
    assert!(matches_mrz("Müller", "MUELLER", false));
    assert!(matches_mrz("Müller", "MULLER", false));
    assert!(matches_mrz("Müller", "MUXXLLER", false));
    assert!(!matches_mrz("Müller", "MILLER", false));
    assert!(matches_mrz("Anna-Maria", "ANNA MARIA", false));
    assert!(matches_mrz("Anna Maria", "ANNA<MARIA", false));
    assert!(!matches_mrz("Anna Maria", "ANNA", false));
    assert!(matches_mrz("Anna Maria", "ANNA", true));
    assert!(matches_mrz("Anna Maria", "ANNA<MA", true));
    assert!(matches_mrz("Gärtner", "GA", true));
    assert!(!matches_mrz("Anna Maria", "ANNE", true));
    assert!(!matches_mrz("Anna", "ANNAS", true));
    assert!(matches_mrz("", "", false));
    assert!(!matches_mrz("", "ANNA", true));
    assert!(!matches_mrz("Ann4", "ANN4", false));
    assert!(matches_mrz("Peña", "PENXXA", false));
    let long = "A".repeat(200);
    assert!(!matches_mrz(&long, &long, false));
}

/// The checker's own upper case gives every letter the table knows as
/// `char::to_uppercase` does, over every character.
#[test]
fn latin_upper_case_as_unicode_has_it() {
    fn unicode(c: char) -> Option<char> {
        let mut up = c.to_uppercase();
        match (up.next(), up.next()) {
            (Some(u), None) => Some(u),
            _ => None,
        }
    }
    let mut known = 0;
    for n in 0..=0x10FFFFu32 {
        let Some(c) = char::from_u32(n) else {
            continue;
        };
        let ours = letter(c);
        assert_eq!(ours, letter_with(c, unicode), "U+{n:04X}");
        known += usize::from(ours.is_some());
    }
    assert!(known > 300, "{known} letters");
}
