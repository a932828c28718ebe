// Manifests parse, their entries stay in their channel's folder, and no
// channel holds more than its retention.
import type { ChannelConfig, Config } from '../config/load.js';
import { ManifestError, parseManifest } from '../render/manifest.js';
import { escapeRegExp, isSafeChannel, manifestPath, pageFolder } from '../render/paths.js';
import type { Manifest } from '../types.js';
import type { MirrorFiles } from './files.js';
import type { Problem } from './problems.js';

export interface ChannelManifest {
  channel: string;
  /** `indexes/<channel>.json` */
  path: string;
  /** Undefined when the file is absent or does not parse. */
  manifest?: Manifest;
  /** The file exists but is damaged. */
  damaged: boolean;
  /** Undefined for a channel the config no longer names (its files and manifest are still there). */
  config?: ChannelConfig;
}

/** The channels the config names, plus any whose manifest or page folder the mirror still holds. */
export function channelsOf(config: Config, files: MirrorFiles): string[] {
  const ids = new Set(config.channels.map((c) => c.id));
  const manifest = new RegExp(`^${escapeRegExp(config.paths.indexes)}/([^/]+)\\.json$`);
  for (const p of files.paths) {
    const page = p.startsWith(`${config.paths.pages}/`) ? p.slice(config.paths.pages.length + 1).split('/') : undefined;
    if (page && page.length > 1 && isSafeChannel(page[0]!)) ids.add(page[0]!);
    const m = manifest.exec(p);
    if (m && isSafeChannel(m[1]!)) ids.add(m[1]!);
  }
  return [...ids];
}

export async function checkManifests(config: Config, files: MirrorFiles, channels: string[]): Promise<{ manifests: ChannelManifest[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const manifests = await Promise.all(
    channels.map(async (channel): Promise<ChannelManifest> => {
      const path = manifestPath(config, channel);
      const cfg = config.channels.find((c) => c.id === channel);
      const out: ChannelManifest = { channel, path, damaged: false, ...(cfg ? { config: cfg } : {}) };
      const bytes = await files.readBytes(path);
      if (bytes === undefined) return out;
      try {
        out.manifest = parseManifest(bytes.toString('utf8'), path);
      } catch (e) {
        if (!(e instanceof ManifestError)) throw e;
        problems.push({ check: 'manifest', file: path, message: `${e.message.slice(path.length + 2)}` });
        out.damaged = true;
        return out;
      }
      const m = out.manifest;
      if (m.channel !== channel) problems.push({ check: 'manifest', file: path, message: `names channel "${m.channel}", expected "${channel}"` });
      const folder = pageFolder(config, channel);
      const seen = new Set<string>();
      m.articles.forEach((e, i) => {
        if (!e.path.startsWith(folder) || e.path.slice(folder.length).includes('/')) {
          problems.push({ check: 'manifest', file: path, message: `articles[${i}] (${e.url}): page ${e.path} is not in ${folder}` });
        }
        if (seen.has(e.path)) problems.push({ check: 'manifest', file: path, message: `articles[${i}] (${e.url}): page ${e.path} is claimed twice` });
        seen.add(e.path);
      });
      if (cfg && m.articles.length > cfg.retention) {
        problems.push({
          check: 'retention',
          file: path,
          message: `holds ${m.articles.length} articles, over the channel's retention of ${cfg.retention} (config key retention, or channels[].retention)`,
        });
      }
      return out;
    }),
  );
  return { manifests, problems };
}
