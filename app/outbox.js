// The portal's outbox: sealed envelopes kept in IndexedDB until the intake
// has acknowledged them, so a submission made on a lost network is not lost
// when the tab is closed, the page reloaded or the browser restarted.
//
// One file, two users:
// * the page imports it as an ES module (wasm-bindgen `module = "/outbox.js"`
//   in app/src/outbox.rs);
// * the service worker gets the same code (app/postbuild.mjs copies it into
//   sw.js without the final `export` line) and delivers the outbox from
//   Background Sync when no page is open.
//
// What is stored, per recipient (the record is sealed separately to each
// authority in config.json): the envelope (ciphertext), its submission id,
// the recipient's sealing key id, its endpoint and its pinned receipt key,
// nothing else; a refusal seen by the service worker also keeps the HTTP
// status until a page has explained it. No personal data: the record inside
// the envelope can be opened only with the recipient's private key.
//
// Delivery of one envelope: POST, a timeout per attempt, and the answer
// classified the way the intake defines it (docs/agency.md):
// * acknowledged: 200/201 with the intake's signed receipt for exactly these
//   bytes: its `sha256` is the envelope's, its `submissionId` the entry's, and
//   its Ed25519 signature verifies with the recipient's pinned receipt key
//   (docs/envelope.md, "Receipts"); a captive portal's 200 page, or a forged
//   receipt, is not;
// * retry: no answer, a timeout, 408, 429, 5xx or a 200 that is not the
//   receipt, with the server's Retry-After when it sent one;
// * refused: every other status (400, 409, 413, 415, 422, …): final.
// Acknowledged and refused entries leave the outbox. A Web Lock per
// submission keeps the page and the service worker from posting the same
// envelope at once (the intake is idempotent, so it would be harmless, only
// wasteful). Final outcomes are announced on a BroadcastChannel so every open
// page learns of a delivery made by another page or by the service worker.

const DB_NAME = 'portal-outbox';
const DB_VERSION = 1;
const STORE = 'envelopes';
const CHANNEL = 'portal-outbox';
const SYNC_TAG = 'portal-outbox';
const ATTEMPT_TIMEOUT_MS = 30000;

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

let opening = null;
function openDb() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      if (typeof indexedDB === 'undefined') {
        reject(new Error('no IndexedDB'));
        return;
      }
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORE)) {
          req.result.createObjectStore(STORE, { keyPath: 'id' });
        }
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('IndexedDB blocked'));
    }).catch((e) => {
      opening = null;
      throw e;
    });
  }
  return opening;
}

async function withStore(mode, fn) {
  const db = await openDb();
  const tx = db.transaction(STORE, mode);
  const done = new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
  });
  const result = await fn(tx.objectStore(STORE));
  await done;
  return result;
}

/**
 * Stores an envelope before its first attempt; resolves once it is durable.
 * `entry`: `{id, submissionId, recipient, endpoint, envelope, receiptKey:
 * {kid, publicKey}}`, `id` naming this recipient's copy.
 */
async function put(entry) {
  const { id, submissionId, recipient, endpoint, receiptKey } = entry;
  const envelope = new Uint8Array(entry.envelope);
  await withStore('readwrite', (s) =>
    request(s.put({ id, submissionId, recipient, endpoint, envelope, receiptKey: { kid: receiptKey.kid, publicKey: receiptKey.publicKey } })),
  );
  return true;
}

/** Every entry: `{id, submissionId, recipient, endpoint, envelope, receiptKey, refused?}`. */
async function list() {
  return withStore('readonly', (s) => request(s.getAll()));
}

async function get(id) {
  return withStore('readonly', (s) => request(s.get(id)));
}

async function remove(id) {
  await withStore('readwrite', (s) => request(s.delete(id)));
  return true;
}

async function markRefused(id, status) {
  await withStore('readwrite', async (s) => {
    const entry = await request(s.get(id));
    if (entry) await request(s.put({ ...entry, refused: status }));
  });
}

/** How a status is handled: 'ok', 'retry' or 'refused'. */
function classify(status) {
  if (status === 200 || status === 201) return 'ok';
  if (status === 408 || status === 429 || (status >= 500 && status <= 599)) return 'retry';
  return 'refused';
}

