// The whole flow in each language: start → document (pasted MRZ) → personal
// details (pre-filled) → trip → contact → companions (none) → review →
// consent → Submit → receipt with a reference and a QR code. Screenshots of
// every page go to artifacts/screenshots/<lang>-<step>.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agencyAndBrowser, screenshot } from './harness.mjs';
import { PEOPLE, CONTACT, trip, completeFlow, expectedRecord, assertSubmission, assertQrCode, useLanguage } from './portal.mjs';
import { ui } from './strings.mjs';

const suite = agencyAndBrowser();

// The controls of each page: id, role and the interface string that must be its accessible name.
const CONTROLS = {
  document: [['mrz', 'textbox', 'MrzLabel'], ['continue', 'button', 'Continue'], ['back', 'button', 'Back']],
  personal: [
    ['surname', 'textbox', 'Surname'],
    ['given-names', 'textbox', 'GivenNames', { optional: true }],
    ['document-number', 'textbox', 'DocumentNumber'],
    ['issuing-state', 'textbox', 'IssuingState'],
    ['nationality', 'textbox', 'Nationality'],
    ['birth-date', 'textbox', 'BirthDate'],
    ['sex', 'combobox', 'Sex'],
    ['expiry-date', 'textbox', 'ExpiryDate'],
  ],
  trip: [
    ['flight', 'textbox', 'Flight'],
    ['departure-airport', 'combobox', 'DepartureAirport'],
    ['arrival-airport', 'combobox', 'ArrivalAirport'],
    ['departure-date', 'textbox', 'DepartureDate'],
    ['arrival-date', 'textbox', 'ArrivalDate'],
    ['purpose', 'combobox', 'Purpose'],
    ['address', 'textbox', 'Address'],
    ['stay-days', 'textbox', 'StayDays'],
  ],
  contact: [['email', 'textbox', 'Email'], ['phone', 'textbox', 'Phone']],
  review: [['submit', 'button', 'Submit'], ['back', 'button', 'Back']],
};

/** Each control is found by its role and translated accessible name, and it is the element with the promised id. */
async function assertAccessibleNames(page, lang, step) {
  for (const [id, role, key, { optional = false } = {}] of CONTROLS[step] ?? []) {
    // Optional inputs say so in their label: "Given names (optional)", 「名（任意）」.
    const name = optional ? `${ui(lang, key)}${lang === 'en' ? ' ' : ''}${ui(lang, 'Optional')}` : ui(lang, key);
    const el = page.locator('main').getByRole(role, { name, exact: true });
    assert.equal(await el.count(), 1, `${lang} ${step}: one ${role} named ${JSON.stringify(name)}`);
    assert.equal(await el.getAttribute('id'), id, `${lang} ${step}: ${JSON.stringify(name)} is #${id}`);
    if (!optional && role !== 'button') assert.equal(await el.getAttribute('aria-required'), 'true', `${lang} ${step}: #${id} aria-required`);
  }
}

const CASES = [
  { lang: 'en', person: PEOPLE.chen, contact: CONTACT },
  { lang: 'ja', person: PEOPLE.lin, contact: { email: 'erik.lindqvist@example.se', phone: '+46701234567' } },
  { lang: 'zh-Hant', person: PEOPLE.wang, contact: { email: 'xm.wangsa@example.tw', phone: '+886987654321' } },
];

for (const { lang, person, contact } of CASES) {
  test(`whole flow in ${lang}: pasted MRZ to receipt, record opened by the agency`, async () => {
    // Phone size: the screenshots of every step (artifacts/screenshots) are
    // what a traveler on a phone sees.
    const portal = await suite.openPortal({ viewport: { width: 390, height: 844 } });
    try {
      const { page } = portal;
      await portal.goto('/');
      const theTrip = trip();
      const seen = [];
      const reference = await completeFlow(page, {
        person,
        theTrip,
        contact,
        beforeStart: () => useLanguage(page, lang),
        onStep: async (step) => {
          seen.push(step);
          assert.equal(await page.evaluate(() => document.documentElement.lang), lang, `<html lang> on ${step}`);
          if (step !== 'receipt' && step !== 'review') {
            assert.equal((await page.locator('#continue').textContent()).trim(), ui(lang, 'Continue'), `Continue is translated on ${step}`);
          }
          if (step === 'review') {
            assert.equal((await page.locator('#submit').textContent()).trim(), ui(lang, 'Submit'), 'Submit is translated');
          }
          await assertAccessibleNames(page, lang, step);
          await screenshot(page, `${lang}-${step}`);
        },
      });
      assert.deepEqual(seen, ['start', 'document', 'personal', 'trip', 'contact', 'companions', 'review', 'receipt']);
      await assertQrCode(page, reference);
      const entry = await assertSubmission(portal, suite.server, reference, expectedRecord([person], theTrip, contact), [person], contact);
      assert.equal(portal.submissions().length, 1, 'exactly one POST');
      assert.match(entry.submissionId ?? '', /^[0-9a-f-]{36}$/i, 'the submission id is a UUID');
    } finally {
      await portal.close();
    }
  });
}
