// Kiosk mode (?kiosk=1, short idle timeout from config.json): after the
// idle time the kiosk asks "Are you still there?"; answering keeps the
// answers, not answering clears everything and goes back to the start.
// After a submission the receipt is cleared for the next traveler, and the
// browser keeps nothing in storage.
//
// Time is driven with Playwright's clock (setTimeout/setInterval/Date in
// the page), so the 15-second minimum idle timeout costs no wall time.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agencyAndBrowser } from './harness.mjs';
import {
  PEOPLE,
  trip,
  waitStep,
  currentStep,
  startForm,
  pastedMrzToTrip,
  tripToCompanions,
  companionsToReceipt,
  fillTrip,
  expectedRecord,
  assertSubmission,
  assertNothingStored,
  assertNoCspOrErrors,
  chooseLanguage,
} from './portal.mjs';
import { ui } from './strings.mjs';

const IDLE_SECONDS = 15;

const suite = agencyAndBrowser({ config: { kioskIdleSeconds: IDLE_SECONDS } });

async function openKiosk() {
  const portal = await suite.openPortal();
  await portal.page.clock.install();
  await portal.goto('/?kiosk=1');
  return portal;
}

function stillThere(page, lang = 'zh-Hant') {
  return page.getByText(ui(lang, 'StillThere'), { exact: true }).first();
}

/** Every text field of the page (inputs, text areas) with a value. */
async function filledFields(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('input:not([type=checkbox]):not([type=radio]):not([type=hidden]), textarea, select')]
      .filter((e) => e.value !== '')
      .map((e) => `${e.id}=${e.value}`),
  );
}

test('kiosk: idle warning, "still here" keeps the answers, then silence resets everything', async () => {
  const person = PEOPLE.lin;
  const portal = await openKiosk();
  try {
    const { page } = portal;
    await waitStep(page, 'start');
    // The next traveler must not inherit this one's language either.
    await chooseLanguage(page, 'zh-Hant', '繁體中文');
    await pastedMrzToTrip(page, person);
    await fillTrip(page, trip());

    // Not yet: activity keeps the kiosk quiet.
    await page.clock.runFor((IDLE_SECONDS - 5) * 1000);
    assert.equal(await stillThere(page).isVisible(), false, 'no warning before the idle time');
    await page.locator('#flight').press('End');
    await page.clock.runFor((IDLE_SECONDS - 5) * 1000);
    assert.equal(await stillThere(page).isVisible(), false, 'activity restarts the idle timer');

    // Idle: the warning, which is announced.
    await page.clock.runFor(6_000);
    await stillThere(page).waitFor({ state: 'visible' });
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor({ state: 'visible' });
    assert.ok((await dialog.textContent()).includes(ui('zh-Hant', 'StillThereBody', { seconds: 30 })), 'the dialog says when the answers will be cleared');
    assert.equal(await page.evaluate(() => document.activeElement?.closest('[role=alertdialog]') !== null), true, 'focus is in the dialog');
    // Answering keeps everything.
    await page.keyboard.press('Enter');
    await stillThere(page).waitFor({ state: 'hidden' });
    assert.equal(await currentStep(page), 'trip');
    assert.equal(await page.locator('#flight').inputValue(), trip().flight, 'answers kept after "still here"');

    // Idle again, nobody answers: full reset.
    await page.clock.runFor((IDLE_SECONDS + 1) * 1000);
    await stillThere(page).waitFor({ state: 'visible' });
    await page.clock.runFor(120_000);
    await waitStep(page, 'start');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', 'back to the default language');
    assert.equal(await stillThere(page).isVisible(), false);
    assert.deepEqual(await filledFields(page), [], 'the start page has no answers');
    // Going forward again shows empty pages.
    await startForm(page);
    assert.equal(await page.locator('#mrz').inputValue(), '', 'MRZ cleared');
    await page.locator('#enter-by-hand').click();
    await waitStep(page, 'personal');
    assert.deepEqual(await filledFields(page), [], 'personal details cleared');
    assert.equal(portal.submissions().length, 0);
    await assertNothingStored(portal);
    await assertNoCspOrErrors(portal);
  } finally {
    await portal.close();
  }
});

test('kiosk: after a submission the receipt is cleared for the next traveler; storage stays empty', async () => {
  const person = PEOPLE.wang;
  const contact = { email: 'kiosk.user@example.tw', phone: '+886955123456' };
  const theTrip = trip();
  const portal = await openKiosk();
  try {
    const { page } = portal;
    await pastedMrzToTrip(page, person, { checkPersonal: false });
    await tripToCompanions(page, theTrip, contact);
    const reference = await companionsToReceipt(page);
    await assertSubmission(portal, suite.server, reference, expectedRecord([person], theTrip, contact), [person], contact);
    // The receipt goes away by itself.
    await page.clock.runFor(180_000);
    await waitStep(page, 'start');
    assert.equal(await page.locator('#receipt-reference').count(), 0, 'the receipt is gone');
    assert.ok(!(await page.locator('body').textContent()).includes(reference), 'the reference is no longer on the page');
    assert.ok(!(await page.locator('body').textContent()).includes(person.surname), 'the name is no longer on the page');
    await assertNothingStored(portal);
  } finally {
    await portal.close();
  }
});

test('kiosk: nothing of a traveler comes back by Back from the back-forward cache', async () => {
  const person = PEOPLE.lin;
  const portal = await suite.openPortal();
  try {
    const { page } = portal;
    await page.addInitScript(() => {
      window.__restored = false;
      addEventListener('pageshow', (e) => {
        if (e.persisted) window.__restored = true;
      });
    });
    await portal.goto('/?kiosk=1');
    await pastedMrzToTrip(page, person, { checkPersonal: false });
    await fillTrip(page, trip());
    assert.ok((await filledFields(page)).length > 0, 'the trip page has answers');
    // The traveler (or the next one) leaves the portal and comes back by Back.
    await page.goto(`${portal.origin}/branding/logo.svg`, { waitUntil: 'load' });
    // A page restored from the back-forward cache fires no load event.
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForFunction(() => document.readyState === 'complete');
    const restored = await page.evaluate(() => window.__restored);
    assert.equal(restored, true, 'the page came back from the back-forward cache (the case this test is for)');
    await waitStep(page, 'start');
    assert.deepEqual(await filledFields(page), [], 'no answers on the page that came back');
    const text = await page.locator('body').textContent();
    assert.ok(!text.includes(person.surname), 'no name of the previous traveler');
    // Forward into the form again: empty pages.
    await startForm(page);
    assert.equal(await page.locator('#mrz').inputValue(), '', 'the MRZ is cleared');
    await assertNoCspOrErrors(portal);
  } finally {
    await portal.close();
  }
});
