import { createHash, createPublicKey, verify } from 'node:crypto';
// Test data and page actions for the traveler portal, shared by the e2e
// tests and the benchmark. Each action waits for the page it expects.
// Longer than 500 lines: the page actions every e2e test shares, in one place.

import assert from 'node:assert/strict';
import { td3 } from './mrz.mjs';
import { NATIVE_NAMES } from './strings.mjs';
import { findLeaks, foreignRequests, storageContents } from './harness.mjs';
import { decodeCandidates, matrixFromPath } from './qr.mjs';

/** ISO date `days` from today (browser and harness share the clock). */
export function isoInDays(days) {
  const d = new Date();
  d.setUTCHours(12, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** ISO date `years` ago (for birth dates of minors). */
export function isoYearsAgo(years, extraDays = 0) {
  const d = new Date();
  d.setUTCHours(12, 0, 0, 0);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - extraDays);
  return d.toISOString().slice(0, 10);
}

// Travelers: distinct names and numbers so every test can search requests
// for its own. Surnames are at least 4 letters (leak search on short
// strings could match ciphertext by chance).
export const PEOPLE = {
  chen: {
    surname: 'CHENG',
    givenNames: 'MEI LING',
    documentNumber: '312045678',
    issuingState: 'TWN',
    nationality: 'TWN',
    birthDate: '1985-03-14',
    sex: 'F',
    expiryDate: '2033-05-20',
  },
  lin: {
    surname: 'LINDQVIST',
    givenNames: 'ERIK JOHAN',
    documentNumber: 'AA7654321',
    issuingState: 'SWE',
    nationality: 'SWE',
    birthDate: '1979-11-02',
    sex: 'M',
    expiryDate: '2031-08-31',
  },
  wang: {
    surname: 'WANGSA',
    givenNames: 'XIAO MING',
    documentNumber: '356789012',
    issuingState: 'TWN',
    nationality: 'TWN',
    birthDate: '1990-07-09',
    sex: 'X',
    expiryDate: '2034-01-15',
  },
  smith: {
    surname: 'SMITHERS',
    givenNames: 'JANE',
    documentNumber: '548123789',
    issuingState: 'GBR',
    nationality: 'GBR',
    birthDate: '1992-12-24',
    sex: 'F',
    expiryDate: '2032-10-10',
  },
  okafor: {
    surname: 'OKAFOR',
    givenNames: 'CHIDI',
    documentNumber: 'A01234567',
    issuingState: 'NGA',
    nationality: 'NGA',
    birthDate: '1988-06-30',
    sex: 'M',
    expiryDate: '2030-02-28',
  },
};

/** A minor (about 9 years old) for group tests. */
export function minor() {
  return {
    surname: 'SMITHERS',
    givenNames: 'TOBY',
    documentNumber: '548999111',
    issuingState: 'GBR',
    nationality: 'GBR',
    birthDate: isoYearsAgo(9, 40),
    sex: 'M',
    expiryDate: '2031-03-03',
  };
}

export function mrzOf(person) {
  return td3(person);
}

export function trip() {
  return {
    flight: 'BR198',
    departureAirport: 'TPE',
    arrivalAirport: 'NRT',
    departureDate: isoInDays(14),
    arrivalDate: isoInDays(14),
    purpose: 'tourism',
    addressInJapan: 'Hotel Sunroute, 2-3-1 Yoyogi, Shibuya-ku, Tokyo',
    lengthOfStayDays: 7,
  };
}

export const CONTACT = { email: 'mei.cheng@example.org', phone: '+886912345678' };

/** The record the portal must produce for these answers. */
export function expectedRecord(people, theTrip, contact, { mrz = true, accompaniedBy = {} } = {}) {
  return {
    schema: 1,
    travelers: people.map((p, i) => {
      const t = {
        documentCode: 'P',
        documentNumber: p.documentNumber,
        issuingState: p.issuingState,
        expiryDate: p.expiryDate,
        surname: p.surname,
        givenNames: p.givenNames,
        birthDate: p.birthDate,
        sex: p.sex,
        nationality: p.nationality,
      };
      const withMrz = Array.isArray(mrz) ? mrz[i] : mrz;
      if (withMrz) t.mrz = mrzOf(p).join('\n');
      if (accompaniedBy[i] !== undefined) t.accompaniedBy = accompaniedBy[i];
      return t;
    }),
    trip: theTrip,
    contact,
  };
}

/** Names and numbers that must never appear in cleartext in a request. */
export function secretsOf(people, contact) {
  const s = [];
  for (const p of people) {
    s.push(p.surname, p.documentNumber, p.givenNames, ...p.givenNames.split(' ').filter((g) => g.length >= 4));
    s.push(mrzOf(p)[1].slice(0, 28));
  }
  if (contact) s.push(contact.email, contact.phone, contact.phone.slice(1));
  return s;
}

// ---- pages ----

// Which page is showing, decided in the page from the ids each page has
// (the start page is the only one with Continue and no Back). Passed to
// Playwright as a function, never as a string: string predicates are
// eval'ed in the page, which the portal's CSP (rightly) refuses.
const STEP_OF = (want) => {
  // The app's pages only: the pre-rendered start page and MRZ box (in
  // index.html, before the app runs) carry some of the same ids.
  const shown = (id) => {
    const e = document.getElementById(id);
    return !!e && !e.closest('[data-prerender]') && e.getClientRects().length > 0;
  };
  let s = 'unknown';
  if (shown('receipt-reference')) s = 'receipt';
  else if (shown('submit')) s = 'review';
  else if (shown('add-traveler')) s = 'companions';
  else if (shown('email')) s = 'contact';
  else if (shown('flight')) s = 'trip';
  else if (shown('surname')) s = 'personal';
  else if (shown('mrz')) s = 'document';
  else if (shown('continue') && !document.getElementById('back')) s = 'start';
  return want === null ? s : s === want;
};

export async function currentStep(page) {
  return page.evaluate(STEP_OF, null);
}

export async function waitStep(page, step, timeout = 10_000) {
  try {
    await page.waitForFunction(STEP_OF, step, { timeout });
  } catch (e) {
    throw new Error(`expected the ${step} page, but the ${await currentStep(page).catch(() => '?')} page is showing: ${e.message}`);
  }
}

/** Sets an input, select or textarea by id, the way a user would (fires input/change). */
export async function setField(page, id, value) {
  const el = page.locator(`#${id}`);
  const tag = await el.evaluate((e) => e.tagName.toLowerCase());
  if (tag === 'select') {
    await el.selectOption(String(value));
  } else {
    await el.fill(String(value));
  }
}

export async function fieldValue(page, id) {
  return page.locator(`#${id}`).inputValue();
}

export async function clickContinue(page) {
  await page.locator('#continue').click();
}

/** Continue, then wait for the `step` page. */
export async function continueTo(page, step, timeout) {
  await clickContinue(page);
  await waitStep(page, step, timeout);
}

/** Switches language with the header's language buttons (labelled in their own language). */
export async function chooseLanguage(page, lang, nativeName) {
  const button = page.locator(`#lang-${lang}`);
  assert.equal((await button.textContent()).trim(), nativeName);
  assert.equal(await button.getAttribute('lang'), lang, 'the language name is marked up in its language');
  await button.click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  assert.equal(await button.getAttribute('aria-pressed'), 'true');
}

/** Switches to `lang` with its header button, unless it is English (the default). */
export async function useLanguage(page, lang) {
  if (lang !== 'en') await chooseLanguage(page, lang, NATIVE_NAMES[lang]);
}

/** Start page → document page. */
export async function startForm(page) {
  await waitStep(page, 'start');
  await page.locator('#continue').click();
  await waitStep(page, 'document');
}

export async function pasteMrz(page, lines) {
  await page.locator('#mrz').fill(lines.join('\n'));
}

// Input id → answer key, in page order, for each page with text inputs.
const PERSONAL_FIELDS = {
  surname: 'surname',
  'given-names': 'givenNames',
  'document-number': 'documentNumber',
  'issuing-state': 'issuingState',
  nationality: 'nationality',
  'birth-date': 'birthDate',
  sex: 'sex',
  'expiry-date': 'expiryDate',
};
const TRIP_FIELDS = {
  flight: 'flight',
  'departure-airport': 'departureAirport',
  'arrival-airport': 'arrivalAirport',
  'departure-date': 'departureDate',
  'arrival-date': 'arrivalDate',
  purpose: 'purpose',
  address: 'addressInJapan',
  'stay-days': 'lengthOfStayDays',
};
const CONTACT_FIELDS = { email: 'email', phone: 'phone' };

/** Sets every input of a page, in page order, with `set(page, id, value)`. */
async function fillFields(page, fields, answers, set) {
  for (const [id, key] of Object.entries(fields)) {
    await set(page, id, answers[key]);
  }
}

/** Checks the personal page shows a person's details. */
export async function assertPersonal(page, p) {
  const got = {};
  const want = {};
  for (const [id, key] of Object.entries(PERSONAL_FIELDS)) {
    got[id] = await fieldValue(page, id);
    want[id] = p[key];
  }
  assert.deepEqual(got, want);
}

/** Fills the personal page (`set` defaults to setField; the keyboard test passes its own). */
export async function fillPersonal(page, p, set = setField) {
  await fillFields(page, PERSONAL_FIELDS, p, set);
}

export async function fillTrip(page, t, set = setField) {
  await fillFields(page, TRIP_FIELDS, t, set);
}

export async function fillContact(page, c, set = setField) {
  await fillFields(page, CONTACT_FIELDS, c, set);
}

/** Ticks the consent box on the review page. */
export async function giveConsent(page) {
  await page.locator('#consent').check();
}

/** Review → Submit → receipt; returns the reference shown. */
export async function submitAndWaitReceipt(page) {
  await page.locator('#submit').click();
  await waitStep(page, 'receipt', 20_000);
  const reference = (await page.locator('#receipt-reference').textContent()).trim();
  assert.ok(reference.length >= 4, `a reference is shown (got ${JSON.stringify(reference)})`);
  return reference;
}

/**
 * Document page, MRZ in the box → personal page (checked against `person`
 * when given) → trip page.
 */
export async function documentToTrip(page, person) {
  await continueTo(page, 'personal');
  if (person) await assertPersonal(page, person);
  await continueTo(page, 'trip');
}

/**
 * Start page → document page with `person`'s MRZ pasted → personal page
 * (checked unless `checkPersonal` is false) → trip page.
 */
export async function pastedMrzToTrip(page, person, { checkPersonal = true } = {}) {
  await startForm(page);
  await pasteMrz(page, mrzOf(person));
  await documentToTrip(page, checkPersonal ? person : undefined);
}

/** Trip page: answers the trip, then the contact page → companions page. */
export async function tripToCompanions(page, theTrip, contact) {
  await fillTrip(page, theTrip);
  await continueTo(page, 'contact');
  await fillContact(page, contact);
  await continueTo(page, 'companions');
}

/** Companions page → review → consent → Submit → receipt; returns the reference shown. */
export async function companionsToReceipt(page) {
  await continueTo(page, 'review');
  await giveConsent(page);
  return submitAndWaitReceipt(page);
}

/**
 * The whole flow for one traveler with a pasted MRZ, by mouse and fill.
 * `onStep(step)` runs on each page before leaving it (screenshots, axe).
 */
export async function completeFlow(page, { person, theTrip = trip(), contact = CONTACT, onStep = async () => {}, beforeStart } = {}) {
  await waitStep(page, 'start');
  if (beforeStart) await beforeStart();
  await onStep('start');
  await startForm(page);
  await pasteMrz(page, mrzOf(person));
  await onStep('document');
  await continueTo(page, 'personal');
  await assertPersonal(page, person);
  await onStep('personal');
  await continueTo(page, 'trip');
  await fillTrip(page, theTrip);
  await onStep('trip');
  await continueTo(page, 'contact');
  await fillContact(page, contact);
  await onStep('contact');
  await continueTo(page, 'companions');
  await onStep('companions');
  await continueTo(page, 'review');
  await giveConsent(page);
  await onStep('review');
  const reference = await submitAndWaitReceipt(page);
  await onStep('receipt');
  return reference;
}

/** The modules of the QR code `#id` on the page (from its SVG path), quiet zone removed. */
export async function qrMatrix(page, id = 'receipt-qr') {
  const qr = page.locator(`#${id}`);
  await qr.waitFor({ state: 'visible' });
  const box = await qr.boundingBox();
  assert.ok(box && box.width >= 80 && box.height >= 80, `the QR code is drawn large enough to scan (${JSON.stringify(box)})`);
  const { d, viewBox } = await qr.evaluate((svg) => ({
    d: [...svg.querySelectorAll('path')].map((p) => p.getAttribute('d')).join(''),
    viewBox: svg.getAttribute('viewBox'),
  }));
  return matrixFromPath(d, Number(viewBox.split(/\s+/)[2]));
}

/**
 * A Y4M video (what Chromium's fake camera plays, looped) of `frames`
 * frames showing the QR code `matrix` in black on white, `scale` pixels a
 * module, centred, on a 640×480 picture.
 */
export function qrVideo(matrix, { scale = 6, frames = 4 } = {}) {
  const [w, h] = [640, 480];
  const n = matrix.length;
  const luma = Buffer.alloc(w * h, 235);
  const [x0, y0] = [Math.floor((w - n * scale) / 2), Math.floor((h - n * scale) / 2)];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!matrix[r][c]) continue;
      for (let dy = 0; dy < scale; dy++) luma.fill(16, (y0 + r * scale + dy) * w + x0 + c * scale, (y0 + r * scale + dy) * w + x0 + (c + 1) * scale);
    }
  }
  const chroma = Buffer.alloc((w / 2) * (h / 2) * 2, 128);
  const parts = [Buffer.from(`YUV4MPEG2 W${w} H${h} F10:1 Ip A1:1 C420jpeg\n`)];
  for (let i = 0; i < frames; i++) parts.push(Buffer.from('FRAME\n'), luma, chroma);
  return Buffer.concat(parts);
}

