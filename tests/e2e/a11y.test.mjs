// axe-core on every page of the flow (and on the document page showing an
// error), in all three languages. axe is injected with addScriptTag({path})
// in a context that bypasses the CSP: only this test does that.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agencyAndBrowser, axeViolations } from './harness.mjs';
import { PEOPLE, trip, mrzOf, completeFlow, useLanguage, pasteMrz, clickContinue } from './portal.mjs';
import { ui, LANGS } from './strings.mjs';

const suite = agencyAndBrowser();

for (const lang of LANGS) {
  test(`axe-core: no violations on any page in ${lang}`, async () => {
    const portal = await suite.openPortal({ bypassCSP: true });
    try {
      const { page } = portal;
      await portal.goto('/');
      const found = {};
      const checked = [];
      const check = async (name) => {
        const v = await axeViolations(page);
        checked.push(name);
        if (v.length > 0) found[name] = v;
      };
      await completeFlow(page, {
        person: PEOPLE.smith,
        theTrip: trip(),
        contact: { email: 'axe@example.org', phone: '+886912345678' },
        beforeStart: () => useLanguage(page, lang),
        onStep: async (step) => {
          if (step === 'document') {
            // The page with an error summary and an invalid field.
            const lines = mrzOf(PEOPLE.smith);
            await pasteMrz(page, [lines[0], `${lines[1].slice(0, 9)}${(Number(lines[1][9]) + 1) % 10}${lines[1].slice(10)}`]);
            // Leave the box before clicking (see the one-click tests in errors.test.mjs).
            await page.keyboard.press('Tab');
            await clickContinue(page);
            await page.locator('main').getByText(ui(lang, 'ThereIsAProblem')).first().waitFor({ state: 'visible' });
            await check('document-error');
            await pasteMrz(page, lines);
            await page.keyboard.press('Tab');
          }
          await check(step);
        },
      });
      assert.deepEqual(checked, ['start', 'document-error', 'document', 'personal', 'trip', 'contact', 'companions', 'review', 'receipt']);
      assert.deepEqual(found, {}, `axe violations in ${lang}:\n${JSON.stringify(found, null, 2)}`);
    } finally {
      await portal.close();
    }
  });
}
