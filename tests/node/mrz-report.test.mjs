// validateMrz's report object as the JS API documents it, built from the
// packed string the WebAssembly hands over: issues with every part, and
// inputs holding the packing's own separator characters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { validateMrz } = require('../../checker-wasm/pkg-node/checker_wasm.js');

const TODAY = { today: '2026-11-26' };
const L1 = 'P<JPNSUZUKI<<ICHIRO<<<<<<<<<<<<<<<<<<<<<<<<<';

test('issues carry code, severity, field, position, params and message', () => {
  const r = validateMrz(`${L1}\nTK01234563JPN7310227M3304156<<<<<<<<<<<<<<08`, TODAY);
  assert.equal(r.valid, false);
  assert.equal(r.suggestion, null);
  assert.deepEqual(r.issues, [
    {
      code: 'mrz.checkDigit',
      severity: 'error',
      field: 'documentNumber',
      line: 1,
      start: 9,
      end: 10,
      params: { expected: '8', field: 'documentNumber', found: '3' },
      message: 'Check digit for documentNumber is 3; the field gives 8.',
    },
    {
      code: 'mrz.checkDigit',
      severity: 'error',
      field: 'composite',
      line: 1,
      start: 43,
      end: 44,
      params: { expected: '3', field: 'composite', found: '8' },
      message: 'Check digit for composite is 8; the field gives 3.',
    },
  ]);
  assert.deepEqual(Object.keys(r.issues[0]), ['code', 'severity', 'field', 'line', 'start', 'end', 'params', 'message']);
});

test('issues without position or parameters have neither', () => {
  const r = validateMrz('', TODAY);
  assert.deepEqual(r.issues, [
    { code: 'mrz.empty', severity: 'error', field: 'mrz', message: 'The machine-readable zone is empty.' },
  ]);
  assert.equal(r.format, null);
});

test('separator characters in the input come back as they were', () => {
  for (const ch of ['\x1c', '\x1d', '\x1e', '\x1f']) {
    const line2 = `TK0123456${ch}JPN7310227M3304156<<<<<<<<<<<<<<08`;
    const name = `P<JPNSUZ${ch}KI<<ICHIRO<<<<<<<<<<<<<<<<<<<<<<<<<`;
    const r = validateMrz(`${name}\n${line2}`, TODAY);
    assert.equal(r.valid, false);
    assert.equal(r.format, 'TD3');
    assert.equal(r.fields.surname, `SUZ${ch}KI`);
    assert.equal(r.fields.documentNumber, 'TK0123456');
    assert.equal(r.fields.nationality, 'JPN');
    assert.equal(r.fields.birthDate, '1973-10-22');
    const bad = r.issues.filter((i) => i.code === 'mrz.invalidChar');
    assert.deepEqual(
      bad.map((i) => [i.field, i.line, i.start, i.params.char]),
      [
        ['name', 0, 8, ch],
        ['documentNumber', 1, 9, ch],
      ],
    );
    assert.ok(bad[0].message.includes(`'${ch}'`), bad[0].message);
    // The rest of the report is unaffected by the escaping.
    assert.ok(r.issues.every((i) => typeof i.code === 'string' && typeof i.message === 'string'));
  }
  // A valid report with a separator in it would need one in an MRZ field,
  // which makes it invalid; the escaped form still keeps `valid` right.
  const r = validateMrz(`${L1}\nTK01234568JPN7310227M3304156<<<<<<<<<<<<<<08\x1f`, TODAY);
  assert.equal(r.valid, false);
  assert.equal(r.issues[0].code, 'mrz.lineLength');
});

// ASCII input is read from a copy in the module's memory and, on the fast
// path, the fields are cut out of the caller's own string; anything else
// crosses as a whole string and comes back packed. A leading U+3000
// (ideographic space, trimmed like any blank) sends the same MRZ the
// second way: both must give the same report, whatever the layout of the
// text and whatever is wrong with it.
test('reports cut from the caller\'s string equal the packed ones', () => {
  const samples = [
    [L1, 'TK01234568JPN7310227M3304156<<<<<<<<<<<<<<08'],
    ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'],
    ['I<NLDSPECI20142999999990<<<<<<', '6503101F3003105NLDXY9<<<<<<<<6', 'DE<BRUIJN<<WILLEKE<<<<<<<<<<<<'],
    ['I<FRADUPONT<<MARIE<<<<<<<<<<<<<<<<<<', 'ABCD12345<FRA7512319F29010196780<<<4'],
    ['P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<', 'C01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4'],
    ['V<GBRERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'L8988901C4GBR4009078F3612107<<<<<<<<'],
    ['P<JPNSUZUKI<<<ICHIRO<<<TARO<<<<<<<<<<<<<<<<<', 'TK01234568JPN7310227M3304156<<<<<<<<<<<<<<08'],
  ];
  const layouts = [
    (l) => l.join('\n'),
    (l) => l.join('\r\n') + '\r\n',
    (l) => '  ' + l.join(''),
    (l) => '\t' + l.join('  \n\n ') + ' ',
  ];
  const swaps = ['0', 'O', '<', '8', 'B', 'K', 'a'];
  let n = 0;
  let fast = 0;
  for (const lines of samples) {
    const variants = [lines];
    // Every single character changed, on the last line (dates, numbers,
    // check digits): valid, repairable and plainly wrong reports.
    const last = lines.length - 1;
    for (let col = 0; col < lines[last].length; col += 1) {
      const swap = swaps[col % swaps.length];
      const changed = lines.slice();
      changed[last] = lines[last].slice(0, col) + swap + lines[last].slice(col + 1);
      variants.push(changed);
    }
    for (const v of variants) {
      for (const layout of layouts) {
        const text = layout(v);
        const cut = validateMrz(text, TODAY);
        const packed = validateMrz('\u3000' + text, TODAY);
        assert.deepEqual(cut, packed, text);
        n += 1;
        if (cut.format && cut.fields.birthDate) fast += 1;
      }
    }
  }
  assert.ok(n > 900, `${n} comparisons`);
  assert.ok(fast > 400, `${fast} reports with fields`);
});
