//! Country and organisation codes accepted in travel documents.
//!
//! The ONE place holding this data: every ISO 3166-1 alpha-3 code in current
//! use, plus the extra codes of ICAO Doc 9303 Part 3 (Germany's `D`, the
//! British nationality variants, United Nations and other organisations,
//! stateless persons and refugees) and the codes in real use for Kosovo.
//! ICAO's specimen state `UTO` ("Utopia") is *not* known; see
//! [`is_specimen`].
//!
//! Every function accepts the code as printed in an MRZ, i.e. with trailing
//! fillers (`D<<`), or without them (`D`). Codes are upper case; lower-case
//! input is not recognised.

/// ISO 3166-1 alpha-3, all 249 officially assigned codes, sorted.
const ISO: &[[u8; 3]] = &[
    *b"ABW", *b"AFG", *b"AGO", *b"AIA", *b"ALA", *b"ALB", *b"AND", *b"ARE", *b"ARG", *b"ARM",
    *b"ASM", *b"ATA", *b"ATF", *b"ATG", *b"AUS", *b"AUT", *b"AZE", *b"BDI", *b"BEL", *b"BEN",
    *b"BES", *b"BFA", *b"BGD", *b"BGR", *b"BHR", *b"BHS", *b"BIH", *b"BLM", *b"BLR", *b"BLZ",
    *b"BMU", *b"BOL", *b"BRA", *b"BRB", *b"BRN", *b"BTN", *b"BVT", *b"BWA", *b"CAF", *b"CAN",
    *b"CCK", *b"CHE", *b"CHL", *b"CHN", *b"CIV", *b"CMR", *b"COD", *b"COG", *b"COK", *b"COL",
    *b"COM", *b"CPV", *b"CRI", *b"CUB", *b"CUW", *b"CXR", *b"CYM", *b"CYP", *b"CZE", *b"DEU",
    *b"DJI", *b"DMA", *b"DNK", *b"DOM", *b"DZA", *b"ECU", *b"EGY", *b"ERI", *b"ESH", *b"ESP",
    *b"EST", *b"ETH", *b"FIN", *b"FJI", *b"FLK", *b"FRA", *b"FRO", *b"FSM", *b"GAB", *b"GBR",
    *b"GEO", *b"GGY", *b"GHA", *b"GIB", *b"GIN", *b"GLP", *b"GMB", *b"GNB", *b"GNQ", *b"GRC",
    *b"GRD", *b"GRL", *b"GTM", *b"GUF", *b"GUM", *b"GUY", *b"HKG", *b"HMD", *b"HND", *b"HRV",
    *b"HTI", *b"HUN", *b"IDN", *b"IMN", *b"IND", *b"IOT", *b"IRL", *b"IRN", *b"IRQ", *b"ISL",
    *b"ISR", *b"ITA", *b"JAM", *b"JEY", *b"JOR", *b"JPN", *b"KAZ", *b"KEN", *b"KGZ", *b"KHM",
    *b"KIR", *b"KNA", *b"KOR", *b"KWT", *b"LAO", *b"LBN", *b"LBR", *b"LBY", *b"LCA", *b"LIE",
    *b"LKA", *b"LSO", *b"LTU", *b"LUX", *b"LVA", *b"MAC", *b"MAF", *b"MAR", *b"MCO", *b"MDA",
    *b"MDG", *b"MDV", *b"MEX", *b"MHL", *b"MKD", *b"MLI", *b"MLT", *b"MMR", *b"MNE", *b"MNG",
    *b"MNP", *b"MOZ", *b"MRT", *b"MSR", *b"MTQ", *b"MUS", *b"MWI", *b"MYS", *b"MYT", *b"NAM",
    *b"NCL", *b"NER", *b"NFK", *b"NGA", *b"NIC", *b"NIU", *b"NLD", *b"NOR", *b"NPL", *b"NRU",
    *b"NZL", *b"OMN", *b"PAK", *b"PAN", *b"PCN", *b"PER", *b"PHL", *b"PLW", *b"PNG", *b"POL",
    *b"PRI", *b"PRK", *b"PRT", *b"PRY", *b"PSE", *b"PYF", *b"QAT", *b"REU", *b"ROU", *b"RUS",
    *b"RWA", *b"SAU", *b"SDN", *b"SEN", *b"SGP", *b"SGS", *b"SHN", *b"SJM", *b"SLB", *b"SLE",
    *b"SLV", *b"SMR", *b"SOM", *b"SPM", *b"SRB", *b"SSD", *b"STP", *b"SUR", *b"SVK", *b"SVN",
    *b"SWE", *b"SWZ", *b"SXM", *b"SYC", *b"SYR", *b"TCA", *b"TCD", *b"TGO", *b"THA", *b"TJK",
    *b"TKL", *b"TKM", *b"TLS", *b"TON", *b"TTO", *b"TUN", *b"TUR", *b"TUV", *b"TWN", *b"TZA",
    *b"UGA", *b"UKR", *b"UMI", *b"URY", *b"USA", *b"UZB", *b"VAT", *b"VCT", *b"VEN", *b"VGB",
    *b"VIR", *b"VNM", *b"VUT", *b"WLF", *b"WSM", *b"YEM", *b"ZAF", *b"ZMB", *b"ZWE",
];

