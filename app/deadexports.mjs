// Drops the WebAssembly streams glue that Leptos links into the main module
// but the portal never uses (used by app/postbuild.mjs).
//
// Leptos 0.8 always enables `server_fn`'s `browser` feature, which brings
// the crate wasm-streams, whose `#[wasm_bindgen]` classes
// (IntoUnderlyingSource, IntoUnderlyingByteSource, IntoUnderlyingSink) are
// exports of the main wasm: exports are roots, so neither the linker nor
// wasm-opt may drop them, and with them goes the streams code behind them
// (about 1.4 KB gzip of wasm and 1 KB of JavaScript, on every first load).
// The portal has no server functions; Rust never hands such an object to
// JavaScript (the glue has no `__wrap` for them, which is checked), and
// JavaScript never builds one. So their exports are removed from the wasm,
// wasm-opt runs again to drop what only they reached, and their classes
// are removed from the glue. Anything unexpected fails the build.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, renameSync } from "node:fs";

const DEAD = /^(?:__wbg_)?intounderlying/;

function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

function unsignedLeb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

/** `wasm` without the exports whose names match `dead`; returns `[bytes, names removed]`. */
export function withoutExports(wasm, dead = DEAD) {
  if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error("not a wasm module");
  const parts = [wasm.subarray(0, 8)];
  const removed = [];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, body] = leb(wasm, at + 1);
    const end = body + size;
    if (id !== 7) {
      parts.push(wasm.subarray(at, end));
      at = end;
      continue;
    }
    let [count, p] = leb(wasm, body);
    const kept = [];
    for (; count > 0; count -= 1) {
      const start = p;
      let len;
      [len, p] = leb(wasm, p);
      const name = wasm.subarray(p, p + len).toString("utf8");
      p += len + 1; // the kind byte
      [, p] = leb(wasm, p);
      if (dead.test(name)) removed.push(name);
      else kept.push(wasm.subarray(start, p));
    }
    const section = Buffer.concat([unsignedLeb(kept.length), ...kept]);
    parts.push(Buffer.from([7]), unsignedLeb(section.length), section);
    at = end;
  }
  return [Buffer.concat(parts), removed];
}

/** The glue `js` without the streams classes and their finalization registries. */
export function glueWithout(js) {
  if (/IntoUnderlying\w*\.__wrap/.test(js)) {
    throw new Error("the glue hands a streams object to JavaScript: it is used");
  }
  const out = js
    .replace(/^export class IntoUnderlying\w+ \{[\s\S]*?^\}\n/gm, "")
    .replace(/^if \(Symbol\.dispose\) IntoUnderlying\w+\.prototype\[Symbol\.dispose\] = IntoUnderlying\w+\.prototype\.free;\n/gm, "")
    .replace(/^const IntoUnderlying\w+Finalization = [\s\S]*?;\n/gm, "");
  if (/IntoUnderlying|intounderlying/.test(out)) {
    throw new Error("the glue still names the streams classes (did wasm-bindgen's output change?)");
  }
  return out;
}

/**
 * Strips the streams exports from `wasmPath` (optimized again with
 * `wasmOpt` and `optArgs`) and their classes from `jsPath`; returns the
 * names of the exports removed (none when the module has none).
 */
export function dropStreams(wasmPath, jsPath, wasmOpt, optArgs) {
  const [stripped, removed] = withoutExports(readFileSync(wasmPath));
  if (removed.length === 0) return removed;
  const tmp = `${wasmPath}.stripped`;
  writeFileSync(tmp, stripped);
  execFileSync(wasmOpt, [...optArgs, tmp, "-o", tmp], { stdio: "inherit" });
  renameSync(tmp, wasmPath);
  writeFileSync(jsPath, glueWithout(readFileSync(jsPath, "utf8")));
  return removed;
}
