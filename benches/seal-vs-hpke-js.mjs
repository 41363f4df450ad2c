// Build, then run (from the repository root; wasm-pack and wasm-bindgen live in ~/.cargo/bin):
//   PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH" wasm-pack build --mode no-install --release --target nodejs --out-dir "$PWD/target/seal-wasm-bench-pkg" benches/seal-wasm
//   node benches/seal-vs-hpke-js.mjs
//
// Envelope v1 sealing time per record in one Node process, side by side:
//
//  (a) our Rust `envelope::seal` compiled to wasm (`sealRecord` of benches/seal-wasm: the portal's
//      path — validate the public key config, fresh submission id, meta, seal with
//      crypto.getRandomValues), and
//  (b) @hpke/core's CipherSuite (X-Wing from @hpke/hybridkem-x-wing, or DHKEM(X25519) from
//      @hpke/dhkem-x25519 / @hpke/core's WebCrypto one; HKDF-SHA256; ChaCha20-Poly1305 from
//      @hpke/chacha20poly1305), with this file building the exact Envelope v1 bytes of
//      docs/envelope.md around it and doing the same per-record work (parse and check the config,
//      key id, import the public key, check the record is JSON, random UUID, header,
//      info = prefix ‖ 0 ‖ header, padded plaintext, seal, concatenate).
//      A second JS row imports the key once and only does the per-record envelope work.
//
// The same ~1 KB record is sealed N times per variant (rounds alternate between variants so that
// GC and CPU-frequency drift hit all of them alike). Before timing, one envelope from every variant
// is opened with `target/release/agency open` (a separate Rust implementation of the opener) and
// must give back the record; the exit status is 1 if any does not.
//
// The wasm module is as wasm-pack builds it with `--release`: Cargo's `release` profile
// (opt-level 3, LTO, codegen-units 1), NOT run through wasm-opt (benches/seal-wasm/Cargo.toml sets
// `wasm-opt = false`). The shipped portal is built differently (profile `wasm-release`,
// opt-level "z", then wasm-opt -Oz); to time such a module pass `--pkg DIR` with a wasm-bindgen
// `--target nodejs` output directory.
//
// Needs target/release/agency (`cargo build --release -p agency`, or `cargo xtask build`).
//   node benches/seal-vs-hpke-js.mjs [--n N] [--warmup W] [--pkg DIR]

import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { CipherSuite, DhkemX25519HkdfSha256 as WebCryptoX25519, HkdfSha256 } from '@hpke/core';
import { Chacha20Poly1305 } from '@hpke/chacha20poly1305';
import { DhkemX25519HkdfSha256 as NobleX25519 } from '@hpke/dhkem-x25519';
import { XWing } from '@hpke/hybridkem-x-wing';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const N = Number(arg('--n', '500'));
const WARMUP = Number(arg('--warmup', '50'));
const ROUND = 50;
const PKG = resolve(arg('--pkg', join(ROOT, 'target', 'seal-wasm-bench-pkg')));
const AGENCY = join(ROOT, 'target', 'release', 'agency');
if (!Number.isInteger(N) || N < 1 || !Number.isInteger(WARMUP) || WARMUP < 0) {
  console.error('usage: node benches/seal-vs-hpke-js.mjs [--n N>=1] [--warmup W>=0] [--pkg DIR]');
  process.exit(2);
}
for (const [path, hint] of [
  [join(PKG, 'seal_wasm_bench.js'), 'build it with the wasm-pack command at the top of this file'],
  [AGENCY, 'run `cargo build --release -p agency`'],
]) {
  if (!existsSync(path)) {
    console.error(`missing ${path}: ${hint}`);
    process.exit(2);
  }
}
const { sealRecord } = createRequire(import.meta.url)(join(PKG, 'seal_wasm_bench.js'));

// ---------------------------------------------------------------- Envelope v1 constants (docs/envelope.md)