function retryAfterMs(response) {
  const v = (response.headers.get('retry-after') || '').trim();
  return /^[0-9]{1,9}$/.test(v) ? Number(v) * 1000 : null;
}

async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

// Receipts (docs/envelope.md, "Receipts"): the intake signs
// "pre-departure receipt v1\n" + reference + "\n" + submissionId + "\n" +
// sha256 + "\n" + receivedAt with its Ed25519 receipt key; the QR code and
// "Check a receipt" carry the compact text
// PDR1/<reference>/<submissionId>/<sha256>/<receivedAt>/<kid>/<signature>.
const RECEIPT_CONTEXT = 'pre-departure receipt v1';
const RECEIPT_FIELDS = ['reference', 'submissionId', 'sha256', 'receivedAt', 'kid', 'signature'];
const RECEIPT_SHAPE = {
  reference: /^[0-9A-Z]{10}$/,
  submissionId: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  sha256: /^[0-9a-f]{64}$/,
  receivedAt: /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?Z$/,
  kid: /^[0-9a-f]{16}$/,
  signature: /^[A-Za-z0-9_-]{86}$/,
};

/** The receipt's fields when every one is there and well formed, else null. */
function receiptFields(value) {
  if (value === null || typeof value !== 'object') return null;
  const out = {};
  for (const name of RECEIPT_FIELDS) {
    const v = value[name];
    if (typeof v !== 'string' || !RECEIPT_SHAPE[name].test(v)) return null;
    out[name] = v;
  }
  return out;
}

/** The compact text of a receipt (for its QR code). */
function receiptText(receipt) {
  const r = receiptFields(receipt);
  return r === null ? '' : ['PDR1', ...RECEIPT_FIELDS.map((n) => r[n])].join('/');
}

/** A receipt from its compact text or its JSON (surrounding blanks ignored), or null. */
function parseReceipt(text) {
  const t = String(text).trim();
  if (t.startsWith('PDR1/')) {
    const parts = t.split('/');
    if (parts.length !== RECEIPT_FIELDS.length + 1) return null;
    return receiptFields(Object.fromEntries(RECEIPT_FIELDS.map((n, i) => [n, parts[i + 1]])));
  }
  try {
    return receiptFields(JSON.parse(t));
  } catch {
    return null;
  }
}

function base64urlBytes(s) {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** Whether `receipt`'s signature verifies with `key` (`{kid, publicKey}`, base64url). */
async function signatureVerifies(receipt, key) {
  const r = receiptFields(receipt);
  if (r === null || !key || r.kid !== key.kid) return false;
  try {
    const publicKey = await crypto.subtle.importKey('raw', base64urlBytes(key.publicKey), { name: 'Ed25519' }, false, ['verify']);
    const message = new TextEncoder().encode([RECEIPT_CONTEXT, r.reference, r.submissionId, r.sha256, r.receivedAt].join('\n'));
    return await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, base64urlBytes(r.signature), message);
  } catch {
    // No Ed25519 in this browser's WebCrypto, or a malformed key: not verified.
    return false;
  }
}

/**
 * "Check a receipt": `text` (compact or JSON) against the pinned receipt
 * keys `keys` (`[{kid, publicKey}]`). Resolves to `{verdict, receipt?}`,
 * verdict 'genuine', 'malformed', 'unknownKey' or 'badSignature'.
 */
async function checkReceipt(text, keys) {
  const receipt = parseReceipt(text);
  if (receipt === null) return { verdict: 'malformed' };
  const key = (keys || []).find((k) => k && k.kid === receipt.kid);
  if (!key) return { verdict: 'unknownKey', receipt };
  return { verdict: (await signatureVerifies(receipt, key)) ? 'genuine' : 'badSignature', receipt };
}

/** Whether `receipt` is the recipient's signed receipt for exactly this entry's bytes. */
async function acknowledges(receipt, entry) {
  const r = receiptFields(receipt);
  return (
    r !== null &&
    r.submissionId === entry.submissionId &&
    r.sha256 === (await sha256Hex(entry.envelope)) &&
    (await signatureVerifies(r, entry.receiptKey))
  );
}

