//! `mrz-ocr-synth diag N [FROM] [CONDITION]`: why readings fail, per
//! condition: the stage that lost each missed image (no band found, a band
//! but no reading of its cells, a reading off by some characters, an exact
//! reading refused as ambiguous) and, for readings off by a few characters,
//! which characters were taken for which.

use crate::render::{self, Condition};
use mrz_ocr::{Frame, Reader};
use std::collections::BTreeMap;

/// The stage a missed image was lost at.
fn bucket(truth: &[String], raw: Option<&Vec<String>>, band: bool) -> String {
    let Some(raw) = raw else {
        return if band { "band, no reading" } else { "no band" }.into();
    };
    if raw.len() != truth.len() || raw.iter().zip(truth).any(|(a, b)| a.len() != b.len()) {
        return "wrong shape".into();
    }
    let off = raw
        .iter()
        .zip(truth)
        .map(|(a, b)| a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count())
        .sum::<usize>();
    match off {
        0 => "exact, refused".into(),
        1 => "off by 1".into(),
        2 => "off by 2".into(),
        3..=6 => "off by 3-6".into(),
        _ => "off by >6 (placement)".into(),
    }
}

/// Prints the buckets of `n` images per condition from index `from`.
pub fn run(n: u64, from: u64, only: Option<&str>) -> Result<(), String> {
    let atlas = crate::atlas()?;
    let reader = Reader::new().map_err(|e| e.code().to_string())?;
    for c in Condition::ALL {
        if only.is_some_and(|o| o != c.name()) || c == Condition::NoMrz {
            continue;
        }
        let mut buckets: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut confusions: BTreeMap<(char, char), usize> = BTreeMap::new();
        let mut exact = 0;
        let mut lows: Vec<(f32, bool)> = Vec::new();
        // Per pair of the ink test (in its table's order): its values on
        // cells that truly hold the first, and the second.
        let mut pairs: BTreeMap<(char, char), (Vec<f32>, Vec<f32>)> = BTreeMap::new();
        for i in from..from + n {
            let s = render::sample(&atlas, c, i, crate::today());
            let Ok(frame) = Frame::new(s.w as u32, s.h as u32, &s.gray) else {
                continue;
            };
            let (r, log) = reader.explain(&frame, crate::today());
            let got = r.mrz.as_ref().map(|m| m.lines.clone());
            let Some(truth) = s.truth.as_ref() else {
                continue;
            };
            for a in &log {
                for &(li, ci, x, y, d) in &a.pairs {
                    let want = truth.get(li).and_then(|l| l.chars().nth(ci));
                    let e = pairs.entry((x, y)).or_default();
                    if want == Some(x) {
                        e.0.push(d);
                    } else if want == Some(y) {
                        e.1.push(d);
                    }
                }
            }
            if let Some(g) = &got {
                lows.push((low(g, &log), got.as_ref() == Some(truth)));
            }
            if got.as_ref() == Some(truth) {
                exact += 1;
                continue;
            }
            let b = if let Some(g) = &got {
                println!("    WRONG {}: got {g:?} want {truth:?}", s.name);
                "WRONG MRZ".to_string()
            } else {
                bucket(truth, r.unconfirmed.as_ref(), r.quad.is_some())
            };
            if let Some(raw) = r.unconfirmed.as_ref()
                && b.starts_with("off by")
                && !b.contains('>')
            {
                for (a, t) in raw.iter().zip(truth) {
                    for (x, y) in a.chars().zip(t.chars()) {
                        if x != y {
                            *confusions.entry((y, x)).or_default() += 1;
                        }
                    }
                }
            }
            let why = detail(truth, &log);
            buckets
                .entry(b)
                .or_default()
                .push(format!("{} {why}", s.name));
        }
        lows.sort_by(|a, b| a.0.total_cmp(&b.0));
        let l: Vec<String> = lows
            .iter()
            .take(5)
            .map(|(v, ok)| format!("{v:.3}{}", if *ok { "" } else { "!" }))
            .collect();
        println!(
            "{:<12} exact {exact}/{n}  lowest chosen cells: {}",
            c.name(),
            l.join(" ")
        );
        for ((x, y), (for_x, for_y)) in &mut pairs {
            for_x.sort_by(f32::total_cmp);
            for_y.sort_by(f32::total_cmp);
            let list = |v: &[f32]| {
                v.iter()
                    .map(|d| format!("{d:.2}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            println!(
                "    ink test {x}/{y}: on {x} [{}]; on {y} [{}]",
                list(for_x),
                list(for_y)
            );
        }
        for (b, names) in &buckets {
            println!("    {:<24} {:>3}", b, names.len());
            for n in names {
                println!("        {n}");
            }
        }
        if !confusions.is_empty() {
            let mut v: Vec<_> = confusions.into_iter().collect();
            v.sort_by_key(|x| std::cmp::Reverse(x.1));
            let list: Vec<String> = v
                .iter()
                .map(|((t, g), k)| format!("{t}->{g}:{k}"))
                .collect();
            println!("    true->read: {}", list.join(" "));
        }
    }
    Ok(())
}

/// The first attempt of the truth's shape: why it was refused and, at each
/// wrong cell, the three best characters.
fn detail(truth: &[String], log: &[mrz_ocr::Attempt]) -> String {
    let shape = |a: &&mrz_ocr::Attempt| {
        a.top.len() == truth.len() && a.top.iter().zip(truth).all(|(l, t)| l.len() == t.len())
    };
    let Some(a) = log.iter().find(shape) else {
        let cols: Vec<usize> = log.iter().map(|a| a.cols).collect();
        return format!("(no attempt of the right shape; tried {cols:?})");
    };
    let mut out = format!("{:?}", a.refusal);
    let mut wrong = 0;
    for (li, (l, t)) in a.top.iter().zip(truth).enumerate() {
        for (ci, (c, want)) in l.iter().zip(t.chars()).enumerate() {
            if c[0].0 != want {
                wrong += 1;
                if wrong <= 4 {
                    out.push_str(&format!(
                        " [{li}:{ci} want {want}: {}{:.3} {}{:.3} {}{:.3}]",
                        c[0].0, c[0].1, c[1].0, c[1].1, c[2].0, c[2].1
                    ));
                }
            }
        }
    }
    if wrong > 4 {
        out.push_str(&format!(" …{wrong} wrong"));
    }
    out
}

/// The lowest score of a chosen character among its cell's three best
/// (0 when it is not among them) in the attempt that gave `lines`.
fn low(lines: &[String], log: &[mrz_ocr::Attempt]) -> f32 {
    let Some(a) = log
        .iter()
        .find(|a| a.refusal.is_none() && a.top.len() == lines.len())
    else {
        return -1.0;
    };
    let mut lo = f32::MAX;
    for (l, t) in a.top.iter().zip(lines) {
        for (c, ch) in l.iter().zip(t.chars()) {
            let s = c.iter().find(|x| x.0 == ch).map_or(0.0, |x| x.1);
            lo = lo.min(s);
        }
    }
    lo
}
