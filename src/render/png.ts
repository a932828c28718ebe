// A PNG encoder for two-colour QR images: 1-bit greyscale, one IDAT,
// encoded synchronously. A QR image needs no more than one bit per pixel,
// so the file is about a fifth of an RGBA one, and encoding it on the spot
// with one reused scratch buffer means a run that builds hundreds of
// articles in one burst never holds a pixel buffer or a zlib stream per
// article (they used to be alive all at once: see BENCHMARKS.md).
import { deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** PNG row filter types used here. */
const FILTER_NONE = 0;
const FILTER_UP = 2;

export interface QrImage {
  /** Modules per side, and the module matrix (row-major, truthy = dark). */
  size: number;
  data: ArrayLike<number | boolean>;
  margin: number;
  scale: number;
}

/** The filtered rows of the image being encoded; grown on demand, reused by every call. */
let scratch = Buffer.alloc(0);

/**
 * Encodes the QR image as a 1-bit greyscale PNG (dark 0, light 1). The
 * bytes depend only on the image (no timestamps, fixed zlib settings).
 */
export function qrToPng(qr: QrImage): Buffer {
  const width = (qr.size + 2 * qr.margin) * qr.scale;
  const stride = (width + 7) >> 3;
  const rowLen = stride + 1;
  if (scratch.length < rowLen * width) scratch = Buffer.alloc(rowLen * width);
  const raw = scratch.subarray(0, rowLen * width);
  fillRows(qr, raw, width, rowLen);
  const idat = deflateSync(raw, { level: 9 });
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(width, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // colour type: greyscale (compression, filter and interlace stay 0)
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * Each module row is drawn once (filter None); the `scale - 1` pixel rows
 * that repeat it are stored with the Up filter, which makes them all zeros
 * and lets deflate shrink them to almost nothing.
 */
function fillRows(qr: QrImage, raw: Buffer, width: number, rowLen: number): void {
  const { size, margin, scale } = qr;
  for (let y = 0; y < width; y++) {
    const at = y * rowLen;
    if (y % scale !== 0) {
      raw[at] = FILTER_UP;
      raw.fill(0, at + 1, at + rowLen);
      continue;
    }
    raw[at] = FILTER_NONE;
    // Light everywhere (padding bits included), then the dark modules cleared.
    raw.fill(0xff, at + 1, at + rowLen);
    const m = y / scale - margin;
    if (m < 0 || m >= size) continue;
    for (let n = 0; n < size; n++) {
      if (!qr.data[m * size + n]) continue;
      for (let x = (margin + n) * scale, end = x + scale; x < end; x++) raw[at + 1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
    }
  }
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
