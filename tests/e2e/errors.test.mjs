// Wrong inputs show the right errors, translated: an MRZ with a misread
// character (check digit fails; "Did you mean …?" repair applied only when
// accepted), a flight number "hello", an email without @; in English,
// Japanese and Traditional Chinese.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agencyAndBrowser } from './harness.mjs';
import { PEOPLE, trip, mrzOf, waitStep, startForm, pasteMrz, clickContinue, continueTo, documentToTrip, fillTrip, setField, useLanguage, assertNoCspOrErrors } from './portal.mjs';
import { ui, code, LANGS } from './strings.mjs';

const suite = agencyAndBrowser();

/** The literal pieces of a message template (the text between `{params}`). */
function pieces(lang, name) {
  return code(lang, name)
    .split(/\{\w+\}/)
    .map((s) => s.trim())
    .filter((s) => [...s].length >= 2);
}

/**
 * After Continue: the error summary ("There is a problem") links to the
 * field, the field is aria-invalid and described by the message, and the
 * message is the translation (not the English).
 */
async function assertFieldError(page, lang, id, codeName) {
  const summary = page.locator('.error-summary, [role="alert"]').filter({ hasText: ui(lang, 'ThereIsAProblem') }).first();
  await summary.waitFor({ state: 'visible' });
  const link = summary.locator(`a[href="#${id}"]`).first();
  await link.waitFor({ state: 'visible' });
  const linkText = (await link.textContent()).trim();
  for (const piece of pieces(lang, codeName)) {
    assert.ok(linkText.includes(piece), `${lang}: summary link for #${id} says ${JSON.stringify(piece)} (got ${JSON.stringify(linkText)})`);
  }
  if (lang !== 'en') {
    for (const piece of pieces('en', codeName)) {
      if (/[a-z]{4}/.test(piece)) assert.ok(!linkText.includes(piece), `${lang}: no English text ${JSON.stringify(piece)} in ${JSON.stringify(linkText)}`);
    }
    assert.match(linkText, /[\u3040-\u30ff\u3400-\u9fff]/, `${lang}: the message is in CJK script`);
  }
  const field = page.locator(`#${id}`);
  assert.equal(await field.getAttribute('aria-invalid'), 'true', `#${id} is aria-invalid`);
  const described = await field.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((d) => document.getElementById(d)?.textContent ?? '')
      .join(' '),
  );
  for (const piece of pieces(lang, codeName)) {
    assert.ok(described.includes(piece), `${lang}: #${id} is described by the message ${JSON.stringify(piece)} (got ${JSON.stringify(described)})`);
  }
  // The summary link moves focus to the field.
  await link.click();
  await page.waitForFunction((want) => document.activeElement?.id === want, id);
}

async function assertNoError(page, id) {
  assert.notEqual(await page.locator(`#${id}`).getAttribute('aria-invalid'), 'true', `#${id} is no longer invalid`);
}

