// The document page's MRZ reader (issue 9), in Chromium against `agency
// serve`:
// (a) a fake camera showing a generated TD3 photo page (`mrz-ocr-synth y4m`):
//     "Scan with camera" fills the MRZ box with the exact MRZ, and Continue
//     pre-fills the personal details as a pasted MRZ does;
// (b) "Use a photo" with a flat image of the generator's set fills the exact MRZ;
// (c) Stop, Back and a kiosk reset each end every camera track;
// (d) nothing is sent and no request leaves for another origin; a traveler
//     who uses neither never fetches the reader.
// Needs dist/, target/release/agency and target/release/mrz-ocr-synth:
// `cargo xtask build --test-keys` first.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { ROOT, CHROMIUM, CHROMIUM_ARGS, openPortal, startAgency, foreignRequests } from './harness.mjs';
import { waitStep, startForm, clickContinue, assertNoCspOrErrors } from './portal.mjs';
import { ui } from './strings.mjs';

const execFileP = promisify(execFile);
const SYNTH = path.join(ROOT, 'target', 'release', 'mrz-ocr-synth');
const DIR = path.join(ROOT, 'target', 'e2e-camera');
const VIDEO = path.join(DIR, 'td3.y4m');
const IDLE_SECONDS = 15;
// What the reader fetches on demand (app/postbuild.mjs names them by hash).
const READER_FILES = /\/(mrzscan|mrzworker|mrz-ocr-wasm|camera)-[0-9a-f]{16}(_bg\.wasm|\.js)$/;

// Every stream getUserMedia gave the page, to see whether its tracks ended
// (injected through the DevTools protocol, before any page script).
const STREAM_HOOK = () => {
  window.__e2eStreams = [];
  const devices = navigator.mediaDevices;
  if (!devices?.getUserMedia) return;
  const original = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    window.__e2eStreams.push(stream);
    return stream;
  };
};

let server;
let browser;
let videoTruth;
let photo;