/** The text of the QR code `#id` on the page (decoded from its SVG path). */
export async function qrText(page, id = 'receipt-qr') {
  const texts = decodeCandidates(await qrMatrix(page, id));
  const receipt = texts.find((t) => t.startsWith('PDR1/'));
  assert.ok(receipt, `the QR code carries a signed receipt (read: ${JSON.stringify(texts)})`);
  return receipt;
}

/**
 * Asserts the receipt shows a QR code carrying the recipient's signed
 * receipt for `reference` (docs/envelope.md, "Receipts"), and, with
 * `server`, that its signature verifies with that intake's receipt key
 * (Node's own Ed25519). Returns the compact text.
 */
export async function assertQrCode(page, reference, { server, id = 'receipt-qr' } = {}) {
  const text = await qrText(page, id);
  const [tag, ref, submissionId, sha256, receivedAt, kid, signature] = text.split('/');
  assert.equal(tag, 'PDR1');
  assert.equal(ref, reference, 'the QR code names the reference');
  assert.equal(referenceOf(submissionId), reference, 'the reference is the submission id\'s');
  if (server) {
    assert.equal(kid, server.pins.receiptKid, 'signed with the intake\'s receipt key');
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: server.pins.receiptPublicKey }, format: 'jwk' });
    const input = ['pre-departure receipt v1', ref, submissionId, sha256, receivedAt].join('\n');
    assert.ok(verify(null, Buffer.from(input), key, Buffer.from(signature, 'base64url')), 'the signature verifies');
  }
  return text;
}