/// What a non-ISO code stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExtraKind {
    /// A state's own MRZ code that differs from ISO (`D` for Germany).
    StateVariant,
    /// A British nationality other than British citizen (`GBD`, `GBN`, …).
    BritishVariant,
    /// An organisation issuing travel documents (`UNO`, `EUE`, `XPO`, …).
    Organisation,
    /// A status instead of a nationality (`XXA` stateless, `XXB` refugee …).
    Status,
    /// A code in real use but outside ISO and Doc 9303 (`RKS` for Kosovo).
    InUse,
}

/// Doc 9303 Part 3 codes and others in use, sorted by code:
/// `(code, ISO code it maps to, kind)`.
const EXTRA: &[(&str, &str, ExtraKind)] = &[
    ("D", "DEU", ExtraKind::StateVariant),
    ("EUE", "EUE", ExtraKind::Organisation), // European Union
    ("GBD", "GBD", ExtraKind::BritishVariant), // British Overseas Territories Citizen
    ("GBN", "GBN", ExtraKind::BritishVariant), // British National (Overseas)
    ("GBO", "GBO", ExtraKind::BritishVariant), // British Overseas Citizen
    ("GBP", "GBP", ExtraKind::BritishVariant), // British Protected Person
    ("GBS", "GBS", ExtraKind::BritishVariant), // British Subject
    ("RKS", "RKS", ExtraKind::InUse),        // Kosovo, as printed on its passports
    ("UNA", "UNA", ExtraKind::Organisation), // UN specialised agency
    ("UNK", "UNK", ExtraKind::Organisation), // Kosovo resident, UNMIK document
    ("UNO", "UNO", ExtraKind::Organisation), // United Nations Organization
    ("XBA", "XBA", ExtraKind::Organisation), // African Development Bank
    ("XCC", "XCC", ExtraKind::Organisation), // Caribbean Community (CARICOM)
    ("XCE", "XCE", ExtraKind::Organisation), // Council of Europe
    ("XCO", "XCO", ExtraKind::Organisation), // COMESA
    ("XDC", "XDC", ExtraKind::Organisation), // Southern African Development Community
    ("XEC", "XEC", ExtraKind::Organisation), // ECOWAS
    ("XES", "XES", ExtraKind::Organisation), // Organisation of Eastern Caribbean States
    ("XIM", "XIM", ExtraKind::Organisation), // African Export-Import Bank
    ("XMP", "XMP", ExtraKind::Organisation), // Parliamentary Assembly of the Mediterranean
    ("XOM", "XOM", ExtraKind::Organisation), // Sovereign Military Order of Malta
    ("XPO", "XPO", ExtraKind::Organisation), // INTERPOL
    ("XXA", "XXA", ExtraKind::Status),       // Stateless (1954 Convention)
    ("XXB", "XXB", ExtraKind::Status),       // Refugee (1951 Convention)
    ("XXC", "XXC", ExtraKind::Status),       // Refugee (other)
    ("XXK", "XXK", ExtraKind::InUse),        // Kosovo, user-assigned code
    ("XXX", "XXX", ExtraKind::Status),       // Unspecified nationality
];

