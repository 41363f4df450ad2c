// Every language of the portal, end to end in one browser:
//
// * the whole flow in each of the eight languages, and the staff page Check
//   a receipt, the language chosen by the
//   browser's preferred language on a first visit (no click), with axe-core
//   on every page (0 violations), a phone-size screenshot of every page
//   (artifacts/screenshots/i18n-<lang>-<n>-<page>.png), no English text of the portal left on a
//   page in another language, nothing wider than the phone's screen, the
//   dates in the language's form, the agency's name in the language, and
//   only that language's pack fetched;
// * switching language on every page keeps what was typed;
// * the pre-rendered start page and MRZ box are put in the browser's
//   language by the boot script before the app has arrived;
// * a repeat visit with no network opens in the language read before.
//
// axe is injected with addScriptTag({path}) in a context that bypasses the
// CSP, as in a11y.test.mjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agencyAndBrowser, axeViolations, screenshot } from './harness.mjs';
import { PEOPLE, trip, mrzOf, completeFlow, pasteMrz, continueTo, startForm, fillTrip, fillContact, fieldValue, waitStep } from './portal.mjs';
import { ui, date, pack, ALL_LANGS } from './strings.mjs';

// The agency's name given in a few languages (the others show the first
// language's), as config.json allows.
const AGENCY = {
  en: 'Pre-departure Desk',
  th: 'ศูนย์ตรวจข้อมูลก่อนเดินทาง',
  ko: '출발 전 확인 창구',
  vi: 'Bàn kiểm tra trước khi khởi hành',
};
const suite = agencyAndBrowser({ config: { agency: { name: AGENCY, contact: '+886 2 0000 0000' } } });

// A browser's preferred language for each (navigator.languages).
const LOCALE = { en: 'en-GB', ja: 'ja-JP', 'zh-Hant': 'zh-TW', id: 'id-ID', vi: 'vi-VN', fil: 'fil-PH', th: 'th-TH', ko: 'ko-KR' };
const PHONE = { width: 390, height: 844 };

/** The page's own texts (English pack) that must not show on a page in `lang`. */
function englishLeft(lang) {
  if (lang === 'en') return [];
  const en = pack('en');
  const own = new Set(Object.values(pack(lang)).flatMap((v) => (v && typeof v === 'object' ? Object.values(v) : [])));
  const texts = [];
  for (const section of ['ui', 'codes', 'fieldCodes', 'required']) {
    for (const t of Object.values(en[section])) {
      if (own.has(t)) continue;
      // The longest literal part (between placeholders), when long enough to be telling.
      const part = t.split(/\{\w+\}/).map((s) => s.trim()).sort((a, b) => b.length - a.length)[0];
      if (part.length >= 8 && ![...own].some((o) => o.includes(part))) texts.push(part);
    }
  }
  return texts;
}

/** What is wrong with the page as shown: English left, text wider than the screen. */
async function pageProblems(page, lang, leftovers) {
  return page.evaluate(
    ({ leftovers, lang }) => {
      const problems = [];
      if (document.documentElement.lang !== lang) problems.push(`html lang is ${document.documentElement.lang}`);
      const text = document.body.innerText;
      for (const s of leftovers) if (text.includes(s)) problems.push(`English left: ${JSON.stringify(s)}`);
      if (document.documentElement.scrollWidth > window.innerWidth) {
        problems.push(`the page is ${document.documentElement.scrollWidth} px wide on a ${window.innerWidth} px screen`);
      }
      for (const e of document.querySelectorAll('main *, header *')) {
        const s = getComputedStyle(e);
        // (Visually hidden text, 1 px wide and clipped by design, is not cut off.)
        if (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 2 && s.overflowX === 'hidden' && e.tagName !== 'svg') {
          problems.push(`text cut off in <${e.tagName.toLowerCase()} id="${e.id}">`);
        }
      }
      return problems;
    },
    { leftovers, lang },
  );
}

