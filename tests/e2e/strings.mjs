// The portal's own translation tables (app/src/i18n/{en,ja,zh_hant}.rs),
// read from the source so the tests check the page against what the
// translators wrote, in every language.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './harness.mjs';

const FILES = { en: 'en.rs', ja: 'ja.rs', 'zh-Hant': 'zh_hant.rs' };
const cache = new Map();

function table(lang) {
  if (!cache.has(lang)) {
    const src = readFileSync(path.join(ROOT, 'app', 'src', 'i18n', FILES[lang]), 'utf8');
    const entries = new Map();
    // The field-aware templates (`fn field_code`, last in the file) are `Field::X`.
    const [main, fieldAware = ''] = src.split(/\bfn field_code\b/);
    // `Key::X => "…",` or, as rustfmt writes long ones, `Key::X => {\n "…"\n }`.
    const re = /\b(Key|Code)::(\w+)\s*=>\s*\{?\s*"((?:[^"\\]|\\.)*)"/g;
    for (const [part, rename] of [[main, null], [fieldAware, 'Field']]) {
      for (const m of part.matchAll(re)) {
        // Rust line continuations (backslash, newline, indentation) vanish.
        const text = m[3].replace(/\\\n\s*/g, '');
        entries.set(`${rename ?? m[1]}::${m[2]}`, JSON.parse(`"${text}"`));
      }
    }
    cache.set(lang, entries);
  }
  return cache.get(lang);
}

function lookup(lang, name) {
  const v = table(lang).get(name);
  if (v === undefined) throw new Error(`no ${name} in the ${lang} translation table`);
  return v;
}

/** An interface string (`Key::…`) with `{params}` filled. */
export function ui(lang, key, params = {}) {
  return fill(lookup(lang, `Key::${key}`), params);
}

/** A checker message template (`Code::…`) with `{params}` filled. */
export function code(lang, name, params = {}) {
  return fill(lookup(lang, `Code::${name}`), params);
}

function fill(template, params) {
  return template.replace(/\{(\w+)\}/g, (all, name) => (name in params ? String(params[name]) : all));
}

/** The field-aware form of a checker message (`{label}` is the field's name in a sentence). */
export function fieldCode(lang, name, params = {}) {
  return fill(lookup(lang, `Field::${name}`), params);
}

/** The part of a template before its first `{param}` (for messages with parameters). */
export function codePrefix(lang, name) {
  return lookup(lang, `Code::${name}`).split('{')[0];
}

export const LANGS = ['en', 'ja', 'zh-Hant'];
export const NATIVE_NAMES = { en: 'English', ja: '日本語', 'zh-Hant': '繁體中文' };
