//! The CSV of `agency export --format csv`: every field quoted (RFC 4180),
//! and any cell a spreadsheet would read as a formula neutralised with a
//! leading `'`.

use std::io::Write;

/// The columns, in order (see `docs/agency.md`, "Export").
pub const CSV_HEADER: &[&str] = &[
    "reference",
    "receivedAt",
    "submissionId",
    "current",
    "replacedBy",
    "replaces",
    "traveler",
    "surname",
    "givenNames",
    "nameSource",
    "sex",
    "birthDate",
    "nationality",
    "documentCode",
    "documentNumber",
    "issuingState",
    "expiryDate",
    "flight",
    "departureAirport",
    "departureDate",
    "arrivalAirport",
    "arrivalDate",
    "issues",
    "sameDocumentIn",
    "surnameAsTyped",
    "givenNamesAsTyped",
];

/// Characters that make a spreadsheet (Excel, LibreOffice, Google Sheets)
/// start a formula or a command when they begin a cell: the ASCII ones,
/// their full-width forms (East Asian input methods type these), and the
/// small forms.
const FORMULA_START: &[char] = &[
    '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}', '\u{FE66}', '\u{FE62}',
    '\u{FE63}', '\u{FE6B}',
];

/// Whether a spreadsheet could read `value` as a formula: it starts with a
/// tab, CR or LF, or its first character after leading blanks starts one.
pub fn is_formula_like(value: &str) -> bool {
    if value.starts_with(['\t', '\r', '\n']) {
        return true;
    }
    value
        .chars()
        .find(|c| !c.is_whitespace())
        .is_some_and(|c| FORMULA_START.contains(&c))
}

/// One CSV field: always quoted, `"` doubled, and prefixed with `'` when
/// [`is_formula_like`].
pub fn field(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 3);
    out.push('"');
    if is_formula_like(value) {
        out.push('\'');
    }
    out.push_str(&value.replace('"', "\"\""));
    out.push('"');
    out
}

/// Writes one row, CRLF-free (`\n`), fields quoted.
pub fn row(out: &mut dyn Write, fields: &[&str]) -> std::io::Result<()> {
    let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
    writeln!(out, "{}", line.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_quoted_and_formulas_neutralised() {
        assert_eq!(field("plain"), "\"plain\"");
        assert_eq!(field(""), "\"\"");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=cmd()"), "\"'=cmd()\"");
        assert_eq!(field("+1,2"), "\"'+1,2\"");
        for v in [
            "=1+1",
            "+81",
            "-2",
            "@SUM(A1)",
            "  =HYPERLINK(\"x\")",
            "\u{3000}=1",
            "\u{00A0}+1",
            "＝1+1",
            "＋1",
            "－1",
            "＠A1",
            "\tx",
            "\rx",
            "\nx",
            " \t=1",
            "﹦1",
        ] {
            assert!(is_formula_like(v), "{v:?}");
            assert!(field(v).starts_with("\"'"), "{v:?}");
        }
        for v in ["LIN", "1988-03-14", "a=b", "x-1", "  ", "", "MEI HUA"] {
            assert!(!is_formula_like(v), "{v:?}");
        }
    }
}
