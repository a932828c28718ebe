// A listing page (no feed) → SourceItem[], read with the channel's CSS
// selectors, the way RSSHub's generic HTML route does it.
import { loadHtml, type Html } from '../articles/dom.js';
import { selectorProblem } from '../config/selectors.js';
import type { SourceItem } from '../types.js';
import { findDate } from './dates.js';
import { absoluteHttpUrl, capLine, collapse } from './text.js';

export interface ListingSelectors {
  /** One match per item. */
  item: string;
  /** The link inside the item; default the item itself when it is an <a>, else its first a[href]. */
  link?: string;
  /** The title inside the item; default the link's text, then its title attribute. */
  title?: string;
  /** The date inside the item (its datetime attribute, else its text); default the first time[datetime]. */
  date?: string;
}

/**
 * Items in page order, de-duplicated by URL. Throws on an invalid selector,
 * naming its key. The page is parsed as article pages are (linear in nesting
 * depth, depth and attributes capped): a listing is as much the site's input
 * as an article.
 */
export function parseListing(html: string, pageUrl: string, sel: ListingSelectors): SourceItem[] {
  // The config checks selectors when it loads; this says the same to any other caller.
  for (const [key, s] of Object.entries(sel)) {
    const why = typeof s === 'string' ? selectorProblem(s) : undefined;
    if (why) throw new Error(`source.${key}: invalid CSS selector "${s}": ${why}`);
  }
  // A fragment gets the <body> a browser would give it, so `body` selects as it would there.
  const $ = loadHtml(/<body[\s>]/i.test(html) ? html : `<body>${html}</body>`);
  const base = baseUrl($, pageUrl);
  const seen = new Set<string>();
  const items: SourceItem[] = [];
  $(sel.item).each((_, el) => {
    const $el = $(el);
    const link = findLink($el, sel.link);
    // The fragment names a place on the article page (e.g. #comments), not another article.
    const url = absoluteHttpUrl(link?.attr('href'), base)?.replace(/#.*$/, '');
    if (!link || !url) return;
    if (seen.has(url)) return;
    seen.add(url);

    const title =
      (sel.title ? capLine($el.find(sel.title).first().text()) : '') ||
      capLine(link.text()) ||
      capLine(link.attr('title') ?? '') ||
      capLine(link.find('img[alt]').first().attr('alt') ?? '') ||
      url;
    const dateEl = sel.date ? ($el.is(sel.date) ? $el : $el.find(sel.date).first()) : $el.find('time[datetime]').first();
    const published = findDate(dateEl.attr('datetime')) ?? findDate(dateEl.attr('content')) ?? findDate(collapse(dateEl.text()));

    const item: SourceItem = { url, title };
    if (published) item.published = published;
    items.push(item);
  });
  return items;
}

type Selection = ReturnType<Html>;

function findLink($el: Selection, selector: string | undefined): Selection | undefined {
  if (selector) {
    const found = $el.is(selector) ? $el : $el.find(selector).first();
    if (found.length === 0) return undefined;
    // A selector naming a wrapper (e.g. "h2.title") still means its link.
    return found.is('[href]') ? found : found.find('a[href]').first().length ? found.find('a[href]').first() : undefined;
  }
  if ($el.is('a[href]')) return $el;
  const a = $el.find('a[href]').first();
  return a.length ? a : undefined;
}

/** A <base href> counts only on the page's own host: a page must not send us elsewhere by it. */
function baseUrl($: Html, pageUrl: string): string {
  const href = $('base[href]').first().attr('href');
  const resolved = absoluteHttpUrl(href, pageUrl);
  if (resolved && new URL(resolved).host === new URL(pageUrl).host) return resolved;
  return pageUrl;
}
