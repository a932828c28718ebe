// What shapes a page besides its article: the site's menus and banner, the
// labels, the public URL prefix, the analytics template and the page layout.
// Each manifest entry records the hash of the chrome its page was rendered
// with; when the config's differs, the page is rebuilt around its kept body.
import { createHash } from 'node:crypto';
import type { Config } from '../config/load.js';
import { labelsFor } from './labels.js';

/**
 * The page layout's version. Bump it whenever renderPageAround (page.ts)
 * writes pages differently, so every held page is rebuilt in the new layout.
 * 2: body markers and the lead image comment (1 was the layout without them).
 */
export const PAGE_LAYOUT = 2;

/** A short, stable hash of everything around a page's body (its QR code included, via the base URL). */
export function chromeHash(config: Config, baseUrl: string): string {
  const s = config.site;
  const labels = labelsFor(config);
  const spec = {
    layout: PAGE_LAYOUT,
    locale: config.locale,
    // Only the labels a page shows: renaming the home page's headings re-renders no page.
    labels: [labels.published, labels.leadCaption, labels.share, labels.original],
    header: s.header,
    footer: s.footer,
    banner: s.banner,
    analytics: s.analytics ?? '',
    baseUrl: baseUrl.replace(/\/+$/, ''),
  };
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
}
