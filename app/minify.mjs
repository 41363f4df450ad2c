// Minifies the build's JavaScript (used by app/postbuild.mjs).
//
// Trunk 0.21 minifies HTML and CSS but leaves wasm-bindgen's glue, the
// snippets (app/outbox.js), the boot script and the lazily loaded modules as
// written: comments, long local names and all. Travelers on a slow, metered
// connection pay for every byte of the first load, so each .js file of the
// build is minified with terser (pinned in package.json; pure JavaScript, no
// download at build time), and the SRI `integrity` of every tag of
// index.html that loads it is recomputed.
//
// Only local names are shortened: no property is renamed (wasm-bindgen's
// import object and the DOM are reached by property name), and no string,
// so the snippet paths and `import()` targets stay as they are.
import { createHash } from "node:crypto";
import { minify } from "terser";

/** Terser's options: ES2022 (the portal needs a browser with wasm, ES modules and Ed25519 in WebCrypto anyway). */
const OPTIONS = {
  ecma: 2022,
  compress: { passes: 2 },
  mangle: true,
  format: { comments: false },
};

/**
 * `code` minified; `module` for an ES module (top-level names are then
 * local, and `import.meta` allowed), false for a classic script such as the
 * service worker, whose top-level names stay.
 */
export async function minifyJs(code, { module }) {
  const out = await minify(code, { ...OPTIONS, module, toplevel: module });
  if (typeof out.code !== "string" || out.code.length === 0) {
    throw new Error("terser returned no code");
  }
  return out.code + "\n";
}

/** The SRI value of `bytes` (sha384, as Trunk writes it). */
export function sri(bytes) {
  return "sha384-" + createHash("sha384").update(bytes).digest("base64");
}

/** An attribute's value in a tag, quoted or not (Trunk's minified HTML drops the quotes). */
function attribute(tag, name) {
  const m = tag.match(new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i"));
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

const TAG = /<(?:script|link)\b[^>]*>/gi;

/**
 * `html` with the `integrity` of every `<script>`/`<link>` tag whose
 * src/href is `url` set to `value`.
 */
export function setIntegrity(html, url, value) {
  return html.replace(TAG, (tag) => {
    if ((attribute(tag, "src") ?? attribute(tag, "href")) !== url) return tag;
    return tag.replace(/\sintegrity=(?:"[^"]*"|'[^']*'|[^\s>]+)/i, ` integrity="${value}"`);
  });
}

/**
 * Every `integrity` in `html` checked against the bytes it names
 * (`read(url)`, or null for a file not in the build): the URLs whose
 * integrity does not match.
 */
export function wrongIntegrity(html, read) {
  const wrong = [];
  for (const [tag] of html.matchAll(TAG)) {
    const integrity = attribute(tag, "integrity");
    const url = attribute(tag, "src") ?? attribute(tag, "href");
    if (integrity === undefined || url === undefined) continue;
    const bytes = read(url);
    if (bytes === null || integrity !== sri(bytes)) wrong.push(url);
  }
  return wrong;
}
