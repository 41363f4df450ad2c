// Trunk post_build hook: make dist/ work under the portal's strict CSP
// (script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; no 'unsafe-inline').
//
// Trunk 0.21 injects an inline <script type="module"> that loads the wasm.
// This moves each inline script into a content-hashed file next to
// index.html, referenced with an SRI integrity hash, and then refuses to
// finish if any inline script, inline style, style attribute or event
// handler attribute is left in the page.
//
// It also makes the portal work offline and travel compressed:
// * writes `sw.js` (the service worker, app/sw.js with the build's file list
//   and a version hash of their bytes), `manifest.webmanifest` and its PNG
//   icons, links the manifest from index.html and registers the worker from
//   the boot script once the page has loaded; the worker carries the outbox
//   code (app/outbox.js) for Background Sync;
// * writes `NAME.br` (brotli, quality 11) and `NAME.gz` (gzip -9) beside every
//   compressible file, for servers that serve precompressed files
//   (`agency serve --static`, nginx `brotli_static`/`gzip_static`, a CDN).
//   config.json is left uncompressed: agencies edit it after the build, and a
//   stale `config.json.br` would be served instead of the edit.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, readdirSync, statSync, unlinkSync } from "node:fs";
import { join, dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, gzipSync, deflateSync, crc32, constants } from "node:zlib";
import { prerenderStart, packs, ALL } from "./prerender.mjs";
import { minifyJs, sri, setIntegrity, wrongIntegrity } from "./minify.mjs";
import { dropStreams } from "./deadexports.mjs";

const here = dirname(fileURLToPath(import.meta.url));

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("postbuild: TRUNK_STAGING_DIR is not set (run through trunk)");
  process.exit(1);
}
const base = process.env.TRUNK_PUBLIC_URL || "/";
const indexPath = join(staging, "index.html");
let html = readFileSync(indexPath, "utf8");

// Registered after the load event, so precaching never competes with the
// first load for a slow connection's bandwidth.
const registerWorker = `
if ("serviceWorker" in navigator) {
  const register = () => navigator.serviceWorker.register("${base}sw.js", { scope: "${base}" }).catch(() => {});
  if (document.readyState === "complete") register(); else addEventListener("load", register);
}
`;

// The second wasm module (app/lazy: sealing, the QR code), built by Trunk as a
// `data-type="worker"` asset so nothing starts it. Trunk does not hash a
// worker's file names: they get the hash of their bytes here, so they can be
// cached immutably like the rest. The boot script defines `portalLazy()`,
// which imports the module once, on demand (app/src/lazy.rs).
// The third (app/qrread: the QR reader of "Check a receipt" with a camera)
// is built the same way and loaded by `portalQrRead()`, only on that page;
// it is not precached (no traveler needs it).
/** Renames module `name`'s JS and wasm by their hash; returns `[js, wasm]`. */
function hashModule(name) {
  const js = join(staging, `${name}.js`);
  const wasm = join(staging, `${name}_bg.wasm`);
  if (!exists(js) || !exists(wasm)) {
    console.error(`postbuild: the module ${name} (${name}.js and ${name}_bg.wasm) is missing from the build`);
    process.exit(1);
  }
  const wasmBytes = readFileSync(wasm);
  let code = readFileSync(js, "utf8");
  const hex = createHash("sha256").update(wasmBytes).update(code).digest("hex").slice(0, 16);
  const hashedJs = `${name}-${hex}.js`;
  const hashedWasm = `${name}-${hex}_bg.wasm`;
  code = code.split(`${name}_bg.wasm`).join(hashedWasm);
  writeFileSync(join(staging, hashedJs), code);
  writeFileSync(join(staging, hashedWasm), wasmBytes);
  for (const f of [js, wasm, join(staging, `${name}.d.ts`), join(staging, `${name}_bg.wasm.d.ts`)]) {
    if (exists(f)) unlinkSync(f);
  }
  return [hashedJs, hashedWasm];
}
const LAZY = "portal-lazy";
const [lazyJs, lazyWasm] = hashModule(LAZY);
const [qrReadJs, qrReadWasm] = hashModule("portal-qrread");
/** Writes app/`file` into the build as `STEM-HASH.js`, each key of
 * `replace` replaced by its value first (all must be there); its name. */
