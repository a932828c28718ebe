// Every manifest entry has its page and its QR code, and the QR code reads
// back as the page's public URL (what a reader's phone would open).
import { Limiter } from '../http/limiter.js';
import { publicUrl, qrPath } from '../render/paths.js';
import type { MirrorFiles } from './files.js';
import type { ChannelManifest } from './manifests.js';
import type { Problem } from './problems.js';
import { decodeQrPng } from './qr-decode.js';

/** Reads at once, bounded: through the API each read is a request. */
const READS = new Limiter(8);

export async function checkEntries(manifests: ChannelManifest[], files: MirrorFiles, baseUrl: string): Promise<{ problems: Problem[]; qrCodes: number }> {
  const problems: Problem[] = [];
  let qrCodes = 0;
  const jobs: Array<Promise<void>> = [];
  for (const cm of manifests) {
    for (const e of cm.manifest?.articles ?? []) {
      const owner = `${cm.path}: "${e.title}"`;
      if (!files.paths.has(e.path)) problems.push({ check: 'missing', file: e.path, message: `page missing (listed in ${owner})` });
      const qr = qrPath(e.path);
      if (!files.paths.has(qr)) {
        problems.push({ check: 'missing', file: qr, message: `QR code missing (listed in ${owner})` });
        continue;
      }
      const expected = publicUrl(baseUrl, e.path);
      jobs.push(
        READS.run(async () => {
          const png = await files.readBytes(qr);
          if (png === undefined) return;
          qrCodes++;
          let text: string | undefined;
          try {
            text = decodeQrPng(png);
          } catch (err) {
            problems.push({ check: 'qr', file: qr, message: `not a readable PNG (${(err as Error).message})` });
            return;
          }
          if (text === undefined) problems.push({ check: 'qr', file: qr, message: 'no QR code found in the image' });
          else if (text !== expected) problems.push({ check: 'qr', file: qr, message: `decodes to ${text}, expected the page's public URL ${expected}` });
        }),
      );
    }
  }
  await Promise.all(jobs);
  // Reads finish in any order; the report does not.
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { problems, qrCodes };
}
