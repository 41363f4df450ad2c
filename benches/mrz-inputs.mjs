// The benchmark mix for validateMrz, shared by mrz-vs-cheminfo.mjs (the
// budget), mrz-per-input.mjs (where time goes) and tests/node (every case's
// verdict is checked against its ground truth). Broad like a real manifest,
// generated deterministically (a seeded generator, no randomness between
// runs): 120 MRZs of each format (TD1, TD2, TD3, MRV-A, MRV-B) with
// ordinary states, names and dates; about half of each format carry one
// error of a kind real input has (a wrong check digit, an OCR or typing
// confusion of a letter and a digit, a date that is no date, an unknown
// document or state code, a digit in the name), and the lines come either
// separated (LF or CRLF) or joined, as a document reader types them.
//
// Each case: { lines, text, format, error, valid }, where `error` names the
// kind of error made (null for none) and `valid` the expected verdict.

export const options = { today: '2026-11-26' };

const PER_FORMAT = 120;

// A small deterministic generator (mulberry32).
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATES = ['JPN', 'TWN', 'D<<', 'FRA', 'NLD', 'GBR', 'USA', 'KOR', 'CHN', 'ITA', 'ESP', 'CAN', 'AUS', 'PHL', 'THA', 'VNM', 'IND', 'BRA', 'SWE', 'CHE'];
const SURNAMES = ['SUZUKI', 'TANAKA', 'CHEN', 'LIN', 'MUSTERMANN', 'DUPONT', 'DE<BRUIJN', 'SMITH', 'KIM', 'WANG', 'ROSSI', 'GARCIA<LOPEZ', 'NGUYEN', 'SANTOS', 'ERIKSSON', 'OBRIEN', 'MUELLER', 'HUANG', 'SATO', 'PARK'];
const GIVEN = ['ICHIRO', 'HANAKO', 'MEI<LING', 'ERIKA', 'MARIE', 'WILLEKE', 'JOHN<PAUL', 'MINJUN', 'WEI', 'GIULIA', 'ANA<MARIA', 'VAN<AN', 'JOAO', 'ANNA<MARIA', 'SEAN', 'LUKAS', 'YI<HSUAN', 'KENTA', 'JIWOO', ''];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
// Letter–digit confusions of OCR and typing, both ways.
const CONFUSION = { 0: 'O', 1: 'I', 2: 'Z', 5: 'S', 6: 'G', 8: 'B', O: '0', I: '1', Z: '2', S: '5', G: '6', B: '8' };

function value(c) {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 55;
  return 0;
}

function checkDigit(s) {
  const w = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += value(s[i]) * w[i % 3];
  return String(sum % 10);
}

const pad = (s, n) => (s + '<'.repeat(n)).slice(0, n);
const two = (n) => String(n).padStart(2, '0');

function yymmdd(y, m, d) {
  return two(y % 100) + two(m) + two(d);
}

function build(format, r) {
  const pick = (list) => list[Math.floor(r() * list.length)];
  const chars = (n) => Array.from({ length: n }, () => ALNUM[Math.floor(r() * 36)]).join('');
  const state = pick(STATES);
  const nationality = r() < 0.8 ? state : pick(STATES);
  const given = pick(GIVEN);
  const name = (width) => pad(pick(SURNAMES) + (given ? '<<' + given : ''), width);
  const number = chars(2) + String(Math.floor(r() * 1e7)).padStart(7, '0');
  const birth = yymmdd(1940 + Math.floor(r() * 80), 1 + Math.floor(r() * 12), 1 + Math.floor(r() * 28));
  // Expiry from five years ago (expired: a warning) to ten years ahead.
  const expiry = yymmdd(2021 + Math.floor(r() * 15), 1 + Math.floor(r() * 12), 1 + Math.floor(r() * 28));
  const sex = pick(['M', 'F', 'F', 'M', '<', 'X']);
  const nb = number + checkDigit(number);
  const bb = birth + checkDigit(birth);
  const eb = expiry + checkDigit(expiry);
  switch (format) {
    case 'TD3': {
      const personal = r() < 0.5 ? pad('', 14) : pad(chars(8), 14);
      const pd = personal === pad('', 14) ? '<' : checkDigit(personal);
      const composite = checkDigit(nb + bb + eb + personal + pd);
      return ['P<' + state + name(39), nb + nationality + bb + sex + eb + personal + pd + composite];
    }
    case 'TD2': {
      const code = pick(['I<', 'ID', 'AC', 'IR']);
      const optional = pad('', 7);
      const composite = checkDigit(nb + bb + eb + optional);
      return [code + state + name(31), nb + nationality + bb + sex + eb + optional + composite];
    }
    case 'TD1': {
      const code = pick(['I<', 'ID', 'AC', 'C<']);
      const optional = pad(r() < 0.5 ? '' : chars(6), 15);
      const optional2 = pad('', 11);
      const l1 = code + state + nb + optional;
      const l2 = bb + sex + eb + nationality + optional2;
      const composite = checkDigit(l1.slice(5) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29));
      return [l1, l2 + composite, name(30)];
    }
    case 'MRVA':
      return ['V<' + state + name(39), nb + nationality + bb + sex + eb + pad('', 16)];
    case 'MRVB':
      return ['V<' + state + name(31), nb + nationality + bb + sex + eb + pad('', 8)];
  }
  throw new Error(format);
}

const set = (s, i, c) => s.slice(0, i) + c + s.slice(i + 1);