const VERSION = 1;
const INFO_PREFIX = new TextEncoder().encode('pre-departure envelope v1\0');
const PAD_BLOCK = 4096;
const MAX_RECORD_LEN = 32768;
const KDF_HKDF_SHA256 = 0x0001;
const AEAD_CHACHA20POLY1305 = 0x0003;
const SCHEMA = 1;
const KEMS = {
  xwing: { id: 0x647a, name: 'X-Wing', nenc: 1120, npk: 1216 },
  x25519: { id: 0x0020, name: 'X25519', nenc: 32, npk: 32 },
};

const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p instanceof Uint8Array ? p : new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out;
};

const suiteIds = (kem) => {
  const b = new Uint8Array(6);
  const v = new DataView(b.buffer);
  v.setUint16(0, kem.id);
  v.setUint16(2, KDF_HKDF_SHA256);
  v.setUint16(4, AEAD_CHACHA20POLY1305);
  return b;
};

/** Parses and checks a public key config (§2.4); returns the key id bytes and the raw public key. */
function readConfig(kem, configJson) {
  const cfg = JSON.parse(configJson);
  if (cfg.kem !== kem.id || cfg.kdf !== KDF_HKDF_SHA256 || cfg.aead !== AEAD_CHACHA20POLY1305) {
    throw new Error(`envelope.unknown_suite: ${cfg.kem}/${cfg.kdf}/${cfg.aead}`);
  }
  if (typeof cfg.publicKey !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(cfg.publicKey)) {
    throw new Error('envelope.bad_key: publicKey is not base64');
  }
  const pk = new Uint8Array(Buffer.from(cfg.publicKey, 'base64'));
  if (pk.length !== kem.npk) throw new Error(`envelope.bad_key: public key is ${pk.length} bytes`);
  const keyId = createHash('sha256').update(suiteIds(kem)).update(pk).digest().subarray(0, 8);
  if (cfg.kid !== keyId.toString('hex')) throw new Error('envelope.bad_key: kid does not match');
  return { keyId: new Uint8Array(keyId), pk };
}

/** header = version ‖ key id ‖ suite ids ‖ u16 meta_len ‖ meta (§3). */
function buildHeader(kem, keyId, meta) {
  const header = new Uint8Array(17 + meta.length);
  const v = new DataView(header.buffer);
  header[0] = VERSION;
  header.set(keyId, 1);
  header.set(suiteIds(kem), 9);
  v.setUint16(15, meta.length);
  header.set(meta, 17);
  return header;
}

/** u32 record_len ‖ record ‖ zeros, to a multiple of 4096 (§5). */
function padPlaintext(record) {
  const len = Math.ceil((4 + record.length) / PAD_BLOCK) * PAD_BLOCK;
  const pt = new Uint8Array(len);
  new DataView(pt.buffer).setUint32(0, record.length);
  pt.set(record, 4);
  return pt;
}

const utf8 = new TextEncoder();

/** The per-record envelope work around `suite.seal`, given an imported public key. */
async function sealWithKey(suite, kem, keyId, publicKey, recordJson, createdAt) {
  const record = utf8.encode(recordJson);
  if (record.length > MAX_RECORD_LEN) throw new Error('envelope.record_too_large');
  JSON.parse(recordJson); // the record must be JSON, as envelope::seal checks
  const meta = utf8.encode(JSON.stringify({ submissionId: randomUUID(), createdAt, schema: SCHEMA }));
  const header = buildHeader(kem, keyId, meta);
  const { enc, ct } = await suite.seal(
    { recipientPublicKey: publicKey, info: concat(INFO_PREFIX, header) },
    padPlaintext(record),
  );
  return concat(header, enc, ct);
}

/** Everything per record, like sealRecord: config in, envelope out. */
async function sealFromConfig(suite, kem, configJson, recordJson, createdAt) {
  const { keyId, pk } = readConfig(kem, configJson);
  const publicKey = await suite.kem.deserializePublicKey(pk);
  return sealWithKey(suite, kem, keyId, publicKey, recordJson, createdAt);
}

