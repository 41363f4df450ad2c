// validateMrz per input of the benchmark mix (benches/mrz-vs-cheminfo.mjs),
// best of seven rounds each, and the mix itself: for finding where time goes
// (not a budget; `cargo xtask bench checker` checks the budget). Optional
// argument: another build of the Node package's checker_wasm.js.
import { createRequire } from 'node:module';
import { inputs, options } from './mrz-inputs.mjs';
const require = createRequire(import.meta.url);
const pkg = process.argv[2] || '../checker-wasm/pkg-node/checker_wasm.js';
const { validateMrz } = require(pkg);
const texts = inputs.map((l) => l.join('\n'));
const best = texts.map(() => Infinity);
let mixBest = Infinity;
for (let round = 0; round < 7; round++) {
  texts.forEach((x, k) => {
    const N = 100000;
    const s = process.hrtime.bigint();
    for (let i = 0; i < N; i++) validateMrz(x, options);
    best[k] = Math.min(best[k], Number(process.hrtime.bigint() - s) / N);
  });
  const N = 300000;
  const s = process.hrtime.bigint();
  for (let i = 0; i < N; i++) validateMrz(texts[i % 6], options);
  mixBest = Math.min(mixBest, Number(process.hrtime.bigint() - s) / N);
}
console.log(`per input (ns): ${best.map((b) => b.toFixed(0)).join(' ')}`);
console.log(`mean ${(best.reduce((a, b) => a + b) / best.length).toFixed(0)} ns, mix ${mixBest.toFixed(0)} ns`);