/// ICAO's fictitious specimen state.
const SPECIMEN: &str = "UTO";

/// Strips trailing fillers (`D<<` → `D`).
fn bare(code: &str) -> &str {
    code.trim_end_matches('<')
}

/// A three-letter code as one number, ordered as the strings are.
fn key(c: [u8; 3]) -> u32 {
    u32::from_be_bytes([0, c[0], c[1], c[2]])
}

fn iso_static(code: &str) -> Option<&'static str> {
    let c: [u8; 3] = code.as_bytes().try_into().ok()?;
    let k = key(c);
    let i = ISO.binary_search_by_key(&k, |&c| key(c)).ok()?;
    ISO.get(i).and_then(|c| std::str::from_utf8(c).ok())
}

fn extra(code: &str) -> Option<&'static (&'static str, &'static str, ExtraKind)> {
    EXTRA
        .binary_search_by(|(c, _, _)| (*c).cmp(code))
        .ok()
        .and_then(|i| EXTRA.get(i))
}

/// Whether `code` is an ISO 3166-1 alpha-3 code in current use.
pub fn is_iso(code: &str) -> bool {
    iso_static(bare(code)).is_some()
}

/// Whether `code` may stand as issuing state or nationality in a real
/// document: ISO 3166-1 alpha-3 or a Doc 9303 Part 3 code (`D`, `GBN`,
/// `UNO`, `XXA` …). `UTO` is not known (see [`is_specimen`]).
pub fn is_known(code: &str) -> bool {
    let code = bare(code);
    iso_static(code).is_some() || extra(code).is_some()
}

/// The code to use downstream where ISO 3166-1 alpha-3 is expected:
/// `D` → `DEU`, ISO codes and the other Doc 9303 codes to themselves;
/// `None` for unknown codes (and for `UTO`).
pub fn to_iso(code: &str) -> Option<&'static str> {
    let code = bare(code);
    iso_static(code).or_else(|| extra(code).map(|(_, iso, _)| *iso))
}

/// For a non-ISO code, what it stands for.
pub fn extra_kind(code: &str) -> Option<ExtraKind> {
    extra(bare(code)).map(|(_, _, kind)| *kind)
}

/// Index of an MRZ code character in [`KNOWN`]: `A`–`Z` → 0–25, `<` → 26.
const fn slot(b: u8) -> Option<usize> {
    match b {
        b'A'..=b'Z' => Some((b - b'A') as usize),
        b'<' => Some(26),
        _ => None,
    }
}

/// Character `k` of a code padded with fillers, as a [`slot`] index
/// (compile time only: the codes are upper-case letters).
const fn padded(c: &[u8], k: usize) -> usize {
    if k < c.len() {
        (c[k] - b'A') as usize
    } else {
        26
    }
}

/// Every known code as printed in an MRZ (three characters, fillers after
/// a shorter code), as a bit set: the word for the first two characters,
/// the bit for the third. Built at compile time from [`ISO`] and [`EXTRA`].
const KNOWN: [u32; 27 * 27] = {
    let mut set = [0u32; 27 * 27];
    let mut i = 0;
    while i < ISO.len() {
        let c = ISO[i];
        set[(c[0] - b'A') as usize * 27 + (c[1] - b'A') as usize] |= 1 << (c[2] - b'A');
        i += 1;
    }
    let mut i = 0;
    while i < EXTRA.len() {
        let c = EXTRA[i].0.as_bytes();
        set[padded(c, 0) * 27 + padded(c, 1)] |= 1 << padded(c, 2);
        i += 1;
    }
    set
};

