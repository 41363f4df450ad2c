//! Airports for trips from Taiwan to Japan.
//!
//! An embedded table, sorted by IATA code, of the airports in Taiwan and in
//! Japan that have (or recently had, as seasonal or regular charter
//! service) international passenger flights, each named in English,
//! Japanese and Traditional Chinese. Departures must be in Taiwan
//! (`country == "TWN"`) and arrivals in Japan (`"JPN"`); any other code is
//! unknown to this checker.
//!
//! Sources: the airport operators' and the two governments' published
//! lists of airports of entry; service changes season by season, so the
//! table errs on the side of including a Japanese airport of entry rather
//! than rejecting a real flight. Update the table (it is sorted; a test
//! checks it) when a new airport opens to international flights.

use serde::Serialize;

/// One airport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Airport {
    /// IATA location code, e.g. `TPE`.
    pub code: &'static str,
    /// ISO 3166-1 alpha-3 code of the country: `TWN` or `JPN`.
    pub country: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// Japanese name.
    pub name_ja: &'static str,
    /// Traditional Chinese name (as used in Taiwan).
    pub name_zh_hant: &'static str,
}

const fn tw(
    code: &'static str,
    name_en: &'static str,
    name_ja: &'static str,
    name_zh_hant: &'static str,
) -> Airport {
    Airport {
        code,
        country: "TWN",
        name_en,
        name_ja,
        name_zh_hant,
    }
}

const fn jp(
    code: &'static str,
    name_en: &'static str,
    name_ja: &'static str,
    name_zh_hant: &'static str,
) -> Airport {
    Airport {
        code,
        country: "JPN",
        name_en,
        name_ja,
        name_zh_hant,
    }
}

/// The table, sorted by code.
const AIRPORTS: &[Airport] = &[
    jp("AKJ", "Asahikawa Airport", "旭川空港", "旭川機場"),
    jp("AOJ", "Aomori Airport", "青森空港", "青森機場"),
    jp("AXT", "Akita Airport", "秋田空港", "秋田機場"),
    jp("CTS", "New Chitose Airport", "新千歳空港", "新千歲機場"),
    jp("FKS", "Fukushima Airport", "福島空港", "福島機場"),
    jp(
        "FSZ",
        "Mt. Fuji Shizuoka Airport",
        "富士山静岡空港",
        "富士山靜岡機場",
    ),
    jp("FUK", "Fukuoka Airport", "福岡空港", "福岡機場"),
    jp("HIJ", "Hiroshima Airport", "広島空港", "廣島機場"),
    jp("HKD", "Hakodate Airport", "函館空港", "函館機場"),
    jp(
        "HNA",
        "Iwate Hanamaki Airport",
        "いわて花巻空港",
        "岩手花卷機場",
    ),
    jp(
        "HND",
        "Tokyo Haneda Airport",
        "東京国際空港（羽田空港）",
        "東京羽田國際機場",
    ),
    jp(
        "HSG",
        "Kyushu Saga International Airport",
        "九州佐賀国際空港",
        "九州佐賀國際機場",
    ),
    tw("HUN", "Hualien Airport", "花蓮空港", "花蓮機場"),
    jp("IBR", "Ibaraki Airport", "茨城空港", "茨城機場"),
    jp("ISG", "New Ishigaki Airport", "南ぬ島石垣空港", "石垣機場"),
    jp("KCZ", "Kochi Ryoma Airport", "高知龍馬空港", "高知龍馬機場"),
    tw(
        "KHH",
        "Kaohsiung International Airport",
        "高雄国際空港",
        "高雄國際機場",
    ),
    jp("KIJ", "Niigata Airport", "新潟空港", "新潟機場"),
    jp(
        "KIX",
        "Kansai International Airport",
        "関西国際空港",
        "關西國際機場",
    ),
    jp("KKJ", "Kitakyushu Airport", "北九州空港", "北九州機場"),
    jp(
        "KMI",
        "Miyazaki Airport",
        "宮崎ブーゲンビリア空港",
        "宮崎機場",
    ),
    jp(
        "KMJ",
        "Aso Kumamoto Airport",
        "阿蘇くまもと空港",
        "熊本機場",
    ),
    jp("KMQ", "Komatsu Airport", "小松空港", "小松機場"),
    tw("KNH", "Kinmen Airport", "金門空港", "金門機場"),
    jp("KOJ", "Kagoshima Airport", "鹿児島空港", "鹿兒島機場"),
    jp("KUH", "Kushiro Airport", "たんちょう釧路空港", "釧路機場"),
    jp("MMB", "Memanbetsu Airport", "女満別空港", "女滿別機場"),
    jp("MMY", "Miyako Airport", "宮古空港", "宮古機場"),
    jp("MYJ", "Matsuyama Airport", "松山空港", "愛媛松山機場"),
    tw("MZG", "Penghu Magong Airport", "澎湖空港", "澎湖機場"),
    jp(
        "NGO",
        "Chubu Centrair International Airport",
        "中部国際空港",
        "名古屋中部國際機場",
    ),
    jp("NGS", "Nagasaki Airport", "長崎空港", "長崎機場"),
    jp(
        "NRT",
        "Narita International Airport",
        "成田国際空港",
        "成田國際機場",
    ),
    jp(
        "OBO",
        "Tokachi-Obihiro Airport",
        "とかち帯広空港",
        "帶廣機場",
    ),
    jp("OIT", "Oita Airport", "大分空港", "大分機場"),
    jp("OKA", "Naha Airport", "那覇空港", "那霸機場"),
    jp(
        "OKJ",
        "Okayama Momotaro Airport",
        "岡山桃太郎空港",
        "岡山機場",
    ),
    tw(
        "RMQ",
        "Taichung International Airport",
        "台中国際空港",
        "臺中國際機場",
    ),
    jp("SDJ", "Sendai Airport", "仙台空港", "仙台機場"),
    jp("SHI", "Shimojishima Airport", "下地島空港", "下地島機場"),
    jp("TAK", "Takamatsu Airport", "高松空港", "高松機場"),
    jp(
        "TKS",
        "Tokushima Awaodori Airport",
        "徳島阿波おどり空港",
        "德島機場",
    ),
    tw("TNN", "Tainan Airport", "台南空港", "臺南機場"),
    jp("TOY", "Toyama Airport", "富山きときと空港", "富山機場"),
    tw(
        "TPE",
        "Taiwan Taoyuan International Airport",
        "台湾桃園国際空港",
        "臺灣桃園國際機場",
    ),
    tw(
        "TSA",
        "Taipei Songshan Airport",
        "台北松山空港",
        "臺北松山機場",
    ),
    tw("TTT", "Taitung Airport", "台東空港", "臺東機場"),
    jp(
        "UBJ",
        "Yamaguchi Ube Airport",
        "山口宇部空港",
        "山口宇部機場",
    ),
    jp("UKB", "Kobe Airport", "神戸空港", "神戶機場"),
    jp(
        "YGJ",
        "Yonago Kitaro Airport",
        "米子鬼太郎空港",
        "米子鬼太郎機場",
    ),
];

