// The outbox, with real outages (the `agency serve` process stopped):
// * submitted with the intake down, the receipt page says the record is
//   sealed and waiting, with the reference (derived from the submission id,
//   recomputed here independently) and its QR code; the outbox holds only the
//   envelope; "Send now" once the intake is back turns it into a receipt;
// * submitted with the intake down, the page and then the browser closed,
//   the intake back, the browser started again on the same profile and the
//   portal opened: the envelope is delivered exactly once, opens to what was
//   typed, and the start page says it was received;
// * a refusal (409 from the intake) is explained in words;
// * Background Sync (fired through the DevTools protocol): the service
//   worker delivers the outbox with no page of the portal open, and a
//   refusal it meets is explained by the next page that opens.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { agencyAndBrowser, axeViolations, launchProfile, screenshot } from './harness.mjs';
import {
  PEOPLE,
  trip,
  waitStep,
  currentStep,
  pastedMrzToTrip,
  tripToCompanions,
  continueTo,
  giveConsent,
  expectedRecord,
  assertNothingStored,
  assertQrCode,
  referenceOf,
} from './portal.mjs';

const suite = agencyAndBrowser();

async function toReview(page, person, theTrip, contact) {
  await pastedMrzToTrip(page, person, { checkPersonal: false });
  await tripToCompanions(page, theTrip, contact);
  await continueTo(page, 'review');
  await giveConsent(page);
}

