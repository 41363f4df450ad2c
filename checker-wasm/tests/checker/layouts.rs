//! One reading, whatever the layout of the text: on generated MRZs of every
//! format (valid ones, ones near the rules' limits: specimen and unknown
//! states, expired and implausible dates, full names, fillers in numbers,
//! wrong check digits, and ones with characters changed afterwards), the
//! report of the lines joined as a document reader types them equals the
//! report of the lines apart. (That the JS renderings agree with the Rust
//! report is tests/node/mrz-engines.test.mjs.)

use crate::today;
use checker_wasm::mrz::{MrzFormat, check_digit, validate_mrz};
use proptest::prelude::*;

/// `(line, start, end)`.
type Pos = (usize, usize, usize);

/// Where the fields sit, and the check digits with what they cover.
struct Shape {
    lines: usize,
    width: usize,
    code: Pos,
    state: Pos,
    name: Pos,
    number: Pos,
    nationality: Pos,
    birth: Pos,
    sex: Pos,
    expiry: Pos,
    optional: Pos,
    optional2: Option<Pos>,
    /// Check digit position and covered ranges, in the order to compute.
    checks: Vec<(Pos, Vec<Pos>)>,
}

fn shape(format: MrzFormat) -> Shape {
    match format {
        MrzFormat::Td1 => Shape {
            lines: 3,
            width: 30,
            code: (0, 0, 2),
            state: (0, 2, 5),
            number: (0, 5, 14),
            optional: (0, 15, 30),
            birth: (1, 0, 6),
            sex: (1, 7, 8),
            expiry: (1, 8, 14),
            nationality: (1, 15, 18),
            optional2: Some((1, 18, 29)),
            name: (2, 0, 30),
            checks: vec![
                ((0, 14, 15), vec![(0, 5, 14)]),
                ((1, 6, 7), vec![(1, 0, 6)]),
                ((1, 14, 15), vec![(1, 8, 14)]),
                (
                    (1, 29, 30),
                    vec![(0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29)],
                ),
            ],
        },
        _ => {
            let width = format.shape().1;
            let optional_end = match format {
                MrzFormat::Td2 => 35,
                MrzFormat::Td3 => 42,
                _ => width,
            };
            let mut checks = vec![
                ((1, 9, 10), vec![(1, 0, 9)]),
                ((1, 19, 20), vec![(1, 13, 19)]),
                ((1, 27, 28), vec![(1, 21, 27)]),
            ];
            match format {
                MrzFormat::Td2 => {
                    checks.push(((1, 35, 36), vec![(1, 0, 10), (1, 13, 20), (1, 21, 35)]))
                }
                MrzFormat::Td3 => {
                    checks.push(((1, 42, 43), vec![(1, 28, 42)]));
                    checks.push(((1, 43, 44), vec![(1, 0, 10), (1, 13, 20), (1, 21, 43)]));
                }
                _ => {}
            }
            Shape {
                lines: 2,
                width,
                code: (0, 0, 2),
                state: (0, 2, 5),
                name: (0, 5, width),
                number: (1, 0, 9),
                nationality: (1, 10, 13),
                birth: (1, 13, 19),
                sex: (1, 20, 21),
                expiry: (1, 21, 27),
                optional: (1, 28, optional_end),
                optional2: None,
                checks,
            }
        }
    }
}

/// Raw field contents (padded or cut to fit when written).
#[derive(Debug, Clone)]
struct Raw {
    format: MrzFormat,
    code: String,
    state: String,
    nationality: String,
    name: String,
    number: String,
    birth: String,
    sex: char,
    expiry: String,
    optional: String,
    optional2: String,
    /// Which check digits are written correctly (else a fixed wrong digit).
    correct: [bool; 5],
    /// Characters changed afterwards: (line, column, character).
    changes: Vec<(usize, usize, char)>,
    /// How the lines are joined.
    join: &'static str,
}

const FORMATS: [MrzFormat; 5] = [
    MrzFormat::Td1,
    MrzFormat::Td2,
    MrzFormat::Td3,
    MrzFormat::MrvA,
    MrzFormat::MrvB,
];

const STATES: &[&str] = &["JPN", "D", "DEU", "NLD", "FRA", "XXA", "UNO", "GBN"];
/// The specimen state, unknown codes and misplaced fillers.
/// Digits for letters too: `G8R` (GBR suggested), `JP4` and `0<<` (nothing).
const ODD_STATES: &[&str] = &["UTO", "QQQ", "<<<", "D<D", "<D", "JP", "G8R", "JP4", "0<<"];

fn state() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        6 => prop::sample::select(STATES.to_vec()),
        1 => prop::sample::select(ODD_STATES.to_vec()),
    ]
}

fn yymmdd(days_from_today: i64) -> String {
    let d = today().add_days(days_from_today).unwrap();
    format!("{:02}{:02}{:02}", d.year() % 100, d.month(), d.day())
}

