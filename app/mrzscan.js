// The document page's MRZ reader, page side (app/src/steps/document.rs,
// app/src/scan.rs): frames from the camera (app/camera.js) or a chosen
// photo are drawn into a canvas that is never attached to the page, and
// their pixels are transferred (not copied) to the Web Worker that runs the
// recognizer (app/mrzworker.js). Loaded only when the traveler presses
// "Scan with camera" or "Use a photo": `portalMrzRead()` of the boot script
// (app/postbuild.mjs) imports this file and calls `reader(workerUrl)`.
// Nothing is stored or sent; the camera stops when a read is agreed, on
// `stop()` (Stop, leaving the page, a kiosk reset) and when the page is
// hidden for good (pagehide).
import { cameraRun, frameCanvas, grab } from './camera.js';

// A frame is sent when the worker has answered the last one, at most this often.
const FRAME_MS = 80;
const VIDEO_SIDE = 1280;
const PHOTO_SIDE = 2000;

/**
 * Starts the worker at `workerUrl`; resolves, once the recognizer is loaded
 * in it, to `{ start(video, today, onHints, onMrz), stop(), photo(file, today) }`.
 */
function reader(workerUrl) {
  const worker = new Worker(workerUrl, { type: 'module' });
  const waiting = new Map();
  let next = 1;
  let current = null;
  const loaded = new Promise((resolve, reject) => {
    worker.addEventListener('error', () => reject(new Error('the MRZ worker failed')));
    worker.addEventListener('message', (ev) => {
      const { id, ready, result } = ev.data ?? {};
      if (ready !== undefined) {
        if (ready) resolve();
        else reject(new Error('the MRZ recognizer did not load'));
        return;
      }
      const done = waiting.get(id);
      waiting.delete(id);
      done?.(result ?? {});
    });
  });
  /** Sends `image`'s pixels (transferred) to the worker; resolves to its answer. */
  const read = (kind, image, today) =>
    new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      const { width, height, data } = image;
      worker.postMessage({ id, kind, width, height, today, data: data.buffer }, [data.buffer]);
    });

  function stop() {
    if (!current) return;
    current.stop();
    current = null;
    worker.postMessage({ kind: 'reset' });
  }

  async function start(video, today, onHints, onMrz) {
    stop();
    const run = cameraRun(video);
    current = run;
    worker.postMessage({ kind: 'reset' });
    if (!(await run.open())) return;
    const frames = frameCanvas();
    const tick = async () => {
      if (run.stopped) return;
      const image = grab(frames, video, video.videoWidth, video.videoHeight, VIDEO_SIDE);
      if (image) {
        const r = await read('frame', image, today);
        if (run.stopped) return;
        if (Array.isArray(r.agreed)) {
          stop();
          onMrz(r.agreed.join('\n'));
          return;
        }
        onHints(Array.isArray(r.hints) ? r.hints : []);
      }
      run.later(tick, FRAME_MS);
    };
    tick();
  }

  /** Reads one photo (a File); resolves to its MRZ lines joined by newlines, or ''. */
  async function photo(file, today) {
    const bitmap = await createImageBitmap(file);
    const image = grab(frameCanvas(), bitmap, bitmap.width, bitmap.height, PHOTO_SIDE);
    bitmap.close();
    if (!image) return '';
    const r = await read('photo', image, today);
    return Array.isArray(r.lines) ? r.lines.join('\n') : '';
  }

  return loaded.then(
    () => {
      addEventListener('pagehide', stop);
      return { start, stop, photo };
    },
    (e) => {
      worker.terminate();
      throw e;
    },
  );
}

export { reader };