/** Counts the page's POSTs of envelopes: started, and ended (answered or failed). */
function trackAttempts(page) {
  const counts = { started: 0, ended: 0 };
  const isPost = (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/submissions';
  page.on('request', (r) => { if (isPost(r)) counts.started += 1; });
  page.on('requestfinished', (r) => { if (isPost(r)) counts.ended += 1; });
  page.on('requestfailed', (r) => { if (isPost(r)) counts.ended += 1; });
  return counts;
}

/**
 * Waits until no delivery attempt is under way: no POST in flight and no
 * outbox entry's Web Lock held (outbox.js holds one per attempt), twice in
 * a row 250 ms apart (an attempt reads IndexedDB before it posts).
 */
async function settleAttempts(page, counts) {
  const busy = async () =>
    counts.started !== counts.ended ||
    (await page.evaluate(async () => ((await navigator.locks.query()).held || []).some((l) => l.name.startsWith('portal-outbox:'))));
  for (let quiet = 0, tries = 0; quiet < 2; tries += 1) {
    assert.ok(tries < 80, 'a delivery attempt did not end within 20 s with the intake stopped');
    await new Promise((resolve) => setTimeout(resolve, 250));
    quiet = (await busy()) ? 0 : quiet + 1;
  }
}

const typedBy = (person, contact) => [person.surname, person.givenNames, person.documentNumber, contact.email, contact.phone].filter(Boolean);

test('intake down: the receipt page shows the sealed submission waiting, with its reference; "Send now" delivers it', async () => {
  const person = PEOPLE.lin;
  const contact = { email: 'outbox.wait@example.tw', phone: '+886955000111' };
  const theTrip = trip();
  // bypassCSP only so that axe-core can be injected; no service worker, so
  // that its Background Sync (fired whenever the browser chooses) does not
  // deliver before "Send now" (it has tests of its own below).
  const portal = await suite.openPortal({ viewport: { width: 390, height: 844 }, bypassCSP: true, serviceWorkers: 'block' });
  let restarted = false;
  try {
    const { page } = portal;
    // The page's clock, so that its own retries can be held back below and
    // it is the "Send now" button that delivers.
    await page.clock.install();
    const attempts = trackAttempts(page);
    await portal.goto('/');
    await toReview(page, person, theTrip, contact);
    await suite.server.outage();
    await page.locator('#submit').click();
    await waitStep(page, 'receipt', 40_000);
    const panel = page.locator('#receipt-panel');
    assert.equal(await panel.getAttribute('data-state'), 'waiting');
    assert.match(await panel.textContent(), /Sealed — waiting for a connection/);
    assert.match(await page.locator('#receipt-waiting').textContent(), /even if you close this page/);
    // The outbox holds the envelope only; the reference is the submission id's.
    const stored = await assertNothingStored(portal, 'only the sealed envelope is kept', { waiting: 1, typed: typedBy(person, contact) });
    const [entry] = stored.outbox;
    assert.match(entry.submissionId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(entry.id, `${entry.submissionId}:${suite.server.publicKey.kid}`, 'one entry per recipient');
    assert.equal(new URL(entry.endpoint, portal.origin).pathname, '/api/v1/submissions');
    const reference = (await page.locator('#receipt-reference').textContent()).trim();
    assert.equal(reference, referenceOf(entry.submissionId), 'the reference is derived from the submission id');
    assert.equal(await page.locator('#receipt-qr').count(), 0, 'no receipt QR code before the intake has signed one');
    await screenshot(page, 'en-receipt-waiting');
    assert.deepEqual(await axeViolations(page), [], 'axe-core: the waiting receipt page');
    // Hold the page's own retries back (axe-core, above, needs timers).
    // pauseAt jumps the clock, which may fire a retry that is due: let any
    // attempt already under way fail against the stopped intake before it
    // comes back, so that it is "Send now" that delivers.
    await page.clock.pauseAt(Date.now() + 1_000);
    await settleAttempts(page, attempts);
    await suite.server.restart();
    restarted = true;
    assert.equal(await panel.getAttribute('data-state'), 'waiting', 'still waiting when the intake comes back');
    await page.locator('#send-now').click();
    await page.locator('#receipt-panel[data-state="received"]').waitFor({ timeout: 20_000 });
    assert.match(await panel.textContent(), /Submission received/);
    assert.equal((await page.locator('#receipt-reference').textContent()).trim(), reference, 'the intake gives the same reference');
    await page.locator('#receipt-time').waitFor();
    await assertQrCode(page, reference, { server: suite.server });
    const mine = (await suite.server.exportAll()).filter((e) => e.record?.contact?.email === contact.email);
    assert.equal(mine.length, 1);
    assert.equal(mine[0].reference, reference);
    assert.deepEqual(mine[0].record, expectedRecord([person], theTrip, contact));
    await assertNothingStored(portal, 'acknowledged: the outbox is empty');
  } finally {
    if (!restarted) await suite.server.restart();
    await portal.close();
  }
});

test('intake down: submit, close the page and the browser, intake back, start again: delivered exactly once', async () => {
  const person = PEOPLE.wang;
  const contact = { email: 'outbox.closed@example.tw', phone: '+886955000222' };
  const theTrip = trip();
  const profile = await mkdtemp(path.join(tmpdir(), 'portal-profile-'));
  // No service worker: the page delivers it (Background Sync, which the
  // browser fires when it chooses, has tests of its own below).
  let browser = await launchProfile(profile, { serviceWorkers: 'block' });
  let restarted = false;
  try {
    let page = browser.pages()[0] ?? (await browser.newPage());
    const origin = suite.server.origin;
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    await toReview(page, person, theTrip, contact);
    const before = (await suite.server.exportAll()).length;
    await suite.server.outage();
    await page.locator('#submit').click();
    await waitStep(page, 'receipt', 40_000);
    const reference = (await page.locator('#receipt-reference').textContent()).trim();
    const { outbox } = await assertNothingStored({ page, context: browser }, 'sealed, waiting', { waiting: 1, typed: typedBy(person, contact) });
    const id = outbox[0].submissionId;
    assert.equal(reference, referenceOf(id));
    // The traveler closes the tab, then the browser, while the network is gone.
    await page.close({ runBeforeUnload: true });
    await browser.close();
    await suite.server.restart();
    restarted = true;
    assert.equal((await suite.server.exportAll()).length, before, 'nothing arrived while the browser was closed');
    // The browser started again (same profile), the portal opened, the network back.
    browser = await launchProfile(profile, { serviceWorkers: 'block' });
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    await waitStep(page, 'start');
    const earlier = page.locator(`#earlier-submissions li[data-submission="${id}"]`);
    await earlier.waitFor();
    await page.waitForFunction(
      (sid) => /received/i.test(document.querySelector(`#earlier-submissions li[data-submission="${sid}"]`)?.textContent ?? ''),
      id,
      { timeout: 20_000 },
    );
    assert.match(await earlier.textContent(), new RegExp(`Reference ${reference}: received`));
    const all = await suite.server.exportAll();
    const mine = all.filter((e) => e.record?.contact?.email === contact.email);
    assert.equal(mine.length, 1, 'stored exactly once');
    assert.equal(all.length, before + 1);
    assert.equal(mine[0].reference, reference);
    assert.equal(mine[0].submissionId, id);
    assert.deepEqual(mine[0].record, expectedRecord([person], theTrip, contact), 'opened, it is what was typed');
    // Another visit sends nothing again; the outbox is empty.
    await page.reload({ waitUntil: 'load' });
    await waitStep(page, 'start');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await suite.server.exportAll()).length, before + 1);
    await assertNothingStored({ page, context: browser }, 'acknowledged: the outbox is empty');
  } finally {
    if (!restarted) await suite.server.restart();
    await browser.close().catch(() => {});
    await rm(profile, { recursive: true, force: true });
  }
});

test('a refusal is final and explained in words', async () => {
  const person = PEOPLE.lin;
  const contact = { email: 'outbox.refused@example.tw', phone: '+886955000333' };
  const portal = await suite.openPortal();
  try {
    const { page } = portal;
    // The intake says another submission with this id had other bytes.
    // The context's route: it also sees the service worker's requests
    // (Background Sync delivers the outbox too).
    await portal.context.route('**/api/v1/submissions', (route) =>
      route.fulfill({ status: 409, contentType: 'application/json', body: '{"error":"conflict"}' }),
    );
    await portal.goto('/');
    await toReview(page, person, trip(), contact);
    await page.locator('#submit').click();
    const error = page.locator('#send-error');
    await error.waitFor();
    assert.match(await error.textContent(), /already received with different answers/);
    assert.equal(await currentStep(page), 'review', 'the answers are still there to send again');
    await assertNothingStored(portal, 'a refused envelope leaves the outbox');
  } finally {
    await portal.close();
  }
});

