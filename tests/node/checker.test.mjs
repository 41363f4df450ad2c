// The npm package (checker-wasm/pkg-node), exercised through its public JS API
// exactly as an airline's check-in page would call it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const checker = require('../../checker-wasm/pkg-node/checker_wasm.js');
const { validateMrz, validateField, validateRecord, listCodes } = checker;

const TODAY = { today: '2026-11-26' };
// ICAO Doc 9303 Part 4 specimen passport.
const TD3 = [
  'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
  'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
];
// ICAO Doc 9303 Part 5 specimen card.
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

test('TD3 specimen: fields, ISO dates, warnings only', () => {
  const r = validateMrz(TD3.join('\n'), TODAY);
  assert.equal(r.format, 'TD3');
  assert.equal(r.valid, true);
  assert.equal(r.suggestion, null);
  assert.deepEqual(
    { ...r.fields },
    {
      documentCode: 'P',
      issuingState: 'UTO',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      documentNumber: 'L898902C3',
      nationality: 'UTO',
      birthDate: '1974-08-12',
      sex: 'F',
      expiryDate: '2012-04-15',
      optionalData: 'ZE184226B',
      optionalData2: '',
    },
  );
  const codes = r.issues.map((i) => i.code).sort();
  assert.deepEqual(codes, ['mrz.expired', 'mrz.specimen']);
  assert.ok(r.issues.every((i) => i.severity === 'warning'));
});

test('input as it arrives: CRLF, blanks, run together', () => {
  for (const text of [TD3.join('\r\n'), `  ${TD3.join('\n')}\n\n`, TD3.join(''), TD1.join('')]) {
    const r = validateMrz(text, TODAY);
    assert.equal(r.valid, true, JSON.stringify(r.issues));
  }
  assert.equal(validateMrz(TD1.join('\n'), TODAY).format, 'TD1');
});

test('a wrong check digit is an error at its exact position', () => {
  const bad = [TD3[0], TD3[1].slice(0, 9) + '7' + TD3[1].slice(10)];
  const r = validateMrz(bad.join('\n'), TODAY);
  assert.equal(r.valid, false);
  const issue = r.issues.find((i) => i.code === 'mrz.checkDigit');
  assert.ok(issue, JSON.stringify(r.issues));
  assert.equal(issue.severity, 'error');
  assert.equal(issue.field, 'documentNumber');
  assert.deepEqual([issue.line, issue.start, issue.end], [1, 9, 10]);
  assert.equal(issue.params.expected, '6');
  assert.equal(issue.params.found, '7');
  assert.equal(typeof issue.message, 'string');
});

test('a misread letter gets one suggestion and the report stays invalid', () => {
  // Birth date 740812 typed with a letter O for the zero.
  const bad = [TD3[0], TD3[1].replace('7408122', '74O8122')];
  const r = validateMrz(bad.join('\n'), TODAY);
  assert.equal(r.valid, false);
  assert.deepEqual(r.suggestion, { lines: TD3 });
});

test('garbage never throws', () => {
  for (const text of ['', '<<<', '\u{1F600}'.repeat(100), 'P<'.repeat(5000), '\0\r\n\r\n']) {
    const r = validateMrz(text, TODAY);
    assert.equal(r.valid, false);
    assert.ok(r.issues.length > 0);
  }
});

test('options: today defaults to the clock, a bad date throws a clear error', () => {
  assert.equal(validateMrz(TD3.join('\n')).format, 'TD3');
  assert.throws(() => validateMrz(TD3.join('\n'), { today: '26/11/2026' }), /today must be YYYY-MM-DD/);
  assert.throws(() => validateMrz(TD3.join('\n'), { today: 20261126 }), /invalid options/);
  assert.throws(() => validateRecord(record(), { validity: { rule: 'forever' } }), /invalid options/);
});

