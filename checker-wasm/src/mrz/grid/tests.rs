//! Unit tests of `grid`.

use super::*;

fn grid(text: &str) -> Grid {
    match read(text) {
        Input::Grid(g) => g,
        other => panic!("not a grid: {other:?}"),
    }
}

#[test]
fn line_breaks_and_blanks() {
    let a = "A".repeat(44);
    let b = "B".repeat(44);
    for text in [
        format!("{a}\n{b}"),
        format!("{a}\r\n{b}\r\n"),
        format!("\n\n  {a}  \r\n\n\t{b}\n\n"),
        format!("{a}{b}"),
        format!("{a} {b}"),
        format!("{a}\r{b}"),
    ] {
        let g = grid(&text);
        assert_eq!((g.nrows, g.width), (2, 44), "{text:?}");
        assert_eq!(g.row_string(0), a);
        assert_eq!(g.row_string(1), b);
    }
    let g = grid(&"X".repeat(90));
    assert_eq!((g.nrows, g.width), (3, 30));
}

#[test]
fn origin_points_at_each_row_in_the_text() {
    let a = "A".repeat(44);
    let b = "B".repeat(44);
    for text in [
        format!("{a}\n{b}"),
        format!("\r\n  {a}  \r\n\n\t{b}\n\n"),
        format!("  {a}{b} "),
        format!("{a} {b}"),
    ] {
        let g = grid(&text);
        let origin = g.origin.unwrap();
        for (row, &o) in origin.iter().enumerate().take(2) {
            let o = usize::from(o);
            assert_eq!(&text[o..o + 44], g.row_string(row), "{text:?}");
        }
    }
    // Not ASCII, or not ASCII before the MRZ: no origin.
    assert!(grid(&format!("P«{}\n{b}", "<".repeat(42))).origin.is_none());
    assert!(grid(&format!("\u{3000}{a}\n{b}")).origin.is_none());
    let third = "C".repeat(30);
    let g = grid(&format!(" {}\r\n{}\r\n{third}", &a[..30], &b[..30]));
    assert_eq!(g.origin, Some([1, 33, 65]));
}

/// The general reading, without the one-step path.
fn general(text: &str) -> Option<Grid> {
    let t = text.trim();
    let lines = Pieces::ascii(t, is_break_byte);
    let (nrows, width) = exact(lines.lens())?;
    Some(lines.grid(nrows, width, Some(0)))
}

#[test]
fn the_one_step_path_reads_as_the_general_one() {
    let a = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    let b = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
    let c = "I<UTOD231458907<<<<<<<<<<<<<<<";
    let (d, e) = (
        "7408122F1204159UTO<<<<<<<<<<<6",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    );
    let mut texts = Vec::new();
    for sep in ["\n", "\r\n", ""] {
        texts.push([a, b].join(sep));
        texts.push([&a[..36], &b[..36]].join(sep));
        texts.push([c, d, e].join(sep));
    }
    let mut taken = 0;
    for text in &texts {
        // Every character of the text replaced in turn by a blank, a
        // break, a lower-case letter or a punctuation mark.
        for i in 0..text.len() {
            for with in [' ', '\n', '\r', 'a', '~', '\t'] {
                let mut t = text.clone().into_bytes();
                t[i] = with as u8;
                let t = String::from_utf8(t).unwrap();
                if let Some(g) = plain(t.as_bytes()) {
                    taken += 1;
                    let r = general(&t).unwrap_or_else(|| panic!("{t:?}"));
                    assert_eq!(
                        (g.rows, g.nrows, g.width, g.origin),
                        (r.rows, r.nrows, r.width, r.origin),
                        "{t:?}"
                    );
                }
            }
        }
        let g = plain(text.as_bytes()).unwrap_or_else(|| panic!("{text:?}"));
        let r = general(text).unwrap();
        assert_eq!(
            (g.rows, g.nrows, g.width, g.origin),
            (r.rows, r.nrows, r.width, r.origin)
        );
    }
    assert!(taken > 1000, "{taken}");
    // A leading blank or a CR break alone: the general reading.
    assert!(plain(format!(" {a}\n{b}").as_bytes()).is_none());
    assert!(plain(format!("{a}\r{b}").as_bytes()).is_none());
}

#[test]
fn row_scan_agrees_with_the_byte_tests() {
    let exact = |b: &[u8]| b.iter().all(|b| (0x21..=0x7E).contains(b));
    let bits = |b: &[u8; 44], f: fn(u8) -> bool| {
        b.iter()
            .enumerate()
            .fold(0u64, |m, (i, &c)| m | (u64::from(f(c)) << i))
    };
    let printable = |line: &[u8; 44]| {
        let scan = scan_row(line);
        assert_eq!(scan.fillers, bits(line, |c| c == b'<'), "{line:?}");
        scan.printable
    };
    let base = *b"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    for i in 0..base.len() {
        for v in 0..=255u8 {
            let mut line = base;
            line[i] = v;
            assert_eq!(printable(&line), exact(&line), "{i} {v}");
        }
    }
    // Neighbouring extremes.
    for (a, b) in [(0x20, 0x21), (0x7E, 0x7F), (0xFF, 0x7E), (0x21, 0x00)] {
        let mut line = base;
        line[7] = a;
        line[8] = b;
        assert_eq!(printable(&line), exact(&line));
    }
}