function hashScript(file, replace = {}) {
  let code = readFileSync(join(here, file), "utf8");
  for (const [from, to] of Object.entries(replace)) {
    if (!code.includes(from)) {
      console.error(`postbuild: app/${file} lacks ${from}`);
      process.exit(1);
    }
    code = code.split(from).join(to);
  }
  const name = `${file.replace(/\.js$/, "")}-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.js`;
  writeFileSync(join(staging, name), code);
  return name;
}
// The camera helpers (app/camera.js) of both readers, imported by each.
const cameraJs = hashScript("camera.js");
const withCamera = { "'./camera.js'": `'./${cameraJs}'` };
// The QR reader's camera code (app/qrscan.js) goes with it.
const qrScanJs = hashScript("qrscan.js", withCamera);
// The fourth (ocr/wasm: the MRZ recognizer) runs in a Web Worker
// (app/mrzworker.js, which names its files) started by the page-side code
// (app/mrzscan.js); `portalMrzRead()` loads them only when the traveler
// chooses the camera or a photo on the document page; not precached.
const [mrzOcrJs, mrzOcrWasm] = hashModule("mrz-ocr-wasm");
const mrzWorkerJs = hashScript("mrzworker.js", { __MRZ_OCR_JS__: base + mrzOcrJs, __MRZ_OCR_WASM__: base + mrzOcrWasm });
const mrzScanJs = hashScript("mrzscan.js", withCamera);
// ---- language packs (app/src/i18n/packs/<tag>.json) ---------------------
// Each pack becomes `i18n-<tag>-<hash>.json` (minified): only the language
// being read is fetched, and cached for good under its hashed name. They
// are not precached by the service worker: it keeps the ones the page
// fetched (see app/sw.js).
const packFiles = {};
for (const [tag, pack] of packs()) {
  const body = JSON.stringify(pack);
  const hex = createHash("sha256").update(body).digest("hex").slice(0, 16);
  packFiles[tag] = `i18n-${tag}-${hex}.json`;
  writeFileSync(join(staging, packFiles[tag]), body);
}
console.log(`postbuild: ${Object.keys(packFiles).length} language packs`);

// config.json is fetched at once (app/src/config.rs, load_early), not after
// the wasm: the promise of its text, or null when that failed. Once it is
// in, the boot script chooses the language as the app will
// (`initial_language` in app/src/lib.rs: ?lang=, the browser's languages,
// the agency's first) and fetches its pack (`portalPack(tag)`, which the
// app awaits); when that is not the language of the pre-rendered page, it
// puts the pre-rendered page's texts in it.
const lazyLoader = `
globalThis.portalConfig = fetch("config.json", { cache: "no-store" }).then(
  (r) => (r.ok ? r.text() : null),
  () => null,
);
const PACKS = ${JSON.stringify(packFiles)};
const ALL = ${JSON.stringify(ALL)};
const packs = {};
globalThis.portalPack = (tag) =>
  (packs[tag] ??= (PACKS[tag] ? fetch("${base}" + PACKS[tag]) : Promise.reject(new Error("no language pack " + tag)))
    .then((r) => {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.text();
    })
    .then((text) => {
      // The service worker keeps the pack for offline visits.
      navigator.serviceWorker?.ready.then((reg) => reg.active?.postMessage({ keepPack: PACKS[tag] })).catch(() => {});
      return text;
    })
    .catch((e) => {
      delete packs[tag];
      throw e;
    }));
const canonical = (t) => {
  t = String(t ?? "").toLowerCase();
  return t === "zh-tw" ? "zh-Hant" : ALL.find((a) => a.toLowerCase() === t) ?? null;
};
const preferred = (t) => {
  const [p, ...rest] = String(t).toLowerCase().split(/[-_]/);
  if (p === "zh") return rest.some((x) => ["hant", "tw", "hk", "mo"].includes(x)) ? "zh-Hant" : null;
  return { in: "id", tl: "fil" }[p] ?? canonical(p);
};
const localized = (v, lang, first) => {
  if (!v || typeof v !== "object") return String(v ?? "");
  const by = (l) => Object.entries(v).find(([t]) => canonical(t) === l)?.[1];
  return String(by(lang) ?? by(first) ?? Object.values(v)[0] ?? "");
};
globalThis.portalConfig.then((text) => {
  let cfg;
  try {
    cfg = JSON.parse(text);
  } catch {
    return;
  }
  const offered = (Array.isArray(cfg?.languages) ? cfg.languages : ALL).map(canonical).filter(Boolean);
  if (offered.length === 0) return;
  const asked = canonical(new URLSearchParams(location.search).get("lang"));
  const lang = (offered.includes(asked) && asked) || (navigator.languages ?? [navigator.language]).map(preferred).find((l) => offered.includes(l)) || offered[0];
  portalPack(lang)
    .then((packText) => {
      const root = document.documentElement;
      if (root.lang === lang || !document.querySelector("[data-prerender]")) return;
      const ui = JSON.parse(packText).ui;
      const params = { agency: localized(cfg.agency?.name, lang, offered[0]), contact: localized(cfg.agency?.contact, lang, offered[0]) };
      const fill = (key) => (ui[key] ?? "").replace(/\{(\w+)\}/g, (all, n) => params[n] ?? all);
      for (const e of document.querySelectorAll("[data-prerender] [data-i18n]")) e.textContent = fill(e.dataset.i18n);
      for (const e of document.querySelectorAll("[data-prerender] [data-i18n-label]")) e.setAttribute("aria-label", fill(e.dataset.i18nLabel));
      for (const e of document.querySelectorAll("[data-prerender] [data-agency]")) e.textContent = params.agency;
      for (const a of document.querySelectorAll("[data-prerender] .language-button")) {
        if (a.lang === lang) a.setAttribute("aria-current", "true");
        else a.removeAttribute("aria-current");
      }
      root.lang = lang;
      document.title = fill("ServiceName");
    })
    .catch(() => {});
});
let lazy;
globalThis.portalLazy = () =>
  (lazy ??= import("${base}${lazyJs}")
    .then(async (m) => {
      await m.default({ module_or_path: "${base}${lazyWasm}" });
      return m;
    })
    .catch((e) => {
      lazy = undefined;
      throw e;
    }));
let qrRead;
globalThis.portalQrRead = () =>
  (qrRead ??= Promise.all([
    import("${base}${qrReadJs}").then(async (m) => {
      await m.default({ module_or_path: "${base}${qrReadWasm}" });
      return m;
    }),
    import("${base}${qrScanJs}"),
  ])
    .then(([reader, scan]) => ({
      start: (video, prefix, onText) => scan.start(video, prefix, onText, reader),
      stop: () => scan.stop(),
    }))
    .catch((e) => {
      qrRead = undefined;
      throw e;
    }));
let mrzRead;
globalThis.portalMrzRead = () =>
  (mrzRead ??= import("${base}${mrzScanJs}")
    .then((scan) => scan.reader("${base}${mrzWorkerJs}"))
    .catch((e) => {
      mrzRead = undefined;
      throw e;
    }));
`;