/**
 * After a submission: the stored envelope opens with the agency key to
 * exactly `expected`; no name, document number or contact detail left the
 * browser in cleartext; every request stayed on the portal's origin; no
 * CSP violation, page error or console error; nothing left in browser
 * storage. Returns the export entry.
 */
export async function assertSubmission(portal, server, reference, expected, people, contact) {
  const entry = await server.byReference(reference);
  assert.deepEqual(entry.record, expected, 'the opened record is exactly what was entered');
  const posts = portal.submissions();
  assert.ok(posts.length >= 1, 'the portal posted an envelope');
  for (const post of posts) {
    assert.ok(post.body && post.body.length > 0, 'the POST has a body');
  }
  // The posted bytes are the stored envelope: opening them gives the same record.
  const opened = await server.open(posts.at(-1).body);
  assert.deepEqual(opened, expected, 'the posted envelope opens to the record');
  assert.deepEqual(findLeaks(portal.requests, secretsOf(people, contact)), [], 'no personal data in cleartext in any request');
  assert.deepEqual(foreignRequests(portal.requests, portal.origin), [], 'every request goes to the portal origin');
  await assertNoCspOrErrors(portal);
  await assertNothingStored(portal, 'nothing is kept in browser storage');
  return entry;
}

/**
 * Nothing personal in browser storage: no localStorage, sessionStorage or
 * cookie, no IndexedDB database but the outbox, and the outbox holds exactly
 * `waiting` entries, each only its names (entry id, submission id,
 * recipient's key id), an endpoint, the recipient's pinned receipt key and
 * an envelope (version byte 1) in which none of the `typed` strings appears.
 */