/// [`is_known`] for a code exactly as it stands in an MRZ (three
/// characters, trailing fillers included), by one table lookup.
pub(crate) fn is_known_mrz(code: [u8; 3]) -> bool {
    let [a, b, c] = code;
    match (slot(a), slot(b), slot(c)) {
        (Some(a), Some(b), Some(c)) if a < 26 => {
            KNOWN.get(a * 27 + b).is_some_and(|word| word >> c & 1 == 1)
        }
        _ => false,
    }
}

/// Whether `code` is ICAO's specimen state `UTO`.
pub fn is_specimen(code: &str) -> bool {
    bare(code) == SPECIMEN
}

/// Every known code (ISO first, then the Doc 9303 extras), for pickers.
pub fn all() -> impl Iterator<Item = &'static str> {
    ISO.iter()
        .filter_map(|c| std::str::from_utf8(c).ok())
        .chain(EXTRA.iter().map(|(c, _, _)| *c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bit_set_agrees_with_the_tables() {
        let chars: Vec<u8> = (b'A'..=b'Z').chain([b'<', b'0', b'a', 0xC3]).collect();
        for &a in &chars {
            for &b in &chars {
                for &c in &chars {
                    let code = [a, b, c];
                    let slow = std::str::from_utf8(&code).is_ok_and(is_known);
                    assert_eq!(is_known_mrz(code), slow, "{code:?}");
                }
            }
        }
        assert!(is_known_mrz(*b"D<<"));
        assert!(is_known_mrz(*b"TWN"));
        assert!(!is_known_mrz(*b"UTO"));
        assert!(!is_known_mrz(*b"<<<"));
    }

    #[test]
    fn tables_sorted_unique_and_well_formed() {
        assert!(ISO.windows(2).all(|w| w[0] < w[1]));
        assert!(EXTRA.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(ISO.len(), 249);
        for c in ISO {
            let c = std::str::from_utf8(c).unwrap();
            assert!(c.bytes().all(|b| b.is_ascii_uppercase()), "{c}");
            assert!(extra(c).is_none(), "{c} in both tables");
            assert!(is_iso(c) && is_known(c) && to_iso(c) == Some(c));
        }
        for (c, iso, _) in EXTRA {
            assert!(c.bytes().all(|b| b.is_ascii_uppercase()), "{c}");
            assert!(iso.len() == 3);
        }
        assert!(!ISO.contains(b"UTO"));
    }

    #[test]
    fn lookups() {
        assert!(is_known("DEU") && is_known("D") && is_known("D<<") && is_known("TWN"));
        assert!(is_known("JPN") && is_known("GBN") && is_known("XXA") && is_known("EUE"));
        assert!(is_known("RKS") && is_known("XXK") && is_known("UNK"));
        assert!(!is_known("UTO") && !is_known("deu") && !is_known("") && !is_known("<<<"));
        assert!(!is_known("DE") && !is_known("XYZ") && !is_known("D<D"));
        assert_eq!(to_iso("D<<"), Some("DEU"));
        assert_eq!(to_iso("D"), Some("DEU"));
        assert_eq!(to_iso("JPN"), Some("JPN"));
        assert_eq!(to_iso("GBD"), Some("GBD"));
        assert_eq!(to_iso("UTO"), None);
        assert_eq!(to_iso("ZZZ"), None);
        assert!(is_iso("DEU") && !is_iso("D") && !is_iso("GBN"));
        assert!(is_specimen("UTO") && !is_specimen("UT") && !is_specimen("DEU"));
        assert_eq!(extra_kind("XXB"), Some(ExtraKind::Status));
        assert_eq!(extra_kind("D<<"), Some(ExtraKind::StateVariant));
        assert_eq!(extra_kind("FRA"), None);
        assert_eq!(all().count(), ISO.len() + EXTRA.len());
    }
}
