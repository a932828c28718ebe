// What the mirror holds that nothing claims any more: pages and QR codes no
// manifest entry names (a damaged manifest, a crash between writes), and the
// files of channels the config no longer lists. Only file names the mirror
// itself writes are ever candidates; anything else in its folders is left alone.
import type { Config } from '../config/load.js';
import { atomPath, indexPath, manifestPath } from '../render/paths.js';
import type { RepoState } from './repo-state.js';

const PAGE_FILE = /^[A-Za-z0-9_-]{1,80}\.md(\.png)?$/;
const CHANNEL = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Page and QR files directly in `pages/<channel>/`, as the mirror names them. */
export function channelPageFiles(state: RepoState, config: Pick<Config, 'paths'>, channelId: string): string[] {
  const folder = `${config.paths.pages}/${channelId}/`;
  return [...state.paths].filter((p) => p.startsWith(folder) && PAGE_FILE.test(p.slice(folder.length))).sort();
}

/** Files of a channel's folder that are not in `claimed` (page and QR paths of its entries and of what this run writes). */
export function orphanFiles(state: RepoState, config: Pick<Config, 'paths'>, channelId: string, claimed: ReadonlySet<string>): string[] {
  return channelPageFiles(state, config, channelId).filter((p) => !claimed.has(p));
}

export interface RemovedChannel {
  id: string;
  /** Every file the mirror wrote for it: pages, QR codes, index, manifest, feed. */
  files: string[];
}

/**
 * Channels the mirror holds (a manifest in the indexes folder, or pages in
 * their folder) that the config does not list. `owns` limits them to this
 * run's shard.
 */
export function removedChannels(state: RepoState, config: Config, owns: (id: string) => boolean): RemovedChannel[] {
  const listed = new Set(config.channels.map((c) => c.id));
  const found = new Set<string>();
  const manifest = new RegExp(`^${escapeRe(config.paths.indexes)}/([^/]+)\\.json$`);
  const page = new RegExp(`^${escapeRe(config.paths.pages)}/([^/]+)/[A-Za-z0-9_-]{1,80}\\.md(\\.png)?$`);
  for (const p of state.paths) {
    const id = manifest.exec(p)?.[1] ?? page.exec(p)?.[1];
    if (id !== undefined && CHANNEL.test(id) && !listed.has(id) && owns(id)) found.add(id);
  }
  return [...found].sort().map((id) => ({
    id,
    files: [...channelPageFiles(state, config, id), manifestPath(config, id), indexPath(config, id), atomPath(config, id)].filter((f) => state.paths.has(f)),
  }));
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
