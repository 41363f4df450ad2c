// Reads back the receipt's QR code (an SVG whose path has one
// `M{x} {y}h1v1h-1z` square per dark module) to check what it encodes.
//
// A small QR reader for versions 1–6 (one alignment pattern at most) with
// no error correction: the code is rendered, not photographed, so every
// module is exact. The mask is not read from the format bits: each of the
// 8 masks is tried and the result must parse as complete segments.

/** Dark modules of the SVG path, as a size×size matrix of booleans (quiet zone removed). */
export function matrixFromPath(d, sizeWithQuiet, quiet = 4) {
  const n = sizeWithQuiet - 2 * quiet;
  const m = Array.from({ length: n }, () => Array(n).fill(false));
  for (const [, x, y] of d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    const col = Number(x) - quiet;
    const row = Number(y) - quiet;
    if (row >= 0 && row < n && col >= 0 && col < n) m[row][col] = true;
  }
  return m;
}

function isFunction(n, r, c) {
  const version = (n - 17) / 4;
  // Finder patterns, separators and format areas.
  if (r <= 8 && c <= 8) return true;
  if (r <= 8 && c >= n - 8) return true;
  if (r >= n - 8 && c <= 8) return true;
  // Timing patterns.
  if (r === 6 || c === 6) return true;
  // The alignment pattern of versions 2–6.
  if (version >= 2 && Math.abs(r - (n - 7)) <= 2 && Math.abs(c - (n - 7)) <= 2) return true;
  return false;
}

const MASKS = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i + j) % 2) + ((i * j) % 3)) % 2 === 0,
];

function dataBits(m, mask) {
  const n = m.length;
  const bits = [];
  let upward = true;
  for (let col = n - 1; col > 0; col -= 2) {
    if (col === 6) col -= 1;
    for (let k = 0; k < n; k++) {
      const r = upward ? n - 1 - k : k;
      for (const c of [col, col - 1]) {
        if (isFunction(n, r, c)) continue;
        bits.push(m[r][c] !== mask(r, c) ? 1 : 0);
      }
    }
    upward = !upward;
  }
  return bits;
}

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

function parse(bits) {
  let p = 0;
  const take = (k) => {
    if (p + k > bits.length) throw new Error('out of bits');
    let v = 0;
    for (let i = 0; i < k; i++) v = (v << 1) | bits[p++];
    return v;
  };
  let out = '';
  for (;;) {
    if (bits.length - p < 4) return out;
    const mode = take(4);
    if (mode === 0) return out;
    if (mode === 1) {
      let count = take(10);
      while (count >= 3) {
        const v = take(10);
        if (v > 999) throw new Error('bad numeric');
        out += String(v).padStart(3, '0');
        count -= 3;
      }
      if (count === 2) {
        const v = take(7);
        if (v > 99) throw new Error('bad numeric');
        out += String(v).padStart(2, '0');
      } else if (count === 1) {
        const v = take(4);
        if (v > 9) throw new Error('bad numeric');
        out += String(v);
      }
    } else if (mode === 2) {
      let count = take(9);
      while (count >= 2) {
        const v = take(11);
        const a = Math.floor(v / 45);
        if (a >= 45) throw new Error('bad alphanumeric');
        out += ALNUM[a] + ALNUM[v % 45];
        count -= 2;
      }
      if (count === 1) out += ALNUM[take(6)] ?? '?';
    } else if (mode === 4) {
      const count = take(8);
      const bytes = [];
      for (let i = 0; i < count; i++) bytes.push(take(8));
      out += Buffer.from(bytes).toString('utf8');
    } else {
      throw new Error(`unsupported mode ${mode}`);
    }
  }
}

/** Every text the matrix decodes to under one of the 8 masks (normally exactly one is right). */
export function decodeCandidates(m) {
  const n = m.length;
  if (!Number.isInteger((n - 17) / 4) || n < 21 || n > 41) throw new Error(`not a QR version 1–6 matrix (${n} modules)`);
  const out = [];
  for (const mask of MASKS) {
    try {
      const text = parse(dataBits(m, mask));
      if (text.length > 0) out.push(text);
    } catch {
      // Not this mask.
    }
  }
  return out;
}
