// Offline and field conditions, with real outages (the `agency serve`
// process stopped, not a mocked fetch):
// * after one visit the service worker serves the portal with the server
//   gone, and the form works;
// * the portal travels precompressed (brotli) with Vary: Accept-Encoding;
// * a kiosk reset while a submission is still being retried (intake down)
//   shows nothing of it to the next traveler, and the envelope is still
//   delivered, exactly once, when the intake is back;
// * a receipt whose sha256 is not the envelope's is not an acknowledgement.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agencyAndBrowser } from './harness.mjs';
import {
  PEOPLE,
  trip,
  waitStep,
  currentStep,
  startForm,
  pasteMrz,
  mrzOf,
  pastedMrzToTrip,
  tripToCompanions,
  continueTo,
  giveConsent,
  expectedRecord,
  assertNothingStored,
} from './portal.mjs';

const suite = agencyAndBrowser({ config: { kioskIdleSeconds: 15 } });

/** Waits until a service worker controls the page (a reload after the first visit). */
async function controlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

test('after one visit the portal loads and works with the server stopped', async () => {
  const portal = await suite.openPortal({ viewport: { width: 390, height: 844 } });
  try {
    const { page } = portal;
    await portal.goto('/');
    await waitStep(page, 'start');
    await controlled(page);
    await waitStep(page, 'start');
    await suite.server.outage();
    try {
      const failed = [];
      page.on('requestfailed', (r) => failed.push(r.url()));
      await page.reload({ waitUntil: 'load' });
      await waitStep(page, 'start');
      // The whole form works offline: type the MRZ, go on to the personal page.
      await startForm(page);
      await pasteMrz(page, mrzOf(PEOPLE.lin));
      await continueTo(page, 'personal');
      assert.equal(await page.locator('#surname').inputValue(), PEOPLE.lin.surname);
      assert.deepEqual(failed, [], 'every file of the portal came from the service worker');
      await assertNothingStored(portal, 'still nothing personal in browser storage');
      // The cache holds the build's files and no API answer.
      const cached = await page.evaluate(async () => {
        const out = [];
        for (const name of await caches.keys()) {
          for (const req of await (await caches.open(name)).keys()) out.push(new URL(req.url).pathname);
        }
        return out;
      });
      assert.ok(cached.includes('/index.html') && cached.some((p) => p.endsWith('_bg.wasm')), `shell cached: ${cached}`);
      assert.ok(!cached.some((p) => p.startsWith('/api/')), 'no API response cached');
    } finally {
      await suite.server.restart();
    }
  } finally {
    await portal.close();
  }
});

test('the portal travels brotli-compressed, with Vary: Accept-Encoding', async () => {
  const portal = await suite.openPortal();
  try {
    const { page } = portal;
    const responses = [];
    page.on('response', (r) => responses.push(r));
    await portal.goto('/');
    await waitStep(page, 'start');
    const wasm = responses.find((r) => r.url().endsWith('_bg.wasm'));
    assert.ok(wasm, 'the wasm was fetched');
    const headers = await wasm.allHeaders();
    assert.equal(headers['content-encoding'], 'br');
    assert.equal(headers['content-type'], 'application/wasm');
    assert.match(headers.vary ?? '', /accept-encoding/i);
    assert.match(headers['cache-control'] ?? '', /immutable/);
    const html = responses.find((r) => new URL(r.url()).pathname === '/');
    assert.equal((await html.allHeaders())['content-encoding'], 'br');
    // The manifest is linked and served with its type.
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector('link[rel=manifest]').href;
      const r = await fetch(href);
      return { type: r.headers.get('content-type'), body: await r.json() };
    });
    assert.equal(manifest.type, 'application/manifest+json');
    assert.equal(manifest.body.display, 'standalone');
    assert.deepEqual(manifest.body.icons.map((i) => i.sizes), ['192x192', '512x512']);
  } finally {
    await portal.close();
  }
});

test('kiosk: a reset while the intake is down shows nothing of that submission to the next traveler; it is still delivered once', async () => {
  const person = PEOPLE.wang;
  const contact = { email: 'reset.during.send@example.tw', phone: '+886955123457' };
  const theTrip = trip();
  const portal = await suite.openPortal();
  try {
    const { page } = portal;
    await page.clock.install();
    await portal.goto('/?kiosk=1');
    await pastedMrzToTrip(page, person, { checkPersonal: false });
    await tripToCompanions(page, theTrip, contact);
    await continueTo(page, 'review');
    await giveConsent(page);
    const before = (await suite.server.exportAll()).length;
    await suite.server.outage();
    let restarted = false;
    try {
      await page.locator('#submit').click();
      // Waiting for a connection, not failed.
      await page.waitForFunction(() => /attempt/i.test(document.body.textContent));
      // Nobody there: warning, then the reset.
      await page.clock.runFor(16_000);
      await page.clock.runFor(31_000);
      await waitStep(page, 'start');
      await suite.server.restart();
      restarted = true;
      // Let the retries run (backoff capped at 30 s) until the intake has it.
      let stored = [];
      for (let i = 0; i < 20 && stored.length === before; i++) {
        await page.clock.runFor(10_000);
        await new Promise((r) => setTimeout(r, 200));
        stored = await suite.server.exportAll();
      }
      const mine = stored.filter((e) => e.record?.contact?.email === contact.email);
      assert.equal(mine.length, 1, 'delivered exactly once');
      assert.deepEqual(mine[0].record, expectedRecord([person], theTrip, contact));
      // The next traveler sees nothing of it.
      await page.clock.runFor(5_000);
      assert.equal(await currentStep(page), 'start');
      const text = await page.locator('body').textContent();
      assert.ok(!text.includes(mine[0].reference), 'no reference of the previous traveler');
      assert.ok(!text.includes(person.surname), 'no name of the previous traveler');
      assert.equal(await page.locator('#receipt-reference').count(), 0, 'no receipt');
    } finally {
      if (!restarted) await suite.server.restart();
    }
  } finally {
    await portal.close();
  }
});

test('a receipt whose sha256 is not the envelope\'s is not an acknowledgement', async () => {
  const person = PEOPLE.lin;
  const contact = { email: 'wrong.receipt@example.tw', phone: '+886955123458' };
  const portal = await suite.openPortal();
  try {
    const { page } = portal;
    let altered = 0;
    // Something between the traveler and the intake (a proxy, a captive
    // portal) answers with a receipt for other bytes: the portal must not
    // show a receipt, and must try again.
    await page.route('**/api/v1/submissions', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      altered += 1;
      await route.fulfill({ response, json: { ...body, sha256: '0'.repeat(64) } });
    });
    await portal.goto('/');
    await pastedMrzToTrip(page, person, { checkPersonal: false });
    await tripToCompanions(page, trip(), contact);
    await continueTo(page, 'review');
    await giveConsent(page);
    await page.locator('#submit').click();
    await page.waitForFunction(() => /attempt/i.test(document.body.textContent));
    assert.ok(altered >= 1);
    assert.equal(await currentStep(page), 'review', 'no receipt for a receipt of other bytes');
    // The genuine receipt, once the middle stops interfering, is accepted.
    await page.unroute('**/api/v1/submissions');
    await waitStep(page, 'receipt', 40_000);
  } finally {
    await portal.close();
  }
});
