// Portal benchmark, in headless Chromium against `agency serve` on loopback:
//
//  1. first-load transfer: the sum of the gzip sizes of everything the page
//     requested while loading (HTML, JS, wasm, CSS, config…); budget 300 KB
//     (exit status 1 when over);
//  2. navigation → interactive form (the first button usable), median of 5
//     cold loads (a fresh browser context each, so no cache);
//  3. Submit click → receipt shown (sealing, POST, storage, rendering),
//     median of 5.
//
// Needs dist/ and target/release/agency: run `cargo xtask build` first.
//   node benches/portal.mjs [--runs N]

import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { startAgency, launchBrowser, openPortal } from '../tests/e2e/harness.mjs';
import { PEOPLE, trip, CONTACT, mrzOf, waitStep, startForm, pasteMrz, clickContinue, fillTrip, fillContact, giveConsent } from '../tests/e2e/portal.mjs';

const BUDGET_BYTES = 300 * 1024;
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n) => `${n.toFixed(0)} ms`;

/** What a cold load transfers, gzip-compressed, per resource. */
async function firstLoad(browser, server) {
  const portal = await openPortal(browser, server);
  const responses = [];
  portal.page.on('response', (r) => responses.push(r));
  await portal.goto('/');
  await portal.page.locator('button:not([disabled])').first().waitFor({ state: 'visible' });
  await portal.page.waitForLoadState('networkidle');
  const rows = [];
  const seen = new Set();
  for (const r of responses) {
    const url = new URL(r.url());
    // A resource asked for twice (the logo: icon and header) crosses the wire once.
    if (url.protocol === 'data:' || seen.has(url.href)) continue;
    seen.add(url.href);
    let body;
    try {
      body = await r.body();
    } catch {
      continue;
    }
    rows.push({ path: url.pathname, type: r.headers()['content-type'] ?? '', raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
  }
  await portal.close();
  return rows;
}

/** Navigation start → the first enabled button is visible (page clock). */
async function timeToInteractive(browser, server) {
  const portal = await openPortal(browser, server);
  await portal.goto('/');
  const t = await portal.page.waitForFunction(
    () => {
      const b = [...document.querySelectorAll('button')].find((e) => !e.disabled && e.offsetParent !== null);
      return b ? performance.now() : false;
    },
    null,
    { polling: 'raf' },
  );
  const value = await t.jsonValue();
  await portal.close();
  return value;
}

/** Submit click → receipt reference visible. */
async function submitToReceipt(browser, server) {
  const portal = await openPortal(browser, server);
  const { page } = portal;
  await portal.goto('/');
  await startForm(page);
  await pasteMrz(page, mrzOf(PEOPLE.chen));
  await clickContinue(page);
  await waitStep(page, 'personal');
  await clickContinue(page);
  await waitStep(page, 'trip');
  await fillTrip(page, trip());
  await clickContinue(page);
  await waitStep(page, 'contact');
  await fillContact(page, CONTACT);
  await clickContinue(page);
  await waitStep(page, 'companions');
  await clickContinue(page);
  await waitStep(page, 'review');
  await giveConsent(page);
  const t0 = performance.now();
  await page.locator('#submit').click();
  await page.locator('#receipt-reference').waitFor({ state: 'visible', timeout: 30_000 });
  const elapsed = performance.now() - t0;
  await portal.close();
  return elapsed;
}

const server = await startAgency();
const browser = await launchBrowser();
let overBudget = false;
try {
  const rows = await firstLoad(browser, server);
  // The budget covers the application itself: HTML, JS, wasm and CSS.
  const isApp = (r) => /text\/html|javascript|application\/wasm|text\/css/.test(r.type);
  const app = rows.filter(isApp).reduce((s, r) => s + r.gzip, 0);
  const all = rows.reduce((s, r) => s + r.gzip, 0);
  console.log('First load (gzip -9 of each response):');
  for (const r of rows) console.log(`  ${r.path.padEnd(44)} ${String(r.raw).padStart(9)} B raw ${String(r.gzip).padStart(8)} B gzip  ${r.type}`);
  console.log(`  HTML+JS+wasm+CSS: ${kb(app)} gzip (budget ${kb(BUDGET_BYTES)}) ${app <= BUDGET_BYTES ? 'OK' : 'OVER BUDGET'}`);
  console.log(`  everything requested (with config.json, images): ${kb(all)} gzip`);
  overBudget = app > BUDGET_BYTES;

  const tti = [];
  for (let i = 0; i < RUNS; i++) tti.push(await timeToInteractive(browser, server));
  console.log(`Navigation → interactive form: median ${ms(median(tti))} of ${RUNS} cold loads (${tti.map(ms).join(', ')})`);

  const submit = [];
  for (let i = 0; i < RUNS; i++) submit.push(await submitToReceipt(browser, server));
  console.log(`Submit click → receipt: median ${ms(median(submit))} of ${RUNS} (${submit.map(ms).join(', ')})`);
} finally {
  await browser.close();
  await server.stop();
}
if (overBudget) {
  console.error('first-load transfer is over the 300 KB budget');
  process.exit(1);
}
