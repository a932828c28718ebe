import type { Manifest } from '../types.js';
import type { SiteContext } from './channel-index.js';
import { rfc3339 } from './dates.js';
import { labelsFor } from './labels.js';
import { entryDate, newestFirst } from './order.js';
import { atomPath, indexPath, publicUrl } from './paths.js';

/** Text and attribute content; also drops characters XML 1.0 forbids. */
function xml(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

// Fixed, so a feed with no dated entry still renders the same bytes every run.
const EPOCH = '1970-01-01T00:00:00Z';

/**
 * `feeds/<channel>.xml`: an Atom 1.0 feed of the mirror. Each entry's
 * alternate link is the mirrored page; `via` is the original article.
 * `updated` is the newest entry's date, never the clock.
 */
export function renderAtom(m: Manifest, ctx: SiteContext): string {
  const { config, baseUrl } = ctx;
  const entries = newestFirst(m.articles);
  const indexUrl = publicUrl(baseUrl, indexPath(config, m.channel));
  const updated = entries.map((e) => rfc3339(entryDate(e))).find((d) => d !== undefined) ?? EPOCH;
  const author = config.site.title ?? labelsFor(config).siteTitle;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xml(indexUrl)}</id>`,
    `  <title>${xml(m.title)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <link rel="alternate" type="text/html" href="${xml(indexUrl)}"/>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(publicUrl(baseUrl, atomPath(config, m.channel)))}"/>`,
    `  <author><name>${xml(author)}</name></author>`,
    '  <generator>News Mirror</generator>',
  ];
  for (const e of entries) {
    const page = publicUrl(baseUrl, e.path);
    const date = rfc3339(entryDate(e)) ?? EPOCH;
    lines.push(
      '  <entry>',
      `    <id>${xml(page)}</id>`,
      `    <title>${xml(e.title)}</title>`,
      `    <updated>${date}</updated>`,
      ...(e.published && rfc3339(e.published) ? [`    <published>${rfc3339(e.published)}</published>`] : []),
      `    <link rel="alternate" type="text/html" href="${xml(page)}"/>`,
      `    <link rel="via" type="text/html" href="${xml(e.url)}"/>`,
      '  </entry>',
    );
  }
  lines.push('</feed>');
  return `${lines.join('\n')}\n`;
}
