// app/outbox.js's delivery rules, against a real HTTP server on 127.0.0.1
// (Node has fetch, WebCrypto and BroadcastChannel; it has no IndexedDB, so
// these run the "not stored" path; the browser tests in tests/e2e run the
// stored one). What counts as an acknowledgement, what is retried and what
// is final is decided here once, for the page and the service worker.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { classify, acknowledges, deliver } from '../../app/outbox.js';

const envelope = new TextEncoder().encode('sealed bytes, as the intake would receive them');
const sha256 = createHash('sha256').update(envelope).digest('hex');

let server;
let origin;
let answer = () => ({ status: 500, body: '' });
let posts = [];

before(async () => {
  server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      posts.push({ method: req.method, type: req.headers['content-type'], body: Buffer.concat(chunks) });
      const a = answer();
      res.writeHead(a.status, { 'content-type': a.type ?? 'application/json', ...(a.headers ?? {}) });
      res.end(a.body);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${server.address().port}`;
});

after(() => new Promise((r) => server.close(r)));

const entry = () => ({ id: '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b', endpoint: `${origin}/api/v1/submissions`, envelope });

test('statuses: 200/201 read the receipt, 408/429/5xx are retried, the rest is final', () => {
  assert.equal(classify(201), 'ok');
  assert.equal(classify(200), 'ok');
  for (const s of [408, 429, 500, 502, 503, 504]) assert.equal(classify(s), 'retry', String(s));
  for (const s of [400, 401, 403, 404, 409, 413, 415, 422]) assert.equal(classify(s), 'refused', String(s));
});

test('only a receipt for exactly these bytes acknowledges', async () => {
  const good = { reference: '33A7BHNFP6', receivedAt: '2026-12-02T00:00:00Z', sha256 };
  assert.equal(await acknowledges(good, envelope), true);
  assert.equal(await acknowledges({ ...good, sha256: sha256.toUpperCase() }, envelope), true);
  assert.equal(await acknowledges({ ...good, sha256: '0'.repeat(64) }, envelope), false, 'other bytes');
  assert.equal(await acknowledges({ ...good, sha256: undefined }, envelope), false, 'no sha256');
  assert.equal(await acknowledges({ ...good, reference: '' }, envelope), false, 'no reference');
  assert.equal(await acknowledges({ ...good, receivedAt: 5 }, envelope), false, 'no time');
  assert.equal(await acknowledges(null, envelope), false);
  assert.equal(await acknowledges('<html>', envelope), false);
});

test('deliver: the intake\'s receipt is an acknowledgement; the envelope is posted as is', async () => {
  posts = [];
  answer = () => ({ status: 201, body: JSON.stringify({ reference: '33A7BHNFP6', receivedAt: '2026-12-02T00:00:00Z', sha256 }) });
  const r = await deliver(entry(), false);
  assert.deepEqual(r, {
    id: entry().id,
    outcome: 'acknowledged',
    receipt: { reference: '33A7BHNFP6', receivedAt: '2026-12-02T00:00:00Z', sha256 },
  });
  assert.equal(posts.length, 1);
  assert.equal(posts[0].method, 'POST');
  assert.equal(posts[0].type, 'application/octet-stream');
  assert.deepEqual(new Uint8Array(posts[0].body), envelope);
});

test('deliver: a captive portal\'s 200 page, a receipt for other bytes, 503 and a dead server are retried', async () => {
  answer = () => ({ status: 200, type: 'text/html', body: '<html>Sign in to the airport Wi-Fi</html>' });
  assert.equal((await deliver(entry(), false)).outcome, 'retry');
  answer = () => ({ status: 200, body: JSON.stringify({ reference: 'X', receivedAt: 't', sha256: 'f'.repeat(64) }) });
  assert.equal((await deliver(entry(), false)).outcome, 'retry');
  answer = () => ({ status: 503, body: '{}', headers: { 'retry-after': '7' } });
  assert.deepEqual(await deliver(entry(), false), { id: entry().id, outcome: 'retry', retryAfterMs: 7000, status: 503 });
  answer = () => ({ status: 429, body: '{}', headers: { 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' } });
  assert.deepEqual(await deliver(entry(), false), { id: entry().id, outcome: 'retry', retryAfterMs: null, status: 429 });
  const dead = { ...entry(), endpoint: 'http://127.0.0.1:9/api/v1/submissions' };
  assert.equal((await deliver(dead, false)).outcome, 'retry', 'connection refused');
});

test('deliver: a refusal is final and carries its status', async () => {
  answer = () => ({ status: 409, body: '{"error":"conflict"}' });
  assert.deepEqual(await deliver(entry(), false), { id: entry().id, outcome: 'refused', status: 409 });
  answer = () => ({ status: 422, body: '{}' });
  assert.deepEqual(await deliver(entry(), false), { id: entry().id, outcome: 'refused', status: 422 });
});
