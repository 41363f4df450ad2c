// End-to-end harness: a real `agency serve` (fresh key pair, fresh SQLite
// database, the built portal from dist/) and headless Debian Chromium driven
// by playwright-core. Used by every tests/e2e/*.test.mjs and by
// benches/portal.mjs.
//
// Nothing here talks to the network beyond 127.0.0.1.
// Longer than 500 lines: the one harness (intake, browser, throttling, fake
// camera) every e2e test starts from.

import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile, mkdir, readdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

const execFileP = promisify(execFile);

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = path.join(ROOT, 'dist');
export const AGENCY = path.join(ROOT, 'target', 'release', 'agency');
export const STATIC_CONFIG = path.join(ROOT, 'static', 'config.json');
export const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
export const SCREENSHOTS = path.join(ROOT, 'artifacts', 'screenshots');

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Fails with one clear message when the build products are missing. */
export function checkBuilt() {
  const missing = [];
  if (!existsSync(path.join(DIST, 'index.html'))) missing.push('dist/index.html (the portal)');
  if (!existsSync(AGENCY)) missing.push('target/release/agency');
  if (!existsSync(path.join(ROOT, 'target', 'e2e-keys', 'primary', 'pins.json'))) missing.push('target/e2e-keys (the keys pinned into dist/)');
  if (!existsSync(STATIC_CONFIG)) missing.push('static/config.json');
  if (!existsSync(CHROMIUM)) missing.push(CHROMIUM);
  if (missing.length > 0) {
    throw new Error(`missing ${missing.join(', ')}: run cargo xtask build --test-keys first`);
  }
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function agency(args, { timeout = 30_000 } = {}) {
  try {
    const { stdout } = await execFileP(AGENCY, args, { timeout, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    throw new Error(`agency ${args.join(' ')} failed (${e.code ?? e.signal}): ${e.stderr ?? e.message}`);
  }
}

async function waitHealthy(url, child, logs, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`agency serve exited (${child.exitCode ?? child.signalCode}):\n${logs.join('')}`);
    }
    try {
      const r = await fetch(url);
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`agency serve did not become healthy at ${url} (${last}):\n${logs.join('')}`);
}

/**
 * The keys directories pinned into dist/ by `cargo xtask build --test-keys`
 * (xtask's TEST_KEYS): one per test recipient.
 */
export const TEST_KEYS = path.join(ROOT, 'target', 'e2e-keys');

/**
 * One intake: `agency serve` with a copy of a keys directory and its own
 * SQLite database on a free loopback port, and the agency commands that
 * read what it stored. `site` is served when given; `args` are added to
 * `agency serve`'s.
 */
async function startIntake(dir, { keysFrom, keygen = false, site, args = [] }) {
  const keys = path.join(dir, 'keys');
  const db = path.join(dir, 'intake.sqlite');
  if (keygen) await agency(['keygen', '--out', keys]);
  else await cp(keysFrom, keys, { recursive: true });
  const publicKey = JSON.parse(await readFile(path.join(keys, 'agency.pub.json'), 'utf8'));
  const pins = JSON.parse(await readFile(path.join(keys, 'pins.json'), 'utf8'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const extra = [...args];
  const logs = [];
  let child;
  let killOnExit = () => {};
  // Starts `agency serve` on the port (again after `outage()`: same port,
  // database and site, so the origin and its service worker stay the same).
  const launch = async () => {
    child = spawn(
      AGENCY,
      ['serve', '--listen', `127.0.0.1:${port}`, '--db', db, '--keys', keys, ...(site ? ['--static', site] : []), ...extra],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (chunk) => {
      logs.push(chunk.toString());
      if (logs.length > 400) logs.splice(0, logs.length - 400);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    // Never leave a server behind, even when the test process dies early.
    const running = child;
    killOnExit = () => running.kill('SIGKILL');
    process.once('exit', killOnExit);
    await waitHealthy(`${origin}/healthz`, child, logs);
  };
  // Stops the server (SIGTERM, then SIGKILL after 3 s) and waits for it.
  const halt = async () => {
    process.removeListener('exit', killOnExit);
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
  };
  return {
    origin,
    port,
    keys,
    db,
    publicKey,
    pins,
    logs,
    /** More `agency serve` arguments, for the next launch. */
    args: extra,
    launch,
    halt,
    /** Every stored envelope, opened: [{reference, receivedAt, submissionId, record, issues}]. */
    async exportAll() {
      const out = await agency(['export', '--keys', keys, '--db', db, '--format', 'jsonl']);
      return out
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l));
    },
    /** Opens one envelope (bytes) with `agency open`; returns the record. */
    async open(envelopeBytes) {
      const file = path.join(dir, `envelope-${Date.now()}-${Math.random().toString(16).slice(2)}.bin`);
      await writeFile(file, envelopeBytes);
      try {
        return JSON.parse(await agency(['open', '--keys', keys, '--in', file]));
      } finally {
        await rm(file, { force: true });
      }
    },
    /** The export entry with this reference (fails when absent). */
    async byReference(reference) {
      const all = await this.exportAll();
      const hit = all.find((e) => e.reference === reference);
      if (!hit) {
        throw new Error(`no stored envelope with reference ${reference}; stored: ${all.map((e) => e.reference).join(', ')}`);
      }
      return hit;
    },
    /** A real outage: the server process stopped (the database is kept). */
    async outage() {
      await halt();
    },
    /** The server back on the same port, database and site. */
    async restart() {
      await launch();
    },
  };
}

/** The names the tests give their two recipients. */
export const RECIPIENT_NAMES = [
  { en: 'National Immigration Agency (Taiwan)', ja: '台湾内政部移民署', 'zh-Hant': '內政部移民署' },
  { en: 'Immigration Services Agency of Japan', ja: '出入国在留管理庁', 'zh-Hant': '日本出入國在留管理廳' },
];

/**
 * Starts a fresh agency: a copy of the pinned test keys, portal copy with
 * its config.json, SQLite database, `agency serve` on a free loopback port.
 * With `second`, a second recipient's intake (its own pinned keys and
 * database, on another origin that allows the portal's by CORS) is started
 * too, and config.json lists both recipients; it is `server.second`.
 *
 * @param {object} [options]
 * @param {object} [options.config] fields merged into config.json (e.g. `{ kioskIdleSeconds: 15 }`)
 * @param {boolean} [options.second] a second recipient
 * @param {boolean} [options.unpinned] the agency's key is a fresh one the portal was not built with
 */
export async function startAgency({ config = {}, second = false, unpinned = false } = {}) {
  checkBuilt();
  const dir = await mkdtemp(path.join(tmpdir(), 'portal-e2e-'));
  const site = path.join(dir, 'site');
  await mkdir(path.join(dir, 'a'));
  let other = null;
  let main = null;
  let configJson;
  try {
    main = await startIntake(path.join(dir, 'a'), { keysFrom: path.join(TEST_KEYS, 'primary'), keygen: unpinned, site });
    if (second) {
      await mkdir(path.join(dir, 'b'));
      other = await startIntake(path.join(dir, 'b'), { keysFrom: path.join(TEST_KEYS, 'second') });
      // The portal may connect to the second intake, which lets it post.
      other.args.push('--cors-origin', main.origin);
      main.args.push('--connect-origin', other.origin);
      await other.launch();
    }
    await cp(DIST, site, { recursive: true });
    const base = JSON.parse(await readFile(STATIC_CONFIG, 'utf8'));
    if (other) {
      const { publicKey: _p, endpoint: _e, ...rest } = base;
      configJson = {
        ...rest,
        ...config,
        recipients: [
          { name: RECIPIENT_NAMES[0], endpoint: '/api/v1/submissions', publicKey: main.publicKey },
          { name: RECIPIENT_NAMES[1], endpoint: `${other.origin}/api/v1/submissions`, publicKey: other.publicKey },
        ],
      };
    } else {
      configJson = { ...base, ...config, publicKey: main.publicKey };
    }
    await writeFile(path.join(site, 'config.json'), JSON.stringify(configJson, null, 2));
    await main.launch();
  } catch (e) {
    await main?.halt();
    await other?.halt();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    ...main,
    dir,
    config: configJson,
    second: other,
    async stop() {
      await main.halt();
      await other?.halt();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// Playwright turns Chromium's back-forward cache off by default; travelers'
// browsers have it on (and the kiosk must be cleared when a page comes back
// from it), so the tests keep it on.
const KEEP_DEFAULTS = { ignoreDefaultArgs: ['--disable-back-forward-cache'] };

/** Headless Debian Chromium, back-forward cache on. */
export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, ...KEEP_DEFAULTS });
}

/**
 * Headless Debian Chromium on a profile directory that outlives it (to
 * close the browser and start it again with the same storage).
 */
export async function launchProfile(userDataDir, { viewport, serviceWorkers = 'allow' } = {}) {
  return chromium.launchPersistentContext(userDataDir, {
    serviceWorkers,
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    ...KEEP_DEFAULTS,
    locale: 'en-GB',
    timezoneId: 'Asia/Taipei',
    viewport: viewport ?? { width: 390, height: 844 },
  });
}

/**
 * Registers a test file's before/after hooks: one fresh agency (started
 * with `agencyOptions`, see startAgency) and one browser, shared by the
 * file's tests and stopped after them. Returns `{ server, browser,
 * openPortal(options) }`; `server` and `browser` are set once `before` ran.
 */
export function agencyAndBrowser(agencyOptions) {
  const suite = {
    server: undefined,
    browser: undefined,
    /** openPortal on this file's browser and agency. */
    openPortal(options) {
      return openPortal(suite.browser, suite.server, options);
    },
  };
  before(async () => {
    suite.server = await startAgency(agencyOptions);
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}

// Collects CSP violations from inside the page; runs before any page script
// and is not subject to the page's CSP (it is injected through the DevTools
// protocol, not as an inline script).
const CSP_LISTENER = () => {
  window.__e2eCsp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__e2eCsp.push(`${e.violatedDirective} ${e.blockedURI}`);
  });
};

/**
 * A fresh browser context and page on the agency's portal, recording every
 * request (with its body), console message and page error.
 *
 * @param {import('playwright-core').Browser} browser
 * @param {{origin: string}} agencyServer
 * @param {object} [options]
 * @param {boolean} [options.bypassCSP] only for the axe-core test
 * @param {string} [options.locale] browser locale (Accept-Language, navigator.language)
 * @param {'allow'|'block'} [options.serviceWorkers] 'block' for a test of what the page alone does
 */
export async function openPortal(browser, agencyServer, { bypassCSP = false, locale = 'en-GB', viewport, serviceWorkers = 'allow' } = {}) {
  const context = await browser.newContext({
    bypassCSP,
    serviceWorkers,
    locale,
    viewport: viewport ?? { width: 1024, height: 800 },
    timezoneId: 'Asia/Taipei',
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const requests = [];
  const console_ = [];
  const pageErrors = [];
  // The context's requests: the page's and its service worker's (which
  // delivers the outbox by Background Sync).
  context.on('request', (req) => {
    requests.push({
      url: req.url(),
      method: req.method(),
      headers: req.headers(),
      body: req.postDataBuffer(),
      fromServiceWorker: req.serviceWorker() !== null,
    });
  });
  page.on('console', (msg) => console_.push({ type: msg.type(), text: msg.text() }));
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  await page.addInitScript(CSP_LISTENER);
  return {
    context,
    page,
    requests,
    console: console_,
    pageErrors,
    origin: agencyServer.origin,
    /** Navigates to the portal (path may carry a query, e.g. `/?kiosk=1`). */
    async goto(p = '/') {
      await page.goto(`${agencyServer.origin}${p}`, { waitUntil: 'load' });
    },
    /** Console messages that report a Content-Security-Policy violation, plus page-side events. */
    async cspViolations() {
      const fromConsole = console_.filter((m) => /content security policy|refused to (load|execute|apply|connect|evaluate|compile|frame)/i.test(m.text)).map((m) => m.text);
      let fromPage = [];
      try {
        fromPage = await page.evaluate(() => window.__e2eCsp ?? []);
      } catch {
        // The page may be closed or navigating; the console still has them.
      }
      return [...fromConsole, ...fromPage];
    },
    /** Console errors (excluding nothing: a clean run logs none). */
    consoleErrors() {
      return console_.filter((m) => m.type === 'error').map((m) => m.text);
    },
    /** POSTs to the intake endpoint, as {url, body}. */
    submissions() {
      return requests.filter((r) => r.method === 'POST' && new URL(r.url).pathname.startsWith('/api/'));
    },
    async close() {
      await context.close();
    },
  };
}

/** Every way a value could appear in a request: plain, JSON-escaped, URL-encoded, base64/base64url (any alignment), UTF-16. */
export function leakVariants(value) {
  const v = String(value);
  const out = new Set([v, v.toUpperCase(), v.toLowerCase()]);
  out.add(JSON.stringify(v).slice(1, -1));
  out.add(encodeURIComponent(v));
  out.add(encodeURIComponent(v).replace(/%20/g, '+'));
  // \uXXXX-escaped JSON (any non-ASCII or all characters).
  out.add([...v].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''));
  // base64 at each of the 3 byte alignments, trimmed to the stable middle.
  const bytes = Buffer.from(v, 'utf8');
  for (let shift = 0; shift < 3; shift++) {
    const padded = Buffer.concat([Buffer.alloc(shift), bytes]);
    const b64 = padded.toString('base64');
    const start = shift === 0 ? 0 : Math.ceil((shift * 4) / 3);
    const end = Math.floor(((shift + bytes.length) * 4) / 3);
    const core = b64.slice(start, end);
    if (core.length >= 4) {
      out.add(core);
      out.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  out.add(Buffer.from(v, 'utf16le').toString('latin1'));
  // Hex.
  out.add(bytes.toString('hex'));
  return [...out].filter((s) => s.length >= 3);
}

/**
 * Searches request URLs, headers and bodies for any of the secrets; returns
 * the findings as strings (empty when clean).
 */
export function findLeaks(requests, secrets) {
  const findings = [];
  for (const r of requests) {
    const texts = [
      ['url', r.url],
      ['headers', JSON.stringify(r.headers ?? {})],
    ];
    if (r.body) {
      texts.push(['body', r.body.toString('latin1')]);
      texts.push(['body(utf8)', r.body.toString('utf8')]);
    }
    for (const secret of secrets) {
      if (!secret || String(secret).length < 3) continue;
      for (const variant of leakVariants(secret)) {
        for (const [where, text] of texts) {
          if (text.includes(variant)) {
            findings.push(`${JSON.stringify(secret)} as ${JSON.stringify(variant)} in ${where} of ${r.method} ${r.url}`);
          }
        }
      }
    }
  }
  return findings;
}

/** Requests that did not go to the portal's own origin. */
export function foreignRequests(requests, origin) {
  return requests
    .filter((r) => {
      const u = new URL(r.url);
      if (u.protocol === 'data:' || u.protocol === 'blob:') return false;
      return u.origin !== origin;
    })
    .map((r) => `${r.method} ${r.url}`);
}

/**
 * What the page keeps in storage: localStorage, sessionStorage, the names of
 * IndexedDB databases, cookies, and what the outbox database holds (for each
 * entry its field names, id, endpoint, the envelope's first byte and its
 * bytes as Latin-1 text, to look for plaintext in it).
 */
export async function storageContents(portal) {
  const inPage = await portal.page.evaluate(async () => {
    const ls = {};
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      ls[k] = localStorage.getItem(k);
    }
    const ss = {};
    for (let i = 0; i < sessionStorage.length; i++) {
      const k = sessionStorage.key(i);
      ss[k] = sessionStorage.getItem(k);
    }
    const idb = indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [];
    const outbox = [];
    if (idb.includes('portal-outbox')) {
      const db = await new Promise((resolve, reject) => {
        const req = indexedDB.open('portal-outbox');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      for (const store of db.objectStoreNames) {
        const rows = await new Promise((resolve, reject) => {
          const req = db.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        for (const row of rows) {
          const bytes = row.envelope instanceof Uint8Array ? row.envelope : new Uint8Array();
          outbox.push({
            store,
            fields: Object.keys(row).sort(),
            id: row.id,
            submissionId: row.submissionId,
            recipient: row.recipient,
            endpoint: row.endpoint,
            firstByte: bytes[0],
            text: Array.from(bytes, (b) => String.fromCharCode(b)).join(''),
          });
        }
      }
      db.close();
    }
    return { localStorage: ls, sessionStorage: ss, indexedDB: idb, documentCookie: document.cookie, outbox };
  });
  const cookies = await portal.context.cookies();
  return { ...inPage, cookies: cookies.map((c) => `${c.name}=${c.value}`) };
}

/** Saves a full-page screenshot to artifacts/screenshots/<name>.png. */
export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Runs axe-core in the page (the context must have bypassCSP). Returns the violations. */
export async function axeViolations(page) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
    }));
  });
  return result;
}

/** Lists dist/ (for the benchmark and diagnostics). */
export async function distFiles() {
  return readdir(DIST);
}