/**
 * Fires the service worker's Background Sync for the outbox through the
 * DevTools protocol (the browser would fire it by itself at a time of its
 * choosing), from a blank page of the same browser context: no page of the
 * portal is open.
 */
async function fireBackgroundSync(context, origin) {
  const blank = await context.newPage();
  try {
    const cdp = await context.newCDPSession(blank);
    const registrations = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
    await cdp.send('ServiceWorker.enable');
    for (let i = 0; i < 50 && !registrations.some((r) => r.scopeURL.startsWith(origin)); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const reg = registrations.find((r) => r.scopeURL.startsWith(origin) && !r.isDeleted);
    assert.ok(reg, 'the portal has a service worker');
    await cdp.send('ServiceWorker.dispatchSyncEvent', { origin, registrationId: reg.registrationId, tag: 'portal-outbox', lastChance: false });
  } finally {
    await blank.close();
  }
}

/** Submits with the intake stopped and closes the page; returns the waiting envelope's id and reference. */
async function sealedAndClosed(portal, person, theTrip, contact) {
  const { page } = portal;
  await portal.goto('/');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await toReview(page, person, theTrip, contact);
  await suite.server.outage();
  await page.locator('#submit').click();
  await waitStep(page, 'receipt', 40_000);
  const reference = (await page.locator('#receipt-reference').textContent()).trim();
  const { outbox } = await assertNothingStored(portal, 'sealed, waiting', { waiting: 1, typed: typedBy(person, contact) });
  // Closed for good before anything else is done with the context.
  await page.close();
  return { id: outbox[0].submissionId, reference };
}

test('Background Sync: the service worker delivers the outbox with no page of the portal open', async () => {
  const person = PEOPLE.chen;
  const contact = { email: 'outbox.sync@example.tw', phone: '+886955000444' };
  const theTrip = trip();
  const portal = await suite.openPortal();
  let restarted = false;
  try {
    const before = (await suite.server.exportAll()).length;
    const { id, reference } = await sealedAndClosed(portal, person, theTrip, contact);
    await suite.server.restart();
    restarted = true;
    await fireBackgroundSync(portal.context, suite.server.origin);
    let mine = [];
    for (let i = 0; i < 100 && mine.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      mine = (await suite.server.exportAll()).filter((e) => e.submissionId === id);
    }
    assert.equal(mine.length, 1, 'delivered by the service worker');
    assert.equal(mine[0].reference, reference);
    assert.deepEqual(mine[0].record, expectedRecord([person], theTrip, contact));
    assert.equal((await suite.server.exportAll()).length, before + 1, 'exactly once');
    const posts = portal.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/v1/submissions'));
    assert.ok(posts.length >= 2, 'the page tried, then the service worker delivered');
  } finally {
    if (!restarted) await suite.server.restart();
    await portal.close();
  }
});

test('Background Sync: a refusal seen with no page open is explained on the next visit', async () => {
  const person = PEOPLE.lin;
  const contact = { email: 'outbox.sync.refused@example.tw', phone: '+886955000555' };
  const portal = await suite.openPortal();
  let restarted = false;
  try {
    const { id, reference } = await sealedAndClosed(portal, person, trip(), contact);
    // The intake (or what answers for it) refuses this submission for good,
    // from before it is back (the browser may fire Background Sync by itself).
    await portal.context.route('**/api/v1/submissions', (route) =>
      route.fulfill({ status: 409, contentType: 'application/json', body: '{"error":"conflict"}' }),
    );
    await suite.server.restart();
    restarted = true;
    await fireBackgroundSync(portal.context, suite.server.origin);
    // Wait until the service worker has marked it refused.
    const page = await portal.context.newPage();
    await page.goto(`${suite.server.origin}/branding/logo.svg`);
    let refused;
    for (let i = 0; i < 100 && !refused; i++) {
      await new Promise((r) => setTimeout(r, 100));
      refused = await page.evaluate(
        (sid) =>
          new Promise((res) => {
            const r = indexedDB.open('portal-outbox');
            r.onsuccess = () => {
              const g = r.result.transaction('envelopes').objectStore('envelopes').get(sid);
              g.onsuccess = () => res(g.result?.refused ?? null);
            };
          }),
        `${id}:${suite.server.publicKey.kid}`,
      );
    }
    assert.equal(refused, 409, 'the service worker keeps the refusal for a page to explain');
    await page.goto(`${suite.server.origin}/`, { waitUntil: 'load' });
    await waitStep(page, 'start');
    const item = page.locator(`#earlier-submissions li[data-submission="${id}"]`);
    await item.waitFor();
    const text = await item.textContent();
    assert.match(text, new RegExp(`Reference ${reference}: not accepted`));
    assert.match(text, /already received with different answers/);
    assert.match(text, /Fill in the form again/);
    await assertNothingStored({ page, context: portal.context }, 'explained, it leaves the outbox');
  } finally {
    if (!restarted) await suite.server.restart();
    await portal.close();
  }
});
