// The QR symbol (module matrix) of a text, as the `qrcode` package makes it
// with its own mask choice, for a third of the CPU: the package builds and
// scores each of the eight masks through method calls per module; here the
// symbol is built once with mask 0, unmasked, and the masks are scored on
// flat arrays with the same penalty rules (ISO/IEC 18004 N1–N4 as the
// package computes them), so the chosen mask and the symbol are the same.
import QRCode from 'qrcode';

export interface QrSymbol {
  /** Modules per side; `data` row-major, 1 = dark. */
  size: number;
  data: Uint8Array;
}

const MASKS: Array<(i: number, j: number) => boolean> = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
];

/** Error correction level M: its two format bits are 00. */
export function qrSymbol(text: string): QrSymbol {
  const code = QRCode.create(text, { errorCorrectionLevel: 'M', maskPattern: 0 });
  const { size } = code.modules;
  const modules = code.modules as unknown as { data: Uint8Array; reservedBit: Uint8Array };
  const masks = maskTables(size, modules.reservedBit);
  // The data as it was before mask 0 was applied.
  const plain = Uint8Array.from(modules.data);
  for (let i = 0; i < plain.length; i++) plain[i]! ^= masks[0]![i]!;
  let best: Uint8Array | undefined;
  let lowest = Infinity;
  for (let p = 0; p < masks.length; p++) {
    const m = plain.slice();
    const mask = masks[p]!;
    for (let i = 0; i < m.length; i++) m[i]! ^= mask[i]!;
    setFormatInfo(m, size, p);
    const penalty = penaltyLines(m, size) + penaltyBlocks(m, size) + penaltyBalance(m);
    if (penalty < lowest) {
      lowest = penalty;
      best = m;
    }
  }
  return { size, data: best! };
}

/**
 * The eight masks as module arrays (1 = flip), 0 on function modules; the
 * same for every symbol of one version, so they are made once per size.
 */
const maskCache = new Map<number, Uint8Array[]>();

function maskTables(size: number, reserved: Uint8Array): Uint8Array[] {
  let tables = maskCache.get(size);
  if (!tables) {
    tables = MASKS.map((mask) => {
      const t = new Uint8Array(size * size);
      for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) if (!reserved[i * size + j] && mask(i, j)) t[i * size + j] = 1;
      return t;
    });
    maskCache.set(size, tables);
  }
  return tables;
}

/** BCH(15,5) format information of level M and the mask, XORed with 0x5412. */
function formatBits(mask: number): number {
  const data = mask; // level M's bits are 00
  let rem = data << 10;
  for (let bit = 14; bit >= 10; bit--) if (rem & (1 << bit)) rem ^= 0x537 << (bit - 10);
  return ((data << 10) | rem) ^ 0x5412;
}

/** Where the package writes the 15 format bits (twice) and the dark module. */
function setFormatInfo(m: Uint8Array, size: number, mask: number): void {
  const bits = formatBits(mask);
  const set = (row: number, col: number, v: number) => void (m[row * size + col] = v);
  for (let i = 0; i < 15; i++) {
    const v = (bits >> i) & 1;
    if (i < 6) set(i, 8, v);
    else if (i < 8) set(i + 1, 8, v);
    else set(size - 15 + i, 8, v);
    if (i < 8) set(8, size - i - 1, v);
    else if (i < 9) set(8, 15 - i, v);
    else set(8, 15 - i - 1, v);
  }
  set(size - 8, 8, 1);
}

/** N1 (runs of 5+ of one colour) and N3 (1:1:3:1:1 finder-like patterns), over rows and columns. */
function penaltyLines(m: Uint8Array, size: number): number {
  let n1 = 0;
  let n3 = 0;
  for (let a = 0; a < size; a++) {
    let runRow = 0;
    let runCol = 0;
    let lastRow = -1;
    let lastCol = -1;
    let bitsRow = 0;
    let bitsCol = 0;
    for (let b = 0; b < size; b++) {
      const r = m[a * size + b]!;
      const c = m[b * size + a]!;
      if (r === lastRow) runRow++;
      else {
        if (runRow >= 5) n1 += 3 + (runRow - 5);
        lastRow = r;
        runRow = 1;
      }
      if (c === lastCol) runCol++;
      else {
        if (runCol >= 5) n1 += 3 + (runCol - 5);
        lastCol = c;
        runCol = 1;
      }
      bitsRow = ((bitsRow << 1) & 0x7ff) | r;
      bitsCol = ((bitsCol << 1) & 0x7ff) | c;
      if (b >= 10 && (bitsRow === 0x5d0 || bitsRow === 0x05d)) n3++;
      if (b >= 10 && (bitsCol === 0x5d0 || bitsCol === 0x05d)) n3++;
    }
    if (runRow >= 5) n1 += 3 + (runRow - 5);
    if (runCol >= 5) n1 += 3 + (runCol - 5);
  }
  return n1 + n3 * 40;
}

/** N2: 2×2 blocks of one colour. */
function penaltyBlocks(m: Uint8Array, size: number): number {
  let n = 0;
  for (let i = 0; i < size - 1; i++) {
    for (let j = 0; j < size - 1; j++) {
      const s = m[i * size + j]! + m[i * size + j + 1]! + m[(i + 1) * size + j]! + m[(i + 1) * size + j + 1]!;
      if (s === 4 || s === 0) n++;
    }
  }
  return n * 3;
}

/** N4: the share of dark modules away from 50 %, in steps of 5 %. */
function penaltyBalance(m: Uint8Array): number {
  let dark = 0;
  for (let i = 0; i < m.length; i++) dark += m[i]!;
  return Math.abs(Math.ceil((dark * 100) / m.length / 5) - 10) * 10;
}
