// A group of three: the traveler filling the form, a second adult, and a
// minor linked to an adult; checked in the record the agency opens.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agencyAndBrowser } from './harness.mjs';
import {
  PEOPLE,
  minor,
  trip,
  mrzOf,
  waitStep,
  pasteMrz,
  clickContinue,
  continueTo,
  assertPersonal,
  pastedMrzToTrip,
  tripToCompanions,
  giveConsent,
  submitAndWaitReceipt,
  expectedRecord,
  assertSubmission,
  setField,
  currentStep,
  assertNoCspOrErrors,
} from './portal.mjs';
import { code } from './strings.mjs';

const suite = agencyAndBrowser();

async function addCompanion(page, person) {
  await page.locator('#add-traveler').click();
  await waitStep(page, 'document');
  assert.equal(await page.locator('#mrz').inputValue(), '', 'a new traveler starts with an empty MRZ');
  await pasteMrz(page, mrzOf(person));
  await continueTo(page, 'personal');
  await assertPersonal(page, person);
  await continueTo(page, 'companions');
}

test('group of three: adult, second adult, minor linked to the first adult', async () => {
  const lead = PEOPLE.smith;
  const second = PEOPLE.chen;
  const child = minor();
  const contact = { email: 'family.trip@example.co.uk', phone: '+447700900456' };
  const theTrip = { ...trip(), purpose: 'tourism', lengthOfStayDays: 10 };
  const portal = await suite.openPortal();
  try {
    const { page } = portal;
    await portal.goto('/');
    await pastedMrzToTrip(page, lead);
    await tripToCompanions(page, theTrip, contact);

    await addCompanion(page, second);
    await addCompanion(page, child);
    // Only the minor gets an "accompanying adult" choice, listing the adults.
    assert.equal(await page.locator('#accompanied-by-0, #accompanied-by-1').count(), 0, 'adults have no link to choose');
    const link = page.locator('#accompanied-by-2');
    const options = await link.locator('option').evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(options, ['', '0', '1'], 'both adults are offered');
    await setField(page, 'accompanied-by-2', '0');

    // The companions page lists all three.
    const main = page.locator('main');
    for (const p of [lead, second, child]) {
      await main.getByText(p.surname, { exact: false }).first().waitFor({ state: 'visible' });
    }
    await continueTo(page, 'review');
    const review = await main.textContent();
    for (const p of [lead, second, child]) {
      assert.ok(review.includes(p.documentNumber), `review shows ${p.documentNumber}`);
    }
    await giveConsent(page);
    const reference = await submitAndWaitReceipt(page);
    const entry = await assertSubmission(
      portal,
      suite.server,
      reference,
      expectedRecord([lead, second, child], theTrip, contact, { accompaniedBy: { 2: 0 } }),
      [lead, second, child],
      contact,
    );
    assert.equal(entry.record.travelers.length, 3);
    assert.equal(entry.record.travelers[2].accompaniedBy, 0, 'the minor is linked to the first adult');
    assert.equal(entry.record.travelers[0].accompaniedBy, undefined, 'adults are not linked');
  } finally {
    await portal.close();
  }
});

test('a minor without an accompanying adult cannot be submitted alone', async () => {
  const child = minor();
  const portal = await suite.openPortal();
  try {
    const { page } = portal;
    await portal.goto('/');
    await pastedMrzToTrip(page, child, { checkPersonal: false });
    await tripToCompanions(page, trip(), { email: 'alone@example.org', phone: '+886912000111' });
    await clickContinue(page);
    // The companions page refuses to go on: the minor needs an adult.
    const summary = page.locator('#error-summary');
    await summary.waitFor({ state: 'visible' });
    assert.ok(
      (await summary.textContent()).includes(code('en', 'GroupMinorAlone', { age: 18 })),
      `the summary says a minor needs an adult: ${await summary.textContent()}`,
    );
    assert.equal(await currentStep(page), 'companions', 'still on the companions page');
    assert.equal(await page.locator('#receipt-reference').count(), 0, 'no receipt');
    assert.equal(portal.submissions().length, 0, 'nothing was posted');
    await assertNoCspOrErrors(portal);
  } finally {
    await portal.close();
  }
});