test('validateField: single fields', () => {
  assert.deepEqual(validateField('flight', 'BR198', TODAY), []);
  assert.deepEqual(validateField('flight', 'JL 802', TODAY), []);
  assert.equal(validateField('flight', 'hello', TODAY)[0].code, 'flight.format');
  assert.equal(validateField('birthDate', '2025-02-30', TODAY)[0].code, 'date.invalid');
  assert.equal(validateField('email', 'not-an-email', TODAY)[0].code, 'email.format');
  assert.deepEqual(validateField('arrivalAirport', 'NRT', TODAY), []);
  assert.equal(validateField('arrivalAirport', 'TPE', TODAY)[0].code, 'airport.notJapan');
  assert.throws(() => validateField('shoeSize', '42', TODAY), /unknown field kind/);
});

const record = () => ({
  schema: 1,
  travelers: [
    {
      documentCode: 'P',
      documentNumber: 'L898902C3',
      issuingState: 'TWN',
      expiryDate: '2032-04-15',
      surname: 'Eriksson',
      givenNames: 'Anna Maria',
      birthDate: '1974-08-12',
      sex: 'F',
      nationality: 'TWN',
    },
  ],
  trip: {
    flight: 'BR198',
    departureAirport: 'TPE',
    arrivalAirport: 'NRT',
    departureDate: '2026-12-01',
    arrivalDate: '2026-12-01',
    purpose: 'tourism',
    addressInJapan: '1-1 Marunouchi, Chiyoda-ku, Tokyo',
    lengthOfStayDays: 10,
  },
  contact: { email: 'anna@example.com', phone: '+886912345678' },
});

test('validateRecord: a good record, then one with a wrong arrival airport', () => {
  const good = validateRecord(record(), TODAY);
  assert.equal(good.valid, true, JSON.stringify(good.issues));
  const r = record();
  r.trip.arrivalAirport = 'KHH';
  const bad = validateRecord(r, TODAY);
  assert.equal(bad.valid, false);
  assert.ok(bad.issues.some((i) => i.code === 'airport.notJapan' && i.field === 'trip.arrivalAirport'), JSON.stringify(bad.issues));
  assert.throws(() => validateRecord({ schema: 1 }, TODAY), /not a TravelRecord/);
});

test('validateRecord: every validity rule read from JS options, as the Rust API reads it', () => {
  const r = record();
  r.travelers[0].expiryDate = '2027-03-01'; // three months after arrival (2026-12-01)
  const validity = (rule) => validateRecord(r, { ...TODAY, validity: rule }).issues.filter((i) => i.code === 'document.validity');
  assert.deepEqual(validity({ rule: 'onArrival' }), []);
  assert.deepEqual(validity({ rule: 'wholeStay' }), []);
  assert.deepEqual(validity({ rule: 'months', months: 3 }), []);
  const six = validity({ rule: 'months', months: 6 });
  assert.equal(six.length, 1, JSON.stringify(six));
  assert.equal(six[0].field, 'travelers[0].expiryDate');
  assert.equal(six[0].params.required, '2027-06-01', JSON.stringify(six[0]));
  assert.throws(() => validateRecord(r, { ...TODAY, validity: { rule: 'months' } }), /invalid options.*months/);
  assert.throws(() => validateRecord(r, { ...TODAY, validity: 'onArrival' }), /invalid options/);
});

test('validateRecord: a record of the wrong shape is a specific error, never a crash', () => {
  const wrong = (edit, pattern) => {
    const r = record();
    edit(r);
    assert.throws(() => validateRecord(r, TODAY), pattern);
  };
  wrong((r) => { r.trip.lengthOfStayDays = 2.5; }, /not a TravelRecord: invalid type: a number with a fraction, expected u32/);
  wrong((r) => { r.trip.lengthOfStayDays = '5'; }, /invalid type: string "5", expected u32/);
  wrong((r) => { r.trip.lengthOfStayDays = -1; }, /invalid value: integer `-1`, expected u32/);
  wrong((r) => { r.travelers[0].surname = 7; }, /invalid type: number, expected a string/);
  wrong((r) => { r.travelers = {}; }, /invalid type: object, expected a sequence/);
  wrong((r) => { r.trip = [1]; }, /invalid type: array, expected struct Trip/);
  wrong((r) => { r.trip.purpose = 'holiday'; }, /unknown variant `holiday`/);
  wrong((r) => { r.trip.extra = 1; }, /unknown field `extra`/);
  wrong((r) => { delete r.contact; }, /missing field `contact`/);
  wrong((r) => { r.travelers[0].accompaniedBy = null; r.schema = null; }, /invalid type: null, expected u/);
  // Optional fields may be absent, undefined or null, as JSON.stringify would drop them.
  const r = record();
  r.travelers[0].mrz = undefined;
  r.trip.postalCode = null;
  assert.equal(validateRecord(r, TODAY).valid, true);
  assert.throws(() => validateRecord(r, { ...TODAY, validity: { rule: 'months', months: 1.5 } }), /invalid options: validity: invalid type: a number with a fraction/);
});

