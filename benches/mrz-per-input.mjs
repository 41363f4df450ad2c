// validateMrz per input of the benchmark mix (benches/mrz-vs-cheminfo.mjs),
// best of seven rounds each, and the mix itself: for finding where time goes
// (not a budget; `cargo xtask bench checker` checks the budget). Optional
// argument: another build of the Node package's checker_wasm.js.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const pkg = process.argv[2] || '../checker-wasm/pkg-node/checker_wasm.js';
const { validateMrz } = require(pkg);
const inputs = [
  ['P<JPNSUZUKI<<ICHIRO<<<<<<<<<<<<<<<<<<<<<<<<<', 'TK01234568JPN7310227M3304156<<<<<<<<<<<<<<08'],
  ['I<NLDSPECI20142999999990<<<<<<', '6503101F3003105NLDXY9<<<<<<<<6', 'DE<BRUIJN<<WILLEKE<<<<<<<<<<<<'],
  ['I<FRADUPONT<<MARIE<<<<<<<<<<<<<<<<<<', 'ABCD12345<FRA7512319F29010196780<<<4'],
  ['P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<', 'C01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4'],
  ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'],
  ['P<JPNSUZUKI<<ICHIRO<<<<<<<<<<<<<<<<<<<<<<<<<', 'TK01234563JPN7310227M3304156<<<<<<<<<<<<<<08'],
];
const texts = inputs.map((l) => l.join('\n'));
const o = { today: '2026-11-26' };
const best = texts.map(() => Infinity);
let mixBest = Infinity;
for (let round = 0; round < 7; round++) {
  texts.forEach((x, k) => {
    const N = 100000;
    const s = process.hrtime.bigint();
    for (let i = 0; i < N; i++) validateMrz(x, o);
    best[k] = Math.min(best[k], Number(process.hrtime.bigint() - s) / N);
  });
  const N = 300000;
  const s = process.hrtime.bigint();
  for (let i = 0; i < N; i++) validateMrz(texts[i % 6], o);
  mixBest = Math.min(mixBest, Number(process.hrtime.bigint() - s) / N);
}
console.log(`per input (ns): ${best.map((b) => b.toFixed(0)).join(' ')}`);
console.log(`mean ${(best.reduce((a, b) => a + b) / best.length).toFixed(0)} ns, mix ${mixBest.toFixed(0)} ns`);
