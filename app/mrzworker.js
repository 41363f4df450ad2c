// The MRZ reader's Web Worker (started by app/mrzscan.js): runs the
// recognizer (ocr/wasm, crate mrz-ocr-wasm: a `Scanner`) off the page's
// thread, so the page never freezes. app/postbuild.mjs writes the hashed
// names of the module's files in place of the two placeholders below.
//
// Messages in: `{ id, kind: 'frame' | 'photo', width, height, data, today }`
// (`data` an RGBA ArrayBuffer, transferred: the page keeps no copy) and
// `{ kind: 'reset' }`. Out: `{ ready }` once (whether the module loaded), then `{ id, result }` with the Scanner's answer
// (`lines`, `agreed`, `hints`, …) or `{ id, result: { error } }`. A photo is
// read on its own (the agreement of earlier frames is forgotten first).
// Frames are read in memory and dropped.

const MODULE = '__MRZ_OCR_JS__';
const WASM = '__MRZ_OCR_WASM__';

let scanner = null;
const ready = import(MODULE).then(async (m) => {
  await m.default({ module_or_path: WASM });
  scanner = new m.Scanner();
});
ready.then(
  () => self.postMessage({ ready: true }),
  () => self.postMessage({ ready: false }),
);

self.onmessage = async (ev) => {
  const msg = ev.data ?? {};
  try {
    await ready;
  } catch {
    self.postMessage({ id: msg.id, result: { error: 'ocr.load' } });
    return;
  }
  if (msg.kind === 'reset') {
    scanner.reset();
    return;
  }
  if (msg.kind === 'photo') scanner.reset();
  let text;
  try {
    text = scanner.read(msg.width >>> 0, msg.height >>> 0, new Uint8Array(msg.data ?? 0), String(msg.today ?? ''));
  } catch {
    text = JSON.stringify({ error: 'ocr.failed' });
  }
  if (msg.kind === 'photo') scanner.reset();
  self.postMessage({ id: msg.id, result: JSON.parse(text) });
};
