//! A finding of a reading: code, field, position and up to three
//! parameters held inline, so a reading's findings are walked without
//! allocating. Rendered as an [`Issue`] (the Rust report) or written
//! straight into the JS facade's packed report.

use super::grid::{Span, span};
use crate::date::Date;
use crate::issue::{Code, Issue};

/// A short parameter value held inline (a digit, a character, a column
/// number, a code, a date).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Small {
    buf: [u8; 16],
    len: u8,
}

impl Small {
    pub(crate) const EMPTY: Small = Small {
        buf: [0; 16],
        len: 0,
    };

    pub(crate) fn text(s: &str) -> Small {
        Small::copy(s.as_bytes())
    }

    /// The first 16 bytes of text already known to be UTF-8 (a `&str`,
    /// or ASCII).
    fn copy(bytes: &[u8]) -> Small {
        let mut out = Small::EMPTY;
        for (slot, &b) in out.buf.iter_mut().zip(bytes) {
            *slot = b;
            out.len += 1;
        }
        out
    }

    pub(crate) fn bytes(b: &[u8]) -> Small {
        Small::text(std::str::from_utf8(b).unwrap_or(""))
    }

    pub(crate) fn byte(b: u8) -> Small {
        let mut out = Small::EMPTY;
        out.buf[0] = b;
        out.len = 1;
        out
    }

    pub(crate) fn char(c: char) -> Small {
        let mut buf = [0; 4];
        Small::text(c.encode_utf8(&mut buf))
    }

    pub(crate) fn number(n: usize) -> Small {
        let mut out = Small::EMPTY;
        if n >= 10 {
            out.buf[0] = b'0' + (n / 10 % 10) as u8;
            out.len = 1;
        }
        if let Some(slot) = out.buf.get_mut(usize::from(out.len)) {
            *slot = b'0' + (n % 10) as u8;
            out.len += 1;
        }
        out
    }

    pub(crate) fn date(d: Date) -> Small {
        // ASCII digits and dashes: copied without a UTF-8 check.
        Small::copy(&super::iso_date(d))
    }

    pub(crate) fn as_str(&self) -> &str {
        self.buf
            .get(..usize::from(self.len))
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }
}

/// One finding of a reading, with its parameters sorted by name (as an
/// [`Issue`]'s are).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Finding {
    pub(crate) code: Code,
    pub(crate) field: &'static str,
    pub(crate) at: Span,
    params: [(&'static str, Small); 3],
    nparams: usize,
}

impl Finding {
    pub(crate) const EMPTY: Finding = Finding {
        code: Code::MrzEmpty,
        field: "",
        at: span(0, 0, 0),
        params: [("", Small::EMPTY); 3],
        nparams: 0,
    };

    pub(crate) fn new(
        code: Code,
        field: &'static str,
        at: Span,
        params: &[(&'static str, Small)],
    ) -> Finding {
        let mut f = Finding {
            code,
            field,
            at,
            ..Finding::EMPTY
        };
        for (slot, p) in f.params.iter_mut().zip(params) {
            *slot = *p;
            f.nparams += 1;
        }
        let n = f.nparams;
        // Insertion sort by name (at most three).
        let ps = f.params.get_mut(..n).unwrap_or(&mut []);
        for i in 1..ps.len() {
            let mut j = i;
            while j > 0 && ps.get(j - 1).map(|p| p.0) > ps.get(j).map(|p| p.0) {
                ps.swap(j - 1, j);
                j -= 1;
            }
        }
        f
    }

    pub(crate) fn params(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.params
            .iter()
            .take(self.nparams)
            .map(|(k, v)| (*k, v.as_str()))
    }

    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// Appends the English message.
    pub(crate) fn message(&self, out: &mut String) {
        crate::issue::render_into(out, self.code, self.field, Some(self.at.line), |name| {
            self.param(name)
        });
    }

    /// As an [`Issue`] (its message rendered by [`Finding::message`], as
    /// the packed report writes it).
    pub(crate) fn issue(&self) -> Issue {
        let mut message = String::with_capacity(self.code.template().len() + 16);
        self.message(&mut message);
        Issue {
            code: self.code,
            severity: self.code.severity(),
            field: self.field.to_owned(),
            line: Some(self.at.line),
            start: Some(self.at.start),
            end: Some(self.at.end),
            params: self
                .params()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_as_an_issue_equals_the_builder_chain() {
        let chained = Issue::new(Code::MrzSuggestion, "birthDate")
            .param("found", "O")
            .param("expected", '0')
            .param("column", 17)
            .at(1, 16, 17);
        let f = Finding::new(
            Code::MrzSuggestion,
            "birthDate",
            span(1, 16, 17),
            &[
                ("found", Small::byte(b'O')),
                ("expected", Small::byte(b'0')),
                ("column", Small::number(17)),
            ],
        );
        // Parameters sorted by name, as an issue's map holds them.
        let names: Vec<_> = f.params().map(|(k, _)| k).collect();
        assert_eq!(names, ["column", "expected", "found"]);
        assert_eq!(f.issue(), chained);
        assert_eq!(
            f.issue().message,
            "Check digits pass if 'O' at line 2, column 17 is read as '0'."
        );
        let date = Finding::new(
            Code::MrzExpired,
            "expiryDate",
            span(1, 21, 27),
            &[("date", Small::date(Date::new(2012, 4, 15).unwrap()))],
        );
        assert_eq!(date.param("date"), Some("2012-04-15"));
        assert_eq!(Small::char('ß').as_str(), "ß");
        assert_eq!(Small::number(7).as_str(), "7");
        assert_eq!(Small::number(44).as_str(), "44");
    }
}
