import { qrToPng } from './png.js';
import { qrSymbol } from './qr-symbol.js';

const TARGET_PX = 256;
const MARGIN = 4;

/**
 * A QR code PNG of `text`: error correction M, a 4-module quiet zone, and a
 * whole-pixel module size chosen to land near 256 px (fractional scales blur
 * module edges), as a 1-bit greyscale PNG (png.ts). The symbol is the one the
 * `qrcode` package makes (qr-symbol.ts). The encoder writes no timestamps, so
 * the bytes are stable. Synchronous: no article's image work outlives the
 * call (see BENCHMARKS.md).
 */
export function qrPng(text: string): Buffer {
  const symbol = qrSymbol(text);
  const modules = symbol.size + 2 * MARGIN;
  const scale = Math.max(2, Math.round(TARGET_PX / modules));
  return qrToPng({ size: symbol.size, data: symbol.data, margin: MARGIN, scale });
}
