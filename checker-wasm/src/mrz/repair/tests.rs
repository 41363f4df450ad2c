//! Unit tests of `repair`.

use super::*;

#[test]
fn bytes_add_modulo_ten() {
    for a in 0..10u64 {
        for b in 0..10u64 {
            let lanes = |x: u64| x * 0x0101_0101_0101_0101;
            assert_eq!(add_mod10(lanes(a), lanes(b)), lanes((a + b) % 10));
            // Lanes stay apart.
            let mixed = add_mod10(a | (b << 8) | (9 << 16), b | (a << 8) | (9 << 16));
            let sum = (a + b) % 10;
            assert_eq!(mixed, sum | (sum << 8) | (8 << 16));
        }
    }
}

#[test]
fn confusions_are_symmetric() {
    for b in b'0'..=b'Z' {
        if let Some(c) = confusion(b) {
            assert_eq!(confusion(c), Some(b));
            assert_ne!(b.is_ascii_digit(), c.is_ascii_digit());
        }
    }
    assert_eq!(confusion(b'K'), None);
}

/// The incremental evaluation agrees with the full one on every
/// combination of up to three alternatives, over many damaged MRZs of
/// every format.
#[test]
fn fast_evaluation_agrees_with_full() {
    use super::super::MrzFormat;
    use super::super::grid::{Input, read};
    let specimens = [
        "P<JPNSUZUKI<<ICHIRO<<<<<<<<<<<<<<<<<<<<<<<<<\nTK01234568JPN7310227M3304156<<<<<<<<<<<<<<08",
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
        "I<NLDSPECI20142999999990<<<<<<\n6503101F3003105NLDXY9<<<<<<<<6\nDE<BRUIJN<<WILLEKE<<<<<<<<<<<<",
        "I<UTOD23145890<AB112234<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<",
        "I<FRADUPONT<<MARIE<<<<<<<<<<<<<<<<<<\nABCD12345<FRA7512319F29010196780<<<4",
        "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD23145890<UTO7408122F1204159AB1122<9",
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<",
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<",
    ];
    let noise = b"0O1I8B5S2Z6GK<<<oai";
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut rnd = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let (mut compared, mut passing, mut compared_packed) = (0, 0, 0);
    for text in specimens {
        let Input::Grid(clean) = read(text) else {
            panic!("{text}")
        };
        let format = if clean.nrows == 3 {
            MrzFormat::Td1
        } else {
            match (clean.width, clean.at(0, 0)) {
                (36, b'V') => MrzFormat::MrvB,
                (36, _) => MrzFormat::Td2,
                (_, b'V') => MrzFormat::MrvA,
                _ => MrzFormat::Td3,
            }
        };
        let layout = format.layout();
        for _ in 0..600 {
            let mut g = clean.clone();
            for _ in 0..1 + rnd(3) {
                let (line, col) = (rnd(g.nrows), rnd(g.width));
                g.set(line, col, noise[rnd(noise.len())]);
            }
            let (checks, n, long) = layout::checks(&g, layout);
            let checks = &checks[..n];
            let mut fast = Fast::base(&g, (checks, long), Vec::new());
            let failing = fast.failing();
            let evaluated = checks
                .iter()
                .enumerate()
                .filter(|(_, c)| !layout::evaluate(&g, c, None).passes())
                .fold(0u8, |m, (i, _)| m | 1 << i);
            assert_eq!(failing, evaluated, "{text}");
            let cands = candidates(&g, layout, checks, failing, Vec::new());
            if !fast.add_effects(&g, layout, checks, &cands) {
                continue;
            }
            let packed = fast.packed(&g, layout, checks, &cands);
            // Every single change and every pair.
            for i in 0..cands.len() {
                for a in 0..cands[i].nalts {
                    for j in i..cands.len() {
                        for b in 0..cands[j].nalts {
                            let mut h = g.clone();
                            let (mut rows, mut digits) = (fast.base, fast.digits);
                            let mut apply = |k: usize, alt: usize, h: &mut Grid| {
                                let c = cands[k];
                                h.set(c.line, c.col, c.alts[alt]);
                                for (r, d) in rows.iter_mut().zip(&fast.effects[k].0[alt]) {
                                    *r = r.add(*d);
                                }
                                for (r, dg) in digits.iter_mut().enumerate() {
                                    if fast.effects[k].1 & (1 << r) != 0 {
                                        *dg = c.alts[alt];
                                    }
                                }
                            };
                            apply(i, a, &mut h);
                            if j != i {
                                apply(j, b, &mut h);
                            }
                            let full = layout::all_pass(&h, layout);
                            assert_eq!(
                                fast.passes(&rows, &digits),
                                full,
                                "{text}: {i}/{a} {j}/{b}"
                            );
                            if let Some(p) = &packed {
                                let mut state = add_mod10(p.base, p.deltas[i][a]);
                                if j != i {
                                    state = add_mod10(state, p.deltas[j][b]);
                                }
                                assert_eq!(state == p.target, full, "{text}: {i}/{a} {j}/{b}");
                                compared_packed += 1;
                            }
                            compared += 1;
                            passing += usize::from(full);
                        }
                    }
                }
            }
        }
    }
    assert!(compared > 10_000 && passing > 100, "{compared} {passing}");
    assert!(compared_packed > 5_000, "{compared_packed}");
}
