// One suite over every engine: each MRZ vector of checker-wasm/testdata/mrz/
// and each case of the benchmark mix (benches/mrz-inputs.mjs) goes through
// - the Rust API (`validate_mrz`, through the `mrz-check` CLI, which prints
//   its report as JSON),
// - the npm package (Node build) as the usual call reaches it (ASCII text:
//   the report cut out of the caller's string, or packed),
// - the same package along the general way (a leading U+3000, trimmed like
//   any blank, sends the text across as a whole string: packed report),
// - the web package (pkg/), initialised from bytes;
// and every engine must give the same report. The vectors' expectations
// (verdict, fields, every issue, the suggestion) are checked too, and the
// mix's ground truth (verdict and format).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { cases as mix } from '../../benches/mrz-inputs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const node = require(path.join(root, 'checker-wasm/pkg-node/checker_wasm.js'));
const TODAY = '2026-11-26';

// The vector files' format: see the head of checker-wasm/testdata/mrz/invalid.txt.
function unquote(q) {
  let out = '';
  for (let i = 0; i < q.length; i++) {
    const c = q[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = q[++i];
    if (n === 'n') out += '\n';
    else if (n === 'r') out += '\r';
    else if (n === 't') out += '\t';
    else if (n === 'u') {
      const close = q.indexOf('}', i);
      out += String.fromCodePoint(parseInt(q.slice(i + 2, close), 16));
      i = close;
    } else out += n;
  }
  return out;
}

function vectors(file) {
  const text = readFileSync(path.join(root, 'checker-wasm/testdata/mrz', file), 'utf8');
  const out = [];
  let block = null;
  const finish = () => {
    if (block && (block.lines.length || block.input !== null)) out.push(block);
    block = null;
  };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') {
      finish();
      continue;
    }
    if (line.startsWith('#')) {
      if (block && (block.lines.length || block.expect.length || block.input !== null)) finish();
      if (!block) block = { name: line.slice(1).trim(), lines: [], input: null, expect: [] };
      continue;
    }
    if (!block) block = { name: '(unnamed)', lines: [], input: null, expect: [] };
    const m = /^([a-zA-Z0-9]+): ?(.*)$/.exec(line);
    if (m && m[1] === 'input') {
      const q = /^"((?:[^"\\]|\\.)*)"(?: \* (\d+))?$/.exec(m[2]);
      block.input = unquote(q[1]).repeat(q[2] ? Number(q[2]) : 1);
    } else if (m) {
      block.expect.push([m[1], m[2]]);
    } else {
      block.lines.push(line);
    }
  }
  finish();
  return out
    .filter((b) => b.lines.length || b.input !== null)
    .map((b) => ({ ...b, text: b.input ?? b.lines.join('\n') }));
}

// The Rust API's reports, one process for all texts.
function rust(texts) {
  const input = texts.map((t) => JSON.stringify(t)).join('\n') + '\n';
  let out;
  try {
    out = execFileSync('cargo', ['run', '--quiet', '--locked', '-p', 'checker-wasm', '--bin', 'mrz-check', '--', '--today', TODAY, '--json-lines'], {
      cwd: root,
      input,
      maxBuffer: 1 << 28,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
  } catch (e) {
    // Exit status 1: some MRZ invalid.
    if (e.status !== 1) throw e;
    out = e.stdout;
  }
  return out.toString().trim().split('\n').map((l) => JSON.parse(l));
}

async function web() {
  const pkg = await import(path.join(root, 'checker-wasm/pkg/checker_wasm.js'));
  pkg.initSync({ module: readFileSync(path.join(root, 'checker-wasm/pkg/checker_wasm_bg.wasm')) });
  return pkg;
}

// The Rust report as the JS API shapes it (JSON drops nothing: the same).
const asJs = (r) => JSON.parse(JSON.stringify(r));

const valid = vectors('valid.txt');
const invalid = vectors('invalid.txt');

async function engines(texts) {
  const want = rust(texts);
  const w = await web();
  return texts.map((text, i) => {
    const options = { today: TODAY };
    return {
      rust: asJs(want[i]),
      usual: node.validateMrz(text, options),
      general: node.validateMrz('\u3000' + text, options),
      web: w.validateMrz(text, options),
    };
  });
}

test('every engine gives the same report for every MRZ vector', async () => {
  const all = [...valid.map((v) => ({ ...v, valid: true })), ...invalid.map((v) => ({ ...v, valid: false }))];
  assert.ok(valid.length > 40 && invalid.length > 60, `${valid.length} valid, ${invalid.length} invalid vectors`);
  const reports = await engines(all.map((v) => v.text));
  let checkedIssues = 0;
  all.forEach((v, i) => {
    const r = reports[i];
    const label = `${v.name}: ${JSON.stringify(v.text).slice(0, 120)}`;
    assert.deepEqual(r.usual, r.rust, `npm (usual call) vs Rust: ${label}`);
    assert.deepEqual(r.general, r.rust, `npm (general way) vs Rust: ${label}`);
    assert.deepEqual(r.web, r.rust, `web package vs Rust: ${label}`);
    assert.equal(r.rust.valid, v.valid, `verdict: ${label}`);
    // The vector's own expectations.
    const issues = v.expect.filter(([k]) => k === 'issue').map(([, x]) => x);
    if (issues.length || !v.valid) {
      const got = r.rust.issues.map((x) => [x.code, x.line ?? '-', x.start ?? '-', x.end ?? '-'].join(' '));
      const wanted = issues.map((x) => x.split(' ').slice(0, 4).join(' '));
      assert.deepEqual(got, wanted, `issues: ${label}`);
      checkedIssues += wanted.length;
    }
    const suggestion = v.expect.filter(([k]) => k === 'suggestion').map(([, x]) => x);
    assert.deepEqual(r.rust.suggestion?.lines ?? [], suggestion, `suggestion: ${label}`);
    for (const [k, x] of v.expect) {
      if (k === 'format') assert.equal(r.rust.format, x === 'none' || x === '' ? null : x, `format: ${label}`);
      else if (k in r.rust.fields) assert.equal(r.rust.fields[k] ?? '', x, `${k}: ${label}`);
    }
  });
  assert.ok(checkedIssues > 100, `${checkedIssues} issues checked`);
});

test('every engine gives the same report for the benchmark mix, and the verdicts its ground truth', async () => {
  assert.equal(mix.length, 600);
  const reports = await engines(mix.map((c) => c.text));
  let errors = 0;
  mix.forEach((c, i) => {
    const r = reports[i];
    assert.deepEqual(r.usual, r.rust, `npm (usual call) vs Rust: ${c.text}`);
    assert.deepEqual(r.general, r.rust, `npm (general way) vs Rust: ${c.text}`);
    assert.deepEqual(r.web, r.rust, `web package vs Rust: ${c.text}`);
    assert.equal(r.rust.valid, c.valid, `verdict (${c.format}, ${c.error}): ${c.text}`);
    assert.equal(r.rust.format, c.format, `format: ${c.text}`);
    if (c.error) errors += 1;
  });
  assert.ok(errors >= 0.4 * mix.length, `${errors} with errors`);
});