for (const lang of ALL_LANGS) {
  test(`the whole flow in ${lang}: chosen from the browser's language, axe-clean, screenshots, nothing left in English`, async () => {
    const portal = await suite.openPortal({ bypassCSP: true, locale: LOCALE[lang], viewport: PHONE });
    try {
      const { page } = portal;
      await portal.goto('/');
      const leftovers = englishLeft(lang);
      const found = {};
      const steps = [];
      const theTrip = trip();
      const onStep = async (step) => {
        steps.push(step);
        // The app's page, in the language, before anything is judged.
        await page.waitForFunction((l) => document.documentElement.lang === l && !document.querySelector('[data-prerender]'), lang);
        const problems = await pageProblems(page, lang, leftovers);
        const violations = await axeViolations(page);
        if (problems.length > 0 || violations.length > 0) found[step] = { problems, violations };
        await screenshot(page, `i18n-${lang}-${String(steps.length).padStart(2, '0')}-${step}`);
        if (step === 'start') {
          assert.equal((await page.locator('h1').textContent()).trim(), ui(lang, 'StartTitle'));
          assert.equal((await page.locator('.agency-name').textContent()).trim(), AGENCY[lang] ?? AGENCY.en, 'the agency name in the language');
          assert.equal(await page.locator(`#lang-${lang}`).getAttribute('aria-pressed'), 'true');
        }
        if (step === 'review') {
          const text = await page.locator('main').innerText();
          assert.ok(text.includes(date(lang, theTrip.departureDate)), `the review shows the date as ${date(lang, theTrip.departureDate)}`);
          assert.ok(text.includes(date(lang, PEOPLE.okafor.birthDate)), `the review shows the birth date as ${date(lang, PEOPLE.okafor.birthDate)}`);
        }
      };
      const reference = await completeFlow(page, { person: PEOPLE.okafor, theTrip, contact: { email: `i18n.${lang}@example.org`, phone: '+886912345678' }, onStep });

      await page.waitForFunction((t) => document.querySelector('h1')?.textContent.trim() === t, ui(lang, 'ReceiptTitle'), { timeout: 20_000 });
      // The staff page, Check a receipt, with a text that is not a receipt.
      await page.locator('#start-again').click();
      await page.locator('#check-receipt-link').click();
      await page.locator('#receipt-text').fill('NOT-A-RECEIPT');
      await page.locator('#check-receipt').click();
      await page.locator('#receipt-check').waitFor({ state: 'visible' });
      assert.equal((await page.locator('#receipt-check-title').textContent()).trim(), ui(lang, 'ReceiptNotGenuine'));
      await onStep('check-receipt');
      assert.deepEqual(steps, ['start', 'document', 'personal', 'trip', 'contact', 'companions', 'review', 'receipt', 'check-receipt']);
      assert.deepEqual(found, {}, `problems on the pages in ${lang}:\n${JSON.stringify(found, null, 2)}`);
      const entry = await suite.server.byReference(reference);
      assert.equal(entry.record.travelers[0].surname, PEOPLE.okafor.surname, 'the submission arrived');
      const packs = portal.requests.filter((r) => /\/i18n-[A-Za-z-]+-[0-9a-f]{16}\.json$/.test(new URL(r.url).pathname) && !r.fromServiceWorker);
      assert.deepEqual(
        [...new Set(packs.map((r) => new URL(r.url).pathname.split('-').slice(1, -1).join('-')))],
        [lang],
        'only the language read is fetched',
      );
    } finally {
      await portal.close();
    }
  });
}

