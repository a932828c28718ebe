import type { ChannelConfig, Config } from '../config/load.js';
import type { Article } from '../types.js';
import { formatMinute } from './dates.js';
import { collapseSpaces, escapeAttr, escapeHtml, escapeInline } from './escape.js';
import { labelsFor } from './labels.js';
import { htmlToMarkdown } from './markdown.js';
import { encodePath, relativeLink } from './paths.js';
import { BODY_END, BODY_START, leadMarker } from './kept-body.js';
import { menuBlock } from './rebase.js';

export interface PageContext {
  config: Config;
  channel: ChannelConfig;
  /** The page's repository path, e.g. `pages/news/n123.md`. */
  path: string;
  /** The page's public URL (shared as text and encoded in the QR code). */
  publicUrl: string;
  /** The QR image's src as written into the page (relative to the page, or absolute). */
  qrSrc: string;
  unlink: string[];
  /** Receives each unlink pattern that matched a link of this page. */
  unlinked?: Set<string>;
  /** Repository path (from the root) of a mirrored copy of `url`, if any (never this page: a link to the article's own original stays one). */
  resolveLink?: (url: string) => string | undefined;
}

/** The reference mirror's rule under the title and above the footer. */
export const RULE = '------------------------';

/**
 * One article page in the reference page's layout: title and rule, header,
 * lead image, banner, body, share block, rule and footer, analytics pixel.
 */
export function renderPage(a: Article, ctx: PageContext): string {
  const { path } = ctx;
  const body = htmlToMarkdown(a.html, {
    unlink: ctx.unlink,
    ...(ctx.unlinked ? { unlinked: ctx.unlinked } : {}),
    resolveLink: (url) => {
      const target = ctx.resolveLink?.(url);
      return target === undefined ? undefined : encodePath(relativeLink(path, target));
    },
  });
  // Kept between the body markers like any body, so a re-render keeps it too.
  return renderPageAround(a, body || (a.noText ? escapeInline(labelsFor(ctx.config).noText) : ''), ctx);
}

/** What a page shows besides its body; a manifest entry plus the lead image kept in the page. */
export type PageFacts = Pick<Article, 'id' | 'url' | 'title' | 'published' | 'lead'>;

/**
 * The page around an already rendered Markdown body: everything here is the
 * "chrome" that render/chrome.ts hashes, so a held page can be rebuilt around
 * its kept body (render/kept-body.ts reads it back) when that changes.
 */
export function renderPageAround(a: PageFacts, body: string, ctx: Omit<PageContext, 'unlink' | 'unlinked' | 'resolveLink'>): string {
  const { config, path } = ctx;
  const labels = labelsFor(config);
  const site = config.site;
  const title = collapseSpaces(a.title);
  const out: string[] = [];

  out.push(`### ${escapeInline(title)}\n${RULE}\n\n`);
  const when = formatMinute(a.published);
  if (when) out.push(`${escapeInline(labels.published + when)}\n\n`);
  if (site.header.trim()) out.push(`${menuBlock(site.header, path)}\n\n\n\n`);

  const lead = a.lead && /^https?:\/\//i.test(a.lead.src) ? a.lead : undefined;
  if (lead) {
    const alt = collapseSpaces(lead.alt || title);
    const caption = collapseSpaces(`${labels.leadCaption}${lead.caption ?? ''}`);
    const img = `<img alt="${escapeAttr(alt)}" src="${escapeAttr(lead.src)}"/>`;
    out.push(`${leadMarker(lead)}\n`);
    // Inside a raw-HTML block: HTML escaping, and no blank line may appear.
    out.push(caption ? `<div>${img}\n<div class="caption">\n ${escapeHtml(caption)}\n</div></div><hr/>\n\n` : `<div>${img}</div><hr/>\n\n`);
  }
  if (site.banner.trim()) out.push(`${menuBlock(site.banner, path)}\n\n`);

  out.push(body ? `${BODY_START}\n\n${body}\n\n${BODY_END}\n\n` : `${BODY_START}\n${BODY_END}\n\n`);

  // The share block is raw HTML after <hr/>, as in the reference: the URL
  // stays plain text that a phone can long-press and copy.
  out.push(
    '<hr/>\n' +
      `${escapeHtml(labels.share)}<br/>\n` +
      `${escapeHtml(ctx.publicUrl)} <br/>\n` +
      `<a href='${escapeAttr(ctx.publicUrl)}'><img src='${escapeAttr(ctx.qrSrc)}'/></a> <br/>\n` +
      `${escapeHtml(labels.original)}${escapeHtml(a.url)}\n\n\n`,
  );

  out.push(`${RULE}\n`);
  if (site.footer.trim()) out.push(`${menuBlock(site.footer, path)}\n`);

  const pixel = analyticsUrl(site.analytics, { path, channel: ctx.channel.id, id: a.id, url: ctx.publicUrl });
  if (pixel) out.push(`\n\n<img src='${escapeAttr(pixel)}' width='0px' height='0px'/>\n`);
  return out.join('');
}


/** Fills the analytics template's placeholders; undefined when analytics is off. */
export function analyticsUrl(template: string | undefined, v: { path: string; channel: string; id: string; url: string }): string | undefined {
  if (!template?.trim()) return undefined;
  return template
    .trim()
    .replace(/\{(path|channel|id|url)\}/g, (_m, key: keyof typeof v) => (key === 'path' ? encodePath(v.path) : encodeURIComponent(v[key])));
}
