//! The packed report: one string that `js/report.js` turns into the
//! documented objects (about eight times faster than `JSON.parse` of the
//! same report). Its format is described at the top of `js/report.js`.

use crate::mrz::finding::Finding;
use crate::{Code, Issue, MrzFormat, MrzReport, Severity};

/// Parameter names sent as one character, `0` + the index (sent to the
/// JS side by `mrz_init`).
pub(super) const PARAM_NAMES: [&str; 8] = [
    "char", "column", "date", "expected", "field", "found", "lengths", "line",
];

/// Format names, indexed by `MrzFormat as u32` (sent by `mrz_init`).
pub(super) const FORMATS: [MrzFormat; 5] = [
    MrzFormat::Td1,
    MrzFormat::Td2,
    MrzFormat::Td3,
    MrzFormat::MrvA,
    MrzFormat::MrvB,
];

/// The control characters U+001C–U+001F that separate (and escape in) the
/// packed report.
pub(super) fn is_separator(b: u8) -> bool {
    (0x1C..=0x1F).contains(&b)
}

/// `YYYY-MM-DD`, as `Date`'s `Display`, without the formatting machinery.
fn push_iso_date(out: &mut String, d: crate::Date) {
    let bytes = crate::mrz::iso_date(d);
    out.push_str(std::str::from_utf8(&bytes).unwrap_or(""));
}

/// Issues as one packed string: the first character is `0` + 1 when
/// `valid` + 2 when parts are escaped, then the issues.
pub(super) fn pack_issues(valid: bool, issues: &[Issue]) -> String {
    let escape = issues.iter().any(|i| {
        i.field.bytes().any(is_separator)
            || i.message.bytes().any(is_separator)
            || i.params
                .iter()
                .any(|(k, v)| k.bytes().chain(v.bytes()).any(is_separator))
    });
    let mut out = String::with_capacity(64 * issues.len() + 1);
    out.push(char::from(b'0' + u8::from(valid) + 2 * u8::from(escape)));
    Packed {
        out: &mut out,
        escape,
    }
    .issues(issues);
    out
}

/// Codes as code, U+001E, severity (`e` or `w`), U+001E, template,
/// separated by U+001D (constants without separators).
pub(super) fn push_codes(out: &mut String, codes: &[Code]) {
    for (i, c) in codes.iter().enumerate() {
        if i > 0 {
            out.push('\u{1d}');
        }
        out.push_str(c.code());
        out.push('\u{1e}');
        out.push(match c.severity() {
            Severity::Error => 'e',
            Severity::Warning => 'w',
        });
        out.push('\u{1e}');
        out.push_str(c.template());
    }
}

/// A packed report being written.
pub(super) struct Packed<'a> {
    pub out: &'a mut String,
    /// Whether parts are escaped.
    pub escape: bool,
}

impl Packed<'_> {
    fn sep(&mut self, c: char) {
        self.out.push(c);
    }

    /// Text from the input (or a constant), escaped when needed.
    fn part(&mut self, s: &str) {
        if !self.escape {
            self.out.push_str(s);
            return;
        }
        for c in s.chars() {
            match u8::try_from(c) {
                Ok(b) if is_separator(b) => {
                    self.out.push('\u{1c}');
                    self.out.push(char::from(b'A' + (b - 0x1C)));
                }
                _ => self.out.push(c),
            }
        }
    }

    pub(super) fn issues(&mut self, issues: &[Issue]) {
        for (k, issue) in issues.iter().enumerate() {
            if k > 0 {
                self.sep('\u{1d}');
            }
            self.issue_head(
                issue.code,
                issue.severity,
                [issue.line, issue.start, issue.end],
            );
            self.part(&issue.field);
            self.sep('\u{1e}');
            self.part(&issue.message);
            for (name, value) in &issue.params {
                self.param(name, value);
            }
        }
    }

    /// Severity, position and code of one issue, and the separator.
    fn issue_head(&mut self, code: Code, severity: Severity, at: [Option<u8>; 3]) {
        self.out.push(match severity {
            Severity::Error => 'e',
            Severity::Warning => 'w',
        });
        for n in at {
            self.out
                .push(n.map_or('!', |n| char::from_u32(0x30 + u32::from(n)).unwrap_or('!')));
        }
        self.out.push_str(code.code());
        self.sep('\u{1e}');
    }

    fn param(&mut self, name: &str, value: &str) {
        self.sep('\u{1e}');
        match PARAM_NAMES.iter().position(|n| *n == name) {
            Some(i) => self.out.push(char::from(b'0' + i as u8)),
            None => {
                self.out.push('~');
                self.part(name);
                self.sep('\u{1e}');
            }
        }
        self.part(value);
    }

    /// Findings of a reading, written as [`Packed::issues`] writes the
    /// same issues, without building them (MRZ characters and constants
    /// only: nothing to escape).
    pub(super) fn findings(&mut self, findings: &[Finding]) {
        for (k, f) in findings.iter().enumerate() {
            if k > 0 {
                self.sep('\u{1d}');
            }
            let at = f.at;
            self.issue_head(
                f.code,
                f.code.severity(),
                [Some(at.line), Some(at.start), Some(at.end)],
            );
            self.out.push_str(f.field);
            self.sep('\u{1e}');
            f.message(self.out);
            for (name, value) in f.params() {
                self.param(name, value);
            }
        }
    }

    /// Suggested lines apart by LF.
    pub(super) fn lines(&mut self, lines: &[String]) {
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                self.sep('\n');
            }
            self.part(line);
        }
    }

    /// A whole report.
    pub(super) fn report(&mut self, report: &MrzReport) {
        const SEP: char = '\u{1f}';
        let f = &report.fields;
        self.out.push(match (self.escape, report.valid) {
            (false, false) => '0',
            (false, true) => '1',
            (true, false) => '2',
            (true, true) => '3',
        });
        self.sep(SEP);
        self.out
            .push_str(report.format.map_or("", MrzFormat::as_str));
        for part in [
            &f.document_code,
            &f.issuing_state,
            &f.surname,
            &f.given_names,
            &f.document_number,
            &f.nationality,
        ] {
            self.sep(SEP);
            self.part(part);
        }
        self.sep(SEP);
        if let Some(d) = f.birth_date {
            push_iso_date(self.out, d);
        }
        self.sep(SEP);
        self.part(&f.sex);
        self.sep(SEP);
        if let Some(d) = f.expiry_date {
            push_iso_date(self.out, d);
        }
        self.sep(SEP);
        self.part(&f.optional_data);
        self.sep(SEP);
        self.part(&f.optional_data2);
        self.sep(SEP);
        self.issues(&report.issues);
        self.sep(SEP);
        if let Some(s) = &report.suggestion {
            self.lines(&s.lines);
        }
    }
}
