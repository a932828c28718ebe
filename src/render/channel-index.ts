import type { Config } from '../config/load.js';
import type { Manifest } from '../types.js';
import { formatDay } from './dates.js';
import { escapeInline, linkDestination } from './escape.js';
import { countLabel, labelsFor } from './labels.js';
import { newestFirst, entryDate } from './order.js';
import { RULE } from './page.js';
import { atomPath, encodePath, indexPath, relativeLink } from './paths.js';
import { menuBlock } from './rebase.js';

export { renderManifest, parseManifest, ManifestError } from './manifest.js';

export interface SiteContext {
  config: Config;
  /** Public URL prefix of repository files. */
  baseUrl: string;
}

/** A Markdown link from `fromFile` to a repository file. */
export function fileLink(text: string, fromFile: string, toFile: string): string {
  return `[${text}](${linkDestination(encodePath(relativeLink(fromFile, toFile)))})`;
}

/** `indexes/<channel>.md`: the channel's articles, newest first, linked relative to the index. */
export function renderChannelIndex(m: Manifest, ctx: SiteContext): string {
  const { config } = ctx;
  const labels = labelsFor(config);
  const file = indexPath(config, m.channel);
  const out: string[] = [`### ${escapeInline(m.title)}\n${RULE}\n\n`];
  if (config.site.header.trim()) out.push(`${menuBlock(config.site.header, file)}\n\n`);
  const meta = [escapeInline(countLabel(labels, m.articles.length))];
  if (config.site.atom) meta.push(fileLink(escapeInline(labels.feed), file, atomPath(config, m.channel)));
  out.push(`${meta.join(' · ')}\n\n`);
  if (m.health) out.push(`${escapeInline(labels.failingSince.replace('{date}', formatDay(m.health.since)))}\n\n`);
  const lines = newestFirst(m.articles).map((e) => {
    const day = formatDay(entryDate(e));
    return `- ${day ? `${day} ` : ''}${fileLink(escapeInline(e.title) || e.id, file, e.path)}`;
  });
  out.push(lines.length > 0 ? `${lines.join('\n')}\n\n` : `${escapeInline(labels.noArticles)}\n\n`);
  out.push(`${RULE}\n`);
  if (config.site.footer.trim()) out.push(`${menuBlock(config.site.footer, file)}\n`);
  return out.join('');
}
