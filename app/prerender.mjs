// The start page, pre-rendered into index.html by app/postbuild.mjs: the
// header and the start page as the app draws them (same elements, classes
// and ids as `Portal` and `StartStep`), in the config's first language, so
// the page is readable before the wasm arrives. The app removes every
// element marked `data-prerender` when it mounts (app/src/prerender.rs).
//
// Without script: Start is a link to #document (the app opens the document
// page when it finds that hash), which shows the document page's MRZ box
// through CSS :target, so the MRZ can be typed before the app runs (the app
// takes the text over and checks it); the language buttons are links to
// ?lang=….
//
// The strings come from the app's own tables (app/src/i18n/*.rs), read from
// the source: `Key::Name => "text",` or, as rustfmt writes long ones,
// `Key::Name => {\n "text"\n }`.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const LANGS = {
  en: { file: 'en.rs', name: 'English' },
  ja: { file: 'ja.rs', name: '日本語' },
  'zh-Hant': { file: 'zh_hant.rs', name: '繁體中文' },
};

/** The interface strings (`Key::…`) of one language. */
export function uiStrings(lang) {
  const src = readFileSync(join(here, 'src', 'i18n', LANGS[lang].file), 'utf8');
  const out = new Map();
  for (const m of src.matchAll(/\bKey::(\w+)\s*=>\s*\{?\s*"((?:[^"\\]|\\.)*)"/g)) {
    if (!out.has(m[1])) out.set(m[1], JSON.parse(`"${m[2].replace(/\\\n\s*/g, '')}"`));
  }
  return out;
}

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/**
 * `{ lang, title, html }`: the page's language tag, its title and the
 * markup to put at the start of <body>, for `config` (config.json).
 */
export function prerenderStart(config) {
  const languages = (Array.isArray(config?.languages) ? config.languages : []).filter((l) => l in LANGS);
  if (languages.length === 0) languages.push('en');
  const lang = languages[0];
  const ui = uiStrings(lang);
  const t = (key, params = {}) => {
    const v = ui.get(key);
    if (v === undefined) throw new Error(`prerender: no Key::${key} in the ${lang} table`);
    return v.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? params[name] : whole));
  };
  const agency = String(config?.agency?.name ?? '');
  const contact = String(config?.agency?.contact ?? '');
  const logo = typeof config?.logo === 'string' && config.logo !== '' ? config.logo : null;
  const switcher = languages
    .map(
      (l) =>
        `<li><a class="language-button" href="?lang=${escape(l)}" lang="${escape(l)}" hreflang="${escape(l)}"${l === lang ? ' aria-current="true"' : ''}>${escape(LANGS[l].name)}</a></li>`,
    )
    .join('');
  const html =
    `<header class="header" data-prerender><div class="header-inner">` +
    (logo ? `<img class="logo" src="${escape(logo)}" alt="">` : '') +
    `<div class="header-text"><span class="agency-name">${escape(agency)}</span><span class="service-name">${escape(t('ServiceName'))}</span></div>` +
    `<nav class="language-switcher" aria-label="${escape(t('LanguageNav'))}"><ul class="language-list">${switcher}</ul></nav>` +
    `</div></header>` +
    `<main class="main" id="main-content" data-prerender>` +
    `<div class="prerender-start">` +
    `<h1 class="heading" id="page-heading" tabindex="-1" elementtiming="start-heading">${escape(t('StartTitle'))}</h1>` +
    `<p class="lead">${escape(t('StartIntro'))}</p>` +
    `<h2 class="heading-m">${escape(t('WhatYouNeed'))}</h2>` +
    `<ul class="list list-bullet">${['NeedDocument', 'NeedFlight', 'NeedAddress', 'NeedContact'].map((k) => `<li>${escape(t(k))}</li>`).join('')}</ul>` +
    `<h2 class="heading-m">${escape(t('PrivacyTitle'))}</h2>` +
    `<p>${escape(t('PrivacyCollected'))}</p>` +
    `<p>${escape(t('PrivacyRecipient', { agency, contact }))}</p>` +
    `<p>${escape(t('PrivacyEncrypted', { agency }))}</p>` +
    `<p>${escape(t('PrivacyStorage'))}</p>` +
    `<div class="button-group"><a class="button" id="continue" href="#document">${escape(t('Continue'))}</a></div>` +
    `</div>` +
    // The document page's MRZ box, shown once Start is followed: the
    // traveler can type (or a document reader can type) the MRZ before the
    // app has arrived; the app takes what was typed over and checks it.
    `<section class="prerender-document" id="document" aria-labelledby="prerender-document-heading">` +
    `<h1 class="heading" id="prerender-document-heading">${escape(t('DocumentTitle'))}</h1>` +
    `<div class="field"><label class="label" for="mrz">${escape(t('MrzLabel'))}</label>` +
    `<p class="hint" id="mrz-hint">${escape(t('MrzHint'))}</p>` +
    `<textarea class="textarea mrz-input" id="mrz" name="mrz" rows="3" spellcheck="false" autocomplete="off" autocapitalize="characters" aria-required="true" aria-describedby="mrz-hint prerender-checking"></textarea></div>` +
    `<p class="inset" id="prerender-checking" role="status">${escape(t('PrerenderChecking'))}</p>` +
    `</section>` +
    `</main>`;
  return { lang, title: t('ServiceName'), html };
}
