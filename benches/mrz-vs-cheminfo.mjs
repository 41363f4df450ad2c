// validateMrz (our npm package, under Node) side by side with npm `mrz`
// (cheminfo) 5.0.2, in one process, on the same inputs: the broad mix of
// benches/mrz-inputs.mjs (600 MRZs, 120 of each format, half with errors,
// lines apart and joined). cheminfo gets the lines already split (it
// cannot read them joined); ours gets the text as it arrives. Prints both
// rates and the ratio, and fails when the budget (ours ≥ 15× cheminfo) is
// not met, or when our verdict on a case differs from its ground truth.
import { createRequire } from 'node:module';
import { parse } from 'mrz';
import { cases, composition, inputs, options, texts } from './mrz-inputs.mjs';

const require = createRequire(import.meta.url);
const { validateMrz } = require('../checker-wasm/pkg-node/checker_wasm.js');

const BUDGET_RATIO = 15;

function rate(label, fn) {
  // warm up, then run for at least two seconds
  for (let i = 0; i < 5000; i++) fn(i);
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < 2_000_000_000n) {
    for (let i = 0; i < 1000; i++) fn(n++);
    elapsed = process.hrtime.bigint() - start;
  }
  const perSec = (n * 1e9) / Number(elapsed);
  console.log(`${label.padEnd(28)} ${Math.round(perSec).toLocaleString('en-US').padStart(12)} validations/s  (${(1e9 / perSec).toFixed(0)} ns each)`);
  return perSec;
}

console.log('mix:', JSON.stringify(composition()));
// Our verdicts against the ground truth; cheminfo's for the record.
let wrong = 0;
let theirsWrong = 0;
for (let i = 0; i < cases.length; i++) {
  const ours = validateMrz(texts[i], options);
  if (ours.valid !== cases[i].valid || ours.format !== cases[i].format) {
    wrong += 1;
    console.error(`case ${i} (${cases[i].format}, ${cases[i].error}): ours ${ours.format} valid=${ours.valid}`);
  }
  let theirs;
  try {
    theirs = parse(inputs[i]).valid;
  } catch {
    theirs = false;
  }
  if (theirs !== cases[i].valid) theirsWrong += 1;
}
console.log(`verdicts differing from the ground truth: ours ${wrong}, cheminfo ${theirsWrong} of ${cases.length}`);

const ours = rate('checker-wasm validateMrz', (i) => validateMrz(texts[i % texts.length], options));
const theirs = rate('mrz (cheminfo) parse', (i) => {
  try {
    return parse(inputs[i % inputs.length]);
  } catch {
    return null;
  }
});
const ratio = ours / theirs;
console.log(`ratio: ${ratio.toFixed(1)}× (budget ≥ ${BUDGET_RATIO}×)`);
if (wrong > 0) {
  console.error(`${wrong} verdicts differ from the mix's ground truth`);
  process.exit(1);
}
if (ratio < BUDGET_RATIO) {
  console.error(`budget missed: ${ratio.toFixed(1)}× < ${BUDGET_RATIO}×`);
  process.exit(1);
}
