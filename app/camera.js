// The camera helpers of the portal's two readers: the QR reader of "Check a
// receipt" (app/qrscan.js) and the MRZ reader of the document page
// (app/mrzscan.js). Each imports this file; app/postbuild.mjs hashes it
// and writes its hashed name into theirs. Frames are drawn into a canvas
// that is never attached to the page and dropped once read.

/**
 * Starts the rear camera (when there is one) into `video`; resolves to the
 * stream. Rejects when the camera cannot be had (none, permission refused).
 */
async function openCamera(video) {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
  });
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play().catch(() => undefined);
  return stream;
}

/** Ends every track of `stream` and detaches it from `video`. */
function closeCamera(stream, video) {
  for (const track of stream?.getTracks() ?? []) track.stop();
  if (video) video.srcObject = null;
}

/**
 * One run of the camera into `video`: `await run.open()` starts it (false
 * when `run.stop()` came first), `run.later(f, ms)` schedules the next frame,
 * `run.stop()` ends the tracks and the frame timer; `run.stopped` says so.
 */
function cameraRun(video) {
  const run = {
    stream: null,
    timer: 0,
    stopped: false,
    async open() {
      const stream = await openCamera(video);
      if (run.stopped) {
        closeCamera(stream, null);
        return false;
      }
      run.stream = stream;
      return true;
    },
    later(f, ms) {
      run.timer = setTimeout(f, ms);
    },
    stop() {
      if (run.stopped) return;
      run.stopped = true;
      clearTimeout(run.timer);
      closeCamera(run.stream, video);
    },
  };
  return run;
}

/** A canvas (never attached) to draw frames into, with its 2D context. */
function frameCanvas() {
  const canvas = document.createElement('canvas');
  return { canvas, ctx: canvas.getContext('2d', { willReadFrequently: true }) };
}

/**
 * Draws `source` (a video, an ImageBitmap) of `w` × `h` pixels into the
 * canvas, scaled down so its longer side is at most `maxSide`; the RGBA
 * ImageData, or null when there is no picture yet.
 */
function grab({ canvas, ctx }, source, w, h, maxSide) {
  if (!(w > 0 && h > 0) || !ctx) return null;
  const scale = Math.min(1, maxSide / Math.max(w, h));
  canvas.width = Math.max(1, Math.round(w * scale));
  canvas.height = Math.max(1, Math.round(h * scale));
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}

export { cameraRun, frameCanvas, grab };
