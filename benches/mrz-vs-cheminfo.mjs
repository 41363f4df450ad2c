// validateMrz (our npm package, under Node) side by side with npm `mrz`
// (cheminfo) 5.0.2, in one process, on the same inputs. Prints both rates and
// the ratio, and fails when the budget (ours ≥ 20× cheminfo) is not met.
import { createRequire } from 'node:module';
import { parse } from 'mrz';
import { inputs, options } from './mrz-inputs.mjs';

const require = createRequire(import.meta.url);
const { validateMrz } = require('../checker-wasm/pkg-node/checker_wasm.js');

const BUDGET_RATIO = 20;
const texts = inputs.map((lines) => lines.join('\n'));

function rate(label, fn) {
  // warm up, then run for at least a second
  for (let i = 0; i < 2000; i++) fn(i);
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < 1_000_000_000n) {
    for (let i = 0; i < 1000; i++) fn(n++);
    elapsed = process.hrtime.bigint() - start;
  }
  const perSec = (n * 1e9) / Number(elapsed);
  console.log(`${label.padEnd(28)} ${Math.round(perSec).toLocaleString('en-US').padStart(12)} validations/s  (${(1e9 / perSec).toFixed(0)} ns each)`);
  return perSec;
}

// Same verdicts on the same inputs, so the comparison is fair.
for (let i = 0; i < inputs.length; i++) {
  const ours = validateMrz(texts[i], options);
  const theirs = parse(inputs[i]);
  console.log(`input ${i}: ours ${ours.format} valid=${ours.valid}; cheminfo ${theirs.format} valid=${theirs.valid}`);
}

const ours = rate('checker-wasm validateMrz', (i) => validateMrz(texts[i % texts.length], options));
const theirs = rate('mrz (cheminfo) parse', (i) => parse(inputs[i % inputs.length]));
const ratio = ours / theirs;
console.log(`ratio: ${ratio.toFixed(1)}× (budget ≥ ${BUDGET_RATIO}×)`);
if (ratio < BUDGET_RATIO) {
  console.error(`budget missed: ${ratio.toFixed(1)}× < ${BUDGET_RATIO}×`);
  process.exit(1);
}