test('listCodes: every code has a severity and an English template', () => {
  const codes = listCodes();
  assert.ok(codes.length >= 50);
  const names = new Set(codes.map((c) => c.code));
  assert.equal(names.size, codes.length);
  for (const c of codes) {
    assert.match(c.code, /^[a-zA-Z]+\.[a-zA-Z]+$/);
    assert.ok(c.severity === 'error' || c.severity === 'warning');
    assert.ok(c.template.length > 10);
  }
});

test('the web package (pkg/) initialises from bytes and gives the same report', async () => {
  const { readFile } = await import('node:fs/promises');
  const web = await import('../../checker-wasm/pkg/checker_wasm.js');
  const bytes = await readFile(new URL('../../checker-wasm/pkg/checker_wasm_bg.wasm', import.meta.url));
  web.initSync({ module: bytes });
  const a = web.validateMrz(TD1.join('\n'), TODAY);
  const b = validateMrz(TD1.join('\n'), TODAY);
  assert.deepEqual(a, b);
  assert.equal(a.fields.documentNumber, 'D23145890');
});

test('both packages ship a README and TypeScript types', async () => {
  const { readFile } = await import('node:fs/promises');
  for (const dir of ['pkg', 'pkg-node']) {
    const base = new URL(`../../checker-wasm/${dir}/`, import.meta.url);
    const dts = await readFile(new URL('checker_wasm.d.ts', base), 'utf8');
    // The options are optional, as the API documents them.
    assert.match(dts, /export function validateMrz\(text: string, options\?: ValidateOptions\): MrzReport;/);
    assert.match(dts, /export function validateField\(kind: FieldKind, value: string, options\?: ValidateOptions\): Issue\[\];/);
    assert.match(dts, /export function validateRecord\(record: TravelRecord, options\?: ValidateOptions\): RecordReport;/);
    assert.match(dts, /export interface MrzReport/);
    assert.match(dts, /: MrzReport;/);
    const readme = await readFile(new URL('README.md', base), 'utf8');
    assert.match(readme, /validateMrz/);
    const pkg = JSON.parse(await readFile(new URL('package.json', base), 'utf8'));
    assert.equal(pkg.name, 'checker-wasm');
    assert.ok(pkg.types, 'package.json names its types');
  }
});

test('validateField and validateRecord carry any typed text back intact', () => {
  // Separator-like control characters, quotes, backslashes, emoji and CJK in what the traveler typed.
  const nasty = ['a\x1fb', 'x\x1ey\x1dz\x1c', '"\\\'', '李\u{1F600}', '\u0000end'];
  for (const value of nasty) {
    const issues = validateField('surname', `Smith${value}`, TODAY);
    assert.ok(issues.length > 0, JSON.stringify(value));
    for (const i of issues) {
      assert.equal(i.field, 'surname');
      assert.equal(typeof i.message, 'string');
      assert.ok(i.severity === 'error' || i.severity === 'warning');
    }
    const bad = issues.find((i) => i.code === 'name.invalidChar');
    assert.ok(bad, JSON.stringify(issues));
    assert.ok(value.includes(bad.params.char), `${JSON.stringify(bad.params)} from ${JSON.stringify(value)}`);
    const r = record();
    r.trip.flight = value;
    r.contact.email = value;
    const report = validateRecord(r, TODAY);
    assert.equal(report.valid, false);
    const flight = report.issues.find((i) => i.field === 'trip.flight');
    assert.equal(flight.code, 'flight.format');
    assert.ok(report.issues.some((i) => i.field === 'contact.email' && i.code === 'email.format'));
  }
});