// ---------------------------------------------------------------- inputs

/** A travel-record-like JSON object of about 1 KB (the portal's records are 0.6–1.5 KB). */
function sampleRecord() {
  const r = {
    schema: SCHEMA,
    document: {
      kind: 'TD3',
      mrz: [
        'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
        'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
      ],
      documentNumber: 'L898902C3',
      issuingState: 'UTO',
      nationality: 'UTO',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      birthDate: '1974-08-12',
      sex: 'F',
      expiryDate: '2032-04-15',
    },
    trip: {
      arrivalDate: '2026-03-14',
      carrier: 'XX',
      flightNumber: 'XX1234',
      departureAirport: 'CDG',
      arrivalAirport: 'NRT',
      purpose: 'tourism',
      lengthOfStayDays: 12,
      addressInCountry: '1-2-3 Example-cho, Chiyoda-ku, Tokyo 100-0001',
      accommodation: 'Hotel Example Tokyo Station',
    },
    contact: {
      email: 'anna.eriksson@example.org',
      phone: '+46 70 123 45 67',
      emergencyName: 'Lars Eriksson',
      emergencyPhone: '+46 70 765 43 21',
    },
    declarations: { goodsToDeclare: false, currencyOver1m: false, visitedFarms: false },
    consent: { given: true, at: '2026-03-01T09:15:00Z', text: 'v3' },
    companions: [],
    notes: '',
  };
  let json = JSON.stringify(r);
  r.notes = 'x'.repeat(Math.max(0, 1024 - json.length));
  json = JSON.stringify(r);
  return json;
}

// ---------------------------------------------------------------- helpers

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (us) => (us >= 100 ? us.toFixed(0) : us.toFixed(1)).padStart(8);

