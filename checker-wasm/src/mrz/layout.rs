//! Field positions of the five layouts (Doc 9303 Parts 4–7) and the
//! check-digit rules over them.

use super::MrzFormat;
use super::check::{self, Values, Weights};
use super::grid::{Grid, Span, span};

/// Where each field sits.
#[derive(Debug)]
pub(crate) struct Layout {
    pub doc_code: Span,
    pub state: Span,
    pub name: Span,
    pub number: Span,
    pub number_check: Span,
    pub nationality: Span,
    pub birth: Span,
    pub birth_check: Span,
    pub sex: Span,
    pub expiry: Span,
    pub expiry_check: Span,
    pub optional: Span,
    /// TD3 personal-number check digit.
    pub optional_check: Option<Span>,
    /// TD1 line 2 optional data.
    pub optional2: Option<Span>,
    /// Composite check digit and the ranges it covers.
    pub composite: Option<(Span, &'static [Span])>,
    /// TD1/TD2: a document number may continue in the optional data.
    pub long_number: bool,
    /// This layout's place in [`WEIGHTS`].
    pub index: usize,
}

/// The weights of a layout's check digits over fixed ranges (all but a
/// long document number's, which depend on the grid).
#[derive(Debug)]
pub(crate) struct LayoutWeights {
    number: Weights,
    birth: Weights,
    expiry: Weights,
    optional: Weights,
    composite: Weights,
    /// The rows any of them covers, as bits.
    lines: u8,
}

impl LayoutWeights {
    const fn of(l: &Layout) -> LayoutWeights {
        let w = LayoutWeights {
            number: Weights::over(&[l.number]),
            birth: Weights::over(&[l.birth]),
            expiry: Weights::over(&[l.expiry]),
            optional: Weights::over(&[l.optional]),
            composite: match l.composite {
                Some((_, ranges)) => Weights::over(ranges),
                None => Weights::over(&[]),
            },
            lines: 0,
        };
        let lines = w.number.lines()
            | w.birth.lines()
            | w.expiry.lines()
            | w.optional.lines()
            | w.composite.lines();
        LayoutWeights { lines, ..w }
    }
}

/// A clean grid's values on the rows its layout's checks cover.
pub(crate) fn values(grid: &Grid, layout: &Layout) -> Values {
    let lines = WEIGHTS.get(layout.index).map_or(0, |w| w.lines);
    Values::of_clean(grid, lines)
}

/// Every layout's weights, in the order of [`Layout::index`].
static WEIGHTS: [LayoutWeights; 5] = [
    LayoutWeights::of(&TD1),
    LayoutWeights::of(&TD2),
    LayoutWeights::of(&TD3),
    LayoutWeights::of(&MRVA),
    LayoutWeights::of(&MRVB),
];

const TD1: Layout = Layout {
    doc_code: span(0, 0, 2),
    state: span(0, 2, 5),
    number: span(0, 5, 14),
    number_check: span(0, 14, 15),
    optional: span(0, 15, 30),
    birth: span(1, 0, 6),
    birth_check: span(1, 6, 7),
    sex: span(1, 7, 8),
    expiry: span(1, 8, 14),
    expiry_check: span(1, 14, 15),
    nationality: span(1, 15, 18),
    optional2: Some(span(1, 18, 29)),
    composite: Some((
        span(1, 29, 30),
        &[
            span(0, 5, 30),
            span(1, 0, 7),
            span(1, 8, 15),
            span(1, 18, 29),
        ],
    )),
    name: span(2, 0, 30),
    optional_check: None,
    long_number: true,
    index: 0,
};

/// Line 2 of TD2, TD3, MRV-A and MRV-B up to the optional data.
macro_rules! two_line {
    ($width:literal, $optional_end:literal, $optional_check:expr, $composite:expr, $long:literal, $index:literal) => {
        Layout {
            doc_code: span(0, 0, 2),
            state: span(0, 2, 5),
            name: span(0, 5, $width),
            number: span(1, 0, 9),
            number_check: span(1, 9, 10),
            nationality: span(1, 10, 13),
            birth: span(1, 13, 19),
            birth_check: span(1, 19, 20),
            sex: span(1, 20, 21),
            expiry: span(1, 21, 27),
            expiry_check: span(1, 27, 28),
            optional: span(1, 28, $optional_end),
            optional_check: $optional_check,
            optional2: None,
            composite: $composite,
            long_number: $long,
            index: $index,
        }
    };
}

const TD2: Layout = two_line!(
    36,
    35,
    None,
    Some((
        span(1, 35, 36),
        &[span(1, 0, 10), span(1, 13, 20), span(1, 21, 35)]
    )),
    true,
    1
);
const TD3: Layout = two_line!(
    44,
    42,
    Some(span(1, 42, 43)),
    Some((
        span(1, 43, 44),
        &[span(1, 0, 10), span(1, 13, 20), span(1, 21, 43)]
    )),
    false,
    2
);
const MRVA: Layout = two_line!(44, 44, None, None, false, 3);
const MRVB: Layout = two_line!(36, 36, None, None, false, 4);

impl MrzFormat {
    pub(crate) fn layout(self) -> &'static Layout {
        match self {
            MrzFormat::Td1 => &TD1,
            MrzFormat::Td2 => &TD2,
            MrzFormat::Td3 => &TD3,
            MrzFormat::MrvA => &MRVA,
            MrzFormat::MrvB => &MRVB,
        }
    }
}