// Where the document number, birth and expiry dates and their check digits
// stand: [line, start] of each `YYMMDD`/number, and of its digit.
function places(format) {
  if (format === 'TD1') return { number: [0, 5], numberCheck: [0, 14], birth: [1, 0], birthCheck: [1, 6], expiry: [1, 8], expiryCheck: [1, 14] };
  return { number: [1, 0], numberCheck: [1, 9], birth: [1, 13], birthCheck: [1, 19], expiry: [1, 21], expiryCheck: [1, 27] };
}

function spoil(format, lines, kind, r) {
  const p = places(format);
  const out = lines.slice();
  const at = ([line, col], f) => {
    out[line] = set(out[line], col, f(out[line][col]));
  };
  switch (kind) {
    case 'checkDigit': {
      const which = [p.numberCheck, p.birthCheck, p.expiryCheck][Math.floor(r() * 3)];
      at(which, (c) => String((Number(c) + 1 + Math.floor(r() * 8)) % 10));
      break;
    }
    case 'confusion': {
      // A digit of a date read as its letter, or a character of the
      // document number as its look-alike. (`6` and `G` differ by 10 in
      // value: a check digit cannot tell them apart, so that pair is left
      // out of numbers.)
      const [line, start] = [p.birth, p.expiry, p.number][Math.floor(r() * 3)];
      const number = start === p.number[1] && line === p.number[0];
      for (let k = 0; k < 12; k++) {
        const col = start + Math.floor(r() * (number ? 9 : 6));
        const c = out[line][col];
        if (CONFUSION[c] && !(number && (c === '6' || c === 'G'))) {
          out[line] = set(out[line], col, CONFUSION[c]);
          return out;
        }
      }
      at(p.numberCheck, (c) => String((Number(c) + 5) % 10));
      break;
    }
    case 'date': {
      // Month 13 or day 32, its check digit made to match: only the date is wrong.
      const [line, start] = r() < 0.5 ? p.birth : p.expiry;
      const bad = r() < 0.5 ? '13' : null;
      if (bad) out[line] = out[line].slice(0, start + 2) + bad + out[line].slice(start + 4);
      else out[line] = out[line].slice(0, start + 4) + '32' + out[line].slice(start + 6);
      const date = out[line].slice(start, start + 6);
      out[line] = set(out[line], start + 6, checkDigit(date));
      return recompute(format, out);
    }
    case 'code': {
      if (r() < 0.5 && format !== 'MRVA' && format !== 'MRVB') {
        // A document code no document has (a visa's code starts with `V`,
        // which is what tells its layout apart: an unknown state instead).
        out[0] = 'X<' + out[0].slice(2);
      } else {
        // An issuing state that is no state.
        out[0] = out[0].slice(0, 2) + 'XQZ' + out[0].slice(5);
      }
      break;
    }
    case 'nameDigit': {
      const line = format === 'TD1' ? 2 : 0;
      const start = format === 'TD1' ? 0 : 5;
      const col = start + out[line].slice(start).search(/[OISBGZ]/);
      if (col >= start) out[line] = set(out[line], col, CONFUSION[out[line][col]]);
      else out[line] = set(out[line], start, '5');
      break;
    }
  }
  return out;
}

// The composite check digit again, after a field and its own digit changed.
function recompute(format, lines) {
  const out = lines.slice();
  if (format === 'TD1') {
    const c = checkDigit(out[0].slice(5) + out[1].slice(0, 7) + out[1].slice(8, 15) + out[1].slice(18, 29));
    out[1] = out[1].slice(0, 29) + c;
  } else if (format === 'TD2') {
    out[1] = out[1].slice(0, 35) + checkDigit(out[1].slice(0, 10) + out[1].slice(13, 20) + out[1].slice(21, 35));
  } else if (format === 'TD3') {
    out[1] = out[1].slice(0, 43) + checkDigit(out[1].slice(0, 10) + out[1].slice(13, 20) + out[1].slice(21, 43));
  }
  return out;
}

const KINDS = ['checkDigit', 'confusion', 'date', 'code', 'nameDigit'];
const LAYOUTS = [(l) => l.join('\n'), (l) => l.join(''), (l) => l.join('\r\n') + '\r\n', (l) => l.join('')];

export const cases = [];
{
  const r = generator(20261126);
  for (const format of ['TD1', 'TD2', 'TD3', 'MRVA', 'MRVB']) {
    for (let i = 0; i < PER_FORMAT; i++) {
      const good = build(format, r);
      const error = i % 2 === 0 ? KINDS[(i / 2) % KINDS.length] : null;
      const lines = error ? spoil(format, good, error, r) : good;
      const text = LAYOUTS[Math.floor(i / 2) % LAYOUTS.length](lines);
      cases.push({ lines, text, format, error, valid: error === null });
    }
  }
}

/// Lines as cheminfo `mrz` takes them; texts as validateMrz gets them.
export const inputs = cases.map((c) => c.lines);
export const texts = cases.map((c) => c.text);

/// The mix's composition, for the benchmark's log.
export function composition() {
  const by = (f) => cases.reduce((m, c) => ((m[f(c)] = (m[f(c)] || 0) + 1), m), {});
  return {
    total: cases.length,
    formats: by((c) => c.format),
    errors: by((c) => c.error ?? 'none'),
    layouts: by((c) => (c.text.includes('\n') ? 'separated' : 'joined')),
  };
}
