// Trust between the traveler, both agencies and check-in (issue: pinned
// keys, signed receipts, sealing to two recipients):
// * a config.json listing two recipients: the record is sealed separately
//   to each, posted to each intake, and each intake's keys open only its own
//   envelope; the receipt page shows one signed receipt per recipient;
// * "Check a receipt" tells the genuine QR text from an altered one, as
//   `agency verify-receipt` does;
// * a receipt that does not verify with the pinned receipt key (a look-alike
//   intake) is never counted as delivered;
// * a config.json whose key is not one pinned into the build is refused.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateKeyPairSync, sign, createHash } from 'node:crypto';
import { chromium } from 'playwright-core';
import { AGENCY, CHROMIUM, CHROMIUM_ARGS, RECIPIENT_NAMES, launchBrowser, openPortal, startAgency, findLeaks } from './harness.mjs';
import { PEOPLE, CONTACT, trip, completeFlow, expectedRecord, assertQrCode, qrMatrix, qrVideo, secretsOf, assertNoCspOrErrors, assertNothingStored } from './portal.mjs';

const execFileP = promisify(execFile);

/** `agency verify-receipt`: `{code, out}` (0 genuine, 1 not). */
async function verifyReceipt(keyConfig, receiptFile) {
  try {
    const { stdout } = await execFileP(AGENCY, ['verify-receipt', '--key-config', keyConfig, '--receipt', receiptFile]);
    return { code: 0, out: stdout };
  } catch (e) {
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
}

/** Pastes `text` into "Check a receipt" and returns the verdict shown. */
async function checkOnPage(page, text) {
  await page.locator('#receipt-text').fill(text);
  await page.locator('#check-receipt').click();
  const panel = page.locator('#receipt-check');
  await panel.waitFor();
  return {
    state: await panel.getAttribute('data-state'),
    title: (await page.locator('#receipt-check-title').textContent()).trim(),
    reference: (await page.locator('#checked-reference').count()) ? (await page.locator('#checked-reference').textContent()).trim() : null,
  };
}

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('two recipients: sealed to each, each opens only its own, one signed receipt each, checked by staff', async () => {
  const server = await startAgency({ second: true });
  const portal = await openPortal(browser, server, { viewport: { width: 390, height: 844 } });
  try {
    const { page } = portal;
    await portal.goto('/');
    // The privacy notice names both recipients with their key fingerprints.
    await page.locator('#recipient-keys li').first().waitFor();
    const keys = await page.locator('#recipient-keys li').allTextContents();
    assert.equal(keys.length, 2);
    assert.ok(keys[0].includes(RECIPIENT_NAMES[0].en) && keys[0].includes(server.pins.fingerprint), keys[0]);
    assert.ok(keys[1].includes(RECIPIENT_NAMES[1].en) && keys[1].includes(server.second.pins.fingerprint), keys[1]);

    const person = PEOPLE.chen;
    const theTrip = trip();
    const reference = await completeFlow(page, { person, theTrip, contact: CONTACT });
    await page.locator('#receipt-panel[data-state="received"]').waitFor({ timeout: 20_000 });
    const legs = page.locator('.receipt-leg');
    assert.equal(await legs.count(), 2, 'one receipt per recipient');
    assert.deepEqual(await legs.evaluateAll((ls) => ls.map((l) => l.dataset.state)), ['received', 'received']);
    assert.equal((await legs.nth(1).locator('h2').textContent()).trim(), RECIPIENT_NAMES[1].en);

    // Each QR code carries its recipient's signed receipt.
    const first = await assertQrCode(page, reference, { server });
    const matrix = await qrMatrix(page);
    const second = await assertQrCode(page, reference, { server: server.second, id: 'receipt-qr-1' });
    assert.notEqual(first, second, 'independent seals: other bytes, other receipt');

    // Each intake stored its own copy under the same submission id, and
    // each agency's keys open only its own.
    const expected = expectedRecord([person], theTrip, CONTACT);
    const [a] = await server.exportAll();
    const [b] = await server.second.exportAll();
    assert.deepEqual(a.record, expected);
    assert.deepEqual(b.record, expected);
    assert.equal(a.submissionId, b.submissionId, 'one submission id');
    const posts = portal.submissions();
    const toSecond = posts.find((p) => p.url.startsWith(server.second.origin));
    const toFirst = posts.find((p) => p.url.startsWith(server.origin));
    assert.ok(toFirst && toSecond, 'one POST to each intake');
    assert.notEqual(createHash('sha256').update(toFirst.body).digest('hex'), createHash('sha256').update(toSecond.body).digest('hex'));
    await assert.rejects(server.open(toSecond.body), /agency open/, 'the first agency cannot open the second one\'s envelope');
    await assert.rejects(server.second.open(toFirst.body), /agency open/, 'nor the other way round');
    assert.deepEqual(findLeaks(portal.requests, secretsOf([person], CONTACT)), [], 'no personal data in cleartext');
    assert.deepEqual(
      portal.requests.filter((r) => /portal-qrread-|qrscan/.test(r.url)).map((r) => r.url),
      [],
      'the QR reader and its camera code (staff only) are never fetched for a traveler',
    );
    await assertNoCspOrErrors(portal);
    await assertNothingStored(portal, 'both copies acknowledged, nothing kept');

    // agency verify-receipt agrees with the QR code, and refuses it altered.
    const file = path.join(server.dir, 'receipt.txt');
    await writeFile(file, first);
    const ok = await verifyReceipt(path.join(server.keys, 'pins.json'), file);
    assert.equal(ok.code, 0, ok.out);
    const altered = first.replace(/\/(\d{4})-/, (m, y) => `/${Number(y) - 1}-`);
    await writeFile(file, altered);
    assert.equal((await verifyReceipt(path.join(server.keys, 'pins.json'), file)).code, 1, 'an altered time is refused');
    await writeFile(file, second);
    assert.equal((await verifyReceipt(path.join(server.keys, 'pins.json'), file)).code, 1, 'the other agency\'s key');

    // Staff check both receipts offline on "Check a receipt".
    await page.locator('#start-again').click();
    await page.locator('#check-receipt-link').click();
    const genuine = await checkOnPage(page, first);
    assert.equal(genuine.state, 'genuine');
    assert.equal(genuine.reference, reference);
    assert.ok(genuine.title.includes(RECIPIENT_NAMES[0].en), genuine.title);
    const genuine2 = await checkOnPage(page, second);
    assert.equal(genuine2.state, 'genuine');
    assert.ok(genuine2.title.includes(RECIPIENT_NAMES[1].en), genuine2.title);
    assert.equal((await checkOnPage(page, altered)).state, 'bad-signature');
    assert.equal((await checkOnPage(page, 'PDR1/not a receipt')).state, 'malformed');
    const forger = generateKeyPairSync('ed25519').privateKey;
    const [, ref, id, sha, at] = first.split('/');
    const sig = sign(null, Buffer.from(['pre-departure receipt v1', ref, id, sha, at].join('\n')), forger).toString('base64url');
    assert.equal((await checkOnPage(page, ['PDR1', ref, id, sha, at, 'ffffffffffffffff', sig].join('/'))).state, 'unknown-key');
    assert.equal((await checkOnPage(page, ['PDR1', ref, id, sha, at, server.pins.receiptKid, sig].join('/'))).state, 'bad-signature');

    // And with a camera: Chromium's fake camera shows the first receipt's
    // QR code (as drawn on the receipt page); the page reads and checks it.
    const video = path.join(server.dir, 'receipt-qr.y4m');
    await writeFile(video, qrVideo(matrix));
    const cameraBrowser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
    try {
      const staff = await openPortal(cameraBrowser, server);
      await staff.context.grantPermissions(['camera'], { origin: server.origin });
      await staff.goto('/');
      await staff.page.locator('#check-receipt-link').click();
      await staff.page.locator('#scan-receipt').click();
      await staff.page.locator('#receipt-check').waitFor({ timeout: 20_000 });
      assert.equal(await staff.page.locator('#receipt-check').getAttribute('data-state'), 'genuine');
      assert.equal((await staff.page.locator('#checked-reference').textContent()).trim(), reference);
      assert.equal(await staff.page.locator('#receipt-text').inputValue(), first, 'the text read is the receipt');
      assert.equal(await staff.page.evaluate(() => document.getElementById('receipt-video').srcObject), null, 'the camera is stopped');
      assert.deepEqual(staff.requests.filter((r) => r.method !== 'GET'), [], 'nothing is sent');
      assert.ok(staff.requests.some((r) => /portal-qrread-[0-9a-f]{12,16}_bg\.wasm$/.test(r.url)), 'the QR reader module is fetched on demand');
      assert.ok(staff.requests.some((r) => /\/qrscan-[0-9a-f]{16}\.js$/.test(r.url)), 'with its camera code');
      await assertNoCspOrErrors(staff);
      await staff.close();
    } finally {
      await cameraBrowser.close();
    }
  } finally {
    await portal.close();
    await server.stop();
  }
});

test('a receipt not signed with the pinned receipt key is not a delivery', async () => {
  const server = await startAgency();
  // The page alone (no service worker), so only the page delivers.
  const portal = await openPortal(browser, server, { serviceWorkers: 'block' });
  const forger = generateKeyPairSync('ed25519').privateKey;
  try {
    const { page } = portal;
    // A look-alike intake answering in place of the real one: 201 with a
    // well-formed receipt for these bytes, signed with another key.
    await portal.context.route('**/api/v1/submissions', async (route) => {
      const body = route.request().postDataBuffer();
      const fields = {
        reference: 'AAAAAAAAAA',
        submissionId: '00000000-0000-4000-8000-000000000000',
        sha256: createHash('sha256').update(body).digest('hex'),
        receivedAt: '2026-12-02T00:00:00.000000Z',
      };
      const input = ['pre-departure receipt v1', fields.reference, fields.submissionId, fields.sha256, fields.receivedAt].join('\n');
      await route.fulfill({
        status: 201,
        contentType: 'application/json',
        body: JSON.stringify({ ...fields, kid: server.pins.receiptKid, signature: sign(null, Buffer.from(input), forger).toString('base64url') }),
      });
    });
    await portal.goto('/');
    await completeFlow(page, { person: PEOPLE.lin });
    await page.locator('#receipt-attempts').filter({ hasText: /\d/ }).waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('#receipt-panel').getAttribute('data-state'), 'waiting', 'not counted as received');
    assert.equal(await page.locator('#receipt-qr').count(), 0, 'no receipt QR code');
    await assertNothingStored(portal, 'the envelope stays in the outbox', { waiting: 1 });
    // The real intake back: delivered, with its genuine receipt.
    await portal.context.unroute('**/api/v1/submissions');
    await page.locator('#send-now').click();
    await page.locator('#receipt-panel[data-state="received"]').waitFor({ timeout: 20_000 });
    const reference = (await page.locator('#receipt-reference').textContent()).trim();
    await assertQrCode(page, reference, { server });
    await assertNothingStored(portal, 'delivered');
  } finally {
    await portal.close();
    await server.stop();
  }
});