function agency(...args) {
  return execFileSync(AGENCY, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Returns an error string, or null when `env` is a well-formed envelope that opens to the record. */
function checkEnvelope(dir, label, kemKey, secretPath, env, recordJson, createdAt) {
  const kem = KEMS[kemKey];
  const metaLen = new DataView(env.buffer, env.byteOffset).getUint16(15);
  const expectedLen = 17 + metaLen + kem.nenc + padPlaintext(utf8.encode(recordJson)).length + 16;
  if (env.length !== expectedLen) return `length ${env.length}, expected ${expectedLen}`;
  const meta = JSON.parse(new TextDecoder().decode(env.subarray(17, 17 + metaLen)));
  const wantMeta = `{"submissionId":"${meta.submissionId}","createdAt":"${createdAt}","schema":${SCHEMA}}`;
  if (new TextDecoder().decode(env.subarray(17, 17 + metaLen)) !== wantMeta) {
    return `meta is not the canonical form: ${new TextDecoder().decode(env.subarray(17, 17 + metaLen))}`;
  }
  const file = join(dir, `${label.replace(/[^A-Za-z0-9]+/g, '_')}.env`);
  writeFileSync(file, env);
  let out;
  try {
    out = agency('open', '--key', secretPath, '--in', file);
  } catch (e) {
    return `agency open failed: ${(e.stderr || e.message).trim()}`;
  }
  if (out.replace(/\n$/, '') !== recordJson) return 'agency open returned another record';
  return null;
}

// ---------------------------------------------------------------- main

async function main() {
  const recordJson = sampleRecord();
  const createdAt = new Date().toISOString();
  const dir = mkdtempSync(join(tmpdir(), 'seal-vs-hpke-'));
  try {
    const keys = {};
    for (const kemKey of Object.keys(KEMS)) {
      const kdir = join(dir, kemKey);
      agency('keygen', '--out', kdir, '--kem', kemKey);
      keys[kemKey] = {
        secretPath: join(kdir, 'agency.key'),
        configJson: readFileSync(join(kdir, 'agency.pub.json'), 'utf8'),
      };
    }

    const hpke = (kemImpl) =>
      new CipherSuite({ kem: kemImpl, kdf: new HkdfSha256(), aead: new Chacha20Poly1305() });
    const groups = [
      { kemKey: 'xwing', js: [['@hpke/hybridkem-x-wing', hpke(new XWing())]] },
      {
        kemKey: 'x25519',
        js: [
          ['@hpke/dhkem-x25519', hpke(new NobleX25519())],
          ['@hpke/core WebCrypto', hpke(new WebCryptoX25519())],
        ],
      },
    ];

    // Variants: each is an async () => Uint8Array sealing the record once.
    for (const g of groups) {
      const kem = KEMS[g.kemKey];
      const { configJson } = keys[g.kemKey];
      g.variants = [
        { label: `wasm sealRecord (envelope crate)`, run: async () => sealRecord(configJson, recordJson, createdAt) },
      ];
      for (const [name, suite] of g.js) {
        g.variants.push({
          label: `JS ${name}`,
          run: () => sealFromConfig(suite, kem, configJson, recordJson, createdAt),
        });
        const { keyId, pk } = readConfig(kem, configJson);
        const publicKey = await suite.kem.deserializePublicKey(pk);
        g.variants.push({
          label: `JS ${name}, key imported once`,
          run: () => sealWithKey(suite, kem, keyId, publicKey, recordJson, createdAt),
        });
      }
    }

    // Correctness: one envelope from every variant opens with the agency CLI.
    let failures = 0;
    for (const g of groups) {
      for (const v of g.variants) {
        const label = `${KEMS[g.kemKey].name} ${v.label}`;
        let err;
        try {
          err = checkEnvelope(dir, label, g.kemKey, keys[g.kemKey].secretPath, await v.run(), recordJson, createdAt);
        } catch (e) {
          err = `threw: ${e.message}`;
        }
        console.log(`${err ? 'FAIL' : 'ok  '} ${label} opens with agency open${err ? `: ${err}` : ''}`);
        if (err) failures += 1;
      }
    }
    if (failures) {
      console.error(`${failures} correctness check(s) failed; no timings`);
      process.exitCode = 1;
      return;
    }

    console.log(
      `\nrecord ${utf8.encode(recordJson).length} B JSON; N = ${N} per variant (after ${WARMUP} warm-up), ` +
        `rounds of ${ROUND} alternating; Node ${process.version}; wasm from ${PKG}\n`,
    );
    for (const g of groups) {
      const kem = KEMS[g.kemKey];
      for (const v of g.variants) {
        for (let i = 0; i < WARMUP; i++) await v.run();
        v.times = [];
      }
      for (let done = 0; done < N; done += ROUND) {
        for (const v of g.variants) {
          for (let i = 0; i < Math.min(ROUND, N - done); i++) {
            const t0 = performance.now();
            const env = await v.run();
            const t1 = performance.now();
            if (env.length < 17 + kem.nenc + PAD_BLOCK + 16) throw new Error(`${v.label}: short envelope`);
            v.times.push((t1 - t0) * 1000);
          }
        }
      }
      console.log(`${kem.name} (kem 0x${kem.id.toString(16).padStart(4, '0')}) / HKDF-SHA256 / ChaCha20-Poly1305`);
      console.log(`  ${'variant'.padEnd(48)} ${'mean µs'.padStart(8)} ${'median µs'.padStart(9)} ${'records/s'.padStart(10)}`);
      for (const v of g.variants) {
        v.mean = mean(v.times);
        v.median = median(v.times);
        console.log(
          `  ${v.label.padEnd(48)} ${fmt(v.mean)} ${fmt(v.median).padStart(9)} ${(1e6 / v.mean).toFixed(0).padStart(10)}`,
        );
      }
      const [wasm, ...js] = g.variants;
      for (const v of js) {
        console.log(
          `  ratio ${v.label} / wasm: mean ${(v.mean / wasm.mean).toFixed(2)}x, median ${(v.median / wasm.median).toFixed(2)}x`,
        );
      }
      console.log('');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
