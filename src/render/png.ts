// A PNG encoder for two-colour QR images that writes exactly the bytes the
// `qrcode` package's renderer (pngjs) writes, at a fraction of the CPU:
// pngjs tries all five row filters on every pixel row and packs through a
// stream; a scaled QR image repeats each pixel row `scale` times, and a row
// equal to the one above always gets the same answer (see filterRows), so
// only the distinct rows are scored. Byte-identity with the `qrcode` package
// is checked by test/render/qr.test.ts over many inputs.
import { createDeflate } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** RGBA, 8 bits per channel: pngjs's default output format. */
const BPP = 4;
/** pngjs's deflate settings: level 9, Z_RLE, 32 KB chunks (one IDAT per chunk). */
const DEFLATE = { level: 9, strategy: 3, chunkSize: 32 * 1024 } as const;

export interface QrImage {
  /** Modules per side, and the module matrix (row-major, truthy = dark). */
  size: number;
  data: ArrayLike<number | boolean>;
  margin: number;
  scale: number;
}

/** Encodes the QR image as pngjs would: dark #000000ff, light #ffffffff. */
export async function qrToPng(qr: QrImage): Promise<Buffer> {
  const width = (qr.size + 2 * qr.margin) * qr.scale;
  const filtered = filterRows(pixelRows(qr, width), width);
  const idat = await deflatePieces(filtered);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(width, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const parts = [SIGNATURE, chunk('IHDR', ihdr)];
  for (const piece of idat) parts.push(chunk('IDAT', piece));
  parts.push(chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/**
 * pngjs writes one IDAT per piece its deflate stream emits (the zlib header
 * comes out on its own, then the rest, in pieces of at most 32 KB), so the
 * same stream is used here, fed the same way, for the same pieces.
 */
function deflatePieces(data: Buffer): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const pieces: Buffer[] = [];
    const z = createDeflate(DEFLATE);
    z.on('data', (d: Buffer) => pieces.push(d));
    z.on('error', reject);
    z.on('end', () => resolve(pieces));
    z.end(data);
  });
}

/** RGBA pixel rows, as qrcode's qrToImageData fills them (each module row drawn once, then copied). */
function pixelRows(qr: QrImage, width: number): Buffer {
  const bw = width * BPP;
  const px = Buffer.alloc(width * bw, 0xff);
  const lo = qr.margin * qr.scale;
  for (let m = 0; m < qr.size; m++) {
    const first = (lo + m * qr.scale) * bw;
    for (let n = 0; n < qr.size; n++) {
      if (!qr.data[m * qr.size + n]) continue;
      for (let j = lo + n * qr.scale, end = j + qr.scale; j < end; j++) px.fill(0, first + j * BPP, first + j * BPP + 3);
    }
    for (let r = 1; r < qr.scale; r++) px.copy(px, first + r * bw, first, first + bw);
  }
  return px;
}

/**
 * pngjs's adaptive filtering: each row takes the first filter (None, Sub,
 * Up, Average, Paeth) with the lowest sum of absolute differences. A row
 * equal to the row above scores 0 with Up, and None and Sub cannot score 0
 * (the first pixel's alpha is 255), so Up wins with an all-zero row: no need
 * to score it.
 */
function filterRows(px: Buffer, width: number): Buffer {
  const bw = width * BPP;
  const out = Buffer.alloc((bw + 1) * width);
  for (let y = 0; y < width; y++) {
    const pos = y * bw;
    const at = y * (bw + 1);
    if (y > 0 && px.compare(px, pos - bw, pos, pos, pos + bw) === 0) {
      out[at] = 2; // the rest of the row stays 0
      continue;
    }
    let best = 0;
    let min = Infinity;
    for (let f = 0; f < 5; f++) {
      const sum = scoreRow(px, f, pos, bw);
      if (sum < min) {
        min = sum;
        best = f;
      }
    }
    out[at] = best;
    for (let x = 0; x < bw; x++) out[at + 1 + x] = predict(px, best, pos, x, bw); // Buffer stores mod 256, as pngjs
  }
  return out;
}

/** pngjs's score of filter f on a row: the sum of absolute filtered values, before the mod-256 wrap. */
function scoreRow(px: Buffer, f: number, pos: number, bw: number): number {
  let sum = 0;
  // The common filters get their own loops: this runs for every distinct row of every QR code.
  if (f === 0) for (let x = 0; x < bw; x++) sum += px[pos + x]!;
  else if (f === 1) for (let x = 0; x < bw; x++) sum += Math.abs(px[pos + x]! - (x >= BPP ? px[pos + x - BPP]! : 0));
  else if (f === 2 && pos > 0) for (let x = 0; x < bw; x++) sum += Math.abs(px[pos + x]! - px[pos + x - bw]!);
  else for (let x = 0; x < bw; x++) sum += Math.abs(predict(px, f, pos, x, bw));
  return sum;
}

/** The filtered value of byte x of the row at `pos` (before the mod-256 wrap). */
function predict(px: Buffer, f: number, pos: number, x: number, bw: number): number {
  const v = px[pos + x]!;
  if (f === 0) return v;
  const left = x >= BPP ? px[pos + x - BPP]! : 0;
  if (f === 1) return v - left;
  const up = pos > 0 ? px[pos + x - bw]! : 0;
  if (f === 2) return v - up;
  if (f === 3) return v - ((left + up) >> 1);
  const upLeft = pos > 0 && x >= BPP ? px[pos + x - bw - BPP]! : 0;
  const p = left + up - upLeft;
  const pl = Math.abs(p - left);
  const pu = Math.abs(p - up);
  const pul = Math.abs(p - upLeft);
  return v - (pl <= pu && pl <= pul ? left : pu <= pul ? up : upLeft);
}

function chunk(type: string, data: Buffer): Buffer {
  const buf = Buffer.alloc(data.length + 12);
  buf.writeUInt32BE(data.length, 0);
  buf.write(type, 4, 'latin1');
  data.copy(buf, 8);
  buf.writeUInt32BE(crc32(buf, 4, buf.length - 4), buf.length - 4);
  return buf;
}

let CRC_TABLE: Uint32Array | undefined;

function crc32(buf: Buffer, start: number, end: number): number {
  const table = (CRC_TABLE ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  }));
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = table[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
