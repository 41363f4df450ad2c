// "Check a receipt" with a camera (app/src/steps/check_receipt.rs): frames
// from the camera (app/camera.js) are turned to grayscale and read by the
// QR reader module (app/qrread, rqrr in Rust); each frame is dropped as
// soon as it is read. This file and that module are loaded together, only
// when staff choose the camera: `portalQrRead()` of the boot script
// (app/postbuild.mjs, which names this file by its hash) imports both.
// Nothing is stored or sent. The camera stops as soon as a receipt's text
// is read, or when `stop()` is called (the page is left, the kiosk resets).
import { cameraRun, frameCanvas, grab } from './camera.js';

const FRAME_MS = 150;
const MAX_SIDE = 960;
let current = null;

/** Stops the camera and the frame loop (nothing happens when none runs). */
function stop() {
  current?.stop();
  current = null;
}

/**
 * Starts the camera into `video` and reads frames with `reader` (the QR
 * reader module) until a QR code starting with `prefix` is read; then stops
 * and calls `onText(text)`. Rejects when the camera cannot be had (no
 * camera, permission refused).
 */
async function start(video, prefix, onText, reader) {
  stop();
  const run = cameraRun(video);
  current = run;
  if (!(await run.open())) return;
  const frames = frameCanvas();
  const tick = () => {
    if (run.stopped) return;
    const image = grab(frames, video, video.videoWidth, video.videoHeight, MAX_SIDE);
    if (image) {
      const { data, width, height } = image;
      const luma = new Uint8Array(width * height);
      for (let i = 0, j = 0; j < luma.length; i += 4, j++) {
        luma[j] = (data[i] * 77 + data[i + 1] * 150 + data[i + 2] * 29) >> 8;
      }
      const text = reader.readQr(width, height, luma);
      if (text && text.startsWith(prefix)) {
        stop();
        onText(text);
        return;
      }
    }
    run.later(tick, FRAME_MS);
  };
  tick();
}

export { start, stop };