export async function assertNothingStored(portal, message, { waiting = 0, typed = [] } = {}) {
  const s = await storageContents(portal);
  assert.deepEqual(
    { localStorage: s.localStorage, sessionStorage: s.sessionStorage, documentCookie: s.documentCookie, cookies: s.cookies },
    { localStorage: {}, sessionStorage: {}, documentCookie: '', cookies: [] },
    message,
  );
  assert.deepEqual(s.indexedDB.filter((n) => n !== 'portal-outbox'), [], `${message ?? ''}: no database but the outbox`);
  assert.equal(s.outbox.length, waiting, `${message ?? ''}: ${waiting} envelope(s) waiting in the outbox`);
  for (const e of s.outbox) {
    assert.equal(e.store, 'envelopes');
    assert.deepEqual(
      e.fields,
      ['endpoint', 'envelope', 'id', 'receiptKey', 'recipient', 'submissionId'],
      'only the envelope, its names, the endpoint and the pinned receipt key',
    );
    assert.equal(e.firstByte, 1, 'an envelope (version 1)');
    for (const t of typed) assert.ok(!e.text.includes(t), `the outbox holds no plaintext (${t})`);
  }
  return s;
}

/** The receipt reference derived from a submission id (docs/envelope.md), computed here independently. */
export function referenceOf(submissionId) {
  const digest = createHash('sha256').update('pre-departure reference v1\0').update(submissionId).digest();
  let v = digest.readBigUInt64BE(0) >> 14n;
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = alphabet[Number(v & 31n)] + out;
    v >>= 5n;
  }
  return out;
}

export async function assertNoCspOrErrors(portal) {
  assert.deepEqual(await portal.cspViolations(), [], 'no Content-Security-Policy violation');
  assert.deepEqual(portal.pageErrors, [], 'no uncaught page error');
  assert.deepEqual(portal.consoleErrors(), [], 'no console error');
}