/// What a document code is worth in a format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DocCode {
    /// As Doc 9303 has it.
    Valid,
    /// A passport in the TD2 layout: not in Doc 9303, but issued. Germany's
    /// temporary passport (Vorläufiger Reisepass, and the temporary official
    /// and diplomatic passports) has this layout: PassV (Passverordnung)
    /// § 14 and Anlage 11, Tabelle 2; PRADO, the Council of the EU's public
    /// register of identity and travel documents, DEU "vorläufiger
    /// Reisepass". Accepted with a warning (`mrz.shortLinePassport`).
    Td2Passport,
    /// Not a code of this format.
    Invalid,
}

/// The one rule for document codes (Doc 9303 Part 4 4.2.2, Part 5 4.2.2.1
/// note k, Part 6 4.2.2.1, Part 7 4.2.2.1): the first character names the
/// kind of document (`P` passports, `V` visas, `A`, `C` or `I` cards, `V`
/// never second on a card), the second is a letter or `<` at the issuer's
/// discretion (`PD`, `PO`, `PS`, `ID`, `IR`, `AC`, `VN` …).
pub(crate) fn doc_code(format: MrzFormat, code: &[u8]) -> DocCode {
    let &[first, second] = code else {
        return DocCode::Invalid;
    };
    if !(second.is_ascii_uppercase() || second == b'<') {
        return DocCode::Invalid;
    }
    match (format, first) {
        (MrzFormat::Td3, b'P') | (MrzFormat::MrvA | MrzFormat::MrvB, b'V') => DocCode::Valid,
        (MrzFormat::Td1 | MrzFormat::Td2, b'A' | b'C' | b'I') if second != b'V' => DocCode::Valid,
        (MrzFormat::Td2, b'P') => DocCode::Td2Passport,
        _ => DocCode::Invalid,
    }
}

/// Which check a [`Check`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Number,
    Birth,
    Expiry,
    Personal,
    Composite,
}

impl Kind {
    pub(crate) const fn field(self) -> &'static str {
        match self {
            Kind::Number => "documentNumber",
            Kind::Birth => "birthDate",
            Kind::Expiry => "expiryDate",
            Kind::Personal => "optionalData",
            Kind::Composite => "composite",
        }
    }
}

/// One check digit: the ranges it covers, in order, and where it is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Check {
    pub kind: Kind,
    pub ranges: [Span; 4],
    pub nranges: u8,
    pub digit: Span,
    /// Long document numbers: the number with the filler in its
    /// check-digit position included, as some genuine cards computed it.
    pub filler_variant: Option<[Span; 3]>,
    /// The ranges' weights when they are fixed by the layout (natively
    /// only: in WebAssembly, without vectors, summing the ranges is
    /// cheaper, and the tables would cost bytes on the wire).
    pub weights: Option<&'static Weights>,
}