/** One POST of `entry.envelope`, classified (never rejects). */
async function attempt(entry) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ATTEMPT_TIMEOUT_MS);
  try {
    const response = await fetch(entry.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', Accept: 'application/json' },
      body: entry.envelope,
      signal: controller.signal,
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
    const kind = classify(response.status);
    if (kind === 'ok') {
      let receipt = null;
      try {
        receipt = await response.json();
      } catch {
        receipt = null;
      }
      if (await acknowledges(receipt, entry)) {
        return { outcome: 'acknowledged', receipt: receiptFields(receipt) };
      }
      return { outcome: 'retry', retryAfterMs: null };
    }
    if (kind === 'retry') return { outcome: 'retry', retryAfterMs: retryAfterMs(response), status: response.status };
    return { outcome: 'refused', status: response.status };
  } catch {
    return { outcome: 'retry', retryAfterMs: null };
  } finally {
    clearTimeout(timer);
  }
}

function announce(result) {
  if (typeof BroadcastChannel === 'undefined') return;
  try {
    const channel = new BroadcastChannel(CHANNEL);
    channel.postMessage(result);
    channel.close();
  } catch {
    // No channel: other pages learn of it at their next flush.
  }
}

async function locked(id, fn) {
  if (typeof navigator !== 'undefined' && navigator.locks && navigator.locks.request) {
    return navigator.locks.request('portal-outbox:' + id, { ifAvailable: true }, (lock) =>
      lock ? fn() : { outcome: 'busy' },
    );
  }
  return fn();
}

const inServiceWorker = typeof ServiceWorkerGlobalScope !== 'undefined' && self instanceof ServiceWorkerGlobalScope;

/**
 * One delivery attempt of one recipient's copy. `entry` is as for `put`;
 * `stored` says whether it was put in the outbox (then an entry that is no
 * longer there was delivered or refused elsewhere: 'gone'). Resolves to
 * `{id, submissionId, recipient, outcome, receipt?, status?, retryAfterMs?}`,
 * where outcome is 'acknowledged', 'refused', 'retry', 'busy' or 'gone'.
 */
async function deliver(entry, stored) {
  const names = { id: entry.id, submissionId: entry.submissionId, recipient: entry.recipient };
  const outcome = await locked(entry.id, async () => {
    if (stored) {
      let current;
      try {
        current = await get(entry.id);
      } catch {
        current = entry;
      }
      if (!current) return { ...names, outcome: 'gone' };
      if (current.refused) return { ...names, outcome: 'refused', status: current.refused };
    }
    const result = { ...names, ...(await attempt(entry)) };
    if (result.outcome === 'retry' && stored) {
      // Not delivered: ask for a Background Sync, so the service worker
      // delivers it when the network is back, with or without this page.
      await requestSync();
    }
    if (result.outcome === 'acknowledged') {
      await remove(entry.id).catch(() => false);
      announce(result);
    } else if (result.outcome === 'refused') {
      // A page explains the refusal now; the service worker keeps it for
      // the next page that opens.
      if (inServiceWorker) await markRefused(entry.id, result.status).catch(() => undefined);
      else await remove(entry.id).catch(() => false);
      announce(result);
    }
    return result;
  });
  return { ...names, ...outcome };
}

/** One attempt for every waiting entry (not those refused). */
async function flush() {
  let entries;
  try {
    entries = await list();
  } catch {
    return [];
  }
  const results = [];
  for (const entry of entries) {
    if (entry.refused) continue;
    results.push(await deliver(entry, true));
  }
  return results;
}

/** Asks for a Background Sync, where the browser has it. */
async function requestSync() {
  try {
    const registration = inServiceWorker
      ? self.registration
      : typeof navigator !== 'undefined' && navigator.serviceWorker
        ? await navigator.serviceWorker.getRegistration()
        : undefined;
    if (registration && registration.sync) await registration.sync.register(SYNC_TAG);
  } catch {
    // No Background Sync (or not allowed): page load, `online` and
    // `visibilitychange` still deliver.
  }
}

/** Calls `fn(result)` for each final outcome announced by another context. */
function listen(fn) {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event) => fn(event.data);
}

export { put, list, remove, deliver, flush, listen, classify, acknowledges, receiptText, parseReceipt, checkReceipt };
