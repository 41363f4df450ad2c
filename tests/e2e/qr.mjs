// Reads back the receipt's QR code (an SVG whose path has one
// `M{x} {y}h1v1h-1z` square per dark module) to check what it encodes.
//
// A small QR reader for versions 1–12 with no error correction: the code is
// rendered, not photographed, so every module is exact. The mask and the
// error-correction level are not read from the format bits: each of the 8
// masks and 4 levels is tried (the level fixes how the data codewords are
// interleaved over blocks), and the result must parse as complete segments.
// Block structure and alignment positions: ISO/IEC 18004 tables 9 and E.1.

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

// Alignment pattern centres, by version.
const ALIGN = [null, [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50], [6, 30, 54], [6, 32, 58]];

// Data codewords per block, by version and level: [[blocks, data], …].
const BLOCKS = {
  L: [null, [[1, 19]], [[1, 34]], [[1, 55]], [[1, 80]], [[1, 108]], [[2, 68]], [[2, 78]], [[2, 97]], [[2, 116]], [[2, 68], [2, 69]], [[4, 81]], [[2, 92], [2, 93]]],
  M: [null, [[1, 16]], [[1, 28]], [[1, 44]], [[2, 32]], [[2, 43]], [[4, 27]], [[4, 31]], [[2, 38], [2, 39]], [[3, 36], [2, 37]], [[4, 43], [1, 44]], [[1, 50], [4, 51]], [[6, 36], [2, 37]]],
  Q: [null, [[1, 13]], [[1, 22]], [[2, 17]], [[2, 24]], [[2, 15], [2, 16]], [[4, 19]], [[2, 14], [4, 15]], [[4, 18], [2, 19]], [[4, 16], [4, 17]], [[6, 19], [2, 20]], [[4, 22], [4, 23]], [[4, 20], [6, 21]]],
  H: [null, [[1, 9]], [[1, 16]], [[2, 13]], [[4, 9]], [[2, 11], [2, 12]], [[4, 15]], [[4, 13], [1, 14]], [[4, 14], [2, 15]], [[4, 12], [4, 13]], [[6, 15], [2, 16]], [[3, 12], [8, 13]], [[7, 14], [4, 15]]],
};

function isFunction(n, r, c) {
  const version = (n - 17) / 4;
  // Finder patterns, separators and format areas.
  if (r <= 8 && c <= 8) return true;
  if (r <= 8 && c >= n - 8) return true;
  if (r >= n - 8 && c <= 8) return true;
  // Timing patterns.
  if (r === 6 || c === 6) return true;
  // Version information (versions 7 and up).
  if (version >= 7 && ((r <= 5 && c >= n - 11 && c <= n - 9) || (c <= 5 && r >= n - 11 && r <= n - 9))) return true;
  // Alignment patterns, but where they would overlap a finder pattern.
  const centres = ALIGN[version];
  const last = centres.length - 1;
  for (let i = 0; i <= last; i++) {
    for (let j = 0; j <= last; j++) {
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) continue;
      if (Math.abs(r - centres[i]) <= 2 && Math.abs(c - centres[j]) <= 2) return true;
    }
  }
  return false;
}

/** The data codewords in order, from the interleaved stream of `bits`. */
function deinterleave(bits, blocks) {
  const sizes = blocks.flatMap(([count, data]) => Array(count).fill(data));
  const total = sizes.reduce((a, b) => a + b, 0);
  const stream = [];
  for (let i = 0; i + 8 <= bits.length && stream.length < total; i += 8) {
    stream.push(bits.slice(i, i + 8).reduce((v, b) => (v << 1) | b, 0));
  }
  const out = sizes.map(() => []);
  let k = 0;
  for (let i = 0; i < Math.max(...sizes); i++) {
    for (let b = 0; b < sizes.length; b++) if (i < sizes[b]) out[b].push(stream[k++]);
  }
  return out.flat().flatMap((byte) => Array.from({ length: 8 }, (_, i) => (byte >> (7 - i)) & 1));
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

function parse(bits, version) {
  // Character-count widths: versions 1–9, then 10–26.
  const [numeric, alnum, byte] = version <= 9 ? [10, 9, 8] : [12, 11, 16];
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
      let count = take(numeric);
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
      let count = take(alnum);
      while (count >= 2) {
        const v = take(11);
        const a = Math.floor(v / 45);
        if (a >= 45) throw new Error('bad alphanumeric');
        out += ALNUM[a] + ALNUM[v % 45];
        count -= 2;
      }
      if (count === 1) out += ALNUM[take(6)] ?? '?';
    } else if (mode === 4) {
      const count = take(byte);
      const bytes = [];
      for (let i = 0; i < count; i++) bytes.push(take(8));
      out += Buffer.from(bytes).toString('utf8');
    } else {
      throw new Error(`unsupported mode ${mode}`);
    }
  }
}

/** Every text the matrix decodes to under one of the 8 masks and 4 levels (normally one is right). */
export function decodeCandidates(m) {
  const n = m.length;
  if (!Number.isInteger((n - 17) / 4) || n < 21 || n > 65) throw new Error(`not a QR version 1–12 matrix (${n} modules)`);
  const version = (n - 17) / 4;
  const out = new Set();
  for (const mask of MASKS) {
    const bits = dataBits(m, mask);
    for (const level of ['L', 'M', 'Q', 'H']) {
      try {
        const text = parse(deinterleave(bits, BLOCKS[level][version]), version);
        if (text.length > 0) out.add(text);
      } catch {
        // Not this mask and level.
      }
    }
  }
  return [...out];
}
