// app/outbox.js's delivery rules, against a real HTTP server on 127.0.0.1
// (Node has fetch, WebCrypto and BroadcastChannel; it has no IndexedDB, so
// these run the "not stored" path; the browser tests in tests/e2e run the
// stored one). What counts as an acknowledgement, what is retried and what
// is final is decided here once, for the page and the service worker.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import {
  classify,
  acknowledges,
  deliver,
  receiptText,
  parseReceipt,
  checkReceipt,
} from '../../app/outbox.js';

const envelope = new TextEncoder().encode('sealed bytes, as the intake would receive them');
const sha256 = createHash('sha256').update(envelope).digest('hex');
const submissionId = '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b';

// The recipient's receipt key, made here with Node's own crypto, and the
// signing input as docs/envelope.md defines it ("Receipts").
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const rawPublic = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
const receiptKey = { kid: '00112233445566ff', publicKey: rawPublic.toString('base64url') };
const signed = (fields, key = privateKey) => {
  const input = ['pre-departure receipt v1', fields.reference, fields.submissionId, fields.sha256, fields.receivedAt].join('\n');
  return { ...fields, kid: receiptKey.kid, signature: sign(null, Buffer.from(input), key).toString('base64url') };
};
const goodReceipt = () =>
  signed({ reference: '33A7BHNFP6', submissionId, sha256, receivedAt: '2026-12-02T00:00:00.000000Z' });

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

const entry = () => ({
  id: `${submissionId}:0123456789abcdef`,
  submissionId,
  recipient: '0123456789abcdef',
  endpoint: `${origin}/api/v1/submissions`,
  envelope,
  receiptKey,
});
const names = () => ({ id: entry().id, submissionId, recipient: entry().recipient });

test('statuses: 200/201 read the receipt, 408/429/5xx are retried, the rest is final', () => {
  assert.equal(classify(201), 'ok');
  assert.equal(classify(200), 'ok');
  for (const s of [408, 429, 500, 502, 503, 504]) assert.equal(classify(s), 'retry', String(s));
  for (const s of [400, 401, 403, 404, 409, 413, 415, 422]) assert.equal(classify(s), 'refused', String(s));
});

test('only the recipient\'s signed receipt for exactly these bytes acknowledges', async () => {
  const good = goodReceipt();
  assert.equal(await acknowledges(good, entry()), true);
  assert.equal(await acknowledges({ ...good, sha256: '0'.repeat(64) }, entry()), false, 'other bytes');
  assert.equal(await acknowledges(signed({ ...good, sha256: '0'.repeat(64) }), entry()), false, 'signed, other bytes');
  assert.equal(await acknowledges({ ...good, receivedAt: '2026-12-02T00:00:01.000000Z' }, entry()), false, 'altered time');
  assert.equal(await acknowledges({ ...good, reference: 'AAAAAAAAAA' }, entry()), false, 'altered reference');
  const other = signed({ ...good, submissionId: '00000000-0000-4000-8000-000000000000' });
  assert.equal(await acknowledges(other, entry()), false, 'another submission');
  const forger = generateKeyPairSync('ed25519').privateKey;
  assert.equal(await acknowledges(signed(good, forger), entry()), false, 'signed with another key');
  assert.equal(await acknowledges({ ...good, kid: 'ffffffffffffffff' }, entry()), false, 'another key id');
  assert.equal(await acknowledges({ ...good, signature: undefined }, entry()), false, 'unsigned');
  assert.equal(await acknowledges(null, entry()), false);
  assert.equal(await acknowledges('<html>', entry()), false);
});

test('a receipt\'s compact text reads back, and "Check a receipt" tells genuine from forged', async () => {
  const good = goodReceipt();
  const text = receiptText(good);
  assert.match(text, /^PDR1\/33A7BHNFP6\/1b4e28ba-[^/]+\/[0-9a-f]{64}\/2026-12-02T00:00:00\.000000Z\/00112233445566ff\/[A-Za-z0-9_-]{86}$/);
  assert.deepEqual(parseReceipt(text), good);
  assert.deepEqual(parseReceipt(`  ${JSON.stringify(good)}\n`), good, 'the JSON too');
  assert.equal(receiptText({ ...good, kid: 'x' }), '', 'no text for a malformed receipt');
  assert.deepEqual(await checkReceipt(text, [receiptKey]), { verdict: 'genuine', receipt: good });
  const altered = text.replace('2026-12-02T00:00:00', '2026-12-01T00:00:00');
  assert.equal((await checkReceipt(altered, [receiptKey])).verdict, 'badSignature');
  assert.equal((await checkReceipt(text, [{ ...receiptKey, kid: 'ffffffffffffffff' }])).verdict, 'unknownKey');
  assert.equal((await checkReceipt('PDR1/33A7BHNFP6', [receiptKey])).verdict, 'malformed');
  assert.equal((await checkReceipt('hello', [receiptKey])).verdict, 'malformed');
});

test('deliver: the signed receipt is an acknowledgement; the envelope is posted as is', async () => {
  posts = [];
  answer = () => ({ status: 201, body: JSON.stringify(goodReceipt()) });
  const r = await deliver(entry(), false);
  assert.deepEqual(r, { ...names(), outcome: 'acknowledged', receipt: goodReceipt() });
  assert.equal(posts.length, 1);
  assert.equal(posts[0].method, 'POST');
  assert.equal(posts[0].type, 'application/octet-stream');
  assert.deepEqual(new Uint8Array(posts[0].body), envelope);
});

test('deliver: a captive portal\'s 200 page, a receipt for other bytes, a forged receipt, 503 and a dead server are retried', async () => {
  answer = () => ({ status: 200, type: 'text/html', body: '<html>Sign in to the airport Wi-Fi</html>' });
  assert.equal((await deliver(entry(), false)).outcome, 'retry');
  answer = () => ({ status: 200, body: JSON.stringify(signed({ ...goodReceipt(), sha256: 'f'.repeat(64) })) });
  assert.equal((await deliver(entry(), false)).outcome, 'retry');
  const forger = generateKeyPairSync('ed25519').privateKey;
  answer = () => ({ status: 201, body: JSON.stringify(signed(goodReceipt(), forger)) });
  assert.equal((await deliver(entry(), false)).outcome, 'retry', 'a look-alike intake\'s receipt');
  answer = () => ({ status: 503, body: '{}', headers: { 'retry-after': '7' } });
  assert.deepEqual(await deliver(entry(), false), { ...names(), outcome: 'retry', retryAfterMs: 7000, status: 503 });
  answer = () => ({ status: 429, body: '{}', headers: { 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' } });
  assert.deepEqual(await deliver(entry(), false), { ...names(), outcome: 'retry', retryAfterMs: null, status: 429 });
  const dead = { ...entry(), endpoint: 'http://127.0.0.1:9/api/v1/submissions' };
  assert.equal((await deliver(dead, false)).outcome, 'retry', 'connection refused');
});

test('deliver: a refusal is final and carries its status', async () => {
  answer = () => ({ status: 409, body: '{"error":"conflict"}' });
  assert.deepEqual(await deliver(entry(), false), { ...names(), outcome: 'refused', status: 409 });
  answer = () => ({ status: 422, body: '{}' });
  assert.deepEqual(await deliver(entry(), false), { ...names(), outcome: 'refused', status: 422 });
});
