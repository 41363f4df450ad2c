// validateMrz (our npm package, under Node) side by side with npm `mrz`
// (cheminfo) 5.0.2, in one process, on the same inputs: the broad mix of
// benches/mrz-inputs.mjs (600 MRZs, 120 of each format, half with errors,
// lines apart and joined). cheminfo gets the lines already split (it
// cannot read them joined); ours gets the text as it arrives. Prints both
// rates and the ratio (the median over alternating rounds), and fails when
// the budget (ours ≥ 15× cheminfo) is not met, or when our verdict on a case differs from its ground truth.
import { createRequire } from 'node:module';
import { parse } from 'mrz';
import { cases, composition, inputs, options, texts } from './mrz-inputs.mjs';

const require = createRequire(import.meta.url);
const { validateMrz } = require('../checker-wasm/pkg-node/checker_wasm.js');

const BUDGET_RATIO = 15;

// Validations per second of `fn` over at least `ms` milliseconds.
function rate(fn, ms) {
  let n = 0;
  const start = process.hrtime.bigint();
  const limit = BigInt(ms) * 1_000_000n;
  let elapsed = 0n;
  while (elapsed < limit) {
    for (let i = 0; i < 500; i++) fn(n++);
    elapsed = process.hrtime.bigint() - start;
  }
  return (n * 1e9) / Number(elapsed);
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

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

const oursFn = (i) => validateMrz(texts[i % texts.length], options);
const theirsFn = (i) => {
  try {
    return parse(inputs[i % inputs.length]);
  } catch {
    return null;
  }
};
// Warm up both, then alternate short rounds (a machine whose load changes
// while the benchmark runs then weighs on both sides alike); the budget is
// on the median of the rounds' ratios.
rate(oursFn, 300);
rate(theirsFn, 300);
const rounds = [];
for (let r = 0; r < 9; r++) {
  const ours = rate(oursFn, 250);
  const theirs = rate(theirsFn, 250);
  rounds.push({ ours, theirs, ratio: ours / theirs });
}
const fmt = (x) => Math.round(x).toLocaleString('en-US').padStart(12);
const ours = median(rounds.map((x) => x.ours));
const theirs = median(rounds.map((x) => x.theirs));
console.log(`checker-wasm validateMrz   ${fmt(ours)} validations/s  (${(1e9 / ours).toFixed(0)} ns each, median of ${rounds.length} rounds)`);
console.log(`mrz (cheminfo) parse       ${fmt(theirs)} validations/s  (${(1e9 / theirs).toFixed(0)} ns each)`);
const ratio = median(rounds.map((x) => x.ratio));
console.log(`ratio per round: ${rounds.map((x) => x.ratio.toFixed(1)).join(' ')}`);
console.log(`ratio: ${ratio.toFixed(1)}× (median; budget ≥ ${BUDGET_RATIO}×)`);
if (wrong > 0) {
  console.error(`${wrong} verdicts differ from the mix's ground truth`);
  process.exit(1);
}
if (ratio < BUDGET_RATIO) {
  console.error(`budget missed: ${ratio.toFixed(1)}× < ${BUDGET_RATIO}×`);
  process.exit(1);
}