let count = 0;
html = html.replace(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi, (whole, attrs, body) => {
  if (/\bsrc\s*=/i.test(attrs) || body.trim() === "") return whole;
  let code = body.trim() + "\n";
  if (/type\s*=\s*["']?module/i.test(attrs)) code = lazyLoader + code + registerWorker;
  const hex = createHash("sha256").update(code).digest("hex").slice(0, 16);
  const name = `boot-${hex}.js`;
  writeFileSync(join(staging, name), code);
  const sri = "sha384-" + createHash("sha384").update(code).digest("base64");
  const type = /type\s*=\s*["']?module/i.test(attrs) ? ' type="module"' : "";
  count += 1;
  return `<script${type} src="${base}${name}" integrity="${sri}" crossorigin="anonymous"></script>`;
});
// Nonces are per response, never baked into a static file.
html = html.replace(/\snonce="[^"]*"/g, "");

// ---- the start page, pre-rendered (app/prerender.mjs) ----------------------
const config = JSON.parse(readFileSync(join(staging, "config.json"), "utf8"));
const start = prerenderStart(config);
html = html
  .replace(/<html\b[^>]*>/i, `<html lang="${start.lang}">`)
  .replace(/<title>[^<]*<\/title>/i, () => `<title>${start.title.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c])}</title>`)
  .replace(/<body([^>]*)>/i, (whole) => whole + start.html);
if (!html.includes("data-prerender")) {
  console.error("postbuild: could not put the pre-rendered start page into index.html");
  process.exit(1);
}

// ---- web app manifest and icons -------------------------------------------
const primary = /^#[0-9a-f]{6}$/i.test(config?.colors?.primary ?? "") ? config.colors.primary : "#1d4f91";
const background = /^#[0-9a-f]{6}$/i.test(config?.colors?.background ?? "") ? config.colors.background : "#ffffff";
const title = (html.match(/<title>([^<]*)<\/title>/i) ?? [, "Pre-departure travel information"])[1];
for (const size of [192, 512]) writeFileSync(join(staging, `icon-${size}.png`), icon(size, primary));
const manifest = {
  name: title,
  short_name: "Pre-departure",
  start_url: base,
  scope: base,
  display: "standalone",
  background_color: background,
  theme_color: primary,
  icons: [192, 512].map((s) => ({ src: `${base}icon-${s}.png`, sizes: `${s}x${s}`, type: "image/png", purpose: "any maskable" })),
};
writeFileSync(join(staging, "manifest.webmanifest"), JSON.stringify(manifest, null, 2) + "\n");
html = html.replace(/<\/head>/i, `<link rel="manifest" href="${base}manifest.webmanifest"><meta name="theme-color" content="${primary}"></head>`);
const problems = [];
if (/<script\b(?![^>]*\bsrc=)[^>]*>/i.test(html)) problems.push("inline <script>");
if (/<style\b/i.test(html)) problems.push("<style> element");
if (/\sstyle\s*=/i.test(html)) problems.push("style attribute");
if (/\son[a-z]+\s*=/i.test(html)) problems.push("event handler attribute");
if (problems.length) {
  console.error(`postbuild: index.html still has: ${problems.join(", ")}`);
  process.exit(1);
}
// ---- snippets ------------------------------------------------------------------
// wasm-bindgen never clears its snippets folder, and Trunk copies (and
// modulepreloads) every file in it: a file no JS module imports any more
// (after a rebuild) would be fetched by every visit and precached. Only the
// snippets some JS file of the build names are kept, with their preloads.
{
  const code = walk(staging)
    .filter((f) => f.endsWith(".js") && !f.startsWith("snippets/"))
    .map((f) => readFileSync(join(staging, f), "utf8"))
    .join("\n");
  for (const f of walk(staging).filter((f) => f.startsWith("snippets/") && f.endsWith(".js"))) {
    if (code.includes(f)) continue;
    unlinkSync(join(staging, f));
    html = html.replace(new RegExp(`<link\\b[^>]*\\b${f.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\b[^>]*>\\s*`, "g"), "");
    console.log(`postbuild: ${f} is imported by nothing: left out`);
  }
}
// ---- the streams glue nothing uses (app/deadexports.mjs) ---------------------------
{
  const main = readdirSync(staging).filter((f) => /^portal-[0-9a-f]+_bg\.wasm$/.test(f));
  if (main.length !== 1) {
    console.error(`postbuild: expected one main module portal-<hash>_bg.wasm, found ${main.join(", ") || "none"}`);
    process.exit(1);
  }
  const wasm = main[0];
  const js = wasm.replace(/_bg\.wasm$/, ".js");
  const local = join(here, "..", "node_modules", ".bin", "wasm-opt");
  let removed;
  try {
    // The main module's wasm-opt options, as in app/index.html.
    removed = dropStreams(join(staging, wasm), join(staging, js), exists(local) ? local : "wasm-opt", ["-Oz", "--low-memory-unused"]);
  } catch (e) {
    console.error(`postbuild: could not drop the unused streams glue: ${e.message ?? e}`);
    process.exit(1);
  }
  html = setIntegrity(html, `${base}${wasm}`, sri(readFileSync(join(staging, wasm))));
  console.log(`postbuild: ${removed.length} unused streams exports dropped from ${wasm}`);
}

// ---- minified JavaScript (app/minify.mjs) -------------------------------------
// Every module of the build; the SRI of each tag that loads one follows.
{
  let before = 0;
  let after = 0;
  for (const f of walk(staging).filter((f) => f.endsWith(".js") && f !== "sw.js")) {
    const path = join(staging, f);
    const code = readFileSync(path, "utf8");
    let small;
    try {
      small = await minifyJs(code, { module: true });
    } catch (e) {
      console.error(`postbuild: could not minify ${f}: ${e.message ?? e}`);
      process.exit(1);
    }
    writeFileSync(path, small);
    html = setIntegrity(html, `${base}${f}`, sri(small));
    before += gzipSync(code, { level: 9 }).length;
    after += gzipSync(small, { level: 9 }).length;
  }
  console.log(`postbuild: JavaScript minified, ${before} -> ${after} bytes gzip`);
  const wrong = wrongIntegrity(html, (url) => {
    const f = url.startsWith(base) ? url.slice(base.length) : url;
    return exists(join(staging, f)) ? readFileSync(join(staging, f)) : null;
  });
  if (wrong.length) {
    console.error(`postbuild: the integrity in index.html does not match ${wrong.join(", ")}`);
    process.exit(1);
  }
}
writeFileSync(indexPath, html);
console.log(`postbuild: moved ${count} inline script(s) out of index.html`);

// ---- service worker ----------------------------------------------------------
const packNames = Object.values(packFiles);
const notPrecached = [...packNames, qrReadJs, qrReadWasm, qrScanJs, cameraJs, mrzOcrJs, mrzOcrWasm, mrzWorkerJs, mrzScanJs];
const files = walk(staging).filter((f) => !/\.(br|gz)$/.test(f) && f !== "sw.js" && !notPrecached.includes(f)).sort();
const version = createHash("sha256");
for (const f of files) version.update(f).update("\0").update(readFileSync(join(staging, f))).update("\0");
// The outbox module, as classic script code for the worker: the same file
// the page imports, without its one final `export { … };` line.
const outboxModule = readFileSync(join(here, "outbox.js"), "utf8");
const outboxCode = outboxModule.replace(/^export \{[^}]*\};\s*$/m, "");
if (/^\s*(import|export)\b/m.test(outboxCode)) {
  console.error("postbuild: app/outbox.js must have no import and exactly one final `export { … };` line");
  process.exit(1);
}
const sw = readFileSync(join(here, "sw.js"), "utf8")
  .replace("'__VERSION__'", JSON.stringify(version.digest("hex").slice(0, 16)))
  .replace("__PRECACHE__", JSON.stringify(files))
  .replace("__PACKS__", JSON.stringify(packFiles))
  .replace("/*__OUTBOX__*/", () => outboxCode);
if (sw.includes("__PRECACHE__") || sw.includes("__VERSION__") || sw.includes("__OUTBOX__") || sw.includes("__PACKS__")) {
  console.error("postbuild: app/sw.js lacks the VERSION/PRECACHE/PACKS/OUTBOX placeholders");
  process.exit(1);
}
writeFileSync(join(staging, "sw.js"), await minifyJs(sw, { module: false }));
console.log(`postbuild: sw.js precaches ${files.length} files`);

// ---- precompressed copies --------------------------------------------------------
let plain = 0;
let brotli = 0;
for (const f of walk(staging)) {
  if (!/\.(html|js|mjs|wasm|css|svg|webmanifest|json|txt)$/.test(f) || f === "config.json") continue;
  const path = join(staging, f);
  const bytes = readFileSync(path);
  const br = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  const gz = gzipSync(bytes, { level: 9 });
  for (const [ext, out] of [[".br", br], [".gz", gz]]) {
    if (out.length < bytes.length) writeFileSync(path + ext, out);
    else if (exists(path + ext)) unlinkSync(path + ext);
  }
  plain += bytes.length;
  brotli += Math.min(br.length, bytes.length);
}
console.log(`postbuild: precompressed ${plain} bytes to ${brotli} bytes brotli`);

function exists(p) {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Every file under `dir`, as a path relative to it with / separators. */
function walk(dir) {
  const out = [];
  const visit = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith(".")) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) visit(p);
      else out.push(relative(dir, p).split("\\").join("/"));
    }
  };
  visit(dir);
  return out;
}

/** A square PNG icon: the logo's shape (a white arrow over a bar) on `hex`. */
function icon(size, hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const inside = (x, y) => {
    // In the logo's 32-unit grid: the arrow (7,20)-(16,9)-(25,20)-(20,20)-(16,15)-(12,20) and the bar y 22..24.
    const u = (x / size) * 32;
    const v = (y / size) * 32;
    if (v >= 22 && v < 24 && u >= 7 && u < 25) return true;
    if (v < 9 || v >= 20) return false;
    const half = ((v - 9) / 11) * 9; // half-width of the outer triangle at v
    const innerHalf = v >= 15 ? ((v - 15) / 5) * 4 : -1;
    const d = Math.abs(u - 16);
    return d <= half && d >= innerHalf;
  };
  const row = size * 4 + 1;
  const raw = Buffer.alloc(row * size);
  for (let y = 0; y < size; y++) {
    raw[y * row] = 0;
    for (let x = 0; x < size; x++) {
      const o = y * row + 1 + x * 4;
      const white = inside(x + 0.5, y + 0.5);
      raw[o] = white ? 255 : r;
      raw[o + 1] = white ? 255 : g;
      raw[o + 2] = white ? 255 : b;
      raw[o + 3] = 255;
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
