// Checks a mirror as it stands, read-only: manifests, each entry's page and
// QR code, relative links, orphans and retention. Only this file knows the order.
import type { Config } from '../config/load.js';
import { checkEntries } from './entries.js';
import type { MirrorFiles } from './files.js';
import { checkLinks } from './link-check.js';
import { channelsOf, checkManifests } from './manifests.js';
import { checkOrphans } from './orphans.js';
import type { Problem } from './problems.js';

export interface VerifyReport {
  ok: boolean;
  baseUrl: string;
  checked: { channels: number; articles: number; qrCodes: number; documents: number; links: number };
  problems: Problem[];
}

/** The folders and files verify reads: the same a run owns. */
export async function verifyMirror(config: Config, files: MirrorFiles, baseUrl: string): Promise<VerifyReport> {
  const channels = channelsOf(config, files);
  const { manifests, problems: manifestProblems } = await checkManifests(config, files, channels);
  const entries = await checkEntries(manifests, files, baseUrl);
  const links = await checkLinks(files);
  const orphans = checkOrphans(config, files, manifests);
  const problems = [...manifestProblems, ...entries.problems, ...links.problems, ...orphans];
  return {
    ok: problems.length === 0,
    baseUrl,
    checked: {
      channels: manifests.filter((m) => m.manifest).length,
      articles: manifests.reduce((n, m) => n + (m.manifest?.articles.length ?? 0), 0),
      qrCodes: entries.qrCodes,
      documents: links.documents,
      links: links.links,
    },
    problems,
  };
}
