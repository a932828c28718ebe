import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrPng } from '../../src/render/qr.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('qr-');

function decode(png: Buffer, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, png);
  return execFileSync('/usr/bin/zbarimg', ['-q', '--raw', file], { encoding: 'utf8' }).replace(/\n$/, '');
}

describe('qrPng', () => {
  const ascii = 'https://github.com/gfw-breaker/banned-news3/blob/master/pages/nsc413/n13954919.md';
  const cjk = `https://github.com/o/r/blob/main/pages/${encodeURIComponent('大陆新闻')}/${encodeURIComponent('中俄关系')}.md`;

  it('encodes an ASCII URL that a scanner reads back exactly', async () => {
    expect(decode(await qrPng(ascii), 'a.png')).toBe(ascii);
  });

  it('encodes a URL with percent-encoded CJK that a scanner reads back exactly', async () => {
    expect(decode(await qrPng(cjk), 'b.png')).toBe(cjk);
  });

  it('is byte-identical on two calls', async () => {
    expect((await qrPng(ascii)).equals(await qrPng(ascii))).toBe(true);
  });

  it('is a square PNG of phone-friendly size', async () => {
    for (const text of [ascii, cjk, 'x']) {
      const bytes = await qrPng(text);
      expect(bytes.subarray(1, 4).toString()).toBe('PNG');
      // IHDR: width and height, big-endian, right after the signature and chunk header.
      const png = { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
      expect(png.width).toBe(png.height);
      expect(png.width).toBeGreaterThanOrEqual(200);
      expect(png.width).toBeLessThanOrEqual(300);
    }
  });

  // qr.ts encodes the PNG itself (png.ts) for speed; mirrors already hold
  // PNGs from qrcode's renderer, so the bytes must stay exactly the same.
  it('writes the same bytes as the qrcode package renderer, for every QR version and scale', async () => {
    const texts = ['x', ascii, cjk, `${cjk}?q=${'%E4%B8%AD'.repeat(40)}`, 'A'.repeat(900)];
    for (let i = 0; i < 40; i++) texts.push(`https://github.com/o/r/blob/main/pages/ch${i}/a${i * 7919}.md${'/x'.repeat(i)}`);
    for (const text of texts) {
      const size = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules.size;
      const scale = Math.max(2, Math.round(256 / (size + 8)));
      const expected = await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale });
      expect((await qrPng(text)).equals(expected), text).toBe(true);
    }
  });
});