test('a config.json whose key is not pinned into the build is refused', async () => {
  const server = await startAgency({ unpinned: true });
  const portal = await openPortal(browser, server);
  try {
    const { page } = portal;
    await portal.goto('/');
    const error = page.locator('#config-error');
    await error.waitFor();
    const text = await error.textContent();
    assert.ok(text.includes('publicKey') && text.includes('not one this portal was built with'), text);
    assert.equal(await page.locator('#continue').count(), 0, 'no half-working form');
    assert.equal(portal.submissions().length, 0);
  } finally {
    await portal.close();
    await server.stop();
  }
});

test('changing the answers after submitting sends a new envelope that names the one it replaces', async () => {
  const server = await startAgency();
  const portal = await openPortal(browser, server);
  try {
    const { page } = portal;
    await portal.goto('/');
    const first = await completeFlow(page, { person: PEOPLE.wang });
    await page.locator('#receipt-panel[data-state="received"]').waitFor({ timeout: 20_000 });
    await page.locator('#change-answers').click();
    await page.locator('#review-replaces').waitFor();
    assert.ok((await page.locator('#review-replaces').textContent()).includes(first), 'the review page says what it replaces');
    await page.locator('#consent').check();
    await page.locator('#submit').click();
    await page.locator('#receipt-panel[data-state="received"]').waitFor({ timeout: 20_000 });
    const second = (await page.locator('#receipt-reference').textContent()).trim();
    assert.notEqual(second, first, 'a new submission');
    const rows = await server.exportAll();
    const old = rows.find((r) => r.reference === first);
    const now = rows.find((r) => r.reference === second);
    assert.equal(now.replaces, old.submissionId, 'the new envelope names the one it replaces');
    assert.equal(now.current, true);
    assert.equal(old.current, false, 'the export shows which is current');
    assert.equal(old.replacedBy, now.submissionId);
  } finally {
    await portal.close();
    await server.stop();
  }
});
