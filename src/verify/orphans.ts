// Files in a channel's page folder that no manifest claims: left by a crash
// or a damaged manifest, no index links them and retention never deletes them.
import type { Config } from '../config/load.js';
import { pageFolder, qrPath } from '../render/paths.js';
import type { MirrorFiles } from './files.js';
import type { ChannelManifest } from './manifests.js';
import type { Problem } from './problems.js';

export function checkOrphans(config: Config, files: MirrorFiles, manifests: ChannelManifest[]): Problem[] {
  const claimed = new Set<string>();
  // A damaged manifest is reported once; its channel's files are not each reported again.
  const unknowable = manifests.filter((m) => m.damaged).map((m) => pageFolder(config, m.channel));
  for (const m of manifests) for (const e of m.manifest?.articles ?? []) claimed.add(e.path).add(qrPath(e.path));
  const byChannel = new Map(manifests.map((m) => [m.channel, m]));
  const problems: Problem[] = [];
  for (const p of [...files.paths].sort()) {
    if (!p.startsWith(`${config.paths.pages}/`) || claimed.has(p) || unknowable.some((u) => p.startsWith(u))) continue;
    const channel = p.slice(config.paths.pages.length + 1).split('/')[0]!;
    const m = byChannel.get(channel);
    const why = m?.manifest ? `not listed in ${m.path}` : m ? `no manifest claims it (${m.path} is missing)` : 'not in any channel folder';
    problems.push({ check: 'orphan', file: p, message: `orphaned: ${why}` });
  }
  return problems;
}
