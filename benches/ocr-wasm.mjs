// The MRZ recognizer's wasm module under Node: milliseconds per 1280×720
// phone-like frame (the frames `cargo xtask bench ocr` wrote into
// target/ocr-node/), and the module's size after brotli (quality 11).
// Budgets (issue 9): ≤ 60 ms per frame, ≤ 250 KB brotli. Exit 1 when missed.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { brotliCompressSync, constants } from 'node:zlib';

const dir = new URL('../target/ocr-node/', import.meta.url);
const require = createRequire(import.meta.url);
const { Scanner } = require(new URL('mrz_ocr_wasm.js', dir).pathname);

const frames = readdirSync(dir).filter((f) => f.endsWith('.gray')).sort()
  .map((f) => readFileSync(new URL(f, dir)));
if (frames.length === 0) throw new Error('no frames in target/ocr-node');
const s = new Scanner();
for (const f of frames.slice(0, 2)) s.read(1280, 720, f, '2026-12-01'); // warm-up
const rounds = 3;
const t0 = performance.now();
let read = 0;
for (let r = 0; r < rounds; r++) {
  for (const f of frames) {
    if (JSON.parse(s.read(1280, 720, f, '2026-12-01')).lines) read++;
  }
}
const ms = (performance.now() - t0) / (rounds * frames.length);
const wasm = readFileSync(new URL('mrz_ocr_wasm_bg.wasm', dir));
const br = brotliCompressSync(wasm, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
console.log(`wasm: ${ms.toFixed(1)} ms per 1280×720 frame (${read}/${rounds * frames.length} read; budget 60)`);
console.log(`module: ${wasm.length} bytes, ${br} bytes brotli (budget 250,000)`);
const missed = [];
if (ms > 60) missed.push(`wasm ${ms.toFixed(1)} ms per frame > 60`);
if (br > 250_000) missed.push(`module ${br} bytes brotli > 250,000`);
if (missed.length) {
  console.error(`budget missed: ${missed.join('; ')}`);
  process.exit(1);
}
