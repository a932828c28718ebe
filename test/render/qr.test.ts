import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrPng } from '../../src/render/qr.js';
import { tempDir } from '../helpers/temp-dir.js';
import { qrSymbol } from '../../src/render/qr-symbol.js';
import { decodeQrPng } from '../helpers/qr-decode.js';

const dir = tempDir('qr-');

function zbar(png: Buffer, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, png);
  return execFileSync('/usr/bin/zbarimg', ['-q', '--raw', file], { encoding: 'utf8' }).replace(/\n$/, '');
}

/** The chunks of a PNG file, in order, with their CRCs checked by the caller through pngjs. */
function chunks(png: Buffer): Array<{ type: string; data: Buffer }> {
  const out: Array<{ type: string; data: Buffer }> = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    out.push({ type: png.toString('latin1', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + len) });
    at += len + 12;
  }
  return out;
}

const ascii = 'https://github.com/gfw-breaker/banned-news3/blob/master/pages/nsc413/n13954919.md';
const cjk = `https://github.com/o/r/blob/main/pages/${encodeURIComponent('大陆新闻')}/${encodeURIComponent('中俄关系')}.md`;
// Every QR version the mirror's URLs reach, and then some: the longest is version 27 at level M.
const texts = ['x', ascii, cjk, `${cjk}?q=${'%E4%B8%AD'.repeat(40)}`, 'A'.repeat(900)];
for (let i = 0; i < 40; i++) texts.push(`https://github.com/o/r/blob/main/pages/ch${i}/a${i * 7919}.md${'/x'.repeat(i)}`);

describe('qrPng', () => {
  it('encodes an ASCII URL that zbarimg reads back exactly', () => {
    expect(zbar(qrPng(ascii), 'a.png')).toBe(ascii);
  });

  it('encodes a URL with percent-encoded CJK that zbarimg reads back exactly', () => {
    expect(zbar(qrPng(cjk), 'b.png')).toBe(cjk);
  });

  it('decodes in-process (jsqr) to its text, for every QR version and scale it produces', () => {
    for (const text of texts) expect(decodeQrPng(qrPng(text)), text.slice(0, 60)).toBe(text);
  });

  it('is byte-identical on two calls, also with other sizes encoded in between (the scratch buffer is reused)', () => {
    const first = texts.map((t) => qrPng(t));
    const again = [...texts].reverse().map((t) => qrPng(t)).reverse();
    first.forEach((b, i) => expect(b.equals(again[i]!), texts[i]!.slice(0, 60)).toBe(true));
  });

  it('is a 1-bit greyscale PNG: IHDR fields, one IDAT, IEND last', () => {
    for (const text of texts) {
      const png = qrPng(text);
      expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
      const cs = chunks(png);
      expect(cs.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
      const ihdr = cs[0]!.data;
      expect(ihdr.length).toBe(13);
      const width = ihdr.readUInt32BE(0);
      expect(ihdr.readUInt32BE(4)).toBe(width); // square
      expect([...ihdr.subarray(8)]).toEqual([1, 0, 0, 0, 0]); // bit depth 1, greyscale, deflate, adaptive filtering, no interlace
      // Whole modules: the image is (modules + 2 × 4 quiet zone) × scale pixels.
      const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules.size + 8;
      expect(width % modules).toBe(0);
      // The image data is one byte of filter type plus ceil(width / 8) bytes per row.
      expect(inflateSync(cs[1]!.data).length).toBe(width * (1 + Math.ceil(width / 8)));
    }
  });

  it('is a square image of phone-friendly size with a light quiet zone', () => {
    for (const text of [ascii, cjk, 'x']) {
      const png = qrPng(text);
      const width = png.readUInt32BE(16);
      expect(width).toBeGreaterThanOrEqual(200);
      expect(width).toBeLessThanOrEqual(300);
      const rows = inflateSync(chunks(png)[1]!.data);
      // The first pixel row is in the quiet zone: filter None, every pixel light.
      expect(rows[0]).toBe(0);
      const bits = rows.subarray(1, 1 + Math.ceil(width / 8));
      expect([...bits].every((b) => b === 0xff)).toBe(true);
    }
  });

  // qr-symbol.ts scores the masks itself for speed; the symbol must stay the package's, mask choice included.
  it('builds the same symbol as the qrcode package, for every version and every one of the eight masks', () => {
    const masks = new Set<number>();
    const many = [...texts];
    for (let i = 0; i < 150; i++) many.push(`https://github.com/o${i}/r/blob/main/pages/ch${i % 13}/n${(i * 7919) % 100000}.md`);
    for (const text of many) {
      const ref = QRCode.create(text, { errorCorrectionLevel: 'M' });
      masks.add(ref.maskPattern ?? -1);
      const mine = qrSymbol(text);
      expect(mine.size, text.slice(0, 60)).toBe(ref.modules.size);
      expect(Buffer.from(mine.data).equals(Buffer.from(ref.modules.data)), text.slice(0, 60)).toBe(true);
    }
    expect(masks.size).toBe(8);
  });

  it('is far smaller than the RGBA image it replaces', () => {
    expect(qrPng(ascii).length).toBeLessThan(1000);
  });
});