impl Check {
    const fn new(kind: Kind, ranges: &[Span], digit: Span) -> Check {
        let mut r = [span(0, 0, 0); 4];
        let n = if ranges.len() < 4 { ranges.len() } else { 4 };
        let mut i = 0;
        while i < n {
            r[i] = ranges[i];
            i += 1;
        }
        Check {
            kind,
            ranges: r,
            nranges: n as u8,
            digit,
            filler_variant: None,
            weights: None,
        }
    }

    /// With `weights` when there are any (natively only, see `weights`).
    const fn with(self, weights: Option<&'static Weights>) -> Check {
        let weights = if cfg!(target_arch = "wasm32") {
            None
        } else {
            weights
        };
        Check { weights, ..self }
    }

    pub(crate) fn ranges(&self) -> &[Span] {
        self.ranges.get(..usize::from(self.nranges)).unwrap_or(&[])
    }
}

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Pass,
    /// Passes only when the filler is included (long document numbers).
    PassWithFiller,
    /// The TD3 personal-number digit is `<` but the number is not empty.
    PersonalFiller,
    /// Mismatch; `expected` is `None` when the field has a character that
    /// has no value.
    Fail {
        expected: Option<u8>,
        found: u8,
    },
}

impl Outcome {
    pub(crate) fn passes(self) -> bool {
        matches!(self, Outcome::Pass | Outcome::PassWithFiller)
    }
}

/// Where a long TD1/TD2 document number continues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LongNumber {
    /// The rest of the number in the optional data.
    pub rest: Span,
    /// Its check digit; `None` when the continuation is a single
    /// character (no room for a check digit).
    pub digit: Option<Span>,
}

/// Finds a long document number: `<` in the number's check-digit position
/// and the optional data starting with something other than a filler.
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub(crate) fn long_number(grid: &Grid, layout: &Layout) -> Option<LongNumber> {
    if !layout.long_number || grid.slice(layout.number_check) != b"<" {
        return None;
    }
    let opt = layout.optional;
    let data = grid.slice(opt);
    if data.first().is_none_or(|&b| b == b'<') {
        return None;
    }
    let run = u8::try_from(data.iter().position(|&b| b == b'<').unwrap_or(data.len())).unwrap_or(0);
    if run < 2 {
        return Some(LongNumber {
            rest: span(opt.line, opt.start, opt.start + run),
            digit: None,
        });
    }
    let digit_col = opt.start + run - 1;
    Some(LongNumber {
        rest: span(opt.line, opt.start, digit_col),
        digit: Some(span(opt.line, digit_col, digit_col + 1)),
    })
}

/// The checks that apply to this grid (up to five).
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub(crate) fn checks(grid: &Grid, layout: &Layout) -> ([Check; 5], usize, Option<LongNumber>) {
    let long = long_number(grid, layout);
    let (checks, n) = checks_with(layout, long);
    (checks, n, long)
}

/// [`checks`] for a grid whose long number (if any) is `long`.
pub(crate) fn checks_with(layout: &Layout, long: Option<LongNumber>) -> ([Check; 5], usize) {
    match (long, FIXED.get(layout.index)) {
        // Without a long number, a layout's checks are the same for every
        // grid: made once, when compiling.
        (None, Some(&fixed)) => fixed,
        _ => build(layout, long, WEIGHTS.get(layout.index)),
    }
}

/// Every layout's checks without a long document number, in the order of
/// [`Layout::index`].
static FIXED: [([Check; 5], usize); 5] = [
    build(&TD1, None, Some(&WEIGHTS[0])),
    build(&TD2, None, Some(&WEIGHTS[1])),
    build(&TD3, None, Some(&WEIGHTS[2])),
    build(&MRVA, None, Some(&WEIGHTS[3])),
    build(&MRVB, None, Some(&WEIGHTS[4])),
];

