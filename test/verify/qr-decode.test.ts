// verify reads QR codes back in-process; it must read whatever valid PNG the
// renderer writes (RGBA today, 1-bit greyscale is as valid).
import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrPng } from '../../src/render/qr.js';
import { decodeQrPng } from '../../src/verify/qr-decode.js';

const URL = 'https://github.com/acme/mirror/blob/main/pages/news/n13954919.md';

function chunk(type: string, data: Buffer): Buffer {
  const b = Buffer.alloc(12 + data.length);
  b.writeUInt32BE(data.length, 0);
  b.write(type, 4, 'latin1');
  data.copy(b, 8);
  b.writeUInt32BE(crc32(b.subarray(4, 8 + data.length)), 8 + data.length);
  return b;
}

/** A greyscale PNG of the QR code of `text`, at 1 or 8 bits per pixel. */
function greyPng(text: string, bitDepth: 1 | 8): Buffer {
  const code = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = code.modules.size;
  const margin = 4;
  const scale = 6;
  const w = (n + 2 * margin) * scale;
  const rowBytes = bitDepth === 1 ? Math.ceil(w / 8) : w;
  const raw = Buffer.alloc((rowBytes + 1) * w);
  for (let y = 0; y < w; y++) {
    const my = Math.floor(y / scale) - margin;
    for (let x = 0; x < w; x++) {
      const mx = Math.floor(x / scale) - margin;
      const dark = mx >= 0 && my >= 0 && mx < n && my < n && code.modules.data[my * n + mx];
      const at = y * (rowBytes + 1) + 1;
      if (bitDepth === 8) raw[at + x] = dark ? 0 : 255;
      else if (!dark) raw[at + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(w, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = 0; // greyscale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe('decodeQrPng', () => {
  it('reads the QR PNG the renderer writes', async () => {
    expect(decodeQrPng(await qrPng(URL))).toBe(URL);
  });

  it('reads 8-bit and 1-bit greyscale PNGs', () => {
    expect(decodeQrPng(greyPng(URL, 8))).toBe(URL);
    expect(decodeQrPng(greyPng(`${URL}?grey=1`, 1))).toBe(`${URL}?grey=1`);
  });

  it('finds no code in a blank image, and throws on bytes that are not a PNG', () => {
    expect(decodeQrPng(blank())).toBeUndefined();
    expect(() => decodeQrPng(Buffer.from('not a png'))).toThrow();
  });
});

function blank(): Buffer {
  const w = 64;
  const raw = Buffer.alloc((w + 1) * w, 255);
  for (let y = 0; y < w; y++) raw[y * (w + 1)] = 0;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(w, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
