//! Random but valid MRZs: TD1, TD2, TD3, MRV-A, MRV-B, for many
//! nationalities, name lengths, document numbers and dates. Each one is
//! checked valid by the checker before use.

use crate::rng::Rng;
use checker_wasm::mrz::check_digit;
use checker_wasm::{Date, MrzFormat, validate_mrz};

/// Issuing states and nationalities used (codes the checker knows).
const STATES: &[&str] = &[
    "JPN", "TWN", "USA", "GBR", "D", "FRA", "CHN", "KOR", "IND", "BRA", "CAN", "AUS", "NLD", "ESP",
    "ITA", "MEX", "PHL", "VNM", "THA", "IDN", "NGA", "EGY", "ZAF", "TUR", "POL", "SWE", "NOR",
    "FIN", "IRL", "NZL", "SGP", "MYS", "ARG", "CHL", "PER", "COL", "UKR", "GRC", "PRT", "CHE",
];
const SYLLABLES: &[&str] = &[
    "TA", "NA", "KA", "MI", "SU", "ZU", "KI", "YO", "HI", "RO", "LIN", "CHEN", "WANG", "HUANG",
    "MAR", "TIN", "EZ", "SON", "BER", "GER", "OV", "SKI", "AN", "DER", "QU", "XI", "JO", "HAN",
    "NG", "UYEN", "PA", "TEL", "OKO", "FOR", "BAL", "DWI", "VAN", "LEE", "ZH", "OU",
];

/// One document: its format and MRZ lines.
#[derive(Debug, Clone)]
pub struct Doc {
    pub format: MrzFormat,
    pub lines: Vec<String>,
}

fn word(r: &mut Rng, max: usize) -> String {
    let n = 1 + r.below(4);
    let mut w = String::new();
    for _ in 0..n {
        w.push_str(r.pick(SYLLABLES).copied().unwrap_or("A"));
    }
    w.truncate(max.max(1));
    w
}

fn name_field(r: &mut Rng, len: usize) -> String {
    let mut s = word(r, 20);
    if r.below(5) == 0 {
        s.push('<');
        s.push_str(&word(r, 12));
    }
    s.push_str("<<");
    let given = 1 + r.below(3);
    for i in 0..given {
        if i > 0 {
            s.push('<');
        }
        s.push_str(&word(r, 14));
    }
    // Very long names fill the field (truncated, as issuers do).
    fit(&s, len)
}

fn fit(s: &str, len: usize) -> String {
    let mut s: String = s.chars().take(len).collect();
    while s.len() < len {
        s.push('<');
    }
    s
}

fn alnum(r: &mut Rng, n: usize, letters: bool) -> String {
    const A: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    (0..n)
        .map(|_| {
            let pool = if letters { A.len() } else { 10 };
            char::from(A[r.below(pool)])
        })
        .collect()
}

fn cd(s: &str) -> char {
    check_digit(s.as_bytes()).map_or('0', |d| char::from(b'0' + d))
}

fn date(r: &mut Rng, y0: u32, y1: u32) -> String {
    let y = y0 + r.below((y1 - y0) as usize) as u32;
    let m = 1 + r.below(12);
    let d = 1 + r.below(28);
    format!("{:02}{:02}{:02}", y % 100, m, d)
}

fn state(r: &mut Rng) -> String {
    fit(r.pick(STATES).copied().unwrap_or("UTO"), 3)
}

fn number(r: &mut Rng) -> String {
    let len = 6 + r.below(4);
    fit(&alnum(r, len, true), 9)
}

fn optional(r: &mut Rng, n: usize) -> String {
    if r.below(2) == 0 {
        fit("", n)
    } else {
        let k = 1 + r.below(n);
        fit(&alnum(r, k, false), n)
    }
}

/// A random valid MRZ of `format`, checked against `today`.
pub fn random(r: &mut Rng, format: MrzFormat, today: Date) -> Doc {
    loop {
        let lines = build(r, format);
        if validate_mrz(&lines.join("\n"), today).valid {
            return Doc { format, lines };
        }
    }
}

fn build(r: &mut Rng, format: MrzFormat) -> Vec<String> {
    let st = state(r);
    let nat = state(r);
    let num = number(r);
    let birth = date(r, 1940, 2020);
    let expiry = date(r, 2027, 2036);
    let sex = *r.pick(&['M', 'F', 'X', '<']).unwrap_or(&'<');
    let mid = |num: &str, nat: &str| {
        format!(
            "{num}{}{nat}{birth}{}{sex}{expiry}{}",
            cd(num),
            cd(&birth),
            cd(&expiry)
        )
    };
    match format {
        MrzFormat::Td3 => {
            let l1 = format!("P<{st}{}", name_field(r, 39));
            let pn = optional(r, 14);
            let pcd = if pn.bytes().all(|b| b == b'<') && r.below(2) == 0 {
                '<'
            } else {
                cd(&pn)
            };
            let body = format!("{}{pn}{pcd}", mid(&num, &nat));
            let comp = format!("{}{}{}", &body[0..10], &body[13..20], &body[21..43]);
            vec![l1, format!("{body}{}", cd(&comp))]
        }
        MrzFormat::Td2 => {
            let l1 = format!("I<{st}{}", name_field(r, 31));
            let body = format!("{}{}", mid(&num, &nat), optional(r, 7));
            let comp = format!("{}{}{}", &body[0..10], &body[13..20], &body[21..35]);
            vec![l1, format!("{body}{}", cd(&comp))]
        }
        MrzFormat::MrvA | MrzFormat::MrvB => {
            let (nl, ol) = if format == MrzFormat::MrvA {
                (39, 16)
            } else {
                (31, 8)
            };
            let l1 = format!("V<{st}{}", name_field(r, nl));
            vec![l1, format!("{}{}", mid(&num, &nat), optional(r, ol))]
        }
        MrzFormat::Td1 => {
            let code = *r.pick(&["I<", "ID", "AC"]).unwrap_or(&"I<");
            let l1 = format!("{code}{st}{num}{}{}", cd(&num), optional(r, 15));
            let l2b = format!(
                "{birth}{}{sex}{expiry}{}{nat}{}",
                cd(&birth),
                cd(&expiry),
                optional(r, 11)
            );
            let comp = format!(
                "{}{}{}{}",
                &l1[5..30],
                &l2b[0..7],
                &l2b[8..15],
                &l2b[18..29]
            );
            vec![l1, format!("{l2b}{}", cd(&comp)), name_field(r, 30)]
        }
    }
}
