// Trunk post_build hook: make dist/ work under the portal's strict CSP
// (script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; no 'unsafe-inline').
//
// Trunk 0.21 injects an inline <script type="module"> that loads the wasm.
// This moves each inline script into a content-hashed file next to
// index.html, referenced with an SRI integrity hash, and then refuses to
// finish if any inline script, inline style, style attribute or event
// handler attribute is left in the page.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("postbuild: TRUNK_STAGING_DIR is not set (run through trunk)");
  process.exit(1);
}
const base = process.env.TRUNK_PUBLIC_URL || "/";
const indexPath = join(staging, "index.html");
let html = readFileSync(indexPath, "utf8");

let count = 0;
html = html.replace(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi, (whole, attrs, body) => {
  if (/\bsrc\s*=/i.test(attrs) || body.trim() === "") return whole;
  const code = body.trim() + "\n";
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

const problems = [];
if (/<script\b(?![^>]*\bsrc=)[^>]*>/i.test(html)) problems.push("inline <script>");
if (/<style\b/i.test(html)) problems.push("<style> element");
if (/\sstyle\s*=/i.test(html)) problems.push("style attribute");
if (/\son[a-z]+\s*=/i.test(html)) problems.push("event handler attribute");
if (problems.length) {
  console.error(`postbuild: index.html still has: ${problems.join(", ")}`);
  process.exit(1);
}
writeFileSync(indexPath, html);
console.log(`postbuild: moved ${count} inline script(s) out of index.html`);
