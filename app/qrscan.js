// "Check a receipt" with a camera (app/src/steps/check_receipt.rs): frames
// from getUserMedia (the rear camera when there is one) are drawn into a
// canvas that is never attached to the page, turned to grayscale and read by
// the QR reader module (`portalQrRead()`: app/qrread, rqrr in Rust, loaded
// only here); each frame is dropped
// as soon as it is read. Nothing is stored or sent. The camera stops as soon
// as a receipt's text is read, or when `stop()` is called (the page is left,
// the kiosk resets).

const FRAME_MS = 150;
const MAX_SIDE = 960;
let current = null;

/** Whether this browser can give the page a camera at all. */
function available() {
  return typeof navigator !== 'undefined' && !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
}

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
 * Starts the camera into `video` and reads frames until a QR code starting
 * with `prefix` is read; then stops and calls `onText(text)`. Rejects when
 * the camera cannot be had (no camera, permission refused).
 */
async function start(video, prefix, onText) {
  stop();
  const reader = await globalThis.portalQrRead();
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

export { available, start, stop };