fn date_field(days: std::ops::RangeInclusive<i64>) -> impl Strategy<Value = String> {
    prop_oneof![
        // Real dates, and from long ago to beyond the plausible expiry window.
        5 => days.prop_map(yymmdd),
        1 => (-40_000i64..=9_000).prop_map(yymmdd),
        1 => "[0-9]{6}",
        1 => "[0-9<O]{6}",
    ]
}

fn raw() -> impl Strategy<Value = Raw> {
    let change = (
        0usize..3,
        0usize..44,
        prop::sample::select(vec![
            'A', 'Z', '0', '1', '8', 'O', '<', 'a', ' ', 'é', '\u{1f}', '«',
        ]),
    );
    (
        (
            prop::sample::select(FORMATS.to_vec()),
            // `?` is replaced by a first letter that fits the format.
            // `P` on every format: on TD2 a passport (a warning, the full way).
            prop_oneof![
                8 => "[?][A-Z<]",
                1 => "[PVACI][A-Z<]",
                1 => "P[A-Z<]",
                1 => "[A-Z0-9<]{2}"
            ],
            state(),
            state(),
        ),
        prop_oneof![
            6 => "[A-Z]{1,8}(<[A-Z]{1,6})?(<<[A-Z]{1,8}(<[A-Z]{1,6})?)?",
            1 => "[A-Z<]{0,44}",
            // Digits in names (errors, with letters suggested for 0 1 2 5 6 8).
            1 => "[A-Z]{1,6}[0-9][A-Z]{0,4}(<<[A-Z0-9]{1,8})?",
        ],
        prop_oneof![4 => "[A-Z0-9]{1,9}", 1 => "[A-Z0-9<]{0,9}", 1 => "[A-Z0-9]{10,13}"],
        (
            date_field(-36_000..=0),
            prop::sample::select(vec!['M', 'F', 'X', '<', 'A', '1']),
            date_field(-1_000..=8_000),
        ),
        (
            prop_oneof![3 => "[A-Z0-9]{0,16}", 1 => "[A-Z0-9<]{0,16}", 1 => "<<<<<<<<<<<<<<<<"],
            "[A-Z0-9<]{0,11}",
        ),
        (
            prop::array::uniform5(prop::bool::weighted(0.93)),
            prop::collection::vec(change, 0..=2).prop_map(|v| {
                // Most cases unchanged: valid documents, the common case.
                if v.len() == 2 { v } else { Vec::new() }
            }),
            prop::sample::select(vec!["\n", "\r\n", "", " ", "\n\n"]),
        ),
    )
        .prop_map(
            |(
                (format, code, state, nationality),
                name,
                number,
                (birth, sex, expiry),
                (optional, optional2),
                (correct, changes, join),
            )| Raw {
                format,
                code,
                state: state.to_owned(),
                nationality: nationality.to_owned(),
                name,
                number,
                birth,
                sex,
                expiry,
                optional,
                optional2,
                correct,
                changes,
                join,
            },
        )
}

fn write(grid: &mut [Vec<char>], (line, start, end): Pos, text: &str) {
    let mut chars = text.chars();
    for cell in &mut grid[line][start..end] {
        *cell = chars.next().unwrap_or('<');
    }
}

fn read(grid: &[Vec<char>], (line, start, end): Pos) -> String {
    grid[line][start..end].iter().collect()
}

