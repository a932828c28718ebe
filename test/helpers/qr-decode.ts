// Decodes a QR code PNG in-process, as a phone's scanner would read it:
// pngjs turns any PNG (here 1-bit greyscale) into RGBA, jsQR finds and reads
// the symbol. Throws when there is no readable code.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

export function decodeQrPng(png: Buffer): string {
  const img = PNG.sync.read(png);
  // jsqr is CommonJS: its function is module.exports and module.exports.default alike.
  const code = jsQR.default(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height, { inversionAttempts: 'dontInvert' });
  if (!code) throw new Error(`no QR code found in a ${img.width}×${img.height} PNG of ${png.length} bytes`);
  return code.data;
}