before(async () => {
  await rm(DIR, { recursive: true, force: true });
  await mkdir(DIR, { recursive: true });
  // The first phone-like sample that is a passport (TD3: 2 lines of 44).
  for (let i = 0; ; i++) {
    assert.ok(i < 40, 'the generator makes a TD3 sample among its first 40');
    await execFileP(SYNTH, ['y4m', VIDEO, String(i)]);
    const lines = (await readFile(path.join(DIR, 'td3.txt'), 'utf8')).trim().split('\n');
    if (lines.length === 2 && lines[0].length === 44) {
      videoTruth = lines.join('\n');
      break;
    }
  }
  const set = path.join(DIR, 'set');
  await execFileP(SYNTH, ['set', set, '2']);
  for (const name of (await readdir(set)).filter((n) => n.startsWith('flat') && n.endsWith('.txt')).sort()) {
    const truth = (await readFile(path.join(set, name), 'utf8')).trim();
    const image = (await readdir(set)).find((n) => n === name.replace(/\.txt$/, '.png') || n === name.replace(/\.txt$/, '.jpg'));
    if (truth && image) {
      photo = { file: path.join(set, image), truth };
      break;
    }
  }
  assert.ok(photo, 'the generator wrote a flat image with an MRZ');
  server = await startAgency({ config: { kioskIdleSeconds: IDLE_SECONDS } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${VIDEO}`],
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(p = '/') {
  const portal = await openPortal(browser, server);
  await portal.context.grantPermissions(['camera'], { origin: server.origin });
  await portal.page.addInitScript(STREAM_HOOK);
  await portal.goto(p);
  return portal;
}

/** `[streams given, tracks not ended]` so far. */
async function cameraState(page) {
  return page.evaluate(() => [
    window.__e2eStreams.length,
    window.__e2eStreams.flatMap((s) => s.getTracks()).filter((t) => t.readyState !== 'ended').length,
  ]);
}

/** Waits until the page has a live camera track. */
async function cameraOn(page) {
  await page.waitForFunction(() => window.__e2eStreams.some((s) => s.getTracks().some((t) => t.readyState === 'live')), null, { timeout: 20_000 });
  await page.locator('#mrz-video').waitFor({ state: 'visible' });
}

/** (d): only GETs, all to the portal's own origin. */
function assertNothingSent(portal) {
  assert.deepEqual(foreignRequests(portal.requests, portal.origin), [], 'no request to another origin');
  assert.deepEqual(portal.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`), [], 'nothing is sent');
}

test('fake camera: the exact MRZ in the box, then the personal details pre-filled', async () => {
  const portal = await open();
  try {
    const { page } = portal;
    await startForm(page);
    assert.equal(await page.locator('#mrz-scan-status').getAttribute('role'), 'status');
    const t0 = performance.now();
    await page.locator('#scan-mrz').click();
    await page.waitForFunction((want) => document.getElementById('mrz').value === want, videoTruth, { timeout: 60_000 });
    const ms = performance.now() - t0;
    console.log(`camera: the MRZ read ${ms.toFixed(0)} ms after "Scan with camera" (reader load, camera start, two agreeing frames)`);
    assert.equal(await page.locator('#mrz').inputValue(), videoTruth, 'the exact MRZ');
    assert.equal((await page.locator('#mrz-scan-status').textContent()).trim(), ui('en', 'MrzScanRead'));
    const [streams, live] = await cameraState(page);
    assert.equal(streams, 1);
    assert.equal(live, 0, 'the camera stopped once the MRZ was read');
    assert.equal(await page.evaluate(() => document.getElementById('mrz-video').srcObject), null);
    assert.ok(portal.requests.some((r) => READER_FILES.test(r.url)), 'the reader was fetched on demand');
    // Continue fills the personal details from the MRZ, as for a pasted one.
    const [l1, l2] = videoTruth.split('\n');
    const [surname, given = ''] = l1.slice(5).split('<<');
    await clickContinue(page);
    await waitStep(page, 'personal');
    assert.equal(await page.locator('#surname').inputValue(), surname.replace(/</g, ' ').trim());
    assert.equal(await page.locator('#given-names').inputValue(), given.replace(/</g, ' ').trim());
    assert.equal(await page.locator('#document-number').inputValue(), l2.slice(0, 9).replace(/<+$/, ''));
    assert.equal(await page.locator('#issuing-state').inputValue(), l1.slice(2, 5).replace(/</g, ''));
    assert.equal(await page.locator('#nationality').inputValue(), l2.slice(10, 13).replace(/</g, ''));
    assertNothingSent(portal);
    await assertNoCspOrErrors(portal);
  } finally {
    await portal.close();
  }
});

test('a photo: the exact MRZ in the box, no camera started', async () => {
  const portal = await open();
  try {
    const { page } = portal;
    await startForm(page);
    await page.locator('#mrz-photo').setInputFiles(photo.file);
    await page.waitForFunction((want) => document.getElementById('mrz').value === want, photo.truth, { timeout: 30_000 });
    assert.equal(await page.locator('#mrz').inputValue(), photo.truth, 'the exact MRZ');
    assert.equal((await page.locator('#mrz-scan-status').textContent()).trim(), ui('en', 'MrzScanRead'));
    assert.deepEqual(await cameraState(page), [0, 0], 'no camera for a photo');
    assert.equal(await page.locator('#mrz-photo').inputValue(), '', 'the page lets go of the file');
    assertNothingSent(portal);
    await assertNoCspOrErrors(portal);
  } finally {
    await portal.close();
  }
});

test('Stop, Back and a kiosk reset each end every camera track', async () => {
  const portal = await open();
  try {
    const { page } = portal;
    await startForm(page);
    // Stop.
    await page.locator('#scan-mrz').click();
    await cameraOn(page);
    assert.equal(await page.locator('#scan-mrz').getAttribute('aria-pressed'), 'true');
    assert.equal((await page.locator('#scan-mrz').textContent()).trim(), ui('en', 'MrzScanStop'));
    await page.locator('#scan-mrz').click();
    assert.deepEqual(await cameraState(page), [1, 0], 'Stop ends the track');
    assert.equal(await page.locator('#mrz-video').isVisible(), false);
    assert.equal((await page.locator('#scan-mrz').textContent()).trim(), ui('en', 'MrzScanCamera'));
    // Back.
    await page.locator('#scan-mrz').click();
    await cameraOn(page);
    await page.locator('#back').click();
    await waitStep(page, 'start');
    assert.deepEqual(await cameraState(page), [2, 0], 'Back ends the track');
    assertNothingSent(portal);
    await assertNoCspOrErrors(portal);
  } finally {
    await portal.close();
  }
  const kiosk = await openPortal(browser, server);
  try {
    const { page } = kiosk;
    await kiosk.context.grantPermissions(['camera'], { origin: server.origin });
    await page.addInitScript(STREAM_HOOK);
    await page.clock.install();
    await kiosk.goto('/?kiosk=1');
    await startForm(page);
    await page.locator('#scan-mrz').click();
    await cameraOn(page);
    // Nobody answers "Are you still there?": the kiosk resets.
    await page.clock.runFor((IDLE_SECONDS + 1) * 1000);
    await page.clock.runFor(120_000);
    await waitStep(page, 'start');
    assert.deepEqual(await cameraState(page), [1, 0], 'the kiosk reset ends the track');
    assertNothingSent(kiosk);
    await assertNoCspOrErrors(kiosk);
  } finally {
    await kiosk.close();
  }
});

test('a traveler who uses neither the camera nor a photo never fetches the reader', async () => {
  const portal = await open();
  try {
    const { page } = portal;
    await startForm(page);
    await page.locator('#scan-mrz').focus();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'scan-mrz', 'the camera button takes keyboard focus');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'mrz-photo', 'then the photo input');
    assert.equal(
      (await page.locator('#mrz-photo').evaluate((e) => e.labels[0].textContent)).trim(),
      ui('en', 'MrzScanPhoto'),
      'the photo input is named by its label',
    );
    assert.equal(await page.locator('#mrz-photo').getAttribute('capture'), 'environment');
    // Give the lazy module (sealing, fetched from the document page) time to come.
    await page.waitForTimeout(1500);
    assert.deepEqual(portal.requests.filter((r) => READER_FILES.test(r.url)).map((r) => r.url), [], 'the MRZ reader is not fetched');
    assert.deepEqual(await cameraState(page), [0, 0]);
    await assertNoCspOrErrors(portal);
  } finally {
    await portal.close();
  }
});
