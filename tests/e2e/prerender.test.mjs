// The first load: the start page is in the served index.html (readable
// before any script runs), a click on Start that comes before the wasm is
// not lost, and the second wasm module (sealing, QR code) stays out of the
// first load but is built, precached and compressed like the rest.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agencyAndBrowser, axeViolations } from './harness.mjs';
import { ui } from './strings.mjs';
import { waitStep, pasteMrz, mrzOf, PEOPLE, continueTo, assertNoCspOrErrors } from './portal.mjs';

const suite = agencyAndBrowser();

const START_TEXTS = () => [
  ui('en', 'StartTitle'),
  ui('en', 'StartIntro'),
  ui('en', 'WhatYouNeed'),
  ui('en', 'NeedDocument'),
  ui('en', 'PrivacyTitle'),
  ui('en', 'PrivacyRecipient', { agency: suite.server.config.agency.name, contact: suite.server.config.agency.contact }),
  ui('en', 'Continue'),
];

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

test('the served index.html carries the start page, without inline script or style', async () => {
  const response = await fetch(`${suite.server.origin}/`);
  assert.equal(response.status, 200);
  const html = await response.text();
  for (const text of START_TEXTS()) assert.ok(html.includes(escapeHtml(text)), `index.html has ${JSON.stringify(text)}`);
  assert.match(html, /<html lang="en">/);
  assert.match(html, /<a class="button" id="continue" href="#document"[^>]*>/);
  assert.doesNotMatch(html, /<script\b(?![^>]*\bsrc=)[^>]*>/i, 'no inline script');
  assert.doesNotMatch(html, /<style\b|\sstyle=/i, 'no inline style');
  // The lazy module is not asked for by the page itself.
  assert.doesNotMatch(html, /portal-lazy/, 'the second module is not preloaded');
});

test('with JavaScript disabled the start page shows, and Start shows the MRZ box, which takes typing', async () => {
  const context = await suite.browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    await page.goto(`${suite.server.origin}/`, { waitUntil: 'load' });
    assert.equal((await page.locator('h1:visible').textContent()).trim(), ui('en', 'StartTitle'));
    assert.equal((await page.locator('.agency-name').textContent()).trim(), suite.server.config.agency.name);
    const mrz = page.locator('#mrz');
    assert.equal(await mrz.isVisible(), false, 'the MRZ box is hidden until Start is clicked');
    await page.locator('#continue').click();
    await mrz.waitFor({ state: 'visible' });
    assert.equal((await page.locator('h1:visible').textContent()).trim(), ui('en', 'DocumentTitle'), 'the document page replaces the start page');
    assert.equal(await page.locator('.prerender-start').isVisible(), false);
    assert.equal((await page.locator('#prerender-checking').textContent()).trim(), ui('en', 'PrerenderChecking'));
    await mrz.pressSequentially('P<UTO');
    assert.equal(await mrz.inputValue(), 'P<UTO');
  } finally {
    await context.close();
  }
});

test('a click on Start before the wasm has loaded shows the MRZ box at once; what is typed there carries into the app', async () => {
  const portal = await suite.openPortal({ viewport: { width: 390, height: 844 } });
  try {
    const { page } = portal;
    let release;
    const gate = new Promise((r) => {
      release = r;
    });
    let held = false;
    await page.route(/\/portal-[0-9a-f]{12,16}_bg\.wasm$/, async (route) => {
      held = true;
      await gate;
      await route.continue();
    });
    await page.goto(`${suite.server.origin}/`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => document.querySelector('[data-prerender]') !== null);
    await page.locator('#continue').click();
    await page.locator('#mrz').waitFor({ state: 'visible' });
    // Typing starts before the app has arrived.
    const first = mrzOf(PEOPLE.chen)[0];
    await page.locator('#mrz').pressSequentially(first.slice(0, 10));
    assert.ok(held, 'the main wasm was still held back while the MRZ was typed');
    assert.ok((await page.locator('[data-prerender]').count()) > 0, 'still the pre-rendered page');
    release();
    await waitStep(page, 'document', 20_000);
    assert.equal(await page.locator('[data-prerender]').count(), 0, 'the pre-rendered page is gone');
    assert.equal(await page.evaluate(() => location.hash), '', 'the #document hash is cleared');
    // The app took over what was typed and the focus: typing goes on.
    assert.equal(await page.locator('#mrz').inputValue(), first.slice(0, 10), 'nothing typed is lost');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'mrz', 'the focus stays in the MRZ box');
    await page.keyboard.type(first.slice(10));
    assert.equal(await page.locator('#mrz').inputValue(), first);
    await pasteMrz(page, mrzOf(PEOPLE.chen));
    await continueTo(page, 'personal');
    assert.equal(await page.locator('#surname').inputValue(), PEOPLE.chen.surname);
    await assertNoCspOrErrors(portal);
  } finally {
    await portal.close();
  }
});

test('axe-core: no violations on the pre-rendered start page, nor with its MRZ box shown', async () => {
  const portal = await suite.openPortal({ bypassCSP: true });
  try {
    const { page } = portal;
    // The app never starts: only the pre-rendered page is checked.
    await page.route(/\/portal-[0-9a-f]{12,16}_bg\.wasm$/, (route) => route.abort());
    await page.goto(`${suite.server.origin}/`, { waitUntil: 'domcontentloaded' });
    await page.locator("[data-prerender] h1#page-heading").waitFor();
    assert.deepEqual(await axeViolations(page), [], 'start page');
    await page.locator('#continue').click();
    await page.locator('#document').waitFor({ state: 'visible' });
    assert.deepEqual(await axeViolations(page), [], 'after Start');
  } finally {
    await portal.close();
  }
});

test('the second module loads only from the document page on, and is precached and compressed', async () => {
  const portal = await suite.openPortal();
  try {
    const { page, requests } = portal;
    await portal.goto('/');
    await waitStep(page, 'start');
    await page.locator('button#continue').waitFor();
    // The page's own requests (the service worker precaches every file,
    // after the load, in the background).
    const lazy = () =>
      requests.filter((r) => !r.fromServiceWorker && /\/portal-lazy-[0-9a-f]{12,16}(_bg\.wasm|\.js)$/.test(new URL(r.url).pathname));
    assert.deepEqual(lazy(), [], 'nothing of the second module on the start page');
    await page.locator('#continue').click();
    await waitStep(page, 'document');
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /portal-lazy-[0-9a-f]{12,16}_bg\.wasm$/.test(e.name)));
    const files = lazy().map((r) => new URL(r.url).pathname);
    assert.equal(files.length, 2, `its JS and wasm were fetched (${files.join(', ')})`);
    const sw = await (await fetch(`${suite.server.origin}/sw.js`)).text();
    for (const f of files) {
      assert.ok(sw.includes(JSON.stringify(f.slice(1))), `sw.js precaches ${f}`);
      const r = await fetch(`${suite.server.origin}${f}`, { headers: { 'accept-encoding': 'br' } });
      assert.equal(r.headers.get('content-encoding'), 'br', `${f} is served brotli`);
      assert.match(r.headers.get('cache-control') ?? '', /immutable/, `${f} is cached immutably`);
    }
    await assertNoCspOrErrors(portal);
  } finally {
    await portal.close();
  }
});
