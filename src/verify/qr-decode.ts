// Reads a QR code PNG back as a phone would, in-process. pngjs turns any
// valid PNG (RGBA, greyscale, palette, 1-bit...) into 8-bit RGBA for jsQR.
import jsqrModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS: Node hands over module.exports (the function is its
// `default`), a bundler's interop may hand over the function itself.
const loaded = jsqrModule as unknown as typeof jsqrModule.default | typeof jsqrModule;
const jsQR = typeof loaded === 'function' ? loaded : loaded.default;

/** The text a QR code PNG encodes; throws when the bytes are not a PNG, undefined when no code is found. */
export function decodeQrPng(png: Buffer): string | undefined {
  const img = PNG.sync.read(png);
  const rgba = new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length);
  return jsQR(rgba, img.width, img.height)?.data ?? undefined;
}