#[test]
fn non_ascii_is_kept_aside() {
    let line = format!("P«{}", "<".repeat(42));
    let g = grid(&format!("{line}\n{}", "<".repeat(44)));
    assert_eq!(g.at(0, 1), OTHER);
    assert_eq!(g.original(0, 1), '«');
    assert_eq!(g.row_string(0), line);
}

#[test]
fn ascii_pieces_match_char_splitting() {
    let samples = [
        "AB\nCD",
        " \x0bAB \r\n\n\tC D\x0c\x0cE ",
        "\n\n",
        "A\rB\rC\rD",
        "  A  B\tC\x0bD  ",
        "",
        "X\x1fY\nZ",
    ];
    for t in samples {
        let lines = Pieces::ascii(t, is_break_byte);
        let slow = Pieces::collect(t.split(is_break).map(str::trim).filter(|l| !l.is_empty()));
        assert_eq!(lines.count, slow.count, "{t:?}");
        assert_eq!(lines.items, slow.items, "{t:?}");
        assert_eq!(lines.lens, slow.lens, "{t:?}");
        let words = Pieces::ascii(t, is_space_byte);
        let slow = Pieces::collect(t.split_whitespace());
        assert_eq!(words.count, slow.count, "{t:?}");
        assert_eq!(words.items, slow.items, "{t:?}");
        assert_eq!(words.lens, slow.lens, "{t:?}");
    }
    for b in 0..128u8 {
        assert_eq!(is_space_byte(b), char::from(b).is_whitespace(), "{b}");
        assert_eq!(is_break_byte(b), is_break(char::from(b)), "{b}");
    }
}

#[test]
fn shapes() {
    assert!(matches!(read(" \n\t "), Input::Empty));
    match read(&format!("{}\n{}", "A".repeat(44), "B".repeat(43))) {
        Input::LineLength {
            nrows: 2,
            width: 44,
            wrong,
            ..
        } => assert_eq!(wrong, vec![(1, 43)]),
        other => panic!("{other:?}"),
    }
    match read(&format!("{0}\n{0}\n{0}\n{0}", "A".repeat(30))) {
        Input::Shape(d) => assert_eq!(d, "30, 30, 30, 30"),
        other => panic!("{other:?}"),
    }
    match read("ABC\nDE") {
        Input::Shape(d) => assert_eq!(d, "3, 2"),
        other => panic!("{other:?}"),
    }
    match read(&"A".repeat(89)) {
        Input::Shape(d) => assert_eq!(d, "89"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(read(&"A".repeat(100_000)), Input::Shape(_)));
}

/// The filler marks as the rows give them, column by column.
fn marks_agree(g: &Grid) {
    for line in 0..3u8 {
        for start in 0..=44u8 {
            for end in start..=44u8 {
                let s = span(line, start, end);
                let bits = |f: fn(&u8) -> bool| {
                    g.slice(s)
                        .iter()
                        .enumerate()
                        .fold(0u64, |m, (i, b)| m | (u64::from(f(b)) << i))
                };
                assert_eq!(g.fillers_in(s), bits(|&b| b == b'<'), "{s:?}");
                assert_eq!(g.content_in(s), bits(|&b| b != b'<'), "{s:?}");
            }
        }
    }
    // Outside the grid: nothing.
    for s in [span(3, 0, 4), span(0, 5, 4), span(0, 40, 45)] {
        assert_eq!((g.fillers_in(s), g.content_in(s)), (0, 0));
    }
}

#[test]
fn filler_marks_follow_the_rows() {
    // Both ways of reading (one step and general), every shape, odd
    // characters (lower case, non-ASCII, bytes around `<` and the digits).
    for text in [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
        "  I<NLDSPECI20142999999990<<<<<<\r\n6503101F3003105NLDXY9<<<<<<<<6\nDE<BRUIJN<<WILLEKE<<<<<<<<<<<<  ",
        "I<FRADUPONT<<MARIE<<<<<<<<<<<<<<<<<<ABCD12345<FRA7512319F29010196780<<<4",
        "V<UTOérikSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109;=:/<<<<",
    ] {
        let Input::Grid(mut g) = read(text) else {
            panic!("not a grid: {text}")
        };
        marks_agree(&g);
        // Writes keep them in step; outside the lines nothing changes.
        for (line, col, b) in [
            (0, 0, b'7'),
            (1, 3, b'<'),
            (1, 4, b'Q'),
            (0, 43, b'5'),
            (2, 1, b'<'),
            (5, 5, b'1'),
        ] {
            g.set(line, col, b);
            marks_agree(&g);
        }
    }
}