/// The weights in `w` of the check `kind`.
const fn part(w: Option<&'static LayoutWeights>, kind: Kind) -> Option<&'static Weights> {
    match w {
        Some(w) => Some(match kind {
            Kind::Number => &w.number,
            Kind::Birth => &w.birth,
            Kind::Expiry => &w.expiry,
            Kind::Personal => &w.optional,
            Kind::Composite => &w.composite,
        }),
        None => None,
    }
}

/// The checks of `layout` with the long number `long` (if any), with the
/// layout's weights `w` on those over fixed ranges.
const fn build(
    layout: &Layout,
    long: Option<LongNumber>,
    w: Option<&'static LayoutWeights>,
) -> ([Check; 5], usize) {
    let mut out = [Check::new(Kind::Number, &[], span(0, 0, 0)); 5];
    let mut n = 0;
    match long {
        Some(LongNumber {
            rest,
            digit: Some(digit),
        }) => {
            let mut c = Check::new(Kind::Number, &[layout.number, rest], digit);
            c.filler_variant = Some([layout.number, layout.number_check, rest]);
            out[n] = c;
            n += 1;
        }
        // A continuation without room for its digit: checked as missing.
        Some(LongNumber { digit: None, .. }) => {}
        None => {
            let c = Check::new(Kind::Number, &[layout.number], layout.number_check);
            out[n] = c.with(part(w, Kind::Number));
            n += 1;
        }
    }
    let c = Check::new(Kind::Birth, &[layout.birth], layout.birth_check);
    out[n] = c.with(part(w, Kind::Birth));
    n += 1;
    let c = Check::new(Kind::Expiry, &[layout.expiry], layout.expiry_check);
    out[n] = c.with(part(w, Kind::Expiry));
    n += 1;
    if let Some(digit) = layout.optional_check {
        let c = Check::new(Kind::Personal, &[layout.optional], digit);
        out[n] = c.with(part(w, Kind::Personal));
        n += 1;
    }
    if let Some((digit, ranges)) = layout.composite {
        let c = Check::new(Kind::Composite, ranges, digit);
        out[n] = c.with(part(w, Kind::Composite));
        n += 1;
    }
    (out, n)
}

#[cfg_attr(target_arch = "wasm32", inline(never))]
/// The outcome of `c` on `grid`; `values` are the grid's when it is clean
/// (then a check over fixed ranges is a dot product with its weights).
pub(crate) fn evaluate(grid: &Grid, c: &Check, values: Option<&Values>) -> Outcome {
    let over = |ranges: &[Span]| check::weighted_sum(grid, ranges).map(|s| (s % 10) as u8);
    let found = grid.slice(c.digit).first().copied().unwrap_or(b'<');
    if c.kind == Kind::Personal && found == b'<' {
        return if c
            .ranges()
            .iter()
            .all(|&r| grid.slice(r).iter().all(|&b| b == b'<'))
        {
            Outcome::Pass
        } else {
            Outcome::PersonalFiller
        };
    }
    let expected = match (values, c.weights) {
        // Below 10.
        (Some(v), Some(w)) => Some((v.sum(w) % 10) as u8),
        _ => over(c.ranges()),
    };
    match expected {
        Some(e) if found == b'0' + e => Outcome::Pass,
        _ => {
            if let Some(v) = c.filler_variant
                && over(&v).is_some_and(|e| found == b'0' + e)
            {
                return Outcome::PassWithFiller;
            }
            Outcome::Fail { expected, found }
        }
    }
}

/// Whether every check digit passes (and a long number has its digit).
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub(crate) fn all_pass(grid: &Grid, layout: &Layout) -> bool {
    let (checks, n, long) = checks(grid, layout);
    if matches!(long, Some(LongNumber { digit: None, .. })) {
        return false;
    }
    checks
        .iter()
        .take(n)
        .all(|c| evaluate(grid, c, None).passes())
}