for (const lang of LANGS) {
  test(`wrong inputs in ${lang}: MRZ check digit with repair, flight "hello", email without @`, async () => {
    const person = PEOPLE.chen;
    const portal = await suite.openPortal();
    try {
      const { page } = portal;
      await portal.goto('/');
      await waitStep(page, 'start');
      await useLanguage(page, lang);
      await startForm(page);

      // A reader/typist's O for 0 in the document number: the check digits fail.
      const [l1, l2] = mrzOf(person);
      const zero = l2.indexOf('0');
      assert.ok(zero >= 0 && zero < 9, 'the test number has a 0');
      const misread = `${l2.slice(0, zero)}O${l2.slice(zero + 1)}`;
      await pasteMrz(page, [l1, misread]);
      // Leave the box first (the one-click case is its own test below).
      await page.keyboard.press('Tab');
      await clickContinue(page);
      await assertFieldError(page, lang, 'mrz', 'MrzCheckDigit');
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);

      // "Did you mean …?" offers the repaired line; it is not applied on its own.
      const offer = page.locator('main').getByText(ui(lang, 'DidYouMean'), { exact: false }).first();
      await offer.waitFor({ state: 'visible' });
      const useIt = page.locator('#accept-suggestion');
      await useIt.waitFor({ state: 'visible' });
      assert.equal((await useIt.textContent()).trim(), ui(lang, 'UseCorrection'));
      assert.ok((await page.locator('#mrz-suggestion').textContent()).includes(l2), 'the offer shows the repaired line');
      assert.equal(await page.locator('#mrz').inputValue(), [l1, misread].join('\n'), 'the MRZ is unchanged until the repair is accepted');
      await clickContinue(page);
      await page.waitForTimeout(200);
      await waitStep(page, 'document');
      assert.equal(await page.locator('#surname').count(), 0, 'Continue does not move on with a failing MRZ');
      assert.equal(await page.locator('#mrz').inputValue(), [l1, misread].join('\n'), 'Continue does not apply the repair either');

      await useIt.click();
      assert.equal(await page.locator('#mrz').inputValue(), [l1, l2].join('\n'), 'accepting the repair fixes exactly that character');
      await documentToTrip(page, person);

      // Flight "hello".
      const theTrip = trip();
      await fillTrip(page, { ...theTrip, flight: 'hello' });
      await clickContinue(page);
      await assertFieldError(page, lang, 'flight', 'FlightFormat');
      assert.equal(await page.locator('#flight').inputValue(), 'hello', 'the wrong value stays for correction');
      await setField(page, 'flight', theTrip.flight);
      await page.keyboard.press('Tab');
      await continueTo(page, 'contact');

      // Email without @.
      await setField(page, 'email', 'mei.cheng.example.org');
      await setField(page, 'phone', '+886912345678');
      await clickContinue(page);
      await assertFieldError(page, lang, 'email', 'EmailFormat');
      await setField(page, 'email', 'mei.cheng@example.org');
      await page.keyboard.press('Tab');
      await continueTo(page, 'companions');
      await page.locator('#back').click();
      await waitStep(page, 'contact');
      await assertNoError(page, 'email');
      assert.equal(await page.locator('#email').inputValue(), 'mei.cheng@example.org', 'Back keeps the answers');

      assert.equal(portal.submissions().length, 0, 'nothing was sent');
      await assertNoCspOrErrors(portal);
    } finally {
      await portal.close();
    }
  });
}

test('one click on Continue straight from a wrong MRZ shows the error summary', async () => {
  // The MRZ is checked when the box loses focus; the findings it adds above
  // the buttons must not move Continue away between mouse down and up, or
  // the traveler's click is lost.
  const portal = await suite.openPortal();
  try {
    const { page } = portal;
    await portal.goto('/');
    await startForm(page);
    const [l1, l2] = mrzOf(PEOPLE.chen);
    const zero = l2.indexOf('0');
    await pasteMrz(page, [l1, `${l2.slice(0, zero)}O${l2.slice(zero + 1)}`]);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'mrz');
    await clickContinue(page);
    await page.locator('#error-summary').waitFor({ state: 'visible', timeout: 3000 });
  } finally {
    await portal.close();
  }
});

test('one click on Continue straight after correcting a field moves on', async () => {
  const portal = await suite.openPortal();
  try {
    const { page } = portal;
    await portal.goto('/');
    await startForm(page);
    await pasteMrz(page, mrzOf(PEOPLE.chen));
    await page.keyboard.press('Tab');
    await documentToTrip(page);
    await fillTrip(page, trip());
    await continueTo(page, 'contact');
    await setField(page, 'email', 'no-at-sign.example.org');
    await setField(page, 'phone', '+886912345678');
    await clickContinue(page);
    await page.locator('#error-summary').waitFor({ state: 'visible' });
    // Correct the email and click Continue once, focus still in the box.
    await setField(page, 'email', 'at@example.org');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'email');
    await continueTo(page, 'companions', 3000);
  } finally {
    await portal.close();
  }
});