/// Looks an airport up by its IATA code (`TPE`; lower case accepted,
/// surrounding blanks ignored).
pub fn lookup(code: &str) -> Option<&'static Airport> {
    let code = code.trim();
    let bytes = code.as_bytes();
    if bytes.len() != 3 || !bytes.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let upper = code.to_ascii_uppercase();
    AIRPORTS
        .binary_search_by(|a| a.code.cmp(upper.as_str()))
        .ok()
        .and_then(|i| AIRPORTS.get(i))
}

/// Every airport in the table, sorted by code.
pub fn all() -> &'static [Airport] {
    AIRPORTS
}

/// The airports of one country (`"TWN"` or `"JPN"`), sorted by code.
pub fn in_country(country: &'static str) -> impl Iterator<Item = &'static Airport> {
    AIRPORTS.iter().filter(move |a| a.country == country)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_unique_and_complete() {
        assert!(AIRPORTS.windows(2).all(|w| w[0].code < w[1].code));
        for a in AIRPORTS {
            assert!(a.code.len() == 3 && a.code.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(a.country == "TWN" || a.country == "JPN");
            assert!(!a.name_en.is_empty() && !a.name_ja.is_empty() && !a.name_zh_hant.is_empty());
            assert!(a.name_en.ends_with("Airport"), "{}", a.name_en);
            assert!(a.name_ja.contains("空港"), "{}", a.name_ja);
            assert!(a.name_zh_hant.ends_with("機場"), "{}", a.name_zh_hant);
            assert_eq!(lookup(a.code), Some(a));
        }
        for code in ["TPE", "TSA", "KHH", "RMQ", "TNN", "HUN", "KNH", "MZG"] {
            assert_eq!(lookup(code).map(|a| a.country), Some("TWN"), "{code}");
        }
        for code in [
            "NRT", "HND", "KIX", "NGO", "CTS", "FUK", "OKA", "KOJ", "SDJ", "HIJ", "KMJ", "OKJ",
            "TAK", "KMQ", "FSZ", "NGS", "IBR", "AOJ", "KIJ", "TOY", "MYJ", "OIT", "KMI", "YGJ",
            "HKD", "AKJ", "ISG", "SHI", "UKB", "HSG", "KKJ", "HNA",
        ] {
            assert_eq!(lookup(code).map(|a| a.country), Some("JPN"), "{code}");
        }
    }

    #[test]
    fn lookup_is_forgiving_about_case_only() {
        assert_eq!(
            lookup("tpe").map(|a| a.name_zh_hant),
            Some("臺灣桃園國際機場")
        );
        assert_eq!(lookup(" NRT ").map(|a| a.name_ja), Some("成田国際空港"));
        assert_eq!(lookup("HKG"), None);
        assert_eq!(lookup("TP"), None);
        assert_eq!(lookup("TPEX"), None);
        assert_eq!(lookup("ＴＰＥ"), None);
        assert_eq!(
            in_country("TWN").count() + in_country("JPN").count(),
            all().len()
        );
    }
}
