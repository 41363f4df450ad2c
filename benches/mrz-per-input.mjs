// validateMrz per kind of input of the benchmark mix (benches/mrz-inputs.mjs):
// format × error kind × line layout, best of five rounds, and the mix
// itself: for finding where time goes (not a budget; `cargo xtask bench
// checker` checks the budget). Optional argument: another build of the
// Node package's checker_wasm.js.
import { createRequire } from 'node:module';
import { cases, options } from './mrz-inputs.mjs';
const require = createRequire(import.meta.url);
const pkg = process.argv[2] || '../checker-wasm/pkg-node/checker_wasm.js';
const { validateMrz } = require(pkg);
const groups = new Map();
for (const c of cases) {
  const key = `${c.format} ${c.error ?? 'valid'} ${c.text.includes('\n') ? 'separated' : 'joined'}`;
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push(c.text);
}
const best = new Map();
let mixBest = Infinity;
for (let round = 0; round < 5; round++) {
  for (const [key, texts] of groups) {
    const N = 20000;
    const s = process.hrtime.bigint();
    for (let i = 0; i < N; i++) validateMrz(texts[i % texts.length], options);
    best.set(key, Math.min(best.get(key) ?? Infinity, Number(process.hrtime.bigint() - s) / N));
  }
  const N = 300000;
  const s = process.hrtime.bigint();
  for (let i = 0; i < N; i++) validateMrz(cases[i % cases.length].text, options);
  mixBest = Math.min(mixBest, Number(process.hrtime.bigint() - s) / N);
}
for (const [key, ns] of [...best].sort()) console.log(`${key.padEnd(36)} ${ns.toFixed(0).padStart(6)} ns`);
console.log(`mix of ${cases.length}: ${mixBest.toFixed(0)} ns each`);
