// The MRZ recognizer compiled to wasm, under Node: phone-like 1280×720
// frames from the generator (`mrz-ocr-synth raw`, written by `cargo xtask
// test` into target/ocr-node/ with the module) give the exact MRZ, two
// agreeing frames are needed, and bad frames are errors with codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const dir = new URL('../../target/ocr-node/', import.meta.url);
const require = createRequire(import.meta.url);
const { Scanner } = require(new URL('mrz_ocr_wasm.js', dir).pathname);
const today = '2026-12-01';

const frames = readdirSync(dir).filter((f) => f.endsWith('.gray')).sort();

test('phone frames are read exactly, and agreed on the second frame', () => {
  assert.ok(frames.length >= 3, `frames in ${dir.pathname}`);
  for (const f of frames) {
    const data = readFileSync(new URL(f, dir));
    const truth = readFileSync(new URL(f.replace('.gray', '.txt'), dir), 'utf8').trim().split('\n');
    const s = new Scanner();
    const first = JSON.parse(s.read(1280, 720, data, today));
    assert.deepEqual(first.lines, truth, f);
    assert.equal(first.agreed, null, f);
    assert.ok(first.confidence >= 0.5 && first.confidence <= 1, f);
    assert.equal(first.quad.length, 4);
    const second = JSON.parse(s.read(1280, 720, data, today));
    assert.deepEqual(second.agreed, truth, f);
    s.reset();
    assert.equal(JSON.parse(s.read(1280, 720, data, today)).agreed, null);
  }
});

test('bad frames are errors with codes, random frames give no MRZ', () => {
  const s = new Scanner();
  assert.equal(JSON.parse(s.read(0, 0, new Uint8Array(0), today)).error, 'ocr.frameEmpty');
  assert.equal(JSON.parse(s.read(10, 10, new Uint8Array(7), today)).error, 'ocr.frameLength');
  assert.equal(JSON.parse(s.read(10, 10, new Uint8Array(100), 'soon')).error, 'ocr.today');
  let x = 12345;
  const noise = new Uint8Array(640 * 360 * 4).map(() => ((x = (x * 1103515245 + 12345) >>> 0) >>> 24));
  const r = JSON.parse(s.read(640, 360, noise, today));
  assert.equal(r.lines, null);
  assert.ok(Array.isArray(r.hints));
});
