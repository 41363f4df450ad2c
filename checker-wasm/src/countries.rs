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
const ISO: &[&str] = &[
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA", "ATF",
    "ATG", "AUS", "AUT", "AZE", "BDI", "BEL", "BEN", "BES", "BFA", "BGD", "BGR", "BHR", "BHS",
    "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL", "BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF",
    "CAN", "CCK", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG", "COK", "COL", "COM", "CPV",
    "CRI", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK", "DOM", "DZA",
    "ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO", "FSM",
    "GAB", "GBR", "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD",
    "GRL", "GTM", "GUF", "GUM", "GUY", "HKG", "HMD", "HND", "HRV", "HTI", "HUN", "IDN", "IMN",
    "IND", "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA", "JAM", "JEY", "JOR", "JPN", "KAZ",
    "KEN", "KGZ", "KHM", "KIR", "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY", "LCA", "LIE",
    "LKA", "LSO", "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX",
    "MHL", "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTQ", "MUS",
    "MWI", "MYS", "MYT", "NAM", "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NOR", "NPL",
    "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER", "PHL", "PLW", "PNG", "POL", "PRI", "PRK",
    "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU", "SDN", "SEN", "SGP",
    "SGS", "SHN", "SJM", "SLB", "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR",
    "SVK", "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK", "TKL",
    "TKM", "TLS", "TON", "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI", "URY",
    "USA", "UZB", "VAT", "VCT", "VEN", "VGB", "VIR", "VNM", "VUT", "WLF", "WSM", "YEM", "ZAF",
    "ZMB", "ZWE",
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

fn iso_static(code: &str) -> Option<&'static str> {
    ISO.binary_search(&code)
        .ok()
        .and_then(|i| ISO.get(i).copied())
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

/// Whether `code` is ICAO's specimen state `UTO`.
pub fn is_specimen(code: &str) -> bool {
    bare(code) == SPECIMEN
}

/// Every known code (ISO first, then the Doc 9303 extras), for pickers.
pub fn all() -> impl Iterator<Item = &'static str> {
    ISO.iter().copied().chain(EXTRA.iter().map(|(c, _, _)| *c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_sorted_unique_and_well_formed() {
        assert!(ISO.windows(2).all(|w| w[0] < w[1]));
        assert!(EXTRA.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(ISO.len(), 249);
        for c in ISO {
            assert!(
                c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()),
                "{c}"
            );
            assert!(extra(c).is_none(), "{c} in both tables");
        }
        for (c, iso, _) in EXTRA {
            assert!(c.bytes().all(|b| b.is_ascii_uppercase()), "{c}");
            assert!(iso.len() == 3);
        }
        assert!(!ISO.contains(&SPECIMEN));
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
