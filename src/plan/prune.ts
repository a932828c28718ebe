// What the mirror holds that nothing claims any more: pages and QR codes no
// manifest entry names (a damaged manifest, a crash between writes), and the
// files of channels the config no longer lists. Only file names the mirror
// itself writes are ever candidates, and of those only pages that carry the
// mirror's body marker (and their QR codes): a page a person put in the
// folder is never deleted. Pages written before the markers existed are not
// recognised, so their orphans stay.
import type { Config } from '../config/load.js';
import { BODY_START } from '../render/kept-body.js';
import { parseManifest } from '../render/manifest.js';
import { atomPath, escapeRegExp, indexPath, isSafeChannel, manifestPath, pageFolder } from '../render/paths.js';
import type { RepoState } from './repo-state.js';

const PAGE_FILE = /^[A-Za-z0-9_-]{1,80}\.md(\.png)?$/;

/** Page and QR files directly in `pages/<channel>/`, as the mirror names them. */
export function channelPageFiles(state: RepoState, config: Pick<Config, 'paths'>, channelId: string): string[] {
  const folder = pageFolder(config, channelId);
  return [...state.paths].filter((p) => p.startsWith(folder) && PAGE_FILE.test(p.slice(folder.length))).sort();
}

/** Files of a channel's folder that are not in `claimed` (page and QR paths of its entries and of what this run writes). */
export function orphanFiles(state: RepoState, config: Pick<Config, 'paths'>, channelId: string, claimed: ReadonlySet<string>): string[] {
  return channelPageFiles(state, config, channelId).filter((p) => !claimed.has(p));
}

/**
 * Of `files` (pages and QR codes no entry claims), those the mirror wrote: a
 * page with its body marker, and a QR code whose page is one of those or is
 * gone. Reads each page once; callers pass only unclaimed files, so a run
 * with nothing to prune reads nothing.
 */
export async function writtenByMirror(state: RepoState, files: string[]): Promise<string[]> {
  const mine = new Set<string>();
  await Promise.all(
    files
      .filter((p) => p.endsWith('.md'))
      .map(async (p) => {
        if ((await state.readText(p))?.includes(BODY_START)) mine.add(p);
      }),
  );
  return files.filter((p) => (p.endsWith('.md') ? mine.has(p) : mine.has(p.slice(0, -'.png'.length)) || !state.paths.has(p.slice(0, -'.png'.length))));
}

export interface RemovedChannel {
  id: string;
  /** Every file the mirror wrote for it: pages, QR codes, and with its manifest, index and feed. */
  files: string[];
}

/**
 * Channels the mirror holds that the config does not list: a folder of pages
 * named as the mirror names them, or a manifest that reads as this channel's.
 * Its index and feed count as the mirror's only beside such a manifest, so a
 * person's `indexes/notes.md` is never taken for a channel. `owns` limits
 * them to this run's shard. Reads one manifest per candidate.
 */
export async function removedChannels(state: RepoState, config: Config, owns: (id: string) => boolean): Promise<RemovedChannel[]> {
  // Deciding which pages are the mirror's costs a read each: done only when they are to be deleted.
  const mineOnly = (files: string[]) => (config.pruneRemovedChannels ? writtenByMirror(state, files) : Promise.resolve(files));
  const listed = new Set(config.channels.map((c) => c.id));
  const found = new Set<string>();
  const manifest = new RegExp(`^${escapeRegExp(config.paths.indexes)}/([^/]+)\\.json$`);
  const page = new RegExp(`^${escapeRegExp(config.paths.pages)}/([^/]+)/[A-Za-z0-9_-]{1,80}\\.md(\\.png)?$`);
  for (const p of state.paths) {
    const id = manifest.exec(p)?.[1] ?? page.exec(p)?.[1];
    if (id !== undefined && isSafeChannel(id) && !listed.has(id) && owns(id)) found.add(id);
  }
  const out: RemovedChannel[] = [];
  for (const id of [...found].sort()) {
    const files = await mineOnly(channelPageFiles(state, config, id));
    const mPath = manifestPath(config, id);
    if (await isManifestOf(state, mPath, id)) files.push(...[mPath, indexPath(config, id), atomPath(config, id)].filter((f) => state.paths.has(f)));
    if (files.length > 0) out.push({ id, files });
  }
  return out;
}

async function isManifestOf(state: RepoState, path: string, id: string): Promise<boolean> {
  const text = await state.readText(path);
  if (text === undefined) return false;
  try {
    return parseManifest(text, path).channel === id;
  } catch {
    return false;
  }
}
