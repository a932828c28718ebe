import type { Manifest } from '../types.js';
import { type SiteContext, fileLink } from './channel-index.js';
import { formatDay } from './dates.js';
import { escapeInline } from './escape.js';
import { countLabel, labelsFor } from './labels.js';
import { entryDate, newestFirst } from './order.js';
import { RULE } from './page.js';
import { homePath, indexPath } from './paths.js';
import { menuBlock } from './rebase.js';

/** `README.md`: site title, header, the channels, the latest articles over all channels, footer. */
export function renderHome(manifests: Manifest[], ctx: SiteContext): string {
  const { config } = ctx;
  const labels = labelsFor(config);
  const file = homePath(config);
  const title = config.site.title ?? labels.siteTitle;
  const out: string[] = [`# ${escapeInline(title)}\n\n`];
  if (config.site.header.trim()) out.push(`${menuBlock(config.site.header, file)}\n\n`);

  // Config order: the maintainer chose it.
  const names = new Map(manifests.map((m) => [m.channel, escapeInline(m.title) || m.channel]));
  const channelLines = manifests.map(
    (m) => `- ${fileLink(names.get(m.channel)!, file, indexPath(config, m.channel))} · ${escapeInline(countLabel(labels, m.articles.length))}`,
  );
  out.push(`### ${escapeInline(labels.channels)}\n\n${channelLines.join('\n')}\n\n`);

  const n = config.site.homeLatest;
  if (n > 0) {
    const all = newestFirst(manifests.flatMap((m) => m.articles.map((e) => ({ ...e, channel: m.channel }))));
    const latest = all.slice(0, n).map((e) => {
      const day = formatDay(entryDate(e));
      const channel = fileLink(names.get(e.channel)!, file, indexPath(config, e.channel));
      return `- ${day ? `${day} ` : ''}${fileLink(escapeInline(e.title) || e.id, file, e.path)} · ${channel}`;
    });
    if (latest.length > 0) {
      out.push(`### ${escapeInline(labels.latest)}\n\n${latest.join('\n')}\n\n`);
      if (all.length > n) {
        const links = manifests.filter((m) => m.articles.length > 0).map((m) => fileLink(names.get(m.channel)!, file, indexPath(config, m.channel)));
        out.push(`${escapeInline(labels.more)} ${links.join(' · ')}\n\n`);
      }
    }
  }
  out.push(`${RULE}\n`);
  if (config.site.footer.trim()) out.push(`${menuBlock(config.site.footer, file)}\n`);
  return out.join('');
}
