// Decodes a QR code PNG in-process with the decoder `verify` ships
// (src/verify/qr-decode.ts: pngjs to RGBA, then jsQR), as a phone's scanner
// would read it; throws when there is no readable code.
import { PNG } from 'pngjs';
import { decodeQrPng as decode } from '../../src/verify/qr-decode.js';

export function decodeQrPng(png: Buffer): string {
  const text = decode(png);
  if (text === undefined) {
    const img = PNG.sync.read(png);
    throw new Error(`no QR code found in a ${img.width}×${img.height} PNG of ${png.length} bytes`);
  }
  return text;
}
