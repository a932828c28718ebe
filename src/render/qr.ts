import QRCode from 'qrcode';
import { qrToPng } from './png.js';

const TARGET_PX = 256;
const MARGIN = 4;

/**
 * A QR code PNG of `text`: error correction M, a 4-module quiet zone, and a
 * whole-pixel module size chosen to land near 256 px (fractional scales blur
 * module edges). The encoder writes no timestamps, so bytes are stable.
 *
 * The symbol is made once and encoded by png.ts, which writes the same bytes
 * as `QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin,
 * scale })` did here before, for a fifth of the CPU (see BENCHMARKS.md).
 */
export async function qrPng(text: string): Promise<Buffer> {
  const code = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const modules = code.modules.size + 2 * MARGIN;
  const scale = Math.max(2, Math.round(TARGET_PX / modules));
  return qrToPng({ size: code.modules.size, data: code.modules.data, margin: MARGIN, scale });
}