fn render(r: &Raw) -> String {
    let s = shape(r.format);
    let mut g = vec![vec!['<'; s.width]; s.lines];
    let fit = match r.format {
        MrzFormat::Td3 => "P",
        MrzFormat::MrvA | MrzFormat::MrvB => "V",
        MrzFormat::Td1 => "I",
        MrzFormat::Td2 => "A",
    };
    write(&mut g, s.code, &r.code.replacen('?', fit, 1));
    write(&mut g, s.state, &r.state);
    write(&mut g, s.nationality, &r.nationality);
    write(&mut g, s.name, &r.name);
    write(&mut g, s.birth, &r.birth);
    write(&mut g, s.sex, &r.sex.to_string());
    write(&mut g, s.expiry, &r.expiry);
    if let Some(o2) = s.optional2 {
        write(&mut g, o2, &r.optional2);
    }
    if r.number.len() > 9 && matches!(r.format, MrzFormat::Td1 | MrzFormat::Td2) {
        // A long number: the rest, its check digit and a filler in the
        // optional data; `<` in the number's check-digit position.
        let (head, rest) = r.number.split_at(9);
        // Sometimes computed with the filler included, as on some genuine
        // cards (a warning).
        let digit = if r.correct[0] {
            check_digit(r.number.as_bytes()).unwrap()
        } else {
            check_digit(format!("{head}<{rest}").as_bytes()).unwrap()
        };
        write(&mut g, s.number, head);
        let opt = format!("{rest}{digit}<{}", r.optional);
        write(&mut g, s.optional, &opt);
    } else {
        write(&mut g, s.number, &r.number);
        write(&mut g, s.optional, &r.optional);
    }
    let long = r.number.len() > 9 && matches!(r.format, MrzFormat::Td1 | MrzFormat::Td2);
    for (i, (digit, ranges)) in s.checks.iter().enumerate() {
        if i == 0 && long {
            g[digit.0][digit.1] = '<';
            continue;
        }
        let data: String = ranges.iter().map(|&p| read(&g, p)).collect();
        let d = check_digit(data.as_bytes()).map_or('0', |d| char::from(b'0' + d));
        let wrong = if d == '9' {
            '0'
        } else {
            char::from(d as u8 + 1)
        };
        g[digit.0][digit.1] = if r.correct[i] { d } else { wrong };
    }
    for &(line, col, ch) in &r.changes {
        if line < s.lines && col < s.width {
            g[line][col] = ch;
        }
    }
    g.iter()
        .map(|l| l.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(r.join)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn every_layout_reads_the_same(r in raw()) {
        let text = render(&r);
        let apart_text = render(&Raw { join: "\n", ..r.clone() });
        // Blanks inside a line end it when the lines run together.
        prop_assume!(!apart_text.chars().any(|c| c.is_whitespace() && c != '\n'));
        let apart = validate_mrz(&apart_text, today());
        // Lines of the wrong length make no grid, and run together they
        // are not told apart: only grids are compared.
        let shaped = !apart.issues.iter().any(|i| {
            matches!(i.code, checker_wasm::Code::MrzLineLength | checker_wasm::Code::MrzFormat)
        });
        prop_assume!(shaped);
        prop_assert_eq!(validate_mrz(&text, today()), apart, "{:?}", text);
    }
}

/// The generator reaches both paths' territory: valid reports with and
/// without warnings, and invalid ones.
#[test]
fn generated_cases_cover_valid_warned_and_invalid() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut clean, mut warned, mut invalid) = (0, 0, 0);
    let (mut long, mut filler_check) = (0, 0);
    let (mut name_digit, mut letter, mut td2_passport) = (0, 0, 0);
    let mut formats = std::collections::BTreeSet::new();
    let strategy = raw();
    for _ in 0..3000 {
        let r = strategy.new_tree(&mut runner).unwrap().current();
        let report = validate_mrz(&render(&r), today());
        if report.valid && report.fields.document_number.len() > 9 {
            long += 1;
        }
        let has = |c: checker_wasm::Code| report.issues.iter().any(|i| i.code == c);
        if has(checker_wasm::Code::MrzLongNumberFillerCheck) {
            filler_check += 1;
        }
        name_digit += usize::from(has(checker_wasm::Code::MrzNameDigit));
        letter += usize::from(has(checker_wasm::Code::MrzLetterSuggestion));
        td2_passport += usize::from(report.valid && has(checker_wasm::Code::MrzTd2Passport));
        match (report.valid, report.issues.is_empty()) {
            (true, true) => {
                clean += 1;
                formats.insert(format!("{:?}", report.format));
            }
            (true, false) => warned += 1,
            (false, _) => invalid += 1,
        }
    }
    assert!(
        clean > 100 && warned > 50 && invalid > 100,
        "{clean} {warned} {invalid}"
    );
    assert_eq!(formats.len(), 5, "{formats:?}");
    // Long TD1/TD2 numbers, some checked with the filler included.
    assert!(long > 20 && filler_check > 5, "{long} {filler_check}");
    // Digits in names and states, with and without a letter; valid TD2
    // passports.
    assert!(
        name_digit > 50 && letter > 50 && td2_passport > 5,
        "{name_digit} {letter} {td2_passport}"
    );
}

/// Known inputs, their lines apart and run together.
#[test]
fn known_inputs_read_the_same_joined() {
    for text in [
        "P<JPNSUZUKI<<ICHIRO<<<<<<<<<<<<<<<<<<<<<<<<<\nTK01234568JPN7310227M3304156<<<<<<<<<<<<<<08",
        "I<NLDSPECI20142999999990<<<<<<\n6503101F3003105NLDXY9<<<<<<<<6\nDE<BRUIJN<<WILLEKE<<<<<<<<<<<<",
        "I<FRADUPONT<<MARIE<<<<<<<<<<<<<<<<<<\nABCD12345<FRA7512319F29010196780<<<4",
        "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4",
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
        "P<JPNSUZUKI<<ICHIRO<<<<<<<<<<<<<<<<<<<<<<<<<\nTK01234563JPN7310227M3304156<<<<<<<<<<<<<<08",
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<",
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<",
        // A TD2 passport; a digit in the name.
        "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<\nF000000016D<<6408125F2906302<<<<<<<8",
        "P<UTOERIK5SON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ] {
        assert_eq!(
            validate_mrz(text, today()),
            validate_mrz(&text.replace('\n', ""), today()),
            "{text}"
        );
    }
}
