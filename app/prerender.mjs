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
// The strings come from the app's own language packs
// (app/src/i18n/packs/<tag>.json). Each translated text carries
// `data-i18n="Key"`, so the boot script can put it in another language
// before the app arrives (app/postbuild.mjs, `translatePrerendered`).
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const PACK_DIR = join(here, 'src', 'i18n', 'packs');

/** Every language pack, by tag, in the app's menu order (`Lang::ALL`). */
export function packs() {
  const out = new Map();
  for (const f of readdirSync(PACK_DIR).filter((f) => f.endsWith('.json'))) {
    const pack = JSON.parse(readFileSync(join(PACK_DIR, f), 'utf8'));
    out.set(pack.lang, pack);
  }
  return new Map(ALL.filter((t) => out.has(t)).map((t) => [t, out.get(t)]));
}

/** The tags, in menu order (as `Lang::ALL` in app/src/i18n/mod.rs). */
export const ALL = ['en', 'ja', 'zh-Hant', 'id', 'vi', 'fil', 'th', 'ko'];

/** A tag as config.json or `?lang=` gives it, as the app reads it (`Lang::from_tag`). */
export function canonical(tag) {
  const t = String(tag ?? '').toLowerCase();
  if (t === 'zh-tw') return 'zh-Hant';
  return ALL.find((a) => a.toLowerCase() === t) ?? null;
}

/** The interface strings (`Key::…`) of one language. */
export function uiStrings(lang) {
  const pack = packs().get(lang);
  if (!pack) throw new Error(`prerender: no language pack ${lang}`);
  return new Map(Object.entries(pack.ui));
}

/** A per-language agency text (`"Desk"` or `{"en": "Desk", …}`) in `lang`. */
export function localized(value, lang, fallback) {
  if (value && typeof value === 'object') {
    const by = (l) => Object.entries(value).find(([t]) => canonical(t) === l)?.[1];
    return String(by(lang) ?? by(fallback) ?? Object.values(value)[0] ?? '');
  }
  return String(value ?? '');
}

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/**
 * `{ lang, title, html }`: the page's language tag, its title and the
 * markup to put at the start of <body>, for `config` (config.json).
 */
export function prerenderStart(config) {
  const all = packs();
  const languages = (Array.isArray(config?.languages) ? config.languages : ALL).map(canonical).filter((l) => l && all.has(l));
  if (languages.length === 0) languages.push('en');
  const lang = languages[0];
  const ui = uiStrings(lang);
  const t = (key, params = {}) => {
    const v = ui.get(key);
    if (v === undefined) throw new Error(`prerender: no Key::${key} in the ${lang} table`);
    return v.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? params[name] : whole));
  };
  const k = (key) => ` data-i18n="${key}"`;
  const agency = localized(config?.agency?.name, lang, lang);
  const contact = localized(config?.agency?.contact, lang, lang);
  const logo = typeof config?.logo === 'string' && config.logo !== '' ? config.logo : null;
  const switcher = languages
    .map(
      (l) =>
        `<li><a class="language-button" href="?lang=${escape(l)}" lang="${escape(l)}" hreflang="${escape(l)}"${l === lang ? ' aria-current="true"' : ''}>${escape(all.get(l).name)}</a></li>`,
    )
    .join('');
  const html =
    `<header class="header" data-prerender><div class="header-inner">` +
    (logo ? `<img class="logo" src="${escape(logo)}" alt="">` : '') +
    `<div class="header-text"><span class="agency-name" data-agency>${escape(agency)}</span><span class="service-name"${k('ServiceName')}>${escape(t('ServiceName'))}</span></div>` +
    `<nav class="language-switcher" aria-label="${escape(t('LanguageNav'))}" data-i18n-label="LanguageNav"><ul class="language-list">${switcher}</ul></nav>` +
    `</div></header>` +
    `<main class="main" id="main-content" data-prerender>` +
    `<div class="prerender-start">` +
    `<h1 class="heading" id="page-heading" tabindex="-1" elementtiming="start-heading"${k('StartTitle')}>${escape(t('StartTitle'))}</h1>` +
    `<p class="lead"${k('StartIntro')}>${escape(t('StartIntro'))}</p>` +
    `<h2 class="heading-m"${k('WhatYouNeed')}>${escape(t('WhatYouNeed'))}</h2>` +
    `<ul class="list list-bullet">${['NeedDocument', 'NeedFlight', 'NeedAddress', 'NeedContact'].map((key) => `<li${k(key)}>${escape(t(key))}</li>`).join('')}</ul>` +
    `<h2 class="heading-m"${k('PrivacyTitle')}>${escape(t('PrivacyTitle'))}</h2>` +
    `<p${k('PrivacyCollected')}>${escape(t('PrivacyCollected'))}</p>` +
    `<p${k('PrivacyRecipient')}>${escape(t('PrivacyRecipient', { agency, contact }))}</p>` +
    `<p${k('PrivacyEncrypted')}>${escape(t('PrivacyEncrypted', { agency }))}</p>` +
    `<p${k('PrivacyStorage')}>${escape(t('PrivacyStorage'))}</p>` +
    `<div class="button-group"><a class="button" id="continue" href="#document"${k('Continue')}>${escape(t('Continue'))}</a></div>` +
    `</div>` +
    // The document page's MRZ box, shown once Start is followed: the
    // traveler can type (or a document reader can type) the MRZ before the
    // app has arrived; the app takes what was typed over and checks it.
    `<section class="prerender-document" id="document" aria-labelledby="prerender-document-heading">` +
    `<h1 class="heading" id="prerender-document-heading"${k('DocumentTitle')}>${escape(t('DocumentTitle'))}</h1>` +
    `<div class="field"><label class="label" for="mrz"${k('MrzLabel')}>${escape(t('MrzLabel'))}</label>` +
    `<p class="hint" id="mrz-hint"${k('MrzHint')}>${escape(t('MrzHint'))}</p>` +
    `<textarea class="textarea mrz-input" id="mrz" name="mrz" rows="3" spellcheck="false" autocomplete="off" autocapitalize="characters" aria-required="true" aria-describedby="mrz-hint prerender-checking"></textarea></div>` +
    `<p class="inset" id="prerender-checking" role="status"${k('PrerenderChecking')}>${escape(t('PrerenderChecking'))}</p>` +
    `</section>` +
    `</main>`;
  return { lang, title: t('ServiceName'), html };
}
