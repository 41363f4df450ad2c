// The portal's own language packs (app/src/i18n/packs/<tag>.json), read
// from the source so the tests check the page against what the
// translators wrote, in every language.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './harness.mjs';

const cache = new Map();

/** The language pack of `lang` (`en`, `ja`, `zh-Hant`, `id`, `vi`, `fil`, `th`, `ko`). */
export function pack(lang) {
  if (!cache.has(lang)) {
    cache.set(lang, JSON.parse(readFileSync(path.join(ROOT, 'app', 'src', 'i18n', 'packs', `${lang}.json`), 'utf8')));
  }
  return cache.get(lang);
}

// Checker code names (`MrzCheckDigit`) → their stable strings (`mrz.checkDigit`),
// from the checker's one table of codes.
let codeNames;
function codeString(name) {
  if (!codeNames) {
    const src = readFileSync(path.join(ROOT, 'checker-wasm', 'src', 'issue', 'mod.rs'), 'utf8');
    codeNames = new Map([...src.matchAll(/^\s+(\w+)\s*=\s*"([a-zA-Z.]+)",/gm)].map((m) => [m[1], m[2]]));
  }
  const code = codeNames.get(name);
  if (code === undefined) throw new Error(`no checker code ${name}`);
  return code;
}

function lookup(lang, section, name) {
  const v = pack(lang)[section]?.[name];
  if (v === undefined) throw new Error(`no ${section}.${name} in the ${lang} language pack`);
  return v;
}

/** An interface string (`Key::…`) with `{params}` filled. */
export function ui(lang, key, params = {}) {
  return fill(lookup(lang, 'ui', key), params);
}

/** A checker message template (`Code::…`, by its Rust name) with `{params}` filled. */
export function code(lang, name, params = {}) {
  return fill(lookup(lang, 'codes', codeString(name)), params);
}

function fill(template, params) {
  return template.replace(/\{(\w+)\}/g, (all, name) => (name in params ? String(params[name]) : all));
}

/** The field-aware form of a checker message (`{label}` is the field's name in a sentence). */
export function fieldCode(lang, name, params = {}) {
  return fill(lookup(lang, 'fieldCodes', codeString(name)), params);
}

/** The part of a template before its first `{param}` (for messages with parameters). */
export function codePrefix(lang, name) {
  return lookup(lang, 'codes', codeString(name)).split('{')[0];
}

/** A date in the language's form (the pack's `date` pattern), from `YYYY-MM-DD`. */
export function date(lang, iso) {
  const [y, m, d] = iso.split('-').map(Number);
  const p = pack(lang);
  return fill(p.date, { year: y, month: m, mm: String(m).padStart(2, '0'), day: d, dd: String(d).padStart(2, '0'), monthName: p.months?.[m - 1] });
}

/** The languages the older tests run in (each also in tests/e2e/i18n.test.mjs with the others). */
export const LANGS = ['en', 'ja', 'zh-Hant'];
/** Every language of the portal, in menu order. */
export const ALL_LANGS = ['en', 'ja', 'zh-Hant', 'id', 'vi', 'fil', 'th', 'ko'];
export const NATIVE_NAMES = Object.fromEntries(ALL_LANGS.map((l) => [l, pack(l).name]));