test('switching language on every page keeps what was typed', async () => {
  const portal = await suite.openPortal({ viewport: PHONE });
  try {
    const { page } = portal;
    await portal.goto('/');
    let i = 0;
    const next = () => ALL_LANGS[++i % ALL_LANGS.length];
    /** Switches with the header's button; the page's title key is then in that language. */
    const switchTo = async (title) => {
      const lang = next();
      await page.locator(`#lang-${lang}`).click();
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      assert.equal((await page.locator('h1').textContent()).trim(), ui(lang, title), `the page is in ${lang}`);
      return lang;
    };
    await startForm(page);
    const mrz = mrzOf(PEOPLE.lin);
    await pasteMrz(page, mrz);
    await switchTo('DocumentTitle');
    assert.equal(await fieldValue(page, 'mrz'), mrz.join('\n'));
    await continueTo(page, 'personal');
    await switchTo('PersonalTitle');
    assert.equal(await fieldValue(page, 'given-names'), PEOPLE.lin.givenNames);
    assert.equal(await fieldValue(page, 'surname'), PEOPLE.lin.surname);
    await continueTo(page, 'trip');
    const theTrip = trip();
    await fillTrip(page, theTrip);
    await switchTo('TripTitle');
    for (const [id, v] of [['flight', theTrip.flight], ['departure-airport', theTrip.departureAirport], ['departure-date', theTrip.departureDate], ['address', theTrip.addressInJapan]]) {
      assert.equal(await fieldValue(page, id), v, id);
    }
    await continueTo(page, 'contact');
    await fillContact(page, { email: 'switch@example.org', phone: '+886912345678' });
    const lang = await switchTo('ContactTitle');
    assert.equal(await fieldValue(page, 'email'), 'switch@example.org');
    await continueTo(page, 'companions');
    await continueTo(page, 'review');
    await switchTo('ReviewTitle');
    const text = await page.locator('main').innerText();
    assert.ok(text.includes(PEOPLE.lin.givenNames) && text.includes('switch@example.org') && text.includes(theTrip.addressInJapan), 'the review has every answer');
    assert.notEqual(lang, 'en');
  } finally {
    await portal.close();
  }
});

test('the pre-rendered start page and MRZ box are in the browser language before the app arrives', async () => {
  const portal = await suite.openPortal({ locale: 'th-TH', viewport: PHONE });
  try {
    const { page } = portal;
    // The app never arrives: only the pre-rendered page and the boot script run.
    await page.route(/portal-[0-9a-f]+_bg\.wasm$/, (route) => route.abort());
    await portal.goto('/');
    await page.waitForFunction(() => document.documentElement.lang === 'th');
    assert.equal((await page.locator('h1').first().textContent()).trim(), ui('th', 'StartTitle'));
    assert.equal(await page.title(), ui('th', 'ServiceName'));
    assert.equal((await page.locator('.agency-name').textContent()).trim(), AGENCY.th);
    assert.equal(await page.locator('a.language-button[lang="th"]').getAttribute('aria-current'), 'true');
    await page.locator('#continue').click();
    await page.locator('#mrz').pressSequentially('P<');
    assert.equal((await page.locator('label[for="mrz"]').textContent()).trim(), ui('th', 'MrzLabel'));
    assert.equal(await fieldValue(page, 'mrz'), 'P<');
    await screenshot(page, 'i18n-th-00-prerendered-document');
  } finally {
    await portal.close();
  }
});

test('a repeat visit with no network opens in the language read before', async () => {
  const portal = await suite.openPortal({ locale: 'ko-KR', viewport: PHONE });
  try {
    const { page, context } = portal;
    await portal.goto('/');
    await waitStep(page, 'start');
    // The service worker is installed (the build precached) and controls
    // the page after a reload, as on a traveler's second visit.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await waitStep(page, 'start');
    // The service worker has kept the Korean pack (the page asked it to).
    await page.waitForFunction(
      async () => {
        for (const name of await caches.keys()) {
          const keys = await (await caches.open(name)).keys();
          if (keys.some((r) => /\/i18n-ko-[0-9a-f]{16}\.json$/.test(r.url))) return true;
        }
        return false;
      },
      null,
      { polling: 100 },
    );
    await context.setOffline(true);
    await page.reload({ waitUntil: 'load' });
    await waitStep(page, 'start');
    await page.waitForFunction(() => document.documentElement.lang === 'ko' && !document.querySelector('[data-prerender]'));
    assert.equal((await page.locator('h1').textContent()).trim(), ui('ko', 'StartTitle'));
    await startForm(page);
  } finally {
    await portal.context.setOffline(false);
    await portal.close();
  }
});
