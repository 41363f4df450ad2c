// "Check a receipt" with a camera (app/src/steps/check_receipt.rs): frames
// from getUserMedia (the rear camera when there is one) are drawn into a
// canvas that is never attached to the page, turned to grayscale and read by
// the QR reader module (app/qrread, rqrr in Rust); each frame is dropped as
// soon as it is read. This file and that module are loaded together, only
// when staff choose the camera: `portalQrRead()` of the boot script
// (app/postbuild.mjs, which names this file by its hash) imports both. Nothing is stored or sent. The camera stops as soon
// as a receipt's text is read, or when `stop()` is called (the page is left,
// the kiosk resets).

const FRAME_MS = 150;
const MAX_SIDE = 960;
let current = null;

/** Stops the camera and the frame loop (nothing happens when none runs). */
function stop() {
  if (!current) return;
  const state = current;
  current = null;
  state.stopped = true;
  clearTimeout(state.timer);
  for (const track of state.stream.getTracks()) track.stop();
  if (state.video) state.video.srcObject = null;
}

/**
 * Starts the camera into `video` and reads frames with `reader` (the QR
 * reader module) until a QR code starting with `prefix` is read; then stops
 * and calls `onText(text)`. Rejects when the camera cannot be had (no
 * camera, permission refused).
 */
async function start(video, prefix, onText, reader) {
  stop();
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
  });
  const state = { stream, video, timer: 0, stopped: false };
  current = state;
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play().catch(() => undefined);
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const tick = () => {
    if (state.stopped) return;
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (w > 0 && h > 0 && ctx) {
      const scale = Math.min(1, MAX_SIDE / Math.max(w, h));
      canvas.width = Math.max(1, Math.round(w * scale));
      canvas.height = Math.max(1, Math.round(h * scale));
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const luma = new Uint8Array(canvas.width * canvas.height);
      for (let i = 0, j = 0; j < luma.length; i += 4, j++) {
        luma[j] = (data[i] * 77 + data[i + 1] * 150 + data[i + 2] * 29) >> 8;
      }
      const text = reader.readQr(canvas.width, canvas.height, luma);
      if (text && text.startsWith(prefix)) {
        stop();
        onText(text);
        return;
      }
    }
    state.timer = setTimeout(tick, FRAME_MS);
  };
  tick();
}

export { start, stop };
